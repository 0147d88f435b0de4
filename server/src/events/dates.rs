//! "On these dates": a list of days a person types into one field, in the
//! ways people write dates (2027-01-12, 12/01/2027, 12.01.2027, or 12/01
//! for the next such day), in Western, Arabic or Persian digits, between
//! commas, semicolons, spaces or lines. Checked once, when a form is sent:
//! what is kept is the list as `YYYY-MM-DD`, so a moderator's later
//! approval reads it again without the reader's "today".

use super::recurrence::{MAX_RDATES, YEARS};
use app::problem::Problem;
use chrono::{Datelike, NaiveDate};

/// Longest list read (52 dates written the longest way, with room).
pub const MAX_CHARS: usize = 1_000;

/// Arabic-Indic (٠–٩) and Persian (۰–۹) digits as 0–9, other characters as they are.
pub fn western_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{660}'..='\u{669}' => char::from(b'0' + (c as u32 - 0x660) as u8),
            '\u{6F0}'..='\u{6F9}' => char::from(b'0' + (c as u32 - 0x6F0) as u8),
            _ => c,
        })
        .collect()
}

/// One date as typed; a day and month alone is the next such day from `today`.
fn one(piece: &str, today: NaiveDate) -> Option<NaiveDate> {
    let numbers: Vec<&str> = piece.split(['-', '/', '.']).collect();
    let number =
        |s: &str| (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u32>().ok()).flatten();
    let values: Vec<u32> = numbers.iter().map(|s| number(s)).collect::<Option<_>>()?;
    match (numbers.as_slice(), values.as_slice()) {
        ([y, _, _], [year, month, day]) if y.len() == 4 => NaiveDate::from_ymd_opt(*year as i32, *month, *day),
        ([_, _, y], [day, month, year]) if y.len() == 4 => NaiveDate::from_ymd_opt(*year as i32, *month, *day),
        (_, [day, month]) => {
            let this_year = NaiveDate::from_ymd_opt(today.year(), *month, *day);
            match this_year {
                Some(d) if d >= today => Some(d),
                _ => NaiveDate::from_ymd_opt(today.year() + 1, *month, *day),
            }
        }
        _ => None,
    }
}

/// The days in `text`, sorted and each once; refused when one is not a
/// date, is outside the years a series may use, or has gone (before
/// `today`), or when there are more than [`MAX_RDATES`].
pub fn parse_list(text: &str, today: NaiveDate) -> Result<Vec<NaiveDate>, Problem> {
    if text.chars().count() > MAX_CHARS {
        return Err(Problem::TooLong { given: text.chars().count(), max: MAX_CHARS });
    }
    let pieces: Vec<&str> =
        text.split(|c: char| c == ',' || c == ';' || c == '،' || c == '؛' || c.is_whitespace()).filter(|p| !p.is_empty()).collect();
    let mut days = Vec::new();
    for piece in &pieces {
        // Named back as it was typed (in the writer's digits).
        let given: String = piece.chars().take(40).collect();
        let day = one(&western_digits(piece), today).ok_or_else(|| Problem::NotDate { given: given.clone() })?;
        if !YEARS.contains(&day.year()) {
            return Err(Problem::DateOutOfRange { given, first: YEARS.start().to_string(), last: YEARS.end().to_string() });
        }
        if day < today {
            return Err(Problem::DateInPast { given });
        }
        days.push(day);
    }
    days.sort();
    days.dedup();
    if days.len() > MAX_RDATES {
        return Err(Problem::TooManyDates { given: days.len(), max: MAX_RDATES });
    }
    Ok(days)
}

/// A checked list as a form keeps it.
pub fn as_field(days: &[NaiveDate]) -> String {
    days.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ")
}

/// A kept list read back (what is not a date is left out: it was checked).
pub fn from_field(text: &str) -> Vec<NaiveDate> {
    text.split([',', ';', ' ', '\n']).filter_map(|p| NaiveDate::parse_from_str(p.trim(), "%Y-%m-%d").ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn dates_as_people_write_them() {
        let today = day("2026-12-07");
        let got = parse_list("12/01/2027, 2027-02-09\n23.3.2027; 12/1/2027 ۰۶/۰۴/۲۰۲۷ ١٢/٠٥/٢٠٢٧ 24/12", today).unwrap();
        assert_eq!(as_field(&got), "2026-12-24, 2027-01-12, 2027-02-09, 2027-03-23, 2027-04-06, 2027-05-12");
        // A day and month already gone this year is next year's.
        assert_eq!(parse_list("1/2", today).unwrap(), [day("2027-02-01")]);
        assert_eq!(from_field(&as_field(&got)), got);
        assert_eq!(parse_list("", today), Ok(vec![]));
    }

    #[test]
    fn what_is_refused_says_which() {
        let today = day("2026-12-07");
        assert_eq!(parse_list("12/01/2027, 31/02/2027", today), Err(Problem::NotDate { given: "31/02/2027".into() }));
        assert_eq!(parse_list("next tuesday", today), Err(Problem::NotDate { given: "next".into() }));
        assert_eq!(parse_list("2026-12-06", today), Err(Problem::DateInPast { given: "2026-12-06".into() }));
        assert_eq!(parse_list("۰۱/۱۲/۲۰۲۶", today), Err(Problem::DateInPast { given: "۰۱/۱۲/۲۰۲۶".into() }));
        assert!(matches!(parse_list("01/01/9999", today), Err(Problem::DateOutOfRange { .. })));
        let many: Vec<String> = (0..53).map(|n| (today + chrono::Duration::days(n)).to_string()).collect();
        assert_eq!(parse_list(&many.join(","), today), Err(Problem::TooManyDates { given: 53, max: 52 }));
        // The same day twice counts once.
        let twice: Vec<String> = (0..40)
            .flat_map(|n| {
                let d = (today + chrono::Duration::days(n)).to_string();
                [d.clone(), d]
            })
            .collect();
        assert_eq!(parse_list(&twice.join(" "), today).map(|d| d.len()), Ok(40));
        assert!(matches!(parse_list(&"1/1 ".repeat(400), today), Err(Problem::TooLong { .. })));
    }
}
