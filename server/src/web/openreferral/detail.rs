//! How much of a record a list or `/{id}` gives: `minimal`, `full` and
//! `full_service`, checked.

use super::lists::{DEFAULT_PER_PAGE, MAX_MINIMAL_PER_PAGE, MAX_PER_PAGE};
use super::{activities_of, Activities};
use crate::openreferral::records;
use crate::web::ApiError;
use app::model::PublicListing;
use serde_json::Value;
use std::collections::HashMap;

/// `true` or `false` (also `1` or `0`); absent or empty, `None`.
pub fn flag(p: &HashMap<String, String>, name: &str) -> Result<Option<bool>, ApiError> {
    match p.get(name).map(|v| v.trim().to_ascii_lowercase()).filter(|v| !v.is_empty()).as_deref() {
        None => Ok(None),
        Some("true" | "1") => Ok(Some(true)),
        Some("false" | "0") => Ok(Some(false)),
        Some(other) => Err(ApiError::BadRequest(format!("{name} must be true or false, not {other:?}"))),
    }
}

/// How much of a service a list gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServiceDetail {
    /// `minimal=true`: the id and when it changed.
    Minimal,
    /// `full=false`: the service's own fields and its organization.
    OneToOne,
    /// The default, and `full=true`: everything nested.
    Full,
}

impl ServiceDetail {
    pub fn of(p: &HashMap<String, String>, minimal_offered: bool) -> Result<Self, ApiError> {
        let minimal = if minimal_offered { flag(p, "minimal")?.unwrap_or(false) } else { false };
        match (minimal, flag(p, "full")?) {
            (true, Some(true)) => Err(ApiError::BadRequest("minimal=true and full=true ask for opposite answers: give one of them".into())),
            (true, _) => Ok(ServiceDetail::Minimal),
            (false, Some(false)) => Ok(ServiceDetail::OneToOne),
            (false, _) => Ok(ServiceDetail::Full),
        }
    }

    pub fn service(self, base: &str, l: &PublicListing, activities: &Activities) -> Value {
        match self {
            ServiceDetail::Minimal => records::service_minimal(l),
            ServiceDetail::OneToOne => records::service_one_to_one(base, l),
            ServiceDetail::Full => records::service(base, l, activities_of(activities, l)),
        }
    }

    /// `minimal` aims to answer everything at once; its records are small.
    pub fn per_page(self) -> (usize, usize) {
        match self {
            ServiceDetail::Minimal => (MAX_MINIMAL_PER_PAGE, MAX_MINIMAL_PER_PAGE),
            _ => (MAX_PER_PAGE, DEFAULT_PER_PAGE),
        }
    }
}

/// How much of an organization's services it carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrganizationDetail {
    /// The organization's own fields (the list's default).
    Own,
    /// `full=true` (and `/{id}`): its services' own fields.
    WithServices,
    /// `full_service=true`: its services with everything nested.
    WithFullServices,
}

impl OrganizationDetail {
    pub fn of(p: &HashMap<String, String>, default: OrganizationDetail) -> Result<Self, ApiError> {
        match (flag(p, "full")?, flag(p, "full_service")?) {
            (Some(false), Some(true)) => {
                Err(ApiError::BadRequest("full=false and full_service=true ask for opposite answers: give one of them".into()))
            }
            (_, Some(true)) => Ok(OrganizationDetail::WithFullServices),
            (Some(true), _) => Ok(OrganizationDetail::WithServices),
            (Some(false), _) => Ok(OrganizationDetail::Own),
            (None, _) => Ok(default),
        }
    }

    pub fn organization(self, base: &str, l: &PublicListing, activities: &Activities) -> Value {
        match self {
            OrganizationDetail::Own => records::organization(base, l),
            OrganizationDetail::WithServices => records::organization_with_services(base, l, records::service_one_to_one(base, l)),
            OrganizationDetail::WithFullServices => {
                records::organization_with_services(base, l, records::service(base, l, activities_of(activities, l)))
            }
        }
    }
}
