//! Any text as a group's description or a resource's body, as the site
//! takes it: refused by the depth rule, or rendered to HTML that holds no
//! script, handler or image, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let text = app::listing_input::clean_text(text);
    if app::listing_input::markdown_depth(&text) > app::listing_input::MAX_MARKDOWN_DEPTH {
        return;
    }
    let html = server::markdown::to_safe_html(&text);
    // The real tags (text's own `<` is escaped as &lt;).
    let lower = html.to_ascii_lowercase();
    for tag in lower.split('<').skip(1).map(|t| t.split('>').next().unwrap_or("")) {
        let bad = tag.starts_with("script") || tag.starts_with("img") || tag.starts_with("iframe") || tag.contains(" on");
        assert!(!bad, "<{tag}> in {html}");
    }
    let _ = server::markdown::text_of_html(&html);
});
