//! Fixtures shared by the integration tests: a fresh database per test, so
//! tests never share state. SQLite in a temporary folder by default; with
//! `ATLAS_TEST_POSTGRES=postgres://user:password@host/db` (as scripts/test
//! sets for its second pass) a new PostgreSQL database on that server.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use leptos::prelude::LeptosOptions;
use server::atlas::Atlas;
use server::import::listings::{Format, ImportOptions};
use server::store::Store;
use server::web::{router, AppState};
use std::path::PathBuf;
use std::sync::Arc;
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
    std::env::var_os("ATLAS_SITE_ROOT").map(PathBuf::from).unwrap_or_else(|| workspace_root().join("target/site"))
}

pub struct TestDb {
    pub atlas: Arc<Atlas>,
    pub store: Store,
    pub dir: TempDir,
    /// Where the database is, for a second "instance" on it.
    pub url: String,
}

/// A URL for a new, empty database of the backend under test (see
/// [`database_url_for`]; `dir` is the test's own temporary folder).
pub async fn fresh_database_url(dir: &std::path::Path) -> String {
    match postgres_database_for(dir) {
        Some((base, name, url)) => {
            ensure_postgres_database(&base, &name).await;
            url
        }
        None => sqlite_url_for(dir),
    }
}

/// True when the tests run on PostgreSQL.
pub fn on_postgres() -> bool {
    std::env::var("ATLAS_TEST_POSTGRES").is_ok_and(|v| !v.is_empty())
}

pub fn sqlite_url_for(dir: &std::path::Path) -> String {
    format!("sqlite://{}", dir.join("atlas.db").display())
}

/// On PostgreSQL: (server URL, database name, database URL) for the
/// database of folder `dir`, named after it. scripts/test drops them all
/// (`atlas_t_*`) before and after each run.
fn postgres_database_for(dir: &std::path::Path) -> Option<(String, String, String)> {
    use std::hash::{Hash, Hasher};
    let base = std::env::var("ATLAS_TEST_POSTGRES").ok().filter(|b| !b.is_empty())?;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    dir.hash(&mut h);
    let name = format!("atlas_t_dir_{:016x}", h.finish());
    let mut url = url::Url::parse(&base).expect("ATLAS_TEST_POSTGRES is a URL");
    url.set_path(&name);
    Some((base, name, url.to_string()))
}

/// Creates database `name` on the server of `base` unless it exists.
async fn ensure_postgres_database(base: &str, name: &str) {
    use sqlx::Connection;
    let mut admin = sqlx::PgConnection::connect(base).await.expect("connect to the test PostgreSQL server");
    let exists: Option<i32> =
        sqlx::query_scalar("SELECT 1 FROM pg_database WHERE datname = $1").bind(name).fetch_optional(&mut admin).await.unwrap();
    if exists.is_none() {
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.expect("create test database");
    }
    admin.close().await.ok();
}

pub async fn empty_db() -> TestDb {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(dir.path()).await;
    let pool = server::db::open(&url).await.expect("open test database");
    let store = Store::new(pool);
    let atlas = Arc::new(Atlas::new(store.clone()).await.expect("load atlas"));
    TestDb { atlas, store, dir, url }
}

pub const PUBLISHED: ImportOptions = ImportOptions { status: app::model::ListingStatus::Published, skip_invalid: false };
pub const PENDING: ImportOptions = ImportOptions { status: app::model::ListingStatus::Pending, skip_invalid: false };

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
    db.atlas.import_resources(&resources[..], app::model::ListingStatus::Published, false, |_| {}).await.expect("import sample resources");
    import_sample_events(&db).await;
    db
}

pub fn app(db: &TestDb) -> Router {
    let leptos = LeptosOptions::builder().output_name("atlas").site_root(site_root().display().to_string()).build();
    router(AppState::new(leptos, db.atlas.clone(), true))
}

/// GET `uri`: status and body as text.
pub async fn get(app: &Router, uri: &str) -> (StatusCode, String) {
    let response = app.clone().oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    // Without Fluent's bidi isolation marks, so tests can match plain text.
    let text = String::from_utf8_lossy(&bytes).replace(['\u{2068}', '\u{2069}'], "");
    (status, text)
}

pub mod process;
mod setup;
pub mod smtp;

/// The settings of a site whose mail goes to `mail` (a loopback SMTP
/// server) and whose links start http://atlas.test.
pub fn config_with_mail(mail: &smtp::MailServer) -> server::atlas::AtlasConfig {
    server::atlas::AtlasConfig {
        mailer: server::mail::Mailer::new(Some(&mail.url), "Atlas <atlas@example.org>").unwrap(),
        public_url: "http://atlas.test".into(),
        ..Default::default()
    }
}

/// A database whose mail goes to `mail` (a loopback SMTP server).
pub async fn db_with_mail(mail: &smtp::MailServer, sample: bool) -> TestDb {
    db_with_config(config_with_mail(mail), sample).await
}

/// A database and an atlas made with these settings.
pub async fn db_with_config(config: server::atlas::AtlasConfig, sample: bool) -> TestDb {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(dir.path()).await;
    let store = Store::new(server::db::open(&url).await.expect("open test database"));
    let atlas = Atlas::new_with(store.clone(), config).await.expect("load atlas");
    let db = TestDb { atlas: Arc::new(atlas), store, dir, url };
    if sample {
        let listings = std::fs::read_to_string(sample_listings()).unwrap();
        import(&db, &listings, PUBLISHED).await;
        let resources = std::fs::read(sample_resources()).unwrap();
        db.atlas.import_resources(&resources[..], app::model::ListingStatus::Published, false, |_| {}).await.unwrap();
        import_sample_events(&db).await;
    }
    db
}

/// The fictional sample events (of the sample listings), published.
pub async fn import_sample_events(db: &TestDb) {
    let events = std::fs::read(workspace_root().join("data/sample-events.jsonl")).unwrap();
    let options = server::events::EventImportOptions {
        listing: None,
        exact_venues: false,
        status: app::model::ListingStatus::Published,
        skip_invalid: false,
    };
    db.atlas.import_events(&events[..], server::events::EventFormat::JsonLines, options).await.expect("import sample events");
}

/// The site with no minimum fill time (tests type fast) and a generous rate limit.
pub fn fast_app(db: &TestDb) -> Router {
    let leptos = LeptosOptions::builder().output_name("atlas").site_root(site_root().display().to_string()).build();
    let mut state = AppState::new(leptos, db.atlas.clone(), true);
    state.min_fill_secs = 0;
    state.limits = Arc::new(server::web::forms::RateLimits::new(1000));
    router(state)
}

/// A browser without JavaScript: keeps cookies, reads the hidden fields
/// of the form it is about to send from the page, follows nothing.
pub struct Visitor {
    pub app: Router,
    pub cookies: std::collections::BTreeMap<String, String>,
    /// A running `atlas serve` (http://127.0.0.1:PORT) instead of `app`.
    pub remote: Option<String>,
    /// Sent with every request (e.g. X-Forwarded-For).
    pub headers: Vec<(String, String)>,
}

pub struct Answer {
    pub status: StatusCode,
    pub location: Option<String>,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Visitor {
    pub fn new(app: &Router) -> Visitor {
        Visitor { app: app.clone(), cookies: Default::default(), remote: None, headers: vec![] }
    }

    /// A visitor of a running server, over HTTP.
    pub fn remote(base: &str) -> Visitor {
        Visitor { app: Router::new(), cookies: Default::default(), remote: Some(base.trim_end_matches('/').to_string()), headers: vec![] }
    }

    /// Sends over HTTP to the remote server; None when it cannot be reached.
    async fn send_remote(base: &str, req: Request<Body>) -> Option<axum::response::Response> {
        static CLIENT: std::sync::OnceLock<reqwest::Client> = std::sync::OnceLock::new();
        let client = CLIENT.get_or_init(|| {
            reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(std::time::Duration::from_secs(20))
                .build()
                .unwrap()
        });
        let (parts, body) = req.into_parts();
        let body = body.collect().await.unwrap().to_bytes();
        let sent = client.request(parts.method, format!("{base}{}", parts.uri)).headers(parts.headers).body(body).send().await.ok()?;
        let mut response = axum::response::Response::builder().status(sent.status());
        for (k, v) in sent.headers() {
            response = response.header(k, v);
        }
        let bytes = sent.bytes().await.ok()?;
        Some(response.body(Body::from(bytes)).unwrap())
    }

    async fn send(&mut self, mut req: Request<Body>) -> Answer {
        for (k, v) in &self.headers {
            req.headers_mut().insert(axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(), v.parse().unwrap());
        }
        let response = match self.remote.clone() {
            Some(base) => match Self::send_remote(&base, req).await {
                Some(r) => r,
                None => {
                    let headers = axum::http::HeaderMap::new();
                    return Answer { status: StatusCode::BAD_GATEWAY, location: None, headers, body: "unreachable".into() };
                }
            },
            None => self.app.clone().oneshot(req).await.unwrap(),
        };
        for c in response.headers().get_all("set-cookie") {
            let c = c.to_str().unwrap();
            let (pair, _) = c.split_once(';').unwrap_or((c, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() || c.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_string(), value.to_string());
            }
        }
        let status = response.status();
        let headers = response.headers().clone();
        let location = headers.get("location").map(|l| l.to_str().unwrap().to_string());
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let body = String::from_utf8_lossy(&bytes).replace(['\u{2068}', '\u{2069}'], "");
        Answer { status, location, headers, body }
    }

    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    pub async fn get(&mut self, uri: &str) -> Answer {
        let req = Request::get(uri).header("cookie", self.cookie_header()).body(Body::empty()).unwrap();
        self.send(req).await
    }

    /// Posts raw fields, as given (no hidden fields added).
    pub async fn post_raw(&mut self, uri: &str, fields: &[(&str, &str)]) -> Answer {
        let body: String = form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
        let req = Request::post(uri)
            .header("cookie", self.cookie_header())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }

    /// Opens `page`, then sends its form (to `action`) with the page's
    /// hidden anti-forgery fields and `fields`.
    pub async fn submit(&mut self, page: &str, action: &str, fields: &[(&str, &str)]) -> Answer {
        self.submit_after(page, action, fields, std::time::Duration::ZERO).await
    }

    /// Like `submit`, taking `wait` to fill in the form (a real server
    /// refuses forms sent quicker than a person could).
    pub async fn submit_after(&mut self, page: &str, action: &str, fields: &[(&str, &str)], wait: std::time::Duration) -> Answer {
        let (csrf, started) = self.form_tokens(page).await;
        tokio::time::sleep(wait).await;
        let mut all = vec![("csrf", csrf.as_str()), ("started", started.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(action, &all).await
    }

    /// Opens `page` and reads its form's hidden anti-forgery fields:
    /// (csrf, started).
    pub async fn form_tokens(&mut self, page: &str) -> (String, String) {
        let html = self.get(page).await.body;
        let hidden = |name: &str| -> String {
            let marker = format!(r#"name="{name}" value=""#);
            html.find(&marker).map(|i| html[i + marker.len()..].split('"').next().unwrap().to_string()).unwrap_or_default()
        };
        (hidden("csrf"), hidden("started"))
    }

    /// Signs in through the emailed link.
    pub async fn sign_in(&mut self, email: &str, mail: &smtp::MailServer) {
        let sent = mail.all().len();
        let a = self.submit("/login", "/login", &[("email", email)]).await;
        assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
        let m = mail.wait_for_new(email, "sign in", sent).await;
        assert!(mail.all().len() > sent);
        let link = m.link("http://atlas.test/login/confirm?token=").expect("a sign-in link");
        let path = link.trim_start_matches("http://atlas.test");
        let token = path.split("token=").nth(1).unwrap().to_string();
        let a = self.submit(path, "/login/confirm", &[("token", &token)]).await;
        assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
        assert!(self.cookies.contains_key("atlas_session"));
    }
}

/// The database URL for an `atlas` process whose data folder is `dir`: the
/// SQLite file in it, or on PostgreSQL a database named after the folder
/// (made on first use), so every command run on one folder sees one database.
pub fn database_url_for(dir: &std::path::Path) -> String {
    let Some((base, name, url)) = postgres_database_for(dir) else { return sqlite_url_for(dir) };
    // Its own thread and runtime: callers may be sync tests or async ones.
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(ensure_postgres_database(&base, &name))
    })
    .join()
    .unwrap();
    url
}

/// Every pending submission (the queue's pages, joined).
pub async fn pending(db: &TestDb) -> Vec<app::people::SubmissionSummary> {
    db.store.pending_submissions(None, None, 0, 10_000).await.unwrap().0
}

/// The newest submission still waiting for its sender's link.
pub async fn unconfirmed(db: &TestDb) -> i64 {
    db.store.unconfirmed_submissions(None, 0, 1).await.unwrap().0.first().expect("an unconfirmed submission").id
}
