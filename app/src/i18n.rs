//! The one translation layer: every piece of text a visitor reads comes
//! from the Fluent files in `app/locales/<lang>/*.ftl` (one per area). Components ask
//! for a message by key; the visitor's language lives in the context.

use crate::problem::{Arg, Problem};
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{static_loader, LanguageIdentifier, Loader};
use leptos::prelude::*;
use std::borrow::Cow;
use std::collections::HashMap;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Numbers in messages ("{ $count } listings") in each language's
        // own digits and separators.
        customise: |bundle| bundle.set_formatter(Some(number_in_language)),
    };
}

/// The language of the bundle a number is formatted for, taken from the
/// bundle's memoizer (Fluent gives a formatter nothing else).
struct BundleLanguage(String);

impl intl_memoizer::Memoizable for BundleLanguage {
    type Args = ();
    type Error = ();
    fn construct(lang: LanguageIdentifier, _: ()) -> Result<Self, ()> {
        Ok(BundleLanguage(lang.language.as_str().to_string()))
    }
}

fn number_in_language(value: &FluentValue, memo: &intl_memoizer::concurrent::IntlLangMemoizer) -> Option<String> {
    match value {
        FluentValue::Number(n) => memo.with_try_get::<BundleLanguage, _, _>((), |l| format_number(&l.0, n.value)).ok(),
        _ => None,
    }
}

/// How a language writes numbers (CLDR's defaults): the thousands and
/// decimal separators, the fewest digits that are grouped, and its zero.
#[derive(Clone, Copy, Debug, serde::Serialize)]
pub struct NumberStyle {
    pub group: &'static str,
    pub decimal: &'static str,
    pub min_grouping: usize,
    pub zero: char,
}

pub fn number_style(lang: &str) -> NumberStyle {
    let (group, decimal, min_grouping) = match lang {
        "fr" => ("\u{202F}", ",", 4),
        "es" => (".", ",", 5),
        "ar" | "fa" => ("٬", "٫", 4),
        _ => (",", ".", 4),
    };
    let zero = match lang {
        "ar" => '٠',
        "fa" => '۰',
        _ => '0',
    };
    NumberStyle { group, decimal, min_grouping, zero }
}

/// `n` as written in `lang`: digits, thousands and decimal separators
/// (1,234.5 · 1 234,5 · 1234,5 / 12.345 · ١٬٢٣٤٫٥ · ۱٬۲۳۴٫۵).
pub fn format_number(lang: &str, n: f64) -> String {
    let style = number_style(lang);
    let negative = n < 0.0;
    let n = n.abs();
    let whole = n.trunc() as u64;
    let tenths = ((n - n.trunc()) * 10.0).round() as u64;
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) && digits.len() >= style.min_grouping {
            grouped.push_str(style.group);
        }
        grouped.push(c);
    }
    if tenths > 0 {
        grouped.push_str(style.decimal);
        grouped.push_str(&tenths.to_string());
    }
    let text = if negative { format!("-{grouped}") } else { grouped };
    localise_digits(lang, &text)
}

/// Western digits in `text` as the digits `lang` writes.
pub fn localise_digits(lang: &str, text: &str) -> String {
    let zero = number_style(lang).zero;
    if zero == '0' {
        return text.to_string();
    }
    text.chars().map(|c| c.to_digit(10).and_then(|d| char::from_u32(zero as u32 + d)).unwrap_or(c)).collect()
}

/// A date (YYYY-MM-DD) as the visitor's language writes it, e.g.
/// "26 November 2026", "26 de noviembre de 2026", "٢٦ نوفمبر ٢٠٢٦".
pub fn format_date(iso: &str) -> String {
    locale().format_date(iso)
}

/// A clock time (`18:00`) in the digits the visitor's language writes, as
/// [`format_date`] writes a date's (۱۸:۰۰ in Farsi, ١٨:٠٠ in Arabic).
pub fn format_time(hm: &str) -> String {
    localise_digits(&locale().code(), hm)
}

/// The interface languages: code, name in the language itself, and
/// whether it is written right to left. Add a language by adding its
/// Fluent file and a line here.
pub const LANGUAGES: [(&str, &str, bool); 5] =
    [("en", "English", false), ("ar", "العربية", true), ("fa", "فارسی", true), ("fr", "Français", false), ("es", "Español", false)];

/// The language a page is rendered in.
#[derive(Clone, Debug, PartialEq)]
pub struct Locale(pub LanguageIdentifier);

impl Locale {
    pub fn english() -> Self {
        Locale("en".parse().expect("'en' is a valid language tag"))
    }

    /// One of [`LANGUAGES`], by its code.
    pub fn from_code(code: &str) -> Option<Self> {
        let code = code.trim().to_ascii_lowercase();
        LANGUAGES.iter().find(|(c, _, _)| *c == code).and_then(|(c, _, _)| c.parse().ok()).map(Locale)
    }

    /// The best supported language for an `Accept-Language` header.
    pub fn negotiate(accept_language: &str) -> Option<Self> {
        let mut ranges: Vec<(f32, String)> = accept_language
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.trim().split(';');
                let tag = pieces.next()?.trim().to_ascii_lowercase();
                let q = pieces.find_map(|p| p.trim().strip_prefix("q=").and_then(|v| v.parse::<f32>().ok())).unwrap_or(1.0);
                (!tag.is_empty() && q > 0.0).then_some((q, tag))
            })
            .collect();
        ranges.sort_by(|a, b| b.0.total_cmp(&a.0));
        ranges.iter().find_map(|(_, tag)| Locale::from_code(tag.split('-').next().unwrap_or(tag)))
    }

    /// The two-letter code, e.g. `ar`.
    pub fn code(&self) -> String {
        self.0.language.as_str().to_string()
    }

    /// `rtl` for Arabic and Farsi, else `ltr`.
    pub fn dir(&self) -> &'static str {
        let code = self.code();
        if LANGUAGES.iter().any(|(c, _, rtl)| *c == code && *rtl) {
            "rtl"
        } else {
            "ltr"
        }
    }

    /// The tag for `<html lang>`.
    pub fn tag(&self) -> String {
        self.0.to_string()
    }

    pub fn text(&self, key: &str) -> String {
        LOCALES.lookup(&self.0, key)
    }

    pub fn text_with(&self, key: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> = args.iter().map(|(k, v)| (Cow::Borrowed(*k), v.clone())).collect();
        LOCALES.lookup_with_args(&self.0, key, &args)
    }

    /// What was wrong, in this language.
    pub fn problem(&self, problem: &Problem) -> String {
        let args: Vec<(&'static str, FluentValue<'static>)> = problem
            .args()
            .into_iter()
            .map(|(name, arg)| {
                let value = match arg {
                    Arg::Number(n) => FluentValue::from(n),
                    Arg::Text(t) => FluentValue::from(t),
                    Arg::List(items) => FluentValue::from(self.list(&items)),
                };
                (name, value)
            })
            .collect();
        self.text_with(&problem.key(), &args)
    }

    /// Names joined by this language's comma, each isolated (a Latin
    /// town keeps its own direction in an Arabic line). A right-to-left
    /// list starts with a right-to-left mark: the isolate Fluent puts
    /// around the whole argument then runs right to left, so the first
    /// name is read first.
    fn list(&self, items: &[String]) -> String {
        let joined = items.iter().map(|i| format!("\u{2068}{i}\u{2069}")).collect::<Vec<_>>().join(&self.text("list-separator"));
        if self.dir() == "rtl" {
            format!("\u{200f}{joined}")
        } else {
            joined
        }
    }

    /// [`format_date`] in this language (mail has no page to take it from).
    pub fn format_date(&self, iso: &str) -> String {
        let parts: Vec<u32> = iso.get(..10).unwrap_or("").split('-').filter_map(|p| p.parse().ok()).collect();
        let [year, month, day] = parts[..] else { return iso.to_string() };
        if !(1..=12).contains(&month) {
            return iso.to_string();
        }
        let lang = self.code();
        self.text_with(
            "date-format",
            &[
                ("day", localise_digits(&lang, &day.to_string()).into()),
                ("month", self.text(&format!("month-{month}")).into()),
                ("year", localise_digits(&lang, &year.to_string()).into()),
            ],
        )
    }

    /// A message that may not exist, e.g. the label of a kind an operator
    /// added: falls back to the label stored with the data.
    pub fn text_or(&self, key: &str, fallback: &str) -> String {
        LOCALES.try_lookup(&self.0, key).unwrap_or_else(|| fallback.to_string())
    }
}

/// A message with a count, as templates per plural category ("one",
/// "other", ...) with `#` for the number, for scripts that count in the
/// browser: they choose the category with `Intl.PluralRules` and write the
/// number as [`number_style_json`] says (not with `Intl.NumberFormat`,
/// whose first use costs an old phone a long pause).
pub fn plural_templates(key: &str, arg: &'static str) -> String {
    templates_in(&locale(), key, arg)
}

fn templates_in(locale: &Locale, key: &str, arg: &'static str) -> String {
    let samples = [("zero", 0), ("one", 1), ("two", 2), ("few", 3), ("many", 11), ("other", 100)];
    let templates: serde_json::Map<String, serde_json::Value> = samples
        .iter()
        .map(|(category, n)| {
            // The number as the message writes it (١١ in Arabic, not 11).
            let written = format_number(&locale.code(), f64::from(*n));
            let text = locale.text_with(key, &[(arg, (*n).into())]).replacen(&written, "#", 1);
            (category.to_string(), text.into())
        })
        .collect();
    serde_json::Value::Object(templates).to_string()
}

/// The visitor's [`NumberStyle`] as JSON, for scripts that write numbers.
pub fn number_style_json() -> String {
    serde_json::to_string(&number_style(&locale().code())).unwrap_or_default()
}

/// `n` in the visitor's language's digits and separators.
pub fn number(n: f64) -> String {
    format_number(&locale().code(), n)
}

fn locale() -> Locale {
    use_context::<Locale>().unwrap_or_else(Locale::english)
}

/// What was wrong, in the visitor's language.
pub fn problem(p: &Problem) -> String {
    locale().problem(p)
}

/// In English, for the command line and the log.
impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Without the bidi isolation marks, which a terminal shows as junk.
        f.write_str(&Locale::english().problem(self).replace(['\u{2068}', '\u{2069}'], ""))
    }
}

/// The message `key` in the visitor's language.
pub fn t(key: &str) -> String {
    locale().text(key)
}

/// The message `key` with arguments (numbers pick the plural form).
pub fn t_with(key: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
    locale().text_with(key, args)
}

/// The message `key`, or `fallback` when no translation file has it.
pub fn t_or(key: &str, fallback: &str) -> String {
    locale().text_or(key, fallback)
}

/// What a value from the data is called in the translations: its kind
/// and its slug, e.g. `tag` and "women's group" → `tag-women-s-group`.
pub fn value_key(kind: &str, value: &str) -> String {
    let mut slug = String::with_capacity(value.len());
    for c in value.trim().chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    format!("{kind}-{}", slug.trim_matches('-'))
}

/// A value from the data (a region, an activity tag, a library topic) in
/// the visitor's language, or None when no translation names it (a tag a
/// group typed): then it is shown as stored, isolated from the text around it.
pub fn value_name(kind: &str, value: &str) -> Option<String> {
    let key = value_key(kind, value);
    // The form's own messages share the prefix: never a value's name.
    if ["tag-label", "tag-any", "topic-"].contains(&key.as_str()) {
        return None;
    }
    LOCALES.try_lookup(&locale().0, &key)
}

/// The message `key` in the language `lang` (one of [`LANGUAGES`]), if
/// that language's files or the fallback's have it, without isolation
/// marks: for matching what a visitor typed against the names of values.
pub fn name_in(lang: &str, key: &str) -> Option<String> {
    if ["tag-label", "tag-any", "kind-label", "kind-any"].contains(&key) {
        return None;
    }
    let locale = Locale::from_code(lang)?;
    LOCALES.try_lookup(&locale.0, key).map(|n| n.replace(['\u{2068}', '\u{2069}'], ""))
}

/// The same as text: the translation, else the value as stored.
pub fn value_text(kind: &str, value: &str) -> String {
    value_name(kind, value).unwrap_or_else(|| value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    /// Message ids defined in a Fluent file (top-level `id =` lines).
    fn keys(path: &Path) -> BTreeSet<String> {
        std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
            .lines()
            .filter(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()))
            .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_string()))
            .collect()
    }

    /// The Fluent files of a language (one per area: `main.ftl`, `alerts.ftl`, …).
    fn files(lang_dir: &Path) -> BTreeSet<String> {
        std::fs::read_dir(lang_dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".ftl"))
            .collect()
    }

    #[test]
    fn every_language_has_exactly_the_english_keys() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
        let english_files = files(&dir.join("en"));
        assert!(english_files.contains("main.ftl"));
        let english: BTreeSet<String> = english_files.iter().flat_map(|f| keys(&dir.join("en").join(f))).collect();
        assert!(english.len() > 10, "the English file looks empty");
        for entry in std::fs::read_dir(&dir).unwrap() {
            let lang_dir = entry.unwrap().path();
            assert_eq!(files(&lang_dir), english_files, "{}: not the same files as English", lang_dir.display());
            for file in &english_files {
                let (english, other) = (keys(&dir.join("en").join(file)), keys(&lang_dir.join(file)));
                let missing: Vec<_> = english.difference(&other).collect();
                let extra: Vec<_> = other.difference(&english).collect();
                assert!(
                    missing.is_empty() && extra.is_empty(),
                    "{}/{file}: missing {missing:?}, not in English {extra:?}",
                    lang_dir.display()
                );
            }
        }
        let mut seen = BTreeSet::new();
        for file in &english_files {
            for key in keys(&dir.join("en").join(file)) {
                assert!(seen.insert(key.clone()), "{key} is defined in two files");
            }
        }
    }

    /// "Did you mean" names each keep their direction, in a list that runs
    /// the page's way with the page's comma.
    #[test]
    fn suggested_places_are_a_list_in_the_readers_language() {
        let miss = Problem::PlaceNotFound { place: "Sheffeild".into(), suggestions: vec!["Sheffield".into(), "Sheffield Park".into()] };
        let english = Locale::english().problem(&miss);
        assert_eq!(plain(english), "We could not find “Sheffeild”. Did you mean: Sheffield, Sheffield Park?");
        let arabic = Locale::from_code("ar").unwrap().problem(&miss);
        assert!(arabic.contains("\u{2068}\u{200f}\u{2068}Sheffield\u{2069}، \u{2068}Sheffield Park\u{2069}\u{2069}؟"), "{arabic:?}");
        let none = Problem::PlaceNotFound { place: "Qqq".into(), suggestions: vec![] };
        assert!(plain(Locale::english().problem(&none)).contains("Try a nearby town"));
    }

    #[test]
    fn every_problem_is_worded_in_every_language() {
        for (code, _, _) in LANGUAGES {
            let locale = Locale::from_code(code).unwrap();
            for p in Problem::samples() {
                let args: HashMap<Cow<'static, str>, FluentValue> =
                    p.args().into_iter().map(|(k, _)| (Cow::Borrowed(k), FluentValue::from("x"))).collect();
                let text = LOCALES.try_lookup_with_args(&locale.0, &p.key(), &args);
                assert!(text.is_some_and(|t| !t.trim().is_empty()), "{code}: no message {}", p.key());
            }
        }
    }

    /// Fluent wraps arguments in bidi isolation marks (so an English town
    /// name reads correctly inside Arabic text); tests compare without them.
    fn plain(s: String) -> String {
        s.replace(['\u{2068}', '\u{2069}'], "")
    }

    #[test]
    fn languages_are_chosen_from_accept_language() {
        assert_eq!(Locale::negotiate("ar-EG,ar;q=0.9,en;q=0.5").unwrap().code(), "ar");
        assert_eq!(Locale::negotiate("de-DE, fr;q=0.8, en;q=0.7").unwrap().code(), "fr");
        assert_eq!(Locale::negotiate("fa;q=0, es;q=0.1").unwrap().code(), "es");
        assert!(Locale::negotiate("de, ja").is_none());
        assert!(Locale::negotiate("").is_none());
        assert_eq!(Locale::from_code("fa").unwrap().dir(), "rtl");
        assert_eq!(Locale::from_code("FR").unwrap().dir(), "ltr");
        assert!(Locale::from_code("xx").is_none());
    }

    #[test]
    fn numbers_and_dates_in_each_language() {
        assert_eq!(format_number("en", 12345.0), "12,345");
        assert_eq!(format_number("en", 1234.5), "1,234.5");
        assert_eq!(format_number("fr", 12345.0), "12\u{202F}345");
        assert_eq!(format_number("es", 1234.0), "1234");
        assert_eq!(format_number("es", 12345.0), "12.345");
        assert_eq!(format_number("ar", 1234.5), "١٬٢٣٤٫٥");
        assert_eq!(format_number("fa", 71.0), "۷۱");
        let fa = Locale::from_code("fa").unwrap();
        assert!(plain(fa.text_with("listing-count", &[("count", 71.into())])).contains("۷۱"));
        assert!(plain(Locale::english().text_with("listing-count", &[("count", 1234.into())])).contains("1,234"));
        let owner = Owner::new();
        owner.with(|| {
            provide_context(Locale::from_code("es").unwrap());
            assert_eq!(plain(format_date("2026-11-26")), "26 de noviembre de 2026");
            provide_context(Locale::from_code("ar").unwrap());
            assert_eq!(plain(format_date("2026-01-05")), "٥ يناير ٢٠٢٦");
            assert_eq!(format_date("not a date"), "not a date");
            assert_eq!(format_time("18:30"), "١٨:٣٠");
            provide_context(Locale::from_code("fa").unwrap());
            assert_eq!(format_time("09:05"), "۰۹:۰۵");
            assert_eq!(plain(format_date("2026-01-05")).chars().find(char::is_ascii_digit), None, "Farsi dates in Persian digits too");
        });
    }

    /// The map's count in the browser: a `#` for the number in every
    /// template that shows one (in Arabic and Farsi too, whose digits are
    /// not 0–9), so the count is never stuck at the sample number.
    #[test]
    fn count_templates_mark_the_number_in_every_language() {
        for code in ["en", "ar", "fa", "fr", "es"] {
            let locale = Locale::from_code(code).unwrap();
            let templates: serde_json::Map<String, serde_json::Value> =
                serde_json::from_str(&templates_in(&locale, "map-in-view-count", "count")).unwrap();
            for category in ["few", "many", "other"] {
                let text = templates[category].as_str().unwrap();
                assert!(text.contains('#'), "{code} {category}: {text}");
                assert!(!text.chars().any(|c| c.is_numeric()), "{code} {category}: {text}");
            }
        }
        let ar: serde_json::Value = serde_json::from_str(&serde_json::to_string(&number_style("ar")).unwrap()).unwrap();
        assert_eq!(ar["zero"], "٠");
        assert_eq!(ar["group"], "٬");
    }

    #[test]
    fn plurals_and_fallbacks() {
        let en = Locale::english();
        assert_eq!(plain(en.text_with("listing-count", &[("count", 1.into())])), "1 listing");
        assert_eq!(plain(en.text_with("listing-count", &[("count", 3.into())])), "3 listings");
        assert_eq!(en.text_or("kind-advice_service", "Advice service"), "Advice service");
        assert_eq!(en.text("kind-reporting_centre"), "Reporting centre");
        // Farsi and French call 0 "one": that branch says the number too.
        for (code, zero) in [("fa", "۰ رکورد"), ("fr", "0 fiche")] {
            let locale = Locale::from_code(code).unwrap();
            let said = plain(locale.text_with("sources-records", &[("count", 0.into())]));
            assert!(said.starts_with(zero), "{code}: {said}");
        }
    }
}
