//! Listings.

use super::Store;
use app::listing_input::ValidListing;
use app::location::LatLon;
use app::model::{ListingCard, ListingKind, Precision, PublicListing};
use app::ports::StoreError;
use sqlx::Row;
use std::collections::HashSet;

/// What a batch write did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct UpsertReport {
    pub created: usize,
    pub updated: usize,
}

/// Creates or updates one listing by slug.
const UPSERT_LISTING: &str = "INSERT INTO listings
                    (slug, kind, name, summary, area_name, region, precision,
                     latitude, longitude, address, status, description, tags, languages,
                     meeting_times, accessibility, website, email, phone, last_confirmed,
                     public_latitude, public_longitude, schedule, social, updated_at, description_html,
                     language, translations)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28)
                 ON CONFLICT (slug) DO UPDATE SET
                    kind = excluded.kind, name = excluded.name, summary = excluded.summary,
                    area_name = excluded.area_name, region = excluded.region,
                    precision = excluded.precision, latitude = excluded.latitude,
                    longitude = excluded.longitude, address = excluded.address,
                    status = excluded.status, description = excluded.description,
                    tags = excluded.tags, languages = excluded.languages,
                    meeting_times = excluded.meeting_times, accessibility = excluded.accessibility,
                    website = excluded.website, email = excluded.email, phone = excluded.phone,
                    last_confirmed = excluded.last_confirmed,
                    public_latitude = excluded.public_latitude,
                    public_longitude = excluded.public_longitude,
                    schedule = excluded.schedule, social = excluded.social,
                    updated_at = excluded.updated_at, description_html = excluded.description_html,
                    language = excluded.language, translations = excluded.translations";

impl Store {
    /// Slugs of the kinds of listing this installation knows.
    pub async fn kind_slugs(&self) -> Result<Vec<String>, sqlx::Error> {
        sqlx::query_scalar("SELECT slug FROM listing_kinds ORDER BY position, slug").fetch_all(self.pool()).await
    }

    pub async fn count_listings(&self) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT count(*) FROM listings").fetch_one(self.pool()).await
    }

    pub async fn kinds(&self) -> Result<Vec<ListingKind>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT slug, label, icon, colour, allows_contact, allows_claim, allows_events, allows_public_registration
             FROM listing_kinds ORDER BY position, slug",
        )
        .fetch_all(self.pool())
        .await?;
        let yes = |r: &sqlx::any::AnyRow, i: usize| r.get::<i64, _>(i) != 0;
        Ok(rows
            .iter()
            .map(|r| ListingKind {
                slug: r.get(0),
                label: r.get(1),
                icon: r.get(2),
                colour: r.get(3),
                allows: app::model::KindAllows { contact: yes(r, 4), claim: yes(r, 5), events: yes(r, 6), public_registration: yes(r, 7) },
            })
            .collect())
    }

    /// Every published listing with its public fields only: the stored
    /// true point and (for non-exact listings) the address are not read.
    pub async fn published_listings(&self) -> Result<Vec<PublicListing>, sqlx::Error> {
        self.published_listings_among(None).await
    }

    /// Those of `slugs` that are published, as in `published_listings`.
    pub async fn published_listings_in(&self, slugs: &[String]) -> Result<Vec<PublicListing>, sqlx::Error> {
        let mut all = Vec::new();
        for chunk in slugs.chunks(500) {
            all.extend(self.published_listings_among(Some(chunk)).await?);
        }
        Ok(all)
    }

    async fn published_listings_among(&self, slugs: Option<&[String]>) -> Result<Vec<PublicListing>, sqlx::Error> {
        // $1 is the date before which a listing may be inactive; the slugs follow.
        let among = match slugs {
            Some(s) => format!("AND l.slug IN ({})", (2..s.len() + 2).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")),
            None => String::new(),
        };
        let sql = PUBLISHED_LISTINGS.replace("{among}", &among);
        let mut query = sqlx::query(&sql).bind(super::months_ago(15));
        for slug in slugs.unwrap_or_default() {
            query = query.bind(slug);
        }
        let rows = query.fetch_all(self.pool()).await?;
        let mut listings: Vec<PublicListing> = rows.iter().map(public_listing).collect();
        listings.sort_by_cached_key(|l| crate::directory::order_key(&l.town, &l.name, &l.slug));
        Ok(listings)
    }
}

/// Published listings with their public fields only: the stored true point
/// and (for non-exact listings) the address are not read.
const PUBLISHED_LISTINGS: &str = "SELECT l.slug, l.kind, k.label, l.name, l.summary, l.description, l.area_name, l.region,
        l.precision, l.public_latitude, l.public_longitude,
        CASE WHEN l.precision = 'exact' THEN l.address END,
        l.tags, l.languages, l.meeting_times, l.accessibility, l.website, l.email,
        l.phone, l.last_confirmed, l.schedule, l.social,
        CASE WHEN coalesce(l.last_confirmed, substr(l.created_at, 1, 10)) < $1 THEN 1 ELSE 0 END, l.description_html, l.updated_at,
        l.language, l.translations
     FROM listings l JOIN listing_kinds k ON k.slug = l.kind
     WHERE l.status = 'published' {among}";

fn public_listing(r: &sqlx::any::AnyRow) -> PublicListing {
    let precision: String = r.get(8);
    let description: String = r.get(5);
    PublicListing {
        slug: r.get(0),
        kind: r.get(1),
        kind_label: r.get(2),
        name: r.get(3),
        summary: r.get(4),
        // Rendered when written; rows from before that, at the next start.
        description_html: r.get::<Option<String>, _>(23).unwrap_or_else(|| crate::markdown::to_safe_html(&description)),
        description,
        town: r.get(6),
        region: r.get(7),
        precision: precision.parse().unwrap_or(Precision::Area),
        lat: r.get(9),
        lon: r.get(10),
        address: r.get(11),
        tags: serde_json::from_str(r.get(12)).unwrap_or_default(),
        languages: serde_json::from_str(r.get(13)).unwrap_or_default(),
        meeting_times: r.get(14),
        accessibility: r.get(15),
        website: r.get(16),
        email: r.get(17),
        phone: r.get(18),
        last_confirmed: r.get(19),
        schedule: serde_json::from_str(r.get(20)).unwrap_or_default(),
        social: serde_json::from_str(r.get(21)).unwrap_or_default(),
        distance_km: None,
        may_be_inactive: r.get::<i64, _>(22) == 1,
        updated_at: r.get(24),
        language: r.get(25),
        translations: with_html(app::translation::Translations::from_json(r.get(26)), "description"),
    }
}

/// Translations as read, each translated Markdown `field` also rendered
/// (sanitised) as `<field>_html`, as the original's is.
pub(crate) fn with_html(mut t: app::translation::Translations, field: &str) -> app::translation::Translations {
    for texts in t.0.values_mut() {
        if let Some(md) = texts.get(field) {
            let html = crate::markdown::to_safe_html(md);
            texts.insert(format!("{field}_html"), html);
        }
    }
    t
}

impl Store {
    /// Creates or updates (by slug) all listings in one transaction: either
    /// every one is stored or, on any error, none is. Each listing comes
    /// with its public point, worked out by the caller from its precision.
    pub async fn upsert_listings(
        &self,
        listings: &[(ValidListing, Option<LatLon>)],
        author: &str,
        note: &str,
    ) -> Result<UpsertReport, sqlx::Error> {
        let mut tx = self.write_tx().await?;
        let (report, version) = upsert_listings_on(&mut tx, listings, author, note).await?;
        tx.commit().await?;
        self.wrote(version);
        Ok(report)
    }
}

/// The upsert inside the caller's transaction; returns the data version it made.
pub(crate) async fn upsert_listings_on(
    tx: &mut sqlx::AnyConnection,
    listings: &[(ValidListing, Option<LatLon>)],
    author: &str,
    note: &str,
) -> Result<(UpsertReport, Option<i64>), sqlx::Error> {
    let existing: HashSet<String> = sqlx::query_scalar("SELECT slug FROM listings").fetch_all(&mut *tx).await?.into_iter().collect();
    let mut report = UpsertReport::default();
    for (l, public) in listings {
        let shape = super::with_floats_present(UPSERT_LISTING, &[l.point.is_some(), public.is_some()]);
        sqlx::query(&shape)
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
            .bind(&l.description)
            .bind(serde_json::to_string(&l.tags).expect("strings serialise"))
            .bind(serde_json::to_string(&l.languages).expect("strings serialise"))
            .bind(&l.meeting_times)
            .bind(&l.accessibility)
            .bind(&l.website)
            .bind(&l.email)
            .bind(&l.phone)
            .bind(&l.last_confirmed)
            .bind(public.map(|p| p.lat))
            .bind(public.map(|p| p.lon))
            .bind(serde_json::to_string(&l.schedule).expect("slots serialise"))
            .bind(serde_json::to_string(&l.social).expect("strings serialise"))
            .bind(super::now_ms())
            .bind(crate::markdown::to_safe_html(&l.description))
            .bind(&l.language)
            .bind(l.translations.to_json())
            .execute(&mut *tx)
            .await?;
        if existing.contains(&l.slug) {
            report.updated += 1;
        } else {
            report.created += 1;
        }
    }
    // Every change is kept as a revision, imports included.
    let slugs: Vec<&str> = listings.iter().map(|(l, _)| l.slug.as_str()).collect();
    super::moderation::keep_revisions(&mut *tx, app::people::Entity::Listing, &slugs, author, note).await?;
    let version = super::bump_version(&mut *tx, super::Changed::Listings(&slugs)).await?;
    Ok((report, version))
}

impl Store {
    /// The newest published listings as cards, straight from the database
    /// (an index on status and creation time: no sort of every listing).
    pub async fn recent_cards(&self, limit: usize) -> Result<Vec<ListingCard>, StoreError> {
        // Only public fields are read: no point, no address.
        let rows = sqlx::query(
            "SELECT l.slug, l.name, l.kind, k.label, l.area_name
             FROM listings l JOIN listing_kinds k ON k.slug = l.kind
             WHERE l.status = 'published' ORDER BY l.created_at DESC, l.slug LIMIT $1",
        )
        .bind(limit as i64)
        .fetch_all(self.pool())
        .await
        .map_err(|e| StoreError(format!("reading recent listings: {e}")))?;
        let cards: Vec<ListingCard> = rows
            .into_iter()
            .map(|r| ListingCard { slug: r.get(0), name: r.get(1), kind: r.get(2), kind_label: r.get(3), town: r.get(4) })
            .collect();
        Ok(cards)
    }
}

impl Store {
    /// The newest published listings (slug, when created), at most `limit`,
    /// of one kind and region if given (the feed of what is new).
    pub async fn newest_listings(
        &self,
        kind: Option<&str>,
        region: Option<&str>,
        limit: usize,
    ) -> Result<Vec<(String, String)>, sqlx::Error> {
        sqlx::query_as(
            "SELECT slug, created_at FROM listings
             WHERE status = 'published' AND ($1 = '' OR kind = $1) AND ($2 = '' OR lower(region) = lower($2))
             ORDER BY created_at DESC, slug LIMIT $3",
        )
        .bind(kind.unwrap_or(""))
        .bind(region.unwrap_or(""))
        .bind(limit as i64)
        .fetch_all(self.pool())
        .await
    }
}

impl Store {}

/// A new kind of listing, placed after the others.
pub(super) fn add_kind_query(kind: &ListingKind) -> super::moderation::AnyQuery<'_> {
    sqlx::query(
        "INSERT INTO listing_kinds (slug, label, icon, colour, allows_contact, allows_claim, allows_events, allows_public_registration, position)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, (SELECT coalesce(max(position), 0) + 1 FROM listing_kinds))",
    )
    .bind(&kind.slug)
    .bind(&kind.label)
    .bind(&kind.icon)
    .bind(&kind.colour)
    .bind(i64::from(kind.allows.contact))
    .bind(i64::from(kind.allows.claim))
    .bind(i64::from(kind.allows.events))
    .bind(i64::from(kind.allows.public_registration))
}
