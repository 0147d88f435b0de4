//! Any bytes as a calendar file (an organiser's upload, a followed
//! calendar, `atlas import events`): series or a clear refusal, never a
//! panic or a stack overflow, and every series read checked as the site
//! checks it (RRULE, RDATE and EXDATE lists bounded), with its dates
//! expanded in bounded work.
#![no_main]

use libfuzzer_sys::fuzz_target;
use server::events::ics_in::{read, IcsOptions};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let options = IcsOptions { exact_venues: data.len() % 2 == 0, default_category: "meeting".into(), categories: vec![] };
    let Ok(records) = read(text, &options) else { return };
    let now = chrono::Utc::now();
    for (_, record) in records {
        let Ok(mut input) = record else { continue };
        input.listing = Some("a-group".into());
        if let Ok(valid) = input.validate(&["meeting".to_string()]) {
            let _ = valid.series().expand(now, now + chrono::Duration::days(400));
        }
    }
});
