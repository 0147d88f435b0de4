//! Followed calendars: where each is, how its last reading went, and the
//! series read from it (events.calendar_id).

use super::{Store, Tx};
use app::event::FeedState;
use app::problem::Problem;
use sqlx::Row;

/// A followed calendar as stored.
#[derive(Clone, Debug)]
pub struct StoredFeed {
    pub id: i64,
    pub listing: String,
    pub url: String,
    pub public_venues: bool,
    pub state: FeedState,
    pub contact_email: String,
    pub lang: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub content_hash: Option<String>,
    pub checked_at: Option<String>,
    pub read_at: Option<String>,
    pub problem: Option<Problem>,
    pub skipped: Vec<String>,
    pub failures: i64,
    pub next_read_at: String,
}

/// How one reading ended, to record.
pub enum FeedReading<'a> {
    /// A good copy, stored: its validators and hash, the UIDs not taken.
    Read { etag: Option<&'a str>, last_modified: Option<&'a str>, hash: &'a str, skipped: &'a [String] },
    /// Not modified, or the same bytes as the last good copy.
    Unchanged,
    /// Nothing usable: the last good copy stands.
    Failed(&'a Problem),
}

const COLUMNS: &str = "id, listing_slug, url, public_venues, state, contact_email, lang, etag, last_modified, content_hash,
    checked_at, read_at, problem, skipped, failures, next_read_at";

fn feed(r: &sqlx::any::AnyRow) -> Result<StoredFeed, sqlx::Error> {
    let state: String = r.get(4);
    Ok(StoredFeed {
        id: r.get(0),
        listing: r.get(1),
        url: r.get(2),
        public_venues: r.get::<i64, _>(3) == 1,
        state: state.parse().map_err(|_| sqlx::Error::Decode(format!("unknown calendar state {state:?}").into()))?,
        contact_email: r.get(5),
        lang: r.get(6),
        etag: r.get(7),
        last_modified: r.get(8),
        content_hash: r.get(9),
        checked_at: r.get(10),
        read_at: r.get(11),
        problem: r.get::<Option<String>, _>(12).and_then(|p| serde_json::from_str(&p).ok()),
        skipped: serde_json::from_str(r.get(13)).unwrap_or_default(),
        failures: r.get(14),
        next_read_at: r.get(15),
    })
}

impl Store {
    pub async fn feed_of(&self, listing: &str) -> Result<Option<StoredFeed>, sqlx::Error> {
        let sql = format!("SELECT {COLUMNS} FROM calendar_feeds WHERE listing_slug = $1");
        sqlx::query(&sql).bind(listing).fetch_optional(self.pool()).await?.as_ref().map(feed).transpose()
    }

    pub async fn feed(&self, id: i64) -> Result<Option<StoredFeed>, sqlx::Error> {
        let sql = format!("SELECT {COLUMNS} FROM calendar_feeds WHERE id = $1");
        sqlx::query(&sql).bind(id).fetch_optional(self.pool()).await?.as_ref().map(feed).transpose()
    }

    /// Calendars due a reading (not refused), the longest-waiting first.
    pub async fn due_feeds(&self, now: &str, limit: i64) -> Result<Vec<StoredFeed>, sqlx::Error> {
        let sql = format!(
            "SELECT {COLUMNS} FROM calendar_feeds WHERE next_read_at <= $1 AND state <> 'refused' ORDER BY next_read_at, id LIMIT $2"
        );
        sqlx::query(&sql).bind(now).bind(limit).fetch_all(self.pool()).await?.iter().map(feed).collect()
    }

    /// Takes a due reading for this instance: false when another instance
    /// (or an earlier round) already moved it on.
    pub async fn claim_feed(&self, id: i64, was_due: &str, next: &str) -> Result<bool, sqlx::Error> {
        let done = sqlx::query("UPDATE calendar_feeds SET next_read_at = $1 WHERE id = $2 AND next_read_at = $3")
            .bind(next)
            .bind(id)
            .bind(was_due)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The series read from a calendar: (UID, id), at most `limit`.
    pub async fn feed_series(&self, id: i64, limit: i64) -> Result<Vec<(String, i64)>, sqlx::Error> {
        sqlx::query_as("SELECT uid, id FROM events WHERE calendar_id = $1 ORDER BY id LIMIT $2")
            .bind(id)
            .bind(limit)
            .fetch_all(self.pool())
            .await
    }

    /// How many series were read from a calendar.
    pub async fn count_feed_series(&self, id: i64) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT count(*) FROM events WHERE calendar_id = $1").bind(id).fetch_one(self.pool()).await
    }

    /// Which of these UIDs belong to a series not read from calendar `id`:
    /// a calendar may only change what it brought.
    pub async fn uids_taken_elsewhere(&self, id: i64, uids: &[String]) -> Result<Vec<String>, sqlx::Error> {
        let mut taken = Vec::new();
        for chunk in uids.chunks(500) {
            let marks: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
            let sql = format!("SELECT uid FROM events WHERE uid IN ({}) AND (calendar_id IS NULL OR calendar_id <> $1)", marks.join(", "));
            let mut query = sqlx::query_scalar::<_, String>(&sql).bind(id);
            for uid in chunk {
                query = query.bind(uid);
            }
            taken.extend(query.fetch_all(self.pool()).await?);
        }
        Ok(taken)
    }
}

impl Store {
    /// The series read from calendar `id`: UID → (published?, what the
    /// calendar last said of it but for its dates).
    pub async fn feed_series_fingerprints(&self, id: i64) -> Result<std::collections::HashMap<String, (bool, String)>, sqlx::Error> {
        let rows: Vec<(String, String, String)> = sqlx::query_as("SELECT uid, status, read_fingerprint FROM events WHERE calendar_id = $1")
            .bind(id)
            .fetch_all(self.pool())
            .await?;
        Ok(rows.into_iter().map(|(uid, status, fingerprint)| (uid, (status == "published", fingerprint))).collect())
    }

    /// Whether a calendar's change already waits for a moderator.
    pub async fn calendar_change_waiting(&self, listing: &str) -> Result<bool, sqlx::Error> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM submissions WHERE entity = 'calendar' AND slug = $1 AND status = 'pending'")
            .bind(listing)
            .fetch_one(self.pool())
            .await?;
        Ok(n > 0)
    }
}

impl Tx {
    /// What the calendar said of each series (by UID), but for its dates.
    pub async fn set_read_fingerprints(&mut self, fingerprints: &[(String, String)]) -> Result<(), sqlx::Error> {
        for (uid, fingerprint) in fingerprints {
            sqlx::query("UPDATE events SET read_fingerprint = $1 WHERE uid = $2").bind(fingerprint).bind(uid).execute(self.conn()).await?;
        }
        Ok(())
    }

    /// Starts following `url` for a listing (or changes its address): its
    /// first reading waits for a moderator. Returns the calendar's id.
    pub async fn put_feed(&mut self, listing: &str, url: &str, public_venues: bool, email: &str, lang: &str) -> Result<i64, sqlx::Error> {
        let now = super::now_ms();
        sqlx::query_scalar(
            "INSERT INTO calendar_feeds (listing_slug, url, public_venues, state, contact_email, lang, next_read_at)
             VALUES ($1, $2, $3, 'in_review', $4, $5, $6)
             ON CONFLICT (listing_slug) DO UPDATE SET url = excluded.url, public_venues = excluded.public_venues,
                state = 'in_review', contact_email = excluded.contact_email, lang = excluded.lang, etag = NULL,
                last_modified = NULL, content_hash = NULL, problem = NULL, skipped = '[]', failures = 0,
                next_read_at = excluded.next_read_at
             RETURNING id",
        )
        .bind(listing)
        .bind(url)
        .bind(public_venues as i64)
        .bind(email)
        .bind(lang)
        .bind(&now)
        .fetch_one(self.conn())
        .await
    }

    /// Records how a reading ended and when the next is due.
    pub async fn record_reading(&mut self, id: i64, reading: &FeedReading<'_>, next: &str) -> Result<(), sqlx::Error> {
        let now = super::now_ms();
        let query = match reading {
            FeedReading::Read { etag, last_modified, hash, skipped } => sqlx::query(
                "UPDATE calendar_feeds SET etag = $1, last_modified = $2, content_hash = $3, skipped = $4, checked_at = $5,
                        read_at = $5, problem = NULL, failures = 0, next_read_at = $6 WHERE id = $7",
            )
            .bind(etag.map(str::to_string))
            .bind(last_modified.map(str::to_string))
            .bind(hash.to_string())
            .bind(serde_json::to_string(skipped).expect("strings serialise")),
            FeedReading::Unchanged => sqlx::query(
                "UPDATE calendar_feeds SET checked_at = $1, read_at = coalesce(read_at, $1), problem = NULL, failures = 0,
                        next_read_at = $2 WHERE id = $3",
            ),
            FeedReading::Failed(problem) => sqlx::query(
                "UPDATE calendar_feeds SET checked_at = $1, problem = $2, failures = failures + 1, next_read_at = $3 WHERE id = $4",
            )
            .bind(now.clone())
            .bind(serde_json::to_string(problem).expect("problems serialise")),
        };
        let query = match reading {
            FeedReading::Failed(_) => query,
            _ => query.bind(now),
        };
        query.bind(next.to_string()).bind(id).execute(self.conn()).await?;
        Ok(())
    }

    pub async fn set_feed_state(&mut self, id: i64, state: FeedState) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE calendar_feeds SET state = $1 WHERE id = $2").bind(state.as_str()).bind(id).execute(self.conn()).await?;
        Ok(())
    }

    /// Marks these series as read from calendar `id`.
    pub async fn link_series(&mut self, id: i64, uids: &[String]) -> Result<(), sqlx::Error> {
        for uid in uids {
            sqlx::query("UPDATE events SET calendar_id = $1 WHERE uid = $2").bind(id).bind(uid).execute(self.conn()).await?;
        }
        Ok(())
    }

    /// Series read from calendar `id` that its new copy no longer has
    /// (`keep`: the UIDs in it): gone upstream, so gone here.
    pub async fn drop_series_not_in(&mut self, id: i64, keep: &[String]) -> Result<u64, sqlx::Error> {
        let ids: Vec<(i64, String)> =
            sqlx::query_as("SELECT id, uid FROM events WHERE calendar_id = $1").bind(id).fetch_all(self.conn()).await?;
        let keep: std::collections::HashSet<&String> = keep.iter().collect();
        let mut dropped = 0;
        for (event, uid) in ids {
            if !keep.contains(&uid) {
                dropped += sqlx::query("DELETE FROM events WHERE id = $1").bind(event).execute(self.conn()).await?.rows_affected();
            }
        }
        Ok(dropped)
    }

    /// The first reading approved: its series become public.
    pub async fn publish_feed_series(&mut self, id: i64) -> Result<u64, sqlx::Error> {
        let fresh: Vec<(String, String)> =
            sqlx::query_as("SELECT slug, listing_slug FROM events WHERE calendar_id = $1 AND status = 'pending'")
                .bind(id)
                .fetch_all(self.conn())
                .await?;
        super::events::record_newly_public(self.conn(), &fresh).await?;
        let done = sqlx::query("UPDATE events SET status = 'published', updated_at = $1 WHERE calendar_id = $2 AND status = 'pending'")
            .bind(super::now_ms())
            .bind(id)
            .execute(self.conn())
            .await?;
        Ok(done.rows_affected())
    }

    /// A refused reading: its series (never public) go.
    pub async fn drop_pending_feed_series(&mut self, id: i64) -> Result<u64, sqlx::Error> {
        let done = sqlx::query("DELETE FROM events WHERE calendar_id = $1 AND status = 'pending'").bind(id).execute(self.conn()).await?;
        Ok(done.rows_affected())
    }

    /// Stops following; the series read so far stay, as the organiser's own.
    pub async fn delete_feed(&mut self, id: i64) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE events SET calendar_id = NULL WHERE calendar_id = $1").bind(id).execute(self.conn()).await?;
        sqlx::query("DELETE FROM calendar_feeds WHERE id = $1").bind(id).execute(self.conn()).await?;
        Ok(())
    }
}
