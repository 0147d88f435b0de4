//! A listing as someone submits it (importer now, forms later), and the
//! rules it must meet before it is stored. Pure: the caller checks what
//! needs the database (that the kind exists, that the slug is free).

use crate::model::{ListingStatus, Precision, WeeklySlot, DAYS};
use crate::problem::Problem;
use crate::translation::Translations;
use serde::{Deserialize, Serialize};

/// Raw input, one JSON object. Unknown fields are refused so that a typo
/// ("adress") is reported instead of silently dropped.
///
/// Serialized with the same names: a submission's record, a revision and
/// the importer's line are this shape.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ListingInput {
    pub slug: String,
    pub kind: String,
    pub name: String,
    #[serde(default)]
    pub summary: String,
    /// Town or district shown publicly.
    pub town: String,
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub precision: Option<String>,
    #[serde(default)]
    pub latitude: Option<f64>,
    #[serde(default)]
    pub longitude: Option<f64>,
    #[serde(default)]
    pub address: Option<String>,
    /// Markdown; sanitised when shown.
    #[serde(default)]
    pub description: String,
    /// Activity tags, e.g. "walking group", "english conversation".
    #[serde(default)]
    pub tags: Vec<String>,
    /// Languages spoken, as language codes (en, ar, fa, fr, ...).
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub meeting_times: String,
    #[serde(default)]
    pub accessibility: String,
    #[serde(default)]
    pub website: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    /// YYYY-MM-DD.
    #[serde(default)]
    pub last_confirmed: Option<String>,
    /// Optional weekly schedule.
    #[serde(default)]
    pub schedule: Vec<WeeklySlot>,
    /// Social media links.
    #[serde(default)]
    pub social: Vec<String>,
    /// The language the text above is written in (default `en`). Absent
    /// rather than empty when not given, so a form without it keeps the
    /// stored one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The text fields in other languages.
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub translations: Translations,
}

/// A listing's fields by name, in the order of the public CSV download
/// and of what a moderator reads: the one list the back office, the
/// downloads and the followed sources take their fields from, so a new
/// field is a variant here (and a column, and the page that shows it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, strum::EnumIter, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum ListingField {
    Kind,
    Name,
    Summary,
    Town,
    Region,
    Precision,
    Latitude,
    Longitude,
    Address,
    Description,
    Tags,
    Languages,
    MeetingTimes,
    Accessibility,
    Website,
    Email,
    Phone,
    Social,
    Schedule,
    LastConfirmed,
    /// A registration's note to the moderators (kept with the submission,
    /// never published).
    Message,
}

impl ListingField {
    /// Its name in records, forms and downloads.
    pub fn name(self) -> &'static str {
        self.into()
    }

    pub fn all() -> impl Iterator<Item = ListingField> {
        <ListingField as strum::IntoEnumIterator>::iter()
    }

    /// A column of `/api/listings.csv` (after `slug`), which `atlas import
    /// listings` reads back.
    pub fn in_download(self) -> bool {
        use ListingField::*;
        !matches!(self, Phone | Social | Schedule | LastConfirmed | Message)
    }

    /// Taken as given from a followed source's GeoJSON or CSV record (its
    /// kind, tags, languages and point are mapped or read apart).
    pub fn from_source(self) -> bool {
        use ListingField::*;
        !matches!(self, Kind | Latitude | Longitude | Tags | Languages | Schedule | LastConfirmed | Message)
    }
}

/// A listing that passed every rule, ready to store.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidListing {
    pub slug: String,
    pub kind: String,
    pub name: String,
    pub summary: String,
    pub town: String,
    pub region: Option<String>,
    pub precision: Precision,
    pub point: Option<(f64, f64)>,
    /// Only ever kept for `exact` listings.
    pub address: Option<String>,
    pub status: ListingStatus,
    pub description: String,
    pub tags: Vec<String>,
    pub languages: Vec<String>,
    pub meeting_times: String,
    pub accessibility: String,
    pub website: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub last_confirmed: Option<String>,
    pub schedule: Vec<WeeklySlot>,
    pub social: Vec<String>,
    pub language: String,
    pub translations: Translations,
}

impl From<&ValidListing> for ListingInput {
    /// The listing again as input (a record held for a moderator): checked
    /// again, it is the same listing.
    fn from(l: &ValidListing) -> Self {
        ListingInput {
            slug: l.slug.clone(),
            kind: l.kind.clone(),
            name: l.name.clone(),
            summary: l.summary.clone(),
            town: l.town.clone(),
            region: l.region.clone(),
            precision: Some(l.precision.as_str().to_string()),
            latitude: l.point.map(|p| p.0),
            longitude: l.point.map(|p| p.1),
            address: l.address.clone(),
            description: l.description.clone(),
            tags: l.tags.clone(),
            languages: l.languages.clone(),
            meeting_times: l.meeting_times.clone(),
            accessibility: l.accessibility.clone(),
            website: l.website.clone(),
            email: l.email.clone(),
            phone: l.phone.clone(),
            last_confirmed: l.last_confirmed.clone(),
            schedule: l.schedule.clone(),
            social: l.social.clone(),
            language: Some(l.language.clone()),
            translations: l.translations.clone(),
        }
    }
}

/// One broken rule, named by field; worded where it is shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub problem: Problem,
}

#[cfg(feature = "ssr")]
impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.problem)
    }
}

pub const MAX_NAME: usize = 200;
pub const MAX_SUMMARY: usize = 500;
pub const MAX_TOWN: usize = 100;
pub const MAX_SLUG: usize = 80;
pub const MAX_DESCRIPTION: usize = 20_000;

impl ListingInput {
    /// Checks every rule and reports all broken ones at once.
    pub fn validate(self, status: ListingStatus) -> Result<ValidListing, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |field, problem: Problem| errors.push(FieldError { field, problem });

        let slug = self.slug.trim().to_string();
        if let Err(p) = check_slug(&slug) {
            fail("slug", p);
        }
        let kind = self.kind.trim().to_string();
        if kind.is_empty() {
            fail("kind", Problem::Required);
        }
        let name = clean_line(&self.name);
        check_length(&mut fail, "name", &name, 1, MAX_NAME);
        let summary = clean_line(&self.summary);
        check_length(&mut fail, "summary", &summary, 0, MAX_SUMMARY);
        let town = clean_line(&self.town);
        check_length(&mut fail, "town", &town, 1, MAX_TOWN);
        for (field, text) in [("name", &name), ("summary", &summary), ("town", &town)] {
            check_hidden(&mut fail, field, text);
        }
        let region = self.region.map(|r| clean_line(&r)).filter(|r| !r.is_empty());

        let precision = match self.precision.as_deref().map(str::trim) {
            None | Some("") => Precision::default(),
            Some(p) => p.parse().unwrap_or_else(|e: crate::model::UnknownValue| {
                fail("precision", Problem::UnknownPrecision { given: e.got, known: e.allowed.join(", ") });
                Precision::default()
            }),
        };
        let point = match (self.latitude, self.longitude) {
            (None, None) => None,
            (Some(lat), Some(lon)) if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) => Some((lat, lon)),
            (Some(_), Some(_)) => {
                fail("latitude", Problem::CoordinatesOutOfRange);
                None
            }
            _ => {
                fail("latitude", Problem::CoordinatesIncomplete);
                None
            }
        };
        let address = self.address.map(|a| clean_line(&a)).filter(|a| !a.is_empty());
        // Never store a private address: only public buildings are exact.
        if address.is_some() && precision != Precision::Exact {
            fail("address", Problem::AddressNeedsExact);
        }

        // Markdown is kept as written (it is sanitised when shown), minus
        // control characters that have no place in text.
        let description = clean_text(&self.description);
        check_length(&mut fail, "description", &description, 0, MAX_DESCRIPTION);
        check_markdown_depth(&mut fail, "description", &description);
        let tags = clean_list(
            &mut fail,
            "tags",
            &self.tags,
            |t| t.to_lowercase(),
            |t| (t.chars().count() > 40).then(|| Problem::EntryTooLong { entry: t.to_string(), max: 40 }),
        );
        let languages = clean_languages(&mut fail, &self.languages);
        let meeting_times = clean_line(&self.meeting_times);
        check_length(&mut fail, "meeting_times", &meeting_times, 0, 500);
        let accessibility = clean_line(&self.accessibility);
        check_length(&mut fail, "accessibility", &accessibility, 0, 1000);
        let website = optional(self.website);
        if let Some(w) = &website {
            if !(w.starts_with("https://") || w.starts_with("http://")) || w.contains(char::is_whitespace) || w.len() > 500 {
                fail("website", Problem::NotWebLink { given: w.clone() });
            }
        }
        let email = optional(self.email);
        if let Some(e) = &email {
            if !is_email(e) {
                fail("email", Problem::NotEmail { given: e.clone() });
            }
        }
        let phone = optional(self.phone);
        if let Some(p) = &phone {
            let digits = p.chars().filter(char::is_ascii_digit).count();
            if !p.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c)) || !(6..=15).contains(&digits) {
                fail("phone", Problem::NotPhone { given: p.clone() });
            }
        }
        let last_confirmed = optional(self.last_confirmed);
        if let Some(d) = &last_confirmed {
            if !is_iso_date(d) {
                fail("last_confirmed", Problem::NotDate { given: d.clone() });
            }
        }

        let mut schedule = self.schedule;
        if schedule.len() > 14 {
            fail("schedule", Problem::TooManyMeetings { given: schedule.len(), max: 14 });
            schedule.clear();
        }
        for slot in &schedule {
            let day_ok = DAYS.contains(&slot.day.as_str());
            let time_ok = is_time(&slot.start) && is_time(&slot.end) && slot.start < slot.end;
            if !day_ok || !time_ok {
                fail("schedule", Problem::BadMeeting { day: slot.day.clone(), start: slot.start.clone(), end: slot.end.clone() });
            }
        }
        let social = clean_list(
            &mut fail,
            "social",
            &self.social,
            |s| s.to_string(),
            |s| {
                let ok = (s.starts_with("https://") || s.starts_with("http://")) && !s.contains(' ') && s.len() <= 500;
                (!ok).then(|| Problem::NotWebLink { given: s.to_string() })
            },
        );

        let language = crate::translation::check_original_language(&mut fail, self.language.as_deref());
        // What a translation may repeat but never add.
        let original = [&name, &summary, &description, &meeting_times, &accessibility]
            .into_iter()
            .cloned()
            .chain([&website, &email, &phone, &address].into_iter().flatten().cloned())
            .chain(social.iter().cloned())
            .collect::<Vec<_>>()
            .join("\n");
        let translations = crate::translation::check_translations(
            &mut fail,
            &crate::translation::LISTING_FIELDS,
            &language,
            &original,
            &self.translations,
        );

        if errors.is_empty() {
            Ok(ValidListing {
                slug,
                kind,
                name,
                summary,
                town,
                region,
                precision,
                point,
                address,
                status,
                description,
                tags,
                languages,
                meeting_times,
                accessibility,
                website,
                email,
                phone,
                last_confirmed,
                schedule,
                social,
                language,
                translations,
            })
        } else {
            Err(errors)
        }
    }
}

pub fn optional(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// Most entries any list field takes (tags, languages, links, topics).
pub const MAX_LIST_ENTRIES: usize = 20;

/// Cleans each entry, drops empty ones and duplicates, checks each. The
/// count is checked before anything else and duplicates are found with a
/// set, so a post of 50,000 tags costs no more than reading it.
pub fn clean_list(
    fail: &mut impl FnMut(&'static str, Problem),
    field: &'static str,
    items: &[String],
    normalise: impl Fn(&str) -> String,
    check: impl Fn(&str) -> Option<Problem>,
) -> Vec<String> {
    let given = items.iter().filter(|i| !i.trim().is_empty()).count();
    if given > MAX_LIST_ENTRIES {
        fail(field, Problem::TooManyEntries { given, max: MAX_LIST_ENTRIES });
        return Vec::new();
    }
    let mut seen = std::collections::HashSet::new();
    let mut out: Vec<String> = Vec::new();
    for item in items {
        let item = normalise(&clean_line(item));
        if item.is_empty() || !seen.insert(item.clone()) {
            continue;
        }
        if let Some(problem) = check(&item) {
            fail(field, problem);
        }
        out.push(item);
    }
    out
}

/// The `languages` field of listings and resources: language codes such
/// as en, ar, fa, fr, ku, ti (lower-case letters and hyphens).
pub fn clean_languages(fail: &mut impl FnMut(&'static str, Problem), items: &[String]) -> Vec<String> {
    clean_list(
        fail,
        "languages",
        items,
        |l| l.to_lowercase(),
        |l| {
            let ok = (2..=8).contains(&l.len()) && l.chars().all(|c| c.is_ascii_lowercase() || c == '-');
            (!ok).then(|| Problem::LanguageCode { entry: l.to_string() })
        },
    )
}

/// Deepest Markdown nesting accepted: no text a person writes goes deeper,
/// and rendering and sanitising deeper nesting costs far more.
pub const MAX_MARKDOWN_DEPTH: usize = 16;

/// How deeply Markdown nests, read from line starts (quote marks `>`, list
/// markers and indentation) and runs of opening brackets, in one pass.
pub fn markdown_depth(text: &str) -> usize {
    let mut deepest = 0;
    for line in text.lines() {
        let b = line.as_bytes();
        let (mut i, mut depth, mut indent) = (0usize, 0usize, 0usize);
        // Leading indentation (nested list items), then the markers.
        while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
            indent += if b[i] == b'\t' { 4 } else { 1 };
            i += 1;
        }
        loop {
            while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
                i += 1;
            }
            if i < b.len() && b[i] == b'>' {
                depth += 1;
                i += 1;
            } else if i + 1 < b.len() && matches!(b[i], b'-' | b'*' | b'+') && matches!(b[i + 1], b' ' | b'\t') {
                depth += 1;
                i += 2;
            } else {
                break;
            }
        }
        // Indentation nests only inside quotes and lists.
        if depth > 0 {
            depth += indent / 2;
        }
        let mut run = 0usize;
        let mut brackets = 0usize;
        for c in line.chars() {
            if c == '[' || c == '(' {
                run += 1;
                brackets = brackets.max(run);
            } else if !c.is_whitespace() {
                run = 0;
            }
        }
        deepest = deepest.max(depth).max(brackets);
    }
    deepest.max(html_depth(text))
}

/// Raw HTML nests across lines, and the sanitiser pays for every level:
/// the most tags opened and not yet closed (void elements never nest).
fn html_depth(text: &str) -> usize {
    const VOID: [&str; 14] =
        ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];
    let b = text.as_bytes();
    let (mut open, mut deepest) = (0usize, 0usize);
    for i in 0..b.len().saturating_sub(1) {
        if b[i] != b'<' {
            continue;
        }
        if b[i + 1] == b'/' {
            open = open.saturating_sub(1);
        } else if b[i + 1].is_ascii_alphabetic() {
            let end = (i + 1..b.len()).find(|&j| !b[j].is_ascii_alphanumeric()).unwrap_or(b.len());
            if !VOID.iter().any(|v| v.eq_ignore_ascii_case(&text[i + 1..end])) {
                open += 1;
                deepest = deepest.max(open);
            }
        }
    }
    deepest
}

pub fn check_markdown_depth(fail: &mut impl FnMut(&'static str, Problem), field: &'static str, text: &str) {
    let depth = markdown_depth(text);
    if depth > MAX_MARKDOWN_DEPTH {
        fail(field, Problem::NestedTooDeep { depth, max: MAX_MARKDOWN_DEPTH });
    }
}

fn is_time(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() == 5 && b[2] == b':' && t[..2].parse::<u32>().is_ok_and(|h| h < 24) && t[3..].parse::<u32>().is_ok_and(|m| m < 60)
}

/// A real calendar date written like 2026-01-31 (the `time` crate knows
/// which months have 31 days, and leap years).
pub(crate) fn is_iso_date(d: &str) -> bool {
    const DATE: &[time::format_description::FormatItem<'static>] = time::macros::format_description!("[year]-[month]-[day]");
    d.len() == 10 && time::Date::parse(d, DATE).is_ok()
}

/// The project's one rule for an email address (forms, imports and the
/// mailer all use it): one `@`, something before it, a domain with a dot
/// after it, at most 254 characters, no spaces and none of the characters
/// that make a display name or a list (`<>(),;:"[]\`). The real check is
/// the confirmation link.
pub fn is_email(e: &str) -> bool {
    let Some((local, domain)) = e.split_once('@') else { return false };
    e.len() <= 254
        && !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !e.chars().any(|c| c.is_whitespace() || c.is_control() || "<>(),;:\"[]\\".contains(c))
}

/// What [`check_slug`] accepts (up to [`MAX_SLUG`] bytes), as the API's
/// document states it.
pub const SLUG_PATTERN: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";

/// Slugs appear in addresses: lower-case letters, digits and single hyphens.
pub fn check_slug(slug: &str) -> Result<(), Problem> {
    let ok_chars = slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if slug.is_empty() || slug.len() > MAX_SLUG {
        Err(Problem::SlugLength { max: MAX_SLUG })
    } else if !ok_chars || slug.starts_with('-') || slug.ends_with('-') || slug.contains("--") {
        Err(Problem::SlugCharacters { given: slug.to_string() })
    } else {
        Ok(())
    }
}

/// Characters that change how text around them is displayed without being
/// seen (direction overrides, zero-width spaces): used to disguise names.
/// Joiners (U+200C/D), which Persian and Arabic spelling need, are allowed.
pub fn hidden_character(text: &str) -> Option<char> {
    text.chars().find(|c| matches!(*c as u32, 0x200B | 0x2060 | 0xFEFF | 0x202A..=0x202E | 0x2066..=0x2069 | 0x061C | 0x180E))
}

pub fn check_hidden(fail: &mut impl FnMut(&'static str, Problem), field: &'static str, text: &str) {
    if let Some(c) = hidden_character(text) {
        fail(field, Problem::HiddenCharacter { code_point: format!("U+{:04X}", c as u32) });
    }
}

/// Trims, folds runs of white space and drops control characters and
/// noncharacters.
pub fn clean_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control() || is_noncharacter(c)).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// U+FDD0..U+FDEF and the last two code points of every plane (U+FFFE,
/// U+FFFF, …): never text, and not allowed in XML (an Atom feed holding
/// one is unreadable for every subscriber).
pub fn is_noncharacter(c: char) -> bool {
    let n = c as u32;
    (0xFDD0..=0xFDEF).contains(&n) || n & 0xFFFE == 0xFFFE
}

/// Text of several lines as stored: no control characters but line breaks
/// and tabs, no noncharacters.
pub fn clean_text(text: &str) -> String {
    text.trim().chars().filter(|c| (!c.is_control() || *c == '\n' || *c == '\t') && !is_noncharacter(*c)).collect()
}

pub fn check_length(fail: &mut impl FnMut(&'static str, Problem), field: &'static str, v: &str, min: usize, max: usize) {
    let n = v.chars().count();
    if n < min {
        fail(field, Problem::Required);
    } else if n > max {
        fail(field, Problem::TooLong { given: n, max });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noncharacters_are_dropped_like_control_characters() {
        // Issue 27: U+FFFE in a listing made the Atom feed ill-formed XML.
        assert_eq!(clean_line("Leeds\u{FFFE} group\u{FDD0}\u{10FFFF}"), "Leeds group");
        assert_eq!(clean_text("line one\u{FFFF}\nline two\u{1}"), "line one\nline two");
        assert!(!is_noncharacter('\u{FFFD}') && !is_noncharacter('ب'));
    }

    fn input() -> ListingInput {
        ListingInput {
            slug: "leeds-walking-group".into(),
            kind: "solidarity_group".into(),
            name: "  Leeds   Walking Group ".into(),
            town: "Leeds".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_valid_listing_as_input_checks_to_the_same_listing() {
        let typed = ListingInput {
            precision: Some("approximate".into()),
            latitude: Some(53.8),
            longitude: Some(-1.55),
            tags: vec!["walking".into()],
            languages: vec!["ar".into(), "en".into()],
            website: Some("https://walk.example".into()),
            email: Some("walk@example.org".into()),
            description: "We walk. *Everyone* welcome.".into(),
            ..input()
        };
        let valid = typed.validate(ListingStatus::Pending).unwrap();
        assert_eq!(ListingInput::from(&valid).validate(ListingStatus::Pending).unwrap(), valid);
    }

    proptest::proptest! {
        /// Whatever is typed, in any script, checking a listing never
        /// panics: it is accepted or refused with messages.
        #[test]
        fn any_text_is_checked_without_panicking(
            name in "\\PC{0,300}", town in "\\PC{0,120}", tags in proptest::collection::vec("\\PC{0,50}", 0..30),
            description in "[> \\-*\\[(a-z\n]{0,400}", lat in proptest::option::of(-200.0f64..200.0), lon in proptest::option::of(-200.0f64..200.0),
            precision in proptest::option::of("\\PC{0,12}"), email in proptest::option::of("\\PC{0,40}"),
        ) {
            let input = ListingInput {
                slug: "a-listing".into(), kind: "solidarity_group".into(), name, town, tags, description,
                latitude: lat, longitude: lon, precision, email, ..Default::default()
            };
            match input.validate(ListingStatus::Pending) {
                Ok(v) => proptest::prop_assert!(v.tags.len() <= MAX_LIST_ENTRIES),
                Err(errors) => proptest::prop_assert!(!errors.is_empty()),
            }
        }
    }

    #[test]
    fn one_rule_for_email_addresses() {
        for good in ["name@example.org", "a.b+c@sub.example.co.uk", "نام@example.org"] {
            assert!(is_email(good), "{good}");
        }
        for bad in [
            "",
            "name",
            "@example.org",
            "name@",
            "name@example",
            "a@b@example.org",
            "Name <n@example.org>",
            "a b@example.org",
            "a@example.org,b@example.org",
            "a@.org",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn dates_are_calendar_dates() {
        for good in ["2026-01-31", "2024-02-29", "2026-12-01"] {
            assert!(is_iso_date(good), "{good}");
        }
        for bad in ["2026-02-31", "2026-02-29", "2026-13-01", "2026-1-01", "26-01-01", "2026-01-31x", "٢٠٢٦-٠١-٣١", ""] {
            assert!(!is_iso_date(bad), "{bad}");
        }
    }

    #[test]
    fn a_flood_of_tags_is_refused_before_any_entry_is_looked_at() {
        // The security review's post: 55,000 distinct tags. Deduplicating
        // them first took seconds of CPU; now no entry is even normalised.
        let flood: Vec<String> = (0..55_000).map(|i| format!("t{i}")).collect();
        let looked_at = std::cell::Cell::new(0);
        let mut failures = Vec::new();
        let out = clean_list(
            &mut |f, m| failures.push((f, m)),
            "tags",
            &flood,
            |t| {
                looked_at.set(looked_at.get() + 1);
                t.to_string()
            },
            |_| None,
        );
        assert!(out.is_empty());
        assert_eq!(looked_at.get(), 0);
        assert_eq!(failures, [("tags", Problem::TooManyEntries { given: 55_000, max: 20 })]);
    }

    #[test]
    fn duplicates_are_dropped_keeping_the_first_order() {
        let items: Vec<String> = ["b", "a", "B ", "a", "c"].map(String::from).to_vec();
        let out = clean_list(&mut |_, _| panic!("no failure"), "tags", &items, |t| t.to_lowercase(), |_| None);
        assert_eq!(out, ["b", "a", "c"]);
    }

    #[test]
    fn deep_markdown_nesting_is_refused_before_rendering() {
        assert_eq!(markdown_depth("Plain text\n\n> a quote\n> > in a quote\n- a list\n  - nested"), 2);
        assert!(markdown_depth(&">".repeat(20_000)) > MAX_MARKDOWN_DEPTH);
        assert!(markdown_depth(&"> ".repeat(100)) > MAX_MARKDOWN_DEPTH);
        assert!(markdown_depth(&"[".repeat(1000)) > MAX_MARKDOWN_DEPTH);
        // Issue 27: raw HTML nesting (1.95 s at a moderator's approval).
        assert!(markdown_depth(&"<div>".repeat(20_000)) > MAX_MARKDOWN_DEPTH);
        assert!(markdown_depth(&"<b><i>x</i></b><br><img src=x>\n".repeat(50)) <= 2);
        assert!(markdown_depth(&format!("{}- x", " ".repeat(400))) > MAX_MARKDOWN_DEPTH);
        assert_eq!(
            markdown_depth(&format!("{}a poem\n{}\n***", " ".repeat(400), "-".repeat(80))),
            0,
            "indented text and rules do not nest"
        );
        let deep = ListingInput { description: ">".repeat(20_000), ..input() };
        let errs = deep.validate(ListingStatus::Pending).unwrap_err();
        assert_eq!(errs[0].field, "description");
        assert_eq!(errs[0].problem, Problem::NestedTooDeep { depth: 20_000, max: 16 });
    }

    #[test]
    fn a_good_listing_is_cleaned_and_defaults_to_area_precision() {
        let v = input().validate(ListingStatus::Published).unwrap();
        assert_eq!(v.name, "Leeds Walking Group");
        assert_eq!(v.precision, Precision::Area);
        assert_eq!(v.status, ListingStatus::Published);
    }

    #[test]
    fn all_broken_rules_are_reported_together() {
        let bad = ListingInput { slug: "Bad Slug".into(), name: "".into(), town: "".into(), ..input() };
        let fields: Vec<_> = bad.validate(ListingStatus::Pending).unwrap_err().iter().map(|e| e.field).collect();
        assert_eq!(fields, ["slug", "name", "town"]);
    }

    #[test]
    fn an_address_is_refused_unless_exact() {
        let with_address = ListingInput { address: Some("1 Home Street".into()), ..input() };
        let errs = with_address.clone().validate(ListingStatus::Pending).unwrap_err();
        assert_eq!(errs[0].field, "address");
        let exact = ListingInput { precision: Some("exact".into()), ..with_address };
        assert!(exact.validate(ListingStatus::Pending).is_ok());
    }

    #[test]
    fn coordinates_come_in_pairs_and_in_range() {
        let half = ListingInput { latitude: Some(53.0), ..input() };
        assert!(half.validate(ListingStatus::Pending).is_err());
        let far = ListingInput { latitude: Some(91.0), longitude: Some(0.0), ..input() };
        assert!(far.validate(ListingStatus::Pending).is_err());
    }

    #[test]
    fn every_listing_field_but_the_note_is_a_field_of_the_record() {
        let record = serde_json::to_value(ListingInput::default()).unwrap();
        for field in ListingField::all().filter(|f| *f != ListingField::Message) {
            assert!(record.get(field.name()).is_some(), "{field:?} is not a field of ListingInput");
        }
    }

    #[test]
    fn contact_fields_and_lists_are_checked() {
        let bad = ListingInput {
            website: Some("example.org".into()),
            email: Some("not-an-email".into()),
            phone: Some("call us".into()),
            last_confirmed: Some("2026-13-01".into()),
            languages: vec!["français".into()],
            ..input()
        };
        let fields: Vec<_> = bad.validate(ListingStatus::Pending).unwrap_err().iter().map(|e| e.field).collect();
        assert_eq!(fields, ["languages", "website", "email", "phone", "last_confirmed"]);
        let good = ListingInput {
            tags: vec!["Walking Group".into(), "walking group".into(), " ".into()],
            languages: vec!["EN".into(), "ar".into()],
            website: Some("https://example.org".into()),
            ..input()
        };
        let v = good.validate(ListingStatus::Pending).unwrap();
        assert_eq!(v.tags, ["walking group"]);
        assert_eq!(v.languages, ["en", "ar"]);
    }

    #[test]
    fn schedules_and_social_links() {
        let slot = |day: &str, start: &str, end: &str| WeeklySlot { day: day.into(), start: start.into(), end: end.into() };
        let good = ListingInput { schedule: vec![slot("tue", "18:00", "20:00")], social: vec!["https://example.org/g".into()], ..input() };
        assert!(good.validate(ListingStatus::Pending).is_ok());
        let bad = ListingInput {
            schedule: vec![slot("tuesday", "18:00", "20:00"), slot("wed", "21:00", "20:00")],
            social: vec!["@group".into()],
            ..input()
        };
        let fields: Vec<_> = bad.validate(ListingStatus::Pending).unwrap_err().iter().map(|e| e.field).collect();
        assert_eq!(fields, ["schedule", "schedule", "social"]);
    }

    #[test]
    fn direction_overrides_and_zero_width_characters_are_refused() {
        let sneaky = ListingInput { name: "Leeds\u{202E}puorg".into(), ..input() };
        assert_eq!(sneaky.validate(ListingStatus::Pending).unwrap_err()[0].field, "name");
        let zw = ListingInput { town: "Le\u{200B}eds".into(), ..input() };
        assert_eq!(zw.validate(ListingStatus::Pending).unwrap_err()[0].field, "town");
        // Persian spelling needs the zero-width non-joiner.
        let persian = ListingInput { name: "گروه همبستگی می\u{200C}خواهیم".into(), ..input() };
        assert!(persian.validate(ListingStatus::Pending).is_ok());
    }

    #[test]
    fn slugs() {
        assert!(check_slug("s1-group-2").is_ok());
        for bad in ["", "-a", "a-", "a--b", "Ab", "a b", "café"] {
            assert!(check_slug(bad).is_err(), "{bad:?} should be refused");
        }
    }
}
