//! A translation set (the same sheet in several languages) is one search
//! result. Each sheet of a set with more than one is indexed with the
//! set's number; a search counts the extra sheets among its matches (with
//! the facets: `facets::TallyFacets`), pages over the best sheet of each
//! set ([`RankedOnce`], in the same pass), and says how many sets it found.

use parking_lot::RwLock;
use sha2::{Digest, Sha256};
use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::index::SegmentId;
use tantivy::{DocAddress, DocId, Score, Searcher, SearcherGeneration, SegmentOrdinal, SegmentReader, Warmer};

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

/// Each segment's sheets by set, read once when a searcher is warmed (as
/// the facets are, see `facets.rs`): a match then costs an array read
/// instead of a look-up in the fast field's column, which the ranking and
/// the facet tally each did for every match (a sixth of a query's time).
#[derive(Default)]
pub struct SetTables {
    segments: RwLock<HashMap<SegmentId, Arc<SegmentSets>>>,
}

/// One segment's sets, numbered from 0 in the segment (slots).
pub struct SegmentSets {
    /// Each document's slot plus one (0: in no set); empty when no
    /// document of the segment is in a set.
    slot_of: Vec<u32>,
    /// Each slot's set number.
    numbers: Vec<u64>,
}

impl SegmentSets {
    /// The slot of `doc`'s set, if it is in one.
    #[inline]
    pub fn slot(&self, doc: DocId) -> Option<u32> {
        match self.slot_of.get(doc as usize) {
            Some(&slot) if slot > 0 => Some(slot - 1),
            _ => None,
        }
    }

    /// How many sets the segment holds sheets of.
    pub fn count(&self) -> usize {
        self.numbers.len()
    }

    /// The set number of a slot.
    pub fn number(&self, slot: usize) -> u64 {
        self.numbers[slot]
    }

    fn read(segment: &SegmentReader) -> SegmentSets {
        let mut table = SegmentSets { slot_of: Vec::new(), numbers: Vec::new() };
        let Ok(column) = segment.fast_fields().u64(FIELD) else { return table };
        let mut slots: HashMap<u64, u32> = HashMap::new();
        for doc in 0..segment.max_doc() {
            let Some(set) = column.first(doc) else { continue };
            if table.slot_of.is_empty() {
                table.slot_of = vec![0; segment.max_doc() as usize];
            }
            let slot = *slots.entry(set).or_insert_with(|| {
                table.numbers.push(set);
                table.numbers.len() as u32
            });
            table.slot_of[doc as usize] = slot;
        }
        table
    }
}

impl SetTables {
    pub fn table(&self, segment: &SegmentReader) -> Arc<SegmentSets> {
        if let Some(t) = self.segments.read().get(&segment.segment_id()) {
            return t.clone();
        }
        // Not warmed (a searcher from before the warmer ran): read it now.
        let table = Arc::new(SegmentSets::read(segment));
        self.segments.write().insert(segment.segment_id(), table.clone());
        table
    }
}

/// Builds the tables of a new searcher's segments before it is used.
pub struct SetWarmer(pub Arc<SetTables>);

impl Warmer for SetWarmer {
    fn warm(&self, searcher: &Searcher) -> tantivy::Result<()> {
        for segment in searcher.segment_readers() {
            self.0.table(segment);
        }
        Ok(())
    }

    fn garbage_collect(&self, live: &[&SearcherGeneration]) {
        self.0.segments.write().retain(|id, _| live.iter().any(|g| g.segments().contains_key(id)));
    }
}

/// The first `n` results ranked as `TopDocs::order_by_score` ranks them
/// (score, then address), with only the best-ranked sheet of each set:
/// what ranking `n` plus every extra sheet and dropping the extra sheets
/// gives, without ranking every match a second time. (That second pass,
/// with room for thousands of extra sheets on a broad query, was most of a
/// slow query's time.)
pub struct RankedOnce<'a> {
    pub n: usize,
    pub sets: &'a SetTables,
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
    sets: Arc<SegmentSets>,
    /// Up to 2n candidates, cut to the best n when full; nothing at or
    /// below `floor` can enter (documents come in address order).
    top: Vec<(Score, DocAddress)>,
    floor: Option<Score>,
    /// Each slot's best sheet so far.
    best: Vec<Option<(Score, DocId)>>,
}

/// A segment's best sheets in no set, and each of its sets' best sheet.
pub type SegmentBest = (Vec<(Score, DocAddress)>, Vec<(u64, (Score, DocAddress))>);

impl Collector for RankedOnce<'_> {
    type Fruit = Vec<(Score, DocAddress)>;
    type Child = SegmentRanked;

    fn for_segment(&self, segment: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentRanked> {
        let sets = self.sets.table(reader);
        let n = self.n.max(1);
        let best = vec![None; sets.count()];
        Ok(SegmentRanked { segment, n, sets, top: Vec::with_capacity(2 * n), floor: None, best })
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
        match self.sets.slot(doc) {
            // A later sheet of the same score ranks after: only a higher one replaces.
            Some(slot) => {
                let best = &mut self.best[slot as usize];
                if best.is_none_or(|(kept, _)| score > kept) {
                    *best = Some((score, doc));
                }
            }
            None => {
                if self.floor.is_some_and(|floor| score <= floor) {
                    return;
                }
                self.top.push((score, DocAddress::new(self.segment, doc)));
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
        let segment = self.segment;
        let sets = &self.sets;
        let best = self
            .best
            .iter()
            .enumerate()
            .filter_map(|(slot, best)| best.map(|(score, doc)| (sets.number(slot), (score, DocAddress::new(segment, doc)))))
            .collect();
        (first(self.top, self.n), best)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::TopDocs;
    use tantivy::columnar::Column;
    use tantivy::query::TermQuery;
    use tantivy::schema::{IndexRecordOption, Schema, FAST, TEXT};
    use tantivy::{doc, Index, IndexWriter, Term};

    /// The best-ranked document of each set, in rank order (documents in no
    /// set all stay), read from the fast field itself: the ranking
    /// [`RankedOnce`] replaced, kept as its oracle.
    fn first_of_each(searcher: &tantivy::Searcher, ranked: Vec<(Score, DocAddress)>) -> tantivy::Result<Vec<(Score, DocAddress)>> {
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
            let once = searcher.search(&query, &RankedOnce { n, sets: &SetTables::default() }).unwrap();
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
