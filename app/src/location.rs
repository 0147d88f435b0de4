//! Where a listing may be shown, given the precision its owner chose.
//! Pure functions: the server applies them on every write, so public
//! queries only ever see the public point.

use crate::model::Precision;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LatLon {
    pub lat: f64,
    pub lon: f64,
}

impl LatLon {
    pub fn new(lat: f64, lon: f64) -> Self {
        LatLon { lat, lon }
    }

    /// Great-circle distance in kilometres (geo's haversine, on the mean
    /// Earth radius below).
    #[cfg(feature = "ssr")]
    pub fn distance_km(self, other: LatLon) -> f64 {
        use geo::{Distance, Haversine, Point};
        Haversine.distance(Point::new(self.lon, self.lat), Point::new(other.lon, other.lat)) / 1000.0
    }
}

/// The mean Earth radius (IUGG), as geo's `Haversine` uses.
/// How far from a town's or postcode district's centre a point may lie
/// and still be in it. GeoNames gives no extents: 15 km holds the largest
/// towns' edges, London's boroughs excepted.
pub fn reach_km(place_name: &str) -> usize {
    match place_name {
        "London" => 30,
        _ => 15,
    }
}

pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Kilometres in one degree of latitude.
pub const KM_PER_DEGREE: f64 = EARTH_RADIUS_KM * std::f64::consts::PI / 180.0;

/// Half the height and width, in degrees, of the box that holds every
/// point within `km` of `centre`: (latitude, longitude).
pub fn degrees_around(centre: LatLon, km: f64) -> (f64, f64) {
    let dlat = km / KM_PER_DEGREE;
    let dlon = (km / (KM_PER_DEGREE * centre.lat.to_radians().cos().max(0.01))).min(180.0);
    (dlat, dlon)
}

/// Web Mercator pixel position of a point on a map `world_px` wide.
pub fn to_pixels(lat: f64, lon: f64, world_px: f64) -> (f64, f64) {
    let s = lat.to_radians().sin().clamp(-0.9999, 0.9999);
    let x = (lon + 180.0) / 360.0 * world_px;
    let y = (0.5 - ((1.0 + s) / (1.0 - s)).ln() / (4.0 * std::f64::consts::PI)) * world_px;
    (x, y)
}

/// The inverse of `to_pixels`: the point at world pixel (x, y).
pub fn from_pixels(x: f64, y: f64, world_px: f64) -> LatLon {
    let lon = x / world_px * 360.0 - 180.0;
    let lat = (std::f64::consts::PI * (1.0 - 2.0 * y / world_px)).sinh().atan().to_degrees();
    LatLon::new(lat, lon)
}

/// Cell size of the "approximate" grid: 0.01° of latitude is about 1.1 km.
const FINE_STEP: f64 = 0.01;
/// Cell size used for "area" listings when the area has no known centroid.
const COARSE_STEP: f64 = 0.1;

/// The centre of the fixed grid cell holding `p`. The grid never moves, so
/// the same listing always lands on the same point and repeated queries
/// cannot be averaged to recover the true one. Longitude cells widen with
/// latitude so cells stay roughly square; the width depends only on the
/// cell's row, never on the point itself.
pub fn snap(p: LatLon, step: f64) -> LatLon {
    let row = (p.lat / step).floor();
    let lat = ((row + 0.5) * step).clamp(-90.0, 90.0);
    let lon_step = step / lat.to_radians().cos().max(0.05);
    let col = (p.lon / lon_step).floor();
    let lon = (col + 0.5) * lon_step;
    LatLon { lat: round5(lat), lon: round5(lon.clamp(-180.0, 180.0)) }
}

/// The point the public may see. `area_centroid` is the centre of the
/// listing's town or district when the gazetteer knows it.
pub fn public_point(precision: Precision, true_point: Option<LatLon>, area_centroid: Option<LatLon>) -> Option<LatLon> {
    match precision {
        Precision::Exact => true_point.map(|p| LatLon { lat: round5(p.lat), lon: round5(p.lon) }),
        Precision::Approximate => true_point.map(|p| snap(p, FINE_STEP)),
        Precision::Area => {
            area_centroid.map(|c| LatLon { lat: round5(c.lat), lon: round5(c.lon) }).or_else(|| true_point.map(|p| snap(p, COARSE_STEP)))
        }
    }
}

/// A distance as shown publicly: to 0.1 km for exact listings, whole
/// kilometres otherwise, so a distance never reveals more than the point.
pub fn public_distance_km(precision: Precision, km: f64) -> f64 {
    match precision {
        Precision::Exact => (km * 10.0).round() / 10.0,
        _ => km.round(),
    }
}

fn round5(x: f64) -> f64 {
    (x * 1e5).round() / 1e5
}

// Distances are the server's (feature `ssr`): so are these tests.
#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn approximate_points_snap_to_the_same_cell_centre() {
        let a = snap(LatLon::new(53.38112, -1.47011), FINE_STEP);
        let b = snap(LatLon::new(53.38491, -1.46602), FINE_STEP);
        assert_eq!(a, b, "nearby points share a cell");
        assert_eq!(a, snap(a, FINE_STEP), "snapping is stable");
        let true_point = LatLon::new(53.38112, -1.47011);
        let d = a.distance_km(true_point);
        assert!(d < 1.2, "within the cell: {d}");
    }

    #[test]
    fn public_point_respects_precision() {
        let p = LatLon::new(53.381_123_4, -1.470_111_1);
        let town = LatLon::new(53.38297, -1.4659);
        assert_eq!(public_point(Precision::Exact, Some(p), None), Some(LatLon::new(53.38112, -1.47011)));
        assert_ne!(public_point(Precision::Approximate, Some(p), Some(town)), Some(p));
        assert_eq!(public_point(Precision::Area, Some(p), Some(town)), Some(town));
        let coarse = public_point(Precision::Area, Some(p), None).unwrap();
        assert!(coarse.distance_km(p) > 0.5 && coarse.distance_km(p) < 12.0);
        assert_eq!(public_point(Precision::Approximate, None, Some(town)), None);
    }

    use proptest::prelude::*;

    proptest! {
        /// For any true point on the map and any precision, the public point
        /// depends on the cell alone: every point of the cell gives the same
        /// one (so repeated answers cannot be averaged), it lies in that
        /// cell, and snapping it again changes nothing.
        #[test]
        fn the_public_point_is_the_cells_whatever_the_true_point(
            lat in 49.0f64..61.5, lon in -11.0f64..2.5, dlat in -0.5f64..0.5, dlon in -0.5f64..0.5,
        ) {
            let p = LatLon::new(lat, lon);
            for (precision, step) in [(Precision::Approximate, FINE_STEP), (Precision::Area, COARSE_STEP)] {
                let shown = public_point(precision, Some(p), None).unwrap();
                let cell = snap(p, step);
                prop_assert_eq!(shown, cell);
                prop_assert_eq!(snap(shown, step), shown);
                // Another point of the same cell: the same public point.
                let lon_step = step / cell.lat.to_radians().cos().max(0.05);
                let q = LatLon::new(cell.lat + dlat * step * 0.999, cell.lon + dlon * lon_step * 0.999);
                prop_assert_eq!(public_point(precision, Some(q), None).unwrap(), shown);
                prop_assert!((shown.lat - p.lat).abs() <= step / 2.0 + 1e-5);
                prop_assert!((shown.lon - p.lon).abs() <= lon_step / 2.0 + 1e-5);
                // Distances shown for it are whole kilometres.
                let km = public_distance_km(precision, shown.distance_km(LatLon::new(53.38, -1.47)));
                prop_assert_eq!(km, km.round());
            }
            // Exact (public buildings only) is the point to five decimals.
            let exact = public_point(Precision::Exact, Some(p), None).unwrap();
            prop_assert!((exact.lat - p.lat).abs() <= 5e-6 && (exact.lon - p.lon).abs() <= 5e-6);
        }
    }

    #[test]
    fn distances() {
        let london = LatLon::new(51.5074, -0.1278);
        let sheffield = LatLon::new(53.3811, -1.4701);
        let d = london.distance_km(sheffield);
        assert!((d - 228.0).abs() < 3.0, "{d}");
        assert_eq!(public_distance_km(Precision::Area, 12.46), 12.0);
        assert_eq!(public_distance_km(Precision::Exact, 12.46), 12.5);
    }
}
