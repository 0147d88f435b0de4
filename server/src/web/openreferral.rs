//! `/openreferral/…`: the directory as an Open Referral UK 3.0 feed
//! (read-only), for councils' and charities' directories. Lists are paged
//! (`page` from 1, at most 200 a page whatever `per_page` asks, 5000 with
//! `minimal=true`), or streamed a line per record (`format=ndjson`) a
//! chunk at a time, so no request holds more as the directory grows. Every
//! parameter the standard documents for these routes is honoured (a test
//! walks its OpenAPI file). Any site may read it (CORS, no credentials).

mod detail;
mod lists;

use super::query::{check_raw, RawQuery};
use super::{ApiError, AppState};
use crate::openreferral::{self as oruk, ids::Term, records, Filter, Record};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::Json;
use detail::{flag, OrganizationDetail, ServiceDetail};
use lists::{conditional, listing_list, paging, short_list, whole_number, DEFAULT_PER_PAGE, MAX_PER_PAGE};
use serde_json::{json, Value};
use std::collections::HashMap;

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
    if state.atlas.read.in_lockdown() {
        details["notice"] = json!(LOCKDOWN_NOTICE);
    }
    Json(details)
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
        let terms = oruk::all_terms(&state.atlas.read.kinds(), snapshot);
        // An unknown term classifies nothing: an empty list, not an error.
        f.term = terms.into_iter().find(|t| t.id() == id);
        f.unknown_class |= f.term.is_none();
    }
    if let Some(id) = uuid_param(p, "taxonomy_id")? {
        f.taxonomy = oruk::taxonomy(&id);
        f.unknown_class |= f.taxonomy.is_none();
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
            let place = app::ports::ListingDirectory::resolve_place(&*state.atlas.read, code)
                .map_err(|_| ApiError::BadRequest(format!("postcode: {code:?} is not one we know; try the district alone (e.g. S1)")))?;
            f.near = Some((place.point, proximity.map(|m| m as f64 / 1000.0)));
        }
        None if proximity.is_some() => return Err(ApiError::BadRequest("proximity (metres) needs a postcode".into())),
        None => {}
    }
    Ok(f)
}

pub(super) type Activities = HashMap<String, Vec<crate::store::events::RegularActivity>>;

pub(super) fn activities_of<'a>(all: &'a Activities, l: &app::model::PublicListing) -> &'a [crate::store::events::RegularActivity] {
    all.get(&l.slug).map(Vec::as_slice).unwrap_or_default()
}

fn not_found(what: &str, id: &str) -> ApiError {
    ApiError::NotFound(format!("no {what} has the id {id:?}"))
}

async fn services(State(state): State<AppState>, headers: HeaderMap, p: RawQuery) -> Result<Response, ApiError> {
    conditional(&state.clone(), "services", &headers, p.0.clone().as_deref(), || {
        let p = check_raw(p)?;
        let detail = ServiceDetail::of(&p, true)?;
        let (max, default) = detail.per_page();
        let paging = paging(&p, max, default)?;
        let f = filter(&state, &state.atlas.read.public_directory(), &p)?;
        Ok(listing_list(state, f, paging, Box::new(move |base, l, a| Some(detail.service(base, l, a)))))
    })
}

async fn service(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let snapshot = state.atlas.read.public_directory();
    let listing = oruk::find(&snapshot, Record::Service, &id).ok_or_else(|| not_found("service", &id))?;
    let activities = state.atlas.read.regular_activities();
    let mut record = records::service(&state.services.public_url, listing, activities_of(&activities, listing));
    records::mark_origin(&mut record, state.atlas.read.origins().get(&listing.slug));
    Ok(Json(record))
}

async fn organizations(State(state): State<AppState>, headers: HeaderMap, p: RawQuery) -> Result<Response, ApiError> {
    conditional(&state.clone(), "organizations", &headers, p.0.clone().as_deref(), || {
        let p = check_raw(p)?;
        let detail = OrganizationDetail::of(&p, OrganizationDetail::Own)?;
        let paging = paging(&p, MAX_PER_PAGE, DEFAULT_PER_PAGE)?;
        let f = Filter { search: search_words(&p)?, ..Default::default() };
        Ok(listing_list(state, f, paging, Box::new(move |base, l, a| Some(detail.organization(base, l, a)))))
    })
}

async fn organization(State(state): State<AppState>, Path(id): Path<String>, p: RawQuery) -> Result<Json<Value>, ApiError> {
    let p = check_raw(p)?;
    // By id, the standard gives the services' own fields unless full_service.
    let detail = match flag(&p, "full_service")? {
        Some(true) => OrganizationDetail::WithFullServices,
        _ => OrganizationDetail::WithServices,
    };
    let snapshot = state.atlas.read.public_directory();
    let listing = oruk::find(&snapshot, Record::Organization, &id).ok_or_else(|| not_found("organization", &id))?;
    let mut record = detail.organization(&state.services.public_url, listing, &state.atlas.read.regular_activities());
    records::mark_origin(&mut record, state.atlas.read.origins().get(&listing.slug));
    Ok(Json(record))
}

async fn service_at_locations(State(state): State<AppState>, headers: HeaderMap, p: RawQuery) -> Result<Response, ApiError> {
    conditional(&state.clone(), "service_at_locations", &headers, p.0.clone().as_deref(), || {
        let p = check_raw(p)?;
        let detail = ServiceDetail::of(&p, false)?;
        let paging = paging(&p, MAX_PER_PAGE, DEFAULT_PER_PAGE)?;
        let f = Filter { placed_only: true, ..filter(&state, &state.atlas.read.public_directory(), &p)? };
        Ok(listing_list(state, f, paging, Box::new(move |base, l, a| records::service_at_location_holding(l, detail.service(base, l, a)))))
    })
}

async fn service_at_location(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let snapshot = state.atlas.read.public_directory();
    let listing = oruk::find(&snapshot, Record::ServiceAtLocation, &id).ok_or_else(|| not_found("service_at_location", &id))?;
    let activities = state.atlas.read.regular_activities();
    let mut record = records::service_at_location_with_service(&state.services.public_url, listing, activities_of(&activities, listing))
        .ok_or_else(|| not_found("service_at_location", &id))?;
    records::mark_origin(&mut record, state.atlas.read.origins().get(&listing.slug));
    Ok(Json(record))
}

async fn taxonomies(State(state): State<AppState>, p: RawQuery) -> Result<Response, ApiError> {
    let p = check_raw(p)?;
    let paging = paging(&p, MAX_PER_PAGE, DEFAULT_PER_PAGE)?;
    let search = search_words(&p)?.map(|s| s.to_lowercase());
    let found: Vec<_> =
        oruk::ids::Taxonomy::ALL.into_iter().filter(|t| search.as_ref().is_none_or(|s| t.name().to_lowercase().contains(s))).collect();
    let base = &state.services.public_url;
    Ok(short_list(&state, &found, &paging, |t| t.record(base)))
}

async fn taxonomy(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let taxonomy = oruk::taxonomy(&id).ok_or_else(|| not_found("taxonomy", &id))?;
    Ok(Json(taxonomy.record(&state.services.public_url)))
}

async fn taxonomy_terms(State(state): State<AppState>, p: RawQuery) -> Result<Response, ApiError> {
    let p = check_raw(p)?;
    let paging = paging(&p, MAX_PER_PAGE, DEFAULT_PER_PAGE)?;
    let search = search_words(&p)?.map(|s| s.to_lowercase());
    let taxonomy = uuid_param(&p, "taxonomy_id")?;
    // The terms here are flat: none has a parent, and none has children,
    // so every term is one top_only asks for (the value is still checked).
    let parent = uuid_param(&p, "parent_id")?;
    flag(&p, "top_only")?;
    let snapshot = state.atlas.read.public_directory();
    let found: Vec<Term> = oruk::all_terms(&state.atlas.read.kinds(), &snapshot)
        .into_iter()
        .filter(|t| parent.is_none() && taxonomy.as_ref().is_none_or(|id| &t.taxonomy().id() == id))
        .filter(|t| search.as_ref().is_none_or(|s| t.name().to_lowercase().contains(s) || t.code().contains(s.as_str())))
        .collect();
    let base = &state.services.public_url;
    Ok(short_list(&state, &found, &paging, |t| t.record(base)))
}

async fn taxonomy_term(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let snapshot = state.atlas.read.public_directory();
    let wanted = id.to_ascii_lowercase();
    let term = oruk::all_terms(&state.atlas.read.kinds(), &snapshot).into_iter().find(|t| t.id() == wanted);
    term.map(|t| Json(t.record(&state.services.public_url))).ok_or_else(|| not_found("taxonomy_term", &id))
}
