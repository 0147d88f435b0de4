//! `/api/...`: the directory as JSON and GeoJSON. Every output is built
//! from the public directory, so it can only carry public points.

use super::openapi::{ClusterParams, CursorParams, DirectoryParams, ErrorBody, PlaceParams, TextParams, TownLangParams};
use super::{ApiError, AppState};
use crate::directory::{BBox, DirectoryQuery};
use app::location::LatLon;
use app::model::PublicListing;
use axum::extract::{Path, RawQuery, State};
use axum::routing::get;
use axum::Json;
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;

const MAX_QUERY_CHARS: usize = 200;
const DEFAULT_LIMIT: usize = 50;
const MAX_LIMIT: usize = 500;

pub fn router() -> super::area::Area {
    super::area::Area::new()
        .route("/listings", get(list_listings))
        .route("/listings.geojson", get(super::downloads::listings_geojson))
        .route("/listings.csv", get(super::downloads::listings_csv))
        .route("/listings/{slug}", get(one_listing))
        .route("/clusters", get(clusters))
        .route("/places", get(places))
        .route("/places/major", get(major_places))
        .route("/kinds", get(kinds))
}

pub(super) type Params = axum::extract::RawQuery;

/// The query string as names and values. A name given twice is refused
/// (which value was meant?), as is text that is not UTF-8 or holds control
/// characters (no parameter means anything by them, and PostgreSQL refuses
/// a NUL byte in text).
pub(super) fn params(RawQuery(query): Params) -> Result<HashMap<String, String>, ApiError> {
    let mut map = HashMap::new();
    for (name, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        if name.contains('\u{FFFD}') || value.contains('\u{FFFD}') {
            return Err(ApiError::BadRequest("the query string is not valid text: it must be UTF-8".into()));
        }
        let name: String = name.chars().filter(|c| !c.is_control()).take(40).collect();
        if value.chars().any(char::is_control) {
            return Err(ApiError::BadRequest(format!("{name} holds a control character (such as a NUL byte, %00): give it as plain text")));
        }
        if map.insert(name.clone(), value.into_owned()).is_some() {
            return Err(ApiError::BadRequest(format!("{name} is given more than once; give it once")));
        }
    }
    Ok(map)
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

/// A point as `latitude,longitude` in decimal degrees (the form in the
/// API's document: what matches it is accepted, nothing else).
pub const POINT_PATTERN: &str = r"^LAT,LON$";

pub fn point_pattern() -> String {
    POINT_PATTERN.replace("LON", LON).replace("LAT", LAT)
}

/// A map view as `west,south,east,north` (two corners, in either order).
pub const BBOX_PATTERN: &str = r"^LON,LAT,LON,LAT$";
// Any number of decimals: a client may write a float in full.
const LAT: &str = r"-?(90(\.0+)?|[1-8]?[0-9](\.[0-9]+)?)";
const LON: &str = r"-?(180(\.0+)?|(1[0-7][0-9]|[1-9]?[0-9])(\.[0-9]+)?)";

/// The patterns with their parts filled in, as the document shows them.
pub fn bbox_pattern() -> String {
    BBOX_PATTERN.replace("LON", LON).replace("LAT", LAT)
}

fn parse_bbox(text: &str) -> Result<BBox, ApiError> {
    static BOX: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(&bbox_pattern()).expect("a pattern"));
    if !BOX.is_match(text) {
        return Err(ApiError::BadRequest(
            "bbox must be four numbers, west,south,east,north in degrees (longitudes from -180 to 180, latitudes from -90 to 90), e.g. -3.5,53,-1,54".into(),
        ));
    }
    BBox::parse(text).map_err(ApiError::BadRequest)
}

/// `lat,lon`.
pub fn parse_point(name: &str, text: &str) -> Result<LatLon, String> {
    static POINT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(&point_pattern()).expect("a pattern"));
    let example = format!(
        "{name} must be two numbers, latitude,longitude in degrees: latitude from -90 to 90 and longitude from -180 to 180 (e.g. 53.38,-1.47)"
    );
    if !POINT.is_match(text) {
        return Err(example);
    }
    match text.split_once(',').map(|(a, b)| (a.parse::<f64>(), b.parse::<f64>())) {
        Some((Ok(lat), Ok(lon))) => Ok(LatLon::new(lat, lon)),
        _ => Err(example),
    }
}

/// The filters shared by every directory route, checked against what exists.
pub(super) fn directory_query(p: &HashMap<String, String>, atlas: &crate::atlas::Atlas) -> Result<DirectoryQuery, ApiError> {
    let known_kinds = &atlas.kind_slugs();
    let bbox = p.get("bbox").filter(|s| !s.is_empty()).map(|b| parse_bbox(b)).transpose()?;
    let kinds: Vec<String> =
        p.get("kind").map(|k| k.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()).unwrap_or_default();
    for k in &kinds {
        if !known_kinds.contains(k) {
            return Err(ApiError::BadRequest(format!("kind: unknown kind {k:?}; known kinds are {}", known_kinds.join(", "))));
        }
    }
    // A tag or language nobody uses finds nothing (an empty page, not an
    // error: the list of those in use grows with the directory).
    let tag = p.get("tag").map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty());
    let lang = p.get("lang").map(|l| l.trim().to_lowercase()).filter(|l| !l.is_empty());
    let near = p.get("near").filter(|s| !s.is_empty()).map(|n| parse_point("near", n)).transpose().map_err(ApiError::BadRequest)?;
    let radius_km = number(p, "radius_km")?;
    if let Some(r) = radius_km {
        if !(r > 0.0 && r <= 2000.0) {
            return Err(ApiError::BadRequest("radius_km must be more than 0 and at most 2000".into()));
        }
    }
    // A distance from nowhere narrows nothing (documented: used with near).
    let radius_km = radius_km.filter(|_| near.is_some());
    let only = match p.get("on").map(|o| o.trim()).filter(|o| !o.is_empty()) {
        None => None,
        Some("week") => Some(atlas.on_this_week()),
        Some(other) => {
            return Err(ApiError::BadRequest(format!(
                "on: {other:?} is not understood; on=week keeps listings with something on in the next seven days"
            )))
        }
    };
    Ok(DirectoryQuery { bbox, kinds, tag, lang, near, radius_km, only, words: Vec::new() })
}

pub(super) fn paging(p: &HashMap<String, String>) -> Result<(usize, usize), ApiError> {
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
    // At most six hex digits (the form in the API's document).
    c.strip_prefix('o').filter(|hex| (1..=6).contains(&hex.len())).and_then(|hex| usize::from_str_radix(hex, 16).ok())
}

/// One page of listings and where the next one starts.
#[derive(Serialize, utoipa::ToSchema)]
pub(super) struct ItemsPage {
    items: Vec<PublicListing>,
    total: usize,
    next_cursor: Option<String>,
}

/// `GET /api/listings`: filters `bbox`, `kind`, `tag`, `lang`, `near`,
/// `radius_km`, paging `limit` and `cursor`; `q` narrows by text.
#[utoipa::path(get, path = "/api/listings", tag = "directory",
    summary = "Published listings, filtered and paged",
    params(DirectoryParams, CursorParams, TextParams, TownLangParams),
    responses((status = 200, body = ItemsPage), (status = 400, description = "A filter is not valid; the message says which and why", body = ErrorBody)))]
pub(super) async fn list_listings(State(state): State<AppState>, p: Params) -> Result<Json<ItemsPage>, ApiError> {
    let p = params(p)?;
    let snapshot = state.atlas.public_directory();
    let query = directory_query(&p, &state.atlas)?;
    let (offset, limit) = paging(&p)?;
    let text = p.get("q").cloned().unwrap_or_default();
    if text.chars().count() > MAX_QUERY_CHARS {
        return Err(ApiError::BadRequest(format!("q is too long: at most {MAX_QUERY_CHARS} characters")));
    }
    // Text narrowing: the same rule as the home page filter.
    let query = DirectoryQuery { words: app::model::query_words(&text), ..query };
    let mut page = snapshot.search(&query, offset, limit);
    towns_in(&mut page.items, &p);
    Ok(Json(ItemsPage { items: page.items, total: page.total, next_cursor: page.next_offset.map(encode_cursor) }))
}

/// `town_lang=ar` or `fa`: each town as a page in that language writes it,
/// where the place-names data has it (the map's own list and cards on
/// /ar/map and /fa/map). Any other value, or none: the town as stored.
fn towns_in(items: &mut [PublicListing], p: &HashMap<String, String>) {
    let Some(lang) = p.get("town_lang").map(|l| l.trim()) else { return };
    if !app::i18n::LANGUAGES.iter().any(|(code, _, rtl)| *code == lang && *rtl) {
        return;
    }
    for item in items {
        if let Some(name) = crate::places::names_of(&item.town).get(lang) {
            item.town = name.to_string();
        }
    }
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
    // The columns `atlas import` reads back: the point is the geometry.
    for internal in ["lat", "lon", "updated_at"] {
        properties.remove(internal);
    }
    geojson::Feature { bbox: None, geometry, id: None, properties: Some(properties), foreign_members: None }
}

/// `GET /api/listings/{slug}`: one published listing.
#[utoipa::path(get, path = "/api/listings/{slug}", tag = "directory",
    summary = "One published listing",
    params(("slug" = String, Path, description = "The listing's slug", max_length = 80), TownLangParams),
    responses(
        (status = 200, body = PublicListing),
        (status = 400, description = "A parameter is not plain text; the message says which", body = ErrorBody),
        (status = 404, description = "No published listing has that slug", body = ErrorBody),
    ))]
pub(super) async fn one_listing(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    p: Params,
) -> Result<Json<PublicListing>, ApiError> {
    let p = params(p)?;
    let mut listing =
        state.services.listings.listing(&slug).ok_or_else(|| ApiError::NotFound(format!("no published listing has the slug {slug:?}")))?;
    towns_in(std::slice::from_mut(&mut listing), &p);
    Ok(Json(listing))
}

/// Markers for one map view, and how many listings they stand for.
#[derive(Serialize, utoipa::ToSchema)]
pub(super) struct Clusters {
    total: usize,
    markers: Vec<crate::directory::Marker>,
}

/// `GET /api/clusters?bbox=&zoom=`: markers for one map view.
#[utoipa::path(get, path = "/api/clusters", tag = "map",
    summary = "Markers for one map view: groups of nearby listings, and single ones",
    params(DirectoryParams, ClusterParams),
    responses((status = 200, body = Clusters), (status = 400, description = "bbox and zoom are needed, and valid", body = ErrorBody)))]
pub(super) async fn clusters(State(state): State<AppState>, p: Params) -> Result<Json<Clusters>, ApiError> {
    let p = params(p)?;
    let snapshot = state.atlas.public_directory();
    let query = directory_query(&p, &state.atlas)?;
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
    Ok(Json(Clusters { total, markers }))
}

/// Places: towns and postcode districts.
#[derive(Serialize, utoipa::ToSchema)]
pub(super) struct Places {
    places: Vec<crate::places::Place>,
}

/// `GET /api/places?q=`: suggestions for the near-me box.
#[utoipa::path(get, path = "/api/places", tag = "map",
    summary = "Towns and postcode districts matching what is typed, or the town a point will be shown as",
    params(PlaceParams),
    responses((status = 200, body = Places), (status = 400, description = "q is too long, or near or precision is not valid", body = ErrorBody)))]
pub(super) async fn places(State(state): State<AppState>, p: Params) -> Result<Json<Places>, ApiError> {
    let p = params(p)?;
    let q = p.get("q").cloned().unwrap_or_default();
    if q.chars().count() > 100 {
        return Err(ApiError::BadRequest("q is too long: at most 100 characters".into()));
    }
    let precision = match p.get("precision").map(String::as_str) {
        None | Some("") => app::model::Precision::Area,
        Some(text) => text.parse().map_err(|e: app::model::UnknownValue| ApiError::BadRequest(e.to_string()))?,
    };
    if let Some(near) = p.get("near").filter(|s| !s.is_empty()) {
        let point = parse_point("near", near).map_err(ApiError::BadRequest)?;
        // The town of the point as it will be shown, never of the exact
        // click: naming the nearest town would narrow an approximate
        // listing within its cell. Without `precision`, the coarsest.
        let shown = app::location::public_point(precision, Some(point), None).unwrap_or(point);
        let place = state.atlas.gazetteer.nearest_town(shown);
        return Ok(Json(Places { places: place.into_iter().collect() }));
    }
    Ok(Json(Places { places: state.atlas.places(&q, 8) }))
}

/// A big town, with its name in the languages the site has one for.
#[derive(Serialize, utoipa::ToSchema)]
pub(super) struct MajorPlace {
    #[serde(flatten)]
    place: crate::places::Place,
    /// Language code → the town's name in that language (`ar`, `fa`).
    names: std::collections::BTreeMap<&'static str, &'static str>,
}

/// The big towns and cities.
#[derive(Serialize, utoipa::ToSchema)]
pub(super) struct MajorPlaces {
    places: Vec<MajorPlace>,
}

/// `GET /api/places/major`: labels for the offline basemap.
#[utoipa::path(get, path = "/api/places/major", tag = "map", summary = "The big towns and cities (labels for the map), with their names in other languages",
    responses((status = 200, body = MajorPlaces)))]
pub(super) async fn major_places(State(state): State<AppState>) -> Json<MajorPlaces> {
    let places = state
        .atlas
        .gazetteer
        .major_towns()
        .into_iter()
        .map(|place| MajorPlace { names: crate::places::names_of(&place.name), place })
        .collect();
    Json(MajorPlaces { places })
}

/// The kinds of listing.
#[derive(Serialize, utoipa::ToSchema)]
pub(super) struct Kinds {
    kinds: Vec<app::model::ListingKind>,
}

/// `GET /api/kinds`: the kinds of listing with label, icon and colour.
#[utoipa::path(get, path = "/api/kinds", tag = "directory", summary = "The kinds of listing, with label, icon and colour",
    responses((status = 200, body = Kinds)))]
pub(super) async fn kinds(State(state): State<AppState>) -> Json<Kinds> {
    Json(Kinds { kinds: state.services.listings.facets().kinds })
}

/// `/api/…` that is not a route: a JSON 404, not the HTML page.
pub(super) async fn unknown() -> ApiError {
    ApiError::NotFound("no such API route; see README.md for the routes".into())
}
