//! The data version: one counter, moved on in every transaction that
//! changes what the public sees. Each instance polls it to learn about
//! writes made elsewhere; the versions it made itself (already applied to
//! its own directory and index) are remembered so they cause no rebuild.

use super::Store;
use parking_lot::Mutex;
use sqlx::Row;
use std::collections::BTreeSet;

/// Versions this process committed and has not yet seen in a poll.
#[derive(Default)]
pub(super) struct OwnVersions(Mutex<BTreeSet<i64>>);

/// What a write changed, kept with its version for the other instances.
#[derive(Clone, Copy)]
pub enum Changed<'a> {
    Listings(&'a [&'a str]),
    Resources(&'a [&'a str]),
    /// Kinds, postcode districts, a whole copied database: rebuild all.
    Everything,
}

/// More records than this in one catch-up: rebuild the index instead.
pub const MAX_INCREMENTAL: usize = 2_000;

/// Moves the version on inside the writing transaction, records what
/// changed, and returns the version; None when nothing public changed (no
/// version, so no instance does any work). One row, so concurrent writers
/// queue on it and versions become visible in the order they were
/// committed. Every version has at least one `changes` row: a version
/// without one means "no longer recorded" to `changes_between`.
pub(crate) async fn bump_version(conn: &mut sqlx::AnyConnection, changed: Changed<'_>) -> Result<Option<i64>, sqlx::Error> {
    if let Changed::Listings([]) | Changed::Resources([]) = changed {
        return Ok(None);
    }
    let version: i64 =
        sqlx::query_scalar("UPDATE data_version SET version = version + 1 WHERE id = 1 RETURNING version").fetch_one(&mut *conn).await?;
    let (entity, slugs): (&str, &[&str]) = match changed {
        Changed::Listings(slugs) if slugs.len() <= MAX_INCREMENTAL => ("listing", slugs),
        Changed::Resources(slugs) if slugs.len() <= MAX_INCREMENTAL => ("resource", slugs),
        _ => ("all", &[""]),
    };
    for chunk in slugs.chunks(500) {
        let rows: Vec<String> = (0..chunk.len()).map(|i| format!("($1, $2, ${})", i + 3)).collect();
        let sql = format!("INSERT INTO changes (version, entity, slug) VALUES {}", rows.join(", "));
        let mut insert = sqlx::query(&sql).bind(version).bind(entity);
        for slug in chunk {
            insert = insert.bind(*slug);
        }
        insert.execute(&mut *conn).await?;
    }
    Ok(Some(version))
}

/// The records changed between two versions, for an instance to catch up
/// on without rebuilding its index.
pub struct Catchup {
    pub resources: Vec<String>,
    pub listings: Vec<String>,
}

impl Store {
    /// Records a version this process committed (call after the commit: a
    /// rolled-back number is reused by the next writer).
    pub(super) fn wrote(&self, version: Option<i64>) {
        self.own.0.lock().extend(version);
    }

    pub async fn data_version(&self) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT version FROM data_version WHERE id = 1").fetch_one(self.pool()).await
    }

    /// True when every version after `seen` up to `now` was written by this
    /// process, so nothing new came from elsewhere. Forgets them.
    pub fn only_own_writes(&self, seen: i64, now: i64) -> bool {
        let mut own = self.own.0.lock();
        let all_own = now > seen && (seen + 1..=now).all(|v| own.contains(&v));
        own.retain(|v| *v > now);
        all_own
    }

    /// What changed after version `seen` up to `now`; None means rebuild.
    pub async fn changes_between(&self, seen: i64, now: i64) -> Result<Option<Catchup>, sqlx::Error> {
        if now - seen > MAX_INCREMENTAL as i64 {
            return Ok(None);
        }
        let rows = sqlx::query("SELECT version, entity, slug FROM changes WHERE version > $1 AND version <= $2 LIMIT $3")
            .bind(seen)
            .bind(now)
            .bind(MAX_INCREMENTAL as i64 + 1)
            .fetch_all(self.pool())
            .await?;
        let versions: BTreeSet<i64> = rows.iter().map(|r| r.get::<i64, _>(0)).collect();
        if rows.len() > MAX_INCREMENTAL || versions.len() as i64 != now - seen {
            return Ok(None);
        }
        let mut catchup = Catchup { resources: vec![], listings: vec![] };
        for r in &rows {
            let slug: String = r.get(2);
            match r.get::<String, _>(1).as_str() {
                "listing" => catchup.listings.push(slug),
                "resource" => catchup.resources.push(slug),
                _ => return Ok(None),
            }
        }
        for list in [&mut catchup.resources, &mut catchup.listings] {
            list.sort();
            list.dedup();
        }
        Ok(Some(catchup))
    }

    /// Forgets what old versions changed (an instance that far behind
    /// rebuilds its index anyway).
    pub async fn prune_changes(&self) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM changes WHERE version < (SELECT version FROM data_version WHERE id = 1) - $1")
            .bind(10 * MAX_INCREMENTAL as i64)
            .execute(self.pool())
            .await
            .map(|_| ())
    }
}
