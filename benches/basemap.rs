//! Issue 28's street basemap, measured. Run by `scripts/bench`.
//!
//! 1. The tile route under 32 concurrent clients, against the same tiles
//!    exploded into z/x/y files served by tower-http's ServeDir (what a
//!    static setup would do), on the same router stack, rounds alternating.
//! 2. What a phone pays: the fixture's heaviest 360×740 view per zoom.
//! 3. The no-JavaScript picture (/map.png): uncached renders of distinct
//!    views with the fixture's streets and of the country overview, against
//!    the cached answer.

// Test code: a failed unwrap is a failed test, with its line.
#![allow(clippy::unwrap_used)]

#[path = "support.rs"]
mod support;

use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use leptos::prelude::LeptosOptions;
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::percentile;
use tower::ServiceExt;

const CLIENTS: usize = 32;
const PER_CLIENT: usize = 200;
const ROUNDS: usize = 4;

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

fn fixture() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/basemap/helsinki.pmtiles")
}

async fn app() -> axum::Router {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("atlas.db").display());
    std::mem::forget(dir);
    let atlas = Arc::new(server::atlas::Atlas::new(server::store::Store::new(server::db::open(&url).await.unwrap())).await.unwrap());
    let site = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/site");
    let leptos = LeptosOptions::builder().output_name("atlas").site_root(site.display().to_string()).build();
    let basemap = server::basemap::Basemap::open(&fixture()).await.unwrap();
    server::web::router(server::web::AppState::new(leptos, atlas, false).with_basemap(Some(Arc::new(basemap))))
}

/// Every request's time, 32 clients at once, each asking `PER_CLIENT` tiles.
async fn load(app: &axum::Router, paths: &Arc<Vec<String>>) -> Vec<Duration> {
    let mut clients = Vec::new();
    for c in 0..CLIENTS {
        let (app, paths) = (app.clone(), paths.clone());
        clients.push(tokio::spawn(async move {
            let mut times = Vec::with_capacity(PER_CLIENT);
            for i in 0..PER_CLIENT {
                let path = &paths[(c * 7 + i) % paths.len()];
                let started = Instant::now();
                let answer = app
                    .clone()
                    .oneshot(Request::get(path.as_str()).header("accept-encoding", "gzip").body(Body::empty()).unwrap())
                    .await
                    .unwrap();
                assert!(answer.status().is_success(), "{path}: {}", answer.status());
                let _ = answer.into_body().collect().await.unwrap();
                times.push(started.elapsed());
            }
            times
        }));
    }
    let mut all = Vec::new();
    for c in clients {
        all.extend(c.await.unwrap());
    }
    all.sort();
    all
}

async fn tile_route() {
    let app = app().await;
    let basemap = server::basemap::Basemap::open(&fixture()).await.unwrap();
    let version = basemap.version().to_string();
    // The fixture's tiles, as stored, also written out as files.
    let files = tempfile::tempdir().unwrap();
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    for z in 0..=14u8 {
        let n = 1u32 << z;
        let (x0, y0) = ((24.944 + 180.0) / 360.0 * f64::from(n), {
            let r = 60.1716f64.to_radians();
            (1.0 - (r.tan() + 1.0 / r.cos()).ln() / std::f64::consts::PI) / 2.0 * f64::from(n)
        });
        for x in (x0 as u32).saturating_sub(1)..=(x0 as u32 + 1).min(n - 1) {
            for y in (y0 as u32).saturating_sub(1)..=(y0 as u32 + 1).min(n - 1) {
                if let Ok(server::basemap::TileAnswer::Tile(bytes)) = basemap.tile(z, x, y, false).await {
                    let dir = files.path().join(format!("{z}/{x}"));
                    std::fs::create_dir_all(&dir).unwrap();
                    std::fs::write(dir.join(format!("{y}.mvt")), &bytes).unwrap();
                    ours.push(format!("/basemap/{version}/{z}/{x}/{y}.mvt"));
                    theirs.push(format!("/{z}/{x}/{y}.mvt"));
                }
            }
        }
    }
    let static_files = axum::Router::new().fallback_service(tower_http::services::ServeDir::new(files.path()));
    let (ours, theirs) = (Arc::new(ours), Arc::new(theirs));
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        a.extend(load(&app, &ours).await);
        b.extend(load(&static_files, &theirs).await);
    }
    a.sort();
    b.sort();
    println!(
        "\n### Basemap tiles: {CLIENTS} clients × {PER_CLIENT} requests × {ROUNDS} alternating rounds ({} tiles of the fixture)\n",
        ours.len()
    );
    println!("| | p50 | p99 |");
    println!("|---|---|---|");
    println!(
        "| `/basemap/…/{{z}}/{{x}}/{{y}}.mvt` (the full site router, from the PMTiles archive) | {} | {} |",
        ms(percentile(&a, 0.5)),
        ms(percentile(&a, 0.99))
    );
    println!("| the same tiles as z/x/y files, tower-http ServeDir alone | {} | {} |", ms(percentile(&b, 0.5)), ms(percentile(&b, 0.99)));
    println!("\nratio of medians (ours / files): {:.2}", percentile(&a, 0.5).as_secs_f64() / percentile(&b, 0.5).as_secs_f64().max(1e-9));
}

async fn phone_views() {
    let dir = tempfile::tempdir().unwrap();
    let slim = dir.path().join("slim.pmtiles");
    let report = server::basemap::import::import(&fixture(), &slim, &["en", "ar", "fa", "fr", "es"]).await.unwrap();
    println!("\n### What a phone pays: the fixture's heaviest 360×740 view per zoom\n");
    println!("Before slimming (as built):\n\n```\n{}```", server::basemap::stats::stats(&fixture()).await.unwrap());
    println!(
        "After `atlas basemap import` ({} → {} bytes):\n\n```\n{}```",
        report.bytes_before,
        report.bytes_after,
        server::basemap::stats::stats(&slim).await.unwrap()
    );
}

async fn pictures() {
    let app = app().await;
    let mut time = |paths: Vec<String>| {
        let app = app.clone();
        async move {
            let mut times = Vec::new();
            for path in paths {
                let started = Instant::now();
                let answer = app.clone().oneshot(Request::get(path.as_str()).body(Body::empty()).unwrap()).await.unwrap();
                assert!(answer.status().is_success(), "{path}");
                let _ = answer.into_body().collect().await.unwrap();
                times.push(started.elapsed());
            }
            times.sort();
            times
        }
    };
    let streets: Vec<String> = (0..60)
        .map(|i| {
            format!(
                "/map.png?lat={:.5}&lon={:.5}&zoom={}",
                60.165 + f64::from(i % 10) * 0.001,
                24.94 + f64::from(i / 10) * 0.002,
                13 + i % 3
            )
        })
        .collect();
    let overview: Vec<String> = (0..30).map(|i| format!("/map.png?lat={:.3}&lon=-3.5&zoom=5", 54.0 + f64::from(i) * 0.01)).collect();
    let uncached_streets = time(streets.clone()).await;
    let cached_streets = time(streets).await;
    let uncached_overview = time(overview).await;
    let _ = &mut time;
    println!("\n### The no-JavaScript map picture (/map.png, 640×480)\n");
    println!("| | p50 | p99 |");
    println!("|---|---|---|");
    for (what, t) in [
        ("streets (fixture, zoom 13–15), uncached", &uncached_streets),
        ("country overview (outline, towns), uncached", &uncached_overview),
        ("streets, cached", &cached_streets),
    ] {
        println!("| {what} | {} | {} |", ms(percentile(t, 0.5)), ms(percentile(t, 0.99)));
    }
}

#[tokio::main]
async fn main() {
    tile_route().await;
    phone_views().await;
    pictures().await;
}
