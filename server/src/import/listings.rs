//! `atlas import listings FILE`: JSON Lines (one object per line), a
//! GeoJSON FeatureCollection (properties as `/api/listings.geojson` emits
//! them), or CSV with a header row. Every record goes through the same
//! checks; errors name the line or feature and the field.

pub use super::ImportError;
use super::{check_all, jsonl_records, LineError, Record};
use crate::opt_out::{Identity, Register};
use crate::places::Gazetteer;
use crate::store::NewSubmission;
use crate::store::{Store, UpsertReport};
use app::listing_input::{ListingInput, ValidListing};
use app::location::{public_point, LatLon};
use app::model::ListingStatus;
use app::people::{Entity, SubmissionAction, SubmissionStatus};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::io::Read;

#[derive(Debug, Clone, Copy)]
pub struct ImportOptions {
    /// Status given to every imported listing.
    pub status: ListingStatus,
    /// Store the good records and report the bad ones, instead of refusing the file.
    pub skip_invalid: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Jsonl,
    Geojson,
    Csv,
}

impl Format {
    /// Guessed from the file name: .geojson/.json, .csv, else JSON Lines.
    pub fn from_path(path: &std::path::Path) -> Format {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("geojson") | Some("json") => Format::Geojson,
            Some("csv") => Format::Csv,
            _ => Format::Jsonl,
        }
    }
}

#[derive(Debug, Default)]
pub struct ImportReport {
    pub stored: UpsertReport,
    pub skipped: Vec<LineError>,
    /// Records that match the opt-out register: not stored, but waiting
    /// in the moderation queue with the reason (their slugs).
    pub held: Vec<String>,
    /// Slugs written, so derived data can follow.
    pub slugs: Vec<String>,
}

/// Fields `/api/listings.geojson` emits that are not input (ignored on import).
const OUTPUT_ONLY: [&str; 5] = ["kind_label", "description_html", "distance_km", "lat", "may_be_inactive"];

/// Reads, checks and stores listings. `progress` is told how many records
/// have been read, every 1,000 and at the end.
pub async fn import_listings(
    store: &Store,
    gazetteer: &Gazetteer,
    register: &Register,
    mut input: impl Read,
    format: Format,
    options: ImportOptions,
    progress: impl FnMut(usize),
) -> Result<ImportReport, ImportError> {
    let kinds = store.kind_slugs().await?;
    let (valid, errors) = read_and_check(&mut input, format, &kinds, options, progress)?;
    let mut centroids: HashMap<(String, Option<String>), Option<LatLon>> = HashMap::new();
    let placed: Vec<_> = valid
        .into_iter()
        .map(|l| {
            let point = l.point.map(|(lat, lon)| LatLon::new(lat, lon));
            // With a point, the same-name town nearest it; else the one in its region.
            let centroid = match point {
                Some(p) => gazetteer.centroid_for(&l.town, Some(p), None),
                None => *centroids
                    .entry((l.town.clone(), l.region.clone()))
                    .or_insert_with(|| gazetteer.centroid_for(&l.town, None, l.region.as_deref())),
            };
            let public = public_point(l.precision, point, centroid);
            (l, public)
        })
        .collect();
    let (held, placed): (Vec<_>, Vec<_>) =
        placed.into_iter().map(|(l, public)| (held_reason(register, &l), l, public)).partition(|(h, ..)| h.is_some());
    let placed: Vec<_> = placed.into_iter().map(|(_, l, public)| (l, public)).collect();
    // The listings and the held records in one transaction: all or none.
    let mut tx = store.begin().await?;
    let stored = tx.upsert_listings(&placed, "import", "imported").await?;
    for (reason, l, _) in &held {
        let data = crate::moderation::record_value(&ListingInput::from(l));
        tx.add_submission(&NewSubmission {
            entity: Entity::Listing,
            action: SubmissionAction::Create,
            slug: &l.slug,
            data: &data,
            // An import has no sender to write to.
            contact_email: "",
            user_id: None,
            region: l.region.as_deref(),
            status: SubmissionStatus::Pending,
            lang: "en",
            held: reason.as_deref(),
        })
        .await?;
        tx.audit("import", "held for a moderator by the opt-out register", &format!("listing {}", l.slug), "").await?;
    }
    tx.commit().await?;
    let slugs = placed.into_iter().map(|(l, _)| l.slug).collect();
    Ok(ImportReport { stored, skipped: errors, held: held.into_iter().map(|(_, l, _)| l.slug).collect(), slugs })
}

fn held_reason(register: &Register, l: &ValidListing) -> Option<String> {
    register.held(&Identity {
        name: &l.name,
        town: &l.town,
        website: l.website.as_deref(),
        emails: l.email.as_deref().into_iter().collect(),
    })
}

/// Reads every record and checks each (no database: `kinds` are the known
/// kinds): the valid listings, and the records skipped with `skip_invalid`.
/// Any input gives an answer or an error, never a panic (`scripts/fuzz`).
pub fn read_and_check(
    input: &mut impl Read,
    format: Format,
    kinds: &[String],
    options: ImportOptions,
    progress: impl FnMut(usize),
) -> Result<(Vec<ValidListing>, Vec<LineError>), ImportError> {
    let records = match format {
        Format::Jsonl => jsonl_records(input)?,
        Format::Geojson => geojson_records(input)?,
        Format::Csv => csv_records(input)?,
    };
    check_all(&records, |f| check(f, kinds, options.status), |l| &l.slug, options.skip_invalid, progress)
}

fn check(fields: Map<String, Value>, kinds: &[String], status: ListingStatus) -> Result<ValidListing, Vec<String>> {
    super::bound_translations(&fields).map_err(|e| vec![e])?;
    let input: ListingInput = serde_json::from_value(Value::Object(fields)).map_err(|e| vec![format!("not a valid listing: {e}")])?;
    let mut problems = Vec::new();
    if !input.kind.trim().is_empty() && !kinds.iter().any(|k| k == input.kind.trim()) {
        let problem = app::problem::Problem::UnknownKind { given: input.kind.trim().to_string(), known: kinds.join(", ") };
        problems.push(format!("kind: {problem}"));
    }
    match input.validate(status) {
        Ok(listing) if problems.is_empty() => Ok(listing),
        Ok(_) => Err(problems),
        Err(field_errors) => {
            problems.extend(field_errors.iter().map(|e| e.to_string()));
            Err(problems)
        }
    }
}

fn geojson_records(input: &mut impl Read) -> Result<Vec<Record>, ImportError> {
    let mut text = String::new();
    input.read_to_string(&mut text).map_err(|_| ImportError::Malformed("the file is not valid UTF-8 text".into()))?;
    let collection = match text.parse::<geojson::GeoJson>() {
        Ok(geojson::GeoJson::FeatureCollection(fc)) => fc,
        Ok(_) => return Err(ImportError::Malformed("expected a GeoJSON FeatureCollection".into())),
        Err(e) => return Err(ImportError::Malformed(format!("not valid GeoJSON: {e}"))),
    };
    Ok(collection
        .features
        .into_iter()
        .enumerate()
        .map(|(i, f)| {
            let place = LineError { unit: "feature", line: i + 1, message: String::new() };
            let mut props = f.properties.unwrap_or_default();
            for key in OUTPUT_ONLY.iter().chain(&["lon"]) {
                props.remove(*key);
            }
            // Each translation's rendered description is output only too.
            if let Some(langs) = props.get_mut("translations").and_then(Value::as_object_mut) {
                for texts in langs.values_mut().filter_map(Value::as_object_mut) {
                    texts.remove("description_html");
                }
            }
            let fields = match f.geometry.map(|g| g.value) {
                None => Ok(props),
                Some(geojson::GeometryValue::Point { coordinates: c }) if c.len() >= 2 => {
                    props.insert("longitude".into(), c[0].into());
                    props.insert("latitude".into(), c[1].into());
                    Ok(props)
                }
                Some(_) => Err("geometry: must be a Point (or null)".to_string()),
            };
            (place, fields)
        })
        .collect())
}

/// CSV: a header naming the fields; `tags` and `languages` separated by
/// `;`; a translated field as `name:ar`, `summary:fa`, ….
fn csv_records(input: &mut impl Read) -> Result<Vec<Record>, ImportError> {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(input);
    let headers = reader.headers().map_err(|e| ImportError::Malformed(format!("cannot read the header row: {e}")))?.clone();
    let missing: Vec<&str> = ["slug", "kind", "name", "town"].into_iter().filter(|c| !headers.iter().any(|h| h == *c)).collect();
    if !missing.is_empty() {
        return Err(ImportError::Malformed(format!("the header row lacks the column(s) {}", missing.join(", "))));
    }
    let mut out = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let place = LineError::at("line", i + 2);
        let fields = row.map_err(|e| format!("not a valid row: {e}")).and_then(|row| {
            let mut map = Map::new();
            for (h, v) in headers.iter().zip(row.iter()) {
                let v = v.trim();
                if v.is_empty() || super::csv_translation(&mut map, h, v) {
                    continue;
                }
                let value = match h {
                    "latitude" | "longitude" => Value::from(v.parse::<f64>().map_err(|_| format!("{h}: {v:?} is not a number"))?),
                    "tags" | "languages" => Value::from(v.split(';').map(|s| s.trim().to_string()).collect::<Vec<_>>()),
                    _ => Value::from(crate::import::csv_cell_read(v)),
                };
                map.insert(h.to_string(), value);
            }
            Ok(map)
        });
        out.push((place, fields));
    }
    Ok(out)
}
