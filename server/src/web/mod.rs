//! The axum application: pages (leptos), the JSON API and static assets.

mod api;
mod error;

pub use error::ApiError;

use app::i18n::Locale;
use app::ports::Services;
use app::{shell, App};
use axum::extract::{FromRef, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{file_and_error_handler_with_context, generate_route_list, LeptosRoutes};
use std::any::Any;
use std::sync::Arc;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;

use crate::atlas::Atlas;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub leptos: LeptosOptions,
    pub services: Services,
    pub atlas: Arc<Atlas>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}

impl AppState {
    pub fn new(leptos: LeptosOptions, atlas: Arc<Atlas>, sample_data: bool) -> Self {
        let services = Services { listings: atlas.clone(), sample_data };
        AppState { leptos, services, atlas }
    }
}

/// The whole site.
pub fn router(state: AppState) -> Router {
    let services = state.services.clone();
    // Per request: the services, and the visitor's language.
    let context = move || {
        provide_context(services.clone());
        provide_context(Locale::english());
    };
    let options = state.leptos.clone();
    Router::new()
        .nest("/api", api::router())
        .route("/healthz", get(health))
        .leptos_routes_with_context(&state, generate_route_list(App), context.clone(), move || {
            shell(options.clone())
        })
        // Built assets from the site root; anything else is a 404 page.
        .fallback(file_and_error_handler_with_context::<AppState, _>(context, shell))
        .layer(CompressionLayer::new())
        .layer(CatchPanicLayer::custom(panic_page))
        .with_state(state)
}

async fn health(State(state): State<AppState>) -> impl IntoResponse {
    if state.atlas.store.ping().await {
        (StatusCode::OK, "ok")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
    }
}

/// A bug must not show internals: log it, answer with a plain page.
fn panic_page(err: Box<dyn Any + Send + 'static>) -> Response {
    let detail = err
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| err.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    tracing::error!("request handler panicked: {detail}");
    let body = "<!DOCTYPE html><html lang=\"en\"><meta charset=\"utf-8\"><title>Something went wrong</title>\
        <h1>Something went wrong</h1><p>This is a fault on our side, not yours. Please try again in a few minutes.</p></html>";
    (StatusCode::INTERNAL_SERVER_ERROR, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], Html(body))
        .into_response()
}
