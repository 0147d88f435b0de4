//! `GET /api/openapi.json`: the JSON API described in OpenAPI 3.1, made
//! from the handlers' `#[utoipa::path]` notes and the types they answer
//! with (utoipa), and `GET /api`: the same document as a page people can
//! read. The kinds and event categories are data, so the document lists
//! this instance's own when it is served.

use super::AppState;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use serde::Serialize;
use serde_json::{json, Value};
use std::sync::Arc;
use utoipa::{IntoParams, OpenApi, ToSchema};

/// The body of every 4xx and 5xx answer.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    /// What was wrong and how to put it right, for a person to read.
    pub error: String,
}

/// GeoJSON (RFC 7946) of listings: a point per listing at its public point.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct FeatureCollection {
    #[schema(pattern = "^FeatureCollection$")]
    r#type: String,
    features: Vec<Feature>,
}

/// One listing: its public fields as properties.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Feature {
    #[schema(pattern = "^Feature$")]
    r#type: String,
    /// None for a listing without a place (online only).
    geometry: Option<Point>,
    /// The listing's public fields (as `/api/listings`, without lat and lon).
    #[schema(value_type = Object)]
    properties: Value,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub struct Point {
    #[schema(pattern = "^Point$")]
    r#type: String,
    /// Longitude, latitude.
    #[schema(min_items = 2, max_items = 2)]
    coordinates: Vec<f64>,
}

// The query strings below are read by the handlers from a map (so that
// every mistake gets its own message); these describe them.

/// Filters every directory route shares.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct DirectoryParams {
    /// A map view: `west,south,east,north` in degrees.
    bbox: Option<String>,
    /// Kinds of listing, comma-separated (see `/api/kinds`).
    kind: Option<String>,
    /// An activity tag (one nobody uses finds nothing).
    tag: Option<String>,
    /// A language code such as `ar` (one nobody uses finds nothing).
    lang: Option<String>,
    /// `latitude,longitude`: nearest first, distances in whole kilometres.
    near: Option<String>,
    /// Only within so many km of `near` (without `near`, not used).
    #[param(exclusive_minimum = 0, maximum = 2000)]
    radius_km: Option<f64>,
    /// `week`: only listings with something on in the next seven days.
    #[param(pattern = "^week$")]
    on: Option<String>,
}

/// Paging by cursor.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct CursorParams {
    /// How many at most (default 50).
    #[param(minimum = 1, maximum = 500)]
    limit: Option<u32>,
    /// `next_cursor` of the page before.
    #[param(pattern = "^o[0-9a-f]{1,6}$")]
    cursor: Option<String>,
}

/// Narrowing by text.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct TextParams {
    /// Words that must all be in the name, kind or town.
    #[param(max_length = 200)]
    q: Option<String>,
}

/// Towns in a page's language.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct TownLangParams {
    /// `ar` or `fa`: each town as that language writes it, where the
    /// place-names data has it; any other value is ignored.
    town_lang: Option<String>,
}

/// One map view.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct ClusterParams {
    /// The zoom level of the map.
    #[param(minimum = 0, maximum = 20)]
    zoom: u8,
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct PlaceParams {
    /// A town, postcode district or postcode, as typed.
    #[param(max_length = 100)]
    q: Option<String>,
    /// `latitude,longitude`: the town that point will be shown as.
    near: Option<String>,
    /// How precisely that point will be shown (default `area`).
    precision: Option<app::model::Precision>,
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct SearchParams {
    /// The words to find (quotes for a phrase, `-word` to leave out).
    #[param(max_length = 500)]
    q: Option<String>,
    /// `resource`, `listing` or `event`.
    #[param(pattern = "^(resource|listing|event)$")]
    r#type: Option<String>,
    /// A resource kind, listing kind or event category.
    kind: Option<String>,
    /// A library topic (one nobody uses finds nothing).
    topic: Option<String>,
    /// A language code (one nobody uses finds nothing).
    lang: Option<String>,
    near: Option<String>,
    #[param(exclusive_minimum = 0, maximum = 2000)]
    radius_km: Option<f64>,
    /// Events from this day (Europe/London).
    #[param(value_type = Option<String>, format = Date)]
    from: Option<String>,
    /// Events to this day (at most 400 days after `from`).
    #[param(value_type = Option<String>, format = Date)]
    to: Option<String>,
    #[param(minimum = 1, maximum = 1000)]
    page: Option<u32>,
    #[param(minimum = 1, maximum = 100)]
    per_page: Option<u32>,
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct SuggestParams {
    /// The start of a title.
    #[param(max_length = 500)]
    q: Option<String>,
}

#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct EventParams {
    /// From this day or moment (default: now).
    #[param(value_type = Option<String>, format = Date)]
    from: Option<String>,
    /// To this day (default and most: 400 days on).
    #[param(value_type = Option<String>, format = Date)]
    to: Option<String>,
    /// Only this listing's events (its slug).
    listing: Option<String>,
    /// `latitude,longitude`: each event's distance from here, in whole
    /// kilometres (with `radius_km`, only events that near).
    near: Option<String>,
    /// Only within so many km of `near` (without `near`, not used).
    #[param(exclusive_minimum = 0, maximum = 200)]
    radius_km: Option<f64>,
    /// An event category.
    category: Option<String>,
    /// A language code (one nobody uses finds nothing).
    lang: Option<String>,
    /// Only online (or hybrid) events.
    online: Option<bool>,
    /// Only events held in person. Without it, a query `near` a place also
    /// answers the events anyone can join online (with no distance).
    in_person: Option<bool>,
    free: Option<bool>,
    step_free: Option<bool>,
    women: Option<bool>,
    #[param(max_length = 100)]
    q: Option<String>,
    #[param(minimum = 1, maximum = 500)]
    limit: Option<u32>,
    /// `next_cursor` of the page before.
    cursor: Option<String>,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Solidarity Atlas API",
        description = "The directory of groups, campaigns and reporting centres, the library and what's on, as JSON. \
                       Read-only, no key, readable from any site (CORS). Every place is shown only as precisely as \
                       its group chose; during a lockdown no listing or place is answered. A query parameter \
                       left empty is the same as one left out. Errors are JSON: {\"error\": \"what to put right\"}.",
        license(name = "Open data: see the instance's terms")
    ),
    paths(
        super::api::list_listings,
        super::downloads::listings_geojson,
        super::downloads::listings_csv,
        super::api::one_listing,
        super::api::clusters,
        super::api::places,
        super::api::major_places,
        super::api::kinds,
        super::search_api::search,
        super::search_api::suggest,
        super::events::list_events,
    ),
    components(schemas(ErrorBody))
)]
pub struct ApiDoc;

/// Text without control characters (Unicode's Cc: U+0000–U+001F, U+007F–U+009F).
const PLAIN_TEXT_PATTERN: &str = r"^[^\u0000-\u001F\u007F-\u009F]*$";

/// The document with this instance's kinds and categories as enums, and
/// the patterns the handlers check points, boxes and cursors with.
fn document(public_url: &str, kinds: &[String], categories: &[String]) -> Value {
    let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
    doc["servers"] = json!([{ "url": public_url }]);
    let any_kind: Vec<String> =
        kinds.iter().chain(categories).cloned().chain(app::resource::RESOURCE_KINDS.iter().map(|k| k.to_string())).collect();
    let (point, bbox) = (super::api::point_pattern(), super::api::bbox_pattern());
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else { return doc };
    for (path, item) in paths.iter_mut() {
        let Some(params) = item.pointer_mut("/get/parameters").and_then(Value::as_array_mut) else { continue };
        for p in params {
            let schema = match (path.as_str(), p["name"].as_str().unwrap_or_default()) {
                ("/api/search", "kind") => json!({ "type": "string", "enum": any_kind }),
                (_, "kind") => json!({ "type": "string", "enum": kinds }),
                (_, "category") => json!({ "type": "string", "enum": categories }),
                (_, "near") => json!({ "type": "string", "pattern": point }),
                ("/api/clusters", "bbox") => {
                    p["required"] = json!(true);
                    json!({ "type": "string", "pattern": bbox })
                }
                (_, "bbox") => json!({ "type": "string", "pattern": bbox }),
                ("/api/events", "cursor") => json!({ "type": "string", "pattern": crate::events::query::CURSOR_PATTERN }),
                ("/api/events", "listing") => {
                    json!({ "type": "string", "pattern": app::listing_input::SLUG_PATTERN, "maxLength": app::listing_input::MAX_SLUG })
                }
                _ => {
                    // Free text: anything but control characters (refused by `api::params`).
                    let schema = &mut p["schema"];
                    let free = schema["type"] == "string" && ["pattern", "enum", "format"].iter().all(|k| schema.get(k).is_none());
                    if free {
                        schema["pattern"] = json!(PLAIN_TEXT_PATTERN);
                    }
                    continue;
                }
            };
            p["schema"] = schema;
        }
        // An empty value is the same as leaving a parameter out (what an
        // HTML form sends for a field left blank).
        for p in item.pointer_mut("/get/parameters").and_then(Value::as_array_mut).into_iter().flatten() {
            if p["in"] == "query" && p["required"] != json!(true) {
                let schema = p["schema"].take();
                p["schema"] = json!({ "anyOf": [schema, { "type": "string", "maxLength": 0 }] });
            }
        }
    }
    doc
}

/// The document last built, and the kinds and categories it was built
/// for: only an admin adding a kind or category makes a new one.
#[derive(Default)]
pub struct Built(arc_swap::ArcSwapOption<(Vec<String>, Vec<String>, Bytes)>);

pub async fn openapi_json(State(state): State<AppState>) -> impl IntoResponse {
    let (kinds, categories) = (state.atlas.kind_slugs(), state.atlas.event_category_slugs());
    let body = match state.openapi.0.load_full() {
        Some(built) if built.0 == kinds && built.1 == categories => built.2.clone(),
        _ => {
            let body = Bytes::from(document(&state.services.public_url, &kinds, &categories).to_string());
            state.openapi.0.store(Some(Arc::new((kinds, categories, body.clone()))));
            body
        }
    };
    ([(header::CONTENT_TYPE, "application/json")], body)
}

/// What values a parameter's schema allows, in short.
fn values(schema: &Value) -> String {
    let mut parts = Vec::new();
    if let Some(t) = schema.get("type") {
        parts.push(t.as_str().map(str::to_string).unwrap_or_else(|| t.to_string()));
    }
    if let Some(f) = schema["format"].as_str() {
        parts.push(f.to_string());
    }
    match (schema.get("minimum").or(schema.get("exclusiveMinimum")), schema.get("maximum")) {
        (Some(min), Some(max)) => parts.push(format!("{min} to {max}")),
        (None, Some(max)) => parts.push(format!("at most {max}")),
        _ => {}
    }
    if let Some(n) = schema["maxLength"].as_u64() {
        parts.push(format!("at most {n} characters"));
    }
    if let Some(values) = schema["enum"].as_array() {
        parts.push(format!("one of {}", values.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", ")));
    }
    parts.join(", ")
}

/// The document as the `/developers` page shows it (kinds and categories
/// are listed by `/api/kinds` and the events page, not here).
pub fn reference() -> app::api_reference::ApiReference {
    use app::api_reference::{ApiOperation, ApiParam, ApiReference};
    let doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
    let mut operations = Vec::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        let get = &item["get"];
        let params = get["parameters"].as_array().into_iter().flatten();
        let params = params
            .map(|p| ApiParam {
                name: p["name"].as_str().unwrap_or_default().to_string(),
                required: p["required"] == json!(true),
                values: values(&p["schema"]),
                description: p["description"].as_str().unwrap_or_default().to_string(),
            })
            .collect();
        let responses = get["responses"].as_object().into_iter().flatten();
        let responses = responses.map(|(status, r)| (status.clone(), r["description"].as_str().unwrap_or_default().to_string())).collect();
        operations.push(ApiOperation {
            method: "GET".into(),
            path: path.clone(),
            summary: get["summary"].as_str().unwrap_or_default().to_string(),
            params,
            responses,
            example: super::api_examples::example_for(path),
        });
    }
    ApiReference {
        title: doc["info"]["title"].as_str().unwrap_or_default().to_string(),
        description: doc["info"]["description"].as_str().unwrap_or_default().to_string(),
        operations,
    }
}

#[cfg(test)]
mod tests {
    use super::PLAIN_TEXT_PATTERN;
    use app::listing_input::{check_slug, SLUG_PATTERN};

    /// The document promises what the handlers check: a client that keeps
    /// to the patterns is never refused for the form of a value.
    #[test]
    fn the_documented_patterns_accept_what_the_handlers_accept() {
        let slug = regex::Regex::new(SLUG_PATTERN).unwrap();
        for s in ["s1-group-2", "a", "leeds-film-night", "-a", "a-", "a--b", "A", "a b", "a\u{0}b", "é", ""] {
            assert_eq!(slug.is_match(s), check_slug(s).is_ok(), "{s:?}");
        }
        let plain = regex::Regex::new(PLAIN_TEXT_PATTERN).unwrap();
        for s in ["", "Sheffield", "مرحبا", "a b\u{a0}c", "a\u{0}b", "\u{1}", "\t", "x\u{7f}", "\u{8c}", "\u{9f}", "\u{a0}"] {
            assert_eq!(plain.is_match(s), !s.chars().any(char::is_control), "{s:?}");
        }
    }
}
