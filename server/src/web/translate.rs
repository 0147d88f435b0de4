//! A translator's form post: one language of a published listing, event
//! or resource, to the moderators (the page is `app::pages::translator`).

use super::forms::{see_other, Form, Refused};
use super::session::Organiser;
use super::AppState;
use crate::moderation::ActionError;
use app::pages::thanks::Thanks;
use app::people::Entity;
use app::problem::Problem;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;

pub fn router() -> super::area::Area {
    super::area::Area::new().route("/account/translate/{entity}/{slug}", post(translate))
}

/// Only `tr.<lang>.<field>` of the chosen language is read: the rest of
/// the record cannot be changed this way.
async fn translate(
    State(state): State<AppState>,
    Organiser(user): Organiser,
    Path((kind, slug)): Path<(String, String)>,
    form: Form,
) -> Result<Response, Refused> {
    let entity = kind.parse::<Entity>().ok().filter(|e| *e != Entity::Calendar).ok_or(ActionError::NotFound(Problem::NoSuchListing))?;
    let lang = form.get("lang");
    let page = format!("/account/translate/{kind}/{slug}?lang={}", super::query::encode(&lang));
    let prefix = format!("tr.{lang}.");
    let texts = form.fields.iter().filter_map(|(k, v)| k.strip_prefix(&prefix).map(|f| (f.to_string(), v.clone()))).collect();
    match state.atlas.propose_translation(&user, entity, &slug, &lang, texts).await {
        Ok(_) => Ok(see_other(&Thanks::Edit.path())),
        Err(e @ ActionError::NotFound(_)) => Err(e.into()),
        Err(e) => Err(form.refused_on(&page, e)),
    }
}
