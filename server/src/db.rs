//! Opening the database: SQLite (the default, one machine) or PostgreSQL
//! (several instances), chosen by the URL. The store speaks to both through
//! sqlx's `Any` driver in SQL they share; each has its own migrations.
//!
//! Writes are durable once acknowledged: SQLite runs WAL with
//! `synchronous = FULL`; PostgreSQL commits synchronously by default.

use sqlx::any::AnyPoolOptions;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::AnyPool;
use sqlx::{Connection, Executor};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("cannot use data directory {dir}: {source}. Set ATLAS_DATA_DIR (or --data-dir) to a folder this user can write to")]
    DataDir { dir: String, source: std::io::Error },
    #[error("unsupported database URL {0:?}: use sqlite://path/to/atlas.db or postgres://user:password@host/database")]
    Unsupported(String),
    #[error("cannot open database {url}: {reason}. Check ATLAS_DATABASE_URL (e.g. sqlite://var/atlas.db) and that its folder exists and is writable")]
    Open { url: String, reason: String },
    #[error("cannot connect to PostgreSQL at {url}: {reason}. Check ATLAS_DATABASE_URL (user, password, host, port, database) and that the server is running")]
    Connect { url: String, reason: String },
    #[error("cannot bring database {url} up to date: {reason}")]
    Migrate { url: String, reason: String },
}

/// Which database engine is behind the URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }
}

/// An open, migrated database.
#[derive(Clone)]
pub struct Database {
    pub pool: AnyPool,
    pub backend: Backend,
}

/// The URL with its password replaced, for messages and logs.
pub fn redacted(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_string(),
    }
}

/// The first line of an error, so a start-up failure is one line.
fn one_line(e: impl std::fmt::Display) -> String {
    e.to_string().lines().next().unwrap_or_default().to_string()
}

/// Makes sure the data directory exists and is writable.
pub fn prepare_data_dir(dir: &Path) -> Result<(), OpenError> {
    let err = |source| OpenError::DataDir { dir: dir.display().to_string(), source };
    std::fs::create_dir_all(dir).map_err(err)?;
    let probe = dir.join(".atlas-write-test");
    std::fs::write(&probe, b"ok").map_err(err)?;
    std::fs::remove_file(&probe).map_err(err)
}

/// Opens (creating if needed) the database and applies pending migrations.
pub async fn open(url: &str) -> Result<Database, OpenError> {
    sqlx::any::install_default_drivers();
    match Backend::of(url) {
        Some(Backend::Sqlite) => open_sqlite(url).await,
        Some(Backend::Postgres) => open_postgres(url).await,
        None => Err(OpenError::Unsupported(redacted(url))),
    }
}

/// Every served connection's settings. The page cache and the memory map
/// keep a national directory's hot pages out of read() calls (the default
/// cache is 2 MB per connection; a database of 100,000 listings and a
/// year of events is a few hundred MB): at most 16 MB of cache per
/// connection, and a map the operating system shares between them.
const CONNECTION_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; \
     PRAGMA busy_timeout = 5000; PRAGMA cache_size = -16384; PRAGMA mmap_size = 268435456;";

async fn open_sqlite(url: &str) -> Result<Database, OpenError> {
    let open_err = |e: sqlx::Error| OpenError::Open { url: url.to_string(), reason: one_line(e) };
    // Created and migrated with the SQLite driver itself, then served
    // through `Any` with the same settings on every connection.
    let options = SqliteConnectOptions::from_str(url)
        .map_err(open_err)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true);
    let setup = SqlitePoolOptions::new().max_connections(1).connect_with(options).await.map_err(open_err)?;
    sqlx::migrate!("../migrations/sqlite")
        .run(&setup)
        .await
        .map_err(|e| OpenError::Migrate { url: url.to_string(), reason: one_line(e) })?;
    setup.close().await;
    let pool = AnyPoolOptions::new()
        .max_connections(8)
        .after_connect(|conn, _| Box::pin(async move { conn.execute(CONNECTION_PRAGMAS).await.map(|_| ()) }))
        .connect(url)
        .await
        .map_err(open_err)?;
    Ok(Database { pool, backend: Backend::Sqlite })
}

async fn open_postgres(url: &str) -> Result<Database, OpenError> {
    let shown = redacted(url);
    let connect_err = |e: sqlx::Error| OpenError::Connect { url: shown.clone(), reason: one_line(e) };
    let options = PgConnectOptions::from_str(url).map_err(connect_err)?;
    // One attempt first, so a wrong password or a server that is not there
    // is reported at once with its cause (a pool would retry until it
    // timed out, then say only that).
    let probe = sqlx::PgConnection::connect_with(&options).await.map_err(connect_err)?;
    probe.close().await.map_err(connect_err)?;
    let setup = PgPoolOptions::new()
        .max_connections(1)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await
        .map_err(connect_err)?;
    sqlx::migrate!("../migrations/postgres")
        .run(&setup)
        .await
        .map_err(|e| OpenError::Migrate { url: shown.clone(), reason: one_line(e) })?;
    setup.close().await;
    // A short wait for a connection: while PostgreSQL restarts, requests
    // answer 503 quickly instead of hanging, and the pool reconnects.
    let pool = AnyPoolOptions::new().max_connections(10).acquire_timeout(Duration::from_secs(3)).connect(url).await.map_err(connect_err)?;
    Ok(Database { pool, backend: Backend::Postgres })
}

/// True when the error means the database cannot be reached right now
/// (down, restarting, out of connections), not that the request was wrong:
/// such requests answer 503 and work again once it is back.
pub fn is_unavailable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) | sqlx::Error::Tls(_) => true,
        sqlx::Error::Protocol(_) | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => {
            let code = db.code().unwrap_or_default();
            // Connection exceptions, shutdown or start-up in progress, too many connections.
            code.starts_with("08") || matches!(code.as_ref(), "57P01" | "57P02" | "57P03" | "53300")
        }
        _ => false,
    }
}
