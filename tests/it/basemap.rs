//! The street basemap: `atlas basemap import` checks and slims an archive,
//! and the site serves its tiles as stored, from its own routes.

use crate::common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::*;
use http_body_util::BodyExt;
use leptos::prelude::LeptosOptions;
use pmtiles::{PmTilesWriter, TileCoord, TileType};
use server::basemap::mvt::{self, Feature, Layer, Tile, Value};
use server::basemap::{import::import, Basemap};
use server::web::{router, AppState};
use std::path::Path;
use std::sync::Arc;
use tower::ServiceExt;

const LANGUAGES: [&str; 5] = ["en", "ar", "fa", "fr", "es"];

fn layer(name: &str, keys: &[&str], values: &[&str]) -> Layer {
    Layer {
        version: 2,
        name: name.into(),
        features: vec![Feature {
            id: Some(1),
            tags: (0..keys.len() as u32).flat_map(|i| [i, i]).collect(),
            r#type: Some(2),
            geometry: vec![9, 2, 2, 10, 4, 4],
        }],
        keys: keys.iter().map(|k| k.to_string()).collect(),
        values: values.iter().map(|v| Value { string_value: Some(v.to_string()), ..Default::default() }).collect(),
        extent: Some(4096),
    }
}

/// A city tile in the Protomaps v4 schema, with what slimming removes.
fn city_tile() -> Tile {
    Tile {
        layers: vec![
            layer(
                "roads",
                &["kind", "name", "name:ar", "name:de"],
                &["major_road", "Mannerheimintie", "شارع مانرهايم", "Mannerheimstraße"],
            ),
            layer("water", &["kind"], &["water"]),
            layer("pois", &["kind", "name"], &["cafe", "Café Regatta"]),
            layer("buildings", &["kind"], &["building"]),
        ],
    }
}

/// Writes an archive of `tile` at zooms 13 and 14 around Helsinki.
fn archive(path: &Path, tile_type: TileType, tile: &[u8]) {
    let file = std::fs::File::create(path).unwrap();
    let mut writer = PmTilesWriter::new(tile_type).min_zoom(13).max_zoom(14).bounds(24.9, 60.15, 25.0, 60.2).create(file).unwrap();
    for (z, x, y) in [(13, 4663, 2371), (14, 9326, 4742), (14, 9327, 4742)] {
        writer.add_tile(TileCoord::new(z, x, y).unwrap(), tile).unwrap();
    }
    writer.finalize().unwrap();
}

fn site_with(basemap: Option<Basemap>, db: &TestDb) -> axum::Router {
    let leptos = LeptosOptions::builder().output_name("atlas").site_root(site_root().display().to_string()).build();
    router(AppState::new(leptos, db.atlas.clone(), true).with_basemap(basemap.map(Arc::new)))
}

async fn fetch(app: &axum::Router, uri: &str, gzip: bool) -> axum::response::Response {
    let mut request = Request::get(uri);
    if gzip {
        request = request.header(header::ACCEPT_ENCODING, "gzip, br");
    }
    app.clone().oneshot(request.body(Body::empty()).unwrap()).await.unwrap()
}

#[tokio::test]
async fn an_imported_basemap_is_slimmed_and_served_tile_by_tile_as_stored() {
    let db = empty_db().await;
    let dir = tempfile::tempdir().unwrap();
    let (source, installed) = (dir.path().join("city.pmtiles"), dir.path().join("basemap.pmtiles"));
    let city = mvt::encode(&city_tile());
    archive(&source, TileType::Mvt, &city);
    let report = import(&source, &installed, &LANGUAGES).await.expect("a v4 archive is imported");
    assert_eq!((report.tiles, report.min_zoom, report.max_zoom), (3, 13, 14));

    let basemap = Basemap::open(&installed).await.unwrap();
    let version = basemap.version().to_string();
    let app = site_with(Some(basemap), &db);

    let (status, body) = get(&app, "/basemap/tiles.json").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let tilejson: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(tilejson["tilejson"], "3.0.0");
    assert_eq!(tilejson["tiles"][0], format!("/basemap/{version}/{{z}}/{{x}}/{{y}}.mvt"));
    assert_eq!((tilejson["minzoom"].as_u64(), tilejson["maxzoom"].as_u64()), (Some(13), Some(14)));
    assert!(tilejson["attribution"].as_str().unwrap().contains("© OpenStreetMap contributors"));
    assert_eq!(tilejson["bounds"].as_array().unwrap().len(), 4);

    // The stored gzip bytes, as they are, kept for a year under this version.
    let response = fetch(&app, &format!("/basemap/{version}/14/9326/4742.mvt"), true).await;
    assert_eq!(response.status(), StatusCode::OK);
    let h = response.headers().clone();
    assert_eq!(h[header::CONTENT_TYPE], "application/vnd.mapbox-vector-tile");
    assert_eq!(h[header::CONTENT_ENCODING], "gzip");
    assert!(h[header::CACHE_CONTROL].to_str().unwrap().contains("immutable"));
    let gz = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(&gz[..2], &[0x1f, 0x8b], "gzip as stored, not compressed again");
    let mut raw = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut raw).unwrap();
    let served = mvt::decode(&raw).unwrap();
    let names: Vec<_> = served.layers.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["roads", "water"], "points of interest and buildings below zoom 15 dropped");
    assert_eq!(served.layers[0].keys, ["kind", "name", "name:ar"], "names in languages the site offers only");
    assert!(raw.len() < city.len());

    // A client that cannot take gzip gets the tile plain.
    let plain = fetch(&app, &format!("/basemap/{version}/14/9326/4742.mvt"), false).await;
    assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
    assert_eq!(plain.into_body().collect().await.unwrap().to_bytes(), raw);

    // Sea, beyond the zooms, off the grid, nonsense; an old version.
    let sea = fetch(&app, &format!("/basemap/{version}/14/0/0.mvt"), true).await;
    assert_eq!(sea.status(), StatusCode::NO_CONTENT);
    assert_eq!(fetch(&app, &format!("/basemap/{version}/16/0/0.mvt"), true).await.status(), StatusCode::NO_CONTENT);
    let (status, body) = get(&app, &format!("/basemap/{version}/3/8/0.mvt")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body.contains("0 to 2^3"), "{body}");
    assert_eq!(get(&app, &format!("/basemap/{version}/32/0/0.mvt")).await.0, StatusCode::BAD_REQUEST);
    assert_eq!(get(&app, &format!("/basemap/{version}/a/b/c.mvt")).await.0, StatusCode::BAD_REQUEST);
    assert_eq!(get(&app, &format!("/basemap/{version}/14/9326/4742.png")).await.0, StatusCode::BAD_REQUEST);
    let stale = fetch(&app, "/basemap/0123456789ab/14/9326/4742.mvt", true).await;
    assert_eq!(stale.status(), StatusCode::OK);
    assert_eq!(stale.headers()[header::CACHE_CONTROL], "no-cache", "an old address is served but not kept");

    // The offline outline's files beside the routes are still served.
    assert_ne!(get(&app, "/basemap/land-overview.svg").await.0, StatusCode::INTERNAL_SERVER_ERROR);
}

#[tokio::test]
async fn without_a_basemap_the_routes_say_so() {
    let db = empty_db().await;
    let app = site_with(None, &db);
    let (status, body) = get(&app, "/basemap/tiles.json").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("atlas basemap import"), "{body}");
    assert_eq!(get(&app, "/basemap/abc/1/0/0.mvt").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn import_refuses_what_the_map_cannot_draw_and_keeps_the_basemap_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let installed = dir.path().join("basemap.pmtiles");
    std::fs::write(&installed, b"the basemap in place").unwrap();
    let refused = |name: &str| dir.path().join(name);

    archive(&refused("raster.pmtiles"), TileType::Png, b"\x89PNG not a vector tile");
    let old = Tile { layers: vec![layer("roads", &["pmap:kind"], &["highway"]), layer("water", &["pmap:kind"], &["water"])] };
    archive(&refused("old.pmtiles"), TileType::Mvt, &mvt::encode(&old));
    let dry = Tile { layers: vec![layer("roads", &["kind"], &["highway"])] };
    archive(&refused("dry.pmtiles"), TileType::Mvt, &mvt::encode(&dry));
    archive(&refused("garbage.pmtiles"), TileType::Mvt, b"\x1a\xff\xff\xff\xff\x0f");
    std::fs::write(refused("text.pmtiles"), "not an archive").unwrap();

    for (file, expected) in [
        ("raster.pmtiles", "vector tiles"),
        ("old.pmtiles", "schema before v4"),
        ("dry.pmtiles", "no water"),
        ("garbage.pmtiles", "not a vector tile"),
        ("text.pmtiles", "not a PMTiles archive"),
        ("missing.mbtiles", "not an MBTiles file"),
    ] {
        let err = import(&refused(file), &installed, &LANGUAGES).await.expect_err(file);
        assert!(err.contains(expected), "{file}: {err}");
    }
    assert_eq!(std::fs::read(&installed).unwrap(), b"the basemap in place");
    assert!(std::fs::read_dir(dir.path()).unwrap().all(|e| !e.unwrap().file_name().to_string_lossy().ends_with(".partial")));
}

#[tokio::test]
async fn an_mbtiles_file_is_imported_with_its_rows_turned_the_right_way_up() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("city.mbtiles");
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&source).create_if_missing(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    for sql in [
        "CREATE TABLE metadata (name TEXT, value TEXT)",
        "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB)",
        "INSERT INTO metadata VALUES ('format', 'pbf'), ('bounds', '24.9,60.15,25.0,60.2')",
    ] {
        sqlx::query(sql).execute(&pool).await.unwrap();
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, &mvt::encode(&city_tile())).unwrap();
    // TMS rows: y = 2^14 − 1 − 4742.
    sqlx::query("INSERT INTO tiles VALUES (14, 9326, 11641, ?)").bind(gz.finish().unwrap()).execute(&pool).await.unwrap();
    pool.close().await;

    let installed = dir.path().join("basemap.pmtiles");
    import(&source, &installed, &LANGUAGES).await.unwrap();
    let basemap = Basemap::open(&installed).await.unwrap();
    assert!(matches!(basemap.tile(14, 9326, 4742, true).await.unwrap(), server::basemap::TileAnswer::Tile(_)));
    assert_eq!(basemap.tile(14, 9326, 11641, true).await.unwrap(), server::basemap::TileAnswer::Empty);
}

/// The committed Helsinki fixture (real OpenStreetMap data, built by
/// scripts/basemap-fixture): imported, slimmed, and a city tile served.
#[tokio::test]
async fn the_real_fixture_imports_slims_and_reports_its_heaviest_view() {
    let fixture = workspace_root().join("tests/fixtures/basemap/helsinki.pmtiles");
    let dir = tempfile::tempdir().unwrap();
    let installed = dir.path().join("basemap.pmtiles");
    let report = import(&fixture, &installed, &LANGUAGES).await.expect("the fixture is a v4 basemap");
    assert_eq!((report.min_zoom, report.max_zoom), (0, 14));
    assert!(report.bytes_after < report.bytes_before, "slimming saves bytes: {report:?}");

    let basemap = Basemap::open(&installed).await.unwrap();
    let server::basemap::TileAnswer::Tile(raw) = basemap.tile(14, 9327, 4742, true).await.unwrap() else {
        panic!("central Helsinki has a tile at 14/9327/4742");
    };
    let tile = mvt::decode(&raw).unwrap();
    let layers: Vec<_> = tile.layers.iter().map(|l| l.name.as_str()).collect();
    for wanted in ["roads", "water", "landuse"] {
        assert!(layers.contains(&wanted), "{wanted} missing from {layers:?}");
    }
    assert!(!layers.contains(&"pois") && !layers.contains(&"buildings"), "{layers:?}");
    // Names stay in the site's languages only.
    let places = server::basemap::mvt::decode(&match basemap.tile(2, 2, 1, true).await.unwrap() {
        server::basemap::TileAnswer::Tile(t) => t,
        other => panic!("the city's label tile: {other:?}"),
    })
    .unwrap();
    let keys: Vec<&String> = places.layers.iter().flat_map(|l| &l.keys).filter(|k| k.starts_with("name:")).collect();
    assert!(keys.iter().any(|k| *k == "name:ar") && keys.iter().all(|k| LANGUAGES.contains(&&k[5..])), "{keys:?}");

    let stats = server::basemap::stats::stats(&installed).await.unwrap();
    assert!(stats.contains("zoom 0–14") && stats.lines().any(|l| l.trim_start().starts_with("14 ")), "{stats}");
}

/// Without JavaScript the map page and a listing's "Where" show a picture
/// the server draws; a lockdown hides it with the map.
#[tokio::test]
async fn pages_read_without_javascript_show_a_picture_of_the_map() {
    let db = sample_db().await;
    let app = site_with(None, &db);
    let (_, page) = get(&app, "/map?kind=reporting_centre").await;
    let noscript = page.split("<noscript>").find(|s| s.contains("map-picture")).expect("a picture in <noscript>");
    assert!(noscript.contains(r#"src="/map.png?kind=reporting_centre""#), "{noscript}");
    let (_, listing) = get(&app, "/listings/sheffield-welcome-drop-in").await;
    assert!(listing.contains("/map.png?size=place&amp;lat=") || listing.contains("/map.png?size=place&lat="), "a listing's Where");

    for uri in ["/map.png", "/ar/map.png?near=Sheffield&kind=reporting_centre", "/map.png?size=place&lat=53.38&lon=-1.47&zoom=13"] {
        let response = fetch(&app, uri, false).await;
        assert_eq!(response.status(), StatusCode::OK, "{uri}");
        assert_eq!(response.headers()[header::CONTENT_TYPE], "image/png");
        let png = response.into_body().collect().await.unwrap().to_bytes();
        assert_eq!(&png[1..4], b"PNG", "{uri}");
    }
    for (uri, says) in [
        ("/map.png?zoom=99", "zoom must be"),
        ("/map.png?near=Atlantis", "Atlantis"),
        ("/map.png?size=poster", "size"),
        ("/map.png?lat=91&lon=0", "lat must be"),
        ("/map.png?kind=castle", "unknown kind"),
    ] {
        let (status, body) = get(&app, uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        assert!(body.contains(says), "{uri}: {body}");
    }
    let admin = db.put_user("admin@example.org", app::people::Role::Admin, &[]).await;
    db.atlas.set_lockdown(&admin, true, "test").await.unwrap();
    let app = site_with(None, &db);
    assert_eq!(get(&app, "/map.png").await.0, StatusCode::NOT_FOUND);
}

/// A loopback file host answering range requests: `cut_after` breaks the
/// connection's answers after that many requests (a fetch interrupted);
/// `short` answers one byte less than asked.
async fn range_host(file: std::path::PathBuf, cut_after: Option<usize>, short: bool) -> (String, Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let bytes = Arc::new(std::fs::read(file).unwrap());
    let app = axum::Router::new().route(
        "/planet.pmtiles",
        axum::routing::get(move |headers: axum::http::HeaderMap| {
            let (counter, bytes) = (counter.clone(), bytes.clone());
            async move {
                let n = counter.fetch_add(1, Ordering::SeqCst);
                if cut_after.is_some_and(|limit| n >= limit) {
                    return (StatusCode::SERVICE_UNAVAILABLE, Vec::new());
                }
                let range = headers[header::RANGE].to_str().unwrap().trim_start_matches("bytes=").to_string();
                let (a, b) = range.split_once('-').unwrap();
                let (a, b): (usize, usize) = (a.parse().unwrap(), b.parse::<usize>().unwrap().min(bytes.len() - 1));
                let end = if short { b } else { b + 1 };
                (StatusCode::PARTIAL_CONTENT, bytes[a..end.max(a)].to_vec())
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}/planet.pmtiles"), hits)
}

#[tokio::test]
async fn basemap_fetch_cuts_a_box_by_few_range_requests_and_continues_after_a_break() {
    use server::basemap::fetch::fetch;
    use std::sync::atomic::Ordering;
    let fixture = workspace_root().join("tests/fixtures/basemap/helsinki.pmtiles");
    let source = Basemap::open(&fixture).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cut.pmtiles");
    let central_helsinki = [24.935, 60.164, 24.954, 60.180];

    // A host that sends a byte short is refused, and nothing is installed.
    let (short_url, _) = range_host(fixture.clone(), None, true).await;
    let err = fetch(&short_url, central_helsinki, None, &out).await.expect_err("a truncated answer");
    assert!(err.contains("run the fetch again"), "{err}");
    assert!(!out.exists());
    let _ = std::fs::remove_dir_all(out.with_extension("parts"));

    // Interrupted after two requests, then run again: what arrived is kept.
    let (broken_url, _) = range_host(fixture.clone(), Some(2), false).await;
    let err = fetch(&broken_url, central_helsinki, None, &out).await.expect_err("the host went away");
    assert!(err.contains("503"), "{err}");
    let (url, hits) = range_host(fixture.clone(), None, false).await;
    let report = fetch(&url, central_helsinki, Some(14), &out).await.unwrap();
    assert!(report.requests <= 4, "few, merged requests: {report:?}");
    assert!(hits.load(Ordering::SeqCst) < 2 + report.requests + 1, "the parts kept from the first run were not asked again");
    assert!(!out.with_extension("parts").exists(), "the parts are removed once the cut is whole");

    // Every tile of the cut is byte for byte the archive's.
    let cut = Basemap::open(&out).await.unwrap();
    let mut compared = 0;
    for (z, x, y) in [(14, 9326, 4741), (14, 9327, 4742), (13, 4663, 2371), (0, 0, 0), (7, 72, 37)] {
        let (a, b) = (source.tile(z, x, y, false).await.unwrap(), cut.tile(z, x, y, false).await.unwrap());
        assert_eq!(a, b, "{z}/{x}/{y}");
        compared += matches!(a, server::basemap::TileAnswer::Tile(_)) as usize;
    }
    assert!(compared >= 3, "tiles compared: {compared}");
    assert_eq!(report.tiles, 19, "{report:?}");
}
