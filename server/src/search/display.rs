//! What a result shows, in the reader's language where the record is
//! translated: each display field holds the original's text, then each
//! translation's, tagged with its language (`fr` + U+0001 + text). Read
//! from the page's hits only, so a search costs the same however many
//! records are translated.

use super::schema::Fields;
use tantivy::schema::{Field, Value};
use tantivy::TantivyDocument;

/// Ends a value's language tag.
const TAG_END: char = '\u{1}';

/// A display value: `text` in `lang`.
pub fn tagged(lang: &str, text: &str) -> String {
    format!("{lang}{TAG_END}{text}")
}

/// A record's title, summary and description as a reader of one
/// language sees them, each with the language it is in.
#[derive(Debug, PartialEq)]
pub struct Shown {
    pub title: String,
    pub title_lang: String,
    pub summary: String,
    pub summary_lang: String,
    /// The description, plain text: snippets are cut from it.
    pub body: String,
}

/// Each value of a display field, as (language, text), the original first.
fn values(doc: &TantivyDocument, field: Field) -> Vec<(&str, &str)> {
    doc.get_all(field).filter_map(|v| v.as_str()).map(|v| v.split_once(TAG_END).unwrap_or(("", v))).collect()
}

/// The text in `lang` when it has one, else the original's.
fn pick(values: &[(&str, &str)], lang: &str) -> (String, String) {
    let found = values.iter().find(|(l, t)| *l == lang && !t.is_empty()).or(values.first());
    found.map(|(l, t)| (t.to_string(), l.to_string())).unwrap_or_default()
}

/// The document's text in `wanted` where translated, else its original's.
pub fn shown(doc: &TantivyDocument, f: &Fields, wanted: Option<&str>) -> Shown {
    let (titles, summaries, bodies) = (values(doc, f.title_display), values(doc, f.summary_display), values(doc, f.body_display));
    let original = titles.first().map(|(l, _)| *l).unwrap_or_default();
    let lang = wanted.unwrap_or(original);
    let (title, title_lang) = pick(&titles, lang);
    let (summary, summary_lang) = pick(&summaries, lang);
    // The snippet is in the summary's language: a description in another
    // is left out.
    let body = bodies.iter().find(|(l, _)| *l == summary_lang).map(|(_, t)| t.to_string()).unwrap_or_default();
    Shown { title, title_lang, summary, summary_lang, body }
}
