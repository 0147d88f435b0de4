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
    let (valid, skipped) = check_all(&records, check, |r| &r.slug, skip_invalid, progress)?;
    let stored = store.upsert_resources(&valid, "import", "imported").await?;
    Ok(ResourceImportReport { stored, skipped, slugs: valid.into_iter().map(|r| r.slug).collect() })
}
