//! Sources another directory keeps (an atlas's or a council's ORUK feed,
//! a network's GeoJSON or CSV file) that this atlas follows into its
//! moderation queue: what an admin sees of each and the mapping of their
//! words to ours.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How a source writes its records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, strum::IntoStaticStr, strum::EnumString, strum::EnumIter)]
#[strum(serialize_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum SourceFormat {
    /// Open Referral UK 3.0: the API's base address (…/openreferral).
    Oruk,
    /// A GeoJSON FeatureCollection (as /api/listings.geojson writes).
    Geojson,
    /// CSV with a header row (as /api/listings.csv writes).
    Csv,
}

impl SourceFormat {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// How a source's last reading ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum FetchOutcome {
    /// A new copy, read into the queue.
    Read,
    /// Not modified (ETag, Last-Modified) or the same bytes.
    Unchanged,
    /// Nothing usable came: the last good state stands.
    Failed,
}

impl FetchOutcome {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// What a reading did with the source's records.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceCounts {
    /// Offered as new listings (or published, from a trusted source).
    pub new: usize,
    /// Offered as updates to listings we hold.
    pub updated: usize,
    pub unchanged: usize,
    /// Gone from the source, so archived here.
    pub archived: usize,
    /// Held for a moderator by the opt-out register.
    pub held: usize,
    /// Records we could not read (no name, no town, …) or our own coming back.
    pub skipped: usize,
}

/// Their words to ours, by taxonomy. A word mapped to "" is dropped; one
/// not mapped is kept as it is (a tag, a language code) or, for a kind,
/// replaced by the source's default kind.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    #[serde(default)]
    pub kinds: BTreeMap<String, String>,
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    #[serde(default)]
    pub languages: BTreeMap<String, String>,
}

/// Most words one taxonomy may map (the admin's form, a bound on input).
pub const MAX_MAPPED: usize = 200;

impl Mapping {
    /// `their = ours` lines (the admin's form), one taxonomy's worth.
    pub fn lines(map: &BTreeMap<String, String>) -> String {
        map.iter().map(|(k, v)| format!("{k} = {v}")).collect::<Vec<_>>().join("\n")
    }

    /// Reads `their = ours` lines; a line without `=` is an error naming it.
    pub fn parse_lines(text: &str) -> Result<BTreeMap<String, String>, crate::problem::Problem> {
        let mut out = BTreeMap::new();
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let Some((theirs, ours)) = line.split_once('=') else {
                return Err(crate::problem::Problem::MappingLine { given: line.chars().take(80).collect() });
            };
            let theirs = theirs.trim().to_lowercase();
            if theirs.is_empty() || theirs.chars().count() > 100 || ours.trim().chars().count() > 100 {
                return Err(crate::problem::Problem::MappingLine { given: line.chars().take(80).collect() });
            }
            out.insert(theirs, ours.trim().to_string());
        }
        if out.len() > MAX_MAPPED {
            return Err(crate::problem::Problem::TooManyEntries { given: out.len(), max: MAX_MAPPED });
        }
        Ok(out)
    }
}

/// A source as its admin sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceSummary {
    pub id: i64,
    pub name: String,
    pub url: String,
    pub format: SourceFormat,
    pub default_kind: String,
    pub mapping: Mapping,
    pub trusted: bool,
    pub fetched_at: Option<String>,
    pub read_at: Option<String>,
    pub outcome: Option<FetchOutcome>,
    pub counts: SourceCounts,
    /// Why the last reading failed (the last good state stands).
    pub problem: Option<crate::problem::Problem>,
    /// Records of it we hold.
    pub records: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mapping_lines_round_trip() {
        let map = Mapping::parse_lines("Advice = advice_service\n\n housing=housing \nold=").unwrap();
        assert_eq!(map.get("advice").map(String::as_str), Some("advice_service"));
        assert_eq!(map.get("old").map(String::as_str), Some(""));
        assert_eq!(Mapping::parse_lines(&Mapping::lines(&map)).unwrap(), map);
        assert!(Mapping::parse_lines("no equals sign").is_err());
    }
}
