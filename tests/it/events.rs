//! What's on: the feeds against an independent oracle (Python's
//! icalendar + recurring-ical-events), the API's checks and paging, the
//! precision rules in every output, importing .ics files.

use crate::common;

use app::model::ListingStatus;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use common::{get, PUBLISHED};
use serde_json::Value;
use server::events::{EventFormat, EventImportOptions};
use std::collections::BTreeSet;

fn options(listing: Option<&str>) -> EventImportOptions {
    EventImportOptions { listing: listing.map(str::to_string), exact_venues: false, status: ListingStatus::Published, skip_invalid: false }
}

fn today() -> NaiveDate {
    server::events::query::today_in_london()
}

/// The first `weekday` on or after `from`.
fn next(from: NaiveDate, weekday: Weekday) -> NaiveDate {
    (0..7).map(|d| from + Duration::days(d)).find(|d| d.weekday() == weekday).unwrap()
}

/// The last Thursday of the month of `d`.
fn last_thursday(d: NaiveDate) -> NaiveDate {
    let first_next =
        if d.month() == 12 { NaiveDate::from_ymd_opt(d.year() + 1, 1, 1) } else { NaiveDate::from_ymd_opt(d.year(), d.month() + 1, 1) }
            .unwrap();
    (1..=7).map(|i| first_next - Duration::days(i)).find(|d| d.weekday() == Weekday::Thu).unwrap()
}

/// The series the oracle checks, starting around two months ago.
fn oracle_series() -> String {
    let base = today() - Duration::days(60);
    let tue = next(base, Weekday::Tue);
    let sun = next(base, Weekday::Sun);
    let thu = last_thursday(base);
    let fortnight_end = (base + Duration::days(200)).format("%Y%m%d");
    let one_off = today() + Duration::days(20);
    let festival = today() + Duration::days(90);
    let webinar = next(today() - Duration::days(10), Weekday::Wed);
    let at = |d: NaiveDate, t: &str| format!("{}T{t}", d.format("%Y-%m-%d"));
    let lines = [
        // Weekly, two dates left out, one moved and retitled, one cancelled.
        serde_json::json!({"slug": "weekly-walk", "listing": "london-walking-group", "title": "Weekly walk", "category": "regular_activity",
        "start": at(tue, "18:00"), "end": at(tue, "20:00"), "rrule": "FREQ=WEEKLY;BYDAY=TU",
        "exdates": [at(tue + Duration::days(14), "18:00"), at(tue + Duration::days(140), "18:00")],
        "overrides": [
            {"recurrence_id": at(tue + Duration::days(70), "18:00"), "start": at(tue + Duration::days(71), "10:00"), "end": at(tue + Duration::days(71), "12:30"), "title": "Weekly walk (moved to Wednesday)"},
            {"recurrence_id": at(tue + Duration::days(98), "18:00"), "status": "cancelled"}
        ]}),
        // The last Thursday of every month.
        serde_json::json!({"slug": "last-thursday", "listing": "sheffield-health-access-chapter", "title": "Know your rights", "category": "training",
            "start": at(thu, "18:30"), "end": at(thu, "20:00"), "rrule": "FREQ=MONTHLY;BYDAY=-1TH"}),
        // Every other Sunday until a date, in the hour October has twice.
        serde_json::json!({"slug": "fortnightly-night", "listing": "manchester-football-club", "title": "Night shift meeting", "category": "meeting",
            "start": at(sun, "01:30"), "end": at(sun, "02:15"), "rrule": format!("FREQ=WEEKLY;INTERVAL=2;BYDAY=SU;UNTIL={fortnight_end}")}),
        serde_json::json!({"slug": "weekly-night", "listing": "manchester-football-club", "title": "Early walk", "category": "regular_activity",
            "start": at(sun, "01:30"), "end": at(sun, "02:30"), "rrule": "FREQ=WEEKLY;BYDAY=SU"}),
        // A cancelled one-off.
        serde_json::json!({"slug": "cancelled-picnic", "listing": "oxford-housing-justice-group", "title": "Picnic", "category": "action",
            "start": at(one_off, "12:00"), "end": at(one_off, "16:00"), "status": "cancelled"}),
        // An online webinar series.
        serde_json::json!({"slug": "webinar", "listing": "london-health-access-chapter", "title": "Asylum system 101", "category": "webinar",
            "start": at(webinar, "19:00"), "end": at(webinar, "20:00"), "rrule": "FREQ=WEEKLY;BYDAY=WE;COUNT=24",
            "place": "online", "online_url": "https://meet.example.org/101"}),
        // A 30-day festival, all day.
        serde_json::json!({"slug": "festival", "listing": "bristol-health-access-chapter", "title": "Festival", "category": "festival",
            "all_day": true, "start": festival.format("%Y-%m-%d").to_string(), "end": (festival + Duration::days(30)).format("%Y-%m-%d").to_string()}),
    ];
    lines.iter().map(|l| l.to_string() + "\n").collect()
}

async fn oracle_db() -> common::TestDb {
    let db = common::empty_db().await;
    common::import(&db, &std::fs::read_to_string(common::sample_listings()).unwrap(), PUBLISHED).await;
    db.atlas.import_events(oracle_series().as_bytes(), EventFormat::JsonLines, options(None)).await.expect("import the series");
    db
}

/// (event slug, start, end, cancelled) from the API over the span, all pages.
async fn from_api(app: &axum::Router, from: &str, to: &str) -> BTreeSet<(String, String, String, bool)> {
    let mut out = BTreeSet::new();
    let mut cursor = String::new();
    loop {
        let (status, body) = get(app, &format!("/api/events?from={from}&to={to}&limit=100{cursor}")).await;
        assert_eq!(status, 200, "{body}");
        let page: Value = serde_json::from_str(&body).unwrap();
        for item in page["items"].as_array().unwrap() {
            let key = |field: &str| {
                let text = item[field].as_str().unwrap();
                if item["all_day"].as_bool().unwrap() {
                    text.to_string()
                } else {
                    chrono::DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&chrono::Utc).format("%Y-%m-%dT%H:%M:%SZ").to_string()
                }
            };
            out.insert((item["event"].as_str().unwrap().to_string(), key("start"), key("end"), item["status"] == "cancelled"));
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = format!("&cursor={c}"),
            None => return out,
        }
    }
}

fn python() -> std::path::PathBuf {
    let p = common::workspace_root().join("target/pytools/bin/python");
    assert!(p.exists(), "the calendar oracle is missing: run scripts/setup --test");
    p
}

#[tokio::test]
async fn feeds_agree_with_an_independent_expansion_and_with_the_api() {
    let db = oracle_db().await;
    let app = common::app(&db);
    let from = (today() - Duration::days(30)).format("%Y-%m-%d").to_string();
    let to = (today() + Duration::days(369)).format("%Y-%m-%d").to_string();
    let (status, feed) = get(&app, &format!("/events.ics?from={from}&to={to}")).await;
    assert_eq!(status, 200);
    assert_eq!(feed.matches("BEGIN:VEVENT").count(), 7 + 2, "seven series and two changed occurrences:\n{feed}");
    assert!(feed.contains("RRULE:FREQ=MONTHLY;BYDAY=-1TH"), "rules are kept as rules");
    assert!(feed.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/London"));
    let path = db.dir.path().join("feed.ics");
    std::fs::write(&path, &feed).unwrap();
    let out = std::process::Command::new(python())
        .arg(common::workspace_root().join("tests/oracle/expand_ics.py"))
        .args([path.to_str().unwrap(), &from, &to])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let oracle: BTreeSet<(String, String, String, bool)> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            let slug = v["url"].as_str().unwrap().rsplit('/').next().unwrap().to_string();
            (slug, v["start"].as_str().unwrap().into(), v["end"].as_str().unwrap().into(), v["status"] == "CANCELLED")
        })
        .collect();
    let api = from_api(&app, &from, &to).await;
    // In the hour that never happens (the last Sunday of March, 01:00 to
    // 02:00) both put the start where RFC 5545 says (the offset from before
    // the gap), but the oracle computes the end by wall-clock arithmetic
    // and gets a zero-length occurrence; RFC 5545 (3.8.5.3) says the exact
    // duration of DTEND - DTSTART applies, which is what we give. Those
    // occurrences are compared by their start.
    let in_gap = |(slug, start, end, cancelled): &(String, String, String, bool)| {
        let march = NaiveDate::parse_from_str(&start[..10], "%Y-%m-%d")
            .ok()
            .filter(|d| d.month() == 3 && d.day() >= 25 && d.weekday() == Weekday::Sun);
        let gap = march.is_some() && &start[11..13] == "01";
        (slug.clone(), start.clone(), if gap { String::new() } else { end.clone() }, *cancelled)
    };
    let oracle: BTreeSet<_> = oracle.iter().map(in_gap).collect();
    let api: BTreeSet<_> = api.iter().map(in_gap).collect();
    let only_api: Vec<_> = api.difference(&oracle).collect();
    let only_oracle: Vec<_> = oracle.difference(&api).collect();
    assert!(only_api.is_empty() && only_oracle.is_empty(), "API only: {only_api:#?}\noracle only: {only_oracle:#?}");
    assert!(api.len() > 150, "{} occurrences", api.len());
    // The hour that happens twice: the first (summer time) is meant.
    let october = NaiveDate::from_ymd_opt(if today().month() > 10 { today().year() + 1 } else { today().year() }, 10, 31).unwrap();
    let last_sunday = (0..7).map(|d| october - Duration::days(d)).find(|d| d.weekday() == Weekday::Sun).unwrap();
    let expected = format!("{}T00:30:00Z", last_sunday.format("%Y-%m-%d"));
    assert!(api.iter().any(|(slug, start, _, _)| slug == "weekly-night" && *start == expected), "{expected}");
    // The moved occurrence (in about two weeks) is where it moved to, with its new title.
    let (_, listed) = get(&app, "/api/events?listing=london-walking-group&limit=500").await;
    assert!(listed.contains("Weekly walk (moved to Wednesday)"), "{listed}");
}

#[tokio::test]
async fn a_feed_is_the_same_bytes_until_something_changes() {
    let db = oracle_db().await;
    let app = common::app(&db);
    let (_, first) = get(&app, "/events.ics").await;
    let (_, second) = get(&app, "/events.ics").await;
    assert_eq!(first, second);
    let response =
        tower::ServiceExt::oneshot(app.clone(), axum::http::Request::get("/events.ics").body(axum::body::Body::empty()).unwrap())
            .await
            .unwrap();
    let etag = response.headers()["etag"].to_str().unwrap().to_string();
    assert!(response.headers().contains_key("last-modified"));
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/calendar"));
    let again = tower::ServiceExt::oneshot(
        app.clone(),
        axum::http::Request::get("/events.ics").header("if-none-match", &etag).body(axum::body::Body::empty()).unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(again.status(), 304);
    // One series, and one listing's series.
    let (status, one) = get(&app, "/events/festival.ics").await;
    assert_eq!(status, 200);
    assert!(one.contains("DTSTART;VALUE=DATE:") && one.matches("BEGIN:VEVENT").count() == 1, "{one}");
    let (status, listing) = get(&app, "/listings/manchester-football-club/events.ics").await;
    assert_eq!(status, 200);
    assert_eq!(listing.matches("BEGIN:VEVENT").count(), 2);
    assert_eq!(get(&app, "/events/no-such-event.ics").await.0, 404);
    assert_eq!(get(&app, "/listings/no-such-listing/events.ics").await.0, 404);
}

#[tokio::test]
async fn the_api_checks_its_query_and_pages_in_time_order() {
    let db = oracle_db().await;
    let app = common::app(&db);
    for bad in [
        "/api/events?from=yesterday",
        "/api/events?limit=0",
        "/api/events?limit=501",
        "/api/events?near=91,0",
        "/api/events?category=party",
        "/api/events?online=perhaps",
        "/api/events?online=1",
        "/api/events?cursor=not-a-cursor",
        // Issue 27: a year chrono parses but cannot add a day to was a 500.
        "/api/events?from=%2B262142-12-31",
        "/api/events?to=-262143-01-01",
    ] {
        let (status, body) = get(&app, bad).await;
        assert_eq!(status, 400, "{bad}: {body}");
        assert!(body.contains("\"error\""), "{bad}: {body}");
    }
    // Two days in either order, cut to the days kept: an answer, maybe empty.
    for span in ["from=2027-02-01&to=2027-01-01", "from=2027-01-01&to=2029-01-01", "from=2020-01-01&to=2020-01-02", "radius_km=5"] {
        let (status, body) = get(&app, &format!("/api/events?{span}")).await;
        assert_eq!(status, 200, "{span}: {body}");
    }
    let (_, long_ago) = get(&app, "/api/events?from=2020-01-01&to=2020-01-02").await;
    assert!(long_ago.contains("\"items\":[]"), "{long_ago}");
    let (_, body) = get(&app, "/api/events?limit=3").await;
    let page: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(page["items"].as_array().unwrap().len(), 3);
    let (_, rest) = get(&app, &format!("/api/events?limit=3&cursor={}", page["next_cursor"].as_str().unwrap())).await;
    let rest: Value = serde_json::from_str(&rest).unwrap();
    let starts = |p: &Value| p["items"].as_array().unwrap().iter().map(|i| i["start"].as_str().unwrap().to_string()).collect::<Vec<_>>();
    let (a, b) = (starts(&page), starts(&rest));
    assert!(a.last().unwrap() <= b.first().unwrap(), "{a:?} then {b:?}");
    // Filters.
    let (_, online) = get(&app, "/api/events?online=true&to=".to_string().as_str()).await;
    let online: Value = serde_json::from_str(&online).unwrap();
    assert!(online["items"].as_array().unwrap().iter().all(|i| i["attendance"] == "online" && i.get("lat").is_none()));
    // Near a place: what is held there, and (issue 30) what anyone may
    // join online, without a distance; `in_person=true` leaves those out.
    let (_, near) = get(&app, "/api/events?near=53.48,-2.24&radius_km=10&from=&to=").await;
    let near: Value = serde_json::from_str(&near).unwrap();
    let items = near["items"].as_array().unwrap();
    assert!(
        items.iter().all(|i| i["listing"] == "manchester-football-club" || i["attendance"] == "online" && i.get("distance_km").is_none()),
        "{near}"
    );
    assert!(items.iter().any(|i| i["attendance"] == "online"), "the webinar is near everyone: {near}");
    let (_, in_person) = get(&app, "/api/events?near=53.48,-2.24&radius_km=10&from=&to=&in_person=true").await;
    let in_person: Value = serde_json::from_str(&in_person).unwrap();
    assert!(in_person["items"].as_array().unwrap().iter().all(|i| i["listing"] == "manchester-football-club"), "{in_person}");
}

#[tokio::test]
async fn an_event_is_never_more_precise_than_its_owner_chose() {
    let db = oracle_db().await;
    // A group's own calendar with a street address and a point: without
    // the operator's word that the place is public, neither is kept.
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nBEGIN:VEVENT\r\nUID:secret@example.org\r\nDTSTART;TZID=Europe/London:20270105T180000\r\nDTEND;TZID=Europe/London:20270105T200000\r\nRRULE:FREQ=WEEKLY\r\nSUMMARY:Outreach evening\r\nLOCATION:7 Hidden Lane\\, Sheffield S2 9ZZ\r\nGEO:53.37123;-1.46789\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    db.atlas.import_events(ics.as_bytes(), EventFormat::Ics, options(Some("sheffield-welcome-drop-in"))).await.unwrap();
    let app = common::app(&db);
    let listing = db.atlas.read.directory.snapshot().get("sheffield-welcome-drop-in").cloned().unwrap();
    let (from, to) = (today(), today() + Duration::days(60));
    let span = format!("from={from}&to={to}");
    let (_, api) = get(&app, &format!("/api/events?{span}&listing=sheffield-welcome-drop-in")).await;
    let api: Value = serde_json::from_str(&api).unwrap();
    let items = api["items"].as_array().unwrap();
    assert!(!items.is_empty());
    for i in items {
        assert_eq!((i["lat"].as_f64(), i["lon"].as_f64()), (listing.lat, listing.lon), "the listing's public point");
        assert!(i.get("address").is_none());
    }
    let slug = items[0]["event"].as_str().unwrap().to_string();
    for uri in [
        format!("/api/events?{span}"),
        format!("/events.ics?{span}"),
        format!("/events/{slug}"),
        format!("/events/{slug}.ics"),
        "/listings/sheffield-welcome-drop-in".to_string(),
        "/listings/sheffield-welcome-drop-in/events.ics".to_string(),
        "/events?near=Sheffield".to_string(),
    ] {
        let (status, body) = get(&app, &uri).await;
        assert_eq!(status, 200, "{uri}");
        assert!(!body.contains("Hidden Lane") && !body.contains("S2 9ZZ"), "{uri} shows the address");
        assert!(!body.contains("53.37123") && !body.contains("1.46789"), "{uri} shows the point");
    }
    // An approximate group's events carry its public point, not its true one.
    let walking = db.atlas.read.directory.snapshot().get("london-walking-group").cloned().unwrap();
    let (_, body) = get(&app, "/api/events?listing=london-walking-group&limit=5").await;
    let body: Value = serde_json::from_str(&body).unwrap();
    for i in body["items"].as_array().unwrap() {
        assert_eq!((i["lat"].as_f64(), i["lon"].as_f64()), (walking.lat, walking.lon));
    }
    assert!(!serde_json::to_string(&body).unwrap().contains("51.51344"), "the walking group's true latitude");
}

#[tokio::test]
async fn a_lockdown_leaves_only_online_events_without_their_group() {
    let db = oracle_db().await;
    let admin = db.put_user("admin@example.org", app::people::Role::Admin, &[]).await;
    db.atlas.set_lockdown(&admin, true, "test").await.unwrap();
    let app = common::app(&db);
    let (_, body) = get(&app, "/api/events?to=").await;
    let body: Value = serde_json::from_str(&body).unwrap();
    let items = body["items"].as_array().unwrap();
    assert!(!items.is_empty());
    for i in items {
        assert_eq!(i["attendance"], "online");
        assert!(i.get("listing").is_none() && i.get("town").is_none() && i.get("lat").is_none(), "{i}");
    }
    let (_, feed) = get(&app, "/events.ics").await;
    assert!(!feed.contains("GEO:") && !feed.contains("Manchester"), "{feed}");
    assert_eq!(get(&app, "/events/weekly-walk").await.0, 404);
    assert_eq!(get(&app, "/events/weekly-walk.ics").await.0, 404);
    // Issue 27: naming the group brought back its online events, tying
    // them to it and confirming that it exists.
    let (status, body) = get(&app, "/api/events?listing=london-health-access-chapter&to=").await;
    assert_eq!(status, 200);
    assert!(body.contains("\"items\":[]"), "{body}");
    let (_, feed) = get(&app, "/events.ics?listing=london-health-access-chapter").await;
    assert!(!feed.contains("Asylum system 101"), "{feed}");
    let (_, embed) = get(&app, "/embed/events?listing=london-health-access-chapter").await;
    assert!(!embed.contains("Asylum system 101"), "{embed}");
}

#[tokio::test]
async fn a_bad_file_names_the_event_and_the_property_and_stores_nothing() {
    let db = oracle_db().await;
    let before = db.store.count_events().await.unwrap();
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nBEGIN:VEVENT\r\nUID:good@example.org\r\nDTSTART:20270105T180000Z\r\nDTEND:20270105T200000Z\r\nSUMMARY:Good\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:bad-rule@example.org\r\nDTSTART;TZID=Europe/London:20270105T180000\r\nDTEND;TZID=Europe/London:20270105T200000\r\nRRULE:FREQ=SOMETIMES\r\nSUMMARY:Bad rule\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:no-start@example.org\r\nSUMMARY:No start\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let err = db.atlas.import_events(ics.as_bytes(), EventFormat::Ics, options(Some("leeds-film-night"))).await.unwrap_err().to_string();
    assert!(err.contains("UID bad-rule@example.org: rrule:"), "{err}");
    assert!(err.contains("UID no-start@example.org: DTSTART is missing"), "{err}");
    assert_eq!(db.store.count_events().await.unwrap(), before, "nothing stored");
    // With --skip-invalid the good one is stored; a second import updates it by UID.
    let skip = EventImportOptions { skip_invalid: true, ..options(Some("leeds-film-night")) };
    let report = db.atlas.import_events(ics.as_bytes(), EventFormat::Ics, skip).await.unwrap();
    assert_eq!((report.stored.created, report.skipped.len()), (1, 2));
    let again = EventImportOptions { skip_invalid: true, ..options(Some("leeds-film-night")) };
    let report = db.atlas.import_events(ics.as_bytes(), EventFormat::Ics, again).await.unwrap();
    assert_eq!((report.stored.created, report.stored.updated), (0, 1));
    // An .ics file needs its listing, and the listing must exist.
    assert!(db.atlas.import_events(ics.as_bytes(), EventFormat::Ics, options(None)).await.is_err());
    assert!(db.atlas.import_events(ics.as_bytes(), EventFormat::Ics, options(Some("nowhere"))).await.is_err());
}

#[tokio::test]
async fn pages_show_what_is_on_in_every_language() {
    let db = common::sample_db().await;
    let app = common::app(&db);
    for (lang, title) in [("en", "What's on"), ("ar", "الفعاليات"), ("fa", "رویدادها"), ("fr", "Agenda"), ("es", "Agenda")]
    {
        let (status, body) = get(&app, &format!("/{lang}/events")).await;
        assert_eq!(status, 200, "{lang}");
        assert!(body.contains(title), "{lang}");
        assert!(body.contains("(sample)"), "{lang}: sample events listed");
        assert!(body.contains("webcal://"), "{lang}: a subscribe link");
    }
    let (status, body) = get(&app, "/events/asylum-system-101-webinars").await;
    assert_eq!(status, 200);
    assert!(body.contains("/events/asylum-system-101-webinars.ics") && body.contains("https://meet.example.org/asylum-101"));
    let (_, listing) = get(&app, "/listings/london-walking-group").await;
    assert!(listing.contains("Walking group (sample)"), "a listing shows its next dates");
    let (_, home) = get(&app, "/").await;
    assert!(home.contains("/events"), "home links to what's on");
    let (_, near) = get(&app, "/events?near=Leeds&radius_km=10").await;
    assert!(near.contains("Leeds") && !near.contains("Walking group (sample)"), "near Leeds only");
    // Its calendar feed is the same filter, with the place as a point.
    let start = near.find("href=\"/events.ics?").expect("a feed link") + "href=\"".len();
    let feed = html_escape::decode_html_entities(&near[start..start + near[start..].find('"').unwrap()]).to_string();
    assert!(feed.contains("near=53."), "{feed}");
    let (status, ics) = get(&app, &feed).await;
    assert_eq!(status, 200, "{feed}: {ics}");
    assert!(!ics.contains("Walking group (sample)"), "near Leeds only, in the feed too");
    assert_eq!(get(&app, "/events/no-such-event").await.0, 404);
}

/// An organiser adds a weekly event; it is public only once a moderator
/// approves it; a change waits too; cancelling one date is public at once.
#[tokio::test]
async fn organisers_add_events_that_a_moderator_approves_and_cancel_dates_at_once() {
    use common::smtp::MailServer;
    let mail = MailServer::start(None).await;
    let db = common::db_with_mail(&mail, true).await;
    let owner = db.organiser("owner@example.org").await;
    db.organiser("other@example.org").await;
    let moderator = db.put_user("mod@example.org", app::people::Role::Moderator, &[]).await;
    db.add_owner("leeds-film-night", owner.id).await;
    let app = common::fast_app(&db);
    let mut v = common::Visitor::new(&app);
    v.sign_in("owner@example.org", &mail).await;
    let first = next(today() + Duration::days(1), Weekday::Thu).format("%Y-%m-%d").to_string();
    let page = "/account/listings/leeds-film-night/events/new";
    let fields = [
        ("title", "Thursday film club"),
        ("summary", "A film with subtitles"),
        ("category", "regular_activity"),
        ("languages", "en, ar"),
        ("date", first.as_str()),
        ("start_time", "18:30"),
        ("end_time", "21:00"),
        ("repeat", "weekly"),
        ("place", "listing"),
        ("cost", "free"),
        ("join", "turn_up"),
        ("audience", "everyone"),
    ];
    // A broken rule comes back to the form, named, with what was typed.
    let mut broken = fields.to_vec();
    broken[6] = ("end_time", "17:00");
    let a = v.submit(page, page, &broken).await;
    assert_eq!(a.status, 422, "{}", a.body);
    assert!(a.body.contains("The end must come after the start") && a.body.contains("Thursday film club"));
    let a = v.submit(page, page, &fields).await;
    assert_eq!((a.status.as_u16(), a.location.as_deref()), (303, Some("/thanks/event")), "{}", a.body);
    let queue = common::pending(&db).await;
    let s = queue.iter().find(|s| s.entity == app::people::Entity::Event).expect("in the queue");
    let slug = s.slug.clone();
    assert_eq!(get(&app, &format!("/events/{slug}")).await.0, 404, "nothing public before a moderator approves");
    let (_, api) = get(&app, "/api/events?listing=leeds-film-night&limit=500").await;
    assert!(!api.contains("Thursday film club"));
    // The moderator sees the reminder about hotels and hostels.
    let mut m = common::Visitor::new(&app);
    m.sign_in("mod@example.org", &mail).await;
    let seen = m.get(&format!("/moderate/submissions/{}", s.id)).await;
    assert!(seen.body.contains("hotel, hostel or home") && seen.body.contains("Thursday film club"), "{}", seen.body);
    db.atlas.approve(&moderator, s.id, None).await.unwrap();
    let (status, body) = get(&app, &format!("/events/{slug}")).await;
    assert_eq!(status, 200);
    assert!(body.contains("Thursday film club") && body.contains("Leeds"));

    // Someone else's listing: refused.
    let mut other = common::Visitor::new(&app);
    other.sign_in("other@example.org", &mail).await;
    let a = other.submit("/account", page, &fields).await;
    assert_eq!(a.status, 403);

    // A change waits; the published series stays as it was.
    let edit = format!("/account/events/{slug}/edit");
    let mut changed = fields.to_vec();
    changed[0] = ("title", "Thursday cinema");
    let a = v.submit(&edit, &edit, &changed).await;
    assert_eq!(a.status, 303, "{}", a.body);
    assert!(get(&app, &format!("/events/{slug}")).await.1.contains("Thursday film club"));

    // Cancelling one date is public at once, in the API and the feed.
    let a = v.submit(&edit, &edit, &[("cancel_date", &format!("{first}T18:30:00"))]).await;
    assert_eq!((a.status.as_u16(), a.location.as_deref()), (303, Some("/thanks/cancelled")), "{}", a.body);
    let (_, api) = get(&app, &format!("/api/events?listing=leeds-film-night&from={first}&to={first}")).await;
    let api: Value = serde_json::from_str(&api).unwrap();
    let item = api["items"].as_array().unwrap().iter().find(|i| i["event"] == slug.as_str()).unwrap().clone();
    assert_eq!(item["status"], "cancelled");
    let (_, feed) = get(&app, &format!("/events/{slug}.ics")).await;
    assert!(feed.contains("RECURRENCE-ID;TZID=Europe/London:") && feed.contains("STATUS:CANCELLED"), "{feed}");
    // A date the series does not have is refused, and nothing changes.
    let a = v.submit(&edit, &edit, &[("cancel_date", "2001-01-01T18:30:00")]).await;
    assert_eq!(a.status, 422);
    // Postponing another date is public at once too; "moved online" needs
    // the series' online link, which this one has not.
    let week_later = (NaiveDate::parse_from_str(&first, "%Y-%m-%d").unwrap() + Duration::days(7)).format("%Y-%m-%d").to_string();
    let date = format!("{week_later}T18:30:00");
    let a = v.submit(&edit, &edit, &[("cancel_date", date.as_str()), ("date_status", "moved_online")]).await;
    assert_eq!(a.status, 422, "{}", a.body);
    let a = v.submit(&edit, &edit, &[("cancel_date", date.as_str()), ("date_status", "postponed")]).await;
    assert_eq!(a.location.as_deref(), Some("/thanks/date-changed"), "{}", a.body);
    let (_, api) = get(&app, &format!("/api/events?listing=leeds-film-night&from={week_later}&to={week_later}")).await;
    let api: Value = serde_json::from_str(&api).unwrap();
    let item = api["items"].as_array().unwrap().iter().find(|i| i["event"] == slug.as_str()).unwrap().clone();
    assert_eq!(item["status"], "postponed");
}

/// Anyone suggests an event for a group: nothing is public until the
/// emailed link is opened and a moderator approves; a hotel's address
/// given as an exact venue without "public building" is refused.
#[tokio::test]
async fn anyone_can_suggest_an_event_which_waits_for_the_link_and_a_moderator() {
    use common::smtp::MailServer;
    let mail = MailServer::start(None).await;
    let db = common::db_with_mail(&mail, true).await;
    let moderator = db.put_user("mod@example.org", app::people::Role::Moderator, &[]).await;
    let app = common::fast_app(&db);
    let mut v = common::Visitor::new(&app);
    let page = "/listings/bristol-housing-justice-group/suggest-event";
    let shown = v.get(page).await;
    assert_eq!(shown.status, 200);
    assert!(shown.body.contains("hotel, hostel or home"), "the form says why such places are refused");
    let date = (today() + Duration::days(10)).format("%Y-%m-%d").to_string();
    let mut fields = vec![
        ("title", "Housing rights workshop"),
        ("category", "training"),
        ("date", date.as_str()),
        ("start_time", "18:00"),
        ("end_time", "20:00"),
        ("place", "venue"),
        ("venue_name", "Central Library meeting room"),
        ("venue_town", "Bristol"),
        ("venue_latitude", "51.4545"),
        ("venue_longitude", "-2.5879"),
        ("venue_precision", "exact"),
        ("contact_email", "friend@example.org"),
    ];
    let a = v.submit(page, page, &fields).await;
    assert_eq!(a.status, 422, "an exact venue that is not a public building: {}", a.body);
    assert!(a.body.contains("public building"));
    fields[10] = ("venue_precision", "area");
    // Issue 27: a rule every minute since 2000 walked 14 million dates in
    // the moderator's approval; a date at chrono's limit was a 500.
    let mut minutely = fields.clone();
    minutely[2] = ("date", "2000-01-01");
    minutely.push(("rrule", "FREQ=MINUTELY"));
    let a = v.submit(page, page, &minutely).await;
    assert_eq!(a.status, 422, "{}", a.body);
    assert!(a.body.contains("repeats at most once a day"), "{}", a.body);
    let mut far = fields.clone();
    far[2] = ("date", "+262142-12-31");
    far.push(("all_day", "yes"));
    let a = v.submit(page, page, &far).await;
    assert_eq!(a.status, 422, "{}", a.body);
    let mut long_rule = fields.clone();
    let rule = format!("FREQ=WEEKLY;BYDAY={}", vec!["MO"; 200].join(","));
    long_rule.push(("rrule", rule.as_str()));
    let a = v.submit(page, page, &long_rule).await;
    assert_eq!(a.status, 422, "a rule longer than the database keeps is refused at the form: {}", a.body);
    // Issue 28: a venue's point must lie in the town it names.
    let mut elsewhere = fields.clone();
    elsewhere[8] = ("venue_latitude", "51.3811");
    elsewhere[9] = ("venue_longitude", "-2.3590");
    let a = v.submit(page, page, &elsewhere).await;
    assert_eq!(a.status, 422, "{}", a.body);
    assert!(a.body.contains("km from Bristol, farther than 15 km") && a.body.contains("Housing rights workshop"), "{}", a.body);
    let a = v.submit(page, page, &fields).await;
    assert_eq!(a.location.as_deref(), Some("/thanks/suggested"), "{}", a.body);
    let m = mail.wait_for("friend@example.org", "confirm").await;
    let link = m.link("http://atlas.test/confirm?token=").unwrap();
    let path = link.trim_start_matches("http://atlas.test").to_string();
    let token = path.split("token=").nth(1).unwrap().to_string();
    assert!(common::pending(&db).await.iter().all(|s| s.entity != app::people::Entity::Event), "not in the queue before the link");
    let a = v.submit(&path, "/confirm", &[("token", &token)]).await;
    assert_eq!(a.location.as_deref(), Some("/thanks/confirmed"), "{}", a.body);
    let s = common::pending(&db).await.into_iter().find(|s| s.entity == app::people::Entity::Event).expect("queued");
    assert_eq!(get(&app, &format!("/events/{}", s.slug)).await.0, 404);
    db.atlas.approve(&moderator, s.id, None).await.unwrap();
    let (status, body) = get(&app, &format!("/events/{}", s.slug)).await;
    assert_eq!(status, 200);
    assert!(body.contains("Housing rights workshop") && body.contains("Bristol"));
    assert!(!body.contains("51.4545") && !body.contains("2.5879"), "a venue at area precision shows its town only");
    // Issue 27: nor its name, which can say where it is.
    assert!(!body.contains("Central Library meeting room"), "{body}");
    let (_, ics) = get(&app, &format!("/events/{}.ics", s.slug)).await;
    assert!(!ics.contains("Central Library") && ics.contains("Bristol"), "{ics}");
    // During a lockdown the form is gone, as for a group that does not exist.
    let admin = db.put_user("admin@example.org", app::people::Role::Admin, &[]).await;
    db.atlas.set_lockdown(&admin, true, "test").await.unwrap();
    assert_eq!(get(&app, page).await.0, 404);
}

/// A loopback calendar server: answers its current file with an ETag,
/// 304 when the ETag is sent back, or the status it is told to.
#[derive(Default)]
struct Upstream {
    status: u16,
    body: String,
    not_modified: usize,
}

async fn start_upstream(body: &str) -> (String, std::sync::Arc<std::sync::Mutex<Upstream>>) {
    use axum::http::{header, HeaderMap, StatusCode};
    use axum::response::IntoResponse;
    let state = std::sync::Arc::new(std::sync::Mutex::new(Upstream { status: 200, body: body.to_string(), not_modified: 0 }));
    let shared = state.clone();
    let serve = move |headers: HeaderMap| {
        let state = shared.clone();
        async move {
            let mut s = state.lock().unwrap();
            let etag = format!("\"{:x}\"", sha2_like(&s.body));
            if s.status != 200 {
                return StatusCode::from_u16(s.status).unwrap().into_response();
            }
            if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(etag.as_str()) {
                s.not_modified += 1;
                return StatusCode::NOT_MODIFIED.into_response();
            }
            ([(header::CONTENT_TYPE, "text/calendar".to_string()), (header::ETAG, etag)], s.body.clone()).into_response()
        }
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/group.ics", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, axum::Router::new().route("/group.ics", axum::routing::get(serve))).await });
    (url, state)
}

fn sha2_like(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// A group's calendar with two weekly series: one at a street address with
/// a point (never to be shown), one that borrows another group's UID.
fn group_calendar(first: NaiveDate, evening_title: &str, with_coffee: bool) -> String {
    let day = first.format("%Y%m%d");
    let mut ics = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Nextcloud//EN\r\n\
         BEGIN:VEVENT\r\nUID:evening@group.example\r\nDTSTART;TZID=Europe/London:{day}T180000\r\nDTEND;TZID=Europe/London:{day}T200000\r\n\
         RRULE:FREQ=WEEKLY\r\nSUMMARY:{evening_title}\r\nLOCATION:7 Hidden Lane\\, Sheffield S2 9ZZ\r\nGEO:53.37123;-1.46789\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:walking-group-london@solidarity-atlas\r\nDTSTART;TZID=Europe/London:{day}T100000\r\nDTEND;TZID=Europe/London:{day}T110000\r\n\
         SUMMARY:Taken over\r\nEND:VEVENT\r\n"
    );
    if with_coffee {
        ics.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:coffee@group.example\r\nDTSTART;TZID=Europe/London:{day}T120000\r\nDTEND;TZID=Europe/London:{day}T130000\r\n\
             RRULE:FREQ=WEEKLY\r\nSUMMARY:Coffee morning\r\nEND:VEVENT\r\n"
        ));
    }
    ics.push_str("END:VCALENDAR\r\n");
    ics
}

/// An organiser follows their group's calendar: refused from a private
/// address unless the operator allows it; the first reading waits for a
/// moderator; then changes upstream are followed, a 304 is honoured, a
/// broken calendar keeps the last good copy and tells the organiser, and
/// the calendar's street address and point are never shown.
#[tokio::test]
async fn a_followed_calendar_is_reviewed_then_kept_in_step_and_a_broken_one_keeps_its_last_good_copy() {
    use common::smtp::MailServer;
    use server::events::fetch::FetchRules;
    let listing = "sheffield-welcome-drop-in";
    let mail = MailServer::start(None).await;
    let mut db = common::db_with_mail(&mail, true).await;
    let owner = db.organiser("owner@example.org").await;
    let moderator = db.put_user("mod@example.org", app::people::Role::Moderator, &[]).await;
    db.add_owner(listing, owner.id).await;
    let first = next(today() + Duration::days(1), Weekday::Mon);
    let (url, upstream) = start_upstream(&group_calendar(first, "Outreach evening", true)).await;

    // A private address is refused by default, and nothing is stored.
    let refused = db.atlas.follow_calendar(&owner, listing, &url, false, "en").await.unwrap_err();
    assert!(format!("{refused:?}").contains("CalendarPrivateAddress"), "{refused:?}");
    assert!(db.store.feed_of(listing).await.unwrap().is_none());
    let bad = server::events::fetch::fetch(&"http://[::1]:9/x.ics".parse().unwrap(), None, None, &FetchRules::default()).await;
    assert!(matches!(bad, Err(app::problem::Problem::CalendarPrivateAddress { .. })), "{bad:?}");
    db.restart_with(|c| c.calendars.allow_private = true).await;

    let app = common::fast_app(&db);
    let mut v = common::Visitor::new(&app);
    v.sign_in("owner@example.org", &mail).await;
    let page = format!("/account/listings/{listing}/calendar");
    let a = v.submit(&page, &page, &[("url", "ftp://example.org/cal.ics")]).await;
    assert_eq!(a.status, 422);
    assert!(a.body.contains("is not a calendar address"), "{}", a.body);
    let a = v.submit(&page, &page, &[("url", url.as_str())]).await;
    assert_eq!((a.status.as_u16(), a.location.as_deref()), (303, Some("/thanks/calendar")), "{}", a.body);

    // In review: nothing public; the moderator sees each series and the reminder.
    let events = |app: axum::Router| async move { get(&app, &format!("/api/events?listing={listing}&limit=500")).await.1 };
    assert!(!events(app.clone()).await.contains("Outreach evening"));
    assert!(v.get(&page).await.body.contains("Waiting for a moderator"));
    let queue = common::pending(&db).await;
    let s = queue.iter().find(|s| s.entity == app::people::Entity::Calendar).expect("in the queue");
    let mut m = common::Visitor::new(&app);
    m.sign_in("mod@example.org", &mail).await;
    let seen = m.get(&format!("/moderate/submissions/{}", s.id)).await;
    assert!(seen.body.contains("Outreach evening") && seen.body.contains("Coffee morning"), "{}", seen.body);
    assert!(seen.body.contains("hotel, hostel or home") && !seen.body.contains("Hidden Lane"), "{}", seen.body);
    db.atlas.approve(&moderator, s.id, None).await.unwrap();
    let api = events(app.clone()).await;
    assert!(api.contains("Outreach evening") && api.contains("Coffee morning"), "{api}");

    // Another group's event cannot be taken over by reusing its UID.
    let walk = db.store.event_by_slug("walking-group-london").await.unwrap().unwrap();
    assert_eq!((walk.listing.as_str(), walk.title.as_str()), ("london-walking-group", "Walking group (sample)"));
    let feed = db.store.feed_of(listing).await.unwrap().unwrap();
    assert_eq!(feed.skipped, vec!["walking-group-london@solidarity-atlas".to_string()]);

    // New dates upstream are followed at once, and a series gone upstream goes.
    let later = first + Duration::days(7);
    upstream.lock().unwrap().body = group_calendar(later, "Outreach evening", false);
    db.atlas.read_calendar(&db.store.feed_of(listing).await.unwrap().unwrap()).await.unwrap();
    let api = events(app.clone()).await;
    assert!(api.contains("Outreach evening") && !api.contains("Coffee morning"), "{api}");
    assert!(!api.contains(&first.to_string()) && api.contains(&later.to_string()), "{api}");
    // Issue 27: anything else it says later waits for a moderator: a new
    // title here, as it would be a new series at a hotel's address.
    upstream.lock().unwrap().body = group_calendar(later, "Outreach and supper", true);
    db.atlas.read_calendar(&db.store.feed_of(listing).await.unwrap().unwrap()).await.unwrap();
    let api = events(app.clone()).await;
    assert!(!api.contains("Outreach and supper") && !api.contains("Coffee morning"), "{api}");
    let s = common::pending(&db).await.into_iter().find(|s| s.entity == app::people::Entity::Calendar).expect("the change waits");
    // Read again meanwhile: still one change waiting, not one per reading.
    upstream.lock().unwrap().body = group_calendar(later, "Outreach and supper", false);
    db.atlas.read_calendar(&db.store.feed_of(listing).await.unwrap().unwrap()).await.unwrap();
    assert_eq!(common::pending(&db).await.iter().filter(|s| s.entity == app::people::Entity::Calendar).count(), 1);
    db.atlas.approve(&moderator, s.id, None).await.unwrap();
    let api = events(app.clone()).await;
    assert!(api.contains("Outreach and supper") && !api.contains("Coffee morning") && !api.contains("Outreach evening"), "{api}");
    // Nothing changed: the server is asked with the ETag and answers 304.
    db.atlas.read_calendar(&db.store.feed_of(listing).await.unwrap().unwrap()).await.unwrap();
    assert_eq!(upstream.lock().unwrap().not_modified, 1);

    // Broken upstream: the last good copy stays, the organiser is told (once).
    upstream.lock().unwrap().status = 500;
    db.atlas.read_calendar(&db.store.feed_of(listing).await.unwrap().unwrap()).await.unwrap();
    assert!(events(app.clone()).await.contains("Outreach and supper"));
    let feed = db.store.feed_of(listing).await.unwrap().unwrap();
    assert_eq!((feed.problem.clone(), feed.failures), (Some(app::problem::Problem::CalendarAnswered { status: 500 }), 1));
    mail.wait_for("owner@example.org", "cannot read your group").await;
    assert!(v.get(&page).await.body.contains("error 500"));
    {
        let mut u = upstream.lock().unwrap();
        (u.status, u.body) = (200, "<html>not a calendar</html>".into());
    }
    db.atlas.read_calendar(&db.store.feed_of(listing).await.unwrap().unwrap()).await.unwrap();
    assert!(events(app.clone()).await.contains("Outreach and supper"));
    assert_eq!(db.store.feed_of(listing).await.unwrap().unwrap().problem, Some(app::problem::Problem::CalendarNotIcs));
    // It is due again later, not at once.
    assert_eq!(db.atlas.read_due_calendars(10).await.unwrap(), 0);

    // The calendar's street address and point show nowhere.
    let slug = db.store.event_titles_of(listing).await.unwrap().into_iter().find(|(_, t, _)| t == "Outreach and supper").unwrap().0;
    for uri in [
        format!("/api/events?listing={listing}"),
        format!("/events/{slug}"),
        format!("/events/{slug}.ics"),
        format!("/listings/{listing}"),
        format!("/listings/{listing}/events.ics"),
        "/events.ics".to_string(),
    ] {
        let (status, body) = get(&app, &uri).await;
        assert_eq!(status, 200, "{uri}");
        assert!(!body.contains("Hidden Lane") && !body.contains("53.37123") && !body.contains("1.46789"), "{uri}");
    }

    // Stopping keeps what was read, as the organiser's own.
    let a = v.submit(&page, &format!("{page}/stop"), &[]).await;
    assert_eq!(a.location.as_deref(), Some("/thanks/calendar-stopped"), "{}", a.body);
    assert!(db.store.feed_of(listing).await.unwrap().is_none());
    assert!(events(app.clone()).await.contains("Outreach and supper"));
}

/// Issue 27: a calendar built to take the server down is refused, with a
/// message, on every road in — the organiser's form, the command line, and
/// a followed calendar that changes after approval — and the site serves
/// on. (3,000 nested BEGIN lines overflowed the parser's stack and aborted
/// the process; a DURATION of 99,999,999,999 weeks panicked the reader.)
#[tokio::test]
async fn a_calendar_built_to_kill_the_server_is_refused_on_every_road_in() {
    use common::smtp::MailServer;
    let listing = "sheffield-welcome-drop-in";
    let mail = MailServer::start(None).await;
    let mut db = common::db_with_mail(&mail, true).await;
    let owner = db.organiser("owner@example.org").await;
    let moderator = db.put_user("mod@example.org", app::people::Role::Moderator, &[]).await;
    db.add_owner(listing, owner.id).await;
    let nested = format!("BEGIN:VCALENDAR\r\n{}", "BEGIN:X\r\n".repeat(3000));
    assert!(nested.len() < 28_000, "the issue's 27 KB");
    let first = next(today() + Duration::days(1), Weekday::Mon);
    let day = first.format("%Y%m%d");
    // And a UID of this site's own, for a series a group has yet to make;
    // and two UIDs whose slugs' 32-bit hashes are the same.
    let (twin_a, twin_b) = colliding_uids();
    let twin = |uid: &str| format!("BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:{day}T150000Z\r\nSUMMARY:Twin\r\nEND:VEVENT\r\n");
    let endless = group_calendar(first, "Outreach evening", true)
        .replace(&format!("DTEND;TZID=Europe/London:{day}T130000"), "DURATION:P99999999999W")
        .replace(
            "END:VCALENDAR",
            &format!(
                "BEGIN:VEVENT\r\nUID:spring-fair@solidarity-atlas\r\nDTSTART:{day}T100000Z\r\nSUMMARY:Fair\r\nEND:VEVENT\r\n{}{}END:VCALENDAR",
                twin(&twin_a),
                twin(&twin_b)
            ),
        );
    assert!(endless.contains("P99999999999W"));
    let (url, upstream) = start_upstream(&nested).await;
    db.restart_with(|c| c.calendars.allow_private = true).await;
    let app = common::fast_app(&db);
    let mut v = common::Visitor::new(&app);
    v.sign_in("owner@example.org", &mail).await;

    // The organiser's form: a 422 that says what is wrong; nothing stored.
    let page = format!("/account/listings/{listing}/calendar");
    let a = v.submit(&page, &page, &[("url", url.as_str())]).await;
    assert_eq!(a.status, 422, "{}", a.body);
    assert!(a.body.contains("nests its parts more than 4 deep"), "{}", a.body);
    assert!(db.store.feed_of(listing).await.unwrap().is_none());

    // The command line.
    let refused = db.atlas.import_events(nested.as_bytes(), EventFormat::Ics, options(Some(listing))).await.unwrap_err();
    assert!(format!("{refused}").contains("nests components 5 deep"), "{refused}");

    // An endless DURATION: that series is not taken, the others are.
    upstream.lock().unwrap().body = endless;
    let a = v.submit(&page, &page, &[("url", url.as_str())]).await;
    assert_eq!((a.status.as_u16(), a.location.as_deref()), (303, Some("/thanks/calendar")), "{}", a.body);
    let feed = db.store.feed_of(listing).await.unwrap().unwrap();
    assert_eq!(
        feed.skipped,
        ["walking-group-london@solidarity-atlas", "coffee@group.example", "spring-fair@solidarity-atlas", twin_b.as_str()]
    );
    let queue = common::pending(&db).await;
    let s = queue.iter().find(|s| s.entity == app::people::Entity::Calendar).expect("in the queue");
    db.atlas.approve(&moderator, s.id, None).await.unwrap();

    // After approval the calendar turns hostile: the reading fails, the
    // last good copy stands, the organiser is told, the site serves on.
    upstream.lock().unwrap().body = nested.clone();
    db.atlas.read_calendar(&db.store.feed_of(listing).await.unwrap().unwrap()).await.unwrap();
    let feed = db.store.feed_of(listing).await.unwrap().unwrap();
    assert_eq!(feed.problem, Some(app::problem::Problem::CalendarNestedTooDeep { max: 4 }));
    let (status, body) = get(&app, &format!("/api/events?listing={listing}&limit=500")).await;
    assert_eq!(status, 200);
    assert!(body.contains("Outreach evening"), "{body}");
    assert_eq!(get(&app, "/healthz").await.0, 200);
}

/// Two UIDs whose series get the same slug from the same title (the slug
/// ends in 32 bits of the UID's hash): found by trying, as an attacker would.
fn colliding_uids() -> (String, String) {
    use sha2::Digest;
    let mut seen = std::collections::HashMap::new();
    for n in 0u64.. {
        let uid = format!("twin-{n}@attacker.example");
        let hash = sha2::Sha256::digest(uid.as_bytes());
        if let Some(other) = seen.insert([hash[0], hash[1], hash[2], hash[3]], uid.clone()) {
            return (other, uid);
        }
    }
    unreachable!()
}

/// `on=week` keeps the listings with something on in the next seven days,
/// on the map's clusters, the JSON list and the directory page.
#[tokio::test]
async fn the_map_and_the_directory_keep_only_groups_with_something_on_this_week() {
    let db = common::sample_db().await;
    let app = common::app(&db);
    let total = |body: &str| serde_json::from_str::<Value>(body).unwrap()["total"].as_u64().unwrap();
    let (_, all) = get(&app, "/api/listings?limit=500").await;
    let (status, week) = get(&app, "/api/listings?on=week&limit=500").await;
    assert_eq!(status, 200, "{week}");
    let (all_n, week_n) = (total(&all), total(&week));
    assert!(week_n > 0 && week_n < all_n, "{week_n} of {all_n}");
    let week: Value = serde_json::from_str(&week).unwrap();
    let (from, to) = (today(), today() + Duration::days(7));
    for l in week["items"].as_array().unwrap() {
        let slug = l["slug"].as_str().unwrap();
        let (_, on) = get(&app, &format!("/api/events?listing={slug}&from={from}&to={to}")).await;
        let on: Value = serde_json::from_str(&on).unwrap();
        assert!(on["items"].as_array().unwrap().iter().any(|i| i["status"] != "cancelled"), "{slug} has nothing on");
    }
    let (status, clusters) = get(&app, "/api/clusters?on=week&zoom=3&bbox=-11,49,2.5,61").await;
    assert_eq!(status, 200);
    assert!((1..=week_n).contains(&total(&clusters)), "{clusters}");
    let (status, body) = get(&app, "/api/listings?on=month").await;
    assert_eq!(status, 400);
    assert!(body.contains("on=week"), "{body}");
    let (_, page) = get(&app, "/listings?on=week").await;
    assert!(page.contains(r#"name="on" value="week" checked"#), "the box stays ticked");
    assert!(page.contains(&format!("{week_n} listing")), "the directory counts the same");
}

/// Events are in search (type `event`) with a date filter, at their public
/// place only; a lockdown leaves the library alone in search.
#[tokio::test]
async fn events_are_searched_with_a_date_filter_and_never_by_a_hidden_place() {
    let db = common::sample_db().await;
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\nBEGIN:VEVENT\r\nUID:secret@example.org\r\nDTSTART;TZID=Europe/London:20270105T180000\r\nDTEND;TZID=Europe/London:20270105T200000\r\nRRULE:FREQ=WEEKLY\r\nSUMMARY:Outreach evening\r\nLOCATION:7 Hidden Lane\\, Sheffield S2 9ZZ\r\nGEO:53.37123;-1.46789\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    db.atlas.import_events(ics.as_bytes(), EventFormat::Ics, options(Some("sheffield-welcome-drop-in"))).await.unwrap();
    let app = common::app(&db);
    let hits = |body: &str| -> Vec<(String, String)> {
        let v: Value = serde_json::from_str(body).unwrap();
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| (h["type"].as_str().unwrap().to_string(), h["slug"].as_str().unwrap().to_string()))
            .collect()
    };
    let (status, body) = get(&app, "/api/search?q=walking&type=event").await;
    assert_eq!(status, 200, "{body}");
    assert!(hits(&body).contains(&("event".into(), "walking-group-london".into())), "{body}");
    // The walking group meets on Tuesdays: found on a Tuesday, not on a Monday.
    let tuesday = next(today() + Duration::days(1), Weekday::Tue);
    let monday = next(today() + Duration::days(1), Weekday::Mon);
    let (_, on) = get(&app, &format!("/api/search?q=walking&from={tuesday}&to={tuesday}")).await;
    assert!(hits(&on).iter().any(|(_, s)| s == "walking-group-london"), "{on}");
    assert!(hits(&on).iter().all(|(t, _)| t == "event"), "a date filter keeps events only: {on}");
    let (_, off) = get(&app, &format!("/api/search?q=walking&from={monday}&to={monday}")).await;
    assert!(!hits(&off).iter().any(|(_, s)| s == "walking-group-london"), "{off}");
    let (status, _) = get(&app, &format!("/api/search?q=walking&from={tuesday}&to={monday}x")).await;
    assert_eq!(status, 400);
    // The search page links an event to its page.
    let (_, page) = get(&app, "/search?q=walking&type=event").await;
    assert!(page.contains("/events/walking-group-london"), "{page}");
    // The calendar's street address was never kept, so it finds nothing.
    let (_, found) = get(&app, "/api/search?q=Outreach").await;
    assert!(hits(&found).iter().any(|(t, _)| t == "event"), "{found}");
    let (_, hidden) = get(&app, "/api/search?q=%22Hidden%20Lane%22").await;
    assert!(hits(&hidden).is_empty(), "{hidden}");
    // Near the true point: the event is at its group's public point only.
    let (_, near) = get(&app, "/api/search?q=Outreach&near=53.37123,-1.46789&radius_km=0.5").await;
    assert!(hits(&near).is_empty(), "{near}");
    // Lockdown: events go from search with the listings.
    let admin = db.put_user("admin@example.org", app::people::Role::Admin, &[]).await;
    db.atlas.set_lockdown(&admin, true, "test").await.unwrap();
    let (_, locked) = get(&app, "/api/search?q=walking&type=event").await;
    assert!(hits(&locked).is_empty(), "{locked}");
}

/// Near a point the timetable in memory picks which series to read: paging
/// through "near London" two at a time gives what one long page gives, and
/// that is exactly the whole calendar's occurrences whose public point is
/// within the radius. A series added later is found at once.
#[tokio::test]
async fn near_me_pages_agree_with_the_whole_calendar_filtered_by_distance() {
    let db = common::sample_db().await;
    let app = common::app(&db);
    let to = (today() + Duration::days(60)).to_string();
    let key = |i: &Value| format!("{} {}", i["start"].as_str().unwrap(), i["event"].as_str().unwrap());
    let items = |body: &str| serde_json::from_str::<Value>(body).unwrap()["items"].as_array().unwrap().clone();
    let near = format!("near=51.51,-0.13&radius_km=60&to={to}");
    let (_, one) = get(&app, &format!("/api/events?{near}&limit=500")).await;
    let one: Vec<String> = items(&one).iter().map(key).collect();
    let mut paged = Vec::new();
    let mut cursor = String::new();
    loop {
        let (status, body) = get(&app, &format!("/api/events?{near}&limit=2{cursor}")).await;
        assert_eq!(status, 200, "{body}");
        let page: Value = serde_json::from_str(&body).unwrap();
        paged.extend(page["items"].as_array().unwrap().iter().map(key));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = format!("&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(paged, one);
    let (_, all) = get(&app, &format!("/api/events?to={to}&limit=500")).await;
    let within: Vec<String> = items(&all)
        .iter()
        .filter(|i| {
            // Issue 30: events anyone may join online are near everyone.
            if i["attendance"] != "in_person" {
                return true;
            }
            let (Some(lat), Some(lon)) = (i["lat"].as_f64(), i["lon"].as_f64()) else { return false };
            app::location::LatLon::new(51.51, -0.13).distance_km(app::location::LatLon::new(lat, lon)) <= 60.0
        })
        .map(key)
        .collect();
    assert!(!within.is_empty(), "the sample calendar has events around London");
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    assert_eq!(sorted(one.clone()), sorted(within));
    // In person only: the same without what is online only.
    let (_, in_person) = get(&app, &format!("/api/events?{near}&in_person=true&limit=500")).await;
    let in_person: Vec<String> = items(&in_person).iter().map(key).collect();
    assert!(!in_person.is_empty() && in_person.len() < one.len(), "{in_person:?}");
    assert!(in_person.iter().all(|k| !k.ends_with("asylum-system-101-webinars")), "{in_person:?}");
    // A series imported now is near London at once.
    let start = format!("{}T18:00", today() + Duration::days(2));
    let line = format!(
        r#"{{"slug":"late-addition","listing":"london-walking-group","title":"Late addition","category":"meeting","start":"{start}","end":"{}"}}"#,
        start.replace("T18", "T19")
    );
    db.atlas.import_events(line.as_bytes(), EventFormat::JsonLines, options(None)).await.unwrap();
    let (_, again) = get(&app, &format!("/api/events?{near}&limit=500")).await;
    assert!(items(&again).iter().any(|i| i["event"] == "late-addition"), "{again}");
}

/// In one transaction (one connection), a series without a venue and then
/// one with a venue's point: on PostgreSQL the second was refused when its
/// statement kept the first's 4-byte type for the missing point.
#[tokio::test]
async fn a_venue_after_an_event_without_one_is_stored_on_every_backend() {
    let db = common::sample_db().await;
    let start = format!("{}T18:00", today() + Duration::days(3));
    let end = start.replace("T18", "T19");
    let lines = [
        format!(r#"{{"slug":"no-venue","title":"At the group","category":"meeting","start":"{start}","end":"{end}"}}"#),
        format!(
            r#"{{"slug":"with-venue","title":"At the library","category":"meeting","start":"{start}","end":"{end}","place":"venue","venue":{{"name":"Central Library","town":"Sheffield","lat":53.3801,"lon":-1.4667,"precision":"exact","public_building":true}}}}"#
        ),
    ];
    let options = EventImportOptions { exact_venues: true, ..options(Some("sheffield-welcome-drop-in")) };
    db.atlas.import_events(lines.join("\n").as_bytes(), EventFormat::JsonLines, options).await.unwrap();
    let (status, body) = get(&common::app(&db), "/api/events?listing=sheffield-welcome-drop-in&limit=500").await;
    assert_eq!(status, 200);
    assert!(body.contains("with-venue") && body.contains("no-venue"), "{body}");
}

/// Issue 30, someone looking for what's on this week: what ended earlier
/// today is not listed as on (the list, the home page, the API), the
/// distance a near-me list was chosen by is shown and can be changed, the
/// heading says how the list is ordered, a series named like its category
/// is not labelled twice, and Farsi writes times in Persian digits.
#[tokio::test]
async fn whats_on_near_a_town_says_its_distance_and_leaves_out_what_has_ended() {
    use chrono::Timelike;
    let db = common::sample_db().await;
    let now = chrono::Utc::now().with_timezone(&chrono_tz::Europe::London);
    let today = now.date_naive();
    let at = |d: NaiveDate, h: u32, m: u32| format!("{}T{h:02}:{m:02}", d.format("%Y-%m-%d"));
    // Ended two minutes ago, if today has had two minutes yet.
    let ended = (now - Duration::minutes(2)).date_naive() == today && now.hour() * 60 + now.minute() >= 3;
    let ended_by = now - Duration::minutes(2);
    let mut lines = vec![
        // Started at midnight, ends after midnight tonight: still on.
        serde_json::json!({"slug": "still-going", "listing": "sheffield-welcome-drop-in", "title": "Still going", "category": "meeting",
            "start": at(today, 0, 0), "end": at(today + Duration::days(1), 1, 0)}),
        serde_json::json!({"slug": "just-drop-in", "listing": "sheffield-welcome-drop-in", "title": "Drop-in", "category": "drop_in",
            "start": at(today + Duration::days(2), 13, 0), "end": at(today + Duration::days(2), 16, 0)}),
    ];
    if ended {
        lines
            .push(serde_json::json!({"slug": "ended-this-morning", "listing": "sheffield-welcome-drop-in", "title": "Ended earlier today",
            "category": "meeting", "start": at(today, 0, 0), "end": at(today, ended_by.hour(), ended_by.minute())}));
    }
    let jsonl: String = lines.iter().map(|l| l.to_string() + "\n").collect();
    db.atlas.import_events(jsonl.as_bytes(), EventFormat::JsonLines, options(None)).await.expect("import");
    let app = common::app(&db);

    for uri in ["/events", "/events?near=Sheffield", "/", "/api/events", "/listings/sheffield-welcome-drop-in"] {
        let (status, body) = get(&app, uri).await;
        assert_eq!(status, 200, "{uri}");
        assert!(body.contains("Still going"), "{uri}: an occurrence still going on is listed");
        assert!(!body.contains("Ended earlier today"), "{uri}: an occurrence that has ended is not listed as on");
    }
    // A day asked for is the whole day, ended dates too (the API, feeds).
    let (_, whole_day) = get(&app, &format!("/api/events?from={today}&to={today}")).await;
    assert!(whole_day.contains("Still going"));
    assert!(!ended || whole_day.contains("Ended earlier today"), "{whole_day}");

    // Near a town: what the list is, and the distance, in sight and changeable.
    let (_, near) = get(&app, "/events?near=Sheffield").await;
    assert!(near.contains("What's on near Sheffield, soonest first"), "{near}");
    assert!(!near.contains("Nearest to Sheffield first"));
    assert!(near.contains("Within 10 km of Sheffield, and online events"), "{near}");
    assert!(near.contains("href=\"#event-radius\""), "a way to change it");
    assert!(near.contains("in Sheffield") && !near.contains("· 0 km"), "in Sheffield, not 0 km from its centre");
    let radius = &near[near.find("<select id=\"event-radius\"").expect("the distance beside the place")..];
    let radius = &radius[..radius.find("</select>").unwrap()];
    assert!(radius.contains("<option value=\"10\" selected"), "{radius}");
    assert!(!near[..near.find("<select id=\"event-radius\"").unwrap()].contains("<details"), "not hidden among more filters");
    let (_, wider) = get(&app, "/events?near=Sheffield&radius_km=25&in_person=true").await;
    assert!(wider.contains("Within 25 km of Sheffield") && !wider.contains("and online events"), "{wider}");
    let (_, odd) = get(&app, "/events?near=Sheffield&radius_km=15").await;
    assert!(
        odd.contains("<option value=\"15\" selected") && odd.contains("Within 15 km of Sheffield"),
        "a distance from the address is kept"
    );
    let (_, fa) = get(&app, "/fa/events?near=Sheffield").await;
    assert!(fa.contains("در شعاع ۱۰ کیلومتری Sheffield"), "Farsi, with Persian digits");

    // "Subscribe": the https address to copy, the webcal link, help per calendar.
    let field = &near[near.find("id=\"feed-url\"").expect("the calendar address in a field")..];
    let field = &field[..field.find('>').unwrap()];
    assert!(field.contains("readonly") && field.contains("value=\"http") && field.contains("/events.ics?near=53."), "{field}");
    assert!(near.contains("data-copy=\"feed-url\"") && near.contains("role=\"status\"") && near.contains("/assets/copy.js"));
    assert!(near.contains("href=\"webcal://") && near.contains("“Other calendars” → “+” → “From URL”") && near.contains("Outlook"));

    // A series called "Drop-in" is not labelled "Drop-in" twice.
    let (_, list) = get(&app, "/events").await;
    let card = &list[list.find(">Drop-in</a>").expect("the Drop-in card")..];
    let card = &card[..card.find("</li>").unwrap()];
    assert!(!card.contains("kind-badge"), "{card}");
    let (_, page) = get(&app, "/events/just-drop-in").await;
    let meta = &page[page.find("class=\"card-meta\"").unwrap()..];
    let meta = &meta[..meta.find("</p>").unwrap()];
    assert_eq!(meta.matches("Drop-in").count(), 1, "{meta}");

    // Farsi: times in Persian digits, as the dates are.
    let (_, fa_list) = get(&app, "/fa/events").await;
    assert!(fa_list.contains("۱۳:۰۰–۱۶:۰۰"), "the Drop-in's time in Persian digits");
    assert!(!fa_list.contains("13:00–16:00"));
    let (_, ar_list) = get(&app, "/ar/events").await;
    assert!(ar_list.contains("١٣:٠٠–١٦:٠٠"), "Arabic pages write times as they write dates");
}

/// Issue 30: the event form in plain words, without JavaScript: the venue
/// by its town alone (no coordinates to type), access and languages ticked
/// or typed by name.
#[tokio::test]
async fn an_event_is_suggested_without_coordinates_or_codes() {
    let db = common::sample_db().await;
    let moderator = db.put_user("mod@example.org", app::people::Role::Moderator, &[]).await;
    let app = common::fast_app(&db);
    let mut v = common::Visitor::new(&app);
    let page = "/listings/bristol-housing-justice-group/suggest-event";
    let shown = v.get(page).await.body;
    assert!(!shown.contains("RRULE") && !shown.contains("step_free,"), "no jargon on the form");
    assert!(shown.contains(r#"type="checkbox" id="access-step_free" name="access""#), "{shown}");
    let date = (today() + Duration::days(10)).format("%Y-%m-%d").to_string();
    let fields = [
        ("title", "Tenants' evening"),
        ("category", "training"),
        ("date", date.as_str()),
        ("start_time", "18:00"),
        ("end_time", "20:00"),
        ("place", "venue"),
        ("venue_town", "Bristol"),
        ("access", "step_free"),
        ("access", "childcare"),
        ("languages", "en"),
        ("other_languages", "Somali"),
        ("contact_email", "friend@example.org"),
    ];
    let a = v.submit(page, page, &fields).await;
    assert_eq!(a.location.as_deref(), Some("/thanks/suggested"), "{}", a.body);
    let id = common::unconfirmed(&db).await;
    db.atlas.take_unconfirmed(&moderator, id).await.unwrap();
    db.atlas.approve(&moderator, id, None).await.unwrap();
    let (_, events) = get(&app, "/api/events?listing=bristol-housing-justice-group&limit=50").await;
    let (before, ours) = events.split_once("Tenants' evening").expect("published");
    assert!(ours.split('}').next().unwrap().contains(r#""languages":["en","so"]"#), "{ours}");
    assert!(ours.contains(r#""town":"Bristol""#), "found by its town: {ours}");
    let slug = before.rsplit(r#""event":""#).next().unwrap().split('"').next().unwrap();
    let (_, page) = get(&app, &format!("/events/{slug}")).await;
    assert!(page.contains("Step-free") && page.contains("Childcare"), "{page}");
}

/// The days of a listing's occurrences in the API, and their start times.
async fn listing_days(app: &axum::Router, listing: &str) -> Vec<String> {
    let to = today() + Duration::days(100);
    let (_, body) = get(app, &format!("/api/events?listing={listing}&limit=100&to={to}")).await;
    let page: Value = serde_json::from_str(&body).unwrap();
    page["items"].as_array().unwrap().iter().map(|i| i["start"].as_str().unwrap()[..16].to_string()).collect()
}

/// Issue 30: a choir meets on dates it picks (12 Jan, 9 Feb, 23 Mar), not
/// on a rule. It writes them as people do, in any digits; a list too long
/// or with a day gone is refused with words to act on; once approved,
/// exactly those dates are in What's on, the listing and the .ics.
#[tokio::test]
async fn a_group_registering_on_these_dates_is_listed_on_exactly_those_dates() {
    let db = common::sample_db().await;
    let app = common::fast_app(&db);
    let mut group = common::Visitor::new(&app);
    let days = [today() + Duration::days(10), today() + Duration::days(40), today() + Duration::days(75)];
    let persian: String = days[1].to_string().chars().map(|c| c.to_digit(10).map_or(c, |d| char::from_u32(0x6F0 + d).unwrap())).collect();
    let typed = format!("{}, {persian}\n{} {}", days[0].format("%d/%m/%Y"), days[2].format("%d/%m/%Y"), days[0]);
    let form = |dates: String| {
        vec![
            ("name", "Doncaster Community Choir".to_string()),
            ("kind", "solidarity_group".to_string()),
            ("town", "Doncaster".to_string()),
            ("precision", "area".to_string()),
            ("meet_repeat", "dates".to_string()),
            ("meet_start", "18:00".to_string()),
            ("meet_end", "20:00".to_string()),
            ("meet_dates", dates),
            ("contact_email", "choir@example.org".to_string()),
            ("nickname", String::new()),
        ]
    };
    async fn send(group: &mut common::Visitor, fields: Vec<(&'static str, String)>) -> common::Answer {
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        group.submit("/register", "/register", &fields).await
    }
    let many: Vec<String> = (1..=53).map(|n| (today() + Duration::days(n)).to_string()).collect();
    let refused = send(&mut group, form(many.join(", "))).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    let words = refused.body.replace(['\u{2068}', '\u{2069}'], "");
    assert!(words.contains("This lists 53 dates; one event takes at most 52.") && words.contains(r##"href="#meet_dates""##), "{words}");
    let gone = (today() - Duration::days(1)).format("%d/%m/%Y").to_string();
    let refused = send(&mut group, form(format!("{}, {gone}", days[0]))).await;
    assert!(refused.body.replace(['\u{2068}', '\u{2069}'], "").contains(&format!("{gone} has already gone")), "{}", refused.body);
    let refused = send(&mut group, form(String::new())).await;
    assert_eq!(refused.status, 422, "an empty list is refused: {}", refused.body);
    assert!(db.store.unconfirmed_submissions(None, 0, 1).await.unwrap().0.is_empty(), "nothing stored");

    let sent = send(&mut group, form(typed)).await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    let mut moderator = crate::moderation::admin_without_mail(&db, &app).await;
    let queue = moderator.get("/moderate").await.body;
    let id = queue.split("/moderate/submissions/").nth(1).unwrap().split('/').next().unwrap().split('"').next().unwrap().to_string();
    moderator.submit("/moderate", &format!("/moderate/submissions/{id}/take"), &[]).await;
    let detail = moderator.get(&format!("/moderate/submissions/{id}")).await.body;
    let listed = days.map(|d| d.to_string()).join(", ");
    assert!(detail.contains(&format!("18:00–20:00, {listed}")), "the moderator sees the dates: {detail}");
    let approved = moderator
        .submit(
            &format!("/moderate/submissions/{id}"),
            &format!("/moderate/submissions/{id}/approve"),
            &[("name", "Doncaster Community Choir"), ("kind", "solidarity_group"), ("town", "Doncaster"), ("precision", "area")],
        )
        .await;
    assert_eq!(approved.status, 303, "{}", approved.body);

    let (_, api) = get(&app, "/api/listings?q=doncaster+community+choir").await;
    let slug = api.split(r#""slug":""#).nth(1).unwrap().split('"').next().unwrap().to_string();
    assert_eq!(listing_days(&app, &slug).await, days.map(|d| format!("{d}T18:00")), "exactly those dates");
    let (_, page) = get(&app, "/events?near=Doncaster").await;
    assert!(page.contains("Doncaster Community Choir"), "in What's on");
    let (_, own) = get(&app, &format!("/listings/{slug}")).await;
    assert!(own.contains("Next dates") && own.contains("18:00"), "{own}");
    let (status, ics) = get(&app, &format!("/listings/{slug}/events.ics")).await;
    assert_eq!(status, 200);
    let stamp = |d: NaiveDate| format!("{}T180000", d.format("%Y%m%d"));
    assert!(ics.contains(&format!("DTSTART;TZID=Europe/London:{}", stamp(days[0]))), "{ics}");
    assert!(ics.contains(&format!("RDATE;TZID=Europe/London:{}", days.map(stamp).join(","))), "{ics}");
    assert!(!ics.contains("RRULE"), "no rule: {ics}");
}

/// Issue 30: a followed calendar's series on listed dates (RDATE, in its
/// zone and in UTC) is on those dates here; a list longer than a series
/// takes is skipped with its reason, the rest of the calendar read.
#[tokio::test]
async fn a_followed_calendar_on_listed_dates_is_on_those_dates() {
    use common::smtp::MailServer;
    let listing = "sheffield-welcome-drop-in";
    let mail = MailServer::start(None).await;
    let mut db = common::db_with_mail(&mail, true).await;
    db.restart_with(|c| c.calendars.allow_private = true).await;
    let owner = db.organiser("owner@example.org").await;
    let moderator = db.put_user("mod@example.org", app::people::Role::Moderator, &[]).await;
    db.add_owner(listing, owner.id).await;
    let days = [today() + Duration::days(3), today() + Duration::days(30), today() + Duration::days(60)];
    let local = |d: NaiveDate| format!("{}T190000", d.format("%Y%m%d"));
    let too_many: Vec<String> = (1..=60).map(|n| local(today() + Duration::days(n))).collect();
    let ics = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n\
         BEGIN:VEVENT\r\nUID:supper@group.example\r\nDTSTART;TZID=Europe/London:{}\r\nDTEND;TZID=Europe/London:{}\r\n\
         RDATE;TZID=Europe/London:{}\r\nRDATE:{}Z\r\nSUMMARY:Community supper\r\nEND:VEVENT\r\n\
         BEGIN:VEVENT\r\nUID:every-day@group.example\r\nDTSTART;TZID=Europe/London:{}\r\nDTEND;TZID=Europe/London:{}\r\n\
         RDATE;TZID=Europe/London:{}\r\nSUMMARY:Too many dates\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        local(days[0]),
        local(days[0]).replace("T19", "T21"),
        local(days[1]),
        // 19:00 in London, written in UTC (summer or winter).
        server::events::recurrence::to_instant(chrono_tz::Europe::London, days[2].and_hms_opt(19, 0, 0).unwrap())
            .with_timezone(&chrono::Utc)
            .format("%Y%m%dT%H%M%S"),
        local(days[0]),
        local(days[0]).replace("T19", "T21"),
        too_many.join(","),
    );
    let (url, _upstream) = start_upstream(&ics).await;
    db.atlas.follow_calendar(&owner, listing, &url, false, "en").await.unwrap();
    let s = common::pending(&db).await.into_iter().find(|s| s.entity == app::people::Entity::Calendar).expect("in the queue");
    db.atlas.approve(&moderator, s.id, None).await.unwrap();
    let app = common::fast_app(&db);
    let to = today() + Duration::days(100);
    let (_, body) = get(&app, &format!("/api/events?listing={listing}&limit=500&to={to}")).await;
    let page: Value = serde_json::from_str(&body).unwrap();
    let supper: Vec<String> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["title"] == "Community supper")
        .map(|i| i["start"].as_str().unwrap()[..16].to_string())
        .collect();
    assert_eq!(supper, days.map(|d| format!("{d}T19:00")), "{body}");
    assert!(!body.contains("Too many dates"), "{body}");
    assert_eq!(db.store.feed_of(listing).await.unwrap().unwrap().skipped, vec!["every-day@group.example".to_string()]);
}
