//! Issue 33: an operator may let calendars and sources be read from a few
//! named private places only (`ATLAS_ALLOW_PRIVATE_FETCH=HOST:PORT,…`).
//! A source or calendar there that redirects anywhere else inside — a
//! second local port, the cloud's metadata address — is refused at that
//! hop: the last good copy and its records stay, and the admin (or the
//! organiser) is told which address was refused.

use crate::common;
use app::people::Role;
use app::problem::Problem;
use app::source::SourceFormat;
use common::*;
use server::events::fetch::PrivateFetch;
use std::sync::{Arc, Mutex};

/// A server on loopback that answers its body, or a 302 to `location`.
struct Place {
    body: String,
    location: Option<String>,
}

async fn place(body: &str) -> (String, Arc<Mutex<Place>>) {
    use axum::response::IntoResponse;
    let state = Arc::new(Mutex::new(Place { body: body.into(), location: None }));
    let shared = state.clone();
    let serve = move || {
        let state = shared.clone();
        async move {
            let s = state.lock().unwrap();
            match &s.location {
                Some(to) => (axum::http::StatusCode::FOUND, [(axum::http::header::LOCATION, to.clone())]).into_response(),
                None => s.body.clone().into_response(),
            }
        }
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let at = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, axum::Router::new().fallback(axum::routing::get(serve))).await });
    (format!("http://{at}"), state)
}

fn only(place: &str) -> PrivateFetch {
    let host_port = place.trim_start_matches("http://");
    host_port.parse().unwrap()
}

fn admin() -> app::people::User {
    app::people::User { id: 0, email: "admin@example.org".into(), role: Role::Admin, regions: vec![] }
}

const CSV: &str = "id,name,town\n1,Sheffield Advice Hub,Sheffield\n2,Hull Drop-in,Hull\n";

#[tokio::test]
async fn a_source_allowed_one_private_place_that_redirects_elsewhere_inside_keeps_its_last_good_copy() {
    let (allowed, source) = place(CSV).await;
    // Another local service, which must never be read.
    let (inside, _) = place("id,name,town\n9,Internal Admin Panel,Leeds\n").await;
    let mut b = empty_db().await;
    b.restart_with(|c| only(&allowed).apply_to(&mut c.calendars)).await;
    b.atlas.add_source(&admin(), "Network CSV", &format!("{allowed}/groups.csv"), SourceFormat::Csv, None, false).await.unwrap();
    let id = b.atlas.store.source_named("Network CSV").await.unwrap().unwrap().summary.id;
    let first = b.atlas.fetch_source(id).await.unwrap();
    assert_eq!((first.counts.new, first.problem.clone()), (2, None), "the allowed place is read: {first:?}");
    let held = || async { b.store.source_records(id).await.unwrap().values().filter(|r| !r.gone).count() };

    // Said as a redirect, from where to where: a token in the query or a
    // password in the address is not repeated to the admin.
    let from = format!("{allowed}/groups.csv");
    for (to, shown, refused) in [
        (format!("{inside}/admin?token=secret"), format!("{inside}/admin"), inside.trim_start_matches("http://").to_string()),
        (
            "http://user:pw@169.254.169.254/latest/meta-data/#x".into(),
            "http://169.254.169.254/latest/meta-data/".into(),
            "169.254.169.254".into(),
        ),
    ] {
        source.lock().unwrap().location = Some(to.clone());
        let reading = b.atlas.fetch_source(id).await.unwrap();
        let problem = Problem::SourceRedirectedPrivate { from: from.clone(), to: shown, host: refused };
        assert_eq!(reading.problem.as_ref(), Some(&problem), "{to}: {reading:?}");
        assert_eq!(held().await, 2, "{to}: the last good records stay");
        assert_eq!(pending(&b).await.len(), 2, "{to}: nothing offered from inside");
        let stored = b.store.source(id).await.unwrap().unwrap().summary;
        assert_eq!((stored.counts.new, stored.problem), (2, Some(problem)));
    }
    assert!(!pending(&b).await.iter().any(|s| s.title.contains("Internal Admin Panel")));

    // The admin reads which address was refused, and what to do.
    let app = common::fast_app(&b);
    let mut admin = crate::moderation::admin_without_mail(&b, &app).await;
    let page = admin.get("/admin/sources").await;
    let said = format!("{from} redirected to http://169.254.169.254/latest/meta-data/, and 169.254.169.254 is inside a private network");
    assert!(page.body.contains(&said) && page.body.contains("allow exactly 169.254.169.254 in ATLAS_ALLOW_PRIVATE_FETCH"), "{}", page.body);
    assert!(!page.body.contains("secret") && !page.body.contains("user:pw"), "{}", page.body);
    // In every language, naming both addresses.
    for lang in ["ar", "fa", "fr", "es"] {
        let page = admin.get(&format!("/{lang}/admin/sources")).await;
        assert!(page.body.contains("http://169.254.169.254/latest/meta-data/") && page.body.contains(&from), "{lang}: {}", page.body);
        assert!(!page.body.contains("redirected to"), "{lang}: worded in English");
    }

    // Back to the allowed place: read again.
    source.lock().unwrap().location = None;
    let again = b.atlas.fetch_source(id).await.unwrap();
    assert_eq!(again.problem, None, "{again:?}");
}

/// The setting as the operator writes it, through the command line:
/// `atlas sources fetch` reads the allowed place, refuses the redirect
/// and `atlas sources list` shows why.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_reads_only_the_allowed_private_places_and_lists_the_refusal() {
    let (allowed, source) = place(CSV).await;
    let (inside, _) = place(CSV).await;
    let dir = tempfile::tempdir().unwrap();
    let install = common::process::Installation { database_url: fresh_database_url(dir.path()).await, smtp_url: String::new() };
    install.atlas(&["sources", "add", "Network CSV", &format!("{allowed}/groups.csv"), "--format", "csv"], dir.path());
    let run = |args: &[&str], setting: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_atlas"))
            .args(args)
            .env("ATLAS_DATA_DIR", dir.path())
            .env("ATLAS_DATABASE_URL", &install.database_url)
            .env("ATLAS_ALLOW_PRIVATE_FETCH", setting)
            .env_remove("ATLAS_CALENDAR_ALLOW_PRIVATE")
            .output()
            .unwrap();
        (out.status.success(), String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr))
    };
    let setting = format!("{}, calendar.lan:443", allowed.trim_start_matches("http://"));
    let (ok, read) = run(&["sources", "fetch"], &setting);
    assert!(ok && read.contains("2 new"), "{read}");
    source.lock().unwrap().location = Some(format!("{inside}/groups.csv"));
    let (ok, refused) = run(&["sources", "fetch"], &setting);
    let inside_place = inside.trim_start_matches("http://");
    let said = format!("{allowed}/groups.csv redirected to {inside}/groups.csv, and {inside_place} is inside a private network");
    assert!(!ok && refused.contains(&said), "{refused}");
    let (_, list) = run(&["sources", "list"], &setting);
    assert!(list.contains("new 2") && list.contains("(failed)") && list.contains(&said), "{list}");
    // A mistyped setting is refused with what to write, before anything runs.
    let (ok, mistyped) = run(&["sources", "list"], "127.0.0.1");
    assert!(!ok && mistyped.contains("host:port"), "{mistyped}");
}

#[tokio::test]
async fn a_followed_calendar_allowed_one_private_place_that_redirects_elsewhere_inside_keeps_its_last_good_copy() {
    let listing = "sheffield-welcome-drop-in";
    let day = (chrono::Utc::now().date_naive() + chrono::Duration::days(3)).format("%Y%m%d");
    let ics = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:supper@group.example\r\nDTSTAMP:20260101T000000Z\r\n\
         DTSTART:{day}T180000Z\r\nDTEND:{day}T200000Z\r\nSUMMARY:Shared supper\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    );
    let (allowed, calendar) = place(&ics).await;
    let mut db = sample_db().await;
    db.restart_with(|c| only(&allowed).apply_to(&mut c.calendars)).await;
    let owner = db.organiser("owner@example.org").await;
    let moderator = db.put_user("mod@example.org", Role::Moderator, &[]).await;
    db.add_owner(listing, owner.id).await;
    db.atlas.follow_calendar(&owner, listing, &format!("{allowed}/group.ics"), false, "en").await.unwrap();
    let waiting = pending(&db).await.into_iter().find(|s| s.entity == app::people::Entity::Calendar).expect("in review");
    db.atlas.approve(&moderator, waiting.id, None).await.unwrap();
    let app = common::app(&db);
    let shown = || async { get(&app, &format!("/api/events?listing={listing}")).await.1.contains("Shared supper") };
    assert!(shown().await);

    calendar.lock().unwrap().location = Some("http://169.254.169.254/latest/meta-data/".into());
    db.atlas.read_calendar(&db.store.feed_of(listing).await.unwrap().unwrap()).await.unwrap();
    let feed = db.store.feed_of(listing).await.unwrap().unwrap();
    let from = format!("{allowed}/group.ics");
    let to = "http://169.254.169.254/latest/meta-data/".to_string();
    assert_eq!(feed.problem, Some(Problem::CalendarRedirectedPrivate { from, to, host: "169.254.169.254".into() }));
    assert!(shown().await, "the last good copy stays");
}
