//! The tile proxy: tiles come through this server and are cached, so the
//! browser never talks to the tile server.

use crate::common;

use axum::http::StatusCode;

use common::*;
use leptos::prelude::LeptosOptions;
use server::tiles::TileProxy;
use server::web::{router, AppState};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// A stand-in tile server on loopback that counts its requests.
async fn upstream() -> (String, Arc<AtomicUsize>, tokio::task::JoinHandle<()>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let app = axum::Router::new().route(
        "/{z}/{x}/{y}",
        axum::routing::get(move || {
            let counter = counter.clone();
            async move {
                counter.fetch_add(1, Ordering::SeqCst);
                "PNG-BYTES"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let handle = tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}/{{z}}/{{x}}/{{y}}.png"), hits, handle)
}

#[tokio::test]
async fn tiles_are_fetched_once_cached_and_served_when_upstream_is_down() {
    let db = sample_db().await;
    let (template, hits, handle) = upstream().await;
    let proxy = TileProxy::new(&template, db.dir.path().join("tiles")).unwrap();
    let leptos = LeptosOptions::builder().output_name("atlas").site_root(site_root().display().to_string()).build();
    let app = router(AppState::new(leptos, db.atlas.clone(), true).with_tiles(proxy, "© Example tiles".into()));

    let (status, body) = get(&app, "/tiles/3/2/1.png").await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "PNG-BYTES"));
    let (status, _) = get(&app, "/tiles/3/2/1.png").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(hits.load(Ordering::SeqCst), 1, "the second request is served from the cache");

    handle.abort();
    let (status, body) = get(&app, "/tiles/3/2/1.png").await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "PNG-BYTES"), "cached tile survives upstream going away");
    let (status, body) = get(&app, "/tiles/3/2/2.png").await;
    assert_eq!(status, StatusCode::BAD_GATEWAY, "{body}");

    let (status, _) = get(&app, "/tiles/3/9/0.png").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = get(&app, "/tiles/a/b/c").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let (_, map) = get(&app, "/map").await;
    assert!(map.contains(r#"data-tiles="/tiles/{z}/{x}/{y}""#), "the map asks this server for tiles");
    let upstream_host = template.trim_start_matches("http://").split('/').next().unwrap().to_string();
    assert!(!map.contains(&upstream_host), "the tile server's address never reaches the page");
}

#[tokio::test]
async fn without_a_tile_server_there_are_no_tiles_and_no_tile_layer() {
    let db = sample_db().await;
    let app = app(&db);
    let (status, _) = get(&app, "/tiles/3/2/1.png").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, map) = get(&app, "/map").await;
    assert!(!map.contains("data-tiles"));
}

#[test]
fn a_bad_tile_template_is_refused_with_an_example() {
    let dir = tempfile::tempdir().unwrap();
    let err = TileProxy::new("tile.example.org/{z}", dir.path().join("t")).err().unwrap();
    assert!(err.contains("https://tile.example.org/{z}/{x}/{y}.png"), "{err}");
}

/// Issue 27: the cache stops growing at its limit (tiles are still served),
/// and a tile server's answer larger than any tile is not taken.
#[tokio::test]
async fn the_cache_is_bounded_and_a_huge_answer_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (template, hits, _handle) = upstream().await;
    let proxy = TileProxy::new(&template, dir.path().join("tiles")).unwrap().with_cache_limit(20);
    for x in 0..4 {
        assert_eq!(proxy.tile(3, x, 1).await.unwrap(), b"PNG-BYTES");
    }
    for x in 0..4 {
        proxy.tile(3, x, 1).await.unwrap();
    }
    assert_eq!(hits.load(Ordering::SeqCst), 6, "two tiles (18 bytes) kept; the other two asked for again");

    let huge = axum::Router::new().route("/{z}/{x}/{y}", axum::routing::get(|| async { vec![b'x'; 2 * 1024 * 1024] }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, huge).await.unwrap() });
    let proxy = TileProxy::new(&format!("http://{addr}/{{z}}/{{x}}/{{y}}.png"), dir.path().join("huge")).unwrap();
    assert!(proxy.tile(3, 1, 1).await.is_err(), "2 MB is no tile");
}
