//! `GET /map.png`: a picture of a map view for pages read without
//! JavaScript (`crate::basemap::picture`): the streets if a basemap is
//! installed, big towns' names in the reader's language, and the public
//! directory's markers for the view, at the same precision as the map.

use super::api::{directory_query, DirectoryParams};
use super::query::{check_raw, parse_point, RawQuery};
use super::{ApiError, AppState};
use crate::basemap::picture::{self, Label, Pin, View};
use crate::directory::{BBox, Marker};
use app::i18n::Locale;
use app::location::LatLon;
use axum::extract::{Extension, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bytes::Bytes;
use parking_lot::Mutex;
use std::num::NonZeroUsize;
use std::sync::Arc;

pub fn router() -> super::area::Area {
    super::area::Area::new().route("/map.png", get(map_picture))
}

/// Rendered pictures, and the right to render: pictures cost tens of
/// milliseconds of CPU, so two at a time, and each view once.
pub struct Pictures {
    fonts: std::sync::OnceLock<Arc<resvg::usvg::fontdb::Database>>,
    /// The offline outline of the land, read once from the built site.
    land: std::sync::OnceLock<Option<(String, String)>>,
    cache: Mutex<lru::LruCache<String, Bytes>>,
    turns: tokio::sync::Semaphore,
}

impl Default for Pictures {
    fn default() -> Self {
        Pictures {
            fonts: std::sync::OnceLock::new(),
            land: std::sync::OnceLock::new(),
            cache: Mutex::new(lru::LruCache::new(NonZeroUsize::new(256).expect("not zero"))),
            turns: tokio::sync::Semaphore::new(2),
        }
    }
}

/// The whole country, as the map opens.
const OVERVIEW: (f64, f64, u8) = (54.5, -3.5, 5);

/// Sizes a page may ask for: the map page's, and a listing's "Where".
fn size(name: Option<&str>) -> Result<(u32, u32), ApiError> {
    match name.unwrap_or("map") {
        "map" => Ok((640, 480)),
        "place" => Ok((480, 240)),
        other => Err(ApiError::BadRequest(format!("size: {other:?} is not a picture size; use map or place"))),
    }
}

async fn map_picture(State(state): State<AppState>, Extension(locale): Extension<Locale>, query: RawQuery) -> Result<Response, ApiError> {
    if state.services.backoffice.lockdown() {
        return Ok((StatusCode::NOT_FOUND, "the map is hidden for now").into_response());
    }
    let mut p = check_raw(query)?;
    // A form's own point (`ring=lat,lon`): shown to the person who typed
    // it or the moderator checking it, never kept by a shared cache.
    let ring = p.get("ring").filter(|r| !r.trim().is_empty()).map(|r| parse_point("ring", r)).transpose().map_err(ApiError::BadRequest)?;
    let (width, height) = size(p.get("size").map(String::as_str))?;
    // `near` as the map page has it (a town or postcode) or as a point.
    let mut near_place = None;
    if let Some(near) = p.get("near").filter(|n| !n.trim().is_empty()).cloned() {
        if parse_point("near", &near).is_err() {
            let place = app::ports::ListingDirectory::resolve_place(&*state.atlas.read, &near)
                .map_err(|miss| ApiError::place_miss("near", &near, miss))?;
            p.insert("near".into(), format!("{},{}", place.point.lat, place.point.lon));
            near_place = Some(place.point);
        }
    }
    let number =
        |key: &str| p.get(key).map(|v| v.trim().parse::<f64>().map_err(|_| ApiError::BadRequest(format!("{key} must be a number"))));
    let (lat, lon) = (number("lat").transpose()?, number("lon").transpose()?);
    let zoom = match p.get("zoom").or(p.get("z")) {
        Some(z) => Some(
            z.trim()
                .parse::<u8>()
                .ok()
                .filter(|z| (3..=18).contains(z))
                .ok_or_else(|| ApiError::BadRequest("zoom must be a whole number from 3 to 18".into()))?,
        ),
        None => None,
    };
    let (centre, zoom) = match (lat, lon, near_place) {
        (Some(lat), Some(lon), _) if (-85.0..=85.0).contains(&lat) && (-180.0..=180.0).contains(&lon) => {
            (LatLon::new(lat, lon), zoom.unwrap_or(13))
        }
        (Some(_), Some(_), _) => return Err(ApiError::BadRequest("lat must be within -85..85 and lon within -180..180".into())),
        (_, _, Some(point)) => (point, zoom.unwrap_or(10)),
        _ => (LatLon::new(OVERVIEW.0, OVERVIEW.1), zoom.unwrap_or(OVERVIEW.2)),
    };
    let view = View { centre, zoom, width, height };
    let [west, south, east, north] = view.bounds();
    p.remove("bbox");
    // The map's own filters, read as the directory's API reads them.
    let filters: DirectoryParams =
        serde_json::to_value(&p).and_then(serde_json::from_value).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    let query = directory_query(&filters, &state.atlas)?;
    let snapshot = state.atlas.read.public_directory();
    let key = format!("{:p} {} {zoom} {:.5},{:.5} {width}x{height} {:?}", Arc::as_ptr(&snapshot), locale.code(), centre.lat, centre.lon, {
        let mut k: Vec<_> = p.iter().filter(|(k, _)| !["lat", "lon", "zoom", "z", "size"].contains(&k.as_str())).collect();
        // (`ring` stays in the key: it is part of the picture.)
        k.sort();
        k
    });
    if let Some(png) = state.pictures.cache.lock().get(&key).cloned() {
        return Ok(png_answer(png, ring.is_some()));
    }
    let colours: std::collections::HashMap<String, String> = state.atlas.read.kinds().into_iter().map(|k| (k.slug, k.colour)).collect();
    let pins: Vec<Pin> = snapshot
        .markers(&query, BBox { west, south, east, north }, zoom)
        .into_iter()
        .map(|m| match m {
            Marker::Cluster { count, lat, lon, .. } => Pin { point: LatLon::new(lat, lon), colour: String::new(), count: Some(count) },
            Marker::Point { kind, lat, lon, .. } => {
                Pin { point: LatLon::new(lat, lon), colour: colours.get(&kind).cloned().unwrap_or_default(), count: None }
            }
        })
        .collect();
    let labels: Vec<Label> = state
        .atlas
        .read
        .gazetteer
        .major_towns()
        .into_iter()
        .map(|t| Label {
            point: t.point(),
            text: crate::places::names_of(&t.name).get(locale.code().as_str()).map_or(t.name.clone(), |n| n.to_string()),
        })
        .collect();
    let _turn = state.pictures.turns.acquire().await.map_err(|_| ApiError::BadRequest("the server is stopping".into()))?;
    let tiles = match &state.basemap {
        Some(basemap) => picture::tiles_for(basemap, &view).await,
        None => Vec::new(),
    };
    let credit = if tiles.is_empty() { "" } else { "© OpenStreetMap contributors" };
    let fonts = state.pictures.fonts.get_or_init(picture::fonts).clone();
    let land = state
        .pictures
        .land
        .get_or_init(|| {
            let file = std::path::Path::new(state.leptos.site_root.as_ref()).join("basemap/land-overview.svg");
            std::fs::read_to_string(file).ok().and_then(|text| picture::outline(&text))
        })
        .clone();
    let png =
        tokio::task::spawn_blocking(move || picture::png(&picture::svg(&view, &tiles, land.as_ref(), &labels, &pins, ring, credit), fonts))
            .await
            .map_err(|_| ApiError::BadRequest("the picture could not be drawn".into()))?
            .map_err(|e| {
                tracing::error!("map picture failed: {e}");
                ApiError::BadRequest("the picture could not be drawn".into())
            })?;
    let png = Bytes::from(png);
    state.pictures.cache.lock().put(key, png.clone());
    Ok(png_answer(png, ring.is_some()))
}

fn png_answer(png: Bytes, private: bool) -> Response {
    // The directory changes when a moderator approves: a short life.
    let caching = if private { "private, no-store" } else { "public, max-age=300" };
    ([(header::CONTENT_TYPE, "image/png"), (header::CACHE_CONTROL, caching)], png).into_response()
}
