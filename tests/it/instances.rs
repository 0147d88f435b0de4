//! Several `atlas serve` instances on one database (PostgreSQL on the
//! second pass of scripts/test, one SQLite file on the first): writes
//! through one are seen by the others' search within 2 s; sessions, rate
//! limits and the lockdown switch hold across them; a killed instance
//! catches up on start and loses nothing; PostgreSQL restarting under load
//! gives 503s and then recovers on its own.

use crate::common;

use common::process::{Installation, PrivatePostgres};
use common::smtp::MailServer;
use common::*;
use std::time::{Duration, Instant};

const ADMIN: &str = "admin@example.org";
const GROUP: &str = "rotherham.cafe@example.org";
const FILL: Duration = Duration::from_millis(3100);
const REPORT: &str = "/listings/sheffield-welcome-drop-in/report";

/// The report form's anti-forgery fields, old enough to be accepted (a real
/// server refuses forms filled quicker than a person could); they can be
/// sent many times.
async fn report_tokens(v: &mut Visitor, n: usize) -> std::collections::VecDeque<(String, String)> {
    let mut tokens = std::collections::VecDeque::new();
    for _ in 0..n {
        tokens.push_back(v.form_tokens(REPORT).await);
    }
    tokio::time::sleep(FILL).await;
    tokens
}

/// Posts a report with the next form stamp (each is good for one post);
/// the answer's status.
async fn report(v: &mut Visitor, tokens: &mut std::collections::VecDeque<(String, String)>, message: &str) -> u16 {
    let (csrf, started) = tokens.pop_front().expect("a form stamp for each report");
    let fields = [("csrf", csrf.as_str()), ("started", started.as_str()), ("category", "wrong"), ("message", message)];
    v.post_raw(REPORT, &fields).await.status.as_u16()
}

fn token_path(link: &str) -> (String, String) {
    let path = link.trim_start_matches("http://atlas.test").to_string();
    let token = path.split("token=").nth(1).unwrap().to_string();
    (path, token)
}

/// Polls `check` every 50 ms for up to `limit`; the time it took.
async fn within(limit: Duration, mut check: impl AsyncFnMut() -> bool) -> Option<Duration> {
    let started = Instant::now();
    while started.elapsed() < limit {
        if check().await {
            return Some(started.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    None
}

async fn installation(dir: &std::path::Path, mail: &MailServer) -> Installation {
    let install = Installation { database_url: database_url_for(dir), smtp_url: mail.url.clone() };
    install.atlas(&["user", "add", "--email", ADMIN, "--role", "admin"], &dir.join("tool"));
    install
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_share_writes_sessions_limits_and_lockdown() {
    let dir = tempfile::tempdir().unwrap();
    let mail = MailServer::start(None).await;
    let install = installation(dir.path(), &mail).await;
    let a = install.start(&dir.path().join("a")).await;
    let b = install.start(&dir.path().join("b")).await;

    // A group registers through A and confirms.
    let mut group = Visitor::remote(&a.base);
    let fields = [
        ("name", "Rotherham Refugee Cafe"),
        ("kind", "solidarity_group"),
        ("summary", "Tea, food and advice every Thursday."),
        ("town", "Rotherham"),
        ("precision", "area"),
        ("contact_email", GROUP),
        ("nickname", ""),
    ];
    let answer = group.submit_after("/register", "/register", &fields, FILL).await;
    assert_eq!(answer.location.as_deref(), Some("/thanks/registered"), "{}", answer.body);
    let (path, token) = token_path(&mail.wait_for(GROUP, "confirm").await.link("http://atlas.test/confirm?token=").unwrap());
    let answer = group.submit(&path, "/confirm", &[("token", &token)]).await;
    assert_eq!(answer.location.as_deref(), Some("/thanks/confirmed"), "{}", answer.body);

    // The admin signs in on A and approves it there.
    let mut admin = Visitor::remote(&a.base);
    admin.sign_in(ADMIN, &mail).await;
    let queue = admin.get("/moderate").await.body;
    let id = queue.split("/moderate/submissions/").nth(1).expect("a submission in the queue").split('"').next().unwrap().to_string();
    let approve: Vec<(&str, &str)> = fields.iter().copied().filter(|(k, _)| *k != "contact_email" && *k != "nickname").collect();
    let answer = admin.submit(&format!("/moderate/submissions/{id}"), &format!("/moderate/submissions/{id}/approve"), &approve).await;
    assert_eq!(answer.status.as_u16(), 303, "{}", answer.body);
    let approved = Instant::now();

    // B's own search index finds it within 2 seconds.
    let found =
        within(Duration::from_secs(5), async || b.get("/api/search?q=rotherham+refugee+cafe").await.1.contains("Rotherham Refugee Cafe"))
            .await;
    let took = approved.elapsed();
    println!("approved on A, found by B's search after {took:?}");
    assert!(found.is_some() && took <= Duration::from_secs(2), "B found it after {took:?} (limit 2 s)");

    // The session made on A is good on B.
    let mut admin_on_b = Visitor::remote(&b.base);
    admin_on_b.cookies = admin.cookies.clone();
    assert_eq!(admin_on_b.get("/moderate").await.status.as_u16(), 200, "A's session works on B");

    // Lockdown switched on B hides listings on A within 2 seconds.
    assert!(a.get("/api/listings?q=sheffield+welcome").await.1.contains("Sheffield Welcome Drop-in"));
    let answer = admin_on_b.submit("/admin", "/admin/lockdown", &[("on", "on"), ("reason", "drill")]).await;
    assert_eq!(answer.status.as_u16(), 303, "{}", answer.body);
    let hidden =
        within(Duration::from_secs(2), async || !a.get("/api/listings?q=sheffield+welcome").await.1.contains("Sheffield Welcome Drop-in"))
            .await;
    assert!(hidden.is_some(), "A still shows listings 2 s after lockdown on B");
    admin_on_b.submit("/admin", "/admin/lockdown", &[("on", "off"), ("reason", "over")]).await;
    let shown =
        within(Duration::from_secs(2), async || a.get("/api/listings?q=sheffield+welcome").await.1.contains("Sheffield Welcome Drop-in"))
            .await;
    assert!(shown.is_some(), "A still hides listings 2 s after lockdown off on B");

    // One hourly limit (20 reports) across both instances.
    let mut reporter_a = Visitor::remote(&a.base);
    reporter_a.headers.push(("x-forwarded-for".into(), "203.0.113.9".into()));
    let first = reporter_a.submit_after(REPORT, REPORT, &[("category", "wrong"), ("message", "report 0")], FILL).await;
    assert_eq!(first.status.as_u16(), 303, "{}", first.body);
    let mut reporter_b = Visitor::remote(&b.base);
    reporter_b.headers = reporter_a.headers.clone();
    reporter_b.cookies = reporter_a.cookies.clone();
    let mut tokens = report_tokens(&mut reporter_b, 20).await;
    let mut statuses = vec![];
    for i in 1..=20 {
        let to = if i % 2 == 0 { &mut reporter_a } else { &mut reporter_b };
        statuses.push(report(to, &mut tokens, &format!("report {i}")).await);
    }
    assert!(statuses[..19].iter().all(|s| *s == 303), "{statuses:?}");
    assert_eq!(statuses[19], 429, "the 21st report in the hour is refused, whichever instance takes it: {statuses:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_instance_loses_no_acknowledged_write_and_catches_up() {
    let dir = tempfile::tempdir().unwrap();
    let mail = MailServer::start(None).await;
    let install = installation(dir.path(), &mail).await;
    let mut a = install.start(&dir.path().join("a")).await;
    let b = install.start(&dir.path().join("b")).await;

    // Reports to A, one after another from different addresses, until A dies.
    let mut v = Visitor::remote(&a.base);
    let mut tokens = report_tokens(&mut v, 1_000).await;
    let writer = tokio::spawn(async move {
        let mut acknowledged = vec![];
        for i in 0..1_000 {
            v.headers = vec![("x-forwarded-for".into(), format!("198.51.{}.{}", i / 250, i % 250))];
            let message = format!("load {i}");
            match report(&mut v, &mut tokens, &message).await {
                303 => acknowledged.push(message),
                502 => break, // A is gone.
                other => panic!("report {i} answered {other}"),
            }
        }
        acknowledged
    });
    tokio::time::sleep(Duration::from_millis(1500)).await;
    a.kill();
    let acknowledged = writer.await.unwrap();
    assert!(acknowledged.len() > 5, "only {} writes before the kill", acknowledged.len());

    // While A is down, a listing is added elsewhere.
    let file = dir.path().join("new.jsonl");
    std::fs::write(&file, r#"{"slug":"doncaster-welcome","kind":"solidarity_group","name":"Doncaster Welcome Circle","town":"Doncaster"}"#)
        .unwrap();
    install.atlas(&["import", "listings", file.to_str().unwrap()], &dir.path().join("tool"));

    // A starts again on its old index, sees that it is behind and rebuilds
    // it in the background while already answering from the database's
    // directory; search catches up within seconds.
    let a = install.start(&a.data_dir.clone()).await;
    let (_, listing) = a.get("/api/listings/doncaster-welcome").await;
    assert!(listing.contains("Doncaster Welcome Circle"), "A's directory is current on start: {listing}");
    let caught_up = within(Duration::from_secs(10), async || {
        a.get("/api/search?q=doncaster+welcome+circle").await.1.contains("Doncaster Welcome Circle")
    })
    .await;
    println!("A's search caught up {caught_up:?} after it answered");
    assert!(caught_up.is_some(), "A's search did not catch up within 10 s of starting");

    // Every acknowledged report is stored (read through B's moderators' view: the database).
    let db = server::db::open(&install.database_url).await.unwrap();
    let stored: Vec<String> = sqlx::query_scalar("SELECT message FROM reports").fetch_all(&db.pool).await.unwrap();
    let missing: Vec<&String> = acknowledged.iter().filter(|m| !stored.contains(m)).collect();
    println!("{} reports acknowledged before SIGKILL, {} stored, {} missing", acknowledged.len(), stored.len(), missing.len());
    assert!(missing.is_empty(), "acknowledged but lost: {missing:?}");
    assert_eq!(b.get("/healthz").await.0, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgresql_restarting_under_load_gives_503s_then_recovers() {
    if !on_postgres() {
        println!("PostgreSQL only: runs in scripts/test's PostgreSQL pass");
        return;
    }
    let pg = tokio::task::spawn_blocking(PrivatePostgres::start).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mail = MailServer::start(None).await;
    let install = Installation { database_url: pg.url.clone(), smtp_url: mail.url.clone() };
    install.atlas(&["user", "add", "--email", ADMIN, "--role", "admin"], &dir.path().join("tool"));
    let a = install.start(&dir.path().join("a")).await;
    let mut admin = Visitor::remote(&a.base);
    admin.sign_in(ADMIN, &mail).await;

    let mut v = Visitor::remote(&a.base);
    let mut tokens = report_tokens(&mut v, 240).await;

    // Light load: a report and a page about every 100 ms.
    let load = tokio::spawn(async move {
        let mut log = vec![]; // (when, report status, page status, message)
        let t0 = Instant::now();
        for i in 0..10_000 {
            if t0.elapsed() > Duration::from_secs(22) {
                break;
            }
            v.headers = vec![("x-forwarded-for".into(), format!("192.0.{}.{}", i / 250, i % 250))];
            let message = format!("steady {i}");
            let posted = match tokens.is_empty() {
                true => break,
                false => report(&mut v, &mut tokens, &message).await,
            };
            let read = v.get("/listings/sheffield-welcome-drop-in").await;
            log.push((t0.elapsed(), posted, read.status.as_u16(), message));
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        log
    });
    tokio::time::sleep(Duration::from_secs(2)).await;
    let pg = tokio::task::spawn_blocking(move || {
        pg.down();
        pg
    })
    .await
    .unwrap();
    // A signed-in moderator is told to try again, not sent to sign in.
    let moderate = admin.get("/moderate").await;
    assert_eq!(moderate.status.as_u16(), 503, "{:?} {}", moderate.location, moderate.body);
    // Down for longer than the server waits for a connection (3 s).
    tokio::time::sleep(Duration::from_secs(5)).await;
    let pg = tokio::task::spawn_blocking(move || {
        pg.up();
        pg
    })
    .await
    .unwrap();

    let log = load.await.unwrap();

    let statuses: Vec<u16> = log.iter().map(|(_, s, _, _)| *s).collect();
    assert!(statuses.iter().all(|s| *s == 303 || *s == 503), "only acknowledged or 503: {statuses:?}");
    assert!(statuses.contains(&503), "the outage was not noticed: {statuses:?}");
    assert!(log.iter().all(|(_, _, read, _)| *read == 200), "pages kept working from memory");
    let last_failure = log.iter().rposition(|(_, s, _, _)| *s == 503).unwrap();
    assert!(log[last_failure + 1..].len() >= 10, "writes did not recover: {statuses:?}");
    println!(
        "{} requests; {} answered 503 while PostgreSQL was down; the next write was acknowledged {:?} after the last 503",
        log.len(),
        statuses.iter().filter(|s| **s == 503).count(),
        log[last_failure + 1].0.saturating_sub(log[last_failure].0)
    );
    assert_eq!(a.get("/healthz").await.0, 200);
    assert_eq!(admin.get("/moderate").await.status.as_u16(), 200, "signed in again without doing anything");

    let db = server::db::open(&pg.url).await.unwrap();
    let stored: Vec<String> = sqlx::query_scalar("SELECT message FROM reports").fetch_all(&db.pool).await.unwrap();
    let lost: Vec<&String> = log.iter().filter(|(_, s, _, m)| *s == 303 && !stored.contains(m)).map(|(_, _, _, m)| m).collect();
    assert!(lost.is_empty(), "acknowledged but lost: {lost:?}");
}

/// Reads until the server closes the connection; false if it is still open
/// after `limit`.
async fn closed_within(stream: &mut tokio::net::TcpStream, limit: Duration) -> bool {
    use tokio::io::AsyncReadExt;
    let mut buf = [0u8; 4096];
    let deadline = Instant::now() + limit;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, stream.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => continue,
        }
    }
}

/// Slow-loris and idle clients: a client that never finishes its headers
/// and an idle keep-alive connection are dropped, connections from one
/// address are capped, and everyone else is served meanwhile.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_idle_and_piled_up_connections_are_dropped_while_others_are_served() {
    use tokio::io::AsyncWriteExt;
    use tokio::net::TcpStream;
    let mail = MailServer::start(None).await;
    let dir = tempfile::tempdir().unwrap();
    let install = installation(dir.path(), &mail).await;
    let env = [("ATLAS_HEADER_TIMEOUT", "1"), ("ATLAS_MAX_CONNECTIONS_PER_ADDRESS", "8")];
    let a = install.start_with(&dir.path().join("a"), &[], &env, None).await;
    let addr = a.base.trim_start_matches("http://").to_string();

    // Never finishes its headers.
    let mut slow = TcpStream::connect(&addr).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: atlas.test\r\nX-Slow: ").await.unwrap();
    // Another client is served meanwhile.
    let (status, _) = a.get("/healthz").await;
    assert_eq!(status, 200);
    assert!(closed_within(&mut slow, Duration::from_secs(10)).await, "a client that never finishes its headers is dropped");

    // Issue 27: connected, and never a byte. The header timeout started
    // only after the protocol preface, so such connections stayed open
    // until every slot was taken. Also an HTTP/2 preface, then silence.
    let mut silent = TcpStream::connect(&addr).await.unwrap();
    let mut preface = TcpStream::connect(&addr).await.unwrap();
    preface.write_all(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n").await.unwrap();
    assert!(closed_within(&mut silent, Duration::from_secs(10)).await, "a client that sends nothing is dropped");
    assert!(closed_within(&mut preface, Duration::from_secs(10)).await, "an HTTP/2 preface then silence is dropped");

    // Idle after one request on a kept-alive connection.
    let mut idle = TcpStream::connect(&addr).await.unwrap();
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: atlas.test\r\n\r\n").await.unwrap();
    assert!(closed_within(&mut idle, Duration::from_secs(10)).await, "an idle keep-alive connection is closed");

    // Eight connections from one address that send nothing: a ninth is
    // closed at once (long before the header timeout would close it).
    let mut held = Vec::new();
    for _ in 0..8 {
        held.push(TcpStream::connect(&addr).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut ninth = TcpStream::connect(&addr).await.unwrap();
    assert!(closed_within(&mut ninth, Duration::from_millis(900)).await, "over the per-address cap, a connection is closed at once");
    drop(held);
    // Once they are gone, the address is served again.
    let served = within(Duration::from_secs(5), async || a.get("/healthz").await.0 == 200).await;
    assert!(served.is_some(), "served again after the held connections closed");
}

/// One JSON line per request with the route template, status and time,
/// and nothing a person typed or where they are.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_request_is_logged_by_route_without_what_was_typed() {
    let mail = MailServer::start(None).await;
    let dir = tempfile::tempdir().unwrap();
    let install = installation(dir.path(), &mail).await;
    let log = dir.path().join("atlas.log");
    let a = install.start_with(&dir.path().join("a"), &[], &[("ATLAS_LOG_FORMAT", "json")], Some(&log)).await;
    assert_eq!(a.get("/listings/sheffield-welcome-drop-in?secretword=1").await.0, 200);
    assert_eq!(a.get("/search?q=asylum+interview+tips").await.0, 200);
    assert_eq!(a.get("/no/such/page").await.0, 404);
    let text = within(Duration::from_secs(5), async || std::fs::read_to_string(&log).unwrap_or_default().contains("/search"))
        .await
        .map(|_| std::fs::read_to_string(&log).unwrap())
        .expect("the requests were logged");
    let lines: Vec<serde_json::Value> = text.lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    let answered: Vec<&serde_json::Value> = lines.iter().filter(|l| l["message"] == "answered").collect();
    let route = |r: &str| answered.iter().find(|l| l["span"]["route"] == r).unwrap_or_else(|| panic!("no line for {r}: {text}"));
    let listing = route("/listings/{slug}");
    assert_eq!(listing["status"], 200);
    assert_eq!(listing["span"]["method"], "GET");
    assert!(listing["latency_ms"].as_f64().is_some());
    assert_eq!(route("/search")["status"], 200);
    assert!(answered.iter().any(|l| l["status"] == 404), "unmatched requests too");
    // (The server's own address is in its "listening on" line.)
    let about_requests: String = text.lines().filter(|l| !l.contains("listening on")).collect();
    for secret in ["secretword", "asylum", "interview", "sheffield-welcome-drop-in", "127.0.0.1"] {
        assert!(!about_requests.contains(secret), "the log holds {secret:?}: {text}");
    }
}

/// A newcomer's first run understands postcode districts: `--postcodes`
/// imports the file into a database that holds none (scripts/run passes
/// data/uk-outcodes.csv), and never replaces districts already held.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_run_imports_postcode_districts_once() {
    let mail = MailServer::start(None).await;
    let dir = tempfile::tempdir().unwrap();
    let install = installation(dir.path(), &mail).await;
    let csv = dir.path().join("outcodes.csv");
    std::fs::write(
        &csv,
        "postcode,eastings,northings,latitude,longitude,town,region,uk_region,country,country_string\n\
         S1,435000,387000,53.38,-1.47,Sheffield,Sheffield,Yorkshire and the Humber,ENG,England\n",
    )
    .unwrap();
    let csv_arg = csv.display().to_string();
    let a = install.start_with(&dir.path().join("a"), &["--postcodes", &csv_arg], &[], None).await;
    let (status, body) = a.get("/api/places?q=S1%202AB").await;
    assert_eq!(status, 200);
    assert!(body.contains(r#""name":"S1""#), "{body}");
    drop(a);
    // A second start with another file keeps what is held.
    std::fs::write(&csv, "postcode,eastings,northings,latitude,longitude,town,region,uk_region,country,country_string\n").unwrap();
    let b = install.start_with(&dir.path().join("b"), &["--postcodes", &csv_arg], &[], None).await;
    assert!(b.get("/api/places?q=S1").await.1.contains(r#""name":"S1""#));
}
