//! Reading what's on: occurrences in time order with filters, one series
//! with its next dates. The place every output shows comes from
//! [`public_place`] and nowhere else.

use super::timetable::Timetable;
use super::{recurrence, StoredEvent, StoredOccurrence};
use crate::atlas::Atlas;
use crate::directory::Snapshot;
use crate::store::events::Among;
use app::event::{AccessFeature, Attendance, Audience, Cost, EventPlace, PublicEvent, PublicOccurrence};
use app::location::{public_distance_km, LatLon};
use app::model::{ListingStatus, Precision};
use app::ports::{EventPage, EventQuery, EventQueryError, StoreError};
use app::problem::Problem;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use std::collections::HashMap;
use std::sync::Arc;

pub const DEFAULT_LIMIT: usize = 50;
pub const MAX_LIMIT: usize = 500;
/// Longest span one query may ask for.
pub const MAX_SPAN_DAYS: i64 = 500;
/// Default span: today and the next 30 days.
pub const DEFAULT_SPAN_DAYS: i64 = 30;
pub const DEFAULT_RADIUS_KM: f64 = 10.0;
pub const MAX_RADIUS_KM: f64 = 200.0;
/// Occurrences read per round, and at most per request: the work a
/// request does is bounded whatever the filters; past it the answer says
/// where to go on.
const CHUNK: usize = 200;
const MAX_SCANNED: usize = 10_000;
/// Most listings a near-me query looks among (nearest first).
const MAX_NEARBY_LISTINGS: usize = 20_000;

/// Where an event may be shown, as precisely as its owner chose.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PublicPlace {
    pub listing: Option<(String, String)>,
    pub town: Option<String>,
    pub point: Option<LatLon>,
    pub precision: Option<Precision>,
    pub address: Option<String>,
    pub venue_name: Option<String>,
}

/// None when the event may not be shown at all: its listing is not
/// published, or a lockdown hides every place (online events stay,
/// without their listing).
pub fn public_place(e: &StoredEvent, listings: &Snapshot, lockdown: bool) -> Option<PublicPlace> {
    if e.status != ListingStatus::Published {
        return None;
    }
    let listing = listings.get(&e.listing)?;
    if lockdown {
        return (e.place == EventPlace::Online).then(PublicPlace::default);
    }
    let named = Some((listing.slug.clone(), listing.name.clone()));
    Some(match e.place {
        EventPlace::Listing => PublicPlace {
            listing: named,
            town: Some(listing.town.clone()),
            point: listing.lat.zip(listing.lon).map(|(lat, lon)| LatLon::new(lat, lon)),
            precision: Some(listing.precision),
            address: listing.address.clone(),
            venue_name: None,
        },
        EventPlace::Venue => PublicPlace {
            listing: named,
            town: e.venue_town.clone(),
            point: e.venue_public,
            precision: e.venue_precision,
            address: e.venue_address.clone().filter(|_| e.venue_precision == Some(Precision::Exact)),
            // A venue's name can say where it is ("the house by the bus
            // depot"): shown only where its owner chose exact.
            venue_name: e.venue_name.clone().filter(|_| e.venue_precision == Some(Precision::Exact)),
        },
        EventPlace::Online => PublicPlace { listing: named, ..Default::default() },
    })
}

/// A checked query: the window in UTC and the filters.
pub(crate) struct Checked {
    pub(crate) from: DateTime<Utc>,
    pub(crate) to: DateTime<Utc>,
    limit: usize,
    after: Option<(String, i64, String)>,
}

fn invalid(field: &'static str, problem: Problem) -> EventQueryError {
    EventQueryError::Invalid { field, problem }
}

fn day(field: &'static str, text: Option<&str>) -> Result<Option<NaiveDate>, EventQueryError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => {
            recurrence::parse_day(t).map(Some).ok_or_else(|| invalid(field, Problem::NotDate { given: t.chars().take(20).collect() }))
        }
    }
}

/// Midnight in London at the start of `d`, as an instant.
fn london_midnight(d: NaiveDate) -> DateTime<Utc> {
    recurrence::to_instant(chrono_tz::Europe::London, d.and_hms_opt(0, 0, 0).expect("midnight")).with_timezone(&Utc)
}

pub fn today_in_london() -> NaiveDate {
    Utc::now().with_timezone(&chrono_tz::Europe::London).date_naive()
}

/// The cursor's form (also in the API's document): where the last page
/// ended, as start~event~original start. Any cursor of this form is a
/// place in the order, so none is refused.
pub const CURSOR_PATTERN: &str = "^[0-9TZ:.-]{10,30}~[0-9]{1,15}~[0-9TZ:.-]{10,30}$";

fn encode_cursor(o: &StoredOccurrence) -> String {
    format!("{}~{}~{}", o.starts_at, o.event_id, o.recurrence_id)
}

fn decode_cursor(text: &str) -> Option<(String, i64, String)> {
    let stamp = |s: &str| (10..=30).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit() || b"TZ:.-".contains(&b));
    let mut parts = text.split('~');
    let (a, b, c) = (parts.next()?, parts.next()?, parts.next()?);
    let id = b.parse::<i64>().ok().filter(|_| (1..=15).contains(&b.len()) && b.bytes().all(|c| c.is_ascii_digit()))?;
    (parts.next().is_none() && stamp(a) && stamp(c)).then(|| (a.to_string(), id, c.to_string()))
}

pub(crate) fn check(q: &EventQuery) -> Result<Checked, EventQueryError> {
    let given_from = day("from", q.from.as_deref())?;
    let to = day("to", q.to.as_deref())?;
    let from = given_from.unwrap_or_else(|| to.map_or_else(today_in_london, |t| t.min(today_in_london())));
    let to = to.unwrap_or(from + Duration::days(DEFAULT_SPAN_DAYS));
    // Two days name a span in either order; it is cut to what is kept
    // (a window around today) and to the longest span answered, so every
    // well-formed question has an answer (empty outside the window).
    let (from, to) = if to < from { (to, from) } else { (from, to) };
    let to = to.min(from + Duration::days(MAX_SPAN_DAYS));
    let today = today_in_london();
    let (first, last) = (today - Duration::days(super::PAST_DAYS - 1), today + Duration::days(super::FUTURE_DAYS - 1));
    let (from, to) = (from.max(first), to.min(last));
    let limit = match q.limit {
        0 => DEFAULT_LIMIT,
        n if n > MAX_LIMIT => return Err(invalid("limit", Problem::TooManyEntries { given: n, max: MAX_LIMIT })),
        n => n,
    };
    if let Some(r) = q.radius_km {
        if !(r > 0.0 && r <= MAX_RADIUS_KM) {
            return Err(invalid("radius_km", Problem::TooLong { given: r.max(0.0) as usize, max: MAX_RADIUS_KM as usize }));
        }
    }
    // A listing is named by its slug; anything else (a NUL byte, which
    // PostgreSQL refuses in text, included) is a mistake to point out.
    if let Some(listing) = &q.listing {
        app::listing_input::check_slug(listing).map_err(|problem| match problem {
            Problem::SlugCharacters { given } => {
                invalid("listing", Problem::SlugCharacters { given: given.chars().filter(|c| !c.is_control()).take(40).collect() })
            }
            other => invalid("listing", other),
        })?;
    }
    if q.q.as_ref().is_some_and(|t| t.chars().count() > 100) {
        return Err(invalid("q", Problem::TooLong { given: q.q.as_ref().map_or(0, |t| t.chars().count()), max: 100 }));
    }
    let after = match q.cursor.as_deref().filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => Some(decode_cursor(c).ok_or_else(|| invalid("cursor", Problem::LinkExpired))?),
    };
    // Outside the window `to` is before `from`: an empty span.
    let end = if to < from { from } else { to + Duration::days(1) };
    // Asked for no day, a person wants what is still to come: today's
    // dates that have ended are not "on" any more. The same bound as a
    // midnight, so no more rows are read for it.
    let start = match given_from {
        None if from == today => Utc::now().max(london_midnight(from)),
        _ => london_midnight(from),
    };
    Ok(Checked { from: start, to: london_midnight(end), limit, after })
}

pub(crate) fn fold(text: &str) -> String {
    text.to_lowercase()
}

/// RFC 3339 in the event's zone; all day: the date.
fn instant_text(stamp: &str, local: &str, zone: &str, all_day: bool) -> String {
    if all_day {
        return local.to_string();
    }
    let tz: chrono_tz::Tz = zone.parse().unwrap_or(chrono_tz::Europe::London);
    DateTime::parse_from_rfc3339(stamp)
        .map(|t| t.with_timezone(&tz).to_rfc3339_opts(chrono::SecondsFormat::Secs, false))
        .unwrap_or_else(|_| stamp.to_string())
}

/// One occurrence as the public sees it.
pub fn public_occurrence(o: &StoredOccurrence, e: &StoredEvent, place: &PublicPlace) -> PublicOccurrence {
    PublicOccurrence {
        event: e.slug.clone(),
        title: o.title.clone().unwrap_or_else(|| e.title.clone()),
        summary: e.summary.clone(),
        start: instant_text(&o.starts_at, &o.starts_local, &e.time_zone, e.all_day),
        end: instant_text(&o.ends_at, &o.ends_local, &e.time_zone, e.all_day),
        all_day: e.all_day,
        status: o.status,
        attendance: Attendance::of(e.place, e.online_url.is_some()),
        category: e.category.clone(),
        languages: e.languages.clone(),
        listing: place.listing.as_ref().map(|l| l.0.clone()),
        listing_name: place.listing.as_ref().map(|l| l.1.clone()),
        town: place.town.clone(),
        lat: place.point.map(|p| p.lat),
        lon: place.point.map(|p| p.lon),
        address: place.address.clone(),
        distance_km: None,
        recurrence_id: o.recurrence_id.clone(),
        language: e.language.clone(),
        text_language: None,
        summary_language: None,
        translations: listed_translations(o, e),
    }
}

/// What a list of dates shows of a series' translations: the title (not
/// when this date has its own) and the summary.
fn listed_translations(o: &StoredOccurrence, e: &StoredEvent) -> app::translation::Translations {
    let own_title = o.title.as_ref().is_some_and(|t| *t != e.title);
    let fields: &[&str] = if own_title { &["summary"] } else { &["title", "summary"] };
    app::translation::Translations(
        e.translations
            .0
            .iter()
            .map(|(lang, texts)| {
                (lang.clone(), texts.iter().filter(|(k, _)| fields.contains(&k.as_str())).map(|(k, v)| (k.clone(), v.clone())).collect())
            })
            .filter(|(_, texts): &(String, std::collections::BTreeMap<String, String>)| !texts.is_empty())
            .collect(),
    )
}

/// The listings a near-me query looks among (nearest first).
pub(crate) fn nearby_listings(q: &EventQuery, listings: &Snapshot, lockdown: bool, radius: f64) -> Vec<String> {
    match (&q.listing, q.near) {
        (None, Some(centre)) if !lockdown => listings.slugs_near(centre, radius, MAX_NEARBY_LISTINGS),
        _ => Vec::new(),
    }
}

/// Where to look: one listing's series; near a point, the series at the
/// listings and venues around it (so the work follows what is near, not
/// everything on in those days); else everything.
pub(crate) fn sources<'a>(q: &'a EventQuery, lockdown: bool, radius: f64, nearby: &'a [String]) -> Vec<Among<'a>> {
    match (&q.listing, q.near) {
        // A lockdown hides every group: none has events, so none is tied
        // to its online ones (or shown to exist).
        (Some(_), _) if lockdown => Vec::new(),
        (Some(l), _) => vec![Among::OfListing(l)],
        // A lockdown hides every place: nothing is near anything, but
        // online events (which have none) stay.
        (None, Some(_)) if lockdown => {
            if q.in_person {
                Vec::new()
            } else {
                vec![Among::Online]
            }
        }
        (None, Some(centre)) => {
            let (dlat, dlon) = app::location::degrees_around(centre, radius);
            let mut s: Vec<Among> = nearby.chunks(500).map(Among::Listings).collect();
            s.push(Among::VenuesIn { lat: (centre.lat - dlat, centre.lat + dlat), lon: (centre.lon - dlon, centre.lon + dlon) });
            // Online events are near everyone, unless asked for in person.
            if !q.in_person {
                s.push(Among::Online);
            }
            s
        }
        (None, None) => vec![Among::All],
    }
}

/// Near a point (no listing named, no lockdown): the series held at the
/// listings around it or at a venue within the radius, from the timetable.
pub(crate) fn near_series(q: &EventQuery, timetable: &Timetable, listings: &Snapshot, lockdown: bool, radius: f64) -> Option<Vec<i64>> {
    match (&q.listing, q.near) {
        (None, Some(centre)) if !lockdown => {
            Some(timetable.series_near(listings.slugs_within(centre, radius), centre, radius, !q.in_person))
        }
        _ => None,
    }
}

/// Unix seconds of a stored UTC stamp (a cursor's, an occurrence's).
pub(crate) fn unix(stamp: &str) -> Option<i64> {
    DateTime::parse_from_rfc3339(stamp).ok().map(|t| t.timestamp())
}

/// The checked window as the timetable counts: (from, to, earliest start).
pub(crate) fn unix_window(c: &Checked) -> (i64, i64, i64) {
    (c.from.timestamp(), c.to.timestamp(), (c.from - Duration::days(recurrence::MAX_DAYS)).timestamp())
}

/// Whether a series (shown as `title`) passes the filters other than the
/// dates: None if not, else its public distance when the query is near a point.
pub(crate) fn passes(e: &StoredEvent, place: &PublicPlace, q: &EventQuery, words: &str, radius: f64, title: &str) -> Option<Option<f64>> {
    let joinable_online = Attendance::of(e.place, e.online_url.is_some()) != Attendance::InPerson;
    let ok = q.category.as_ref().is_none_or(|c| *c == e.category)
        && q.lang.as_ref().is_none_or(|l| e.languages.contains(l))
        && (!q.online || joinable_online)
        && (!q.in_person || Attendance::of(e.place, e.online_url.is_some()) != Attendance::Online)
        && (!q.free || e.cost == Cost::Free)
        && (!q.step_free || e.access.contains(&AccessFeature::StepFree))
        && (!q.women || e.audience == Audience::Women)
        && (words.is_empty() || words.split_whitespace().all(|w| fold(&format!("{title} {}", e.summary)).contains(w)));
    if !ok {
        return None;
    }
    match q.near {
        None => Some(None),
        Some(centre) => match place.point.map(|p| centre.distance_km(p)) {
            Some(km) if km <= radius => Some(Some(public_distance_km(place.precision.unwrap_or(Precision::Area), km))),
            // Held elsewhere (or nowhere), but anyone may join online.
            _ if joinable_online && !q.in_person => Some(None),
            _ => None,
        },
    }
}

impl Atlas {
    /// Occurrences in time order with the filters; bounded work per call.
    /// Also returns each item's series id (the feeds group by it).
    pub async fn find_occurrences(&self, q: &EventQuery) -> Result<(EventPage, Vec<i64>), EventQueryError> {
        let store_error = |e: sqlx::Error| EventQueryError::Store(StoreError(e.to_string()));
        let checked = check(q)?;
        if let Some(c) = &q.category {
            let known = self.store.event_categories().await.map_err(store_error)?;
            if !known.iter().any(|(s, _)| s == c) {
                let known = known.into_iter().map(|(s, _)| s).collect::<Vec<_>>().join(", ");
                return Err(invalid("category", Problem::UnknownChoice { given: c.chars().take(40).collect(), known }));
            }
        }
        let from = recurrence::utc_stamp(checked.from);
        let to = recurrence::utc_stamp(checked.to);
        let earliest = recurrence::utc_stamp(checked.from - Duration::days(recurrence::MAX_DAYS));
        let window = crate::store::events::Window { from: &from, to: &to, earliest_start: &earliest };
        let listings = self.read.directory.snapshot();
        let lockdown = self.read.in_lockdown();
        let radius = q.radius_km.unwrap_or(DEFAULT_RADIUS_KM);
        let words = q.q.as_deref().map(fold).unwrap_or_default();
        let mut seen: HashMap<i64, Option<(Arc<StoredEvent>, PublicPlace)>> = HashMap::new();
        let (mut items, mut ids) = (Vec::new(), Vec::new());
        let today = today_in_london().to_string();
        // Where to look: one listing's series; near a point, the series at
        // the listings and venues around it (so the work follows what is
        // near, not everything on in those days); else everything.
        let timetable = self.read.timetable();
        let near = near_series(q, &timetable, &listings, lockdown, radius);
        // Without the timetable (no point, or a cursor it cannot read):
        // the listings around the point, read from the database.
        let readable = checked.after.as_ref().is_none_or(|(start, _, _)| unix(start).is_some());
        let nearby = if near.is_some() && readable { Vec::new() } else { nearby_listings(q, &listings, lockdown, radius) };
        let sources = sources(q, lockdown, radius, &nearby);
        let window_times = unix_window(&checked);
        let mut after = checked.after.clone();
        let mut scanned = 0;
        // The first round reads what one page needs (most rows pass the
        // filters); later rounds read a whole chunk.
        let mut chunk = (checked.limit + 1).min(CHUNK);
        loop {
            // Near a point, the timetable names the series behind the next
            // `chunk` occurrences; only their rows are read.
            let cursor = after.as_ref().map(|(start, id, _)| unix(start).map(|t| (t, *id)));
            let chosen = match (&near, cursor) {
                (Some(ids), None | Some(Some(_))) => Some(timetable.first_series(ids, window_times, cursor.flatten(), chunk).0),
                _ => None,
            };
            let round: Vec<Among> = match &chosen {
                Some(ids) => ids.chunks(500).map(Among::Series).collect(),
                None => sources.clone(),
            };
            // The next rows in time order across every source: each gives
            // its first `chunk` after the cursor, so the first `chunk`
            // merged are the first `chunk` overall.
            let mut rows = Vec::new();
            let mut more = false;
            for among in &round {
                let got = self.store.occurrences(&window, after.as_ref(), among, chunk).await.map_err(store_error)?;
                more |= got.len() == chunk;
                rows.extend(got);
            }
            rows.sort_by(|a, b| (&a.starts_at, a.event_id, &a.recurrence_id).cmp(&(&b.starts_at, b.event_id, &b.recurrence_id)));
            more |= rows.len() > chunk;
            rows.truncate(chunk);
            chunk = CHUNK;
            // Each series once: from the timetable's copy, else the database.
            let mut unknown = Vec::new();
            for id in rows.iter().map(|r| r.event_id) {
                if seen.contains_key(&id) {
                    continue;
                }
                match timetable.event(id) {
                    Some(e) => {
                        let place = public_place(&e, &listings, lockdown);
                        seen.insert(id, place.map(|p| (e, p)));
                    }
                    None => unknown.push(id),
                }
            }
            if !unknown.is_empty() {
                for e in self.store.events_by_id(&unknown).await.map_err(store_error)? {
                    let place = public_place(&e, &listings, lockdown);
                    seen.insert(e.id, place.map(|p| (Arc::new(e), p)));
                }
            }
            for row in &rows {
                scanned += 1;
                after = Some((row.starts_at.clone(), row.event_id, row.recurrence_id.clone()));
                let Some(Some((e, place))) = seen.get(&row.event_id) else { continue };
                let mut item = public_occurrence(row, e, place);
                let Some(distance) = passes(e, place, q, &words, radius, &item.title) else { continue };
                item.distance_km = distance;
                items.push(item);
                ids.push(e.id);
                if items.len() == checked.limit {
                    let next = encode_cursor(row);
                    return Ok((EventPage { items, next_cursor: Some(next), today }, ids));
                }
            }
            if !more {
                return Ok((EventPage { items, next_cursor: None, today }, ids));
            }
            if scanned >= MAX_SCANNED {
                let last = rows.last().expect("a full chunk");
                return Ok((EventPage { items, next_cursor: Some(encode_cursor(last)), today }, ids));
            }
        }
    }

    /// One published series with its next dates (and any going on now).
    pub async fn public_event(&self, slug: &str) -> Result<Option<PublicEvent>, sqlx::Error> {
        let Some(e) = self.store.event_by_slug(slug).await? else { return Ok(None) };
        let Some(place) = public_place(&e, &self.read.directory.snapshot(), self.read.in_lockdown()) else { return Ok(None) };
        let now = Utc::now();
        let next: Vec<PublicOccurrence> = e
            .series()
            .map(|s| s.expand(now, now + Duration::days(super::FUTURE_DAYS)))
            .unwrap_or_default()
            .into_iter()
            .take(10)
            .map(|o| {
                let stored = StoredOccurrence {
                    event_id: e.id,
                    recurrence_id: recurrence::format_local(o.recurrence_id, e.all_day),
                    starts_at: recurrence::utc_stamp(o.starts_at),
                    ends_at: recurrence::utc_stamp(o.ends_at),
                    starts_local: recurrence::format_local(o.start, e.all_day),
                    ends_local: recurrence::format_local(o.end, e.all_day),
                    status: o.status,
                    title: o.title.clone(),
                };
                public_occurrence(&stored, &e, &place)
            })
            .collect();
        Ok(Some(PublicEvent {
            slug: e.slug.clone(),
            title: e.title.clone(),
            summary: e.summary.clone(),
            description_html: e.description_html.clone(),
            category: e.category.clone(),
            languages: e.languages.clone(),
            audience: e.audience,
            cost: e.cost,
            price: e.price.clone(),
            access: e.access.clone(),
            access_notes: e.access_notes.clone(),
            join_how: e.join_how,
            join_url: e.join_url.clone(),
            online_url: e.online_url.clone(),
            attendance: Attendance::of(e.place, e.online_url.is_some()),
            status: e.series_status,
            time_zone: e.time_zone.clone(),
            repeats: e.rrule.is_some() || !e.rdates.is_empty(),
            listing: place.listing.as_ref().map(|l| l.0.clone()),
            listing_name: place.listing.as_ref().map(|l| l.1.clone()),
            town: place.town.clone(),
            venue_name: place.venue_name.clone(),
            lat: place.point.map(|p| p.lat),
            lon: place.point.map(|p| p.lon),
            address: place.address.clone(),
            language: e.language.clone(),
            translations: e.translations.clone(),
            next,
        }))
    }
}

#[async_trait::async_trait]
impl app::ports::EventCalendar for Atlas {
    async fn occurrences(&self, query: &EventQuery) -> Result<EventPage, EventQueryError> {
        self.find_occurrences(query).await.map(|(page, _)| page)
    }

    async fn event(&self, slug: &str) -> Result<Option<PublicEvent>, StoreError> {
        self.public_event(slug).await.map_err(|e| StoreError(e.to_string()))
    }

    async fn categories(&self) -> Result<Vec<(String, String)>, StoreError> {
        self.store.event_categories().await.map_err(|e| StoreError(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_junk_is_refused() {
        let o = StoredOccurrence {
            event_id: 7,
            recurrence_id: "2027-01-05T10:00:00".into(),
            starts_at: "2027-01-05T10:00:00Z".into(),
            ends_at: String::new(),
            starts_local: String::new(),
            ends_local: String::new(),
            status: app::event::OccurrenceStatus::Scheduled,
            title: None,
        };
        assert_eq!(decode_cursor(&encode_cursor(&o)), Some(("2027-01-05T10:00:00Z".into(), 7, "2027-01-05T10:00:00".into())));
        assert_eq!(decode_cursor("not a cursor"), None);
    }

    #[test]
    fn a_query_is_checked_before_any_work() {
        let q = |from: &str, to: &str| EventQuery { from: Some(from.into()), to: Some(to.into()), ..Default::default() };
        let day = |n: i64| (today_in_london() + Duration::days(n)).to_string();
        assert!(check(&q(&day(0), &day(30))).is_ok());
        // Either order; cut to the longest span and to the days kept.
        let span = |c: Checked| ((c.to - c.from).num_days(), c.from.date_naive());
        assert_eq!(span(check(&q(&day(30), &day(0))).unwrap()).0, span(check(&q(&day(0), &day(30))).unwrap()).0);
        assert!(span(check(&q(&day(0), &day(900))).unwrap()).0 <= super::super::FUTURE_DAYS);
        let from_of = |a: i64| check(&q(&day(a), &day(0))).unwrap().from;
        assert_eq!(from_of(-1000), from_of(1 - super::super::PAST_DAYS), "cut to the first day kept");
        let long_ago = check(&q("2000-01-01", "2000-01-05")).unwrap();
        assert_eq!(long_ago.from, long_ago.to, "nothing is kept then: an empty span");
        assert!(matches!(check(&q("yesterday", "2027-01-31")), Err(EventQueryError::Invalid { field: "from", .. })));
        // Without a day asked for, the window starts now, not at midnight:
        // what ended earlier today is not listed as on.
        let upcoming = check(&EventQuery::default()).unwrap();
        assert!(upcoming.from > london_midnight(today_in_london()) && upcoming.from <= Utc::now());
        assert_eq!(check(&q(&day(0), &day(1))).unwrap().from, london_midnight(today_in_london()), "a day asked for is the whole day");
        let big = EventQuery { limit: 501, ..Default::default() };
        assert!(matches!(check(&big), Err(EventQueryError::Invalid { field: "limit", .. })));
    }
}
