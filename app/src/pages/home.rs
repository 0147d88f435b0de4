//! The home page: the published listings, narrowed by a filter.
//!
//! Without JavaScript the filter is a plain GET form (`/?q=...`) and the
//! server does the narrowing; with it, the island narrows as you type.

use crate::i18n::{t, Locale};
use crate::islands::{FilterText, ListingFilter, QUERY_PLACEHOLDER, SHOWN_PLACEHOLDER, TOWN_PLACEHOLDER};
use crate::model::ListingCard;
use crate::pages::errors::ServerError;
use crate::ports::{Services, StoreError};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Longest filter text we act on; longer input is cut, not rejected.
const MAX_QUERY_CHARS: usize = 200;

#[component]
pub fn HomePage() -> impl IntoView {
    let query: String =
        use_query_map().read_untracked().get("q").unwrap_or_default().chars().filter(|c| !c.is_control()).take(MAX_QUERY_CHARS).collect();
    let services = expect_context::<Services>();
    let locale = use_context::<Locale>().unwrap_or_else(Locale::english);

    let listing = move || {
        let (services, locale, query) = (services.clone(), locale.clone(), query.clone());
        Suspend::new(async move {
            match published_cards(&services, &locale).await {
                Ok(cards) => {
                    let text = filter_text(&locale, cards.len());
                    view! { <ListingFilter cards query text /> }.into_any()
                }
                Err(e) => {
                    tracing::error!("home page: listing directory failed: {e}");
                    view! { <ServerError /> }.into_any()
                }
            }
        })
    };

    view! {
        <h1>{t("home-heading")}</h1>
        <p class="intro">{t("home-intro")}</p>
        <Suspense fallback=|| ()>{listing}</Suspense>
    }
}

/// The use case: published listings with kind labels in the visitor's language.
async fn published_cards(services: &Services, locale: &Locale) -> Result<Vec<ListingCard>, StoreError> {
    let mut cards = services.listings.published_cards().await?;
    for card in &mut cards {
        card.kind_label = locale.text_or(&format!("kind-{}", card.kind), &card.kind_label);
    }
    Ok(cards)
}

fn filter_text(locale: &Locale, total: usize) -> FilterText {
    FilterText {
        label: locale.text("filter-label"),
        placeholder: locale.text("filter-placeholder"),
        submit: locale.text("filter-submit"),
        clear: locale.text("filter-clear"),
        showing: locale.text_with("filter-showing", &[("shown", SHOWN_PLACEHOLDER.into()), ("total", total.into())]),
        total: locale.text_with("listing-count", &[("count", total.into())]),
        none_match: locale.text_with("listings-none-match", &[("query", QUERY_PLACEHOLDER.into())]),
        empty: locale.text("listings-empty"),
        in_town: locale.text_with("listing-in-town", &[("town", TOWN_PLACEHOLDER.into())]),
    }
}
