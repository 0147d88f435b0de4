//! Rendering leptos pages outside the page routes (a form shown again
//! with its errors).

use super::AppState;
use app::i18n::Locale;
use app::people::{FormState, Viewer};
use app::ports::Services;
use axum::body::Body;
use axum::http::{request::Parts, Method, Request};
use axum::response::Response;
use leptos::prelude::*;

/// What every page's context holds: the services, and from the request
/// the language, the viewer, and a form being shown again.
pub fn page_context(services: Services, signer: crate::secrets::Signer, trust_proxy: bool) -> impl Fn() + Clone + Send + Sync + 'static {
    move || {
        provide_context(services.clone());
        let parts = use_context::<Parts>();
        // Who reads, for counting a resource's reads once per reader a day.
        if let Some(p) = &parts {
            provide_context(app::ports::Reader(super::client::client_of(p, trust_proxy).to_string()));
        }
        let ext = |f: &dyn Fn(&axum::http::Extensions)| {
            if let Some(p) = &parts {
                f(&p.extensions)
            }
        };
        provide_context(parts.as_ref().and_then(|p| p.extensions.get::<Locale>().cloned()).unwrap_or_else(Locale::english));
        provide_context(parts.as_ref().and_then(|p| p.extensions.get::<Viewer>().cloned()).unwrap_or_default());
        ext(&|e| {
            if let Some(form) = e.get::<FormState>() {
                provide_context(form.clone());
            }
        });
        // Forms carry the signed time they were shown (minimum fill time).
        // The time the form was opened, and a nonce: each page view's stamp
        // is its own, so it can be good for one post.
        let started = format!("{}.{}", crate::secrets::now_secs(), &crate::secrets::new_token()[..12]);
        provide_context(app::pages::form::Started(signer.sign(&started)));
        leptos::nonce::provide_nonce();
    }
}

/// Renders the page at `parts.uri` as for a GET, with `parts`' extensions.
pub async fn render_with(state: &AppState, mut parts: Parts) -> Response {
    parts.method = Method::GET;
    parts.headers.remove(axum::http::header::CONTENT_TYPE);
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    let req = Request::from_parts(parts, Body::empty());
    let options = state.leptos.clone();
    let handler = leptos_axum::render_app_async_with_context(
        page_context(state.services.clone(), state.signer.clone(), state.trust_proxy),
        move || app::shell(options.clone()),
    );
    handler(req).await
}
