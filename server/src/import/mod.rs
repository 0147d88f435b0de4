//! Importers: files an operator brings, checked line by line. Either the
//! whole file is stored or nothing is (unless told to skip bad lines), so
//! a bad file never leaves the database half-changed.

pub mod listings;
pub mod outcodes;
pub mod resources;

use serde_json::{Map, Value};
use std::collections::HashMap;
use std::fmt;
use std::io::Read;

use crate::atlas::Atlas;
use listings::{import_listings, Format, ImportOptions, ImportReport};
use outcodes::{import_outcodes, OutcodeError};
use resources::{import_resources, ResourceImportReport};

/// Imports from the command line: written through the store, then the
/// read model brought up to date.
impl Atlas {
    pub async fn import_listings(
        &self,
        input: impl std::io::Read,
        format: Format,
        options: ImportOptions,
        progress: impl FnMut(usize),
    ) -> Result<ImportReport, ImportError> {
        let register = self.opt_out_register().await?;
        let report = import_listings(&self.store, &self.read.gazetteer, &register, input, format, options, progress).await?;
        self.read.reload().await?;
        self.read.update_search(&[], &report.slugs).await.map_err(|e| ImportError::SearchIndex(e.to_string()))?;
        Ok(report)
    }

    pub async fn import_resources(
        &self,
        input: impl std::io::Read,
        status: app::model::ListingStatus,
        skip_invalid: bool,
        progress: impl FnMut(usize),
    ) -> Result<ResourceImportReport, ImportError> {
        let report = import_resources(&self.store, input, status, skip_invalid, progress).await?;
        self.read.reload().await?;
        self.read.update_search(&report.slugs, &[]).await.map_err(|e| ImportError::SearchIndex(e.to_string()))?;
        Ok(report)
    }

    pub async fn import_outcodes(&self, input: impl std::io::Read, progress: impl FnMut(usize)) -> Result<usize, OutcodeError> {
        let n = import_outcodes(&self.store, input, progress).await?;
        self.read.reload().await?;
        Ok(n)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read the file: {0}")]
    Read(#[from] std::io::Error),
    #[error("{0}")]
    Malformed(String),
    #[error("nothing was imported; fix these records (or pass --skip-invalid to import the rest):\n{}", describe(.0, 50))]
    Invalid(Vec<LineError>),
    #[error("the file holds nothing to import")]
    Empty,
    #[error("nothing was imported: the database refused the write: {0}")]
    Store(#[from] sqlx::Error),
    #[error("stored, but the search index failed: {0}")]
    SearchIndex(String),
}

/// One record as read, before the checks: where it was, and its fields.
pub type Record = (LineError, Result<Map<String, Value>, String>);

/// Checks every record and refuses duplicate slugs. Returns the good ones
/// with the skipped problems, or every problem when bad records may not be
/// skipped.
pub fn check_all<T>(
    records: &[Record],
    check: impl Fn(Map<String, Value>) -> Result<T, Vec<String>>,
    slug_of: impl Fn(&T) -> &String,
    skip_invalid: bool,
    mut progress: impl FnMut(usize),
) -> Result<(Vec<T>, Vec<LineError>), ImportError> {
    let mut valid = Vec::new();
    let mut errors = Vec::new();
    let mut first_seen: HashMap<String, LineError> = HashMap::new();
    for (n, (place, fields)) in records.iter().enumerate() {
        if (n + 1) % 1000 == 0 {
            progress(n + 1);
        }
        let at = |message: String| LineError { message, ..place.clone() };
        match fields.clone().map_err(|m| vec![m]).and_then(&check) {
            Ok(item) => {
                let slug = slug_of(&item).clone();
                if let Some(earlier) = first_seen.get(&slug) {
                    errors.push(at(format!("slug {slug:?} already appears on {} {}", earlier.unit, earlier.line)));
                } else {
                    first_seen.insert(slug, place.clone());
                    valid.push(item);
                }
            }
            Err(messages) => errors.extend(messages.into_iter().map(at)),
        }
    }
    progress(records.len());
    if !errors.is_empty() && !skip_invalid {
        return Err(ImportError::Invalid(errors));
    }
    if valid.is_empty() {
        return Err(if errors.is_empty() { ImportError::Empty } else { ImportError::Invalid(errors) });
    }
    Ok((valid, errors))
}

/// A record's `translations`, bounded before it is read into its type:
/// at most [`MAX_TRANSLATIONS`](app::translation::MAX_TRANSLATIONS)
/// languages of at most eight text fields each.
pub fn bound_translations(fields: &Map<String, Value>) -> Result<(), String> {
    let max = app::translation::MAX_TRANSLATIONS;
    match fields.get("translations") {
        None | Some(Value::Null) => Ok(()),
        Some(Value::Object(langs)) if langs.len() > max => Err(format!("translations: {} languages, at most {max} are taken", langs.len())),
        Some(Value::Object(langs)) => match langs.iter().find(|(_, v)| v.as_object().is_none_or(|f| f.len() > 8)) {
            Some((lang, _)) => Err(format!("translations: {lang:?} must be an object of at most 8 text fields")),
            None => Ok(()),
        },
        Some(_) => Err("translations: must be an object like {\"ar\": {\"name\": \"…\"}}".into()),
    }
}

/// A CSV column such as `name:ar`: the field `name` in Arabic, put into
/// the record's `translations`. Answers false for other columns.
pub fn csv_translation(map: &mut Map<String, Value>, header: &str, value: &str) -> bool {
    let Some((field, lang)) = header.split_once(':') else { return false };
    let translations = map.entry("translations").or_insert_with(|| Value::Object(Map::new()));
    if let Some(langs) = translations.as_object_mut() {
        let texts = langs.entry(lang.trim().to_string()).or_insert_with(|| Value::Object(Map::new()));
        if let Some(texts) = texts.as_object_mut() {
            texts.insert(field.trim().to_string(), Value::from(csv_cell_read(value)));
        }
    }
    true
}

/// JSON Lines: one object per line; blank lines are skipped.
pub fn jsonl_records(input: &mut impl Read) -> Result<Vec<Record>, ImportError> {
    let mut bytes = Vec::new();
    input.read_to_end(&mut bytes)?;
    let mut out = Vec::new();
    for (i, raw) in bytes.split(|b| *b == b'\n').enumerate() {
        let fields = match std::str::from_utf8(raw) {
            Err(_) => Err("is not valid UTF-8 text".to_string()),
            Ok(text) if text.trim().is_empty() => continue,
            Ok(text) => match serde_json::from_str::<Value>(text.trim()) {
                Ok(Value::Object(map)) => Ok(map),
                Ok(_) => Err("not valid: expected a JSON object".to_string()),
                Err(e) => Err(format!("not valid JSON: {e}")),
            },
        };
        out.push((LineError::at("line", i + 1), fields));
    }
    Ok(out)
}

/// One problem in one record of an input file: a line, or a feature of
/// a GeoJSON file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// "line" or "feature".
    pub unit: &'static str,
    pub line: usize,
    pub message: String,
}

impl LineError {
    pub fn at(unit: &'static str, line: usize) -> Self {
        LineError { unit, line, message: String::new() }
    }
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.unit, self.line, self.message)
    }
}

/// Lists line errors for a person, at most `limit` of them.
pub fn describe(errors: &[LineError], limit: usize) -> String {
    let mut out: Vec<String> = errors.iter().take(limit).map(|e| e.to_string()).collect();
    if errors.len() > limit {
        out.push(format!("… and {} more", errors.len() - limit));
    }
    out.join("\n")
}

/// A text cell as written to a CSV download: one that a spreadsheet would
/// read as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return) is written after a `'`, as OWASP recommends.
pub fn csv_cell(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// A CSV cell read back: the `'` that `csv_cell` put before a formula sign
/// is taken away again, so an export imports as it was.
pub fn csv_cell_read(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => text,
    }
}

#[cfg(test)]
mod csv_tests {
    #[test]
    fn formulas_are_neutralised_and_read_back() {
        for cell in ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx"] {
            let written = super::csv_cell(cell);
            assert!(written.starts_with('\''), "{cell:?}");
            assert_eq!(super::csv_cell_read(&written), cell);
        }
        assert_eq!(super::csv_cell("Leeds"), "Leeds");
        assert_eq!(super::csv_cell_read("'quoted'"), "'quoted'");
    }
}
