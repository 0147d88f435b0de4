//! Query strings, checked once: [`ApiQuery`] reads one into a typed struct
//! that also describes it for the OpenAPI document (`IntoParams`), after
//! refusing what no parameter can mean (a name given twice, text that is
//! not UTF-8, control characters). The points and boxes every area reads
//! are parsed here, with the patterns the document shows.

use super::ApiError;
use app::location::LatLon;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};
use std::collections::HashMap;

/// A query parameter's text: never a control character. Blank is the same
/// as absent (what an HTML form sends for a field left empty).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text(String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        if text.chars().any(char::is_control) {
            return Err(D::Error::custom("a control character (such as a NUL byte, %00): give it as plain text"));
        }
        Ok(Text(text))
    }
}

impl Text {
    /// As given, spaces and all (words to search for).
    pub fn as_given(&self) -> &str {
        &self.0
    }
}

/// The parameter trimmed, or None when it is absent or blank.
pub fn given(text: &Option<Text>) -> Option<&str> {
    text.as_ref().map(|t| t.0.trim()).filter(|t| !t.is_empty())
}

/// A query string read into `T` (unknown names are left alone).
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let raw = parts.uri.query().unwrap_or_default();
        check(raw)?;
        serde_urlencoded::from_str(raw).map(ApiQuery).map_err(|e| ApiError::BadRequest(e.to_string()))
    }
}

/// The query string as names and values. A name given twice is refused
/// (which value was meant?), as is text that is not UTF-8 or holds control
/// characters (no parameter means anything by them, and PostgreSQL refuses
/// a NUL byte in text).
pub fn check(query: &str) -> Result<HashMap<String, String>, ApiError> {
    let mut map = HashMap::new();
    for (name, value) in form_urlencoded::parse(query.as_bytes()) {
        if name.contains('\u{FFFD}') || value.contains('\u{FFFD}') {
            return Err(ApiError::BadRequest("the query string is not valid text: it must be UTF-8".into()));
        }
        let name: String = name.chars().filter(|c| !c.is_control()).take(40).collect();
        if value.chars().any(char::is_control) {
            return Err(ApiError::BadRequest(format!("{name} holds a control character (such as a NUL byte, %00): give it as plain text")));
        }
        if map.insert(name.clone(), value.into_owned()).is_some() {
            return Err(ApiError::BadRequest(format!("{name} is given more than once; give it once")));
        }
    }
    Ok(map)
}

/// The raw query string, for the areas that read it as a map (Open
/// Referral's parameters are described by its own standard, not ours).
pub type RawQuery = axum::extract::RawQuery;

pub fn check_raw(axum::extract::RawQuery(query): RawQuery) -> Result<HashMap<String, String>, ApiError> {
    check(&query.unwrap_or_default())
}

/// A number, or None when absent or blank.
pub fn number(text: &Option<Text>, name: &str) -> Result<Option<f64>, ApiError> {
    match given(text) {
        None => Ok(None),
        Some(v) => v
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .map(Some)
            .ok_or_else(|| ApiError::BadRequest(format!("{name}: {v:?} is not a number"))),
    }
}

/// A point as `latitude,longitude` in decimal degrees (the form in the
/// API's document: what matches it is accepted, nothing else).
const POINT_PATTERN: &str = r"^LAT,LON$";
/// A map view as `west,south,east,north` (two corners, in either order).
const BBOX_PATTERN: &str = r"^LON,LAT,LON,LAT$";
// Any number of decimals: a client may write a float in full.
const LAT: &str = r"-?(90(\.0+)?|[1-8]?[0-9](\.[0-9]+)?)";
const LON: &str = r"-?(180(\.0+)?|(1[0-7][0-9]|[1-9]?[0-9])(\.[0-9]+)?)";

/// The patterns with their parts filled in, as the document shows them.
pub fn point_pattern() -> String {
    POINT_PATTERN.replace("LON", LON).replace("LAT", LAT)
}

pub fn bbox_pattern() -> String {
    BBOX_PATTERN.replace("LON", LON).replace("LAT", LAT)
}

pub fn parse_bbox(text: &str) -> Result<crate::directory::BBox, ApiError> {
    static BOX: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(&bbox_pattern()).expect("a pattern"));
    if !BOX.is_match(text) {
        return Err(ApiError::BadRequest(
            "bbox must be four numbers, west,south,east,north in degrees (longitudes from -180 to 180, latitudes from -90 to 90), e.g. -3.5,53,-1,54".into(),
        ));
    }
    crate::directory::BBox::parse(text).map_err(ApiError::BadRequest)
}

/// `lat,lon`.
pub fn parse_point(name: &str, text: &str) -> Result<LatLon, String> {
    static POINT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(&point_pattern()).expect("a pattern"));
    let example = format!(
        "{name} must be two numbers, latitude,longitude in degrees: latitude from -90 to 90 and longitude from -180 to 180 (e.g. 53.38,-1.47)"
    );
    if !POINT.is_match(text) {
        return Err(example);
    }
    match text.split_once(',').map(|(a, b)| (a.parse::<f64>(), b.parse::<f64>())) {
        Some((Ok(lat), Ok(lon))) => Ok(LatLon::new(lat, lon)),
        _ => Err(example),
    }
}

/// Percent-encodes a query value.
pub fn encode(v: &str) -> String {
    form_urlencoded::byte_serialize(v.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Q {
        q: Option<Text>,
        near: Option<Text>,
    }

    #[test]
    fn blank_is_absent_and_control_characters_are_refused() {
        let q: Q = serde_urlencoded::from_str("q=+&near=53,-1&other=x").unwrap();
        assert_eq!(given(&q.q), None);
        assert_eq!(given(&q.near), Some("53,-1"));
        assert!(serde_urlencoded::from_str::<Q>("q=a%00b").is_err());
        assert!(check("q=a&q=b").is_err());
    }
}
