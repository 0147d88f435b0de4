//! What's on, outside the pages: `GET /api/events` (occurrences as JSON)
//! and the calendar feeds (`/events.ics` for any filter, a listing's, one
//! series'). The feeds and the API read the same query, so they agree.

use super::error::ErrorBody;
use super::query::{given, number, parse_point, ApiQuery, Text};
use super::{ApiError, AppState};
use crate::events::feed::Feed;
use app::ports::{EventPage, EventQuery, EventQueryError};
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;

pub fn api_router() -> super::area::Area {
    super::area::Area::new().route("/events", get(list_events))
}

pub fn feed_router() -> super::area::Area {
    super::area::Area::new()
        .route("/events.ics", get(events_feed))
        .route("/events/{slug}/event.ics", get(one_event_feed))
        .route("/listings/{slug}/events.ics", get(listing_feed))
}

/// `/events/{slug}.ics` is the address people are given; routes cannot
/// end a parameter with a suffix, so it is served as `/events/{slug}/event.ics`.
pub async fn ics_addresses(mut req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if let Some(slug) = path.strip_prefix("/events/").and_then(|p| p.strip_suffix(".ics")) {
        if !slug.is_empty() && !slug.contains('/') {
            let new = format!("/events/{slug}/event.ics");
            if let Ok(uri) = new.parse::<Uri>() {
                *req.uri_mut() = uri;
            }
        }
    }
    next.run(req).await
}

#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub(super) struct EventParams {
    /// From this day or moment (default: now).
    #[param(value_type = Option<String>, format = Date)]
    from: Option<Text>,
    /// To this day (default and most: 400 days on).
    #[param(value_type = Option<String>, format = Date)]
    to: Option<Text>,
    /// Only this listing's events (its slug).
    #[param(value_type = Option<String>)]
    listing: Option<Text>,
    /// `latitude,longitude`: each event's distance from here, in whole
    /// kilometres (with `radius_km`, only events that near).
    #[param(value_type = Option<String>)]
    near: Option<Text>,
    /// Only within so many km of `near` (without `near`, not used).
    #[param(value_type = Option<f64>, exclusive_minimum = 0, maximum = 200)]
    radius_km: Option<Text>,
    /// An event category.
    #[param(value_type = Option<String>)]
    category: Option<Text>,
    /// A language code (one nobody uses finds nothing).
    #[param(value_type = Option<String>)]
    lang: Option<Text>,
    /// Only online (or hybrid) events.
    #[param(value_type = Option<bool>)]
    online: Option<Text>,
    /// Only events held in person. Without it, a query `near` a place also
    /// answers the events anyone can join online (with no distance).
    #[param(value_type = Option<bool>)]
    in_person: Option<Text>,
    #[param(value_type = Option<bool>)]
    free: Option<Text>,
    #[param(value_type = Option<bool>)]
    step_free: Option<Text>,
    #[param(value_type = Option<bool>)]
    women: Option<Text>,
    #[param(value_type = Option<String>, max_length = 100)]
    q: Option<Text>,
    #[param(value_type = Option<u32>, minimum = 1, maximum = 500)]
    limit: Option<Text>,
    /// `next_cursor` of the page before.
    #[param(value_type = Option<String>)]
    cursor: Option<Text>,
    /// The reader's language (a code, lower case): each title and summary
    /// in it where the series is translated, else the original's;
    /// `text_language` says which language the title is in and
    /// `summary_language` the summary's (in a calendar file, each text's
    /// `LANGUAGE`).
    #[param(value_type = Option<String>, pattern = "^[a-z]{2,8}$")]
    r#in: Option<Text>,
}

fn flag(text: &Option<Text>, name: &'static str) -> Result<bool, ApiError> {
    match given(text) {
        None | Some("false") => Ok(false),
        Some("true") => Ok(true),
        Some(v) => Err(ApiError::BadRequest(format!("{name} must be true or false, not {:?}", v.chars().take(20).collect::<String>()))),
    }
}

/// The query string of `/api/events` and `/events.ics`, checked.
fn event_query(p: &EventParams) -> Result<EventQuery, ApiError> {
    let text = |t: &Option<Text>| given(t).map(str::to_string);
    let near = given(&p.near).map(|n| parse_point("near", n)).transpose().map_err(ApiError::BadRequest)?;
    let radius_km = number(&p.radius_km, "radius_km")?;
    let max = crate::events::query::MAX_RADIUS_KM;
    if radius_km.is_some_and(|r| !(r > 0.0 && r <= max)) {
        return Err(ApiError::BadRequest(format!("radius_km must be more than 0 and at most {max}")));
    }
    // A distance from nowhere narrows nothing (documented: used with near).
    let radius_km = radius_km.filter(|_| near.is_some());
    let limit =
        match given(&p.limit) {
            None => 0,
            Some(l) => l.parse::<usize>().ok().filter(|l| (1..=crate::events::query::MAX_LIMIT).contains(l)).ok_or_else(|| {
                ApiError::BadRequest(format!("limit must be a whole number from 1 to {}", crate::events::query::MAX_LIMIT))
            })?,
        };
    Ok(EventQuery {
        from: text(&p.from),
        to: text(&p.to),
        listing: text(&p.listing),
        near,
        radius_km,
        category: text(&p.category),
        lang: given(&p.lang).map(str::to_lowercase),
        online: flag(&p.online, "online")?,
        in_person: flag(&p.in_person, "in_person")?,
        free: flag(&p.free, "free")?,
        step_free: flag(&p.step_free, "step_free")?,
        women: flag(&p.women, "women")?,
        q: text(&p.q),
        limit,
        cursor: text(&p.cursor),
    })
}

impl From<EventQueryError> for ApiError {
    fn from(e: EventQueryError) -> Self {
        match e {
            EventQueryError::Invalid { field, problem } => ApiError::BadRequest(format!("{field}: {problem}")),
            EventQueryError::Store(e) => ApiError::Internal(e.0),
        }
    }
}

/// One page of occurrences in time order, and where the next starts.
#[derive(Serialize, utoipa::ToSchema)]
pub(super) struct Occurrences {
    items: Vec<app::event::PublicOccurrence>,
    next_cursor: Option<String>,
}

/// `GET /api/events`: one item per occurrence, in time order.
#[utoipa::path(get, path = "/api/events", tag = "events",
    summary = "What's on: one item per date of each published event, in time order",
    params(EventParams),
    responses((status = 200, body = Occurrences), (status = 400, description = "A parameter is not valid; the message says which", body = ErrorBody)))]
pub(super) async fn list_events(State(state): State<AppState>, ApiQuery(p): ApiQuery<EventParams>) -> Result<Json<Occurrences>, ApiError> {
    let query = event_query(&p)?;
    let reader = reader_language(&p)?;
    let (EventPage { mut items, next_cursor, .. }, _) = state.atlas.find_occurrences(&query).await?;
    if let Some(lang) = reader {
        items.iter_mut().for_each(|o| o.read_in(&lang));
    }
    Ok(Json(Occurrences { items, next_cursor }))
}

/// The language `in=` asks the titles in (a lower-case code), if any.
fn reader_language(p: &EventParams) -> Result<Option<String>, ApiError> {
    match given(&p.r#in) {
        None => Ok(None),
        Some(lang) if (2..=8).contains(&lang.len()) && lang.bytes().all(|b| b.is_ascii_lowercase()) => Ok(Some(lang.to_string())),
        Some(lang) => {
            let given: String = lang.chars().take(20).collect();
            Err(ApiError::BadRequest(format!("in must be a language code like fr or ar, not {given:?}")))
        }
    }
}

/// A feed with its validators; 304 when the client has it already.
fn calendar(feed: Feed, headers: &HeaderMap, file: &str) -> Response {
    let fresh =
        headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).is_some_and(|v| v.split(',').any(|t| t.trim() == feed.etag));
    let last_modified = feed
        .last_modified
        .as_deref()
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&chrono::Utc).format("%a, %d %b %Y %H:%M:%S GMT").to_string());
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8".to_string()),
                (header::CONTENT_DISPOSITION, format!("inline; filename=\"{file}\"")),
            ],
            feed.body,
        )
            .into_response()
    };
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&feed.etag) {
        h.insert(header::ETAG, v);
    }
    if let Some(v) = last_modified.and_then(|t| HeaderValue::from_str(&t).ok()) {
        h.insert(header::LAST_MODIFIED, v);
    }
    response
}

/// `GET /events.ics`: the series behind `/api/events` with the same filters
/// (by default from a month ago to 13 months ahead).
async fn events_feed(State(state): State<AppState>, headers: HeaderMap, ApiQuery(p): ApiQuery<EventParams>) -> Result<Response, ApiError> {
    let mut query = event_query(&p)?;
    let reader = reader_language(&p)?;
    default_feed_window(&mut query);
    let feed = state.atlas.event_feed(&query, "Solidarity Atlas: what's on", reader.as_deref()).await?;
    Ok(calendar(feed, &headers, "events.ics"))
}

fn default_feed_window(q: &mut EventQuery) {
    let today = crate::events::query::today_in_london();
    if q.from.is_none() {
        q.from = Some((today - chrono::Duration::days(31)).to_string());
    }
    if q.to.is_none() {
        q.to = Some((today + chrono::Duration::days(crate::events::FUTURE_DAYS - 1)).to_string());
    }
}

/// `GET /listings/{slug}/events.ics`: a listing's series.
async fn listing_feed(State(state): State<AppState>, headers: HeaderMap, Path(slug): Path<String>) -> Result<Response, ApiError> {
    let Some(listing) = state.atlas.read.public_directory().get(&slug).cloned() else {
        return Err(ApiError::NotFound(format!("no published listing has the address {slug:?}")));
    };
    let mut query = EventQuery { listing: Some(slug.clone()), ..Default::default() };
    default_feed_window(&mut query);
    let feed = state.atlas.event_feed(&query, &listing.name, None).await?;
    Ok(calendar(feed, &headers, &format!("{slug}.ics")))
}

/// `GET /events/{slug}.ics`: one series ("add to calendar").
async fn one_event_feed(State(state): State<AppState>, headers: HeaderMap, Path(slug): Path<String>) -> Result<Response, ApiError> {
    match state.atlas.single_event_feed(&slug).await? {
        Some(feed) => Ok(calendar(feed, &headers, &format!("{slug}.ics"))),
        None => Err(ApiError::NotFound(format!("no published event has the address {slug:?}"))),
    }
}
