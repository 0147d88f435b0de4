//! The small traits the pages are written against, and the bundle of
//! services the server puts into every request's context. The server crate
//! implements them (SQLite now; PostgreSQL and the search index later);
//! tests can implement them in memory.

use crate::model::ListingCard;
use std::fmt;
use std::sync::Arc;

/// A failure of the storage behind a port. The message is for the log only:
/// visitors see a generic error page.
#[derive(Debug, Clone)]
pub struct StoreError(pub String);

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StoreError {}

/// Read access to the public directory of listings.
#[async_trait::async_trait]
pub trait ListingDirectory: Send + Sync {
    /// Every published listing as a card (kind label as stored), ordered by
    /// town and name. Pending and archived listings are never returned.
    async fn published_cards(&self) -> Result<Vec<ListingCard>, StoreError>;
}

/// Everything a page may need, provided to each request by the server.
#[derive(Clone)]
pub struct Services {
    pub listings: Arc<dyn ListingDirectory>,
    /// True when the server was started with the fictional sample data,
    /// so every page can say so.
    pub sample_data: bool,
}
