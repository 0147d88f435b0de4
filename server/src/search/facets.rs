//! Counting the filters' facets (type, kind, topic, language) over every
//! match. tantivy's `FacetCollector` reads each matching document's facet
//! column and resolves its hierarchy per query, which was a third of a
//! search's time at 120,000 documents. Here each segment's facets are
//! read once, when a searcher is warmed (after a commit, before any query
//! sees it), as each document's combination of values (most documents
//! share one with many others); a query then adds one per match to its
//! combination's count, and the combinations are spread over their
//! values at the end. (An increment per match *and value* cost as much as
//! finding the matches: the same few counters, incremented 100,000 times in
//! a row, wait on each other.) A translation set (the same sheet in several
//! languages, one search result) counts once, with every value of its
//! matching sheets: "English (4)" counts results, as `total` does.

use super::schema::FACETS as FIELD;
use super::sets::{SegmentSets, SetTables};
use parking_lot::RwLock;
use std::collections::HashMap;
use std::sync::Arc;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::index::SegmentId;
use tantivy::schema::Facet;
use tantivy::{DocId, Score, Searcher, SearcherGeneration, SegmentOrdinal, SegmentReader, Warmer};

/// One segment's documents by their combination of facet values.
struct SegmentFacets {
    /// Each document's combination.
    combination_of: Vec<u32>,
    /// Each combination's values (shared ids).
    combinations: Vec<Vec<u32>>,
}

/// Facet values by id ("kind" → "toolkit"), the same ids in every segment.
#[derive(Default)]
struct Names {
    of: Vec<(String, String)>,
    ids: HashMap<(String, String), u32>,
}

impl Names {
    fn id(&mut self, root: &str, value: &str) -> u32 {
        if let Some(id) = self.ids.get(&(root.to_string(), value.to_string())) {
            return *id;
        }
        let id = self.of.len() as u32;
        self.of.push((root.to_string(), value.to_string()));
        self.ids.insert((root.to_string(), value.to_string()), id);
        id
    }
}

/// The tables of every live segment; a tantivy warmer keeps them current.
#[derive(Default)]
pub struct FacetTables {
    names: RwLock<Names>,
    segments: RwLock<HashMap<SegmentId, Arc<SegmentFacets>>>,
}

impl FacetTables {
    fn table(&self, segment: &SegmentReader) -> tantivy::Result<Arc<SegmentFacets>> {
        if let Some(t) = self.segments.read().get(&segment.segment_id()) {
            return Ok(t.clone());
        }
        // Not warmed (a searcher from before the warmer ran): read it now.
        let table = Arc::new(self.read(segment)?);
        self.segments.write().insert(segment.segment_id(), table.clone());
        Ok(table)
    }

    fn read(&self, segment: &SegmentReader) -> tantivy::Result<SegmentFacets> {
        let reader = segment.facet_reader(FIELD)?;
        // The segment's own ordinals, resolved to shared ids once.
        let mut by_ord = Vec::with_capacity(reader.num_facets());
        let mut facet = Facet::root();
        let mut names = self.names.write();
        for ord in 0..reader.num_facets() as u64 {
            reader.facet_from_ord(ord, &mut facet)?;
            let path = facet.to_path();
            by_ord.push(match path.as_slice() {
                [root, value] => Some(names.id(root, value)),
                _ => None,
            });
        }
        drop(names);
        let mut combination_of = Vec::with_capacity(segment.max_doc() as usize);
        let mut numbered: HashMap<Vec<u32>, u32> = HashMap::new();
        let mut combinations = Vec::new();
        let mut of_doc = Vec::new();
        for doc in 0..segment.max_doc() {
            of_doc.clear();
            of_doc.extend(reader.facet_ords(doc).filter_map(|ord| by_ord[ord as usize]));
            // A value given twice counts once, as tantivy's collector does.
            of_doc.sort_unstable();
            of_doc.dedup();
            let n = *numbered.entry(of_doc.clone()).or_insert_with(|| {
                combinations.push(of_doc.clone());
                combinations.len() as u32 - 1
            });
            combination_of.push(n);
        }
        Ok(SegmentFacets { combination_of, combinations })
    }

    /// The counts by root ("kind"), most first, then by name.
    pub fn named(&self, tally: &Tally) -> HashMap<String, Vec<(String, u64)>> {
        let names = self.names.read();
        let mut by_root: HashMap<String, Vec<(String, u64)>> = HashMap::new();
        for (id, n) in tally.counts.iter().enumerate().filter(|(_, n)| **n > 0) {
            let (root, value) = &names.of[id];
            by_root.entry(root.clone()).or_default().push((value.clone(), *n));
        }
        for v in by_root.values_mut() {
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        }
        by_root
    }
}

/// Builds the tables of a new searcher's segments before it is used.
pub struct FacetWarmer(pub Arc<FacetTables>);

impl Warmer for FacetWarmer {
    fn warm(&self, searcher: &Searcher) -> tantivy::Result<()> {
        for segment in searcher.segment_readers() {
            self.0.table(segment)?;
        }
        Ok(())
    }

    fn garbage_collect(&self, live: &[&SearcherGeneration]) {
        self.0.segments.write().retain(|id, _| live.iter().any(|g| g.segments().contains_key(id)));
    }
}

/// How many results matched (a translation set once), and how many of
/// them carry each facet value.
#[derive(Default)]
pub struct Tally {
    pub matches: u64,
    counts: Vec<u64>,
    /// A segment's matching sets: each one's number, facet values (ids),
    /// and how many of its sheets matched; merged over segments.
    sets: Vec<(u64, (Vec<u32>, u64))>,
}

/// A collector giving the [`Tally`] of a query.
pub struct TallyFacets<'a>(pub &'a FacetTables, pub &'a SetTables);

impl Collector for TallyFacets<'_> {
    type Fruit = Tally;
    type Child = SegmentTally;

    fn for_segment(&self, _: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<SegmentTally> {
        let table = self.0.table(segment)?;
        let ids = self.0.names.read().of.len();
        let by_combination = vec![0; table.combinations.len()];
        let sets = self.1.table(segment);
        let of_sets = vec![(Vec::new(), 0); sets.count()];
        Ok(SegmentTally { table, by_combination, ids, sets, of_sets })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Tally>) -> tantivy::Result<Tally> {
        let mut all = Tally { counts: vec![0; fruits.iter().map(|t| t.counts.len()).max().unwrap_or(0)], ..Default::default() };
        let mut sets: HashMap<u64, (Vec<u32>, u64)> = HashMap::new();
        for t in fruits {
            all.matches += t.matches;
            for (sum, n) in all.counts.iter_mut().zip(t.counts) {
                *sum += n;
            }
            // A set's sheets may lie in several segments: its values joined.
            for (set, (values, sheets)) in t.sets {
                let (joined, n) = sets.entry(set).or_default();
                joined.extend(values);
                *n += sheets;
            }
        }
        for (mut values, _) in sets.into_values() {
            values.sort_unstable();
            values.dedup();
            all.matches += 1;
            for id in values {
                all.counts[id as usize] += 1;
            }
        }
        Ok(all)
    }
}

pub struct SegmentTally {
    table: Arc<SegmentFacets>,
    by_combination: Vec<u64>,
    /// How many facet values there are (the length of the counts).
    ids: usize,
    /// Each sheet's translation set, where it is in one.
    sets: Arc<SegmentSets>,
    /// By the segment's set slot: the combinations of its matching
    /// sheets, and how many matched (0: none).
    of_sets: Vec<(Vec<u32>, u64)>,
}

impl SegmentCollector for SegmentTally {
    type Fruit = Tally;

    fn collect(&mut self, doc: DocId, _: Score) {
        let combination = self.table.combination_of[doc as usize];
        match self.sets.slot(doc) {
            Some(slot) => {
                let (combinations, sheets) = &mut self.of_sets[slot as usize];
                if !combinations.contains(&combination) {
                    combinations.push(combination);
                }
                *sheets += 1;
            }
            None => self.by_combination[combination as usize] += 1,
        }
    }

    fn harvest(self) -> Tally {
        let mut tally = Tally { counts: vec![0; self.ids], ..Default::default() };
        for (values, n) in self.table.combinations.iter().zip(self.by_combination) {
            tally.matches += n;
            for id in values {
                tally.counts[*id as usize] += n;
            }
        }
        let combinations = &self.table.combinations;
        let sets = &self.sets;
        tally.sets = self
            .of_sets
            .into_iter()
            .enumerate()
            .filter(|(_, (_, sheets))| *sheets > 0)
            .map(|(slot, (of, sheets))| {
                (sets.number(slot), (of.iter().flat_map(|c| combinations[*c as usize].iter().copied()).collect(), sheets))
            })
            .collect();
        tally
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::FacetCollector;
    use tantivy::query::{AllQuery, TermQuery};
    use tantivy::schema::{FacetOptions, IndexRecordOption, Schema, STRING};
    use tantivy::{doc, Index, IndexWriter, Term};

    /// The tally agrees with tantivy's own facet collector over several
    /// segments, deleted documents and a value given twice.
    #[test]
    fn the_tally_counts_what_tantivys_facet_collector_counts() {
        let mut schema = Schema::builder();
        let facets = schema.add_facet_field(FIELD, FacetOptions::default());
        let id = schema.add_text_field("id", STRING);
        let index = Index::create_in_ram(schema.build());
        let tables = Arc::new(FacetTables::default());
        let warmer: Arc<dyn Warmer> = Arc::new(FacetWarmer(tables.clone()));
        let reader = index.reader_builder().warmers(vec![Arc::downgrade(&warmer)]).try_into().unwrap();
        let mut writer: IndexWriter = index.writer(15_000_000).unwrap();
        for batch in 0..3 {
            for i in 0..50 {
                let mut d = doc!(id => format!("{batch}-{i}"));
                d.add_facet(facets, Facet::from_path(["kind", ["toolkit", "guide", "other"][i % 3]]));
                d.add_facet(facets, Facet::from_path(["lang", if i % 4 == 0 { "ar" } else { "en" }]));
                if i % 5 == 0 {
                    d.add_facet(facets, Facet::from_path(["topic", "health"]));
                    d.add_facet(facets, Facet::from_path(["topic", "health"]));
                }
                writer.add_document(d).unwrap();
            }
            writer.commit().unwrap();
        }
        writer.delete_term(Term::from_field_text(id, "1-0"));
        writer.delete_term(Term::from_field_text(id, "2-3"));
        writer.commit().unwrap();
        reader.reload().unwrap();
        let searcher = reader.searcher();
        assert!(searcher.segment_readers().len() > 1);
        let term = TermQuery::new(Term::from_facet(facets, &Facet::from_path(["lang", "en"])), IndexRecordOption::Basic);
        for query in [&AllQuery as &dyn tantivy::query::Query, &term] {
            let mut theirs = FacetCollector::for_field(FIELD);
            for root in ["/kind", "/lang", "/topic"] {
                theirs.add_facet(root);
            }
            let (theirs, ours) = searcher.search(query, &(theirs, TallyFacets(&tables, &SetTables::default()))).unwrap();
            let named = tables.named(&ours);
            for root in ["kind", "lang", "topic"] {
                let mut expected: Vec<(String, u64)> =
                    theirs.get(&format!("/{root}")).map(|(f, n)| (f.to_path().last().unwrap().to_string(), n)).collect();
                expected.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                assert_eq!(named.get(root).cloned().unwrap_or_default(), expected, "{root}");
            }
            assert_eq!(ours.matches, searcher.search(query, &tantivy::collector::Count).unwrap() as u64);
        }
    }
}
