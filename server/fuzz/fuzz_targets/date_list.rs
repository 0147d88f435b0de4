//! Any text as "on these dates" typed into a form: refused with a reason,
//! or at most 52 days, sorted, each once, none before today and each in
//! the years a series may use, never a panic.
#![no_main]

use chrono::Datelike;
use libfuzzer_sys::fuzz_target;
use server::events::{dates, recurrence};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).expect("a date");
    if let Ok(days) = dates::parse_list(text, today) {
        assert!(days.len() <= recurrence::MAX_RDATES);
        assert!(days.windows(2).all(|w| w[0] < w[1]));
        assert!(days.iter().all(|d| *d >= today && recurrence::YEARS.contains(&d.year())));
        assert_eq!(dates::from_field(&dates::as_field(&days)), days);
    }
});
