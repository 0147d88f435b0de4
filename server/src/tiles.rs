//! Map tiles from an operator-chosen tile server, fetched by this server
//! and cached on disk, so a visitor's browser never contacts a third
//! party. Off unless ATLAS_TILE_URL is set.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use tokio::sync::Semaphore;

/// How long a cached tile is served without asking upstream again.
const FRESH_FOR: Duration = Duration::from_secs(30 * 24 * 3600);
const MAX_ZOOM: u8 = 19;
/// Largest tile taken from upstream (a raster or vector tile is tens of KB).
const MAX_TILE_BYTES: usize = 1024 * 1024;
/// Most the cache holds on disk: past it, tiles are served but not kept
/// (a visitor asking for every tile of the world fills no disk).
pub const MAX_CACHE_BYTES: u64 = 2 * 1024 * 1024 * 1024;

pub struct TileProxy {
    /// e.g. `https://tile.example.org/{z}/{x}/{y}.png`
    template: String,
    cache_dir: PathBuf,
    client: reqwest::Client,
    /// Tile servers ask for few parallel requests; we keep to 4.
    upstream: Arc<Semaphore>,
    /// Bytes in the cache folder (counted at start, then as tiles are kept).
    cached_bytes: std::sync::atomic::AtomicU64,
    max_cache_bytes: u64,
}

/// The size of the files in a folder and its sub-folders.
fn folder_bytes(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| match e.file_type() {
            Ok(t) if t.is_dir() => folder_bytes(&e.path()),
            Ok(_) => e.metadata().map(|m| m.len()).unwrap_or(0),
            Err(_) => 0,
        })
        .sum()
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum TileError {
    #[error("no such tile: zoom must be 0 to 19 and x, y within the grid of that zoom")]
    OutOfRange,
    #[error("the tile server did not answer and no copy is cached; try again later")]
    Unavailable,
}

impl TileProxy {
    /// Checks the template and prepares the cache folder.
    pub fn new(template: &str, cache_dir: PathBuf) -> Result<TileProxy, String> {
        if !(template.starts_with("https://") || template.starts_with("http://"))
            || !["{z}", "{x}", "{y}"].iter().all(|p| template.contains(p))
        {
            return Err(format!(
                "ATLAS_TILE_URL must be an http(s) address with {{z}}, {{x}} and {{y}}, e.g. https://tile.example.org/{{z}}/{{x}}/{{y}}.png; got {template:?}"
            ));
        }
        std::fs::create_dir_all(&cache_dir).map_err(|e| format!("cannot create tile cache {}: {e}", cache_dir.display()))?;
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .user_agent(concat!("SolidarityAtlas/", env!("CARGO_PKG_VERSION"), " (self-hosted tile cache)"))
            .build()
            .map_err(|e| format!("cannot start the tile client: {e}"))?;
        let cached_bytes = folder_bytes(&cache_dir).into();
        Ok(TileProxy {
            template: template.to_string(),
            cache_dir,
            client,
            upstream: Arc::new(Semaphore::new(4)),
            cached_bytes,
            max_cache_bytes: MAX_CACHE_BYTES,
        })
    }

    /// The same with a smaller cache (tests).
    pub fn with_cache_limit(mut self, max_cache_bytes: u64) -> Self {
        self.max_cache_bytes = max_cache_bytes;
        self
    }

    /// The tile's bytes: from the cache when fresh, else from upstream
    /// (cached on the way), else a stale cached copy.
    pub async fn tile(&self, z: u8, x: u32, y: u32) -> Result<Vec<u8>, TileError> {
        if z > MAX_ZOOM || u64::from(x) >= 1u64 << z || u64::from(y) >= 1u64 << z {
            return Err(TileError::OutOfRange);
        }
        let path = self.cache_dir.join(z.to_string()).join(x.to_string()).join(format!("{y}.tile"));
        let cached = tokio::fs::read(&path).await.ok();
        let fresh = tokio::fs::metadata(&path)
            .await
            .and_then(|m| m.modified())
            .map(|t| SystemTime::now().duration_since(t).unwrap_or_default() < FRESH_FOR)
            .unwrap_or(false);
        if let (Some(bytes), true) = (&cached, fresh) {
            return Ok(bytes.clone());
        }
        match self.fetch(z, x, y).await {
            Some(bytes) => {
                self.store(&path, &bytes).await;
                Ok(bytes)
            }
            None => cached.ok_or(TileError::Unavailable),
        }
    }

    async fn fetch(&self, z: u8, x: u32, y: u32) -> Option<Vec<u8>> {
        let _permit = self.upstream.acquire().await.ok()?;
        let url = self.template.replace("{z}", &z.to_string()).replace("{x}", &x.to_string()).replace("{y}", &y.to_string());
        let response = self.client.get(&url).send().await.ok()?;
        if !response.status().is_success() {
            tracing::warn!("tile server answered {} for {url}", response.status());
            return None;
        }
        if response.content_length().is_some_and(|n| n > MAX_TILE_BYTES as u64) {
            tracing::warn!("tile server sent more than {MAX_TILE_BYTES} bytes for {url}");
            return None;
        }
        let mut response = response;
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.ok()? {
            if body.len() + chunk.len() > MAX_TILE_BYTES {
                tracing::warn!("tile server sent more than {MAX_TILE_BYTES} bytes for {url}");
                return None;
            }
            body.extend_from_slice(&chunk);
        }
        Some(body)
    }

    /// Writes via a temporary file, so a crash never leaves half a tile.
    async fn store(&self, path: &std::path::Path, bytes: &[u8]) {
        use std::sync::atomic::Ordering;
        let before = self.cached_bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        if before + bytes.len() as u64 > self.max_cache_bytes {
            self.cached_bytes.fetch_sub(bytes.len() as u64, Ordering::Relaxed);
            return;
        }
        if let Some(dir) = path.parent() {
            let _ = tokio::fs::create_dir_all(dir).await;
        }
        let tmp = path.with_extension("tmp");
        if tokio::fs::write(&tmp, bytes).await.is_ok() {
            let _ = tokio::fs::rename(&tmp, path).await;
        }
    }
}
