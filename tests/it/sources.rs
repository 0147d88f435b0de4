//! Issue 33, following other sources: another atlas's ORUK feed, a
//! network's GeoJSON or CSV file, read into the moderation queue with
//! where each record came from; a source that fails keeps the last good
//! state; two atlases following each other never multiply records.

use crate::common;
use app::people::{Entity, Role, SubmissionAction};
use app::problem::Problem;
use app::source::{FetchOutcome, Mapping, SourceFormat};
use common::*;
use server::atlas::Atlas;
use std::sync::{Arc, Mutex};

const TWO_GROUPS: &str = concat!(
    r#"{"slug": "leeds-food-share", "kind": "solidarity_group", "name": "Leeds Food Share", "summary": "Food every Friday.", "town": "Leeds", "precision": "area", "latitude": 53.7997, "longitude": -1.5492, "website": "https://leedsfood.example", "tags": ["food"], "languages": ["en", "ar"]}"#,
    "\n",
    r#"{"slug": "bradford-walks", "kind": "solidarity_group", "name": "Bradford Walks", "summary": "Walks on Sundays.", "town": "Bradford", "precision": "area", "latitude": 53.795, "longitude": -1.759}"#,
    "\n"
);

/// An atlas served on loopback at the address it believes is its own.
async fn served(mut db: TestDb) -> (TestDb, String) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    db.restart_with(|c| {
        c.public_url = base.clone();
        c.calendars.allow_private = true;
    })
    .await;
    let app = common::app(&db);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (db, base)
}

fn admin() -> app::people::User {
    app::people::User { id: 0, email: "admin@example.org".into(), role: Role::Admin, regions: vec![] }
}

async fn source_id(atlas: &Atlas, name: &str) -> i64 {
    atlas.store.source_named(name).await.unwrap().expect("the source").summary.id
}

async fn listing_status(db: &TestDb, slug: &str) -> Option<String> {
    db.store.listing_record(slug).await.unwrap().map(|(_, status, _)| status)
}

#[tokio::test]
async fn two_atlases_follow_each_other_without_multiplying_records() {
    let a = empty_db().await;
    import(&a, TWO_GROUPS, PUBLISHED).await;
    let (a, a_url) = served(a).await;
    let (b, b_url) = served(empty_db().await).await;
    let moderator = b.put_user("mod@example.org", Role::Moderator, &[]).await;

    // B follows A: A's listings wait in B's queue, with where they came from.
    b.atlas.add_source(&admin(), "Atlas A", &format!("{a_url}/openreferral"), SourceFormat::Oruk, None, false).await.unwrap();
    let id = source_id(&b.atlas, "Atlas A").await;
    let read = b.atlas.fetch_source(id).await.unwrap();
    assert_eq!((read.outcome, read.counts.new, read.problem.clone()), (FetchOutcome::Read, 2, None), "{read:?}");
    let queue = pending(&b).await;
    assert_eq!(queue.len(), 2, "{queue:?}");
    let leeds = queue.iter().find(|s| s.title.contains("Leeds Food Share")).expect("Leeds waits");
    assert_eq!((leeds.entity, leeds.action), (Entity::Listing, SubmissionAction::Create));
    let (from, link) = b.store.provenance(&leeds.slug).await.unwrap().expect("provenance");
    assert_eq!((from.as_str(), link.as_deref()), ("Atlas A", Some(format!("{a_url}/listings/leeds-food-share").as_str())));
    assert_eq!(listing_status(&b, &leeds.slug).await, None, "nothing public before a moderator approves");
    let b_app = common::fast_app(&b);
    let mut reviewer = crate::moderation::admin_without_mail(&b, &b_app).await;
    let page = reviewer.get(&format!("/moderate/submissions/{}", leeds.id)).await.body;
    assert!(page.contains("From Atlas A") && page.contains(&format!("href=\"{a_url}/listings/leeds-food-share\"")), "{page}");

    // Approved, it is public at B, marked with its origin in B's ORUK feed.
    b.atlas.approve(&moderator, leeds.id, None).await.unwrap();
    let b_slug = leeds.slug.clone();
    assert_eq!(listing_status(&b, &b_slug).await.as_deref(), Some("published"));
    let (_, feed) = get(&common::app(&b), "/openreferral/organizations?full=true").await;
    assert!(feed.contains(&format!("{a_url}/listings/leeds-food-share")) && feed.contains("\"identifier_scheme\":\"origin\""), "{feed}");
    let b_listing = b.store.listing_record(&b_slug).await.unwrap().unwrap().0;
    assert_eq!(b_listing["precision"], "area", "never more precise than the source shows it");

    // A follows B back: nothing of A's own comes back, as new or as an update.
    a.atlas.add_source(&admin(), "Atlas B", &format!("{b_url}/openreferral"), SourceFormat::Oruk, None, false).await.unwrap();
    let back = a.atlas.fetch_source(source_id(&a.atlas, "Atlas B").await).await.unwrap();
    assert_eq!((back.outcome, back.counts.new, back.counts.updated, back.counts.skipped), (FetchOutcome::Read, 0, 0, 1), "{back:?}");
    assert!(pending(&a).await.is_empty(), "{:?}", pending(&a).await);

    // The same copy again changes nothing.
    let again = b.atlas.fetch_source(id).await.unwrap();
    assert_eq!(again.outcome, FetchOutcome::Unchanged, "{again:?}");
    assert_eq!(pending(&b).await.len(), 1);

    // Archived at A, archived at B at the next reading, with the reason.
    a.atlas.archive_listing(&admin(), "leeds-food-share", "closed", server::moderation::Relisting::Allowed).await.unwrap();
    let after = b.atlas.fetch_source(id).await.unwrap();
    assert_eq!((after.outcome, after.counts.archived), (FetchOutcome::Read, 1), "{after:?}");
    assert_eq!(listing_status(&b, &b_slug).await.as_deref(), Some("archived"));
    let log = b.store.audit_log(None, 0, 50).await.unwrap();
    assert!(log.iter().any(|e| e.reason.contains("gone from Atlas A")), "{log:?}");
}

/// GET `uri` holding `etag`: status, the ETag answered, the body's length.
async fn get_holding(app: &axum::Router, uri: &str, etag: Option<&str>) -> (u16, Option<String>, usize) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let mut request = axum::http::Request::get(uri);
    if let Some(e) = etag {
        request = request.header("if-none-match", e);
    }
    let response = app.clone().oneshot(request.body(axum::body::Body::empty()).unwrap()).await.unwrap();
    let etag = response.headers().get("etag").map(|v| v.to_str().unwrap().to_string());
    let status = response.status().as_u16();
    (status, etag, response.into_body().collect().await.unwrap().to_bytes().len())
}

#[tokio::test]
async fn a_follower_holding_the_feed_as_it_is_is_answered_304() {
    let a = empty_db().await;
    import(&a, TWO_GROUPS, PUBLISHED).await;
    let app = common::app(&a);
    let lists = [
        "/openreferral/services?page=1&per_page=200&full=true",
        "/openreferral/service_at_locations",
        "/openreferral/organizations?page=2",
        "/openreferral/services?format=ndjson",
    ];
    let mut tags = Vec::new();
    for uri in lists {
        let (status, etag, _) = get_holding(&app, uri, None).await;
        let etag = etag.unwrap_or_else(|| panic!("{uri} names its answer"));
        assert_eq!(status, 200, "{uri}");
        let (again, same, bytes) = get_holding(&app, uri, Some(&etag)).await;
        assert_eq!((again, same.as_deref(), bytes), (304, Some(etag.as_str()), 0), "{uri}: nothing sent again");
        assert!(!tags.contains(&etag), "{uri}: each list and query has its own tag");
        tags.push(etag);
    }
    // Another query is another answer; a tag never seen is not "unchanged".
    assert_eq!(get_holding(&app, "/openreferral/services?page=2", Some(&tags[0])).await.0, 200);
    assert_eq!(get_holding(&app, lists[0], Some("W/\"0-0-0-0\"")).await.0, 200);

    // A change anywhere in the directory is a new answer for every list.
    a.atlas.archive_listing(&admin(), "bradford-walks", "closed", server::moderation::Relisting::Allowed).await.unwrap();
    let (status, changed, _) = get_holding(&app, lists[0], Some(&tags[0])).await;
    assert_eq!(status, 200, "the archived listing is gone from the page");
    let changed = changed.unwrap();
    assert_ne!(changed, tags[0]);
    // A lockdown too (the lists empty).
    a.atlas.set_lockdown(&admin(), true, "test").await.unwrap();
    let (status, _, _) = get_holding(&app, lists[0], Some(&changed)).await;
    assert_eq!(status, 200, "a lockdown is never answered from what the follower held");
    a.atlas.set_lockdown(&admin(), false, "test").await.unwrap();

    // A follower's no-change reading is one request answered 304.
    let answered_304 = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let a_url = format!("http://{}", listener.local_addr().unwrap());
    let counter = answered_304.clone();
    let spied = app.layer(axum::middleware::from_fn(move |request: axum::extract::Request, next: axum::middleware::Next| {
        let counter = counter.clone();
        async move {
            let response = next.run(request).await;
            if response.status() == axum::http::StatusCode::NOT_MODIFIED {
                counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }
            response
        }
    }));
    tokio::spawn(async move { axum::serve(listener, spied).await.unwrap() });
    let (b, _) = served(empty_db().await).await;
    b.atlas.add_source(&admin(), "Atlas A", &format!("{a_url}/openreferral"), SourceFormat::Oruk, None, false).await.unwrap();
    let id = source_id(&b.atlas, "Atlas A").await;
    assert_eq!(b.atlas.fetch_source(id).await.unwrap().counts.new, 1);
    // A's five-minute chores find nothing new: still "not modified".
    a.atlas.read.refresh_on_this_week().await.unwrap();
    let again = b.atlas.fetch_source(id).await.unwrap();
    assert_eq!((again.outcome, answered_304.load(std::sync::atomic::Ordering::SeqCst)), (FetchOutcome::Unchanged, 1), "{again:?}");
}

/// A stand-in for a network's published file: its body, status and delay.
struct Upstream {
    body: String,
    status: u16,
    delay_ms: u64,
}

async fn upstream(body: &str) -> (String, Arc<Mutex<Upstream>>) {
    use axum::response::IntoResponse;
    let state = Arc::new(Mutex::new(Upstream { body: body.into(), status: 200, delay_ms: 0 }));
    let shared = state.clone();
    let serve = move || {
        let state = shared.clone();
        async move {
            let (body, status, delay) = {
                let s = state.lock().unwrap();
                (s.body.clone(), s.status, s.delay_ms)
            };
            tokio::time::sleep(std::time::Duration::from_millis(delay)).await;
            (axum::http::StatusCode::from_u16(status).unwrap(), body).into_response()
        }
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/groups", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, axum::Router::new().route("/groups", axum::routing::get(serve))).await });
    (url, state)
}

const CSV: &str = "id,name,town,kind,tags,languages\n\
    1,Sheffield Advice Hub,Sheffield,Advice,ESOL;Legal,Arabic\n\
    2,Hull Drop-in,Hull,,,\n";

#[tokio::test]
async fn geojson_and_csv_sources_are_mapped_to_our_kinds_tags_and_languages() {
    let (b, _) = served(empty_db().await).await;
    let (csv_url, csv) = upstream(CSV).await;
    b.atlas.add_source(&admin(), "Network CSV", &csv_url, SourceFormat::Csv, Some("solidarity_group"), false).await.unwrap();
    let id = source_id(&b.atlas, "Network CSV").await;
    let mut mapping = Mapping::default();
    mapping.kinds.insert("advice".into(), "pnp_chapter".into());
    mapping.tags.insert("esol".into(), "english conversation".into());
    mapping.tags.insert("legal".into(), "".into());
    b.atlas.set_source_rules(&admin(), id, "solidarity_group", mapping, false).await.unwrap();
    let read = b.atlas.fetch_source(id).await.unwrap();
    assert_eq!(read.counts.new, 2, "{read:?}");
    let queue = pending(&b).await;
    let hub = queue.iter().find(|s| s.title.contains("Sheffield Advice Hub")).unwrap();
    let data = b.store.submission(hub.id).await.unwrap().unwrap().data;
    assert_eq!((data["kind"].as_str(), data["precision"].as_str()), (Some("pnp_chapter"), Some("area")), "{data}");
    assert_eq!(data["tags"], serde_json::json!(["english conversation"]), "{data}");
    assert_eq!(data["languages"], serde_json::json!(["ar"]), "{data}");
    let hull = queue.iter().find(|s| s.title.contains("Hull Drop-in")).unwrap();
    assert_eq!(b.store.submission(hull.id).await.unwrap().unwrap().data["kind"], "solidarity_group");
    // Changed while its first offer still waits: no second offer of the same group.
    csv.lock().unwrap().body = CSV.replace("Hull Drop-in,Hull", "Hull Drop-in,Kingston upon Hull");
    let changed = b.atlas.fetch_source(id).await.unwrap();
    assert_eq!((changed.counts.new, changed.counts.unchanged), (0, 2), "{changed:?}");
    assert_eq!(pending(&b).await.len(), 2);

    let geojson = serde_json::json!({ "type": "FeatureCollection", "features": [{
        "type": "Feature", "geometry": { "type": "Point", "coordinates": [-2.2426, 53.4808] },
        "properties": { "id": "m1", "name": "Manchester Welcome", "town": "Manchester", "kind": "solidarity_group", "precision": "exact", "tags": ["Food"] }
    }, {
        "type": "Feature", "geometry": { "type": "Point", "coordinates": [-2.5879, 51.4545] },
        "properties": { "id": "b1", "name": "Bristol Welcome", "town": "Bristol", "kind": "solidarity_group" }
    }]});
    let (geo_url, _) = upstream(&geojson.to_string()).await;
    b.atlas.add_source(&admin(), "Network map", &geo_url, SourceFormat::Geojson, None, true).await.unwrap();
    let read = b.atlas.fetch_source(source_id(&b.atlas, "Network map").await).await.unwrap();
    assert_eq!(read.counts.new, 2, "{read:?}");
    // Trusted: published at once (audited), at the precision its source shows.
    let records = b.store.source_records(source_id(&b.atlas, "Network map").await).await.unwrap();
    let slug = records["m1"].slug.clone();
    assert_eq!(listing_status(&b, &slug).await.as_deref(), Some("published"));
    assert_eq!(listing_status(&b, &records["b1"].slug).await.as_deref(), Some("published"));
    let log = b.store.audit_log(None, 0, 50).await.unwrap();
    assert_eq!(log.iter().filter(|e| e.action == "published from a trusted source").count(), 2, "{log:?}");
    let record = b.store.listing_record(&slug).await.unwrap().unwrap().0;
    assert_eq!((record["precision"].as_str(), record["tags"].clone()), (Some("exact"), serde_json::json!(["food"])), "{record}");
}

#[tokio::test]
async fn a_source_that_fails_keeps_the_last_good_state_and_says_why() {
    let (b, _) = served(empty_db().await).await;
    let (url, up) = upstream(CSV).await;
    b.atlas.add_source(&admin(), "Flaky", &url, SourceFormat::Csv, None, false).await.unwrap();
    let id = source_id(&b.atlas, "Flaky").await;
    assert_eq!(b.atlas.fetch_source(id).await.unwrap().counts.new, 2);
    let held = || async { b.store.source_records(id).await.unwrap().values().filter(|r| !r.gone).count() };
    assert_eq!(held().await, 2);

    // Garbage, too large, too slow, a redirect into a private network.
    up.lock().unwrap().body = "<html>not a spreadsheet</html>".into();
    let garbage = b.atlas.fetch_source(id).await.unwrap();
    assert!(matches!(garbage.problem, Some(Problem::SourceUnreadable { .. })), "{garbage:?}");
    up.lock().unwrap().body = format!("{CSV}{}", "3,Big,York\n".repeat(400));
    let strict = {
        let mut config = server::atlas::AtlasConfig::default();
        config.calendars.allow_private = true;
        config.sources.max_bytes = 4_000;
        config.sources.timeout = std::time::Duration::from_millis(500);
        Arc::new(Atlas::new_with(b.store.clone(), config).await.unwrap())
    };
    let large = strict.fetch_source(id).await.unwrap();
    assert!(matches!(large.problem, Some(Problem::SourceTooLarge { .. })), "{large:?}");
    up.lock().unwrap().body = CSV.into();
    up.lock().unwrap().delay_ms = 2_000;
    let slow = strict.fetch_source(id).await.unwrap();
    assert!(matches!(slow.problem, Some(Problem::SourceUnreachable { .. })), "{slow:?}");
    up.lock().unwrap().delay_ms = 0;
    let closed = Arc::new(Atlas::new(b.store.clone()).await.unwrap());
    let private = closed.fetch_source(id).await.unwrap();
    assert!(matches!(private.problem, Some(Problem::SourcePrivateAddress { .. })), "{private:?}");
    up.lock().unwrap().status = 500;
    let refused = b.atlas.fetch_source(id).await.unwrap();
    assert!(matches!(refused.problem, Some(Problem::SourceAnswered { status: 500 })), "{refused:?}");
    assert_eq!(held().await, 2, "nothing archived, nothing changed");
    assert_eq!(pending(&b).await.len(), 2);

    // The admin sees the last problem in plain words.
    let app = common::fast_app(&b);
    let mut admin = crate::moderation::admin_without_mail(&b, &app).await;
    let page = admin.get("/admin/sources").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Flaky") && page.body.contains("the reading failed"), "{}", page.body);
    let fa = admin.get("/fa/admin/sources").await;
    assert!(fa.body.contains("منبع‌های دنبال‌شده"), "{}", fa.body);
}

/// "Read it now" does not hold the admin's request for a reading that can
/// take minutes: it is queued, the page says so, and the background
/// reader reads it.
#[tokio::test]
async fn read_it_now_is_queued_for_the_background_reader() {
    let (b, _) = served(empty_db().await).await;
    let (url, up) = upstream(CSV).await;
    b.atlas.add_source(&admin(), "Network CSV", &url, SourceFormat::Csv, None, false).await.unwrap();
    let id = source_id(&b.atlas, "Network CSV").await;
    let app = common::fast_app(&b);
    let mut admin_client = crate::moderation::admin_without_mail(&b, &app).await;
    let sent = admin_client.submit("/admin/sources", &format!("/admin/sources/{id}/fetch"), &[]).await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    let back = sent.location.unwrap();
    assert!(back.contains("queued=1"), "{back}");
    let page = admin_client.get(&back).await;
    assert!(page.body.contains("The reading is queued"), "{}", page.body);
    let fa = admin_client.get(&format!("/fa{back}")).await;
    assert!(fa.body.contains("خواندن در صف قرار گرفت"), "{}", fa.body);
    assert_eq!(b.store.source(id).await.unwrap().unwrap().summary.outcome, None, "not read inside the admin's request");

    // The server's reader reads it (bounded waits, not timings).
    let waiting = |n: usize| {
        let b = &b;
        async move {
            for _ in 0..400 {
                if pending(b).await.len() == n {
                    return true;
                }
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            false
        }
    };
    b.atlas.clone().follow_sources();
    assert!(waiting(2).await, "the reader's round read it");
    // Between rounds, a press is read from the queue.
    up.lock().unwrap().body = format!("{CSV}3,Leeds Walks,Leeds,,,\n");
    let again = admin_client.submit("/admin/sources", &format!("/admin/sources/{id}/fetch"), &[]).await;
    assert_eq!(again.status, 303, "{}", again.body);
    assert!(waiting(3).await, "{:?}", b.store.source(id).await.unwrap());
}

#[tokio::test]
async fn a_source_record_on_the_opt_out_register_is_held() {
    let (b, _) = served(empty_db().await).await;
    import(&b, r#"{"slug": "hull-drop-in", "kind": "solidarity_group", "name": "Hull Drop-in", "town": "Hull"}"#, PUBLISHED).await;
    let moderator = b.put_user("mod@example.org", Role::Admin, &[]).await;
    b.atlas.archive_listing(&moderator, "hull-drop-in", "asked after a threat", server::moderation::Relisting::Never).await.unwrap();
    let (url, _) = upstream(CSV).await;
    b.atlas.add_source(&admin(), "Network CSV", &url, SourceFormat::Csv, None, false).await.unwrap();
    let read = b.atlas.fetch_source(source_id(&b.atlas, "Network CSV").await).await.unwrap();
    assert_eq!((read.counts.new, read.counts.held), (1, 1), "{read:?}");
    let queue = pending(&b).await;
    let hull = queue.iter().find(|s| s.title.contains("Hull Drop-in")).unwrap();
    assert!(hull.held.as_deref().is_some_and(|h| h.contains("asked after a threat")), "{hull:?}");
    assert_eq!(listing_status(&b, "hull-drop-in").await.as_deref(), Some("archived"));
}

/// The operator's way: `atlas sources add`, `fetch` (private addresses
/// only with --allow-private-fetch), `list`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_adds_reads_and_lists_sources() {
    let a = empty_db().await;
    import(&a, TWO_GROUPS, PUBLISHED).await;
    let (_a, a_url) = served(a).await;
    let dir = tempfile::tempdir().unwrap();
    let install = common::process::Installation { database_url: fresh_database_url(dir.path()).await, smtp_url: String::new() };
    let feed = format!("{a_url}/openreferral");
    let added = install.atlas(&["sources", "add", "Atlas A", &feed, "--format", "oruk"], dir.path());
    assert!(added.contains("following Atlas A"), "{added}");
    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_atlas"))
        .args(["sources", "fetch", "Atlas A"])
        .env("ATLAS_DATA_DIR", dir.path())
        .env("ATLAS_DATABASE_URL", &install.database_url)
        .env_remove("ATLAS_ALLOW_PRIVATE_FETCH")
        .env_remove("ATLAS_CALENDAR_ALLOW_PRIVATE")
        .output()
        .unwrap();
    assert!(!refused.status.success() && String::from_utf8_lossy(&refused.stdout).contains("private network"), "{refused:?}");
    let read = install.atlas(&["--allow-private-fetch", "sources", "fetch", "Atlas A"], dir.path());
    assert!(read.contains("2 new"), "{read}");
    let list = install.atlas(&["sources", "list"], dir.path());
    assert!(list.contains("Atlas A") && list.contains("new 2") && list.contains("(read)"), "{list}");
}
