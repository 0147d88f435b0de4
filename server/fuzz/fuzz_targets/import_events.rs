//! Any bytes as `atlas import events` JSON Lines: records or an error with
//! line numbers; every record that reads is checked as the site checks
//! it, and a valid one expands in bounded work, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use server::events::input::EventInput;

fuzz_target!(|data: &[u8]| {
    let Ok(records) = server::import::jsonl_records(&mut &data[..]) else { return };
    let now = chrono::Utc::now();
    for (_, fields) in records {
        let Ok(fields) = fields else { continue };
        let Ok(input) = serde_json::from_value::<EventInput>(serde_json::Value::Object(fields)) else { continue };
        if let Ok(valid) = input.validate(&["meeting".to_string()]) {
            assert!(valid.series().expand(now, now + chrono::Duration::days(400)).len() <= 1_000);
        }
    }
});
