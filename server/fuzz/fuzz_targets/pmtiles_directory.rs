//! Any bytes as a directory of a remote PMTiles archive (`atlas basemap
//! fetch`): refused with a message, or entries whose offsets never
//! overflow, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(entries) = server::basemap::fetch::decode_directory(data) {
        assert!(entries.len() <= data.len());
    }
});
