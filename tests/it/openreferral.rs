//! The Open Referral UK 3.0 feed under /openreferral: every answer checked
//! offline against the standard's own schemas (those the official validator
//! uses, read from ../shared/data/oruk-3.0), filters, ids and safety.

use crate::common;

use axum::http::StatusCode;
use common::*;
use serde_json::Value;
use std::collections::BTreeMap;

pub(crate) fn schemas() -> std::path::PathBuf {
    let dir = workspace_root().join("../shared/data/oruk-3.0");
    assert!(dir.join("schema/service.json").exists(), "the ORUK 3.0 schemas are missing at {}", dir.display());
    dir
}

/// Checks answers with the standard's schemas (Python jsonschema, formats
/// included); returns the problems it printed.
pub(crate) fn validate(dir: &std::path::Path, manifest: &BTreeMap<String, String>) -> (bool, String) {
    let python = workspace_root().join("target/pytools/bin/python");
    assert!(python.exists(), "the schema checker is missing: run scripts/setup --test");
    let path = dir.join("manifest.json");
    std::fs::write(&path, serde_json::to_string(manifest).unwrap()).unwrap();
    let out = std::process::Command::new(python)
        .arg(workspace_root().join("tests/oracle/validate_oruk.py"))
        .arg(schemas().join("schema"))
        .arg(&path)
        .output()
        .unwrap();
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

pub(crate) async fn answer(app: &axum::Router, uri: &str) -> Value {
    let (status, body) = get(app, uri).await;
    assert_eq!(status, StatusCode::OK, "{uri}: {body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{uri}: {e}: {body}"))
}

/// A public building with a full address, and a group meeting in a home
/// (its true point must never be published).
const EXTRA: &str = r#"{"slug": "manchester-drop-in-centre", "kind": "solidarity_group", "name": "Manchester Drop-in Centre", "summary": "A drop-in at a public library.", "town": "Manchester", "precision": "exact", "latitude": 53.4781, "longitude": -2.2446, "address": "St Peter's Square, Manchester M2 5PD", "tags": ["drop-in"], "languages": ["en", "ar"], "meeting_times": "", "schedule": [{"day": "wed", "start": "10:00", "end": "13:00"}], "email": "hello@example.org"}
{"slug": "quiet-house-group", "kind": "solidarity_group", "name": "Quiet House Group", "summary": "Meets at a member's home.", "town": "Leeds", "precision": "approximate", "latitude": 53.80081, "longitude": -1.54915, "tags": [], "languages": ["en"], "meeting_times": "Thursdays"}"#;

pub(crate) async fn oruk_db() -> TestDb {
    let db = sample_db().await;
    import(&db, EXTRA, PUBLISHED).await;
    let outcodes = "postcode,eastings,northings,latitude,longitude,town,region,uk_region,country,country_string\n\
                    M2,384000,398000,53.48,-2.24,Manchester,Manchester,North West,ENG,England\n";
    db.atlas.import_outcodes(outcodes.as_bytes(), |_| {}).await.unwrap();
    db
}

const LISTS: [(&str, &str, &str); 5] = [
    ("services", "service_list", "service"),
    ("organizations", "organization_list", "organization"),
    ("service_at_locations", "service_at_location_list", "service_at_location"),
    ("taxonomies", "taxonomy_list", "taxonomy"),
    ("taxonomy_terms", "taxonomy_term_list", "taxonomy_term"),
];

/// `/`, the first, a middle and the last page of every list and the first
/// ten records of each by id: all valid under the standard's schemas.
#[tokio::test]
async fn every_answer_is_valid_open_referral_uk() {
    let db = oruk_db().await;
    let app = app(&db);
    let dir = tempfile::tempdir().unwrap();
    let mut manifest = BTreeMap::new();
    let mut keep = |name: String, value: &Value, schema: &str| {
        std::fs::write(dir.path().join(&name), serde_json::to_vec(value).unwrap()).unwrap();
        manifest.insert(name, schema.to_string());
    };
    let root = answer(&app, "/openreferral/").await;
    assert_eq!(root["version"], "HSDS-UK-3.0");
    keep("root.json".into(), &root, "api_details");
    for (list, list_schema, one_schema) in LISTS {
        let per_page = 4;
        let first = answer(&app, &format!("/openreferral/{list}?per_page={per_page}")).await;
        let pages = first["total_pages"].as_u64().unwrap();
        assert!(first["total_items"].as_u64().unwrap() > 0, "{list} is empty");
        for page in [1, pages.div_ceil(2).max(1), pages] {
            let value = answer(&app, &format!("/openreferral/{list}?per_page={per_page}&page={page}")).await;
            assert_eq!(value["page_number"], page);
            assert_eq!(value["first_page"], page == 1);
            assert_eq!(value["last_page"], page == pages);
            keep(format!("{list}-{page}.json"), &value, list_schema);
        }
        let ten = answer(&app, &format!("/openreferral/{list}?per_page=10")).await;
        for (i, item) in ten["contents"].as_array().unwrap().iter().enumerate() {
            let id = item["id"].as_str().unwrap();
            let one = answer(&app, &format!("/openreferral/{list}/{id}")).await;
            assert_eq!(one["id"], id);
            keep(format!("{list}-{i}.json"), &one, one_schema);
        }
        // An unknown id is a 404 with a reason; a page past the end is empty.
        let (status, body) = get(&app, &format!("/openreferral/{list}/3f2b6c0e-5a1d-5c43-9a8e-0d7b1f2c4e61")).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
        assert!(body.contains("no "), "{body}");
        let past = answer(&app, &format!("/openreferral/{list}?page={}", pages + 5)).await;
        assert_eq!((past["empty"].clone(), past["contents"].as_array().unwrap().len()), (Value::Bool(true), 0));
    }
    let (ok, report) = validate(dir.path(), &manifest);
    assert!(ok, "not valid ORUK 3.0:\n{report}");

    // The checker itself rejects what the official validator fails.
    let mocks = schemas().join("validator-mocks/V3.0-UK-Fail");
    let mut failing = BTreeMap::new();
    for (file, schema) in [("api_details.json", "api_details"), ("service_list.json", "service_list")] {
        std::fs::copy(mocks.join(file), dir.path().join(format!("fail-{file}"))).unwrap();
        failing.insert(format!("fail-{file}"), schema.to_string());
    }
    let (ok, report) = validate(dir.path(), &failing);
    assert!(!ok && report.contains("openapi_url"), "the checker must fail the validator's failing sample:\n{report}");
}

pub(crate) fn ids(page: &Value) -> Vec<String> {
    page["contents"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_string()).collect()
}

/// Each filter narrows as documented; bad values get a 400 that says why.
#[tokio::test]
async fn filters_narrow_and_bad_values_are_refused_clearly() {
    let db = oruk_db().await;
    let app = app(&db);
    let all = answer(&app, "/openreferral/services?per_page=200").await;
    let total = all["total_items"].as_u64().unwrap();
    assert_eq!(total as usize, db.atlas.read.public_directory().len());

    // taxonomy_term_id: the term of a kind, of a tag, of a language.
    let terms = answer(&app, "/openreferral/taxonomy_terms?per_page=200&search=drop-in").await;
    let drop_in = terms["contents"].as_array().unwrap().iter().find(|t| t["term"] == "drop-in").expect("the tag is a term").clone();
    let tagged = answer(&app, &format!("/openreferral/services?per_page=200&taxonomy_term_id={}", drop_in["id"].as_str().unwrap())).await;
    assert!(tagged["total_items"].as_u64().unwrap() >= 1 && tagged["total_items"].as_u64().unwrap() < total);
    for s in tagged["contents"].as_array().unwrap() {
        assert!(s["attributes"].as_array().unwrap().iter().any(|a| a["taxonomy_term_id"] == drop_in["id"]), "{s}");
    }
    let arabic = answer(&app, "/openreferral/taxonomy_terms?search=ar").await;
    assert!(arabic["contents"].as_array().unwrap().iter().any(|t| t["term"] == "ar"));
    let kinds_taxonomy = answer(&app, "/openreferral/taxonomies?search=kinds").await["contents"][0]["id"].clone();
    let kinds = answer(&app, &format!("/openreferral/taxonomy_terms?taxonomy_id={}", kinds_taxonomy.as_str().unwrap())).await;
    assert!(kinds["contents"].as_array().unwrap().iter().all(|t| t["taxonomy_id"] == kinds_taxonomy));
    let unknown = answer(&app, "/openreferral/services?taxonomy_term_id=3f2b6c0e-5a1d-5c43-9a8e-0d7b1f2c4e61").await;
    assert_eq!(unknown["total_items"], 0);

    // organization_id: the one service that organization runs.
    let first = &all["contents"][0];
    let by_org = answer(&app, &format!("/openreferral/services?organization_id={}", first["organization_id"].as_str().unwrap())).await;
    assert_eq!(ids(&by_org), vec![first["id"].as_str().unwrap().to_string()]);

    // search: every word in the name, kind or town.
    let found = answer(&app, "/openreferral/services?per_page=200&search=manchester").await;
    assert!(!ids(&found).is_empty() && (ids(&found).len() as u64) < total);
    assert!(found["contents"].as_array().unwrap().iter().all(|s| s.to_string().to_lowercase().contains("manchester")));

    // modified_after: everything was changed today, nothing tomorrow.
    let tomorrow = (chrono::Utc::now() + chrono::Duration::days(1)).format("%Y-%m-%dT%H:%M:%SZ");
    assert_eq!(answer(&app, &format!("/openreferral/services?modified_after={tomorrow}")).await["total_items"], 0);
    assert_eq!(answer(&app, "/openreferral/services?modified_after=2020-01-01").await["total_items"], total);

    // postcode + proximity (metres): nearest first, within the distance of the public point.
    let near = answer(&app, "/openreferral/service_at_locations?postcode=M2%205PD&proximity=3000").await;
    let names: Vec<&str> = near["contents"].as_array().unwrap().iter().map(|s| s["service"]["name"].as_str().unwrap()).collect();
    assert!(
        names.contains(&"Manchester Drop-in Centre")
            && names.len() < ids(&answer(&app, "/openreferral/service_at_locations?per_page=200").await).len(),
        "{names:?}"
    );
    let km: Vec<f64> = near["contents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let (lat, lon) = (s["location"]["latitude"].as_f64().unwrap(), s["location"]["longitude"].as_f64().unwrap());
            app::location::LatLon::new(53.48, -2.24).distance_km(app::location::LatLon::new(lat, lon))
        })
        .collect();
    assert!(km.iter().all(|&d| d <= 3.0) && km.windows(2).all(|w| w[0] <= w[1]), "within 3 km, nearest first: {km:?}");

    for (uri, says) in [
        ("/openreferral/services?page=0", "page must be"),
        ("/openreferral/services?per_page=0", "per_page must be"),
        ("/openreferral/services?format=xml", "json (pages) or ndjson"),
        ("/openreferral/services?minimal=perhaps", "minimal must be true or false"),
        ("/openreferral/services?minimal=true&full=true", "give one of them"),
        ("/openreferral/organizations?full=false&full_service=true", "give one of them"),
        ("/openreferral/taxonomy_terms?top_only=yes", "top_only must be true or false"),
        ("/openreferral/services?taxonomy_id=tags", "must be a UUID"),
        ("/openreferral/services?modified_after=yesterday", "modified_after must be"),
        ("/openreferral/services?taxonomy_term_id=kinds", "must be a UUID"),
        ("/openreferral/service_at_locations?postcode=nowhere", "not a UK postcode"),
        ("/openreferral/service_at_locations?postcode=ZZ9%209ZZ", "not one we know"),
        ("/openreferral/service_at_locations?proximity=100", "needs a postcode"),
        ("/openreferral/services?search=", ""),
    ] {
        let (status, body) = get(&app, uri).await;
        if says.is_empty() {
            assert_eq!(status, StatusCode::OK, "{uri}");
            continue;
        }
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        assert!(body.contains(says), "{uri}: {body}");
    }
}

/// Only public points; a street address only for a public building (and
/// only with its postcode); the same ids in another database; a lockdown
/// empties every list and says so.
#[tokio::test]
async fn records_are_public_only_stable_and_gone_in_a_lockdown() {
    let db = oruk_db().await;
    let app = app(&db);
    let all = answer(&app, "/openreferral/service_at_locations?per_page=200").await;
    let text = all.to_string();
    assert!(!text.contains("53.80081") && !text.contains("-1.54915"), "a home's true point is never published");
    let public = db.atlas.read.public_directory();
    for sal in all["contents"].as_array().unwrap() {
        let name = sal["service"]["name"].as_str().unwrap();
        let listing = public.all().iter().find(|l| l.name == name).unwrap();
        assert_eq!(sal["location"]["latitude"].as_f64(), listing.lat, "{name}: the public point");
        assert_eq!(sal["location"]["longitude"].as_f64(), listing.lon, "{name}");
        let has_address = sal["location"].get("addresses").is_some();
        assert!(!has_address || listing.precision == app::model::Precision::Exact, "{name}");
    }
    let manchester = all["contents"].as_array().unwrap().iter().find(|s| s["service"]["name"] == "Manchester Drop-in Centre").unwrap();
    let address = &manchester["location"]["addresses"][0];
    assert_eq!((address["postal_code"].as_str(), address["address_1"].as_str()), (Some("M2 5PD"), Some("St Peter's Square")));
    let schedule = &manchester["service"]["schedules"][0];
    assert_eq!(
        (schedule["freq"].as_str(), schedule["byday"].as_str(), schedule["opens_at"].as_str()),
        (Some("WEEKLY"), Some("WE"), Some("10:00"))
    );
    assert!(text.contains("\"last_modified\"") && !text.contains("null"), "empty fields are left out, not null");
    // A group's regular activity (a weekly series) is one of its schedules.
    let football =
        all["contents"].as_array().unwrap().iter().find(|s| s["service"]["name"] == "Manchester Football Club (sample)").unwrap();
    let activity = football["service"]["schedules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s.get("schedule_link").is_some())
        .expect("the weekly football");
    assert_eq!(
        (activity["freq"].as_str(), activity["byday"].as_str(), activity["opens_at"].as_str()),
        (Some("WEEKLY"), Some("SA"), Some("11:00"))
    );
    assert!(activity["schedule_link"].as_str().unwrap().ends_with("/events/football-manchester"), "{activity}");

    // The same listings imported elsewhere have the same ids.
    let other = empty_db().await;
    import(&other, &std::fs::read_to_string(sample_listings()).unwrap(), PUBLISHED).await;
    import(&other, EXTRA, PUBLISHED).await;
    let again = answer(&common::app(&other), "/openreferral/service_at_locations?per_page=200").await;
    assert_eq!(ids(&again), ids(&all));

    let admin = db.put_user("admin@example.org", app::people::Role::Admin, &[]).await;
    db.atlas.set_lockdown(&admin, true, "test").await.unwrap();
    for (list, _, _) in LISTS.iter().take(3) {
        let page = answer(&app, &format!("/openreferral/{list}")).await;
        assert_eq!(page["total_items"], 0, "{list} during a lockdown");
        assert!(page["notice"].as_str().unwrap().contains("lockdown"));
    }
    let (status, _) = get(&app, &format!("/openreferral/services/{}", manchester["service"]["id"].as_str().unwrap())).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(answer(&app, "/openreferral/").await["notice"].as_str().unwrap().contains("lockdown"));
}
