//! A whole list read a chunk at a time (`format=ndjson`), each chunk from
//! the directory as it is *then*: a listing unpublished mid-stream is not
//! sent after, a lockdown empties the directory and so ends the stream,
//! and a request holds one chunk whatever the directory's size. The place
//! reached is a key in the list's order (the directory's, or nearest
//! first), so it survives a new snapshot.

use super::Filter;
use crate::directory::{order_key, Snapshot};
use app::location::LatLon;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Where a listing falls in a list: its distance (0 in the directory's own
/// order), then the directory's order.
#[derive(Clone, Debug, PartialEq)]
pub struct Position {
    km: f64,
    key: (String, String, String),
}

impl Eq for Position {}

impl Ord for Position {
    fn cmp(&self, other: &Self) -> Ordering {
        self.km.total_cmp(&other.km).then_with(|| self.key.cmp(&other.key))
    }
}

impl PartialOrd for Position {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

fn position(snapshot: &Snapshot, i: usize, km: f64) -> Position {
    let l = &snapshot.all()[i];
    Position { km, key: order_key(&l.town, &l.name, &l.slug) }
}

/// The next (at most) `n` listings of `f`'s list after `after`, as indices
/// into `snapshot` with their positions.
pub fn next(snapshot: &Snapshot, f: &Filter, after: Option<&Position>, n: usize) -> Vec<(usize, Position)> {
    let words = f.words();
    match f.near {
        None => {
            let all = snapshot.all();
            // The directory is kept in `order_key` order.
            let start = after.map_or(0, |p| all.partition_point(|l| order_key(&l.town, &l.name, &l.slug) <= p.key));
            (start..all.len()).filter(|&i| f.passes(snapshot, i, &words)).take(n).map(|i| (i, position(snapshot, i, 0.0))).collect()
        }
        Some((centre, km)) => nearest_after(snapshot, f, &words, centre, km.unwrap_or(super::FARTHEST_KM), after, n),
    }
}

/// The `n` nearest after `after`: one pass over the points within `km`,
/// keeping the best `n` (a chunk's worth of memory, not the list's).
fn nearest_after(
    snapshot: &Snapshot,
    f: &Filter,
    words: &[String],
    centre: LatLon,
    km: f64,
    after: Option<&Position>,
    n: usize,
) -> Vec<(usize, Position)> {
    let mut best: BinaryHeap<(Position, usize)> = BinaryHeap::with_capacity(n + 1);
    for slug in snapshot.slugs_within(centre, km) {
        let Some(i) = snapshot.position(slug) else { continue };
        let l = &snapshot.all()[i];
        let (Some(lat), Some(lon)) = (l.lat, l.lon) else { continue };
        let km = centre.distance_km(LatLon::new(lat, lon));
        // By distance alone first: the key (three strings) only for ties.
        let before_cursor = after.is_some_and(|a| km < a.km);
        let beyond_best = best.len() == n && best.peek().is_some_and(|(worst, _)| km > worst.km);
        if before_cursor || beyond_best || !f.passes(snapshot, i, words) {
            continue;
        }
        let pos = Position { km, key: order_key(&l.town, &l.name, &l.slug) };
        if after.is_some_and(|a| &pos <= a) {
            continue;
        }
        best.push((pos, i));
        if best.len() > n {
            best.pop();
        }
    }
    best.into_sorted_vec().into_iter().map(|(p, i)| (i, p)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::model::PublicListing;

    fn listing(slug: &str, town: &str, lat: f64) -> PublicListing {
        serde_json::from_value(serde_json::json!({
            "slug": slug, "kind": "group", "kind_label": "Group", "name": slug, "summary": "", "description": "",
            "description_html": "", "town": town, "region": null, "precision": "area", "lat": lat, "lon": 0.0,
            "address": null, "tags": [], "languages": [], "meeting_times": "", "accessibility": "", "website": null,
            "email": null, "phone": null, "last_confirmed": null
        }))
        .unwrap()
    }

    fn walk(snapshot: &Snapshot, f: &Filter, n: usize) -> Vec<String> {
        let (mut seen, mut after) = (Vec::new(), None);
        loop {
            let chunk = next(snapshot, f, after.as_ref(), n);
            let Some((_, last)) = chunk.last().cloned() else { return seen };
            seen.extend(chunk.iter().map(|(i, _)| snapshot.all()[*i].slug.clone()));
            after = Some(last);
        }
    }

    #[test]
    fn chunks_walk_the_whole_list_once_in_order() {
        let mut listings: Vec<PublicListing> = (0..23).map(|k| listing(&format!("l{k:02}"), "Town", 50.0 + k as f64 * 0.01)).collect();
        listings.sort_by_cached_key(|l| order_key(&l.town, &l.name, &l.slug));
        let snapshot = Snapshot::new(listings.clone());
        let all: Vec<String> = listings.iter().map(|l| l.slug.clone()).collect();
        assert_eq!(walk(&snapshot, &Filter::default(), 5), all);
        // Nearest first from the far end: the reverse.
        let near = Filter { near: Some((LatLon::new(50.3, 0.0), None)), ..Default::default() };
        assert_eq!(walk(&snapshot, &near, 4), all.iter().rev().cloned().collect::<Vec<_>>());
    }
}
