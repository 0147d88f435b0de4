//! Calendar feeds for any filter: the series behind the occurrences a
//! query finds, written as iCalendar with their rules (RRULE, EXDATE and
//! RECURRENCE-ID changes), so a calendar app keeps them as series.

use super::ics_out::{stamp_basic, vtimezone, when, zone_years, IcsWriter};
use super::query::{public_place, PublicPlace};
use super::{recurrence, StoredEvent};
use crate::atlas::Atlas;
use app::event::{EventPlace, OccurrenceStatus};
use app::ports::{EventQuery, EventQueryError, StoreError};
use sha2::Digest;

/// Most series in one feed.
pub const MAX_SERIES: usize = 1_000;

pub struct Feed {
    pub body: String,
    /// A hash of the body: equal bodies, equal tags.
    pub etag: String,
    /// The latest change among the series (RFC 3339), if any.
    pub last_modified: Option<String>,
}

fn status_word(s: OccurrenceStatus) -> &'static str {
    match s {
        OccurrenceStatus::Scheduled | OccurrenceStatus::MovedOnline => "CONFIRMED",
        OccurrenceStatus::Cancelled => "CANCELLED",
        OccurrenceStatus::Postponed => "TENTATIVE",
    }
}

impl Atlas {
    /// The feed of every series with an occurrence matching `query` (at
    /// most MAX_SERIES): the series are chosen directly, not by paging
    /// through their occurrences. Each title and summary is in `reader`'s
    /// language where the series is translated into it.
    pub async fn event_feed(&self, query: &EventQuery, name: &str, reader: Option<&str>) -> Result<Feed, EventQueryError> {
        use super::query::{check, fold, near_series, nearby_listings, passes, public_place, sources, unix_window, DEFAULT_RADIUS_KM};
        let store_error = |e: sqlx::Error| EventQueryError::Store(StoreError(e.to_string()));
        let checked = check(query)?;
        let from = super::recurrence::utc_stamp(checked.from);
        let to = super::recurrence::utc_stamp(checked.to);
        let earliest = super::recurrence::utc_stamp(checked.from - chrono::Duration::days(super::recurrence::MAX_DAYS));
        let window = crate::store::events::Window { from: &from, to: &to, earliest_start: &earliest };
        let listings = self.read.directory.snapshot();
        let lockdown = self.read.in_lockdown();
        let radius = query.radius_km.unwrap_or(DEFAULT_RADIUS_KM);
        let mut ids = Vec::new();
        let timetable = self.read.timetable();
        match near_series(query, &timetable, &listings, lockdown, radius) {
            // Near a point: the series around it on in the window, from the timetable.
            Some(near) => {
                let (from, to, earliest) = unix_window(&checked);
                ids = timetable.on_between(&near, from, to, earliest);
            }
            None => {
                let nearby = nearby_listings(query, &listings, lockdown, radius);
                for among in sources(query, lockdown, radius, &nearby) {
                    ids.extend(self.store.event_ids_in(&window, &among).await.map_err(store_error)?);
                }
            }
        }
        ids.sort_unstable();
        ids.dedup();
        let words = query.q.as_deref().map(fold).unwrap_or_default();
        let mut events = Vec::new();
        for chunk in ids.chunks(500) {
            for e in self.store.events_by_id(chunk).await.map_err(store_error)? {
                let Some(place) = public_place(&e, &listings, lockdown) else { continue };
                if passes(&e, &place, query, &words, radius, &e.title).is_some() {
                    events.push(e);
                }
            }
            if events.len() >= MAX_SERIES {
                break;
            }
        }
        events.truncate(MAX_SERIES);
        Ok(self.write_feed(name, &events, reader))
    }

    /// One series' feed (None when it may not be shown).
    pub async fn single_event_feed(&self, slug: &str) -> Result<Option<Feed>, sqlx::Error> {
        let Some(e) = self.store.event_by_slug(slug).await? else { return Ok(None) };
        if public_place(&e, &self.read.directory.snapshot(), self.read.in_lockdown()).is_none() {
            return Ok(None);
        }
        let name = e.title.clone();
        Ok(Some(self.write_feed(&name, &[e], None)))
    }

    fn write_feed(&self, name: &str, events: &[StoredEvent], reader: Option<&str>) -> Feed {
        let listings = self.read.directory.snapshot();
        let lockdown = self.read.in_lockdown();
        let mut shown: Vec<(&StoredEvent, PublicPlace)> =
            events.iter().filter_map(|e| public_place(e, &listings, lockdown).map(|p| (e, p))).collect();
        shown.sort_by(|a, b| a.0.uid.cmp(&b.0.uid));
        let mut w = IcsWriter::default();
        w.line("BEGIN", "VCALENDAR");
        w.line("VERSION", "2.0");
        w.line("PRODID", "-//Solidarity Atlas//What's on//EN");
        w.line("CALSCALE", "GREGORIAN");
        w.line("METHOD", "PUBLISH");
        w.text("X-WR-CALNAME", name);
        let mut zones: Vec<&str> = shown.iter().map(|(e, _)| e.time_zone.as_str()).collect();
        zones.sort();
        zones.dedup();
        let earliest = shown.iter().filter_map(|(e, _)| recurrence::parse_local(&e.starts_local, e.all_day)).min();
        if let Some(earliest) = earliest {
            let (from, to) = zone_years(earliest);
            for z in zones {
                if let Ok(tz) = z.parse() {
                    vtimezone(&mut w, tz, from, to);
                }
            }
        }
        for (e, place) in &shown {
            self.write_series(&mut w, e, place, reader);
        }
        w.line("END", "VCALENDAR");
        let body = w.finish();
        let etag = format!("\"{}\"", sha2::Sha256::digest(body.as_bytes()).iter().take(12).map(|b| format!("{b:02x}")).collect::<String>());
        let last_modified = shown.iter().map(|(e, _)| e.updated_at.clone()).max();
        Feed { body, etag, last_modified }
    }

    fn write_series(&self, w: &mut IcsWriter, e: &StoredEvent, place: &PublicPlace, reader: Option<&str>) {
        let Some(series) = e.series() else { return };
        let url = format!("{}/events/{}", self.public_url.trim_end_matches('/'), e.slug);
        let stamp = stamp_basic(&e.updated_at);
        let zone = e.time_zone.as_str();
        let length = series.end - series.start;
        // Each text in the reader's language where it is translated, else
        // the original's (a title translated without its summary keeps
        // the original summary), with the language it is in.
        let text = |field: &str, original: &'_ str| -> (String, String) {
            let translated =
                reader.filter(|l| *l != e.language).and_then(|l| e.translations.get(l, field).filter(|t| !t.is_empty()).map(|t| (l, t)));
            let (language, text) = translated.unwrap_or((e.language.as_str(), original));
            (language.to_string(), text.to_string())
        };
        let (title_language, title) = text("title", &e.title);
        let (summary_language, summary) = text("summary", &e.summary);
        // The text's language on the text (RFC 5545 LANGUAGE): a
        // calendar app or screen reader then reads Farsi as Farsi.
        let with_language = |name: &str, language: &str| match language {
            "" => name.to_string(),
            lang => format!("{name};LANGUAGE={lang}"),
        };
        let common = |w: &mut IcsWriter| {
            w.text("URL", &url);
            let description = if summary.is_empty() { url.clone() } else { format!("{summary}\n\n{url}") };
            w.text(&with_language("DESCRIPTION", &summary_language), &description);
            w.text("CATEGORIES", &e.category);
            let location = match (e.place, &place.address, &place.town) {
                (EventPlace::Online, _, _) => e.online_url.clone(),
                (_, Some(address), _) => Some(address.clone()),
                (_, None, Some(town)) => Some(match &place.venue_name {
                    Some(v) => format!("{v}, {town}"),
                    None => town.clone(),
                }),
                _ => None,
            };
            if let Some(l) = location {
                w.text("LOCATION", &l);
            }
            if let Some(p) = place.point {
                w.line("GEO", &format!("{};{}", p.lat, p.lon));
            }
        };
        w.line("BEGIN", "VEVENT");
        w.text("UID", &e.uid);
        w.line("DTSTAMP", &stamp);
        w.line("LAST-MODIFIED", &stamp);
        when(w, "DTSTART", zone, series.start, e.all_day);
        when(w, "DTEND", zone, series.end, e.all_day);
        if let Some(rule) = &e.rrule {
            w.line("RRULE", rule);
        }
        // Listed dates, then dates left out: each in the series' own zone
        // (or as days), as DTSTART is written.
        for (name, days) in [("RDATE", &series.rdates), ("EXDATE", &series.exdates)] {
            if days.is_empty() || (name == "EXDATE" && e.rrule.is_none() && series.rdates.is_empty()) {
                continue;
            }
            let values: Vec<String> = days
                .iter()
                .map(|d| match (e.all_day, zone) {
                    (true, _) => d.format("%Y%m%d").to_string(),
                    (false, "UTC") => d.format("%Y%m%dT%H%M%SZ").to_string(),
                    (false, _) => d.format("%Y%m%dT%H%M%S").to_string(),
                })
                .collect();
            let name = match (e.all_day, zone) {
                (true, _) => format!("{name};VALUE=DATE"),
                (false, "UTC") => name.to_string(),
                (false, z) => format!("{name};TZID={z}"),
            };
            w.line(&name, &values.join(","));
        }
        w.text(&with_language("SUMMARY", &title_language), &title);
        w.line("STATUS", status_word(e.series_status));
        common(w);
        w.line("END", "VEVENT");
        if e.rrule.is_none() && series.rdates.is_empty() {
            return;
        }
        for o in &series.overrides {
            let start = o.start.unwrap_or(o.recurrence_id);
            let end = o.end.unwrap_or(start + length);
            let status = if e.series_status == OccurrenceStatus::Scheduled { o.status } else { e.series_status };
            w.line("BEGIN", "VEVENT");
            w.text("UID", &e.uid);
            w.line("DTSTAMP", &stamp);
            when(w, "RECURRENCE-ID", zone, o.recurrence_id, e.all_day);
            when(w, "DTSTART", zone, start, e.all_day);
            when(w, "DTEND", zone, end, e.all_day);
            // A date's own title has no translation: it is the original's.
            match o.title.as_deref() {
                Some(own) => w.text(&with_language("SUMMARY", &e.language), own),
                None => w.text(&with_language("SUMMARY", &title_language), &title),
            }
            w.line("STATUS", status_word(status));
            common(w);
            w.line("END", "VEVENT");
        }
    }
}
