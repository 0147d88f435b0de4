//! The analyzer of the stemmed copy: each document's words stemmed in its
//! own language(s). A field's tokenizer is fixed by the schema, so the
//! value carries its languages in a short head (`en,fr` + U+0001 + text)
//! that this analyzer reads. (tantivy's pre-tokenized values would do the
//! same, but it keeps them as JSON on the way in: indexing took twice as
//! long.)

use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

/// Ends the head of language codes.
const HEAD_END: char = '\u{1}';

/// A value for a stemmed field: `text`, to be stemmed in each of `langs`.
pub fn tagged(langs: &[&str], text: &str) -> String {
    format!("{}{HEAD_END}{text}", langs.join(","))
}

#[derive(Clone)]
pub struct StemmedTokenizer {
    /// Language code → its analyzer (split, lower-case, stem, fold).
    stemmers: Vec<(&'static str, TextAnalyzer)>,
    /// For a document in no language with a stemmer: words as written.
    plain: TextAnalyzer,
}

impl StemmedTokenizer {
    pub fn new(stemmers: Vec<(&'static str, TextAnalyzer)>, plain: TextAnalyzer) -> StemmedTokenizer {
        StemmedTokenizer { stemmers, plain }
    }

    /// Each word stemmed in each of `langs` that has a stemmer (as written
    /// when none has), each form once per word.
    fn tokens(&mut self, langs: &str, text: &str) -> Vec<Token> {
        let mut streams: Vec<Vec<Token>> = Vec::new();
        for (code, analyzer) in self.stemmers.iter_mut() {
            if langs.split(',').any(|l| l == *code) {
                streams.push(collect(analyzer, text));
            }
        }
        if streams.is_empty() {
            streams.push(collect(&mut self.plain, text));
        }
        if streams.len() == 1 {
            return streams.pop().unwrap_or_default();
        }
        // Every analyzer splits words alike (the same tokenizer and length
        // limit before stemming), so the n-th token of each is one word.
        let mut tokens: Vec<Token> = Vec::new();
        for n in 0..streams[0].len() {
            let word_start = tokens.len();
            for token in streams.iter().filter_map(|s| s.get(n)) {
                if !tokens[word_start..].iter().any(|t| t.text == token.text) {
                    tokens.push(token.clone());
                }
            }
        }
        tokens
    }
}

fn collect(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().clone());
    }
    out
}

/// The tokens of one value, handed out in order.
pub struct Tokens {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for Tokens {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

impl Tokenizer for StemmedTokenizer {
    type TokenStream<'a> = Tokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens {
        let (langs, text) = text.split_once(HEAD_END).unwrap_or(("", text));
        Tokens { tokens: self.tokens(langs, text), next: 0 }
    }
}
