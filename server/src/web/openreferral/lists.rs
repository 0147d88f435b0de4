//! How the lists answer: a page of JSON in the standard's envelope, or
//! `format=ndjson` — a line per record, streamed a chunk at a time, each
//! chunk from the directory as it is then (see `oruk::chunks`). A stream
//! announces its list's length first (`X-Total-Count`, the pages'
//! `total_items`), and one a lockdown cuts short is broken off, not ended,
//! so no reader takes it for the whole list.

use super::{Activities, LOCKDOWN_NOTICE};
use crate::openreferral::{self as oruk, records, Filter};
use crate::web::{ApiError, AppState};
use app::model::PublicListing;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;

pub const DEFAULT_PER_PAGE: usize = 50;
pub const MAX_PER_PAGE: usize = 200;
/// `minimal=true` records are an id and a date: many fit in one answer.
pub const MAX_MINIMAL_PER_PAGE: usize = 5000;

/// How a list is answered: pages of JSON, or every record (or one page's)
/// as a line of JSON each, streamed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Ndjson,
}

/// Answers a list route conditionally: 304 when `If-None-Match` names the
/// list as it is now, else `answer`'s list with its `ETag`. The tag is
/// what the feed shows (`ReadModel::feed_version`, read before any data) and
/// the route and query asked, so a follower's no-change reading is one
/// small request on both sides.
pub fn conditional(
    state: &AppState,
    route: &str,
    headers: &HeaderMap,
    query: Option<&str>,
    answer: impl FnOnce() -> Result<Response, ApiError>,
) -> Result<Response, ApiError> {
    use sha2::Digest;
    let version = state.atlas.read.feed_version();
    let asked = sha2::Sha256::digest(format!("{route}?{}", query.unwrap_or_default()));
    let etag = format!("W/\"{version}-{}\"", asked.iter().take(8).map(|b| format!("{b:02x}")).collect::<String>());
    // Compared weakly (RFC 9110 says so for If-None-Match): the tag names
    // the records, whatever compression carries them.
    let opaque = |t: &str| t.trim().trim_start_matches("W/").to_string();
    let held = headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if held.split(',').any(|t| t.trim() == "*" || opaque(t) == opaque(&etag)) {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response());
    }
    let mut response = answer()?;
    if let Ok(value) = HeaderValue::from_str(&etag) {
        response.headers_mut().insert(header::ETAG, value);
    }
    Ok(response)
}

/// `format`, `page` and `per_page`, checked.
pub struct Paging {
    format: Format,
    page: usize,
    /// Already at most the route's largest page (the standard sets no
    /// largest: more is answered with that many, and `size` says so).
    per_page: usize,
    /// `format=ndjson` with neither `page` nor `per_page`: the whole list.
    whole: bool,
}

impl Paging {
    /// How many records to pass over, and then how many to send.
    fn window(&self) -> (usize, usize) {
        if self.whole {
            (0, usize::MAX)
        } else {
            ((self.page - 1).saturating_mul(self.per_page), self.per_page)
        }
    }
}

pub fn whole_number(p: &HashMap<String, String>, name: &str, range: std::ops::RangeInclusive<usize>) -> Result<Option<usize>, ApiError> {
    match p.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|n| range.contains(n))
            .map(Some)
            .ok_or_else(|| ApiError::BadRequest(format!("{name} must be a whole number from {} to {}", range.start(), range.end()))),
    }
}

pub fn paging(p: &HashMap<String, String>, max_per_page: usize, default_per_page: usize) -> Result<Paging, ApiError> {
    let format = match p.get("format").map(|f| f.trim().to_ascii_lowercase()).filter(|f| !f.is_empty()).as_deref() {
        None | Some("json") => Format::Json,
        Some("ndjson") => Format::Ndjson,
        Some(other) => {
            return Err(ApiError::BadRequest(format!(
                "format: {other:?} is not offered; json (pages) or ndjson (every record, one per line, streamed)"
            )))
        }
    };
    let page = whole_number(p, "page", 1..=1_000_000)?;
    let per_page = whole_number(p, "per_page", 1..=usize::MAX).map_err(|_| {
        ApiError::BadRequest(format!(
            "per_page must be a whole number from 1 (a page holds at most {max_per_page}; more is answered with {max_per_page})"
        ))
    })?;
    Ok(Paging {
        format,
        whole: format == Format::Ndjson && page.is_none() && per_page.is_none(),
        page: page.unwrap_or(1),
        per_page: per_page.unwrap_or(default_per_page).min(max_per_page),
    })
}

/// The paging envelope around one page of records.
pub fn page_of<T>(state: &AppState, items: &[T], paging: &Paging, record: impl Fn(&T) -> Value) -> Response {
    let total = items.len();
    let total_pages = total.div_ceil(paging.per_page).max(1);
    let start = (paging.page - 1).saturating_mul(paging.per_page).min(total);
    let contents: Vec<Value> = items[start..].iter().take(paging.per_page).map(record).collect();
    let mut page = json!({
        "total_items": total,
        "total_pages": total_pages,
        "page_number": paging.page,
        "size": contents.len(),
        "first_page": paging.page == 1,
        "last_page": paging.page >= total_pages,
        "empty": contents.is_empty(),
        "contents": contents,
    });
    if state.atlas.read.in_lockdown() {
        page["notice"] = json!(LOCKDOWN_NOTICE);
    }
    Json(page).into_response()
}

/// A short list (taxonomies, terms) in the format asked for.
pub fn short_list<T>(state: &AppState, items: &[T], paging: &Paging, record: impl Fn(&T) -> Value) -> Response {
    match paging.format {
        Format::Json => page_of(state, items, paging, record),
        Format::Ndjson => {
            let (skip, take) = paging.window();
            let mut body = Vec::new();
            for item in items.iter().skip(skip).take(take) {
                push_line(&mut body, &record(item));
            }
            ndjson(axum::body::Body::from(body), items.len())
        }
    }
}

fn push_line(body: &mut Vec<u8>, value: &Value) {
    // Writing a Value to a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *body, value);
    body.push(b'\n');
}

/// The records in the whole list, as `total_items` says in a page: sent
/// before the body (a count at the end would not be ndjson).
const TOTAL_COUNT: &str = "x-total-count";

fn ndjson(body: axum::body::Body, total: usize) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/x-ndjson; charset=utf-8".to_string()),
            (header::HeaderName::from_static(TOTAL_COUNT), total.to_string()),
        ],
        body,
    )
        .into_response()
}

/// Listings read for a stream at a time: what one request holds.
const CHUNK: usize = 200;

/// How a listing becomes the record a list route answers with.
pub type Render = dyn Fn(&str, &PublicListing, &Activities) -> Option<Value> + Send + Sync;

/// A list of listings in the format asked for. ndjson streams chunk by
/// chunk, each from the directory as it is then (see `oruk::chunks`).
pub fn listing_list(state: AppState, f: Filter, paging: Paging, render: Box<Render>) -> Response {
    if paging.format == Format::Json {
        let snapshot = state.atlas.read.public_directory();
        let found = oruk::matching(&snapshot, &f);
        let (base, activities, origins) = (&state.services.public_url, state.atlas.read.regular_activities(), state.atlas.read.origins());
        return page_of(&state, &found, &paging, |l| {
            let mut record = render(base, l, &activities).unwrap_or_default();
            records::mark_origin(&mut record, origins.get(&l.slug));
            record
        });
    }
    struct Walk {
        cursor: oruk::chunks::Cursor,
        skip: usize,
        left: usize,
        /// Records still to send of those announced.
        owed: usize,
    }
    let (skip, left) = paging.window();
    let total = oruk::chunks::count(&state.atlas.read.public_directory(), &f);
    let owed = total.saturating_sub(skip).min(left);
    let shared = Arc::new((state, f, render));
    let lines = futures_util::stream::unfold(Walk { cursor: Default::default(), skip, left, owed }, move |mut walk| {
        let shared = shared.clone();
        async move {
            let (state, f, render) = &*shared;
            while walk.left > 0 {
                // Read again for every chunk: a lockdown empties it.
                let snapshot = state.atlas.read.public_directory();
                let chunk = oruk::chunks::next(&snapshot, f, &mut walk.cursor, CHUNK);
                if chunk.is_empty() {
                    // A lockdown emptied the list mid-way: broken off (the
                    // connection closes without the body's end), so that
                    // no reader archives what was not sent.
                    if walk.owed > 0 && state.atlas.read.in_lockdown() {
                        walk.left = 0;
                        return Some((Err(std::io::Error::other("lockdown: the list is withheld")), walk));
                    }
                    return None;
                }
                let activities = state.atlas.read.regular_activities();
                let origins = state.atlas.read.origins();
                let mut body = Vec::new();
                for (i, _) in chunk {
                    if walk.skip > 0 {
                        walk.skip -= 1;
                        continue;
                    }
                    if walk.left == 0 {
                        break;
                    }
                    walk.left -= 1;
                    walk.owed = walk.owed.saturating_sub(1);
                    if let Some(mut record) = render(&state.services.public_url, &snapshot.all()[i], &activities) {
                        records::mark_origin(&mut record, origins.get(&snapshot.all()[i].slug));
                        push_line(&mut body, &record);
                    }
                }
                if !body.is_empty() {
                    return Some((Ok(axum::body::Bytes::from(body)), walk));
                }
                // A chunk passed over (before the page asked for): let
                // other requests run before the next.
                tokio::task::yield_now().await;
            }
            None
        }
    });
    ndjson(axum::body::Body::from_stream(lines), total)
}
