//! A source's copy read into records in our terms: bounded in count
//! before any record is worked on, each mapped to our kinds, tags and
//! languages, and never more precise than the source shows it (`area`
//! where it says nothing). Pure: no database, no network (`scripts/fuzz`).

use app::listing_input::ListingField;
use app::problem::Problem;
use app::source::{Mapping, SourceFormat};
use serde_json::{json, Map, Value};
use std::cell::RefCell;
use std::collections::HashMap;

/// One record of a source, ready to offer.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Incoming {
    /// Its id at the source.
    pub id: String,
    /// Its page at the source, for moderators.
    pub link: Option<String>,
    /// The listing's fields (as `ListingInput` reads them; no slug yet).
    pub fields: Map<String, Value>,
    /// Where it was copied from, when the source itself copied it (an
    /// atlas marks those in its ORUK output).
    pub origin: Option<String>,
}

/// What the mapping needs to know of us.
pub struct Terms<'a> {
    pub mapping: &'a Mapping,
    pub default_kind: &'a str,
    pub kinds: &'a [String],
    /// Language codes of the words met so far in this reading: finding
    /// one walks the whole ISO table, and a feed repeats the same few
    /// words in every record (this made 100,000 records take hours).
    codes: RefCell<HashMap<String, Option<String>>>,
}

/// Words met in a reading and their language codes.
pub type Codes = HashMap<String, Option<String>>;

/// Distinct words remembered a reading, at most (a copy is bounded anyway).
const MAX_CODES: usize = 10_000;

impl<'a> Terms<'a> {
    pub fn new(mapping: &'a Mapping, default_kind: &'a str, kinds: &'a [String]) -> Self {
        Terms { mapping, default_kind, kinds, codes: RefCell::default() }
    }

    /// Terms that remember the words an earlier page of the same reading met.
    pub fn remembering(mapping: &'a Mapping, default_kind: &'a str, kinds: &'a [String], codes: Codes) -> Self {
        Terms { mapping, default_kind, kinds, codes: RefCell::new(codes) }
    }

    /// The words met, for the next page.
    pub fn into_codes(self) -> Codes {
        self.codes.into_inner()
    }

    /// `language_names::code_of`, once per word a reading.
    fn code_of(&self, word: &str) -> Option<String> {
        if let Some(code) = self.codes.borrow().get(word) {
            return code.clone();
        }
        let code = crate::language_names::code_of(word);
        let mut codes = self.codes.borrow_mut();
        if codes.len() < MAX_CODES {
            codes.insert(word.to_string(), code.clone());
        }
        code
    }
}

/// Reads one copy of a source. ORUK copies are its pages' `contents`.
pub fn read(format: SourceFormat, pages: Vec<String>, terms: &Terms, max_records: usize) -> Result<Vec<Incoming>, Problem> {
    let mut out = Vec::new();
    for page in pages {
        read_page(format, &page, terms, max_records, &mut out)?;
    }
    Ok(out)
}

/// Reads one page of a copy (a GeoJSON or CSV copy is one page) into
/// `out`, counting toward `max_records` what `out` already holds; the
/// page's count is checked before any of its records is worked on.
pub fn read_page(format: SourceFormat, page: &str, terms: &Terms, max_records: usize, out: &mut Vec<Incoming>) -> Result<(), Problem> {
    match format {
        SourceFormat::Oruk => {
            let items = oruk_page(page)?;
            if out.len() + items.len() > max_records {
                return Err(Problem::SourceTooManyRecords { given: out.len() + items.len(), max: max_records });
            }
            out.extend(items.iter().filter_map(|s| oruk_service(s, terms)));
        }
        SourceFormat::Geojson => out.extend(geojson(page, terms, max_records.saturating_sub(out.len()))?),
        SourceFormat::Csv => out.extend(csv(page, terms, max_records.saturating_sub(out.len()))?),
    }
    Ok(())
}

/// Reads whole lines of an ORUK `format=ndjson` stream (a service each)
/// into `out`, counting toward `max_records` before each line is parsed.
/// Blank lines are passed over; `first_line` numbers the lines in errors.
pub fn read_lines(text: &str, first_line: usize, terms: &Terms, max_records: usize, out: &mut Vec<Incoming>) -> Result<(), Problem> {
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if out.len() >= max_records {
            return Err(Problem::SourceTooManyRecords { given: out.len() + 1, max: max_records });
        }
        let service: Value = serde_json::from_str(line).map_err(|e| unreadable(format!("line {} is not JSON: {e}", first_line + n)))?;
        out.extend(oruk_service(&service, terms));
    }
    Ok(())
}

fn unreadable(detail: impl std::fmt::Display) -> Problem {
    Problem::SourceUnreadable { detail: detail.to_string().chars().take(200).collect() }
}

/// An ORUK list page: `{ "contents": [...], "total_pages": n, … }`; only
/// `contents` is kept (taken whole, not copied out of the page).
pub fn oruk_page(text: &str) -> Result<Vec<Value>, Problem> {
    #[derive(serde::Deserialize)]
    struct Page {
        contents: Option<Value>,
    }
    let page: Page = serde_json::from_str(text).map_err(|e| unreadable(format!("not JSON: {e}")))?;
    match page.contents {
        Some(Value::Array(items)) => Ok(items),
        _ => Err(unreadable("not an Open Referral list: no \"contents\"")),
    }
}

/// What an ORUK list page says of the whole list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageTotals {
    pub total_pages: usize,
    /// The records in the whole list, when the page says.
    pub total_items: Option<usize>,
    /// The records this page holds.
    pub size: usize,
}

/// How many pages and records an ORUK list says it has, and how many this
/// page holds (the records themselves are skipped over, not built).
pub fn oruk_totals(text: &str) -> PageTotals {
    #[derive(serde::Deserialize)]
    struct Page {
        total_pages: Option<u64>,
        total_items: Option<u64>,
        contents: Option<Vec<serde::de::IgnoredAny>>,
    }
    let page = serde_json::from_str::<Page>(text).ok();
    let page = page.as_ref();
    PageTotals {
        total_pages: page.and_then(|p| p.total_pages).unwrap_or(1) as usize,
        total_items: page.and_then(|p| p.total_items).map(|n| n as usize),
        size: page.and_then(|p| p.contents.as_ref()).map_or(0, Vec::len),
    }
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key)?.as_str().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

fn web(link: Option<String>) -> Option<String> {
    link.filter(|l| l.starts_with("https://") || l.starts_with("http://"))
}

/// A service with its organization, locations, languages and attributes.
fn oruk_service(s: &Value, terms: &Terms) -> Option<Incoming> {
    let id = text(s, "id")?;
    let org = s.get("organization").cloned().unwrap_or(Value::Null);
    let name = text(s, "name").or_else(|| text(&org, "name"))?;
    let location = s.pointer("/service_at_locations/0/location").cloned().unwrap_or(Value::Null);
    let address = location.pointer("/addresses/0").cloned().unwrap_or(Value::Null);
    let town = text(&address, "city").or_else(|| text(&location, "name")).unwrap_or_default();
    // Only a street address says the source shows the place itself.
    let street = text(&address, "address_1");
    let precision = if street.is_some() { "exact" } else { "area" };
    let address_line =
        street.map(|a| [Some(a), Some(town.clone()), text(&address, "postal_code")].into_iter().flatten().collect::<Vec<_>>().join(", "));
    let terms_named: Vec<String> = s
        .get("attributes")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .take(100)
                .filter_map(|t| text(t.get("taxonomy_term")?, "name").or_else(|| text(t.get("taxonomy_term")?, "code")))
                .collect()
        })
        .unwrap_or_default();
    let languages: Vec<String> = s
        .get("languages")
        .and_then(Value::as_array)
        .map(|a| a.iter().take(50).filter_map(|l| text(l, "code").or_else(|| text(l, "name"))).collect())
        .unwrap_or_default();
    let kind = terms_named.iter().find_map(|t| known_kind(t, terms));
    let tags: Vec<String> =
        terms_named.iter().filter(|t| known_kind(t, terms).is_none() && !is_language(t, &languages, terms)).cloned().collect();
    let link = web(text(&org, "uri")).or_else(|| web(text(s, "url")));
    // Our own feed links a group without a website to its page here.
    let website =
        web(text(s, "url")).filter(|u| Some(u) != link.as_ref() || text(&org, "website").is_some()).or_else(|| web(text(&org, "website")));
    let mut fields = json!({
        "name": name,
        "summary": text(s, "description").or_else(|| text(&org, "description")).unwrap_or_default(),
        "town": town,
        "precision": precision,
        "latitude": location.get("latitude").and_then(Value::as_f64),
        "longitude": location.get("longitude").and_then(Value::as_f64),
        "address": address_line,
        "website": website,
        "email": text(s, "email").or_else(|| text(&org, "email")),
    });
    let fields = fields.as_object_mut().map(std::mem::take).unwrap_or_default();
    let origin = origin_of(&org);
    Some(finish(id, link, fields, kind.as_deref(), &tags, &languages, terms, origin))
}

fn is_language(term: &str, languages: &[String], terms: &Terms) -> bool {
    languages.iter().any(|l| l.eq_ignore_ascii_case(term)) || terms.code_of(term).is_some()
}

/// Copied records carry where they came from among their organization's
/// `identifiers` (scheme `origin`), as this atlas writes them.
fn origin_of(org: &Value) -> Option<String> {
    org.get("organization_identifiers")
        .or_else(|| org.get("identifiers"))
        .and_then(Value::as_array)?
        .iter()
        .find(|i| text(i, "identifier_scheme").as_deref() == Some(super::ORIGIN_SCHEME))
        .and_then(|i| text(i, "identifier"))
}

fn known_kind(word: &str, terms: &Terms) -> Option<String> {
    let key = word.trim().to_lowercase();
    match terms.mapping.kinds.get(&key) {
        Some(ours) if terms.kinds.iter().any(|k| k == ours) => Some(ours.clone()),
        Some(_) => None,
        None => terms.kinds.iter().find(|k| **k == key || k.replace('_', " ") == key).cloned(),
    }
}

/// Kind, tags and languages mapped; precision never above what the source shows.
#[allow(clippy::too_many_arguments)]
fn finish(
    id: String,
    link: Option<String>,
    mut fields: Map<String, Value>,
    kind: Option<&str>,
    tags: &[String],
    languages: &[String],
    terms: &Terms,
    origin: Option<String>,
) -> Incoming {
    let kind = kind.and_then(|k| known_kind(k, terms)).unwrap_or_else(|| terms.default_kind.to_string());
    let mut our_tags: Vec<String> = Vec::new();
    for t in tags {
        let key = t.trim().to_lowercase();
        let ours = terms.mapping.tags.get(&key).cloned().unwrap_or(key);
        if !ours.is_empty() && !our_tags.contains(&ours) && our_tags.len() < app::listing_input::MAX_LIST_ENTRIES {
            our_tags.push(ours);
        }
    }
    let mut our_languages: Vec<String> = Vec::new();
    for l in languages {
        let key = l.trim().to_lowercase();
        let ours = terms.mapping.languages.get(&key).cloned().or_else(|| terms.code_of(&key)).unwrap_or(key);
        let code_like = (2..=3).contains(&ours.len()) && ours.bytes().all(|b| b.is_ascii_lowercase());
        if code_like && !our_languages.contains(&ours) && our_languages.len() < app::listing_input::MAX_LIST_ENTRIES {
            our_languages.push(ours);
        }
    }
    fields.insert("kind".into(), kind.into());
    fields.insert("tags".into(), our_tags.into());
    fields.insert("languages".into(), our_languages.into());
    let precision = fields.get("precision").and_then(Value::as_str).filter(|p| matches!(*p, "exact" | "approximate" | "area"));
    let precision = precision.unwrap_or("area").to_string();
    fields.insert("precision".into(), precision.clone().into());
    if precision != "exact" {
        fields.remove("address");
    }
    fields.retain(|_, v| !v.is_null());
    Incoming { id: id.chars().take(200).collect(), link, fields, origin }
}

fn flat(props: &Map<String, Value>, terms: &Terms, point: Option<(f64, f64)>, n: usize) -> Option<Incoming> {
    let get = |k: &str| props.get(k).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let id = get("id").or_else(|| get("slug")).or_else(|| props.get("id").and_then(Value::as_i64).map(|i| i.to_string()));
    let id = id.unwrap_or_else(|| format!("row-{n}"));
    // The fields a GeoJSON or CSV record may give, as our own downloads write them.
    let mut fields: Map<String, Value> = ListingField::all()
        .filter(|f| f.from_source())
        .filter_map(|f| props.get(f.name()).map(|v| (f.name().to_string(), v.clone())))
        .collect();
    get("name")?;
    if let Some((lat, lon)) = point {
        fields.insert("latitude".into(), lat.into());
        fields.insert("longitude".into(), lon.into());
    }
    let list = |k: &str| -> Vec<String> {
        match props.get(k) {
            Some(Value::Array(a)) => a.iter().take(100).filter_map(|v| v.as_str().map(str::to_string)).collect(),
            Some(Value::String(s)) => s.split([';', ',']).map(str::trim).filter(|s| !s.is_empty()).take(100).map(str::to_string).collect(),
            _ => Vec::new(),
        }
    };
    let link = web(get("url")).or_else(|| web(get("link")));
    Some(finish(id, link, fields, get("kind").as_deref(), &list("tags"), &list("languages"), terms, get("origin")))
}

fn geojson(text: &str, terms: &Terms, max_records: usize) -> Result<Vec<Incoming>, Problem> {
    let collection: Value = serde_json::from_str(text).map_err(|e| unreadable(format!("not JSON: {e}")))?;
    let features = collection.get("features").and_then(Value::as_array).ok_or_else(|| unreadable("not a GeoJSON FeatureCollection"))?;
    if features.len() > max_records {
        return Err(Problem::SourceTooManyRecords { given: features.len(), max: max_records });
    }
    Ok(features
        .iter()
        .enumerate()
        .filter_map(|(n, f)| {
            let props = f.get("properties")?.as_object()?;
            let c = f.pointer("/geometry/coordinates").and_then(Value::as_array);
            let point = c.and_then(|c| Some((c.get(1)?.as_f64()?, c.first()?.as_f64()?)));
            flat(props, terms, point, n + 1)
        })
        .collect())
}

fn csv(text: &str, terms: &Terms, max_records: usize) -> Result<Vec<Incoming>, Problem> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| unreadable(format!("no header row: {e}")))?.clone();
    if !headers.iter().any(|h| h.trim() == "name") {
        return Err(unreadable("the header row has no \"name\" column"));
    }
    let mut out = Vec::new();
    for (n, row) in reader.records().enumerate() {
        if n >= max_records {
            return Err(Problem::SourceTooManyRecords { given: n + 1, max: max_records });
        }
        let Ok(row) = row else { continue };
        let props: Map<String, Value> = headers
            .iter()
            .zip(row.iter())
            .map(|(h, v)| (h.trim().to_string(), Value::from(crate::import::csv_cell_read(v.trim()))))
            .collect();
        let number = |k: &str| props.get(k).and_then(Value::as_str).and_then(|v| v.parse::<f64>().ok());
        let point = number("latitude").zip(number("longitude"));
        out.extend(flat(&props, terms, point, n + 1));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(mapping: &Mapping) -> Terms<'_> {
        static KINDS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| vec!["group".into(), "advice_service".into()]);
        Terms::new(mapping, "group", &KINDS)
    }

    #[test]
    fn a_csv_row_is_mapped_and_kept_to_area() {
        let mut mapping = Mapping::default();
        mapping.kinds.insert("advice".into(), "advice_service".into());
        mapping.tags.insert("esol".into(), "english conversation".into());
        let text = "id,name,town,kind,tags,latitude,longitude\n7,Help Hub,Leeds,Advice,ESOL;food,53.8,-1.55\n";
        let got = read(SourceFormat::Csv, vec![text.into()], &terms(&mapping), 10).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].id, "7");
        assert_eq!(got[0].fields["kind"], "advice_service");
        assert_eq!(got[0].fields["tags"], json!(["english conversation", "food"]));
        assert_eq!(got[0].fields["precision"], "area");
    }

    #[test]
    fn too_many_records_are_refused_before_any_is_read() {
        let rows: String = (0..5).map(|n| format!("{n},G{n},Leeds\n")).collect();
        let got = read(SourceFormat::Csv, vec![format!("id,name,town\n{rows}")], &terms(&Mapping::default()), 3);
        assert!(matches!(got, Err(Problem::SourceTooManyRecords { max: 3, .. })));
    }

    #[test]
    fn an_oruk_service_without_a_street_is_an_area() {
        let page = json!({ "contents": [{
            "id": "s1", "name": "Group", "url": "https://a.example/listings/group",
            "organization": { "name": "Group", "uri": "https://a.example/listings/group" },
            "service_at_locations": [{ "location": { "name": "Leeds", "latitude": 53.8, "longitude": -1.5 } }],
            "languages": [{ "code": "ar" }]
        }]});
        let got = read(SourceFormat::Oruk, vec![page.to_string()], &terms(&Mapping::default()), 10).unwrap();
        assert_eq!(got[0].fields["precision"], "area");
        assert_eq!(got[0].fields["town"], "Leeds");
        assert_eq!(got[0].link.as_deref(), Some("https://a.example/listings/group"));
        assert!(got[0].fields.get("website").is_none(), "the link back is not the group's website");
        assert!(read(SourceFormat::Oruk, vec!["<html>".into()], &terms(&Mapping::default()), 10).is_err());
    }

    #[test]
    fn an_ndjson_stream_is_read_line_by_line_within_the_count() {
        let line = |id: &str| json!({ "id": id, "name": format!("Group {id}"), "service_at_locations": [] }).to_string();
        let text = format!("{}\n\n{}\n", line("a"), line("b"));
        let mapping = Mapping::default();
        let mut out = Vec::new();
        read_lines(&text, 1, &terms(&mapping), 10, &mut out).unwrap();
        assert_eq!(out.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["a", "b"]);
        let over = read_lines(&line("c"), 4, &terms(&mapping), 2, &mut out);
        assert_eq!(over, Err(Problem::SourceTooManyRecords { given: 3, max: 2 }));
        let garbage = read_lines("{\"id\": \"d\"}\n<html>\n", 7, &terms(&mapping), 10, &mut Vec::new());
        assert!(matches!(garbage, Err(Problem::SourceUnreadable { detail }) if detail.starts_with("line 8 is not JSON")));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 128, ..Default::default() })]
        /// The fuzz target's check, for a moment in every test run.
        #[test]
        fn any_text_is_read_or_refused(text in "[ -~\n]{0,300}", format in proptest::sample::select(vec![SourceFormat::Oruk, SourceFormat::Geojson, SourceFormat::Csv])) {
            let mapping = Mapping::default();
            let _ = read(format, vec![text], &terms(&mapping), 5);
        }
    }
}
