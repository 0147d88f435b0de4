//! Atom feeds of what is new: published listings (`/feeds/listings.atom`,
//! by kind and region) and the library (`/feeds/library.atom`, by kind,
//! topic and language), worded in the reader's language. The newest 50
//! only: a feed's size never grows with the directory. Entries carry what
//! a listing's link preview does (name, kind, town), never a point or an
//! address; during a lockdown the listings feed is empty.

use super::query::{check_raw, RawQuery};
use super::{ApiError, AppState};
use app::i18n::Locale;
use atom_syndication::{Entry, Feed, FixedDateTime, Link, Text};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Extension;

const ENTRIES: usize = 50;

pub fn router() -> super::area::Area {
    super::area::Area::new().route("/feeds/listings.atom", get(listings)).route("/feeds/library.atom", get(library)).open_to_any_origin()
}

/// A stored time (`2026-12-02T10:00:00Z`, with or without milliseconds) or a date.
fn time(stamp: &str) -> FixedDateTime {
    let text = if stamp.len() == 10 { format!("{stamp}T00:00:00Z") } else { stamp.to_string() };
    chrono::DateTime::parse_from_rfc3339(&text).unwrap_or_else(|_| chrono::DateTime::UNIX_EPOCH.fixed_offset())
}

fn link(href: String, rel: &str, mime: &str) -> Link {
    Link { href, rel: rel.into(), mime_type: Some(mime.into()), ..Default::default() }
}

/// The feed around its entries: its own address as id, updated with the newest.
fn feed(state: &AppState, locale: &Locale, path: &str, title: String, entries: Vec<Entry>) -> Response {
    let base = state.services.public_url.clone();
    let updated = entries.iter().map(|e| e.updated).max().unwrap_or_else(|| chrono::DateTime::UNIX_EPOCH.fixed_offset());
    let feed = Feed {
        title: Text::plain(title),
        id: format!("{base}{path}"),
        updated,
        lang: Some(locale.code()),
        links: vec![link(format!("{base}{path}"), "self", "application/atom+xml"), link(format!("{base}/"), "alternate", "text/html")],
        entries,
        ..Default::default()
    };
    ([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], feed.to_string()).into_response()
}

fn entry(base: &str, path: String, title: &str, summary: String, created: &str) -> Entry {
    Entry {
        id: format!("{base}{path}"),
        title: Text::plain(title),
        updated: time(created),
        published: Some(time(created)),
        summary: Some(Text::plain(summary)),
        links: vec![link(format!("{base}{path}"), "alternate", "text/html")],
        ..Default::default()
    }
}

/// `GET /feeds/listings.atom?kind=&region=`: newly published listings.
async fn listings(State(state): State<AppState>, Extension(locale): Extension<Locale>, p: RawQuery) -> Result<Response, ApiError> {
    let p = check_raw(p)?;
    let get = |k: &str| p.get(k).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    let kind = get("kind");
    if let Some(k) = &kind {
        let known = state.atlas.read.kind_slugs();
        if !known.contains(k) {
            return Err(ApiError::BadRequest(format!("kind: unknown kind {k:?}; known kinds are {}", known.join(", "))));
        }
    }
    let region = get("region").map(|r| r.chars().take(100).collect::<String>());
    let base = state.services.public_url.clone();
    let entries = if state.atlas.read.in_lockdown() {
        Vec::new()
    } else {
        let newest = state.atlas.store.newest_listings(kind.as_deref(), region.as_deref(), ENTRIES).await?;
        let snapshot = state.atlas.read.public_directory();
        newest
            .iter()
            .filter_map(|(slug, created)| {
                // In the reader's language where translated.
                let l = snapshot.get(slug)?.in_language(&locale.code());
                let kind = locale.text_or(&format!("kind-{}", l.kind), &l.kind_label);
                let summary = [format!("{kind} · {}", l.town), l.summary.clone()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(". ");
                Some(entry(&base, format!("/listings/{slug}"), &l.name, summary, created))
            })
            .collect()
    };
    Ok(feed(&state, &locale, "/feeds/listings.atom", locale.text("feed-listings-title"), entries))
}

/// `GET /feeds/library.atom?kind=&topic=&lang=`: new in the library.
async fn library(State(state): State<AppState>, Extension(locale): Extension<Locale>, p: RawQuery) -> Result<Response, ApiError> {
    let p = check_raw(p)?;
    let get = |k: &str| p.get(k).map(|v| v.trim().to_lowercase()).filter(|v| !v.is_empty());
    let filter = app::ports::ResourceFilter { kind: get("kind"), topic: get("topic"), lang: get("lang"), one_per_set_in: None };
    let base = state.services.public_url.clone();
    let (resources, _) = state.atlas.read.library().page(&filter, 0, ENTRIES);
    let entries = resources
        .iter()
        .map(|r| {
            let r = r.in_language(&locale.code());
            let mut e = entry(&base, format!("/library/{}", r.slug), &r.title, r.summary.clone(), &r.updated_at);
            e.published = r.published.as_deref().map(time);
            e
        })
        .collect();
    Ok(feed(&state, &locale, "/feeds/library.atom", locale.text("feed-library-title"), entries))
}
