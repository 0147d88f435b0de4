//! Importers: files an operator brings, checked line by line. Either the
//! whole file is stored or nothing is (unless told to skip bad lines), so
//! a bad file never leaves the database half-changed.

pub mod listings;
pub mod outcodes;

use std::fmt;

/// One problem in one record of an input file: a line, or a feature of
/// a GeoJSON file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// "line" or "feature".
    pub unit: &'static str,
    pub line: usize,
    pub message: String,
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
