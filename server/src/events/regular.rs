//! "Add your regular meeting" on the registration form: a day, two times
//! and how often, chosen with plain controls. It becomes the fields of the
//! organiser's event form (so the same rules check it) and, when a
//! moderator approves the group, its series in What's on.

use super::dates;
use super::form::{Fields, ON_DATES};
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
/// nothing when no day and no dates were given. `get` reads the form.
/// "On these dates" (or dates with no day) meets on the listed days only;
/// a day, how often and dates meets on both.
pub fn meeting_fields(get: impl Fn(&str) -> String, name: &str, today: NaiveDate) -> Result<Option<Fields>, Vec<(String, Problem)>> {
    let day = get("meet_day");
    let often_given = get("meet_repeat");
    let dates_given = get("meet_dates");
    let on_dates = often_given.trim() == ON_DATES || (day.trim().is_empty() && !dates_given.trim().is_empty());
    if day.trim().is_empty() && !on_dates {
        return Ok(None);
    }
    let mut problems = Vec::new();
    let (start, end) = (get("meet_start").trim().to_string(), get("meet_end").trim().to_string());
    for (field, time) in [("meet_start", &start), ("meet_end", &end)] {
        if time.is_empty() {
            problems.push((field.to_string(), Problem::Required));
        }
    }
    let days = match dates::parse_list(&dates_given, today) {
        Ok(days) if days.is_empty() && on_dates => {
            problems.push(("meet_dates".to_string(), Problem::Required));
            days
        }
        Ok(days) => days,
        Err(p) => {
            problems.push(("meet_dates".to_string(), p));
            Vec::new()
        }
    };
    let (date, repeat) = if on_dates {
        (days.first().copied(), ON_DATES)
    } else {
        let known = DAYS.iter().map(|(d, _)| *d).collect::<Vec<_>>().join(", ");
        let weekday = DAYS.iter().find(|(d, _)| *d == day.trim()).map(|(_, w)| *w);
        if weekday.is_none() {
            problems.push(("meet_day".to_string(), Problem::UnknownChoice { given: day.clone(), known }));
        }
        let often = HowOften::parse(often_given.trim());
        if often.is_none() {
            let known = HowOften::CHOICES.iter().chain([&ON_DATES]).copied().collect::<Vec<_>>().join(", ");
            problems.push(("meet_repeat".to_string(), Problem::UnknownChoice { given: often_given.clone(), known }));
        }
        match (weekday, often) {
            (Some(w), Some(o)) => (Some(first_date(w, o, today)), o.repeat()),
            _ => (None, ""),
        }
    };
    let Some(date) = date.filter(|_| problems.is_empty()) else { return Err(problems) };
    let mut fields: Fields = [
        ("title", name.trim().to_string()),
        ("category", "regular_activity".to_string()),
        ("date", date.to_string()),
        ("start_time", start),
        ("end_time", end),
        ("repeat", repeat.to_string()),
        ("place", "listing".to_string()),
        ("cost", "free".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    if !days.is_empty() {
        fields.insert("dates".into(), dates::as_field(&days));
    }
    Ok(Some(fields))
}

/// The event form's field a meeting's problem belongs to on the
/// registration form (its times; anything else is the meeting as a whole).
pub fn registration_field(event_field: &str) -> &'static str {
    match event_field {
        "start" | "start_time" => "meet_start",
        "end" | "end_time" => "meet_end",
        "rrule" | "repeat" => "meet_repeat",
        "dates" | "rdates" => "meet_dates",
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
        assert_eq!(fields, ["meet_start", "meet_end", "meet_repeat"]);
    }

    #[test]
    fn on_these_dates_needs_no_day_and_refuses_what_has_gone() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        let f = meeting_fields(
            form(&[
                ("meet_repeat", "dates"),
                ("meet_start", "18:00"),
                ("meet_end", "20:00"),
                ("meet_dates", "23/03/2027, 12/01/2027, 12/01/2027"),
            ]),
            "Choir",
            today,
        )
        .unwrap()
        .unwrap();
        assert_eq!((f["date"].as_str(), f["repeat"].as_str(), f["dates"].as_str()), ("2027-01-12", "dates", "2027-01-12, 2027-03-23"));
        let refused = meeting_fields(form(&[("meet_repeat", "dates"), ("meet_start", "18:00"), ("meet_end", "20:00")]), "x", today);
        assert_eq!(refused, Err(vec![("meet_dates".to_string(), Problem::Required)]));
        let refused = meeting_fields(form(&[("meet_dates", "01/12/2026"), ("meet_start", "18:00"), ("meet_end", "20:00")]), "x", today);
        assert_eq!(refused, Err(vec![("meet_dates".to_string(), Problem::DateInPast { given: "01/12/2026".into() })]));
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
