//! schema.org JSON-LD on the pages of a listing, an event and a resource:
//! each block checked offline against the properties of the types it uses,
//! no point of a listing or venue that is not exact, nothing in a lockdown,
//! and no text that can end the script element.

use crate::common;

use chrono::Duration;
use common::*;
use serde_json::Value;
use server::events::{EventFormat, EventImportOptions};

/// A group meeting at a member's home, whose true point must never appear.
const QUIET_HOUSE: &str = r#"{"slug": "quiet-house-group", "kind": "solidarity_group", "name": "Quiet House Group", "summary": "Meets at a member's home.", "town": "Leeds", "region": "Yorkshire and the Humber", "precision": "approximate", "latitude": 53.80081, "longitude": -1.54915, "tags": [], "languages": ["en", "ar"], "meeting_times": "Thursdays", "email": "quiet@example.org"}"#;
const QUIET_HOUSE_SECRETS: [&str; 4] = ["53.80081", "1.54915", "53.8008", "1.5491"];

const BREAKOUT: &str = "</script><script>alert(1)</script>";

/// Each type used, the properties schema.org gives it that we may write,
/// and those it must have (for a page's subject, the properties search
/// engines need; a publisher or organiser inside it needs its name only).
const SCHEMA: [(&str, &[&str], &[&str]); 8] = [
    (
        "Organization",
        &["name", "url", "description", "address", "location", "areaServed", "email", "telephone", "sameAs", "knowsLanguage"],
        &["name", "url"],
    ),
    (
        "Event",
        &[
            "name",
            "url",
            "description",
            "startDate",
            "endDate",
            "eventStatus",
            "eventAttendanceMode",
            "location",
            "organizer",
            "inLanguage",
            "isAccessibleForFree",
        ],
        &["name", "startDate", "location", "eventAttendanceMode", "eventStatus"],
    ),
    (
        "CreativeWork",
        &["name", "url", "description", "inLanguage", "publisher", "datePublished", "dateModified", "about", "sameAs"],
        &["name", "url"],
    ),
    ("Place", &["name", "address", "geo"], &["address"]),
    ("PostalAddress", &["streetAddress", "addressLocality", "addressRegion"], &["addressLocality"]),
    ("GeoCoordinates", &["latitude", "longitude"], &["latitude", "longitude"]),
    ("VirtualLocation", &["url"], &[]),
    ("Thing", &["name"], &["name"]),
];

const OPEN: &str = r#"<script type="application/ld+json">"#;

/// The types a page is about.
const SUBJECTS: [&str; 3] = ["Organization", "Event", "CreativeWork"];

/// The JSON-LD blocks of a page, parsed.
fn json_ld(html: &str) -> Vec<Value> {
    html.split(OPEN)
        .skip(1)
        .map(|rest| {
            let text = &rest[..rest.find("</script>").expect("the block ends")];
            serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
        })
        .collect()
}

/// The page's one block, checked against [`SCHEMA`]; its top-level items.
async fn checked_block(app: &axum::Router, uri: &str) -> (Vec<Value>, String) {
    let (status, html) = get(app, uri).await;
    assert_eq!(status, 200, "{uri}");
    let blocks = json_ld(&html);
    assert_eq!(blocks.len(), 1, "{uri}: one block");
    let block = &blocks[0];
    assert_eq!(block["@context"], "https://schema.org", "{uri}");
    let items = match block.get("@graph") {
        Some(graph) => graph.as_array().unwrap().clone(),
        None => vec![block.clone()],
    };
    for item in &items {
        check(item, uri, true);
    }
    (items, html)
}

/// `node` is of a type in [`SCHEMA`], has its required properties and no
/// other than it may; the same for every node inside it.
fn check(node: &Value, uri: &str, subject: bool) {
    match node {
        Value::Array(items) => items.iter().for_each(|i| check(i, uri, subject)),
        Value::Object(map) => {
            let ty = map["@type"].as_str().unwrap_or_else(|| panic!("{uri}: a node without its type: {node}"));
            let (_, allowed, required) = SCHEMA.iter().find(|(t, _, _)| *t == ty).unwrap_or_else(|| panic!("{uri}: unknown type {ty}"));
            let required: &[&str] = if subject || !SUBJECTS.contains(&ty) { required } else { &["name"] };
            for key in required {
                assert!(map.contains_key(*key), "{uri}: {ty} without {key}: {node}");
            }
            for (key, value) in map {
                if key == "@type" || key == "@context" {
                    continue;
                }
                assert!(allowed.contains(&key.as_str()), "{uri}: {ty} has no property {key}");
                check(value, uri, false);
            }
            if ty == "Event" {
                let mode = map["eventAttendanceMode"].as_str().unwrap();
                let rooms = locations(node).filter(|l| l["@type"] == "VirtualLocation").count();
                assert_eq!(mode.ends_with("/OfflineEventAttendanceMode"), rooms == 0, "{uri}: an online event has its room: {node}");
                for key in ["eventAttendanceMode", "eventStatus"] {
                    assert!(map[key].as_str().unwrap().starts_with("https://schema.org/"), "{uri}: {key}");
                }
                for key in ["startDate", "endDate"] {
                    let date = map[key].as_str().unwrap();
                    assert!(date.len() == 10 || chrono::DateTime::parse_from_rfc3339(date).is_ok(), "{uri}: {key} {date} has its offset");
                }
            }
        }
        _ => {}
    }
}

fn locations(event: &Value) -> impl Iterator<Item = &Value> {
    match &event["location"] {
        Value::Array(items) => items.iter().collect::<Vec<_>>().into_iter(),
        one => vec![one].into_iter(),
    }
}

/// The sample data, the quiet house, and events of its own dated from
/// today (a group's meeting, a back room that is not exact, a webinar).
async fn db() -> TestDb {
    let db = sample_db().await;
    import(&db, QUIET_HOUSE, PUBLISHED).await;
    let breakout = serde_json::json!({"slug": "breakout-group", "kind": "solidarity_group", "name": format!("Breakout {BREAKOUT}"),
        "summary": BREAKOUT, "town": "Leeds", "precision": "area", "latitude": 53.8, "longitude": -1.55, "languages": ["en"]});
    import(&db, &breakout.to_string(), PUBLISHED).await;
    let pending = r#"{"slug": "pending-group", "kind": "solidarity_group", "name": "Pending Group", "town": "Leeds", "precision": "area", "latitude": 53.8, "longitude": -1.55, "languages": ["en"]}"#;
    import(&db, pending, PENDING).await;
    let day = (server::events::query::today_in_london() + Duration::days(3)).format("%Y-%m-%d");
    let lines = [
        serde_json::json!({"slug": "house-meeting", "listing": "quiet-house-group", "title": "House meeting", "category": "meeting",
            "start": format!("{day}T18:00"), "end": format!("{day}T20:00"), "rrule": "FREQ=WEEKLY", "languages": ["en", "ar"], "cost": "free"}),
        serde_json::json!({"slug": "back-room", "listing": "quiet-house-group", "title": "Back room", "category": "meeting",
            "start": format!("{day}T10:00"), "end": format!("{day}T11:00"), "place": "venue",
            "venue": {"name": "Back room at 7 Hidden Lane", "town": "Leeds", "lat": 53.81234, "lon": -1.55678, "precision": "approximate"}}),
        serde_json::json!({"slug": "online-class", "listing": "quiet-house-group", "title": format!("Class {BREAKOUT}"), "category": "webinar",
            "start": format!("{day}T19:00"), "end": format!("{day}T20:00"), "place": "online", "online_url": "https://meet.example.org/class"}),
    ];
    let jsonl: String = lines.iter().map(|l| l.to_string() + "\n").collect();
    let options =
        EventImportOptions { listing: None, exact_venues: false, status: app::model::ListingStatus::Published, skip_invalid: false };
    db.atlas.import_events(jsonl.as_bytes(), EventFormat::JsonLines, options).await.expect("import the events");
    db
}

#[tokio::test]
async fn structured_data_describes_each_public_page_at_its_precision() {
    let db = db().await;
    let app = app(&db);
    let site = db.atlas.public_url.trim_end_matches('/').to_string();

    // A group meeting at a home: its town, never its point.
    let (items, _) = checked_block(&app, "/listings/quiet-house-group").await;
    let org = &items[0];
    assert_eq!(org["@type"], "Organization");
    assert_eq!(org["name"], "Quiet House Group");
    assert_eq!(org["url"], format!("{site}/listings/quiet-house-group"));
    assert_eq!(org["address"]["addressLocality"], "Leeds");
    assert_eq!(org["email"], "quiet@example.org");
    assert_eq!(org["knowsLanguage"], serde_json::json!(["en", "ar"]));
    let text = org.to_string();
    assert!(!text.contains("geo") && !text.contains("latitude") && !text.contains("streetAddress"), "{text}");
    for secret in QUIET_HOUSE_SECRETS {
        assert!(!text.contains(secret), "the true point: {text}");
    }
    // An area listing of the sample data: the same.
    let (items, _) = checked_block(&app, "/listings/sheffield-welcome-drop-in").await;
    let text = items[0].to_string();
    assert!(!text.contains("latitude") && !text.contains("53.36454"), "{text}");
    assert_eq!(items[0]["address"]["addressLocality"], "Sheffield");

    // A public building: its street and point, as its page shows them.
    let (items, _) = checked_block(&app, "/listings/sheffield-reporting-centre").await;
    let centre = &items[0];
    assert_eq!(centre["address"]["streetAddress"], "2 Example Street, Sheffield");
    assert_eq!(centre["location"]["geo"]["latitude"], 53.3851);
    assert_eq!(centre["location"]["geo"]["longitude"], -1.4761);

    // Each next date an Event, at the group's town; its organiser the group.
    let (dates, _) = checked_block(&app, "/events/house-meeting").await;
    assert!(dates.len() > 1, "a weekly meeting's next dates");
    let first = &dates[0];
    assert_eq!(first["@type"], "Event");
    assert_eq!(first["name"], "House meeting");
    assert_eq!(first["eventStatus"], "https://schema.org/EventScheduled");
    assert_eq!(first["eventAttendanceMode"], "https://schema.org/OfflineEventAttendanceMode");
    assert_eq!(first["location"]["address"]["addressLocality"], "Leeds");
    assert_eq!(first["organizer"]["url"], format!("{site}/listings/quiet-house-group"));
    assert_eq!(first["inLanguage"], serde_json::json!(["en", "ar"]));
    assert!(chrono::DateTime::parse_from_rfc3339(first["startDate"].as_str().unwrap()).is_ok());
    let text = serde_json::to_string(&dates).unwrap();
    assert!(!text.contains("latitude") && QUIET_HOUSE_SECRETS.iter().all(|s| !text.contains(s)), "{text}");

    // A venue that is not exact: neither its name, street nor point.
    let (dates, html) = checked_block(&app, "/events/back-room").await;
    let text = serde_json::to_string(&dates).unwrap();
    for secret in ["Hidden", "53.81", "1.556", "latitude"] {
        assert!(!text.contains(secret), "{secret}: {text}");
    }
    assert!(!html.contains("Hidden Lane"), "nor on the page");

    // Online: its room, with the link the page shows.
    let (dates, _) = checked_block(&app, "/events/online-class").await;
    assert_eq!(dates[0]["eventAttendanceMode"], "https://schema.org/OnlineEventAttendanceMode");
    assert_eq!(dates[0]["location"], serde_json::json!({"@type": "VirtualLocation", "url": "https://meet.example.org/class"}));

    // A resource of the library.
    let (items, _) = checked_block(&app, "/library/kyr-reporting-centre").await;
    let work = &items[0];
    assert_eq!(work["@type"], "CreativeWork");
    assert_eq!(work["url"], format!("{site}/library/kyr-reporting-centre"));
    assert_eq!(work["inLanguage"], "en");
    assert_eq!(work["publisher"]["name"], "Example Network (fictional)");
    assert!(work["about"].as_array().unwrap().iter().any(|t| t["name"] == "reporting"), "{work}");

    // Nothing for what is not published, nor on pages of many things.
    let (status, html) = get(&app, "/listings/pending-group").await;
    assert_eq!(status, 404);
    assert!(json_ld(&html).is_empty());
    for uri in ["/", "/listings", "/events", "/library", "/map"] {
        assert!(json_ld(&get(&app, uri).await.1).is_empty(), "{uri}");
    }
}

#[tokio::test]
async fn structured_data_text_cannot_end_its_script_element() {
    let db = db().await;
    let app = app(&db);
    for (uri, field, expected) in [
        ("/listings/breakout-group", "name", format!("Breakout {BREAKOUT}")),
        ("/listings/breakout-group", "description", BREAKOUT.to_string()),
        ("/events/online-class", "name", format!("Class {BREAKOUT}")),
    ] {
        let (items, html) = checked_block(&app, uri).await;
        assert_eq!(items[0][field], expected.as_str(), "{uri}: the text reads back whole");
        assert!(!html.contains("<script>alert(1)"), "{uri}: {html}");
        let start = html.find(OPEN).unwrap() + OPEN.len();
        let block = &html[start..start + html[start..].find("</script>").unwrap()];
        assert!(!block.contains('<') && !block.contains('>'), "{uri}: {block}");
    }
}

#[tokio::test]
async fn a_lockdown_removes_all_structured_data() {
    let db = db().await;
    let app = app(&db);
    assert_eq!(json_ld(&get(&app, "/events/online-class").await.1).len(), 1);
    let admin = db.put_user("admin@example.org", app::people::Role::Admin, &[]).await;
    db.atlas.set_lockdown(&admin, true, "test").await.unwrap();
    // Online events and the library stay public; their JSON-LD does not.
    for uri in ["/events/online-class", "/library/kyr-reporting-centre"] {
        let (status, html) = get(&app, uri).await;
        assert_eq!(status, 200, "{uri}");
        assert!(!html.contains("application/ld+json"), "{uri}");
    }
    for uri in ["/listings/quiet-house-group", "/listings/sheffield-reporting-centre", "/events/house-meeting"] {
        let (status, html) = get(&app, uri).await;
        assert_eq!(status, 404, "{uri}");
        assert!(!html.contains("application/ld+json"), "{uri}");
    }
}
