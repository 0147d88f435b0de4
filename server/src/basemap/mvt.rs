//! Mapbox Vector Tiles (spec 2.1) as prost messages, and what `atlas basemap
//! import` does to each tile: drop what our map never draws, so a phone
//! pays only for streets, water, parks and the names it can read.
//!
//! The message types follow `vector_tile.proto`; prost decodes them without
//! a build step. A tile is outside input: it is decoded only after its
//! size is bounded (`MAX_TILE_BYTES`), and a malformed one is refused.

use prost::Message;
use std::collections::HashMap;

/// Largest tile (uncompressed) an import accepts. Protomaps' own builds
/// keep tiles under 500 KB; a tile past this is a mistake or an attack.
pub const MAX_TILE_BYTES: usize = 4 * 1024 * 1024;

#[derive(Clone, PartialEq, Message)]
pub struct Tile {
    #[prost(message, repeated, tag = "3")]
    pub layers: Vec<Layer>,
}

#[derive(Clone, PartialEq, Message)]
pub struct Layer {
    #[prost(uint32, required, tag = "15", default = "1")]
    pub version: u32,
    #[prost(string, required, tag = "1")]
    pub name: String,
    #[prost(message, repeated, tag = "2")]
    pub features: Vec<Feature>,
    #[prost(string, repeated, tag = "3")]
    pub keys: Vec<String>,
    #[prost(message, repeated, tag = "4")]
    pub values: Vec<Value>,
    #[prost(uint32, optional, tag = "5", default = "4096")]
    pub extent: Option<u32>,
}

#[derive(Clone, PartialEq, Message)]
pub struct Feature {
    #[prost(uint64, optional, tag = "1", default = "0")]
    pub id: Option<u64>,
    /// Pairs of (key index, value index) into the layer's tables.
    #[prost(uint32, repeated, packed = "true", tag = "2")]
    pub tags: Vec<u32>,
    #[prost(int32, optional, tag = "3", default = "0")]
    pub r#type: Option<i32>,
    #[prost(uint32, repeated, packed = "true", tag = "4")]
    pub geometry: Vec<u32>,
}

#[derive(Clone, PartialEq, Message)]
pub struct Value {
    #[prost(string, optional, tag = "1")]
    pub string_value: Option<String>,
    #[prost(float, optional, tag = "2")]
    pub float_value: Option<f32>,
    #[prost(double, optional, tag = "3")]
    pub double_value: Option<f64>,
    #[prost(int64, optional, tag = "4")]
    pub int_value: Option<i64>,
    #[prost(uint64, optional, tag = "5")]
    pub uint_value: Option<u64>,
    #[prost(sint64, optional, tag = "6")]
    pub sint_value: Option<i64>,
    #[prost(bool, optional, tag = "7")]
    pub bool_value: Option<bool>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum TileProblem {
    #[error("a tile is larger than {} MB uncompressed", MAX_TILE_BYTES / 1024 / 1024)]
    TooLarge,
    #[error("a tile is not a vector tile: {0}")]
    Malformed(String),
}

/// What the import keeps, by the site's rules.
pub struct SlimRules<'a> {
    /// The languages the site offers: other `name:xx` keys are dropped.
    pub languages: &'a [&'a str],
}

/// Layers the map never draws. `pois` are most of a city tile's weight;
/// `landcover` is CC-BY data whose credit we would otherwise owe.
const DROPPED_LAYERS: [&str; 2] = ["pois", "landcover"];
/// Buildings are drawn from this zoom only.
pub const BUILDINGS_FROM_ZOOM: u8 = 15;

/// What one tile showed about the archive it came from (the import's
/// schema check is made from these).
#[derive(Default, Debug, Clone, Copy, PartialEq)]
pub struct Seen {
    /// A `roads` layer whose features carry `kind` (schema v4).
    pub roads_with_kind: bool,
    pub water: bool,
    /// `pmap:kind`: the schema before v4, which protomaps-leaflet 5 cannot draw.
    pub old_schema: bool,
}

impl Seen {
    pub fn add(&mut self, other: Seen) {
        self.roads_with_kind |= other.roads_with_kind;
        self.water |= other.water;
        self.old_schema |= other.old_schema;
    }
}

/// Decodes an uncompressed tile, bounded.
pub fn decode(bytes: &[u8]) -> Result<Tile, TileProblem> {
    if bytes.len() > MAX_TILE_BYTES {
        return Err(TileProblem::TooLarge);
    }
    Tile::decode(bytes).map_err(|e| TileProblem::Malformed(e.to_string()))
}

/// What a tile shows about its schema.
pub fn inspect(tile: &Tile) -> Seen {
    let mut seen = Seen::default();
    for layer in &tile.layers {
        seen.old_schema |= layer.keys.iter().any(|k| k.starts_with("pmap:"));
        match layer.name.as_str() {
            "roads" => seen.roads_with_kind |= !layer.features.is_empty() && layer.keys.iter().any(|k| k == "kind"),
            "water" => seen.water = true,
            _ => {}
        }
    }
    seen
}

/// The tile as our map uses it: dropped layers gone, buildings only from
/// `BUILDINGS_FROM_ZOOM`, names only in the site's languages. Key and value
/// tables are rebuilt so nothing unreferenced is sent.
pub fn slim(mut tile: Tile, zoom: u8, rules: &SlimRules) -> Tile {
    tile.layers.retain(|l| {
        let unused = DROPPED_LAYERS.contains(&l.name.as_str()) || l.name == "buildings" && zoom < BUILDINGS_FROM_ZOOM;
        !(unused || l.features.is_empty())
    });
    for layer in &mut tile.layers {
        slim_layer(layer, rules);
    }
    tile
}

fn keeps_key(key: &str, rules: &SlimRules) -> bool {
    match key.strip_prefix("name:") {
        Some(lang) => rules.languages.contains(&lang),
        None => !key.starts_with("pmap:"),
    }
}

fn slim_layer(layer: &mut Layer, rules: &SlimRules) {
    let kept: Vec<bool> = layer.keys.iter().map(|k| keeps_key(k, rules)).collect();
    let mut new_keys: HashMap<u32, u32> = HashMap::new();
    let mut new_values: HashMap<u32, u32> = HashMap::new();
    let mut keys = Vec::new();
    let mut values = Vec::new();
    for feature in &mut layer.features {
        let mut tags = Vec::with_capacity(feature.tags.len());
        for pair in feature.tags.chunks_exact(2) {
            let (k, v) = (pair[0], pair[1]);
            // A tag pointing outside the tables is dropped, not trusted.
            let (Some(true), Some(value)) = (kept.get(k as usize).copied(), layer.values.get(v as usize)) else {
                continue;
            };
            let k2 = *new_keys.entry(k).or_insert_with(|| {
                keys.push(layer.keys[k as usize].clone());
                (keys.len() - 1) as u32
            });
            let v2 = *new_values.entry(v).or_insert_with(|| {
                values.push(value.clone());
                (values.len() - 1) as u32
            });
            tags.extend([k2, v2]);
        }
        feature.tags = tags;
    }
    layer.keys = keys;
    layer.values = values;
}

/// Encodes a tile.
pub fn encode(tile: &Tile) -> Vec<u8> {
    tile.encode_to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string(s: &str) -> Value {
        Value { string_value: Some(s.into()), ..Default::default() }
    }

    fn layer(name: &str, keys: &[&str], values: &[&str], tags: Vec<u32>) -> Layer {
        Layer {
            version: 2,
            name: name.into(),
            features: vec![Feature { id: Some(1), tags, r#type: Some(2), geometry: vec![9, 0, 0, 10, 2, 2] }],
            keys: keys.iter().map(|k| k.to_string()).collect(),
            values: values.iter().map(|v| string(v)).collect(),
            extent: Some(4096),
        }
    }

    pub(crate) fn sample_tile() -> Tile {
        Tile {
            layers: vec![
                layer(
                    "roads",
                    &["kind", "name", "name:de", "name:ar"],
                    &["major_road", "Mannerheimintie", "Mannerheimweg", "مانرهايم"],
                    vec![0, 0, 1, 1, 2, 2, 3, 3],
                ),
                layer("water", &["kind"], &["water"], vec![0, 0]),
                layer("pois", &["kind"], &["cafe"], vec![0, 0]),
                layer("buildings", &["kind"], &["building"], vec![0, 0]),
            ],
        }
    }

    #[test]
    fn slimming_drops_pois_low_buildings_and_names_nobody_reads() {
        let rules = SlimRules { languages: &["en", "ar"] };
        let bytes = encode(&sample_tile());
        let slim14 = slim(decode(&bytes).unwrap(), 14, &rules);
        let names: Vec<_> = slim14.layers.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["roads", "water"]);
        let roads = &slim14.layers[0];
        assert_eq!(roads.keys, ["kind", "name", "name:ar"]);
        assert_eq!(roads.features[0].tags, [0, 0, 1, 1, 2, 2]);
        assert_eq!(roads.values[2].string_value.as_deref(), Some("مانرهايم"));
        assert!(encode(&slim14).len() < bytes.len());
        let slim15 = slim(sample_tile(), 15, &rules);
        assert!(slim15.layers.iter().any(|l| l.name == "buildings"));
    }

    #[test]
    fn tags_pointing_outside_the_tables_are_dropped() {
        let mut tile = sample_tile();
        tile.layers[0].features[0].tags = vec![0, 0, 9, 9, 1, 77, 1];
        let slim = slim(tile, 14, &SlimRules { languages: &["en"] });
        assert_eq!(slim.layers[0].features[0].tags, [0, 0]);
    }

    #[test]
    fn the_schema_is_read_from_the_tiles() {
        let seen = inspect(&sample_tile());
        assert!(seen.roads_with_kind && seen.water && !seen.old_schema);
        let old = Tile { layers: vec![layer("roads", &["pmap:kind"], &["highway"], vec![0, 0])] };
        let seen = inspect(&old);
        assert!(seen.old_schema && !seen.roads_with_kind);
    }

    #[test]
    fn garbage_is_refused_not_trusted() {
        assert!(matches!(decode(&[0x1a, 0xff, 0xff, 0xff, 0xff, 0x0f]), Err(TileProblem::Malformed(_))));
        assert_eq!(decode(&vec![0; MAX_TILE_BYTES + 1]), Err(TileProblem::TooLarge));
    }
}

/// A feature's geometry as lines (or rings) of tile coordinates, decoded
/// from the MVT command stream. Bounded by the stream's own length; a
/// command that runs past its parameters ends the decoding.
pub fn geometry(feature: &Feature) -> Vec<Vec<(i32, i32)>> {
    let g = &feature.geometry;
    let mut lines: Vec<Vec<(i32, i32)>> = Vec::new();
    let mut line: Vec<(i32, i32)> = Vec::new();
    let (mut x, mut y, mut i) = (0i32, 0i32, 0usize);
    let zigzag = |v: u32| ((v >> 1) as i32) ^ -((v & 1) as i32);
    while i < g.len() {
        let (command, count) = (g[i] & 7, (g[i] >> 3) as usize);
        i += 1;
        match command {
            1 | 2 => {
                if i + 2 * count > g.len() {
                    break;
                }
                for _ in 0..count {
                    x = x.wrapping_add(zigzag(g[i]));
                    y = y.wrapping_add(zigzag(g[i + 1]));
                    i += 2;
                    if command == 1 && !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                    }
                    line.push((x, y));
                }
            }
            7 => {
                if let Some(&first) = line.first() {
                    line.push(first);
                }
            }
            _ => break,
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A feature's string or number value for `key`, as text.
pub fn value_of<'a>(layer: &'a Layer, feature: &Feature, key: &str) -> Option<&'a str> {
    let k = layer.keys.iter().position(|k| k == key)? as u32;
    let v = feature.tags.chunks_exact(2).find(|p| p[0] == k)?[1];
    layer.values.get(v as usize)?.string_value.as_deref()
}

#[cfg(test)]
mod geometry_tests {
    use super::*;

    #[test]
    fn commands_become_lines_and_closed_rings() {
        // MoveTo(2,2) LineTo(+3,+0)(+0,+3) ClosePath; MoveTo(+1,+1) LineTo(+1,+0).
        let f = Feature { geometry: vec![9, 4, 4, 18, 6, 0, 0, 6, 15, 9, 2, 2, 10, 2, 0], ..Default::default() };
        assert_eq!(geometry(&f), [vec![(2, 2), (5, 2), (5, 5), (2, 2)], vec![(6, 6), (7, 6)]]);
        // A command promising more than the stream holds stops there.
        let broken = Feature { geometry: vec![9, 4, 4, 18 + 64, 6], ..Default::default() };
        assert_eq!(geometry(&broken), [vec![(2, 2)]]);
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The fuzz target's promise, in the test suite: any bytes are
        /// refused or decoded, slimmed and drawn, and the slimmed tile
        /// decodes to itself.
        #[test]
        fn any_bytes_are_refused_or_slimmed_faithfully(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            if let Ok(tile) = decode(&bytes) {
                for layer in &tile.layers {
                    for feature in &layer.features {
                        let _ = geometry(feature);
                    }
                }
                let slim = slim(tile, 14, &SlimRules { languages: &["en"] });
                prop_assert_eq!(decode(&encode(&slim)).unwrap(), slim);
            }
        }

        #[test]
        fn any_command_stream_draws_without_panicking(geometry_stream in proptest::collection::vec(any::<u32>(), 0..512)) {
            let f = Feature { geometry: geometry_stream, ..Default::default() };
            let lines = geometry(&f);
            prop_assert!(lines.iter().map(Vec::len).sum::<usize>() <= f.geometry.len());
        }
    }
}
