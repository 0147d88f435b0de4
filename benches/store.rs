//! The two database backends side by side: the same store code, the same
//! generated data, in the same run — SQLite (a file on this machine) and
//! PostgreSQL (a server on loopback, as several instances would use it).
//!
//! Measures what the site does to its database: an import of 20,000
//! listings (one transaction, revisions kept), loading every published
//! listing (each instance's reload), the polls every instance makes, a
//! session lookup (every signed-in request), a rate-limit count (every
//! public form post), one moderator write (archive: a transaction that
//! moves the data version on), and, with a second instance following the
//! first at the production interval, how long a listing published through
//! one takes to be found by the other's search.
//!
//! Run with `scripts/bench` (it starts PostgreSQL and passes
//! ATLAS_BENCH_POSTGRES); without it only SQLite runs. Timings are reported,
//! never asserted.

// Test code: a failed unwrap is a failed test, with its line.
#![allow(clippy::unwrap_used)]

use server::atlas::Atlas;
use server::import::listings::{Format, ImportOptions};
use server::store::Store;
use std::io::Write;
use std::time::{Duration, Instant};

mod support;
use support::{percentile, Rng};

const N: usize = 20_000;

struct Timings {
    import: Duration,
    rows: Vec<(&'static str, usize, Duration)>,
}

async fn measure(url: &str, file: &[u8]) -> Timings {
    let store = Store::new(server::db::open(url).await.expect("open the database"));
    let atlas = Atlas::new(store.clone()).await.unwrap();
    let started = Instant::now();
    let options = ImportOptions { status: app::model::ListingStatus::Published, skip_invalid: false };
    let report = atlas.import_listings(file, Format::Jsonl, options, |_| {}).await.unwrap();
    let import = started.elapsed();
    assert_eq!(report.stored.created, N);

    let mut rows = Vec::new();
    macro_rules! time_it {
        ($name:expr, $n:expr, |$i:ident| $body:expr) => {{
            let mut times = Vec::with_capacity($n);
            for $i in 0..$n {
                let t = Instant::now();
                $body;
                times.push(t.elapsed());
            }
            times.sort();
            rows.push(($name, $n, percentile(&times, 0.5)));
        }};
    }
    time_it!("load every published listing (an instance's reload)", 5, |_i| assert_eq!(store.published_listings().await.unwrap().len(), N));
    time_it!("poll the data version (each instance, every second)", 500, |_i| store.data_version().await.unwrap());
    time_it!("full search marker (each instance, every 30 s)", 100, |_i| store.search_marker().await.unwrap());
    let (user, _) = store.write(async |tx| tx.put_user("bench@example.org", app::people::Role::Moderator, &[]).await).await.unwrap();
    store.write(async |tx| tx.create_session("bench-session", user.id, 30).await).await.unwrap();
    time_it!("session lookup (every signed-in request)", 1000, |_i| assert!(store.session_user("bench-session").await.unwrap().is_some()));
    time_it!("rate-limit count (every public post)", 1000, |i| store.count_hit(&format!("client-{}", i % 50), 1).await.unwrap());
    time_it!("archive one listing (a moderator's write)", 200, |i| {
        let slug = format!("bench-{i}");
        assert!(store.write(async |tx| tx.set_listing_status(&slug, "archived").await).await.unwrap().0)
    });

    // A second instance on the same database, with its own index, following
    // at the production interval (1 s): how long until a listing published
    // through the first is found by the second's search.
    let b_dir = tempfile::tempdir().unwrap();
    let b =
        std::sync::Arc::new(Atlas::open(Store::new(server::db::open(url).await.unwrap()), b_dir.path(), Default::default()).await.unwrap());
    b.check_search().await.unwrap();
    let t = Instant::now();
    b.read.rebuild_search(|_, _| {}).await.unwrap();
    let rebuild = t.elapsed();
    b.clone().follow_changes(Duration::from_secs(1));
    tokio::time::sleep(Duration::from_millis(1500)).await;
    time_it!("published on instance A → found by B's search", 10, |i| {
        let word = format!("freshword{i}");
        let line = format!(r#"{{"slug":"fresh-{i}","kind":"solidarity_group","name":"{word} group","town":"Leeds"}}"#);
        atlas.import_listings(line.as_bytes(), Format::Jsonl, options, |_| {}).await.unwrap();
        let query = app::search::SearchQuery { text: word, limit: 1, ..Default::default() };
        while b.read.search.search(&query).unwrap().total == 0 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    });
    rows.push(("B rebuilding its whole index (before: every change)", 1, rebuild));
    store.close().await;
    Timings { import, rows }
}

#[tokio::main]
async fn main() {
    let mut rng = Rng(6);
    let mut file = Vec::new();
    for i in 0..N {
        let (lat, lon) = (50.5 + rng.next() * 5.0, -4.5 + rng.next() * 5.0);
        writeln!(
            file,
            r#"{{"slug":"bench-{i}","kind":"solidarity_group","name":"Bench group {i}","town":"Benchtown","precision":"approximate","latitude":{lat:.5},"longitude":{lon:.5},"tags":["football"],"languages":["en","ar"],"summary":"A generated group for the benchmark."}}"#
        )
        .unwrap();
    }
    println!("# Store benchmark: {N} listings, SQLite and PostgreSQL through the same store\n");

    let dir = tempfile::tempdir().unwrap();
    let sqlite = measure(&format!("sqlite://{}", dir.path().join("bench.db").display()), &file).await;
    let postgres = match std::env::var("ATLAS_BENCH_POSTGRES") {
        Ok(base) => Some(measure(&fresh_database(&base).await, &file).await),
        Err(_) => None,
    };

    println!("| measure | runs | SQLite p50 | PostgreSQL p50 | PostgreSQL / SQLite |\n|---|---|---|---|---|");
    let ms = |d: Duration| format!("{:.3} ms", d.as_secs_f64() * 1e3);
    let ratio = |a: Duration, b: Duration| format!("{:.1}×", b.as_secs_f64() / a.as_secs_f64());
    match &postgres {
        Some(pg) => println!(
            "| import of {N} listings (one transaction) | 1 | {:.2} s | {:.2} s | {} |",
            sqlite.import.as_secs_f64(),
            pg.import.as_secs_f64(),
            ratio(sqlite.import, pg.import)
        ),
        None => println!("| import of {N} listings (one transaction) | 1 | {:.2} s | – | – |", sqlite.import.as_secs_f64()),
    }
    for (i, (name, n, lite)) in sqlite.rows.iter().enumerate() {
        match &postgres {
            Some(pg) => println!("| {name} | {n} | {} | {} | {} |", ms(*lite), ms(pg.rows[i].2), ratio(*lite, pg.rows[i].2)),
            None => println!("| {name} | {n} | {} | – | – |", ms(*lite)),
        }
    }
    if postgres.is_none() {
        println!("\nPostgreSQL skipped: set ATLAS_BENCH_POSTGRES=postgres://user:password@host/db (scripts/bench does).");
    }
}

/// A new, empty database on the server of `base`.
async fn fresh_database(base: &str) -> String {
    use sqlx::Connection;
    let mut admin = sqlx::PgConnection::connect(base).await.expect("connect to PostgreSQL");
    sqlx::query("DROP DATABASE IF EXISTS atlas_bench_store WITH (FORCE)").execute(&mut admin).await.unwrap();
    sqlx::query("CREATE DATABASE atlas_bench_store").execute(&mut admin).await.unwrap();
    let mut url = url::Url::parse(base).unwrap();
    url.set_path("atlas_bench_store");
    url.to_string()
}
