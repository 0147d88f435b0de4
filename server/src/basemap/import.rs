//! `atlas basemap import FILE`: checks an operator's archive (vector
//! tiles, Protomaps schema v4, with roads and water), slims every tile
//! (`mvt::slim`) and writes `<data dir>/basemap.pmtiles`. The file in
//! place is replaced only when the new one is complete and checked.

use super::mvt::{self, Seen, SlimRules};
use futures_util::TryStreamExt;
use pmtiles::{AsyncPmTilesReader, Compression, MmapBackend, PmTilesWriter, TileCoord, TileId, TileType};
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

/// What an import did, for the operator.
#[derive(Debug, Default)]
pub struct ImportReport {
    pub tiles: u64,
    pub bytes_before: u64,
    pub bytes_after: u64,
    pub min_zoom: u8,
    pub max_zoom: u8,
}

/// A source archive, whichever format it came in.
struct Source {
    min_zoom: u8,
    max_zoom: u8,
    /// W, S, E, N.
    bounds: [f64; 4],
    center: (f64, f64, u8),
    metadata: serde_json::Value,
    /// Tile ids in increasing order, so the output is clustered.
    ids: Vec<TileId>,
    reader: Reader,
}

enum Reader {
    PmTiles(Arc<AsyncPmTilesReader<MmapBackend>>, Compression),
    MbTiles(sqlx::SqlitePool),
}

impl Source {
    async fn tile(&self, id: TileId) -> Result<Vec<u8>, String> {
        let (z, x, y) = zxy(id);
        let stored = match &self.reader {
            Reader::PmTiles(reader, _) => {
                reader.get_tile(id).await.map_err(|e| format!("cannot read tile {z}/{x}/{y}: {e}"))?.map(|b| b.to_vec()).unwrap_or_default()
            }
            Reader::MbTiles(pool) => {
                let row = (1u32 << z) - 1 - y;
                sqlx::query_scalar::<_, Vec<u8>>("SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?")
                    .bind(i64::from(z))
                    .bind(i64::from(x))
                    .bind(i64::from(row))
                    .fetch_optional(pool)
                    .await
                    .map_err(|e| format!("cannot read tile {z}/{x}/{y}: {e}"))?
                    .unwrap_or_default()
            }
        };
        let gzipped = match &self.reader {
            Reader::PmTiles(_, c) => *c == Compression::Gzip,
            Reader::MbTiles(_) => stored.starts_with(&[0x1f, 0x8b]),
        };
        if !gzipped {
            return Ok(stored);
        }
        // Bounded: a small gzip may hold a huge tile.
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(stored.as_slice())
            .take(mvt::MAX_TILE_BYTES as u64 + 1)
            .read_to_end(&mut out)
            .map_err(|e| format!("tile {z}/{x}/{y} is not valid gzip: {e}"))?;
        Ok(out)
    }
}

async fn open_pmtiles(path: &Path) -> Result<Source, String> {
    let reader = AsyncPmTilesReader::new_with_path(path).await.map_err(|e| format!("{} is not a PMTiles archive: {e}", path.display()))?;
    let header = reader.get_header();
    if header.tile_type != TileType::Mvt {
        return Err(format!(
            "{} holds {:?} tiles (pictures); the map needs vector tiles in the Protomaps basemap schema v4",
            path.display(),
            header.tile_type
        ));
    }
    let compression = header.tile_compression;
    if !matches!(compression, Compression::Gzip | Compression::None) {
        return Err(format!("{} compresses tiles with {compression:?}; give one with gzip tiles (Protomaps' builds are)", path.display()));
    }
    let (min_zoom, max_zoom) = (header.min_zoom, header.max_zoom);
    let bounds = [header.min_longitude, header.min_latitude, header.max_longitude, header.max_latitude];
    let center = (header.center_longitude, header.center_latitude, header.center_zoom);
    let metadata = reader.get_metadata().await.ok().and_then(|m| serde_json::from_str(&m).ok()).unwrap_or_else(|| serde_json::json!({}));
    let reader = Arc::new(reader);
    let mut ids = Vec::new();
    let mut entries = reader.clone().entries();
    while let Some(entry) = entries.try_next().await.map_err(|e| format!("cannot read the directory of {}: {e}", path.display()))? {
        ids.extend(entry.iter_coords());
    }
    Ok(Source { min_zoom, max_zoom, bounds, center, metadata, ids, reader: Reader::PmTiles(reader, compression) })
}

async fn open_mbtiles(path: &Path) -> Result<Source, String> {
    let unreadable = |e: sqlx::Error| format!("{} is not an MBTiles file: {e}", path.display());
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(path).read_only(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.map_err(unreadable)?;
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT name, value FROM metadata").fetch_all(&pool).await.map_err(unreadable)?;
    let meta: HashMap<String, String> = rows.into_iter().collect();
    if meta.get("format").is_some_and(|f| f != "pbf") {
        return Err(format!(
            "{} holds {} tiles (pictures); the map needs vector tiles in the Protomaps basemap schema v4",
            path.display(),
            meta["format"]
        ));
    }
    let numbers =
        |key: &str| -> Vec<f64> { meta.get(key).map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect()).unwrap_or_default() };
    let bounds = <[f64; 4]>::try_from(numbers("bounds")).unwrap_or([-180.0, -85.051_129, 180.0, 85.051_129]);
    let centre = numbers("center");
    let keys: Vec<(i64, i64, i64)> =
        sqlx::query_as("SELECT zoom_level, tile_column, tile_row FROM tiles").fetch_all(&pool).await.map_err(unreadable)?;
    let mut ids = Vec::with_capacity(keys.len());
    for (z, x, row) in keys {
        let coord = u8::try_from(z).ok().and_then(|z| {
            let (x, row) = (u32::try_from(x).ok()?, u32::try_from(row).ok()?);
            let y = (1u32 << z.min(31)).checked_sub(1)?.checked_sub(row)?;
            TileCoord::new(z, x, y).ok()
        });
        let coord = coord.ok_or_else(|| format!("{} has a tile at an impossible place: {z}/{x}/{row}", path.display()))?;
        ids.push(TileId::from(coord));
    }
    ids.sort_unstable();
    let zoom = |id: &TileId| zxy(*id).0;
    let (min_zoom, max_zoom) = (ids.first().map_or(0, zoom), ids.last().map_or(0, zoom));
    let metadata = meta.get("json").and_then(|j| serde_json::from_str(j).ok()).unwrap_or_else(|| serde_json::json!({}));
    let center = match centre[..] {
        [lon, lat, z, ..] => (lon, lat, z as u8),
        _ => ((bounds[0] + bounds[2]) / 2.0, (bounds[1] + bounds[3]) / 2.0, min_zoom),
    };
    Ok(Source { min_zoom, max_zoom, bounds, center, metadata, ids, reader: Reader::MbTiles(pool) })
}

/// Imports `input` into `output` (written beside it, then renamed).
pub async fn import(input: &Path, output: &Path, languages: &[&str]) -> Result<ImportReport, String> {
    let is_mbtiles = input.extension().is_some_and(|e| e.eq_ignore_ascii_case("mbtiles"));
    let source = if is_mbtiles { open_mbtiles(input).await? } else { open_pmtiles(input).await? };
    if source.ids.is_empty() {
        return Err(format!("{} holds no tiles", input.display()));
    }
    let partial = output.with_extension("pmtiles.partial");
    let result = write(&source, &partial, languages).await;
    match result {
        Ok(report) => {
            std::fs::rename(&partial, output).map_err(|e| format!("cannot move the basemap into place at {}: {e}", output.display()))?;
            Ok(ImportReport { bytes_before: std::fs::metadata(input).map(|m| m.len()).unwrap_or(0), ..report })
        }
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            Err(e)
        }
    }
}

async fn write(source: &Source, partial: &Path, languages: &[&str]) -> Result<ImportReport, String> {
    let rules = SlimRules { languages };
    let file = std::fs::File::create(partial).map_err(|e| format!("cannot write {}: {e}", partial.display()))?;
    let [w, s, e, n] = source.bounds;
    let mut writer = PmTilesWriter::new(TileType::Mvt)
        .min_zoom(source.min_zoom)
        .max_zoom(source.max_zoom)
        .bounds(w, s, e, n)
        .center(source.center.0, source.center.1)
        .center_zoom(source.center.2)
        .metadata(metadata_of(&source.metadata).to_string())
        .create(std::io::BufWriter::new(file))
        .map_err(|e| format!("cannot write {}: {e}", partial.display()))?;
    let mut seen = Seen::default();
    let mut tiles = 0;
    // Sea and land tiles repeat thousands of times: slim each content once.
    let mut repeated: HashMap<(bool, Vec<u8>), Vec<u8>> = HashMap::new();
    for &id in &source.ids {
        let (z, x, y) = zxy(id);
        let raw = source.tile(id).await?;
        let key = (z >= mvt::BUILDINGS_FROM_ZOOM, raw);
        let slimmed = match repeated.get(&key) {
            Some(done) => done.clone(),
            None => {
                let tile = mvt::decode(&key.1).map_err(|e| format!("tile {z}/{x}/{y}: {e}"))?;
                let here = mvt::inspect(&tile);
                if here.old_schema {
                    return Err(old_schema_message());
                }
                seen.add(here);
                let slim = mvt::encode(&mvt::slim(tile, z, &rules));
                if key.1.len() <= 2048 && repeated.len() < 10_000 {
                    repeated.insert(key, slim.clone());
                }
                slim
            }
        };
        writer.add_tile(TileCoord::from(id), &slimmed).map_err(|e| format!("cannot write {}: {e}", partial.display()))?;
        tiles += 1;
    }
    if !seen.roads_with_kind || !seen.water {
        return Err(format!(
            "the archive has {}: the map needs a Protomaps basemap (schema v4), whose `roads` and `water` layers carry `kind`",
            match (seen.roads_with_kind, seen.water) {
                (false, false) => "neither roads nor water",
                (false, true) => "no roads",
                _ => "no water",
            }
        ));
    }
    writer.finalize().map_err(|e| format!("cannot finish {}: {e}", partial.display()))?;
    let bytes_after = std::fs::metadata(partial).map(|m| m.len()).unwrap_or(0);
    Ok(ImportReport { tiles, bytes_before: 0, bytes_after, min_zoom: source.min_zoom, max_zoom: source.max_zoom })
}

fn zxy(id: TileId) -> (u8, u32, u32) {
    let c = TileCoord::from(id);
    (c.z(), c.x(), c.y())
}

fn old_schema_message() -> String {
    "the archive uses the Protomaps schema before v4 (`pmap:kind`), which this map cannot draw; take a build from 2024 or later (schema v4)"
        .into()
}

/// The output's metadata: the source's layers without those dropped, the
/// credit, and where it came from (ODbL asks a derived database to say so).
fn metadata_of(source: &serde_json::Value) -> serde_json::Value {
    let layers: Vec<serde_json::Value> = source
        .get("vector_layers")
        .and_then(|l| l.as_array())
        .map(|l| {
            l.iter().filter(|layer| !matches!(layer.get("id").and_then(|i| i.as_str()), Some("pois" | "landcover"))).cloned().collect()
        })
        .unwrap_or_default();
    serde_json::json!({
        "name": "Solidarity Atlas streets",
        "type": "baselayer",
        "format": "pbf",
        "attribution": super::ATTRIBUTION,
        "vector_layers": layers,
        "description": "Derived from an OpenStreetMap basemap (ODbL 1.0) by `atlas basemap import`, which drops points of interest, land cover, buildings below zoom 15 and names in languages the site does not offer.",
        "source": {
            "name": source.get("name"),
            "version": source.get("version"),
            "description": source.get("description"),
            "attribution": source.get("attribution"),
        },
    })
}
