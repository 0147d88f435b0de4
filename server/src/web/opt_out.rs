//! The opt-out register's and the blocked senders' forms: a moderator
//! releases a held submission; an admin removes a request from the
//! register, blocks or unblocks a sender. (Recording a group on the
//! register is a box on the reject and archive forms.)

use super::forms::{see_other, Form, Refused};
use super::session::{Admin, Moderator};
use super::AppState;
use crate::moderation::ActionError;
use app::problem::Problem;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;

pub fn router() -> super::area::Area {
    super::area::Area::new()
        .route("/moderate/submissions/{id}/release", post(release))
        .route("/admin/opt-outs/{id}/remove", post(remove_opt_out))
        .route("/admin/blocked-senders", post(block_sender))
        .route("/admin/blocked-senders/remove", post(unblock_sender))
}

fn id_of(raw: &str, missing: Problem) -> Result<i64, ActionError> {
    raw.parse().ok().filter(|id| *id > 0).ok_or(ActionError::NotFound(missing))
}

async fn release(
    State(state): State<AppState>,
    Moderator(user): Moderator,
    Path(id): Path<String>,
    form: Form,
) -> Result<Response, Refused> {
    let id = id_of(&id, Problem::NoSuchSubmission)?;
    let page = format!("/moderate/submissions/{id}");
    match state.atlas.release_hold(&user, id, &form.get("release_reason")).await {
        Ok(()) => Ok(see_other(&format!("{page}?released=1"))),
        Err(e) => Err(form.refused_on(&page, e)),
    }
}

async fn remove_opt_out(
    State(state): State<AppState>,
    Admin(user): Admin,
    Path(id): Path<String>,
    _form: Form,
) -> Result<Response, Refused> {
    let id = id_of(&id, Problem::NoSuchOptOut)?;
    state.atlas.remove_opt_out(&user, id).await?;
    Ok(see_other("/admin#opt-outs"))
}

async fn block_sender(State(state): State<AppState>, Admin(user): Admin, form: Form) -> Result<Response, Refused> {
    match state.atlas.block_sender(&user, &form.get("pattern"), &form.get("block_reason")).await {
        Ok(_) => Ok(see_other("/admin#blocked-senders")),
        Err(e) => Err(form.refused_on("/admin", e)),
    }
}

async fn unblock_sender(State(state): State<AppState>, Admin(user): Admin, form: Form) -> Result<Response, Refused> {
    state.atlas.unblock_sender(&user, &form.get("pattern")).await?;
    Ok(see_other("/admin#blocked-senders"))
}
