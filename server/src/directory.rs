//! The public directory in memory: published listings at their public
//! points, in two R-trees (one on the sphere for "nearest first", one in
//! degrees for map views). Derived from the database, rebuilt after every
//! write and at start, so it can never hold anything the store does not.

use app::location::{degrees_around, public_distance_km, to_pixels, LatLon};
use app::model::PublicListing;
use arc_swap::ArcSwap;
use rstar::primitives::GeomWithData;
use rstar::{RTree, AABB};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};

type Point2 = GeomWithData<[f64; 2], usize>;
type Point3 = GeomWithData<[f64; 3], usize>;

/// A map view: west, south, east, north in degrees.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BBox {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

impl BBox {
    /// Parses `west,south,east,north`, saying what is wrong otherwise.
    pub fn parse(text: &str) -> Result<BBox, String> {
        let parts: Vec<&str> = text.split(',').map(str::trim).collect();
        if parts.len() != 4 {
            return Err("bbox must be four numbers: west,south,east,north".into());
        }
        let mut v = [0.0; 4];
        for (i, p) in parts.iter().enumerate() {
            v[i] = p.parse::<f64>().ok().filter(|x| x.is_finite()).ok_or_else(|| format!("bbox: {p:?} is not a number"))?;
        }
        let [west, south, east, north] = v;
        if !(-90.0..=90.0).contains(&south) || !(-90.0..=90.0).contains(&north) {
            return Err("bbox: latitudes must be between -90 and 90".into());
        }
        if !(-180.0..=180.0).contains(&west) || !(-180.0..=180.0).contains(&east) {
            return Err("bbox: longitudes must be between -180 and 180".into());
        }
        // Two corners in either order (views across the antimeridian are
        // not supported: the box is between the two longitudes given).
        Ok(BBox { west: west.min(east), south: south.min(north), east: west.max(east), north: south.max(north) })
    }

    fn envelope(&self) -> AABB<[f64; 2]> {
        AABB::from_corners([self.west, self.south], [self.east, self.north])
    }
}

/// What a visitor asked for. Every filter narrows; empty ones do nothing.
#[derive(Clone, Debug, Default)]
pub struct DirectoryQuery {
    pub bbox: Option<BBox>,
    pub kinds: Vec<String>,
    pub tag: Option<String>,
    pub lang: Option<String>,
    pub near: Option<LatLon>,
    pub radius_km: Option<f64>,
    /// Only these listings (those with something on this week).
    pub only: Option<std::sync::Arc<std::collections::HashSet<String>>>,
    /// Words that must all be in the name, kind or town, folded
    /// (`app::model::query_words`).
    pub words: Vec<String>,
}

/// One page of results.
#[derive(Debug)]
pub struct ListingPage {
    pub items: Vec<PublicListing>,
    pub total: usize,
    pub next_offset: Option<usize>,
}

/// A marker on the map: a group of listings or a single one.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Marker {
    Cluster {
        count: usize,
        lat: f64,
        lon: f64,
        bbox: [f64; 4],
    },
    Point {
        slug: String,
        name: String,
        kind: String,
        lat: f64,
        lon: f64,
        /// Not confirmed as active for over 15 months: drawn dimmed.
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        inactive: bool,
    },
}

#[derive(Default)]
pub struct Snapshot {
    listings: Vec<PublicListing>,
    /// Tags and languages in use, sorted: worked out once per snapshot,
    /// since every filtered request checks against them.
    tags: Vec<String>,
    languages: Vec<String>,
    /// Listings of each kind, for the home page.
    kind_counts: HashMap<String, usize>,
    by_slug: HashMap<String, usize>,
    /// Each listing's name, kind and town, folded once per snapshot, so
    /// narrowing by words allocates nothing per listing.
    words: Vec<String>,
    flat: RTree<Point2>,
    sphere: RTree<Point3>,
    /// The whole directory as each download, made by the first to ask.
    downloads: [OnceLock<Result<Download, String>>; 2],
    /// Open Referral ids to listings, made by the first ORUK request.
    oruk_ids: OnceLock<crate::openreferral::ids::IdIndex>,
}

/// The downloads kept with a snapshot.
#[derive(Clone, Copy, Debug)]
pub enum DownloadKind {
    GeoJson = 0,
    Csv = 1,
}

/// A download's bytes and the ETag that names them.
#[derive(Clone, Debug)]
pub struct Download {
    pub body: axum::body::Bytes,
    pub etag: String,
}

impl Download {
    pub fn new(body: Vec<u8>) -> Self {
        use sha2::Digest;
        let hash = sha2::Sha256::digest(&body);
        let etag = format!("\"{}\"", hash.iter().take(12).map(|b| format!("{b:02x}")).collect::<String>());
        Download { body: body.into(), etag }
    }
}

fn unit_vector(p: LatLon) -> [f64; 3] {
    let (lat, lon) = (p.lat.to_radians(), p.lon.to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}

impl Snapshot {
    pub fn new(listings: Vec<PublicListing>) -> Self {
        let mut flat = Vec::new();
        let mut sphere = Vec::new();
        let mut by_slug = HashMap::new();
        for (i, l) in listings.iter().enumerate() {
            by_slug.insert(l.slug.clone(), i);
            if let (Some(lat), Some(lon)) = (l.lat, l.lon) {
                flat.push(Point2::new([lon, lat], i));
                sphere.push(Point3::new(unit_vector(LatLon::new(lat, lon)), i));
            }
        }
        let sorted = |mut v: Vec<String>| {
            v.sort();
            v.dedup();
            v
        };
        let tags = sorted(listings.iter().flat_map(|l| l.tags.clone()).collect());
        let languages = sorted(listings.iter().flat_map(|l| l.languages.clone()).collect());
        let mut kind_counts = HashMap::new();
        for l in &listings {
            *kind_counts.entry(l.kind.clone()).or_insert(0) += 1;
        }
        let words = listings.iter().map(|l| app::model::words_of_listing(&l.name, &l.kind_label, &l.town)).collect();
        Snapshot {
            listings,
            tags,
            languages,
            kind_counts,
            by_slug,
            words,
            flat: RTree::bulk_load(flat),
            sphere: RTree::bulk_load(sphere),
            downloads: Default::default(),
            oruk_ids: OnceLock::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.listings.len()
    }

    /// The whole directory as `kind`, made by `make` once per snapshot
    /// (callers on other threads wait for the first).
    pub fn download(&self, kind: DownloadKind, make: impl FnOnce() -> Result<Vec<u8>, String>) -> Result<Download, String> {
        self.downloads[kind as usize].get_or_init(|| make().map(Download::new)).clone()
    }

    pub fn is_empty(&self) -> bool {
        self.listings.is_empty()
    }

    pub fn oruk_ids(&self) -> &crate::openreferral::ids::IdIndex {
        self.oruk_ids.get_or_init(|| crate::openreferral::ids::IdIndex::new(&self.listings))
    }

    pub fn all(&self) -> &[PublicListing] {
        &self.listings
    }

    /// Where the listing with this slug is in [`Snapshot::all`].
    pub fn position(&self, slug: &str) -> Option<usize> {
        self.by_slug.get(slug).copied()
    }

    /// True when the listing at `i` holds every word (`app::model::query_words`)
    /// in its name, kind or town.
    pub fn holds_words(&self, i: usize, words: &[String]) -> bool {
        app::model::holds_every_word(&self.words[i], words)
    }

    pub fn get(&self, slug: &str) -> Option<&PublicListing> {
        self.by_slug.get(slug).map(|&i| &self.listings[i])
    }

    /// How many listings each kind has.
    pub fn kind_counts(&self) -> &HashMap<String, usize> {
        &self.kind_counts
    }

    /// All tags and languages in use, for filter menus.
    pub fn facets(&self) -> (&[String], &[String]) {
        (&self.tags, &self.languages)
    }

    fn passes(&self, i: usize, q: &DirectoryQuery) -> bool {
        let l = &self.listings[i];
        (q.kinds.is_empty() || q.kinds.contains(&l.kind))
            && q.tag.as_ref().is_none_or(|t| l.tags.contains(t))
            && q.lang.as_ref().is_none_or(|lang| l.languages.contains(lang))
            && q.only.as_ref().is_none_or(|only| only.contains(&l.slug))
            && self.holds_words(i, &q.words)
    }

    fn in_bbox(&self, l: &PublicListing, bbox: &Option<BBox>) -> bool {
        match (bbox, l.lat, l.lon) {
            (None, _, _) => true,
            (Some(b), Some(lat), Some(lon)) => lon >= b.west && lon <= b.east && lat >= b.south && lat <= b.north,
            _ => false,
        }
    }

    /// Listings matching the query, in order: nearest first with `near`,
    /// else the stored order (town, then name). Lazy, so a page of the
    /// nearest stops as soon as it is full.
    fn matching<'a>(&'a self, q: &'a DirectoryQuery) -> Box<dyn Iterator<Item = (usize, Option<f64>)> + 'a> {
        if let Some(centre) = q.near {
            let radius = q.radius_km.unwrap_or(f64::INFINITY);
            let iter = self
                .sphere
                .nearest_neighbor_iter(&unit_vector(centre))
                .map(move |p| {
                    let l = &self.listings[p.data];
                    (
                        p.data,
                        centre.distance_km(LatLon::new(
                            l.lat.expect("the sphere holds only listings with a point"),
                            l.lon.expect("the sphere holds only listings with a point"),
                        )),
                    )
                })
                .take_while(move |(_, km)| *km <= radius)
                .filter(move |(i, _)| self.passes(*i, q) && self.in_bbox(&self.listings[*i], &q.bbox))
                .map(|(i, km)| (i, Some(km)));
            return Box::new(iter);
        }
        let mut indices: Vec<usize> = match &q.bbox {
            Some(b) => self.flat.locate_in_envelope(&b.envelope()).map(|p| p.data).collect(),
            None => (0..self.listings.len()).collect(),
        };
        indices.sort_unstable();
        Box::new(indices.into_iter().filter(move |&i| self.passes(i, q)).map(|i| (i, None)))
    }

    /// How many listings match, without ordering them.
    fn count(&self, q: &DirectoryQuery) -> usize {
        let Some(centre) = q.near else {
            return self.matching(q).count();
        };
        let within = |l: &PublicListing| match (l.lat, l.lon) {
            (Some(lat), Some(lon)) => q.radius_km.is_none_or(|r| centre.distance_km(LatLon::new(lat, lon)) <= r),
            _ => false,
        };
        match q.radius_km {
            // Only points in the radius's bounding box can be in the radius.
            Some(r) => {
                let (dlat, dlon) = degrees_around(centre, r);
                let env = AABB::from_corners([centre.lon - dlon, centre.lat - dlat], [centre.lon + dlon, centre.lat + dlat]);
                self.flat
                    .locate_in_envelope(&env)
                    .filter(|p| self.passes(p.data, q))
                    .map(|p| &self.listings[p.data])
                    .filter(|l| within(l) && self.in_bbox(l, &q.bbox))
                    .count()
            }
            // No filter at all: every listing with a point.
            None if q.kinds.is_empty()
                && q.tag.is_none()
                && q.lang.is_none()
                && q.bbox.is_none()
                && q.only.is_none()
                && q.words.is_empty() =>
            {
                self.sphere.size()
            }
            None => self.sphere.iter().filter(|p| self.passes(p.data, q) && self.in_bbox(&self.listings[p.data], &q.bbox)).count(),
        }
    }

    /// Slugs of the listings whose public point is within `km` of
    /// `centre`, nearest first, at most `max` (what's on near me).
    /// The listings within `km` of `centre`, in no order: the points in the
    /// radius's bounding box, then the distance (no nearest-first queue).
    pub fn slugs_within(&self, centre: LatLon, km: f64) -> impl Iterator<Item = &str> {
        let (dlat, dlon) = degrees_around(centre, km);
        let env = AABB::from_corners([centre.lon - dlon, centre.lat - dlat], [centre.lon + dlon, centre.lat + dlat]);
        self.flat.locate_in_envelope(&env).map(|p| &self.listings[p.data]).filter_map(move |l| {
            let km_away = centre.distance_km(LatLon::new(l.lat?, l.lon?));
            (km_away <= km).then_some(l.slug.as_str())
        })
    }

    /// The listings from `from_km` to `to_km` of `centre` (both
    /// included, and a little more: the caller measures each exactly), in
    /// no order: the sphere's tree is entered only where it meets that
    /// shell, so a walk outward by shells reads each point about once.
    pub fn within_shell(&self, centre: LatLon, from_km: f64, to_km: f64) -> impl Iterator<Item = usize> + '_ {
        /// The straight line through the Earth between two points `km`
        /// apart on it, on the unit sphere; 1e-7 is about 60 cm, far more
        /// than the rounding between the two measures.
        fn chord(km: f64) -> f64 {
            2.0 * (km / (2.0 * app::location::EARTH_RADIUS_KM)).clamp(0.0, std::f64::consts::FRAC_PI_2).sin()
        }
        struct Shell {
            centre: [f64; 3],
            inner2: f64,
            outer2: f64,
        }
        impl rstar::SelectionFunction<Point3> for Shell {
            fn should_unpack_parent(&self, envelope: &AABB<[f64; 3]>) -> bool {
                let (lo, hi) = (envelope.lower(), envelope.upper());
                let farthest2: f64 = (0..3).map(|k| (self.centre[k] - lo[k]).abs().max((self.centre[k] - hi[k]).abs()).powi(2)).sum();
                envelope.distance_2(&self.centre) <= self.outer2 && farthest2 >= self.inner2
            }
            fn should_unpack_leaf(&self, leaf: &Point3) -> bool {
                let d2: f64 = leaf.geom().iter().zip(self.centre).map(|(a, b)| (a - b).powi(2)).sum();
                (self.inner2..=self.outer2).contains(&d2)
            }
        }
        let inner = (chord(from_km) - 1e-7).max(0.0);
        let shell = Shell { centre: unit_vector(centre), inner2: inner * inner, outer2: (chord(to_km) + 1e-7).powi(2) };
        self.sphere.locate_with_selection_function(shell).map(|p| p.data)
    }

    pub fn slugs_near(&self, centre: LatLon, km: f64, max: usize) -> Vec<String> {
        let q = DirectoryQuery { near: Some(centre), radius_km: Some(km), ..Default::default() };
        self.matching(&q).take(max).map(|(i, _)| self.listings[i].slug.clone()).collect()
    }

    pub fn search(&self, q: &DirectoryQuery, offset: usize, limit: usize) -> ListingPage {
        let total = self.count(q);
        let items: Vec<PublicListing> = self
            .matching(q)
            .skip(offset)
            .take(limit)
            .map(|(i, km)| {
                let mut l = self.listings[i].clone();
                l.distance_km = km.map(|km| public_distance_km(l.precision, km));
                l
            })
            .collect();
        let next_offset = (offset.saturating_add(limit) < total).then(|| offset + limit);
        ListingPage { items, total, next_offset }
    }

    /// Markers for a map view at a zoom level: listings closer than about
    /// 60 screen pixels are grouped. Works on public points only.
    pub fn markers(&self, q: &DirectoryQuery, bbox: BBox, zoom: u8) -> Vec<Marker> {
        /// A cell's running totals: no per-cell lists, so a view over the
        /// whole country stays fast.
        struct Cell {
            count: usize,
            first: usize,
            sum: (f64, f64),
            bounds: [f64; 4],
        }
        let world_px = 256.0 * 2f64.powi(zoom as i32);
        let cell_px = 60.0;
        let mut cells: HashMap<(i64, i64), Cell> = HashMap::new();
        for p in self.flat.locate_in_envelope(&bbox.envelope()) {
            if !self.passes(p.data, q) {
                continue;
            }
            let [lon, lat] = *p.geom();
            let (x, y) = to_pixels(lat, lon, world_px);
            let cell = cells.entry(((x / cell_px) as i64, (y / cell_px) as i64)).or_insert(Cell {
                count: 0,
                first: p.data,
                sum: (0.0, 0.0),
                bounds: [lon, lat, lon, lat],
            });
            cell.count += 1;
            cell.sum.0 += lat;
            cell.sum.1 += lon;
            cell.bounds = [cell.bounds[0].min(lon), cell.bounds[1].min(lat), cell.bounds[2].max(lon), cell.bounds[3].max(lat)];
        }
        // Markers from neighbouring cells can land almost on top of each
        // other; merge any closer than a marker's width so every marker
        // stays a target of at least 24 px with room around it. Cells are
        // wider than that gap, so only grid neighbours can be too close:
        // one pass over each cell's forward neighbours, linear in the view.
        let project = |c: &Cell| to_pixels(c.sum.0 / c.count as f64, c.sum.1 / c.count as f64, world_px);
        let min_gap = 40.0;
        let mut keys: Vec<(i64, i64)> = cells.keys().copied().collect();
        keys.sort_unstable();
        for key in &keys {
            for (dx, dy) in [(0, 1), (1, -1), (1, 0), (1, 1)] {
                let neighbour = (key.0 + dx, key.1 + dy);
                let (Some(a), Some(b)) = (cells.get(key), cells.get(&neighbour)) else { continue };
                let (pa, pb) = (project(a), project(b));
                if (pa.0 - pb.0).hypot(pa.1 - pb.1) < min_gap {
                    let other = cells.remove(&neighbour).expect("checked above");
                    let c = cells.get_mut(key).expect("checked above");
                    c.count += other.count;
                    c.sum = (c.sum.0 + other.sum.0, c.sum.1 + other.sum.1);
                    c.bounds = [
                        c.bounds[0].min(other.bounds[0]),
                        c.bounds[1].min(other.bounds[1]),
                        c.bounds[2].max(other.bounds[2]),
                        c.bounds[3].max(other.bounds[3]),
                    ];
                }
            }
        }
        let mut cells: Vec<Cell> = keys.iter().filter_map(|k| cells.remove(k)).collect();
        cells.sort_by(|a, b| a.bounds[0].total_cmp(&b.bounds[0]).then(a.bounds[1].total_cmp(&b.bounds[1])));
        let round = |x: f64| (x * 1e5).round() / 1e5;
        cells
            .into_iter()
            .map(|c| {
                if c.count == 1 {
                    let l = &self.listings[c.first];
                    Marker::Point {
                        slug: l.slug.clone(),
                        name: l.name.clone(),
                        kind: l.kind.clone(),
                        lat: l.lat.expect("a cell gathers only listings with a point"),
                        lon: l.lon.expect("a cell gathers only listings with a point"),
                        inactive: l.may_be_inactive,
                    }
                } else {
                    let n = c.count as f64;
                    Marker::Cluster { count: c.count, lat: round(c.sum.0 / n), lon: round(c.sum.1 / n), bbox: c.bounds }
                }
            })
            .collect()
    }
}

/// The directory's order: town, then name (ignoring ASCII case), then
/// slug. Applied here rather than by the database, whose collations
/// differ (SQLite compares bytes, PostgreSQL follows its locale).
pub fn order_key(town: &str, name: &str, slug: &str) -> (String, String, String) {
    (town.to_ascii_lowercase(), name.to_ascii_lowercase(), slug.to_string())
}

/// The current snapshot, swapped whole after each rebuild so readers never
/// see a half-built one.
#[derive(Default)]
pub struct Directory {
    current: ArcSwap<Snapshot>,
}

impl Directory {
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.current.load_full()
    }

    pub fn replace(&self, listings: Vec<PublicListing>) {
        let snapshot = Arc::new(Snapshot::new(listings));
        self.current.store(snapshot);
    }

    /// Replaces the listings named in `slugs` with `fresh` (those of them
    /// still published), keeping the store's order: town, name, slug.
    /// Callers serialise their updates (see `ReadModel::refresh_changed`).
    pub fn patch(&self, slugs: &[String], fresh: Vec<PublicListing>) {
        let changed: HashSet<&str> = slugs.iter().map(String::as_str).collect();
        let mut listings: Vec<PublicListing> =
            self.snapshot().all().iter().filter(|l| !changed.contains(l.slug.as_str())).cloned().collect();
        listings.extend(fresh);
        listings.sort_by_cached_key(|l| order_key(&l.town, &l.name, &l.slug));
        self.replace(listings);
    }
}
