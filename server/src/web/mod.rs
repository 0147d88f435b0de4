//! The axum application: pages (leptos), the JSON API and static assets.

mod alerts;
mod api;
mod api_examples;
pub mod area;
mod basemap;
mod client;
mod downloads;
mod embed;
mod error;
mod events;
mod feeds;
pub mod forms;
mod language;
mod map_picture;
pub mod metrics;
mod openapi;
mod openreferral;
mod opt_out;
pub mod pages;
mod query;
pub mod refusal;
mod search_api;
pub mod session;
mod sources;
mod translate;

pub use error::ApiError;

use app::ports::Services;
use app::{shell, App};
use axum::extract::{FromRef, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{file_and_error_handler_with_context, generate_route_list, LeptosRoutes};
use std::any::Any;
use std::sync::Arc;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};

/// Longest a request may take, reading its body included.
const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);
use axum::http::HeaderValue;

use crate::atlas::Atlas;
use crate::tiles::{TileError, TileProxy};
use axum::extract::Path;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub leptos: LeptosOptions,
    pub services: Services,
    pub atlas: Arc<Atlas>,
    pub tiles: Option<Arc<TileProxy>>,
    /// The street basemap, when one is installed.
    pub basemap: Option<Arc<crate::basemap::Basemap>>,
    /// Pictures of the map for pages read without JavaScript.
    pub pictures: Arc<map_picture::Pictures>,
    /// Signs the time a form was shown.
    pub signer: crate::secrets::Signer,
    pub limits: Arc<forms::RateLimits>,
    /// A person takes at least this long to fill in a form (spam check).
    pub min_fill_secs: u64,
    /// Cookies only over HTTPS (set when served behind TLS).
    pub secure_cookies: bool,
    /// Take the client address from X-Forwarded-For (behind a proxy).
    pub trust_proxy: bool,
    /// Who may read /metrics (`ATLAS_METRICS_TOKEN`); no route without it.
    pub metrics_token: Option<String>,
    /// Where the search API's searches wait their turn.
    pub searches: Arc<crate::search::SearchQueue>,
    /// `/api/openapi.json`, built once for the kinds and categories it names.
    pub openapi: Arc<openapi::Built>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}

impl AppState {
    pub fn new(mut leptos: LeptosOptions, atlas: Arc<Atlas>, sample_data: bool) -> Self {
        // Content-hashed names from the build, when there is one.
        let versions = std::fs::read_to_string(std::path::Path::new(leptos.site_root.as_ref()).join("asset-versions.json"))
            .map(|text| app::assets::AssetVersions::from_json(&text))
            .unwrap_or_default();
        if let Some(islands) = versions.islands() {
            leptos.output_name = Arc::from(islands);
        }
        let services = Services {
            listings: atlas.read.clone(),
            library: atlas.read.clone(),
            events: atlas.clone(),
            backoffice: atlas.clone(),
            sample_data,
            tile_attribution: None,
            basemap: false,
            assets: Arc::new(versions),
            public_url: atlas.public_url.trim_end_matches('/').to_string(),
            api_reference: Arc::new(openapi::reference()),
            alerts: atlas.clone(),
        };
        let signer = crate::secrets::Signer::new(&atlas.form_secret);
        AppState {
            leptos,
            services,
            atlas,
            tiles: None,
            basemap: None,
            pictures: Arc::default(),
            signer,
            limits: Arc::new(forms::RateLimits::new(20)),
            min_fill_secs: 3,
            secure_cookies: false,
            trust_proxy: false,
            metrics_token: None,
            searches: Arc::new(crate::search::SearchQueue::per_core()),
            openapi: Arc::default(),
        }
    }

    /// Serves a street basemap's tiles (and tells the pages there is one).
    pub fn with_basemap(mut self, basemap: Option<Arc<crate::basemap::Basemap>>) -> Self {
        self.services.basemap = basemap.is_some();
        self.basemap = basemap;
        self
    }

    /// Serves map tiles from the operator's tile server through this one.
    pub fn with_tiles(mut self, tiles: TileProxy, attribution: String) -> Self {
        self.tiles = Some(Arc::new(tiles));
        self.services.tile_attribution = Some(attribution);
        self
    }
}

/// A line per request: method, route template, status and time taken.
/// Never the client's address, and never the path or query as sent: they
/// can hold what a person typed (a search, a town, a sign-in token).
fn request_span(req: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    let route = req.extensions().get::<axum::extract::MatchedPath>().map_or("(no route)", |m| m.as_str());
    tracing::info_span!("request", method = %req.method(), route = %route)
}

fn log_response(res: &Response, latency: std::time::Duration, _span: &tracing::Span) {
    tracing::info!(target: "atlas::request", status = res.status().as_u16(), latency_ms = latency.as_secs_f64() * 1000.0, "answered");
}

/// The routes outside leptos, area by area. `root` is the built site
/// (the basemap area serves the offline outline's files from it).
fn areas(root: &std::path::Path) -> area::Area {
    area::Area::new()
        .route("/healthz", get(health))
        .route("/metrics", get(metrics::metrics))
        .route("/tiles/{z}/{x}/{y}", get(tile))
        .merge(api_area().nest("/api"))
        .merge(forms::router())
        .merge(alerts::router())
        .merge(opt_out::router())
        .merge(sources::router())
        .merge(translate::router())
        .merge(events::feed_router().open_to_any_origin())
        .merge(feeds::router())
        .merge(embed::router())
        .merge(openreferral::router())
        .merge(basemap::router(root.join("basemap")))
        .merge(map_picture::router())
}

/// `/api/…`: JSON answers, a JSON 404 for what is not a route.
fn api_area() -> area::Area {
    let mut api = api::router()
        .merge(downloads::router())
        .merge(search_api::router())
        .merge(events::api_router())
        .route("/openapi.json", axum::routing::get(openapi::openapi_json))
        // `/api` itself: the page that explains the API.
        .route("/", axum::routing::get(|| async { axum::response::Redirect::to("/developers") }));
    api.router = api.router.fallback(api::unknown);
    api.open_to_any_origin()
}

/// Every path the site answers (`{slug}` style parameters), pages and
/// API alike: what the lockdown test walks.
pub fn route_paths() -> Vec<String> {
    let pages = generate_route_list(App).into_iter().map(|r| r.path().to_string());
    let mut paths: Vec<String> = pages.chain(areas(std::path::Path::new("target/site")).paths).collect();
    paths.sort();
    paths.dedup();
    paths
}

/// The whole site.
pub fn router(state: AppState) -> Router {
    // Per request: the services, the visitor's language (chosen by the
    // language layer, which saw the request first) and who they are.
    let context = pages::page_context(state.services.clone(), state.signer.clone(), state.trust_proxy);
    let options = state.leptos.clone();
    let root = std::path::PathBuf::from(state.leptos.site_root.as_ref());
    // Built assets, served with Last-Modified so a later visit costs a
    // 304 per file instead of the file.
    // (`basemap` is served by its area: its files and its tile routes.)
    let assets = ASSET_DIRS
        .into_iter()
        .filter(|d| *d != "basemap")
        .fold(Router::new(), |r, dir| r.nest_service(&format!("/{dir}"), ServeDir::new(root.join(dir))));
    let site = Router::new()
        .merge(assets)
        // At the root, so it may look after /library pages.
        .route_service("/sw.js", tower_http::services::ServeFile::new(root.join("sw.js")))
        .merge(areas(&root).router)
        .leptos_routes_with_context(&state, generate_route_list(App), context.clone(), move || shell(options.clone()))
        // Built assets from the site root; anything else is a 404 page.
        .fallback(file_and_error_handler_with_context::<AppState, _>(context, shell))
        // Files whose address carries their content hash are kept for a
        // year; everything else is revalidated (a 304 costs a few hundred bytes).
        .layer(axum::middleware::from_fn_with_state(state.clone(), forms::show_forms_again))
        .layer(axum::middleware::from_fn(cache_by_content_hash))
        .layer(axum::middleware::from_fn(session::guard))
        .layer(axum::middleware::from_fn_with_state(state.clone(), session::identify))
        .layer(axum::middleware::from_fn(session::security_headers))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn(metrics::measure))
        .layer(tower_http::trace::TraceLayer::new_for_http().make_span_with(request_span).on_request(()).on_response(log_response))
        // A request (its body included) that takes longer than this is
        // answered 408 and its work dropped: nothing a person sends needs it.
        .layer(RequestBodyTimeoutLayer::new(REQUEST_TIMEOUT))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT))
        .layer(CatchPanicLayer::custom(panic_page))
        .layer(axum::middleware::from_fn(refusal::refuse_control_characters))
        // Outermost, so every refusal below (the panic page too) is worded.
        .layer(axum::middleware::from_fn(refusal::word_refusals))
        .with_state(state);
    // Outside the router, because it rewrites the path (`/ar/map` → `/map`)
    // and routing must see the result.
    let site = tower::Layer::layer(&axum::middleware::from_fn(events::ics_addresses), site);
    let with_language = tower::Layer::layer(&axum::middleware::from_fn(language::choose_language), site);
    Router::new().fallback_service(with_language)
}

async fn cache_by_content_hash(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let hashed =
        is_built_asset(req.uri().path()) && req.uri().query().is_some_and(|q| q.starts_with("v=")) || is_hashed_islands(req.uri().path());
    let mut response = next.run(req).await;
    let value = if hashed && response.status().is_success() { "public, max-age=31536000, immutable" } else { "no-cache" };
    response.headers_mut().entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static(value));
    response
}

/// Files scripts/build-site made: the only ones a `?v=` may make public
/// for a year (never a page, which may be private or change).
const ASSET_DIRS: [&str; 4] = ["pkg", "vendor", "assets", "basemap"];

fn is_built_asset(path: &str) -> bool {
    ASSET_DIRS.iter().any(|dir| path.strip_prefix('/').and_then(|p| p.strip_prefix(dir)).is_some_and(|rest| rest.starts_with('/')))
}

/// `/pkg/atlas.<12 hex>.js` or `.wasm`.
fn is_hashed_islands(path: &str) -> bool {
    let Some(name) = path.strip_prefix("/pkg/atlas.") else { return false };
    let hash = name.split('.').next().unwrap_or("");
    hash.len() == 12 && hash.chars().all(|c| c.is_ascii_hexdigit())
}

async fn health(State(state): State<AppState>) -> impl IntoResponse {
    if state.atlas.store.ping().await {
        (StatusCode::OK, "ok")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
    }
}

/// `GET /tiles/{z}/{x}/{y}`: a map tile through the cache (404 when no
/// tile server is configured).
async fn tile(State(state): State<AppState>, Path((z, x, y)): Path<(String, String, String)>) -> Response {
    let Some(tiles) = state.tiles.clone() else {
        return (StatusCode::NOT_FOUND, "no tile server is configured; the map uses its offline basemap").into_response();
    };
    let parse = || -> Option<(u8, u32, u32)> {
        let y = y.split('.').next()?;
        Some((z.parse().ok()?, x.parse().ok()?, y.parse().ok()?))
    };
    let Some((z, x, y)) = parse() else {
        return (StatusCode::BAD_REQUEST, "tile addresses are /tiles/ZOOM/X/Y with whole numbers").into_response();
    };
    match tiles.tile(z, x, y).await {
        Ok(bytes) => ([(header::CONTENT_TYPE, "image/png"), (header::CACHE_CONTROL, "public, max-age=604800")], bytes).into_response(),
        Err(e @ TileError::OutOfRange) => (StatusCode::BAD_REQUEST, e.to_string()).into_response(),
        Err(e @ TileError::Unavailable) => (StatusCode::BAD_GATEWAY, e.to_string()).into_response(),
    }
}

/// A bug must not show internals: log it, answer with a plain page.
fn panic_page(err: Box<dyn Any + Send + 'static>) -> Response {
    let detail =
        err.downcast_ref::<String>().map(String::as_str).or_else(|| err.downcast_ref::<&str>().copied()).unwrap_or("unknown panic");
    tracing::error!("request handler panicked: {detail}");
    refusal::refuse(StatusCode::INTERNAL_SERVER_ERROR, "error-title", app::problem::Problem::Fault)
}
