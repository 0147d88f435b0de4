//! schema.org JSON-LD for the public pages of a listing (an
//! `Organization`), an event (an `Event` per date the page lists) and a
//! resource (a `CreativeWork`): what a search engine reads to show a group,
//! its dates or a guide to someone searching for one. Each is built from
//! the public record the page shows and says nothing the page does not: a
//! listing that is not exact gets its town only, never a point; a venue's
//! name and street only where the page shows them. The pages emit none
//! during a lockdown (`crate::pages::StructuredData`).

use crate::event::{Attendance, Cost, OccurrenceStatus, PublicEvent, PublicOccurrence};
use crate::model::{Precision, PublicListing};
use crate::resource::Resource;
use serde_json::{json, Map, Value};

const CONTEXT: &str = "https://schema.org";

/// The text of a `<script type="application/ld+json">` element. serde_json
/// leaves `<`, `>` and `&` as they are, so a name holding `</script>` would
/// end the element: they are written as JSON escapes (which parse back to
/// the same text), as are the two line separators older parsers refuse.
pub fn script_text(data: &Value) -> String {
    let json = serde_json::to_string(data).expect("a JSON value always serializes");
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// A published listing's page address on the public site (`site` without
/// a trailing slash).
pub fn listing_url(site: &str, slug: &str) -> String {
    format!("{site}/listings/{slug}")
}

/// A listing as an `Organization`. `region` is the region as the page
/// names it. Coordinates only for an exact listing (a public building,
/// whose page shows its address and a map of it).
pub fn organization(l: &PublicListing, site: &str, region: Option<String>) -> Value {
    let mut org = Map::new();
    org.insert("@context".into(), CONTEXT.into());
    org.insert("@type".into(), "Organization".into());
    org.insert("name".into(), l.name.clone().into());
    org.insert("url".into(), listing_url(site, &l.slug).into());
    insert_text(&mut org, "description", &l.summary);
    let exact = l.precision == Precision::Exact;
    // The store reads a street address for exact listings only; the check
    // here keeps that true whatever a port hands over.
    let street = l.address.clone().filter(|_| exact);
    let address = postal_address(street, Some(l.town.clone()), region);
    if exact {
        let mut place = Map::new();
        place.insert("@type".into(), "Place".into());
        place.insert("address".into(), address.clone());
        if let (Some(lat), Some(lon)) = (l.lat, l.lon) {
            place.insert("geo".into(), json!({"@type": "GeoCoordinates", "latitude": lat, "longitude": lon}));
        }
        org.insert("location".into(), place.into());
    } else {
        // Where the group works, as the page says it: the town.
        org.insert("areaServed".into(), l.town.clone().into());
    }
    org.insert("address".into(), address);
    if let Some(email) = &l.email {
        org.insert("email".into(), email.clone().into());
    }
    if let Some(phone) = &l.phone {
        org.insert("telephone".into(), phone.clone().into());
    }
    let same_as: Vec<Value> = l.website.iter().chain(&l.social).map(|u| u.clone().into()).collect();
    if !same_as.is_empty() {
        org.insert("sameAs".into(), same_as.into());
    }
    if !l.languages.is_empty() {
        org.insert("knowsLanguage".into(), l.languages.clone().into());
    }
    org.into()
}

/// An event's next dates as one `Event` each, in a graph; None when it
/// has no date to come (an `Event` needs its start).
pub fn events(e: &PublicEvent, site: &str) -> Option<Value> {
    if e.next.is_empty() {
        return None;
    }
    let dates: Vec<Value> = e.next.iter().map(|o| event(e, o, site)).collect();
    Some(json!({"@context": CONTEXT, "@graph": dates}))
}

fn event(e: &PublicEvent, o: &PublicOccurrence, site: &str) -> Value {
    // A series cancelled or postponed as a whole is so on every date.
    let status = if o.status == OccurrenceStatus::Scheduled { e.status } else { o.status };
    let attendance = if status == OccurrenceStatus::MovedOnline { Attendance::Online } else { e.attendance };
    let mut ev = Map::new();
    ev.insert("@type".into(), "Event".into());
    ev.insert("name".into(), o.title.clone().into());
    ev.insert("url".into(), format!("{site}/events/{}", e.slug).into());
    insert_text(&mut ev, "description", &e.summary);
    ev.insert("startDate".into(), o.start.clone().into());
    // An all-day event's end is the day after its last (as in iCalendar);
    // schema.org's is the last day itself.
    let end = if o.all_day { day_before(&o.end) } else { Some(o.end.clone()) };
    if let Some(end) = end.filter(|end| !end.is_empty()) {
        ev.insert("endDate".into(), end.into());
    }
    let status_name = match status {
        OccurrenceStatus::Scheduled => "EventScheduled",
        OccurrenceStatus::Cancelled => "EventCancelled",
        OccurrenceStatus::Postponed => "EventPostponed",
        OccurrenceStatus::MovedOnline => "EventMovedOnline",
    };
    ev.insert("eventStatus".into(), format!("{CONTEXT}/{status_name}").into());
    let mode = match attendance {
        Attendance::InPerson => "OfflineEventAttendanceMode",
        Attendance::Online => "OnlineEventAttendanceMode",
        Attendance::Hybrid => "MixedEventAttendanceMode",
    };
    ev.insert("eventAttendanceMode".into(), format!("{CONTEXT}/{mode}").into());
    let mut locations = Vec::new();
    if attendance != Attendance::Online && (e.town.is_some() || e.address.is_some()) {
        // At the precision the page shows: the venue's name and street come
        // from the server only for an exact public place; no point at all.
        let mut place = Map::new();
        place.insert("@type".into(), "Place".into());
        if let Some(name) = &e.venue_name {
            place.insert("name".into(), name.clone().into());
        }
        place.insert("address".into(), postal_address(e.address.clone(), e.town.clone(), None));
        locations.push(Value::from(place));
    }
    if attendance != Attendance::InPerson {
        let mut room = Map::new();
        room.insert("@type".into(), "VirtualLocation".into());
        if let Some(url) = &e.online_url {
            room.insert("url".into(), url.clone().into());
        }
        locations.push(room.into());
    }
    match locations.len() {
        0 => {}
        1 => {
            ev.insert("location".into(), locations.remove(0));
        }
        _ => {
            ev.insert("location".into(), locations.into());
        }
    }
    if let (Some(slug), Some(name)) = (&e.listing, &e.listing_name) {
        ev.insert("organizer".into(), json!({"@type": "Organization", "name": name, "url": listing_url(site, slug)}));
    }
    if let Some(languages) = languages(&e.languages) {
        ev.insert("inLanguage".into(), languages);
    }
    if e.cost == Cost::Free {
        ev.insert("isAccessibleForFree".into(), true.into());
    }
    ev.into()
}

/// A library resource as a `CreativeWork`.
pub fn creative_work(r: &Resource, site: &str) -> Value {
    let mut work = Map::new();
    work.insert("@context".into(), CONTEXT.into());
    work.insert("@type".into(), "CreativeWork".into());
    work.insert("name".into(), r.title.clone().into());
    work.insert("url".into(), format!("{site}/library/{}", r.slug).into());
    insert_text(&mut work, "description", &r.summary);
    if let Some(languages) = languages(&r.languages) {
        work.insert("inLanguage".into(), languages);
    }
    if let Some(publisher) = &r.publisher {
        work.insert("publisher".into(), json!({"@type": "Organization", "name": publisher}));
    }
    if let Some(published) = &r.published {
        work.insert("datePublished".into(), published.clone().into());
    }
    insert_text(&mut work, "dateModified", &r.updated_at);
    if !r.topics.is_empty() {
        let topics: Vec<Value> = r.topics.iter().map(|t| json!({"@type": "Thing", "name": t})).collect();
        work.insert("about".into(), topics.into());
    }
    // The work itself, where it lives outside this site.
    if let Some(url) = &r.url {
        work.insert("sameAs".into(), url.clone().into());
    }
    work.into()
}

fn insert_text(map: &mut Map<String, Value>, key: &str, text: &str) {
    if !text.trim().is_empty() {
        map.insert(key.into(), text.into());
    }
}

fn postal_address(street: Option<String>, town: Option<String>, region: Option<String>) -> Value {
    let mut address = Map::new();
    address.insert("@type".into(), "PostalAddress".into());
    for (key, value) in [("streetAddress", street), ("addressLocality", town), ("addressRegion", region)] {
        if let Some(v) = value.filter(|v| !v.trim().is_empty()) {
            address.insert(key.into(), v.into());
        }
    }
    address.into()
}

/// One language as a string, several as a list.
fn languages(codes: &[String]) -> Option<Value> {
    match codes {
        [] => None,
        [one] => Some(one.clone().into()),
        many => Some(many.to_vec().into()),
    }
}

/// The day before a `YYYY-MM-DD` date.
fn day_before(date: &str) -> Option<String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let day = time::Date::parse(date.get(..10)?, &format).ok()?.previous_day()?;
    Some(format!("{:04}-{:02}-{:02}", day.year(), u8::from(day.month()), day.day()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{Audience, JoinHow};

    const SITE: &str = "https://atlas.example";

    fn listing(precision: Precision) -> PublicListing {
        PublicListing {
            slug: "quiet-house".into(),
            kind: "solidarity_group".into(),
            kind_label: "Solidarity group".into(),
            name: "Quiet House".into(),
            summary: "Meets at a member's home.".into(),
            description: String::new(),
            description_html: String::new(),
            town: "Leeds".into(),
            region: Some("Yorkshire and the Humber".into()),
            precision,
            lat: Some(53.80081),
            lon: Some(-1.54915),
            address: Some("1 Secret Road".into()),
            tags: vec![],
            languages: vec!["en".into(), "ar".into()],
            meeting_times: String::new(),
            accessibility: String::new(),
            website: Some("https://quiet.example".into()),
            email: Some("hello@quiet.example".into()),
            phone: None,
            last_confirmed: None,
            schedule: vec![],
            social: vec!["https://social.example/quiet".into()],
            distance_km: None,
            may_be_inactive: false,
            updated_at: String::new(),
            language: "en".into(),
            translations: Default::default(),
        }
    }

    fn occurrence(start: &str, end: &str, all_day: bool) -> PublicOccurrence {
        PublicOccurrence {
            event: "drop-in".into(),
            title: "Drop-in".into(),
            summary: String::new(),
            start: start.into(),
            end: end.into(),
            all_day,
            status: OccurrenceStatus::Scheduled,
            attendance: Attendance::InPerson,
            category: "drop_in".into(),
            languages: vec![],
            listing: None,
            listing_name: None,
            town: None,
            lat: None,
            lon: None,
            address: None,
            distance_km: None,
            recurrence_id: String::new(),
            language: String::new(),
            text_language: None,
            summary_language: None,
            translations: Default::default(),
        }
    }

    fn event_of(next: Vec<PublicOccurrence>) -> PublicEvent {
        PublicEvent {
            slug: "drop-in".into(),
            title: "Drop-in".into(),
            summary: "Tea and advice.".into(),
            description_html: String::new(),
            category: "drop_in".into(),
            languages: vec!["en".into()],
            audience: Audience::Everyone,
            cost: Cost::Free,
            price: None,
            access: vec![],
            access_notes: String::new(),
            join_how: JoinHow::TurnUp,
            join_url: None,
            online_url: None,
            attendance: Attendance::InPerson,
            status: OccurrenceStatus::Scheduled,
            time_zone: "Europe/London".into(),
            repeats: true,
            listing: Some("quiet-house".into()),
            listing_name: Some("Quiet House".into()),
            town: Some("Leeds".into()),
            venue_name: None,
            lat: Some(53.8),
            lon: Some(-1.55),
            address: None,
            language: "en".into(),
            translations: Default::default(),
            next,
        }
    }

    #[test]
    fn a_listing_that_is_not_exact_names_its_town_and_no_point() {
        for precision in [Precision::Approximate, Precision::Area] {
            let org = organization(&listing(precision), SITE, Some("Yorkshire and the Humber".into()));
            let text = script_text(&org);
            for secret in ["geo", "latitude", "53.8", "1.549", "Secret Road", "streetAddress"] {
                assert!(!text.contains(secret), "{precision:?} names {secret}: {text}");
            }
            assert_eq!(org["@type"], "Organization");
            assert_eq!(org["url"], "https://atlas.example/listings/quiet-house");
            assert_eq!(org["description"], "Meets at a member's home.");
            assert_eq!(
                org["address"],
                json!({"@type": "PostalAddress", "addressLocality": "Leeds", "addressRegion": "Yorkshire and the Humber"})
            );
            assert_eq!(org["areaServed"], "Leeds");
            assert_eq!(org["email"], "hello@quiet.example");
            assert_eq!(org["sameAs"], json!(["https://quiet.example", "https://social.example/quiet"]));
            assert_eq!(org["knowsLanguage"], json!(["en", "ar"]));
            assert!(org.get("telephone").is_none(), "no phone on the page, none here");
        }
    }

    #[test]
    fn an_exact_public_building_has_its_street_and_point() {
        let org = organization(&listing(Precision::Exact), SITE, None);
        assert_eq!(org["address"]["streetAddress"], "1 Secret Road");
        assert_eq!(org["location"]["geo"], json!({"@type": "GeoCoordinates", "latitude": 53.80081, "longitude": -1.54915}));
        assert!(org.get("areaServed").is_none());
    }

    #[test]
    fn script_text_cannot_end_its_element_and_reads_back_the_same() {
        let mut l = listing(Precision::Area);
        l.name = "</script><script>alert(1)</script> & <!-- \u{2028}".into();
        let text = script_text(&organization(&l, SITE, None));
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&') && !text.contains('\u{2028}'), "{text}");
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["name"], l.name.as_str());
    }

    #[test]
    fn each_date_is_an_event_with_its_status_place_and_organiser() {
        let mut cancelled = occurrence("2027-01-13T13:00:00+00:00", "2027-01-13T16:00:00+00:00", false);
        cancelled.status = OccurrenceStatus::Cancelled;
        let e = event_of(vec![occurrence("2027-01-06T13:00:00+00:00", "2027-01-06T16:00:00+00:00", false), cancelled]);
        let graph = events(&e, SITE).unwrap();
        let dates = graph["@graph"].as_array().unwrap();
        assert_eq!(dates.len(), 2);
        let first = &dates[0];
        assert_eq!(first["@type"], "Event");
        assert_eq!(first["startDate"], "2027-01-06T13:00:00+00:00");
        assert_eq!(first["endDate"], "2027-01-06T16:00:00+00:00");
        assert_eq!(first["eventStatus"], "https://schema.org/EventScheduled");
        assert_eq!(first["eventAttendanceMode"], "https://schema.org/OfflineEventAttendanceMode");
        assert_eq!(first["location"], json!({"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": "Leeds"}}));
        assert_eq!(
            first["organizer"],
            json!({"@type": "Organization", "name": "Quiet House", "url": "https://atlas.example/listings/quiet-house"})
        );
        assert_eq!(first["inLanguage"], "en");
        assert_eq!(first["isAccessibleForFree"], true);
        assert_eq!(dates[1]["eventStatus"], "https://schema.org/EventCancelled");
        assert!(!script_text(&graph).contains("53.8"), "no point for an event's place");
        assert!(events(&event_of(vec![]), SITE).is_none(), "no date, no Event");
    }

    #[test]
    fn online_and_hybrid_events_have_their_room_and_all_day_ends_are_inclusive() {
        let mut e = event_of(vec![occurrence("2027-02-01", "2027-02-04", true)]);
        e.attendance = Attendance::Hybrid;
        e.online_url = Some("https://meet.example/room".into());
        e.venue_name = Some("Central Library".into());
        e.address = Some("St Peter's Square".into());
        let hybrid = &events(&e, SITE).unwrap()["@graph"][0];
        assert_eq!(hybrid["endDate"], "2027-02-03");
        assert_eq!(hybrid["eventAttendanceMode"], "https://schema.org/MixedEventAttendanceMode");
        assert_eq!(hybrid["location"][0]["name"], "Central Library");
        assert_eq!(hybrid["location"][0]["address"]["streetAddress"], "St Peter's Square");
        assert_eq!(hybrid["location"][1], json!({"@type": "VirtualLocation", "url": "https://meet.example/room"}));

        e.next[0].status = OccurrenceStatus::MovedOnline;
        let moved = &events(&e, SITE).unwrap()["@graph"][0];
        assert_eq!(moved["eventStatus"], "https://schema.org/EventMovedOnline");
        assert_eq!(moved["eventAttendanceMode"], "https://schema.org/OnlineEventAttendanceMode");
        assert_eq!(moved["location"], json!({"@type": "VirtualLocation", "url": "https://meet.example/room"}));
        assert_eq!(day_before("2028-03-01").as_deref(), Some("2028-02-29"));
    }

    #[test]
    fn a_resource_is_a_creative_work_about_its_topics() {
        let r = Resource {
            slug: "kyr".into(),
            title: "Know your rights".into(),
            summary: "What to bring.".into(),
            body: String::new(),
            body_html: String::new(),
            url: Some("https://example.org/kyr.pdf".into()),
            kind: "know-your-rights".into(),
            topics: vec!["reporting".into(), "detention".into()],
            languages: vec!["en".into(), "fa".into()],
            publisher: Some("Example Network".into()),
            published: Some("2026-03-01".into()),
            updated_at: "2026-11-02T10:00:00.000Z".into(),
            language: "en".into(),
            translations: Default::default(),
            translation_of: None,
        };
        let work = creative_work(&r, SITE);
        assert_eq!(work["@type"], "CreativeWork");
        assert_eq!(work["url"], "https://atlas.example/library/kyr");
        assert_eq!(work["inLanguage"], json!(["en", "fa"]));
        assert_eq!(work["about"][1], json!({"@type": "Thing", "name": "detention"}));
        assert_eq!(work["publisher"]["name"], "Example Network");
        assert_eq!(work["datePublished"], "2026-03-01");
        assert_eq!(work["dateModified"], "2026-11-02T10:00:00.000Z");
    }
}
