//! Full-text search over published resources and listings (public fields
//! only), with tantivy. Derived from the database: rebuilt when it does not
//! agree with it, updated after every write.

mod display;
mod facets;
mod fold;
mod named;
mod query;
mod queue;
mod schema;
mod sets;
mod snippet;
mod stemmed;

pub use queue::SearchQueue;

pub use query::{UserQuery, MAX_QUERY_CHARS};

use app::model::PublicListing;
use app::resource::Resource;
use arc_swap::ArcSwap;
use parking_lot::{Mutex, RwLock};
use schema::{Fields, STEMMED};
use std::collections::HashMap;
use std::ops::Bound;
use std::path::Path;
use std::sync::Arc;
use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption, Value};
use tantivy::{doc, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("search index folder: {0}")]
    Io(#[from] std::io::Error),
}

pub use app::search::{SearchFacets as FacetCounts, SearchHit as Hit, SearchPage as SearchResults, SearchQuery as SearchRequest};

/// What the index holds of an event series: public fields only, its
/// place as public as its owner chose.
#[derive(Clone, Debug)]
pub struct EventDoc {
    pub slug: String,
    pub listing: String,
    pub category: String,
    pub title: String,
    pub summary: String,
    /// The description, plain text.
    pub body: String,
    /// Town, venue and group's names: searched, not shown.
    pub places: String,
    /// The language title, summary and body are in.
    pub language: String,
    /// Title, summary and body (plain text) in other languages.
    pub translations: app::translation::Translations,
    pub languages: Vec<String>,
    pub point: Option<app::location::LatLon>,
    pub days: Vec<i64>,
}

/// Which event documents an update replaces.
pub enum EventsToReplace<'a> {
    All,
    Slugs(&'a [String]),
    OfListings(&'a [String]),
}

pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
    /// Languages the index holds, so queries are analysed in each.
    languages: RwLock<Vec<String>>,
    /// The names, in the interface's languages, of the topics, activities
    /// and kinds the index holds.
    vocabulary: ArcSwap<named::Vocabulary>,
    /// Each segment's facets, for counting them per query (kept by a warmer).
    facets: Arc<facets::FacetTables>,
    /// Each segment's translation sets (kept by a warmer too).
    sets: Arc<sets::SetTables>,
    _warmers: [Arc<dyn tantivy::Warmer>; 2],
    /// Pages answered since the last commit, by request: the same search
    /// asked again (a popular query, the next visitor, a suggestion while
    /// typing) costs a lookup instead of a pass over every match.
    recent: Mutex<lru::LruCache<String, SearchResults>>,
    /// The total and facets of searches answered since the last commit,
    /// whatever their page: the next page of a search only ranks (scoring
    /// just what can reach it) instead of counting every match again.
    tallies: Mutex<lru::LruCache<String, Counted>>,
}

/// What a search's every match gives: how many results, and their facets.
#[derive(Clone)]
struct Counted {
    total: usize,
    facets: FacetCounts,
}

/// Whether a search may use the totals and facets kept since the last commit.
#[derive(Clone, Copy, PartialEq)]
enum Tallies {
    Kept,
    /// Counted afresh, and not kept (the benchmark's cold measure).
    Afresh,
}

/// How many answered pages are kept (a page is a few kilobytes).
const RECENT_PAGES: std::num::NonZeroUsize = std::num::NonZeroUsize::new(256).expect("not zero");

const WRITER_MEMORY: usize = 50_000_000;

/// Above any score words give (and [`query`]'s bonus for every word): what
/// is in a language the query names comes first. What is written in it
/// (or translated into it) gets twice this, so it comes before what is
/// only spoken there (a group's languages): a reader of it can read it.
const LANGUAGE_FIRST: f32 = 100_000.0;

impl SearchIndex {
    /// An index held in memory (tests).
    pub fn in_ram() -> Result<SearchIndex, SearchError> {
        let (schema, fields) = schema::build();
        Self::from_index(Index::builder().schema(schema).settings(index_settings()).create_in_ram()?, fields)
    }

    /// Opens the index in `dir`, or creates it. A folder that cannot be
    /// opened (corrupt, or from an older layout) is wiped and recreated:
    /// the database is the source of truth and the caller rebuilds.
    pub fn open(dir: &Path) -> Result<SearchIndex, SearchError> {
        match Self::try_open(dir) {
            Ok(index) => Ok(index),
            // Another process is writing to it: never wipe that.
            Err(e @ SearchError::Index(tantivy::TantivyError::LockFailure(..))) => Err(e),
            Err(e) => {
                tracing::warn!("search index at {} is unusable ({e}); recreating it", dir.display());
                std::fs::remove_dir_all(dir).ok();
                Self::try_open(dir)
            }
        }
    }

    /// Opens the index only if it exists and no other process writes to it.
    pub fn open_existing(dir: &Path) -> Result<SearchIndex, SearchError> {
        if !dir.join("meta.json").exists() {
            return Err(SearchError::Io(std::io::Error::new(std::io::ErrorKind::NotFound, "no index yet")));
        }
        Self::try_open(dir)
    }

    fn try_open(dir: &Path) -> Result<SearchIndex, SearchError> {
        std::fs::create_dir_all(dir)?;
        let (schema, fields) = schema::build();
        let directory = tantivy::directory::MmapDirectory::open(dir).map_err(tantivy::TantivyError::from)?;
        let index = Index::builder().schema(schema.clone()).settings(index_settings()).open_or_create(directory)?;
        if index.schema() != schema {
            return Err(tantivy::TantivyError::SchemaError("the index was built with another layout".into()).into());
        }
        Self::from_index(index, fields)
    }

    fn from_index(index: Index, fields: Fields) -> Result<SearchIndex, SearchError> {
        schema::register_analyzers(&index);
        let facets = Arc::new(facets::FacetTables::default());
        let sets = Arc::new(sets::SetTables::default());
        let warmers: [Arc<dyn tantivy::Warmer>; 2] =
            [Arc::new(facets::FacetWarmer(facets.clone())), Arc::new(sets::SetWarmer(sets.clone()))];
        let reader =
            index.reader_builder().reload_policy(ReloadPolicy::Manual).warmers(warmers.iter().map(Arc::downgrade).collect()).try_into()?;
        let writer = index.writer(WRITER_MEMORY)?;
        let search = SearchIndex {
            index,
            reader,
            writer: Mutex::new(writer),
            fields,
            languages: RwLock::new(Vec::new()),
            vocabulary: ArcSwap::default(),
            facets,
            sets,
            _warmers: warmers,
            recent: Mutex::new(lru::LruCache::new(RECENT_PAGES)),
            tallies: Mutex::new(lru::LruCache::new(RECENT_PAGES)),
        };
        search.refresh_languages();
        Ok(search)
    }

    /// The marker stored with the last commit (see Store::search_marker).
    pub fn marker(&self) -> Option<String> {
        self.index.load_metas().ok().and_then(|m| m.payload)
    }

    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Replaces everything with these documents, in one commit.
    pub fn rebuild(
        &self,
        resources: &[Resource],
        listings: &[PublicListing],
        events: &[EventDoc],
        marker: &str,
        mut progress: impl FnMut(usize, usize),
    ) -> Result<(), SearchError> {
        let total = resources.len() + listings.len() + events.len();
        let mut writer = self.writer.lock();
        writer.delete_all_documents()?;
        let mut set_sizes: HashMap<&str, usize> = HashMap::new();
        for r in resources {
            *set_sizes.entry(r.set_key()).or_default() += 1;
        }
        for (i, r) in resources.iter().enumerate() {
            writer.add_document(self.resource_doc(r, set_sizes.get(r.set_key()).is_some_and(|n| *n > 1)))?;
            if (i + 1) % 10_000 == 0 {
                progress(i + 1, total);
            }
        }
        for (i, l) in listings.iter().enumerate() {
            writer.add_document(self.listing_doc(l))?;
            if (resources.len() + i + 1).is_multiple_of(10_000) {
                progress(resources.len() + i + 1, total);
            }
        }
        for e in events {
            writer.add_document(self.event_doc(e))?;
        }
        self.commit(&mut writer, marker)?;
        progress(total, total);
        Ok(())
    }

    /// Replaces event documents with `events`.
    pub fn update_events(&self, replace: EventsToReplace<'_>, events: &[EventDoc], marker: &str) -> Result<(), SearchError> {
        let f = &self.fields;
        let mut writer = self.writer.lock();
        match replace {
            EventsToReplace::All => {
                writer.delete_term(Term::from_field_text(f.doc_type, "event"));
            }
            EventsToReplace::Slugs(slugs) => {
                for slug in slugs {
                    writer.delete_term(Term::from_field_text(f.doc_id, &format!("event:{slug}")));
                }
            }
            EventsToReplace::OfListings(listings) => {
                for l in listings {
                    writer.delete_term(Term::from_field_text(f.owner, l));
                }
            }
        }
        for e in events {
            writer.delete_term(Term::from_field_text(f.doc_id, &format!("event:{}", e.slug)));
            writer.add_document(self.event_doc(e))?;
        }
        self.commit(&mut writer, marker)
    }

    /// Replaces the documents of these slugs (removing those no longer
    /// published); a resource comes with whether its translation set has
    /// other published sheets.
    pub fn update(
        &self,
        resources: &[(String, Option<(&Resource, bool)>)],
        listings: &[(String, Option<&PublicListing>)],
        marker: &str,
    ) -> Result<(), SearchError> {
        let mut writer = self.writer.lock();
        for (slug, resource) in resources {
            writer.delete_term(Term::from_field_text(self.fields.doc_id, &format!("resource:{slug}")));
            if let Some((r, in_set)) = resource {
                writer.add_document(self.resource_doc(r, *in_set))?;
            }
        }
        for (slug, listing) in listings {
            writer.delete_term(Term::from_field_text(self.fields.doc_id, &format!("listing:{slug}")));
            if let Some(l) = listing {
                writer.add_document(self.listing_doc(l))?;
            }
        }
        self.commit(&mut writer, marker)
    }

    fn commit(&self, writer: &mut IndexWriter, marker: &str) -> Result<(), SearchError> {
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(marker);
        prepared.commit()?;
        self.reader.reload()?;
        self.recent.lock().clear();
        self.tallies.lock().clear();
        self.refresh_languages();
        Ok(())
    }

    /// The languages and the vocabulary the index holds, after a commit.
    fn refresh_languages(&self) {
        let searcher = self.reader.searcher();
        let mut named = searcher.search(&AllQuery, &self.tally()).map(|t| self.facets.named(&t)).unwrap_or_default();
        let langs = named
            .remove("lang")
            .unwrap_or_default()
            .into_iter()
            .map(|(l, _)| l)
            .filter(|l| STEMMED.iter().any(|(code, _)| code == l))
            .collect();
        *self.languages.write() = langs;
        let values: Vec<(named::VocabularyField, String)> =
            [("topic", named::VocabularyField::Topic), ("kind", named::VocabularyField::Kind)]
                .into_iter()
                .flat_map(|(root, field)| named.remove(root).unwrap_or_default().into_iter().map(move |(v, _)| (field, v)))
                .collect();
        self.vocabulary.store(Arc::new(named::Vocabulary::new(&self.index, &values)));
    }

    /// The plain copy as written; the stemmed copy in each of `langs`.
    fn add_texts(&self, doc: &mut TantivyDocument, langs: &[String], title: &str, summary: &str, body: &str) {
        let langs: Vec<&str> = langs.iter().map(String::as_str).collect();
        let plain = self.fields.plain;
        for ((field, text), repeats) in
            [(plain.title, title), (plain.summary, summary), (plain.body, body)].into_iter().zip(schema::STEMMED_REPEATS)
        {
            doc.add_text(field, text);
            let tagged = stemmed::tagged(&langs, text);
            for _ in 0..repeats {
                doc.add_text(self.fields.stemmed, &tagged);
            }
        }
    }

    /// What every document has: its identity, and the fields and facets
    /// the filters use.
    fn base_doc(&self, doc_type: &str, slug: &str, kind: &str, topics: &[String], languages: &[String]) -> TantivyDocument {
        let f = &self.fields;
        let mut doc = doc!(
            f.doc_id => format!("{doc_type}:{slug}"),
            f.doc_type => doc_type,
            f.slug => slug,
            f.kind => kind,
        );
        doc.add_facet(f.facets, Facet::from_path(["type", doc_type]));
        doc.add_facet(f.facets, Facet::from_path(["kind", kind]));
        for t in topics {
            doc.add_text(f.topic, t);
            doc.add_facet(f.facets, Facet::from_path(["topic", t.as_str()]));
        }
        for l in languages {
            doc.add_text(f.lang, l);
            doc.add_facet(f.facets, Facet::from_path(["lang", l.as_str()]));
        }
        doc
    }

    /// The text a result shows: the original's in `lang`, then each
    /// translation's (see `display.rs`).
    fn add_display(
        &self,
        doc: &mut TantivyDocument,
        lang: &str,
        [title, summary, body]: [&str; 3],
        translations: &app::translation::Translations,
        names: [&str; 3],
    ) {
        let f = &self.fields;
        doc.add_text(f.text_lang, lang);
        for (l, texts) in &translations.0 {
            if l != lang && names[..2].iter().any(|n| texts.get(*n).is_some_and(|t| !t.is_empty())) {
                doc.add_text(f.text_lang, l);
            }
        }
        for (field, text, name) in [(f.title_display, title, names[0]), (f.summary_display, summary, names[1])] {
            doc.add_text(field, display::tagged(lang, text));
            for (l, texts) in &translations.0 {
                if let Some(t) = texts.get(name).filter(|t| !t.is_empty()) {
                    doc.add_text(field, display::tagged(l, t));
                }
            }
        }
        doc.add_text(f.body_display, display::tagged(lang, &plain_text(body)));
        for (l, texts) in &translations.0 {
            if let Some(t) = texts.get(names[2]).filter(|t| !t.is_empty()) {
                doc.add_text(f.body_display, display::tagged(l, &plain_text(t)));
            }
        }
    }

    fn resource_doc(&self, r: &Resource, in_set: bool) -> TantivyDocument {
        // A translation's language is one the resource can be read in.
        let mut languages = r.languages.clone();
        languages.extend(r.translations.languages().filter(|l| !r.languages.iter().any(|x| x == l)).map(str::to_string));
        let mut doc = self.base_doc("resource", &r.slug, &r.kind, &r.topics, &languages);
        let names = ["title", "summary", "body"];
        self.add_display(&mut doc, &r.language, [&r.title, &r.summary, &r.body], &r.translations, names);
        let body = format!("{} {}", plain_text(&r.body), r.publisher.clone().unwrap_or_default());
        self.add_texts(&mut doc, &r.languages, &r.title, &r.summary, &body);
        self.add_translations(&mut doc, &r.translations, names);
        if in_set {
            doc.add_u64(self.fields.set, sets::number(r.set_key()));
        }
        doc
    }

    /// Each translation's text in the same document, stemmed in its own
    /// language: a query in Arabic finds the record by its Arabic text,
    /// and finds it once.
    fn add_translations(
        &self,
        doc: &mut TantivyDocument,
        translations: &app::translation::Translations,
        [title, summary, body]: [&str; 3],
    ) {
        for (lang, texts) in &translations.0 {
            let text = |field: &str| texts.get(field).map(String::as_str).unwrap_or("");
            self.add_texts(doc, std::slice::from_ref(lang), text(title), text(summary), &plain_text(text(body)));
        }
    }

    /// Only public fields: the public point, never the true one.
    fn listing_doc(&self, l: &PublicListing) -> TantivyDocument {
        let f = &self.fields;
        // Activity tags serve as the listing's topics.
        let mut doc = self.base_doc("listing", &l.slug, &l.kind, &l.tags, &l.languages);
        let names = ["name", "summary", "description"];
        self.add_display(&mut doc, &l.language, [&l.name, &l.summary, &l.description], &l.translations, names);
        if let (Some(lat), Some(lon)) = (l.lat, l.lon) {
            doc.add_f64(f.lat, lat);
            doc.add_f64(f.lon, lon);
        }
        let body = format!(
            "{} {} {} {} {}",
            plain_text(&l.description),
            l.town,
            l.region.clone().unwrap_or_default(),
            l.tags.join(" "),
            l.kind_label
        );
        // Each text in its own language; the plain copy serves the rest.
        self.add_texts(&mut doc, std::slice::from_ref(&l.language), &l.name, &l.summary, &body);
        self.add_translations(&mut doc, &l.translations, names);
        doc
    }

    /// Only public fields; the public point, if the event has a place.
    fn event_doc(&self, e: &EventDoc) -> TantivyDocument {
        let f = &self.fields;
        let mut doc = self.base_doc("event", &e.slug, &e.category, &[], &e.languages);
        let names = ["title", "summary", "body"];
        self.add_display(&mut doc, &e.language, [&e.title, &e.summary, &e.body], &e.translations, names);
        doc.add_text(f.owner, &e.listing);
        if let Some(p) = e.point {
            doc.add_f64(f.lat, p.lat);
            doc.add_f64(f.lon, p.lon);
        }
        for d in &e.days {
            doc.add_i64(f.day, *d);
        }
        let body = format!("{} {}", plain_text(&e.body), e.places);
        self.add_texts(&mut doc, &e.languages, &e.title, &e.summary, &body);
        // Each translation in its own language's stemmer, as a listing's.
        self.add_translations(&mut doc, &e.translations, names);
        doc
    }

    /// A page of results: from the pages answered since the last commit
    /// when this very request was among them.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults, SearchError> {
        let searcher = self.reader.searcher();
        // The searcher's generation: a page from before a commit is never served after it.
        let key = format!("{}|{req:?}", searcher.generation().generation_id());
        if let Some(page) = self.recent.lock().get(&key) {
            return Ok(page.clone());
        }
        let page = self.search_with(&searcher, req, Tallies::Kept)?;
        self.recent.lock().put(key, page.clone());
        Ok(page)
    }

    /// A page of results, worked out afresh, every match counted (the
    /// benchmark's cold measure).
    pub fn search_afresh(&self, req: &SearchRequest) -> Result<SearchResults, SearchError> {
        self.search_with(&self.reader.searcher(), req, Tallies::Afresh)
    }

    /// Drops the pages, totals and facets kept (benchmarks; every commit does it too).
    pub fn forget_recent_pages(&self) {
        self.recent.lock().clear();
        self.tallies.lock().clear();
    }

    fn search_with(&self, searcher: &tantivy::Searcher, req: &SearchRequest, tallies: Tallies) -> Result<SearchResults, SearchError> {
        // A language named in the query ranks what is in it first, unless
        // the search is already narrowed to one language.
        let named_language = if req.lang.is_none() { named::language(&self.index, &req.text) } else { None };
        // Only a language's name ("French"): what is in that language, and
        // what mentions it, as typed.
        let alone = named_language.as_ref().is_some_and(|n| n.rest.trim().is_empty());
        let user = UserQuery::parse(named_language.as_ref().filter(|_| !alone).map_or(&req.text, |n| &n.rest));
        let languages = self.languages.read().clone();
        let vocabulary = self.vocabulary.load_full();
        let text_query = query::build(&self.index, searcher, &self.fields, &languages, &vocabulary, &user);

        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut marks = None;
        match text_query {
            Some(q) => {
                let query = match named_language.as_ref().filter(|_| alone) {
                    Some(named) => {
                        // In it: spoken there, written or translated in it.
                        let mut any: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Should, q.query)];
                        for field in [self.fields.lang, self.fields.text_lang] {
                            let in_it = TermQuery::new(Term::from_field_text(field, &named.code), IndexRecordOption::Basic);
                            any.push((Occur::Should, Box::new(ConstScoreQuery::new(Box::new(in_it), 0.0))));
                        }
                        Box::new(BooleanQuery::new(any))
                    }
                    None => q.query,
                };
                clauses.push((Occur::Must, query));
                marks = Some(snippet::WordMatcher::new(&q.words, &q.completions));
            }
            // Typed, but nothing searchable in it (only punctuation): no results.
            None if !req.text.trim().is_empty() => return Ok(SearchResults::default()),
            // Nothing typed: browse everything the filters allow.
            None => clauses.push((Occur::Must, Box::new(AllQuery))),
        }
        let f = &self.fields;
        for (field, value) in [(f.doc_type, &req.doc_type), (f.kind, &req.kind), (f.topic, &req.topic), (f.lang, &req.lang)] {
            if let Some(v) = value {
                let term = TermQuery::new(Term::from_field_text(field, v), IndexRecordOption::Basic);
                clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(Box::new(term), 0.0))));
            }
        }
        if let Some(c) = req.near {
            // The radius's bounding box over public points.
            let (dlat, dlon) = app::location::degrees_around(c, req.radius_km.unwrap_or(50.0));
            for (field, lo, hi) in [(f.lat, c.lat - dlat, c.lat + dlat), (f.lon, c.lon - dlon, c.lon + dlon)] {
                let range =
                    RangeQuery::new(Bound::Included(Term::from_field_f64(field, lo)), Bound::Included(Term::from_field_f64(field, hi)));
                clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(Box::new(range), 0.0))));
            }
        }
        if let Some((from, to)) = req.days {
            let range =
                RangeQuery::new(Bound::Included(Term::from_field_i64(f.day, from)), Bound::Included(Term::from_field_i64(f.day, to)));
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(Box::new(range), 0.0))));
        }
        if let Some(named) = &named_language {
            for (field, boost) in [(f.lang, LANGUAGE_FIRST), (f.text_lang, 2.0 * LANGUAGE_FIRST)] {
                let in_it = TermQuery::new(Term::from_field_text(field, &named.code), IndexRecordOption::Basic);
                clauses.push((Occur::Should, Box::new(ConstScoreQuery::new(Box::new(in_it), boost))));
            }
        }
        let query = BooleanQuery::new(clauses);

        // A translation set is one result: ranked by its best sheet. The
        // total and facets, the same on every page, are counted in the same
        // pass (every match is scored then anyway) unless they are kept.
        let ranked = sets::RankedOnce { n: req.offset + req.limit.max(1), sets: &self.sets };
        let tally_key = format!("{}|{:?}", searcher.generation().generation_id(), SearchRequest { offset: 0, limit: 0, ..req.clone() });
        let kept = match tallies {
            Tallies::Kept => self.tallies.lock().get(&tally_key).cloned(),
            Tallies::Afresh => None,
        };
        let (top, counted) = match kept {
            Some(counted) => (searcher.search(&query, &ranked)?, counted),
            None => {
                let (top, tally) = searcher.search(&query, &(ranked, self.tally()))?;
                let mut named = self.facets.named(&tally);
                let mut count = |root: &str| named.remove(root).unwrap_or_default();
                // A translation set counts once, in every facet and in the total.
                let facets = FacetCounts { doc_type: count("type"), kind: count("kind"), topic: count("topic"), lang: count("lang") };
                let counted = Counted { total: tally.matches as usize, facets };
                if tallies == Tallies::Kept {
                    self.tallies.lock().put(tally_key, counted.clone());
                }
                (top, counted)
            }
        };
        let top: Vec<_> = top.into_iter().skip(req.offset).collect();

        let mut snippets = marks.and_then(|m| snippet::Snippets::new(&self.index, self.fields.plain, m));
        // Shown in the language asked for, named in the query, or the reader's.
        let wanted = req.lang.as_deref().or(named_language.as_ref().map(|n| n.code.as_str())).or(req.reader.as_deref());
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or_default().to_string();
            let all = |field| doc.get_all(field).filter_map(|v| v.as_str().map(str::to_string)).collect::<Vec<_>>();
            let shown = display::shown(&doc, f, wanted);
            let snippet = match snippets.as_mut() {
                Some(s) => s.of(&shown.body, &shown.summary),
                None => snippet::escape(&shown.summary),
            };
            hits.push(Hit {
                doc_type: text(f.doc_type),
                slug: text(f.slug),
                title: shown.title,
                lang: shown.title_lang,
                summary: shown.summary,
                summary_lang: shown.summary_lang,
                snippet,
                score,
                kind: text(f.kind),
                languages: all(f.lang),
                also_in: Vec::new(),
            });
        }
        Ok(SearchResults {
            total: counted.total,
            hits,
            facets: counted.facets,
            language_first: named_language.as_ref().map(|n| n.code.clone()),
            all_languages: named_language.map(|n| n.rest),
        })
    }

    /// The collector counting matches and facets, each set once.
    fn tally(&self) -> facets::TallyFacets<'_> {
        facets::TallyFacets(&self.facets, &self.sets)
    }

    /// Titles that complete what is being typed, best first; with
    /// `doc_type`, of that type only (resources, during a lockdown).
    pub fn suggest(&self, text: &str, limit: usize, doc_type: Option<&str>) -> Result<Vec<String>, SearchError> {
        let user = UserQuery::parse(text);
        if user.is_empty() {
            return Ok(Vec::new());
        }
        let request = SearchRequest { text: text.to_string(), limit, doc_type: doc_type.map(str::to_string), ..Default::default() };
        let mut seen = std::collections::HashSet::new();
        Ok(self.search(&request)?.hits.into_iter().map(|h| h.title).filter(|t| seen.insert(t.clone())).collect())
    }
}

/// Stored documents in 4 KB blocks, not tantivy's 16 KB: each hit of a
/// page decompresses its whole block, and a page's hits are scattered.
fn index_settings() -> tantivy::IndexSettings {
    tantivy::IndexSettings { docstore_blocksize: 4096, ..Default::default() }
}

/// Markdown as readable text for the index and snippets: emphasis and
/// heading marks dropped.
fn plain_text(markdown: &str) -> String {
    markdown.chars().filter(|c| !matches!(c, '*' | '_' | '#' | '>' | '`')).collect()
}
