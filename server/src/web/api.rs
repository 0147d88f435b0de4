//! `/api/...`: the directory as JSON and GeoJSON. Every output is built
//! from the public directory, so it can only carry public points.

use super::error::ErrorBody;
use super::query::{given, number, parse_bbox, parse_point, ApiQuery, Text};
use super::{ApiError, AppState};
use crate::directory::DirectoryQuery;
use app::model::PublicListing;
use axum::extract::{Path, State};
use axum::routing::get;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::IntoParams;

const MAX_QUERY_CHARS: usize = 200;
const DEFAULT_LIMIT: usize = 50;
const MAX_LIMIT: usize = 500;

pub fn router() -> super::area::Area {
    super::area::Area::new()
        .route("/listings", get(list_listings))
        .route("/listings/{slug}", get(one_listing))
        .route("/clusters", get(clusters))
        .route("/places", get(places))
        .route("/places/major", get(major_places))
        .route("/kinds", get(kinds))
}

/// Filters every directory route shares.
#[derive(Deserialize, IntoParams, Default)]
#[into_params(parameter_in = Query)]
pub(super) struct DirectoryParams {
    /// A map view: `west,south,east,north` in degrees.
    #[param(value_type = Option<String>)]
    bbox: Option<Text>,
    /// Kinds of listing, comma-separated (see `/api/kinds`).
    #[param(value_type = Option<String>)]
    kind: Option<Text>,
    /// An activity tag (one nobody uses finds nothing).
    #[param(value_type = Option<String>)]
    tag: Option<Text>,
    /// A language code such as `ar` (one nobody uses finds nothing).
    #[param(value_type = Option<String>)]
    lang: Option<Text>,
    /// `latitude,longitude`: nearest first, distances in whole kilometres.
    #[param(value_type = Option<String>)]
    pub(super) near: Option<Text>,
    /// Only within so many km of `near` (without `near`, not used).
    #[param(value_type = Option<f64>, exclusive_minimum = 0, maximum = 2000)]
    radius_km: Option<Text>,
    /// `week`: only listings with something on in the next seven days.
    #[param(value_type = Option<String>, pattern = "^week$")]
    on: Option<Text>,
}

impl DirectoryParams {
    /// Whether nothing narrows the directory (the whole download).
    pub(super) fn is_empty(&self) -> bool {
        [&self.bbox, &self.kind, &self.tag, &self.lang, &self.near, &self.radius_km, &self.on].iter().all(|t| given(t).is_none())
    }
}

/// Paging by cursor.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct CursorParams {
    /// How many at most (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 500)]
    pub(super) limit: Option<Text>,
    /// `next_cursor` of the page before.
    #[param(value_type = Option<String>, pattern = "^o[0-9a-f]{1,6}$")]
    cursor: Option<Text>,
}

/// Narrowing by text.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct TextParams {
    /// Words that must all be in the name, kind or town.
    #[param(value_type = Option<String>, max_length = 200)]
    q: Option<Text>,
}

/// Towns in a page's language.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct TownLangParams {
    /// `ar` or `fa`: each town as that language writes it, where the
    /// place-names data has it; any other value is ignored.
    #[param(value_type = Option<String>)]
    town_lang: Option<Text>,
}

/// One map view.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct ClusterParams {
    /// The zoom level of the map.
    #[param(value_type = u8, minimum = 0, maximum = 20)]
    zoom: Option<Text>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct PlaceParams {
    /// A town, postcode district or postcode, as typed.
    #[param(value_type = Option<String>, max_length = 100)]
    q: Option<Text>,
    /// `latitude,longitude`: the town that point will be shown as.
    #[param(value_type = Option<String>)]
    near: Option<Text>,
    /// How precisely that point will be shown (default `area`).
    #[param(value_type = Option<app::model::Precision>)]
    precision: Option<Text>,
}

/// The filters shared by every directory route, checked against what exists.
pub(super) fn directory_query(p: &DirectoryParams, atlas: &crate::atlas::Atlas) -> Result<DirectoryQuery, ApiError> {
    let known_kinds = &atlas.read.kind_slugs();
    let bbox = p.bbox.as_ref().map(Text::as_given).filter(|s| !s.is_empty()).map(parse_bbox).transpose()?;
    let kinds: Vec<String> =
        given(&p.kind).map(|k| k.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()).unwrap_or_default();
    for k in &kinds {
        if !known_kinds.contains(k) {
            return Err(ApiError::BadRequest(format!("kind: unknown kind {k:?}; known kinds are {}", known_kinds.join(", "))));
        }
    }
    // A tag or language nobody uses finds nothing (an empty page, not an
    // error: the list of those in use grows with the directory).
    let tag = given(&p.tag).map(str::to_lowercase);
    let lang = given(&p.lang).map(str::to_lowercase);
    let near = p
        .near
        .as_ref()
        .map(Text::as_given)
        .filter(|s| !s.is_empty())
        .map(|n| parse_point("near", n))
        .transpose()
        .map_err(ApiError::BadRequest)?;
    let radius_km = number(&p.radius_km, "radius_km")?;
    if let Some(r) = radius_km {
        if !(r > 0.0 && r <= 2000.0) {
            return Err(ApiError::BadRequest("radius_km must be more than 0 and at most 2000".into()));
        }
    }
    // A distance from nowhere narrows nothing (documented: used with near).
    let radius_km = radius_km.filter(|_| near.is_some());
    let only = match given(&p.on) {
        None => None,
        Some("week") => Some(atlas.read.on_this_week()),
        Some(other) => {
            return Err(ApiError::BadRequest(format!(
                "on: {other:?} is not understood; on=week keeps listings with something on in the next seven days"
            )))
        }
    };
    Ok(DirectoryQuery { bbox, kinds, tag, lang, near, radius_km, only, words: Vec::new() })
}

pub(super) fn paging(p: &CursorParams) -> Result<(usize, usize), ApiError> {
    let limit = match given(&p.limit) {
        None => DEFAULT_LIMIT,
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|l| (1..=MAX_LIMIT).contains(l))
            .ok_or_else(|| ApiError::BadRequest(format!("limit must be a whole number from 1 to {MAX_LIMIT}")))?,
    };
    let offset = match given(&p.cursor) {
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
pub(super) async fn list_listings(
    State(state): State<AppState>,
    ApiQuery(filters): ApiQuery<DirectoryParams>,
    ApiQuery(cursor): ApiQuery<CursorParams>,
    ApiQuery(text): ApiQuery<TextParams>,
    ApiQuery(towns): ApiQuery<TownLangParams>,
) -> Result<Json<ItemsPage>, ApiError> {
    let snapshot = state.atlas.read.public_directory();
    let query = directory_query(&filters, &state.atlas)?;
    let (offset, limit) = paging(&cursor)?;
    let text = text.q.as_ref().map(Text::as_given).unwrap_or_default();
    if text.chars().count() > MAX_QUERY_CHARS {
        return Err(ApiError::BadRequest(format!("q is too long: at most {MAX_QUERY_CHARS} characters")));
    }
    // Text narrowing: the same rule as the home page filter.
    let query = DirectoryQuery { words: app::model::query_words(text), ..query };
    let mut page = snapshot.search(&query, offset, limit);
    towns_in(&mut page.items, &towns);
    Ok(Json(ItemsPage { items: page.items, total: page.total, next_cursor: page.next_offset.map(encode_cursor) }))
}

/// `town_lang=ar` or `fa`: each town as a page in that language writes it,
/// where the place-names data has it (the map's own list and cards on
/// /ar/map and /fa/map). Any other value, or none: the town as stored.
fn towns_in(items: &mut [PublicListing], p: &TownLangParams) {
    let Some(lang) = given(&p.town_lang) else { return };
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
    ApiQuery(towns): ApiQuery<TownLangParams>,
) -> Result<Json<PublicListing>, ApiError> {
    let mut listing =
        state.services.listings.listing(&slug).ok_or_else(|| ApiError::NotFound(format!("no published listing has the slug {slug:?}")))?;
    towns_in(std::slice::from_mut(&mut listing), &towns);
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
pub(super) async fn clusters(
    State(state): State<AppState>,
    ApiQuery(filters): ApiQuery<DirectoryParams>,
    ApiQuery(view): ApiQuery<ClusterParams>,
) -> Result<Json<Clusters>, ApiError> {
    let snapshot = state.atlas.read.public_directory();
    let query = directory_query(&filters, &state.atlas)?;
    let bbox = query.bbox.ok_or_else(|| ApiError::BadRequest("bbox=west,south,east,north is required".into()))?;
    let zoom = given(&view.zoom)
        .and_then(|z| z.parse::<u8>().ok())
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
pub(super) async fn places(State(state): State<AppState>, ApiQuery(p): ApiQuery<PlaceParams>) -> Result<Json<Places>, ApiError> {
    let q = p.q.as_ref().map(Text::as_given).unwrap_or_default();
    if q.chars().count() > 100 {
        return Err(ApiError::BadRequest("q is too long: at most 100 characters".into()));
    }
    let precision = match p.precision.as_ref().map(Text::as_given) {
        None | Some("") => app::model::Precision::Area,
        Some(text) => text.parse().map_err(|e: app::model::UnknownValue| ApiError::BadRequest(e.to_string()))?,
    };
    if let Some(near) = p.near.as_ref().map(Text::as_given).filter(|s| !s.is_empty()) {
        let point = parse_point("near", near).map_err(ApiError::BadRequest)?;
        // The town of the point as it will be shown, never of the exact
        // click: naming the nearest town would narrow an approximate
        // listing within its cell. Without `precision`, the coarsest.
        let shown = app::location::public_point(precision, Some(point), None).unwrap_or(point);
        let place = state.atlas.read.gazetteer.nearest_town(shown);
        return Ok(Json(Places { places: place.into_iter().collect() }));
    }
    Ok(Json(Places { places: state.atlas.read.places(q, 8) }))
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
        .read
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
