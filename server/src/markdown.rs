//! Markdown from groups, made safe to show: rendered, then cleaned with
//! ammonia (no scripts, styles, iframes or event handlers; links get
//! rel="noopener noreferrer").

use pulldown_cmark::{html, Options, Parser};

pub fn to_safe_html(markdown: &str) -> String {
    if markdown.trim().is_empty() {
        return String::new();
    }
    let mut raw = String::new();
    html::push_html(&mut raw, Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH));
    // No images: an image from elsewhere would make visitors' browsers
    // contact a third party (and tell it who reads the listing).
    ammonia::Builder::default().rm_tags(&["img"]).link_rel(Some("noopener noreferrer nofollow")).clean(&raw).to_string()
}

/// The readable text of rendered HTML (for the search index): no tags,
/// entities decoded.
pub fn text_of_html(html: &str) -> String {
    let bare = ammonia::Builder::empty().clean(html).to_string();
    html_escape::decode_html_entities(&bare).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 128, ..Default::default() })]
        /// The fuzz target's check, for a moment in every test run: what
        /// passes the depth rule renders with no script, handler or image.
        #[test]
        fn any_text_renders_inert(parts in proptest::collection::vec(proptest::sample::select(vec![
            "<script>x</script>", "<img src=x onerror=alert(1)>", "<div>", "</div>", "> ", "- ", "[a](javascript:x)", "**b**",
            "\n", "<a href=\"http://x\" onclick=\"y\">", "`c`", "<iframe>", "&lt;", "text ",
        ]), 0..80)) {
            let text = parts.concat();
            if app::listing_input::markdown_depth(&text) <= app::listing_input::MAX_MARKDOWN_DEPTH {
                let html = to_safe_html(&text).to_ascii_lowercase();
                // The real tags (text's own `<` is escaped as &lt;).
                for tag in html.split('<').skip(1).map(|t| t.split('>').next().unwrap_or("")) {
                    let bad = tag.starts_with("script") || tag.starts_with("img") || tag.starts_with("iframe") || tag.contains(" on");
                    proptest::prop_assert!(!bad, "<{}> in {}", tag, html);
                }
            }
        }
    }

    #[test]
    fn scripts_and_handlers_are_removed() {
        let html = to_safe_html("**Hi** <script>alert(1)</script> <a href=\"x\" onclick=\"evil()\">x</a> [site](https://example.org)");
        assert!(html.contains("<strong>Hi</strong>"));
        assert!(!html.contains("script") && !html.contains("onclick"));
        assert!(html.contains("rel=\"noopener noreferrer nofollow\""));
        assert!(!to_safe_html("![](https://tracker.example/p.png)").contains("<img"));
    }
}
