//! `atlas basemap stats [FILE]`: zooms, bounds, size, and what a phone pays
//! for the heaviest view at each zoom (the figure slimming is judged by).

use futures_util::TryStreamExt;
use pmtiles::{AsyncPmTilesReader, TileCoord};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

/// A 360×740 phone screen in 256-pixel tiles, at the worst alignment.
pub const PHONE_VIEW: (u32, u32) = (3, 4);

#[derive(Debug, PartialEq)]
pub struct ZoomStats {
    pub zoom: u8,
    pub tiles: u64,
    pub bytes: u64,
    /// Bytes of the heaviest phone-sized view, and its top-left tile.
    pub heaviest_view: u64,
    pub heaviest_at: (u32, u32),
}

/// The window of `cols`×`rows` tiles holding the most bytes, and where.
pub fn heaviest_view(sizes: &HashMap<(u32, u32), u64>, (cols, rows): (u32, u32)) -> Option<(u64, (u32, u32))> {
    let corners: HashSet<(u32, u32)> = sizes
        .keys()
        .flat_map(|&(x, y)| (0..cols).flat_map(move |i| (0..rows).filter_map(move |j| Some((x.checked_sub(i)?, y.checked_sub(j)?)))))
        .collect();
    corners
        .into_iter()
        .map(|(x0, y0)| {
            let sum = (0..cols).flat_map(|i| (0..rows).map(move |j| (x0 + i, y0 + j))).filter_map(|k| sizes.get(&k)).sum();
            (sum, (x0, y0))
        })
        .max()
}

/// Longitude and latitude of a tile's top-left corner.
pub fn tile_corner(z: u8, x: u32, y: u32) -> (f64, f64) {
    let p = app::location::from_pixels(f64::from(x), f64::from(y), f64::from(1u32 << z));
    (p.lon, p.lat)
}

pub async fn stats(path: &Path) -> Result<String, String> {
    let reader = AsyncPmTilesReader::new_with_path(path).await.map_err(|e| format!("{} is not a PMTiles archive: {e}", path.display()))?;
    let h = reader.get_header();
    let mut out = format!(
        "{}: {} bytes, {:?} tiles ({:?}), zoom {}–{}, bounds {:.4},{:.4},{:.4},{:.4}\n",
        path.display(),
        std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
        h.tile_type,
        h.tile_compression,
        h.min_zoom,
        h.max_zoom,
        h.min_longitude,
        h.min_latitude,
        h.max_longitude,
        h.max_latitude
    );
    let reader = Arc::new(reader);
    let mut by_zoom: BTreeMap<u8, HashMap<(u32, u32), u64>> = BTreeMap::new();
    let mut entries = reader.clone().entries();
    while let Some(entry) = entries.try_next().await.map_err(|e| format!("cannot read the directory: {e}"))? {
        for id in entry.iter_coords() {
            let bytes = reader.get_tile(id).await.map_err(|e| format!("cannot read a tile: {e}"))?.map_or(0, |b| b.len() as u64);
            let c = TileCoord::from(id);
            by_zoom.entry(c.z()).or_default().insert((c.x(), c.y()), bytes);
        }
    }
    out.push_str("zoom   tiles        bytes   heaviest phone view (360×740)\n");
    for (zoom, sizes) in &by_zoom {
        let Some((view, (x, y))) = heaviest_view(sizes, PHONE_VIEW) else { continue };
        let (lon, lat) = tile_corner(*zoom, x, y);
        out.push_str(&format!(
            "{zoom:>4} {:>7} {:>12}   {:>8} bytes from {lat:.4},{lon:.4}\n",
            sizes.len(),
            sizes.values().sum::<u64>(),
            view
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_heaviest_view_is_found_where_tiles_crowd() {
        let mut sizes = HashMap::new();
        sizes.insert((10, 10), 100);
        sizes.insert((12, 13), 50);
        sizes.insert((20, 20), 120);
        // (10,10) and (12,13) fit one 3×4 window: 150 beats 120 alone.
        assert_eq!(heaviest_view(&sizes, PHONE_VIEW).map(|v| v.0), Some(150));
        assert_eq!(heaviest_view(&HashMap::new(), PHONE_VIEW), None);
        // Tiles at the grid's edge do not underflow.
        let edge = HashMap::from([((0, 0), 7)]);
        assert_eq!(heaviest_view(&edge, PHONE_VIEW), Some((7, (0, 0))));
    }

    #[test]
    fn tile_corners_are_where_the_grid_says() {
        assert_eq!(tile_corner(0, 0, 0).0, -180.0);
        let (lon, lat) = tile_corner(1, 1, 1);
        assert!(lon.abs() < 1e-9 && lat.abs() < 1e-9);
    }
}
