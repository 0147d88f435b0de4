//! The search box that shows results as you type. Server-rendered with the
//! results for the query in the address; in the browser it asks the server
//! (a server function) on each pause in typing.

use crate::search::{SearchHit, SearchPage};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The same search as `GET /api/search?q=`, for the island.
#[server(prefix = "/sfn", endpoint = "search")]
pub async fn search_as_you_type(q: String, doc_type: Option<String>) -> Result<SearchPage, ServerFnError> {
    use crate::ports::Services;
    let services = expect_context::<Services>();
    let query = crate::search::SearchQuery {
        text: q.chars().take(500).collect(),
        doc_type: doc_type.filter(|t| crate::search::DOC_TYPES.contains(&t.as_str())),
        limit: 20,
        ..Default::default()
    };
    services.library.search(&query).map_err(|e| {
        tracing::error!("search failed: {e}");
        ServerFnError::new("search is not available right now")
    })
}

/// The search page's text in the visitor's language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchText {
    pub label: String,
    pub placeholder: String,
    pub submit: String,
    /// Templates per plural category with `#` for the number.
    pub count: std::collections::HashMap<String, String>,
    /// "Nothing found for {query}", with `#` for the query.
    pub none: String,
    pub type_resource: String,
    pub type_listing: String,
    pub type_event: String,
    pub lang: String,
}

#[island]
pub fn SearchBox(query: String, doc_type: Option<String>, initial: SearchPage, text: SearchText) -> impl IntoView {
    let results = RwSignal::new(initial);
    let current = RwSignal::new(query.clone());
    let text = StoredValue::new(text);
    let sequence = StoredValue::new(0u64);

    let run = move |q: String| {
        let ticket = sequence.get_value() + 1;
        sequence.set_value(ticket);
        let doc_type = doc_type.clone();
        leptos::task::spawn_local(async move {
            if let Ok(page) = search_as_you_type(q, doc_type).await {
                // Only the answer to the latest keystroke counts.
                if sequence.get_value() == ticket {
                    results.set(page);
                }
            }
        });
    };

    let count = move || {
        // Nothing asked yet (the home page's box): no count to give.
        if current.read().trim().is_empty() {
            return String::new();
        }
        let n = results.read().total;
        text.with_value(|t| {
            let category = crate::model::plural_category(&t.lang, n as u64);
            let template = t.count.get(category).or_else(|| t.count.get("other")).cloned().unwrap_or_default();
            template.replacen('#', &n.to_string(), 1)
        })
    };
    let nothing = move || {
        let q = current.get();
        (results.read().total == 0 && !q.trim().is_empty())
            .then(|| view! { <p class="empty-state">{text.with_value(|t| t.none.replacen('#', q.trim(), 1))}</p> })
    };
    let type_label = move |hit: &SearchHit| {
        text.with_value(|t| match hit.doc_type.as_str() {
            "listing" => t.type_listing.clone(),
            "event" => t.type_event.clone(),
            _ => t.type_resource.clone(),
        })
    };

    view! {
        <form class="filter" method="get" action="/search" role="search">
            <label for="search-q">{text.with_value(|t| t.label.clone())}</label>
            <div class="filter-row">
                <input id="search-q" name="q" type="search" value=query autocomplete="off"
                    placeholder=text.with_value(|t| t.placeholder.clone())
                    on:input=move |ev| {
                        let q = event_target_value(&ev);
                        current.set(q.clone());
                        run(q);
                    } />
                <button type="submit">{text.with_value(|t| t.submit.clone())}</button>
            </div>
        </form>
        <p id="search-count" class="count" aria-live="polite">{count}</p>
        <ol id="search-results" class="cards results">
            <For each=move || results.get().hits key=|h| format!("{}:{}", h.doc_type, h.slug) let:hit>
                <li class="card" data-type=hit.doc_type.clone()>
                    <a class="card-name" dir="auto" href=hit.href()>{hit.title.clone()}</a>
                    <span class="card-meta"><span class="kind-badge">{type_label(&hit)}</span></span>
                    <span class="snippet" dir="auto" inner_html=hit.snippet.clone()></span>
                </li>
            </For>
        </ol>
        {nothing}
    }
}
