//! Event series, their changed occurrences and the expanded occurrences.
//! A series and its occurrences are written in one transaction, so a
//! reader never sees a series without its dates or dates of a series
//! that is gone.

use super::{Store, UpsertReport};
use crate::events::input::ValidEvent;
use crate::events::recurrence::{format_local, utc_stamp, Occurrence, Override};
use app::event::OccurrenceStatus;
use app::event::{AccessFeature, Audience, Cost, EventPlace, JoinHow};
use app::location::LatLon;
use app::model::ListingStatus;
use app::model::Precision;
use sqlx::Row;

/// A series as stored, with its public columns only (the venue's true
/// point is never read; its address only when exact).
#[derive(Clone, Debug)]
pub struct StoredEvent {
    pub id: i64,
    pub slug: String,
    pub uid: String,
    pub listing: String,
    pub title: String,
    pub summary: String,
    pub description_html: String,
    pub category: String,
    pub languages: Vec<String>,
    pub audience: Audience,
    pub cost: Cost,
    pub price: Option<String>,
    pub access: Vec<AccessFeature>,
    pub access_notes: String,
    pub join_how: JoinHow,
    pub join_url: Option<String>,
    pub time_zone: String,
    pub all_day: bool,
    pub starts_local: String,
    pub ends_local: String,
    pub rrule: Option<String>,
    pub rdates: Vec<String>,
    pub exdates: Vec<String>,
    pub place: EventPlace,
    pub online_url: Option<String>,
    pub venue_name: Option<String>,
    pub venue_address: Option<String>,
    pub venue_precision: Option<Precision>,
    pub venue_public: Option<LatLon>,
    pub venue_town: Option<String>,
    pub series_status: OccurrenceStatus,
    pub status: ListingStatus,
    pub updated_at: String,
    pub overrides: Vec<Override>,
    pub language: String,
    /// Title, summary, description (and its HTML) and access notes in other languages.
    pub translations: app::translation::Translations,
}

impl StoredEvent {
    pub fn series(&self) -> Option<crate::events::recurrence::Series> {
        let tz = self.time_zone.parse().ok()?;
        Some(crate::events::recurrence::Series {
            tz,
            all_day: self.all_day,
            start: crate::events::recurrence::parse_local(&self.starts_local, self.all_day)?,
            end: crate::events::recurrence::parse_local(&self.ends_local, self.all_day)?,
            rrule: self.rrule.clone(),
            rdates: self.rdates.iter().filter_map(|d| crate::events::recurrence::parse_local(d, self.all_day)).collect(),
            exdates: self.exdates.iter().filter_map(|d| crate::events::recurrence::parse_local(d, self.all_day)).collect(),
            overrides: self.overrides.clone(),
            status: self.series_status,
        })
    }
}

/// One stored occurrence.
#[derive(Clone, Debug)]
pub struct StoredOccurrence {
    pub event_id: i64,
    pub recurrence_id: String,
    pub starts_at: String,
    pub ends_at: String,
    pub starts_local: String,
    pub ends_local: String,
    pub status: OccurrenceStatus,
    pub title: Option<String>,
}

const UPSERT_EVENT: &str = "INSERT INTO events
        (slug, uid, listing_slug, title, summary, description, description_html, category, languages, audience, cost, price,
         access, access_notes, join_how, join_url, time_zone, all_day, starts_local, ends_local, rrule, exdates, place,
         online_url, venue_name, venue_address, venue_latitude, venue_longitude, venue_precision,
         venue_public_latitude, venue_public_longitude, venue_town, series_status, status, updated_at, rdates, language, translations)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23,
             $24, $25, $26, $27, $28, $29, $30, $31, $32, $33, $34, $35, $36, $37, $38)
     ON CONFLICT (uid) DO UPDATE SET
        listing_slug = excluded.listing_slug, title = excluded.title, summary = excluded.summary,
        language = excluded.language, translations = excluded.translations,
        description = excluded.description, description_html = excluded.description_html, category = excluded.category,
        languages = excluded.languages, audience = excluded.audience, cost = excluded.cost, price = excluded.price,
        access = excluded.access, access_notes = excluded.access_notes, join_how = excluded.join_how,
        join_url = excluded.join_url, time_zone = excluded.time_zone, all_day = excluded.all_day,
        starts_local = excluded.starts_local, ends_local = excluded.ends_local, rrule = excluded.rrule,
        exdates = excluded.exdates, place = excluded.place, online_url = excluded.online_url,
        venue_name = excluded.venue_name, venue_address = excluded.venue_address,
        venue_latitude = excluded.venue_latitude, venue_longitude = excluded.venue_longitude,
        venue_precision = excluded.venue_precision, venue_public_latitude = excluded.venue_public_latitude,
        venue_public_longitude = excluded.venue_public_longitude, venue_town = excluded.venue_town,
        series_status = excluded.series_status, status = excluded.status, updated_at = excluded.updated_at,
        rdates = excluded.rdates
     RETURNING id";

/// The public columns of a series: never the venue's true point, and its
/// address only when the venue is exact.
const SERIES_COLUMNS: &str = "id, slug, uid, listing_slug, title, summary, description_html, category, languages, audience, cost,
        price, access, access_notes, join_how, join_url, time_zone, all_day, starts_local, ends_local, rrule, exdates,
        place, online_url, venue_name, CASE WHEN venue_precision = 'exact' THEN venue_address END, venue_precision,
        venue_public_latitude, venue_public_longitude, venue_town, series_status, status, updated_at, rdates, language, translations";

/// Which series an occurrence query looks among.
/// When one occurrence is on: local wall-clock times and UTC instants.
pub struct OccurrenceTimes {
    pub event_id: i64,
    pub starts_local: String,
    pub ends_local: String,
    pub status: String,
    pub starts_at: String,
    pub ends_at: String,
}

#[derive(Clone)]
pub enum Among<'a> {
    All,
    /// Every series of one listing, wherever it takes place.
    OfListing(&'a str),
    /// Held at one of these listings (at most 500 slugs a query).
    Listings(&'a [String]),
    /// These series (at most 500 a query).
    Series(&'a [i64]),
    /// Anyone may join online (online only, or hybrid).
    Online,
    /// At a venue whose public point is in this box (latitudes, longitudes).
    VenuesIn {
        lat: (f64, f64),
        lon: (f64, f64),
    },
}

/// A value for a query built piece by piece.
enum Bind {
    Text(String),
    Int(i64),
    Real(f64),
}

fn bind_all<'q>(
    mut query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    binds: Vec<Bind>,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for b in binds {
        query = match b {
            Bind::Text(t) => query.bind(t),
            Bind::Int(i) => query.bind(i),
            Bind::Real(r) => query.bind(r),
        };
    }
    query
}

/// A time window of occurrences, in UTC stamps.
/// A group's regular activity: a series that repeats, in local time.
#[derive(Clone, Debug, PartialEq)]
pub struct RegularActivity {
    pub listing: String,
    pub event: String,
    pub title: String,
    /// `2026-12-01T18:00` in the series' zone.
    pub starts_local: String,
    pub ends_local: String,
    pub rrule: String,
}

pub struct Window<'a> {
    pub from: &'a str,
    pub to: &'a str,
    /// Nothing that starts before this can reach into the window.
    pub earliest_start: &'a str,
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("plain values serialise")
}

impl Store {
    /// The categories: (slug, label), in their order.
    pub async fn event_categories(&self) -> Result<Vec<(String, String)>, sqlx::Error> {
        sqlx::query_as("SELECT slug, label FROM event_categories ORDER BY position, slug").fetch_all(self.pool()).await
    }

    /// Creates or updates (by UID) every series with its changes and its
    /// occurrences in `window`, in one transaction: all or nothing.
    /// Each comes with its venue's public point, if it has a venue.
    pub async fn upsert_events(
        &self,
        events: &[(ValidEvent, Option<LatLon>)],
        status: ListingStatus,
        window: (chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>),
    ) -> Result<UpsertReport, sqlx::Error> {
        let mut tx = self.write_tx().await?;
        let report = upsert_events_on(&mut tx, events, status, window).await?;
        tx.commit().await?;
        Ok(report)
    }

    /// Every series' id, for expanding them all.
    pub async fn event_ids(&self) -> Result<Vec<i64>, sqlx::Error> {
        sqlx::query_scalar("SELECT id FROM events ORDER BY id").fetch_all(self.pool()).await
    }

    /// Rewrites these series' occurrences (expanded by the caller).
    pub async fn replace_occurrences(&self, batch: &[(i64, bool, Vec<Occurrence>)]) -> Result<(), sqlx::Error> {
        let mut tx = self.write_tx().await?;
        for (id, all_day, occurrences) in batch {
            replace_occurrences(&mut tx, *id, *all_day, occurrences).await?;
        }
        tx.commit().await
    }

    /// Series by id, with their changed occurrences.
    pub async fn events_by_id(&self, ids: &[i64]) -> Result<Vec<StoredEvent>, sqlx::Error> {
        let mut out = Vec::new();
        for chunk in ids.chunks(500) {
            let list = (1..=chunk.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
            out.extend(self.series_where(&format!("id IN ({list})"), chunk.iter().map(|i| i.to_string()).collect()).await?);
        }
        Ok(out)
    }

    pub async fn event_by_slug(&self, slug: &str) -> Result<Option<StoredEvent>, sqlx::Error> {
        Ok(self.series_where("slug = $1", vec![slug.to_string()]).await?.pop())
    }

    /// A series' description as its organiser wrote it (Markdown): what a
    /// translator translates and a translation is checked against.
    pub async fn event_description(&self, slug: &str) -> Result<Option<String>, sqlx::Error> {
        sqlx::query_scalar("SELECT description FROM events WHERE slug = $1").bind(slug).fetch_optional(self.pool()).await
    }

    /// The published series of one listing.
    pub async fn events_of_listing(&self, listing: &str) -> Result<Vec<StoredEvent>, sqlx::Error> {
        self.series_where("listing_slug = $1 AND status = 'published'", vec![listing.to_string()]).await
    }

    async fn series_where(&self, condition: &str, binds: Vec<String>) -> Result<Vec<StoredEvent>, sqlx::Error> {
        let sql = format!("SELECT {SERIES_COLUMNS} FROM events WHERE {condition} ORDER BY id");
        let ids_are_numbers = condition.starts_with("id IN");
        let mut query = sqlx::query(&sql);
        for b in &binds {
            query = if ids_are_numbers { query.bind(b.parse::<i64>().unwrap_or(-1)) } else { query.bind(b.clone()) };
        }
        let rows = query.fetch_all(self.pool()).await?;
        let mut events: Vec<StoredEvent> = rows.iter().map(stored_event).collect();
        if events.is_empty() {
            return Ok(events);
        }
        let list = (1..=events.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
        let sql = format!(
            "SELECT event_id, recurrence_id, status, starts_local, ends_local, title FROM event_overrides
             WHERE event_id IN ({list}) ORDER BY event_id, recurrence_id"
        );
        let mut query = sqlx::query(&sql);
        for e in &events {
            query = query.bind(e.id);
        }
        for r in query.fetch_all(self.pool()).await? {
            let id: i64 = r.get(0);
            let Some(e) = events.iter_mut().find(|e| e.id == id) else { continue };
            let all_day = e.all_day;
            let parse = |s: Option<String>| s.and_then(|s| crate::events::recurrence::parse_local(&s, all_day));
            let Some(recurrence_id) = parse(Some(r.get(1))) else { continue };
            e.overrides.push(Override {
                recurrence_id,
                status: r.get::<String, _>(2).parse().unwrap_or(OccurrenceStatus::Scheduled),
                start: parse(r.get(3)),
                end: parse(r.get(4)),
                title: r.get(5),
            });
        }
        Ok(events)
    }

    /// Occurrences of published series overlapping the window, in time
    /// order after `after` (start, series id, original start), at most
    /// `limit`, among the series `among` names.
    pub async fn occurrences(
        &self,
        window: &Window<'_>,
        after: Option<&(String, i64, String)>,
        among: &Among<'_>,
        limit: usize,
    ) -> Result<Vec<StoredOccurrence>, sqlx::Error> {
        let select = "o.event_id, o.recurrence_id, o.starts_at, o.ends_at, o.starts_local, o.ends_local, o.status, o.title";
        let (mut sql, mut binds) = self.occurrence_query(select, window, after, among);
        sql.push_str(&format!(" ORDER BY o.starts_at, o.event_id, o.recurrence_id LIMIT ${}", binds.len() + 1));
        binds.push(Bind::Int(limit as i64));
        let rows = bind_all(sqlx::query(&sql), binds).fetch_all(self.pool()).await?;
        Ok(rows
            .iter()
            .map(|r| StoredOccurrence {
                event_id: r.get(0),
                recurrence_id: r.get(1),
                starts_at: r.get(2),
                ends_at: r.get(3),
                starts_local: r.get(4),
                ends_local: r.get(5),
                status: r.get::<String, _>(6).parse().unwrap_or(OccurrenceStatus::Scheduled),
                title: r.get(7),
            })
            .collect())
    }

    /// The published series among `among` with an occurrence in the
    /// window, by id (a feed's series).
    pub async fn event_ids_in(&self, window: &Window<'_>, among: &Among<'_>) -> Result<Vec<i64>, sqlx::Error> {
        let (mut sql, binds) = self.occurrence_query("DISTINCT o.event_id", window, None, among);
        sql.push_str(" ORDER BY o.event_id");
        let rows = bind_all(sqlx::query(&sql), binds).fetch_all(self.pool()).await?;
        Ok(rows.iter().map(|r| r.get::<i64, _>(0)).collect())
    }

    /// The SQL (up to ORDER BY) and values of an occurrence query.
    fn occurrence_query(
        &self,
        select: &str,
        window: &Window<'_>,
        after: Option<&(String, i64, String)>,
        among: &Among<'_>,
    ) -> (String, Vec<Bind>) {
        // Among a few series (one listing's, those near a point) the work
        // must follow the series, not the days: SQLite is told to start
        // from them (CROSS JOIN fixes its join order; PostgreSQL's planner
        // finds that order itself from its statistics).
        let from_series = !matches!(among, Among::All) && self.backend() == crate::db::Backend::Sqlite;
        let join = if from_series { "events e CROSS JOIN event_occurrences o" } else { "event_occurrences o JOIN events e" };
        let mut sql = format!(
            "SELECT {select} FROM {join} ON e.id = o.event_id
             WHERE o.starts_at < $1 AND o.ends_at > $2 AND o.starts_at >= $3 AND e.status = 'published'"
        );
        let mut binds =
            vec![Bind::Text(window.to.to_string()), Bind::Text(window.from.to_string()), Bind::Text(window.earliest_start.to_string())];
        if let Some((start, id, rid)) = after {
            let (a, b, c) = (binds.len() + 1, binds.len() + 2, binds.len() + 3);
            sql.push_str(&format!(
                " AND (o.starts_at > ${a} OR (o.starts_at = ${a} AND (o.event_id > ${b} OR (o.event_id = ${b} AND o.recurrence_id > ${c}))))"
            ));
            binds.extend([Bind::Text(start.clone()), Bind::Int(*id), Bind::Text(rid.clone())]);
        }
        match among {
            Among::All => {}
            Among::OfListing(slug) => {
                sql.push_str(&format!(" AND e.listing_slug = ${}", binds.len() + 1));
                binds.push(Bind::Text(slug.to_string()));
            }
            Among::Listings(slugs) => {
                let marks: Vec<String> = (0..slugs.len()).map(|i| format!("${}", binds.len() + 1 + i)).collect();
                sql.push_str(&format!(" AND e.listing_slug IN ({}) AND e.place = 'listing'", marks.join(", ")));
                binds.extend(slugs.iter().map(|s| Bind::Text(s.clone())));
            }
            Among::Series(ids) => {
                let marks: Vec<String> = (0..ids.len()).map(|i| format!("${}", binds.len() + 1 + i)).collect();
                sql.push_str(&format!(" AND e.id IN ({})", marks.join(", ")));
                binds.extend(ids.iter().map(|i| Bind::Int(*i)));
            }
            Among::Online => sql.push_str(" AND (e.place = 'online' OR e.online_url IS NOT NULL)"),
            Among::VenuesIn { lat, lon } => {
                let n = binds.len();
                sql.push_str(&format!(
                    " AND e.place = 'venue' AND e.venue_public_latitude BETWEEN ${} AND ${} AND e.venue_public_longitude BETWEEN ${} AND ${}",
                    n + 1,
                    n + 2,
                    n + 3,
                    n + 4
                ));
                binds.extend([Bind::Real(lat.0), Bind::Real(lat.1), Bind::Real(lon.0), Bind::Real(lon.1)]);
            }
        }
        (sql, binds)
    }

    /// A series' next date not cancelled, from `now` (a UTC stamp): its
    /// UTC start.
    pub async fn next_occurrence(&self, event: i64, now: &str) -> Result<Option<String>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT starts_at FROM event_occurrences WHERE event_id = $1 AND starts_at >= $2 AND status <> 'cancelled'
             ORDER BY starts_at LIMIT 1",
        )
        .bind(event)
        .bind(now)
        .fetch_optional(self.pool())
        .await
    }

    /// Ids of every published series.
    pub async fn published_event_ids(&self) -> Result<Vec<i64>, sqlx::Error> {
        sqlx::query_scalar("SELECT id FROM events WHERE status = 'published' ORDER BY id").fetch_all(self.pool()).await
    }

    /// The occurrences of these series, by series and start.
    pub async fn occurrence_times(&self, ids: &[i64]) -> Result<Vec<OccurrenceTimes>, sqlx::Error> {
        let mut out = Vec::new();
        for chunk in ids.chunks(500) {
            let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT event_id, starts_local, ends_local, status, starts_at, ends_at FROM event_occurrences
                 WHERE event_id IN ({}) ORDER BY event_id, starts_at",
                marks.join(", ")
            );
            let mut query = sqlx::query(&sql);
            for id in chunk {
                query = query.bind(*id);
            }
            out.extend(query.fetch_all(self.pool()).await?.iter().map(|r| OccurrenceTimes {
                event_id: r.get(0),
                starts_local: r.get(1),
                ends_local: r.get(2),
                status: r.get(3),
                starts_at: r.get(4),
                ends_at: r.get(5),
            }));
        }
        Ok(out)
    }

    /// What changes when any series changes (their number and newest
    /// change): how an instance notices event writes made elsewhere.
    pub async fn events_marker(&self) -> Result<String, sqlx::Error> {
        let (n, newest): (i64, String) =
            sqlx::query_as("SELECT count(*), coalesce(max(updated_at), '') FROM events").fetch_one(self.pool()).await?;
        Ok(format!("{n}@{newest}"))
    }

    /// Listings with an occurrence (not cancelled) of a published series
    /// between these UTC stamps.
    pub async fn listings_with_dates(&self, window: &Window<'_>) -> Result<Vec<String>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT DISTINCT e.listing_slug FROM event_occurrences o JOIN events e ON e.id = o.event_id
             WHERE o.starts_at < $1 AND o.ends_at > $2 AND o.starts_at >= $3 AND e.status = 'published' AND o.status <> 'cancelled'",
        )
        .bind(window.to)
        .bind(window.from)
        .bind(window.earliest_start)
        .fetch_all(self.pool())
        .await
    }

    /// The town of a listing (any status): events imported for it need one.
    pub async fn listing_town(&self, slug: &str) -> Result<Option<String>, sqlx::Error> {
        sqlx::query_scalar("SELECT area_name FROM listings WHERE slug = $1").bind(slug).fetch_optional(self.pool()).await
    }

    /// A listing's series for its organisers: (slug, title, status), at most 200.
    pub async fn event_titles_of(&self, listing: &str) -> Result<Vec<(String, String, String)>, sqlx::Error> {
        sqlx::query_as("SELECT slug, title, status FROM events WHERE listing_slug = $1 ORDER BY title, slug LIMIT 200")
            .bind(listing)
            .fetch_all(self.pool())
            .await
    }

    /// Published weekly and monthly groups' activities that still run (for
    /// the Open Referral schedules of their listings).
    pub async fn regular_activities(&self) -> Result<Vec<RegularActivity>, sqlx::Error> {
        let rows: Vec<(String, String, String, String, String, String)> = sqlx::query_as(
            "SELECT e.listing_slug, e.slug, e.title, e.starts_local, e.ends_local, e.rrule FROM events e
             JOIN listings l ON l.slug = e.listing_slug AND l.status = 'published'
             WHERE e.status = 'published' AND e.series_status = 'scheduled' AND e.category = 'regular_activity'
               AND e.all_day = 0 AND e.rrule IS NOT NULL
             ORDER BY e.listing_slug, e.starts_local, e.slug",
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(listing, event, title, starts_local, ends_local, rrule)| RegularActivity {
                listing,
                event,
                title,
                starts_local,
                ends_local,
                rrule,
            })
            .collect())
    }

    pub async fn count_events(&self) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT count(*) FROM events").fetch_one(self.pool()).await
    }
}

async fn replace_occurrences(tx: &mut sqlx::AnyConnection, id: i64, all_day: bool, occurrences: &[Occurrence]) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM event_occurrences WHERE event_id = $1").bind(id).execute(&mut *tx).await?;
    // Many rows per statement: a year of a daily series is one round trip
    // of a few statements, not hundreds.
    for chunk in occurrences.chunks(100) {
        let rows: Vec<String> = (0..chunk.len())
            .map(|i| {
                let b = i * 8;
                format!("(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})", b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7, b + 8)
            })
            .collect();
        let sql = format!(
            "INSERT INTO event_occurrences (event_id, recurrence_id, starts_at, ends_at, starts_local, ends_local, status, title) VALUES {}",
            rows.join(", ")
        );
        let mut query = sqlx::query(&sql);
        for o in chunk {
            query = query
                .bind(id)
                .bind(format_local(o.recurrence_id, all_day))
                .bind(utc_stamp(o.starts_at))
                .bind(utc_stamp(o.ends_at))
                .bind(format_local(o.start, all_day))
                .bind(format_local(o.end, all_day))
                .bind(o.status.as_str())
                .bind(o.title.clone());
        }
        query.execute(&mut *tx).await?;
    }
    Ok(())
}

fn stored_event(r: &sqlx::any::AnyRow) -> StoredEvent {
    let all_day = r.get::<i64, _>(17) == 1;
    let lat: Option<f64> = r.get(27);
    let lon: Option<f64> = r.get(28);
    StoredEvent {
        id: r.get(0),
        slug: r.get(1),
        uid: r.get(2),
        listing: r.get(3),
        title: r.get(4),
        summary: r.get(5),
        description_html: r.get(6),
        category: r.get(7),
        languages: serde_json::from_str(r.get(8)).unwrap_or_default(),
        audience: r.get::<String, _>(9).parse().unwrap_or(app::event::Audience::Everyone),
        cost: r.get::<String, _>(10).parse().unwrap_or(app::event::Cost::Free),
        price: r.get(11),
        access: serde_json::from_str::<Vec<String>>(r.get(12)).unwrap_or_default().iter().filter_map(|a| a.parse().ok()).collect(),
        access_notes: r.get(13),
        join_how: r.get::<String, _>(14).parse().unwrap_or(app::event::JoinHow::TurnUp),
        join_url: r.get(15),
        time_zone: r.get(16),
        all_day,
        starts_local: r.get(18),
        ends_local: r.get(19),
        rrule: r.get(20),
        exdates: serde_json::from_str(r.get(21)).unwrap_or_default(),
        place: r.get::<String, _>(22).parse().unwrap_or(app::event::EventPlace::Listing),
        online_url: r.get(23),
        venue_name: r.get(24),
        venue_address: r.get(25),
        venue_precision: r.get::<Option<String>, _>(26).and_then(|p| p.parse().ok()),
        venue_public: lat.zip(lon).map(|(lat, lon)| LatLon::new(lat, lon)),
        venue_town: r.get(29),
        series_status: r.get::<String, _>(30).parse().unwrap_or(OccurrenceStatus::Scheduled),
        status: r.get::<String, _>(31).parse().unwrap_or(ListingStatus::Pending),
        updated_at: r.get(32),
        rdates: serde_json::from_str(r.get(33)).unwrap_or_default(),
        language: r.get(34),
        translations: super::listings::with_html(app::translation::Translations::from_json(r.get(35)), "description"),
        overrides: Vec::new(),
    }
}

/// The upsert inside the caller's transaction.
pub(crate) async fn upsert_events_on(
    tx: &mut sqlx::AnyConnection,
    events: &[(ValidEvent, Option<LatLon>)],
    status: ListingStatus,
    window: (chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>),
) -> Result<UpsertReport, sqlx::Error> {
    let mut report = UpsertReport::default();
    // Series that become public here: what events alerts tell people about.
    let mut newly_public = Vec::new();
    for (e, venue_public) in events {
        let existed: Option<(i64, String, String)> =
            sqlx::query_as("SELECT id, slug, status FROM events WHERE uid = $1").bind(&e.uid).fetch_optional(&mut *tx).await?;
        // A public series of a group changing: what its followers hear of.
        let was_public = existed.as_ref().filter(|(_, _, s)| s == ListingStatus::Published.as_str() && status == ListingStatus::Published);
        let dates_before = match was_public {
            Some((id, _, _)) if !e.listing.is_empty() => Some(dates_of(&mut *tx, *id).await?),
            _ => None,
        };
        let v = e.venue.as_ref();
        let shape = super::with_floats_present(UPSERT_EVENT, &[v.is_some(), venue_public.is_some()]);
        let id: i64 = sqlx::query_scalar(&shape)
            .bind(&e.slug)
            .bind(&e.uid)
            .bind(&e.listing)
            .bind(&e.title)
            .bind(&e.summary)
            .bind(&e.description)
            .bind(crate::markdown::to_safe_html(&e.description))
            .bind(&e.category)
            .bind(json(&e.languages))
            .bind(e.audience.as_str())
            .bind(e.cost.as_str())
            .bind(&e.price)
            .bind(json(&e.access.iter().map(|a| a.as_str()).collect::<Vec<_>>()))
            .bind(&e.access_notes)
            .bind(e.join_how.as_str())
            .bind(&e.join_url)
            .bind(e.tz.name())
            .bind(e.all_day as i64)
            .bind(format_local(e.start, e.all_day))
            .bind(format_local(e.end, e.all_day))
            .bind(&e.rrule)
            .bind(json(&e.exdates.iter().map(|d| format_local(*d, e.all_day)).collect::<Vec<_>>()))
            .bind(e.place.as_str())
            .bind(&e.online_url)
            .bind(v.and_then(|v| v.name.clone()))
            .bind(v.and_then(|v| v.address.clone()))
            .bind(v.map(|v| v.point.lat))
            .bind(v.map(|v| v.point.lon))
            .bind(v.map(|v| v.precision.as_str()))
            .bind(venue_public.map(|p| p.lat))
            .bind(venue_public.map(|p| p.lon))
            .bind(v.map(|v| v.town.clone()))
            .bind(e.series_status.as_str())
            .bind(status.as_str())
            .bind(super::now_ms())
            .bind(json(&e.rdates.iter().map(|d| format_local(*d, e.all_day)).collect::<Vec<_>>()))
            .bind(&e.language)
            .bind(e.translations.to_json())
            .fetch_one(&mut *tx)
            .await?;
        if existed.is_some() {
            report.updated += 1;
        } else {
            report.created += 1;
        }
        if status == ListingStatus::Published && existed.as_ref().is_none_or(|(_, _, s)| s != ListingStatus::Published.as_str()) {
            // The key is the UID: an update keeps the series' first slug.
            newly_public.push((existed.as_ref().map(|(_, slug, _)| slug.clone()).unwrap_or_else(|| e.slug.clone()), e.listing.clone()));
        }
        if let (Some(before), Some((_, slug, _))) = (&dates_before, &existed) {
            for change in date_changes(before, e, slug) {
                super::alerts::add_group_change_on(&mut *tx, &e.listing, &change).await?;
            }
        }
        replace_dates_on(&mut *tx, id, e.all_day, &e.overrides, &e.series().expand(window.0, window.1)).await?;
    }
    record_newly_public(tx, &newly_public).await?;
    Ok(report)
}

/// A stored series' first start and rule, and its changed dates
/// (recurrence id → status, new start), as stored.
struct DatesBefore {
    start: String,
    rrule: Option<String>,
    overrides: std::collections::HashMap<String, (String, Option<String>)>,
}

async fn dates_of(tx: &mut sqlx::AnyConnection, id: i64) -> Result<DatesBefore, sqlx::Error> {
    let (start, rrule): (String, Option<String>) =
        sqlx::query_as("SELECT starts_local, rrule FROM events WHERE id = $1").bind(id).fetch_one(&mut *tx).await?;
    let rows: Vec<(String, String, Option<String>)> =
        sqlx::query_as("SELECT recurrence_id, status, starts_local FROM event_overrides WHERE event_id = $1")
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
    Ok(DatesBefore { start, rrule, overrides: rows.into_iter().map(|(r, s, t)| (r, (s, t))).collect() })
}

/// What changed for a public series' followers: its times (first start
/// or rule), and each date still to come that is newly cancelled,
/// postponed, moved online or moved to another time.
fn date_changes(before: &DatesBefore, e: &ValidEvent, slug: &str) -> Vec<app::alerts::GroupChange> {
    use app::alerts::GroupChange;
    let mut changes = Vec::new();
    if before.start != format_local(e.start, e.all_day) || before.rrule != e.rrule {
        changes.push(GroupChange::Times { event: slug.to_string() });
    }
    let today = format_local(chrono::Utc::now().with_timezone(&e.tz).naive_local(), e.all_day);
    for o in &e.overrides {
        let date = format_local(o.recurrence_id, e.all_day);
        if date < today {
            continue;
        }
        let start = o.start.map(|t| format_local(t, e.all_day));
        let (old_status, old_start) = before.overrides.get(&date).cloned().unwrap_or_else(|| ("scheduled".into(), None));
        if o.status != OccurrenceStatus::Scheduled && o.status.as_str() != old_status {
            changes.push(GroupChange::Date { event: slug.to_string(), date, status: o.status });
        } else if let Some(to) = start.filter(|s| Some(s) != old_start.as_ref() && *s != date) {
            changes.push(GroupChange::DateMoved { event: slug.to_string(), date, to });
        }
    }
    changes
}

/// Alert items for series just made public (slug, listing), and a new
/// series for those who follow its group.
pub(crate) async fn record_newly_public(tx: &mut sqlx::AnyConnection, series: &[(String, String)]) -> Result<(), sqlx::Error> {
    let slugs: Vec<String> = series.iter().map(|(slug, _)| slug.clone()).collect();
    super::alerts::add_alert_items_on(&mut *tx, app::alerts::ItemKind::Event, &slugs, None).await?;
    for (slug, listing) in series.iter().filter(|(_, listing)| !listing.is_empty()) {
        super::alerts::add_group_change_on(&mut *tx, listing, &app::alerts::GroupChange::NewSeries { event: slug.clone() }).await?;
    }
    Ok(())
}

/// A series' changed dates and its occurrences, rewritten.
pub(crate) async fn replace_dates_on(
    tx: &mut sqlx::AnyConnection,
    id: i64,
    all_day: bool,
    overrides: &[Override],
    occurrences: &[Occurrence],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM event_overrides WHERE event_id = $1").bind(id).execute(&mut *tx).await?;
    for o in overrides {
        sqlx::query(
            "INSERT INTO event_overrides (event_id, recurrence_id, status, starts_local, ends_local, title)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(format_local(o.recurrence_id, all_day))
        .bind(o.status.as_str())
        .bind(o.start.map(|t| format_local(t, all_day)))
        .bind(o.end.map(|t| format_local(t, all_day)))
        .bind(&o.title)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("UPDATE events SET updated_at = $1 WHERE id = $2").bind(super::now_ms()).bind(id).execute(&mut *tx).await?;
    replace_occurrences(tx, id, all_day, occurrences).await
}
