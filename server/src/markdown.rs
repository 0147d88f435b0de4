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

    #[test]
    fn scripts_and_handlers_are_removed() {
        let html = to_safe_html("**Hi** <script>alert(1)</script> <a href=\"x\" onclick=\"evil()\">x</a> [site](https://example.org)");
        assert!(html.contains("<strong>Hi</strong>"));
        assert!(!html.contains("script") && !html.contains("onclick"));
        assert!(html.contains("rel=\"noopener noreferrer nofollow\""));
        assert!(!to_safe_html("![](https://tracker.example/p.png)").contains("<img"));
    }
}
