//! `/openreferral/…`: the directory as an Open Referral UK 3.0 feed
//! (read-only), for councils' and charities' directories. Lists are paged
//! (`page` from 1, `per_page` at most 200), so no answer grows with the
//! directory. Any site may read it (CORS, no credentials).

use super::api::{params, Params};
use super::{ApiError, AppState};
use crate::openreferral::{self as oruk, ids::Term, records, Filter, Record};
use axum::extract::{Path, State};
use axum::routing::get;
use axum::Json;
use serde_json::{json, Value};
use std::collections::HashMap;

const DEFAULT_PER_PAGE: usize = 50;
const MAX_PER_PAGE: usize = 200;
const MAX_SEARCH_CHARS: usize = 200;
const LOCKDOWN_NOTICE: &str = "This directory is in lockdown: no listing or location is published for now.";

pub fn router() -> super::area::Area {
    super::area::Area::new()
        .route("/openreferral", get(api_details))
        .route("/openreferral/", get(api_details))
        .route("/openreferral/services", get(services))
        .route("/openreferral/services/{id}", get(service))
        .route("/openreferral/organizations", get(organizations))
        .route("/openreferral/organizations/{id}", get(organization))
        .route("/openreferral/service_at_locations", get(service_at_locations))
        .route("/openreferral/service_at_locations/{id}", get(service_at_location))
        .route("/openreferral/taxonomies", get(taxonomies))
        .route("/openreferral/taxonomies/{id}", get(taxonomy))
        .route("/openreferral/taxonomy_terms", get(taxonomy_terms))
        .route("/openreferral/taxonomy_terms/{id}", get(taxonomy_term))
        .open_to_any_origin()
}

/// `GET /openreferral/`: which standard this is (the validator chooses its
/// rules from `version`).
async fn api_details(State(state): State<AppState>) -> Json<Value> {
    let mut details = json!({
        "version": "HSDS-UK-3.0",
        "profile": "https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md",
        "openapi_url": "https://openreferraluk.org/specifications/3.0/openapi.json",
        "name": "Solidarity Atlas",
        "home": format!("{}/", state.services.public_url),
    });
    if state.atlas.in_lockdown() {
        details["notice"] = json!(LOCKDOWN_NOTICE);
    }
    Json(details)
}

/// `page` and `per_page`, checked.
struct Paging {
    page: usize,
    per_page: usize,
}

fn whole_number(p: &HashMap<String, String>, name: &str, range: std::ops::RangeInclusive<usize>) -> Result<Option<usize>, ApiError> {
    match p.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|n| range.contains(n))
            .map(Some)
            .ok_or_else(|| ApiError::BadRequest(format!("{name} must be a whole number from {} to {}", range.start(), range.end()))),
    }
}

fn paging(p: &HashMap<String, String>) -> Result<Paging, ApiError> {
    if let Some(format) = p.get("format").map(|f| f.trim()).filter(|f| !f.is_empty() && *f != "json") {
        return Err(ApiError::BadRequest(format!("format: {format:?} is not offered; only json (pages of at most {MAX_PER_PAGE})")));
    }
    Ok(Paging {
        page: whole_number(p, "page", 1..=1_000_000)?.unwrap_or(1),
        per_page: whole_number(p, "per_page", 1..=MAX_PER_PAGE)?.unwrap_or(DEFAULT_PER_PAGE),
    })
}

/// The paging envelope around one page of records.
fn page_of<T>(state: &AppState, items: &[T], paging: &Paging, record: impl Fn(&T) -> Value) -> Json<Value> {
    let total = items.len();
    let total_pages = total.div_ceil(paging.per_page).max(1);
    let start = (paging.page - 1).saturating_mul(paging.per_page).min(total);
    let contents: Vec<Value> = items[start..].iter().take(paging.per_page).map(record).collect();
    let mut page = json!({
        "total_items": total,
        "total_pages": total_pages,
        "page_number": paging.page,
        "size": contents.len(),
        "first_page": paging.page == 1,
        "last_page": paging.page >= total_pages,
        "empty": contents.is_empty(),
        "contents": contents,
    });
    if state.atlas.in_lockdown() {
        page["notice"] = json!(LOCKDOWN_NOTICE);
    }
    Json(page)
}

fn search_words(p: &HashMap<String, String>) -> Result<Option<String>, ApiError> {
    let search = p.get("search").map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    if search.as_ref().is_some_and(|s| s.chars().count() > MAX_SEARCH_CHARS) {
        return Err(ApiError::BadRequest(format!("search is too long: at most {MAX_SEARCH_CHARS} characters")));
    }
    Ok(search)
}

fn uuid_param(p: &HashMap<String, String>, name: &str) -> Result<Option<String>, ApiError> {
    match p.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => uuid::Uuid::parse_str(v)
            .map(|u| Some(u.to_string()))
            .map_err(|_| ApiError::BadRequest(format!("{name} must be a UUID such as 3f2b6c0e-5a1d-5c43-9a8e-0d7b1f2c4e61"))),
    }
}

/// The filters the service lists share, checked and resolved.
fn filter(
    state: &AppState,
    snapshot: &std::sync::Arc<crate::directory::Snapshot>,
    p: &HashMap<String, String>,
) -> Result<Filter, ApiError> {
    let mut f = Filter { search: search_words(p)?, ..Default::default() };
    if let Some(id) = uuid_param(p, "taxonomy_term_id")? {
        let terms = oruk::all_terms(&state.atlas.kinds(), snapshot);
        // An unknown term classifies nothing: an empty list, not an error.
        f.term = Some(terms.into_iter().find(|t| t.id() == id).unwrap_or(Term::Tag(String::new())));
    }
    if let Some(id) = uuid_param(p, "organization_id")? {
        f.organization = Some(oruk::find(snapshot, Record::Organization, &id).map(|l| l.slug.clone()).unwrap_or_default());
    }
    if let Some(after) = p.get("modified_after").map(|v| v.trim()).filter(|v| !v.is_empty()) {
        let parsed = chrono::DateTime::parse_from_rfc3339(after)
            .map(|t| t.with_timezone(&chrono::Utc))
            .or_else(|_| chrono::NaiveDate::parse_from_str(after, "%Y-%m-%d").map(|d| d.and_time(chrono::NaiveTime::MIN).and_utc()))
            .map_err(|_| ApiError::BadRequest("modified_after must be a date-time such as 2026-01-31T09:00:00Z (or a date)".into()))?;
        f.modified_after = Some(parsed);
    }
    let proximity = whole_number(p, "proximity", 1..=2_000_000)?;
    match p.get("postcode").map(|v| v.trim()).filter(|v| !v.is_empty()) {
        Some(code) => {
            if crate::places::outward_code(code).is_none() {
                return Err(ApiError::BadRequest(format!("postcode: {code:?} is not a UK postcode (e.g. S1 2HE or S1)")));
            }
            let place = app::ports::ListingDirectory::resolve_place(&*state.atlas, code)
                .map_err(|_| ApiError::BadRequest(format!("postcode: {code:?} is not one we know; try the district alone (e.g. S1)")))?;
            f.near = Some((place.point, proximity.map(|m| m as f64 / 1000.0)));
        }
        None if proximity.is_some() => return Err(ApiError::BadRequest("proximity (metres) needs a postcode".into())),
        None => {}
    }
    Ok(f)
}

type Activities = std::collections::HashMap<String, Vec<crate::store::events::RegularActivity>>;

fn activities_of<'a>(all: &'a Activities, l: &app::model::PublicListing) -> &'a [crate::store::events::RegularActivity] {
    all.get(&l.slug).map(Vec::as_slice).unwrap_or_default()
}

fn not_found(what: &str, id: &str) -> ApiError {
    ApiError::NotFound(format!("no {what} has the id {id:?}"))
}

async fn services(State(state): State<AppState>, p: Params) -> Result<Json<Value>, ApiError> {
    let p = params(p)?;
    let paging = paging(&p)?;
    let snapshot = state.atlas.public_directory();
    let found = oruk::matching(&snapshot, &filter(&state, &snapshot, &p)?);
    let (base, activities) = (&state.services.public_url, state.atlas.regular_activities());
    Ok(page_of(&state, &found, &paging, |l| records::service(base, l, activities_of(&activities, l))))
}

async fn service(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let snapshot = state.atlas.public_directory();
    let listing = oruk::find(&snapshot, Record::Service, &id).ok_or_else(|| not_found("service", &id))?;
    let activities = state.atlas.regular_activities();
    Ok(Json(records::service(&state.services.public_url, listing, activities_of(&activities, listing))))
}

async fn organizations(State(state): State<AppState>, p: Params) -> Result<Json<Value>, ApiError> {
    let p = params(p)?;
    let paging = paging(&p)?;
    let snapshot = state.atlas.public_directory();
    let f = Filter { search: search_words(&p)?, ..Default::default() };
    let found = oruk::matching(&snapshot, &f);
    let base = &state.services.public_url;
    Ok(page_of(&state, &found, &paging, |l| records::organization(base, l)))
}

async fn organization(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let snapshot = state.atlas.public_directory();
    let listing = oruk::find(&snapshot, Record::Organization, &id).ok_or_else(|| not_found("organization", &id))?;
    Ok(Json(records::organization(&state.services.public_url, listing)))
}

async fn service_at_locations(State(state): State<AppState>, p: Params) -> Result<Json<Value>, ApiError> {
    let p = params(p)?;
    let paging = paging(&p)?;
    let snapshot = state.atlas.public_directory();
    let f = Filter { placed_only: true, ..filter(&state, &snapshot, &p)? };
    let found = oruk::matching(&snapshot, &f);
    let (base, activities) = (&state.services.public_url, state.atlas.regular_activities());
    Ok(page_of(&state, &found, &paging, |l| {
        records::service_at_location_with_service(base, l, activities_of(&activities, l)).unwrap_or_default()
    }))
}

async fn service_at_location(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let snapshot = state.atlas.public_directory();
    let listing = oruk::find(&snapshot, Record::ServiceAtLocation, &id).ok_or_else(|| not_found("service_at_location", &id))?;
    let activities = state.atlas.regular_activities();
    let record = records::service_at_location_with_service(&state.services.public_url, listing, activities_of(&activities, listing));
    record.map(Json).ok_or_else(|| not_found("service_at_location", &id))
}

async fn taxonomies(State(state): State<AppState>, p: Params) -> Result<Json<Value>, ApiError> {
    let p = params(p)?;
    let paging = paging(&p)?;
    let search = search_words(&p)?.map(|s| s.to_lowercase());
    let found: Vec<_> =
        oruk::ids::Taxonomy::ALL.into_iter().filter(|t| search.as_ref().is_none_or(|s| t.name().to_lowercase().contains(s))).collect();
    let base = &state.services.public_url;
    Ok(page_of(&state, &found, &paging, |t| t.record(base)))
}

async fn taxonomy(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let taxonomy = oruk::taxonomy(&id).ok_or_else(|| not_found("taxonomy", &id))?;
    Ok(Json(taxonomy.record(&state.services.public_url)))
}

async fn taxonomy_terms(State(state): State<AppState>, p: Params) -> Result<Json<Value>, ApiError> {
    let p = params(p)?;
    let paging = paging(&p)?;
    let search = search_words(&p)?.map(|s| s.to_lowercase());
    let taxonomy = uuid_param(&p, "taxonomy_id")?;
    // The terms here are flat: none has a parent.
    let parent = uuid_param(&p, "parent_id")?;
    let snapshot = state.atlas.public_directory();
    let found: Vec<Term> = oruk::all_terms(&state.atlas.kinds(), &snapshot)
        .into_iter()
        .filter(|t| parent.is_none() && taxonomy.as_ref().is_none_or(|id| &t.taxonomy().id() == id))
        .filter(|t| search.as_ref().is_none_or(|s| t.name().to_lowercase().contains(s) || t.code().contains(s.as_str())))
        .collect();
    let base = &state.services.public_url;
    Ok(page_of(&state, &found, &paging, |t| t.record(base)))
}

async fn taxonomy_term(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let snapshot = state.atlas.public_directory();
    let wanted = id.to_ascii_lowercase();
    let term = oruk::all_terms(&state.atlas.kinds(), &snapshot).into_iter().find(|t| t.id() == wanted);
    term.map(|t| Json(t.record(&state.services.public_url))).ok_or_else(|| not_found("taxonomy_term", &id))
}
