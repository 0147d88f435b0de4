//! A translation set (the same sheet in several languages) is one search
//! result. Each sheet of a set with more than one is indexed with the
//! set's number; a search counts the extra sheets among its matches (with
//! the facets: `facets::TallyFacets`), pages over the best sheet of each
//! set, and says how many sets it found.

use sha2::{Digest, Sha256};
use tantivy::columnar::Column;
use tantivy::{DocAddress, Score, Searcher};

/// The fast field holding a sheet's set number.
pub const FIELD: &str = "set";

/// A set's number: stable across runs and versions (the index outlives
/// the binary), and never 0.
pub fn number(key: &str) -> u64 {
    let digest = Sha256::digest(key.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_le_bytes(first).max(1)
}

/// The best-ranked document of each set, in rank order (documents in no
/// set all stay).
pub fn first_of_each(searcher: &Searcher, ranked: Vec<(Score, DocAddress)>) -> tantivy::Result<Vec<(Score, DocAddress)>> {
    let columns: Vec<Option<Column<u64>>> = searcher.segment_readers().iter().map(|s| s.fast_fields().u64(FIELD).ok()).collect();
    let mut taken = std::collections::HashSet::new();
    Ok(ranked
        .into_iter()
        .filter(|(_, at)| match columns.get(at.segment_ord as usize).and_then(Option::as_ref).and_then(|c| c.first(at.doc_id)) {
            Some(set) => taken.insert(set),
            None => true,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_sets_number_is_stable_and_never_zero() {
        assert_eq!(super::number("know-your-rights"), super::number("know-your-rights"));
        assert_ne!(super::number("know-your-rights"), super::number("know-your-rights-fr"));
        assert_ne!(super::number(""), 0);
    }
}
