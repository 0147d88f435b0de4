//! Any bytes as a tile of an operator's basemap archive (`atlas basemap
//! import`) or of a picture: refused, or decoded, slimmed and drawn without
//! a panic, the slimmed tile decoding again to the same thing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use server::basemap::mvt;

fuzz_target!(|data: &[u8]| {
    let Ok(tile) = mvt::decode(data) else { return };
    let _ = mvt::inspect(&tile);
    for layer in &tile.layers {
        for feature in &layer.features {
            let _ = mvt::geometry(feature);
            let _ = mvt::value_of(layer, feature, "kind");
        }
    }
    let slim = mvt::slim(tile, 14, &mvt::SlimRules { languages: &["en", "ar"] });
    let again = mvt::decode(&mvt::encode(&slim)).expect("a slimmed tile decodes");
    assert_eq!(again, slim);
});
