//! `/api/search` and `/api/suggest`: full-text search over the library and
//! the directory. Every input is checked; nothing reaches the visitor as a
//! parser error.

use super::error::ErrorBody;
use super::query::{given, parse_point, ApiQuery, Text};
use super::{ApiError, AppState};
use app::resource::RESOURCE_KINDS;
use app::search::{SearchPage, SearchQuery};
use axum::extract::State;
use axum::routing::get;
use axum::Json;
use serde::Deserialize;
use utoipa::IntoParams;

pub const MAX_PER_PAGE: usize = 100;
pub const MAX_QUERY_CHARS: usize = crate::search::MAX_QUERY_CHARS;

pub fn router() -> super::area::Area {
    super::area::Area::new().route("/search", get(search)).route("/suggest", get(suggest))
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// The words to find (quotes for a phrase, `-word` to leave out).
    #[param(value_type = Option<String>, max_length = 500)]
    q: Option<Text>,
    /// `resource`, `listing` or `event`.
    #[param(value_type = Option<String>, pattern = "^(resource|listing|event)$")]
    r#type: Option<Text>,
    /// A resource kind, listing kind or event category.
    #[param(value_type = Option<String>)]
    kind: Option<Text>,
    /// A library topic (one nobody uses finds nothing).
    #[param(value_type = Option<String>)]
    topic: Option<Text>,
    /// A language code (one nobody uses finds nothing).
    #[param(value_type = Option<String>)]
    lang: Option<Text>,
    #[param(value_type = Option<String>)]
    near: Option<Text>,
    #[param(value_type = Option<f64>, exclusive_minimum = 0, maximum = 2000)]
    radius_km: Option<Text>,
    /// Events from this day (Europe/London).
    #[param(value_type = Option<String>, format = Date)]
    from: Option<Text>,
    /// Events to this day (at most 400 days after `from`).
    #[param(value_type = Option<String>, format = Date)]
    to: Option<Text>,
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1000)]
    page: Option<Text>,
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100)]
    per_page: Option<Text>,
    /// The reader's language (a code, lower case): a translation set (the
    /// same sheet in several languages, one result) is given by its sheet
    /// in it where there is one, the others in `also_in`.
    #[param(value_type = Option<String>, pattern = "^[a-z]{2,8}$")]
    r#in: Option<Text>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct SuggestParams {
    /// The start of a title.
    #[param(value_type = Option<String>, max_length = 500)]
    q: Option<Text>,
}

/// Turns query parameters into a search, or says what is wrong with them.
pub fn search_query(p: &SearchParams, listing_kinds: &[String], event_categories: &[String]) -> Result<SearchQuery, String> {
    let text = p.q.as_ref().map(|t| t.as_given().to_string()).unwrap_or_default();
    if text.contains('\u{FFFD}') {
        return Err("q is not valid text: it must be UTF-8".into());
    }
    if text.chars().count() > MAX_QUERY_CHARS {
        return Err(format!("q is too long: at most {MAX_QUERY_CHARS} characters"));
    }
    let doc_type = given(&p.r#type).map(str::to_string);
    if let Some(t) = &doc_type {
        if !app::search::DOC_TYPES.contains(&t.as_str()) {
            return Err(format!("type must be one of {}, not {t:?}", app::search::DOC_TYPES.join(", ")));
        }
    }
    let kind = given(&p.kind).map(str::to_string);
    if let Some(k) = &kind {
        if !RESOURCE_KINDS.contains(&k.as_str()) && !listing_kinds.contains(k) && !event_categories.contains(k) {
            return Err(format!(
                "kind {k:?} is unknown; resource kinds are {}, listing kinds are {}, event categories are {}",
                RESOURCE_KINDS.join(", "),
                listing_kinds.join(", "),
                event_categories.join(", ")
            ));
        }
    }
    let per_page = match given(&p.per_page) {
        None => 20,
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=MAX_PER_PAGE).contains(n))
            .ok_or(format!("per_page must be a whole number from 1 to {MAX_PER_PAGE}"))?,
    };
    let page = match given(&p.page) {
        None => 1,
        Some(v) => v.parse::<usize>().ok().filter(|n| (1..=1000).contains(n)).ok_or("page must be a whole number from 1 to 1000")?,
    };
    let near = given(&p.near).map(|n| parse_point("near", n)).transpose()?;
    let radius_km = given(&p.radius_km)
        .map(|r| r.parse::<f64>().ok().filter(|r| *r > 0.0 && *r <= 2000.0).ok_or("radius_km must be more than 0 and at most 2000"))
        .transpose()?;
    // Events on these days (inclusive), as dates in Europe/London.
    let day = |name: &str, text: &Option<Text>| -> Result<Option<i64>, String> {
        given(text)
            .map(|d| {
                let date = crate::events::recurrence::parse_day(d).ok_or_else(|| format!("{name} must be a date like 2027-03-04"))?;
                Ok((date - chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date")).num_days())
            })
            .transpose()
    };
    // Two days name a span in either order, of at most 400 days.
    let days = match (day("from", &p.from)?, day("to", &p.to)?) {
        (None, None) => None,
        (from, to) => {
            let today = (chrono::Utc::now().date_naive() - chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date")).num_days();
            let from = from.unwrap_or(today);
            let to = to.unwrap_or(from + 30);
            let (from, to) = (from.min(to), from.max(to));
            Some((from, to.min(from + 400)))
        }
    };
    let reader = match given(&p.r#in) {
        None => None,
        Some(lang) if (2..=8).contains(&lang.len()) && lang.bytes().all(|b| b.is_ascii_lowercase()) => Some(lang.to_string()),
        Some(lang) => return Err(format!("in must be a language code like fr or ar, not {lang:?}")),
    };
    Ok(SearchQuery {
        text,
        doc_type,
        kind,
        topic: given(&p.topic).map(str::to_lowercase),
        lang: given(&p.lang).map(str::to_lowercase),
        near,
        radius_km,
        days,
        offset: (page - 1) * per_page,
        limit: per_page,
        reader,
    })
}

/// `GET /api/search?q=&type=&kind=&topic=&lang=&near=&radius_km=&from=&to=&page=&per_page=`
#[utoipa::path(get, path = "/api/search", tag = "search",
    summary = "Full-text search over the library, the directory and what's on, with facets",
    params(SearchParams),
    responses((status = 200, body = SearchPage), (status = 400, description = "A parameter is not valid; the message says which", body = ErrorBody)))]
pub(super) async fn search(State(state): State<AppState>, ApiQuery(p): ApiQuery<SearchParams>) -> Result<Json<SearchPage>, ApiError> {
    let query = search_query(&p, &state.atlas.read.kind_slugs(), &state.atlas.read.event_category_slugs()).map_err(ApiError::BadRequest)?;
    let library = state.services.library.clone();
    let page = state.searches.run(move || library.search(&query)).await.ok_or_else(search_failed)??;
    Ok(Json(page))
}

/// A search that panicked: a bug, not the visitor's doing.
fn search_failed() -> ApiError {
    ApiError::Internal("a search failed".into())
}

/// Titles that complete what was typed.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub(super) struct Suggestions {
    suggestions: Vec<String>,
}

/// `GET /api/suggest?q=`: titles completing what is typed.
#[utoipa::path(get, path = "/api/suggest", tag = "search",
    summary = "Up to eight titles completing what is typed",
    params(SuggestParams),
    responses((status = 200, body = Suggestions), (status = 400, description = "q is too long", body = ErrorBody)))]
pub(super) async fn suggest(State(state): State<AppState>, ApiQuery(p): ApiQuery<SuggestParams>) -> Result<Json<Suggestions>, ApiError> {
    let q = p.q.map(|t| t.as_given().to_string()).unwrap_or_default();
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(ApiError::BadRequest(format!("q is too long: at most {MAX_QUERY_CHARS} characters")));
    }
    // During a lockdown no listing's name may come back: the library only.
    let only = state.atlas.read.in_lockdown().then_some("resource");
    let atlas = state.atlas.clone();
    let titles = state.searches.run(move || atlas.read.search.suggest(&q, 8, only)).await.ok_or_else(search_failed)?;
    let titles = titles.map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(Json(Suggestions { suggestions: titles }))
}
