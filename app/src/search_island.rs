//! The search box that shows results as you type. Server-rendered with the
//! results for the query in the address; in the browser it asks the server
//! (a server function) on each pause in typing. Without JavaScript it is a
//! GET form, its filters hidden fields and its pages links.

use crate::search::{SearchFilters, SearchHit, SearchPage, PER_PAGE};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The same search as `GET /api/search?q=`, for the island.
#[server(prefix = "/sfn", endpoint = "search")]
pub async fn search_as_you_type(q: String, filters: Option<SearchFilters>, reader: Option<String>) -> Result<SearchPage, ServerFnError> {
    use crate::ports::Services;
    let services = expect_context::<Services>();
    let filters = filters.unwrap_or_default();
    let filters = SearchFilters::from_params(|k| match k {
        "type" => filters.doc_type.clone(),
        "kind" => filters.kind.clone(),
        "topic" => filters.topic.clone(),
        "lang" => filters.lang.clone(),
        "page" => Some(filters.page.to_string()),
        _ => None,
    });
    let text: String = q.chars().take(500).collect();
    let query = filters.query(&text).read_in(reader.as_deref().unwrap_or_default());
    services.library.search(&query).map_err(|e| {
        tracing::error!("search failed: {e}");
        ServerFnError::new("search is not available right now")
    })
}

/// The search page's text in the visitor's language.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchText {
    pub label: String,
    pub placeholder: String,
    pub submit: String,
    /// Templates per plural category with `#` for the number.
    pub count: HashMap<String, String>,
    /// "Nothing found for {query}", with `#` for the query.
    pub none: String,
    pub type_resource: String,
    pub type_listing: String,
    pub type_event: String,
    pub lang: String,
    /// The kinds' names (resource kinds, listing kinds, event categories).
    pub kinds: HashMap<String, String>,
    /// Languages' names, each in itself.
    pub languages: HashMap<String, String>,
    /// "Showing French first", by language code.
    pub first: HashMap<String, String>,
    /// "show all languages".
    pub show_all: String,
    /// "Also in:", before a translation set's other sheets.
    pub also_in: String,
    /// "Page # of #": the page, then the number of pages.
    pub page_position: String,
    pub page_previous: String,
    pub page_next: String,
    pub pagination: String,
    /// The ten digits the language writes.
    pub digits: String,
    /// The page the form and links go to ("/search", "/library").
    pub action: String,
    /// Between the items of a list (", ", "، ").
    #[serde(default)]
    pub separator: String,
    /// Said on a page past the last one, with a link to the first.
    #[serde(default)]
    pub past_end: String,
    #[serde(default)]
    pub back_to_first: String,
}

impl SearchText {
    /// A number in the language's digits.
    pub fn number(&self, n: usize) -> String {
        let digits: Vec<char> = self.digits.chars().collect();
        n.to_string().chars().map(|c| c.to_digit(10).and_then(|d| digits.get(d as usize).copied()).unwrap_or(c)).collect()
    }

    fn type_label(&self, doc_type: &str) -> String {
        match doc_type {
            "listing" => self.type_listing.clone(),
            "event" => self.type_event.clone(),
            _ => self.type_resource.clone(),
        }
    }
}

/// `lang` for a hit's text, when the index said which it is in.
fn marked(lang: &str) -> Option<String> {
    (!lang.is_empty()).then(|| lang.to_string())
}

/// `dir` for text in `lang`; `auto` when unknown.
fn direction(lang: &str) -> &'static str {
    if lang.is_empty() {
        "auto"
    } else {
        crate::translation::text_dir(lang)
    }
}

/// One result: its name, what it is (a resource of kind Y, a group of
/// kind X, an event of category Z) and in which languages, and the
/// snippet with the matches marked.
pub fn hit_card(hit: &SearchHit, text: &SearchText) -> impl IntoView {
    let kind = text.kinds.get(&hit.kind).cloned().unwrap_or_else(|| hit.kind.clone());
    let languages: Vec<_> = hit
        .languages
        .iter()
        .map(|code| {
            let name = text.languages.get(code).cloned().unwrap_or_else(|| code.clone());
            view! { <bdi lang=code.clone()>{name}</bdi> }
        })
        .collect();
    let many = languages.len();
    view! {
        <li class="card" data-type=hit.doc_type.clone() data-kind=hit.kind.clone()>
            <a class="card-name" lang=marked(&hit.lang) dir=direction(&hit.lang) href=hit.href()>{hit.title.clone()}</a>
            <span class="card-meta">
                <span class="kind-badge">{text.type_label(&hit.doc_type)}</span>
                " "{kind}
                {(many > 0).then(|| view! { " · " <span class="card-languages">{languages.into_iter().enumerate().map(|(i, l)| view! { {(i > 0).then(|| text.separator.clone())}{l} }).collect_view()}</span> })}
            </span>
            <span class="snippet" lang=marked(&hit.summary_lang) dir=direction(&hit.summary_lang) inner_html=hit.snippet.clone()></span>
            {(!hit.also_in.is_empty()).then(|| view! {
                <span class="also-in">{text.also_in.clone()}" "
                    {hit.also_in.iter().enumerate().map(|(i, other)| {
                        let name = text.languages.get(&other.lang).cloned().unwrap_or_else(|| other.lang.clone());
                        view! { {(i > 0).then_some(" · ")}<a href=format!("/library/{}", other.slug) hreflang=other.lang.clone() lang=other.lang.clone() dir="auto">{name}</a> }
                    }).collect_view()}
                </span>
            })}
        </li>
    }
}

/// On a page past the last one ("page=2" of one page of results): says
/// so, with a link to the first page.
pub fn past_the_end(text: &SearchText, filters: &SearchFilters, q: &str, page: &SearchPage) -> Option<impl IntoView> {
    (page.hits.is_empty() && page.total > 0).then(|| {
        let first = SearchFilters { page: 1, ..filters.clone() }.href(&text.action, q);
        view! { <p class="empty-state">{text.past_end.clone()}" "<a href=first>{text.back_to_first.clone()}</a></p> }
    })
}

/// Links to the previous and next pages, and where this one is.
pub fn pagination(text: &SearchText, filters: &SearchFilters, q: &str, total: usize) -> Option<impl IntoView> {
    let pages = total.div_ceil(PER_PAGE).max(1);
    let page = filters.page.clamp(1, pages);
    (pages > 1).then(|| {
        let at = |p: usize| SearchFilters { page: p, ..filters.clone() }.href(&text.action, q);
        let position = text.page_position.replacen('#', &text.number(page), 1).replacen('#', &text.number(pages), 1);
        view! {
            <nav class="pagination" aria-label=text.pagination.clone()>
                {(page > 1).then(|| view! { <a rel="prev" href=at(page - 1)>{text.page_previous.clone()}</a> })}
                <span>{position}</span>
                {(page < pages).then(|| view! { <a rel="next" href=at(page + 1)>{text.page_next.clone()}</a> })}
            </nav>
        }
    })
}

/// "Showing French first — show all languages", when the query named a language.
pub fn language_first(text: &SearchText, filters: &SearchFilters, page: &SearchPage) -> Option<impl IntoView> {
    let code = page.language_first.clone()?;
    let rest = page.all_languages.clone().unwrap_or_default();
    let said = text.first.get(&code).cloned().unwrap_or_else(|| code.clone());
    let all = SearchFilters { page: 1, ..filters.clone() }.href(&text.action, &rest);
    Some(view! { <p class="note language-first">{said}" — "<a href=all>{text.show_all.clone()}</a></p> })
}

#[island]
pub fn SearchBox(query: String, filters: SearchFilters, initial: SearchPage, text: SearchText) -> impl IntoView {
    let results = RwSignal::new(initial);
    let current = RwSignal::new(query.clone());
    // Typing starts again from the first page.
    let page = RwSignal::new(filters.page.max(1));
    let text = StoredValue::new(text);
    let filters = StoredValue::new(filters);
    let sequence = StoredValue::new(0u64);

    let run = move |q: String| {
        let ticket = sequence.get_value() + 1;
        sequence.set_value(ticket);
        let asked = SearchFilters { page: 1, ..filters.get_value() };
        leptos::task::spawn_local(async move {
            let reader = text.with_value(|t| t.lang.clone());
            if let Ok(found) = search_as_you_type(q, Some(asked), Some(reader)).await {
                // Only the answer to the latest keystroke counts.
                if sequence.get_value() == ticket {
                    page.set(1);
                    results.set(found);
                }
            }
        });
    };

    let count = move || {
        // Nothing asked yet (the home page's box): no count to give.
        if current.read().trim().is_empty() && filters.with_value(|f| f.hidden().is_empty()) {
            return String::new();
        }
        let n = results.read().total;
        text.with_value(|t| {
            let category = crate::model::plural_category(&t.lang, n as u64);
            let template = t.count.get(category).or_else(|| t.count.get("other")).cloned().unwrap_or_default();
            template.replacen('#', &t.number(n), 1)
        })
    };
    let nothing = move || {
        let q = current.get();
        (results.read().total == 0 && !q.trim().is_empty())
            .then(|| view! { <p class="empty-state">{text.with_value(|t| t.none.replacen('#', q.trim(), 1))}</p> })
    };
    let now = move || SearchFilters { page: page.get(), ..filters.get_value() };

    view! {
        <form class="filter" method="get" action=text.with_value(|t| t.action.clone()) role="search">
            <label for="search-q">{text.with_value(|t| t.label.clone())}</label>
            {filters.with_value(|f| f.hidden()).into_iter().map(|(name, value)| view! { <input type="hidden" name=name value=value /> }).collect_view()}
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
        {move || text.with_value(|t| results.with(|r| language_first(t, &now(), r)))}
        <ol id="search-results" class="cards results">
            <For each=move || results.get().hits key=|h| format!("{}:{}", h.doc_type, h.slug) let:hit>
                {text.with_value(|t| hit_card(&hit, t))}
            </For>
        </ol>
        {nothing}
        {move || text.with_value(|t| results.with(|r| past_the_end(t, &now(), &current.get(), r)))}
        {move || text.with_value(|t| pagination(t, &now(), &current.get(), results.read().total))}
    }
}
