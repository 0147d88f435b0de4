//! `GET /metrics`, in the Prometheus text format, for the operator's
//! monitoring: requests by route template and status, their latency, the
//! sizes of the directory and index, the outbox backlog (in all and by
//! kind), alerts matched, queued, sent and failed, how far behind other
//! instances' writes this one is, and rate-limit refusals. Readable
//! only with `Authorization: Bearer $ATLAS_METRICS_TOKEN`; without the
//! variable the route does not exist (404).

use super::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;

/// The process's one recorder (metrics are global), installed on first use.
fn recorder() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let buckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(metrics_exporter_prometheus::Matcher::Full("atlas_request_duration_seconds".into()), &buckets)
            .expect("the buckets are not empty")
            .build_recorder();
        let handle = recorder.handle();
        // Another recorder (a test's) may be installed already: then ours
        // still renders what is recorded through it.
        let _ = metrics::set_global_recorder(recorder);
        handle
    })
}

/// Installs the recorder; call once when the server starts.
pub fn init() {
    recorder();
}

/// Counts and times each request by its route template (never the path
/// as sent, which can hold what a person typed).
pub async fn measure(req: Request, next: Next) -> Response {
    // `/listings/{slug}` is labelled `/listings/:slug`: braces inside label
    // values trip up some Prometheus tooling.
    let route =
        req.extensions().get::<MatchedPath>().map_or_else(|| "(no route)".to_string(), |m| m.as_str().replace('{', ":").replace('}', ""));
    let started = std::time::Instant::now();
    let response = next.run(req).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("atlas_requests_total", "route" => route.clone(), "status" => status).increment(1);
    metrics::histogram!("atlas_request_duration_seconds", "route" => route).record(started.elapsed().as_secs_f64());
    response
}

pub async fn metrics(State(state): State<AppState>, headers: axum::http::HeaderMap) -> Response {
    let Some(token) = state.metrics_token.as_deref() else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let sent = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    if !sent.is_some_and(|s| crate::secrets::same(s, token)) {
        return (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, "Bearer")], "a valid bearer token is required").into_response();
    }
    let atlas = &state.atlas;
    metrics::gauge!("atlas_directory_listings").set(atlas.read.directory.snapshot().len() as f64);
    metrics::gauge!("atlas_search_documents").set(atlas.read.search.num_docs() as f64);
    if let Ok(n) = atlas.store.unsent_mail().await {
        metrics::gauge!("atlas_outbox_unsent").set(n as f64);
    }
    // The backlog by kind of mail: alert mail held by a lockdown shows here.
    if let Ok(by_kind) = atlas.store.unsent_mail_by_purpose().await {
        for (kind, n) in by_kind {
            metrics::gauge!("atlas_outbox_unsent_by_kind", "kind" => kind).set(n as f64);
        }
    }
    // Alert counters show from the first scrape, at 0 until one moves.
    for counter in ["atlas_alerts_matched_total", "atlas_alerts_queued_total", "atlas_alerts_sent_total", "atlas_alerts_failed_total"] {
        metrics::counter!(counter).increment(0);
    }
    if let Ok(n) = atlas.store.alert_items_waiting().await {
        metrics::gauge!("atlas_alert_items_waiting").set(n as f64);
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], recorder().render()).into_response()
}
