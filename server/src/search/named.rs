//! What a query names besides its words: a language ("know your rights
//! French", "بالعربية") and values of the site's vocabulary (a topic, an
//! activity, a kind) in any of the interface's languages ("marche" for
//! the walking groups).

use super::schema::{tokens, PLAIN};
use tantivy::Index;

/// Words that name a language, folded as the plain copy folds them
/// (lower case, accents dropped), by the language's code.
const LANGUAGE_WORDS: [(&str, &[&str]); 10] = [
    ("en", &["english", "anglais", "ingles", "الإنجليزية", "الانجليزية", "بالإنجليزية", "بالانجليزية", "انگلیسی", "انگلیسى"]),
    ("fr", &["french", "francais", "frances", "الفرنسية", "بالفرنسية", "فرانسوی", "فرانسه"]),
    ("es", &["spanish", "espagnol", "espanol", "castellano", "الإسبانية", "الاسبانية", "بالإسبانية", "بالاسبانية", "اسپانیایی"]),
    ("ar", &["arabic", "arabe", "العربية", "بالعربية", "عربي", "بالعربي", "عربی", "عربى"]),
    ("fa", &["farsi", "persian", "persan", "persa", "فارسی", "فارسى", "الفارسية", "بالفارسية", "پارسی"]),
    ("ku", &["kurdish", "kurde", "kurdo", "الكردية", "کردی"]),
    ("ti", &["tigrinya", "tigrigna"]),
    ("so", &["somali"]),
    ("ur", &["urdu", "ourdou", "الأردية", "اردو"]),
    ("ps", &["pashto", "pachto", "پشتو"]),
];

/// Words before a language's name that belong to it ("in French", "en
/// français", "به فارسی", "باللغة العربية").
const LANGUAGE_LEADS: [&str; 6] = ["in", "en", "به", "در", "باللغة", "زبان"];

/// A language named in the query: its code, and the query without the
/// words that named it (empty when the query is only a language's name).
#[derive(Debug, PartialEq)]
pub struct NamedLanguage {
    pub code: String,
    pub rest: String,
}

/// The language the query names, if any: the first word that names one
/// (with the word before it when that is "in", "en", "به"…).
pub fn language(index: &Index, text: &str) -> Option<NamedLanguage> {
    let words: Vec<&str> = text.split_whitespace().collect();
    // The lists are folded as the query is ("العربية" as "العربيه").
    let fold = |w: &str| tokens(index, PLAIN, w).join(" ");
    let (at, code) = words.iter().enumerate().find_map(|(i, w)| {
        // "-french" excludes French: it names no language to put first.
        if w.starts_with(['-', '"']) || in_quotes(&words[..i]) {
            return None;
        }
        let folded = fold(w);
        LANGUAGE_WORDS.iter().find(|(_, names)| names.iter().any(|n| fold(n) == folded)).map(|(code, _)| (i, *code))
    })?;
    let lead = |w: &str| LANGUAGE_LEADS.iter().any(|l| fold(l) == fold(w));
    let from = if at > 0 && lead(words[at - 1]) { at - 1 } else { at };
    let rest: Vec<&str> = words[..from].iter().chain(&words[at + 1..]).copied().collect();
    // The quotes and exclusions of the rest stay as typed.
    Some(NamedLanguage { code: code.to_string(), rest: rest.join(" ") })
}

/// True when a quote opened before these words is still open: a word
/// inside a phrase is searched as written.
fn in_quotes(before: &[&str]) -> bool {
    before.iter().map(|w| w.matches('"').count()).sum::<usize>() % 2 == 1
}

/// Which field a vocabulary value is held in.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum VocabularyField {
    /// Library topics and listings' activity tags.
    Topic,
    /// Resource kinds, listing kinds and event categories.
    Kind,
}

/// One name of a value in one language, as folded words.
#[derive(Clone, Debug)]
struct Name {
    words: Vec<String>,
    field: VocabularyField,
    value: String,
    lang: &'static str,
}

/// Every name the values in the index have in the interface's languages.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    names: Vec<Name>,
    /// How many values a word is part of the names of, by language.
    naming: std::collections::HashMap<(&'static str, String), usize>,
}

/// Fluent keys a value's name may be under, by field.
fn keys(field: VocabularyField, value: &str) -> Vec<String> {
    match field {
        VocabularyField::Topic => vec![app::i18n::value_key("topic", value), app::i18n::value_key("tag", value)],
        VocabularyField::Kind => vec![format!("resource-kind-{value}"), format!("kind-{value}"), format!("event-category-{value}")],
    }
}

impl Vocabulary {
    /// The names of these values (as the index holds them) in every
    /// language of the interface, and the values as stored.
    pub fn new(index: &Index, values: &[(VocabularyField, String)]) -> Vocabulary {
        let mut names = Vec::new();
        for (field, value) in values {
            let stored = std::iter::once(("en", value.replace(['-', '_'], " ")));
            let translated = app::i18n::LANGUAGES.iter().flat_map(|(lang, _, _)| {
                keys(*field, value).into_iter().filter_map(move |k| app::i18n::name_in(lang, &k).map(|n| (*lang, n)))
            });
            for (lang, name) in stored.chain(translated) {
                let words = tokens(index, PLAIN, &name);
                if !words.is_empty() {
                    names.push(Name { words, field: *field, value: value.clone(), lang });
                }
            }
        }
        let mut seen: std::collections::HashSet<(&'static str, &str, &str)> = std::collections::HashSet::new();
        let mut naming = std::collections::HashMap::new();
        for n in &names {
            for w in &n.words {
                if seen.insert((n.lang, w.as_str(), n.value.as_str())) {
                    *naming.entry((n.lang, w.clone())).or_insert(0) += 1;
                }
            }
        }
        Vocabulary { names, naming }
    }

    /// The values each of `words` (folded, in order, stop words kept)
    /// stands for: every value whose whole name the query contains, and a
    /// value whose name has a word that names no more than two values in
    /// its language ("marche", not "groupe").
    pub fn values_of(&self, words: &[String]) -> Vec<Vec<(VocabularyField, String)>> {
        let mut found: Vec<Vec<(VocabularyField, String)>> = vec![Vec::new(); words.len()];
        for name in &self.names {
            let n = name.words.len();
            for start in 0..words.len().saturating_sub(n - 1) {
                if words[start..start + n] == name.words[..] {
                    for slot in &mut found[start..start + n] {
                        slot.push((name.field, name.value.clone()));
                    }
                }
            }
            for (i, word) in words.iter().enumerate() {
                if n > 1
                    && word.chars().count() >= 4
                    && name.words.contains(word)
                    && self.naming.get(&(name.lang, word.clone())).is_some_and(|n| *n <= 2)
                {
                    found[i].push((name.field, name.value.clone()));
                }
            }
        }
        for values in &mut found {
            values.sort_by(|a, b| a.1.cmp(&b.1));
            values.dedup();
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    fn index() -> Index {
        let (schema, _) = super::super::schema::build();
        let index = Index::create_in_ram(schema);
        super::super::schema::register_analyzers(&index);
        index
    }

    #[test]
    fn a_language_named_in_the_query_is_found_with_its_lead_word() {
        let index = index();
        let named = |q: &str| language(&index, q).map(|n| (n.code, n.rest));
        assert_eq!(named("know your rights French"), Some(("fr".into(), "know your rights".into())));
        assert_eq!(named("droits en français"), Some(("fr".into(), "droits".into())));
        assert_eq!(named("حقوق بالعربية"), Some(("ar".into(), "حقوق".into())));
        assert_eq!(named("حقوق به فارسی"), Some(("fa".into(), "حقوق".into())));
        assert_eq!(named("guide in Persian"), Some(("fa".into(), "guide".into())));
        assert_eq!(named("derechos español"), Some(("es".into(), "derechos".into())));
        assert_eq!(named("hospital -housing in English"), Some(("en".into(), "hospital -housing".into())));
        // Nothing but a language: what is in it, and what mentions it.
        assert_eq!(named("in French"), Some(("fr".into(), "".into())));
        assert_eq!(named("hospital charges"), None);
        // Excluded, or inside a phrase: not a language to put first.
        assert_eq!(named("know your rights -french"), None);
        assert_eq!(named("\"french toast\""), None);
        assert_eq!(named("\"learn french\" guide"), None);
        // Typed on an Arabic keyboard, or with a taa marbuta as heh.
        assert_eq!(named("فارسي"), Some(("fa".into(), "".into())));
        assert_eq!(named("بالعربيه"), Some(("ar".into(), "".into())));
    }

    #[test]
    fn a_vocabulary_word_in_any_language_stands_for_the_stored_value() {
        let index = index();
        let values = [
            (VocabularyField::Topic, "walking group".to_string()),
            (VocabularyField::Topic, "women's group".to_string()),
            (VocabularyField::Topic, "health".to_string()),
            (VocabularyField::Topic, "reading group".to_string()),
            (VocabularyField::Kind, "know-your-rights".to_string()),
            (VocabularyField::Kind, "solidarity_group".to_string()),
        ];
        let vocabulary = Vocabulary::new(&index, &values);
        let of = |q: &str| {
            let words = tokens(&index, PLAIN, q);
            vocabulary.values_of(&words).into_iter().flatten().map(|(_, v)| v).collect::<BTreeSet<_>>()
        };
        assert!(of("marche").contains("walking group"), "{:?}", of("marche"));
        assert!(of("santé").contains("health"));
        assert!(of("الصحة").contains("health"));
        assert!(of("know your rights").contains("know-your-rights"));
        assert!(of("connaître ses droits").contains("know-your-rights"));
        // A word in many names ("groupe") names none of them by itself.
        assert!(!of("groupe").contains("walking group"));
        assert!(of("hospital").is_empty());
    }

    /// Message ids defined in one language's Fluent files.
    fn keys(lang: &str) -> BTreeSet<String> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/locales").join(lang);
        let mut keys = BTreeSet::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            keys.extend(text.lines().filter_map(|l| l.split_once(" =").map(|(k, _)| k.trim().to_string())));
        }
        keys
    }

    /// Every activity tag, region, library topic, resource kind, listing
    /// kind and event category the sample data uses is named in all five
    /// languages of the interface.
    #[test]
    fn every_value_in_the_sample_data_is_translated_in_every_language() {
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
        let mut wanted = BTreeSet::new();
        let records = |file: &str| -> Vec<serde_json::Value> {
            std::fs::read_to_string(data.join(file))
                .unwrap()
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| serde_json::from_str(l).unwrap())
                .collect()
        };
        let strings = |v: &serde_json::Value| -> Vec<String> {
            v.as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect()).unwrap_or_default()
        };
        for l in records("sample-listings.jsonl") {
            wanted.extend(strings(&l["tags"]).iter().map(|t| app::i18n::value_key("tag", t)));
            wanted.extend(l["region"].as_str().map(|r| app::i18n::value_key("region", r)));
            wanted.insert(format!("kind-{}", l["kind"].as_str().unwrap()));
        }
        for r in records("sample-resources.jsonl") {
            wanted.extend(strings(&r["topics"]).iter().map(|t| app::i18n::value_key("topic", t)));
            wanted.insert(format!("resource-kind-{}", r["kind"].as_str().unwrap()));
        }
        for e in records("sample-events.jsonl") {
            wanted.insert(format!("event-category-{}", e["category"].as_str().unwrap()));
        }
        assert!(wanted.len() > 50, "{wanted:?}");
        for (lang, _, _) in app::i18n::LANGUAGES {
            let have = keys(lang);
            let missing: Vec<&String> = wanted.difference(&have).collect();
            assert!(missing.is_empty(), "{lang} does not name {missing:?}");
        }
    }
}
