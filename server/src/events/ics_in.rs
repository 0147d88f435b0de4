//! Reading the calendars groups already keep (`.ics` from Google,
//! Nextcloud, WordPress…) into event inputs. A series is its VEVENT
//! without RECURRENCE-ID; the VEVENTs with one are its changed
//! occurrences. A place in the file (LOCATION, GEO) is kept only when the
//! caller says the venues are public buildings; otherwise the event uses
//! its listing's public place.

use super::input::{EventInput, OverrideInput, VenueInput};
use super::recurrence::{format_local, to_instant};
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use icalendar::parser::{read_calendar, unfold, Component, Property};
use std::collections::BTreeMap;

/// How to read one file.
#[derive(Clone, Debug, Default)]
pub struct IcsOptions {
    /// Keep LOCATION and GEO as an exact public venue.
    pub exact_venues: bool,
    /// Used when CATEGORIES names none of ours.
    pub default_category: String,
    pub categories: Vec<(String, String)>,
}

/// One series read from the file: where it was (its UID) and its fields.
pub type IcsRecord = (String, Result<EventInput, String>);

/// Largest calendar file read (a followed calendar's download stops here too).
pub const MAX_BYTES: usize = 2 * 1024 * 1024;
/// Deepest nesting of components: VCALENDAR › VEVENT › VALARM is three,
/// VCALENDAR › VTIMEZONE › STANDARD too; one more for what others add.
pub const MAX_DEPTH: usize = 4;
/// Most components (events, their alarms, time zones) in one file.
pub const MAX_COMPONENTS: usize = 5_000;
/// Most content lines in one file.
pub const MAX_LINES: usize = 200_000;

/// Why a file was not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IcsError {
    TooLarge { max_kb: usize },
    TooManyLines { given: usize, max: usize },
    TooDeep { depth: usize, max: usize },
    TooManyComponents { given: usize, max: usize },
    NotIcs(String),
}

impl std::fmt::Display for IcsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IcsError::TooLarge { max_kb } => write!(f, "the calendar is larger than {max_kb} KB"),
            IcsError::TooManyLines { given, max } => write!(f, "the calendar has more than {given} lines; at most {max} are read"),
            IcsError::TooDeep { depth, max } => write!(f, "the calendar nests components {depth} deep; at most {max} are read"),
            IcsError::TooManyComponents { given, max } => write!(f, "the calendar has {given} components; at most {max} are read"),
            IcsError::NotIcs(why) => write!(f, "not an iCalendar file: {why}"),
        }
    }
}

impl IcsError {
    /// As the organiser is told it, in their language.
    pub fn problem(&self) -> app::problem::Problem {
        use app::problem::Problem;
        match self {
            IcsError::TooLarge { max_kb } => Problem::CalendarTooLarge { max: *max_kb },
            IcsError::TooManyLines { .. } => Problem::CalendarTooLarge { max: MAX_BYTES / 1024 },
            IcsError::TooDeep { max, .. } => Problem::CalendarNestedTooDeep { max: *max },
            IcsError::TooManyComponents { given, max } => Problem::CalendarTooManyEvents { given: *given, max: *max },
            IcsError::NotIcs(_) => Problem::CalendarNotIcs,
        }
    }
}

/// The cost of parsing bounded before any parsing, in one pass over the
/// unfolded lines: the parser recurses once per nested component, so a
/// file of nested BEGIN lines would otherwise overflow the stack.
fn check_shape(unfolded: &str) -> Result<(), IcsError> {
    let (mut depth, mut components, mut lines) = (0usize, 0usize, 0usize);
    for line in unfolded.split('\n') {
        lines += 1;
        if lines > MAX_LINES {
            return Err(IcsError::TooManyLines { given: MAX_LINES, max: MAX_LINES });
        }
        let head = line.get(..6).unwrap_or(line);
        if head.eq_ignore_ascii_case("BEGIN:") {
            depth += 1;
            components += 1;
            if depth > MAX_DEPTH {
                return Err(IcsError::TooDeep { depth, max: MAX_DEPTH });
            }
            if components > MAX_COMPONENTS {
                return Err(IcsError::TooManyComponents { given: components, max: MAX_COMPONENTS });
            }
        } else if line.get(..4).is_some_and(|h| h.eq_ignore_ascii_case("END:")) {
            depth = depth.saturating_sub(1);
        }
    }
    Ok(())
}

/// The series in a calendar file, in file order. Its cost is bounded
/// first (size, lines, nesting, components); callers on the async
/// runtime run it with `read_off_runtime`.
pub fn read(text: &str, options: &IcsOptions) -> Result<Vec<IcsRecord>, IcsError> {
    if text.len() > MAX_BYTES {
        return Err(IcsError::TooLarge { max_kb: MAX_BYTES / 1024 });
    }
    let unfolded = unfold(text);
    check_shape(&unfolded)?;
    let calendar = read_calendar(&unfolded).map_err(|e| IcsError::NotIcs(e.lines().take(3).collect::<Vec<_>>().join(" ")))?;
    let events: Vec<&Component> = calendar.components.iter().filter(|c| c.name.as_str() == "VEVENT").collect();
    if events.is_empty() && !calendar.components.iter().any(|c| c.name.as_str() == "VTIMEZONE") {
        return Err(IcsError::NotIcs("no VEVENT in it".into()));
    }
    let mut masters: Vec<(String, &Component)> = Vec::new();
    let mut changes: BTreeMap<String, Vec<&Component>> = BTreeMap::new();
    for (n, e) in events.iter().enumerate() {
        // A UID is written back into our feeds: no control characters.
        let uid = value(e, "UID")
            .map(|u| u.chars().filter(|c| !c.is_control()).collect::<String>())
            .filter(|u| !u.is_empty())
            .unwrap_or_else(|| format!("(event {} without UID)", n + 1));
        if e.find_prop("RECURRENCE-ID").is_some() {
            changes.entry(uid).or_default().push(e);
        } else {
            masters.push((uid, e));
        }
    }
    Ok(masters
        .into_iter()
        .map(|(uid, master)| {
            let overrides = changes.remove(&uid).unwrap_or_default();
            let record = series(&uid, master, &overrides, options);
            (uid, record)
        })
        .collect())
}

/// `read` on a blocking thread, so a large file never holds an async worker.
pub async fn read_off_runtime(text: String, options: IcsOptions) -> Result<Vec<IcsRecord>, IcsError> {
    tokio::task::spawn_blocking(move || read(&text, &options))
        .await
        .unwrap_or_else(|_| Err(IcsError::NotIcs("the file could not be read".into())))
}

fn value(c: &Component, name: &str) -> Option<String> {
    c.find_prop(name).map(|p| p.val.clone().unescape_text().as_str().trim().to_string()).filter(|v| !v.is_empty())
}

fn param<'a>(p: &'a Property, key: &str) -> Option<&'a str> {
    p.params.iter().find(|x| x.key.as_str().eq_ignore_ascii_case(key)).and_then(|x| x.val.as_ref()).map(|v| v.as_str())
}

/// A DTSTART-like value: (local wall-clock time, zone name, all day).
fn when(p: &Property) -> Result<(NaiveDateTime, Option<String>, bool), String> {
    let v = p.val.as_str().trim();
    let name = p.name.as_str();
    if param(p, "VALUE") == Some("DATE") || v.len() == 8 {
        let d = NaiveDate::parse_from_str(v, "%Y%m%d").ok().filter(|d| super::recurrence::YEARS.contains(&d.year())).ok_or_else(|| {
            format!("{name}: {v:?} is not a date from {} to {}", super::recurrence::YEARS.start(), super::recurrence::YEARS.end())
        })?;
        return Ok((d.and_time(chrono::NaiveTime::MIN), None, true));
    }
    let (text, utc) = v.strip_suffix('Z').map_or((v, false), |t| (t, true));
    let t = NaiveDateTime::parse_from_str(text, "%Y%m%dT%H%M%S").ok().filter(|t| super::recurrence::YEARS.contains(&t.year())).ok_or_else(
        || format!("{name}: {v:?} is not a date and time from {} to {}", super::recurrence::YEARS.start(), super::recurrence::YEARS.end()),
    )?;
    let zone = if utc { Some("UTC".to_string()) } else { param(p, "TZID").map(|z| z.trim_matches('"').to_string()) };
    Ok((t, zone, false))
}

/// `PT1H30M`, `P1D`, `P2W`: the common durations. None when it is not
/// one, or is longer than any event may last (no arithmetic can overflow).
fn duration(text: &str) -> Option<chrono::Duration> {
    let t = text.trim().strip_prefix('P')?;
    let (days_part, time_part) = t.split_once('T').unwrap_or((t, ""));
    let mut total = chrono::Duration::zero();
    let mut number = String::new();
    for (part, is_time) in [(days_part, false), (time_part, true)] {
        for c in part.chars() {
            if c.is_ascii_digit() {
                number.push(c);
                continue;
            }
            let n: i64 = number.parse().ok().filter(|n| *n <= 1_000_000_000)?;
            number.clear();
            let part = match (c, is_time) {
                ('W', false) => chrono::Duration::try_weeks(n),
                ('D', false) => chrono::Duration::try_days(n),
                ('H', true) => chrono::Duration::try_hours(n),
                ('M', true) => chrono::Duration::try_minutes(n),
                ('S', true) => chrono::Duration::try_seconds(n),
                _ => None,
            }?;
            total = total.checked_add(&part)?;
        }
    }
    (number.is_empty() && total <= chrono::Duration::days(super::recurrence::MAX_DAYS)).then_some(total)
}

/// The values of every `name` line (EXDATE, RDATE: each may list several),
/// as wall-clock times in the series' `zone`. Read up to one more than
/// `max`, so the series' own check refuses a longer list without this
/// reading all of it; a period (`VALUE=PERIOD`) is not a date we read.
fn date_list(e: &Component, name: &str, zone: &str, all_day: bool, max: usize) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for p in e.properties.iter().filter(|p| p.name.as_str() == name) {
        if param(p, "VALUE").is_some_and(|v| v.eq_ignore_ascii_case("PERIOD")) {
            return Err(format!("{name}: periods are not read; list the start of each date"));
        }
        let zone_of = if p.val.as_str().ends_with('Z') { Some("UTC") } else { param(p, "TZID") };
        for v in p.val.as_str().split(',') {
            if out.len() > max {
                return Ok(out);
            }
            let single = Property { name: p.name.clone(), val: v.into(), params: p.params.clone() };
            let (t, _, _) = when(&single)?;
            out.push(format_local(in_zone(t, zone_of, zone), all_day));
        }
    }
    Ok(out)
}

/// A time written in another zone (or UTC), as wall-clock time in `zone`.
fn in_zone(t: NaiveDateTime, from: Option<&str>, zone: &str) -> NaiveDateTime {
    match (from, zone.parse::<chrono_tz::Tz>()) {
        (Some(f), Ok(tz)) if f != zone => match f.parse::<chrono_tz::Tz>() {
            Ok(ftz) => to_instant(ftz, t).with_timezone(&tz).naive_local(),
            Err(_) => t,
        },
        _ => t,
    }
}

fn series(uid: &str, e: &Component, changes: &[&Component], options: &IcsOptions) -> Result<EventInput, String> {
    let start_prop = e.find_prop("DTSTART").ok_or("DTSTART is missing")?;
    let (start, zone, all_day) = when(start_prop)?;
    let zone = zone.unwrap_or_else(|| super::recurrence::DEFAULT_ZONE.to_string());
    let end = match (e.find_prop("DTEND"), value(e, "DURATION")) {
        (Some(p), _) => in_zone(when(p)?.0, when(p)?.1.as_deref(), &zone),
        (None, Some(d)) => duration(&d)
            .and_then(|d| start.checked_add_signed(d))
            .ok_or_else(|| format!("DURATION: {d:?} is not a duration we read (at most {} days)", super::recurrence::MAX_DAYS))?,
        (None, None) => start + if all_day { chrono::Duration::days(1) } else { chrono::Duration::hours(1) },
    };
    let title = value(e, "SUMMARY").ok_or("SUMMARY is missing")?;
    let description = value(e, "DESCRIPTION").unwrap_or_default();
    // The text's language (RFC 5545 `LANGUAGE=`), its primary subtag
    // ("en-GB" → "en"), on the title or else the description.
    let language = ["SUMMARY", "DESCRIPTION"].iter().find_map(|name| e.find_prop(name).and_then(|p| param(p, "LANGUAGE"))).and_then(|l| {
        let primary = l.trim().split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
        ((2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_lowercase())).then_some(primary)
    });
    let summary: String = description.lines().next().unwrap_or("").chars().take(200).collect();
    let exdates = date_list(e, "EXDATE", &zone, all_day, super::input::MAX_EXDATES)?;
    let rdates = date_list(e, "RDATE", &zone, all_day, super::recurrence::MAX_RDATES)?;
    let status = value(e, "STATUS").map(|s| if s.eq_ignore_ascii_case("CANCELLED") { "cancelled" } else { "scheduled" }.to_string());
    let category = value(e, "CATEGORIES")
        .and_then(|cats| {
            cats.split(',').map(|c| c.trim().to_lowercase()).find_map(|c| {
                options.categories.iter().find(|(slug, label)| *slug == c || label.to_lowercase() == c).map(|(slug, _)| slug.clone())
            })
        })
        .unwrap_or_else(|| options.default_category.clone());
    let url = value(e, "URL");
    let venue = options.exact_venues.then(|| {
        let geo = value(e, "GEO").and_then(|g| {
            let (a, b) = g.split_once([';', ','])?;
            Some((a.trim().parse::<f64>().ok()?, b.trim().parse::<f64>().ok()?))
        });
        geo.map(|(lat, lon)| VenueInput {
            address: value(e, "LOCATION"),
            lat: Some(lat),
            lon: Some(lon),
            precision: Some("exact".into()),
            public_building: true,
            ..Default::default()
        })
    });
    let venue = venue.flatten();
    let mut overrides = Vec::new();
    for c in changes {
        let rid = c.find_prop("RECURRENCE-ID").expect("grouped by it");
        let (t, z, _) = when(rid)?;
        let recurrence_id = format_local(in_zone(t, z.as_deref(), &zone), all_day);
        let new_start = c.find_prop("DTSTART").map(when).transpose()?.map(|(t, z, _)| in_zone(t, z.as_deref(), &zone));
        let new_end = c.find_prop("DTEND").map(when).transpose()?.map(|(t, z, _)| in_zone(t, z.as_deref(), &zone));
        let cancelled = value(c, "STATUS").is_some_and(|s| s.eq_ignore_ascii_case("CANCELLED"));
        overrides.push(OverrideInput {
            recurrence_id,
            status: cancelled.then(|| "cancelled".into()),
            start: new_start.map(|t| format_local(t, all_day)),
            end: new_end.map(|t| format_local(t, all_day)),
            title: value(c, "SUMMARY").filter(|t| *t != title),
        });
    }
    Ok(EventInput {
        slug: slug_for(&title, uid),
        uid: Some(uid.to_string()),
        title,
        summary,
        description,
        category,
        join: url.as_ref().map(|_| "link".into()),
        join_url: url,
        time_zone: Some(zone),
        all_day,
        start: format_local(start, all_day),
        end: Some(format_local(end, all_day)),
        rrule: value(e, "RRULE"),
        rdates,
        exdates,
        place: Some(if venue.is_some() { "venue" } else { "listing" }.into()),
        venue,
        status,
        overrides,
        language,
        ..Default::default()
    })
}

/// A readable address that stays the same for the same UID.
pub fn slug_for(title: &str, uid: &str) -> String {
    use sha2::Digest;
    let hash = sha2::Sha256::digest(uid.as_bytes());
    let mut base = slug::slugify(title);
    base.truncate(60);
    let base = base.trim_end_matches('-');
    let tail: String = hash.iter().take(4).map(|b| format!("{b:02x}")).collect();
    if base.is_empty() {
        format!("event-{tail}")
    } else {
        format!("{base}-{tail}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:walk-1@example.org\r\nDTSTART;TZID=Europe/London:20270105T100000\r\nDTEND;TZID=Europe/London:20270105T120000\r\nRRULE:FREQ=WEEKLY;BYDAY=TU\r\nEXDATE;TZID=Europe/London:20270112T100000,20270119T100000\r\nSUMMARY:Walking group\r\nDESCRIPTION:Meet at the gate\\, bring water.\\nAll welcome.\r\nLOCATION:12 Private Road\\, Leeds\r\nGEO:53.8;-1.55\r\nCATEGORIES:Regular activity\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:walk-1@example.org\r\nRECURRENCE-ID;TZID=Europe/London:20270126T100000\r\nDTSTART;TZID=Europe/London:20270126T140000\r\nDTEND;TZID=Europe/London:20270126T160000\r\nSUMMARY:Walking group (afternoon)\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    fn options(exact: bool) -> IcsOptions {
        IcsOptions {
            exact_venues: exact,
            default_category: "meeting".into(),
            categories: vec![("regular_activity".into(), "Regular activity".into()), ("meeting".into(), "Meeting".into())],
        }
    }

    #[test]
    fn a_series_with_exdates_and_a_moved_occurrence() {
        let records = read(FILE, &options(false)).unwrap();
        assert_eq!(records.len(), 1);
        let e = records[0].1.clone().unwrap();
        assert_eq!(e.start, "2027-01-05T10:00:00");
        assert_eq!(e.rrule.as_deref(), Some("FREQ=WEEKLY;BYDAY=TU"));
        assert_eq!(e.exdates, ["2027-01-12T10:00:00", "2027-01-19T10:00:00"]);
        assert_eq!(e.category, "regular_activity");
        assert_eq!(e.description, "Meet at the gate, bring water.\nAll welcome.");
        assert_eq!(e.overrides[0].recurrence_id, "2027-01-26T10:00:00");
        assert_eq!(e.overrides[0].start.as_deref(), Some("2027-01-26T14:00:00"));
        assert_eq!(e.overrides[0].title.as_deref(), Some("Walking group (afternoon)"));
        // Without the operator's word that venues are public: no place kept.
        assert!(e.venue.is_none());
        assert_eq!(e.place.as_deref(), Some("listing"));
        let exact = read(FILE, &options(true)).unwrap()[0].1.clone().unwrap();
        assert_eq!(exact.venue.unwrap().address.as_deref(), Some("12 Private Road, Leeds"));
    }

    #[test]
    fn listed_dates_in_any_zone_become_the_series_own() {
        let listed = FILE.replace(
            "RRULE:FREQ=WEEKLY;BYDAY=TU\r\n",
            "RDATE;TZID=Europe/London:20270209T100000,20270323T100000\r\nRDATE:20270601T090000Z\r\n",
        );
        let e = read(&listed, &options(false)).unwrap()[0].1.clone().unwrap();
        assert_eq!(e.rrule, None);
        assert_eq!(e.rdates, ["2027-02-09T10:00:00", "2027-03-23T10:00:00", "2027-06-01T10:00:00"]);
        let periods = FILE.replace("RRULE:FREQ=WEEKLY;BYDAY=TU", "RDATE;VALUE=PERIOD:20270209T100000Z/PT1H");
        assert!(read(&periods, &options(false)).unwrap()[0].1.as_ref().unwrap_err().starts_with("RDATE"));
        // A long list is read no further than its check needs.
        let many: Vec<String> = (0..400).map(|n| format!("2027{:02}{:02}T100000", n % 12 + 1, n % 28 + 1)).collect();
        let long = FILE.replace("RRULE:FREQ=WEEKLY;BYDAY=TU", &format!("RDATE;TZID=Europe/London:{}", many.join(",")));
        assert_eq!(read(&long, &options(false)).unwrap()[0].1.as_ref().unwrap().rdates.len(), 53);
    }

    #[test]
    fn a_language_parameter_sets_the_events_original_language() {
        let e = read(FILE, &options(false)).unwrap()[0].1.clone().unwrap();
        assert_eq!(e.language, None, "none given: the default");
        let farsi = FILE.replacen("SUMMARY:", "SUMMARY;LANGUAGE=fa-IR:", 1);
        assert_eq!(read(&farsi, &options(false)).unwrap()[0].1.clone().unwrap().language.as_deref(), Some("fa"));
        let odd = FILE.replacen("SUMMARY:", "SUMMARY;LANGUAGE=\"x y\":", 1);
        assert_eq!(read(&odd, &options(false)).unwrap()[0].1.clone().unwrap().language, None, "not a language code: ignored");
    }

    #[test]
    fn what_is_not_a_calendar_says_so() {
        assert!(read("hello", &options(false)).is_err());
        let broken = FILE.replace("DTSTART;TZID=Europe/London:20270105T100000\r\n", "");
        let records = read(&broken, &options(false)).unwrap();
        assert_eq!(records[0].1.as_ref().unwrap_err(), "DTSTART is missing");
    }

    #[test]
    fn durations() {
        assert_eq!(duration("PT1H30M"), Some(chrono::Duration::minutes(90)));
        assert_eq!(duration("P2D"), Some(chrono::Duration::days(2)));
        assert_eq!(duration("1H"), None);
        // Issue 27: these panicked (TimeDelta::weeks out of bounds).
        assert_eq!(duration("P99999999999W"), None);
        assert_eq!(duration("PT9223372036854775807S"), None);
        assert_eq!(duration("P400D"), None, "longer than any event");
    }

    /// Issue 27's 27 KB calendar: 3,000 nested BEGIN lines overflowed the
    /// parser's stack and aborted the process.
    pub(crate) fn nested(depth: usize) -> String {
        let mut ics = String::from("BEGIN:VCALENDAR\r\n");
        ics.push_str(&"BEGIN:VEVENT\r\n".repeat(depth));
        ics.push_str(&"END:VEVENT\r\n".repeat(depth));
        ics.push_str("END:VCALENDAR\r\n");
        ics
    }

    #[test]
    fn a_file_too_deep_too_large_or_too_many_is_refused_before_parsing() {
        assert_eq!(read(&nested(3_000), &options(false)).unwrap_err(), IcsError::TooDeep { depth: 5, max: MAX_DEPTH });
        // Folded lines are counted as the parser sees them.
        let folded = "BEGIN:VCALENDAR\r\n".to_string() + &"BEG\r\n IN:X\r\n".repeat(10) + "END:VCALENDAR\r\n";
        assert!(matches!(read(&folded, &options(false)), Err(IcsError::TooDeep { .. })));
        let many = FILE.replace("END:VCALENDAR", &"BEGIN:VEVENT\r\nEND:VEVENT\r\n".repeat(MAX_COMPONENTS));
        assert!(matches!(read(&many, &options(false)), Err(IcsError::TooManyComponents { .. })));
        let huge = format!("{FILE}{}", "X-PAD:y\r\n".repeat(MAX_BYTES / 8));
        assert_eq!(read(&huge, &options(false)).unwrap_err(), IcsError::TooLarge { max_kb: 2048 });
        // A file at the depth calendars use is read.
        let alarm =
            FILE.replace("END:VEVENT\r\nBEGIN:VEVENT", "BEGIN:VALARM\r\nACTION:DISPLAY\r\nEND:VALARM\r\nEND:VEVENT\r\nBEGIN:VEVENT");
        assert_eq!(read(&alarm, &options(false)).unwrap().len(), 1);
    }

    #[test]
    fn hostile_values_are_refused_or_cleaned() {
        let long = FILE.replace("DTEND;TZID=Europe/London:20270105T120000\r\n", "DURATION:P99999999999W\r\n");
        assert!(read(&long, &options(false)).unwrap()[0].1.as_ref().unwrap_err().starts_with("DURATION"));
        let far = FILE.replace("20270105T100000", "+2621421231T000000");
        assert!(read(&far, &options(false)).unwrap()[0].1.is_err());
        let old = FILE.replace("DTSTART;TZID=Europe/London:20270105T100000", "DTSTART;TZID=Europe/London:00010105T100000");
        assert!(read(&old, &options(false)).unwrap()[0].1.as_ref().unwrap_err().contains("from 1900 to 2200"));
        // A lone CR in a UID would read as a line break in our feeds.
        let cr = FILE.replace("UID:walk-1@example.org", "UID:walk-1@example.org\rBEGIN:VEVENT");
        let records = read(&cr, &options(false)).unwrap();
        assert!(records.iter().all(|(uid, _)| !uid.contains('\r')), "{records:?}");
    }

    mod property {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]
            /// The fuzz target's check, for a moment in every test run:
            /// any text gives records or an error, never a panic.
            #[test]
            fn any_text_is_read_or_refused(lines in prop::collection::vec(prop::sample::select(vec![
                "BEGIN:VCALENDAR", "END:VCALENDAR", "BEGIN:VEVENT", "END:VEVENT", "BEGIN:VALARM", "END:VALARM",
                "UID:a", "UID:b", "DTSTART:20270105T100000Z", "DTSTART;VALUE=DATE:20270105", "DTSTART:99991231T000000",
                "DTEND:20270105T090000Z", "DURATION:P1W", "DURATION:PT99999999999H", "RRULE:FREQ=WEEKLY", "RRULE:FREQ=SECONDLY",
                "RRULE:FREQ=MONTHLY;BYMONTHDAY=31;COUNT=3", "RECURRENCE-ID:20270112T100000Z", "EXDATE:20270112T100000Z,x",
                "SUMMARY:x", "GEO:91;181", "GEO:nan;inf", "STATUS:CANCELLED", " folded", "\r", "",
            ]), 0..60)) {
                let text = lines.join("\r\n");
                let _ = read(&text, &options(true));
            }
        }
    }
}
