//! Wall-clock times in a named zone, and a series expanded into its
//! occurrences. Times are kept as the organiser wrote them (local, with an
//! IANA zone) and turned into instants only here, so a weekly 18:00 stays
//! 18:00 across the clock changes.

use app::event::OccurrenceStatus;
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

/// The zone used when none is given.
pub const DEFAULT_ZONE: &str = "Europe/London";
/// Longest one occurrence may last (a month-long festival fits).
pub const MAX_DAYS: i64 = 62;
/// Most occurrences one series may have inside the window (daily for 15 months fits).
const MAX_IN_WINDOW: usize = 1_000;

/// `YYYY-MM-DDTHH:MM[:SS]`, or `YYYY-MM-DD` (midnight) when `all_day`.
pub fn parse_local(text: &str, all_day: bool) -> Option<NaiveDateTime> {
    let text = text.trim();
    if all_day {
        return NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().map(|d| d.and_time(NaiveTime::MIN));
    }
    ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
}

/// As stored: `YYYY-MM-DDTHH:MM:SS`, or `YYYY-MM-DD` when all day.
pub fn format_local(t: NaiveDateTime, all_day: bool) -> String {
    if all_day {
        t.format("%Y-%m-%d").to_string()
    } else {
        t.format("%Y-%m-%dT%H:%M:%S").to_string()
    }
}

/// The instant a wall-clock time names. In the hour that happens twice
/// (October) the first is meant; in the hour that never happens (March)
/// the offset from before the gap applies, so 01:30 is 02:30 summer time.
/// Both as RFC 5545 says, and as Python's zoneinfo does with fold=0.
pub fn to_instant(tz: Tz, local: NaiveDateTime) -> DateTime<Tz> {
    match tz.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) => t,
        chrono::LocalResult::Ambiguous(first, _) => first,
        chrono::LocalResult::None => {
            let before = tz.offset_from_utc_datetime(&(local - Duration::hours(3))).fix();
            tz.from_utc_datetime(&(local - before))
        }
    }
}

/// Stored UTC instants: sortable text.
pub fn utc_stamp(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// What changed for one occurrence, keyed by its original start.
#[derive(Clone, Debug, PartialEq)]
pub struct Override {
    pub recurrence_id: NaiveDateTime,
    pub status: OccurrenceStatus,
    pub start: Option<NaiveDateTime>,
    pub end: Option<NaiveDateTime>,
    pub title: Option<String>,
}

/// A series as expansion needs it.
#[derive(Clone, Debug)]
pub struct Series {
    pub tz: Tz,
    pub all_day: bool,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub rrule: Option<String>,
    pub exdates: Vec<NaiveDateTime>,
    pub overrides: Vec<Override>,
    pub status: OccurrenceStatus,
}

/// One expanded occurrence.
#[derive(Clone, Debug, PartialEq)]
pub struct Occurrence {
    pub recurrence_id: NaiveDateTime,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub status: OccurrenceStatus,
    pub title: Option<String>,
}

/// Checks an RRULE against a start: its own grammar and rrule's checks.
/// UNTIL written as a local time or a date is made the UTC instant
/// RFC 5545 wants with a zoned start (a date means the end of that day).
pub fn normalise_rrule(rule: &str, tz: Tz, start: NaiveDateTime) -> Result<String, String> {
    let rule = rule.trim().trim_start_matches("RRULE:").to_ascii_uppercase();
    let mut parts = Vec::new();
    for part in rule.split(';').filter(|p| !p.is_empty()) {
        let Some((key, value)) = part.split_once('=') else { return Err(rule.clone()) };
        if key == "UNTIL" && !value.ends_with('Z') {
            let local = NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S")
                .ok()
                .or_else(|| NaiveDate::parse_from_str(value, "%Y%m%d").ok().and_then(|d| d.and_hms_opt(23, 59, 59)))
                .ok_or_else(|| rule.clone())?;
            parts.push(format!("UNTIL={}", to_instant(tz, local).with_timezone(&Utc).format("%Y%m%dT%H%M%SZ")));
        } else {
            parts.push(format!("{key}={value}"));
        }
    }
    let normal = parts.join(";");
    rule_set(tz, start, &normal).map_err(|_| rule)?;
    Ok(normal)
}

fn rule_set(tz: Tz, start: NaiveDateTime, rule: &str) -> Result<rrule::RRuleSet, rrule::RRuleError> {
    let text = format!("DTSTART;TZID={}:{}\nRRULE:{rule}", tz.name(), start.format("%Y%m%dT%H%M%S"));
    text.parse()
}

impl Series {
    /// The occurrences that overlap `[from, to)`, in time order. EXDATEs
    /// are left out; overrides move, retitle or cancel theirs; a cancelled
    /// series has every occurrence cancelled.
    pub fn expand(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Occurrence> {
        let length = self.end - self.start;
        let starts: Vec<NaiveDateTime> = match &self.rrule {
            None => vec![self.start],
            Some(rule) => match rule_set(self.tz, self.start, rule) {
                Ok(set) => set
                    .into_iter()
                    .map(|t| t.naive_local())
                    // Starts before the window can still end inside it.
                    .take_while(|t| to_instant(self.tz, *t).with_timezone(&Utc) < to)
                    .filter(|t| to_instant(self.tz, *t + length).with_timezone(&Utc) > from - Duration::days(MAX_DAYS))
                    .take(MAX_IN_WINDOW * 4)
                    .collect(),
                Err(_) => vec![self.start],
            },
        };
        let mut out: Vec<Occurrence> = starts
            .into_iter()
            .filter(|s| !self.exdates.contains(s))
            .map(|original| {
                let change = self.overrides.iter().find(|o| o.recurrence_id == original);
                let start = change.and_then(|c| c.start).unwrap_or(original);
                let end = change.and_then(|c| c.end).unwrap_or(start + length);
                let status = match (self.status, change.map(|c| c.status)) {
                    (OccurrenceStatus::Scheduled, Some(s)) => s,
                    (series, _) => series,
                };
                Occurrence {
                    recurrence_id: original,
                    start,
                    end,
                    starts_at: to_instant(self.tz, start).with_timezone(&Utc),
                    ends_at: to_instant(self.tz, end).with_timezone(&Utc),
                    status,
                    title: change.and_then(|c| c.title.clone()),
                }
            })
            .filter(|o| o.starts_at < to && o.ends_at > from)
            .collect();
        out.sort_by_key(|o| (o.starts_at, o.recurrence_id));
        out.truncate(MAX_IN_WINDOW);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(s: &str) -> NaiveDateTime {
        parse_local(s, false).unwrap()
    }

    fn series(start: &str, end: &str, rule: Option<&str>) -> Series {
        let tz: Tz = DEFAULT_ZONE.parse().unwrap();
        Series {
            tz,
            all_day: false,
            start: local(start),
            end: local(end),
            rrule: rule.map(|r| normalise_rrule(r, tz, local(start)).unwrap()),
            exdates: vec![],
            overrides: vec![],
            status: OccurrenceStatus::Scheduled,
        }
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_weekly_evening_stays_at_six_across_the_clock_change() {
        let s = series("2026-10-20T18:00", "2026-10-20T20:00", Some("FREQ=WEEKLY;BYDAY=TU"));
        let got = s.expand(utc("2026-10-19T00:00:00Z"), utc("2026-11-04T00:00:00Z"));
        let starts: Vec<String> = got.iter().map(|o| utc_stamp(o.starts_at)).collect();
        assert_eq!(starts, ["2026-10-20T17:00:00Z", "2026-10-27T18:00:00Z", "2026-11-03T18:00:00Z"]);
    }

    #[test]
    fn the_repeated_hour_means_the_first_and_the_missing_hour_moves_on() {
        let tz: Tz = DEFAULT_ZONE.parse().unwrap();
        assert_eq!(utc_stamp(to_instant(tz, local("2026-10-25T01:30")).with_timezone(&Utc)), "2026-10-25T00:30:00Z");
        assert_eq!(utc_stamp(to_instant(tz, local("2026-03-29T01:30")).with_timezone(&Utc)), "2026-03-29T01:30:00Z");
    }

    #[test]
    fn last_thursday_until_and_exdates() {
        let mut s = series("2027-01-28T19:00", "2027-01-28T21:00", Some("FREQ=MONTHLY;BYDAY=-1TH;UNTIL=20270501"));
        s.exdates = vec![local("2027-02-25T19:00")];
        s.overrides = vec![Override {
            recurrence_id: local("2027-03-25T19:00"),
            status: OccurrenceStatus::Cancelled,
            start: None,
            end: None,
            title: None,
        }];
        let got = s.expand(utc("2027-01-01T00:00:00Z"), utc("2028-01-01T00:00:00Z"));
        let days: Vec<(String, OccurrenceStatus)> = got.iter().map(|o| (format_local(o.start, true), o.status)).collect();
        assert_eq!(
            days,
            [
                ("2027-01-28".to_string(), OccurrenceStatus::Scheduled),
                ("2027-03-25".to_string(), OccurrenceStatus::Cancelled),
                ("2027-04-29".to_string(), OccurrenceStatus::Scheduled)
            ]
        );
    }

    #[test]
    fn bad_rules_are_refused() {
        let tz: Tz = DEFAULT_ZONE.parse().unwrap();
        assert!(normalise_rrule("FREQ=SOMETIMES", tz, local("2027-01-01T10:00")).is_err());
        assert!(normalise_rrule("nonsense", tz, local("2027-01-01T10:00")).is_err());
        assert_eq!(normalise_rrule("freq=weekly;interval=2", tz, local("2027-01-01T10:00")).unwrap(), "FREQ=WEEKLY;INTERVAL=2");
    }
}
