//! `/search`: one box over the library and the directory. Works as a plain
//! GET form; the island refreshes results as you type.

use crate::i18n::{t, t_with, Locale};
use crate::pages::errors::ServerError;
use crate::ports::Services;
use crate::search::SearchQuery;
use crate::search_island::{SearchBox, SearchText};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SearchPage() -> impl IntoView {
    let params = use_query_map().read_untracked().clone();
    let query: String = params.get("q").unwrap_or_default().chars().filter(|c| !c.is_control()).take(500).collect();
    let doc_type = params.get("type").filter(|t| crate::search::DOC_TYPES.contains(&t.as_str()));
    let library = expect_context::<Services>().library;
    let locale = use_context::<Locale>().unwrap_or_else(Locale::english);
    let result = library.search(&SearchQuery { text: query.clone(), doc_type: doc_type.clone(), limit: 20, ..Default::default() });
    let text = search_text(&locale);
    view! {
        <crate::pages::preview::Preview title=t("search-title") description=t("preview-search") />
        <h1>{t("search-title")}</h1>
        {match result {
            Ok(initial) => view! { <SearchBox query doc_type initial text /> }.into_any(),
            Err(e) => {
                tracing::error!("search page: {e}");
                view! { <ServerError /> }.into_any()
            }
        }}
    }
}

/// The search box's text in the visitor's language.
pub fn search_text(locale: &Locale) -> SearchText {
    SearchText {
        label: t("search-label"),
        placeholder: t("search-placeholder"),
        submit: t("search-submit"),
        count: [("zero", 0), ("one", 1), ("two", 2), ("few", 3), ("many", 11), ("other", 100)]
            .into_iter()
            .map(|(c, n)| (c.to_string(), locale.text_with("search-results", &[("count", n.into())]).replacen(&n.to_string(), "#", 1)))
            .collect(),
        none: t_with("search-none", &[("query", "#".into())]),
        type_resource: t("search-type-resource"),
        type_listing: t("search-type-listing"),
        type_event: t("search-type-event"),
        lang: locale.code(),
    }
}
