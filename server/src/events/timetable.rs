//! When each published series is on and where it is shown, in memory: a
//! near-me question ("what's on this week within 10 km") chooses the few
//! series whose dates come first among those around the point, and only
//! their rows are read from the database. Reading every series around a
//! point from the database took 20–30 ms at 50,000 series (docs/performance.md).
//!
//! Kept as the search index is: built at load, and patched by
//! `ReadModel::reindex_events` after every change to
//! series (this instance's writes, the five-minute check for others', the
//! nightly expansion). It decides which series to read, never what is
//! shown: places and filters are applied to what the database returns.

use super::StoredEvent;
use app::location::LatLon;
use rustc_hash::FxHashMap as HashMap;
use std::collections::BinaryHeap;
use std::sync::Arc;

/// One published series: where its place is held, and its occurrences as
/// (start, end) in Unix seconds, by start.
#[derive(Clone, Debug)]
pub struct Spot {
    pub slug: String,
    pub listing: String,
    /// Held at its listing (found through the directory's points).
    pub at_listing: bool,
    /// A venue's public point.
    pub venue: Option<LatLon>,
    /// Anyone may join it online (online only, or hybrid).
    pub online: bool,
    pub times: Vec<(i64, i64)>,
    /// The series as last read, without its description (what a list of
    /// dates shows and filters on), so a page of dates reads no series rows.
    pub event: Option<Arc<StoredEvent>>,
}

#[derive(Default)]
pub struct Timetable {
    spots: HashMap<i64, Spot>,
    at_listing: HashMap<String, Vec<i64>>,
    venues: Vec<(i64, LatLon)>,
    /// Series anyone may join online: near any place.
    online: Vec<i64>,
}

/// Which series a change replaces.
pub enum Replaced<'a> {
    All,
    Slugs(&'a [String]),
    OfListings(&'a [String]),
}

impl Timetable {
    pub fn new(spots: HashMap<i64, Spot>) -> Timetable {
        let mut t = Timetable { spots, ..Default::default() };
        for (id, s) in &t.spots {
            if s.at_listing {
                t.at_listing.entry(s.listing.clone()).or_default().push(*id);
            }
            if let Some(p) = s.venue {
                t.venues.push((*id, p));
            }
            if s.online {
                t.online.push(*id);
            }
        }
        t
    }

    /// A copy with `replaced` series dropped and `fresh` ones added.
    pub fn patched(&self, replaced: &Replaced, fresh: Vec<(i64, Spot)>) -> Timetable {
        let mut spots: HashMap<i64, Spot> = match replaced {
            Replaced::All => HashMap::default(),
            Replaced::Slugs(slugs) => self.spots.iter().filter(|(_, s)| !slugs.contains(&s.slug)).map(|(i, s)| (*i, s.clone())).collect(),
            Replaced::OfListings(ls) => self.spots.iter().filter(|(_, s)| !ls.contains(&s.listing)).map(|(i, s)| (*i, s.clone())).collect(),
        };
        spots.extend(fresh);
        Timetable::new(spots)
    }

    /// The series as last read (without its description).
    pub fn event(&self, id: i64) -> Option<Arc<StoredEvent>> {
        self.spots.get(&id).and_then(|s| s.event.clone())
    }

    pub fn len(&self) -> usize {
        self.spots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spots.is_empty()
    }

    /// The series held at these listings or at a venue within `km` of `centre`.
    /// The series held at `listings` or at a venue within `km` of
    /// `centre`, and (`with_online`) those anyone may join online.
    pub fn series_near<'a>(&self, listings: impl IntoIterator<Item = &'a str>, centre: LatLon, km: f64, with_online: bool) -> Vec<i64> {
        let mut ids: Vec<i64> = listings.into_iter().filter_map(|l| self.at_listing.get(l)).flatten().copied().collect();
        ids.extend(self.venues.iter().filter(|(_, p)| centre.distance_km(*p) <= km).map(|(id, _)| *id));
        if with_online {
            ids.extend(&self.online);
            ids.sort_unstable();
            ids.dedup();
        }
        ids
    }

    /// Of `ids`, those with an occurrence going on in [from, to).
    pub fn on_between(&self, ids: &[i64], from: i64, to: i64, earliest: i64) -> Vec<i64> {
        ids.iter().copied().filter(|id| self.spots.get(id).is_some_and(|s| first_on(s, from, to, earliest, None).is_some())).collect()
    }

    /// The series behind the first `n` occurrences of `ids` in [from, to)
    /// after `after` (start, series), in time order, and whether more follow.
    pub fn first_series(&self, ids: &[i64], window: (i64, i64, i64), after: Option<(i64, i64)>, n: usize) -> (Vec<i64>, bool) {
        let (from, to, earliest) = window;
        // A min-heap of each series' next occurrence: (start, id, position).
        let mut heap = BinaryHeap::new();
        for id in ids {
            let Some(s) = self.spots.get(id) else { continue };
            // Strictly after the cursor's (start, series).
            let after_here = after.map(|(start, series)| (start, *id > series));
            if let Some(i) = first_on(s, from, to, earliest, after_here) {
                heap.push(std::cmp::Reverse((s.times[i].0, *id, i)));
            }
        }
        let mut chosen = Vec::new();
        for _ in 0..n {
            let Some(std::cmp::Reverse((_, id, i))) = heap.pop() else { return (dedup(chosen), false) };
            chosen.push(id);
            let s = &self.spots[&id];
            if let Some(j) = (i + 1..s.times.len()).find(|&j| s.times[j].1 > from) {
                if s.times[j].0 < to {
                    heap.push(std::cmp::Reverse((s.times[j].0, id, j)));
                }
            }
        }
        (dedup(chosen), !heap.is_empty())
    }
}

/// The position of `s`'s first occurrence going on in [from, to) (started
/// at most `earliest`), after the cursor's start (at it, too, when
/// `inclusive`: the same start, a later series).
fn first_on(s: &Spot, from: i64, to: i64, earliest: i64, after: Option<(i64, bool)>) -> Option<usize> {
    let lowest = match after {
        Some((start, true)) => earliest.max(start),
        Some((start, false)) => earliest.max(start + 1),
        None => earliest,
    };
    let i = s.times.partition_point(|t| t.0 < lowest);
    (i..s.times.len()).take_while(|&j| s.times[j].0 < to).find(|&j| s.times[j].1 > from)
}

fn dedup(mut ids: Vec<i64>) -> Vec<i64> {
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Shared by readers; replaced whole when series change.
pub type Shared = arc_swap::ArcSwap<Timetable>;

#[cfg(test)]
mod tests {
    use super::*;

    fn spot(listing: &str, times: &[(i64, i64)]) -> Spot {
        Spot {
            slug: format!("s-{listing}"),
            listing: listing.into(),
            at_listing: true,
            venue: None,
            online: false,
            times: times.to_vec(),
            event: None,
        }
    }

    #[test]
    fn the_first_series_in_time_order_are_chosen_after_the_cursor() {
        let mut spots = HashMap::default();
        spots.insert(1, spot("a", &[(10, 11), (20, 21), (30, 31)]));
        spots.insert(2, spot("b", &[(15, 16), (25, 26)]));
        spots.insert(3, spot("c", &[(100, 101)]));
        // A festival that began before the window and is still on.
        spots.insert(4, spot("d", &[(0, 50)]));
        let t = Timetable::new(spots);
        let all = t.series_near(["a", "b", "c", "d"], LatLon::new(0.0, 0.0), 1.0, true);
        assert_eq!(all.len(), 4);
        assert_eq!(t.first_series(&all, (12, 90, 0), None, 2), (vec![2, 4], true), "d (on since 0) and b at 15");
        assert_eq!(t.first_series(&all, (12, 90, 0), None, 3), (vec![1, 2, 4], true));
        assert_eq!(t.first_series(&all, (12, 90, 0), Some((20, 1)), 2), (vec![1, 2], false), "after a's 20: b's 25, a's 30");
        assert_eq!(t.first_series(&all, (12, 90, 0), Some((25, 2)), 1), (vec![1], false), "after b's 25: a's 30");
        assert_eq!(t.first_series(&all, (12, 90, 0), Some((30, 1)), 5), (vec![], false), "nothing after a's 30");
        assert_eq!(t.on_between(&all, 60, 200, 0), vec![3]);
        let patched = t.patched(&Replaced::OfListings(&["a".into()]), vec![(9, spot("z", &[(13, 14)]))]);
        assert_eq!(patched.len(), 4);
        assert_eq!(
            patched.first_series(&patched.series_near(["z"], LatLon::new(0.0, 0.0), 1.0, true), (12, 90, 0), None, 1),
            (vec![9], false)
        );
    }
}
