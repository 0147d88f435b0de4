//! Fixtures shared by the integration tests: a fresh SQLite database in a
//! temporary folder per test, so tests never share state.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use leptos::prelude::LeptosOptions;
use server::atlas::Atlas;
use server::import::listings::{Format, ImportOptions};
use server::store::SqliteStore;
use std::sync::Arc;
use server::web::{router, AppState};
use std::path::PathBuf;
use tempfile::TempDir;
use tower::ServiceExt;

pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

pub fn sample_listings() -> PathBuf {
    workspace_root().join("data/sample-listings.jsonl")
}

/// Where scripts/build-site put the browser assets.
pub fn site_root() -> PathBuf {
    std::env::var_os("ATLAS_SITE_ROOT")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/site"))
}

pub struct TestDb {
    pub atlas: Arc<Atlas>,
    pub store: SqliteStore,
    pub dir: TempDir,
}

pub async fn empty_db() -> TestDb {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("atlas.db").display());
    let pool = server::db::open(&url).await.expect("open test database");
    let store = SqliteStore::new(pool);
    let atlas = Arc::new(Atlas::new(store.clone()).await.expect("load atlas"));
    TestDb { atlas, store, dir }
}

pub const PUBLISHED: ImportOptions =
    ImportOptions { status: app::model::ListingStatus::Published, skip_invalid: false };
pub const PENDING: ImportOptions =
    ImportOptions { status: app::model::ListingStatus::Pending, skip_invalid: false };

pub async fn import(db: &TestDb, jsonl: &str, options: ImportOptions) {
    db.atlas.import_listings(jsonl.as_bytes(), Format::Jsonl, options, |_| {}).await.expect("import");
}

pub fn sample_resources() -> PathBuf {
    workspace_root().join("data/sample-resources.jsonl")
}

/// The fictional sample listings and resources, published.
pub async fn sample_db() -> TestDb {
    let db = empty_db().await;
    let sample = std::fs::read_to_string(sample_listings()).unwrap();
    import(&db, &sample, PUBLISHED).await;
    let resources = std::fs::read(sample_resources()).unwrap();
    db.atlas
        .import_resources(&resources[..], app::model::ListingStatus::Published, false, |_| {})
        .await
        .expect("import sample resources");
    db
}

pub fn app(db: &TestDb) -> Router {
    let leptos = LeptosOptions::builder()
        .output_name("atlas")
        .site_root(site_root().display().to_string())
        .build();
    router(AppState::new(leptos, db.atlas.clone(), true))
}

/// GET `uri`: status and body as text.
pub async fn get(app: &Router, uri: &str) -> (StatusCode, String) {
    let response = app
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    // Without Fluent's bidi isolation marks, so tests can match plain text.
    let text = String::from_utf8_lossy(&bytes).replace(['\u{2068}', '\u{2069}'], "");
    (status, text)
}
