//! The moderators' decisions: approve (perhaps corrected), reject, take an
//! unconfirmed submission, close a report, archive or correct a listing.

use super::fields::{ListingForm, ResourceForm};
use super::{see_other, Form, Refused};
use crate::moderation::{ActionError, Relisting};
use crate::web::session::Moderator;
use crate::web::AppState;
use app::problem::Problem;
use app::resource::ResourceInput;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;

pub fn router() -> crate::web::area::Area {
    crate::web::area::Area::new()
        .route("/moderate/submissions/{id}/approve", post(approve))
        .route("/moderate/submissions/{id}/take", post(take_unconfirmed))
        .route("/moderate/submissions/{id}/reject", post(reject))
        .route("/moderate/reports/{id}/close", post(close_report))
        .route("/moderate/listings/{slug}/archive", post(archive))
        .route("/moderate/listings/{slug}/correct", post(correct_listing))
}

/// A submission's or report's number from the address.
pub(super) fn record_id(raw: &str) -> Result<i64, ActionError> {
    raw.parse().ok().filter(|id| *id > 0).ok_or(ActionError::NotFound(Problem::NoSuchSubmission))
}

fn submission_page(id: i64) -> String {
    format!("/moderate/submissions/{id}")
}

async fn approve(
    State(state): State<AppState>,
    Moderator(user): Moderator,
    Path(id): Path<String>,
    form: Form,
) -> Result<Response, Refused> {
    let id = record_id(&id)?;
    // The moderator may have corrected the record before approving.
    let edited = if !form.get("title").is_empty() {
        Some(crate::moderation::record_value(&ResourceInput::from(form.read::<ResourceForm>()?)))
    } else if !form.get("name").is_empty() {
        let input = form.read::<ListingForm>()?.into_input(None).map_err(|e| form.refused_on(&submission_page(id), e))?;
        Some(crate::moderation::record_value(&input))
    } else {
        None
    };
    // And corrected its proposed translations (`tr.<lang>.<field>`).
    let corrected = super::fields::translations_of(&form);
    let approved = state.atlas.approve_corrected(&user, id, edited, corrected).await;
    let published = approved.map_err(|e| form.refused_on(&submission_page(id), e))?;
    // The queue again, saying where the published page is.
    // (A page's path is slugs and slashes: nothing to escape.)
    Ok(match published {
        Some(page) => see_other(&format!("/moderate?published={page}")),
        None => see_other("/moderate"),
    })
}

async fn take_unconfirmed(
    State(state): State<AppState>,
    Moderator(user): Moderator,
    Path(id): Path<String>,
    form: Form,
) -> Result<Response, Refused> {
    let id = record_id(&id)?;
    state.atlas.take_unconfirmed(&user, id).await.map_err(|e| form.refused_on(&submission_page(id), e))?;
    Ok(see_other(&submission_page(id)))
}

async fn reject(
    State(state): State<AppState>,
    Moderator(user): Moderator,
    Path(id): Path<String>,
    form: Form,
) -> Result<Response, Refused> {
    let id = record_id(&id)?;
    let relisting = relisting(&form);
    state.atlas.reject(&user, id, &form.get("reason"), relisting).await.map_err(|e| form.refused_on(&submission_page(id), e))?;
    // The queue again, saying what was done.
    Ok(see_other(match relisting {
        Relisting::Allowed => "/moderate?rejected=sent",
        Relisting::Never => "/moderate?rejected=never-again",
    }))
}

/// The "never list this group again" box of the reject and archive forms.
fn relisting(form: &Form) -> Relisting {
    match form.get("opt_out").as_str() {
        "" => Relisting::Allowed,
        _ => Relisting::Never,
    }
}

async fn close_report(
    State(state): State<AppState>,
    Moderator(user): Moderator,
    Path(id): Path<String>,
    form: Form,
) -> Result<Response, Refused> {
    let id = record_id(&id)?;
    state.atlas.close_report(&user, id, &form.get("note")).await?;
    Ok(see_other("/moderate"))
}

async fn archive(
    State(state): State<AppState>,
    Moderator(user): Moderator,
    Path(slug): Path<String>,
    form: Form,
) -> Result<Response, Refused> {
    let page = format!("/moderate/listings/{slug}");
    if form.get("reason").is_empty() {
        return Err(form.refused_on(&page, ActionError::field("reason", Problem::ReasonForAudit)));
    }
    state.atlas.archive_listing(&user, &slug, &form.get("reason"), relisting(&form)).await?;
    Ok(see_other(&page))
}

async fn correct_listing(
    State(state): State<AppState>,
    Moderator(user): Moderator,
    Path(slug): Path<String>,
    form: Form,
) -> Result<Response, Refused> {
    let page = format!("/moderate/listings/{slug}");
    let report = form.get("report").parse::<i64>().ok();
    let input = form.read::<ListingForm>()?.into_input(None).map_err(|e| form.refused_on(&page, e))?;
    let corrected = state.atlas.correct_listing(&user, &slug, input, &form.get("correction_reason"), report).await;
    corrected.map_err(|e| form.refused_on(&page, e))?;
    Ok(see_other(&page))
}
