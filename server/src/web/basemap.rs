//! `/basemap/tiles.json` and `/basemap/{version}/{z}/{x}/{y}.mvt`: the
//! street basemap's tiles from our own archive (`crate::basemap`). No tile
//! request touches the database or another host.

use super::AppState;
use crate::basemap::TileAnswer;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

/// The tile routes, and the offline outline's built files (`files`) under
/// the same prefix.
pub fn router(files: std::path::PathBuf) -> super::area::Area {
    let mut area = super::area::Area::new().route("/tiles.json", get(tilejson)).route("/{version}/{z}/{x}/{tile}", get(tile));
    area.router = area.router.fallback_service(tower_http::services::ServeDir::new(files));
    area.nest("/basemap")
}

const NONE_INSTALLED: &str =
    "no street basemap is installed on this site; the map shows its offline outline (operators: `atlas basemap import FILE`)";
/// A tile under the current version never changes.
const FOREVER: &str = "public, max-age=31536000, immutable";

/// `GET /basemap/tiles.json`: TileJSON 3.0.0 for the map's script.
async fn tilejson(State(state): State<AppState>) -> Response {
    let Some(basemap) = state.basemap.clone() else {
        return (StatusCode::NOT_FOUND, NONE_INSTALLED).into_response();
    };
    ([(header::CACHE_CONTROL, "no-cache")], axum::Json(basemap.tilejson().clone())).into_response()
}

/// `GET /basemap/{version}/{z}/{x}/{y}.mvt`: the stored bytes as they are.
async fn tile(
    State(state): State<AppState>,
    Path((version, z, x, tile)): Path<(String, String, String, String)>,
    headers: HeaderMap,
) -> Response {
    let Some(basemap) = state.basemap.clone() else {
        return (StatusCode::NOT_FOUND, NONE_INSTALLED).into_response();
    };
    let parsed = || -> Option<(u8, u32, u32)> { Some((z.parse().ok()?, x.parse().ok()?, tile.strip_suffix(".mvt")?.parse().ok()?)) };
    let Some((z, x, y)) = parsed() else {
        return (StatusCode::BAD_REQUEST, "basemap tile addresses are /basemap/VERSION/ZOOM/X/Y.mvt with whole numbers").into_response();
    };
    // A page loaded before the archive was replaced still gets tiles, but
    // none that a browser would keep under the old address.
    let caching = if version == basemap.version() { FOREVER } else { "no-cache" };
    let takes_gzip = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.split(';').next().is_some_and(|e| e.trim().eq_ignore_ascii_case("gzip"))));
    match basemap.tile(z, x, y, !takes_gzip).await {
        Ok(TileAnswer::Tile(bytes)) => {
            let mut response =
                ([(header::CONTENT_TYPE, "application/vnd.mapbox-vector-tile"), (header::CACHE_CONTROL, caching)], bytes).into_response();
            if let Some(encoding) = basemap.encoding().filter(|_| takes_gzip) {
                response.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
            }
            response.headers_mut().insert(header::VARY, HeaderValue::from_static("accept-encoding"));
            response
        }
        // protomaps-leaflet reads the body of any answer: an empty 204 is
        // "nothing here", where an error would be logged in the console.
        Ok(TileAnswer::Empty) => (StatusCode::NO_CONTENT, [(header::CACHE_CONTROL, caching)]).into_response(),
        Ok(TileAnswer::Impossible) => (
            StatusCode::BAD_REQUEST,
            format!("there is no tile {z}/{x}/{y}: at zoom {z} x and y run from 0 to 2^{z}−1, and zoom stops at {}", pmtiles::MAX_ZOOM),
        )
            .into_response(),
        Err(e) => {
            tracing::error!("basemap tile {z}/{x}/{y} could not be read: {e}");
            (StatusCode::NO_CONTENT, [(header::CACHE_CONTROL, "no-cache")]).into_response()
        }
    }
}
