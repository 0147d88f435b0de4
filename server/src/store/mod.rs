//! The SQLite adapter behind the app's ports.

mod listings;

pub use listings::UpsertReport;
pub use moderation::{NewSubmission, StoredSubmission};
pub use people::TokenUse;
use sqlx::SqlitePool;

/// All stored data, in one SQLite database.
#[derive(Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    pub fn new(pool: SqlitePool) -> Self {
        SqliteStore { pool }
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// True when the database answers.
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    /// Rebuilds the database's own indexes and statistics.
    pub async fn rebuild_indexes(&self) -> Result<(), sqlx::Error> {
        sqlx::query("REINDEX").execute(&self.pool).await?;
        sqlx::query("ANALYZE").execute(&self.pool).await?;
        Ok(())
    }

    /// Flushes the write-ahead log into the main file and closes connections.
    pub async fn close(&self) {
        let _ = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&self.pool).await;
        self.pool.close().await;
    }
}

mod outcodes;

mod resources;
mod moderation;
mod people;
