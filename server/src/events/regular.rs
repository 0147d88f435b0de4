//! "Add your regular meeting" on the registration form: a day, two times
//! and how often, chosen with plain controls. It becomes the fields of the
//! organiser's event form (so the same rules check it) and, when a
//! moderator approves the group, its series in What's on.

use super::form::Fields;
use app::problem::Problem;
use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// How often a group meets, in words a person picks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HowOften {
    Weekly,
    Fortnightly,
    /// The first to fourth such weekday of every month.
    Monthly(u8),
    MonthlyLast,
}

impl HowOften {
    /// The form's values, in the order the form offers them.
    pub const CHOICES: [&'static str; 7] = app::event::MEETING_REPEATS;

    fn parse(v: &str) -> Option<HowOften> {
        Some(match v {
            "weekly" => HowOften::Weekly,
            "fortnightly" => HowOften::Fortnightly,
            "monthly_last" => HowOften::MonthlyLast,
            _ => HowOften::Monthly(v.strip_prefix("monthly_")?.parse().ok().filter(|n| (1..=4).contains(n))?),
        })
    }

    /// The event form's repeat choice (its `monthly` takes the nth weekday
    /// of the first date, which [`first_date`] chooses accordingly).
    fn repeat(self) -> &'static str {
        match self {
            HowOften::Weekly => "weekly",
            HowOften::Fortnightly => "fortnightly",
            HowOften::Monthly(_) => "monthly",
            HowOften::MonthlyLast => "monthly_last",
        }
    }

    fn fits(self, d: NaiveDate) -> bool {
        match self {
            HowOften::Weekly | HowOften::Fortnightly => true,
            HowOften::Monthly(n) => (d.day() - 1) / 7 + 1 == u32::from(n),
            HowOften::MonthlyLast => (d + Duration::days(7)).month() != d.month(),
        }
    }
}

const DAYS: [(&str, Weekday); 7] = [
    ("mon", Weekday::Mon),
    ("tue", Weekday::Tue),
    ("wed", Weekday::Wed),
    ("thu", Weekday::Thu),
    ("fri", Weekday::Fri),
    ("sat", Weekday::Sat),
    ("sun", Weekday::Sun),
];

/// The first meeting on or after `today`: a bounded walk (a fitting day
/// comes within five weeks for weekly and monthly choices alike).
fn first_date(day: Weekday, often: HowOften, today: NaiveDate) -> NaiveDate {
    (0..70).map(|i| today + Duration::days(i)).find(|d| d.weekday() == day && often.fits(*d)).unwrap_or(today)
}

/// The registration's meeting as event-form fields titled `name`, or
/// nothing when no day was chosen. `get` reads the form.
pub fn meeting_fields(get: impl Fn(&str) -> String, name: &str, today: NaiveDate) -> Result<Option<Fields>, Vec<(String, Problem)>> {
    let day = get("meet_day");
    if day.trim().is_empty() {
        return Ok(None);
    }
    let mut problems = Vec::new();
    let known = DAYS.iter().map(|(d, _)| *d).collect::<Vec<_>>().join(", ");
    let weekday = DAYS.iter().find(|(d, _)| *d == day.trim()).map(|(_, w)| *w);
    if weekday.is_none() {
        problems.push(("meet_day".to_string(), Problem::UnknownChoice { given: day.clone(), known }));
    }
    let often_given = get("meet_repeat");
    let often = HowOften::parse(often_given.trim());
    if often.is_none() {
        problems.push(("meet_repeat".to_string(), Problem::UnknownChoice { given: often_given, known: HowOften::CHOICES.join(", ") }));
    }
    let (start, end) = (get("meet_start").trim().to_string(), get("meet_end").trim().to_string());
    for (field, time) in [("meet_start", &start), ("meet_end", &end)] {
        if time.is_empty() {
            problems.push((field.to_string(), Problem::Required));
        }
    }
    let (Some(weekday), Some(often)) = (weekday, often) else { return Err(problems) };
    if !problems.is_empty() {
        return Err(problems);
    }
    let date = first_date(weekday, often, today);
    let fields: Fields = [
        ("title", name.trim().to_string()),
        ("category", "regular_activity".to_string()),
        ("date", date.to_string()),
        ("start_time", start),
        ("end_time", end),
        ("repeat", often.repeat().to_string()),
        ("place", "listing".to_string()),
        ("cost", "free".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    Ok(Some(fields))
}

/// The event form's field a meeting's problem belongs to on the
/// registration form (its times; anything else is the meeting as a whole).
pub fn registration_field(event_field: &str) -> &'static str {
    match event_field {
        "start" | "start_time" => "meet_start",
        "end" | "end_time" => "meet_end",
        "rrule" | "repeat" => "meet_repeat",
        _ => "meet_day",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> String {
        move |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string()).unwrap_or_default()
    }

    #[test]
    fn plain_choices_become_the_event_forms_fields() {
        // A Sunday.
        let today = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let f = meeting_fields(
            form(&[("meet_day", "wed"), ("meet_start", "13:00"), ("meet_end", "16:00"), ("meet_repeat", "weekly")]),
            "Drop-in",
            today,
        )
        .unwrap()
        .unwrap();
        assert_eq!((f["date"].as_str(), f["repeat"].as_str(), f["place"].as_str()), ("2026-12-09", "weekly", "listing"));
        // The first Saturday of the month: 2 January 2027.
        let f = meeting_fields(
            form(&[("meet_day", "sat"), ("meet_start", "10:00"), ("meet_end", "12:00"), ("meet_repeat", "monthly_1")]),
            "x",
            today,
        )
        .unwrap()
        .unwrap();
        assert_eq!((f["date"].as_str(), f["repeat"].as_str()), ("2027-01-02", "monthly"));
        // The last Thursday: 31 December 2026.
        let f = meeting_fields(
            form(&[("meet_day", "thu"), ("meet_start", "18:00"), ("meet_end", "19:00"), ("meet_repeat", "monthly_last")]),
            "x",
            today,
        )
        .unwrap()
        .unwrap();
        assert_eq!(f["date"], "2026-12-31");
        assert_eq!(meeting_fields(form(&[]), "x", today), Ok(None));
        let refused = meeting_fields(form(&[("meet_day", "wed"), ("meet_repeat", "hourly")]), "x", today).unwrap_err();
        let fields: Vec<&str> = refused.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["meet_repeat", "meet_start", "meet_end"]);
    }

    #[test]
    fn every_choice_finds_a_first_date_all_year() {
        let mut day = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        for _ in 0..366 {
            for c in HowOften::CHOICES {
                let often = HowOften::parse(c).unwrap();
                for (_, w) in DAYS {
                    let d = first_date(w, often, day);
                    assert!(d >= day && d.weekday() == w && often.fits(d), "{c} {w} from {day}");
                }
            }
            day += Duration::days(1);
        }
    }
}
