//! Issue 33: following another atlas at national scale. Atlas A serves
//! 100,000 published listings on loopback; atlas B (empty) follows A's
//! ORUK feed: its first reading and a no-change reading, time and peak
//! memory. Then A's `format=ndjson` stream of every service against the
//! same services read as pages of JSON: time to first byte, total, peak
//! memory; and the near-me stream (`format=ndjson` with a postcode, within
//! a radius and over the whole country, nearest first; A knows the
//! postcode districts of `data/uk-outcodes.csv`). Run by `scripts/bench`; `ATLAS_BENCH_SOURCE_RECORDS` sets the
//! size (for a quick look in a debug build), `ATLAS_BENCH_SOURCE_PARTS`
//! which parts run (`follow`, `near`, `stream`; all by default),
//! `ATLAS_BENCH_SOURCE_CHUNK` how many records B matches and writes
//! together (all of them: matching before any writing, as before
//! 2026-12-07; the default otherwise).
//!
//! Both atlases share this process: memory is the process's peak during
//! each step (reset before it through /proc/self/clear_refs), beside what
//! the process held before the step.

// Test code: a failed unwrap is a failed test, with its line.
#![allow(clippy::unwrap_used)]

#[path = "support.rs"]
mod support;

use app::source::SourceFormat;
use leptos::config::LeptosOptions;
use server::atlas::{Atlas, AtlasConfig};
use server::import::listings::{Format, ImportOptions};
use server::store::Store;
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::{Rng, TOWNS};

const WORDS: &[&str] = &["rights", "housing", "asylum", "support", "legal", "advice", "health", "school", "work", "detention", "bail"];

fn runs(part: &str) -> bool {
    std::env::var("ATLAS_BENCH_SOURCE_PARTS").map_or(true, |p| p.split(',').any(|p| p.trim() == part))
}

fn records() -> usize {
    std::env::var("ATLAS_BENCH_SOURCE_RECORDS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000)
}

/// (resident now, peak since the last reset) in MB, and resets the peak.
fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = |key: &str| {
        status.lines().find(|l| l.starts_with(key)).and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok()).unwrap_or(0.0)
    };
    let got = (kb("VmRSS:") / 1024.0, kb("VmHWM:") / 1024.0);
    // "5" resets the peak resident size (Linux 4.0 and later).
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    got
}

async fn atlas(dir: &std::path::Path, public_url: &str) -> Arc<Atlas> {
    let url = format!("sqlite://{}", dir.join("atlas.db").display());
    let mut config = AtlasConfig { public_url: public_url.into(), ..Default::default() };
    config.calendars.allow_private = true;
    config.sources.max_bytes = 2048 * 1024 * 1024;
    config.sources.timeout = Duration::from_secs(600);
    if let Some(chunk) = std::env::var("ATLAS_BENCH_SOURCE_CHUNK").ok().and_then(|v| v.parse().ok()) {
        config.sources.chunk = chunk;
    }
    Arc::new(Atlas::new_with(Store::new(server::db::open(&url).await.unwrap()), config).await.unwrap())
}

async fn fill(atlas: &Atlas, n: usize) {
    let mut rng = Rng(33);
    let lines: Vec<String> = (0..n)
        .map(|i| {
            let (town, lat, lon) = TOWNS[i % TOWNS.len()];
            let kind = ["solidarity_group", "pnp_chapter"][i % 2];
            serde_json::json!({
                "slug": format!("generated-{i:06}"), "kind": kind,
                "name": format!("{town} {} group {i}", rng.pick(WORDS)), "town": town, "summary": rng.sentence(WORDS, 12),
                "latitude": lat + (rng.next() - 0.5) * 0.4, "longitude": lon + (rng.next() - 0.5) * 0.6, "precision": "area",
                "tags": [rng.pick(WORDS)], "languages": ["en", "ar"], "website": format!("https://group{i}.example.org"),
            })
            .to_string()
        })
        .collect();
    let options = ImportOptions { status: app::model::ListingStatus::Published, skip_invalid: false };
    atlas.import_listings(lines.join("\n").as_bytes(), Format::Jsonl, options, |_| {}).await.unwrap();
}

/// Serves `atlas` on loopback (the whole router) at the address returned.
async fn serve(atlas: Arc<Atlas>, listener: tokio::net::TcpListener) {
    let site = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/site");
    let leptos = LeptosOptions::builder().output_name("atlas").site_root(site.display().to_string()).build();
    let app = server::web::router(server::web::AppState::new(leptos, atlas, false));
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
}

/// Reads `url` to its end: (time to first byte, total, bytes).
async fn read_all(client: &reqwest::Client, url: &str) -> (Duration, Duration, usize) {
    let start = Instant::now();
    let mut response = client.get(url).send().await.unwrap();
    assert!(response.status().is_success(), "{url}: {}", response.status());
    let (mut first, mut bytes) = (None, 0);
    while let Some(chunk) = response.chunk().await.unwrap() {
        first.get_or_insert_with(|| start.elapsed());
        bytes += chunk.len();
    }
    (first.unwrap_or_default(), start.elapsed(), bytes)
}

/// Reads an ndjson stream to its end: (first byte, total, bytes, lines).
async fn read_lines(client: &reqwest::Client, url: &str) -> (Duration, Duration, usize, usize) {
    let start = Instant::now();
    let mut response = client.get(url).send().await.unwrap();
    assert!(response.status().is_success(), "{url}: {}", response.status());
    let (mut first, mut bytes, mut lines) = (None, 0, 0);
    while let Some(chunk) = response.chunk().await.unwrap() {
        first.get_or_insert_with(|| start.elapsed());
        bytes += chunk.len();
        lines += chunk.iter().filter(|&&b| b == b'\n').count();
    }
    (first.unwrap_or_default(), start.elapsed(), bytes, lines)
}

#[tokio::main]
async fn main() {
    let n = records();
    let secs = |d: Duration| d.as_secs_f64();
    let (a_dir, b_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let a_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let a_url = format!("http://{}", a_listener.local_addr().unwrap());
    let a = atlas(a_dir.path(), &a_url).await;
    let start = Instant::now();
    fill(&a, n).await;
    let b_chunk = std::env::var("ATLAS_BENCH_SOURCE_CHUNK").unwrap_or_else(|_| "default".into());
    println!("# Following a source: {n} records (B matches and writes {b_chunk} records at a time)\n");
    println!("Atlas A imported {n} published listings in {:.1} s.\n", secs(start.elapsed()));
    serve(a.clone(), a_listener).await;
    let b = atlas(b_dir.path(), "http://127.0.0.1:1").await;
    let admin = app::people::User { id: 0, email: "admin@example.org".into(), role: app::people::Role::Admin, regions: vec![] };
    let id = b.add_source(&admin, "Atlas A", &format!("{a_url}/openreferral"), SourceFormat::Oruk, None, false).await.unwrap();

    if runs("follow") {
        println!("| B reads A's ORUK feed | outcome | new | unchanged | wall | memory before | peak during |");
        println!("|---|---|---|---|---|---|---|");
    }
    for what in ["first reading", "no change"].into_iter().filter(|_| runs("follow")) {
        let (before, _) = memory();
        let start = Instant::now();
        let read = b.fetch_source(id).await.unwrap();
        let took = start.elapsed();
        let (_, peak) = memory();
        assert!(read.problem.is_none(), "{read:?}");
        println!(
            "| {what} | {:?} | {} | {} | {:.1} s | {before:.0} MB | {peak:.0} MB |",
            read.outcome,
            read.counts.new,
            read.counts.unchanged,
            secs(took)
        );
    }

    let client = reqwest::Client::new();
    if runs("near") {
        let outcodes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/uk-outcodes.csv")).unwrap();
        a.import_outcodes(&outcodes[..], |_| {}).await.unwrap();
        println!("\n| A's services near a postcode, nearest first (full=false) | lines | bytes | first byte | total | memory before | peak during |");
        println!("|---|---|---|---|---|---|---|");
        for near in ["postcode=LS6&proximity=25000", "postcode=LS6&proximity=100000", "postcode=LS6"] {
            let (before, _) = memory();
            let url = format!("{a_url}/openreferral/services?format=ndjson&full=false&{near}");
            let (ttfb, total, bytes, lines) = read_lines(&client, &url).await;
            let (_, peak) = memory();
            println!(
                "| {near} | {lines} | {:.1} MB | {:.0} ms | {:.2} s | {before:.0} MB | {peak:.0} MB |",
                bytes as f64 / 1e6,
                secs(ttfb) * 1000.0,
                secs(total)
            );
        }
    }
    println!("\n| A's services, all {n} | requests | bytes | first byte | total | memory before | peak during |");
    println!("|---|---|---|---|---|---|---|");
    for full in ["false", "true"].into_iter().filter(|_| runs("stream")) {
        let (before, _) = memory();
        let (ttfb, total, bytes) = read_all(&client, &format!("{a_url}/openreferral/services?format=ndjson&full={full}")).await;
        let (_, peak) = memory();
        println!(
            "| ndjson, full={full} | 1 | {:.1} MB | {:.0} ms | {:.1} s | {before:.0} MB | {peak:.0} MB |",
            bytes as f64 / 1e6,
            secs(ttfb) * 1000.0,
            secs(total)
        );
        let (before, _) = memory();
        let pages = n.div_ceil(200).max(1);
        let (mut first, mut all, mut bytes) = (Duration::ZERO, Duration::ZERO, 0);
        for page in 1..=pages {
            let (ttfb, total, b) = read_all(&client, &format!("{a_url}/openreferral/services?page={page}&per_page=200&full={full}")).await;
            if page == 1 {
                first = ttfb;
            }
            all += total;
            bytes += b;
        }
        let (_, peak) = memory();
        println!(
            "| pages of 200, full={full} | {pages} | {:.1} MB | {:.0} ms | {:.1} s | {before:.0} MB | {peak:.0} MB |",
            bytes as f64 / 1e6,
            secs(first) * 1000.0,
            secs(all)
        );
    }
}
