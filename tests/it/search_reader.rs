//! Search as a reader of another language reads it (issue 31): hits in
//! the reader's language where translated, events found by their
//! translations, Farsi typed on an Arabic keyboard, the named language
//! first, and snippets cut from what a person reads.

use crate::common;

use common::*;

fn urlencode(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

async fn search(app: &axum::Router, query: &str) -> serde_json::Value {
    let (status, body) = get(app, &format!("/api/search?{query}")).await;
    assert_eq!(status, axum::http::StatusCode::OK, "{query}: {body}");
    serde_json::from_str(&body).unwrap()
}

fn hits(json: &serde_json::Value) -> Vec<serde_json::Value> {
    json["hits"].as_array().unwrap().clone()
}

fn hit<'a>(hits: &'a [serde_json::Value], slug: &str) -> &'a serde_json::Value {
    hits.iter().find(|h| h["slug"] == slug).unwrap_or_else(|| panic!("{slug} not in {hits:?}"))
}

#[tokio::test]
async fn a_hit_is_shown_in_the_readers_language_where_it_is_translated() {
    let db = sample_db().await;
    let app = app(&db);
    let found = hits(&search(&app, &format!("q={}&in=fr", urlencode("marche"))).await);
    let group = hit(&found, "london-walking-group");
    assert_eq!(group["title"], "Groupe de marche de Londres (exemple)");
    assert_eq!(group["lang"], "fr");
    let found = hits(&search(&app, &format!("q={}&in=ar", urlencode("sheffield"))).await);
    assert_eq!(hit(&found, "sheffield-welcome-drop-in")["title"], "ملتقى الترحيب في شفيلد (نموذج)");
    assert_eq!(hit(&found, "welcome-drop-in-sheffield")["title"], "لقاء الترحيب (نموذج)");
    assert_eq!(hit(&found, "welcome-drop-in-sheffield")["summary_lang"], "ar");
    // No translation in the reader's language: the original, marked so.
    let found = hits(&search(&app, &format!("q={}&in=es", urlencode("sheffield"))).await);
    assert_eq!(hit(&found, "sheffield-welcome-drop-in")["title"], "Sheffield Welcome Drop-in (sample)");
    assert_eq!(hit(&found, "sheffield-welcome-drop-in")["lang"], "en");

    // The page: the Farsi title of a resource, marked as Farsi, right to left.
    let (_, html) = get(&app, &format!("/fa/search?q={}", urlencode("toolkit"))).await;
    assert!(html.contains(r#"lang="fa" dir="rtl" href="/library/organising-toolkit" class="card-name">راهنمای سازمان"#));
    let (_, html) = get(&app, &format!("/fr/search?q={}", urlencode("marche"))).await;
    assert!(html.contains(r#"lang="fr" dir="ltr" href="/listings/london-walking-group" class="card-name">Groupe de marche de Londres"#));
}

#[tokio::test]
async fn an_event_is_found_by_its_translations() {
    let db = sample_db().await;
    let app = app(&db);
    for (q, slug) in
        [("promenade", "walking-group-london"), ("Accueil ouvert", "welcome-drop-in-sheffield"), ("نزهة", "walking-group-london")]
    {
        let found = hits(&search(&app, &format!("type=event&q={}", urlencode(q))).await);
        assert!(found.iter().any(|h| h["slug"] == slug), "{q}: {found:?}");
    }
}

#[tokio::test]
async fn farsi_typed_on_an_arabic_keyboard_or_without_the_joiner_is_found() {
    let db = sample_db().await;
    let app = app(&db);
    for q in ["شدید", "شديد", "چيزي", "گزارشدهی", "گزارش‌دهی"] {
        let found = hits(&search(&app, &format!("type=resource&q={}", urlencode(q))).await);
        assert!(found.iter().any(|h| h["slug"] == "kyr-reporting-farsi"), "{q}: {found:?}");
    }
}

/// Every summary and description of the sample data, in every language,
/// as plain words.
fn readable_texts() -> Vec<String> {
    let mut texts = Vec::new();
    for file in ["data/sample-listings.jsonl", "data/sample-resources.jsonl", "data/sample-events.jsonl"] {
        let data = std::fs::read_to_string(workspace_root().join(file)).unwrap();
        for record in data.lines().filter(|l| !l.trim().is_empty()).map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()) {
            let mut versions = vec![record.clone()];
            versions.extend(record["translations"].as_object().into_iter().flat_map(|t| t.values().cloned()));
            for v in versions {
                for field in ["summary", "description", "body"] {
                    texts.extend(v[field].as_str().map(words));
                }
            }
        }
    }
    texts
}

/// Text as plain words: Markdown marks dropped, one space between words.
fn words(text: &str) -> String {
    text.chars().filter(|c| !matches!(c, '*' | '_' | '#' | '>' | '`')).collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test]
async fn a_snippet_is_a_piece_of_what_a_person_reads() {
    let db = sample_db().await;
    let app = app(&db);
    let texts = readable_texts();
    for q in ["group", "\"reporting centre\" -detained", "walking", "bristol", "london", "cardiff"] {
        for hit in hits(&search(&app, &format!("q={}", urlencode(q))).await) {
            let marked = hit["snippet"].as_str().unwrap().replace("<b>", "").replace("</b>", "");
            let snippet = words(&html_escape::decode_html_entities(&marked));
            assert!(texts.iter().any(|t| t.contains(&snippet)), "{q}: {snippet:?} is no part of a summary or description");
        }
    }
}

#[tokio::test]
async fn what_is_in_the_named_language_comes_first_and_an_excluded_one_is_not_named() {
    let db = sample_db().await;
    let app = app(&db);
    for (query, lang) in [("in=ar&q=بالعربية", "ar"), ("type=resource&in=fa&q=فارسی", "fa"), ("type=resource&q=Farsi", "fa")] {
        let json = search(&app, query).await;
        let found = hits(&json);
        assert_eq!(json["language_first"], lang);
        // What is written in the language (shown in it) first, then what
        // is only spoken there (a group's languages), then the rest.
        let rank = |h: &serde_json::Value| match (h["lang"] == lang, h["languages"].as_array().unwrap().iter().any(|l| l == lang)) {
            (true, _) => 2,
            (false, true) => 1,
            _ => 0,
        };
        let ranks: Vec<u8> = found.iter().map(rank).collect();
        assert!(ranks.windows(2).all(|w| w[0] >= w[1]), "{query}: {ranks:?}");
        assert_eq!(ranks.first(), Some(&2), "{query}: {found:?}");
    }
    // Translated into the language named: found by its name alone.
    let found = hits(&search(&app, &format!("q={}", urlencode("بالعربية"))).await);
    assert_eq!(hit(&found, "london-walking-group")["title"], "مجموعة المشي في لندن (نموذج)");
    let json = search(&app, &format!("q={}", urlencode("know your rights -french"))).await;
    assert!(json["language_first"].is_null(), "{json}");
}

#[tokio::test]
async fn counts_lists_and_a_page_past_the_end_read_as_the_language_writes() {
    let db = sample_db().await;
    let app = app(&db);
    // Browse and search both count in the locale's digits.
    let (_, html) = get(&app, "/fa/library").await;
    assert!(html.contains("(<!>۱"), "Persian digits in the browse facets");
    assert!(!html.contains("\">English (1"), "no Latin digits beside a facet");
    // A card's languages joined with the Arabic comma.
    let (_, html) = get(&app, &format!("/ar/search?q={}", urlencode("toolkit"))).await;
    assert!(html.contains(r#"<bdi lang="en">English</bdi>، <bdi lang="ar">"#), "the Arabic comma between languages");
    // Past the last page: said so, with a way back.
    let (_, html) = get(&app, "/library?q=the&page=9").await;
    assert!(html.contains("past the last page"));
    assert!(html.contains(r#"<a href="/library?q=the">Go to the first page</a>"#));
    let (_, html) = get(&app, "/fa/search?q=the&page=9").await;
    assert!(html.contains(r#"<a href="/search?q=the">رفتن به صفحهٔ اول</a>"#));
}

/// Each card of a page: the address it names, and the card's markup.
fn cards(html: &str) -> Vec<(String, String)> {
    html.split("<li data-kind=")
        .skip(1)
        .map(|c| {
            let href = c.split("href=\"").nth(1).and_then(|h| h.split('"').next()).unwrap_or_default();
            (href.to_string(), c.split("</li>").next().unwrap_or_default().to_string())
        })
        .collect()
}

#[tokio::test]
async fn browsing_the_library_shows_a_translation_set_once_in_the_readers_language() {
    let db = sample_db().await;
    let app = app(&db);
    let set =
        ["kyr-reporting-centre", "kyr-centre-de-signalement", "kyr-centro-de-presentacion", "kyr-reporting-arabic", "kyr-reporting-farsi"];
    let of_set = |html: &str| -> Vec<(String, String)> {
        cards(html).into_iter().filter(|(href, _)| set.iter().any(|s| href == &format!("/library/{s}"))).collect()
    };
    let (_, html) = get(&app, "/fa/library?topic=reporting").await;
    let shown = of_set(&html);
    assert_eq!(shown.len(), 1, "one card for the set: {shown:?}");
    assert_eq!(shown[0].0, "/library/kyr-reporting-farsi");
    assert!(shown[0].1.contains(r#"class="also-in""#), "its other languages beside it: {}", shown[0].1);
    // Narrowed to a language: that language's sheet.
    let (_, html) = get(&app, "/fa/library?topic=reporting&lang=es").await;
    let shown = of_set(&html);
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].0, "/library/kyr-centro-de-presentacion");
    // The English reader: the English sheet, once.
    let (_, html) = get(&app, "/library").await;
    assert_eq!(of_set(&html).iter().map(|(h, _)| h.as_str()).collect::<Vec<_>>(), ["/library/kyr-reporting-centre"]);
}
