//! What anyone can send from a listing's page: a message to the group, a
//! report to the moderators, a claim to run the listing, a suggested event.

use super::fields::{event_fields, lang};
use super::{public_checks, see_other, Form, Refused};
use crate::web::AppState;
use app::pages::thanks::Thanks;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;

pub fn router() -> crate::web::area::Area {
    crate::web::area::Area::new()
        .route("/listings/{slug}/contact", post(contact))
        .route("/listings/{slug}/report", post(report))
        .route("/listings/{slug}/claim", post(claim))
        .route("/listings/{slug}/suggest-event", post(suggest_event))
}

async fn contact(State(state): State<AppState>, Path(slug): Path<String>, form: Form) -> Result<Response, Refused> {
    let page = format!("/listings/{slug}/contact");
    let form = public_checks(&state, form, "contact", &page, &Thanks::Message.path()).await?;
    let sent = state.atlas.contact_group(&slug, &form.get("name"), &form.get("email"), &form.get("message")).await;
    sent.map_err(|e| form.refused_on(&page, e))?;
    Ok(see_other(&Thanks::Message.path()))
}

async fn report(State(state): State<AppState>, Path(slug): Path<String>, form: Form) -> Result<Response, Refused> {
    let page = format!("/listings/{slug}/report");
    let form = public_checks(&state, form, "report", &page, &Thanks::Report.path()).await?;
    let reported = state.atlas.report_listing(&slug, &form.get("category"), &form.get("message")).await;
    reported.map_err(|e| form.refused_on(&page, e))?;
    Ok(see_other(&Thanks::Report.path()))
}

async fn claim(State(state): State<AppState>, Path(slug): Path<String>, form: Form) -> Result<Response, Refused> {
    let page = format!("/listings/{slug}/claim");
    let form = public_checks(&state, form, "register", &page, &Thanks::Claim.path()).await?;
    let claimed = state.atlas.claim_listing(&slug, &form.get("contact_email"), &form.get("message"), &lang(&form)).await;
    claimed.map_err(|e| form.refused_on(&page, e))?;
    Ok(see_other(&Thanks::Claim.path()))
}

async fn suggest_event(State(state): State<AppState>, Path(slug): Path<String>, form: Form) -> Result<Response, Refused> {
    let page = format!("/listings/{slug}/suggest-event");
    let form = public_checks(&state, form, "register", &page, &Thanks::Suggested.path()).await?;
    let suggested = state.atlas.suggest_event(&slug, event_fields(&form), &form.get("contact_email"), &lang(&form)).await;
    suggested.map_err(|e| form.refused_on(&page, e))?;
    Ok(see_other(&Thanks::Suggested.path()))
}
