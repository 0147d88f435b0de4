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
    /// The reader's language: a translation set is shown by its sheet in
    /// it, where there is one.
    pub reader: Option<String>,
}

impl SearchQuery {
    /// The same search for a reader of `lang` (a language code; anything
    /// else is ignored).
    pub fn read_in(self, lang: &str) -> SearchQuery {
        let code = (2..=8).contains(&lang.len()) && lang.chars().all(|c| c.is_ascii_lowercase() || c == '-');
        SearchQuery { reader: code.then(|| lang.to_string()), ..self }
    }
}

#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct SearchHit {
    #[serde(rename = "type")]
    pub doc_type: String,
    pub slug: String,
    /// In the reader's language where the record is translated.
    pub title: String,
    /// The language `title` is in (its `lang` on the page).
    #[serde(default)]
    pub lang: String,
    pub summary: String,
    /// The language `summary` and `snippet` are in.
    #[serde(default)]
    pub summary_lang: String,
    /// HTML: the text escaped, matches in <b>.
    pub snippet: String,
    pub score: f32,
    pub kind: String,
    pub languages: Vec<String>,
    /// The same sheet in other languages (a resource's translation set),
    /// found once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_in: Vec<OtherLanguage>,
}

/// One sheet of a translation set: its language and where it is.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct OtherLanguage {
    pub lang: String,
    pub slug: String,
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
    /// The language the query named ("know your rights French"): what is
    /// in it comes first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language_first: Option<String>,
    /// The query without the words that named that language: the same
    /// search in every language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all_languages: Option<String>,
}

/// Results a search page shows at once.
pub const PER_PAGE: usize = 20;

/// The filters and page of a search page, as its address carries them
/// (`/search?q=&type=&kind=&topic=&lang=&page=`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchFilters {
    pub doc_type: Option<String>,
    pub kind: Option<String>,
    pub topic: Option<String>,
    pub lang: Option<String>,
    /// From 1.
    pub page: usize,
}

/// Which filter a link changes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Filter {
    Type,
    Kind,
    Topic,
    Lang,
}

impl SearchFilters {
    /// The filters with one changed (None clears it), back on page 1. A
    /// new type clears the kind, which belongs to a type.
    pub fn with(&self, filter: Filter, value: Option<&str>) -> SearchFilters {
        let value = value.map(str::to_string);
        let mut f = SearchFilters { page: 1, ..self.clone() };
        match filter {
            Filter::Type => {
                f.doc_type = value;
                f.kind = None;
            }
            Filter::Kind => f.kind = value,
            Filter::Topic => f.topic = value,
            Filter::Lang => f.lang = value,
        }
        f
    }

    pub fn current(&self, filter: Filter) -> Option<&str> {
        match filter {
            Filter::Type => self.doc_type.as_deref(),
            Filter::Kind => self.kind.as_deref(),
            Filter::Topic => self.topic.as_deref(),
            Filter::Lang => self.lang.as_deref(),
        }
    }

    /// The address of `path` searching `q` with these filters.
    pub fn href(&self, path: &str, q: &str) -> String {
        let mut parts = Vec::new();
        let q = q.trim();
        if !q.is_empty() {
            parts.push(format!("q={}", encode(q)));
        }
        for (key, value) in [("type", &self.doc_type), ("kind", &self.kind), ("topic", &self.topic), ("lang", &self.lang)] {
            if let Some(v) = value {
                parts.push(format!("{key}={}", encode(v)));
            }
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        if parts.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{}", parts.join("&"))
        }
    }

    /// Hidden form fields that keep these filters when the text changes.
    pub fn hidden(&self) -> Vec<(&'static str, String)> {
        [("type", &self.doc_type), ("kind", &self.kind), ("topic", &self.topic), ("lang", &self.lang)]
            .into_iter()
            .filter_map(|(k, v)| v.clone().map(|v| (k, v)))
            .collect()
    }

    /// The search these filters ask for.
    pub fn query(&self, text: &str) -> SearchQuery {
        SearchQuery {
            text: text.to_string(),
            doc_type: self.doc_type.clone(),
            kind: self.kind.clone(),
            topic: self.topic.clone(),
            lang: self.lang.clone(),
            offset: (self.page.max(1) - 1) * PER_PAGE,
            limit: PER_PAGE,
            ..Default::default()
        }
    }

    /// The filters of an address's query parameters, each checked:
    /// unknown types are dropped, values cut to a sane length, the page
    /// kept within 1..=1000.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> SearchFilters {
        let value = |k: &str| get(k).map(|v| v.trim().chars().take(60).collect::<String>()).filter(|v| !v.is_empty());
        SearchFilters {
            doc_type: value("type").filter(|t| DOC_TYPES.contains(&t.as_str())),
            kind: value("kind"),
            topic: value("topic").map(|t| t.to_lowercase()),
            lang: value("lang").map(|l| l.to_lowercase()),
            page: value("page").and_then(|p| p.parse().ok()).filter(|p| (1..=1000).contains(p)).unwrap_or(1),
        }
    }
}

/// `text` for a query string: letters and digits as they are, the rest
/// percent-encoded (UTF-8), spaces as `+`.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() && c.is_ascii() || "-_.~".contains(c) {
            out.push(c);
        } else if c == ' ' {
            out.push('+');
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_links_keep_the_others_and_go_back_to_page_one() {
        let f = SearchFilters {
            doc_type: Some("resource".into()),
            kind: Some("guide".into()),
            lang: Some("fr".into()),
            page: 3,
            ..Default::default()
        };
        assert_eq!(
            f.href("/search", "droits à l'hôpital"),
            "/search?q=droits+%C3%A0+l%27h%C3%B4pital&type=resource&kind=guide&lang=fr&page=3"
        );
        assert_eq!(f.with(Filter::Lang, None).href("/search", ""), "/search?type=resource&kind=guide");
        assert_eq!(f.with(Filter::Type, Some("event")).href("/search", "x"), "/search?q=x&type=event&lang=fr");
        let parsed = SearchFilters::from_params(|k| match k {
            "type" => Some("person".into()),
            "page" => Some("99999".into()),
            "topic" => Some(" Health ".into()),
            _ => None,
        });
        assert_eq!(parsed, SearchFilters { topic: Some("health".into()), page: 1, ..Default::default() });
        assert_eq!(f.query("x").offset, 40);
    }
}
