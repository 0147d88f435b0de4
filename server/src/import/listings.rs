//! `atlas import listings FILE.jsonl`: one JSON object per line.

use super::{describe, LineError};
use crate::places::Gazetteer;
use crate::store::{SqliteStore, UpsertReport};
use app::location::{public_point, LatLon};
use app::listing_input::{ListingInput, ValidListing};
use app::model::ListingStatus;
use std::collections::HashMap;
use std::io::BufRead;

#[derive(Debug, Clone, Copy)]
pub struct ImportOptions {
    /// Status given to every imported listing.
    pub status: ListingStatus,
    /// Store the good lines and report the bad ones, instead of refusing the file.
    pub skip_invalid: bool,
}

#[derive(Debug, Default)]
pub struct ImportReport {
    pub stored: UpsertReport,
    pub skipped: Vec<LineError>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read the file: {0}")]
    Read(#[from] std::io::Error),
    #[error("nothing was imported; fix these lines (or pass --skip-invalid to import the rest):\n{}", describe(.0, 50))]
    Invalid(Vec<LineError>),
    #[error("the file holds no listings")]
    Empty,
    #[error("nothing was imported: the database refused the write: {0}")]
    Store(#[from] sqlx::Error),
}

/// Reads, checks and stores listings. `progress` is told how many lines
/// have been read, every 1,000 lines and at the end.
pub async fn import_listings(
    store: &SqliteStore,
    gazetteer: &Gazetteer,
    input: impl BufRead,
    options: ImportOptions,
    mut progress: impl FnMut(usize),
) -> Result<ImportReport, ImportError> {
    let kinds = store.kind_slugs().await?;
    let mut valid: Vec<ValidListing> = Vec::new();
    let mut errors = Vec::new();
    let mut first_seen: HashMap<String, usize> = HashMap::new();
    let mut lines_read = 0;

    for (index, raw) in input.split(b'\n').enumerate() {
        let line = index + 1;
        lines_read = line;
        if line % 1000 == 0 {
            progress(line);
        }
        let raw = raw?;
        let text = match std::str::from_utf8(&raw) {
            Ok(t) => t.trim(),
            Err(_) => {
                errors.push(LineError { line, message: "is not valid UTF-8 text".into() });
                continue;
            }
        };
        if text.is_empty() {
            continue;
        }
        match check_line(text, &kinds, options.status) {
            Ok(listing) => {
                if let Some(earlier) = first_seen.insert(listing.slug.clone(), line) {
                    errors.push(LineError {
                        line,
                        message: format!("slug {:?} already appears on line {earlier}", listing.slug),
                    });
                } else {
                    valid.push(listing);
                }
            }
            Err(messages) => errors.extend(messages.into_iter().map(|message| LineError { line, message })),
        }
    }
    progress(lines_read);

    if !errors.is_empty() && !options.skip_invalid {
        return Err(ImportError::Invalid(errors));
    }
    if valid.is_empty() {
        return if errors.is_empty() { Err(ImportError::Empty) } else { Err(ImportError::Invalid(errors)) };
    }
    let placed: Vec<_> = valid
        .into_iter()
        .map(|l| {
            let point = l.point.map(|(lat, lon)| LatLon::new(lat, lon));
            let public = public_point(l.precision, point, gazetteer.centroid(&l.town));
            (l, public)
        })
        .collect();
    let stored = store.upsert_listings(&placed).await?;
    Ok(ImportReport { stored, skipped: errors })
}

fn check_line(text: &str, kinds: &[String], status: ListingStatus) -> Result<ValidListing, Vec<String>> {
    let input: ListingInput =
        serde_json::from_str(text).map_err(|e| vec![format!("not a valid listing object: {e}")])?;
    let mut problems = Vec::new();
    if !input.kind.trim().is_empty() && !kinds.iter().any(|k| k == input.kind.trim()) {
        problems.push(format!("kind: unknown kind {:?}; known kinds are {}", input.kind, kinds.join(", ")));
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
