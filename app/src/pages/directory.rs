//! `/listings`: the directory as a server-rendered, paginated list with
//! the map's filters and the near-me box as a plain GET form.

use crate::i18n::{t, t_or, t_with, value_text};
use crate::model::PublicListing;
use crate::ports::{ListingFilter, Services};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

pub const PER_PAGE: usize = 20;
pub const RADII: [u32; 5] = [5, 10, 25, 50, 100];

/// The form's values, read from the query string, each cleaned and capped.
#[derive(Clone, Debug, Default)]
pub struct DirectoryParams {
    pub kind: String,
    pub tag: String,
    pub lang: String,
    pub near: String,
    pub radius: Option<u32>,
    /// Only listings with something on in the next seven days (`on=week`).
    pub on_this_week: bool,
    pub page: usize,
}

impl DirectoryParams {
    pub fn from_query() -> Self {
        let q = use_query_map().read_untracked().clone();
        let get = |k: &str| -> String {
            q.get(k).unwrap_or_default().chars().filter(|c| !c.is_control()).take(100).collect::<String>().trim().to_string()
        };
        DirectoryParams {
            kind: get("kind"),
            tag: get("tag").to_lowercase(),
            lang: get("lang").to_lowercase(),
            near: get("near"),
            radius: get("radius").parse().ok().filter(|r| RADII.contains(r)),
            on_this_week: get("on") == "week",
            page: get("page").parse().ok().filter(|p| *p >= 1 && *p <= 100_000).unwrap_or(1),
        }
    }

    /// The filters as query pairs (`radius` as the API's `radius_km`).
    pub fn filter_pairs(&self) -> Vec<(&'static str, String)> {
        let mut parts: Vec<(&'static str, String)> = [("kind", &self.kind), ("tag", &self.tag), ("lang", &self.lang), ("near", &self.near)]
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (k, v.clone()))
            .collect();
        if let Some(r) = self.radius.filter(|_| !self.near.is_empty()) {
            parts.push(("radius_km", r.to_string()));
        }
        if self.on_this_week {
            parts.push(("on", "week".into()));
        }
        parts
    }

    /// The directory's list with these filters.
    pub fn list_address(&self) -> String {
        self.href(1).replace("&page=1", "").replace("?page=1", "")
    }

    /// This page's query string with another page number.
    fn href(&self, page: usize) -> String {
        let mut parts = Vec::new();
        for (k, v) in [("kind", &self.kind), ("tag", &self.tag), ("lang", &self.lang), ("near", &self.near)] {
            if !v.is_empty() {
                parts.push(format!("{k}={}", encode(v)));
            }
        }
        if let Some(r) = self.radius {
            parts.push(format!("radius={r}"));
        }
        if self.on_this_week {
            parts.push("on=week".into());
        }
        parts.push(format!("page={page}"));
        format!("/listings?{}", parts.join("&"))
    }
}

/// Percent-encodes a query value.
fn encode(v: &str) -> String {
    form_urlencoded::byte_serialize(v.as_bytes()).collect()
}

#[component]
pub fn DirectoryPage() -> impl IntoView {
    let services = expect_context::<Services>();
    let params = DirectoryParams::from_query();
    let facets = services.listings.facets();

    let place = (!params.near.is_empty()).then(|| services.listings.resolve_place(&params.near));
    let found = place.clone().and_then(Result::ok);
    let filter = ListingFilter {
        kinds: if params.kind.is_empty() { vec![] } else { vec![params.kind.clone()] },
        tag: (!params.tag.is_empty()).then(|| params.tag.clone()),
        lang: (!params.lang.is_empty()).then(|| params.lang.clone()),
        near: found.as_ref().map(|p| p.point),
        radius_km: found.as_ref().and(params.radius.map(f64::from)),
        on_this_week: params.on_this_week,
    };
    let page = services.listings.find(&filter, (params.page - 1) * PER_PAGE, PER_PAGE);
    let pages = page.total.div_ceil(PER_PAGE).max(1);

    let near_note = match &place {
        Some(Ok(p)) => Some(view! { <p class="note">{t_with("near-showing", &[("place", p.name.clone().into())])}</p> }.into_any()),
        Some(Err(miss)) => {
            let elsewhere = |near: &str| DirectoryParams { near: near.to_string(), page: 1, ..params.clone() }.list_address();
            Some(crate::pages::near_miss::near_miss(&params.near, miss, elsewhere, elsewhere("")))
        }
        None => None,
    };
    let any_filter =
        !(params.kind.is_empty() && params.tag.is_empty() && params.lang.is_empty() && params.near.is_empty()) || params.on_this_week;
    // A place we do not know: every listing would read as the answer for it.
    let missed = matches!(place, Some(Err(_)));

    view! {
        <crate::pages::preview::Preview title=t("listings-title") description=t("preview-directory") />
        <h1>{t("listings-title")}</h1>
        <p class="intro">{t("listings-intro")}</p>
        <DirectoryForm params=params.clone() facets action="/listings" />
        {near_note}
        <crate::pages::alerts::TellMeWhen />
        {(!missed).then(|| view! {
        <p class="count" aria-live="polite">{t_with("listings-results", &[("count", page.total.into())])}</p>
        {if page.items.is_empty() {
            view! {
                <p class="empty-state">
                    {if any_filter { t("listings-empty-filtered") } else { t("listings-empty") }}
                </p>
            }
                .into_any()
        } else {
            view! {
                <ul class="cards">
                    {page.items.into_iter().map(|l| view! { <ListingItem listing=l /> }).collect_view()}
                </ul>
            }
                .into_any()
        }}
        <Pagination params pages />
        })}
    }
}

#[component]
fn Pagination(params: DirectoryParams, pages: usize) -> impl IntoView {
    let current = params.page.min(pages);
    (pages > 1).then(|| {
        view! {
            <nav class="pagination" aria-label=t("pagination")>
                {(current > 1).then(|| view! { <a rel="prev" href=params.href(current - 1)>{t("page-previous")}</a> })}
                <span>
                    {t_with("page-position", &[("page", current.into()), ("pages", pages.into())])}
                </span>
                {(current < pages).then(|| view! { <a rel="next" href=params.href(current + 1)>{t("page-next")}</a> })}
            </nav>
        }
    })
}

/// A town as an Arabic or Farsi page writes it, where the data has its
/// established name (a reader of those may not read Latin letters); else,
/// and on Latin-script pages, the name on signs and maps.
pub fn town_in(services: &Services, locale: &crate::i18n::Locale, town: &str) -> String {
    if locale.dir() != "rtl" {
        return town.to_string();
    }
    services.listings.town_name_in(town, &locale.code()).unwrap_or_else(|| town.to_string())
}

/// [`town_in`] for the page being drawn.
pub fn town_name(town: &str) -> String {
    match (use_context::<Services>(), use_context::<crate::i18n::Locale>()) {
        (Some(services), Some(locale)) => town_in(&services, &locale, town),
        _ => town.to_string(),
    }
}

/// One listing in a list: name, kind, town, distance.
#[component]
pub fn ListingItem(listing: PublicListing) -> impl IntoView {
    let shown = listing.in_language(&crate::pages::translated::page_language());
    let mark = |field| crate::pages::translated::field_marks(&listing.language, &listing.translations, &shown.language, field);
    let ((lang, dir), (summary_lang, summary_dir)) = (mark("name"), mark("summary"));
    let listing = shown;
    let kind_label = t_or(&format!("kind-{}", listing.kind), &listing.kind_label);
    // A listing shown by town is measured to the town's centre: near it,
    // "in Sheffield" says all there is ("0 km away" would mislead).
    let by_town = listing.precision == crate::model::Precision::Area;
    let distance = listing.distance_km.filter(|km| !by_town || *km >= 5.0).map(|km| t_with("distance-km", &[("km", km.into())]));
    view! {
        <li class="card" data-kind=listing.kind.clone()>
            <a class="card-name" lang=lang.clone() dir=dir href=format!("/listings/{}", listing.slug)>{listing.name.clone()}</a>
            <span class="card-meta">
                <span class="kind-badge">{kind_label}</span>
                " "
                {t_with("listing-in-town", &[("town", town_name(&listing.town).into())])}
                {distance.map(|d| view! { " · " <span class="distance">{d}</span> })}
            </span>
            {(!listing.summary.is_empty()).then(|| view! { <span class="card-summary" lang=summary_lang dir=summary_dir>{listing.summary.clone()}</span> })}
        </li>
    }
}

/// The filter form shared by the directory and the map. A plain GET form:
/// it works without JavaScript; the map's script reads it as it changes.
///
/// `locate` offers "use my location" (the map's script answers it). It is
/// in the page from the first paint, so showing it does not push the map
/// down; the shell's `<noscript>` rule hides it from browsers without scripts.
#[component]
pub fn DirectoryForm(
    params: DirectoryParams,
    facets: crate::ports::Facets,
    action: &'static str,
    #[prop(optional)] locate: bool,
) -> impl IntoView {
    let selected = |a: &str, b: &str| a == b;
    // Open when a filter is in use, so what narrows the list is in view.
    let filtering =
        params.radius.is_some() || !params.kind.is_empty() || !params.tag.is_empty() || !params.lang.is_empty() || params.on_this_week;
    view! {
        <form class="directory-filters" method="get" action=action id="directory-filters">
            // Near me first: on a phone it is all that stands above the map.
            <div class="field near-field">
                <label for="near">{t("near-label")}</label>
                <div class="filter-row">
                    <input id="near" name="near" type="search" value=params.near.clone() placeholder=t("near-placeholder") autocomplete="off" list="place-suggestions" />
                    <button type="submit">{t("near-submit")}</button>
                    {locate.then(|| view! { <button type="button" id="locate" class="secondary needs-script">{t("map-locate")}</button> })}
                </div>
                <datalist id="place-suggestions"></datalist>
            </div>
            // The other filters behind one button (works without JavaScript).
            <details class="more-filters" open=filtering>
                <summary>{t("filters-more")}</summary>
                <div class="filter-grid">
            <div class="field">
                <label for="radius">{t("radius-label")}</label>
                <select id="radius" name="radius">
                    <option value="">{t("radius-any")}</option>
                    {RADII.iter().map(|r| view! {
                        <option value=r.to_string() selected=params.radius == Some(*r)>{t_with("radius-km", &[("km", (*r).into())])}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="kind">{t("kind-label")}</label>
                <select id="kind" name="kind">
                    <option value="">{t("kind-any")}</option>
                    {facets.kinds.iter().map(|k| view! {
                        <option value=k.slug.clone() selected=selected(&params.kind, &k.slug)>{t_or(&format!("kind-{}", k.slug), &k.label)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="tag">{t("tag-label")}</label>
                <select id="tag" name="tag">
                    <option value="">{t("tag-any")}</option>
                    {facets.tags.iter().map(|tag| view! {
                        <option value=tag.clone() selected=selected(&params.tag, tag)>{value_text("tag", tag)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="lang">{t("lang-label")}</label>
                <select id="lang" name="lang">
                    <option value="">{t("lang-any")}</option>
                    {facets.languages.iter().map(|l| view! {
                        <option value=l.clone() selected=selected(&params.lang, l)>{language_name(l)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label class="check">
                    <input type="checkbox" id="on" name="on" value="week" checked=params.on_this_week />
                    " "{t("filter-on-this-week")}
                </label>
            </div>
            <div class="actions">
                <button type="submit">{t("filters-apply")}</button>
                <a href=action>{t("filters-reset")}</a>
            </div>
                </div>
            </details>
        </form>
    }
}

/// Languages named in themselves, each isolated and marked with its
/// language ("English، العربية" keeps its order in an Arabic line), joined
/// by the page language's comma.
pub fn language_names(codes: &[String]) -> impl IntoView {
    let separator = t("list-separator");
    codes
        .iter()
        .enumerate()
        .map(|(i, code)| view! { {(i > 0).then(|| separator.clone())}<bdi lang=code.clone()>{language_name(code)}</bdi> })
        .collect_view()
}

pub use crate::language::language_name;
