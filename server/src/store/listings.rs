//! Listings in SQLite.

use super::SqliteStore;
use app::listing_input::ValidListing;
use app::model::ListingCard;
use app::ports::{ListingDirectory, StoreError};
use sqlx::Row;
use std::collections::HashSet;

/// What a batch write did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct UpsertReport {
    pub created: usize,
    pub updated: usize,
}

impl SqliteStore {
    /// Slugs of the kinds of listing this installation knows.
    pub async fn kind_slugs(&self) -> Result<Vec<String>, sqlx::Error> {
        sqlx::query_scalar("SELECT slug FROM listing_kinds ORDER BY position, slug")
            .fetch_all(self.pool())
            .await
    }

    pub async fn count_listings(&self) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT count(*) FROM listings").fetch_one(self.pool()).await
    }

    /// Creates or updates (by slug) all listings in one transaction: either
    /// every one is stored or, on any error, none is.
    pub async fn upsert_listings(&self, listings: &[ValidListing]) -> Result<UpsertReport, sqlx::Error> {
        let mut tx = self.pool().begin().await?;
        let existing: HashSet<String> = sqlx::query_scalar("SELECT slug FROM listings")
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .collect();
        let mut report = UpsertReport::default();
        for l in listings {
            sqlx::query(
                "INSERT INTO listings
                    (slug, kind, name, summary, area_name, region, precision,
                     latitude, longitude, address, status)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                 ON CONFLICT (slug) DO UPDATE SET
                    kind = excluded.kind, name = excluded.name, summary = excluded.summary,
                    area_name = excluded.area_name, region = excluded.region,
                    precision = excluded.precision, latitude = excluded.latitude,
                    longitude = excluded.longitude, address = excluded.address,
                    status = excluded.status,
                    updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
            )
            .bind(&l.slug)
            .bind(&l.kind)
            .bind(&l.name)
            .bind(&l.summary)
            .bind(&l.town)
            .bind(&l.region)
            .bind(l.precision.as_str())
            .bind(l.point.map(|p| p.0))
            .bind(l.point.map(|p| p.1))
            .bind(&l.address)
            .bind(l.status.as_str())
            .execute(&mut *tx)
            .await?;
            if existing.contains(&l.slug) {
                report.updated += 1;
            } else {
                report.created += 1;
            }
        }
        tx.commit().await?;
        Ok(report)
    }
}

#[async_trait::async_trait]
impl ListingDirectory for SqliteStore {
    async fn published_cards(&self) -> Result<Vec<ListingCard>, StoreError> {
        // Only public fields are read: no point, no address.
        let rows = sqlx::query(
            "SELECT l.slug, l.name, l.kind, k.label, l.area_name
             FROM listings l JOIN listing_kinds k ON k.slug = l.kind
             WHERE l.status = 'published'
             ORDER BY l.area_name COLLATE NOCASE, l.name COLLATE NOCASE",
        )
        .fetch_all(self.pool())
        .await
        .map_err(|e| StoreError(format!("reading published listings: {e}")))?;
        Ok(rows
            .into_iter()
            .map(|r| ListingCard {
                slug: r.get(0),
                name: r.get(1),
                kind: r.get(2),
                kind_label: r.get(3),
                town: r.get(4),
            })
            .collect())
    }
}
