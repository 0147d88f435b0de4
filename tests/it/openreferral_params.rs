//! Every parameter the Open Referral UK 3.0 OpenAPI file documents for the
//! routes we serve, honoured: a walk of that file (read from
//! ../shared/data/oruk-3.0, never copied here), then what each new one does
//! — taxonomy_id, minimal, full, full_service, format=ndjson and a per_page
//! above the largest page — with the feed's safety rules in each.

use crate::common;
use crate::openreferral::{answer, ids, oruk_db, schemas, validate};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;
use http_body_util::BodyExt;
use serde_json::Value;
use std::collections::BTreeMap;
use tower::ServiceExt;

/// GET `uri`: status, content type and body.
async fn fetch(app: &axum::Router, uri: &str) -> (StatusCode, String, String) {
    let response = app.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
    let status = response.status();
    let kind = response.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, kind, String::from_utf8(bytes.to_vec()).unwrap())
}

/// An ndjson answer's records.
fn lines(body: &str) -> Vec<Value> {
    body.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

fn first_id(page: &Value) -> String {
    page["contents"][0]["id"].as_str().unwrap().to_string()
}

/// The ids a probe needs: a tag's term, the tags taxonomy, an organization.
struct Known {
    drop_in_term: String,
    tags_taxonomy: String,
    kinds_taxonomy: String,
    organization: String,
}

async fn known(app: &axum::Router) -> Known {
    let terms = answer(app, "/openreferral/taxonomy_terms?per_page=200&search=drop-in").await;
    let drop_in = terms["contents"].as_array().unwrap().iter().find(|t| t["term"] == "drop-in").unwrap();
    let taxonomy = |name: &'static str| async move { first_id(&answer(app, &format!("/openreferral/taxonomies?search={name}")).await) };
    Known {
        drop_in_term: drop_in["id"].as_str().unwrap().to_string(),
        tags_taxonomy: taxonomy("tags").await,
        kinds_taxonomy: taxonomy("kinds").await,
        organization: first_id(&answer(app, "/openreferral/organizations").await),
    }
}

/// For one documented parameter of one route: the query without it and
/// the queries with it (any one answering differently shows its effect).
fn probes(route: &str, name: &str, k: &Known) -> Option<(String, Vec<String>)> {
    let plain = String::new();
    let one = |q: String| Some((String::new(), vec![q]));
    match name {
        "search" => one(format!(
            "search={}",
            match route {
                "/taxonomies" => "kinds",
                "/taxonomy_terms" => "drop-in",
                _ => "manchester",
            }
        )),
        "page" => one("page=2&per_page=2".into()).map(|(_, q)| ("per_page=2".into(), q)),
        "per_page" => one("per_page=1".into()),
        "format" => one("format=ndjson".into()),
        "taxonomy_term_id" => one(format!("taxonomy_term_id={}", k.drop_in_term)),
        "taxonomy_id" if route == "/taxonomy_terms" => one(format!("taxonomy_id={}", k.kinds_taxonomy)),
        "taxonomy_id" => one(format!("taxonomy_id={}", k.tags_taxonomy)),
        "organization_id" => one(format!("organization_id={}", k.organization)),
        "modified_after" => one("modified_after=2999-01-01".into()),
        "minimal" | "full" | "full_service" => Some((plain, vec![format!("{name}=true"), format!("{name}=false")])),
        "parent_id" => one(format!("parent_id={}", k.drop_in_term)),
        "postcode" => one("postcode=M2%205PD".into()),
        "proximity" => Some(("postcode=M2%205PD".into(), vec!["postcode=M2%205PD&proximity=3000".into()])),
        _ => None,
    }
}

/// Parameters whose every valid value gives the same answer here, and why:
/// the test checks the answer is the right one and a bad value is refused.
const SAME_FOR_EVERY_VALUE: [(&str, &str, &str); 1] =
    [("/taxonomy_terms", "top_only", "every term here is top-level and has no children, so all are kept")];

fn with(route: &str, query: &str) -> String {
    if query.is_empty() {
        route.to_string()
    } else {
        format!("{route}?{query}")
    }
}

/// The walk: each documented query parameter of each route changes the
/// answer (or is answered 501 with a reason) — none is ignored.
#[tokio::test]
async fn every_documented_parameter_has_an_effect() {
    let db = oruk_db().await;
    let app = app(&db);
    let k = known(&app).await;
    let spec: Value = serde_json::from_str(&std::fs::read_to_string(schemas().join("openapi.json")).unwrap()).unwrap();
    let shared = &spec["components"]["parameters"];
    let mut walked = 0;
    for (path, item) in spec["paths"].as_object().unwrap() {
        let Some(op) = item.get("get") else { continue };
        // A record by id: the first of its list.
        let route = match path.strip_suffix("/{id}") {
            Some(list) => format!("/openreferral{list}/{}", first_id(&answer(&app, &format!("/openreferral{list}")).await)),
            None => format!("/openreferral{path}"),
        };
        for p in op["parameters"].as_array().into_iter().flatten() {
            let p = match p["$ref"].as_str() {
                Some(r) => &shared[r.rsplit('/').next().unwrap()],
                None => p,
            };
            if p["in"] != "query" {
                continue;
            }
            let name = p["name"].as_str().unwrap();
            walked += 1;
            if let Some((_, _, why)) = SAME_FOR_EVERY_VALUE.iter().find(|(r, n, _)| *r == path.as_str() && *n == name) {
                let all = answer(&app, &route).await;
                for value in ["true", "false"] {
                    assert_eq!(answer(&app, &with(&route, &format!("{name}={value}"))).await, all, "{route} {name}: {why}");
                }
                let (status, _, body) = fetch(&app, &with(&route, &format!("{name}=perhaps"))).await;
                assert_eq!(status, StatusCode::BAD_REQUEST, "{route} {name}=perhaps is refused, not ignored: {body}");
                continue;
            }
            let (base, tries) = probes(path, name, &k).unwrap_or_else(|| {
                panic!(
                    "{path}: the standard documents {name:?}, and this test knows no probe for it: honour it (and add one) or answer 501"
                )
            });
            let (status, _, before) = fetch(&app, &with(&route, &base)).await;
            assert_eq!(status, StatusCode::OK, "{route}?{base}: {before}");
            let mut changed = false;
            for query in &tries {
                let (status, _, after) = fetch(&app, &with(&route, query)).await;
                if status == StatusCode::NOT_IMPLEMENTED {
                    assert!(after.contains("\"error\""), "a 501 says why: {after}");
                    changed = true;
                    continue;
                }
                assert_eq!(status, StatusCode::OK, "{route}?{query}: {after}");
                changed |= after != before;
            }
            assert!(changed, "{route}: {name} ({tries:?}) changed nothing: it is ignored");
        }
    }
    assert!(walked >= 30, "the walk saw {walked} parameters: the file was not read as expected");
}

/// taxonomy_id: listings with any term of that taxonomy; an unknown one
/// classifies nothing (an empty list, as an unknown term does).
#[tokio::test]
async fn taxonomy_id_narrows_to_that_taxonomy() {
    let db = oruk_db().await;
    let app = app(&db);
    let k = known(&app).await;
    let total = answer(&app, "/openreferral/services?per_page=200").await["total_items"].as_u64().unwrap();
    for list in ["services", "service_at_locations"] {
        let tagged = answer(&app, &format!("/openreferral/{list}?per_page=200&taxonomy_id={}", k.tags_taxonomy)).await;
        let n = tagged["total_items"].as_u64().unwrap();
        assert!(n >= 1 && n < total, "{list}: {n} of {total}");
        for item in tagged["contents"].as_array().unwrap() {
            let service = item.get("service").unwrap_or(item);
            let attributes = service["attributes"].as_array().unwrap();
            assert!(attributes.iter().any(|a| a["taxonomy_term"]["taxonomy_id"] == k.tags_taxonomy.as_str()), "{service}");
        }
        let unknown = answer(&app, &format!("/openreferral/{list}?taxonomy_id=3f2b6c0e-5a1d-5c43-9a8e-0d7b1f2c4e61")).await;
        assert_eq!(unknown["total_items"], 0, "{list}: an unknown taxonomy returns nothing");
    }
    let kinds = answer(&app, &format!("/openreferral/services?per_page=200&taxonomy_id={}", k.kinds_taxonomy)).await;
    assert_eq!(kinds["total_items"], total, "every listing has a kind");
}

/// minimal, full, full_service: the records each asks for, valid under the
/// standard's schemas where the standard gives one.
#[tokio::test]
async fn minimal_full_and_full_service_shape_the_records() {
    let db = oruk_db().await;
    let app = app(&db);
    let nested = answer(&app, "/openreferral/services?per_page=200").await;
    let total = nested["total_items"].as_u64().unwrap();
    assert_eq!(answer(&app, "/openreferral/services?per_page=200&full=true").await, nested, "full=true is the default");

    // minimal: every service at once, id and date only.
    let minimal = answer(&app, "/openreferral/services?minimal=true").await;
    assert_eq!((minimal["size"].as_u64(), minimal["total_pages"].as_u64()), (Some(total), Some(1)), "all in one answer");
    assert_eq!(ids(&minimal), ids(&nested));
    for (m, full) in minimal["contents"].as_array().unwrap().iter().zip(nested["contents"].as_array().unwrap()) {
        let keys: Vec<&String> = m.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 3, "{m}");
        assert_eq!((&m["last_modified"], &m["modified_date"]), (&full["last_modified"], &full["last_modified"]));
    }

    // full=false: the service's own fields and its organization.
    let flat = answer(&app, "/openreferral/services?per_page=200&full=false").await;
    for s in flat["contents"].as_array().unwrap() {
        assert!(s.get("organization").is_some() && s["status"] == "active", "{s}");
        for nested_field in ["schedules", "attributes", "languages", "service_at_locations"] {
            assert!(s.get(nested_field).is_none(), "{nested_field} in {s}");
        }
    }
    let flat_sal = answer(&app, "/openreferral/service_at_locations?per_page=200&full=false").await;
    assert!(flat_sal["contents"].as_array().unwrap().iter().all(|s| s["location"].is_object() && s["service"].get("schedules").is_none()));

    // Organizations: own fields; with services (full, and by id); with whole services (full_service).
    let own = answer(&app, "/openreferral/organizations").await;
    assert!(own["contents"].as_array().unwrap().iter().all(|o| o.get("services").is_none()));
    let with = answer(&app, "/openreferral/organizations?full=true").await;
    let with_full = answer(&app, "/openreferral/organizations?full_service=true").await;
    let org_id = first_id(&own);
    let by_id = answer(&app, &format!("/openreferral/organizations/{org_id}")).await;
    let by_id_full = answer(&app, &format!("/openreferral/organizations/{org_id}?full_service=true")).await;
    for (o, whole) in [(&with["contents"][0], false), (&by_id, false), (&with_full["contents"][0], true), (&by_id_full, true)] {
        let s = &o["services"][0];
        assert_eq!(s["organization_id"], o["id"], "{o}");
        assert!(s.get("organization").is_none(), "not the organization again inside: {s}");
        assert_eq!(s.get("attributes").is_some(), whole, "{s}");
    }

    let dir = tempfile::tempdir().unwrap();
    let mut manifest = BTreeMap::new();
    for (name, value, schema) in [
        ("flat", &flat, "service_list"),
        ("flat-sal", &flat_sal, "service_at_location_list"),
        ("orgs-with", &with, "organization_list"),
        ("orgs-with-full", &with_full, "organization_list"),
        ("org", &by_id, "organization"),
        ("org-full", &by_id_full, "organization"),
    ] {
        std::fs::write(dir.path().join(name), serde_json::to_vec(value).unwrap()).unwrap();
        manifest.insert(name.to_string(), schema.to_string());
    }
    let (ok, report) = validate(dir.path(), &manifest);
    assert!(ok, "not valid ORUK 3.0:\n{report}");
}

/// Enough listings for more than one largest page and one stream chunk.
async fn many(db: &TestDb, n: usize) {
    let lines: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"slug": "bradford-group-{i:03}", "kind": "solidarity_group", "name": "Bradford Group {i:03}", "summary": "A group.", "town": "Bradford", "precision": "area", "latitude": {}, "longitude": -1.75, "tags": [], "languages": ["en"], "meeting_times": ""}}"#,
                53.79 + i as f64 * 0.0001
            )
        })
        .collect();
    import(db, &lines.join("\n"), PUBLISHED).await;
}

/// format=ndjson: every record (or the page asked for), one per line, the
/// same records as the pages; per_page above 200 answers 200 and says so.
#[tokio::test]
async fn ndjson_streams_every_record_and_large_pages_are_capped() {
    let db = oruk_db().await;
    many(&db, 240).await;
    let app = app(&db);
    let total = db.atlas.read.public_directory().len();
    assert!(total > 300);

    let big = answer(&app, "/openreferral/services?per_page=5000").await;
    assert_eq!((big["size"].as_u64(), big["total_items"].as_u64()), (Some(200), Some(total as u64)), "at most 200, said in size");
    assert_eq!(big["total_pages"].as_u64(), Some(total.div_ceil(200) as u64));

    let mut paged = Vec::new();
    for page in 1..=total.div_ceil(200) {
        paged.extend(ids(&answer(&app, &format!("/openreferral/services?per_page=200&page={page}")).await));
    }
    let (status, kind, body) = fetch(&app, "/openreferral/services?format=ndjson").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(kind.starts_with("application/x-ndjson"), "{kind}");
    let streamed = lines(&body);
    let streamed_ids: Vec<String> = streamed.iter().map(|s| s["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(streamed_ids, paged, "the same services, once each, in the same order");
    assert!(streamed.iter().all(|s| s.get("schedules").is_some() || s.get("attributes").is_some()), "whole services by default");

    // The other parameters hold in a stream too.
    let (_, _, minimal) = fetch(&app, "/openreferral/services?format=ndjson&minimal=true").await;
    assert_eq!(lines(&minimal).len(), total);
    assert!(lines(&minimal).iter().all(|m| m.as_object().unwrap().len() == 3));
    let (_, _, near) = fetch(&app, "/openreferral/service_at_locations?format=ndjson&postcode=M2%205PD&proximity=3000").await;
    let near_json = answer(&app, "/openreferral/service_at_locations?per_page=200&postcode=M2%205PD&proximity=3000").await;
    assert_eq!(
        lines(&near).iter().map(|s| s["id"].clone()).collect::<Vec<_>>(),
        near_json["contents"].as_array().unwrap().iter().map(|s| s["id"].clone()).collect::<Vec<_>>()
    );
    let (_, _, far) = fetch(&app, "/openreferral/service_at_locations?format=ndjson&postcode=M2%205PD").await;
    let far = lines(&far);
    assert_eq!(far.len(), answer(&app, "/openreferral/service_at_locations?per_page=1").await["total_items"].as_u64().unwrap() as usize);
    assert!(!serde_json::to_string(&far).unwrap().contains("53.80081"), "a home's true point is never published");
    // Nearest first over several chunks, each resumed outward from the
    // last: every service once, as the pages have them.
    let mut far_ids: Vec<String> = far.iter().map(|s| s["id"].as_str().unwrap().to_string()).collect();
    let mut far_paged = Vec::new();
    for page in 1..=far.len().div_ceil(200) {
        let json = answer(&app, &format!("/openreferral/service_at_locations?per_page=200&page={page}&postcode=M2%205PD")).await;
        far_paged.extend(ids(&json));
    }
    far_ids.sort();
    far_paged.sort();
    assert_eq!(far_ids, far_paged, "each once, the same set");
    let (_, _, page) = fetch(&app, "/openreferral/services?format=ndjson&per_page=3&page=2").await;
    assert_eq!(lines(&page).iter().map(|s| s["id"].as_str().unwrap().to_string()).collect::<Vec<_>>(), paged[3..6].to_vec());
    let (_, _, terms) = fetch(&app, "/openreferral/taxonomy_terms?format=ndjson").await;
    assert_eq!(lines(&terms).len() as u64, answer(&app, "/openreferral/taxonomy_terms?per_page=1").await["total_items"].as_u64().unwrap());
    let (_, _, orgs) = fetch(&app, "/openreferral/organizations?format=ndjson&search=bradford").await;
    let orgs_json = answer(&app, "/openreferral/organizations?search=bradford&per_page=1").await;
    assert_eq!(lines(&orgs).len() as u64, orgs_json["total_items"].as_u64().unwrap());
    assert!(lines(&orgs).len() > 200);
}

/// A stream is read a chunk at a time from the directory as it then is:
/// a lockdown that starts mid-stream breaks it off (an error, not an end,
/// so no reader takes the part sent for the whole list it announced), and
/// none starts in one.
#[tokio::test]
async fn a_lockdown_stops_a_stream() {
    let db = oruk_db().await;
    many(&db, 240).await;
    let app = app(&db);
    let response =
        app.clone().oneshot(Request::get("/openreferral/service_at_locations?format=ndjson").body(Body::empty()).unwrap()).await.unwrap();
    let announced: usize = response.headers()["x-total-count"].to_str().unwrap().parse().unwrap();
    assert_eq!(announced, db.atlas.read.public_directory().len(), "the whole list's length, before the body");
    let mut body = response.into_body();
    let first = body.frame().await.unwrap().unwrap().into_data().unwrap();
    let sent = String::from_utf8(first.to_vec()).unwrap().lines().count();
    assert!(sent > 0 && sent < db.atlas.read.public_directory().len(), "one chunk, not everything: {sent}");
    let admin = db.put_user("admin@example.org", app::people::Role::Admin, &[]).await;
    db.atlas.set_lockdown(&admin, true, "test").await.unwrap();
    let rest = body.frame().await.unwrap();
    assert!(rest.is_err_and(|e| e.to_string().contains("lockdown")), "broken off, nothing more after the lockdown");
    let response = app.clone().oneshot(Request::get("/openreferral/services?format=ndjson").body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!((response.status(), response.headers()["x-total-count"].to_str().unwrap()), (StatusCode::OK, "0"));
    assert!(response.into_body().collect().await.unwrap().to_bytes().is_empty(), "an empty list, whole");
}
