//! The use cases, written against the store, the gazetteer and the
//! in-memory directory. Routes and the CLI call these; nothing else writes.

use crate::directory::Directory;
use crate::import::listings::{import_listings, Format, ImportError, ImportOptions, ImportReport};
use crate::import::outcodes::{import_outcodes, OutcodeError};
use crate::import::resources::{import_resources, ResourceImportReport};
use crate::places::{Gazetteer, Place};
use crate::search::{SearchError, SearchIndex};
use app::resource::Resource;
use arc_swap::ArcSwap;
use std::collections::HashMap;
use std::sync::Arc;

/// What can go wrong loading or repairing the derived data.
#[derive(Debug, thiserror::Error)]
pub enum AtlasError {
    #[error("database: {0}")]
    Store(#[from] sqlx::Error),
    #[error("{0}")]
    Search(#[from] SearchError),
}
use crate::store::Store;
use crate::supervise::supervise;

pub struct Atlas {
    pub store: Store,
    pub gazetteer: Gazetteer,
    pub directory: Directory,
    pub search: SearchIndex,
    kinds: parking_lot::RwLock<Vec<app::model::ListingKind>>,
    /// The slugs of the event categories (set by migrations), so a search
    /// can check its `kind` without asking the database each time.
    event_categories: parking_lot::RwLock<Vec<String>>,
    /// Published resources, newest first (the library is small enough to hold).
    resources: ArcSwap<crate::shelf::Shelf>,
    /// From the [`AtlasConfig`] it was made with, as are `public_url`,
    /// `calendars`, `sources` and `alerts_key`.
    pub mailer: crate::mail::Mailer,
    /// Where links in emails point, e.g. https://atlas.example.org
    pub public_url: String,
    /// While on, no location or map is shown to the public.
    pub(crate) lockdown: std::sync::atomic::AtomicBool,
    /// The data version read just before the last reload: what the
    /// directory is known to contain at least.
    pub(crate) loaded_version: std::sync::atomic::AtomicI64,
    /// Held while the directory or index is brought up to date (by this
    /// instance's writes or by following others'), so each reads the
    /// database and applies what it read before the next one starts: the
    /// newest read is always the one applied last.
    refresh: tokio::sync::Mutex<()>,
    /// Signs form stamps; kept in the database so all instances agree.
    pub form_secret: String,
    /// How followed calendars are read.
    pub calendars: crate::events::fetch::FetchRules,
    /// How followed sources are read (private addresses as `calendars` says).
    pub sources: crate::sources::SourceRules,
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
    pub(crate) readership: crate::readership::Readership,
    /// The operator's key for e-mail alerts; without it alerts are off.
    pub alerts_key: Option<crate::alerts::key::AlertsKey>,
    /// Confirmed alerts' rules, grouped for matching (`alerts::index`).
    pub(crate) alert_index: parking_lot::RwLock<crate::alerts::index::AlertIndex>,
    /// Names what the ORUK lists show (see [`Atlas::feed_version`]).
    feed_version: FeedVersion,
    /// Sources an admin asked to read now.
    pub(crate) read_now: crate::sources::ReadNow,
}

/// A number drawn at start and one bumped after every change to what the
/// ORUK lists show (listings, regular activities, origins, lockdown).
struct FeedVersion {
    started: u64,
    changes: std::sync::atomic::AtomicU64,
}

impl Default for FeedVersion {
    fn default() -> Self {
        let started = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
        FeedVersion { started, changes: Default::default() }
    }
}

/// What the operator sets, given once when the atlas is made (nothing
/// changes it afterwards).
#[derive(Clone)]
pub struct AtlasConfig {
    pub mailer: crate::mail::Mailer,
    /// Where links in emails point, e.g. https://atlas.example.org
    pub public_url: String,
    pub calendars: crate::events::fetch::FetchRules,
    pub sources: crate::sources::SourceRules,
    pub alerts_key: Option<crate::alerts::key::AlertsKey>,
}

impl Default for AtlasConfig {
    fn default() -> Self {
        AtlasConfig {
            mailer: crate::mail::Mailer::outbox_only(),
            public_url: "http://127.0.0.1:3000".into(),
            calendars: Default::default(),
            sources: Default::default(),
            alerts_key: None,
        }
    }
}

impl Atlas {
    /// With the search index in memory (tests, tools) and the default
    /// settings. Loads the derived parts and builds the index.
    pub async fn new(store: Store) -> Result<Atlas, AtlasError> {
        Self::new_with(store, AtlasConfig::default()).await
    }

    /// The same with the operator's settings.
    pub async fn new_with(store: Store, config: AtlasConfig) -> Result<Atlas, AtlasError> {
        let atlas = Self::with_index(store, SearchIndex::in_ram()?, config).await?;
        atlas.rebuild_search(|_, _| {}).await?;
        Ok(atlas)
    }

    /// With the search index in `dir` (the server). Call
    /// [`Atlas::check_search`] next: it repairs the index if needed.
    pub async fn open(store: Store, dir: &std::path::Path, config: AtlasConfig) -> Result<Atlas, AtlasError> {
        Self::with_index(store, SearchIndex::open(dir)?, config).await
    }

    /// For command-line tools: the on-disk index when free, else (a server
    /// holds it) an unused one in memory; the server picks up the writes.
    pub async fn open_for_tool(store: Store, dir: &std::path::Path, config: AtlasConfig) -> Result<Atlas, AtlasError> {
        match SearchIndex::open_existing(dir) {
            Ok(search) => Self::with_index(store, search, config).await,
            Err(_) => Self::with_index(store, SearchIndex::in_ram()?, config).await,
        }
    }

    /// The settings it was made with.
    pub fn config(&self) -> AtlasConfig {
        AtlasConfig {
            mailer: self.mailer.clone(),
            public_url: self.public_url.clone(),
            calendars: self.calendars.clone(),
            sources: self.sources.clone(),
            alerts_key: self.alerts_key.clone(),
        }
    }

    /// Watches the database for writes made elsewhere (the command line,
    /// another instance) and brings the directory and search index up to date.
    pub fn follow_changes(self: Arc<Self>, every: std::time::Duration) {
        supervise("follow_changes", move || {
            let atlas = self.clone();
            async move {
                let mut follower = crate::follow::Follower::default();
                loop {
                    tokio::time::sleep(every).await;
                    follower.tick(&atlas).await;
                }
            }
        });
    }

    /// Every hour: "still active?" reminders, mail that could not be
    /// delivered before, and forgetting what long-past versions changed.
    /// Once a day (and at start): events expanded for the moved window.
    pub fn hourly_chores(self: Arc<Self>) {
        supervise("hourly_chores", move || self.clone().hourly_chores_body());
    }

    async fn hourly_chores_body(self: Arc<Self>) {
        {
            let mut expanded_on = None;
            loop {
                let today = chrono::Utc::now().date_naive();
                if expanded_on != Some(today) {
                    match self.expand_all_events().await {
                        Ok((series, occurrences)) => {
                            expanded_on = Some(today);
                            tracing::info!("events expanded: {series} series, {occurrences} occurrences");
                        }
                        Err(e) => tracing::error!("expanding events failed: {e}"),
                    }
                }
                if let Err(e) = self.send_reminders().await {
                    tracing::error!("reminders failed: {e}");
                }
                if let Err(e) = self.mailer.retry(&self.store).await {
                    tracing::error!("mail retry failed: {e}");
                }
                if let Err(e) = self.store.prune_form_stamps().await {
                    tracing::error!("forgetting used form stamps failed: {e}");
                }
                if let Err(e) = self.store.cut_dead_links().await {
                    tracing::error!("cutting dead links from unsent mail failed: {e}");
                }
                if let Err(e) = self.store.prune_changes().await {
                    tracing::error!("pruning the change record failed: {e}");
                }
                tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
            }
        }
    }

    /// Every five minutes: the followed calendars that are due a reading,
    /// and which listings have something on this week.
    pub fn event_chores(self: Arc<Self>) {
        supervise("event_chores", move || self.clone().event_chores_body());
    }

    async fn event_chores_body(self: Arc<Self>) {
        {
            loop {
                if let Err(e) = self.read_due_calendars(20).await {
                    tracing::error!("reading calendars failed: {e}");
                }
                if let Err(e) = self.refresh_on_this_week().await {
                    tracing::error!("finding what is on this week failed: {e}");
                }
                if let Err(e) = self.rank_popular_resources().await {
                    tracing::error!("ranking popular resources failed: {e}");
                }
                // Series written elsewhere (another instance, the command line).
                match self.store.events_marker().await {
                    Ok(now) if self.events_seen.lock().as_ref() != Some(&now) => {
                        // It records the marker it started from.
                        if let Err(e) = self.reindex_events(crate::search::EventsToReplace::All).await {
                            tracing::error!("indexing events failed: {e}");
                        }
                    }
                    Ok(_) => {}
                    Err(e) => tracing::error!("reading the events marker failed: {e}"),
                }
                tokio::time::sleep(std::time::Duration::from_secs(300)).await;
            }
        }
    }

    async fn with_index(store: Store, search: SearchIndex, config: AtlasConfig) -> Result<Atlas, AtlasError> {
        let AtlasConfig { mailer, public_url, calendars, sources, alerts_key } = config;
        store.render_old_markdown().await?;
        let atlas = Atlas {
            gazetteer: Gazetteer::new(),
            directory: Directory::default(),
            search,
            kinds: Default::default(),
            event_categories: Default::default(),
            resources: Default::default(),
            mailer,
            public_url,
            lockdown: Default::default(),
            loaded_version: std::sync::atomic::AtomicI64::new(-1),
            refresh: Default::default(),
            form_secret: store.form_secret().await?,
            calendars,
            sources,
            origins: Default::default(),
            on_this_week: Default::default(),
            regular_activities: Default::default(),
            events_seen: Default::default(),
            readership: Default::default(),
            timetable: Default::default(),
            alerts_key,
            feed_version: Default::default(),
            read_now: Default::default(),
            alert_index: Default::default(),
            store,
        };
        atlas.reload().await?;
        Ok(atlas)
    }

    /// Does the search index agree with the database? If not, rebuild it:
    /// at once when it is empty, else in the background while the old one
    /// keeps answering.
    pub async fn check_search(self: &Arc<Self>) -> Result<bool, AtlasError> {
        let marker = self.store.search_marker().await?;
        if self.search.marker().as_deref() == Some(marker.as_str()) {
            return Ok(false);
        }
        if self.search.num_docs() == 0 {
            self.rebuild_search(|_, _| {}).await?;
        } else {
            let atlas = self.clone();
            supervise("rebuild_search", move || {
                let atlas = atlas.clone();
                async move {
                    tracing::info!("search index is out of date; rebuilding in the background");
                    if let Err(e) = atlas.rebuild_search(|_, _| {}).await {
                        tracing::error!("search index rebuild failed: {e}");
                    }
                }
            });
        }
        Ok(true)
    }

    /// Each translation set in a page of results by its sheet in the
    /// language the search asked for, named in its words, or the reader's.
    fn show_sets_in_readers_language(&self, page: &mut app::search::SearchPage, q: &app::search::SearchQuery) {
        let wanted = q.lang.as_deref().or(page.language_first.as_deref()).or(q.reader.as_deref());
        self.library().show_sets(&mut page.hits, wanted);
    }

    /// Rebuilds the search index from the database.
    pub async fn rebuild_search(&self, progress: impl FnMut(usize, usize)) -> Result<(), AtlasError> {
        let _refreshing = self.refresh.lock().await;
        self.rebuild_search_locked(progress).await
    }

    async fn rebuild_search_locked(&self, progress: impl FnMut(usize, usize)) -> Result<(), AtlasError> {
        let marker = self.store.search_marker().await?;
        let resources = self.store.published_resources().await?;
        let listings = self.directory.snapshot().all().to_vec();
        let (events, _) = self.all_event_docs().await?;
        self.search.rebuild(&resources, &listings, &events, &marker, progress)?;
        Ok(())
    }

    /// Brings the index up to date for these slugs after a write. Large
    /// batches rebuild instead: cheaper than deleting and re-adding each.
    pub(crate) async fn update_search(&self, resources: &[String], listings: &[String]) -> Result<(), AtlasError> {
        let _refreshing = self.refresh.lock().await;
        if resources.len() + listings.len() > 2_000 {
            return self.rebuild_search_locked(|_, _| {}).await;
        }
        let marker = self.store.search_marker().await?;
        let library = self.library();
        let snapshot = self.directory.snapshot();
        // A sheet of a translation set comes with its set's first sheet,
        // whose document says whether the set has others.
        let mut slugs: Vec<String> = resources.to_vec();
        slugs.extend(resources.iter().filter_map(|s| library.get(s)).filter_map(|r| r.translation_of.clone()));
        slugs.sort();
        slugs.dedup();
        let r: Vec<_> = slugs.iter().map(|s| (s.clone(), library.get(s).map(|r| (r, library.is_shared_set(r.set_key()))))).collect();
        let l: Vec<_> = listings.iter().map(|s| (s.clone(), snapshot.get(s))).collect();
        self.search.update(&r, &l, &marker)?;
        // A listing's events take its place and go with it.
        match listings.len() {
            0 => Ok(()),
            1..=200 => self.reindex_events(crate::search::EventsToReplace::OfListings(listings)).await,
            _ => self.reindex_events(crate::search::EventsToReplace::All).await,
        }
    }

    /// The events timetable as last built (cheap: a shared pointer).
    pub fn timetable(&self) -> Arc<crate::events::timetable::Timetable> {
        self.timetable.load_full()
    }

    /// The published library as loaded (cheap: a shared pointer).
    pub fn library(&self) -> Arc<crate::shelf::Shelf> {
        self.resources.load_full()
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
        let lockdown = self.store.setting("lockdown").await?.as_deref() == Some("on");
        self.lockdown.store(lockdown, std::sync::atomic::Ordering::SeqCst);
        self.loaded_version.store(version, std::sync::atomic::Ordering::SeqCst);
        self.reload_origins().await?;
        self.rebuild_timetable().await?;
        self.refresh_on_this_week().await?;
        self.feed_changed();
        Ok(())
    }

    /// Called after (never before) what the ORUK lists show has changed.
    pub(crate) fn feed_changed(&self) {
        self.feed_version.changes.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }

    /// Names what the ORUK lists show now: read it *before* reading what
    /// it names, so a change made in between gives an older name to newer
    /// data (one needless download for a follower) and never the reverse
    /// (a follower told "not modified" while it misses a change).
    pub fn feed_version(&self) -> String {
        let changes = self.feed_version.changes.load(std::sync::atomic::Ordering::SeqCst);
        format!("{:x}-{changes:x}-{}", self.feed_version.started, u8::from(self.in_lockdown()))
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

    pub async fn import_listings(
        &self,
        input: impl std::io::Read,
        format: Format,
        options: ImportOptions,
        progress: impl FnMut(usize),
    ) -> Result<ImportReport, ImportError> {
        let register = self.opt_out_register().await?;
        let report = import_listings(&self.store, &self.gazetteer, &register, input, format, options, progress).await?;
        self.reload().await?;
        self.update_search(&[], &report.slugs).await.map_err(|e| ImportError::SearchIndex(e.to_string()))?;
        Ok(report)
    }

    pub async fn import_resources(
        &self,
        input: impl std::io::Read,
        status: app::model::ListingStatus,
        skip_invalid: bool,
        progress: impl FnMut(usize),
    ) -> Result<ResourceImportReport, ImportError> {
        let report = import_resources(&self.store, input, status, skip_invalid, progress).await?;
        self.reload().await?;
        self.update_search(&report.slugs, &[]).await.map_err(|e| ImportError::SearchIndex(e.to_string()))?;
        Ok(report)
    }

    pub async fn import_outcodes(&self, input: impl std::io::Read, progress: impl FnMut(usize)) -> Result<usize, OutcodeError> {
        let n = import_outcodes(&self.store, input, progress).await?;
        self.reload().await?;
        Ok(n)
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
}

use crate::directory::DirectoryQuery;
use app::model::{ListingCard, PublicListing};
use app::ports::{Facets, ListingDirectory, ListingFilter, ListingsPage, NamedPlace, PlaceMiss, StoreError};

impl Atlas {
    /// The directory's query for a page's filter.
    fn directory_query(&self, f: &ListingFilter) -> DirectoryQuery {
        DirectoryQuery {
            bbox: None,
            kinds: f.kinds.clone(),
            tag: f.tag.clone(),
            lang: f.lang.clone(),
            near: f.near,
            radius_km: f.radius_km,
            only: f.on_this_week.then(|| self.on_this_week()),
            words: Vec::new(),
        }
    }

    /// Listings with something on in the next seven days (kept in memory,
    /// brought up to date after event writes and every few minutes).
    pub fn on_this_week(&self) -> Arc<std::collections::HashSet<String>> {
        self.on_this_week.load_full()
    }

    pub async fn refresh_on_this_week(&self) -> Result<(), sqlx::Error> {
        use crate::events::recurrence::{utc_stamp, MAX_DAYS};
        let now = chrono::Utc::now();
        let (from, to, earliest) =
            (utc_stamp(now), utc_stamp(now + chrono::Duration::days(7)), utc_stamp(now - chrono::Duration::days(MAX_DAYS)));
        let window = crate::store::events::Window { from: &from, to: &to, earliest_start: &earliest };
        let slugs = self.store.listings_with_dates(&window).await?;
        self.on_this_week.store(Arc::new(slugs.into_iter().collect()));
        let mut activities: HashMap<String, Vec<_>> = HashMap::new();
        for a in self.store.regular_activities().await? {
            activities.entry(a.listing.clone()).or_default().push(a);
        }
        // Read again every five minutes: only a change names a new feed
        // (else no follower would ever be told "not modified").
        if **self.regular_activities.load() != activities {
            self.regular_activities.store(Arc::new(activities));
            self.feed_changed();
        }
        Ok(())
    }

    /// Every listing's regular activities (weekly football, a monthly meeting).
    pub fn regular_activities(&self) -> Arc<HashMap<String, Vec<crate::store::events::RegularActivity>>> {
        self.regular_activities.load_full()
    }

    /// Listings copied from a source, with where each first came from.
    pub fn origins(&self) -> Arc<HashMap<String, String>> {
        self.origins.read().clone()
    }

    pub(crate) async fn reload_origins(&self) -> Result<(), sqlx::Error> {
        let origins = self.store.origins().await?;
        if **self.origins.read() != origins {
            *self.origins.write() = Arc::new(origins);
            self.feed_changed();
        }
        Ok(())
    }
}

#[async_trait::async_trait]
impl ListingDirectory for Atlas {
    async fn recent_cards(&self, limit: usize) -> Result<Vec<ListingCard>, StoreError> {
        if self.in_lockdown() {
            return Ok(Vec::new());
        }
        self.store.recent_cards(limit).await
    }

    fn find(&self, filter: &ListingFilter, offset: usize, limit: usize) -> ListingsPage {
        let page = self.public_directory().search(&self.directory_query(filter), offset, limit);
        ListingsPage { items: page.items, total: page.total }
    }

    fn listing(&self, slug: &str) -> Option<PublicListing> {
        self.public_directory().get(slug).cloned()
    }

    fn facets(&self) -> Facets {
        let snapshot = self.public_directory();
        let (tags, languages) = snapshot.facets();
        let kind_counts = snapshot.kind_counts().clone();
        Facets { kinds: self.kinds.read().clone(), kind_counts, tags: tags.to_vec(), languages: languages.to_vec() }
    }

    fn resolve_place(&self, text: &str) -> Result<NamedPlace, PlaceMiss> {
        match self.gazetteer.resolve(text) {
            Some(p) => Ok(NamedPlace { name: p.name.clone(), point: p.point() }),
            None if crate::places::outward_code(text).is_some() && !self.gazetteer.has_outcodes() => Err(PlaceMiss::NoPostcodes),
            None => Err(PlaceMiss::NotFound { suggestions: self.gazetteer.did_you_mean(text, 3) }),
        }
    }

    fn town_name_in(&self, town: &str, lang: &str) -> Option<String> {
        crate::places::names_of(town).get(lang).map(|n| n.to_string())
    }
}

impl app::ports::Library for Atlas {
    fn resources(&self, f: &app::ports::ResourceFilter, offset: usize, limit: usize) -> (Vec<Resource>, usize) {
        self.library().page(f, offset, limit)
    }

    fn resource_facets(&self, f: &app::ports::ResourceFilter) -> app::ports::ResourceFacets {
        self.library().facets(f)
    }

    fn resource(&self, slug: &str) -> Option<Resource> {
        self.library().get(slug).cloned()
    }

    fn translation_set(&self, key: &str) -> Vec<Resource> {
        self.library().translation_set(key)
    }

    fn popular(&self, limit: usize) -> Vec<Resource> {
        self.popular_resources(limit)
    }

    fn count_read(&self, slug: &str, reader: &app::ports::Reader) {
        self.count_resource_read(slug, &reader.0);
    }

    fn search(&self, q: &app::search::SearchQuery) -> Result<app::search::SearchPage, StoreError> {
        use app::search::SearchQuery;
        // The reader's language only chooses among a set's sheets, after:
        // the index keeps one page per search, not one per language.
        let asked = match self.in_lockdown() {
            // Only the library stays up.
            true => SearchQuery { doc_type: Some("resource".into()), near: None, reader: None, ..q.clone() },
            false => SearchQuery { reader: None, ..q.clone() },
        };
        let mut page = self.search.search(&asked).map_err(|e| StoreError(e.to_string()))?;
        self.show_sets_in_readers_language(&mut page, q);
        Ok(page)
    }
}
