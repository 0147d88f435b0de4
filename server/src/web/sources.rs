//! The admins' forms for followed sources: add one, read one now, change
//! its mapping. The pages are `app::pages::sources`.

use super::forms::{see_other, Form, Refused};
use super::session::Admin;
use super::AppState;
use crate::moderation::ActionError;
use app::problem::Problem;
use app::source::{Mapping, SourceFormat};
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::post;

pub fn router() -> super::area::Area {
    super::area::Area::new()
        .route("/admin/sources", post(add))
        .route("/admin/sources/{id}/fetch", post(fetch))
        .route("/admin/sources/{id}/mapping", post(mapping))
}

fn id_of(raw: &str) -> Result<i64, ActionError> {
    raw.parse().ok().filter(|id| *id > 0).ok_or(ActionError::NotFound(Problem::NoSuchSource))
}

async fn add(State(state): State<AppState>, Admin(user): Admin, form: Form) -> Result<Response, Refused> {
    let format = form.get("format");
    let format = match format.parse::<SourceFormat>() {
        Ok(f) => f,
        Err(_) => {
            let problem = Problem::UnknownChoice { given: format.chars().take(40).collect(), known: "oruk, geojson, csv".into() };
            return Err(form.refused_on("/admin/sources", ActionError::field("format", problem)));
        }
    };
    let (name, url, kind) = (form.get("name"), form.get("url"), form.get("kind"));
    match state.atlas.add_source(&user, &name, &url, format, Some(&kind), form.get("trusted") == "on").await {
        Ok(id) => Ok(see_other(&format!("/admin/sources?added=1#source-{id}"))),
        Err(e) => Err(form.refused_on("/admin/sources", e)),
    }
}

async fn fetch(State(state): State<AppState>, Admin(user): Admin, Path(id): Path<String>, _form: Form) -> Result<Response, Refused> {
    let id = id_of(&id)?;
    // Read in the background (minutes for a large directory); its outcome,
    // a failure too, is recorded with the source and shown there.
    state.atlas.queue_source_reading(&user, id).await?;
    Ok(see_other(&format!("/admin/sources?queued=1#source-{id}")))
}

async fn mapping(State(state): State<AppState>, Admin(user): Admin, Path(id): Path<String>, form: Form) -> Result<Response, Refused> {
    let id = id_of(&id)?;
    let page = format!("/admin/sources/{id}");
    let mut problems = Vec::new();
    let mut read = |field: &str| {
        Mapping::parse_lines(&form.get(field)).unwrap_or_else(|p| {
            problems.push((field.to_string(), p));
            Default::default()
        })
    };
    let mapping = Mapping { kinds: read("kinds"), tags: read("tags"), languages: read("languages") };
    if !problems.is_empty() {
        return Err(form.refused_on(&page, ActionError::Invalid(problems)));
    }
    match state.atlas.set_source_rules(&user, id, &form.get("kind"), mapping, form.get("trusted") == "on").await {
        Ok(()) => Ok(see_other(&format!("{page}?saved=1"))),
        Err(e) => Err(form.refused_on(&page, e)),
    }
}
