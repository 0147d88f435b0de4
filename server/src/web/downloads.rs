//! The whole directory as GeoJSON and CSV. Built per request they were a
//! CPU amplifier (about 2 s each at 100,000 listings, on an async worker):
//! the unfiltered download is now built once per directory snapshot and
//! served with an ETag; a filtered one is built per request, off the async
//! workers, at most two at a time.

use super::api::{directory_query, paging, to_feature, CursorParams, DirectoryParams};
use super::error::ErrorBody;
use super::query::{given, ApiQuery};
use super::{ApiError, AppState};
use crate::directory::{Download, DownloadKind, Snapshot};
use app::listing_input::ListingField;
use app::model::PublicListing;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use std::sync::{Arc, OnceLock};
use tokio::sync::Semaphore;

pub fn router() -> super::area::Area {
    super::area::Area::new()
        .route("/listings.geojson", axum::routing::get(listings_geojson))
        .route("/listings.csv", axum::routing::get(listings_csv))
}

/// GeoJSON (RFC 7946) of listings: a point per listing at its public point.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct FeatureCollection {
    #[schema(pattern = "^FeatureCollection$")]
    r#type: String,
    features: Vec<Feature>,
}

/// One listing: its public fields as properties.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct Feature {
    #[schema(pattern = "^Feature$")]
    r#type: String,
    /// None for a listing without a place (online only).
    geometry: Option<Point>,
    /// The listing's public fields (as `/api/listings`, without lat and lon).
    #[schema(value_type = Object)]
    properties: serde_json::Value,
}

#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct Point {
    #[schema(pattern = "^Point$")]
    r#type: String,
    /// Longitude, latitude.
    #[schema(min_items = 2, max_items = 2)]
    coordinates: Vec<f64>,
}

/// Filtered downloads built at once; more wait their turn.
const BUILDING_AT_ONCE: usize = 2;

fn builders() -> &'static Semaphore {
    static BUILDERS: OnceLock<Semaphore> = OnceLock::new();
    BUILDERS.get_or_init(|| Semaphore::new(BUILDING_AT_ONCE))
}

/// `GET /api/listings.geojson`: the same filters, as a FeatureCollection.
#[utoipa::path(get, path = "/api/listings.geojson", tag = "directory",
    summary = "Published listings as a GeoJSON FeatureCollection (public points only)",
    params(DirectoryParams, CursorParams),
    responses((status = 200, body = FeatureCollection, content_type = "application/geo+json"),
              (status = 400, description = "A filter is not valid", body = ErrorBody)))]
pub(super) async fn listings_geojson(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiQuery(filters): ApiQuery<DirectoryParams>,
    ApiQuery(cursor): ApiQuery<CursorParams>,
) -> Result<Response, ApiError> {
    let snapshot = state.atlas.read.public_directory();
    let query = directory_query(&filters, &state.atlas)?;
    let (offset, limit) = match given(&cursor.limit) {
        Some(_) => paging(&cursor)?,
        None => (paging(&cursor)?.0, usize::MAX),
    };
    let whole = filters.is_empty() && (offset, limit) == (0, usize::MAX);
    let download = build(snapshot, DownloadKind::GeoJson, whole, move |s| geojson_bytes(&s.search(&query, offset, limit).items)).await?;
    Ok(answer(&headers, download, "application/geo+json", None))
}

/// `GET /api/listings.csv`: the same filters, every match, public fields
/// only (the public point; an address only where exact), for spreadsheets
/// and for `atlas import listings` elsewhere.
#[utoipa::path(get, path = "/api/listings.csv", tag = "directory",
    summary = "Published listings as CSV, in the columns `atlas import listings` reads",
    params(DirectoryParams),
    responses((status = 200, body = String, content_type = "text/csv"), (status = 400, description = "A filter is not valid", body = ErrorBody)))]
pub(super) async fn listings_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiQuery(filters): ApiQuery<DirectoryParams>,
) -> Result<Response, ApiError> {
    let snapshot = state.atlas.read.public_directory();
    let query = directory_query(&filters, &state.atlas)?;
    let whole = filters.is_empty();
    let download = build(snapshot, DownloadKind::Csv, whole, move |s| csv_bytes(&s.search(&query, 0, usize::MAX).items)).await?;
    Ok(answer(&headers, download, "text/csv; charset=utf-8", Some("attachment; filename=\"listings.csv\"")))
}

/// The whole directory from the snapshot's copy (made by the first to
/// ask), or a filtered one made now; either way on a blocking thread.
async fn build(
    snapshot: Arc<Snapshot>,
    kind: DownloadKind,
    whole: bool,
    make: impl FnOnce(&Snapshot) -> Result<Vec<u8>, String> + Send + 'static,
) -> Result<Download, ApiError> {
    let _turn = builders().acquire().await.map_err(|e| ApiError::Internal(e.to_string()))?;
    let made =
        tokio::task::spawn_blocking(
            move || {
                if whole {
                    snapshot.download(kind, || make(&snapshot))
                } else {
                    make(&snapshot).map(Download::new)
                }
            },
        );
    made.await.map_err(|e| ApiError::Internal(e.to_string()))?.map_err(ApiError::Internal)
}

fn answer(headers: &HeaderMap, download: Download, content_type: &'static str, disposition: Option<&'static str>) -> Response {
    let etag = download.etag.clone();
    if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).is_some_and(|v| v.split(',').any(|t| t.trim() == etag)) {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response();
    }
    let mut response = ([(header::CONTENT_TYPE, content_type), (header::ETAG, etag.as_str())], download.body).into_response();
    if let Some(d) = disposition {
        response.headers_mut().insert(header::CONTENT_DISPOSITION, header::HeaderValue::from_static(d));
    }
    response
}

fn geojson_bytes(items: &[PublicListing]) -> Result<Vec<u8>, String> {
    let features: Vec<geojson::Feature> = items.iter().map(to_feature).collect();
    Ok(geojson::FeatureCollection { bbox: None, features, foreign_members: None }.to_string().into_bytes())
}

/// A listing's field as a cell of the CSV download (empty for a field
/// the download leaves out).
fn csv_cell(l: &PublicListing, field: ListingField) -> String {
    use ListingField::*;
    let number = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    let text = |t: &str| crate::import::csv_cell(t).into_owned();
    match field {
        Kind => text(&l.kind),
        Name => text(&l.name),
        Summary => text(&l.summary),
        Town => text(&l.town),
        Region => text(l.region.as_deref().unwrap_or("")),
        Precision => l.precision.as_str().to_string(),
        Latitude => number(l.lat),
        Longitude => number(l.lon),
        Address => text(l.address.as_deref().unwrap_or("")),
        Description => text(&l.description),
        Tags => text(&l.tags.join(";")),
        Languages => text(&l.languages.join(";")),
        MeetingTimes => text(&l.meeting_times),
        Accessibility => text(&l.accessibility),
        Website => text(l.website.as_deref().unwrap_or("")),
        Email => text(l.email.as_deref().unwrap_or("")),
        Phone | Social | Schedule | LastConfirmed | Message => String::new(),
    }
}

fn csv_bytes(items: &[PublicListing]) -> Result<Vec<u8>, String> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let written = (|| -> Result<Vec<u8>, csv::Error> {
        // Then the original's language and each translated field as
        // `name:ar`, for every language any listing here is translated into.
        let langs: std::collections::BTreeSet<&str> = items.iter().flat_map(|l| l.translations.languages()).collect();
        let translated: Vec<(&str, &str)> =
            langs.iter().flat_map(|lang| app::translation::LISTING_FIELDS.iter().map(move |f| (f.name, *lang))).collect();
        // `slug`, the listing's public fields, then its language.
        let columns: Vec<ListingField> = ListingField::all().filter(|f| f.in_download()).collect();
        let header = std::iter::once("slug").chain(columns.iter().map(|f| f.name())).chain(std::iter::once("language")).map(str::to_string);
        out.write_record(header.chain(translated.iter().map(|(f, l)| format!("{f}:{l}"))))?;
        for l in items {
            let text = |t: &str| crate::import::csv_cell(t).into_owned();
            let extra = std::iter::once(text(&l.language))
                .chain(translated.iter().map(|(f, lang)| text(l.translations.get(lang, f).unwrap_or(""))));
            out.write_record(std::iter::once(text(&l.slug)).chain(columns.iter().map(|f| csv_cell(l, *f))).chain(extra))?;
        }
        out.into_inner().map_err(|e| e.into_error().into())
    })();
    written.map_err(|e| e.to_string())
}
