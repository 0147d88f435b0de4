//! How an instance learns about writes made elsewhere (another instance, a
//! command-line tool): every tick it reads the data version, which every
//! write through the store moves on; versions it wrote itself are already
//! in its directory and index, any other means reloading both. Less often
//! it also compares the whole search marker (counts, latest change), which
//! catches edits made straight in SQL that moved no version.

use crate::atlas::Atlas;
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
    pub async fn tick(&mut self, atlas: &Atlas) {
        // Lockdown switched elsewhere (`atlas lockdown`, another instance)
        // takes effect here within one tick.
        if let Ok(setting) = atlas.store.setting("lockdown").await {
            let on = setting.as_deref() == Some("on");
            if atlas.lockdown.swap(on, Ordering::SeqCst) != on {
                tracing::warn!("lockdown switched {} elsewhere", if on { "on" } else { "off" });
            }
        }
        let Ok(now) = atlas.store.data_version().await else { return };
        // At first, compare with what the directory was loaded from.
        let seen = self.version.unwrap_or_else(|| atlas.loaded_version.load(Ordering::SeqCst));
        let mut stale = seen != now && !atlas.store.only_own_writes(seen, now);
        self.ticks += 1;
        let mut marker = None;
        if self.marker.is_none() || self.ticks % MARKER_EVERY == 0 {
            let Ok(m) = atlas.store.search_marker().await else { return };
            // A different marker with an unchanged version: an edit in SQL.
            if self.version == Some(now) && self.marker.as_ref().is_some_and(|seen| *seen != m) {
                stale = true;
            }
            marker = Some(m);
        }
        if stale {
            tracing::info!("the database changed elsewhere; refreshing the directory and search index");
            if let Err(e) = atlas.reload().await {
                tracing::error!("refresh failed: {e}");
                return;
            }
            if let Err(e) = atlas.rebuild_search(|_, _| {}).await {
                tracing::error!("search index rebuild failed: {e}");
                return;
            }
        }
        self.version = Some(now);
        if marker.is_some() {
            self.marker = marker;
        }
    }
}
