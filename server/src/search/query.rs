//! From what a visitor typed to a tantivy query. Never fails: query
//! syntax characters are treated as spaces, an unbalanced quote as text,
//! and overlong input is cut, so no parser error can reach the visitor.
//!
//! The syntax, as the search pages' help says: words (any of them may
//! match; hits with every word first), `"a phrase"` (must appear as
//! written), `-word` and `-"a phrase"` (no hit contains it; a hyphen
//! inside a word, as in "know-your-rights", is not an exclusion).

use super::named::{Vocabulary, VocabularyField};
use super::schema::{tokens, Fields, TextFields, PLAIN, TYPED};
use std::collections::HashMap;
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Index, Searcher, Term};

pub const MAX_QUERY_CHARS: usize = 500;
const MAX_WORDS: usize = 16;

/// What a visitor typed, cleaned.
#[derive(Debug, Default, PartialEq)]
pub struct UserQuery {
    /// Plain text outside quotes.
    pub text: String,
    /// Exact phrases ("...").
    pub phrases: Vec<String>,
    /// The last word is still being typed (no trailing space): match it as a prefix.
    pub prefix_last: bool,
    /// Words and phrases after a `-`: no hit may contain them.
    pub excluded: Vec<String>,
}

/// Characters of the query language, read as spaces in the text.
const SYNTAX: &str = "+-:()^~*[]{}!\\/<>=&|";

impl UserQuery {
    pub fn parse(raw: &str) -> UserQuery {
        let cut: String = raw.chars().take(MAX_QUERY_CHARS).map(|c| if c.is_control() { ' ' } else { c }).collect();
        let (kept, excluded) = take_exclusions(&cut);
        let cleaned: String = kept.chars().map(|c| if SYNTAX.contains(c) { ' ' } else { c }).collect();
        let prefix_last = !cleaned.ends_with(char::is_whitespace) && !cleaned.trim_end().ends_with('"');
        let mut text = String::new();
        let mut phrases = Vec::new();
        let parts: Vec<&str> = cleaned.split('"').collect();
        // Odd parts are inside quotes, but only when the quote is closed.
        let closed = parts.len() % 2 == 1;
        for (i, part) in parts.iter().enumerate() {
            let inside = i % 2 == 1 && (closed || i < parts.len() - 1);
            if inside && !part.trim().is_empty() {
                phrases.push(part.trim().to_string());
            } else {
                text.push(' ');
                text.push_str(part);
            }
        }
        UserQuery { text: text.split_whitespace().collect::<Vec<_>>().join(" "), phrases, prefix_last, excluded }
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty() && self.phrases.is_empty()
    }
}

/// Cuts `-word` and `-"a phrase"` (a `-` at the start of a word) out of
/// `raw`: what is left, and the excluded texts without their syntax.
fn take_exclusions(raw: &str) -> (String, Vec<String>) {
    let mut kept = String::with_capacity(raw.len());
    let mut excluded = Vec::new();
    let mut rest = raw;
    // Inside a closed quote a `-` is text, not an exclusion.
    let mut in_quote = false;
    while let Some(c) = rest.chars().next() {
        let at_word_start = kept.is_empty() || kept.ends_with(char::is_whitespace);
        if c == '"' {
            in_quote = !in_quote;
        }
        if c == '-' && at_word_start && !in_quote {
            let after = &rest[1..];
            let (what, len) = if let Some(quoted) = after.strip_prefix('"') {
                match quoted.find('"') {
                    Some(end) => (&quoted[..end], end + 2),
                    None => (quoted, quoted.len() + 1),
                }
            } else {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                (&after[..end], end)
            };
            let words: String = what.chars().map(|c| if SYNTAX.contains(c) || c == '"' { ' ' } else { c }).collect();
            let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
            if !words.is_empty() {
                excluded.push(words);
            }
            kept.push(' ');
            rest = &after[len..];
            continue;
        }
        kept.push(c);
        rest = &rest[c.len_utf8()..];
    }
    (kept, excluded)
}

/// Field weights: a match in the title counts most.
type FieldOf = fn(&TextFields) -> tantivy::schema::Field;
const WEIGHTS: [(FieldOf, f32); 3] = [(|f| f.title, 3.0), (|f| f.summary, 2.0), (|f| f.body, 1.0)];

/// The stemmed copy's weight: a title's word, given three times there,
/// scores about as a title match did when each part had its own field.
const STEMMED_WEIGHT: f32 = 3.0;

/// Above any score the words themselves give, so that a hit with every
/// word of a query of several ranks above hits with some.
const EVERY_WORD_BONUS: f32 = 1000.0;

fn boosted(q: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(q, boost))
}

/// What a word scores in a document holding the topic, activity or kind
/// the word names (in any language): about a title match.
const VOCABULARY_SCORE: f32 = 5.0;

/// Edit distance allowed for a word of this many letters.
fn typo_distance(word: &str) -> u8 {
    match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// How many edits a query word may be away from a document's word.
/// Typo tolerance only for words the index does not know: a known word is
/// most likely meant as typed, and fuzzy matching is costly.
fn edits_allowed(searcher: &Searcher, plain: &TextFields, word: &str) -> u8 {
    let known = [plain.title, plain.body].iter().any(|f| searcher.doc_freq(&Term::from_field_text(*f, word)).unwrap_or(0) > 0);
    if known {
        0
    } else {
        typo_distance(word)
    }
}

/// The words of the text that carry meaning: stop words are dropped,
/// unless nothing else is left. Each as the plain copy folds it, and as
/// typed (lower case), which the stemmers read: they need the letters
/// folding drops (accents, the Arabic kaf and taa marbuta).
fn content_words(index: &Index, text: &str) -> Vec<(String, String)> {
    let raw: Vec<String> = text.split_whitespace().take(MAX_WORDS).map(str::to_string).collect();
    let kept: Vec<&String> = raw.iter().filter(|w| !super::schema::is_stop_word(index, w)).collect();
    let chosen = if kept.is_empty() { raw.iter().collect() } else { kept };
    // Both analyzers split words alike: the n-th of each is one word.
    chosen.into_iter().flat_map(|w| tokens(index, PLAIN, w).into_iter().zip(tokens(index, TYPED, w))).collect()
}

/// A word's forms on the stemmed copy: its stems in each of `languages`
/// (from the word as typed) and the word as folded.
fn stemmed_forms(index: &Index, languages: &[String], (folded, typed): (&str, &str)) -> Vec<String> {
    let mut forms: Vec<String> = languages.iter().flat_map(|l| tokens(index, l, typed)).chain([folded.to_string()]).collect();
    forms.sort();
    forms.dedup();
    forms
}

/// Most words a prefix is completed to (the commonest are kept).
const MAX_COMPLETIONS: usize = 64;

/// The query for what was typed, and what a hit's snippet marks: exactly
/// what was searched for.
pub struct TextQuery {
    pub query: Box<dyn Query>,
    /// The text's words and the phrases', each with the edits it was allowed.
    pub words: Vec<(String, u8)>,
    /// The words the one being typed was completed to.
    pub completions: Vec<String>,
}

/// The text part: each word's stems in every language present (and the
/// word as written, for documents in a language without a stemmer) on the
/// stemmed copy, plus typo-tolerant and prefix matches on the plain copy.
/// Words are OR-ed so BM25 ranks documents with more of them higher.
///
/// The alternatives are one flat list of term queries wherever possible:
/// a prefix becomes the words that complete it, instead of an automaton
/// query that gathers every completing document into a bitset per query.
/// (A search's first page scores, counts and facets every match in one
/// pass; its next pages reuse the count and let tantivy skip what cannot
/// reach them, see `sets::RankedOnce` and docs/performance.md.)
pub fn build(
    index: &Index,
    searcher: &Searcher,
    fields: &Fields,
    languages: &[String],
    vocabulary: &Vocabulary,
    q: &UserQuery,
) -> Option<TextQuery> {
    let plain = fields.plain;
    let words = content_words(index, &q.text);
    // The values the words name, found with their stop words ("groupe de marche").
    let all_words: Vec<String> = tokens(index, PLAIN, &q.text).into_iter().take(MAX_WORDS * 2).collect();
    let named = vocabulary.values_of(&all_words);
    let values_of = |word: &str| -> Vec<(VocabularyField, String)> {
        let mut v: Vec<(VocabularyField, String)> =
            all_words.iter().zip(&named).filter(|(w, _)| *w == word).flat_map(|(_, values)| values.iter().cloned()).collect();
        v.sort_by(|a, b| a.1.cmp(&b.1));
        v.dedup();
        v
    };
    let mut marked: Vec<(String, u8)> = Vec::new();
    let mut completed: Vec<String> = Vec::new();
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let term = |field, text: &str, weight: f32| -> (Occur, Box<dyn Query>) {
        let query = TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::WithFreqs);
        (Occur::Should, boosted(Box::new(query), weight))
    };

    let mut fuzzy: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut every_word: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (i, (word, typed)) in words.iter().enumerate() {
        let forms = stemmed_forms(index, languages, (word, typed));
        for form in &forms {
            clauses.push(term(fields.stemmed, form, STEMMED_WEIGHT));
        }
        let mut any_form: Vec<(Occur, Box<dyn Query>)> = forms
            .iter()
            .map(|f| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(Term::from_field_text(fields.stemmed, f), IndexRecordOption::Basic));
                (Occur::Should, q)
            })
            .collect();
        // A word naming a topic, an activity or a kind (in any of the
        // interface's languages) also finds what holds that value.
        for (field, value) in values_of(word) {
            let field = match field {
                VocabularyField::Topic => fields.topic,
                VocabularyField::Kind => fields.kind,
            };
            let holds = || Box::new(TermQuery::new(Term::from_field_text(field, &value), IndexRecordOption::Basic));
            any_form.push((Occur::Should, holds()));
            clauses.push((Occur::Should, Box::new(ConstScoreQuery::new(holds(), VOCABULARY_SCORE))));
        }
        every_word.push((Occur::Must, Box::new(BooleanQuery::new(any_form))));
        let distance = edits_allowed(searcher, &plain, word);
        marked.push((word.clone(), distance));
        let last = i + 1 == words.len();
        for (field, weight) in WEIGHTS {
            if distance > 0 {
                let query = FuzzyTermQuery::new(Term::from_field_text(field(&plain), word), distance, true);
                fuzzy.push((Occur::Should, boosted(Box::new(query), weight * 0.5)));
            }
            // Prefixes match titles and summaries only: cheaper, and a body
            // word that merely starts with what is typed is weak evidence.
            if last && q.prefix_last && word.chars().count() >= 2 && weight > 1.0 {
                for completion in completions(searcher, field(&plain), word) {
                    clauses.push(term(field(&plain), &completion, weight * 0.6));
                    completed.push(completion);
                }
            }
        }
    }
    clauses.extend(fuzzy);
    // What has every word comes before what has some of them, however
    // often those few appear ("reporting centre Sheffield": the Sheffield
    // centre before a Leeds event that says "reporting centre" twice).
    if every_word.len() >= 2 {
        clauses.push((Occur::Should, Box::new(ConstScoreQuery::new(Box::new(BooleanQuery::new(every_word)), EVERY_WORD_BONUS))));
    }

    for phrase in &q.phrases {
        let terms = tokens(index, PLAIN, phrase);
        marked.extend(terms.iter().map(|t| (t.clone(), 0)));
        let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (field, weight) in WEIGHTS {
            let f = field(&plain);
            let query: Box<dyn Query> = match terms.len() {
                0 => continue,
                1 => Box::new(TermQuery::new(Term::from_field_text(f, &terms[0]), IndexRecordOption::WithFreqs)),
                _ => Box::new(PhraseQuery::new(terms.iter().map(|t| Term::from_field_text(f, t)).collect())),
            };
            alternatives.push((Occur::Should, boosted(query, weight)));
        }
        if !alternatives.is_empty() {
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(alternatives))));
        }
    }
    completed.sort();
    completed.dedup();
    let excluded = exclusions(index, fields, languages, &q.excluded);
    let query: Box<dyn Query> = match (clauses.is_empty(), excluded.is_empty()) {
        (true, true) => return None,
        (false, true) => Box::new(BooleanQuery::new(clauses)),
        // Only exclusions: everything but what they name.
        (true, false) => {
            Box::new(BooleanQuery::new(std::iter::once((Occur::Must, Box::new(AllQuery) as Box<dyn Query>)).chain(excluded).collect()))
        }
        // Wrapped, so the words keep their "any of them" meaning.
        (false, false) => Box::new(BooleanQuery::new(
            std::iter::once((Occur::Must, Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)).chain(excluded).collect(),
        )),
    };
    Some(TextQuery { query, words: marked, completions: completed })
}

/// What `-word` and `-"a phrase"` rule out: a word in any of the forms it
/// would be found by (its stems in every language, or as written), a
/// phrase as written in the title, summary or body.
fn exclusions(index: &Index, fields: &Fields, languages: &[String], excluded: &[String]) -> Vec<(Occur, Box<dyn Query>)> {
    let plain = fields.plain;
    let mut out: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for text in excluded.iter().take(MAX_WORDS) {
        let terms = tokens(index, PLAIN, text);
        // Gathered first: tantivy's phrase scorer, as an exclusion, is
        // asked to seek backwards (its debug assertion fails).
        let mut anywhere: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (field, _) in WEIGHTS {
            let f = field(&plain);
            let query: Box<dyn Query> = match terms.len() {
                0 => continue,
                1 => Box::new(TermQuery::new(Term::from_field_text(f, &terms[0]), IndexRecordOption::Basic)),
                _ => Box::new(PhraseQuery::new(terms.iter().map(|t| Term::from_field_text(f, t)).collect())),
            };
            anywhere.push((Occur::Should, query));
        }
        if !anywhere.is_empty() {
            out.push((Occur::MustNot, Box::new(Gathered(Box::new(BooleanQuery::new(anywhere))))));
        }
        if let ([word], [typed]) = (terms.as_slice(), tokens(index, TYPED, text).as_slice()) {
            for form in stemmed_forms(index, languages, (word, typed)) {
                out.push((
                    Occur::MustNot,
                    Box::new(TermQuery::new(Term::from_field_text(fields.stemmed, &form), IndexRecordOption::Basic)),
                ));
            }
        }
    }
    out
}

/// A query whose matches are listed in full, per segment, before they are
/// used: an exclusion then only ever seeks forwards in a list.
#[derive(Debug)]
struct Gathered(Box<dyn Query>);

impl Clone for Gathered {
    fn clone(&self) -> Self {
        Gathered(self.0.box_clone())
    }
}

impl Query for Gathered {
    fn weight(&self, scoring: tantivy::query::EnableScoring<'_>) -> tantivy::Result<Box<dyn tantivy::query::Weight>> {
        Ok(Box::new(GatheredWeight(self.0.weight(scoring)?)))
    }
}

struct GatheredWeight(Box<dyn tantivy::query::Weight>);

impl tantivy::query::Weight for GatheredWeight {
    fn scorer(&self, reader: &tantivy::SegmentReader, boost: f32) -> tantivy::Result<Box<dyn tantivy::query::Scorer>> {
        use tantivy::DocSet;
        let mut inner = self.0.scorer(reader, boost)?;
        let mut docs = Vec::new();
        while inner.doc() != tantivy::TERMINATED {
            docs.push(inner.doc());
            inner.advance();
        }
        Ok(Box::new(Listed { docs, at: 0, score: boost }))
    }

    fn explain(&self, reader: &tantivy::SegmentReader, doc: tantivy::DocId) -> tantivy::Result<tantivy::query::Explanation> {
        self.0.explain(reader, doc)
    }
}

/// A segment's matches of a [`Gathered`] query, in order.
struct Listed {
    docs: Vec<tantivy::DocId>,
    at: usize,
    score: f32,
}

impl tantivy::DocSet for Listed {
    fn advance(&mut self) -> tantivy::DocId {
        self.at = (self.at + 1).min(self.docs.len());
        self.doc()
    }

    fn doc(&self) -> tantivy::DocId {
        self.docs.get(self.at).copied().unwrap_or(tantivy::TERMINATED)
    }

    fn size_hint(&self) -> u32 {
        self.docs.len() as u32
    }
}

impl tantivy::query::Scorer for Listed {
    fn score(&mut self) -> f32 {
        self.score
    }
}

/// The words in `field` that `prefix` begins (not `prefix` itself), the
/// commonest first, at most [`MAX_COMPLETIONS`].
fn completions(searcher: &Searcher, field: Field, prefix: &str) -> Vec<String> {
    let mut found: HashMap<String, u32> = HashMap::new();
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(field) else { continue };
        let Ok(mut stream) = inverted.terms().range().ge(prefix.as_bytes()).into_stream() else { continue };
        while stream.advance() {
            let key = stream.key();
            if !key.starts_with(prefix.as_bytes()) {
                break;
            }
            if let (true, Ok(word)) = (key.len() > prefix.len(), std::str::from_utf8(key)) {
                *found.entry(word.to_string()).or_default() += stream.value().doc_freq;
            }
        }
    }
    let mut found: Vec<(String, u32)> = found.into_iter().collect();
    found.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    found.into_iter().take(MAX_COMPLETIONS).map(|(word, _)| word).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_and_quotes_never_break_parsing() {
        let q = UserQuery::parse("\"know your rights\" reporting");
        assert_eq!(q.phrases, ["know your rights"]);
        assert_eq!(q.text, "reporting");
        let q = UserQuery::parse("\"unbalanced quote");
        assert!(q.phrases.is_empty());
        assert_eq!(q.text, "unbalanced quote");
        let q = UserQuery::parse("+a -b c:(d)^2~ e* \u{0}");
        assert_eq!(q.text, "a c d 2 e");
        assert_eq!(q.excluded, ["b"]);
        assert!(UserQuery::parse("   ").is_empty());
        assert_eq!(UserQuery::parse(&"x".repeat(10_000)).text.len(), MAX_QUERY_CHARS);
        assert!(!UserQuery::parse("nhs ").prefix_last);
        assert!(UserQuery::parse("nhs cha").prefix_last);
    }

    #[test]
    fn a_leading_minus_excludes_a_word_or_phrase_and_a_hyphen_inside_a_word_does_not() {
        let q = UserQuery::parse("rights -health");
        assert_eq!((q.text.as_str(), q.excluded.as_slice()), ("rights", ["health".to_string()].as_slice()));
        let q = UserQuery::parse("-\"nhs charging\" know-your-rights \"a -b\"");
        assert_eq!(q.excluded, ["nhs charging"]);
        assert_eq!(q.text, "know your rights");
        assert_eq!(q.phrases.len(), 1, "a minus inside quotes is text");
        let q = UserQuery::parse("-health");
        assert!(q.text.is_empty() && q.excluded == ["health"]);
        // A lone "-" excludes nothing.
        let q = UserQuery::parse("rights - health");
        assert_eq!((q.text.as_str(), q.excluded.len()), ("rights health", 0));
    }
}
