//! A published listing as Open Referral UK 3.0 records: an organization
//! that runs one service, at (where the listing has a public point) one
//! location. Built from `PublicListing` only, so a record can carry no
//! more than the public pages do: the public point, an address only for
//! `exact` listings, contact details the group made public.

use super::ids::{self, Term};
use crate::store::events::RegularActivity;
use app::model::{Precision, PublicListing, WeeklySlot};
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// Drops what is empty (null, "", []) so that records omit a field rather
/// than send it blank, as the standard asks.
pub fn compact(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let kept: Map<String, Value> = map
                .into_iter()
                .map(|(k, v)| (k, compact(v)))
                .filter(|(_, v)| !matches!(v, Value::Null) && v != &json!("") && v != &json!([]))
                .collect();
            Value::Object(kept)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(compact).collect()),
        other => other,
    }
}

/// `2026-12-02T10:00:00Z` or `…:00.5Z` → RFC 3339 in UTC with milliseconds.
pub fn last_modified(stamp: &str) -> Option<String> {
    let t = chrono::DateTime::parse_from_rfc3339(stamp).ok()?;
    Some(t.with_timezone(&chrono::Utc).format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
}

fn page_url(base: &str, l: &PublicListing) -> String {
    format!("{base}/listings/{}", l.slug)
}

pub fn organization(base: &str, l: &PublicListing) -> Value {
    let description = if l.description.trim().is_empty() { &l.summary } else { &l.description };
    compact(json!({
        "id": ids::organization(&l.slug),
        "name": l.name,
        "description": description,
        "email": l.email,
        "website": l.website,
        "uri": page_url(base, l),
    }))
}

/// What the standard calls a location: the listing's public point, named by
/// its town; the street address only for a public building (`exact`).
pub fn location(l: &PublicListing) -> Option<Value> {
    let (lat, lon) = (l.lat?, l.lon?);
    let id = ids::location(&l.slug);
    let exact = l.precision == Precision::Exact;
    let description = match l.precision {
        Precision::Exact => "The exact place: a public building.",
        Precision::Approximate => "Shown to within about 1 km; the exact place is not published.",
        Precision::Area => "Only the town or district is published, not the place.",
    };
    let address = l.address.as_deref().filter(|_| exact).and_then(|a| address(&id, a, l));
    let accessibility = (!l.accessibility.trim().is_empty())
        .then(|| json!([{ "id": ids::child(&id, "accessibility"), "location_id": id, "description": l.accessibility }]));
    Some(compact(json!({
        "id": id,
        "location_type": "physical",
        "name": if exact { l.name.clone() } else { l.town.clone() },
        "description": description,
        "latitude": lat,
        "longitude": lon,
        "addresses": address.map(|a| vec![a]),
        "accessibility": accessibility,
    })))
}

/// An address written as one line ("1 Road, Town S1 2AB"): the postcode
/// (which the standard requires) found at its end; without one, none.
fn address(location_id: &str, text: &str, l: &PublicListing) -> Option<Value> {
    let (before, postcode) = split_postcode(text)?;
    // The street: what comes before the postcode, less the town.
    let mut parts: Vec<&str> = before.split(',').map(str::trim).filter(|p| !p.is_empty()).collect();
    while parts.len() > 1 && parts.last().is_some_and(|p| p.eq_ignore_ascii_case(&l.town)) {
        parts.pop();
    }
    Some(json!({
        "id": ids::child(location_id, "address"),
        "location_id": location_id,
        "address_1": parts.join(", "),
        "city": l.town,
        "state_province": l.region.clone().unwrap_or_else(|| l.town.clone()),
        "postal_code": postcode,
        "country": "GB",
        "address_type": "physical",
    }))
}

/// `1 Road, Sheffield S1 2AB` → (`1 Road, Sheffield`, `S1 2AB`).
pub fn split_postcode(text: &str) -> Option<(&str, String)> {
    let words: Vec<&str> = text.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).collect();
    let [.., outward, inward] = words[..] else { return None };
    let candidate = format!("{outward}{inward}");
    let district = crate::places::outward_code(&candidate)?;
    if district.len() + 3 != candidate.len() {
        return None;
    }
    let before = text[..text.rfind(outward)?].trim_end_matches(|c: char| c.is_whitespace() || c == ',');
    Some((before, format!("{} {}", district, inward.to_uppercase())))
}

pub fn service_at_location(l: &PublicListing) -> Option<Value> {
    let location = location(l)?;
    Some(json!({
        "id": ids::service_at_location(&l.slug),
        "service_id": ids::service(&l.slug),
        "location_id": ids::location(&l.slug),
        "location": location,
    }))
}

const ICAL_DAYS: [(&str, &str, &str); 7] = [
    ("mon", "MO", "Mondays"),
    ("tue", "TU", "Tuesdays"),
    ("wed", "WE", "Wednesdays"),
    ("thu", "TH", "Thursdays"),
    ("fri", "FR", "Fridays"),
    ("sat", "SA", "Saturdays"),
    ("sun", "SU", "Sundays"),
];

fn weekly(service_id: &str, n: usize, slot: &WeeklySlot) -> Option<Value> {
    let (_, byday, days) = ICAL_DAYS.iter().find(|(d, _, _)| *d == slot.day)?;
    Some(json!({
        "id": ids::child(service_id, &format!("schedule-{n}")),
        "service_id": service_id,
        "freq": "WEEKLY",
        "interval": 1,
        "byday": byday,
        "opens_at": slot.start,
        "closes_at": slot.end,
        "description": format!("{days} {}–{} (UK time)", slot.start, slot.end),
    }))
}

/// A regular activity's rule in the standard's terms. Only WEEKLY and
/// MONTHLY exist there, and no BYSETPOS: other rules are described and
/// linked to the event's page, where every date is.
fn activity(base: &str, service_id: &str, a: &RegularActivity) -> Value {
    let parts: HashMap<&str, &str> = a.rrule.split(';').filter_map(|p| p.split_once('=')).collect();
    let expressible = matches!(parts.get("FREQ"), Some(&"WEEKLY") | Some(&"MONTHLY")) && !parts.contains_key("BYSETPOS");
    let time = |local: &str| local.get(11..16).map(str::to_string);
    let until = parts
        .get("UNTIL")
        .and_then(|u| u.get(..8))
        .filter(|d| d.bytes().all(|b| b.is_ascii_digit()))
        .map(|d| format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..8]));
    let mut schedule = json!({
        "id": ids::child(service_id, &format!("activity-{}", a.event)),
        "service_id": service_id,
        "description": a.title,
        "schedule_link": format!("{base}/events/{}", a.event),
        "dtstart": a.starts_local.get(..10),
        "valid_from": a.starts_local.get(..10),
        "valid_to": until,
        "opens_at": time(&a.starts_local),
        "closes_at": time(&a.ends_local),
        "notes": "Times are UK local time. Every date, and any cancelled, is on the linked page.",
    });
    if expressible {
        schedule["freq"] = json!(parts["FREQ"]);
        schedule["interval"] = json!(parts.get("INTERVAL").and_then(|i| i.parse::<u32>().ok()).unwrap_or(1));
        schedule["byday"] = json!(parts.get("BYDAY"));
        schedule["bymonthday"] = json!(parts.get("BYMONTHDAY"));
    }
    schedule
}

/// The weekly slots and regular activities; with neither, the meeting
/// times as the group wrote them.
fn schedules(base: &str, service_id: &str, l: &PublicListing, activities: &[RegularActivity]) -> Vec<Value> {
    let slots: Vec<Value> = l
        .schedule
        .iter()
        .enumerate()
        .filter_map(|(n, s)| weekly(service_id, n, s))
        .chain(activities.iter().map(|a| activity(base, service_id, a)))
        .collect();
    if !slots.is_empty() || l.meeting_times.trim().is_empty() {
        return slots;
    }
    vec![json!({ "id": ids::child(service_id, "schedule-text"), "service_id": service_id, "description": l.meeting_times })]
}

/// A classification of the service: its kind, tags and languages.
fn attribute(service_id: &str, term: Value) -> Value {
    let term_id = term["id"].as_str().unwrap_or_default().to_string();
    json!({
        "id": ids::child(service_id, &format!("attribute-{term_id}")),
        "link_id": service_id,
        "link_type": "service",
        "taxonomy_term_id": term_id,
        "taxonomy_term": term,
    })
}

/// A listing's terms: what its kind, tags and languages are in the taxonomies.
pub fn terms_of(l: &PublicListing) -> impl Iterator<Item = Term> + '_ {
    std::iter::once(Term::Kind { slug: l.kind.clone(), label: l.kind_label.clone() })
        .chain(l.tags.iter().map(|t| Term::Tag(t.clone())))
        .chain(l.languages.iter().map(|c| Term::Language(c.clone())))
}

/// The service's own fields and its organization: what the standard's
/// list items hold (`full=false`), no arrays of related records.
pub fn service_one_to_one(base: &str, l: &PublicListing) -> Value {
    let alert = l
        .may_be_inactive
        .then(|| format!("Not confirmed as active since {}.", l.last_confirmed.as_deref().unwrap_or("it was first listed")));
    compact(json!({
        "id": ids::service(&l.slug),
        "organization_id": ids::organization(&l.slug),
        "name": l.name,
        "description": l.summary,
        "url": l.website.clone().unwrap_or_else(|| page_url(base, l)),
        "email": l.email,
        "status": "active",
        "assured_date": l.last_confirmed,
        "alert": alert,
        "last_modified": last_modified(&l.updated_at),
        "organization": organization(base, l),
    }))
}

/// `minimal=true`: the id and when it last changed (under the parameter's
/// name for it and the service record's), for a consumer deciding what
/// to fetch again.
pub fn service_minimal(l: &PublicListing) -> Value {
    let modified = last_modified(&l.updated_at);
    compact(json!({ "id": ids::service(&l.slug), "last_modified": modified, "modified_date": modified }))
}

/// The service with everything about it nested: its organization, where it
/// is, when, in which languages and how it is classified.
pub fn service(base: &str, l: &PublicListing, activities: &[RegularActivity]) -> Value {
    let id = ids::service(&l.slug);
    let languages: Vec<Value> = l
        .languages
        .iter()
        .map(|code| {
            json!({
                "id": ids::child(&id, &format!("language-{code}")),
                "service_id": id,
                "name": app::pages::directory::language_name(code),
                "code": code,
            })
        })
        .collect();
    let related = compact(json!({
        "service_at_locations": service_at_location(l).map(|s| vec![s]),
        "languages": languages,
        "schedules": schedules(base, &id, l, activities),
        "attributes": terms_of(l).map(|t| attribute(&id, t.record(base))).collect::<Vec<_>>(),
    }));
    let mut service = service_one_to_one(base, l);
    if let (Value::Object(s), Value::Object(r)) = (&mut service, related) {
        s.extend(r);
    }
    service
}

/// A service at location holding `service` (list answers, and `/{id}`).
pub fn service_at_location_holding(l: &PublicListing, mut service: Value) -> Option<Value> {
    let mut sal = service_at_location(l)?;
    if let Value::Object(s) = &mut service {
        // The location is already the record's own; not twice.
        s.remove("service_at_locations");
    }
    sal["service"] = service;
    Some(sal)
}

/// A service at location with the whole service inside it.
pub fn service_at_location_with_service(base: &str, l: &PublicListing, activities: &[RegularActivity]) -> Option<Value> {
    service_at_location_holding(l, service(base, l, activities))
}

/// An organization with the services it runs (one here): `service` is
/// the service as asked for (its own fields, or `full_service`).
pub fn organization_with_services(base: &str, l: &PublicListing, mut service: Value) -> Value {
    if let Value::Object(s) = &mut service {
        // The organization is the record itself; not again inside.
        s.remove("organization");
    }
    let mut org = organization(base, l);
    org["services"] = json!([service]);
    org
}

/// Marks a record copied from another directory with where it came from,
/// in the standard's terms: an `organization_identifiers` entry of scheme
/// [`ORIGIN_SCHEME`](crate::sources::ORIGIN_SCHEME) whose identifier is the
/// record's address there. `record` is an organization, a service or a
/// service at location (a minimal service has no organization to mark).
pub fn mark_origin(record: &mut Value, origin: Option<&String>) {
    let Some(origin) = origin else { return };
    let org = if record.get("organization").is_some_and(Value::is_object) {
        record.get_mut("organization")
    } else if record.pointer("/service/organization").is_some_and(Value::is_object) {
        record.pointer_mut("/service/organization")
    } else if record.get("organization_id").is_none() && record.get("service").is_none() && record.get("name").is_some() {
        Some(record)
    } else {
        None
    };
    let Some(Value::Object(org)) = org else { return };
    let org_id = org.get("id").and_then(Value::as_str).unwrap_or_default().to_string();
    org.insert(
        "organization_identifiers".into(),
        json!([{
            "id": ids::child(&org_id, "origin"),
            "organization_id": org_id,
            "identifier_scheme": crate::sources::ORIGIN_SCHEME,
            "identifier_type": "Copied from another directory: the record's address there",
            "identifier": origin,
        }]),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postcodes_are_found_at_the_end_of_an_address() {
        assert_eq!(
            split_postcode("Vulcan House, 6 Millsands, Sheffield S3 8NU"),
            Some(("Vulcan House, 6 Millsands, Sheffield", "S3 8NU".into()))
        );
        assert_eq!(split_postcode("1 Road, London, sw1a 1aa"), Some(("1 Road, London", "SW1A 1AA".into())));
        assert_eq!(split_postcode("Somewhere in Sheffield"), None);
        assert_eq!(split_postcode(""), None);
    }

    #[test]
    fn empty_fields_are_left_out() {
        let v = compact(json!({ "a": null, "b": "", "c": [], "d": { "e": null, "f": 1 }, "g": "x" }));
        assert_eq!(v, json!({ "d": { "f": 1 }, "g": "x" }));
    }
}
