//! A record shown in the reader's language where it is translated, else
//! in its original, always marked with the language it is in (`lang` and
//! `dir`, so a screen reader pronounces it right and Arabic in an English
//! page, or English in an Arabic one, keeps its own direction).

use crate::i18n::{t, t_with, Locale};
use crate::language::language_name;
use crate::translation::{all_languages, text_dir, Translations};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The language the reader asks for: `?in=xx` (a translation in a
/// language the interface does not speak), else the page's language.
pub fn wanted_language() -> String {
    let asked: String = use_query_map().read_untracked().get("in").unwrap_or_default().chars().take(8).collect();
    if !asked.is_empty() && asked.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
        return asked;
    }
    page_language()
}

/// The page's (interface) language.
pub fn page_language() -> String {
    use_context::<Locale>().unwrap_or_else(Locale::english).code()
}

/// `lang` and `dir` for an element holding text in `lang`.
pub fn marks(lang: &str) -> (String, &'static str) {
    (lang.to_string(), text_dir(lang))
}

/// `lang` and `dir` for one field of a record shown in `shown`: a field
/// left untranslated is in the original's language.
pub fn field_marks(original: &str, translations: &Translations, shown: &str, field: &str) -> (String, &'static str) {
    if translations.get(shown, field).is_some_and(|t| !t.is_empty()) {
        marks(shown)
    } else {
        marks(original)
    }
}

/// The same page in another language: an interface language by its
/// address prefix, any other with `?in=`.
pub fn address_in(path: &str, lang: &str) -> String {
    if crate::i18n::LANGUAGES.iter().any(|(code, _, _)| *code == lang) {
        format!("/{lang}{path}")
    } else {
        format!("{path}?in={lang}")
    }
}

/// "Also in: العربية · English": the record's other languages, each a link
/// to this page in that language; "Written in English." when the reader's
/// language has no version.
#[component]
pub fn AlsoIn(path: String, original: String, translations: Translations, shown: String) -> impl IntoView {
    let others: Vec<String> = all_languages(&original, &translations).into_iter().filter(|l| *l != shown).collect();
    let untranslated = shown != page_language();
    let written_in = untranslated.then(|| {
        view! { <span class="written-in">{t_with("translation-written-in", &[("language", language_name(&shown).into())])}</span>" " }
    });
    let links = (!others.is_empty()).then(|| {
        let separator = " · ";
        view! {
            {t("translation-also-in")}" "
            {others.iter().enumerate().map(|(i, lang)| {
                let (lang_attr, dir) = marks(lang);
                view! {
                    {(i > 0).then_some(separator)}
                    <a href=address_in(&path, lang) hreflang=lang_attr.clone() lang=lang_attr dir=dir>{language_name(lang)}</a>
                }
            }).collect_view()}
        }
    });
    // Interface text: in the page's language even inside a record marked otherwise.
    let (page, page_dir) = marks(&page_language());
    (written_in.is_some() || links.is_some()).then(|| view! { <p class="also-in note" lang=page dir=page_dir>{written_in}{links}</p> })
}
