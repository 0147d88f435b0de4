//! The short passage under a result, with the matched words in <b>. It
//! runs for every hit of every page, so matching a document's words to
//! the query's allocates nothing per word.

use super::schema::{analyzer_name, TextFields, PLAIN};
use std::collections::BTreeMap;
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::Index;

/// Matches are looked for near the start only: snippets are short.
const LOOK_WITHIN_CHARS: usize = 3000;
const SNIPPET_CHARS: usize = 180;
/// Analysed words are at most 40 bytes (see `schema::register_analyzers`).
const LONGEST_WORD: usize = 40;

/// A word of the query that may be misspelt in a document.
struct TypoWord {
    chars: Vec<char>,
    max_edits: usize,
}

/// Which words of a document stand for the query's: exactly what the query
/// searched for — its words, the completions of the word being typed, and
/// words within a misspelt word's edits (tantivy's own term list lacks the
/// last two).
pub struct WordMatcher {
    exact: BTreeMap<String, f32>,
    typos: Vec<TypoWord>,
}

impl WordMatcher {
    /// The query's words, each with the edits the query allowed it, and
    /// the completions it searched for.
    pub fn new(words: &[(String, u8)], completions: &[String]) -> WordMatcher {
        let exact = words.iter().map(|(w, _)| w).chain(completions).map(|w| (w.clone(), 1.0)).collect();
        let typos = words
            .iter()
            .filter(|(_, edits)| *edits > 0)
            .map(|(w, edits)| TypoWord { chars: w.chars().collect(), max_edits: usize::from(*edits) })
            .collect();
        WordMatcher { exact, typos }
    }

    fn matches(&self, token: &str) -> bool {
        self.exact.contains_key(token) || self.typos.iter().any(|w| within_edits(token, &w.chars, w.max_edits))
    }
}

/// Snippets for one query's hits.
pub struct Snippets {
    analyzer: TextAnalyzer,
    /// Any field: the generator analyses the texts it is given.
    body: tantivy::schema::Field,
    matcher: WordMatcher,
    /// When no word may be misspelt, the words to mark are known before
    /// any hit is read: one generator for every hit, and no first pass
    /// over each hit's words to find them.
    known: Option<SnippetGenerator>,
}

impl Snippets {
    pub fn new(index: &Index, plain: TextFields, matcher: WordMatcher) -> Option<Snippets> {
        let analyzer = index.tokenizers().get(&analyzer_name(PLAIN))?;
        let known =
            matcher.typos.is_empty().then(|| SnippetGenerator::new(matcher.exact.clone(), analyzer.clone(), plain.body, SNIPPET_CHARS));
        Some(Snippets { analyzer, body: plain.body, matcher, known })
    }

    /// A passage of the description, else of the summary, with the
    /// matched words in <b>; the summary, escaped, when nothing matched.
    pub fn of(&mut self, body: &str, summary: &str) -> String {
        let body = match body.char_indices().nth(LOOK_WITHIN_CHARS) {
            Some((cut, _)) => &body[..cut],
            None => body,
        };
        let found;
        let generator = match &self.known {
            Some(generator) => generator,
            None => {
                let terms = self.words_in(&[summary, body]);
                if terms.is_empty() {
                    return escape(summary);
                }
                found = SnippetGenerator::new(terms, self.analyzer.clone(), self.body, SNIPPET_CHARS);
                &found
            }
        };
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

    /// The words of these texts that the query's words stand for.
    fn words_in(&mut self, texts: &[&str]) -> BTreeMap<String, f32> {
        let mut terms = BTreeMap::new();
        for text in texts {
            let mut stream = self.analyzer.token_stream(text);
            while stream.advance() {
                let token = &stream.token().text;
                if !terms.contains_key(token) && self.matcher.matches(token) {
                    terms.insert(token.clone(), 1.0);
                }
            }
        }
        terms
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
        let m = WordMatcher::new(&[("detension".into(), 1), ("rep".into(), 0)], &["reporting".into()]);
        assert!(m.matches("detention"));
        assert!(m.matches("reporting"), "a completion the query searched for");
        assert!(m.matches("rep"));
        assert!(!m.matches("repair"), "a completion the query did not search for is not marked");
        assert!(!WordMatcher::new(&[("rep".into(), 0)], &[]).matches("reporting"));
        assert!(!WordMatcher::new(&[("detention".into(), 0)], &[]).matches("detension"), "a word the index knows is matched as typed");
    }
}
