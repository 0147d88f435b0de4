//! Translations as part of the record: a listing, an event series and a
//! resource are written in one language (the original) and may carry their
//! text fields in others. A translation is text only: it may not bring a
//! link, an e-mail address, a phone number or a postcode the original does
//! not have (a translation is where a hostile edit would hide one).

use crate::listing_input::{check_markdown_depth, clean_line, clean_text, hidden_character, FieldError};
use crate::problem::Problem;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Language code → field name → text, e.g. `{"ar": {"name": "…"}}`.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Translations(pub BTreeMap<String, BTreeMap<String, String>>);

/// A text field that may be translated: its name, longest length, and
/// whether it holds several lines (Markdown).
#[derive(Clone, Copy, Debug)]
pub struct TextField {
    pub name: &'static str,
    pub max: usize,
    pub multiline: bool,
}

const fn line(name: &'static str, max: usize) -> TextField {
    TextField { name, max, multiline: false }
}

const fn text(name: &'static str, max: usize) -> TextField {
    TextField { name, max, multiline: true }
}

pub const LISTING_FIELDS: [TextField; 5] =
    [line("name", 200), line("summary", 500), text("description", 20_000), line("meeting_times", 500), line("accessibility", 1000)];
pub const EVENT_FIELDS: [TextField; 4] =
    [line("title", 200), line("summary", 500), text("description", 20_000), line("access_notes", 1000)];
pub const RESOURCE_FIELDS: [TextField; 3] = [line("title", 300), line("summary", 1000), text("body", 100_000)];

/// What a translator sees of a published record: the original's text,
/// shown read-only beside the fields, and the translations it has.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug)]
pub struct ToTranslate {
    pub entity: crate::people::Entity,
    pub slug: String,
    /// The original's language.
    pub language: String,
    pub original: Vec<(TextField, String)>,
    pub translations: Translations,
    /// Languages a translator's text for it is already waiting in.
    pub waiting: Vec<String>,
}

/// The translatable fields of a kind of record.
#[cfg(feature = "ssr")]
pub fn fields_of(entity: crate::people::Entity) -> &'static [TextField] {
    use crate::people::Entity;
    match entity {
        Entity::Listing => &LISTING_FIELDS,
        Entity::Event => &EVENT_FIELDS,
        Entity::Resource => &RESOURCE_FIELDS,
        Entity::Calendar => &[],
    }
}

/// Most languages one record is translated into.
pub const MAX_TRANSLATIONS: usize = 12;

impl Translations {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `field` in `lang`, when translated.
    pub fn get(&self, lang: &str, field: &str) -> Option<&str> {
        self.0.get(lang).and_then(|f| f.get(field)).map(String::as_str)
    }

    pub fn has(&self, lang: &str) -> bool {
        self.0.contains_key(lang)
    }

    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// `field` as a reader of `lang` sees it: translated, else the original.
    pub fn text_in<'a>(&'a self, lang: &str, field: &str, original: &'a str) -> &'a str {
        self.get(lang, field).filter(|t| !t.is_empty()).unwrap_or(original)
    }

    /// Puts `lang`'s text into a record's own fields (`lines`: name and the
    /// field; `markdown`: name, text and its HTML, `<name>_html`, which
    /// comes only with a translated text). Untranslated fields keep the
    /// original. One place for every record that reads in a language.
    pub fn put_into(&self, lang: &str, lines: &mut [(&str, &mut String)], markdown: (&str, &mut String, &mut String)) {
        for (name, value) in lines.iter_mut() {
            if let Some(text) = self.get(lang, name).filter(|t| !t.is_empty()) {
                **value = text.to_string();
            }
        }
        let (name, text, html) = markdown;
        if let Some(translated) = self.get(lang, name).filter(|t| !t.is_empty()) {
            *text = translated.to_string();
            if let Some(h) = self.get(lang, &format!("{name}_html")).filter(|t| !t.is_empty()) {
                *html = h.to_string();
            }
        }
    }

    /// Reads the stored JSON; a damaged value reads as no translations.
    #[cfg(feature = "ssr")]
    pub fn from_json(json: &str) -> Translations {
        serde_json::from_str(json).unwrap_or_default()
    }

    #[cfg(feature = "ssr")]
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }
}

/// A translated field's name in a form: `tr.ar.name`.
pub fn form_name(lang: &str, field: &str) -> String {
    format!("tr.{lang}.{field}")
}

/// The translations typed into a form (`tr.<lang>.<field>` fields), as
/// sent: empty ones included, so checking drops them and a language whose
/// fields were all emptied is taken out.
pub fn from_form<'a>(fields: impl IntoIterator<Item = (&'a str, &'a str)>) -> Translations {
    let mut out: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (name, value) in fields {
        if let Some((lang, field)) = name.strip_prefix("tr.").and_then(|rest| rest.split_once('.')) {
            out.entry(lang.to_string()).or_default().insert(field.to_string(), value.to_string());
        }
    }
    Translations(out)
}

/// A record's translations as form values (`tr.<lang>.<field>`), every
/// field of `fields` present for each language so the form shows them all.
pub fn form_values(translations: &Translations, fields: &[TextField]) -> Vec<(String, String)> {
    translations
        .0
        .iter()
        .flat_map(|(lang, texts)| fields.iter().map(move |f| (form_name(lang, f.name), texts.get(f.name).cloned().unwrap_or_default())))
        .collect()
}

/// The languages a form's values hold translations for, in order.
pub fn form_languages<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in names {
        if let Some((lang, _)) = name.strip_prefix("tr.").and_then(|rest| rest.split_once('.')) {
            if !out.iter().any(|l| l == lang) {
                out.push(lang.to_string());
            }
        }
    }
    out
}

/// The language a record is shown in to a reader of `wanted`: that one
/// when it is the original or translated, else the original.
pub fn shown_language(original: &str, translations: &Translations, wanted: &str) -> String {
    if wanted == original || translations.has(wanted) {
        wanted.to_string()
    } else {
        original.to_string()
    }
}

/// Every language a record can be read in, the original first.
pub fn all_languages(original: &str, translations: &Translations) -> Vec<String> {
    std::iter::once(original.to_string()).chain(translations.languages().filter(|l| *l != original).map(str::to_string)).collect()
}

/// `rtl` for languages written right to left, else `ltr`.
pub fn text_dir(lang: &str) -> &'static str {
    let base = lang.split('-').next().unwrap_or(lang);
    if ["ar", "fa", "he", "ur", "ps", "ckb", "yi", "dv", "syr", "sd", "ug", "prs"].contains(&base) {
        "rtl"
    } else {
        "ltr"
    }
}

/// The original's language as given (default `en`), checked like the
/// `languages` field's codes.
pub fn check_original_language(fail: &mut impl FnMut(&'static str, Problem), given: Option<&str>) -> String {
    let lang = given.map(|l| l.trim().to_lowercase()).filter(|l| !l.is_empty()).unwrap_or_else(|| "en".into());
    if !is_language_code(&lang) {
        fail("language", Problem::LanguageCode { entry: lang.clone() });
    }
    lang
}

fn is_language_code(l: &str) -> bool {
    (2..=8).contains(&l.len()) && l.chars().all(|c| c.is_ascii_lowercase() || c == '-')
}

/// Checks and cleans `given` against the record's translatable `fields`.
/// `original` is all the original's text and contact details (name,
/// description, website, e-mail, phone, address…): what a translation may
/// repeat but never add.
pub fn check_translations(
    fail: &mut impl FnMut(&'static str, Problem),
    fields: &[TextField],
    original_language: &str,
    original: &str,
    given: &Translations,
) -> Translations {
    // The count first: a record with 50,000 languages costs no more than reading it.
    if given.0.len() > MAX_TRANSLATIONS {
        fail("translations", Problem::TooManyEntries { given: given.0.len(), max: MAX_TRANSLATIONS });
        return Translations::default();
    }
    let known = Details::of(original);
    let mut out = BTreeMap::new();
    for (lang, texts) in &given.0 {
        let lang = lang.trim().to_lowercase();
        if !is_language_code(&lang) {
            fail("translations", Problem::LanguageCode { entry: lang.clone() });
            continue;
        }
        if lang == original_language {
            fail("translations", Problem::TranslationOfOriginal { language: lang.clone() });
            continue;
        }
        let mut cleaned = BTreeMap::new();
        for (name, value) in texts {
            let Some(field) = fields.iter().find(|f| f.name == name) else {
                let known = fields.iter().map(|f| f.name).collect::<Vec<_>>().join(", ");
                fail("translations", Problem::TranslationField { language: lang.clone(), field: name.clone(), known });
                continue;
            };
            let value = if field.multiline { clean_text(value) } else { clean_line(value) };
            if value.is_empty() {
                continue;
            }
            let n = value.chars().count();
            if n > field.max {
                fail("translations", Problem::TooLong { given: n, max: field.max });
                continue;
            }
            if let Some(c) = hidden_character(&value) {
                fail("translations", Problem::HiddenCharacter { code_point: format!("U+{:04X}", c as u32) });
            }
            if field.multiline {
                check_markdown_depth(fail, "translations", &value);
            }
            if let Some(problem) = known.added_by(&lang, &value) {
                fail("translations", problem);
            }
            cleaned.insert(field.name.to_string(), value);
        }
        if !cleaned.is_empty() {
            out.insert(lang, cleaned);
        }
    }
    Translations(out)
}

/// Links, e-mail addresses, handles, phone numbers, postcodes and street
/// addresses in a text: what a translation may repeat but never add.
#[derive(Default)]
struct Details {
    /// (without scheme or `www.`, as typed): a bare `walk.example` is the
    /// original's `https://walk.example/`.
    links: Vec<(String, String)>,
    /// E-mail addresses and `@handles` (Telegram, Instagram…).
    contacts: Vec<String>,
    phones: Vec<String>,
    /// (as compared, as typed)
    postcodes: Vec<(String, String)>,
    /// A house number beside a street word, as typed ("12 High Street").
    streets: Vec<(String, String)>,
    /// Every number in the text, in Western digits.
    numbers: Vec<String>,
}

impl Details {
    fn of(text: &str) -> Details {
        let mut d = Details::default();
        let words: Vec<&str> = text
            .split(|c: char| c.is_whitespace() || "<>()[]\"'«»".contains(c))
            .map(|w| w.trim_matches(|c: char| ".,;:!?،؛".contains(c)))
            .filter(|w| !w.is_empty())
            .collect();
        for (i, word) in words.iter().enumerate() {
            let lower = word.to_lowercase();
            if let Some(link) = link_of(&lower) {
                d.links.push((link, word.to_string()));
            } else if lower.contains('@') && lower.split_once('@').is_some_and(|(a, b)| (a.is_empty() && b.len() >= 2) || b.contains('.')) {
                d.contacts.push(lower.clone());
            }
            if let Some(next) = words.get(i + 1) {
                if is_outward_code(word) && is_inward_code(next) {
                    d.postcodes.push((format!("{}{}", word.to_uppercase(), next.to_uppercase()), format!("{word} {next}")));
                }
            }
            if let Some(number) = house_number(word) {
                d.numbers.push(number.clone());
                // "12 High Street", "12 rue de la Paix"; "شارع الملك ١٢", "calle Mayor 5".
                let after = words.iter().enumerate().skip(i + 1).take(4).find(|(_, w)| is_street_word(w)).map(|(j, _)| (i, j));
                let before = words[i.saturating_sub(4)..i].iter().position(|w| is_street_word(w)).map(|k| (i.saturating_sub(4) + k, i));
                if let Some((from, to)) = after.or(before) {
                    d.streets.push((number, words[from..=to].join(" ")));
                }
            }
        }
        d.phones = phone_numbers(text);
        d
    }

    /// The first detail of `text` that the original does not have.
    fn added_by(&self, language: &str, text: &str) -> Option<Problem> {
        let new = Details::of(text);
        let language = language.to_string();
        if let Some((_, given)) = new.links.into_iter().find(|(l, _)| !self.links.iter().any(|(k, _)| k == l)) {
            return Some(Problem::TranslationAddsLink { language, given });
        }
        if let Some(given) = new.contacts.into_iter().chain(new.phones).find(|c| !self.contacts.contains(c) && !self.phones.contains(c)) {
            return Some(Problem::TranslationAddsContact { language, given });
        }
        if let Some((_, given)) = new.postcodes.into_iter().find(|(p, _)| !self.postcodes.iter().any(|(q, _)| q == p)) {
            return Some(Problem::TranslationAddsAddress { language, given });
        }
        // A street address may be translated ("12 High Street", "١٢ هاي ستريت"), so its number must be the original's.
        if let Some((_, given)) = new.streets.into_iter().find(|(n, _)| !self.numbers.contains(n)) {
            return Some(Problem::TranslationAddsAddress { language, given });
        }
        None
    }
}

/// A link, or a bare domain (`evil.example.com`, `t.me/group`), without
/// its scheme, `www.` or last slash.
fn link_of(lower: &str) -> Option<String> {
    let bare = match lower.split_once("://") {
        Some((_, rest)) => rest,
        None if lower.starts_with("www.") || is_domain(lower.split('/').next().unwrap_or_default()) => lower,
        None => return None,
    };
    Some(bare.trim_start_matches("www.").trim_end_matches('/').to_string())
}

/// `walk.example.org`: labels of letters, digits and hyphens, the last
/// one a top-level domain (two letters, or a common longer one). "e.g",
/// "Ph.D" and "St.Mary" are not.
fn is_domain(host: &str) -> bool {
    const LONG: [&str; 16] =
        ["com", "org", "net", "info", "io", "app", "gov", "edu", "link", "site", "online", "xyz", "page", "dev", "social", "chat"];
    let labels: Vec<&str> = host.split('.').collect();
    let Some(last) = labels.last() else { return false };
    labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        && ((last.len() == 2 && last.bytes().all(|b| b.is_ascii_alphabetic())) || LONG.contains(last))
}

/// A house number: one to four digits in any script, perhaps a letter (12a).
fn house_number(word: &str) -> Option<String> {
    let digits: String = word.chars().map_while(digit_value).map(|d| char::from(b'0' + d)).collect();
    let rest = word.chars().skip(digits.chars().count()).collect::<String>();
    ((1..=4).contains(&digits.len()) && rest.chars().count() <= 1 && rest.chars().all(|c| c.is_alphabetic())).then_some(digits)
}

/// A word that names a street in the languages organisers write in.
fn is_street_word(word: &str) -> bool {
    const STREET: [&str; 44] = [
        "street",
        "st",
        "road",
        "rd",
        "lane",
        "ln",
        "avenue",
        "ave",
        "way",
        "close",
        "drive",
        "dr",
        "place",
        "pl",
        "square",
        "sq",
        "terrace",
        "crescent",
        "court",
        "gardens",
        "grove",
        "parade",
        "mews",
        "row",
        "rue",
        "boulevard",
        "bd",
        "chemin",
        "allée",
        "impasse",
        "calle",
        "avenida",
        "plaza",
        "paseo",
        "camino",
        "شارع",
        "طريق",
        "زقاق",
        "ستريت",
        "خیابان",
        "کوچه",
        "بلوار",
        "استریت",
        "میدان",
    ];
    STREET.contains(&word.to_lowercase().as_str())
}

/// Runs of at least nine digits (in any script's digits), written with
/// spaces, `+`, dots or brackets between them: a phone number, as digits.
fn phone_numbers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut digits = String::new();
    for c in text.chars().chain(std::iter::once('\n')) {
        if let Some(d) = digit_value(c) {
            digits.push(char::from(b'0' + d));
        } else if !(c == ' ' || c == '+' || c == '.' || c == '(' || c == ')' || c == '\u{a0}') || c == '\n' {
            if digits.len() >= 9 {
                out.push(std::mem::take(&mut digits));
            }
            digits.clear();
        }
    }
    out
}

/// A digit in Western, Arabic-Indic or Persian digits.
fn digit_value(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '\u{660}'..='\u{669}' => Some((c as u32 - 0x660) as u8),
        '\u{6F0}'..='\u{6F9}' => Some((c as u32 - 0x6F0) as u8),
        _ => None,
    }
}

/// The first half of a UK postcode: S1, M14, SW1A, EC1V.
fn is_outward_code(w: &str) -> bool {
    let b = w.as_bytes();
    (2..=4).contains(&b.len())
        && b[0].is_ascii_alphabetic()
        && b.iter().all(u8::is_ascii_alphanumeric)
        && b.iter().any(u8::is_ascii_digit)
        && b.iter().take_while(|c| c.is_ascii_alphabetic()).count() <= 2
}

/// The second half: a digit and two letters (2AB).
fn is_inward_code(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() == 3 && b[0].is_ascii_digit() && b[1].is_ascii_alphabetic() && b[2].is_ascii_alphabetic()
}

/// In a translator's submission: the one language it translates into
/// (approving it writes that language and nothing else).
pub const TRANSLATING: &str = "translating";

/// The errors of a record's translations, gathered as [`FieldError`]s.
pub fn translation_errors(
    fields: &[TextField],
    original_language: &str,
    original: &str,
    given: &Translations,
) -> (Translations, Vec<FieldError>) {
    let mut errors = Vec::new();
    let out =
        check_translations(&mut |field, problem| errors.push(FieldError { field, problem }), fields, original_language, original, given);
    (out, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(pairs: &[(&str, &[(&str, &str)])]) -> Translations {
        Translations(pairs.iter().map(|(l, f)| (l.to_string(), f.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect())).collect())
    }

    fn check(original: &str, given: &Translations) -> Result<Translations, Vec<Problem>> {
        let (out, errors) = translation_errors(&LISTING_FIELDS, "en", original, given);
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors.into_iter().map(|e| e.problem).collect())
        }
    }

    #[test]
    fn text_is_cleaned_and_empty_fields_dropped() {
        let given = of(&[("AR", &[("name", "  مجموعة   المشي "), ("summary", " ")]), ("fa", &[("summary", "")])]);
        let out = check("Walking group", &given).unwrap();
        assert_eq!(out, of(&[("ar", &[("name", "مجموعة المشي")])]));
    }

    #[test]
    fn a_translation_may_repeat_but_never_add_a_link_contact_or_postcode() {
        let original = "Write to walk@example.org or see https://walk.example/ — 0114 496 0000, S1 2AB";
        let same = of(&[("fr", &[("description", "Écrivez à walk@example.org, voir https://walk.example, ٠١١٤ ٤٩٦ ٠٠٠٠, S1 2AB")])]);
        assert!(check(original, &same).is_ok());
        for (text, code) in [
            ("Voir https://evil.example", "translation-adds-link"),
            ("Voir www.evil.example.", "translation-adds-link"),
            ("Écrivez à other@example.org", "translation-adds-contact"),
            ("Appelez le +44 7700 900123", "translation-adds-contact"),
            ("Rendez-vous au 1 rue, LS1 4AP", "translation-adds-address"),
            ("ما در 12 High Street دیدار می‌کنیم", "translation-adds-address"),
            ("نلتقي في شارع الملك ١٢", "translation-adds-address"),
            ("Voir evil.example.com", "translation-adds-link"),
            ("Rejoignez t.me/another", "translation-adds-link"),
            ("Écrivez à @exeterfc sur Telegram", "translation-adds-contact"),
        ] {
            let problems = check(original, &of(&[("fr", &[("summary", text)])])).unwrap_err();
            assert_eq!(problems[0].code(), code, "{text}");
        }
        // The original's own link without its scheme, its postcode and a
        // street with its number, translated, are the original's.
        let street = "Meet at 12 High Street, S1 2AB. See https://walk.example/";
        assert!(check(street, &of(&[("ar", &[("summary", "نلتقي في ١٢ هاي ستريت، S1 2AB. انظر walk.example")])])).is_ok());
        // Abbreviations and times are not links or addresses.
        assert!(check("", &of(&[("fr", &[("summary", "P. ex. le Ph.D, e.g. St.Mary, à 18:00, 3 places")])])).is_ok());
        // The language is named as the person chose it.
        let problems = check(original, &of(&[("fa", &[("summary", "evil.example.com")])])).unwrap_err();
        assert!(problems[0].args().iter().any(|(k, v)| *k == "language" && matches!(v, crate::problem::Arg::Text(t) if t == "فارسی")));
        // Dates and times are not phone numbers.
        assert!(check("", &of(&[("fr", &[("meeting_times", "Le mardi 2026-09-01, 18:00–20:00")])])).is_ok());
    }

    #[test]
    fn only_text_fields_of_other_languages_are_taken() {
        let problems = check("", &of(&[("ar", &[("address", "١ شارع")]), ("en", &[("name", "x")])])).unwrap_err();
        assert_eq!(problems.iter().map(Problem::code).collect::<Vec<_>>(), ["translation-field", "translation-of-original"]);
        let many = Translations((0..13).map(|i| (format!("l{}", char::from(b'a' + i)), BTreeMap::new())).collect());
        assert_eq!(check("", &many).unwrap_err(), [Problem::TooManyEntries { given: 13, max: 12 }]);
    }

    #[test]
    fn a_form_carries_translations_as_tr_fields() {
        let t = of(&[("ar", &[("name", "مجموعة")])]);
        let values = form_values(&t, &LISTING_FIELDS[..2]);
        assert_eq!(values, [("tr.ar.name".to_string(), "مجموعة".to_string()), ("tr.ar.summary".to_string(), String::new())]);
        assert_eq!(form_languages(values.iter().map(|(k, _)| k.as_str()).chain(["name", "tr.fa.name"])), ["ar", "fa"]);
        let back = from_form(values.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert_eq!(check("Walking group", &back).unwrap(), t);
    }

    #[test]
    fn a_translated_text_brings_its_html_and_the_rest_stays_original() {
        let t = of(&[("ar", &[("name", "مجموعة"), ("description", "نص"), ("description_html", "<p>نص</p>")])]);
        let (mut name, mut summary, mut text, mut html) =
            ("Group".to_string(), "Sum".to_string(), "Text".to_string(), "<p>Text</p>".to_string());
        t.put_into("ar", &mut [("name", &mut name), ("summary", &mut summary)], ("description", &mut text, &mut html));
        assert_eq!([name, summary, text, html], ["مجموعة", "Sum", "نص", "<p>نص</p>"]);
    }

    #[test]
    fn the_reader_sees_their_language_where_it_exists() {
        let t = of(&[("ar", &[("name", "مجموعة")])]);
        assert_eq!(shown_language("en", &t, "ar"), "ar");
        assert_eq!(shown_language("en", &t, "fa"), "en");
        assert_eq!(t.text_in("ar", "summary", "Original"), "Original");
        assert_eq!(all_languages("en", &t), ["en", "ar"]);
        assert_eq!((text_dir("fa"), text_dir("fr")), ("rtl", "ltr"));
    }
}
