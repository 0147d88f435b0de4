//! Resources.

use super::{Store, UpsertReport};
use app::resource::{Resource, ValidResource};
use sqlx::Row;
use std::collections::HashSet;

impl Store {
    /// Renders the Markdown of rows stored before it was rendered when
    /// written: once, at the first start after the upgrade. The public
    /// text does not change, so no data version moves.
    pub async fn render_old_markdown(&self) -> Result<(), sqlx::Error> {
        for (table, source, target) in [("listings", "description", "description_html"), ("resources", "body", "body_html")] {
            let rows: Vec<(String, String)> =
                sqlx::query_as(&format!("SELECT slug, {source} FROM {table} WHERE {target} IS NULL")).fetch_all(self.pool()).await?;
            for (slug, markdown) in rows {
                sqlx::query(&format!("UPDATE {table} SET {target} = $1 WHERE slug = $2 AND {target} IS NULL"))
                    .bind(crate::markdown::to_safe_html(&markdown))
                    .bind(slug)
                    .execute(self.pool())
                    .await?;
            }
        }
        Ok(())
    }

    /// Creates or updates (by slug) in one transaction.
    pub async fn upsert_resources(&self, resources: &[ValidResource], author: &str, note: &str) -> Result<UpsertReport, sqlx::Error> {
        // Through a use case's transaction, so newly public resources are
        // recorded for alerts with them.
        let mut tx = self.begin().await?;
        let report = tx.upsert_resources(resources, author, note).await?;
        tx.commit().await?;
        Ok(report)
    }
}

/// The upsert inside the caller's transaction; returns the data version it made.
pub(crate) async fn upsert_resources_on(
    tx: &mut sqlx::AnyConnection,
    resources: &[ValidResource],
    author: &str,
    note: &str,
) -> Result<(UpsertReport, Option<i64>), sqlx::Error> {
    let existing: HashSet<String> = sqlx::query_scalar("SELECT slug FROM resources").fetch_all(&mut *tx).await?.into_iter().collect();
    let mut report = UpsertReport::default();
    for r in resources {
        sqlx::query(
            "INSERT INTO resources (slug, title, summary, body, url, kind, topics, languages, publisher, published, status, updated_at, body_html,
                                    language, translations, translation_of)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
             ON CONFLICT (slug) DO UPDATE SET
                title = excluded.title, summary = excluded.summary, body = excluded.body, url = excluded.url,
                kind = excluded.kind, topics = excluded.topics, languages = excluded.languages,
                publisher = excluded.publisher, published = excluded.published, status = excluded.status,
                updated_at = excluded.updated_at, body_html = excluded.body_html,
                language = excluded.language, translations = excluded.translations, translation_of = excluded.translation_of",
        )
        .bind(&r.slug)
        .bind(&r.title)
        .bind(&r.summary)
        .bind(&r.body)
        .bind(&r.url)
        .bind(&r.kind)
        .bind(serde_json::to_string(&r.topics).expect("strings serialise"))
        .bind(serde_json::to_string(&r.languages).expect("strings serialise"))
        .bind(&r.publisher)
        .bind(&r.published)
        .bind(r.status.as_str())
        .bind(super::now_ms())
        .bind(crate::markdown::to_safe_html(&r.body))
        .bind(&r.language)
        .bind(r.translations.to_json())
        .bind(&r.translation_of)
        .execute(&mut *tx)
        .await?;
        if existing.contains(&r.slug) {
            report.updated += 1;
        } else {
            report.created += 1;
        }
    }
    let slugs: Vec<&str> = resources.iter().map(|r| r.slug.as_str()).collect();
    super::moderation::keep_revisions(&mut *tx, app::people::Entity::Resource, &slugs, author, note).await?;
    let version = super::bump_version(&mut *tx, super::Changed::Resources(&slugs)).await?;
    Ok((report, version))
}

impl Store {
    pub async fn count_resources(&self) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT count(*) FROM resources").fetch_one(self.pool()).await
    }

    /// Every published resource, newest first.
    pub async fn published_resources(&self) -> Result<Vec<Resource>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT slug, title, summary, body, url, kind, topics, languages, publisher, published, updated_at, body_html,
                    language, translations, translation_of
             FROM resources WHERE status = 'published'",
        )
        .fetch_all(self.pool())
        .await?;
        let mut resources: Vec<Resource> = rows
            .into_iter()
            .map(|r| {
                let body: String = r.get(3);
                Resource {
                    slug: r.get(0),
                    title: r.get(1),
                    summary: r.get(2),
                    body_html: r.get::<Option<String>, _>(11).unwrap_or_else(|| crate::markdown::to_safe_html(&body)),
                    body,
                    url: r.get(4),
                    kind: r.get(5),
                    topics: serde_json::from_str(r.get(6)).unwrap_or_default(),
                    languages: serde_json::from_str(r.get(7)).unwrap_or_default(),
                    publisher: r.get(8),
                    published: r.get(9),
                    updated_at: r.get(10),
                    language: r.get(12),
                    translations: super::listings::with_html(app::translation::Translations::from_json(r.get(13)), "body"),
                    translation_of: r.get(14),
                }
            })
            .collect();
        // Newest first, then by title: ordered here, as the databases'
        // collations differ.
        resources.sort_by_cached_key(|r| {
            (std::cmp::Reverse(r.published.clone().unwrap_or_default()), r.title.to_ascii_lowercase(), r.slug.clone())
        });
        Ok(resources)
    }

    /// What the search index must agree with: published counts, the latest
    /// change and the data version, as one marker string.
    pub async fn search_marker(&self) -> Result<String, sqlx::Error> {
        let row = sqlx::query(
            "SELECT (SELECT count(*) FROM resources WHERE status = 'published'),
                    (SELECT coalesce(max(updated_at), '') FROM resources),
                    (SELECT count(*) FROM listings WHERE status = 'published'),
                    (SELECT coalesce(max(updated_at), '') FROM listings),
                    (SELECT version FROM data_version WHERE id = 1)",
        )
        .fetch_one(self.pool())
        .await?;
        Ok(format!(
            "r{}@{};l{}@{};v{}",
            row.get::<i64, _>(0),
            row.get::<String, _>(1),
            row.get::<i64, _>(2),
            row.get::<String, _>(3),
            row.get::<i64, _>(4)
        ))
    }
}

/// Days of reading that make a resource popular.
pub const POPULAR_DAYS: i64 = 30;

impl Store {
    /// Adds the page views counted since the last call, on `day`, in one
    /// transaction (several instances add to the same rows).
    pub async fn add_resource_views(&self, day: &str, views: &[(String, u64)]) -> Result<(), sqlx::Error> {
        let mut tx = self.write_tx().await?;
        for (slug, n) in views {
            sqlx::query(
                "INSERT INTO resource_views (resource_slug, day, views) VALUES ($1, $2, $3)
                 ON CONFLICT (resource_slug, day) DO UPDATE SET views = resource_views.views + excluded.views",
            )
            .bind(slug)
            .bind(day)
            .bind(*n as i64)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await
    }

    /// The most read resources since `since` (a day), most read first, and
    /// forgets the days before it.
    pub async fn most_read_resources(&self, since: &str, limit: usize) -> Result<Vec<String>, sqlx::Error> {
        sqlx::query("DELETE FROM resource_views WHERE day < $1").bind(since).execute(self.pool()).await?;
        sqlx::query_scalar(
            "SELECT resource_slug FROM resource_views WHERE day >= $1
             GROUP BY resource_slug ORDER BY SUM(views) DESC, resource_slug LIMIT $2",
        )
        .bind(since)
        .bind(limit as i64)
        .fetch_all(self.pool())
        .await
    }
}
