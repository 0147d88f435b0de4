//! E-mail alerts at national scale (issue 32), measured. Run by
//! `scripts/bench`; timings are reported, never asserted.
//!
//! 100,000 confirmed alerts spread over the UK's postcode districts
//! (`data/uk-outcodes.csv`): mixed kinds, radii, cadences, some for
//! anywhere, some for online events. Then 1,000 items published in a burst
//! (700 listings, 200 event series — a quarter online only, a quarter
//! hybrid — and 100 resources), and:
//!
//! 1. finding an item's subscribers: the in-memory index against what
//!    the site did before (the (status, cell) SQL index for nine grid
//!    cells, every events alert for an online event, every resources
//!    alert), on the same 100 items (every tenth), alternating; medians
//!    and p99; both must find the same alerts;
//! 2. matching and queueing everything (deliveries and instant mail in
//!    the outbox, one transaction per item): the whole burst's time;
//! 3. what one moderator's approval adds to its request: the alert item
//!    written in the approval's transaction (matching is not done in the
//!    request), against the same write without it, and against matching
//!    the item in the request instead.
//!
//! SQLite always; PostgreSQL too with ATLAS_BENCH_POSTGRES. Each part is
//! printed as it finishes. Smaller runs to iterate: ALERTS_BENCH_SUBSCRIBERS
//! (default 100,000), ALERTS_BENCH_ITEMS (default 1,000, split 70/20/10
//! between listings, events and resources) and ALERTS_BENCH_APPROVALS
//! (default 200).

// Test code: a failed unwrap is a failed test, with its line.
#![allow(clippy::unwrap_used)]

#[path = "support.rs"]
mod support;

use app::alerts::{AlertRule, Attend, Cadence, ItemFacts, ItemKind};
use app::location::LatLon;
use server::alerts::key::AlertsKey;
use server::atlas::{Atlas, AtlasConfig};
use server::store::alerts::NewAlert;
use server::store::Store;
use std::io::Write;
use std::time::{Duration, Instant};
use support::{percentile, Rng};

/// How many of something to make: the variable's value, else `default`.
fn count(var: &str, default: usize) -> usize {
    std::env::var(var).ok().and_then(|v| v.replace(['_', ','], "").parse().ok()).unwrap_or(default)
}

struct Sizes {
    subscriptions: usize,
    listings: usize,
    events: usize,
    resources: usize,
}

impl Sizes {
    fn from_env() -> Sizes {
        let items = count("ALERTS_BENCH_ITEMS", 1000).max(10);
        Sizes {
            subscriptions: count("ALERTS_BENCH_SUBSCRIBERS", 100_000),
            listings: items * 7 / 10,
            events: items * 2 / 10,
            resources: items - items * 7 / 10 - items * 2 / 10,
        }
    }

    fn items(&self) -> usize {
        self.listings + self.events + self.resources
    }
}
const KINDS: [&str; 3] = ["solidarity_group", "reporting_centre", "pnp_chapter"];
const CATEGORIES: [&str; 5] = ["meeting", "webinar", "training", "drop_in", "action"];
const TOPICS: [&str; 4] = ["reporting", "housing", "detention", "asylum"];

struct District {
    code: String,
    point: LatLon,
}

fn districts() -> Vec<District> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/uk-outcodes.csv");
    let mut reader = csv::Reader::from_path(path).unwrap();
    reader
        .records()
        .map(|r| r.unwrap())
        .filter_map(|r| {
            let (lat, lon) = (r[3].parse::<f64>().ok()?, r[4].parse::<f64>().ok()?);
            Some(District { code: r[0].to_string(), point: LatLon::new(lat, lon) })
        })
        .collect()
}

fn stats(mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    (percentile(&times, 0.5), percentile(&times, 0.99))
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

/// The confirmed alerts, written in one transaction.
async fn subscribe(store: &Store, key: &AlertsKey, districts: &[District], rng: &mut Rng, sizes: &Sizes) {
    let mut tx = store.begin().await.unwrap();
    for i in 0..sizes.subscriptions {
        let email = format!("subscriber{i}@example.org");
        let anywhere = rng.next() < 0.01;
        let d = &districts[(rng.next() * districts.len() as f64) as usize];
        let mut wants = Vec::new();
        if rng.next() < 0.6 {
            wants.push(ItemKind::Listing);
        }
        if rng.next() < 0.4 {
            wants.push(ItemKind::Event);
        }
        if wants.is_empty() || rng.next() < 0.2 {
            wants.push(ItemKind::Resource);
        }
        let filter = |rng: &mut Rng, words: &[&str], chance: f64| {
            if anywhere || rng.next() < chance {
                rng.pick(words).to_string()
            } else {
                String::new()
            }
        };
        let attend = [Attend::InPerson, Attend::InPerson, Attend::Both, Attend::Both, Attend::Online][(rng.next() * 5.0) as usize];
        let rule = AlertRule {
            wants,
            kind: filter(rng, &KINDS, 0.5),
            tag: String::new(),
            lang: String::new(),
            category: filter(rng, &CATEGORIES, 0.5),
            topic: filter(rng, &TOPICS, 0.5),
            attend,
            radius_km: app::alerts::RADII_KM[(rng.next() * 5.0) as usize],
        };
        let cadence = if rng.next() < 0.7 { Cadence::Instant } else { Cadence::Weekly };
        let salt = format!("salt-{i}");
        let (place, cell) =
            if anywhere { (String::new(), app::alerts::ANYWHERE.to_string()) } else { (d.code.clone(), app::alerts::cell_of(d.point)) };
        let alert = NewAlert {
            address_sealed: &key.seal(&email),
            address_hash: &key.address_hash(&email),
            place: &place,
            cell: &cell,
            rule: &rule,
            cadence,
            mail_lang: ["en", "ar", "fa", "fr", "es"][i % 5],
            neutral: i % 7 == 0,
            follows: None,
            token_salt: &salt,
            token_hash: &server::secrets::hash_token(&key.alert_token(&salt)),
            confirm_hash: &format!("confirm-{i}"),
        };
        tx.add_alert(&alert).await.unwrap();
    }
    tx.commit().await.unwrap();
    // Confirmed a minute apart from the new year on, as people confirm over
    // months: the index's look at what was confirmed since its last (two
    // minutes back) then reads a few, not everything at one instant.
    let confirmed_at = match store.backend() {
        server::db::Backend::Sqlite => "strftime('%Y-%m-%dT%H:%M:%SZ', '2026-01-01', '+' || id || ' minutes')",
        server::db::Backend::Postgres => "to_char(timestamp '2026-01-01' + id * interval '1 minute', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
    };
    sqlx::query(&format!("UPDATE alert_subscriptions SET status = 'confirmed', confirmed_at = {confirmed_at}, confirm_hash = NULL"))
        .execute(store.pool())
        .await
        .unwrap();
}

/// The burst's records as import files, and each item's facts (for the
/// comparison of ways to find subscribers).
struct Burst {
    listings: Vec<u8>,
    events: Vec<u8>,
    resources: Vec<u8>,
    facts: Vec<(ItemKind, ItemFacts)>,
}

fn burst(districts: &[District], rng: &mut Rng, sizes: &Sizes) -> Burst {
    let (mut listings, mut events, mut resources, mut facts) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for i in 0..sizes.listings {
        let d = &districts[(rng.next() * districts.len() as f64) as usize];
        let (lat, lon) = (d.point.lat + (rng.next() - 0.5) * 0.02, d.point.lon + (rng.next() - 0.5) * 0.02);
        let kind = KINDS[i % KINDS.len()];
        writeln!(
            listings,
            r#"{{"slug":"burst-{i}","kind":"{kind}","name":"Burst group {i}","town":"{}","precision":"exact","latitude":{lat:.5},"longitude":{lon:.5},"languages":["en"],"summary":"A generated group for the benchmark."}}"#,
            d.code
        )
        .unwrap();
        facts.push((
            ItemKind::Listing,
            ItemFacts { kind: kind.into(), languages: vec!["en".into()], point: Some(LatLon::new(lat, lon)), ..Default::default() },
        ));
    }
    for i in 0..sizes.events {
        let category = CATEGORIES[i % CATEGORIES.len()];
        let listing = i % sizes.listings;
        let point = facts[listing].1.point;
        let (place, online, in_person) = match i % 4 {
            0 => (r#","place":"online","online_url":"https://meet.example.org/x""#, true, false),
            1 => (r#","online_url":"https://meet.example.org/x""#, true, true),
            _ => ("", false, true),
        };
        writeln!(
            events,
            r#"{{"slug":"burst-event-{i}","listing":"burst-{listing}","title":"Burst event {i}","category":"{category}","start":"2027-03-01T18:00","end":"2027-03-01T20:00","rrule":"FREQ=WEEKLY;BYDAY=MO","languages":["en"]{place}}}"#
        )
        .unwrap();
        let point = if in_person { point } else { None };
        facts.push((
            ItemKind::Event,
            ItemFacts { kind: category.into(), languages: vec!["en".into()], point, online, in_person, ..Default::default() },
        ));
    }
    for i in 0..sizes.resources {
        let topic = TOPICS[i % TOPICS.len()];
        writeln!(
            resources,
            r#"{{"slug":"burst-resource-{i}","title":"Burst guide {i}","summary":"A generated guide.","body":"Text.","kind":"know-your-rights","topics":["{topic}"],"languages":["en"]}}"#
        )
        .unwrap();
        facts.push((
            ItemKind::Resource,
            ItemFacts { kind: "know-your-rights".into(), topics: vec![topic.into()], languages: vec!["en".into()], ..Default::default() },
        ));
    }
    Burst { listings, events, resources, facts }
}

/// What the site did before the index: the alerts of the nine grid cells
/// around a point (the (status, cell) SQL index), or every alert wanting
/// events or resources, then each alert's rule.
async fn by_sql(
    atlas: &Atlas,
    entity: ItemKind,
    facts: &ItemFacts,
    centres: &mut std::collections::HashMap<String, Option<LatLon>>,
) -> usize {
    let candidates = match (entity, facts.point) {
        (ItemKind::Resource, _) => atlas.store.alerts_wanting("resource").await.unwrap(),
        (ItemKind::Event, _) if facts.online => atlas.store.alerts_wanting("event").await.unwrap(),
        (_, Some(p)) => atlas.store.alerts_in_cells(&app::alerts::cells_around(p)).await.unwrap(),
        (_, None) => atlas.store.alerts_in_cells(&[]).await.unwrap(),
    };
    candidates
        .iter()
        .filter(|a| {
            let centre = match a.place.as_str() {
                "" => None,
                place => {
                    match *centres.entry(place.to_string()).or_insert_with(|| atlas.read.gazetteer.resolve(place).map(|p| p.point())) {
                        Some(c) => Some(c),
                        None => return false,
                    }
                }
            };
            server::alerts::index::rule_of(a).matches(centre, entity, facts)
        })
        .count()
}

fn row(what: &str, (p50, p99): (Duration, Duration)) {
    println!("| {what} | {} | {} |", ms(p50), ms(p99));
}

/// Measures on one backend, printing each part as it finishes.
async fn measure(backend: &'static str, url: &str, districts: &[District], sizes: &Sizes) {
    println!("## {backend}\n");
    let key = AlertsKey::from_hex(&"7".repeat(64)).unwrap();
    let config = AtlasConfig {
        // Never dialled: the bench queues mail, it does not send it.
        mailer: server::mail::Mailer::new(Some("smtp://127.0.0.1:9"), "Atlas <atlas@example.org>").unwrap(),
        alerts_key: Some(key.clone()),
        ..Default::default()
    };
    let store = Store::new(server::db::open(url).await.expect("open the database"));
    let atlas = Atlas::new_with(store.clone(), config).await.unwrap();
    let outcodes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/uk-outcodes.csv")).unwrap();
    atlas.import_outcodes(&outcodes[..], |_| {}).await.unwrap();
    let mut rng = Rng(32);
    let t = Instant::now();
    subscribe(&store, &key, districts, &mut rng, sizes).await;
    println!("{} confirmed alerts written in {:.1} s", sizes.subscriptions, t.elapsed().as_secs_f64());
    let t = Instant::now();
    atlas.refresh_alert_index().await.unwrap();
    println!("Index read from the database: {}\n", ms(t.elapsed()));

    let Burst { listings, events, resources, facts } = burst(districts, &mut rng, sizes);
    let published = app::model::ListingStatus::Published;
    let t = Instant::now();
    let options = server::import::listings::ImportOptions { status: published, skip_invalid: false };
    atlas.import_listings(&listings[..], server::import::listings::Format::Jsonl, options, |_| {}).await.unwrap();
    let options = server::events::EventImportOptions { listing: None, exact_venues: false, status: published, skip_invalid: false };
    atlas.import_events(&events[..], server::events::EventFormat::JsonLines, options).await.unwrap();
    atlas.import_resources(&resources[..], published, false, |_| {}).await.unwrap();
    assert_eq!(store.alert_items_waiting().await.unwrap(), sizes.items() as i64);
    println!("The burst published by import (not timed as part of it): {:.1} s\n", t.elapsed().as_secs_f64());

    // 1. Finding subscribers, both ways, alternating on the same items.
    let (mut sql_times, mut index_times, mut matched) = (Vec::new(), Vec::new(), 0);
    let mut centres = Default::default();
    // Every tenth item: reading whole cells is slow enough that all
    // 1,000 would take minutes.
    for (entity, f) in facts.iter().step_by(10) {
        let t = Instant::now();
        let by_sql = by_sql(&atlas, *entity, f, &mut centres).await;
        sql_times.push(t.elapsed());
        let t = Instant::now();
        let by_index = atlas.alert_index_matching(*entity, f).len();
        index_times.push(t.elapsed());
        assert_eq!(by_index, by_sql, "the index finds what the scan finds");
        matched += by_index;
    }
    let (sql, index) = (stats(sql_times), stats(index_times));
    println!("| finding one item's subscribers ({} items; {matched} matches in all) | p50 | p99 |\n|---|---|---|", facts.len() / 10);
    row("before: SQL cells / every events or resources alert, then the rules", sql);
    row("now: the in-memory index, then the rules", index);
    println!("| ratio of medians | {:.0}× | |\n", sql.0.as_secs_f64() / index.0.as_secs_f64());

    // 2. The whole burst: matched, delivered and queued.
    let t = Instant::now();
    let round = atlas.match_alerts(false).await.unwrap();
    let burst = t.elapsed();
    assert_eq!(round.items, sizes.items());
    println!(
        "Burst of {} items matched and queued: **{:.2} s** — {} deliveries, {} instant mails in the outbox\n",
        round.items,
        burst.as_secs_f64(),
        round.deliveries,
        round.mails
    );

    // 2b. The weekly alerts' digest of the same burst (matched at digest
    // time, against the week's rounds).
    let t = Instant::now();
    let cutoff = (chrono::Utc::now() + chrono::Duration::seconds(1)).format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let digests = atlas.digest_weekly_rounds(&cutoff, false).await.unwrap();
    println!("Weekly digest of the burst written: **{:.2} s** — {digests} mails in the outbox\n", t.elapsed().as_secs_f64());

    // 3. One approval's write: without its alert item, with it (what the
    // site does: the background round matches it), and with the item
    // matched and its mail queued in the request (the alternative),
    // alternating on the same listings.
    let (mut with, mut without, mut inline, mut inline_mails) = (Vec::new(), Vec::new(), Vec::new(), 0);
    for i in 0..sizes.listings.min(count("ALERTS_BENCH_APPROVALS", 200)) {
        let slug = format!("burst-{i}");
        let t = Instant::now();
        store.write(async |tx| tx.set_listing_status(&slug, "published").await).await.unwrap();
        without.push(t.elapsed());
        let t = Instant::now();
        store
            .write(async |tx| {
                tx.set_listing_status(&slug, "published").await?;
                tx.add_alert_items(ItemKind::Listing, std::slice::from_ref(&slug)).await
            })
            .await
            .unwrap();
        with.push(t.elapsed());
        // What the background round does with that item, not timed.
        atlas.match_alerts(false).await.unwrap();
        let t = Instant::now();
        store
            .write(async |tx| {
                tx.set_listing_status(&slug, "published").await?;
                tx.add_alert_items(ItemKind::Listing, std::slice::from_ref(&slug)).await
            })
            .await
            .unwrap();
        inline_mails += atlas.match_alerts(false).await.unwrap().mails;
        inline.push(t.elapsed());
    }
    println!("| a moderator's approval (publish one listing; {} listings) | p50 | p99 |\n|---|---|---|", with.len());
    row("the write without an alert item", stats(without));
    row("the write with its alert item (what the site does)", stats(with));
    row(&format!("the write, then matching and queueing its mail in the request ({inline_mails} mails)"), stats(inline));
    println!();
    store.close().await;
}

#[tokio::main]
async fn main() {
    // The matching round logs where its time went.
    tracing_subscriber::fmt().with_env_filter("server::alerts=info").with_writer(std::io::stderr).init();
    let districts = districts();
    let sizes = Sizes::from_env();
    println!(
        "# Alerts benchmark: {} confirmed alerts over {} postcode districts, a burst of {} items\n",
        sizes.subscriptions,
        districts.len(),
        sizes.items()
    );
    let dir = tempfile::tempdir().unwrap();
    measure("SQLite", &format!("sqlite://{}", dir.path().join("bench.db").display()), &districts, &sizes).await;
    match std::env::var("ATLAS_BENCH_POSTGRES") {
        Ok(base) => measure("PostgreSQL", &fresh_database(&base).await, &districts, &sizes).await,
        Err(_) => println!("PostgreSQL skipped: set ATLAS_BENCH_POSTGRES=postgres://user:password@host/db (scripts/bench does)."),
    }
}

/// A new, empty database on the server of `base`.
async fn fresh_database(base: &str) -> String {
    use sqlx::Connection;
    let mut admin = sqlx::PgConnection::connect(base).await.expect("connect to PostgreSQL");
    sqlx::query("DROP DATABASE IF EXISTS atlas_bench_alerts WITH (FORCE)").execute(&mut admin).await.unwrap();
    sqlx::query("CREATE DATABASE atlas_bench_alerts").execute(&mut admin).await.unwrap();
    let mut url = url::Url::parse(base).unwrap();
    url.set_path("atlas_bench_alerts");
    url.to_string()
}
