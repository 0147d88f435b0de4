//! Issue 27's holds, measured. Run by `scripts/bench`.
//!
//! 1. Expanding old series: the walk from near the window (what the site
//!    does) against the walk from each series' first date (what it did),
//!    on the same series, alternating; medians, p99 and their ratio.
//! 2. The idle-connection flood: /healthz asked from a fresh address
//!    while 1,088 connections from 17 loopback addresses send nothing,
//!    against the same requests with no flood, on the real router.

// Test code: a failed unwrap is a failed test, with its line.
#![allow(clippy::unwrap_used)]

#[path = "support.rs"]
mod support;

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use server::events::recurrence::{normalise_rrule, to_instant, Series};
use std::time::Instant;
use support::percentile;

fn stats(mut times: Vec<std::time::Duration>) -> (std::time::Duration, std::time::Duration) {
    times.sort();
    (percentile(&times, 0.5), percentile(&times, 0.99))
}

fn ms(d: std::time::Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

/// The walk from the first date, as the site did before: every
/// occurrence since then is visited to reach the window.
fn walked_from_the_first(s: &Series, from: DateTime<Utc>, to: DateTime<Utc>) -> usize {
    let text = format!("DTSTART;TZID={}:{}\nRRULE:{}", s.tz.name(), s.start.format("%Y%m%dT%H%M%S"), s.rrule.as_deref().unwrap());
    let set: rrule::RRuleSet = text.parse().unwrap();
    set.into_iter()
        .map(|t| t.naive_local())
        .take_while(|t| to_instant(s.tz, *t).with_timezone(&Utc) < to)
        .filter(|t| to_instant(s.tz, *t + (s.end - s.start)).with_timezone(&Utc) > from - Duration::days(62))
        .take(4000)
        .count()
}

fn expansions() {
    let tz = chrono_tz::Europe::London;
    let local = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap();
    let from = Utc::now();
    let to = from + Duration::days(400);
    println!("\n### Expanding a series first dated long ago (400-day window)\n");
    println!("| series | near the window: p50 / p99 | from the first date: p50 / p99 | ratio of medians |");
    println!("|---|---|---|---|");
    for (start, rule) in [
        ("2026-01-06T18:00", "FREQ=WEEKLY;BYDAY=TU"),
        ("1990-01-02T18:00", "FREQ=WEEKLY;BYDAY=TU"),
        ("1970-01-01T09:00", "FREQ=DAILY"),
        ("1980-01-31T19:00", "FREQ=MONTHLY;BYDAY=-1TH"),
        ("1900-01-01T10:00", "FREQ=DAILY;BYDAY=MO,WE,FR"),
    ] {
        let s = Series {
            tz,
            all_day: false,
            start: local(start),
            end: local(start) + Duration::hours(2),
            rrule: Some(normalise_rrule(rule, tz, local(start)).unwrap()),
            rdates: vec![],
            exdates: vec![],
            overrides: vec![],
            status: app::event::OccurrenceStatus::Scheduled,
        };
        let (mut near, mut first) = (Vec::new(), Vec::new());
        for _ in 0..30 {
            let t = Instant::now();
            std::hint::black_box(s.expand(from, to));
            near.push(t.elapsed());
            let t = Instant::now();
            std::hint::black_box(walked_from_the_first(&s, from, to));
            first.push(t.elapsed());
        }
        let ((n50, n99), (f50, f99)) = (stats(near), stats(first));
        println!(
            "| {rule} from {} | {} / {} | {} / {} | {:.1}× |",
            &start[..10],
            ms(n50),
            ms(n99),
            ms(f50),
            ms(f99),
            f50.as_secs_f64() / n50.as_secs_f64()
        );
    }
    // What a rule the form now refuses cost each view and approval before.
    let old = local("2000-01-01T00:00");
    let text = format!("DTSTART;TZID=Europe/London:{}\nRRULE:FREQ=MINUTELY", old.format("%Y%m%dT%H%M%S"));
    let set: rrule::RRuleSet = text.parse().unwrap();
    let t = Instant::now();
    let walked = set.into_iter().take_while(|d| d.with_timezone(&Utc) < from).count();
    println!("\nFREQ=MINUTELY from 2000 (refused now): the old walk to today visits {walked} dates in {}.", ms(t.elapsed()));
}

async fn healthz_times(addr: std::net::SocketAddr, from: std::net::IpAddr, n: usize) -> (Vec<std::time::Duration>, usize) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let (mut times, mut unanswered) = (Vec::new(), 0);
    for _ in 0..n {
        let t = Instant::now();
        let asked = async {
            let socket = tokio::net::TcpSocket::new_v4()?;
            socket.bind((from, 0).into())?;
            let mut s = socket.connect(addr).await?;
            s.write_all(b"GET /healthz HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n").await?;
            let mut out = Vec::new();
            s.read_to_end(&mut out).await?;
            Ok::<bool, std::io::Error>(out.starts_with(b"HTTP/1.1 200"))
        };
        match tokio::time::timeout(std::time::Duration::from_secs(5), asked).await {
            Ok(Ok(true)) => times.push(t.elapsed()),
            _ => unanswered += 1,
        }
    }
    (times, unanswered)
}

async fn flood() {
    use leptos::prelude::LeptosOptions;
    use server::listen::{serve, ConnectionLimits};
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("atlas.db").display());
    let atlas =
        std::sync::Arc::new(server::atlas::Atlas::new(server::store::Store::new(server::db::open(&url).await.unwrap())).await.unwrap());
    let site = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/site");
    let leptos = LeptosOptions::builder().output_name("atlas").site_root(site.display().to_string()).build();
    let app = server::web::router(server::web::AppState::new(leptos, atlas, true));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // The defaults but a shorter header timeout, as an operator under attack would set.
    let limits = ConnectionLimits { header_timeout: std::time::Duration::from_secs(2), ..ConnectionLimits::default() };
    tokio::spawn(serve(listener, app, limits, std::future::pending()));
    let fresh: std::net::IpAddr = "127.0.0.50".parse().unwrap();
    let (quiet, lost_quiet) = healthz_times(addr, fresh, 200).await;
    // 17 addresses × 64 connections that never send a byte.
    let mut idle = Vec::new();
    for a in 2..19u8 {
        for _ in 0..64 {
            let socket = tokio::net::TcpSocket::new_v4().unwrap();
            socket.bind((std::net::Ipv4Addr::new(127, 0, 0, a), 0).into()).unwrap();
            if let Ok(s) = socket.connect(addr).await {
                idle.push(s);
            }
        }
    }
    let held = idle.len();
    let (flooded, lost_flooded) = healthz_times(addr, fresh, 200).await;
    let ((q50, q99), (f50, f99)) = (stats(quiet), stats(flooded));
    println!("\n### /healthz from a fresh address, 200 requests one after another (header timeout 2 s)\n");
    println!("| | p50 | p99 | unanswered in 5 s |");
    println!("|---|---|---|---|");
    println!("| no flood | {} | {} | {lost_quiet} |", ms(q50), ms(q99));
    println!("| {held} idle connections from 17 addresses | {} | {} | {lost_flooded} |", ms(f50), ms(f99));
    drop(idle);
}

#[tokio::main]
async fn main() {
    expansions();
    flood().await;
}
