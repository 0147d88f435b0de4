//! What the public reads, derived from the database and held in memory:
//! the directory of listings, the library, the search index, the events
//! timetable, what is on this week, where copied listings came from, the
//! lockdown switch. Built at start ([`ReadModel::reload`]), brought up to
//! date after every write here ([`ReadModel::refresh_changed`]) and after
//! writes made elsewhere ([`follow`]). It reads the store and writes only
//! the library's read counts.

pub mod follow;
mod ports;
mod search;
mod this_week;

use crate::directory::Directory;
use crate::places::{Gazetteer, Place};
use crate::search::{SearchError, SearchIndex};
use crate::store::Store;
use arc_swap::ArcSwap;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::Arc;

/// What can go wrong loading or repairing the derived data.
#[derive(Debug, thiserror::Error)]
pub enum AtlasError {
    #[error("database: {0}")]
    Store(#[from] sqlx::Error),
    #[error("{0}")]
    Search(#[from] SearchError),
}

pub struct ReadModel {
    /// Read from, never written to (but for the library's read counts).
    pub(crate) store: Store,
    pub gazetteer: Gazetteer,
    pub directory: Directory,
    pub search: SearchIndex,
    kinds: parking_lot::RwLock<Vec<app::model::ListingKind>>,
    /// The slugs of the event categories (set by migrations), so a search
    /// can check its `kind` without asking the database each time.
    event_categories: parking_lot::RwLock<Vec<String>>,
    /// Published resources, newest first (the library is small enough to hold).
    resources: ArcSwap<crate::shelf::Shelf>,
    /// While on, no location or map is shown to the public.
    lockdown: AtomicBool,
    /// The data version read just before the last reload: what the
    /// directory is known to contain at least.
    loaded_version: AtomicI64,
    /// Held while the directory or index is brought up to date (by this
    /// instance's writes or by following others'), so each reads the
    /// database and applies what it read before the next one starts: the
    /// newest read is always the one applied last.
    refresh: tokio::sync::Mutex<()>,
    /// Where each listing copied from a source first came from (our ORUK
    /// output names it, so no atlas offers it back as new).
    origins: parking_lot::RwLock<Arc<HashMap<String, String>>>,
    /// Listings with something on in the next seven days (the map's filter).
    on_this_week: ArcSwap<std::collections::HashSet<String>>,
    /// Each listing's regular activities (kept as `on_this_week` is).
    regular_activities: ArcSwap<HashMap<String, Vec<crate::store::events::RegularActivity>>>,
    /// The events marker the search index last followed.
    pub(crate) events_seen: parking_lot::Mutex<Option<String>>,
    /// When and where each published series is on (near-me's first pick).
    pub(crate) timetable: crate::events::timetable::Shared,
    /// How often resources are read ("popular in the library").
    readership: crate::readership::Readership,
    /// Names what the ORUK lists show (see [`ReadModel::feed_version`]).
    feed_version: FeedVersion,
}

/// A number drawn at start and one bumped after every change to what the
/// ORUK lists show (listings, regular activities, origins, lockdown).
struct FeedVersion {
    started: u64,
    changes: AtomicU64,
}

impl Default for FeedVersion {
    fn default() -> Self {
        let started = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
        FeedVersion { started, changes: Default::default() }
    }
}

impl ReadModel {
    /// Everything derived from `store`, loaded.
    pub async fn load(store: Store, search: SearchIndex) -> Result<ReadModel, sqlx::Error> {
        let read = ReadModel {
            store,
            gazetteer: Gazetteer::new(),
            directory: Directory::default(),
            search,
            kinds: Default::default(),
            event_categories: Default::default(),
            resources: Default::default(),
            lockdown: Default::default(),
            loaded_version: AtomicI64::new(-1),
            refresh: Default::default(),
            origins: Default::default(),
            on_this_week: Default::default(),
            regular_activities: Default::default(),
            events_seen: Default::default(),
            timetable: Default::default(),
            readership: Default::default(),
            feed_version: Default::default(),
        };
        read.reload().await?;
        Ok(read)
    }

    /// Rebuilds everything derived from the database.
    pub async fn reload(&self) -> Result<(), sqlx::Error> {
        let _refreshing = self.refresh.lock().await;
        let version = self.store.data_version().await?;
        let outcodes = self.store.outcodes().await?;
        self.gazetteer.set_outcodes(outcodes);
        *self.kinds.write() = self.store.kinds().await?;
        *self.event_categories.write() = self.store.event_categories().await?.into_iter().map(|(slug, _)| slug).collect();
        self.directory.replace(self.store.published_listings().await?);
        self.resources.store(Arc::new(crate::shelf::Shelf::new(self.store.published_resources().await?)));
        let lockdown = self.store.lockdown().await?;
        self.lockdown.store(lockdown, Ordering::SeqCst);
        self.loaded_version.store(version, Ordering::SeqCst);
        self.reload_origins().await?;
        self.rebuild_timetable().await?;
        self.refresh_on_this_week().await?;
        self.feed_changed();
        Ok(())
    }

    /// Brings the directory and index up to date for these records only
    /// (after a write here, or one another instance made): cheaper than a
    /// reload, which reads every listing.
    pub async fn refresh_changed(&self, resources: &[String], listings: &[String]) -> Result<(), AtlasError> {
        {
            let _refreshing = self.refresh.lock().await;
            if !listings.is_empty() {
                let fresh = self.store.published_listings_in(listings).await?;
                self.directory.patch(listings, fresh);
                self.feed_changed();
            }
            if !resources.is_empty() {
                self.resources.store(Arc::new(crate::shelf::Shelf::new(self.store.published_resources().await?)));
            }
        }
        self.update_search(resources, listings).await
    }

    /// Called after (never before) what the ORUK lists show has changed.
    pub(crate) fn feed_changed(&self) {
        self.feed_version.changes.fetch_add(1, Ordering::SeqCst);
    }

    /// Names what the ORUK lists show now: read it *before* reading what
    /// it names, so a change made in between gives an older name to newer
    /// data (one needless download for a follower) and never the reverse
    /// (a follower told "not modified" while it misses a change).
    pub fn feed_version(&self) -> String {
        let changes = self.feed_version.changes.load(Ordering::SeqCst);
        format!("{:x}-{changes:x}-{}", self.feed_version.started, u8::from(self.in_lockdown()))
    }

    pub fn in_lockdown(&self) -> bool {
        self.lockdown.load(Ordering::SeqCst)
    }

    /// Switches the lockdown as the database now says (after this
    /// instance's write, or one seen elsewhere); true if it changed.
    pub(crate) fn lockdown_is(&self, on: bool) -> bool {
        let changed = self.lockdown.swap(on, Ordering::SeqCst) != on;
        if changed {
            self.feed_changed();
        }
        changed
    }

    /// The events timetable as last built (cheap: a shared pointer).
    pub fn timetable(&self) -> Arc<crate::events::timetable::Timetable> {
        self.timetable.load_full()
    }

    /// The published library as loaded (cheap: a shared pointer).
    pub fn library(&self) -> Arc<crate::shelf::Shelf> {
        self.resources.load_full()
    }

    /// The kinds of listing, in their order.
    pub fn kinds(&self) -> Vec<app::model::ListingKind> {
        self.kinds.read().clone()
    }

    /// What the public may do with listings of `kind` (all, for a kind
    /// this installation does not know).
    pub fn kind_allows(&self, kind: &str) -> app::model::KindAllows {
        self.kinds.read().iter().find(|k| k.slug == kind).map(|k| k.allows).unwrap_or_default()
    }

    /// The slugs of the kinds of listing, for checking filters.
    pub fn kind_slugs(&self) -> Vec<String> {
        self.kinds.read().iter().map(|k| k.slug.clone()).collect()
    }

    /// The slugs of the event categories, for checking filters.
    pub fn event_category_slugs(&self) -> Vec<String> {
        self.event_categories.read().clone()
    }

    pub fn places(&self, query: &str, limit: usize) -> Vec<Place> {
        self.gazetteer.suggest(query, limit)
    }

    /// The listings the public may see now: none during a lockdown.
    pub fn public_directory(&self) -> Arc<crate::directory::Snapshot> {
        if self.in_lockdown() {
            Arc::new(crate::directory::Snapshot::default())
        } else {
            self.directory.snapshot()
        }
    }

    /// One read of a published resource's page by `reader`: counted once
    /// a day for each reader (one client asking 400 times is one read).
    pub fn count_resource_read(&self, slug: &str, reader: &str) {
        if self.library().get(slug).is_some() {
            self.readership.count(slug, reader);
        }
    }

    /// Saves the reads counted since the last call and ranks the month's.
    pub async fn rank_popular_resources(&self) -> Result<(), sqlx::Error> {
        self.readership.save_and_rank(&self.store).await
    }

    /// The most read published resources of the last month, at most `limit`.
    pub fn popular_resources(&self, limit: usize) -> Vec<app::resource::Resource> {
        let shelf = self.library();
        self.readership.popular().iter().filter_map(|slug| shelf.get(slug).cloned()).take(limit).collect()
    }
}
