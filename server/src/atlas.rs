//! The use cases, written against the store, the gazetteer and the
//! in-memory directory. Routes and the CLI call these; nothing else writes.

use crate::directory::Directory;
use crate::import::listings::{import_listings, Format, ImportError, ImportOptions, ImportReport};
use crate::import::outcodes::{import_outcodes, OutcodeError};
use crate::places::{Gazetteer, Place};
use crate::store::SqliteStore;

pub struct Atlas {
    pub store: SqliteStore,
    pub gazetteer: Gazetteer,
    pub directory: Directory,
    kinds: std::sync::RwLock<Vec<app::model::ListingKind>>,
}

impl Atlas {
    /// Loads the derived parts (directory, postcode districts) from the store.
    pub async fn new(store: SqliteStore) -> Result<Atlas, sqlx::Error> {
        let atlas = Atlas {
            store,
            gazetteer: Gazetteer::new(),
            directory: Directory::default(),
            kinds: Default::default(),
        };
        atlas.reload().await?;
        Ok(atlas)
    }

    /// Rebuilds everything derived from the database.
    pub async fn reload(&self) -> Result<(), sqlx::Error> {
        let outcodes = self.store.outcodes().await?;
        self.gazetteer.set_outcodes(outcodes);
        *self.kinds.write().unwrap() = self.store.kinds().await?;
        self.directory.replace(self.store.published_listings().await?);
        Ok(())
    }

    pub async fn import_listings(
        &self,
        input: impl std::io::Read,
        format: Format,
        options: ImportOptions,
        progress: impl FnMut(usize),
    ) -> Result<ImportReport, ImportError> {
        let report = import_listings(&self.store, &self.gazetteer, input, format, options, progress).await?;
        self.reload().await?;
        Ok(report)
    }

    pub async fn import_outcodes(&self, input: impl std::io::Read, progress: impl FnMut(usize)) -> Result<usize, OutcodeError> {
        let n = import_outcodes(&self.store, input, progress).await?;
        self.reload().await?;
        Ok(n)
    }

    pub fn places(&self, query: &str, limit: usize) -> Vec<Place> {
        self.gazetteer.suggest(query, limit)
    }
}

use crate::directory::DirectoryQuery;
use app::model::{ListingCard, PublicListing};
use app::ports::{Facets, ListingDirectory, ListingFilter, ListingsPage, NamedPlace, PlaceMiss, StoreError};

impl From<&ListingFilter> for DirectoryQuery {
    fn from(f: &ListingFilter) -> Self {
        DirectoryQuery {
            bbox: None,
            kinds: f.kinds.clone(),
            tag: f.tag.clone(),
            lang: f.lang.clone(),
            near: f.near,
            radius_km: f.radius_km,
        }
    }
}

#[async_trait::async_trait]
impl ListingDirectory for Atlas {
    async fn published_cards(&self) -> Result<Vec<ListingCard>, StoreError> {
        self.store.published_cards().await
    }

    fn find(&self, filter: &ListingFilter, offset: usize, limit: usize) -> ListingsPage {
        let page = self.directory.snapshot().search(&filter.into(), offset, limit);
        ListingsPage { items: page.items, total: page.total }
    }

    fn listing(&self, slug: &str) -> Option<PublicListing> {
        self.directory.snapshot().get(slug).cloned()
    }

    fn facets(&self) -> Facets {
        let (tags, languages) = self.directory.snapshot().facets();
        Facets { kinds: self.kinds.read().unwrap().clone(), tags, languages }
    }

    fn resolve_place(&self, text: &str) -> Result<NamedPlace, PlaceMiss> {
        match self.gazetteer.resolve(text) {
            Some(p) => Ok(NamedPlace { name: p.name.clone(), point: p.point() }),
            None if crate::places::outward_code(text).is_some() && !self.gazetteer.has_outcodes() => Err(PlaceMiss::NoPostcodes),
            None => Err(PlaceMiss::NotFound),
        }
    }
}
