//! `atlas copy`: moves a whole installation from one database to another
//! (SQLite → PostgreSQL to grow, PostgreSQL → SQLite for a backup file).
//! Every table is read from one snapshot of the source and written row by
//! row in one transaction on the target: either all of it arrives or
//! nothing changes.

use crate::db::Backend;
use crate::store::Store;
use sqlx::any::AnyRow;
use sqlx::{Column, Row};

/// Tables in an order that satisfies their foreign keys. Rate-limit counts
/// and the record of what each version changed (for instances already
/// running) are transient and stay behind.
pub const TABLES: &[&str] = &[
    "listing_kinds",
    "event_categories",
    "listings",
    "sources",
    "source_records",
    "calendar_feeds",
    "events",
    "event_overrides",
    "event_occurrences",
    "outcodes",
    "resources",
    "resource_views",
    "users",
    "sessions",
    "submissions",
    "tokens",
    "listing_owners",
    "revisions",
    "audit_log",
    "reports",
    "outbox",
    "settings",
    // E-mail alerts: addresses stay sealed (the key is not in the database).
    "alert_subscriptions",
    "alert_rounds",
    "alert_items",
    "alert_deliveries",
];

/// Tables whose rows mean an installation is in use (the migrations
/// themselves seed the kinds).
const CONTENT: &[&str] = &["listings", "events", "resources", "users", "submissions", "revisions", "audit_log", "outbox", "outcodes"];

#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error("the target already holds data ({0}); copy into an empty database, or pass --replace to overwrite everything in it")]
    NotEmpty(String),
    #[error("copying {table}: {source}")]
    Table { table: &'static str, source: sqlx::Error },
    #[error("{0}")]
    Store(#[from] sqlx::Error),
}

/// What was copied: (table, rows).
pub type CopyReport = Vec<(&'static str, usize)>;

/// Copies every table of `from` into `to`. Refuses a target that holds
/// data unless `replace`; then its rows are deleted first, in the same
/// transaction.
pub async fn copy(from: &Store, to: &Store, replace: bool, progress: impl Fn(&str, usize)) -> Result<CopyReport, CopyError> {
    let mut held = Vec::new();
    for table in CONTENT {
        let n: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {table}")).fetch_one(to.pool()).await?;
        if n > 0 {
            held.push(format!("{n} {table}"));
        }
    }
    if !held.is_empty() && !replace {
        return Err(CopyError::NotEmpty(held.join(", ")));
    }
    let mut tx = to.write_tx().await?;
    for transient in ["rate_limits", "changes"] {
        sqlx::query(&format!("DELETE FROM {transient}")).execute(&mut *tx).await?;
    }
    for table in TABLES.iter().rev() {
        sqlx::query(&format!("DELETE FROM {table}")).execute(&mut *tx).await.map_err(|source| CopyError::Table { table, source })?;
    }
    // One snapshot of the source, even while a server writes to it.
    let mut source = from.pool().begin().await?;
    if from.backend() == Backend::Postgres {
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute(&mut *source).await?;
    }
    let mut report = Vec::new();
    for table in TABLES {
        let rows = sqlx::query(&format!("SELECT * FROM {table}"))
            .fetch_all(&mut *source)
            .await
            .map_err(|source| CopyError::Table { table, source })?;
        for (n, row) in rows.iter().enumerate() {
            insert(&mut tx, table, row).await.map_err(|source| CopyError::Table { table, source })?;
            if (n + 1) % 1000 == 0 {
                progress(table, n + 1);
            }
        }
        progress(table, rows.len());
        report.push((*table, rows.len()));
    }
    if to.backend() == Backend::Postgres {
        // New rows must not reuse the copied ids.
        for table in [
            "listings",
            "calendar_feeds",
            "events",
            "resources",
            "users",
            "submissions",
            "revisions",
            "audit_log",
            "reports",
            "outbox",
            "alert_subscriptions",
            "alert_rounds",
            "alert_items",
        ] {
            sqlx::query(&format!("SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 0) + 1, false) FROM {table}"))
                .execute(&mut *tx)
                .await?;
        }
    }
    // Instances already serving the target rebuild from what arrived.
    crate::store::bump_version(&mut tx, crate::store::Changed::Everything).await?;
    tx.commit().await?;
    source.rollback().await?;
    Ok(report)
}

/// One row, value by value as stored: whole numbers, decimals, text or null.
async fn insert(tx: &mut sqlx::AnyConnection, table: &str, row: &AnyRow) -> Result<(), sqlx::Error> {
    let columns: Vec<&str> = row.columns().iter().map(|c| c.name()).collect();
    let placeholders: Vec<String> = (1..=columns.len()).map(|i| format!("${i}")).collect();
    let sql = format!("INSERT INTO {table} ({}) VALUES ({})", columns.join(", "), placeholders.join(", "));
    // Not kept prepared: the types of the values differ from row to row
    // (a null here, a text there), and a prepared statement fixes them.
    let mut query = sqlx::query(&sql).persistent(false);
    for i in 0..columns.len() {
        // A null goes as a whole number: PostgreSQL turns that into any
        // column type on assignment, which a null text would not.
        query = if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
            query.bind(v)
        } else if let Ok(v) = row.try_get::<f64, _>(i) {
            query.bind(v)
        } else {
            query.bind(row.try_get::<String, _>(i)?)
        };
    }
    query.execute(tx).await.map(|_| ())
}
