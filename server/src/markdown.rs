//! Markdown from groups, made safe to show: rendered, bare web addresses
//! made links, then cleaned with ammonia (no scripts, styles, iframes,
//! images or event handlers; links get rel="nofollow ugc noopener
//! noreferrer").

use pulldown_cmark::{html, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};

pub fn to_safe_html(markdown: &str) -> String {
    if markdown.trim().is_empty() {
        return String::new();
    }
    let mut raw = String::new();
    html::push_html(&mut raw, with_bare_links(Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH)));
    // No images: an image from elsewhere would make visitors' browsers
    // contact a third party (and tell it who reads the listing).
    ammonia::Builder::default().rm_tags(&["img"]).link_rel(Some("nofollow ugc noopener noreferrer")).clean(&raw).to_string()
}

/// Groups paste addresses as they are ("join us: https://chat.whatsapp.com/…"):
/// each bare http(s) address in text outside a link or code becomes a link.
fn with_bare_links<'a>(events: impl Iterator<Item = Event<'a>>) -> impl Iterator<Item = Event<'a>> {
    let finder = {
        let mut f = linkify::LinkFinder::new();
        f.kinds(&[linkify::LinkKind::Url]);
        f
    };
    let mut inside = 0usize;
    events.flat_map(move |event| {
        match &event {
            Event::Start(Tag::Link { .. } | Tag::CodeBlock(_)) => inside += 1,
            Event::End(TagEnd::Link | TagEnd::CodeBlock) => inside = inside.saturating_sub(1),
            Event::Text(text) if inside == 0 => {
                let mut out = Vec::new();
                for span in finder.spans(text) {
                    let piece = CowStr::from(span.as_str().to_string());
                    match span.kind() {
                        Some(_) if span.as_str().starts_with("http") => out.extend([
                            Event::Start(Tag::Link {
                                link_type: LinkType::Autolink,
                                dest_url: piece.clone(),
                                title: CowStr::from(""),
                                id: CowStr::from(""),
                            }),
                            Event::Text(piece),
                            Event::End(TagEnd::Link),
                        ]),
                        _ => out.push(Event::Text(piece)),
                    }
                }
                return out;
            }
            _ => {}
        }
        vec![event]
    })
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
        assert!(html.contains("rel=\"nofollow ugc noopener noreferrer\""));
        assert!(!to_safe_html("![](https://tracker.example/p.png)").contains("<img"));
    }

    #[test]
    fn bare_addresses_become_safe_links() {
        let html = to_safe_html("Join us: https://chat.whatsapp.com/AbC123. Or [our site](https://example.org/x).");
        assert!(
            html.contains(
                r#"<a href="https://chat.whatsapp.com/AbC123" rel="nofollow ugc noopener noreferrer">https://chat.whatsapp.com/AbC123</a>."#
            ),
            "{html}"
        );
        // An address already in a link, or in code, stays as it is.
        assert_eq!(html.matches("<a ").count(), 2, "{html}");
        assert!(!to_safe_html("`https://example.org`").contains("<a "));
        assert!(!to_safe_html("javascript:alert(1) and www.example.org").contains("<a "));
    }
}
