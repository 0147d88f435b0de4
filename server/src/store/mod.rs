//! The database adapter behind the app's ports: one implementation in SQL
//! that SQLite and PostgreSQL share (placeholders `$1`, no JSON or date
//! functions of either), so no feature belongs to one backend only. Times
//! are UTC ISO-8601 text made here, not by the database.

pub mod alert_outbox;
pub mod alert_rounds;
pub mod alerts;
mod calendars;
pub mod events;
mod listings;
mod moderation;
pub mod opt_outs;
mod outbox;
mod outcodes;
mod people;
mod rate_limits;
mod records;
pub mod resources;
pub mod sources;
mod tx;
mod versions;

use crate::db::{Backend, Database};
pub use calendars::{FeedReading, StoredFeed};
pub use listings::UpsertReport;
pub use moderation::{NewSubmission, StoredSubmission};
pub use outbox::QueuedMail;
pub use people::{Setting, TokenPurpose, TokenUse};
use sqlx::AnyPool;
use time::{Date, Duration, OffsetDateTime};
pub use tx::{Committed, Tx};
pub(crate) use versions::bump_version;
pub use versions::{Catchup, Changed};

/// All stored data, in one database.
#[derive(Clone)]
pub struct Store {
    db: Database,
    own: std::sync::Arc<versions::OwnVersions>,
}

impl Store {
    pub fn new(db: Database) -> Self {
        Store { db, own: Default::default() }
    }

    pub fn pool(&self) -> &AnyPool {
        &self.db.pool
    }

    pub fn backend(&self) -> Backend {
        self.db.backend
    }

    /// A transaction that writes. SQLite takes the write lock at once
    /// (BEGIN IMMEDIATE): a transaction that read first and then wanted to
    /// write would fail with "database is locked" when another connection
    /// or process wrote meanwhile, instead of waiting its turn.
    pub(crate) async fn write_tx(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.backend() {
            Backend::Sqlite => self.pool().begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool().begin().await,
        }
    }

    /// True when the database answers.
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(self.pool()).await.is_ok()
    }

    /// Rebuilds the database's own indexes and statistics.
    pub async fn rebuild_indexes(&self) -> Result<(), sqlx::Error> {
        if self.backend() == Backend::Sqlite {
            sqlx::query("REINDEX").execute(self.pool()).await?;
        }
        sqlx::query("ANALYZE").execute(self.pool()).await?;
        Ok(())
    }

    /// Flushes SQLite's write-ahead log into the main file and closes connections.
    pub async fn close(&self) {
        if self.backend() == Backend::Sqlite {
            let _ = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(self.pool()).await;
        }
        self.pool().close().await;
    }
}

const STAMP: &[time::format_description::FormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
const STAMP_MS: &[time::format_description::FormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
const DAY: &[time::format_description::FormatItem<'static>] = time::macros::format_description!("[year]-[month]-[day]");

fn stamp(t: OffsetDateTime) -> String {
    t.format(STAMP).expect("UTC time formats")
}

/// Now, to the second: created, expires and sent times.
pub(crate) fn now() -> String {
    stamp(OffsetDateTime::now_utc())
}

/// Now, to the millisecond: `updated_at`, which tells other instances and
/// the search index that something changed.
pub(crate) fn now_ms() -> String {
    OffsetDateTime::now_utc().format(STAMP_MS).expect("UTC time formats")
}

pub(crate) fn in_minutes(minutes: u32) -> String {
    stamp(OffsetDateTime::now_utc() + Duration::minutes(minutes.into()))
}

pub(crate) fn hours_ago(hours: u32) -> String {
    stamp(OffsetDateTime::now_utc() - Duration::hours(hours.into()))
}

pub(crate) fn in_hours(hours: u32) -> String {
    stamp(OffsetDateTime::now_utc() + Duration::hours(hours.into()))
}

pub fn today() -> String {
    day(OffsetDateTime::now_utc().date())
}

fn day(d: Date) -> String {
    d.format(DAY).expect("dates format")
}

/// The calendar date `months` months ago (the day clamped to the month's
/// length, as "a year ago" on 29 February is 28 February).
pub fn months_ago(months: u32) -> String {
    months_before(OffsetDateTime::now_utc().date(), months)
}

fn months_before(d: Date, months: u32) -> String {
    let total = d.year() * 12 + (d.month() as i32 - 1) - months as i32;
    let (year, month) = (total.div_euclid(12), time::Month::try_from((total.rem_euclid(12) + 1) as u8).expect("1..=12"));
    let last = month.length(year);
    day(Date::from_calendar_date(year, month, d.day().min(last)).expect("valid date"))
}

/// Emails compare without case on both backends: stored and looked up lowercased.
fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// `sql` told apart by which of its optional floats are given. sqlx's `Any`
/// declares a missing f64 as a 4-byte float, and a prepared statement keeps
/// the types it was first given: on PostgreSQL, a point bound after a
/// missing one on the same connection was refused ("incorrect binary data
/// format"). Each shape gets a statement of its own.
pub(crate) fn with_floats_present(sql: &str, present: &[bool]) -> String {
    let shape: String = present.iter().map(|p| if *p { '1' } else { '0' }).collect();
    format!("{sql} -- floats {shape}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn months_ago_is_a_calendar_date() {
        let on = |y: i32, m: u8, d: u8| time::Date::from_calendar_date(y, time::Month::try_from(m).unwrap(), d).unwrap();
        assert_eq!(super::months_before(on(2028, 2, 29), 12), "2027-02-28", "a year before 29 February");
        assert_eq!(super::months_before(on(2027, 3, 31), 1), "2027-02-28", "the day clamped to the month");
        assert_eq!(super::months_before(on(2027, 1, 15), 1), "2026-12-15", "across the new year");
        assert_eq!(super::months_before(on(2027, 5, 6), 15), "2026-02-06");
    }
}
