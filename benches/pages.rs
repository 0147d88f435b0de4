//! Every public page at national scale: 100,000 listings and 20,000
//! resources imported through the importers into SQLite, then each page
//! asked for in English and Arabic through the whole router (compression,
//! language, session layers) as a phone's browser asks (brotli). Reports
//! the compressed bytes and the server time (p50, p99); and, beside them,
//! the same pages with the 71 sample listings, so the ratio shows whether
//! anything grows with the directory. Run by `scripts/bench`.

// Test code: a failed unwrap is a failed test, with its line.
#![allow(clippy::unwrap_used)]

#[path = "support.rs"]
mod support;

use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use server::atlas::Atlas;
use server::import::listings::{Format, ImportOptions};
use server::store::Store;
use server::web::{router, AppState};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::{percentile, Rng, TOWNS};
use tower::ServiceExt;

const LISTINGS: usize = 100_000;
const RESOURCES: usize = 20_000;
const ROUNDS: usize = 40;
const PAGES: &[(&str, &str)] = &[
    ("home", "/"),
    ("map", "/map"),
    ("directory", "/listings"),
    ("near me (S1)", "/listings?near=S1"),
    ("search", "/search?q=legal+advice"),
    ("library", "/library"),
    ("a listing", "/listings/generated-000001"),
    ("a resource", "/library/generated-r00001"),
    ("register", "/register"),
];
const WORDS: &[&str] = &["rights", "housing", "asylum", "support", "legal", "advice", "health", "school", "work", "detention", "bail"];

async fn atlas_with(listings: usize, resources: usize, dir: &std::path::Path) -> Arc<Atlas> {
    let url = format!("sqlite://{}", dir.join("atlas.db").display());
    let atlas = Atlas::new(Store::new(server::db::open(&url).await.unwrap())).await.unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let sample = std::fs::read(root.join("data/sample-listings.jsonl")).unwrap();
    let options = ImportOptions { status: app::model::ListingStatus::Published, skip_invalid: false };
    atlas.import_listings(&sample[..], Format::Jsonl, options, |_| {}).await.unwrap();
    let sample = std::fs::read(root.join("data/sample-resources.jsonl")).unwrap();
    atlas.import_resources(&sample[..], app::model::ListingStatus::Published, false, |_| {}).await.unwrap();
    let outcodes = std::fs::File::open(root.join("data/uk-outcodes.csv")).unwrap();
    atlas.import_outcodes(outcodes, |_| {}).await.unwrap();
    let mut rng = Rng(11);
    let lines: Vec<String> = (0..listings)
        .map(|i| {
            let (town, lat, lon) = TOWNS[i % TOWNS.len()];
            let kind = ["solidarity_group", "pnp_chapter"][i % 2];
            serde_json::json!({
                "slug": format!("generated-{i:06}"), "kind": kind,
                "name": format!("{town} {} group {i}", rng.pick(WORDS)), "town": town, "summary": rng.sentence(WORDS, 12),
                "latitude": lat + (rng.next() - 0.5) * 0.4, "longitude": lon + (rng.next() - 0.5) * 0.6, "precision": "area",
                "tags": [rng.pick(WORDS)], "languages": ["en", "ar"],
            })
            .to_string()
        })
        .collect();
    if listings > 0 {
        atlas.import_listings(lines.join("\n").as_bytes(), Format::Jsonl, options, |_| {}).await.unwrap();
    }
    let lines: Vec<String> = (0..resources)
        .map(|i| {
            let lang = ["en", "ar", "fa", "fr"][i % 4];
            serde_json::json!({
                "slug": format!("generated-r{i:05}"), "title": rng.sentence(WORDS, 5), "summary": rng.sentence(WORDS, 15),
                "body": rng.sentence(WORDS, 120), "kind": "guide", "languages": [lang],
                "topics": [rng.pick(WORDS)], "published": format!("2026-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
            })
            .to_string()
        })
        .collect();
    if resources > 0 {
        atlas.import_resources(lines.join("\n").as_bytes(), app::model::ListingStatus::Published, false, |_| {}).await.unwrap();
    }
    Arc::new(atlas)
}

fn app(atlas: Arc<Atlas>) -> axum::Router {
    let site = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/site");
    let leptos = LeptosOptions::builder().output_name("atlas").site_root(site.display().to_string()).build();
    router(AppState::new(leptos, atlas, false))
}

/// (compressed bytes, p50, p99) of `ROUNDS` requests for `uri`.
async fn measure(app: &axum::Router, uri: &str) -> (usize, Duration, Duration) {
    let mut times = Vec::with_capacity(ROUNDS);
    let mut bytes = 0;
    for round in 0..ROUNDS + 3 {
        let request = Request::get(uri).header("accept-encoding", "br").body(Body::empty()).unwrap();
        let start = Instant::now();
        let response = app.clone().oneshot(request).await.unwrap();
        assert!(response.status().is_success(), "{uri}: {}", response.status());
        bytes = response.into_body().collect().await.unwrap().to_bytes().len();
        if round >= 3 {
            times.push(start.elapsed());
        }
    }
    times.sort();
    (bytes, percentile(&times, 0.5), percentile(&times, 0.99))
}

#[tokio::main]
async fn main() {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let small_dir = tempfile::tempdir().unwrap();
    let small = app(atlas_with(0, 0, small_dir.path()).await);
    let big_dir = tempfile::tempdir().unwrap();
    let start = Instant::now();
    let big = app(atlas_with(LISTINGS, RESOURCES, big_dir.path()).await);
    // Let the search index's background merges after the import finish.
    tokio::time::sleep(Duration::from_secs(15)).await;
    println!("# Page benchmark: {LISTINGS} listings + {RESOURCES} resources against the 71 samples\n");
    println!("Import (listings and resources, checked, stored, indexed): {:.1} s\n", start.elapsed().as_secs_f64());
    println!("Brotli bytes of the HTML and server time over {ROUNDS} requests (in-process, the whole router).\n");
    println!("| page | lang | bytes, samples | bytes, 100k | ratio | p50 | p99 | p50, samples |");
    println!("|---|---|---|---|---|---|---|---|");
    for lang in ["en", "ar"] {
        for (name, path) in PAGES {
            let uri = if lang == "en" { path.to_string() } else { format!("/{lang}{path}") };
            let small_uri =
                uri.replace("generated-000001", "sheffield-welcome-drop-in").replace("generated-r00001", "kyr-reporting-centre");
            let (small_bytes, small_p50, _) = measure(&small, &small_uri).await;
            let (bytes, p50, p99) = measure(&big, &uri).await;
            println!(
                "| {name} | {lang} | {:.1} KB | {:.1} KB | {:.2}× | {:.2} ms | {:.2} ms | {:.2} ms |",
                small_bytes as f64 / 1024.0,
                bytes as f64 / 1024.0,
                bytes as f64 / small_bytes as f64,
                ms(p50),
                ms(p99),
                ms(small_p50)
            );
        }
    }
}
