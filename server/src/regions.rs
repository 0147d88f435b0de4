//! Which region a point is in, decided here and never taken from the
//! submitter: moderators may be limited to regions, so a wrong label must
//! not move a listing past them. Nations and islands come from GeoNames
//! (the data `reverse_geocoder` ships); England's regions from the nearest
//! postcode district in `data/uk-outcodes.csv` (ONS regions, CC0).

use app::location::LatLon;
use rstar::primitives::GeomWithData;
use rstar::RTree;
use std::sync::OnceLock;

/// A district centre in a plane where a degree of longitude is as long as
/// a degree of latitude is at 54°N, so "nearest" means nearest on the ground.
type District = GeomWithData<[f64; 2], &'static str>;

const LON_SCALE: f64 = 0.588; // cos 54°

fn plane(p: LatLon) -> [f64; 2] {
    [p.lon * LON_SCALE, p.lat]
}

/// The region names moderators are given (the sample data's labels):
/// ONS's, without "England" after the four compass regions.
fn region_name(ons: &str) -> Option<&'static str> {
    Some(match ons {
        "North East England" => "North East",
        "North West England" => "North West",
        "Yorkshire and the Humber" => "Yorkshire and the Humber",
        "East Midlands" => "East Midlands",
        "West Midlands" => "West Midlands",
        "East of England" => "East of England",
        "London" => "London",
        "South East England" => "South East",
        "South West England" => "South West",
        _ => return None,
    })
}

fn english_districts() -> &'static RTree<District> {
    static TREE: OnceLock<RTree<District>> = OnceLock::new();
    TREE.get_or_init(|| {
        let mut reader = csv::Reader::from_reader(include_str!("../../data/uk-outcodes.csv").as_bytes());
        let districts = reader
            .records()
            .filter_map(Result::ok)
            .filter_map(|r| {
                let (lat, lon) = (r.get(3)?.parse().ok()?, r.get(4)?.parse().ok()?);
                Some(District::new(plane(LatLon::new(lat, lon)), region_name(r.get(7)?)?))
            })
            .collect();
        RTree::bulk_load(districts)
    })
}

/// One geocoder for the process (building it parses GeoNames' 150,000 places).
pub(crate) fn geocoder() -> &'static reverse_geocoder::ReverseGeocoder {
    static GEOCODER: OnceLock<reverse_geocoder::ReverseGeocoder> = OnceLock::new();
    GEOCODER.get_or_init(reverse_geocoder::ReverseGeocoder::new)
}

/// The region of a point in the UK, Ireland or the Crown Dependencies;
/// None elsewhere.
pub fn region_of(p: LatLon) -> Option<&'static str> {
    let place = geocoder().search((p.lat, p.lon)).record;
    match (place.cc.as_str(), place.admin1.as_str()) {
        ("IE", _) => Some("Ireland"),
        ("IM", _) => Some("Isle of Man"),
        ("JE" | "GG", _) => Some("Channel Islands"),
        ("GB", "Scotland") => Some("Scotland"),
        ("GB", "Wales") => Some("Wales"),
        ("GB", "Northern Ireland") => Some("Northern Ireland"),
        ("GB", _) => english_districts().nearest_neighbor(&plane(p)).map(|d| d.data),
        _ => None,
    }
}

/// The region of a stored listing: its point's, else (no point) its label.
pub fn region_of_record(record: &serde_json::Value) -> Option<String> {
    match (record["latitude"].as_f64(), record["longitude"].as_f64()) {
        (Some(lat), Some(lon)) => region_of(LatLon::new(lat, lon)).map(str::to_string),
        _ => record["region"].as_str().map(str::to_string),
    }
}

/// Builds the lookups now, so no visitor's request pays for it.
pub fn warm_up() {
    english_districts();
    geocoder();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_are_given_their_region() {
        let at = |lat, lon| region_of(LatLon::new(lat, lon));
        assert_eq!(at(53.381, -1.470), Some("Yorkshire and the Humber"), "Sheffield");
        assert_eq!(at(51.507, -0.128), Some("London"));
        assert_eq!(at(53.480, -2.243), Some("North West"), "Manchester");
        assert_eq!(at(54.978, -1.617), Some("North East"), "Newcastle");
        assert_eq!(at(52.486, -1.890), Some("West Midlands"), "Birmingham");
        assert_eq!(at(51.454, -2.588), Some("South West"), "Bristol");
        assert_eq!(at(52.205, 0.122), Some("East of England"), "Cambridge");
        assert_eq!(at(55.953, -3.188), Some("Scotland"), "Edinburgh");
        assert_eq!(at(51.481, -3.179), Some("Wales"), "Cardiff");
        assert_eq!(at(54.597, -5.930), Some("Northern Ireland"), "Belfast");
        assert_eq!(at(53.350, -6.260), Some("Ireland"), "Dublin");
        assert_eq!(at(48.857, 2.352), None, "Paris");
    }
}
