//! An organiser's own account: their data, deleting it, and proposing
//! changes to their listings and events (to the moderators), or following
//! the group's own calendar.

use super::fields::{add_translation, event_fields, lang, translations_of, ListingForm};
use super::{see_other, Form, Refused};
use crate::moderation::ActionError;
use crate::web::session::{set_cookie, Organiser, SESSION_COOKIE};
use crate::web::AppState;
use app::pages::thanks::Thanks;
use app::problem::Problem;
use axum::extract::{Path, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE, SET_COOKIE};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

pub fn router() -> crate::web::area::Area {
    crate::web::area::Area::new()
        .route("/account/export", get(export))
        .route("/account/delete", post(delete_account))
        .route("/account/listings/{slug}/edit", post(edit_listing))
        .route("/account/listings/{slug}/events/new", post(new_event))
        .route("/account/events/{slug}/edit", post(edit_event))
        .route("/account/listings/{slug}/calendar", post(follow_calendar))
        .route("/account/listings/{slug}/calendar/stop", post(stop_following))
}

async fn export(State(state): State<AppState>, Organiser(user): Organiser) -> Result<Response, Refused> {
    let data = state.atlas.export(&user).await?;
    let headers = [(CONTENT_TYPE, "application/json"), (CONTENT_DISPOSITION, "attachment; filename=\"solidarity-atlas-my-data.json\"")];
    Ok((headers, serde_json::to_string_pretty(&data).unwrap_or_default()).into_response())
}

async fn delete_account(State(state): State<AppState>, Organiser(user): Organiser, form: Form) -> Result<Response, Refused> {
    if form.get("confirm") != "yes" {
        return Err(form.refused_on("/account", ActionError::field("confirm_delete", Problem::ConfirmDelete)));
    }
    state.atlas.delete_account(&user).await?;
    let mut response = see_other(&Thanks::Deleted.path());
    response.headers_mut().append(SET_COOKIE, set_cookie(SESSION_COOKIE, "", 0, state.secure_cookies));
    Ok(response)
}

async fn edit_listing(
    State(state): State<AppState>,
    Organiser(user): Organiser,
    Path(slug): Path<String>,
    form: Form,
) -> Result<Response, Refused> {
    let page = format!("/account/listings/{slug}/edit");
    if !form.get(app::pages::translating::ADD).is_empty() {
        return Ok(add_translation(form, &page, &app::translation::LISTING_FIELDS));
    }
    let with_translations = !form.get(app::pages::translating::SHOWN).is_empty();
    let mut input = form.read::<ListingForm>()?.into_input(None).map_err(|e| form.refused_on(&page, e))?;
    input.translations = translations_of(&form);
    let proposed = state.atlas.propose_listing_edit(&user, &slug, input, with_translations).await;
    proposed.map_err(|e| form.refused_on(&page, e))?;
    Ok(see_other(&Thanks::Edit.path()))
}

async fn new_event(
    State(state): State<AppState>,
    Organiser(user): Organiser,
    Path(slug): Path<String>,
    form: Form,
) -> Result<Response, Refused> {
    let page = format!("/account/listings/{slug}/events/new");
    if !form.get(app::pages::translating::ADD).is_empty() {
        return Ok(add_translation(form, &page, &app::translation::EVENT_FIELDS));
    }
    state.atlas.propose_event(&user, &slug, event_fields(&form), None).await.map_err(|e| form.refused_on(&page, e))?;
    Ok(see_other(&Thanks::Event.path()))
}

/// Changes to a series (to the moderators), or one date cancelled (at once).
async fn edit_event(
    State(state): State<AppState>,
    Organiser(user): Organiser,
    Path(slug): Path<String>,
    form: Form,
) -> Result<Response, Refused> {
    let page = format!("/account/events/{slug}/edit");
    let date = form.get("cancel_date");
    if !date.is_empty() {
        let status = match form.get("date_status").as_str() {
            "" => app::event::OccurrenceStatus::Cancelled,
            other => {
                other.parse::<app::event::OccurrenceStatus>().map_err(|p| form.refused_on(&page, ActionError::field("date_status", p)))?
            }
        };
        state.atlas.change_occurrence(&user, &slug, &date, status).await.map_err(|e| form.refused_on(&page, e))?;
        return Ok(match status {
            app::event::OccurrenceStatus::Cancelled => see_other(&Thanks::Cancelled.path()),
            _ => see_other(&Thanks::DateChanged.path()),
        });
    }
    if !form.get(app::pages::translating::ADD).is_empty() {
        return Ok(add_translation(form, &page, &app::translation::EVENT_FIELDS));
    }
    let Some((listing, _)) = state.atlas.event_for_edit(&user, &slug).await.map_err(|e| form.refused_on(&page, e))? else {
        return Err(ActionError::NotFound(Problem::NoSuchListing).into());
    };
    let proposed = state.atlas.propose_event(&user, &listing, event_fields(&form), Some(&slug)).await;
    proposed.map_err(|e| form.refused_on(&page, e))?;
    Ok(see_other(&Thanks::Edit.path()))
}

/// Follow the group's own calendar: read at once, then to the moderators.
async fn follow_calendar(
    State(state): State<AppState>,
    Organiser(user): Organiser,
    Path(slug): Path<String>,
    form: Form,
) -> Result<Response, Refused> {
    let page = format!("/account/listings/{slug}/calendar");
    let public_venues = form.get("public_venues") == "yes";
    let followed = state.atlas.follow_calendar(&user, &slug, &form.get("url"), public_venues, &lang(&form)).await;
    followed.map_err(|e| form.refused_on(&page, e))?;
    Ok(see_other(&Thanks::Calendar.path()))
}

async fn stop_following(
    State(state): State<AppState>,
    Organiser(user): Organiser,
    Path(slug): Path<String>,
    form: Form,
) -> Result<Response, Refused> {
    let page = format!("/account/listings/{slug}/calendar");
    state.atlas.stop_following(&user, &slug).await.map_err(|e| form.refused_on(&page, e))?;
    Ok(see_other(&Thanks::CalendarStopped.path()))
}
