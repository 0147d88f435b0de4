//! The home page, for the three people who arrive: the organiser looking
//! for groups near them (the near-me box), the campaigner looking for a
//! resource (one search box, suggesting as you type), the new group
//! (register). Around them, bounded: the kinds with counts, the dozen most
//! recently added listings, the newest resources and the month's most
//! read. Its weight and time do not depend on how many listings or
//! resources there are.

use crate::i18n::{t, t_with, Locale};
use crate::model::ListingCard;
use crate::pages::errors::ServerError;
use crate::pages::library::ResourceItem;
use crate::ports::{ResourceFilter, Services, StoreError};
use crate::search::SearchPage;
use crate::search_island::SearchBox;
use leptos::prelude::*;

/// Recently added listings shown.
const RECENT: usize = 12;
/// Occurrences in "what's on" (the next ones, within the week).
const WHATS_ON: usize = 6;
/// Newest resources shown.
const NEW_RESOURCES: usize = 6;
/// Most read resources of the month shown (those not already new).
const POPULAR_RESOURCES: usize = 4;

#[component]
pub fn HomePage() -> impl IntoView {
    let services = expect_context::<Services>();
    let locale = use_context::<Locale>().unwrap_or_else(Locale::english);
    let facets = services.listings.facets();
    let (resources, _) = services.library.resources(&ResourceFilter::default(), 0, NEW_RESOURCES);
    let popular: Vec<_> = services
        .library
        .popular(POPULAR_RESOURCES + NEW_RESOURCES)
        .into_iter()
        .filter(|p| !resources.iter().any(|r| r.slug == p.slug))
        .take(POPULAR_RESOURCES)
        .collect();
    // Every kind and language the index holds, to name them in results found while typing.
    let everything = services.library.search(&crate::search::SearchQuery { limit: 1, ..Default::default() }).unwrap_or_default();
    let text = crate::pages::search::search_text(&locale, "/search", &everything);

    let recent_list = {
        let (services, locale) = (services.clone(), locale.clone());
        move || {
            let (services, locale) = (services.clone(), locale.clone());
            Suspend::new(async move {
                match recent_cards(&services, &locale).await {
                    Ok(cards) if cards.is_empty() => view! { <p class="empty-state">{t("listings-empty")}</p> }.into_any(),
                    Ok(cards) => view! {
                        <ul id="listings" class="cards">
                            {cards.into_iter().map(|c| view! {
                                <li class="card" data-kind=c.kind.clone()>
                                    <a class="card-name" dir="auto" href=format!("/listings/{}", c.slug)>{c.name.clone()}</a>
                                    <span class="card-meta">
                                        <span class="kind-badge">{c.kind_label.clone()}</span>" "
                                        {t_with("listing-in-town", &[("town", crate::pages::directory::town_in(&services, &locale, &c.town).into())])}
                                    </span>
                                </li>
                            }).collect_view()}
                        </ul>
                    }
                    .into_any(),
                    Err(e) => {
                        tracing::error!("home page: recent listings failed: {e}");
                        view! { <ServerError /> }.into_any()
                    }
                }
            })
        }
    };

    let total: usize = facets.kind_counts.values().sum();
    let kinds = facets
        .kinds
        .iter()
        .filter_map(|k| {
            let n = facets.kind_counts.get(&k.slug).copied().unwrap_or(0);
            (n > 0).then(|| (k.slug.clone(), locale.text_or(&format!("kind-{}", k.slug), &k.label), n))
        })
        .collect::<Vec<_>>();

    let front_door = view! {
        <crate::pages::preview::Preview title=String::new() />
        <div class="front-door">
            <section aria-labelledby="near-heading">
                <h2 id="near-heading">{t("home-near-heading")}</h2>
                <form class="filter" method="get" action="/listings" role="search">
                    <label for="near">{t("home-near-label")}</label>
                    <div class="filter-row">
                        <input id="near" name="near" type="search" autocomplete="address-level2" maxlength="100"
                            placeholder=t("home-near-placeholder") />
                        <button type="submit">{t("home-near-submit")}</button>
                    </div>
                </form>
                <p><a href="/map">{t("home-near-map")}</a></p>
            </section>
            <section aria-labelledby="search-heading">
                <h2 id="search-heading">{t("home-search-heading")}</h2>
                <SearchBox query=String::new() filters=crate::search::SearchFilters::default() initial=SearchPage::default() text />
            </section>
            <section aria-labelledby="join-heading">
                <h2 id="join-heading">{t("home-join-heading")}</h2>
                <p>{t("home-join-text")}</p>
                <p class="actions"><a class="button" href="/register">{t("nav-register")}</a>" "<a href="/share">{t("home-share")}</a></p>
            </section>
        </div>
    }
    .into_any();
    let kinds = (!kinds.is_empty()).then(|| {
        view! {
            <section aria-labelledby="kinds-heading">
                <h2 id="kinds-heading">{t("home-kinds-heading")}</h2>
                <ul class="chips">
                    {kinds.into_iter().map(|(slug, label, n)| view! {
                        <li><a href=format!("/listings?kind={slug}")>{format!("{label} · {}", t_with("listing-count", &[("count", n.into())]))}</a></li>
                    }).collect_view()}
                </ul>
            </section>
        }
        .into_any()
    });
    let recent = view! {
        <section aria-labelledby="recent-heading">
            <h2 id="recent-heading">{t("home-recent-heading")}</h2>
            <Suspense fallback=|| ()>{recent_list}</Suspense>
            <p><a href="/listings">{t("home-all-listings")}</a>" · "{t_with("listing-count", &[("count", total.into())])}</p>
        </section>
    }
    .into_any();
    let resources = (!resources.is_empty()).then(|| {
        view! {
            <section aria-labelledby="resources-heading">
                <h2 id="resources-heading">{t("home-resources-heading")}</h2>
                <ul class="cards">{resources.into_iter().map(|resource| view! { <ResourceItem resource /> }).collect_view()}</ul>
                <p><a href="/library">{t("home-all-resources")}</a></p>
            </section>
        }
        .into_any()
    });
    let popular = (!popular.is_empty()).then(|| {
        view! {
            <section aria-labelledby="popular-heading">
                <h2 id="popular-heading">{t("home-popular-heading")}</h2>
                <ul class="cards" id="popular">{popular.into_iter().map(|resource| view! { <ResourceItem resource /> }).collect_view()}</ul>
            </section>
        }
        .into_any()
    });
    // What's on this week: a bounded list, whatever the calendar holds.
    let whats_on = view! {
        <section aria-labelledby="whats-on-heading">
            <h2 id="whats-on-heading">{t("home-whats-on-heading")}</h2>
            <crate::pages::events::UpcomingList
                query=crate::ports::EventQuery { limit: WHATS_ON, to: None, ..Default::default() }
                empty_key="events-empty" />
            <p><a href="/events">{t("home-all-events")}</a></p>
        </section>
    }
    .into_any();
    view! {
        <h1>{t("home-heading")}</h1>
        <p class="intro">{t("home-intro")}</p>
        {front_door}
        {whats_on}
        {kinds}
        {recent}
        {resources}
        {popular}
    }
}

/// The use case: the newest listings with kind labels in the visitor's language.
async fn recent_cards(services: &Services, locale: &Locale) -> Result<Vec<ListingCard>, StoreError> {
    let mut cards = services.listings.recent_cards(RECENT).await?;
    for card in &mut cards {
        // The name in the reader's language where translated.
        if let Some(l) = services.listings.listing(&card.slug) {
            card.name = l.in_language(&locale.code()).name;
        }
        card.kind_label = locale.text_or(&format!("kind-{}", card.kind), &card.kind_label);
    }
    Ok(cards)
}
