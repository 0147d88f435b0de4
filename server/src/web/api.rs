//! `/api/...`: the same data as the pages, as JSON.

use super::{ApiError, AppState};
use app::model::{filter_cards, ListingCard};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

const MAX_QUERY_CHARS: usize = 200;

pub fn router() -> Router<AppState> {
    Router::new().route("/listings", get(list_listings)).fallback(unknown)
}

#[derive(Deserialize)]
struct ListingsQuery {
    #[serde(default)]
    q: String,
}

#[derive(Serialize)]
struct ListingsPage {
    total: usize,
    listings: Vec<ListingCard>,
}

/// `GET /api/listings?q=` : published listings, narrowed like the home page.
async fn list_listings(
    State(state): State<AppState>,
    query: Result<Query<ListingsQuery>, QueryRejection>,
) -> Result<Json<ListingsPage>, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    if query.q.chars().count() > MAX_QUERY_CHARS {
        return Err(ApiError::BadRequest(format!(
            "q is too long: at most {MAX_QUERY_CHARS} characters"
        )));
    }
    let cards = state.services.listings.published_cards().await?;
    let listings: Vec<ListingCard> = filter_cards(&cards, &query.q).into_iter().cloned().collect();
    Ok(Json(ListingsPage { total: listings.len(), listings }))
}

async fn unknown() -> ApiError {
    ApiError::NotFound("no such API route; see README.md for the routes".into())
}
