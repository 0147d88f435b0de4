//! Events ("what's on"): the words a series and an occurrence are
//! described with, and what the public may know of one occurrence. Pure
//! data: recurrence and time zones are the server's (they need chrono).

use serde::{Deserialize, Serialize};

/// Defines a closed set of lower-snake-case words as an enum with
/// `as_str`, `ALL` and `FromStr` (the error names the allowed words).
macro_rules! words {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }

            /// The allowed words, for a message.
            pub fn known() -> String {
                Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
            }
        }

        impl std::str::FromStr for $name {
            type Err = crate::problem::Problem;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let s = s.trim();
                Self::ALL.iter().copied().find(|v| v.as_str() == s).ok_or_else(|| crate::problem::Problem::UnknownChoice {
                    given: s.chars().take(40).collect(),
                    known: Self::known(),
                })
            }
        }
    };
}

words!(
    /// Whether a series or one occurrence goes ahead.
    OccurrenceStatus { Scheduled = "scheduled", Cancelled = "cancelled", Postponed = "postponed", MovedOnline = "moved_online" }
);
words!(
    /// Where an event happens: at its listing's public place, at a venue
    /// of its own, or only online.
    EventPlace { Listing = "listing", Venue = "venue", Online = "online" }
);
words!(
    /// How a visitor attends, derived from the place and the link.
    Attendance { InPerson = "in_person", Online = "online", Hybrid = "hybrid" }
);
words!(
    /// Who an event is for.
    Audience {
        Everyone = "everyone",
        Women = "women",
        LivedExperience = "lived_experience",
        Workers = "workers",
        YoungPeople = "young_people",
    }
);
words!(
    Cost { Free = "free", Donation = "donation", Price = "price" }
);
words!(
    /// How to join: turn up, register (by email, through our relay), or
    /// follow the organiser's link.
    JoinHow { TurnUp = "turn_up", Register = "register", Link = "link" }
);
words!(
    /// Structured access information.
    AccessFeature {
        StepFree = "step_free",
        HearingLoop = "hearing_loop",
        Interpreter = "interpreter",
        BslOrCaptions = "bsl_or_captions",
        Childcare = "childcare",
        QuietRoom = "quiet_room",
    }
);

impl Attendance {
    pub fn of(place: EventPlace, has_online_link: bool) -> Attendance {
        match (place, has_online_link) {
            (EventPlace::Online, _) => Attendance::Online,
            (_, true) => Attendance::Hybrid,
            (_, false) => Attendance::InPerson,
        }
    }
}

/// What the public may know of one occurrence. `lat`/`lon` are the public
/// point (the listing's, or the venue's at its chosen precision) and
/// `address` is present only for an exact public venue or listing.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicOccurrence {
    pub event: String,
    pub title: String,
    pub summary: String,
    /// RFC 3339 with the local offset; all day: a date.
    pub start: String,
    /// The end; all day: the day after the last day (as in iCalendar).
    pub end: String,
    pub all_day: bool,
    pub status: OccurrenceStatus,
    pub attendance: Attendance,
    pub category: String,
    pub languages: Vec<String>,
    /// Absent during a lockdown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listing: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listing_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub town: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
    /// The original start (iCalendar's RECURRENCE-ID), local wall-clock.
    #[serde(skip)]
    pub recurrence_id: String,
    /// The language the series was written in (its original).
    #[serde(default)]
    pub language: String,
    /// Asked for in a language (`in=`): the language `title` is in — that
    /// one where the series' title is translated into it, else the
    /// original's. A date's own title (from a calendar) stays as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_language: Option<String>,
    /// Asked for in a language (`in=`): the language `summary` is in,
    /// which may differ from the title's (a title translated without its
    /// summary keeps the original's summary).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary_language: Option<String>,
    /// Its title and summary in other languages, for pages that list
    /// dates in the reader's language.
    #[serde(skip)]
    pub translations: crate::translation::Translations,
}

impl PublicOccurrence {
    /// Title and summary as a reader of `lang` reads them: translated where
    /// they are (the translations hold no title for a date with its own).
    pub fn read_in(&mut self, lang: &str) {
        let translated = |field: &str| self.translations.get(lang, field).filter(|t| !t.is_empty()).map(str::to_string);
        let (title, summary) = (translated("title"), translated("summary"));
        let shown = |found: bool| if found { lang } else { self.language.as_str() }.to_string();
        (self.text_language, self.summary_language) = (Some(shown(title.is_some())), Some(shown(summary.is_some())));
        if let Some(t) = title {
            self.title = t;
        }
        if let Some(s) = summary {
            self.summary = s;
        }
    }
}

impl PublicEvent {
    /// The series as a reader of `lang` reads it: each text translated where
    /// it is, the rest in the original, and its next dates likewise.
    pub fn in_language(&self, lang: &str) -> PublicEvent {
        let mut e = self.clone();
        for (field, text) in [
            ("title", &mut e.title),
            ("summary", &mut e.summary),
            ("description_html", &mut e.description_html),
            ("access_notes", &mut e.access_notes),
        ] {
            if let Some(t) = self.translations.get(lang, field).filter(|t| !t.is_empty()) {
                *text = t.to_string();
            }
        }
        for o in &mut e.next {
            o.read_in(lang);
        }
        e
    }
}

/// One series as its page shows it, with its next dates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicEvent {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub description_html: String,
    pub category: String,
    pub languages: Vec<String>,
    pub audience: Audience,
    pub cost: Cost,
    pub price: Option<String>,
    pub access: Vec<AccessFeature>,
    pub access_notes: String,
    pub join_how: JoinHow,
    pub join_url: Option<String>,
    pub online_url: Option<String>,
    pub attendance: Attendance,
    pub status: OccurrenceStatus,
    pub time_zone: String,
    pub repeats: bool,
    pub listing: Option<String>,
    pub listing_name: Option<String>,
    pub town: Option<String>,
    pub venue_name: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub address: Option<String>,
    /// The language the text is written in.
    #[serde(default)]
    pub language: String,
    /// Title, summary, description (with `description_html`) and access
    /// notes in other languages.
    #[serde(default)]
    pub translations: crate::translation::Translations,
    /// The next occurrences (and any still going on).
    pub next: Vec<PublicOccurrence>,
}

words!(
    /// A followed calendar: its first reading waits for a moderator, then
    /// it is kept in step, unless a moderator refused it.
    FeedState { InReview = "in_review", Following = "following", Refused = "refused" }
);

/// What an organiser sees of the calendar their group's events follow.
#[derive(Clone, Debug, PartialEq)]
pub struct CalendarFeed {
    pub url: String,
    pub state: FeedState,
    pub public_venues: bool,
    /// When we last asked for it, and when we last read a good copy.
    pub checked_at: Option<String>,
    pub read_at: Option<String>,
    /// Why the last attempt failed (the last good copy still stands).
    pub problem: Option<crate::problem::Problem>,
    /// UIDs of series in the calendar we could not take.
    pub skipped: Vec<String>,
    /// Series read from it.
    pub events: usize,
}

/// How often a group's regular meeting repeats, as the registration form
/// offers it (the server's `events::regular` reads these values).
/// The repeat choice of the registration and event forms whose dates are
/// listed one by one ("On these dates"), with or without a rule.
pub const ON_DATES: &str = "dates";

pub const MEETING_REPEATS: [&str; 7] = ["weekly", "fortnightly", "monthly_1", "monthly_2", "monthly_3", "monthly_4", "monthly_last"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip_and_unknown_ones_name_the_choices() {
        for s in OccurrenceStatus::ALL {
            assert_eq!(s.as_str().parse::<OccurrenceStatus>().unwrap(), *s);
        }
        let err = "maybe".parse::<Cost>().unwrap_err();
        assert_eq!(err, crate::problem::Problem::UnknownChoice { given: "maybe".into(), known: "free, donation, price".into() });
    }

    #[test]
    fn attendance_follows_place_and_link() {
        assert_eq!(Attendance::of(EventPlace::Online, true), Attendance::Online);
        assert_eq!(Attendance::of(EventPlace::Listing, true), Attendance::Hybrid);
        assert_eq!(Attendance::of(EventPlace::Venue, false), Attendance::InPerson);
    }
}
