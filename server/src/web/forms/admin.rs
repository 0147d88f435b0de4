//! The administrators' switches: the lockdown, people's roles, and sending
//! a held mail from the outbox now.

use super::fields::list;
use super::moderate::record_id;
use super::{see_other, Form, Refused};
use crate::moderation::ActionError;
use crate::web::session::Admin;
use crate::web::AppState;
use app::people::Role;
use app::problem::Problem;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;

pub fn router() -> crate::web::area::Area {
    crate::web::area::Area::new()
        .route("/admin/lockdown", post(lockdown))
        .route("/admin/people", post(set_role))
        .route("/admin/outbox/{id}/send", post(send_outbox_mail))
}

async fn send_outbox_mail(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(id): Path<String>,
    _form: Form,
) -> Result<Response, Refused> {
    state.atlas.send_outbox_mail(&user, record_id(&id)?).await?;
    Ok(see_other("/admin#outbox"))
}

async fn lockdown(State(state): State<AppState>, Admin(user): Admin, form: Form) -> Result<Response, Refused> {
    let on = match form.get("on").as_str() {
        "on" => true,
        "off" => false,
        _ => return Err(ActionError::field("on", Problem::OnOrOff).into()),
    };
    state.atlas.set_lockdown(&user, on, &form.get("reason")).await?;
    Ok(see_other("/admin"))
}

async fn set_role(State(state): State<AppState>, Admin(user): Admin, form: Form) -> Result<Response, Refused> {
    let role = form.get("role").parse::<Role>().map_err(|_| form.refused_on("/admin", ActionError::field("role", Problem::ChooseRole)))?;
    state.atlas.set_role(&user, &form.get("email"), role, list(&form, &["regions"])).await.map_err(|e| form.refused_on("/admin", e))?;
    Ok(see_other("/admin"))
}
