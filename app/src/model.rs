//! Entity types shared by server and browser. Pure data and pure functions:
//! no I/O here, so they are easy to test and cheap to ship to the browser.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// How exactly a listing's location may be shown to the public.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// The exact point and address (public buildings such as reporting centres).
    Exact,
    /// Snapped to a fixed grid of about 1 km.
    Approximate,
    /// Only the town or district. The safe default.
    #[default]
    Area,
}

impl Precision {
    pub const ALL: [Precision; 3] = [Precision::Exact, Precision::Approximate, Precision::Area];

    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Exact => "exact",
            Precision::Approximate => "approximate",
            Precision::Area => "area",
        }
    }
}

/// Where a listing is in its life. Only `Published` is ever shown publicly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ListingStatus {
    #[default]
    Pending,
    Published,
    Archived,
}

impl ListingStatus {
    pub const ALL: [ListingStatus; 3] = [ListingStatus::Pending, ListingStatus::Published, ListingStatus::Archived];

    pub fn as_str(self) -> &'static str {
        match self {
            ListingStatus::Pending => "pending",
            ListingStatus::Published => "published",
            ListingStatus::Archived => "archived",
        }
    }
}

/// A word that is not one of an enum's values; says which ones are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue {
    pub field: &'static str,
    pub got: String,
    pub allowed: Vec<&'static str>,
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} must be one of {}, not {:?}", self.field, self.allowed.join(", "), self.got)
    }
}

impl std::error::Error for UnknownValue {}

macro_rules! from_str_via_all {
    ($ty:ty, $field:literal) => {
        impl FromStr for $ty {
            type Err = UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                <$ty>::ALL.into_iter().find(|v| v.as_str() == s.trim()).ok_or_else(|| UnknownValue {
                    field: $field,
                    got: s.to_string(),
                    allowed: <$ty>::ALL.iter().map(|v| v.as_str()).collect(),
                })
            }
        }
    };
}
from_str_via_all!(Precision, "precision");
from_str_via_all!(ListingStatus, "status");

/// What a visitor sees of a listing in a list. It carries no coordinates and
/// no address, so it is safe whatever precision the listing chose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListingCard {
    pub slug: String,
    pub name: String,
    /// The kind's slug, e.g. `solidarity_group`.
    pub kind: String,
    /// The kind's label in the visitor's language.
    pub kind_label: String,
    /// Town or district.
    pub town: String,
}

/// The text a listing's words are looked for in: name, kind and town, folded.
pub fn words_of_listing(name: &str, kind_label: &str, town: &str) -> String {
    fold(&format!("{name} {kind_label} {town}"))
}

/// A visitor's words, folded as [`words_of_listing`] folds a listing's.
pub fn query_words(query: &str) -> Vec<String> {
    fold(query).split_whitespace().map(str::to_string).collect()
}

/// True when every word is somewhere in `haystack`: a listing matches a
/// query when every word appears in its name, kind or town, ignoring case;
/// an empty query matches everything.
pub fn holds_every_word(haystack: &str, words: &[String]) -> bool {
    words.iter().all(|word| haystack.contains(word.as_str()))
}

/// Lower-cases text so that "SHEFFIELD" finds "Sheffield".
fn fold(text: &str) -> String {
    text.chars().flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A listing with this name, kind and town, asked for `query`.
    struct Card(&'static str, &'static str, &'static str);

    impl Card {
        fn matches(&self, query: &str) -> bool {
            holds_every_word(&words_of_listing(self.0, self.1, self.2), &query_words(query))
        }
    }

    #[test]
    fn empty_query_matches_everything() {
        let c = Card("Walking Group", "Solidarity group", "Sheffield");
        assert!(c.matches(""));
        assert!(c.matches("   "));
    }

    #[test]
    fn every_word_must_match_somewhere_ignoring_case() {
        let c = Card("Walking Group", "Solidarity group", "Sheffield");
        assert!(c.matches("SHEFF walk"));
        assert!(c.matches("solidarity"));
        assert!(!c.matches("sheffield football"));
    }

    #[test]
    fn unknown_precision_says_what_is_allowed() {
        let err = "rough".parse::<Precision>().unwrap_err();
        assert_eq!(err.to_string(), "precision must be one of exact, approximate, area, not \"rough\"");
        assert_eq!(" area ".parse::<Precision>().unwrap(), Precision::Area);
    }

    #[test]
    fn plural_categories() {
        assert_eq!(plural_category("en", 1), "one");
        assert_eq!(plural_category("en", 0), "other");
        assert_eq!(plural_category("ar", 2), "two");
        assert_eq!(plural_category("ar", 105), "few");
        assert_eq!(plural_category("ar", 11), "many");
        assert_eq!(plural_category("ar", 100), "other");
        assert_eq!(plural_category("fr", 0), "one");
    }

    #[test]
    fn precision_defaults_to_the_safest() {
        assert_eq!(Precision::default(), Precision::Area);
        assert_eq!(ListingStatus::default(), ListingStatus::Pending);
    }
}

/// Everything the public may know about a published listing. Built by the
/// server from public columns only: `lat`/`lon` are the public point
/// (already coarsened to the chosen precision) and `address` is present
/// only for exact listings.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicListing {
    pub slug: String,
    pub kind: String,
    pub kind_label: String,
    pub name: String,
    pub summary: String,
    /// The description as its authors wrote it (Markdown).
    pub description: String,
    /// Sanitised HTML made from the Markdown description.
    pub description_html: String,
    pub town: String,
    pub region: Option<String>,
    pub precision: Precision,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub address: Option<String>,
    pub tags: Vec<String>,
    pub languages: Vec<String>,
    pub meeting_times: String,
    pub accessibility: String,
    pub website: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub last_confirmed: Option<String>,
    #[serde(default)]
    pub schedule: Vec<WeeklySlot>,
    #[serde(default)]
    pub social: Vec<String>,
    /// Set in "near me" results: rounded to what the precision allows.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub distance_km: Option<f64>,
    /// Not confirmed as active for over 15 months: shown dimmed.
    #[serde(default)]
    pub may_be_inactive: bool,
    /// When the listing last changed (RFC 3339, UTC).
    #[serde(default)]
    pub updated_at: String,
    /// The language the text above is written in.
    #[serde(default = "english")]
    pub language: String,
    /// Name, summary, description, meeting_times and accessibility in
    /// other languages (with `description_html` made from a description).
    #[serde(default)]
    pub translations: crate::translation::Translations,
}

fn english() -> String {
    "en".into()
}

impl PublicListing {
    /// The language a reader of `wanted` sees this listing in.
    pub fn shown_language(&self, wanted: &str) -> String {
        crate::translation::shown_language(&self.language, &self.translations, wanted)
    }

    /// This listing with its text in `lang` where translated (the
    /// original's fields elsewhere); `language` then says which is shown.
    pub fn in_language(&self, wanted: &str) -> PublicListing {
        let lang = self.shown_language(wanted);
        if lang == self.language {
            return self.clone();
        }
        let mut l = self.clone();
        self.translations.put_into(
            &lang,
            &mut [
                ("name", &mut l.name),
                ("summary", &mut l.summary),
                ("meeting_times", &mut l.meeting_times),
                ("accessibility", &mut l.accessibility),
            ],
            ("description", &mut l.description, &mut l.description_html),
        );
        l.language = lang;
        l
    }
}

/// One regular meeting in the week.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeeklySlot {
    /// mon, tue, wed, thu, fri, sat, sun
    pub day: String,
    /// HH:MM, 24-hour clock.
    pub start: String,
    pub end: String,
}

pub const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The CLDR plural category of `n` in the interface languages, for text
/// counted in the browser without shipping a plural-rules library.
pub fn plural_category(lang: &str, n: u64) -> &'static str {
    match lang {
        "ar" => match (n, n % 100) {
            (0, _) => "zero",
            (1, _) => "one",
            (2, _) => "two",
            (_, 3..=10) => "few",
            (_, 11..=99) => "many",
            _ => "other",
        },
        "fr" | "fa" if n <= 1 => "one",
        "fr" | "fa" => "other",
        _ if n == 1 => "one",
        _ => "other",
    }
}

/// A kind of listing, as stored: an operator may add more.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListingKind {
    pub slug: String,
    pub label: String,
    pub icon: String,
    pub colour: String,
    /// What the public may do with a listing of this kind.
    #[serde(default)]
    pub allows: KindAllows,
}

/// What the public may do with a listing of a kind. A Home Office reporting
/// centre is a building, not a group: nobody answers a message sent to it,
/// nobody claims it, it holds no events, and only moderators add one.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindAllows {
    /// "Send them a message" (the contact relay).
    pub contact: bool,
    /// "Is this your group?"
    pub claim: bool,
    /// Events: suggested by anyone, proposed by its organisers.
    pub events: bool,
    /// Offered on the public registration form.
    pub public_registration: bool,
}

impl Default for KindAllows {
    fn default() -> Self {
        KindAllows { contact: true, claim: true, events: true, public_registration: true }
    }
}
