//! The alert index kept in step with the database: what was confirmed
//! since the last look, or everything when the counts disagree.

use super::index::{rule_of, AlertIndex, Entry};
use crate::atlas::Atlas;
use crate::store::alerts::StoredAlert;
use app::alerts::{ItemFacts, ItemKind};
use app::location::LatLon;
use std::collections::{HashMap, HashSet};

/// Reading what was confirmed since the last look starts this much
/// earlier: a confirmation stamped before another one but committed after
/// it is still read (the count check would catch it too).
const OVERLAP_SECONDS: i64 = 120;

impl Atlas {
    /// Brings the index up to date with the database: what was confirmed
    /// since the last look, or everything when the counts disagree.
    pub async fn refresh_alert_index(&self) -> Result<(), sqlx::Error> {
        let (loaded, since) = {
            let index = self.alert_index.read();
            (index.loaded, index.confirmed_upto.clone())
        };
        if loaded {
            let since = since.map(|s| earlier(&s, OVERLAP_SECONDS));
            let (entries, left_out) = self.index_entries(self.store.confirmed_alerts_since(since.as_deref()).await?);
            let held = {
                let mut index = self.alert_index.write();
                index.add(entries);
                index.left_out.extend(left_out);
                index.read()
            };
            if usize::try_from(self.store.confirmed_alert_count().await?).ok() == Some(held) {
                return Ok(());
            }
        }
        let (entries, left_out) = self.index_entries(self.store.confirmed_alerts_since(None).await?);
        let mut fresh = AlertIndex::default();
        fresh.loaded = true;
        fresh.left_out = left_out;
        fresh.add(entries);
        metrics::gauge!("atlas_alerts_indexed").set(fresh.len() as f64);
        *self.alert_index.write() = fresh;
        Ok(())
    }

    /// The ids of the alerts an item is for, by the index (the benchmark
    /// compares it with reading them from the database).
    pub fn alert_index_matching(&self, entity: ItemKind, facts: &ItemFacts) -> Vec<i64> {
        self.alert_index.read().matching(entity, facts).iter().map(|e| e.id).collect()
    }

    /// Index entries of stored alerts, and the ids of those left out: an
    /// alert whose place the gazetteer no longer knows matches nothing.
    fn index_entries(&self, alerts: Vec<StoredAlert>) -> (Vec<Entry>, HashSet<i64>) {
        let mut centres: HashMap<String, Option<LatLon>> = HashMap::new();
        let (mut entries, mut left_out) = (Vec::with_capacity(alerts.len()), HashSet::new());
        for a in alerts {
            let centre = match a.place.as_str() {
                "" => None,
                place => match *centres.entry(a.place.clone()).or_insert_with(|| self.read.gazetteer.resolve(place).map(|p| p.point())) {
                    Some(c) => Some(c),
                    None => {
                        left_out.insert(a.id);
                        continue;
                    }
                },
            };
            let rule = rule_of(&a);
            let confirmed_at = a.confirmed_at.clone().unwrap_or_default();
            entries.push(Entry { id: a.id, centre, rule, confirmed_at, alert: std::sync::Arc::new(a) });
        }
        (entries, left_out)
    }
}

/// A stamp (`2026-12-07T08:00:00Z`) `seconds` earlier; the stamp itself
/// if it does not read as one.
fn earlier(stamp: &str, seconds: i64) -> String {
    match chrono::DateTime::parse_from_rfc3339(stamp) {
        Ok(t) => super::send::stamp(t.with_timezone(&chrono::Utc) - chrono::Duration::seconds(seconds)),
        Err(_) => stamp.to_string(),
    }
}
