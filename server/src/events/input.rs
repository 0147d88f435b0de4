//! An event as an organiser or a file gives it, and the rules it must
//! keep before it is stored. Every broken rule is reported at once, as a
//! code named by field (worded at the edge).

use super::recurrence::{self, Override, MAX_DAYS};
use app::event::{AccessFeature, Audience, Cost, EventPlace, JoinHow, OccurrenceStatus};
use app::listing_input::{check_hidden, check_length, check_markdown_depth, check_slug, clean_languages, clean_line, optional, FieldError};
use app::location::LatLon;
use app::model::Precision;
use app::problem::Problem;
use chrono::NaiveDateTime;
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// An event's own place (never a home, a hotel or a hostel where people
/// are housed: the form and the moderator's view say so).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct VenueInput {
    pub name: Option<String>,
    pub address: Option<String>,
    pub town: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub precision: Option<String>,
    /// The organiser says it is a public building (library, hall, church).
    #[serde(default)]
    pub public_building: bool,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OverrideInput {
    pub recurrence_id: String,
    pub status: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub title: Option<String>,
}

/// One event series as written (JSON Lines, forms, a parsed .ics file).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EventInput {
    pub slug: String,
    pub uid: Option<String>,
    /// Set by the importer (`--listing`) or the signed-in organiser.
    pub listing: Option<String>,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub description: String,
    pub category: String,
    #[serde(default)]
    pub languages: Vec<String>,
    pub audience: Option<String>,
    pub cost: Option<String>,
    pub price: Option<String>,
    #[serde(default)]
    pub access: Vec<String>,
    #[serde(default)]
    pub access_notes: String,
    pub join: Option<String>,
    pub join_url: Option<String>,
    pub time_zone: Option<String>,
    #[serde(default)]
    pub all_day: bool,
    pub start: String,
    pub end: Option<String>,
    pub rrule: Option<String>,
    /// Starts listed one by one ("on these dates"), as `start` is written.
    #[serde(default)]
    pub rdates: Vec<String>,
    #[serde(default)]
    pub exdates: Vec<String>,
    pub place: Option<String>,
    pub online_url: Option<String>,
    pub venue: Option<VenueInput>,
    pub status: Option<String>,
    #[serde(default)]
    pub overrides: Vec<OverrideInput>,
    /// The language the text is written in (default `en`).
    #[serde(default)]
    pub language: Option<String>,
    /// Title, summary, description and access notes in other languages.
    #[serde(default)]
    pub translations: app::translation::Translations,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ValidVenue {
    pub name: Option<String>,
    pub address: Option<String>,
    pub town: String,
    pub point: LatLon,
    pub precision: Precision,
}

#[derive(Clone, Debug)]
pub struct ValidEvent {
    pub slug: String,
    pub uid: String,
    pub listing: String,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub category: String,
    pub languages: Vec<String>,
    pub audience: Audience,
    pub cost: Cost,
    pub price: Option<String>,
    pub access: Vec<AccessFeature>,
    pub access_notes: String,
    pub join_how: JoinHow,
    pub join_url: Option<String>,
    pub tz: Tz,
    pub all_day: bool,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub rrule: Option<String>,
    /// Sorted, each once.
    pub rdates: Vec<NaiveDateTime>,
    pub exdates: Vec<NaiveDateTime>,
    pub place: EventPlace,
    pub online_url: Option<String>,
    pub venue: Option<ValidVenue>,
    pub series_status: OccurrenceStatus,
    pub overrides: Vec<Override>,
    pub language: String,
    pub translations: app::translation::Translations,
}

impl ValidEvent {
    pub fn series(&self) -> recurrence::Series {
        recurrence::Series {
            tz: self.tz,
            all_day: self.all_day,
            start: self.start,
            end: self.end,
            rrule: self.rrule.clone(),
            rdates: self.rdates.clone(),
            exdates: self.exdates.clone(),
            overrides: self.overrides.clone(),
            status: self.series_status,
        }
    }
}

/// The end of the UIDs this site gives the series made with its forms.
pub const OWN_UID_SUFFIX: &str = "@solidarity-atlas";

pub const MAX_EXDATES: usize = 200;
const MAX_OVERRIDES: usize = 200;

fn web_link(fail: &mut impl FnMut(&'static str, Problem), field: &'static str, v: Option<String>) -> Option<String> {
    let v = optional(v)?;
    if !(v.starts_with("https://") || v.starts_with("http://")) || v.contains(char::is_whitespace) || v.len() > 500 {
        fail(field, Problem::NotWebLink { given: v.chars().take(80).collect() });
    }
    Some(v)
}

fn choice<T: std::str::FromStr<Err = Problem> + Copy>(
    fail: &mut impl FnMut(&'static str, Problem),
    field: &'static str,
    v: Option<&str>,
    default: T,
) -> T {
    match v.map(str::trim).filter(|v| !v.is_empty()) {
        None => default,
        Some(v) => v.parse().unwrap_or_else(|p| {
            fail(field, p);
            default
        }),
    }
}

impl EventInput {
    /// Checks every rule; `categories` are the known category slugs.
    pub fn validate(self, categories: &[String]) -> Result<ValidEvent, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |field, problem: Problem| errors.push(FieldError { field, problem });

        let slug = self.slug.trim().to_string();
        if let Err(p) = check_slug(&slug) {
            fail("slug", p);
        }
        let uid = optional(self.uid).unwrap_or_else(|| format!("{slug}{OWN_UID_SUFFIX}"));
        check_length(&mut fail, "uid", &uid, 1, 255);
        let listing = optional(self.listing).unwrap_or_default();
        if listing.is_empty() {
            fail("listing", Problem::Required);
        }
        let title = clean_line(&self.title);
        check_length(&mut fail, "title", &title, 1, 200);
        let summary = clean_line(&self.summary);
        check_length(&mut fail, "summary", &summary, 0, 500);
        for (field, text) in [("title", &title), ("summary", &summary)] {
            check_hidden(&mut fail, field, text);
        }
        let description = app::listing_input::clean_text(&self.description);
        check_length(&mut fail, "description", &description, 0, 20_000);
        check_markdown_depth(&mut fail, "description", &description);
        let category = self.category.trim().to_string();
        if !categories.contains(&category) {
            fail("category", Problem::UnknownChoice { given: category.chars().take(40).collect(), known: categories.join(", ") });
        }
        let languages = clean_languages(&mut fail, &self.languages);
        let audience = choice(&mut fail, "audience", self.audience.as_deref(), Audience::Everyone);
        let cost = choice(&mut fail, "cost", self.cost.as_deref(), Cost::Free);
        let price = optional(self.price).map(|p| clean_line(&p));
        if let Some(p) = &price {
            check_length(&mut fail, "price", p, 0, 100);
        }
        let mut access = Vec::new();
        for a in &self.access {
            let feature = choice(&mut fail, "access", Some(a), AccessFeature::StepFree);
            if !access.contains(&feature) {
                access.push(feature);
            }
        }
        let access_notes = clean_line(&self.access_notes);
        check_length(&mut fail, "access_notes", &access_notes, 0, 1000);
        let join_how = choice(&mut fail, "join", self.join.as_deref(), JoinHow::TurnUp);
        let join_url = web_link(&mut fail, "join_url", self.join_url);
        if join_how == JoinHow::Link && join_url.is_none() {
            fail("join_url", Problem::Required);
        }

        let zone = optional(self.time_zone).unwrap_or_else(|| recurrence::DEFAULT_ZONE.to_string());
        let tz = zone.parse::<Tz>().unwrap_or_else(|_| {
            fail("time_zone", Problem::UnknownTimeZone { given: zone.chars().take(60).collect() });
            chrono_tz::Europe::London
        });
        let all_day = self.all_day;
        let local = |fail: &mut dyn FnMut(&'static str, Problem), field, text: &str| {
            recurrence::parse_local(text, all_day).or_else(|| {
                let given = text.chars().take(40).collect();
                let (first, last) = (recurrence::YEARS.start().to_string(), recurrence::YEARS.end().to_string());
                fail(
                    field,
                    if recurrence::outside_years(text, all_day) {
                        Problem::DateOutOfRange { given, first, last }
                    } else {
                        Problem::NotLocalTime { given }
                    },
                );
                None
            })
        };
        let start = local(&mut fail, "start", &self.start);
        let end = match (optional(self.end), start) {
            (Some(e), _) => local(&mut fail, "end", &e),
            // All day with no end: that one day.
            (None, Some(s)) if all_day => Some(s + chrono::Duration::days(1)),
            (None, _) => {
                fail("end", Problem::Required);
                None
            }
        };
        if let (Some(s), Some(e)) = (start, end) {
            if e <= s {
                fail("end", Problem::EndBeforeStart);
            } else if e - s > chrono::Duration::days(MAX_DAYS) {
                fail("end", Problem::EventTooLong { max: MAX_DAYS as usize });
            }
        }
        let rrule = match (optional(self.rrule), start) {
            (Some(rule), Some(s)) => recurrence::normalise_rrule(&rule, tz, s).map_err(|p| fail("rrule", p)).ok(),
            _ => None,
        };
        // Bounded before any is read; duplicates folded.
        if self.rdates.len() > recurrence::MAX_RDATES {
            fail("rdates", Problem::TooManyDates { given: self.rdates.len(), max: recurrence::MAX_RDATES });
        }
        let mut rdates: Vec<NaiveDateTime> =
            self.rdates.iter().take(recurrence::MAX_RDATES).filter_map(|d| local(&mut fail, "rdates", d)).collect();
        rdates.sort();
        rdates.dedup();
        if self.exdates.len() > MAX_EXDATES {
            fail("exdates", Problem::TooManyEntries { given: self.exdates.len(), max: MAX_EXDATES });
        }
        let exdates: Vec<NaiveDateTime> = self.exdates.iter().take(MAX_EXDATES).filter_map(|d| local(&mut fail, "exdates", d)).collect();
        if self.overrides.len() > MAX_OVERRIDES {
            fail("overrides", Problem::TooManyEntries { given: self.overrides.len(), max: MAX_OVERRIDES });
        }
        let mut overrides = Vec::new();
        for o in self.overrides.into_iter().take(MAX_OVERRIDES) {
            let recurrence_id = local(&mut fail, "overrides", &o.recurrence_id);
            let status = choice(&mut fail, "overrides", o.status.as_deref(), OccurrenceStatus::Scheduled);
            let start = o.start.as_deref().and_then(|t| local(&mut fail, "overrides", t));
            let end = o.end.as_deref().and_then(|t| local(&mut fail, "overrides", t));
            let title = optional(o.title).map(|t| clean_line(&t));
            if let Some(t) = &title {
                check_length(&mut fail, "overrides", t, 1, 200);
            }
            if let (Some(s), Some(e)) = (start, end) {
                if e <= s {
                    fail("overrides", Problem::EndBeforeStart);
                }
            }
            if let Some(recurrence_id) = recurrence_id {
                overrides.push(Override { recurrence_id, status, start, end, title });
            }
        }

        let place = choice(&mut fail, "place", self.place.as_deref(), EventPlace::Listing);
        let online_url = web_link(&mut fail, "online_url", self.online_url);
        if place == EventPlace::Online && online_url.is_none() {
            fail("online_url", Problem::OnlineNeedsLink);
        }
        let venue = match (place, self.venue) {
            (EventPlace::Venue, Some(v)) => check_venue(&mut fail, v),
            (EventPlace::Venue, None) => {
                fail("venue", Problem::VenueNeedsPlace);
                None
            }
            // A venue given for an event at its listing or online is not kept.
            _ => None,
        };
        let series_status = choice(&mut fail, "status", self.status.as_deref(), OccurrenceStatus::Scheduled);
        let language = app::translation::check_original_language(&mut fail, self.language.as_deref());
        // What a translation may repeat but never add.
        let original = [&title, &summary, &description, &access_notes]
            .into_iter()
            .cloned()
            .chain([&join_url, &online_url].into_iter().flatten().cloned())
            .collect::<Vec<_>>()
            .join("\n");
        let translations =
            app::translation::check_translations(&mut fail, &app::translation::EVENT_FIELDS, &language, &original, &self.translations);

        match (errors.is_empty(), start, end) {
            (true, Some(start), Some(end)) => Ok(ValidEvent {
                slug,
                uid,
                listing,
                title,
                summary,
                description,
                category,
                languages,
                audience,
                cost,
                price,
                access,
                access_notes,
                join_how,
                join_url,
                tz,
                all_day,
                start,
                end,
                rrule,
                rdates,
                exdates,
                place,
                online_url,
                venue,
                series_status,
                overrides,
                language,
                translations,
            }),
            _ => Err(errors),
        }
    }
}

fn check_venue(fail: &mut impl FnMut(&'static str, Problem), v: VenueInput) -> Option<ValidVenue> {
    let town = clean_line(v.town.as_deref().unwrap_or(""));
    check_length(fail, "venue", &town, 0, 100);
    let precision = match v.precision.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        None => Precision::Area,
        Some(p) => p.parse().unwrap_or_else(|e: app::model::UnknownValue| {
            fail("venue", Problem::UnknownPrecision { given: e.got, known: e.allowed.join(", ") });
            Precision::Area
        }),
    };
    let address = optional(v.address).map(|a| clean_line(&a));
    // Exact only for a public building; an address only when exact.
    if precision == Precision::Exact && !v.public_building {
        fail("venue", Problem::ExactVenueMustBePublic);
    }
    if address.is_some() && precision != Precision::Exact {
        fail("venue", Problem::AddressNeedsExact);
    }
    let point = match (v.lat, v.lon) {
        (Some(lat), Some(lon)) if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) => Some(LatLon::new(lat, lon)),
        (Some(_), Some(_)) => {
            fail("venue", Problem::CoordinatesOutOfRange);
            None
        }
        _ => None,
    };
    if town.is_empty() || point.is_none() {
        fail("venue", Problem::VenueNeedsPlace);
        return None;
    }
    Some(ValidVenue { name: optional(v.name).map(|n| clean_line(&n)), address, town, point: point?, precision })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> EventInput {
        EventInput {
            slug: "walk".into(),
            listing: Some("group".into()),
            title: "Walking group".into(),
            category: "regular_activity".into(),
            start: "2027-01-05T10:00".into(),
            end: Some("2027-01-05T12:00".into()),
            ..Default::default()
        }
    }

    fn problems(i: EventInput) -> Vec<(&'static str, String)> {
        i.validate(&["regular_activity".into()])
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.problem.code().to_string()))
            .collect()
    }

    #[test]
    fn a_plain_event_is_valid_in_london_time() {
        let e = input().validate(&["regular_activity".into()]).unwrap();
        assert_eq!(e.tz, chrono_tz::Europe::London);
        assert_eq!(e.uid, "walk@solidarity-atlas");
    }

    #[test]
    fn every_broken_rule_is_named() {
        let mut i = input();
        i.end = Some("2027-01-05T09:00".into());
        i.time_zone = Some("Mars/Olympus".into());
        i.rrule = Some("FREQ=OFTEN".into());
        i.category = "party".into();
        i.place = Some("online".into());
        let got = problems(i);
        for expected in [
            ("end", "end-before-start"),
            ("time_zone", "unknown-time-zone"),
            ("rrule", "bad-recurrence"),
            ("category", "unknown-choice"),
            ("online_url", "online-needs-link"),
        ] {
            assert!(got.contains(&(expected.0, expected.1.to_string())), "{expected:?} in {got:?}");
        }
    }

    #[test]
    fn listed_dates_are_folded_and_bounded() {
        let mut i = input();
        i.rdates = vec!["2027-02-09T10:00".into(), "2027-01-19T10:00".into(), "2027-02-09T10:00".into()];
        let e = i.clone().validate(&["regular_activity".into()]).unwrap();
        assert_eq!(e.rdates.iter().map(|d| d.to_string()).collect::<Vec<_>>(), ["2027-01-19 10:00:00", "2027-02-09 10:00:00"]);
        i.rdates = (0..53).map(|n| format!("2027-03-{:02}T10:00", n % 28 + 1)).collect();
        assert_eq!(problems(i.clone()), [("rdates", "too-many-dates".to_string())]);
        i.rdates = vec!["next Tuesday".into()];
        assert_eq!(problems(i), [("rdates", "not-local-time".to_string())]);
    }

    #[test]
    fn an_exact_venue_must_be_a_public_building() {
        let mut i = input();
        i.place = Some("venue".into());
        i.venue = Some(VenueInput {
            town: Some("Leeds".into()),
            lat: Some(53.8),
            lon: Some(-1.55),
            precision: Some("exact".into()),
            address: Some("1 Some Street".into()),
            ..Default::default()
        });
        assert_eq!(problems(i.clone()), [("venue", "exact-venue-must-be-public".to_string())]);
        i.venue.as_mut().unwrap().public_building = true;
        assert!(problems(i).is_empty());
    }
}
