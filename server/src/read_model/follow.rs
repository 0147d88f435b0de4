//! How an instance learns about writes made elsewhere (another instance, a
//! command-line tool): every tick it reads the data version, which every
//! write through the store moves on; versions it wrote itself are already
//! in its directory and index; for any other it reads just the records
//! that version changed into both. Less often it also compares the whole
//! search marker (published counts, latest `updated_at`), which catches
//! rows added, removed or re-stamped straight in SQL; `atlas reindex`
//! covers any other hand edit.

use super::{AtlasError, ReadModel};
use std::sync::atomic::Ordering;

/// Full-marker checks happen every this many ticks.
const MARKER_EVERY: u32 = 30;

#[derive(Default)]
pub struct Follower {
    version: Option<i64>,
    marker: Option<String>,
    ticks: u32,
}

impl Follower {
    pub async fn tick(&mut self, read: &ReadModel) {
        // Lockdown switched elsewhere (`atlas lockdown`, another instance)
        // takes effect here within one tick.
        if let Ok(on) = read.store.lockdown().await {
            if read.lockdown_is(on) {
                tracing::warn!("lockdown switched {} elsewhere", if on { "on" } else { "off" });
            }
        }
        let Ok(now) = read.store.data_version().await else { return };
        // At first, compare with what the directory was loaded from.
        let seen = self.version.unwrap_or_else(|| read.loaded_version.load(Ordering::SeqCst));
        let mut stale = seen != now && !read.store.only_own_writes(seen, now);
        // How many versions other instances wrote that this one has not applied.
        metrics::gauge!("atlas_follower_lag_versions").set(if stale { (now - seen) as f64 } else { 0.0 });
        let mut marker_moved = false;
        self.ticks += 1;
        let mut marker = None;
        if self.marker.is_none() || self.ticks.is_multiple_of(MARKER_EVERY) {
            let Ok(m) = read.store.search_marker().await else { return };
            // A different marker with an unchanged version: an edit in SQL.
            if self.version == Some(now) && self.marker.as_ref().is_some_and(|seen| *seen != m) {
                stale = true;
                marker_moved = true;
            }
            marker = Some(m);
        }
        if stale {
            if let Err(e) = catch_up(read, seen, now, marker_moved).await {
                tracing::error!("catching up with the database failed: {e}");
                return;
            }
        }
        self.version = Some(now);
        if marker.is_some() {
            self.marker = marker;
        }
    }
}

/// Brings the directory and search index up to date with versions after
/// `seen` up to `now`: the changed records only when the database says
/// which they are, else (or after an edit in SQL) the whole index.
async fn catch_up(read: &ReadModel, seen: i64, now: i64, marker_moved: bool) -> Result<(), AtlasError> {
    let catchup = if marker_moved { None } else { read.store.changes_between(seen, now).await? };
    match catchup {
        Some(c) => {
            tracing::info!("{} listings and {} resources changed elsewhere; updating them", c.listings.len(), c.resources.len());
            read.refresh_changed(&c.resources, &c.listings).await
        }
        None => {
            tracing::info!("the database changed elsewhere; reloading and rebuilding the search index");
            read.reload().await?;
            read.rebuild_search(|_, _| {}).await
        }
    }
}
