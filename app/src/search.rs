//! Search requests and results, shared by the server (which answers them
//! with tantivy) and the pages and islands that show them.

use crate::location::LatLon;
use serde::{Deserialize, Serialize};

/// What the index holds, by the `type` a search may narrow to.
pub const DOC_TYPES: [&str; 3] = ["resource", "listing", "event"];

/// Filters and paging for one search.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchQuery {
    pub text: String,
    /// "resource", "listing" or "event".
    pub doc_type: Option<String>,
    pub kind: Option<String>,
    pub topic: Option<String>,
    pub lang: Option<String>,
    pub near: Option<LatLon>,
    pub radius_km: Option<f64>,
    /// Events on one of these days (since 1970-01-01), inclusive.
    pub days: Option<(i64, i64)>,
    pub offset: usize,
    pub limit: usize,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct SearchHit {
    #[serde(rename = "type")]
    pub doc_type: String,
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// HTML: the text escaped, matches in <b>.
    pub snippet: String,
    pub score: f32,
    pub kind: String,
    pub languages: Vec<String>,
}

impl SearchHit {
    pub fn href(&self) -> String {
        match self.doc_type.as_str() {
            "listing" => format!("/listings/{}", self.slug),
            "event" => format!("/events/{}", self.slug),
            _ => format!("/library/{}", self.slug),
        }
    }
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct SearchFacets {
    #[serde(rename = "type")]
    pub doc_type: Vec<(String, u64)>,
    pub kind: Vec<(String, u64)>,
    pub topic: Vec<(String, u64)>,
    pub lang: Vec<(String, u64)>,
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct SearchPage {
    pub total: usize,
    pub hits: Vec<SearchHit>,
    pub facets: SearchFacets,
}
