//! `atlas import outcodes FILE.csv`: UK postcode districts with centroids,
//! in the columns of the public UK-Postcodes outcode file:
//! postcode,eastings,northings,latitude,longitude,town,region,uk_region,country,country_string

use super::{describe, LineError};
use crate::places::{outward_code, Place};
use crate::store::Store;
use serde::Deserialize;

#[derive(Debug, thiserror::Error)]
pub enum OutcodeError {
    #[error("cannot read the file: {0}")]
    Read(String),
    #[error("the header must name the columns postcode, latitude, longitude and town; missing: {0}")]
    Columns(String),
    #[error("nothing was imported; fix these lines:\n{}", describe(.0, 50))]
    Invalid(Vec<LineError>),
    #[error("the file holds no postcode districts")]
    Empty,
    #[error("nothing was imported: the database refused the write: {0}")]
    Store(#[from] sqlx::Error),
}

#[derive(Deserialize)]
struct Row {
    postcode: String,
    latitude: String,
    longitude: String,
    town: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    country: String,
}

pub async fn import_outcodes(store: &Store, input: impl std::io::Read, mut progress: impl FnMut(usize)) -> Result<usize, OutcodeError> {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(input);
    let headers = reader.headers().map_err(|e| OutcodeError::Read(e.to_string()))?.clone();
    let missing: Vec<&str> =
        ["postcode", "latitude", "longitude", "town"].into_iter().filter(|c| !headers.iter().any(|h| h == *c)).collect();
    if !missing.is_empty() {
        return Err(OutcodeError::Columns(missing.join(", ")));
    }
    let mut places = Vec::new();
    let mut errors = Vec::new();
    for (i, record) in reader.deserialize::<Row>().enumerate() {
        let line = i + 2; // after the header
        if line % 1000 == 0 {
            progress(line);
        }
        let row = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(LineError { unit: "line", line, message: format!("not a valid row: {e}") });
                continue;
            }
        };
        let lat = row.latitude.trim().parse::<f64>().ok().filter(|v| (49.0..=61.5).contains(v));
        let lon = row.longitude.trim().parse::<f64>().ok().filter(|v| (-9.0..=2.5).contains(v));
        let code = outward_code(&row.postcode).filter(|c| *c == row.postcode.trim().to_uppercase());
        match (code, lat, lon) {
            (Some(code), Some(lat), Some(lon)) => {
                places.push(Place { name: code, kind: "postcode_district", lat, lon, region: row.town.trim().to_string() })
            }
            // Some districts (e.g. non-geographic ones) have no centroid: skip quietly.
            (Some(_), None, None) if row.latitude.trim().is_empty() => {}
            (None, ..) => errors.push(LineError {
                unit: "line",
                line,
                message: format!("postcode: {:?} is not a postcode district like S1 or SW1A", row.postcode),
            }),
            _ => errors.push(LineError {
                unit: "line",
                line,
                message: format!("latitude/longitude: {:?},{:?} is not a point in the UK", row.latitude, row.longitude),
            }),
        }
        let _ = (&row.region, &row.country);
    }
    if !errors.is_empty() {
        return Err(OutcodeError::Invalid(errors));
    }
    if places.is_empty() {
        return Err(OutcodeError::Empty);
    }
    store.replace_outcodes(&places).await?;
    progress(places.len());
    Ok(places.len())
}
