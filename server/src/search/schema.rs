//! The index layout: one stemmed text field, where each document's
//! words are stemmed in its own language(s), so a query word's stems in
//! every language the index holds are each one posting list; plus an
//! unstemmed, accent-folded copy ("xx") for typos, prefixes, phrases and
//! snippets. (Before, each language had its own fields and every word was
//! also scored in the plain copy: twice the postings for every query.)

use super::fold::{ArabicScriptFolding, WordTokenizer};
use super::sets;
use super::stemmed::StemmedTokenizer;
use tantivy::schema::{Field, IndexRecordOption, Schema, SchemaBuilder, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter, TextAnalyzer,
};
use tantivy::Index;

/// Languages with a stemmer, by the codes resources use.
pub const STEMMED: [(&str, Language); 11] = [
    ("en", Language::English),
    ("fr", Language::French),
    ("es", Language::Spanish),
    ("ar", Language::Arabic),
    ("de", Language::German),
    ("pt", Language::Portuguese),
    ("it", Language::Italian),
    ("nl", Language::Dutch),
    ("ru", Language::Russian),
    ("ro", Language::Romanian),
    ("tr", Language::Turkish),
];

/// The facet field (type, kind, topic, language), counted by `facets.rs`.
pub const FACETS: &str = "facets";

/// The unstemmed copy every document gets.
pub const PLAIN: &str = "xx";

/// Words as typed, only lower-cased: what a query's words are stemmed from.
pub const TYPED: &str = "typed";

/// The copy stemmed in each document's languages.
const STEMMED_COPY: &str = "stemmed";

/// The analyzers' version, in their names and so in the schema: an index
/// analysed otherwise has another schema, and is rebuilt (see
/// `SearchIndex::open`). 2: Arabic-script folding, ZWNJ kept in words.
const ANALYZERS: u32 = 2;

/// The registered name of a language's (or a copy's) analyzer.
pub fn analyzer_name(copy: &str) -> String {
    format!("atlas{ANALYZERS}_{copy}")
}

/// How many times the title, summary and body go into the stemmed copy:
/// a word in the title counts three times one in the body.
pub const STEMMED_REPEATS: [usize; 3] = [3, 2, 1];

/// Title, summary and body in one language.
#[derive(Clone, Copy)]
pub struct TextFields {
    pub title: Field,
    pub summary: Field,
    pub body: Field,
}

#[derive(Clone)]
pub struct Fields {
    pub doc_id: Field,
    pub doc_type: Field,
    pub slug: Field,
    pub kind: Field,
    pub topic: Field,
    pub lang: Field,
    /// The languages its own text is in: its original's and each
    /// translation's (`lang` also holds languages spoken at a group).
    pub text_lang: Field,
    pub facets: Field,
    pub lat: Field,
    pub lon: Field,
    /// An event's days (since 1970-01-01, in Europe/London) with an
    /// occurrence that is not cancelled: the date filter.
    pub day: Field,
    /// An event's listing, so a listing's events are replaced together.
    pub owner: Field,
    /// A resource's translation set, as a number (see `sets.rs`); only on
    /// resources whose set has more than one sheet.
    pub set: Field,
    /// Shown in results: each text's original, then its translations,
    /// each tagged with its language (see `display.rs`).
    pub title_display: Field,
    pub summary_display: Field,
    /// The description as read (no town, tags or names added): snippets
    /// are cut from it.
    pub body_display: Field,
    /// Words stemmed in the document's own language(s) (see `stemmed.rs`):
    /// what a query is scored on. One field for title, summary and body,
    /// the title given three times and the summary twice
    /// ([`STEMMED_REPEATS`]): one posting per matching document per word
    /// to score, where three fields had one each.
    pub stemmed: Field,
    /// Words as written (lower case, accents folded).
    pub plain: TextFields,
}

fn text_options(tokenizer: &str, record: IndexRecordOption, stored: bool) -> TextOptions {
    let indexing = TextFieldIndexing::default().set_tokenizer(tokenizer).set_index_option(record);
    let options = TextOptions::default().set_indexing_options(indexing);
    if stored {
        options.set_stored()
    } else {
        options
    }
}

fn add_text(builder: &mut SchemaBuilder, name: &str, record: IndexRecordOption) -> TextFields {
    let tokenizer = analyzer_name(name);
    TextFields {
        title: builder.add_text_field(&format!("title_{name}"), text_options(&tokenizer, record, false)),
        summary: builder.add_text_field(&format!("summary_{name}"), text_options(&tokenizer, record, false)),
        body: builder.add_text_field(&format!("body_{name}"), text_options(&tokenizer, record, false)),
    }
}

pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let doc_id = b.add_text_field("doc_id", STRING | STORED);
    let doc_type = b.add_text_field("doc_type", STRING | STORED);
    let slug = b.add_text_field("slug", STRING | STORED);
    let kind = b.add_text_field("kind", STRING | STORED);
    let topic = b.add_text_field("topic", STRING | STORED);
    let lang = b.add_text_field("lang", STRING | STORED);
    let text_lang = b.add_text_field("text_lang", STRING);
    let facets = b.add_facet_field(FACETS, tantivy::schema::FacetOptions::default());
    let lat = b.add_f64_field("lat", INDEXED | FAST | STORED);
    let lon = b.add_f64_field("lon", INDEXED | FAST | STORED);
    let day = b.add_i64_field("day", INDEXED);
    let owner = b.add_text_field("owner", STRING);
    let set = b.add_u64_field(sets::FIELD, FAST);
    let title_display = b.add_text_field("title_display", STORED);
    let summary_display = b.add_text_field("summary_display", STORED);
    let body_display = b.add_text_field("body_display", STORED);
    // Stemmed words are only scored: no positions (phrases use the plain copy).
    let stemmed = b.add_text_field(STEMMED_COPY, text_options(&analyzer_name(STEMMED_COPY), IndexRecordOption::WithFreqs, false));
    let plain = add_text(&mut b, PLAIN, IndexRecordOption::WithFreqsAndPositions);
    let fields = Fields {
        doc_id,
        doc_type,
        slug,
        kind,
        topic,
        lang,
        text_lang,
        facets,
        lat,
        lon,
        day,
        owner,
        set,
        title_display,
        summary_display,
        body_display,
        stemmed,
        plain,
    };
    (b.build(), fields)
}

/// Registers one analyzer per language: split on non-alphanumerics (a
/// ZWNJ inside a word kept), drop absurdly long tokens, lower-case, stem,
/// then fold accents and Arabic-script spellings (after stemming, which
/// needs them).
pub fn register_analyzers(index: &Index) {
    let mut stemmers = Vec::new();
    for (code, language) in STEMMED {
        let analyzer = TextAnalyzer::builder(WordTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(Stemmer::new(language))
            .filter(AsciiFoldingFilter)
            .filter(ArabicScriptFolding)
            .build();
        index.tokenizers().register(&analyzer_name(code), analyzer.clone());
        stemmers.push((code, analyzer));
    }
    let plain = TextAnalyzer::builder(WordTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(ArabicScriptFolding)
        .build();
    index.tokenizers().register(&analyzer_name(PLAIN), plain.clone());
    let typed = TextAnalyzer::builder(WordTokenizer::default()).filter(RemoveLongFilter::limit(40)).filter(LowerCaser).build();
    index.tokenizers().register(&analyzer_name(TYPED), typed);
    index.tokenizers().register(&analyzer_name(STEMMED_COPY), StemmedTokenizer::new(stemmers, plain));
    // Drops the commonest words of the main languages ("for", "de", "la"),
    // so they neither match everything nor get highlighted.
    let mut stop = TextAnalyzer::builder(SimpleTokenizer::default()).filter(LowerCaser).dynamic();
    for language in [Language::English, Language::French, Language::Spanish, Language::German, Language::Portuguese] {
        if let Some(filter) = StopWordFilter::new(language) {
            stop = stop.filter_dynamic(filter);
        }
    }
    index.tokenizers().register(STOP, stop.build());
}

/// The analyzer that removes stop words (see [`register_analyzers`]).
pub const STOP: &str = "atlas_stop";

/// True when `word` is a stop word in one of the main languages.
pub fn is_stop_word(index: &Index, word: &str) -> bool {
    !word.is_empty() && tokens_with(index, STOP, word).is_empty()
}

/// The tokens `text` becomes in `lang`'s analyzer.
pub fn tokens(index: &Index, lang: &str, text: &str) -> Vec<String> {
    tokens_with(index, &analyzer_name(lang), text)
}

fn tokens_with(index: &Index, analyzer: &str, text: &str) -> Vec<String> {
    let Some(mut analyzer) = index.tokenizers().get(analyzer) else {
        return Vec::new();
    };
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(index: &Index, langs: &[&str], text: &str) -> Vec<String> {
        tokens(index, STEMMED_COPY, &super::super::stemmed::tagged(langs, text))
    }

    #[test]
    fn each_word_is_stemmed_in_each_of_the_documents_languages_once() {
        let (schema, _) = build();
        let index = Index::create_in_ram(schema);
        register_analyzers(&index);
        assert_eq!(texts(&index, &["en"], "Hospital charging"), ["hospit", "charg"]);
        // English and French: both stems, a form the two share only once.
        assert_eq!(texts(&index, &["en", "fr"], "hospital droits"), ["hospit", "hospital", "droit"]);
        // No stemmer for Farsi: the words as written (folded).
        assert_eq!(texts(&index, &["fa"], "Café گزارش"), ["cafe", "گزارش"]);
        assert!(texts(&index, &[], "").is_empty());
    }
}
