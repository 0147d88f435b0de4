//! Registering a group, sharing a resource, and the links sent by mail
//! that confirm a submission or that a group is still active.

use super::fields::{add_translation, lang, translations_of, with_join_channels, ListingForm, ResourceForm};
use super::{public_checks, see_other, Form, Refused};
use crate::moderation::ActionError;
use crate::web::AppState;
use app::pages::thanks::Thanks;
use axum::extract::State;
use axum::response::Response;
use axum::routing::post;

pub fn router() -> crate::web::area::Area {
    crate::web::area::Area::new()
        .route("/register", post(register))
        .route("/share", post(share))
        .route("/confirm", post(confirm))
        .route("/still-active", post(still_active))
}

async fn register(State(state): State<AppState>, form: Form) -> Result<Response, Refused> {
    const PAGE: &str = "/register";
    if !form.get(app::pages::translating::ADD).is_empty() {
        return Ok(add_translation(form, PAGE, &app::translation::LISTING_FIELDS));
    }
    let form = public_checks(&state, form, "register", PAGE, &Thanks::Registered.path()).await?;
    let contact = form.get("contact_email");
    // Every problem of the form at once: the listing's fields, the ways to
    // join and the regular meeting (a tired person is sent back once).
    let today = crate::events::query::today_in_london();
    let meeting = crate::events::regular::meeting_fields(|n| form.get(n), &form.get("name"), today);
    let input =
        form.read::<ListingForm>()?.into_input(Some(&contact)).and_then(|input| with_join_channels(&form, input)).map(|mut input| {
            input.translations = translations_of(&form);
            input
        });
    let outcome = match (input, meeting) {
        (Ok(input), Ok(meeting)) => state.atlas.register_listing(input, &contact, &lang(&form), meeting).await,
        (Err(ActionError::Invalid(mut problems)), Err(more)) => {
            problems.extend(more);
            Err(ActionError::Invalid(problems))
        }
        (Err(e), _) => Err(e),
        (Ok(_), Err(problems)) => Err(ActionError::Invalid(problems)),
    };
    outcome.map_err(|e| form.refused_on(PAGE, e))?;
    Ok(see_other(&Thanks::Registered.path()))
}

async fn share(State(state): State<AppState>, form: Form) -> Result<Response, Refused> {
    const PAGE: &str = "/share";
    let form = public_checks(&state, form, "register", PAGE, &Thanks::Shared.path()).await?;
    let shared = state.atlas.share_resource(form.read::<ResourceForm>()?.into(), &form.get("contact_email"), &lang(&form)).await;
    shared.map_err(|e| form.refused_on(PAGE, e))?;
    Ok(see_other(&Thanks::Shared.path()))
}

async fn confirm(State(state): State<AppState>, form: Form) -> Result<Response, Refused> {
    state.atlas.confirm_submission(&form.get("token")).await?;
    Ok(see_other(&Thanks::Confirmed.path()))
}

async fn still_active(State(state): State<AppState>, form: Form) -> Result<Response, Refused> {
    state.atlas.still_active(&form.get("token")).await?;
    Ok(see_other(&Thanks::StillActive.path()))
}
