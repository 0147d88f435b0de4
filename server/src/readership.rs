//! "Popular in the library": how often each resource's page is read. A
//! visit only adds one to a counter in memory; every few minutes the counts
//! go to the database (one transaction, added to what other instances
//! wrote) and the most read of the last month are ranked once, so the
//! home page reads a short list and never the counts. Nothing about the
//! reader is kept, only how many reads a resource had on a day.

use crate::store::resources::POPULAR_DAYS;
use crate::store::Store;
use arc_swap::ArcSwap;
use parking_lot::Mutex;
use std::collections::HashMap;
use std::sync::Arc;

/// Most resources ranked (the home page shows fewer).
const RANKED: usize = 20;

/// Most readings remembered in a day (a few MB); past it, new readers
/// are not counted until the next day, so a flood of addresses fills no
/// memory.
const MAX_SEEN_A_DAY: usize = 500_000;

#[derive(Default)]
pub struct Readership {
    /// Reads since the last flush, by slug (only slugs on the shelf, so it
    /// holds at most one entry per published resource).
    unsaved: Mutex<HashMap<String, u64>>,
    /// Today's readings already counted, as keyed hashes of (reader,
    /// resource) under a key made each day and never stored: one client
    /// counts once a day per resource, and nothing tells who read what.
    seen: Mutex<SeenToday>,
    /// The most read of the last month, most read first.
    popular: ArcSwap<Vec<String>>,
}

#[derive(Default)]
struct SeenToday {
    day: Option<chrono::NaiveDate>,
    key: String,
    readings: std::collections::HashSet<u64>,
}

impl SeenToday {
    /// True the first time today `reader` reads `slug`.
    fn first(&mut self, reader: &str, slug: &str) -> bool {
        use sha2::Digest;
        let today = chrono::Utc::now().date_naive();
        if self.day != Some(today) {
            *self = SeenToday { day: Some(today), key: crate::secrets::new_token(), readings: Default::default() };
        }
        if self.readings.len() >= MAX_SEEN_A_DAY {
            return false;
        }
        let digest = sha2::Sha256::digest(format!("{}|{reader}|{slug}", self.key).as_bytes());
        self.readings.insert(u64::from_le_bytes(digest[..8].try_into().expect("eight bytes")))
    }
}

impl Readership {
    /// One read of `slug` by `reader`, counted once a day for each reader.
    pub fn count(&self, slug: &str, reader: &str) {
        if self.seen.lock().first(reader, slug) {
            *self.unsaved.lock().entry(slug.to_string()).or_default() += 1;
        }
    }

    /// Saves the reads counted since the last call and ranks the month's.
    /// On failure the counts are kept for the next call.
    pub async fn save_and_rank(&self, store: &Store) -> Result<(), sqlx::Error> {
        let reads: Vec<(String, u64)> = std::mem::take(&mut *self.unsaved.lock()).into_iter().collect();
        let today = chrono::Utc::now().date_naive();
        if !reads.is_empty() {
            if let Err(e) = store.add_resource_views(&today.to_string(), &reads).await {
                let mut unsaved = self.unsaved.lock();
                for (slug, n) in reads {
                    *unsaved.entry(slug).or_default() += n;
                }
                return Err(e);
            }
        }
        let since = (today - chrono::Duration::days(POPULAR_DAYS - 1)).to_string();
        let ranked = store.most_read_resources(&since, RANKED).await?;
        self.popular.store(Arc::new(ranked));
        Ok(())
    }

    /// The most read of the last month, most read first (slugs).
    pub fn popular(&self) -> Arc<Vec<String>> {
        self.popular.load_full()
    }
}
