//! Server-rendered pages. None of this is compiled to WebAssembly.

pub mod account;
pub mod calendar;
pub mod developers;
pub mod directory;
pub mod embed;
pub mod errors;
pub mod event_form;
pub mod events;
pub mod form;
pub mod home;
pub mod library;
pub mod listing;
pub mod map;
pub mod moderate;
pub mod near_miss;
pub mod opt_outs;
pub mod preview;
pub mod register;
pub mod search;

/// A value from the data (`kind` "region", "tag" or "topic") in the
/// visitor's language; one the translations do not name keeps its own
/// direction in a `<bdi>`, so a Latin tag cannot reorder an Arabic line.
#[leptos::component]
pub fn DataValue(kind: &'static str, #[prop(into)] value: String) -> impl leptos::IntoView {
    use leptos::prelude::*;
    match crate::i18n::value_name(kind, &value) {
        Some(name) => name.into_any(),
        None => view! { <bdi>{value}</bdi> }.into_any(),
    }
}
