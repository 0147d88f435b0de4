//! `atlas basemap fetch --from URL`: cuts a box (by default Great Britain
//! and Ireland) out of a remote PMTiles archive — Protomaps' daily planet
//! build, say — by HTTP range requests, without downloading the planet.
//!
//! pmtiles reads directories but keeps their entries private, so the
//! directory format (spec v3: varints, tile ids on a Hilbert curve) is
//! decoded here. Only the leaf directories under the box are read, and
//! tile bytes that lie close together in the archive are asked for in one
//! request. Every answer is kept in `<out>.parts/` as it arrives, so an
//! interrupted fetch continues where it stopped.

use bytes::Bytes;
use pmtiles::{Compression, Header, PmTilesWriter, TileCoord, TileId};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// West, south, east, north of Great Britain, Ireland and their islands.
pub const UK_AND_IRELAND: [f64; 4] = [-10.7, 49.8, 1.9, 60.9];
/// Tiles whose bytes lie closer than this in the archive are fetched in
/// one request (sea tiles are shared, so a box's bytes are far from dense).
const MERGE_GAP: u64 = 256 * 1024;
/// The most one request asks for.
const MAX_REQUEST: u64 = 32 * 1024 * 1024;
/// A directory larger than this is not a basemap's.
const MAX_DIRECTORY: u64 = 64 * 1024 * 1024;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Entry {
    pub tile_id: u64,
    pub offset: u64,
    pub length: u32,
    /// 0 for a leaf directory, else how many tiles share these bytes.
    pub run_length: u32,
}

fn varint(buf: &mut &[u8]) -> Result<u64, String> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let (&byte, rest) = buf.split_first().ok_or("a directory ends in the middle of a number")?;
        *buf = rest;
        value |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Ok(value);
        }
    }
    Err("a directory holds a number longer than 64 bits".into())
}

/// Decodes an (uncompressed) directory.
pub fn decode_directory(mut buf: &[u8]) -> Result<Vec<Entry>, String> {
    let n = varint(&mut buf)? as usize;
    if n > buf.len() / 4 {
        return Err("a directory claims more entries than it holds".into());
    }
    let mut entries = vec![Entry { tile_id: 0, offset: 0, length: 0, run_length: 0 }; n];
    let mut id = 0u64;
    for e in &mut entries {
        id = id.checked_add(varint(&mut buf)?).ok_or("tile ids overflow")?;
        e.tile_id = id;
    }
    let small = |v: u64| u32::try_from(v).map_err(|_| "a directory value is out of range".to_string());
    for e in &mut entries {
        e.run_length = small(varint(&mut buf)?)?;
    }
    for e in &mut entries {
        e.length = small(varint(&mut buf)?)?;
    }
    for i in 0..n {
        let raw = varint(&mut buf)?;
        entries[i].offset = match (raw, i) {
            (0, 0) => return Err("a directory's first offset refers to nothing before it".into()),
            (0, _) => entries[i - 1].offset + u64::from(entries[i - 1].length),
            (v, _) => v - 1,
        };
    }
    Ok(entries)
}

/// Every tile id inside `bbox` at zooms `min..=max`, sorted.
pub fn wanted_ids(bbox: [f64; 4], min_zoom: u8, max_zoom: u8) -> Vec<u64> {
    let [west, south, east, north] = bbox;
    let mut ids = Vec::new();
    for z in min_zoom..=max_zoom {
        // Tile coordinates are world pixels at one pixel per tile.
        let n = f64::from(1u32 << z);
        let tile = |lat: f64, lon: f64| {
            let (x, y) = app::location::to_pixels(lat, lon, n);
            (x.floor().clamp(0.0, n - 1.0) as u32, y.floor().clamp(0.0, n - 1.0) as u32)
        };
        let ((x0, y0), (x1, y1)) = (tile(north, west), tile(south, east));
        for tx in x0..=x1 {
            for ty in y0..=y1 {
                if let Ok(c) = TileCoord::new(z, tx, ty) {
                    ids.push(TileId::from(c).value());
                }
            }
        }
    }
    ids.sort_unstable();
    ids
}

/// Reads byte ranges of the remote archive, keeping each answer on disk.
struct Remote {
    url: String,
    client: reqwest::Client,
    parts: PathBuf,
    pub requests: usize,
}

impl Remote {
    async fn read(&mut self, offset: u64, length: u64) -> Result<Bytes, String> {
        self.read_up_to(offset, length, true).await
    }

    /// `exact`: the answer must hold every byte asked for (the archive's
    /// head may be shorter than the 16 KB asked for).
    async fn read_up_to(&mut self, offset: u64, length: u64, exact: bool) -> Result<Bytes, String> {
        let kept = self.parts.join(format!("{offset}-{length}"));
        if let Ok(bytes) = std::fs::read(&kept) {
            if bytes.len() as u64 == length || !exact {
                return Ok(bytes.into());
            }
        }
        let range = format!("bytes={offset}-{}", offset + length - 1);
        self.requests += 1;
        let answer = self
            .client
            .get(&self.url)
            .header(reqwest::header::RANGE, range)
            .send()
            .await
            .map_err(|e| format!("cannot read {}: {e}", self.url))?;
        if answer.status() != reqwest::StatusCode::PARTIAL_CONTENT {
            return Err(format!(
                "{} answered {} to a range request; the server must answer ranges (206), as static file hosts do",
                self.url,
                answer.status()
            ));
        }
        let bytes =
            answer.bytes().await.map_err(|e| format!("the answer from {} broke off: {e}; run the fetch again to continue", self.url))?;
        if bytes.len() as u64 > length || exact && bytes.len() as u64 != length {
            return Err(format!("{} sent {} bytes where {length} were asked for; run the fetch again to continue", self.url, bytes.len()));
        }
        let partial = kept.with_extension("partial");
        std::fs::write(&partial, &bytes)
            .and_then(|_| std::fs::rename(&partial, &kept))
            .map_err(|e| format!("cannot keep a part in {}: {e}", self.parts.display()))?;
        Ok(bytes)
    }

    async fn directory(&mut self, offset: u64, length: u64, compression: Compression) -> Result<Vec<Entry>, String> {
        if length > MAX_DIRECTORY {
            return Err(format!("a directory of {length} bytes is too large"));
        }
        let raw = self.read(offset, length).await?;
        decode_directory(&decompress(&raw, compression, MAX_DIRECTORY)?)
    }
}

fn decompress(raw: &[u8], compression: Compression, max: u64) -> Result<Vec<u8>, String> {
    match compression {
        Compression::None | Compression::Unknown => Ok(raw.to_vec()),
        Compression::Gzip => {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(raw)
                .take(max + 1)
                .read_to_end(&mut out)
                .map_err(|e| format!("a directory is not valid gzip: {e}"))?;
            if out.len() as u64 > max {
                return Err("a directory is too large once unpacked".into());
            }
            Ok(out)
        }
        other => Err(format!("the archive compresses its directories with {other:?}; only gzip can be read")),
    }
}

/// What a fetch did.
#[derive(Debug)]
pub struct FetchReport {
    pub tiles: u64,
    pub requests: usize,
    pub bytes: u64,
}

/// Cuts `bbox` at zooms up to `max_zoom` out of the archive at `url` into
/// `out` (a PMTiles file with the tiles as stored).
pub async fn fetch(url: &str, bbox: [f64; 4], max_zoom: Option<u8>, out: &Path) -> Result<FetchReport, String> {
    let client = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(15))
        .timeout(Duration::from_secs(300))
        .user_agent(concat!("SolidarityAtlas/", env!("CARGO_PKG_VERSION"), " (basemap fetch)"))
        .build()
        .map_err(|e| e.to_string())?;
    let parts = out.with_extension("parts");
    std::fs::create_dir_all(&parts).map_err(|e| format!("cannot create {}: {e}", parts.display()))?;
    let mut remote = Remote { url: url.to_string(), client, parts: parts.clone(), requests: 0 };

    let head = remote.read_up_to(0, 16_384, false).await?;
    let header = Header::try_from_bytes(head.clone()).map_err(|e| format!("{url} is not a PMTiles (version 3) archive: {e}"))?;
    let [w, s, e, n] = bbox;
    let max_zoom = max_zoom.unwrap_or(header.max_zoom).min(header.max_zoom);
    let wanted = wanted_ids(bbox, header.min_zoom, max_zoom);

    // Walk the directories under the box: the root, then only the leaves
    // whose id range holds a wanted tile.
    let root = {
        let (offset, length) = (header_field(&head, 0), header_field(&head, 8));
        if offset + length > head.len() as u64 {
            remote.directory(offset, length, header.internal_compression()).await?
        } else {
            decode_directory(&decompress(
                &head[offset as usize..(offset + length) as usize],
                header.internal_compression(),
                MAX_DIRECTORY,
            )?)?
        }
    };
    let leaf_offset = header_field(&head, 32);
    let data_offset = header_field(&head, 48);
    let mut tiles: BTreeMap<u64, (u64, u32)> = BTreeMap::new();
    let mut pending = vec![root];
    let mut directories = 0;
    while let Some(entries) = pending.pop() {
        directories += 1;
        if directories > 100_000 {
            return Err("the archive's directories do not end".into());
        }
        for (i, entry) in entries.iter().enumerate() {
            let end = entries.get(i + 1).map_or(u64::MAX, |next| next.tile_id);
            let from = wanted.partition_point(|id| *id < entry.tile_id);
            if entry.run_length == 0 {
                if wanted.get(from).is_some_and(|id| *id < end) {
                    pending
                        .push(remote.directory(leaf_offset + entry.offset, u64::from(entry.length), header.internal_compression()).await?);
                }
            } else {
                let run_end = entry.tile_id + u64::from(entry.run_length);
                for id in wanted[from..].iter().take_while(|id| **id < run_end) {
                    tiles.insert(*id, (entry.offset, entry.length));
                }
            }
        }
    }

    // The tiles' bytes, close ranges merged into one request.
    let mut spans: Vec<(u64, u64)> = tiles.values().map(|(o, l)| (*o, *o + u64::from(*l))).collect();
    spans.sort_unstable();
    spans.dedup();
    let mut requests: Vec<(u64, u64)> = Vec::new();
    for (start, end) in spans {
        match requests.last_mut() {
            Some(last) if start <= last.1 + MERGE_GAP && end - last.0 <= MAX_REQUEST => last.1 = last.1.max(end),
            _ => requests.push((start, end)),
        }
    }
    let mut chunks: Vec<(u64, Bytes)> = Vec::with_capacity(requests.len());
    for (start, end) in requests {
        chunks.push((start, remote.read(data_offset + start, end - start).await?));
    }
    let bytes_of = |offset: u64, length: u32| -> Option<&[u8]> {
        let i = chunks.partition_point(|(start, _)| *start <= offset).checked_sub(1)?;
        let (start, chunk) = &chunks[i];
        chunk.get((offset - start) as usize..(offset - start) as usize + length as usize)
    };

    let partial = out.with_extension("pmtiles.partial");
    let file = std::fs::File::create(&partial).map_err(|e| format!("cannot write {}: {e}", partial.display()))?;
    let metadata = match header_field(&head, 24) {
        0 => "{}".to_string(),
        length => {
            let raw = remote.read(header_field(&head, 16), length).await?;
            String::from_utf8(decompress(&raw, header.internal_compression(), 16 * 1024 * 1024)?).unwrap_or_else(|_| "{}".into())
        }
    };
    let mut writer = PmTilesWriter::new(header.tile_type)
        .precompressed(header.tile_compression)
        .min_zoom(header.min_zoom)
        .max_zoom(max_zoom)
        .bounds(w.max(header.min_longitude), s.max(header.min_latitude), e.min(header.max_longitude), n.min(header.max_latitude))
        .center((w + e) / 2.0, (s + n) / 2.0)
        .center_zoom(header.min_zoom.max(5).min(max_zoom))
        .metadata(metadata)
        .create(std::io::BufWriter::new(file))
        .map_err(|e| e.to_string())?;
    let mut total = 0;
    for (id, (offset, length)) in &tiles {
        let data = bytes_of(*offset, *length).ok_or("a tile lies outside what was fetched")?;
        let coord = TileCoord::from(TileId::new(*id).map_err(|e| e.to_string())?);
        writer.add_tile(coord, data).map_err(|e| e.to_string())?;
        total += u64::from(*length);
    }
    writer.finalize().map_err(|e| e.to_string())?;
    std::fs::rename(&partial, out).map_err(|e| format!("cannot move {} into place: {e}", out.display()))?;
    let _ = std::fs::remove_dir_all(&parts);
    Ok(FetchReport { tiles: tiles.len() as u64, requests: remote.requests, bytes: total })
}

/// A u64 field of the header, `at` bytes after the magic and version
/// (root offset 0, root length 8, metadata 16 and 24, leaves 32 and 40,
/// data 48 and 56): the pmtiles crate keeps these private.
fn header_field(head: &[u8], at: usize) -> u64 {
    let start = 8 + at;
    head.get(start..start + 8).map_or(0, |b| u64::from_le_bytes(b.try_into().unwrap_or([0; 8])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_box_holds_the_tiles_a_map_of_it_needs() {
        let ids = wanted_ids(UK_AND_IRELAND, 0, 6);
        assert!(ids.contains(&0), "the world tile");
        let london = TileId::from(TileCoord::new(6, 31, 21).unwrap()).value();
        assert!(ids.contains(&london));
        let madrid = TileId::from(TileCoord::new(6, 31, 24).unwrap()).value();
        assert!(!ids.contains(&madrid));
        assert!(ids.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn directories_decode_and_refuse_nonsense() {
        // Two entries: ids 0 and 1, runs 1 and 2, lengths 10 and 20, the
        // second's offset following the first's.
        let dir = [2, 0, 1, 1, 2, 10, 20, 1, 0];
        let entries = decode_directory(&dir).unwrap();
        assert_eq!(entries[1], Entry { tile_id: 1, offset: 10, length: 20, run_length: 2 });
        assert!(decode_directory(&[200, 1]).is_err());
        assert!(decode_directory(&[1, 0, 1, 10, 0]).is_err(), "a first offset of 0 points nowhere");
        assert!(decode_directory(&[0xff; 20]).is_err());
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_are_a_directory_or_refused(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..1024)) {
            if let Ok(entries) = decode_directory(&bytes) {
                proptest::prop_assert!(entries.len() <= bytes.len());
            }
        }
    }
}
