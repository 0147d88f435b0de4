//! What is on this week, each listing's regular activities and where
//! copied listings came from: read every few minutes, kept in memory.

use super::ReadModel;
use std::collections::HashMap;
use std::sync::Arc;

impl ReadModel {
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
