//! The confirmed subscriptions' rules, held in memory and grouped so that
//! a newly public item finds its subscribers without reading them all:
//! by the centre of their district or town (an item looks only at places
//! within `MAX_RADIUS_KM`, each place's subscribers widest radius first),
//! and in keyed sets for what has no place — online events by category,
//! resources by topic, alerts for anywhere. The rule itself
//! (`AlertRule::matches`) still decides; the index only narrows.
//!
//! Kept fresh by reading what was confirmed since the last look (every
//! matching round, and at once on this instance's confirmations and
//! stops); when the database holds fewer confirmed alerts than the index
//! (one stopped on another instance), it is read again whole. A stopped
//! alert still in the index may be matched, but its mail is written only
//! when the guarded update of its mark finds it still confirmed.

use crate::store::alerts::StoredAlert;
use app::alerts::{AlertRule, Attend, ItemFacts, ItemKind, MAX_RADIUS_KM};
use app::location::LatLon;
use std::collections::{HashMap, HashSet};

/// One confirmed alert as matching needs it, and as stored (its address
/// still sealed), so a round writes its mail without reading it again.
#[derive(Clone, Debug)]
pub struct Entry {
    pub id: i64,
    pub centre: Option<LatLon>,
    pub rule: AlertRule,
    pub confirmed_at: String,
    pub alert: std::sync::Arc<StoredAlert>,
}

/// Subscribers of one district or town, widest radius first.
#[derive(Default)]
struct Place {
    centre: Option<LatLon>,
    entries: Vec<usize>,
}

#[derive(Default)]
pub struct AlertIndex {
    entries: Vec<Entry>,
    ids: HashMap<i64, usize>,
    /// Stopped since the index was read (matched to nothing).
    stopped: HashSet<i64>,
    /// Confirmed alerts left out: their place is no longer known.
    pub(super) left_out: HashSet<i64>,
    places: Vec<Place>,
    place_of: HashMap<(u64, u64), usize>,
    /// Alerts for anywhere that want listings or in-person events.
    anywhere: Vec<usize>,
    /// Event alerts that take online events, by category ("" = any).
    online: HashMap<String, Vec<usize>>,
    /// Resource alerts, by topic ("" = any).
    resources: HashMap<String, Vec<usize>>,
    /// The latest confirmation read.
    pub(crate) confirmed_upto: Option<String>,
    pub(crate) loaded: bool,
}

impl AlertIndex {
    /// Alerts held (stopped ones aside).
    pub fn len(&self) -> usize {
        self.entries.len() - self.stopped.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Alerts read from the database: those held and those left out.
    pub(super) fn read(&self) -> usize {
        self.len() + self.left_out.len()
    }

    /// Adds (or, for an id already held, ignores) confirmed alerts.
    pub fn add(&mut self, entries: impl IntoIterator<Item = Entry>) {
        let mut touched = HashSet::new();
        for e in entries {
            if self.ids.contains_key(&e.id) {
                continue;
            }
            if self.confirmed_upto.as_deref().is_none_or(|c| c < e.confirmed_at.as_str()) {
                self.confirmed_upto = Some(e.confirmed_at.clone());
            }
            let i = self.entries.len();
            self.ids.insert(e.id, i);
            let wants = |k| e.rule.wants.contains(&k);
            let placed = wants(ItemKind::Listing) || (wants(ItemKind::Event) && e.rule.attend != Attend::Online);
            if placed {
                match e.centre {
                    None => self.anywhere.push(i),
                    Some(c) => {
                        let key = (c.lat.to_bits(), c.lon.to_bits());
                        let p = *self.place_of.entry(key).or_insert_with(|| {
                            self.places.push(Place { centre: Some(c), entries: Vec::new() });
                            self.places.len() - 1
                        });
                        self.places[p].entries.push(i);
                        touched.insert(p);
                    }
                }
            }
            if wants(ItemKind::Event) && e.rule.attend != Attend::InPerson {
                self.online.entry(e.rule.category.clone()).or_default().push(i);
            }
            if wants(ItemKind::Resource) {
                self.resources.entry(e.rule.topic.clone()).or_default().push(i);
            }
            self.entries.push(e);
        }
        for p in touched {
            let entries = &self.entries;
            self.places[p].entries.sort_by_key(|&i| std::cmp::Reverse(entries[i].rule.radius_km));
        }
    }

    pub fn stop(&mut self, id: i64) {
        self.left_out.remove(&id);
        if self.ids.contains_key(&id) {
            self.stopped.insert(id);
        }
    }

    /// The alerts an item is for, by their rules: (alert, its centre),
    /// each once, in id order.
    pub fn matching(&self, entity: ItemKind, facts: &ItemFacts) -> Vec<&Entry> {
        let mut found: Vec<usize> = Vec::new();
        let mut consider = |i: usize| {
            let e = &self.entries[i];
            if e.rule.matches(e.centre, entity, facts) {
                found.push(i);
            }
        };
        match entity {
            ItemKind::Resource => {
                for topic in facts.topics.iter().map(|t| t.to_lowercase()).chain([String::new()]) {
                    self.resources.get(&topic).into_iter().flatten().for_each(|&i| consider(i));
                }
            }
            ItemKind::Listing | ItemKind::Event => {
                let placed = entity == ItemKind::Listing || facts.in_person;
                if let (true, Some(p)) = (placed, facts.point) {
                    for place in &self.places {
                        let Some(c) = place.centre else { continue };
                        let km = c.distance_km(p);
                        if km > f64::from(MAX_RADIUS_KM) {
                            continue;
                        }
                        for &i in &place.entries {
                            if f64::from(self.entries[i].rule.radius_km) < km {
                                break;
                            }
                            consider(i);
                        }
                    }
                }
                if placed {
                    self.anywhere.iter().for_each(|&i| consider(i));
                }
                if entity == ItemKind::Event && facts.online {
                    for category in [facts.kind.to_lowercase(), String::new()] {
                        self.online.get(&category).into_iter().flatten().for_each(|&i| consider(i));
                    }
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        found.into_iter().map(|i| &self.entries[i]).filter(|e| !self.stopped.contains(&e.id)).collect()
    }
}

/// A stored alert's rule.
pub fn rule_of(a: &StoredAlert) -> AlertRule {
    AlertRule {
        wants: a.wants.split(',').filter_map(ItemKind::parse).collect(),
        kind: a.kinds.clone(),
        tag: a.tag.clone(),
        lang: a.lang.clone(),
        category: a.category.clone(),
        topic: a.topic.clone(),
        attend: app::alerts::Attend::parse(&a.attend).unwrap_or(app::alerts::Attend::Both),
        radius_km: a.radius_km as u32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: i64, centre: Option<LatLon>, wants: &[ItemKind], attend: Attend, radius_km: u32) -> Entry {
        let rule = AlertRule {
            wants: wants.to_vec(),
            kind: String::new(),
            tag: String::new(),
            lang: String::new(),
            category: String::new(),
            topic: String::new(),
            attend,
            radius_km,
        };
        Entry { id, centre, rule, confirmed_at: "2026-12-01T00:00:00Z".into(), alert: Default::default() }
    }

    /// The index finds exactly what reading every alert would.
    #[test]
    fn the_index_agrees_with_a_scan() {
        let sheffield = LatLon::new(53.38, -1.47);
        let leeds = LatLon::new(53.80, -1.55);
        let london = LatLon::new(51.51, -0.13);
        let mut all = Vec::new();
        let mut id = 0;
        for centre in [Some(sheffield), Some(leeds), Some(london), None] {
            for wants in [&[ItemKind::Listing][..], &[ItemKind::Event], &[ItemKind::Resource], &[ItemKind::Listing, ItemKind::Event]] {
                for attend in Attend::ALL {
                    for radius in app::alerts::RADII_KM {
                        id += 1;
                        all.push(entry(id, centre, wants, attend, radius));
                    }
                }
            }
        }
        let mut index = AlertIndex::default();
        index.add(all.clone());
        let rotherham = LatLon::new(53.43, -1.36);
        let items = [
            (ItemKind::Listing, ItemFacts { point: Some(rotherham), ..Default::default() }),
            (ItemKind::Event, ItemFacts { point: Some(rotherham), in_person: true, ..Default::default() }),
            (ItemKind::Event, ItemFacts { point: Some(rotherham), in_person: true, online: true, ..Default::default() }),
            (ItemKind::Event, ItemFacts { online: true, ..Default::default() }),
            (ItemKind::Resource, ItemFacts { topics: vec!["housing".into()], ..Default::default() }),
            (ItemKind::Listing, ItemFacts::default()),
        ];
        for (entity, facts) in &items {
            let scanned: Vec<i64> = all.iter().filter(|e| e.rule.matches(e.centre, *entity, facts)).map(|e| e.id).collect();
            let indexed: Vec<i64> = index.matching(*entity, facts).iter().map(|e| e.id).collect();
            assert_eq!(indexed, scanned, "{entity:?} {facts:?}");
            assert!(!indexed.is_empty());
        }
        index.stop(all[0].id);
        assert!(index.matching(items[0].0, &items[0].1).iter().all(|e| e.id != all[0].id));
        assert_eq!(index.len(), all.len() - 1);
    }
}
