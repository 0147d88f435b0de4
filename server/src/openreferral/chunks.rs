//! A whole list read a chunk at a time (`format=ndjson`), each chunk from
//! the directory as it is *then*: a listing unpublished mid-stream is not
//! sent after, a lockdown empties the directory and so ends the stream,
//! and a request holds one chunk whatever the directory's size. The place
//! reached is a key in the list's order (the directory's, or nearest
//! first), so it survives a new snapshot; nearest first, the next chunk
//! reads outward from there (a shell at a time), not the radius again.

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

/// Where a walk through a list has reached, and how wide a shell of
/// the radius gave its last chunk (nearest first).
#[derive(Clone, Debug, Default)]
pub struct Cursor {
    after: Option<Position>,
    span_km: Option<f64>,
}

/// The next (at most) `n` listings of `f`'s list after the cursor, as
/// indices into `snapshot` with their positions; the cursor moves past them.
pub fn next(snapshot: &Snapshot, f: &Filter, cursor: &mut Cursor, n: usize) -> Vec<(usize, Position)> {
    let words = f.words();
    let chunk = match f.near {
        None => {
            let all = snapshot.all();
            // The directory is kept in `order_key` order.
            let start = cursor.after.as_ref().map_or(0, |p| all.partition_point(|l| order_key(&l.town, &l.name, &l.slug) <= p.key));
            (start..all.len()).filter(|&i| f.passes(snapshot, i, &words)).take(n).map(|i| (i, position(snapshot, i, 0.0))).collect()
        }
        Some((centre, km)) => nearest_after(snapshot, f, &words, (centre, km.unwrap_or(super::FARTHEST_KM)), cursor, n),
    };
    if let Some((_, last)) = chunk.last() {
        cursor.after = Some(last.clone());
    }
    chunk
}

/// How many listings `f`'s whole list holds now: what a stream announces
/// before its first line, so a reader can tell a list cut short (a
/// lockdown, a dropped connection) from a complete one.
pub fn count(snapshot: &Snapshot, f: &Filter) -> usize {
    let words = f.words();
    match f.near {
        None => (0..snapshot.len()).filter(|&i| f.passes(snapshot, i, &words)).count(),
        Some((centre, km)) => {
            let radius = km.unwrap_or(super::FARTHEST_KM);
            let within = |i: usize| {
                let l = &snapshot.all()[i];
                l.lat.zip(l.lon).is_some_and(|(lat, lon)| centre.distance_km(LatLon::new(lat, lon)) <= radius)
            };
            snapshot.within_shell(centre, 0.0, radius).filter(|&i| within(i) && f.passes(snapshot, i, &words)).count()
        }
    }
}

/// The `n` nearest after the cursor, keeping the best `n` (a chunk's
/// worth of memory, not the list's) of the points in shells read outward
/// from the cursor's distance: the first as wide as the last chunk needed,
/// each next one twice the last, until `n` are found or the radius ends.
/// A point beyond a shell is farther than every point in it, so the
/// chunk is exactly what one pass over the whole radius would keep.
fn nearest_after(
    snapshot: &Snapshot,
    f: &Filter,
    words: &[String],
    (centre, radius): (LatLon, f64),
    cursor: &mut Cursor,
    n: usize,
) -> Vec<(usize, Position)> {
    let after = cursor.after.as_ref();
    let start = after.map_or(0.0, |a| a.km);
    let mut width = cursor.span_km.unwrap_or(radius / 64.0).max(0.05);
    let mut best: BinaryHeap<(Position, usize)> = BinaryHeap::with_capacity(n + 1);
    let mut inner = start;
    loop {
        let outer = (inner + width).min(radius);
        for i in snapshot.within_shell(centre, inner, outer) {
            let l = &snapshot.all()[i];
            let (Some(lat), Some(lon)) = (l.lat, l.lon) else { continue };
            let km = centre.distance_km(LatLon::new(lat, lon));
            // Exactly this shell: the first includes its inner edge (the
            // cursor's own distance), later ones start past the last's.
            let in_shell = km <= outer && if inner == start { km >= inner } else { km > inner };
            let beyond_best = best.len() == n && best.peek().is_some_and(|(worst, _)| km > worst.km);
            if !in_shell || beyond_best || !f.passes(snapshot, i, words) {
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
        if best.len() == n || outer >= radius {
            break;
        }
        (inner, width) = (outer, width * 2.0);
    }
    let chunk = best.into_sorted_vec();
    // The next chunk starts with the width this one needed, and a little more.
    if let Some((last, _)) = chunk.last() {
        cursor.span_km = Some((last.km - start) * 1.25);
    }
    chunk.into_iter().map(|(p, i)| (i, p)).collect()
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
        let (mut seen, mut cursor) = (Vec::new(), Cursor::default());
        loop {
            let chunk = next(snapshot, f, &mut cursor, n);
            if chunk.is_empty() {
                return seen;
            }
            seen.extend(chunk.iter().map(|(i, _)| snapshot.all()[*i].slug.clone()));
        }
    }

    /// Nearest first, resumed shell by shell, is exactly the list one
    /// pass over the radius gives, sorted (ties by the directory's order):
    /// many points, some on the same spot (a town's centre), any chunk size.
    #[test]
    fn nearest_first_resumed_outward_is_the_whole_radius_sorted() {
        let mut seed = 7u64;
        let mut rand = move || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut listings: Vec<PublicListing> = (0..1500)
            .map(|k| {
                let mut l = listing(&format!("g{k:04}"), ["Leeds", "Hull", "York"][k % 3], 0.0);
                // A third on one of three town centres, the rest spread over ~400 km.
                let (lat, lon) =
                    if k % 3 == 0 { ([53.8, 53.74, 53.96][k % 9 / 3], -1.5) } else { (50.5 + rand() * 4.0, -4.0 + rand() * 4.0) };
                (l.lat, l.lon) = (Some(lat), Some(lon));
                l
            })
            .collect();
        listings.push(listing("no-point", "Leeds", 0.0));
        listings.last_mut().unwrap().lat = None;
        listings.sort_by_cached_key(|l| order_key(&l.town, &l.name, &l.slug));
        let snapshot = Snapshot::new(listings.clone());
        // Leeds's centre: a third of its listings are on it, ties at 0 km.
        let centre = LatLon::new(53.8, -1.5);
        for radius in [None, Some(150.0), Some(0.5)] {
            let f = Filter { near: Some((centre, radius)), ..Default::default() };
            let mut expected: Vec<(Position, String)> = listings
                .iter()
                .filter_map(|l| Some((centre.distance_km(LatLon::new(l.lat?, l.lon?)), l)))
                .filter(|(km, _)| *km <= radius.unwrap_or(super::super::FARTHEST_KM))
                .map(|(km, l)| (Position { km, key: order_key(&l.town, &l.name, &l.slug) }, l.slug.clone()))
                .collect();
            expected.sort();
            let expected: Vec<String> = expected.into_iter().map(|(_, s)| s).collect();
            assert_eq!(count(&snapshot, &f), expected.len(), "radius {radius:?}: the count announced");
            for n in [1, 7, 200, 5000] {
                assert_eq!(walk(&snapshot, &f, n), expected, "radius {radius:?}, chunks of {n}");
            }
        }
    }

    #[test]
    fn chunks_walk_the_whole_list_once_in_order() {
        let mut listings: Vec<PublicListing> = (0..23).map(|k| listing(&format!("l{k:02}"), "Town", 50.0 + k as f64 * 0.01)).collect();
        listings.sort_by_cached_key(|l| order_key(&l.town, &l.name, &l.slug));
        let snapshot = Snapshot::new(listings.clone());
        let all: Vec<String> = listings.iter().map(|l| l.slug.clone()).collect();
        assert_eq!(walk(&snapshot, &Filter::default(), 5), all);
        assert_eq!(count(&snapshot, &Filter::default()), all.len());
        // Nearest first from the far end: the reverse.
        let near = Filter { near: Some((LatLon::new(50.3, 0.0), None)), ..Default::default() };
        assert_eq!(walk(&snapshot, &near, 4), all.iter().rev().cloned().collect::<Vec<_>>());
    }
}
