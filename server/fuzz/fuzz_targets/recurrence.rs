//! Any repeat rule and start (the event form, a suggestion, a followed
//! calendar): refused, or expanded into a bounded number of dates with
//! bounded work, never a panic. The first byte picks the time zone and
//! the start's year; the rest is the rule.
#![no_main]

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use libfuzzer_sys::fuzz_target;
use server::events::recurrence::{normalise_rrule, Series, YEARS};

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let Ok(rule) = std::str::from_utf8(rest) else { return };
    let tz = [chrono_tz::Europe::London, chrono_tz::UTC, chrono_tz::Asia::Tehran, chrono_tz::America::Santiago][pick as usize % 4];
    let year = YEARS.start() + i32::from(pick) * (YEARS.end() - YEARS.start()) / 255;
    let start = NaiveDate::from_ymd_opt(year, 1 + u32::from(pick % 12), 1 + u32::from(pick % 28)).unwrap().and_hms_opt(1, 30, 0).unwrap();
    let Ok(normal) = normalise_rrule(rule, tz, start) else { return };
    let series = Series {
        tz,
        all_day: pick % 3 == 0,
        start,
        end: start + Duration::hours(2),
        rrule: Some(normal),
        // A few listed dates beside the rule ("on these dates" too).
        rdates: (0..i64::from(pick % 4)).map(|n| start + Duration::days(7 * n + 3)).collect(),
        exdates: vec![],
        overrides: vec![],
        status: app::event::OccurrenceStatus::Scheduled,
    };
    let from = Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap();
    assert!(series.expand(from, from + Duration::days(400)).len() <= 1_000);
});
