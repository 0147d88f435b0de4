//! The street basemap: one PMTiles archive on disk (Protomaps basemap
//! schema v4, OpenStreetMap data), served tile by tile by our own routes
//! (`web::basemap`) so a visitor's browser never asks another host.
//!
//! `Basemap` reads the archive; `import` checks and slims an operator's
//! file into `<data dir>/basemap.pmtiles`; `stats` says what a phone pays.

pub mod fetch;
pub mod import;
pub mod mvt;
pub mod picture;
pub mod stats;

use bytes::Bytes;
use pmtiles::{AsyncPmTilesReader, Compression, HashMapCache, MmapBackend, TileCoord, TileType};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// The credit OpenStreetMap's licence asks of every map drawn from its data.
pub const ATTRIBUTION: &str = "<a href=\"https://www.openstreetmap.org/copyright\">© OpenStreetMap contributors</a>";

/// The file `atlas basemap import` writes and `atlas serve` reads.
pub fn default_path(data_dir: &Path) -> PathBuf {
    data_dir.join("basemap.pmtiles")
}

#[derive(Debug, thiserror::Error)]
pub enum BasemapError {
    #[error("cannot read {path} as a PMTiles archive ({detail}); give a .pmtiles file (version 3) or import one with `atlas basemap import FILE`")]
    Unreadable { path: String, detail: String },
    #[error("{0} holds {1:?} tiles; the map draws vector tiles (MVT) only: use a Protomaps basemap build")]
    NotVector(String, TileType),
    #[error("{0} compresses its tiles with {1:?}; only gzip or none can be served to every browser")]
    Compression(String, Compression),
}

/// An answer for one z/x/y.
#[derive(Debug, PartialEq)]
pub enum TileAnswer {
    /// The stored bytes, compressed as `Basemap::encoding` says.
    Tile(Bytes),
    /// Nothing is stored there (sea, or beyond the archive's zooms).
    Empty,
    /// No such tile exists in any map (zoom past 30, x or y off the grid).
    Impossible,
}

pub struct Basemap {
    reader: AsyncPmTilesReader<MmapBackend, HashMapCache>,
    /// Changes whenever the file does: part of every tile address, so
    /// browsers may keep tiles for a year.
    version: String,
    tilejson: serde_json::Value,
    pub min_zoom: u8,
    pub max_zoom: u8,
    gzip: bool,
}

impl Basemap {
    /// Opens an archive and reads what the routes need. The file is mapped,
    /// not read: a 2 GB archive costs the pages the map asks for.
    pub async fn open(path: &Path) -> Result<Basemap, BasemapError> {
        let shown = path.display().to_string();
        let unreadable = |detail: String| BasemapError::Unreadable { path: shown.clone(), detail };
        let reader =
            AsyncPmTilesReader::new_with_cached_path(HashMapCache::default(), path).await.map_err(|e| unreadable(e.to_string()))?;
        let header = reader.get_header();
        if header.tile_type != TileType::Mvt {
            return Err(BasemapError::NotVector(shown, header.tile_type));
        }
        let gzip = match header.tile_compression {
            Compression::Gzip => true,
            Compression::None => false,
            other => return Err(BasemapError::Compression(shown, other)),
        };
        let metadata: serde_json::Value =
            reader.get_metadata().await.ok().and_then(|m| serde_json::from_str(&m).ok()).unwrap_or_else(|| serde_json::json!({}));
        let version = file_version(path).map_err(|e| unreadable(e.to_string()))?;
        let (min_zoom, max_zoom) = (header.min_zoom, header.max_zoom);
        let tilejson = serde_json::json!({
            "tilejson": "3.0.0",
            "name": metadata.get("name").cloned().unwrap_or_else(|| "Streets".into()),
            "tiles": [format!("/basemap/{version}/{{z}}/{{x}}/{{y}}.mvt")],
            "minzoom": min_zoom,
            "maxzoom": max_zoom,
            "bounds": [header.min_longitude, header.min_latitude, header.max_longitude, header.max_latitude],
            "center": [header.center_longitude, header.center_latitude, header.center_zoom],
            "attribution": ATTRIBUTION,
            "vector_layers": metadata.get("vector_layers").cloned().unwrap_or_else(|| serde_json::json!([])),
        });
        Ok(Basemap { reader, version, tilejson, min_zoom, max_zoom, gzip })
    }

    pub fn version(&self) -> &str {
        &self.version
    }

    pub fn tilejson(&self) -> &serde_json::Value {
        &self.tilejson
    }

    /// `Some("gzip")` when the stored tiles are gzipped.
    pub fn encoding(&self) -> Option<&'static str> {
        self.gzip.then_some("gzip")
    }

    /// The tile at z/x/y as stored (`decompress` for a client that cannot
    /// take gzip). Reads the mapped file only.
    pub async fn tile(&self, z: u8, x: u32, y: u32, decompress: bool) -> Result<TileAnswer, pmtiles::PmtError> {
        let Ok(coord) = TileCoord::new(z, x, y) else {
            return Ok(TileAnswer::Impossible);
        };
        if z < self.min_zoom || z > self.max_zoom {
            return Ok(TileAnswer::Empty);
        }
        let bytes =
            if decompress && self.gzip { self.reader.get_tile_decompressed(coord).await? } else { self.reader.get_tile(coord).await? };
        Ok(bytes.map_or(TileAnswer::Empty, TileAnswer::Tile))
    }
}

/// A short fingerprint of the archive: its header and root directory,
/// where any change to the tiles shows, and its length.
fn file_version(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let length = file.metadata()?.len();
    let mut head = Vec::with_capacity(16_384);
    file.by_ref().take(16_384).read_to_end(&mut head)?;
    let mut hash = Sha256::new();
    hash.update(&head);
    hash.update(length.to_le_bytes());
    Ok(hash.finalize().iter().take(6).map(|b| format!("{b:02x}")).collect())
}
