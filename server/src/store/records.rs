//! A listing's and a resource's full record as stored, in the importer's
//! field names (`area_name` is `town`), including the private parts (true
//! point, address): what moderators, owners and revisions see. One struct
//! per table, read by column name; lists and translations are JSON text.

use serde::Serialize;
use serde_json::{Map, Value};

/// The columns a record is read from.
pub(super) const LISTING_COLUMNS: &str = "slug, kind, name, summary, area_name, region, precision, latitude, longitude,
    address, description, tags, languages, meeting_times, accessibility, website, email, phone,
    last_confirmed, schedule, social, language, translations";

pub(super) const RESOURCE_COLUMNS: &str =
    "slug, title, summary, body, url, kind, topics, languages, publisher, published, language, translations, translation_of";

#[derive(sqlx::FromRow, Serialize)]
pub(super) struct ListingRecord {
    slug: Option<String>,
    kind: Option<String>,
    name: Option<String>,
    summary: Option<String>,
    #[sqlx(rename = "area_name")]
    town: Option<String>,
    region: Option<String>,
    precision: Option<String>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    address: Option<String>,
    description: Option<String>,
    #[sqlx(try_from = "String")]
    tags: JsonList,
    #[sqlx(try_from = "String")]
    languages: JsonList,
    meeting_times: Option<String>,
    accessibility: Option<String>,
    website: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    last_confirmed: Option<String>,
    #[sqlx(try_from = "String")]
    schedule: JsonList,
    #[sqlx(try_from = "String")]
    social: JsonList,
    language: Option<String>,
    #[sqlx(try_from = "String")]
    translations: JsonObject,
}

#[derive(sqlx::FromRow, Serialize)]
pub(super) struct ResourceRecord {
    slug: Option<String>,
    title: Option<String>,
    summary: Option<String>,
    body: Option<String>,
    url: Option<String>,
    kind: Option<String>,
    #[sqlx(try_from = "String")]
    topics: JsonList,
    #[sqlx(try_from = "String")]
    languages: JsonList,
    publisher: Option<String>,
    published: Option<String>,
    language: Option<String>,
    #[sqlx(try_from = "String")]
    translations: JsonObject,
    translation_of: Option<String>,
}

/// A JSON list column; text that is not one reads as an empty list.
#[derive(Serialize)]
#[serde(transparent)]
struct JsonList(Value);

// `From`, so sqlx's `try_from` reads it (the blanket `TryFrom` never fails).
impl From<String> for JsonList {
    fn from(text: String) -> Self {
        JsonList(serde_json::from_str(&text).unwrap_or(Value::Array(Vec::new())))
    }
}

/// A JSON object column (translations); anything else reads as `{}`.
#[derive(Serialize)]
#[serde(transparent)]
struct JsonObject(Value);

impl From<String> for JsonObject {
    fn from(text: String) -> Self {
        JsonObject(serde_json::from_str(&text).unwrap_or(Value::Object(Map::new())))
    }
}

/// A row of `LISTING_COLUMNS` (or `RESOURCE_COLUMNS`) as the record's JSON.
pub(super) fn record_of<R>(row: &sqlx::any::AnyRow) -> Result<Value, sqlx::Error>
where
    R: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Serialize,
{
    serde_json::to_value(R::from_row(row)?).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}
