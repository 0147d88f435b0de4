//! What the near-me box says when it does not know the place typed: the
//! known names nearest in spelling as links ("Did you mean Sheffield?"),
//! and a way to everything. The directory and What's on show this instead
//! of their whole list, which would read as an answer for that place.

use crate::i18n::{t, t_with};
use crate::ports::PlaceMiss;
use leptos::prelude::*;

/// `suggest` gives the page's address with `near` set to a suggestion;
/// `everywhere` is the page's address without `near`.
pub fn near_miss(typed: &str, miss: &PlaceMiss, suggest: impl Fn(&str) -> String, everywhere: String) -> AnyView {
    let typed = typed.to_string();
    let suggestions = match miss {
        PlaceMiss::NotFound { suggestions } => suggestions,
        PlaceMiss::NoPostcodes => {
            return view! { <p class="error" role="alert">{t_with("near-no-postcodes", &[("place", typed.into())])}</p> }.into_any();
        }
    };
    let what = if suggestions.is_empty() {
        view! { <p>{t_with("near-not-found", &[("place", typed.into())])}</p> }.into_any()
    } else {
        let links = suggestions
            .iter()
            .enumerate()
            .map(|(i, name)| {
                view! {
                    {(i > 0).then_some(" · ")}
                    <a href=suggest(name) dir="auto">{name.clone()}</a>
                }
            })
            .collect_view();
        view! {
            <p>{t_with("near-unknown", &[("place", typed.into())])}</p>
            <p class="did-you-mean">{t("near-did-you-mean")}" "{links}</p>
        }
        .into_any()
    };
    view! {
        <div class="error near-miss" role="alert">
            {what}
            <p><a href=everywhere>{t("near-everywhere")}</a></p>
        </div>
    }
    .into_any()
}
