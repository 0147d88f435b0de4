//! The index layout: per-language text fields, so each document is
//! stemmed in its own language and a query in every language the index
//! holds; plus an unstemmed, accent-folded copy ("xx") for typos, prefixes,
//! phrases and languages without a stemmer.

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
    pub facets: Field,
    pub lat: Field,
    pub lon: Field,
    /// An event's days (since 1970-01-01, in Europe/London) with an
    /// occurrence that is not cancelled: the date filter.
    pub day: Field,
    /// An event's listing, so a listing's events are replaced together.
    pub owner: Field,
    /// Shown in results.
    pub title_display: Field,
    pub summary_display: Field,
    /// Language code → its fields; `xx` is the plain copy.
    pub text: Vec<(String, TextFields)>,
}

impl Fields {
    pub fn text_for(&self, lang: &str) -> Option<TextFields> {
        self.text.iter().find(|(l, _)| l == lang).map(|(_, f)| *f)
    }

    pub fn plain(&self) -> TextFields {
        self.text_for(PLAIN).expect("the plain fields exist")
    }
}

fn text_options(tokenizer: &str, stored: bool) -> TextOptions {
    let indexing = TextFieldIndexing::default().set_tokenizer(tokenizer).set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let options = TextOptions::default().set_indexing_options(indexing);
    if stored {
        options.set_stored()
    } else {
        options
    }
}

fn add_text(builder: &mut SchemaBuilder, lang: &str, stored: bool) -> TextFields {
    let tokenizer = format!("atlas_{lang}");
    TextFields {
        title: builder.add_text_field(&format!("title_{lang}"), text_options(&tokenizer, false)),
        summary: builder.add_text_field(&format!("summary_{lang}"), text_options(&tokenizer, false)),
        // The plain body is stored: snippets are cut from it.
        body: builder.add_text_field(&format!("body_{lang}"), text_options(&tokenizer, stored)),
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
    let facets = b.add_facet_field(FACETS, tantivy::schema::FacetOptions::default());
    let lat = b.add_f64_field("lat", INDEXED | FAST | STORED);
    let lon = b.add_f64_field("lon", INDEXED | FAST | STORED);
    let day = b.add_i64_field("day", INDEXED);
    let owner = b.add_text_field("owner", STRING);
    let title_display = b.add_text_field("title_display", STORED);
    let summary_display = b.add_text_field("summary_display", STORED);
    let mut text: Vec<(String, TextFields)> = STEMMED.iter().map(|(code, _)| (code.to_string(), add_text(&mut b, code, false))).collect();
    text.push((PLAIN.to_string(), add_text(&mut b, PLAIN, true)));
    let fields = Fields { doc_id, doc_type, slug, kind, topic, lang, facets, lat, lon, day, owner, title_display, summary_display, text };
    (b.build(), fields)
}

/// Registers one analyzer per language: split on non-alphanumerics, drop
/// absurdly long tokens, lower-case, stem, then fold accents (after
/// stemming, which needs them).
pub fn register_analyzers(index: &Index) {
    for (code, language) in STEMMED {
        let analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(Stemmer::new(language))
            .filter(AsciiFoldingFilter)
            .build();
        index.tokenizers().register(&format!("atlas_{code}"), analyzer);
    }
    let plain = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build();
    index.tokenizers().register(&format!("atlas_{PLAIN}"), plain);
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
    tokens_with(index, &format!("atlas_{lang}"), text)
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
