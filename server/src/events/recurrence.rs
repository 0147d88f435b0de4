//! Wall-clock times in a named zone, and a series expanded into its
//! occurrences. Times are kept as the organiser wrote them (local, with an
//! IANA zone) and turned into instants only here, so a weekly 18:00 stays
//! 18:00 across the clock changes.

use app::event::OccurrenceStatus;
use app::problem::Problem;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

/// The zone used when none is given.
pub const DEFAULT_ZONE: &str = "Europe/London";
/// Longest one occurrence may last (a month-long festival fits).
pub const MAX_DAYS: i64 = 62;
/// Most occurrences one series may have inside the window (daily for 15 months fits).
const MAX_IN_WINDOW: usize = 1_000;
/// Most occurrences one expansion walks, kept or not: the walk starts
/// near the window (see `Series::walk_from`), so this bounds the work.
const MAX_WALK: u16 = (MAX_IN_WINDOW * 4) as u16;
/// Most occurrences a COUNT may ask for (weekly for 19 years).
const MAX_COUNT: u32 = 1_000;
/// Longest rule stored (the database refuses longer).
pub const MAX_RULE_LEN: usize = 500;
/// The years an event's dates may fall in: chrono's arithmetic never
/// overflows inside them, and a walk from the first is short.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// Occurrences are kept from this long ago…
pub const PAST_DAYS: i64 = 62;
/// …to this far ahead (13 months and more).
pub const FUTURE_DAYS: i64 = 400;

/// The window occurrences are expanded for, from now.
pub fn window() -> (DateTime<Utc>, DateTime<Utc>) {
    let today = Utc::now().date_naive().and_hms_opt(0, 0, 0).expect("midnight").and_utc();
    (today - Duration::days(PAST_DAYS), today + Duration::days(FUTURE_DAYS))
}

/// `YYYY-MM-DDTHH:MM[:SS]`, or `YYYY-MM-DD` (midnight) when `all_day`.
/// Only in `YEARS`: a date outside them is refused where it is parsed.
pub fn parse_local(text: &str, all_day: bool) -> Option<NaiveDateTime> {
    parse_any_year(text, all_day).filter(|t| YEARS.contains(&t.year()))
}

/// A day asked for in a query (`from`, `to`): an RFC 3339 date, four
/// digits of year (chrono alone also reads `+262142-12-31`, where adding a
/// day overflows), moved into `YEARS` when outside them (no event is there).
pub fn parse_day(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if text.len() != 10 || !text.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let d = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    let (first, last) = (NaiveDate::from_ymd_opt(*YEARS.start(), 1, 1)?, NaiveDate::from_ymd_opt(*YEARS.end(), 12, 31)?);
    Some(d.clamp(first, last))
}

/// A well-formed date and time outside `YEARS`.
pub fn outside_years(text: &str, all_day: bool) -> bool {
    parse_any_year(text, all_day).is_some_and(|t| !YEARS.contains(&t.year()))
}

fn parse_any_year(text: &str, all_day: bool) -> Option<NaiveDateTime> {
    let text = text.trim();
    if all_day {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().map(|d| d.and_time(NaiveTime::MIN))
    } else {
        ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
    }
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
    /// Starts listed one by one (RDATE), besides the rule's or alone.
    pub rdates: Vec<NaiveDateTime>,
    pub exdates: Vec<NaiveDateTime>,
    pub overrides: Vec<Override>,
    pub status: OccurrenceStatus,
}

/// Most dates one series may list (weekly for a year).
pub const MAX_RDATES: usize = 52;

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

/// What expansion needs to know of a checked rule.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Shape {
    /// The length of one period when it is fixed (up to WEEKLY); None for
    /// MONTHLY and YEARLY, whose periods are counted in months.
    fixed_period: Option<Duration>,
    /// Months in one period (MONTHLY and YEARLY).
    months: u32,
    has_count: bool,
    until: Option<DateTime<Utc>>,
}

fn shape(rule: &str) -> Option<Shape> {
    let mut freq = None;
    let (mut interval, mut has_count, mut until) = (1u32, false, None);
    for (key, value) in rule.split(';').filter_map(|p| p.split_once('=')) {
        match key {
            "FREQ" => freq = Some(value),
            "INTERVAL" => interval = value.parse().ok().filter(|n| *n >= 1 && *n <= 10_000)?,
            "COUNT" => has_count = true,
            "UNTIL" => until = NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%SZ").ok().map(|t| t.and_utc()),
            _ => {}
        }
    }
    let unit = |seconds: i64| Some(Duration::seconds(seconds * i64::from(interval)));
    let (fixed_period, months) = match freq? {
        "SECONDLY" => (unit(1), 0),
        "MINUTELY" => (unit(60), 0),
        "HOURLY" => (unit(3_600), 0),
        "DAILY" => (unit(86_400), 0),
        "WEEKLY" => (unit(7 * 86_400), 0),
        "MONTHLY" => (None, interval),
        "YEARLY" => (None, 12 * interval),
        _ => return None,
    };
    Some(Shape { fixed_period, months, has_count, until })
}

/// Checks an RRULE against a start: its own grammar and rrule's checks,
/// and that its cost is bounded: at most one occurrence a day (an event
/// is not every hour, minute or second), a COUNT of at most a thousand,
/// and a first occurrence that the rule reaches. UNTIL written as a local
/// time or a date is made the UTC instant RFC 5545 wants with a zoned
/// start (a date means the end of that day).
pub fn normalise_rrule(rule: &str, tz: Tz, start: NaiveDateTime) -> Result<String, Problem> {
    let given = |rule: &str| Problem::BadRecurrence { given: rule.chars().take(80).collect() };
    if rule.len() > MAX_RULE_LEN {
        return Err(Problem::TooLong { given: rule.chars().count(), max: MAX_RULE_LEN });
    }
    let rule = rule.trim().trim_start_matches("RRULE:").to_ascii_uppercase();
    let mut parts = Vec::new();
    for part in rule.split(';').filter(|p| !p.is_empty()) {
        let Some((key, value)) = part.split_once('=') else { return Err(given(&rule)) };
        match key {
            "UNTIL" if !value.ends_with('Z') => {
                let local = NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S")
                    .ok()
                    .or_else(|| NaiveDate::parse_from_str(value, "%Y%m%d").ok().and_then(|d| d.and_hms_opt(23, 59, 59)))
                    .filter(|t| YEARS.contains(&t.year()))
                    .ok_or_else(|| given(&rule))?;
                parts.push(format!("UNTIL={}", to_instant(tz, local).with_timezone(&Utc).format("%Y%m%dT%H%M%SZ")));
                continue;
            }
            "FREQ" if matches!(value, "SECONDLY" | "MINUTELY" | "HOURLY") => return Err(Problem::RepeatsTooOften),
            "BYHOUR" | "BYMINUTE" | "BYSECOND" => return Err(Problem::RepeatsTooOften),
            "COUNT" if value.parse::<u32>().map_or(true, |n| n > MAX_COUNT) => return Err(Problem::RepeatsTooOften),
            _ => {}
        }
        parts.push(format!("{key}={value}"));
    }
    let normal = parts.join(";");
    if normal.len() > MAX_RULE_LEN || shape(&normal).is_none() {
        return Err(given(&rule));
    }
    let set = rule_set(tz, start, &normal).map_err(|_| given(&rule))?;
    // A rule that never happens (the 30th of February) would have every
    // expansion search for it: refused once here instead.
    if set.limit().into_iter().next().is_none() {
        return Err(given(&rule));
    }
    Ok(normal)
}

fn rule_set(tz: Tz, start: NaiveDateTime, rule: &str) -> Result<rrule::RRuleSet, rrule::RRuleError> {
    let text = format!("DTSTART;TZID={}:{}\nRRULE:{rule}", tz.name(), start.format("%Y%m%dT%H%M%S"));
    text.parse()
}

/// The latest start at or before `target` that the rule's own arithmetic
/// reaches from `start` (whole periods later), so a walk to the window
/// need not pass every occurrence since the first. None when none is
/// later than `start`, or the rule counts its occurrences.
fn walk_from(shape: &Shape, start: NaiveDateTime, target: NaiveDateTime) -> Option<NaiveDateTime> {
    if shape.has_count || target <= start {
        return None;
    }
    if let Some(period) = shape.fixed_period {
        let periods = (target - start).num_seconds() / period.num_seconds().max(1);
        return (periods > 0).then(|| start.checked_add_signed(Duration::seconds(periods.checked_mul(period.num_seconds())?))).flatten();
    }
    // Months: whole years that are whole periods too; the 29th of
    // February moves in leap cycles.
    let step = shape.months as i32 / num_gcd(shape.months as i32, 12) * if (start.month(), start.day()) == (2, 29) { 4 } else { 1 };
    let years = (target.year() - start.year() - 1).max(0) / step * step;
    (years > 0).then(|| start.with_year(start.year() + years)).flatten()
}

fn num_gcd(a: i32, b: i32) -> i32 {
    if b == 0 {
        a.max(1)
    } else {
        num_gcd(b, a % b)
    }
}

impl Series {
    /// The occurrences that overlap `[from, to)`, in time order. The
    /// rule's starts (or the first start alone) and the listed RDATEs,
    /// each once; EXDATEs are left out; overrides move, retitle or cancel
    /// theirs; a cancelled series has every occurrence cancelled.
    pub fn expand(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Occurrence> {
        let length = self.end - self.start;
        let mut starts: Vec<NaiveDateTime> = match &self.rrule {
            None => vec![self.start],
            Some(rule) => self.rule_starts(rule, length, from, to),
        };
        // Bounded whatever a database holds (input keeps to MAX_RDATES).
        starts.extend(self.rdates.iter().take(MAX_IN_WINDOW).copied());
        starts.sort();
        starts.dedup();
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

    /// The starts a rule gives whose occurrence may overlap `[from, to)`.
    /// The walk begins near the window and takes at most `MAX_WALK` steps
    /// (the rule's own loop limit bounds a rule that finds nothing), so a
    /// rule from long ago costs what a new one does.
    fn rule_starts(&self, rule: &str, length: Duration, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<NaiveDateTime> {
        let Some(shape) = shape(rule) else { return vec![self.start] };
        // Starts before the window can still end inside it.
        let earliest = from - Duration::days(MAX_DAYS) - length;
        if shape.until.is_some_and(|until| until < earliest) {
            return Vec::new();
        }
        // A day's margin for the zone's offset.
        let target = earliest.with_timezone(&self.tz).naive_local() - Duration::days(1);
        let begin = walk_from(&shape, self.start, target).unwrap_or(self.start);
        let Ok(set) = rule_set(self.tz, begin, rule) else { return vec![self.start] };
        let zone = rrule::Tz::Tz(self.tz);
        set.before(to.with_timezone(&zone))
            .after(earliest.with_timezone(&zone))
            .all(MAX_WALK)
            .dates
            .into_iter()
            .map(|t| t.naive_local())
            .filter(|t| to_instant(self.tz, *t).with_timezone(&Utc) < to)
            .collect()
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
            rdates: vec![],
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
    fn listed_dates_alone_or_beside_a_rule() {
        let days = |s: &Series| -> Vec<String> {
            s.expand(utc("2027-01-01T00:00:00Z"), utc("2028-01-01T00:00:00Z")).iter().map(|o| format_local(o.start, true)).collect()
        };
        // No rule: the first date and the listed ones, each once, in order.
        let mut s = series("2027-01-12T18:00", "2027-01-12T20:00", None);
        s.rdates = vec![local("2027-03-23T18:00"), local("2027-02-09T18:00"), local("2027-01-12T18:00")];
        assert_eq!(days(&s), ["2027-01-12", "2027-02-09", "2027-03-23"]);
        // An EXDATE takes one away; the zone's summer time applies to each.
        s.exdates = vec![local("2027-02-09T18:00")];
        let got = s.expand(utc("2027-01-01T00:00:00Z"), utc("2028-01-01T00:00:00Z"));
        assert_eq!(got.iter().map(|o| utc_stamp(o.starts_at)).collect::<Vec<_>>(), ["2027-01-12T18:00:00Z", "2027-03-23T18:00:00Z"]);
        // A rule and dates: both.
        let mut s = series("2027-01-05T10:00", "2027-01-05T11:00", Some("FREQ=WEEKLY;COUNT=2"));
        s.rdates = vec![local("2027-01-08T10:00")];
        assert_eq!(days(&s), ["2027-01-05", "2027-01-08", "2027-01-12"]);
    }

    #[test]
    fn bad_rules_are_refused() {
        let tz: Tz = DEFAULT_ZONE.parse().unwrap();
        let start = local("2027-01-01T10:00");
        assert!(normalise_rrule("FREQ=SOMETIMES", tz, start).is_err());
        assert!(normalise_rrule("nonsense", tz, start).is_err());
        // What would make every expansion walk for long (issue 27).
        for rule in ["FREQ=MINUTELY", "FREQ=SECONDLY", "FREQ=HOURLY;INTERVAL=2", "FREQ=DAILY;BYHOUR=1,2,3", "FREQ=WEEKLY;COUNT=100000"] {
            assert_eq!(normalise_rrule(rule, tz, start), Err(Problem::RepeatsTooOften), "{rule}");
        }
        let long = format!("FREQ=WEEKLY;BYDAY={}", vec!["MO"; 200].join(","));
        assert!(matches!(normalise_rrule(&long, tz, start), Err(Problem::TooLong { max: 500, .. })));
        // The 30th of February never comes.
        assert!(normalise_rrule("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", tz, start).is_err());
        assert!(normalise_rrule("FREQ=WEEKLY;UNTIL=99991231", tz, start).is_err());
        assert_eq!(normalise_rrule("freq=weekly;interval=2", tz, local("2027-01-01T10:00")).unwrap(), "FREQ=WEEKLY;INTERVAL=2");
    }

    /// Every start the rule gives in `[from, to)`, walked from the first:
    /// the oracle the near-the-window walk must agree with.
    fn walked_from_the_first(s: &Series, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<String> {
        let set = rule_set(s.tz, s.start, s.rrule.as_deref().unwrap()).unwrap();
        set.into_iter()
            .map(|t| t.naive_local())
            .take_while(|t| to_instant(s.tz, *t).with_timezone(&Utc) < to)
            .map(|t| (t, to_instant(s.tz, t).with_timezone(&Utc)))
            .filter(|(t, at)| *at + (s.end - s.start) > from && to_instant(s.tz, *t).with_timezone(&Utc) < to)
            .map(|(t, _)| format_local(t, false))
            .collect()
    }

    #[test]
    fn an_old_series_gives_the_dates_a_walk_from_its_first_gives() {
        let (from, to) = (utc("2027-03-01T00:00:00Z"), utc("2027-09-01T00:00:00Z"));
        for (start, rule) in [
            ("1990-01-03T18:00", "FREQ=WEEKLY;BYDAY=WE"),
            ("1990-01-03T18:00", "FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,WE"),
            ("1972-02-29T09:30", "FREQ=YEARLY"),
            ("1972-02-29T09:30", "FREQ=MONTHLY;INTERVAL=5"),
            ("1980-01-31T12:00", "FREQ=MONTHLY"),
            ("1980-01-28T19:00", "FREQ=MONTHLY;BYDAY=-1TH"),
            ("1980-01-28T19:00", "FREQ=MONTHLY;INTERVAL=7;BYDAY=1MO,3MO"),
            ("1995-06-15T08:00", "FREQ=DAILY;INTERVAL=3"),
            ("1995-06-15T08:00", "FREQ=DAILY;BYMONTH=3,4;BYDAY=SA"),
            ("2001-09-01T10:00", "FREQ=YEARLY;INTERVAL=2;BYMONTH=4,8;BYDAY=2SU"),
            ("1960-01-01T10:00", "FREQ=WEEKLY;UNTIL=20270401T000000Z"),
            ("1960-01-01T10:00", "FREQ=WEEKLY;UNTIL=20200101T000000Z"),
        ] {
            let s = series(start, &format!("{}T23:00", &start[..10]), Some(rule));
            let got: Vec<String> = s.expand(from, to).iter().map(|o| format_local(o.recurrence_id, false)).collect();
            assert_eq!(got, walked_from_the_first(&s, from, to), "{start} {rule}");
        }
    }

    #[test]
    fn the_work_is_bounded_whatever_the_rule_stored() {
        // Rules the form refuses now but a database may hold: each
        // expansion still walks at most MAX_WALK steps from near the window.
        let tz: Tz = DEFAULT_ZONE.parse().unwrap();
        for rule in ["FREQ=SECONDLY", "FREQ=MINUTELY", "FREQ=HOURLY;BYMINUTE=0,30", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"] {
            let s = Series {
                tz,
                all_day: false,
                start: local("1970-01-01T00:00"),
                end: local("1970-01-01T00:00:01"),
                rrule: Some(rule.into()),
                rdates: vec![],
                exdates: vec![],
                overrides: vec![],
                status: OccurrenceStatus::Scheduled,
            };
            let began = std::time::Instant::now();
            let got = s.expand(utc("2027-01-01T00:00:00Z"), utc("2028-01-01T00:00:00Z"));
            assert!(got.len() <= MAX_IN_WINDOW, "{rule}");
            // Not a timing assertion: a walk from 1970 takes hours.
            eprintln!("{rule}: {} occurrences in {:?}", got.len(), began.elapsed());
        }
    }

    mod property {
        use super::*;
        use proptest::prelude::*;

        fn rule() -> impl Strategy<Value = String> {
            let freq = prop::sample::select(vec!["SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"]);
            let extra = prop::sample::select(vec![
                "",
                ";INTERVAL=2",
                ";INTERVAL=9999",
                ";COUNT=5",
                ";COUNT=99999999",
                ";BYDAY=MO,FR",
                ";BYDAY=-1TH",
                ";BYMONTHDAY=31",
                ";BYMONTH=2;BYMONTHDAY=29",
                ";BYSETPOS=-1;BYDAY=MO,TU",
                ";BYHOUR=0,12",
                ";UNTIL=20300101",
                ";BYWEEKNO=53",
            ]);
            (freq, extra).prop_map(|(f, e)| format!("FREQ={f}{e}"))
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
            /// Any rule the form accepts, from any start in the years it
            /// accepts, expands with a bounded walk into at most
            /// MAX_IN_WINDOW occurrences that fit the schema's checks.
            #[test]
            fn any_accepted_rule_expands_within_bounds(rule in rule(), year in 1900i32..2200, day in 0u32..365, minute in 0u32..1440) {
                let tz: Tz = DEFAULT_ZONE.parse().unwrap();
                let start = NaiveDate::from_yo_opt(year, day + 1).unwrap().and_hms_opt(minute / 60, minute % 60, 0).unwrap();
                if let Ok(normal) = normalise_rrule(&rule, tz, start) {
                    prop_assert!(normal.len() <= MAX_RULE_LEN);
                    let s = Series { tz, all_day: false, start, end: start + Duration::hours(2), rrule: Some(normal), rdates: vec![], exdates: vec![], overrides: vec![], status: OccurrenceStatus::Scheduled };
                    let got = s.expand(utc("2027-01-01T00:00:00Z"), utc("2028-02-01T00:00:00Z"));
                    prop_assert!(got.len() <= MAX_IN_WINDOW);
                    for o in &got {
                        prop_assert!(o.ends_at > o.starts_at && YEARS.contains(&o.start.year()));
                    }
                }
            }
        }
    }
}
