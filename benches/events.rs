//! What's on at national scale: 100,000 listings and 50,000 event series
//! (a fifth weekly, a third monthly, the rest one-off: about a million
//! occurrences in the kept window) imported into SQLite. Reports the time
//! to expand every series, "what's on this week within 10 km" through the
//! use case (p50, p99) against the same question asked in plain SQL of the
//! occurrences table in the same run, and a feed of 1,000 series.
//! Run by `scripts/bench`.

// Test code: a failed unwrap is a failed test, with its line.
#![allow(clippy::unwrap_used)]

#[path = "support.rs"]
mod support;

use server::atlas::Atlas;
use server::events::{EventFormat, EventImportOptions};
use server::import::listings::{Format, ImportOptions};
use server::store::Store;
use std::time::{Duration, Instant};
use support::{percentile, Rng, TOWNS};

const LISTINGS: usize = 100_000;
const SERIES: usize = 50_000;
const ROUNDS: usize = 200;
const DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

fn stats(mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    (percentile(&times, 0.5), percentile(&times, 0.99))
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("atlas.db").display());
    let atlas = Atlas::new(Store::new(server::db::open(&url).await.unwrap())).await.unwrap();
    let mut rng = Rng(7);
    let lines: Vec<String> = (0..LISTINGS)
        .map(|i| {
            let (town, lat, lon) = TOWNS[i % TOWNS.len()];
            serde_json::json!({
                "slug": format!("generated-{i:06}"), "kind": "solidarity_group", "name": format!("{town} group {i}"), "town": town,
                "latitude": lat + (rng.next() - 0.5) * 0.4, "longitude": lon + (rng.next() - 0.5) * 0.6, "precision": "approximate",
                "languages": ["en"],
            })
            .to_string()
        })
        .collect();
    let options = ImportOptions { status: app::model::ListingStatus::Published, skip_invalid: false };
    atlas.import_listings(lines.join("\n").as_bytes(), Format::Jsonl, options, |_| {}).await.unwrap();

    let today = server::events::query::today_in_london();
    let lines: Vec<String> = (0..SERIES)
        .map(|i| {
            let first = today - chrono::Duration::days(30) + chrono::Duration::days((rng.next() * 60.0) as i64);
            let day = DAYS[chrono::Datelike::weekday(&first).num_days_from_monday() as usize];
            let rule = match i % 20 {
                0..=3 => Some(format!("FREQ=WEEKLY;BYDAY={day}")),
                4..=10 => Some(format!("FREQ=MONTHLY;BYDAY=2{day}")),
                _ => None,
            };
            // A one-off lands anywhere in the next year.
            let first = if rule.is_none() { today + chrono::Duration::days((rng.next() * 365.0) as i64) } else { first };
            let hour = 10 + (i % 9);
            let category = ["regular_activity", "meeting", "training", "drop_in"][i % 4];
            serde_json::json!({
                "slug": format!("event-{i:06}"), "listing": format!("generated-{:06}", (i * 7919) % LISTINGS), "title": format!("Event {i}"),
                "category": category,
                "start": format!("{first}T{hour:02}:00"), "end": format!("{first}T{:02}:30", hour + 1), "rrule": rule,
                "languages": ["en"],
            })
            .to_string()
        })
        .collect();
    let started = Instant::now();
    let options =
        EventImportOptions { listing: None, exact_venues: false, status: app::model::ListingStatus::Published, skip_invalid: false };
    atlas.import_events(lines.join("\n").as_bytes(), EventFormat::JsonLines, options).await.unwrap();
    let import = started.elapsed();
    let started = Instant::now();
    let (series, occurrences) = atlas.expand_all_events().await.unwrap();
    let expand = started.elapsed();
    println!("## What's on: {LISTINGS} listings, {series} series, {occurrences} occurrences kept\n");
    println!("| step | time |\n|---|---|");
    println!("| import (check, store, expand) | {:.1} s |", import.as_secs_f64());
    println!("| expand every series again (nightly) | {:.1} s |\n", expand.as_secs_f64());

    // "What's on this week within 10 km", at each town, through the use case…
    let week = (today.to_string(), (today + chrono::Duration::days(6)).to_string());
    let mut ours = Vec::new();
    let mut found = 0;
    for round in 0..ROUNDS {
        let (_, lat, lon) = TOWNS[round % TOWNS.len()];
        let q = app::ports::EventQuery {
            from: Some(week.0.clone()),
            to: Some(week.1.clone()),
            near: Some(app::location::LatLon::new(lat, lon)),
            radius_km: Some(10.0),
            limit: 50,
            ..Default::default()
        };
        let t = Instant::now();
        let (page, _) = atlas.find_occurrences(&q).await.unwrap();
        ours.push(t.elapsed());
        found += page.items.len();
    }
    // …and the same question in SQL: occurrences of published series in the
    // week whose public point (the listing's) lies in the 10 km box, by time.
    let pool = atlas.store.pool().clone();
    let sql = "SELECT o.event_id, o.starts_at FROM event_occurrences o
               JOIN events e ON e.id = o.event_id JOIN listings l ON l.slug = e.listing_slug
               WHERE o.starts_at < $1 AND o.ends_at > $2 AND o.starts_at >= $3 AND e.status = 'published' AND l.status = 'published'
                 AND l.public_latitude BETWEEN $4 AND $5 AND l.public_longitude BETWEEN $6 AND $7
               ORDER BY o.starts_at, o.event_id, o.recurrence_id LIMIT 50";
    let from = format!("{}T00:00:00Z", week.0);
    let to = format!("{}T00:00:00Z", today + chrono::Duration::days(7));
    let earliest = format!("{}T00:00:00Z", today - chrono::Duration::days(62));
    let mut plain = Vec::new();
    let mut sql_found = 0;
    for round in 0..ROUNDS {
        let (_, lat, lon) = TOWNS[round % TOWNS.len()];
        let (dlat, dlon) = app::location::degrees_around(app::location::LatLon::new(lat, lon), 10.0);
        let t = Instant::now();
        let rows = sqlx::query(sql)
            .bind(&to)
            .bind(&from)
            .bind(&earliest)
            .bind(lat - dlat)
            .bind(lat + dlat)
            .bind(lon - dlon)
            .bind(lon + dlon)
            .fetch_all(&pool)
            .await
            .unwrap();
        plain.push(t.elapsed());
        sql_found += rows.len();
    }
    let (o50, o99) = stats(ours);
    let (s50, s99) = stats(plain);
    println!("| this week within 10 km (50 per page) | p50 | p99 | found per query |\n|---|---|---|---|");
    println!("| use case (`/api/events`) | {} | {} | {:.0} |", ms(o50), ms(o99), found as f64 / ROUNDS as f64);
    println!(
        "| plain SQL, bounding box on the listing's public point | {} | {} | {:.0} |",
        ms(s50),
        ms(s99),
        sql_found as f64 / ROUNDS as f64
    );
    println!(
        "| ratio (use case / SQL) | {:.1}× | {:.1}× | |\n",
        o50.as_secs_f64() / s50.as_secs_f64(),
        o99.as_secs_f64() / s99.as_secs_f64()
    );

    // A feed of (up to) 1,000 series: everything within 25 km of London for a month.
    let q = app::ports::EventQuery {
        near: Some(app::location::LatLon::new(51.51, -0.13)),
        radius_km: Some(25.0),
        from: Some(today.to_string()),
        to: Some((today + chrono::Duration::days(30)).to_string()),
        ..Default::default()
    };
    let mut feeds = Vec::new();
    let mut size = (0, 0);
    for _ in 0..10 {
        let t = Instant::now();
        let feed = atlas.event_feed(&q, "bench", None).await.unwrap();
        feeds.push(t.elapsed());
        size = (feed.body.matches("BEGIN:VEVENT").count(), feed.body.len());
    }
    let (f50, f99) = stats(feeds);
    println!("| feed | series | bytes | p50 | max of 10 |\n|---|---|---|---|---|");
    println!("| `/events.ics`, 25 km of London, 30 days | {} | {} | {} | {} |", size.0, size.1, ms(f50), ms(f99));
}
