//! What's on: event series belonging to listings, expanded into
//! occurrences for a rolling window, read by the pages, the API and the
//! calendar feeds. Every output takes its place from [`query::public_place`],
//! so an event is never shown more precisely than its owner chose.

pub mod dates;
pub mod feed;
pub mod fetch;
pub mod form;
pub mod ics_in;
pub mod ics_out;
pub mod input;
pub mod organise;
pub mod query;
pub mod recurrence;
pub mod regular;
pub mod search;
pub mod subscription;
pub mod timetable;

use crate::atlas::Atlas;
use crate::import::{check_all, jsonl_records, ImportError, LineError, Record};
use crate::store::UpsertReport;
use app::location::LatLon;
use app::model::ListingStatus;
use input::{EventInput, ValidEvent};
use std::io::Read;

pub use crate::store::events::{StoredEvent, StoredOccurrence};
pub use recurrence::{window, FUTURE_DAYS, PAST_DAYS};

/// The file formats `atlas import events` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventFormat {
    Ics,
    JsonLines,
}

impl EventFormat {
    pub fn from_path(path: &std::path::Path) -> EventFormat {
        match path.extension().and_then(|e| e.to_str()) {
            Some("ics") | Some("ical") | Some("ifb") => EventFormat::Ics,
            _ => EventFormat::JsonLines,
        }
    }
}

pub struct EventImportOptions {
    /// Every event belongs to this listing; without it (JSON Lines only)
    /// each record names its own `listing`.
    pub listing: Option<String>,
    /// The file's places are public buildings: keep them, exactly.
    pub exact_venues: bool,
    pub status: ListingStatus,
    pub skip_invalid: bool,
}

#[derive(Debug, Default)]
pub struct EventImportReport {
    pub stored: UpsertReport,
    pub skipped: Vec<LineError>,
}

impl Atlas {
    /// `atlas import events`: every series in the file belongs to one
    /// listing; all or nothing unless told to skip bad ones.
    pub async fn import_events(
        &self,
        mut input: impl Read,
        format: EventFormat,
        options: EventImportOptions,
    ) -> Result<EventImportReport, ImportError> {
        if format == EventFormat::Ics && options.listing.is_none() {
            return Err(ImportError::Malformed("an .ics file needs --listing SLUG: the listing its events belong to".into()));
        }
        if let Some(slug) = &options.listing {
            if self.store.listing_town(slug).await?.is_none() {
                return Err(ImportError::Malformed(format!("no listing has the slug {slug:?}")));
            }
        }
        let categories = self.store.event_categories().await?;
        let slugs: Vec<String> = categories.iter().map(|(s, _)| s.clone()).collect();
        let records: Vec<Record> = match format {
            EventFormat::JsonLines => jsonl_records(&mut input)?,
            EventFormat::Ics => {
                let mut text = String::new();
                (&mut input)
                    .take(ics_in::MAX_BYTES as u64 + 1)
                    .read_to_string(&mut text)
                    .map_err(|_| ImportError::Malformed("the file is not UTF-8 text".into()))?;
                let options = ics_in::IcsOptions { exact_venues: options.exact_venues, default_category: "meeting".into(), categories };
                ics_in::read_off_runtime(text, options)
                    .await
                    .map_err(|e| ImportError::Malformed(e.to_string()))?
                    .into_iter()
                    .enumerate()
                    .map(|(n, (uid, record))| {
                        let fields = record
                            .map_err(|m| format!("UID {uid}: {m}"))
                            .and_then(|e| serde_json::to_value(e).map_err(|e| e.to_string()))
                            .map(|v| v.as_object().cloned().unwrap_or_default());
                        (LineError::at("event", n + 1), fields)
                    })
                    .collect()
            }
        };
        // The towns of the listings named, for venues a file gives no town.
        let mut towns: std::collections::HashMap<String, Option<String>> = std::collections::HashMap::new();
        for (_, fields) in &records {
            let named = fields.as_ref().ok().and_then(|f| f.get("listing")).and_then(|l| l.as_str()).map(str::to_string);
            if let Some(slug) = options.listing.clone().or(named) {
                if let std::collections::hash_map::Entry::Vacant(entry) = towns.entry(slug) {
                    let town = self.store.listing_town(entry.key()).await?;
                    entry.insert(town);
                }
            }
        }
        let exact_allowed = options.exact_venues;
        let check = |fields: serde_json::Map<String, serde_json::Value>| {
            let uid = fields.get("uid").and_then(|u| u.as_str()).map(|u| format!("UID {u}: ")).unwrap_or_default();
            let mut input: EventInput =
                serde_json::from_value(serde_json::Value::Object(fields)).map_err(|e| vec![format!("{uid}not a valid event: {e}")])?;
            if options.listing.is_some() {
                input.listing = options.listing.clone();
            }
            let town = input.listing.as_ref().and_then(|l| towns.get(l).cloned().flatten());
            if let (Some(slug), None) = (&input.listing, &town) {
                return Err(vec![format!("{uid}listing: no listing has the slug {slug:?}")]);
            }
            if let Some(v) = input.venue.as_mut() {
                if let Some(town) = town {
                    v.town.get_or_insert(town);
                }
                // Only the operator's word makes a venue read from a file exact.
                if !exact_allowed && v.precision.as_deref() == Some("exact") {
                    v.public_building = false;
                }
            }
            input.validate(&slugs).map_err(|errs| errs.iter().map(|e| format!("{uid}{e}")).collect())
        };
        let (valid, skipped) = check_all(&records, check, |e: &ValidEvent| &e.slug, options.skip_invalid, |_| {})?;
        let with_points: Vec<(ValidEvent, Option<LatLon>)> = valid
            .into_iter()
            .map(|e| {
                let public = self.venue_public_point(&e);
                (e, public)
            })
            .collect();
        let stored = self.store.upsert_events(&with_points, options.status, window()).await?;
        self.refresh_after_write(app::people::Entity::Event, "").await;
        Ok(EventImportReport { stored, skipped })
    }

    /// Where a checked series' venue is shown: its public point, as
    /// precise as the venue's precision allows (none without a venue).
    pub(crate) fn venue_public_point(&self, e: &ValidEvent) -> Option<LatLon> {
        e.venue.as_ref().and_then(|v| {
            app::location::public_point(v.precision, Some(v.point), self.read.gazetteer.centroid_for(&v.town, Some(v.point), None))
        })
    }

    /// Expands every series again for the window from today: nightly, and
    /// after an upgrade. Returns how many series and occurrences.
    pub async fn expand_all_events(&self) -> Result<(usize, usize), sqlx::Error> {
        let (from, to) = window();
        let ids = self.store.event_ids().await?;
        let mut occurrences = 0;
        for chunk in ids.chunks(500) {
            let events = self.store.events_by_id(chunk).await?;
            // Off the async workers: 500 series' dates are a few
            // milliseconds' work each round, never a request's wait.
            let batch: Vec<(i64, bool, Vec<recurrence::Occurrence>)> = tokio::task::spawn_blocking(move || {
                events.iter().map(|e| (e.id, e.all_day, e.series().map(|s| s.expand(from, to)).unwrap_or_default())).collect()
            })
            .await
            .map_err(|e| sqlx::Error::Protocol(format!("expanding events failed: {e}")))?;
            occurrences += batch.iter().map(|b| b.2.len()).sum::<usize>();
            self.store.replace_occurrences(&batch).await?;
        }
        self.read.refresh_on_this_week().await?;
        // The days each series is on have moved with the window.
        if let Err(e) = self.read.reindex_events(crate::search::EventsToReplace::All).await {
            tracing::error!("indexing events after the expansion failed: {e}");
        }
        Ok((ids.len(), occurrences))
    }
}
