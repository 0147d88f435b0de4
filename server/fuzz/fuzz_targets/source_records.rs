//! Any copy of a followed source (ORUK page, GeoJSON, CSV; the first byte
//! chooses): read into at most the allowed number of records, each at a
//! precision we know and no street address unless `exact`, or refused
//! with a reason — never a panic.
#![no_main]

use app::source::{Mapping, SourceFormat};
use libfuzzer_sys::fuzz_target;
use server::sources::parse::{read, Terms};

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let format = [SourceFormat::Oruk, SourceFormat::Geojson, SourceFormat::Csv][first as usize % 3];
    let mut mapping = Mapping::default();
    mapping.kinds.insert("advice".into(), "solidarity_group".into());
    mapping.tags.insert("legal".into(), String::new());
    let kinds = vec!["solidarity_group".to_string(), "reporting_centre".to_string()];
    let terms = Terms::new(&mapping, "solidarity_group", &kinds);
    if let Ok(records) = read(format, vec![text.to_string()], &terms, 50) {
        assert!(records.len() <= 50);
        for r in records {
            let precision = r.fields["precision"].as_str().unwrap_or_default();
            assert!(matches!(precision, "exact" | "approximate" | "area"), "{precision}");
            assert!(precision == "exact" || !r.fields.contains_key("address"));
            assert!(kinds.iter().any(|k| Some(k.as_str()) == r.fields["kind"].as_str()));
        }
    }
});
