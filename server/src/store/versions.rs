//! The data version: one counter, moved on in every transaction that
//! changes what the public sees. Each instance polls it to learn about
//! writes made elsewhere; the versions it made itself (already applied to
//! its own directory and index) are remembered so they cause no rebuild.

use super::Store;
use std::collections::BTreeSet;
use std::sync::Mutex;

/// Versions this process committed and has not yet seen in a poll.
#[derive(Default)]
pub(super) struct OwnVersions(Mutex<BTreeSet<i64>>);

/// Moves the version on inside the writing transaction and returns it. One
/// row, so concurrent writers queue on it and versions become visible in
/// the order they were committed.
pub(crate) async fn bump_version(conn: &mut sqlx::AnyConnection) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("UPDATE data_version SET version = version + 1 WHERE id = 1 RETURNING version").fetch_one(conn).await
}

impl Store {
    /// Records a version this process committed (call after the commit: a
    /// rolled-back number is reused by the next writer).
    pub(super) fn wrote(&self, version: i64) {
        self.own.0.lock().unwrap().insert(version);
    }

    pub async fn data_version(&self) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT version FROM data_version WHERE id = 1").fetch_one(self.pool()).await
    }

    /// True when every version after `seen` up to `now` was written by this
    /// process, so nothing new came from elsewhere. Forgets them.
    pub fn only_own_writes(&self, seen: i64, now: i64) -> bool {
        let mut own = self.own.0.lock().unwrap();
        let all_own = now > seen && (seen + 1..=now).all(|v| own.contains(&v));
        own.retain(|v| *v > now);
        all_own
    }

    /// Runs one statement and moves the data version on, in one transaction.
    pub(super) async fn execute_and_bump<'q>(
        &self,
        query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> Result<u64, sqlx::Error> {
        let mut tx = self.write_tx().await?;
        let done = query.execute(&mut *tx).await?.rows_affected();
        let version = bump_version(&mut tx).await?;
        tx.commit().await?;
        self.wrote(version);
        Ok(done)
    }
}
