//! The atlas: the store every use case writes through, the read model the
//! pages read, and the operator's settings. The use cases are methods on
//! [`Atlas`], one file per flow or area (`accounts`, `moderation`,
//! `events`, `alerts`, `sources`, …); routes and the command line call
//! them, and nothing else writes.

use crate::read_model::ReadModel;
use crate::search::SearchIndex;
use crate::store::Store;
use crate::supervise::supervise;
use std::sync::Arc;

pub use crate::read_model::AtlasError;

pub struct Atlas {
    pub store: Store,
    /// What the public reads, derived from the store and kept in memory.
    pub read: Arc<ReadModel>,
    /// From the [`AtlasConfig`] it was made with, as are `public_url`,
    /// `calendars`, `sources` and `alerts_key`.
    pub mailer: crate::mail::Mailer,
    /// Where links in emails point, e.g. https://atlas.example.org
    pub public_url: String,
    /// Signs form stamps; kept in the database so all instances agree.
    pub form_secret: String,
    /// How followed calendars are read.
    pub calendars: crate::events::fetch::FetchRules,
    /// How followed sources are read (private addresses as `calendars` says).
    pub sources: crate::sources::rules::SourceRules,
    /// The operator's key for e-mail alerts; without it alerts are off.
    pub alerts_key: Option<crate::alerts::key::AlertsKey>,
    /// Confirmed alerts' rules, grouped for matching (`alerts::index`).
    pub(crate) alert_index: parking_lot::RwLock<crate::alerts::index::AlertIndex>,
    /// Sources an admin asked to read now.
    pub(crate) read_now: crate::sources::rules::ReadNow,
}

/// What the operator sets, given once when the atlas is made (nothing
/// changes it afterwards).
#[derive(Clone)]
pub struct AtlasConfig {
    pub mailer: crate::mail::Mailer,
    /// Where links in emails point, e.g. https://atlas.example.org
    pub public_url: String,
    pub calendars: crate::events::fetch::FetchRules,
    pub sources: crate::sources::rules::SourceRules,
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
        atlas.read.rebuild_search(|_, _| {}).await?;
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
                let mut follower = crate::read_model::follow::Follower::default();
                loop {
                    tokio::time::sleep(every).await;
                    follower.tick(&atlas.read).await;
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
                if let Err(e) = self.read.refresh_on_this_week().await {
                    tracing::error!("finding what is on this week failed: {e}");
                }
                if let Err(e) = self.read.rank_popular_resources().await {
                    tracing::error!("ranking popular resources failed: {e}");
                }
                // Series written elsewhere (another instance, the command line).
                match self.store.events_marker().await {
                    Ok(now) if self.read.events_seen.lock().as_ref() != Some(&now) => {
                        // It records the marker it started from.
                        if let Err(e) = self.read.reindex_events(crate::search::EventsToReplace::All).await {
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
        Ok(Atlas {
            read: Arc::new(ReadModel::load(store.clone(), search).await?),
            mailer,
            public_url,
            form_secret: store.form_secret().await?,
            calendars,
            sources,
            alerts_key,
            read_now: Default::default(),
            alert_index: Default::default(),
            store,
        })
    }

    /// Does the search index agree with the database? If not, rebuild it
    /// (see [`ReadModel::check_search`]).
    pub async fn check_search(&self) -> Result<bool, AtlasError> {
        self.read.check_search().await
    }
}
