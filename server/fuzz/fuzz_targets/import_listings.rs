//! Any bytes, in each import format: an answer or an error with line
//! numbers, never a panic (the importer reads what operators and other
//! instances send).
#![no_main]

use libfuzzer_sys::fuzz_target;
use app::model::ListingStatus;
use server::import::listings::{read_and_check, Format, ImportOptions};

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else { return };
    let format = [Format::Jsonl, Format::Csv, Format::Geojson][usize::from(first) % 3];
    let kinds = ["solidarity_group".to_string(), "reporting_centre".to_string()];
    for skip_invalid in [false, true] {
        let options = ImportOptions { status: ListingStatus::Published, skip_invalid };
        let _ = read_and_check(&mut &rest[..], format, &kinds, options, |_| {});
    }
});
