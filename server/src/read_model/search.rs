//! The search index kept in step with the directory and the library.

use super::{AtlasError, ReadModel};
use crate::supervise::supervise;
use std::sync::Arc;

impl ReadModel {
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
            let read = self.clone();
            supervise("rebuild_search", move || {
                let read = read.clone();
                async move {
                    tracing::info!("search index is out of date; rebuilding in the background");
                    if let Err(e) = read.rebuild_search(|_, _| {}).await {
                        tracing::error!("search index rebuild failed: {e}");
                    }
                }
            });
        }
        Ok(true)
    }

    /// Each translation set in a page of results by its sheet in the
    /// language the search asked for, named in its words, or the reader's.
    pub(super) fn show_sets_in_readers_language(&self, page: &mut app::search::SearchPage, q: &app::search::SearchQuery) {
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
}
