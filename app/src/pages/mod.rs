//! Server-rendered pages. None of this is compiled to WebAssembly.

pub mod account;
pub mod alerts;
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
pub mod sources;
pub mod thanks;
pub mod translated;
pub mod translating;
pub mod translator;

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

/// A page's schema.org JSON-LD (`crate::structured_data`) for search
/// engines. None during a lockdown: even a town or a group's name says
/// more than a page should then.
#[leptos::component]
pub fn StructuredData(data: Option<serde_json::Value>) -> impl leptos::IntoView {
    use leptos::prelude::*;
    let lockdown = use_context::<crate::ports::Services>().is_none_or(|s| s.backoffice.lockdown());
    data.filter(|_| !lockdown).map(|data| {
        // Data, not a script: the policy's script-src does not apply to it.
        view! { <script type="application/ld+json" inner_html=crate::structured_data::script_text(&data)></script> }
    })
}
