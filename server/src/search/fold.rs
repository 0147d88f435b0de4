//! Arabic-script spellings folded to one, at index and query time alike:
//! Farsi typed on an Arabic keyboard (ي, ك for ی, ک), alef with hamza or
//! madda, taa marbuta, the tatweel, and words written with or without the
//! zero-width non-joiner ("گزارش‌دهی", "گزارشدهی"). The tokenizer keeps a
//! word joined by a ZWNJ whole, so the filter can drop the joiner.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// The zero-width non-joiner, written inside Farsi words.
const ZWNJ: char = '\u{200C}';

/// A letter or digit, or a joiner inside a word.
fn in_word(c: char) -> bool {
    c.is_alphanumeric() || c == ZWNJ
}

/// Splits on whitespace and punctuation as tantivy's SimpleTokenizer
/// does, but keeps a ZWNJ inside a word (a word never starts with one).
#[derive(Clone, Default)]
pub struct WordTokenizer {
    token: Token,
}

pub struct WordStream<'a> {
    text: &'a str,
    chars: std::str::CharIndices<'a>,
    token: &'a mut Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.token.reset();
        WordStream { text, chars: text.char_indices(), token: &mut self.token }
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        self.token.text.clear();
        self.token.position = self.token.position.wrapping_add(1);
        while let Some((from, c)) = self.chars.next() {
            if c.is_alphanumeric() {
                let to = self.chars.find(|(_, c)| !in_word(*c)).map_or(self.text.len(), |(at, _)| at);
                // A joiner at the end is not part of the word.
                let to = from + self.text[from..to].trim_end_matches(ZWNJ).len();
                self.token.offset_from = from;
                self.token.offset_to = to;
                self.token.text.push_str(&self.text[from..to]);
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// One spelling of an Arabic-script letter, or None to drop it.
fn fold_char(c: char) -> Option<char> {
    match c {
        // Arabic yeh and alef maksura: Farsi yeh.
        '\u{064A}' | '\u{0649}' => Some('\u{06CC}'),
        // Arabic kaf: Farsi keheh.
        '\u{0643}' => Some('\u{06A9}'),
        // Alef with hamza above or below, with madda, wasla: bare alef.
        '\u{0623}' | '\u{0625}' | '\u{0622}' | '\u{0671}' => Some('\u{0627}'),
        // Taa marbuta: heh.
        '\u{0629}' => Some('\u{0647}'),
        // Tatweel (stretching) and the joiner: nothing.
        '\u{0640}' | ZWNJ => None,
        c => Some(c),
    }
}

/// Folds a word's Arabic-script spellings (see the module's comment).
pub fn fold(word: &str) -> String {
    word.chars().filter_map(fold_char).collect()
}

fn needs_folding(word: &str) -> bool {
    word.chars().any(|c| fold_char(c) != Some(c))
}

/// The token filter doing [`fold`], after stemming (the Arabic stemmer
/// reads the letters as written).
#[derive(Clone)]
pub struct ArabicScriptFolding;

impl TokenFilter for ArabicScriptFolding {
    type Tokenizer<T: Tokenizer> = Folding<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> Folding<T> {
        Folding(tokenizer)
    }
}

#[derive(Clone)]
pub struct Folding<T>(T);

impl<T: Tokenizer> Tokenizer for Folding<T> {
    type TokenStream<'a> = FoldingStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        FoldingStream(self.0.token_stream(text))
    }
}

pub struct FoldingStream<S>(S);

impl<S: TokenStream> TokenStream for FoldingStream<S> {
    fn advance(&mut self) -> bool {
        if !self.0.advance() {
            return false;
        }
        if needs_folding(&self.0.token().text) {
            let folded = fold(&self.0.token().text);
            self.0.token_mut().text = folded;
        }
        true
    }

    fn token(&self) -> &Token {
        self.0.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::TextAnalyzer;

    fn words(text: &str) -> Vec<String> {
        let mut analyzer = TextAnalyzer::builder(WordTokenizer::default()).filter(ArabicScriptFolding).build();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            out.push(stream.token().text.clone());
        }
        out
    }

    #[test]
    fn farsi_typed_on_an_arabic_keyboard_or_without_the_joiner_is_one_word() {
        assert_eq!(words("فارسي شديد چيزي"), words("فارسی شدید چیزی"));
        assert_eq!(words("كار"), words("کار"));
        assert_eq!(words("گزارش‌دهی"), ["گزارشدهی"]);
        assert_eq!(words("گزارش‌دهی"), words("گزارشدهی"));
        assert_eq!(words("أحمد إلى آخر"), words("احمد الی اخر"));
        assert_eq!(words("مدرسة"), words("مدرسه"));
        // A joiner at a word's edge is no part of it; Latin text is untouched.
        assert_eq!(words("\u{200C}کار\u{200C} know-your rights"), ["کار", "know", "your", "rights"]);
    }
}
