//! Writing calendar feeds (RFC 5545). Written here rather than with the
//! icalendar crate's builder: it stamps every component it writes with a
//! fresh DTSTAMP and a random UID (VTIMEZONE's parts included), and a feed
//! must be byte-identical between two requests with nothing changed.

use chrono::{DateTime, Datelike, Duration, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

/// Content lines, escaped and folded at 75 octets.
#[derive(Default)]
pub struct IcsWriter {
    out: String,
}

impl IcsWriter {
    /// Control characters but tab are left out (RFC 5545 allows no
    /// others): a lone CR would read as a line break to some readers.
    pub fn line(&mut self, name_and_params: &str, value: &str) {
        let line = format!("{name_and_params}:{value}");
        let mut width = 0;
        for c in line.chars().filter(|c| !c.is_control() || *c == '\t') {
            let n = c.len_utf8();
            if width + n > 75 {
                self.out.push_str("\r\n ");
                width = 1;
            }
            self.out.push(c);
            width += n;
        }
        self.out.push_str("\r\n");
    }

    /// A TEXT value: backslash, semicolon, comma and newline escaped.
    pub fn text(&mut self, name: &str, value: &str) {
        let escaped =
            value.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace("\r\n", "\\n").replace(['\n', '\r'], "\\n");
        self.line(name, &escaped);
    }

    pub fn finish(self) -> String {
        self.out
    }
}

/// `20270105T100000Z`.
pub fn utc_basic(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// A stored `…Z` stamp (to the second or millisecond) in basic form.
pub fn stamp_basic(stamp: &str) -> String {
    DateTime::parse_from_rfc3339(stamp).map(|t| utc_basic(t.with_timezone(&Utc))).unwrap_or_else(|_| "19700101T000000Z".into())
}

/// A DTSTART-like property for a wall-clock time in `zone`.
pub fn when(w: &mut IcsWriter, name: &str, zone: &str, local: NaiveDateTime, all_day: bool) {
    if all_day {
        w.line(&format!("{name};VALUE=DATE"), &local.format("%Y%m%d").to_string());
    } else if zone == "UTC" {
        w.line(name, &format!("{}Z", local.format("%Y%m%dT%H%M%S")));
    } else {
        w.line(&format!("{name};TZID={zone}"), &local.format("%Y%m%dT%H%M%S").to_string());
    }
}

/// A VTIMEZONE for `tz` with every offset change from `from_year` to
/// `to_year`, each as its own observance (no rule: zones' rules change).
pub fn vtimezone(w: &mut IcsWriter, tz: Tz, from_year: i32, to_year: i32) {
    if tz == chrono_tz::UTC {
        return;
    }
    w.line("BEGIN", "VTIMEZONE");
    w.line("TZID", tz.name());
    let start = Utc.with_ymd_and_hms(from_year, 1, 1, 0, 0, 0).single().expect("valid");
    let end = Utc.with_ymd_and_hms(to_year + 1, 1, 1, 0, 0, 0).single().expect("valid");
    let offset_at = |t: DateTime<Utc>| tz.offset_from_utc_datetime(&t.naive_utc());
    // The offset in force at the start, as the first observance.
    let first = offset_at(start);
    observance(w, first.dst_offset() != Duration::zero(), first.fix(), first.fix(), first.abbreviation(), start.naive_utc() + first.fix());
    let mut t = start;
    let step = Duration::hours(6);
    while t < end {
        let next = t + step;
        let (a, b) = (offset_at(t), offset_at(next));
        if a.fix() != b.fix() {
            // The first minute with the new offset.
            let (mut lo, mut hi) = (t, next);
            while hi - lo > Duration::seconds(1) {
                let mid = lo + (hi - lo) / 2;
                if offset_at(mid).fix() == a.fix() {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            let to = offset_at(hi);
            observance(w, to.dst_offset() != Duration::zero(), a.fix(), to.fix(), to.abbreviation(), hi.naive_utc() + a.fix());
        }
        t = next;
    }
    w.line("END", "VTIMEZONE");
}

fn observance(
    w: &mut IcsWriter,
    daylight: bool,
    from: chrono::FixedOffset,
    to: chrono::FixedOffset,
    name: Option<&str>,
    local_start: NaiveDateTime,
) {
    let kind = if daylight { "DAYLIGHT" } else { "STANDARD" };
    w.line("BEGIN", kind);
    w.line("DTSTART", &local_start.format("%Y%m%dT%H%M%S").to_string());
    w.line("TZOFFSETFROM", &offset(from));
    w.line("TZOFFSETTO", &offset(to));
    if let Some(name) = name.filter(|n| !n.is_empty()) {
        w.text("TZNAME", name);
    }
    w.line("END", kind);
}

fn offset(o: chrono::FixedOffset) -> String {
    let s = o.local_minus_utc();
    let sign = if s < 0 { '-' } else { '+' };
    let s = s.abs();
    if s % 60 == 0 {
        format!("{sign}{:02}{:02}", s / 3600, s / 60 % 60)
    } else {
        format!("{sign}{:02}{:02}{:02}", s / 3600, s / 60 % 60, s % 60)
    }
}

/// The years a feed's zones must cover: from the earliest start to a
/// few years past now (recurring series run on).
pub fn zone_years(earliest: NaiveDateTime) -> (i32, i32) {
    (earliest.year() - 1, Utc::now().year() + 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lone_carriage_return_never_reaches_a_feed() {
        // Issue 27: line-breaking readers saw an injected event.
        let mut w = IcsWriter::default();
        w.line("UID", "a\rBEGIN:VEVENT");
        w.text("SUMMARY", "x\ry");
        assert_eq!(w.finish(), "UID:aBEGIN:VEVENT\r\nSUMMARY:x\\ny\r\n");
    }

    #[test]
    fn long_lines_fold_without_splitting_a_character() {
        let mut w = IcsWriter::default();
        w.text("SUMMARY", &"شفيلد ".repeat(30));
        let out = w.finish();
        for line in out.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        assert!(out.contains("\r\n "));
    }

    #[test]
    fn london_has_its_two_changes_a_year() {
        let mut w = IcsWriter::default();
        vtimezone(&mut w, chrono_tz::Europe::London, 2026, 2026);
        let out = w.finish();
        assert!(out.contains("BEGIN:DAYLIGHT\r\nDTSTART:20260329T010000\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100\r\nTZNAME:BST"), "{out}");
        assert!(out.contains("BEGIN:STANDARD\r\nDTSTART:20261025T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\nTZNAME:GMT"), "{out}");
        assert_eq!(out.matches("BEGIN:DAYLIGHT").count(), 1);
    }

    #[test]
    fn text_is_escaped() {
        let mut w = IcsWriter::default();
        w.text("DESCRIPTION", "a, b; c\\d\ne");
        assert_eq!(w.finish(), "DESCRIPTION:a\\, b\\; c\\\\d\\ne\r\n");
    }
}
