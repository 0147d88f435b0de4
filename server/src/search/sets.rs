//! A translation set (the same sheet in several languages) is one search
//! result. Each sheet of a set with more than one is indexed with the
//! set's number; a search counts the extra sheets among its matches (with
//! the facets: `facets::TallyFacets`), pages over the best sheet of each
//! set ([`RankedOnce`], in the same pass), and says how many sets it found.

use sha2::{Digest, Sha256};
use std::cmp::Ordering;
use std::collections::HashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

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
/// set all stay): the ranking [`RankedOnce`] replaced, kept for the
/// benchmark's comparison.
pub fn first_of_each(searcher: &tantivy::Searcher, ranked: Vec<(Score, DocAddress)>) -> tantivy::Result<Vec<(Score, DocAddress)>> {
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

/// The first `n` results ranked as `TopDocs::order_by_score` ranks them
/// (score, then address), with only the best-ranked sheet of each set:
/// what ranking `n` plus every extra sheet and dropping the extra sheets
/// gives, without ranking every match a second time. (That second pass,
/// with room for thousands of extra sheets on a broad query, was most of a
/// slow query's time.)
pub struct RankedOnce {
    pub n: usize,
}

/// Ranks first: a higher score, then the lower address (tantivy's order,
/// its comparison of scores included).
fn rank(a: &(Score, DocAddress), b: &(Score, DocAddress)) -> Ordering {
    b.0.partial_cmp(&a.0).unwrap_or(Ordering::Equal).then(a.1.cmp(&b.1))
}

/// The first `n` of `ranked`, in order.
fn first(mut ranked: Vec<(Score, DocAddress)>, n: usize) -> Vec<(Score, DocAddress)> {
    ranked.sort_unstable_by(rank);
    ranked.truncate(n);
    ranked
}

/// One segment's: the best `n` sheets in no set, and each set's best sheet.
pub struct SegmentRanked {
    segment: SegmentOrdinal,
    n: usize,
    set_of: Option<Column<u64>>,
    /// Up to 2n candidates, cut to the best n when full; nothing at or
    /// below `floor` can enter (documents come in address order).
    top: Vec<(Score, DocAddress)>,
    floor: Option<Score>,
    best: HashMap<u64, (Score, DocAddress)>,
}

/// A segment's best sheets in no set, and each of its sets' best sheet.
pub type SegmentBest = (Vec<(Score, DocAddress)>, HashMap<u64, (Score, DocAddress)>);

impl Collector for RankedOnce {
    type Fruit = Vec<(Score, DocAddress)>;
    type Child = SegmentRanked;

    fn for_segment(&self, segment: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentRanked> {
        let set_of = reader.fast_fields().u64(FIELD).ok();
        let n = self.n.max(1);
        Ok(SegmentRanked { segment, n, set_of, top: Vec::with_capacity(2 * n), floor: None, best: HashMap::new() })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<SegmentBest>) -> tantivy::Result<Self::Fruit> {
        let mut ranked = Vec::new();
        // A set's sheets may lie in several segments: its best of them.
        let mut best: HashMap<u64, (Score, DocAddress)> = HashMap::new();
        for (top, sets) in fruits {
            ranked.extend(top);
            for (set, sheet) in sets {
                let kept = best.entry(set).or_insert(sheet);
                if rank(&sheet, kept) == Ordering::Less {
                    *kept = sheet;
                }
            }
        }
        ranked.extend(best.into_values());
        Ok(first(ranked, self.n))
    }
}

impl SegmentCollector for SegmentRanked {
    type Fruit = SegmentBest;

    fn collect(&mut self, doc: DocId, score: Score) {
        let at = DocAddress::new(self.segment, doc);
        match self.set_of.as_ref().and_then(|c| c.first(doc)) {
            // A later sheet of the same score ranks after: only a higher one replaces.
            Some(set) => {
                let best = self.best.entry(set).or_insert((score, at));
                if score > best.0 {
                    *best = (score, at);
                }
            }
            None => {
                if self.floor.is_some_and(|floor| score <= floor) {
                    return;
                }
                self.top.push((score, at));
                if self.top.len() == 2 * self.n {
                    let kept = first(std::mem::take(&mut self.top), self.n);
                    self.floor = kept.last().map(|(score, _)| *score);
                    self.top = kept;
                    self.top.reserve(self.n);
                }
            }
        }
    }

    /// Every set's best sheet goes on: another segment may hold a better one.
    fn harvest(self) -> SegmentBest {
        (first(self.top, self.n), self.best)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::query::TermQuery;
    use tantivy::schema::{IndexRecordOption, Schema, FAST, TEXT};
    use tantivy::{doc, Index, IndexWriter, Term};

    /// One pass gives what ranking every match and dropping each set's
    /// later sheets gives, page by page: sets across segments, equal
    /// scores (ties go to the lower address), sheets in no set.
    #[test]
    fn ranking_once_agrees_with_ranking_everything_then_dropping_extra_sheets() {
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT);
        let set = schema.add_u64_field(FIELD, FAST);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer(15_000_000).unwrap();
        for batch in 0..3u64 {
            for i in 0..40u64 {
                // Few distinct lengths: many equal scores.
                let words = ["rights", "rights rights", "rights and more words here", "rights guide"][(i % 4) as usize];
                let mut d = doc!(text => words);
                if i % 3 != 0 {
                    d.add_u64(set, 1 + (i + batch) % 7);
                }
                writer.add_document(d).unwrap();
            }
            writer.commit().unwrap();
        }
        let searcher = index.reader().unwrap().searcher();
        assert!(searcher.segment_readers().len() > 1);
        let query = TermQuery::new(Term::from_field_text(text, "rights"), IndexRecordOption::WithFreqs);
        let all = first_of_each(&searcher, searcher.search(&query, &TopDocs::with_limit(1000).order_by_score()).unwrap()).unwrap();
        for n in [1, 5, 20, 45, 200] {
            let once = searcher.search(&query, &RankedOnce { n }).unwrap();
            assert_eq!(once, all.iter().take(n).copied().collect::<Vec<_>>(), "first {n}");
        }
    }

    #[test]
    fn a_sets_number_is_stable_and_never_zero() {
        assert_eq!(super::number("know-your-rights"), super::number("know-your-rights"));
        assert_ne!(super::number("know-your-rights"), super::number("know-your-rights-fr"));
        assert_ne!(super::number(""), 0);
    }
}
