//! Any text a visitor types into search, with any filters: results or a
//! clear refusal, never a panic (quotes, operators, scripts, lengths).
#![no_main]

use libfuzzer_sys::fuzz_target;
use server::search::{SearchIndex, SearchRequest};
use std::sync::OnceLock;

fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| SearchIndex::in_ram().expect("an index in memory"))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (text, filter) = text.split_once('\u{1}').unwrap_or((text, ""));
    // The filters, from the text after a \x01: which, and their values.
    let n = filter.len();
    let request = SearchRequest {
        text: text.to_string(),
        doc_type: ["listing", "resource", filter].get(n % 4).map(|s| s.to_string()),
        kind: (n % 2 == 0).then(|| filter.to_string()),
        topic: (n % 3 == 0).then(|| filter.to_string()),
        lang: (n % 5 == 0).then(|| filter.to_string()),
        near: (n % 7 == 0).then(|| app::location::LatLon::new(50.0 + (n % 10) as f64, -((n % 9) as f64))),
        radius_km: (n % 11 == 0).then_some(n as f64),
        offset: n % 1000,
        limit: 1 + n % 50,
        days: (n % 13 == 0).then_some((n as i64, n as i64 + 30)),
        reader: (n % 17 == 0).then(|| filter.to_string()),
    };
    let _ = index().search(&request);
    let _ = index().suggest(text, 8, request.doc_type.as_deref());
});
