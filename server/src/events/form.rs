//! The organiser's event form, field by field: what a submission stores,
//! what a moderator compares, and how it becomes an [`EventInput`]. Plain
//! fields (a date, two times, "repeats weekly") instead of RFC 5545 text;
//! an advanced field takes a rule as written.

use super::input::{EventInput, VenueInput};
use super::StoredEvent;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

/// Every field of the form, in the order a moderator reads them.
pub const FIELDS: [&str; 29] = [
    "title",
    "summary",
    "description",
    "category",
    "languages",
    "date",
    "start_time",
    "end_time",
    "all_day",
    "end_date",
    "repeat",
    "until",
    "dates",
    "rrule",
    "place",
    "online_url",
    "venue_name",
    "venue_town",
    "venue_latitude",
    "venue_longitude",
    "venue_precision",
    "venue_public_building",
    "cost",
    "price",
    "access",
    "access_notes",
    "audience",
    "join",
    "join_url",
];

pub type Fields = BTreeMap<String, String>;

const DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/// The rule for a plain repeat choice from the first date.
fn rule_for(repeat: &str, date: NaiveDate, until: Option<NaiveDate>) -> Option<String> {
    let day = DAYS[date.weekday().num_days_from_monday() as usize];
    let nth = (date.day() as i64 - 1) / 7 + 1;
    let rule = match repeat {
        "weekly" => format!("FREQ=WEEKLY;BYDAY={day}"),
        "fortnightly" => format!("FREQ=WEEKLY;INTERVAL=2;BYDAY={day}"),
        "monthly" => format!("FREQ=MONTHLY;BYDAY={nth}{day}"),
        "monthly_last" => format!("FREQ=MONTHLY;BYDAY=-1{day}"),
        _ => return None,
    };
    Some(match until {
        Some(u) => format!("{rule};UNTIL={}", u.format("%Y%m%d")),
        None => rule,
    })
}

fn get<'a>(f: &'a Fields, name: &str) -> &'a str {
    f.get(name).map(|s| s.trim()).unwrap_or("")
}

fn some(f: &Fields, name: &str) -> Option<String> {
    Some(get(f, name).to_string()).filter(|v| !v.is_empty())
}

fn split(v: &str) -> Vec<String> {
    v.split([',', ';', '\n']).map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
}

/// "On these dates" as a person typed it, checked against `today` when the
/// form is sent (not again when a moderator approves it) and kept as
/// `YYYY-MM-DD` days. Chosen with an empty list, it is refused.
pub fn check_listed_dates(f: &mut Fields, today: NaiveDate) -> Result<(), (String, app::problem::Problem)> {
    let days = super::dates::parse_list(get(f, "dates"), today).map_err(|p| ("dates".to_string(), p))?;
    if days.is_empty() && get(f, "repeat") == ON_DATES {
        return Err(("dates".into(), app::problem::Problem::Required));
    }
    f.insert("dates".into(), super::dates::as_field(&days));
    Ok(())
}

pub use app::event::ON_DATES;

/// The form's fields as an event of `listing`. Field problems (a date that
/// is not one) surface in the input's own checks. Listed dates are the
/// first date's times on each day; with no first date, the earliest is it.
pub fn input_from_fields(f: &Fields, slug: &str, uid: Option<String>, listing: &str) -> EventInput {
    let all_day = get(f, "all_day") == "yes";
    let listed = super::dates::from_field(get(f, "dates"));
    let earliest = listed.iter().min().map(|d| d.to_string()).unwrap_or_default();
    let date = Some(get(f, "date")).filter(|d| !d.is_empty()).unwrap_or(&earliest);
    let rdates = listed.iter().map(|d| if all_day { d.to_string() } else { format!("{d}T{}", get(f, "start_time")) }).collect();
    let (start, end) = if all_day {
        (
            date.to_string(),
            some(f, "end_date").map(|d| {
                // The form asks for the last day; iCalendar keeps the day after.
                NaiveDate::parse_from_str(&d, "%Y-%m-%d").map(|d| (d + chrono::Duration::days(1)).to_string()).unwrap_or(d)
            }),
        )
    } else {
        (format!("{date}T{}", get(f, "start_time")), Some(format!("{date}T{}", get(f, "end_time"))))
    };
    let first = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
    let until = NaiveDate::parse_from_str(get(f, "until"), "%Y-%m-%d").ok();
    let rrule = some(f, "rrule").or_else(|| first.and_then(|d| rule_for(get(f, "repeat"), d, until)));
    let place = some(f, "place");
    let number = |name: &str| get(f, name).parse::<f64>().ok().filter(|x| x.is_finite());
    let venue = (place.as_deref() == Some("venue")).then(|| VenueInput {
        name: some(f, "venue_name"),
        address: None,
        town: some(f, "venue_town"),
        lat: number("venue_latitude"),
        lon: number("venue_longitude"),
        precision: some(f, "venue_precision"),
        public_building: get(f, "venue_public_building") == "yes",
    });
    EventInput {
        slug: slug.to_string(),
        uid,
        listing: Some(listing.to_string()),
        title: get(f, "title").to_string(),
        summary: get(f, "summary").to_string(),
        description: f.get("description").cloned().unwrap_or_default(),
        category: get(f, "category").to_string(),
        languages: split(get(f, "languages")),
        audience: some(f, "audience"),
        cost: some(f, "cost"),
        price: some(f, "price"),
        access: split(get(f, "access")),
        access_notes: get(f, "access_notes").to_string(),
        join: some(f, "join"),
        join_url: some(f, "join_url"),
        time_zone: None,
        all_day,
        start,
        end,
        rrule,
        rdates,
        exdates: Vec::new(),
        place,
        online_url: some(f, "online_url"),
        venue,
        status: None,
        overrides: Vec::new(),
        // From the form's translations part (`tr.<lang>.<field>`); a form
        // without it keeps the stored ones (the use case that saves an edit).
        language: some(f, "language"),
        translations: app::translation::from_form(f.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
    }
}

/// A stored series as the form's fields (to edit it, and for "now" in a
/// moderator's comparison). Only public columns are read, so a venue's
/// true point is not among them: an edit gives it again.
pub fn fields_of(e: &StoredEvent) -> Fields {
    let mut f = Fields::new();
    let mut put = |k: &str, v: String| {
        f.insert(k.to_string(), v);
    };
    put("title", e.title.clone());
    put("summary", e.summary.clone());
    put("language", e.language.clone());
    for (k, v) in app::translation::form_values(&e.translations, &app::translation::EVENT_FIELDS) {
        put(&k, v);
    }
    put("category", e.category.clone());
    put("languages", e.languages.join(", "));
    put("date", e.starts_local.get(..10).unwrap_or("").to_string());
    if e.all_day {
        put("all_day", "yes".into());
        let last =
            NaiveDate::parse_from_str(&e.ends_local, "%Y-%m-%d").map(|d| (d - chrono::Duration::days(1)).to_string()).unwrap_or_default();
        put("end_date", last);
    } else {
        put("start_time", e.starts_local.get(11..16).unwrap_or("").to_string());
        put("end_time", e.ends_local.get(11..16).unwrap_or("").to_string());
    }
    let first = NaiveDate::parse_from_str(e.starts_local.get(..10).unwrap_or(""), "%Y-%m-%d").ok();
    let plain = ["weekly", "fortnightly", "monthly", "monthly_last"]
        .into_iter()
        .find(|r| first.and_then(|d| rule_for(r, d, None)).as_deref() == e.rrule.as_deref());
    match (plain, &e.rrule) {
        (Some(r), _) => put("repeat", r.into()),
        (None, Some(rule)) => put("rrule", rule.clone()),
        (None, None) if !e.rdates.is_empty() => put("repeat", ON_DATES.into()),
        (None, None) => put("repeat", "none".into()),
    }
    // Days gone are not offered again (an edit would be refused for them).
    let today = super::query::today_in_london();
    let days: Vec<NaiveDate> = e
        .rdates
        .iter()
        .filter_map(|d| NaiveDate::parse_from_str(d.get(..10).unwrap_or(""), "%Y-%m-%d").ok())
        .filter(|d| *d >= today)
        .collect();
    if !days.is_empty() {
        put("dates", super::dates::as_field(&days));
    }
    put("place", e.place.as_str().into());
    if let Some(u) = &e.online_url {
        put("online_url", u.clone());
    }
    if let Some(v) = &e.venue_name {
        put("venue_name", v.clone());
    }
    if let Some(v) = &e.venue_town {
        put("venue_town", v.clone());
    }
    if let Some(p) = e.venue_precision {
        put("venue_precision", p.as_str().into());
    }
    put("cost", e.cost.as_str().into());
    if let Some(p) = &e.price {
        put("price", p.clone());
    }
    put("access", e.access.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(", "));
    put("access_notes", e.access_notes.clone());
    put("join", e.join_how.as_str().into());
    if let Some(u) = &e.join_url {
        put("join_url", u.clone());
    }
    put("audience", e.audience.as_str().into());
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Fields {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn plain_repeats_become_rules_from_the_first_date() {
        let f = fields(&[
            ("title", "Walk"),
            ("category", "regular_activity"),
            ("date", "2027-01-28"),
            ("start_time", "18:00"),
            ("end_time", "19:30"),
            ("repeat", "monthly_last"),
            ("until", "2027-06-30"),
        ]);
        let e = input_from_fields(&f, "walk", None, "group");
        assert_eq!(e.rrule.as_deref(), Some("FREQ=MONTHLY;BYDAY=-1TH;UNTIL=20270630"));
        assert_eq!((e.start.as_str(), e.end.as_deref()), ("2027-01-28T18:00", Some("2027-01-28T19:30")));
        let e = input_from_fields(&fields(&[("date", "2027-01-12"), ("repeat", "monthly")]), "x", None, "g");
        assert_eq!(e.rrule.as_deref(), Some("FREQ=MONTHLY;BYDAY=2TU"));
    }

    #[test]
    fn on_these_dates_lists_each_day_at_the_forms_times() {
        let mut f = fields(&[("start_time", "18:00"), ("end_time", "20:00"), ("repeat", "dates"), ("dates", "23/03/2027, 12/1/2027")]);
        check_listed_dates(&mut f, NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()).unwrap();
        assert_eq!(f["dates"], "2027-01-12, 2027-03-23");
        let e = input_from_fields(&f, "x", None, "g");
        assert_eq!((e.start.as_str(), e.rrule.as_deref()), ("2027-01-12T18:00", None));
        assert_eq!(e.rdates, ["2027-01-12T18:00", "2027-03-23T18:00"]);
        let mut empty = fields(&[("repeat", "dates")]);
        assert_eq!(
            check_listed_dates(&mut empty, NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()).unwrap_err().1,
            app::problem::Problem::Required
        );
    }

    #[test]
    fn an_all_day_form_asks_for_the_last_day() {
        let f = fields(&[("date", "2027-06-01"), ("all_day", "yes"), ("end_date", "2027-06-30")]);
        let e = input_from_fields(&f, "fest", None, "g");
        assert_eq!((e.start.as_str(), e.end.as_deref()), ("2027-06-01", Some("2027-07-01")));
    }
}
