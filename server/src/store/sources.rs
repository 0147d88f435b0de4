//! Followed sources and the records each became here: reads for everyone,
//! writes only inside a use case's transaction (`Tx`).

use super::{Store, Tx};
use app::problem::Problem;
use app::source::{FetchOutcome, Mapping, SourceCounts, SourceFormat, SourceSummary};
use sqlx::Row;
use std::collections::{HashMap, HashSet};

/// A source as stored: what the admin sees and the last good copy's validators.
#[derive(Clone, Debug)]
pub struct StoredSource {
    pub summary: SourceSummary,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub content_hash: Option<String>,
}

/// A source to add.
pub struct NewSource<'a> {
    pub name: &'a str,
    pub url: &'a str,
    pub format: SourceFormat,
    pub default_kind: &'a str,
    pub trusted: bool,
    pub added_by: &'a str,
}

/// One record of a source as it was last read.
#[derive(Clone, Debug)]
pub struct HeldRecord {
    pub slug: String,
    pub fingerprint: String,
    pub gone: bool,
}

/// How one reading ended, to record.
pub enum SourceReading<'a> {
    Read { etag: Option<&'a str>, last_modified: Option<&'a str>, hash: &'a str, counts: &'a SourceCounts },
    Unchanged,
    Failed(&'a Problem),
}

const COLUMNS: &str = "s.id, s.name, s.url, s.format, s.default_kind, s.mapping, s.trusted, s.fetched_at, s.read_at, s.outcome,
    s.counts, s.problem, s.etag, s.last_modified, s.content_hash,
    (SELECT count(*) FROM source_records r WHERE r.source_id = s.id AND r.gone = 0) AS records";

fn source(r: &sqlx::any::AnyRow) -> Result<StoredSource, sqlx::Error> {
    let bad = |what: &str, word: String| sqlx::Error::Decode(format!("unknown source {what} {word:?}").into());
    let format: String = r.get(3);
    let outcome: Option<String> = r.get(9);
    Ok(StoredSource {
        summary: SourceSummary {
            id: r.get(0),
            name: r.get(1),
            url: r.get(2),
            format: format.parse().map_err(|_| bad("format", format.clone()))?,
            default_kind: r.get(4),
            mapping: serde_json::from_str(r.get(5)).unwrap_or_default(),
            trusted: r.get::<i64, _>(6) == 1,
            fetched_at: r.get(7),
            read_at: r.get(8),
            outcome: outcome.map(|o| o.parse::<FetchOutcome>().map_err(|_| bad("outcome", o.clone()))).transpose()?,
            counts: serde_json::from_str(r.get(10)).unwrap_or_default(),
            problem: r.get::<Option<String>, _>(11).and_then(|p| serde_json::from_str(&p).ok()),
            records: r.get(15),
        },
        etag: r.get(12),
        last_modified: r.get(13),
        content_hash: r.get(14),
    })
}

impl Store {
    pub async fn sources(&self) -> Result<Vec<StoredSource>, sqlx::Error> {
        let sql = format!("SELECT {COLUMNS} FROM sources s ORDER BY s.name");
        sqlx::query(&sql).fetch_all(self.pool()).await?.iter().map(source).collect()
    }

    pub async fn source_named(&self, name: &str) -> Result<Option<StoredSource>, sqlx::Error> {
        let sql = format!("SELECT {COLUMNS} FROM sources s WHERE s.name = $1");
        sqlx::query(&sql).bind(name).fetch_optional(self.pool()).await?.as_ref().map(source).transpose()
    }

    pub async fn source(&self, id: i64) -> Result<Option<StoredSource>, sqlx::Error> {
        let sql = format!("SELECT {COLUMNS} FROM sources s WHERE s.id = $1");
        sqlx::query(&sql).bind(id).fetch_optional(self.pool()).await?.as_ref().map(source).transpose()
    }

    /// Every record of a source we hold, by its id there.
    pub async fn source_records(&self, source_id: i64) -> Result<HashMap<String, HeldRecord>, sqlx::Error> {
        let rows = sqlx::query("SELECT record_id, slug, fingerprint, gone FROM source_records WHERE source_id = $1")
            .bind(source_id)
            .fetch_all(self.pool())
            .await?;
        Ok(rows.iter().map(|r| (r.get(0), HeldRecord { slug: r.get(1), fingerprint: r.get(2), gone: r.get::<i64, _>(3) == 1 })).collect())
    }

    /// Where a listing was copied from: the source's name and the record's
    /// page there (for moderators).
    pub async fn provenance(&self, slug: &str) -> Result<Option<(String, Option<String>)>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT s.name, r.link FROM source_records r JOIN sources s ON s.id = r.source_id WHERE r.slug = $1 ORDER BY r.gone, s.id LIMIT 1",
        )
        .bind(slug)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|r| (r.get(0), r.get(1))))
    }

    /// Every slug a new listing may not take: the listings table's (any
    /// status) and those of listings waiting to be created. Read once per
    /// reading, so no record costs a query.
    pub async fn slugs_in_use(&self) -> Result<(HashSet<String>, HashSet<String>), sqlx::Error> {
        let listed = sqlx::query_scalar("SELECT slug FROM listings").fetch_all(self.pool()).await?;
        let waiting = sqlx::query_scalar("SELECT slug FROM submissions WHERE action = 'create' AND status IN ('unconfirmed', 'pending')")
            .fetch_all(self.pool())
            .await?;
        Ok((listed.into_iter().collect(), waiting.into_iter().collect()))
    }

    /// Listings copied from a source, with where each first came from
    /// (ORUK output marks them with it).
    pub async fn origins(&self) -> Result<HashMap<String, String>, sqlx::Error> {
        let rows =
            sqlx::query("SELECT slug, origin FROM source_records WHERE gone = 0 AND origin IS NOT NULL").fetch_all(self.pool()).await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }
}

impl Tx {
    pub async fn add_source(&mut self, s: &NewSource<'_>) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar(
            "INSERT INTO sources (name, url, format, default_kind, trusted, added_by, added_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(s.name)
        .bind(s.url)
        .bind(s.format.as_str())
        .bind(s.default_kind)
        .bind(i64::from(s.trusted))
        .bind(s.added_by)
        .bind(super::now())
        .fetch_one(self.conn())
        .await
    }

    pub async fn set_source_rules(&mut self, id: i64, default_kind: &str, mapping: &Mapping, trusted: bool) -> Result<bool, sqlx::Error> {
        let mapping = serde_json::to_string(mapping).expect("a mapping serialises");
        let done = sqlx::query("UPDATE sources SET default_kind = $1, mapping = $2, trusted = $3 WHERE id = $4")
            .bind(default_kind)
            .bind(mapping)
            .bind(i64::from(trusted))
            .bind(id)
            .execute(self.conn())
            .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn record_source_reading(&mut self, id: i64, reading: &SourceReading<'_>) -> Result<(), sqlx::Error> {
        let now = super::now();
        let query = match reading {
            SourceReading::Read { etag, last_modified, hash, counts } => sqlx::query(
                "UPDATE sources SET fetched_at = $1, read_at = $1, outcome = 'read', problem = NULL,
                 etag = $2, last_modified = $3, content_hash = $4, counts = $5 WHERE id = $6",
            )
            .bind(now)
            .bind(etag.map(str::to_string))
            .bind(last_modified.map(str::to_string))
            .bind(hash.to_string())
            .bind(serde_json::to_string(counts).expect("counts serialise")),
            SourceReading::Unchanged => {
                sqlx::query("UPDATE sources SET fetched_at = $1, read_at = $1, outcome = 'unchanged', problem = NULL WHERE id = $2")
                    .bind(now)
            }
            SourceReading::Failed(problem) => {
                sqlx::query("UPDATE sources SET fetched_at = $1, outcome = 'failed', problem = $2 WHERE id = $3")
                    .bind(now)
                    .bind(serde_json::to_string(problem).expect("problems serialise"))
            }
        };
        query.bind(id).execute(self.conn()).await?;
        Ok(())
    }

    pub async fn put_source_record(
        &mut self,
        source_id: i64,
        record_id: &str,
        slug: &str,
        fingerprint: &str,
        link: Option<&str>,
        origin: Option<&str>,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO source_records (source_id, record_id, slug, fingerprint, link, origin, gone) VALUES ($1, $2, $3, $4, $5, $6, 0)
             ON CONFLICT (source_id, record_id) DO UPDATE SET slug = $3, fingerprint = $4, link = $5, origin = $6, gone = 0",
        )
        .bind(source_id)
        .bind(record_id)
        .bind(slug)
        .bind(fingerprint)
        .bind(link)
        .bind(origin)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// The next reading reads the whole copy again (the mapping changed).
    pub async fn forget_source_copy(&mut self, id: i64) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE sources SET etag = NULL, last_modified = NULL, content_hash = NULL WHERE id = $1")
            .bind(id)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    pub async fn source_record_gone(&mut self, source_id: i64, record_id: &str) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE source_records SET gone = 1 WHERE source_id = $1 AND record_id = $2")
            .bind(source_id)
            .bind(record_id)
            .execute(self.conn())
            .await?;
        Ok(())
    }
}

impl Store {
    /// One staged chunk of a reading's records (lines of JSON), if there is one.
    pub async fn staged_records(&self, reading: &str, seq: i64) -> Result<Option<String>, sqlx::Error> {
        sqlx::query_scalar("SELECT records FROM source_staging WHERE reading = $1 AND seq = $2")
            .bind(reading)
            .bind(seq)
            .fetch_optional(self.pool())
            .await
    }
}

impl Tx {
    /// A chunk of a reading's records, kept until the reading is complete.
    pub async fn stage_records(
        &mut self,
        reading: &str,
        seq: i64,
        source_id: i64,
        started_at: &str,
        records: &str,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("INSERT INTO source_staging (reading, seq, source_id, started_at, records) VALUES ($1, $2, $3, $4, $5)")
            .bind(reading)
            .bind(seq)
            .bind(source_id)
            .bind(started_at)
            .bind(records)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// A reading's staged records dropped (it is done, or failed), with
    /// any left by a reading that stopped (a crash) before `stale`.
    pub async fn drop_staged(&mut self, reading: &str, stale: &str) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM source_staging WHERE reading = $1 OR started_at < $2")
            .bind(reading)
            .bind(stale)
            .execute(self.conn())
            .await?;
        Ok(())
    }
}
