//! `/api/...`: the directory as JSON and GeoJSON. Every output is built
//! from the public directory, so it can only carry public points.

use super::{ApiError, AppState};
use crate::directory::{BBox, DirectoryQuery, Snapshot};
use app::location::LatLon;
use app::model::PublicListing;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Json;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::HashMap;

const MAX_QUERY_CHARS: usize = 200;
const DEFAULT_LIMIT: usize = 50;
const MAX_LIMIT: usize = 500;

pub fn router() -> super::area::Area {
    super::area::Area::new()
        .route("/listings", get(list_listings))
        .route("/listings.geojson", get(listings_geojson))
        .route("/listings.csv", get(listings_csv))
        .route("/listings/{slug}", get(one_listing))
        .route("/clusters", get(clusters))
        .route("/places", get(places))
        .route("/places/major", get(major_places))
        .route("/kinds", get(kinds))
}

pub(super) type Params = Result<Query<HashMap<String, String>>, QueryRejection>;

pub(super) fn params(p: Params) -> Result<HashMap<String, String>, ApiError> {
    p.map(|Query(m)| m).map_err(|e| ApiError::BadRequest(format!("the query string is not valid: {}", e.body_text())))
}

fn number(params: &HashMap<String, String>, name: &str) -> Result<Option<f64>, ApiError> {
    match params.get(name).map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(v) => v
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .map(Some)
            .ok_or_else(|| ApiError::BadRequest(format!("{name}: {v:?} is not a number"))),
    }
}

/// `lat,lon`.
pub fn parse_point(name: &str, text: &str) -> Result<LatLon, String> {
    let parts: Vec<f64> = text.split(',').filter_map(|p| p.trim().parse::<f64>().ok()).filter(|x| x.is_finite()).collect();
    match parts[..] {
        [lat, lon] if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) => Ok(LatLon::new(lat, lon)),
        [_, _] => Err(format!("{name}: latitude must be between -90 and 90 and longitude between -180 and 180")),
        _ => Err(format!("{name} must be two numbers: latitude,longitude (e.g. 53.38,-1.47)")),
    }
}

/// The filters shared by every directory route, checked against what exists.
fn directory_query(p: &HashMap<String, String>, snapshot: &Snapshot, atlas: &crate::atlas::Atlas) -> Result<DirectoryQuery, ApiError> {
    let known_kinds = &atlas.kind_slugs();
    let bbox = p.get("bbox").filter(|s| !s.is_empty()).map(|b| BBox::parse(b)).transpose().map_err(ApiError::BadRequest)?;
    let kinds: Vec<String> =
        p.get("kind").map(|k| k.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()).unwrap_or_default();
    for k in &kinds {
        if !known_kinds.contains(k) {
            return Err(ApiError::BadRequest(format!("kind: unknown kind {k:?}; known kinds are {}", known_kinds.join(", "))));
        }
    }
    let (tags, langs) = snapshot.facets();
    let tag = p.get("tag").map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty());
    if let Some(t) = &tag {
        if !tags.contains(t) {
            return Err(ApiError::BadRequest(format!("tag: no listing has the tag {t:?}; tags in use: {}", tags.join(", "))));
        }
    }
    let lang = p.get("lang").map(|l| l.trim().to_lowercase()).filter(|l| !l.is_empty());
    if let Some(l) = &lang {
        if !langs.contains(l) {
            return Err(ApiError::BadRequest(format!("lang: no listing lists the language {l:?}; in use: {}", langs.join(", "))));
        }
    }
    let near = p.get("near").filter(|s| !s.is_empty()).map(|n| parse_point("near", n)).transpose().map_err(ApiError::BadRequest)?;
    let radius_km = number(p, "radius_km")?;
    if let Some(r) = radius_km {
        if !(r > 0.0 && r <= 2000.0) {
            return Err(ApiError::BadRequest("radius_km must be more than 0 and at most 2000".into()));
        }
        if near.is_none() {
            return Err(ApiError::BadRequest("radius_km needs near=latitude,longitude".into()));
        }
    }
    let only = match p.get("on").map(|o| o.trim()).filter(|o| !o.is_empty()) {
        None => None,
        Some("week") => Some(atlas.on_this_week()),
        Some(other) => {
            return Err(ApiError::BadRequest(format!(
                "on: {other:?} is not understood; on=week keeps listings with something on in the next seven days"
            )))
        }
    };
    Ok(DirectoryQuery { bbox, kinds, tag, lang, near, radius_km, only })
}

fn paging(p: &HashMap<String, String>) -> Result<(usize, usize), ApiError> {
    let limit = match p.get("limit").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => DEFAULT_LIMIT,
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|l| (1..=MAX_LIMIT).contains(l))
            .ok_or_else(|| ApiError::BadRequest(format!("limit must be a whole number from 1 to {MAX_LIMIT}")))?,
    };
    let offset = match p.get("cursor").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => 0,
        Some(c) => {
            decode_cursor(c).ok_or_else(|| ApiError::BadRequest("cursor is not one this server gave out; start again without it".into()))?
        }
    };
    Ok((offset, limit))
}

/// Cursors are opaque to clients; inside, an offset into the result order.
fn encode_cursor(offset: usize) -> String {
    format!("o{offset:x}")
}

fn decode_cursor(c: &str) -> Option<usize> {
    c.strip_prefix('o').and_then(|hex| usize::from_str_radix(hex, 16).ok()).filter(|&o| o <= 10_000_000)
}

#[derive(Serialize)]
struct ItemsPage {
    items: Vec<PublicListing>,
    total: usize,
    next_cursor: Option<String>,
}

/// `GET /api/listings`: filters `bbox`, `kind`, `tag`, `lang`, `near`,
/// `radius_km`, paging `limit` and `cursor`; `q` narrows by text.
async fn list_listings(State(state): State<AppState>, p: Params) -> Result<Json<ItemsPage>, ApiError> {
    let p = params(p)?;
    let snapshot = state.atlas.public_directory();
    let query = directory_query(&p, &snapshot, &state.atlas)?;
    let (offset, limit) = paging(&p)?;
    let text = p.get("q").cloned().unwrap_or_default();
    if text.chars().count() > MAX_QUERY_CHARS {
        return Err(ApiError::BadRequest(format!("q is too long: at most {MAX_QUERY_CHARS} characters")));
    }
    if text.trim().is_empty() {
        let page = snapshot.search(&query, offset, limit);
        return Ok(Json(ItemsPage { items: page.items, total: page.total, next_cursor: page.next_offset.map(encode_cursor) }));
    }
    // Text narrowing: the same rule as the home page filter.
    let all = snapshot.search(&query, 0, usize::MAX).items;
    let matching: Vec<PublicListing> = all.into_iter().filter(|l| l.card().matches(&text)).collect();
    let total = matching.len();
    let items: Vec<PublicListing> = matching.into_iter().skip(offset).take(limit).collect();
    let next_cursor = (offset + limit < total).then(|| encode_cursor(offset + limit));
    Ok(Json(ItemsPage { items, total, next_cursor }))
}

/// `GET /api/listings.geojson`: the same filters, as a FeatureCollection.
async fn listings_geojson(State(state): State<AppState>, p: Params) -> Result<impl IntoResponse, ApiError> {
    let p = params(p)?;
    let snapshot = state.atlas.public_directory();
    let query = directory_query(&p, &snapshot, &state.atlas)?;
    let (offset, limit) = match p.get("limit") {
        Some(_) => paging(&p)?,
        None => (paging(&p)?.0, usize::MAX),
    };
    let page = snapshot.search(&query, offset, limit);
    let features: Vec<geojson::Feature> = page.items.iter().map(to_feature).collect();
    let collection = geojson::FeatureCollection { bbox: None, features, foreign_members: None };
    Ok(([(header::CONTENT_TYPE, "application/geo+json")], collection.to_string()))
}

/// The columns of `/api/listings.csv`: what `atlas import listings` reads.
const CSV_COLUMNS: [&str; 17] = [
    "slug",
    "kind",
    "name",
    "summary",
    "town",
    "region",
    "precision",
    "latitude",
    "longitude",
    "address",
    "description",
    "tags",
    "languages",
    "meeting_times",
    "accessibility",
    "website",
    "email",
];

/// `GET /api/listings.csv`: the same filters, every match, public fields
/// only (the public point; an address only where exact), for spreadsheets
/// and for `atlas import listings` elsewhere.
async fn listings_csv(State(state): State<AppState>, p: Params) -> Result<impl IntoResponse, ApiError> {
    let p = params(p)?;
    let snapshot = state.atlas.public_directory();
    let query = directory_query(&p, &snapshot, &state.atlas)?;
    let page = snapshot.search(&query, 0, usize::MAX);
    let mut out = csv::Writer::from_writer(Vec::new());
    let written = (|| -> Result<Vec<u8>, csv::Error> {
        out.write_record(CSV_COLUMNS)?;
        let number = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
        for l in &page.items {
            out.write_record([
                l.slug.as_str(),
                &l.kind,
                &l.name,
                &l.summary,
                &l.town,
                l.region.as_deref().unwrap_or(""),
                l.precision.as_str(),
                &number(l.lat),
                &number(l.lon),
                l.address.as_deref().unwrap_or(""),
                &l.description,
                &l.tags.join(";"),
                &l.languages.join(";"),
                &l.meeting_times,
                &l.accessibility,
                l.website.as_deref().unwrap_or(""),
                l.email.as_deref().unwrap_or(""),
            ])?;
        }
        out.into_inner().map_err(|e| e.into_error().into())
    })()
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok((
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8"), (header::CONTENT_DISPOSITION, "attachment; filename=\"listings.csv\"")],
        written,
    ))
}

/// A listing as a GeoJSON feature: the public point, the public fields.
pub fn to_feature(l: &PublicListing) -> geojson::Feature {
    let geometry = match (l.lat, l.lon) {
        (Some(lat), Some(lon)) => Some(geojson::Geometry::new(geojson::GeometryValue::Point { coordinates: [lon, lat].into() })),
        _ => None,
    };
    let mut properties = match serde_json::to_value(l) {
        Ok(Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    };
    properties.remove("lat");
    properties.remove("lon");
    geojson::Feature { bbox: None, geometry, id: None, properties: Some(properties), foreign_members: None }
}

/// `GET /api/listings/{slug}`: one published listing.
async fn one_listing(State(state): State<AppState>, Path(slug): Path<String>) -> Result<Json<PublicListing>, ApiError> {
    state
        .services
        .listings
        .listing(&slug)
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("no published listing has the slug {slug:?}")))
}

/// `GET /api/clusters?bbox=&zoom=`: markers for one map view.
async fn clusters(State(state): State<AppState>, p: Params) -> Result<Json<Value>, ApiError> {
    let p = params(p)?;
    let snapshot = state.atlas.public_directory();
    let query = directory_query(&p, &snapshot, &state.atlas)?;
    let bbox = query.bbox.ok_or_else(|| ApiError::BadRequest("bbox=west,south,east,north is required".into()))?;
    let zoom = p
        .get("zoom")
        .and_then(|z| z.trim().parse::<u8>().ok())
        .filter(|z| *z <= 20)
        .ok_or_else(|| ApiError::BadRequest("zoom must be a whole number from 0 to 20".into()))?;
    let markers = snapshot.markers(&query, bbox, zoom);
    let total: usize = markers
        .iter()
        .map(|m| match m {
            crate::directory::Marker::Cluster { count, .. } => *count,
            crate::directory::Marker::Point { .. } => 1,
        })
        .sum();
    Ok(Json(json!({ "total": total, "markers": markers })))
}

/// `GET /api/places?q=`: suggestions for the near-me box.
async fn places(State(state): State<AppState>, p: Params) -> Result<Json<Value>, ApiError> {
    let p = params(p)?;
    let q = p.get("q").cloned().unwrap_or_default();
    if q.chars().count() > 100 {
        return Err(ApiError::BadRequest("q is too long: at most 100 characters".into()));
    }
    if let Some(near) = p.get("near").filter(|s| !s.is_empty()) {
        let point = parse_point("near", near).map_err(ApiError::BadRequest)?;
        // The town of the point as it will be shown, never of the exact
        // click: naming the nearest town would narrow an approximate
        // listing within its cell. Without `precision`, the coarsest.
        let precision = match p.get("precision").map(String::as_str) {
            None | Some("") => app::model::Precision::Area,
            Some(text) => text.parse().map_err(|e: app::model::UnknownValue| ApiError::BadRequest(e.to_string()))?,
        };
        let shown = app::location::public_point(precision, Some(point), None).unwrap_or(point);
        let place = state.atlas.gazetteer.nearest_town(shown);
        return Ok(Json(json!({ "places": place.into_iter().collect::<Vec<_>>() })));
    }
    Ok(Json(json!({ "places": state.atlas.places(&q, 8) })))
}

/// `GET /api/places/major`: labels for the offline basemap.
async fn major_places(State(state): State<AppState>) -> Json<Value> {
    Json(json!({ "places": state.atlas.gazetteer.major_towns() }))
}

/// `GET /api/kinds`: the kinds of listing with label, icon and colour.
async fn kinds(State(state): State<AppState>) -> Json<Value> {
    Json(json!({ "kinds": state.services.listings.facets().kinds }))
}

/// `/api/…` that is not a route: a JSON 404, not the HTML page.
pub(super) async fn unknown() -> ApiError {
    ApiError::NotFound("no such API route; see README.md for the routes".into())
}
