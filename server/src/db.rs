//! Opening the database. Writes are durable once acknowledged: WAL with
//! `synchronous = FULL` survives a crash or power cut.

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("cannot use data directory {dir}: {source}. Set ATLAS_DATA_DIR (or --data-dir) to a folder this user can write to")]
    DataDir { dir: String, source: std::io::Error },
    #[error("unsupported database URL {0:?}: this build stores data in SQLite, so use a URL like sqlite://var/atlas.db")]
    Unsupported(String),
    #[error("cannot open database {url}: {source}. Check ATLAS_DATABASE_URL (e.g. sqlite://var/atlas.db) and that its folder exists and is writable")]
    Open { url: String, source: sqlx::Error },
    #[error("cannot bring database {url} up to date: {source}")]
    Migrate { url: String, source: sqlx::migrate::MigrateError },
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
pub async fn open(url: &str) -> Result<SqlitePool, OpenError> {
    if !url.starts_with("sqlite:") {
        return Err(OpenError::Unsupported(url.to_string()));
    }
    let open_err = |source| OpenError::Open { url: url.to_string(), source };
    let options = SqliteConnectOptions::from_str(url)
        .map_err(open_err)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await
        .map_err(open_err)?;
    sqlx::migrate!("../migrations/sqlite")
        .run(&pool)
        .await
        .map_err(|source| OpenError::Migrate { url: url.to_string(), source })?;
    Ok(pool)
}
