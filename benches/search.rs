//! Full-text search at scale: 100,000 listings and 20,000 resources in
//! mixed languages, searched with tantivy (our index), with SQLite FTS5 and
//! with PostgreSQL full-text search (what an operator on PostgreSQL would
//! reach for: a tsvector per language configuration, a GIN index,
//! websearch_to_tsquery and ts_rank_cd with the same field weights) over
//! the same documents and the same queries, in the same run. Also scores
//! all three on the relevance set in tests/relevance.json. PostgreSQL is
//! skipped unless ATLAS_BENCH_PG names its socket folder (scripts/bench).
//!
//! Run with `cargo bench --bench search` (or `scripts/bench`);
//! `cargo bench --bench search -- --tantivy-only` measures our index alone
//! (a minute, for trying a change); `-- --per-query` times each query of
//! the mix alone, to see which make the p99; `-- --zipf` draws the
//! documents' words as natural text has them (see `Words::zipf`) instead
//! of alike from a few dozen.
//! Timings are reported, never asserted.

// Test code: a failed unwrap is a failed test, with its line.
#![allow(clippy::unwrap_used)]

use app::model::{Precision, PublicListing};
use app::resource::Resource;
use app::search::SearchQuery;
use server::search::SearchIndex;
use sqlx::sqlite::SqlitePoolOptions;
use sqlx::Row;
use std::time::{Duration, Instant};

mod support;
use support::{percentile, Rng};

/// The allocator the server runs with (server/src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const LISTINGS: usize = 100_000;
const RESOURCES: usize = 20_000;
const QUERIES: usize = 2_000;
/// Clients asking at once in the load measure.
const CLIENTS: usize = 32;

const EN: &[&str] = &[
    "rights",
    "reporting",
    "centre",
    "detention",
    "bail",
    "solicitor",
    "hospital",
    "charging",
    "treatment",
    "doctor",
    "register",
    "housing",
    "asylum",
    "accommodation",
    "repairs",
    "legal",
    "aid",
    "appeal",
    "tribunal",
    "capacity",
    "friend",
    "group",
    "walking",
    "football",
    "english",
    "conversation",
    "women",
    "cooking",
    "support",
    "campaign",
    "toolkit",
    "guide",
    "letter",
    "template",
    "organising",
    "safety",
    "community",
    "meeting",
    "weekly",
    "free",
    "advice",
    "families",
    "children",
    "school",
    "work",
    "benefits",
    "council",
    "evictions",
    "health",
    "workers",
    "patients",
    "passports",
    "borders",
    "everyday",
    "welcome",
    "the",
    "and",
    "for",
    "with",
    "your",
    "you",
    "can",
    "ask",
    "what",
    "who",
    "how",
    "when",
    "people",
    "new",
    "city",
];
const FR: &[&str] = &[
    "droits",
    "centre",
    "signalement",
    "détention",
    "avocat",
    "hôpital",
    "facturation",
    "soins",
    "médecin",
    "logement",
    "asile",
    "aide",
    "juridique",
    "appel",
    "groupe",
    "accueil",
    "soutien",
    "campagne",
    "guide",
    "lettre",
    "santé",
    "les",
    "des",
];
const ES: &[&str] = &[
    "derechos",
    "centro",
    "presentación",
    "detención",
    "abogado",
    "hospital",
    "médico",
    "cabecera",
    "vivienda",
    "asilo",
    "ayuda",
    "legal",
    "grupo",
    "apoyo",
    "campaña",
    "guía",
    "carta",
    "salud",
    "los",
    "las",
    "para",
];
const AR: &[&str] = &["حقوق", "مركز", "التوقيع", "احتجاز", "محامي", "مستشفى", "رسوم", "علاج", "طبيب", "سكن", "لجوء", "مساعدة", "مجموعة"];
const TOWNS: &[&str] = &["Sheffield", "Leeds", "Manchester", "Glasgow", "Cardiff", "Belfast", "London", "Bristol", "Hull", "Swansea"];
const KINDS: &[&str] = &["toolkit", "guide", "know-your-rights", "template", "recording", "reading", "other"];

/// The documents' text: each word drawn alike from the language's few
/// dozen words (the first corpus: every English query matches 80–95 % of
/// the documents), or with Zipf's law (`-- --zipf`, see [`Words::zipf`]).
#[derive(Clone, Copy, PartialEq)]
enum Corpus {
    Uniform,
    Zipf,
}

/// A language's words for the documents' text.
struct Words {
    words: Vec<String>,
    /// With Zipf's law: each word's cumulative weight.
    cumulative: Option<Vec<f64>>,
}

/// Made-up words: syllables of the language's script, three to a word.
const LATIN_SYLLABLES: &[&str] = &["ba", "ke", "lo", "mi", "nu", "ra", "si", "to", "ve", "zu", "da", "fe", "gi", "ho", "ju", "pa"];
const ARABIC_SYLLABLES: &[&str] = &["با", "كي", "لو", "مي", "نو", "را", "سي", "تو", "في", "زو", "دا", "هو", "جو", "قا", "شي", "عو"];

/// How many words a language's Zipf vocabulary holds.
const ZIPF_WORDS: usize = 4_000;

impl Words {
    fn uniform(real: &[&str]) -> Words {
        Words { words: real.iter().map(|w| w.to_string()).collect(), cumulative: None }
    }

    /// As natural text is: the k-th commonest word 1/k as often as the
    /// first, over 4,000 words; the language's real words (those the
    /// queries use) at ranks 10, 35, 60, … (up to ~1,750 for English),
    /// made-up words of its script between them. A query's word is then in
    /// a few to a few tens of percent of the documents, not in nearly all.
    fn zipf(real: &[&str], syllables: &[&str]) -> Words {
        let n = syllables.len();
        let mut made_up = (0..n * n * n).map(|i| [i / (n * n), i / n % n, i % n].map(|s| syllables[s]).concat());
        let mut words = Vec::with_capacity(ZIPF_WORDS);
        while words.len() < ZIPF_WORDS {
            let rank = words.len();
            let real_here = (rank >= 10 && (rank - 10) % 25 == 0).then(|| real.get((rank - 10) / 25)).flatten();
            match real_here {
                Some(w) => words.push(w.to_string()),
                None => words.push(made_up.by_ref().find(|w| !real.contains(&w.as_str())).unwrap()),
            }
        }
        let mut sum = 0.0;
        let cumulative = (1..=words.len())
            .map(|k| {
                sum += 1.0 / k as f64;
                sum
            })
            .collect();
        Words { words, cumulative: Some(cumulative) }
    }

    fn sentence(&self, rng: &mut Rng, n: usize) -> String {
        (0..n)
            .map(|_| match &self.cumulative {
                None => self.words[(rng.next() * self.words.len() as f64) as usize % self.words.len()].as_str(),
                Some(c) => {
                    let x = rng.next() * c[c.len() - 1];
                    self.words[c.partition_point(|w| *w < x).min(self.words.len() - 1)].as_str()
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn corpus(kind: Corpus) -> (Vec<Resource>, Vec<PublicListing>) {
    let mut rng = Rng(7);
    let words = |real: &[&str], syllables| match kind {
        Corpus::Uniform => Words::uniform(real),
        Corpus::Zipf => Words::zipf(real, syllables),
    };
    let [en, fr, es, ar] =
        [(EN, LATIN_SYLLABLES), (FR, LATIN_SYLLABLES), (ES, LATIN_SYLLABLES), (AR, ARABIC_SYLLABLES)].map(|(r, s)| words(r, s));
    let resources = (0..RESOURCES)
        .map(|i| {
            let (words, lang) = match i % 10 {
                0..=5 => (&en, "en"),
                6 | 7 => (&fr, "fr"),
                8 => (&es, "es"),
                _ => (&ar, "ar"),
            };
            Resource {
                slug: format!("r{i}"),
                title: words.sentence(&mut rng, 6),
                summary: words.sentence(&mut rng, 18),
                body: words.sentence(&mut rng, 150),
                body_html: String::new(),
                url: None,
                kind: KINDS[i % KINDS.len()].to_string(),
                topics: vec![rng.pick(EN).to_string()],
                languages: vec![lang.to_string()],
                publisher: None,
                published: None,
                updated_at: String::new(),
                language: lang.into(),
                translations: Default::default(),
                // Half the groups of ten are one sheet in four languages:
                // the English first, its French, Spanish and Arabic sheets.
                translation_of: (i % 10 >= 6 && i % 20 < 10).then(|| format!("r{}", i - i % 10)),
            }
        })
        .collect();
    let listings = (0..LISTINGS)
        .map(|i| {
            let town = rng.pick(TOWNS);
            PublicListing {
                slug: format!("l{i}"),
                kind: "solidarity_group".into(),
                kind_label: "Solidarity group".into(),
                name: format!("{town} {} {}", rng.pick(EN), rng.pick(EN)),
                summary: en.sentence(&mut rng, 14),
                description: en.sentence(&mut rng, 40),
                description_html: String::new(),
                town: town.to_string(),
                region: None,
                precision: Precision::Area,
                lat: Some(50.0 + rng.next() * 8.0),
                lon: Some(-5.0 + rng.next() * 6.0),
                address: None,
                tags: vec![rng.pick(EN).to_string()],
                languages: vec!["en".into()],
                meeting_times: String::new(),
                accessibility: String::new(),
                website: None,
                email: None,
                phone: None,
                last_confirmed: None,
                schedule: vec![],
                social: vec![],
                distance_km: None,
                may_be_inactive: false,
                updated_at: String::new(),
                language: "en".into(),
                // One listing in ten also written in Arabic and French.
                translations: if i % 10 == 0 { listing_translations(&mut rng, &ar, &fr) } else { Default::default() },
            }
        })
        .collect();
    (resources, listings)
}

fn listing_translations(rng: &mut Rng, ar: &Words, fr: &Words) -> app::translation::Translations {
    let mut all = std::collections::BTreeMap::new();
    for (lang, words) in [("ar", ar), ("fr", fr)] {
        let texts = [("name", words.sentence(rng, 4)), ("summary", words.sentence(rng, 14)), ("description", words.sentence(rng, 40))];
        all.insert(lang.to_string(), texts.into_iter().map(|(k, v)| (k.to_string(), v)).collect());
    }
    app::translation::Translations(all)
}

/// The query mix: typical searches, typos, other languages, prefixes.
const MIX: &[&str] = &[
    "reporting centre",
    "hospital charging",
    "legal aid appeal",
    "housing repairs asylum",
    "english conversation group",
    "know your rights detention",
    "tribunal capacity friend",
    "centre signalement",
    "médico cabecera",
    "مركز التوقيع",
    "hospitl",
    "detension",
    "walking football",
    "campaign toolkit",
    "Sheffield",
    "women cooking",
    "template letter",
    "health workers patients",
    "borders everyday",
    "soutien juridique",
    "rep",
    "hosp",
    "council evictions families",
];

fn row(name: &str, mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    let (p50, p99) = (percentile(&times, 0.5), percentile(&times, 0.99));
    println!("| {name} | {} | {:.3} ms | {:.3} ms |", times.len(), p50.as_secs_f64() * 1e3, p99.as_secs_f64() * 1e3);
    (p50, p99)
}

/// A visitor's words as an FTS5 query: each word quoted (so syntax cannot
/// break it), OR-ed, the last one as a prefix — the nearest FTS5 gets to
/// what our index does (it has no typo tolerance).
fn fts5_query(text: &str) -> Option<String> {
    let words: Vec<String> = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.replace('"', "")).collect();
    let (last, rest) = words.split_last()?;
    let mut parts: Vec<String> = rest.iter().map(|w| format!("\"{w}\"")).collect();
    parts.push(format!("\"{last}\"*"));
    Some(parts.join(" OR "))
}

async fn fts5_search(pool: &sqlx::SqlitePool, text: &str, limit: i64) -> Vec<String> {
    let Some(q) = fts5_query(text) else { return vec![] };
    sqlx::query("SELECT slug FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 0.0, 3.0, 2.0, 1.0) LIMIT ?")
        .bind(q)
        .bind(limit)
        .fetch_all(pool)
        .await
        .map(|rows| rows.iter().map(|r| r.get::<String, _>(0)).collect())
        .unwrap_or_default()
}

async fn fts5_load(pool: &sqlx::SqlitePool, docs: impl Iterator<Item = (String, String, String, String)>) {
    sqlx::query("DROP TABLE IF EXISTS docs").execute(pool).await.unwrap();
    sqlx::query(
        "CREATE VIRTUAL TABLE docs USING fts5(slug UNINDEXED, title, summary, body, tokenize = 'porter unicode61 remove_diacritics 2')",
    )
    .execute(pool)
    .await
    .expect("SQLite FTS5");
    let mut tx = pool.begin().await.unwrap();
    for (slug, title, summary, body) in docs {
        sqlx::query("INSERT INTO docs (slug, title, summary, body) VALUES (?, ?, ?, ?)")
            .bind(slug)
            .bind(title)
            .bind(summary)
            .bind(body)
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
}

/// PostgreSQL's text search configuration for a document's language.
fn pg_config(lang: &str) -> &'static str {
    match lang {
        "fr" => "french",
        "es" => "spanish",
        "ar" => "arabic",
        _ => "english",
    }
}

async fn pg_pool() -> Option<sqlx::PgPool> {
    use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
    let socket = std::env::var("ATLAS_BENCH_PG").ok()?;
    let options = PgConnectOptions::new().host(&socket).username("root").database("atlas_bench");
    Some(PgPoolOptions::new().max_connections(1).connect_with(options).await.expect("connect to PostgreSQL"))
}

/// Each document's words weighted title A, summary B, body C, stemmed in
/// its own language; one GIN index.
async fn pg_load(pool: &sqlx::PgPool, docs: &[(String, String, String, String)], langs: &[&str]) {
    sqlx::query("DROP TABLE IF EXISTS bench_docs").execute(pool).await.unwrap();
    sqlx::query(
        "CREATE TABLE bench_docs (slug text PRIMARY KEY, config regconfig NOT NULL, title text, summary text, body text,
           tsv tsvector GENERATED ALWAYS AS (
             setweight(to_tsvector(config, coalesce(title, '')), 'A') ||
             setweight(to_tsvector(config, coalesce(summary, '')), 'B') ||
             setweight(to_tsvector(config, coalesce(body, '')), 'C')) STORED)",
    )
    .execute(pool)
    .await
    .unwrap();
    for (chunk, langs) in docs.chunks(2000).zip(langs.chunks(2000)) {
        let mut q = sqlx::QueryBuilder::new("INSERT INTO bench_docs (slug, config, title, summary, body) ");
        q.push_values(chunk.iter().zip(langs), |mut b, ((slug, title, summary, body), lang)| {
            b.push_bind(slug)
                .push_bind(pg_config(lang))
                .push_unseparated("::regconfig")
                .push_bind(title)
                .push_bind(summary)
                .push_bind(body);
        });
        q.build().execute(pool).await.unwrap();
    }
    sqlx::query("CREATE INDEX bench_docs_tsv ON bench_docs USING gin (tsv)").execute(pool).await.unwrap();
    sqlx::query("ANALYZE bench_docs").execute(pool).await.unwrap();
}

/// The query in every configuration the documents use (OR-ed), so each
/// language's stemming applies; ranked by cover density with the weights
/// title 1.0, summary 0.67, body 0.33 (as FTS5's 3:2:1).
async fn pg_search(pool: &sqlx::PgPool, text: &str, limit: i64) -> Vec<String> {
    sqlx::query(
        "SELECT slug FROM bench_docs,
           (SELECT websearch_to_tsquery('english', $1) || websearch_to_tsquery('french', $1) ||
                   websearch_to_tsquery('spanish', $1) || websearch_to_tsquery('arabic', $1) AS q) query
         WHERE tsv @@ q ORDER BY ts_rank_cd('{0.1, 0.33, 0.67, 1.0}', tsv, q) DESC LIMIT $2",
    )
    .bind(text)
    .bind(limit)
    .fetch_all(pool)
    .await
    .map(|rows| rows.iter().map(|r| r.get::<String, _>(0)).collect())
    .unwrap_or_default()
}

fn langs_of(resources: &[Resource], listings: &[PublicListing]) -> Vec<&'static str> {
    let lang = |l: Option<&String>| match l.map(String::as_str) {
        Some("fr") => "fr",
        Some("es") => "es",
        Some("ar") => "ar",
        _ => "en",
    };
    resources.iter().map(|r| lang(r.languages.first())).chain(listings.iter().map(|_| "en")).collect()
}

fn docs_of(resources: &[Resource], listings: &[PublicListing]) -> Vec<(String, String, String, String)> {
    resources
        .iter()
        .map(|r| (r.slug.clone(), r.title.clone(), r.summary.clone(), r.body.clone()))
        .chain(listings.iter().map(|l| (l.slug.clone(), l.name.clone(), l.summary.clone(), format!("{} {}", l.description, l.town))))
        .collect()
}

#[tokio::main]
async fn main() {
    let kind = if std::env::args().any(|a| a == "--zipf") { Corpus::Zipf } else { Corpus::Uniform };
    let (resources, listings) = corpus(kind);
    let text = match kind {
        Corpus::Uniform => "each word drawn alike from a few dozen",
        Corpus::Zipf => "words drawn with Zipf's law from 4,000 a language",
    };
    println!("# Search benchmark: {LISTINGS} listings + {RESOURCES} resources ({text}), {QUERIES} queries\n");
    let dir = tempfile::tempdir().unwrap();

    let index = SearchIndex::open(&dir.path().join("index")).unwrap();
    let t = Instant::now();
    index.rebuild(&resources, &listings, &[], "bench", |_, _| {}).unwrap();
    let ours_indexing = t.elapsed();

    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect(&format!("sqlite://{}?mode=rwc", dir.path().join("fts.db").display()))
        .await
        .unwrap();
    let t = Instant::now();
    fts5_load(&pool, docs_of(&resources, &listings).into_iter()).await;
    let fts_indexing = t.elapsed();
    println!(
        "Indexing {} documents from scratch: tantivy {:.1} s, SQLite FTS5 {:.1} s\n",
        RESOURCES + LISTINGS,
        ours_indexing.as_secs_f64(),
        fts_indexing.as_secs_f64()
    );

    // Let tantivy's background segment merges finish before measuring.
    std::thread::sleep(Duration::from_secs(10));
    println!("The index on disk: {:.1} MB\n", size_on_disk(&dir.path().join("index")) as f64 / 1e6);
    if std::env::args().any(|a| a == "--per-query") {
        per_query(&index);
        return;
    }
    println!("| engine | queries | p50 | p99 |\n|---|---|---|---|");
    let mix: Vec<SearchQuery> = MIX.iter().map(|t| SearchQuery { text: t.to_string(), limit: 20, ..Default::default() }).collect();
    let (ours, _) = measure(&index, &mix, 1, Cache::Bypassed);
    let (o50, o99) = row("tantivy (this index: stemming in 11 languages, typos, prefix, facets, snippets), every query worked out", ours);
    // 32 clients at once on 2 cores (the /api/search load the issue names).
    let (loaded, elapsed) = measure(&index, &mix, CLIENTS, Cache::Bypassed);
    let (_, l99) = row(&format!("tantivy, {CLIENTS} clients at once, every query worked out"), loaded);
    println!(
        "\n{CLIENTS} clients, every query worked out: {:.0} queries a second, p99 {:.1}× one client's\n",
        QUERIES as f64 / elapsed.as_secs_f64(),
        l99.as_secs_f64() / o99.as_secs_f64()
    );
    // What visitors ask repeats: the same requests, Zipf-distributed over
    // the mix × (no town, or one of ten) × pages 1–3, answered through the
    // index's cache of pages since the last commit.
    let asked = zipf_stream(&mut Rng(11));
    let distinct = asked.iter().map(|q| format!("{q:?}")).collect::<std::collections::HashSet<_>>().len();
    println!("| tantivy, with its cache of recent pages | queries | p50 | p99 |\n|---|---|---|---|");
    for clients in [1, CLIENTS] {
        index.forget_recent_pages();
        let (times, elapsed) = measure(&index, &asked, clients, Cache::Used);
        row(&format!("{clients} client(s), {distinct} distinct requests, {:.0} a second", QUERIES as f64 / elapsed.as_secs_f64()), times);
    }
    // The web server answers /api/search on tokio's workers, one per core:
    // a request waits its turn, then has a core to itself. The same 32
    // clients, served that way (the time includes the wait).
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    println!("\n| tantivy, {CLIENTS} clients served by {workers} workers | queries | p50 | p99 |\n|---|---|---|---|");
    for (name, requests, cache) in
        [("every query worked out, the mix", &mix, Cache::Bypassed), ("through the cache, the Zipf stream", &asked, Cache::Used)]
    {
        index.forget_recent_pages();
        let (times, elapsed) = served(&index, requests, workers, cache);
        row(&format!("{name}, {:.0} a second", QUERIES as f64 / elapsed.as_secs_f64()), times);
    }
    if std::env::args().any(|a| a == "--tantivy-only") {
        return;
    }
    println!();
    println!("| engine | queries | p50 | p99 |\n|---|---|---|---|");
    let mut fts = Vec::new();
    for i in 0..QUERIES {
        let t = Instant::now();
        let hits = fts5_search(&pool, MIX[i % MIX.len()], 20).await;
        fts.push(t.elapsed());
        std::hint::black_box(hits);
    }
    let (f50, f99) = row("SQLite FTS5 (porter + unicode61, bm25 with the same field weights)", fts);
    let pg = pg_pool().await;
    let mut pg_ratio = String::new();
    if let Some(pool) = &pg {
        let t = Instant::now();
        pg_load(pool, &docs_of(&resources, &listings), &langs_of(&resources, &listings)).await;
        let pg_indexing = t.elapsed();
        let mut times = Vec::new();
        for i in 0..QUERIES {
            let t = Instant::now();
            let hits = pg_search(pool, MIX[i % MIX.len()], 20).await;
            times.push(t.elapsed());
            std::hint::black_box(hits);
        }
        let (p50, p99) = row("PostgreSQL full-text (tsvector per language, GIN, websearch_to_tsquery, ts_rank_cd, same weights)", times);
        pg_ratio = format!(
            "; PostgreSQL / tantivy: p50 {:.1}×, p99 {:.1}× (loaded and indexed in {:.1} s)",
            p50.as_secs_f64() / o50.as_secs_f64(),
            p99.as_secs_f64() / o99.as_secs_f64(),
            pg_indexing.as_secs_f64()
        );
    } else {
        println!("\nPostgreSQL comparison skipped: set ATLAS_BENCH_PG (scripts/bench does).");
    }
    println!(
        "\nRatio FTS5 / tantivy: p50 {:.1}×, p99 {:.1}×{pg_ratio}\n",
        f50.as_secs_f64() / o50.as_secs_f64(),
        f99.as_secs_f64() / o99.as_secs_f64()
    );

    relevance(&dir, pg.as_ref()).await;
}

/// Each query of the mix alone, one client, cache bypassed: its median
/// and slowest of 40 (`-- --per-query`), to see which queries make the p99;
/// and its page 2 asked after page 1, whose total and facets it reuses.
fn per_query(index: &SearchIndex) {
    println!("| query | hits | p50 | slowest of 40 | page 2 after page 1: p50 | slowest of 40 |\n|---|---|---|---|---|---|");
    let ms = |t: Duration| t.as_secs_f64() * 1e3;
    for text in MIX {
        let q = SearchQuery { text: text.to_string(), limit: 20, ..Default::default() };
        let total = index.search_afresh(&q).unwrap().total;
        let mut times: Vec<Duration> = (0..40)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(index.search_afresh(&q).unwrap());
                t.elapsed()
            })
            .collect();
        times.sort();
        let next = SearchQuery { offset: 20, ..q.clone() };
        let mut paged: Vec<Duration> = (0..40)
            .map(|_| {
                index.forget_recent_pages();
                index.search(&q).unwrap();
                let t = Instant::now();
                std::hint::black_box(index.search(&next).unwrap());
                t.elapsed()
            })
            .collect();
        paged.sort();
        println!(
            "| {text} | {total} | {:.3} ms | {:.3} ms | {:.3} ms | {:.3} ms |",
            ms(percentile(&times, 0.5)),
            ms(times[times.len() - 1]),
            ms(percentile(&paged, 0.5)),
            ms(paged[paged.len() - 1])
        );
    }
}

/// Bytes of the files in `dir` (the index's segments and meta).
fn size_on_disk(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir).unwrap().filter_map(|e| e.ok()?.metadata().ok()).filter(|m| m.is_file()).map(|m| m.len()).sum()
}

#[derive(Clone, Copy, PartialEq)]
enum Cache {
    Used,
    Bypassed,
}

fn ask(index: &SearchIndex, q: &SearchQuery, cache: Cache) -> server::search::SearchResults {
    match cache {
        Cache::Used => index.search(q),
        Cache::Bypassed => index.search_afresh(q),
    }
    .unwrap()
}

/// `QUERIES` requests from `clients` threads at once, each asking its share
/// in turn; every request's time and the whole run's.
fn measure(index: &SearchIndex, requests: &[SearchQuery], clients: usize, cache: Cache) -> (Vec<Duration>, Duration) {
    let started = Instant::now();
    let times = std::thread::scope(|scope| {
        let threads: Vec<_> = (0..clients)
            .map(|c| {
                scope.spawn(move || {
                    (0..QUERIES / clients)
                        .map(|i| {
                            let q = &requests[(c * 7 + i * clients) % requests.len()];
                            let t = Instant::now();
                            std::hint::black_box(ask(index, q, cache));
                            t.elapsed()
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        threads.into_iter().flat_map(|t| t.join().unwrap()).collect()
    });
    (times, started.elapsed())
}

/// `QUERIES` requests from `CLIENTS` clients at once, each waiting for its
/// answer before asking again, answered by `workers` threads from one
/// queue; each request's time from asking to answer, and the whole run's.
fn served(index: &SearchIndex, requests: &[SearchQuery], workers: usize, cache: Cache) -> (Vec<Duration>, Duration) {
    let (queue, jobs) = std::sync::mpsc::channel::<(usize, std::sync::mpsc::Sender<()>)>();
    let jobs = std::sync::Mutex::new(jobs);
    let started = Instant::now();
    let times = std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let job = jobs.lock().unwrap().recv();
                let Ok((i, answered)) = job else { break };
                std::hint::black_box(ask(index, &requests[i], cache));
                let _ = answered.send(());
            });
        }
        let clients: Vec<_> = (0..CLIENTS)
            .map(|c| {
                let queue = queue.clone();
                scope.spawn(move || {
                    (0..QUERIES / CLIENTS)
                        .map(|i| {
                            let (answered, answer) = std::sync::mpsc::channel();
                            let t = Instant::now();
                            queue.send(((c * 7 + i * CLIENTS) % requests.len(), answered)).unwrap();
                            answer.recv().unwrap();
                            t.elapsed()
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let times: Vec<Duration> = clients.into_iter().flat_map(|c| c.join().unwrap()).collect();
        // The workers stop when the queue closes.
        drop(queue);
        times
    });
    (times, started.elapsed())
}

/// `QUERIES` requests drawn with Zipf's law (the k-th commonest asked
/// 1/k as often as the first) from the mix, alone or with a town, on
/// pages 1 to 3.
fn zipf_stream(rng: &mut Rng) -> Vec<SearchQuery> {
    let mut kinds = Vec::new();
    for page in 0..3 {
        for town in std::iter::once("").chain(TOWNS.iter().copied()) {
            for text in MIX {
                let text = if town.is_empty() { text.to_string() } else { format!("{text} {town}") };
                kinds.push(SearchQuery { text, limit: 20, offset: page * 20, ..Default::default() });
            }
        }
    }
    // Commonest first: page 1 before 2, no town before a town, as above.
    let weights: Vec<f64> = (1..=kinds.len()).map(|k| 1.0 / k as f64).collect();
    let total: f64 = weights.iter().sum();
    (0..QUERIES)
        .map(|_| {
            let mut x = rng.next() * total;
            let k = weights.iter().position(|w| {
                x -= w;
                x <= 0.0
            });
            kinds[k.unwrap_or(kinds.len() - 1)].clone()
        })
        .collect()
}

/// Mean reciprocal rank of both engines on tests/relevance.json over the
/// fictional sample resources.
async fn relevance(dir: &tempfile::TempDir, pg: Option<&sqlx::PgPool>) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let cases: Vec<serde_json::Value> = serde_json::from_str(&std::fs::read_to_string(root.join("tests/relevance.json")).unwrap()).unwrap();
    let store = server::store::Store::new(server::db::open(&format!("sqlite://{}", dir.path().join("rel.db").display())).await.unwrap());
    let atlas = server::atlas::Atlas::new(store).await.unwrap();
    let file = std::fs::read(root.join("data/sample-resources.jsonl")).unwrap();
    atlas.import_resources(&file[..], app::model::ListingStatus::Published, false, |_| {}).await.unwrap();
    let resources = atlas.store.published_resources().await.unwrap();
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect(&format!("sqlite://{}?mode=rwc", dir.path().join("rel-fts.db").display()))
        .await
        .unwrap();
    fts5_load(&pool, docs_of(&resources, &[]).into_iter()).await;
    if let Some(pg) = pg {
        pg_load(pg, &docs_of(&resources, &[]), &langs_of(&resources, &[])).await;
    }

    let (mut ours, mut fts, mut ours_top3, mut fts_top3) = (0.0, 0.0, 0, 0);
    let (mut pg_mrr, mut pg_top3) = (0.0, 0);
    for c in &cases {
        let (q, expected) = (c["query"].as_str().unwrap(), c["expected"].as_str().unwrap());
        let page = atlas
            .read
            .search
            .search(&SearchQuery { text: q.into(), doc_type: Some("resource".into()), limit: 10, ..Default::default() })
            .unwrap();
        let rank = page.hits.iter().position(|h| h.slug == expected).map(|p| p + 1);
        ours += rank.map_or(0.0, |r| 1.0 / r as f64);
        ours_top3 += usize::from(rank.is_some_and(|r| r <= 3));
        let slugs = fts5_search(&pool, q, 10).await;
        let rank = slugs.iter().position(|s| s == expected).map(|p| p + 1);
        fts += rank.map_or(0.0, |r| 1.0 / r as f64);
        fts_top3 += usize::from(rank.is_some_and(|r| r <= 3));
        if let Some(pg) = pg {
            let slugs = pg_search(pg, q, 10).await;
            let rank = slugs.iter().position(|s| s == expected).map(|p| p + 1);
            pg_mrr += rank.map_or(0.0, |r| 1.0 / r as f64);
            pg_top3 += usize::from(rank.is_some_and(|r| r <= 3));
        }
    }
    let n = cases.len() as f64;
    println!("Relevance on tests/relevance.json ({} queries over the sample resources):\n", cases.len());
    println!("| engine | MRR | expected in top 3 |\n|---|---|---|");
    println!("| tantivy (this index) | {:.3} | {ours_top3}/{} |", ours / n, cases.len());
    println!("| SQLite FTS5 | {:.3} | {fts_top3}/{} |", fts / n, cases.len());
    if pg.is_some() {
        println!("| PostgreSQL full-text | {:.3} | {pg_top3}/{} |", pg_mrr / n, cases.len());
    }
}
