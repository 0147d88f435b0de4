//! `/thanks/{what}`: where a finished form leads, saying what happens next.

use crate::i18n::t;
use crate::ports::Services;
use leptos::prelude::*;
use leptos_meta::Title;

/// Each form's "what happens next" (the handlers redirect to its path).
#[derive(Clone, Copy, Debug, PartialEq, Eq, strum::EnumIter, strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "kebab-case")]
pub enum Thanks {
    Registered,
    Shared,
    Confirmed,
    SignIn,
    Message,
    Report,
    Claim,
    Edit,
    Deleted,
    StillActive,
    Event,
    Cancelled,
    Suggested,
    Calendar,
    CalendarStopped,
    DateChanged,
}

impl Thanks {
    pub fn word(self) -> &'static str {
        self.into()
    }

    /// `/thanks/<word>`.
    pub fn path(self) -> String {
        format!("/thanks/{}", self.word())
    }

    /// Sent something that waits for the confirmation link in a mail.
    fn waits_for_link(self) -> bool {
        matches!(self, Thanks::Registered | Thanks::Shared | Thanks::Suggested)
    }

    /// Heading and text. A site without a mail server sends no
    /// confirmation link: it must not say "check your email".
    fn words(self) -> (String, String) {
        if self.waits_for_link() && !expect_context::<Services>().backoffice.sends_mail() {
            (t("thanks-without-mail-title"), t("thanks-without-mail-body"))
        } else {
            (t(&format!("thanks-{}-title", self.word())), t(&format!("thanks-{}-body", self.word())))
        }
    }
}

#[component]
pub fn ThanksPage() -> impl IntoView {
    let what = leptos_router::hooks::use_params_map().read_untracked().get("what").unwrap_or_default();
    let Ok(thanks) = what.parse::<Thanks>() else {
        return view! { <crate::pages::errors::NotFound /> }.into_any();
    };
    let (title, body) = thanks.words();
    view! {
        <Title text=format!("{} · {}", title, t("site-name")) />
        <h1>{title}</h1>
        <p>{body}</p>
        <p><a href="/">{t("not-found-home")}</a></p>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_thanks_is_worded_in_every_language() {
        for thanks in <Thanks as strum::IntoEnumIterator>::iter() {
            assert_eq!(thanks.word().parse::<Thanks>(), Ok(thanks));
            for (code, _, _) in crate::i18n::LANGUAGES {
                let locale = crate::i18n::Locale::from_code(code).unwrap();
                for part in ["title", "body"] {
                    let key = format!("thanks-{}-{part}", thanks.word());
                    assert!(locale.text_or(&key, "\u{0}") != "\u{0}", "{key} in {code}");
                }
            }
        }
    }
}
