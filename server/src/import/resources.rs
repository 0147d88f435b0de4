//! `atlas import resources FILE.jsonl`: one JSON object per line with
//! slug, title, summary, body, url, kind, topics, languages, publisher,
//! published; optionally `language`, `translations` and `translation_of`
//! (the slug of the same sheet in another language). Same rules as the
//! listing importer.

use super::{check_all, jsonl_records, ImportError, LineError};
use crate::store::{Store, UpsertReport};
use app::model::ListingStatus;
use app::resource::ResourceInput;
use serde_json::Value;
use std::io::Read;

#[derive(Debug, Default)]
pub struct ResourceImportReport {
    pub stored: UpsertReport,
    pub skipped: Vec<LineError>,
    /// Slugs written, so the search index can be updated.
    pub slugs: Vec<String>,
}

/// A record's slug as written.
fn slug_of(fields: &Result<serde_json::Map<String, Value>, String>) -> Option<&str> {
    fields.as_ref().ok()?.get("slug")?.as_str()
}

pub async fn import_resources(
    store: &Store,
    mut input: impl Read,
    status: ListingStatus,
    skip_invalid: bool,
    progress: impl FnMut(usize),
) -> Result<ResourceImportReport, ImportError> {
    let records = jsonl_records(&mut input)?;
    let check = |fields| {
        super::bound_translations(&fields).map_err(|e| vec![e])?;
        let input: ResourceInput = serde_json::from_value(Value::Object(fields)).map_err(|e| vec![format!("not a valid resource: {e}")])?;
        input.validate(status).map_err(|errs| errs.iter().map(|e| e.to_string()).collect())
    };
    let (mut valid, mut skipped) = check_all(&records, check, |r| &r.slug, skip_invalid, progress)?;
    // A translation set names a sheet in this file or already stored: a
    // slip in the slug would otherwise make a set of one, silently.
    let in_file: std::collections::HashSet<String> = valid.iter().map(|r| r.slug.clone()).collect();
    let (mut missing, mut unnamed) = (Vec::new(), Vec::new());
    for r in &valid {
        if let Some(of) = r.translation_of.as_deref().filter(|of| !in_file.contains(*of)) {
            if store.resource_record(of).await?.is_none() {
                let place = records.iter().find(|(_, fields)| slug_of(fields) == Some(r.slug.as_str())).map(|(p, _)| p);
                let (unit, line) = place.map(|p| (p.unit, p.line)).unwrap_or(("line", 0));
                let message = format!("translation_of {of:?} names no resource: import that sheet first, or in the same file");
                missing.push(LineError { unit, line, message });
                unnamed.push(r.slug.clone());
            }
        }
    }
    if !missing.is_empty() {
        if !skip_invalid {
            return Err(ImportError::Invalid(missing));
        }
        valid.retain(|r| !unnamed.contains(&r.slug));
        skipped.extend(missing);
        if valid.is_empty() {
            return Err(ImportError::Empty);
        }
    }
    let stored = store.upsert_resources(&valid, "import", "imported").await?;
    Ok(ResourceImportReport { stored, skipped, slugs: valid.into_iter().map(|r| r.slug).collect() })
}
