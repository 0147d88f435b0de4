//! A translation set (the same sheet in several languages) is one search
//! result. Each sheet of a set with more than one is indexed with the
//! set's number; a search counts the extra sheets among its matches (with
//! the facets: `facets::TallyFacets`), pages over the best sheet of each
//! set ([`RankedOnce`]: in the same pass, or alone when the facets are
//! already counted), and says how many sets it found.

use parking_lot::RwLock;
use sha2::{Digest, Sha256};
use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Arc;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::index::SegmentId;
use tantivy::query::Weight;
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
///
/// Alone (the facets already counted), it tells tantivy the score a match
/// must beat, as `TopDocs` does: the n-th best *result*'s (a set counts
/// once). A sheet at or below it cannot reach the first n: n other results
/// rank before it in its segment, and a set's best sheet across segments
/// only ranks higher than the one seen here.
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

/// One segment's first `n` results: sheets in no set and sets' best sheets.
pub struct SegmentRanked {
    segment: SegmentOrdinal,
    n: usize,
    sets: Arc<SegmentSets>,
    /// Candidates: sheets in no set, and a set's sheet whenever it became
    /// the set's best; cut to the best n results when 2n are held.
    top: Vec<(Score, DocId)>,
    /// The n-th best result's score once n are held: nothing at or below
    /// it can enter (documents come in address order).
    threshold: Score,
    /// Each slot's best sheet so far.
    best: Vec<Option<(Score, DocId)>>,
}

/// A segment's first results, each with its set's number if it is in one.
pub type SegmentBest = Vec<(Score, DocAddress, Option<u64>)>;

impl Collector for RankedOnce<'_> {
    type Fruit = Vec<(Score, DocAddress)>;
    type Child = SegmentRanked;

    fn for_segment(&self, segment: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentRanked> {
        let sets = self.sets.table(reader);
        let n = self.n.max(1);
        let best = vec![None; sets.count()];
        Ok(SegmentRanked { segment, n, sets, top: Vec::with_capacity(2 * n), threshold: Score::MIN, best })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    /// Only what beats the threshold is scored and passed on, where the
    /// query allows tantivy to skip (a union of terms: block-max WAND).
    fn collect_segment(&self, weight: &dyn Weight, segment: u32, reader: &SegmentReader) -> tantivy::Result<SegmentBest> {
        let mut ranked = self.for_segment(segment, reader)?;
        let alive = reader.alive_bitset();
        weight.for_each_pruning(Score::MIN, reader, &mut |doc, score| {
            if alive.is_none_or(|a| a.is_alive(doc)) {
                ranked.collect(doc, score);
            }
            ranked.threshold
        })?;
        Ok(ranked.harvest())
    }

    fn merge_fruits(&self, fruits: Vec<SegmentBest>) -> tantivy::Result<Self::Fruit> {
        let mut ranked = Vec::new();
        // A set's sheets may lie in several segments: its best of them.
        let mut best: HashMap<u64, (Score, DocAddress)> = HashMap::new();
        for (score, address, set) in fruits.into_iter().flatten() {
            let sheet = (score, address);
            match set {
                None => ranked.push(sheet),
                Some(set) => {
                    let kept = best.entry(set).or_insert(sheet);
                    if rank(&sheet, kept) == Ordering::Less {
                        *kept = sheet;
                    }
                }
            }
        }
        ranked.extend(best.into_values());
        Ok(first(ranked, self.n))
    }
}

impl SegmentRanked {
    /// Keeps the best n results (a set's stale candidates dropped) and
    /// raises the threshold to the n-th's score.
    fn cut(&mut self) {
        let (sets, best) = (&self.sets, &self.best);
        self.top.retain(|(_, doc)| sets.slot(*doc).is_none_or(|slot| best[slot as usize].is_some_and(|(_, kept)| kept == *doc)));
        // Within a segment the address order is the document order.
        self.top.sort_unstable_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(Ordering::Equal).then(a.1.cmp(&b.1)));
        self.top.truncate(self.n);
        if self.top.len() == self.n {
            self.threshold = self.top[self.n - 1].0;
        }
    }
}

impl SegmentCollector for SegmentRanked {
    type Fruit = SegmentBest;

    fn collect(&mut self, doc: DocId, score: Score) {
        if score <= self.threshold {
            return;
        }
        if let Some(slot) = self.sets.slot(doc) {
            let best = &mut self.best[slot as usize];
            // A later sheet of the same score ranks after: only a higher one replaces.
            if best.is_some_and(|(kept, _)| score <= kept) {
                return;
            }
            *best = Some((score, doc));
        }
        self.top.push((score, doc));
        if self.top.len() == 2 * self.n {
            self.cut();
        }
    }

    /// A set whose best sheet here is not among the segment's first n
    /// cannot be among the first n of all: n other results rank before it.
    fn harvest(mut self) -> SegmentBest {
        self.cut();
        let (segment, sets) = (self.segment, &self.sets);
        self.top
            .iter()
            .map(|&(score, doc)| (score, DocAddress::new(segment, doc), sets.slot(doc).map(|slot| sets.number(slot as usize))))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::columnar::Column;
    use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
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
    /// scores (ties go to the lower address), sheets in no set, deleted
    /// sheets; alone (tantivy skipping what cannot beat the threshold,
    /// through block-max WAND for a union of terms) and beside the tally
    /// (every match seen).
    #[test]
    fn ranking_once_agrees_with_ranking_everything_then_dropping_extra_sheets() {
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT);
        let id = schema.add_text_field("id", tantivy::schema::STRING);
        let set = schema.add_u64_field(FIELD, FAST);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter = index.writer(15_000_000).unwrap();
        for batch in 0..3u64 {
            for i in 0..40u64 {
                // Few distinct lengths: many equal scores.
                let words = ["rights", "rights rights", "rights and more words here", "rights guide", "guide rights rights"]
                    [((i * 7 + batch) % 5) as usize];
                let mut d = doc!(text => words, id => format!("{batch}-{i}"));
                if i % 3 != 0 {
                    d.add_u64(set, 1 + (i + batch) % 7);
                }
                writer.add_document(d).unwrap();
            }
            writer.commit().unwrap();
        }
        for deleted in ["0-1", "1-4", "2-9"] {
            writer.delete_term(Term::from_field_text(id, deleted));
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert!(searcher.segment_readers().len() > 1);
        let term = |word| -> Box<dyn Query> { Box::new(TermQuery::new(Term::from_field_text(text, word), IndexRecordOption::WithFreqs)) };
        // A union of terms is where tantivy skips (block-max WAND).
        let union = BooleanQuery::new(vec![(Occur::Should, term("rights")), (Occur::Should, term("guide"))]);
        for query in [term("rights"), Box::new(union)] {
            let all = first_of_each(&searcher, searcher.search(&query, &TopDocs::with_limit(1000).order_by_score()).unwrap()).unwrap();
            for n in [1, 5, 20, 45, 200] {
                let ranked = RankedOnce { n, sets: &SetTables::default() };
                let expected: Vec<_> = all.iter().take(n).copied().collect();
                assert_eq!(searcher.search(&query, &ranked).unwrap(), expected, "first {n}, alone");
                assert_eq!(searcher.search(&query, &(ranked, Count)).unwrap().0, expected, "first {n}, beside a count");
            }
        }
    }

    #[test]
    fn a_sets_number_is_stable_and_never_zero() {
        assert_eq!(super::number("know-your-rights"), super::number("know-your-rights"));
        assert_ne!(super::number("know-your-rights"), super::number("know-your-rights-fr"));
        assert_ne!(super::number(""), 0);
    }
}
