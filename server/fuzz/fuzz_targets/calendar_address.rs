//! Any text as the address of a calendar to follow: refused with a
//! reason, or a web address no longer than the database keeps, whose
//! host is named, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(url) = server::events::fetch::check_address(text) {
        assert!(url.as_str().len() <= 500, "{url}");
        assert!(matches!(url.scheme(), "http" | "https"), "{url}");
        assert!(url.host_str().is_some_and(|h| !h.is_empty()), "{url}");
    }
});
