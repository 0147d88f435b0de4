//! Addresses of the built files, with their content hash (`?v=`), so a
//! browser may keep them for a year and still never use a stale one.

use std::collections::HashMap;

/// From `target/site/asset-versions.json`, written by scripts/build-site.
#[derive(Clone, Debug, Default)]
pub struct AssetVersions(pub HashMap<String, String>);

impl AssetVersions {
    pub fn from_json(text: &str) -> Self {
        AssetVersions(serde_json::from_str(text).unwrap_or_default())
    }

    /// `/pkg/atlas.css` → `/pkg/atlas.css?v=e31a178e8746` (as is when unknown).
    pub fn url(&self, path: &str) -> String {
        match self.0.get(path) {
            Some(v) => format!("{path}?v={v}"),
            None => path.to_string(),
        }
    }

    /// The islands' file name without extension (`atlas.<hash>`).
    pub fn islands(&self) -> Option<&str> {
        self.0.get("islands").map(String::as_str)
    }
}

/// The versioned address of a built file, for the page being rendered.
pub fn asset(path: &str) -> String {
    leptos::prelude::use_context::<crate::ports::Services>().map(|s| s.assets.url(path)).unwrap_or_else(|| path.to_string())
}
