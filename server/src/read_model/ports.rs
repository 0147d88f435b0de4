//! The read model as the pages' ports (`app::ports`): what the public may
//! see, nothing during a lockdown but the library.

use super::ReadModel;
use crate::directory::DirectoryQuery;
use app::model::{ListingCard, PublicListing};
use app::ports::{Facets, ListingDirectory, ListingFilter, ListingsPage, NamedPlace, PlaceMiss, StoreError};
use app::resource::Resource;

impl ReadModel {
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
}

#[async_trait::async_trait]
impl ListingDirectory for ReadModel {
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
        Facets { kinds: self.kinds(), kind_counts, tags: tags.to_vec(), languages: languages.to_vec() }
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

impl app::ports::Library for ReadModel {
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
        // The reader's language chooses each hit's text (a page is kept
        // per reader's language), then among a set's sheets.
        let asked = match self.in_lockdown() {
            // Only the library stays up.
            true => SearchQuery { doc_type: Some("resource".into()), near: None, ..q.clone() },
            false => q.clone(),
        };
        let mut page = self.search.search(&asked).map_err(|e| StoreError(e.to_string()))?;
        self.show_sets_in_readers_language(&mut page, q);
        Ok(page)
    }
}
