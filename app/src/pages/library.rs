//! `/library` (browse by kind, topic and language, with counts) and
//! `/library/{slug}` (one resource, readable on a phone and printable).

use crate::i18n::{t, t_or, t_with, value_text};
use crate::language::language_name;
use crate::pages::errors::NotFound;
use crate::pages::search::{facet_menus, search_text, SyntaxHelp};
use crate::pages::DataValue;
use crate::ports::{ResourceFilter, Services};
use crate::resource::Resource;
use crate::search::SearchFilters;
use crate::search_island::{hit_card, language_first, pagination, past_the_end, SearchText};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

const PER_PAGE: usize = 20;

fn kind_label(kind: &str) -> String {
    t_or(&format!("resource-kind-{kind}"), kind)
}

#[component]
pub fn LibraryPage() -> impl IntoView {
    let q = use_query_map().read_untracked().clone();
    let text: String = q.get("q").unwrap_or_default().chars().filter(|c| !c.is_control()).take(500).collect();
    if !text.trim().is_empty() {
        return view! { <LibrarySearch text /> }.into_any();
    }
    let get = |k: &str| q.get(k).map(|v| v.trim().chars().take(60).collect::<String>()).filter(|v| !v.is_empty());
    let reader = crate::pages::translated::page_language();
    let filter = ResourceFilter {
        kind: get("kind"),
        topic: get("topic").map(|t| t.to_lowercase()),
        lang: get("lang"),
        one_per_set_in: Some(reader),
    };
    let page: usize = get("page").and_then(|p| p.parse().ok()).filter(|p| (1..=10_000).contains(p)).unwrap_or(1);
    let library = expect_context::<Services>().library;
    let (items, total) = library.resources(&filter, (page - 1) * PER_PAGE, PER_PAGE);
    let facets = library.resource_facets(&filter);
    let pages = total.div_ceil(PER_PAGE).max(1);

    // A link to this page with one filter changed (None clears it).
    let link = {
        let filter = filter.clone();
        move |key: &str, value: Option<&str>, page: usize| {
            let mut parts = Vec::new();
            for (k, v) in [("kind", &filter.kind), ("topic", &filter.topic), ("lang", &filter.lang)] {
                let v = if k == key { value.map(str::to_string) } else { v.clone() };
                if let Some(v) = v {
                    parts.push(format!("{k}={}", v.replace(' ', "+")));
                }
            }
            if page > 1 {
                parts.push(format!("page={page}"));
            }
            if parts.is_empty() {
                "/library".to_string()
            } else {
                format!("/library?{}", parts.join("&"))
            }
        }
    };
    let menu = |heading: String, key: &'static str, values: Vec<(String, usize)>, current: Option<String>, label: fn(&str) -> String| {
        let link = link.clone();
        let aria = heading.clone();
        view! {
            <nav class="facet" aria-label=aria>
                <h2>{heading}</h2>
                <ul>
                    <li><a href=link(key, None, 1) aria-current=current.is_none().then_some("true")>{t("library-all")}</a></li>
                    {values.into_iter().map(|(v, n)| {
                        let active = current.as_deref() == Some(v.as_str());
                        view! { <li><a href=link(key, Some(&v), 1) aria-current=active.then_some("true")>{label(&v)}" ("{crate::i18n::number(n as f64)}")"</a></li> }
                    }).collect_view()}
                </ul>
            </nav>
        }
    };
    let prev = (page > 1).then(|| link("", None, page - 1));
    let next = (page < pages).then(|| link("", None, page + 1));
    view! {
        <crate::pages::preview::Preview title=t("library-title") description=t("preview-library") />
        <h1>{t("library-title")}</h1>
        <p class="intro">{t("library-intro")}</p>
        <crate::pages::alerts::TellMeWhen extra=vec![("wants", "resource".to_string())] />
        <LibraryForm text=String::new() hidden=SearchFilters { kind: filter.kind.clone(), topic: filter.topic.clone(), lang: filter.lang.clone(), ..Default::default() }.hidden() />
        <div class="library-layout">
            <div class="facets">
                {menu(t("library-by-kind"), "kind", facets.kinds, filter.kind.clone(), kind_label)}
                {menu(t("library-by-topic"), "topic", facets.topics, filter.topic.clone(), |s| value_text("topic", s))}
                {menu(t("library-by-language"), "lang", facets.languages, filter.lang.clone(), language_name)}
            </div>
            <section>
                <p class="count" aria-live="polite">{t_with("library-count", &[("count", total.into())])}</p>
                {if items.is_empty() {
                    view! { <p class="empty-state">{t("library-empty")}</p> }.into_any()
                } else {
                    view! { <ul class="cards">{items.into_iter().map(|r| view! { <ResourceItem resource=r /> }).collect_view()}</ul> }.into_any()
                }}
                {(pages > 1).then(|| view! {
                    <nav class="pagination" aria-label=t("pagination")>
                        {prev.map(|href| view! { <a rel="prev" href=href>{t("page-previous")}</a> })}
                        <span>{t_with("page-position", &[("page", page.into()), ("pages", pages.into())])}</span>
                        {next.map(|href| view! { <a rel="next" href=href>{t("page-next")}</a> })}
                    </nav>
                })}
            </section>
        </div>
    }
    .into_any()
}

/// The library's own search box: it searches the library only, and the
/// filters chosen stay.
#[component]
fn LibraryForm(text: String, hidden: Vec<(&'static str, String)>) -> impl IntoView {
    view! {
        <form class="filter" method="get" action="/library" role="search">
            <label for="library-search">{t("library-search-label")}</label>
            {hidden.into_iter().map(|(name, value)| view! { <input type="hidden" name=name value=value /> }).collect_view()}
            <div class="filter-row">
                <input id="library-search" name="q" type="search" value=text placeholder=t("library-search-placeholder") />
                <button type="submit">{t("search-submit")}</button>
            </div>
        </form>
    }
}

/// `/library?q=…`: resources matching the words, with the kind, topic
/// and language of the matches beside them to narrow to.
#[component]
fn LibrarySearch(text: String) -> impl IntoView {
    let params = use_query_map().read_untracked().clone();
    let filters = SearchFilters { doc_type: Some("resource".into()), ..SearchFilters::from_params(|k| params.get(k)) };
    let library = expect_context::<Services>().library;
    let locale = use_context::<crate::i18n::Locale>().unwrap_or_else(crate::i18n::Locale::english);
    let found = match library.search(&filters.query(&text).read_in(&locale.code())) {
        Ok(found) => found,
        Err(e) => {
            tracing::error!("library search: {e}");
            return view! { <crate::pages::errors::ServerError /> }.into_any();
        }
    };
    let words = SearchText { action: "/library".into(), ..search_text(&locale, "/library", &found) };
    // The type is implied by the address: links and the form leave it out.
    let shown = SearchFilters { doc_type: None, ..filters.clone() };
    let count = t_with("search-results", &[("count", found.total.into())]);
    let none = t_with("search-none-library", &[("query", text.trim().to_string().into())]);
    view! {
        <crate::pages::preview::Preview title=t("library-title") description=t("preview-library") />
        <h1>{t("library-title")}</h1>
        <LibraryForm text=text.clone() hidden=shown.hidden() />
        <div class="library-layout search-layout">
            <div class="facets">{facet_menus("/library", &text, &shown, &found, false)}</div>
            <section>
                <p class="count" aria-live="polite">{count}</p>
                {language_first(&words, &shown, &found)}
                {if found.hits.is_empty() && found.total > 0 {
                    past_the_end(&words, &shown, &text, &found).into_any()
                } else if found.hits.is_empty() {
                    view! { <p class="empty-state">{none}</p> }.into_any()
                } else {
                    view! { <ol class="cards results">{found.hits.iter().map(|h| hit_card(h, &words)).collect_view()}</ol> }.into_any()
                }}
                {pagination(&words, &shown, &text, found.total)}
                <SyntaxHelp />
                <p><a href=format!("/search?q={}", crate::search::encode(text.trim()))>{t("library-search-everything")}</a></p>
            </section>
        </div>
    }
    .into_any()
}

#[component]
pub fn ResourceItem(resource: Resource) -> impl IntoView {
    let shown = resource.in_language(&crate::pages::translated::page_language());
    let mark = |field| crate::pages::translated::field_marks(&resource.language, &resource.translations, &shown.language, field);
    let ((lang, dir), (summary_lang, summary_dir)) = (mark("title"), mark("summary"));
    // The same sheet in other languages: one card for the set.
    let others: Vec<Resource> = use_context::<Services>()
        .map(|s| s.library.translation_set(resource.set_key()))
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r.slug != resource.slug)
        .collect();
    let resource = shown;
    view! {
        <li class="card" data-kind=resource.kind.clone()>
            <a class="card-name" lang=lang.clone() dir=dir href=format!("/library/{}", resource.slug)>{resource.title.clone()}</a>
            <span class="card-meta">
                <span class="kind-badge">{kind_label(&resource.kind)}</span>
                " "
                {crate::pages::directory::language_names(&resource.languages)}
            </span>
            <span class="card-summary" lang=summary_lang dir=summary_dir>{resource.summary.clone()}</span>
            {(!others.is_empty()).then(|| view! {
                <span class="also-in">{t("translation-also-in")}" "
                    {others.iter().enumerate().map(|(i, other)| {
                        let (l, d) = crate::pages::translated::marks(&other.language);
                        view! { {(i > 0).then_some(" · ")}<a href=format!("/library/{}", other.slug) hreflang=l.clone() lang=l dir=d>{language_name(&other.language)}</a> }
                    }).collect_view()}
                </span>
            })}
        </li>
    }
}

#[component]
pub fn ResourcePage() -> impl IntoView {
    let slug = use_params_map().read_untracked().get("slug").unwrap_or_default();
    let services = expect_context::<Services>();
    let library = services.library.clone();
    let Some(r) = library.resource(&slug) else {
        return view! { <NotFound /> }.into_any();
    };
    library.count_read(&r.slug, &use_context::<crate::ports::Reader>().unwrap_or_default());
    let wanted = crate::pages::translated::wanted_language();
    let original = r.clone();
    let r = r.in_language(&wanted);
    let mark = |field| crate::pages::translated::field_marks(&original.language, &original.translations, &r.language, field);
    let ((title_lang, title_dir), (summary_lang, summary_dir), (body_lang, body_dir)) = (mark("title"), mark("summary"), mark("body"));
    let (page_lang, page_dir) = crate::pages::translated::marks(&crate::pages::translated::page_language());
    // Its translation set's other sheets, each in its own language.
    let set: Vec<Resource> = library.translation_set(original.set_key()).into_iter().filter(|s| s.slug != original.slug).collect();
    let also_in = view! {
        <crate::pages::translated::AlsoIn path=format!("/library/{}", original.slug) original=original.language.clone()
            translations=original.translations.clone() shown=r.language.clone() />
    };
    let structured = crate::structured_data::creative_work(&r, &services.public_url);
    view! {
        <crate::pages::StructuredData data=Some(structured) />
        <crate::pages::preview::Preview title=r.title.clone() description=r.summary.clone() kind="article" />
        <article class="resource">
            <p class="no-print"><a href="/library">{t("resource-back")}</a></p>
            <h1 lang=title_lang dir=title_dir>{r.title.clone()}</h1>
            {also_in}
            <crate::pages::translator::TranslateLink entity=crate::people::Entity::Resource slug=original.slug.clone() />
            {(!set.is_empty()).then(|| view! {
                <p class="also-in note" lang=page_lang dir=page_dir>{t("translation-same-sheet")}" "
                    {set.iter().enumerate().map(|(i, s)| {
                        let (l, d) = crate::pages::translated::marks(&s.language);
                        view! { {(i > 0).then_some(" · ")}<a href=format!("/library/{}", s.slug) hreflang=l.clone() lang=l dir=d>{crate::language::language_name(&s.language)}</a> }
                    }).collect_view()}
                </p>
            })}
            <p class="card-meta">
                <span class="kind-badge">{kind_label(&r.kind)}</span>
                {r.publisher.clone().map(|p| view! { " " {t_with("resource-by", &[("publisher", p.into())])} })}
                {r.published.clone().map(|d| view! { " · " {t_with("resource-published", &[("date", crate::i18n::format_date(&d).into())])} })}
            </p>
            {(!r.summary.is_empty()).then(|| view! { <p class="summary" lang=summary_lang dir=summary_dir>{r.summary.clone()}</p> })}
            <div class="description" lang=body_lang dir=body_dir inner_html=r.body_html.clone()></div>
            <dl class="facts">
                {(!r.topics.is_empty()).then(|| view! { <dt>{t("resource-topics")}</dt><dd><ul class="chips">{r.topics.iter().map(|x| view! { <li><a href=format!("/library?topic={}", x.replace(' ', "+"))><DataValue kind="topic" value=x.clone() /></a></li> }).collect_view()}</ul></dd> })}
                <dt>{t("resource-languages")}</dt>
                <dd>{crate::pages::directory::language_names(&r.languages)}</dd>
            </dl>
            {r.url.clone().map(|u| view! { <p><a href=u.clone() rel="noopener noreferrer nofollow">{t("resource-open")}</a><span class="print-only">" "{u}</span></p> })}
            <p class="note no-print" id="offline-note" hidden>{t("resource-offline")}</p>
        </article>
        // Saves the library pages a visitor opens for reading offline.
        <script src=crate::assets::asset("/assets/offline.js") defer></script>
    }
    .into_any()
}
