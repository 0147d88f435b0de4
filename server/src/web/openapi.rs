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
use serde_json::{json, Value};
use std::sync::Arc;
use utoipa::OpenApi;

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
    components(schemas(super::error::ErrorBody))
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
    let (point, bbox) = (super::query::point_pattern(), super::query::bbox_pattern());
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
    let (kinds, categories) = (state.atlas.read.kind_slugs(), state.atlas.read.event_category_slugs());
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
