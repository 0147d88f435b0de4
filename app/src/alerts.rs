//! E-mail alerts ("Tell me when…", issue 32): what a person asks to hear
//! about, the checks on it, and the pure rule that says whether a newly
//! public item is for them. The place is a postcode district or town the
//! gazetteer knows (or anywhere), never a point.

use crate::location::LatLon;
use crate::problem::Problem;

/// How often mail comes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Cadence {
    /// Within 15 minutes of publication.
    Instant,
    /// One digest, Monday morning (Europe/London).
    Weekly,
}

impl Cadence {
    pub fn as_str(self) -> &'static str {
        match self {
            Cadence::Instant => "instant",
            Cadence::Weekly => "weekly",
        }
    }

    pub fn parse(text: &str) -> Option<Cadence> {
        match text {
            "instant" => Some(Cadence::Instant),
            "weekly" => Some(Cadence::Weekly),
            _ => None,
        }
    }
}

/// What kind of thing became public.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ItemKind {
    Listing,
    Event,
    Resource,
}

impl ItemKind {
    pub const ALL: [ItemKind; 3] = [ItemKind::Listing, ItemKind::Event, ItemKind::Resource];

    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Listing => "listing",
            ItemKind::Event => "event",
            ItemKind::Resource => "resource",
        }
    }

    pub fn parse(text: &str) -> Option<ItemKind> {
        ItemKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// How a person would go to an event they hear about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Attend {
    /// At a place within the alert's radius.
    InPerson,
    /// Online, wherever it is held.
    Online,
    Both,
}

impl Attend {
    pub const ALL: [Attend; 3] = [Attend::InPerson, Attend::Online, Attend::Both];

    pub fn as_str(self) -> &'static str {
        match self {
            Attend::InPerson => "in_person",
            Attend::Online => "online",
            Attend::Both => "both",
        }
    }

    pub fn parse(text: &str) -> Option<Attend> {
        Attend::ALL.into_iter().find(|a| a.as_str() == text)
    }
}

/// What changed about a followed group: each is one item, so one mail.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "what", rename_all = "snake_case")]
pub enum GroupChange {
    /// A new series of dates became public.
    NewSeries { event: String },
    /// One date was cancelled, postponed or moved online; `date` is its
    /// local start as stored (`2026-12-10T18:30:00`).
    Date { event: String, date: String, status: crate::event::OccurrenceStatus },
    /// A series' times changed (its first start or its rule).
    Times { event: String },
    /// One date moved to another time; both local as stored.
    DateMoved { event: String, date: String, to: String },
    /// The group now meets in another town.
    Moved { town: String },
    /// The group closed (its listing was archived).
    Closed,
}

/// The distances offered, in whole kilometres. Matching looks this far
/// around an item at most.
pub const RADII_KM: [u32; 5] = [2, 5, 10, 25, 50];
pub const DEFAULT_RADIUS_KM: u32 = 10;
pub const MAX_RADIUS_KM: u32 = 50;

/// The form as sent (or as pre-filled from a page's query).
#[derive(Clone, Debug, Default)]
pub struct AlertRequest {
    pub email: String,
    /// A town, postcode district or postcode; empty for anywhere.
    pub near: String,
    pub radius_km: String,
    pub wants: Vec<String>,
    pub kind: String,
    pub tag: String,
    pub lang: String,
    pub category: String,
    pub topic: String,
    /// For events: `in_person`, `online` or `both` (empty: both).
    pub attend: String,
    pub cadence: String,
    pub mail_lang: String,
    pub neutral: bool,
}

/// What an alert matches on; empty filters match everything.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AlertRule {
    pub wants: Vec<ItemKind>,
    pub kind: String,
    pub tag: String,
    pub lang: String,
    pub category: String,
    pub topic: String,
    pub attend: Attend,
    pub radius_km: u32,
}

/// What is known of a newly public item, at public precision only.
#[derive(Clone, Debug, Default)]
pub struct ItemFacts {
    /// A listing's kind, an event's category, a resource's kind.
    pub kind: String,
    pub tags: Vec<String>,
    pub languages: Vec<String>,
    pub topics: Vec<String>,
    /// The public point; none for a resource or an online-only event.
    pub point: Option<LatLon>,
    /// An event one can join online (online only, or hybrid).
    pub online: bool,
    /// An event held at a place (in person, or hybrid).
    pub in_person: bool,
}

/// The longest value of a filter field: tags and topics are short words.
const MAX_FILTER_CHARS: usize = 100;

impl AlertRequest {
    /// The checked parts other than the place (which the server looks up).
    pub fn rule(&self) -> Result<(AlertRule, Cadence), Vec<(String, Problem)>> {
        let mut problems = Vec::new();
        let radius_km = match self.radius_km.trim() {
            "" => DEFAULT_RADIUS_KM,
            r => match r.parse::<u32>().ok().filter(|r| RADII_KM.contains(r)) {
                Some(r) => r,
                None => {
                    let known = RADII_KM.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
                    problems.push(("radius_km".into(), Problem::UnknownChoice { given: r.into(), known }));
                    DEFAULT_RADIUS_KM
                }
            },
        };
        let mut wants = Vec::new();
        for w in &self.wants {
            match ItemKind::parse(w) {
                Some(k) if !wants.contains(&k) => wants.push(k),
                Some(_) => {}
                None => {
                    problems.push(("wants".into(), Problem::UnknownChoice { given: w.clone(), known: "listing, event, resource".into() }))
                }
            }
        }
        if wants.is_empty() && problems.is_empty() {
            problems.push(("wants".into(), Problem::AlertNothingChosen));
        }
        let cadence = match self.cadence.as_str() {
            "" => Cadence::Instant,
            c => Cadence::parse(c).unwrap_or_else(|| {
                problems.push(("cadence".into(), Problem::UnknownChoice { given: c.into(), known: "instant, weekly".into() }));
                Cadence::Instant
            }),
        };
        for (name, value) in
            [("kind", &self.kind), ("tag", &self.tag), ("lang", &self.lang), ("category", &self.category), ("topic", &self.topic)]
        {
            let given = value.chars().count();
            if given > MAX_FILTER_CHARS {
                problems.push((name.into(), Problem::TooLong { given, max: MAX_FILTER_CHARS }));
            }
        }
        let attend = match self.attend.as_str() {
            "" => Attend::Both,
            a => Attend::parse(a).unwrap_or_else(|| {
                problems.push(("attend".into(), Problem::UnknownChoice { given: a.into(), known: "in_person, online, both".into() }));
                Attend::Both
            }),
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        let clean = |v: &str| v.trim().to_lowercase();
        let rule = AlertRule {
            wants,
            kind: clean(&self.kind),
            tag: clean(&self.tag),
            lang: clean(&self.lang),
            category: clean(&self.category),
            topic: clean(&self.topic),
            attend,
            radius_km,
        };
        Ok((rule, cadence))
    }
}

// Matching happens on the server (distances need `geo`), never in the browser.
#[cfg(feature = "ssr")]
impl AlertRule {
    /// Is this item for the alert? `place` is the centre of the alert's
    /// district or town (none: anywhere). Resources have no place; an
    /// online event is for everyone who asked for online events of its kind.
    pub fn matches(&self, place: Option<LatLon>, item: ItemKind, facts: &ItemFacts) -> bool {
        if !self.wants.contains(&item) {
            return false;
        }
        let has = |list: &[String], wanted: &str| wanted.is_empty() || list.iter().any(|v| v.eq_ignore_ascii_case(wanted));
        let what = match item {
            ItemKind::Listing => {
                (self.kind.is_empty() || facts.kind == self.kind) && has(&facts.tags, &self.tag) && has(&facts.languages, &self.lang)
            }
            ItemKind::Event => (self.category.is_empty() || facts.kind == self.category) && has(&facts.languages, &self.lang),
            ItemKind::Resource => has(&facts.topics, &self.topic) && has(&facts.languages, &self.lang),
        };
        if !what {
            return false;
        }
        let near = |point: Option<LatLon>| match (place, point) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(centre), Some(p)) => centre.distance_km(p) <= f64::from(self.radius_km),
        };
        match item {
            ItemKind::Resource => true,
            ItemKind::Listing => near(facts.point),
            // In person: held near the place; online: joinable from anywhere.
            ItemKind::Event => {
                let in_person = facts.in_person && near(facts.point);
                match self.attend {
                    Attend::InPerson => in_person,
                    Attend::Online => facts.online,
                    Attend::Both => in_person || facts.online,
                }
            }
        }
    }
}

/// A coarse grid cell (half a degree of latitude, a degree of longitude:
/// about 55 × 65 km here) of a district's or town's centre: subscriptions
/// are found by the cells around an item, not by reading them all.
pub fn cell_of(p: LatLon) -> String {
    format!("{}:{}", (p.lat * 2.0).floor() as i64, p.lon.floor() as i64)
}

/// The cells within `MAX_RADIUS_KM` of `p` (its own and its neighbours').
pub fn cells_around(p: LatLon) -> Vec<String> {
    let (row, col) = ((p.lat * 2.0).floor() as i64, p.lon.floor() as i64);
    let mut cells = Vec::with_capacity(9);
    for dr in -1..=1 {
        for dc in -1..=1 {
            cells.push(format!("{}:{}", row + dr, col + dc));
        }
    }
    cells
}

/// The cell of an alert for anywhere.
pub const ANYWHERE: &str = "*";

/// One alert as its owner's page lists it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AlertSummary {
    pub id: i64,
    /// The district or town; empty for anywhere.
    pub place: String,
    pub cadence: Cadence,
    pub confirmed: bool,
    /// The name of the group a "follow this group" alert follows.
    pub follows: Option<String>,
    /// What it matches, which the line that describes it names.
    pub rule: AlertRule,
}

impl AlertSummary {
    /// "Within 10 km of S1 · New groups and services · As they happen", or
    /// "Following Leeds Walking Group": the alert in a line, the same on
    /// its owner's page, its confirmation page and its mails.
    #[cfg(feature = "ssr")]
    pub fn describe(&self, locale: &crate::i18n::Locale) -> String {
        let rule = &self.rule;
        if let Some(name) = &self.follows {
            return locale.text_with("follow-following", &[("name", name.clone().into())]);
        }
        let place = if self.place.is_empty() {
            locale.text("alerts-anywhere")
        } else {
            let km = crate::i18n::format_number(&locale.code(), f64::from(rule.radius_km));
            locale.text_with("alerts-place-within", &[("km", km.into()), ("place", self.place.clone().into())])
        };
        // Each kind with the choices that narrow it, so two alerts that
        // differ only by a filter do not read the same.
        let value = |kind: &str, v: &str| locale.text_or(&crate::i18n::value_key(kind, v), v);
        let what = rule
            .wants
            .iter()
            .map(|w| {
                let narrowed: Vec<String> = match w {
                    ItemKind::Listing => [
                        (!rule.kind.is_empty()).then(|| locale.text_or(&format!("kind-{}", rule.kind), &rule.kind)),
                        (!rule.tag.is_empty()).then(|| value("tag", &rule.tag)),
                    ]
                    .into_iter()
                    .flatten()
                    .collect(),
                    ItemKind::Event => [
                        (!rule.category.is_empty()).then(|| locale.text_or(&format!("event-category-{}", rule.category), &rule.category)),
                        match rule.attend {
                            Attend::Both => None,
                            Attend::Online => Some(locale.text("alerts-line-online")),
                            Attend::InPerson => Some(locale.text("alerts-line-in-person")),
                        },
                    ]
                    .into_iter()
                    .flatten()
                    .collect(),
                    ItemKind::Resource => (!rule.topic.is_empty()).then(|| value("topic", &rule.topic)).into_iter().collect(),
                };
                let label = locale.text(&format!("alerts-line-{}", w.as_str()));
                match narrowed.is_empty() {
                    true => label,
                    false => format!("{label} ({})", narrowed.join(locale.text("list-separator").as_str())),
                }
            })
            .collect::<Vec<_>>()
            .join(locale.text("list-separator").as_str());
        let what = match rule.lang.as_str() {
            "" => what,
            code => {
                format!("{what} {}", locale.text_with("alerts-line-language", &[("language", crate::language::language_name(code).into())]))
            }
        };
        let how = locale.text(&format!("alerts-line-{}", self.cadence.as_str()));
        format!("{place} · {what} · {how}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> AlertRequest {
        AlertRequest { wants: vec!["listing".into()], ..Default::default() }
    }

    #[test]
    fn a_request_is_checked_and_defaults_filled() {
        let (rule, cadence) = request().rule().unwrap();
        assert_eq!((rule.radius_km, cadence), (DEFAULT_RADIUS_KM, Cadence::Instant));
        let none = AlertRequest::default().rule().unwrap_err();
        assert_eq!(none, vec![("wants".to_string(), Problem::AlertNothingChosen)]);
        let bad = AlertRequest { radius_km: "7".into(), cadence: "daily".into(), ..request() }.rule().unwrap_err();
        assert_eq!(bad.len(), 2);
    }

    #[test]
    fn items_match_by_what_and_where() {
        let (rule, _) = AlertRequest { kind: "solidarity_group".into(), radius_km: "10".into(), ..request() }.rule().unwrap();
        let sheffield = LatLon::new(53.38, -1.47);
        let near = ItemFacts { kind: "solidarity_group".into(), point: Some(LatLon::new(53.43, -1.36)), ..Default::default() };
        assert!(rule.matches(Some(sheffield), ItemKind::Listing, &near), "Rotherham is 9 km from Sheffield");
        let far = ItemFacts { point: Some(LatLon::new(51.5, -0.12)), ..near.clone() };
        assert!(!rule.matches(Some(sheffield), ItemKind::Listing, &far));
        let other = ItemFacts { kind: "legal_advice".into(), ..near.clone() };
        assert!(!rule.matches(Some(sheffield), ItemKind::Listing, &other));
        assert!(rule.matches(None, ItemKind::Listing, &far), "anywhere");
        assert!(!rule.matches(None, ItemKind::Resource, &near), "resources were not asked for");
    }

    #[test]
    fn events_match_in_person_near_the_place_or_online_anywhere() {
        let sheffield = LatLon::new(53.38, -1.47);
        let rule = |attend: &str| {
            AlertRequest { wants: vec!["event".into()], attend: attend.into(), radius_km: "10".into(), ..Default::default() }
                .rule()
                .unwrap()
                .0
        };
        let here = ItemFacts { point: Some(LatLon::new(53.43, -1.36)), in_person: true, ..Default::default() };
        let online = ItemFacts { online: true, ..Default::default() };
        let hybrid_far = ItemFacts { point: Some(LatLon::new(51.5, -0.12)), in_person: true, online: true, ..Default::default() };
        let m = |a: &str, f: &ItemFacts| rule(a).matches(Some(sheffield), ItemKind::Event, f);
        assert!(m("in_person", &here) && !m("in_person", &online) && !m("in_person", &hybrid_far));
        assert!(!m("online", &here) && m("online", &online) && m("online", &hybrid_far));
        assert!(m("both", &here) && m("both", &online) && m("", &hybrid_far));
        assert!(AlertRequest { attend: "by bus".into(), ..request() }.rule().is_err());
    }

    #[test]
    fn an_items_cell_is_among_the_cells_around_it() {
        let p = LatLon::new(53.38, -1.47);
        assert!(cells_around(p).contains(&cell_of(p)));
        // 50 km north-east is still within the cells around.
        assert!(cells_around(p).contains(&cell_of(LatLon::new(53.7, -1.0))));
    }
}
