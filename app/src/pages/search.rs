//! `/search`: one box over the library, the directory and what's on, with
//! type, kind, topic and language filters as links. Works as a plain GET
//! form with page links; the island refreshes results as you type.

use crate::i18n::{t, t_or, Locale};
use crate::language::language_name;
use crate::pages::errors::ServerError;
use crate::ports::Services;
use crate::search::{Filter, SearchFilters, SearchPage, SearchQuery};
use crate::search_island::{SearchBox, SearchText};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SearchPage() -> impl IntoView {
    let params = use_query_map().read_untracked().clone();
    let query: String = params.get("q").unwrap_or_default().chars().filter(|c| !c.is_control()).take(500).collect();
    let filters = SearchFilters::from_params(|k| params.get(k));
    let library = expect_context::<Services>().library;
    let locale = use_context::<Locale>().unwrap_or_else(Locale::english);
    let result = library.search(&filters.query(&query).read_in(&locale.code()));
    // Every kind and language the index holds, so results found while
    // typing are named too (a kept page: cheap).
    let everything = library.search(&SearchQuery { limit: 1, ..Default::default() }).unwrap_or_default();
    let text = search_text(&locale, "/search", &everything);
    view! {
        <crate::pages::preview::Preview title=t("search-title") description=t("preview-search") />
        <h1>{t("search-title")}</h1>
        {match result {
            Ok(initial) => {
                // The other types are offered with their counts too (a
                // type chosen narrows only the other menus).
                let mut counts = initial.clone();
                if filters.doc_type.is_some() {
                    let any_type = SearchFilters { doc_type: None, kind: None, page: 1, ..filters.clone() };
                    if let Ok(all) = library.search(&SearchQuery { limit: 1, ..any_type.query(&query) }) {
                        counts.facets.doc_type = all.facets.doc_type;
                    }
                }
                let menus = facet_menus("/search", &query, &filters, &counts, true);
                view! {
                    <div class="library-layout search-layout">
                        <div class="facets">{menus}</div>
                        <section>
                            <SearchBox query=query.clone() filters=filters.clone() initial text />
                            <SyntaxHelp />
                        </section>
                    </div>
                }
                .into_any()
            }
            Err(e) => {
                tracing::error!("search page: {e}");
                view! { <ServerError /> }.into_any()
            }
        }}
    }
}

/// What the search syntax does, exactly.
#[component]
pub fn SyntaxHelp() -> impl IntoView {
    view! {
        <details class="search-help">
            <summary>{t("search-help-title")}</summary>
            <ul>
                <li>{t("search-help-words")}</li>
                <li>{t("search-help-phrase")}</li>
                <li>{t("search-help-exclude")}</li>
                <li>{t("search-help-language")}</li>
                <li>{t("search-help-vocabulary")}</li>
            </ul>
        </details>
    }
}

/// A kind's name: a resource kind, a listing kind or an event category.
pub fn kind_name(kind: &str) -> String {
    for key in [format!("resource-kind-{kind}"), format!("kind-{kind}"), format!("event-category-{kind}")] {
        let name = t_or(&key, "");
        if !name.is_empty() {
            return name;
        }
    }
    kind.to_string()
}

fn type_name(doc_type: &str) -> String {
    match doc_type {
        "listing" => t("search-types-listing"),
        "event" => t("search-types-event"),
        _ => t("search-types-resource"),
    }
}

/// The filters beside the results: each a list of links with counts, the
/// current value marked, "All" to clear it. With `types`, the type too.
pub fn facet_menus(path: &str, q: &str, filters: &SearchFilters, page: &SearchPage, types: bool) -> impl IntoView {
    let menu = |heading: String, filter: Filter, values: &[(String, u64)], label: &dyn Fn(&str) -> String| {
        let current = filters.current(filter).map(str::to_string);
        // A filter that is set stays listed, even with nothing left in it.
        let mut values = values.to_vec();
        if let Some(c) = &current {
            if !values.iter().any(|(v, _)| v == c) {
                values.push((c.clone(), 0));
            }
        }
        (!values.is_empty()).then(|| {
            let aria = heading.clone();
            let items = values
                .into_iter()
                .map(|(v, n)| {
                    let active = current.as_deref() == Some(v.as_str());
                    let href = filters.with(filter, Some(&v)).href(path, q);
                    let count = crate::i18n::number(n as f64);
                    view! { <li><a href=href aria-current=active.then_some("true")><bdi>{label(&v)}</bdi>" ("{count}")"</a></li> }
                })
                .collect_view();
            view! {
                <nav class="facet" aria-label=aria>
                    <h2>{heading}</h2>
                    <ul>
                        <li><a href=filters.with(filter, None).href(path, q) aria-current=current.is_none().then_some("true")>{t("library-all")}</a></li>
                        {items}
                    </ul>
                </nav>
            }
        })
    };
    let f = &page.facets;
    view! {
        {types.then(|| menu(t("search-filter-type"), Filter::Type, &f.doc_type, &type_name))}
        {menu(t("library-by-kind"), Filter::Kind, &f.kind, &kind_name)}
        {menu(t("library-by-topic"), Filter::Topic, &f.topic, &topic_name)}
        {menu(t("library-by-language"), Filter::Lang, &f.lang, &language_name)}
    }
}

/// A topic or an activity tag (a listing's topics are its tags).
pub fn topic_name(value: &str) -> String {
    crate::i18n::value_name("topic", value).or_else(|| crate::i18n::value_name("tag", value)).unwrap_or_else(|| value.to_string())
}

/// The search box's text in the visitor's language, naming the kinds
/// and languages `everything` holds.
pub fn search_text(locale: &Locale, action: &str, everything: &SearchPage) -> SearchText {
    let first = ["en", "ar", "fa", "fr", "es", "ku", "ti", "so", "ur", "ps"]
        .iter()
        .map(|code| {
            (code.to_string(), t_or(&format!("search-first-{code}"), &format!("{} ({})", t("search-first-other"), language_name(code))))
        })
        .collect();
    let mut languages: Vec<String> = everything.facets.lang.iter().map(|(l, _)| l.clone()).collect();
    languages.extend(["en", "ar", "fa", "fr", "es"].map(String::from));
    SearchText {
        label: t("search-label"),
        placeholder: t("search-placeholder"),
        submit: t("search-submit"),
        count: [("zero", 0), ("one", 1), ("two", 2), ("few", 3), ("many", 11), ("other", 100)]
            .into_iter()
            .map(|(c, n)| {
                let written = crate::i18n::format_number(&locale.code(), n as f64);
                (c.to_string(), locale.text_with("search-results", &[("count", n.into())]).replacen(&written, "#", 1))
            })
            .collect(),
        none: crate::i18n::t_with("search-none", &[("query", "#".into())]),
        type_resource: t("search-type-resource"),
        type_listing: t("search-type-listing"),
        type_event: t("search-type-event"),
        lang: locale.code(),
        kinds: everything
            .facets
            .kind
            .iter()
            .map(|(k, _)| k.clone())
            .chain(crate::resource::RESOURCE_KINDS.iter().map(|k| k.to_string()))
            .map(|k| (k.clone(), kind_name(&k)))
            .collect(),
        languages: languages.into_iter().map(|l| (l.clone(), language_name(&l))).collect(),
        first,
        show_all: t("search-show-all-languages"),
        also_in: t("translation-also-in"),
        page_position: crate::i18n::t_with("page-position", &[("page", "#".into()), ("pages", "#".into())])
            .replace(['\u{2068}', '\u{2069}'], ""),
        page_previous: t("page-previous"),
        page_next: t("page-next"),
        pagination: t("pagination"),
        digits: crate::i18n::localise_digits(&locale.code(), "0123456789"),
        action: action.to_string(),
        separator: t("list-separator"),
        past_end: t("search-past-end"),
        back_to_first: t("search-back-to-first"),
    }
}
