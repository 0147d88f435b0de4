//! Property tests over every public output: for random true points and
//! every precision, each output (JSON, GeoJSON, clusters, HTML, distances,
//! "near" filters of the directory and of search) shows a listing only at
//! its public point (its cell's, or its town's), the same every time, and
//! never gives away more: which listings a "near" query returns, and the
//! distances it shows, depend on the public point alone.

use crate::common;

use app::location::{public_point, LatLon};
use app::model::Precision;
use common::*;
use proptest::prelude::*;
use serde_json::Value;
use std::collections::HashMap;

const TOWNS: [&str; 4] = ["Sheffield", "Leeds", "Glasgow", "Cardiff"];

/// One generated listing: its true point, precision and town.
#[derive(Clone, Debug)]
struct Secret {
    point: LatLon,
    precision: Precision,
    town: &'static str,
}

fn secrets() -> impl Strategy<Value = Vec<Secret>> {
    let one = (50.0f64..58.5, -5.5f64..1.5, 0usize..3, 0usize..TOWNS.len()).prop_map(|(lat, lon, p, t)| Secret {
        point: LatLon::new(lat, lon),
        precision: Precision::ALL[p],
        town: TOWNS[t],
    });
    proptest::collection::vec(one, 4..12)
}

/// Every (lat, lon) pair a JSON answer holds, with the slug next to it if any.
fn points(v: &Value, out: &mut Vec<(Option<String>, f64, f64)>) {
    match v {
        Value::Object(o) => {
            let slug = o.get("slug").and_then(Value::as_str).map(str::to_string);
            if let (Some(lat), Some(lon)) = (o.get("lat").and_then(Value::as_f64), o.get("lon").and_then(Value::as_f64)) {
                out.push((slug.clone(), lat, lon));
            }
            // GeoJSON: [lon, lat], the slug in the properties beside it.
            if let Some(Value::Array(c)) = o.get("geometry").and_then(|g| g.get("coordinates")) {
                let slug = o.get("properties").and_then(|p| p.get("slug")).and_then(Value::as_str).map(str::to_string);
                if let (Some(lon), Some(lat)) = (c.first().and_then(Value::as_f64), c.get(1).and_then(Value::as_f64)) {
                    out.push((slug, lat, lon));
                }
            }
            o.values().for_each(|v| points(v, out));
        }
        Value::Array(a) => a.iter().for_each(|v| points(v, out)),
        _ => {}
    }
}

fn close(a: (f64, f64), b: LatLon) -> bool {
    (a.0 - b.lat).abs() < 1e-9 && (a.1 - b.lon).abs() < 1e-9
}

#[test]
fn every_output_shows_only_the_public_point() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let mut runner = proptest::test_runner::TestRunner::new(proptest::test_runner::Config { cases: 24, ..Default::default() });
    runner
        .run(&secrets(), |secrets| {
            runtime.block_on(check(secrets));
            Ok(())
        })
        .unwrap();
}

async fn check(secrets: Vec<Secret>) {
    let db = empty_db().await;
    let lines: Vec<String> = secrets
        .iter()
        .enumerate()
        .map(|(i, s)| {
            serde_json::json!({
                "slug": format!("group-{i}"), "kind": "solidarity_group", "name": format!("Group {i}"), "town": s.town,
                "latitude": s.point.lat, "longitude": s.point.lon, "precision": s.precision.as_str(),
            })
            .to_string()
        })
        .collect();
    import(&db, &lines.join("\n"), PUBLISHED).await;
    let app = app(&db);
    let public: HashMap<String, (LatLon, &Secret)> = secrets
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let shown = public_point(s.precision, Some(s.point), db.atlas.read.gazetteer.centroid(s.town)).expect("a public point");
            (format!("group-{i}"), (shown, s))
        })
        .collect();

    // JSON, GeoJSON, each listing, and the clusters at every zoom: every
    // point shown is a public point, and a listing's is its own.
    let mut uris = vec!["/api/listings?limit=100".to_string(), "/api/listings.geojson".to_string()];
    uris.extend(public.keys().map(|slug| format!("/api/listings/{slug}")));
    uris.extend([3, 6, 9, 12, 16].map(|z| format!("/api/clusters?bbox=-11,49,2.5,61.5&zoom={z}")));
    for uri in &uris {
        let (status, body) = get(&app, uri).await;
        assert_eq!(status, axum::http::StatusCode::OK, "{uri}");
        let mut found = Vec::new();
        points(&serde_json::from_str(&body).unwrap(), &mut found);
        for (slug, lat, lon) in found {
            match slug.and_then(|s| public.get(&s)) {
                Some((shown, s)) => assert!(close((lat, lon), *shown), "{uri}: {s:?} shown at {lat},{lon}, not {shown:?}"),
                // A cluster of several: the mean of public points, nothing finer.
                None => assert!(!public.values().any(|(_, s)| s.precision != Precision::Exact && close((lat, lon), s.point)), "{uri}"),
            }
        }
        assert_no_true_point(uri, &body, &public);
    }
    for slug in public.keys() {
        let uri = format!("/listings/{slug}");
        let (_, html) = get(&app, &uri).await;
        assert_no_true_point(&uri, &html, &public);
    }

    // "Near" each true point, within a kilometre: who is found, and the
    // distance shown, follow from the public point alone. (Points within
    // 10 m of the edge may fall either way: the two distance formulas differ.)
    for (_, s) in public.values() {
        let near = format!("{},{}", s.point.lat, s.point.lon);
        let (_, body) = get(&app, &format!("/api/listings?near={near}&radius_km=1&limit=100")).await;
        let page: Value = serde_json::from_str(&body).unwrap();
        let items = page["items"].as_array().unwrap();
        for item in items {
            let (shown_here, found) = public[item["slug"].as_str().unwrap()];
            assert!(shown_here.distance_km(s.point) <= 1.01, "found by its public point only");
            let km = item["distance_km"].as_f64().unwrap();
            if found.precision != Precision::Exact {
                assert_eq!(km, km.round(), "whole kilometres for {found:?}");
            }
        }
        let inside = public.values().filter(|(p, _)| p.distance_km(s.point) < 0.99).count();
        let edge = public.values().filter(|(p, _)| (0.99..=1.01).contains(&p.distance_km(s.point))).count();
        assert!((inside..=inside + edge).contains(&items.len()), "near {near}: {body}");
        let (_, search) = get(&app, &format!("/api/search?q=group&near={near}&radius_km=1")).await;
        let total = serde_json::from_str::<Value>(&search).unwrap()["total"].as_u64().unwrap() as usize;
        assert!((inside..=inside + edge).contains(&total), "search near {near} agrees with the public points: {search}");
    }
}

/// No text holds the true point of a listing that is not exact: no pair
/// of numbers within 0.0001° (about 10 m) of its latitude and longitude,
/// other than a public point's own.
fn assert_no_true_point(uri: &str, text: &str, public: &HashMap<String, (LatLon, &Secret)>) {
    let numbers: Vec<f64> = text
        .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .filter(|t| t.contains('.'))
        .filter_map(|t| t.parse().ok())
        .filter(|n: &f64| !public.values().any(|(p, _)| *n == p.lat || *n == p.lon))
        .collect();
    let holds = |x: f64| numbers.iter().any(|n| (n - x).abs() < 1e-4);
    for (shown, s) in public.values() {
        // A cell centre that happens to lie within 10 m of the true point
        // is what the rule shows, not a leak.
        let near_its_cell = (shown.lat - s.point.lat).abs() < 1e-4 && (shown.lon - s.point.lon).abs() < 1e-4;
        if s.precision != Precision::Exact && !near_its_cell {
            assert!(!(holds(s.point.lat) && holds(s.point.lon)), "{uri} holds the true point of {s:?}");
        }
    }
}
