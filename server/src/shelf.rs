//! The published library in memory, newest first, with what its pages ask
//! for on every visit worked out once per load: each resource by slug, the
//! resources of each kind, topic and language, and the counts of the
//! unfiltered library. A visit then costs what its answer holds, not what
//! the library holds (20,000 resources took 27 ms a page by scanning).

use app::ports::{ResourceFacets, ResourceFilter};
use app::resource::Resource;
use app::search::{OtherLanguage, SearchHit};
use std::collections::{BTreeMap, HashMap};

#[derive(Default)]
pub struct Shelf {
    items: Vec<Resource>,
    by_slug: HashMap<String, usize>,
    by_kind: HashMap<String, Vec<usize>>,
    by_topic: HashMap<String, Vec<usize>>,
    by_lang: HashMap<String, Vec<usize>>,
    /// Translation sets by their key (the first member's slug).
    by_set: HashMap<String, Vec<usize>>,
    /// The newest sheet of each set (and every resource in none), newest
    /// first: the unfiltered library, one entry per set.
    set_firsts: Vec<usize>,
    everything: ResourceFacets,
    /// The same counts with each set once.
    everything_sets: ResourceFacets,
}

impl Shelf {
    /// `items` newest first (as the store reads them).
    pub fn new(items: Vec<Resource>) -> Shelf {
        let mut shelf = Shelf::default();
        for (i, r) in items.iter().enumerate() {
            shelf.by_slug.insert(r.slug.clone(), i);
            shelf.by_kind.entry(r.kind.clone()).or_default().push(i);
            shelf.by_set.entry(r.set_key().to_string()).or_default().push(i);
            for t in dedup(&r.topics) {
                shelf.by_topic.entry(t.clone()).or_default().push(i);
            }
            for l in dedup(&r.languages) {
                shelf.by_lang.entry(l.clone()).or_default().push(i);
            }
        }
        shelf.items = items;
        let all: Vec<usize> = (0..shelf.items.len()).collect();
        shelf.everything = shelf.count(&all);
        shelf.set_firsts = shelf.firsts_of_sets(&all);
        shelf.everything_sets = shelf.count_sets(&shelf.set_firsts, &all);
        shelf
    }

    /// The first of `positions` of each translation set, in order.
    fn firsts_of_sets(&self, positions: &[usize]) -> Vec<usize> {
        let mut seen = std::collections::HashSet::new();
        positions.iter().copied().filter(|&i| seen.insert(self.items[i].set_key())).collect()
    }

    /// The sheet of `first`'s set shown to a reader of `reader`: the one
    /// in that language where it matches the filter, else `first`.
    fn shown_sheet(&self, first: usize, f: &ResourceFilter, reader: &str) -> usize {
        if self.items[first].language == reader {
            return first;
        }
        let set = self.by_set.get(self.items[first].set_key()).map_or(&[][..], Vec::as_slice);
        set.iter().copied().find(|&i| self.items[i].language == reader && matches(&self.items[i], f)).unwrap_or(first)
    }

    /// Counts with each set once for its kind and topics; its languages
    /// from every sheet matching (`sheets`), each set once per language.
    fn count_sets(&self, firsts: &[usize], sheets: &[usize]) -> ResourceFacets {
        let by_set = self.count(firsts);
        let mut languages: Vec<(String, usize)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for &i in sheets {
            let r = &self.items[i];
            for l in dedup(&r.languages) {
                if seen.insert((r.set_key(), l.as_str())) {
                    match languages.iter_mut().find(|(x, _)| x == l) {
                        Some((_, n)) => *n += 1,
                        None => languages.push((l.clone(), 1)),
                    }
                }
            }
        }
        languages.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        ResourceFacets { languages, ..by_set }
    }

    pub fn all(&self) -> &[Resource] {
        &self.items
    }

    pub fn get(&self, slug: &str) -> Option<&Resource> {
        self.by_slug.get(slug).map(|&i| &self.items[i])
    }

    /// Every published member of the translation set `key`.
    pub fn translation_set(&self, key: &str) -> Vec<Resource> {
        self.set(key).cloned().collect()
    }

    /// Whether the translation set `key` has more than one published sheet.
    pub fn is_shared_set(&self, key: &str) -> bool {
        self.by_set.get(key).is_some_and(|ix| ix.len() > 1)
    }

    fn set(&self, key: &str) -> impl Iterator<Item = &Resource> {
        self.by_set.get(key).into_iter().flatten().map(|&i| &self.items[i])
    }

    /// Search results name each translation set once: by its sheet in
    /// `wanted` where there is one (else the sheet that matched best),
    /// with the set's other sheets beside it.
    pub fn show_sets(&self, hits: &mut [SearchHit], wanted: Option<&str>) {
        for hit in hits.iter_mut().filter(|h| h.doc_type == "resource") {
            let Some(found) = self.get(&hit.slug) else { continue };
            let key = found.set_key();
            if !self.is_shared_set(key) {
                continue;
            }
            let chosen = wanted.and_then(|w| self.set(key).find(|r| r.language == w)).unwrap_or(found);
            if chosen.slug != hit.slug {
                hit.slug = chosen.slug.clone();
                hit.title = chosen.title.clone();
                hit.summary = chosen.summary.clone();
                (hit.lang, hit.summary_lang) = (chosen.language.clone(), chosen.language.clone());
                hit.snippet = html_escape::encode_text(&chosen.summary).into_owned();
                hit.kind = chosen.kind.clone();
                hit.languages = chosen.languages.clone();
            }
            hit.also_in = self
                .set(key)
                .filter(|r| r.slug != chosen.slug)
                .map(|r| OtherLanguage { lang: r.language.clone(), slug: r.slug.clone() })
                .collect();
        }
    }

    /// The positions matching `f`, newest first: the shortest list of the
    /// filters given, checked against the others. None: no filter.
    fn matching(&self, f: &ResourceFilter) -> Option<Vec<usize>> {
        let lists = [(&f.kind, &self.by_kind), (&f.topic, &self.by_topic), (&f.lang, &self.by_lang)];
        let chosen: Vec<&[usize]> =
            lists.iter().filter_map(|(value, index)| value.as_ref().map(|v| index.get(v).map_or(&[][..], Vec::as_slice))).collect();
        let shortest = chosen.iter().min_by_key(|l| l.len())?;
        Some(shortest.iter().copied().filter(|&i| matches(&self.items[i], f)).collect())
    }

    /// One page of the resources matching `f`, and how many match (with
    /// `one_per_set_in`, how many sets).
    pub fn page(&self, f: &ResourceFilter, offset: usize, limit: usize) -> (Vec<Resource>, usize) {
        if let Some(reader) = &f.one_per_set_in {
            let found = self.matching(f).map(|m| self.firsts_of_sets(&m));
            let firsts = found.as_deref().unwrap_or(&self.set_firsts);
            let page = firsts.iter().skip(offset).take(limit).map(|&i| self.items[self.shown_sheet(i, f, reader)].clone());
            return (page.collect(), firsts.len());
        }
        match self.matching(f) {
            None => (self.items.iter().skip(offset).take(limit).cloned().collect(), self.items.len()),
            Some(found) => (found.iter().skip(offset).take(limit).map(|&i| self.items[i].clone()).collect(), found.len()),
        }
    }

    /// Counts by kind, topic and language of the resources matching `f`.
    pub fn facets(&self, f: &ResourceFilter) -> ResourceFacets {
        if f.one_per_set_in.is_some() {
            return match self.matching(f) {
                None => self.everything_sets.clone(),
                Some(found) => self.count_sets(&self.firsts_of_sets(&found), &found),
            };
        }
        match self.matching(f) {
            None => self.everything.clone(),
            Some(found) => self.count(&found),
        }
    }

    fn count(&self, positions: &[usize]) -> ResourceFacets {
        let count = |values: &mut dyn Iterator<Item = &String>| {
            let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
            for v in values {
                *counts.entry(v).or_default() += 1;
            }
            let mut v: Vec<(String, usize)> = counts.into_iter().map(|(k, n)| (k.to_string(), n)).collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            v
        };
        let found = || positions.iter().map(|&i| &self.items[i]);
        ResourceFacets {
            kinds: count(&mut found().map(|r| &r.kind)),
            topics: count(&mut found().flat_map(|r| &r.topics)),
            languages: count(&mut found().flat_map(|r| &r.languages)),
        }
    }
}

fn matches(r: &Resource, f: &ResourceFilter) -> bool {
    f.kind.as_ref().is_none_or(|k| &r.kind == k)
        && f.topic.as_ref().is_none_or(|t| r.topics.contains(t))
        && f.lang.as_ref().is_none_or(|l| r.languages.contains(l))
}

/// A resource listed under the same topic twice is counted once.
fn dedup(values: &[String]) -> Vec<&String> {
    let mut seen = std::collections::HashSet::new();
    values.iter().filter(|v| seen.insert(v.as_str())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resource(slug: &str, kind: &str, topics: &[&str], lang: &str) -> Resource {
        Resource {
            slug: slug.into(),
            title: slug.into(),
            summary: String::new(),
            body: String::new(),
            body_html: String::new(),
            url: None,
            kind: kind.into(),
            topics: topics.iter().map(|t| t.to_string()).collect(),
            languages: vec![lang.into()],
            publisher: None,
            published: None,
            updated_at: String::new(),
            language: "en".into(),
            translations: Default::default(),
            translation_of: None,
        }
    }

    /// The lookups give what a scan of the whole library gives.
    #[test]
    fn the_lookups_agree_with_a_scan() {
        let items: Vec<Resource> = (0..200)
            .map(|i| {
                resource(&format!("r{i}"), ["guide", "toolkit"][i % 2], &[["housing", "health", "work"][i % 3]], ["en", "ar"][i % 5 / 4])
            })
            .collect();
        let shelf = Shelf::new(items.clone());
        for kind in [None, Some("guide"), Some("nope")] {
            for topic in [None, Some("health")] {
                for lang in [None, Some("ar")] {
                    let f = ResourceFilter {
                        kind: kind.map(Into::into),
                        topic: topic.map(Into::into),
                        lang: lang.map(Into::into),
                        one_per_set_in: None,
                    };
                    let scan: Vec<&Resource> = items.iter().filter(|r| matches(r, &f)).collect();
                    let (page, total) = shelf.page(&f, 3, 10);
                    assert_eq!(total, scan.len(), "{f:?}");
                    assert_eq!(
                        page.iter().map(|r| &r.slug).collect::<Vec<_>>(),
                        scan.iter().skip(3).take(10).map(|r| &r.slug).collect::<Vec<_>>()
                    );
                    let kinds: usize = shelf.facets(&f).kinds.iter().map(|(_, n)| n).sum();
                    assert_eq!(kinds, scan.len());
                }
            }
        }
        assert_eq!(shelf.get("r7").unwrap().slug, "r7");
        assert!(shelf.get("r700").is_none());
    }
}
