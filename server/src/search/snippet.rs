//! The short passage under a result, with the matched words in <b>. It
//! runs for every hit of every page, so matching a document's words to
//! the query's allocates nothing per word.

use super::schema::{TextFields, PLAIN};
use std::collections::BTreeMap;
use tantivy::schema::Value;
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, TantivyDocument};

/// Matches are looked for near the start only: snippets are short.
const LOOK_WITHIN_CHARS: usize = 3000;
const SNIPPET_CHARS: usize = 180;
/// Analysed words are at most 40 bytes (see `schema::register_analyzers`).
const LONGEST_WORD: usize = 40;

/// A word of the query, as the plain analyzer made it.
struct QueryWord {
    text: String,
    chars: Vec<char>,
    max_edits: usize,
}

/// Which words of a document the query's words stand for: the same word,
/// the last word's completions while it is being typed, and typos within
/// the word's distance (tantivy's own term list lacks the last two).
pub struct WordMatcher {
    words: Vec<QueryWord>,
    prefix_last: bool,
}

impl WordMatcher {
    /// The query's words, each with the edits the query allowed it.
    pub fn new(words: &[(String, u8)], prefix_last: bool) -> WordMatcher {
        let words = words
            .iter()
            .map(|(w, edits)| QueryWord { text: w.clone(), chars: w.chars().collect(), max_edits: usize::from(*edits) })
            .collect();
        WordMatcher { words, prefix_last }
    }

    fn matches(&self, token: &str) -> bool {
        let last = self.words.len().saturating_sub(1);
        self.words.iter().enumerate().any(|(i, w)| {
            token == w.text
                || (self.prefix_last && i == last && token.starts_with(w.text.as_str()))
                || within_edits(token, &w.chars, w.max_edits)
        })
    }
}

pub struct Snippets {
    analyzer: TextAnalyzer,
    body: tantivy::schema::Field,
}

impl Snippets {
    pub fn new(index: &Index, plain: TextFields) -> Option<Snippets> {
        let analyzer = index.tokenizers().get(&format!("atlas_{PLAIN}"))?;
        Some(Snippets { analyzer, body: plain.body })
    }

    /// A passage of the body, else of the summary, with the matched words
    /// in <b>; the summary, escaped, when nothing matched.
    pub fn of(&mut self, doc: &TantivyDocument, summary: &str, matcher: &WordMatcher) -> String {
        let body = doc.get_first(self.body).and_then(|v| v.as_str()).unwrap_or_default();
        let body = match body.char_indices().nth(LOOK_WITHIN_CHARS) {
            Some((cut, _)) => &body[..cut],
            None => body,
        };
        let mut terms = BTreeMap::new();
        for text in [summary, body] {
            let mut stream = self.analyzer.token_stream(text);
            while stream.advance() {
                let token = &stream.token().text;
                if !terms.contains_key(token) && matcher.matches(token) {
                    terms.insert(token.clone(), 1.0);
                }
            }
        }
        if terms.is_empty() {
            return escape(summary);
        }
        let generator = SnippetGenerator::new(terms, self.analyzer.clone(), self.body, SNIPPET_CHARS);
        let from_body = generator.snippet(body);
        if !from_body.highlighted().is_empty() {
            return from_body.to_html();
        }
        let from_summary = generator.snippet(summary);
        if !from_summary.highlighted().is_empty() {
            return from_summary.to_html();
        }
        escape(summary)
    }
}

/// True when `token` can be turned into `word` with at most `max` edits
/// (Levenshtein; one row of the table, on the stack).
fn within_edits(token: &str, word: &[char], max: usize) -> bool {
    if max == 0 || word.len() > LONGEST_WORD {
        return false;
    }
    let length = token.chars().count();
    if length.abs_diff(word.len()) > max {
        return false;
    }
    let mut row = [0usize; LONGEST_WORD + 1];
    for (j, cell) in row.iter_mut().enumerate().take(word.len() + 1) {
        *cell = j;
    }
    for (i, ca) in token.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in word.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[word.len()] <= max
}

pub fn escape(s: &str) -> String {
    html_escape::encode_text(s).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_prefixes_and_exact_words_are_matched() {
        let chars = |w: &str| w.chars().collect::<Vec<_>>();
        assert!(within_edits("hospitl", &chars("hospital"), 1));
        assert!(within_edits("détension", &chars("détention"), 1));
        assert!(!within_edits("hostel", &chars("hospital"), 2));
        assert!(!within_edits("same", &chars("same"), 0), "exact words are matched before edits are counted");
        let m = WordMatcher::new(&[("detension".into(), 1), ("rep".into(), 0)], true);
        assert!(m.matches("detention"));
        assert!(m.matches("reporting"));
        assert!(m.matches("repair"), "any completion of the word being typed");
        assert!(!WordMatcher::new(&[("rep".into(), 0)], false).matches("reporting"));
        assert!(!WordMatcher::new(&[("detention".into(), 0)], false).matches("detension"), "a word the index knows is matched as typed");
    }
}
