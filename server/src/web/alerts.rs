//! Alerts' posts: subscribing (the public form's checks), confirming,
//! the one-click unsubscribe (RFC 8058: a bare POST from a mail program,
//! no cookie, no form token — the alert's token is the key), and the
//! person's page's "stop this one" and "stop all and forget me".

use super::forms::{public_checks, see_other, Form, Refused};
use super::AppState;
use crate::moderation::ActionError;
use app::alerts::AlertRequest;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

pub fn router() -> super::area::Area {
    super::area::Area::new()
        .route("/alerts", post(subscribe))
        .route("/alerts/confirm", post(confirm))
        .route("/alerts/unsubscribe", post(unsubscribe))
        .route("/alerts/manage/stop", post(stop_one))
        .route("/alerts/manage/forget", post(forget))
        .route("/listings/{slug}/follow", get(follow_page).post(follow))
}

fn request_of(form: &Form) -> AlertRequest {
    AlertRequest {
        email: form.get("email"),
        near: form.get("near"),
        radius_km: form.get("radius_km"),
        wants: form.all("wants"),
        kind: form.get("kind"),
        tag: form.get("tag"),
        lang: form.get("lang"),
        category: form.get("category"),
        topic: form.get("topic"),
        attend: form.get("attend"),
        cadence: form.get("cadence"),
        mail_lang: form.get("mail_lang"),
        neutral: form.get("neutral") == "yes",
    }
}

async fn subscribe(State(state): State<AppState>, form: Form) -> Result<Response, Refused> {
    let form = public_checks(&state, form, "alerts", "/alerts", "/alerts/done/requested").await?;
    state.atlas.subscribe_alert(&request_of(&form)).await.map_err(|e| form.refused_on("/alerts", e))?;
    Ok(see_other("/alerts/done/requested"))
}

async fn confirm(State(state): State<AppState>, form: Form) -> Result<Response, Refused> {
    let mine = state.atlas.confirm_alert(&form.get("token")).await?;
    // The person's alerts, with "started" above them: the page to come
    // back to, before any alert mail has brought its link.
    Ok(see_other(&format!("/alerts/manage?token={}&started=1", super::query::encode(&mine))))
}

#[derive(serde::Deserialize)]
struct TokenQuery {
    #[serde(default)]
    token: String,
}

/// A mail program's one-click POST (`List-Unsubscribe=One-Click` in the
/// body) is answered 200; a person's button on the page goes on to a page
/// that says it is done.
async fn unsubscribe(State(state): State<AppState>, Query(q): Query<TokenQuery>, body: axum::body::Bytes) -> Response {
    if body.len() > 1024 {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    }
    let one_click = body.windows(9).any(|w| w == b"One-Click");
    match state.atlas.stop_alert(&q.token, None).await {
        Ok(()) if one_click => (StatusCode::OK, "unsubscribed").into_response(),
        Ok(()) => see_other("/alerts/done/stopped"),
        // Stopped before (a second click): as good as done.
        Err(ActionError::Gone(_)) if one_click => (StatusCode::OK, "unsubscribed").into_response(),
        Err(ActionError::Gone(_)) => see_other("/alerts/done/stopped"),
        Err(e) => super::forms::action_error_page(e),
    }
}

async fn stop_one(State(state): State<AppState>, form: Form) -> Result<Response, Refused> {
    let token = form.get("token");
    let id = form.get("id").parse::<i64>().map_err(|_| ActionError::Gone(app::problem::Problem::LinkExpired))?;
    state.atlas.stop_alert(&token, Some(id)).await?;
    // The page again, unless the alert stopped was the one whose token
    // opened it.
    Ok(match state.atlas.alerts_for_token(&token).await {
        Ok(Some(_)) => see_other(&format!("/alerts/manage?token={}", super::query::encode(&token))),
        _ => see_other("/alerts/done/stopped"),
    })
}

async fn forget(State(state): State<AppState>, form: Form) -> Result<Response, Refused> {
    state.atlas.forget_alert_address(&form.get("token")).await?;
    Ok(see_other("/alerts/done/forgotten"))
}

/// The follow form's address asked for by GET (a reload, a shared link):
/// the listing's page, or what a missing listing answers.
async fn follow_page(State(state): State<AppState>, Path(slug): Path<String>) -> Result<Response, Refused> {
    match state.atlas.read.public_directory().get(&slug) {
        Some(_) => Ok(see_other(&format!("/listings/{slug}"))),
        None => Err(ActionError::NotFound(app::problem::Problem::NoSuchListing).into()),
    }
}

/// "Follow this group" from a listing's page: the public form's checks,
/// then the same double opt-in; a problem shows the listing's page again.
async fn follow(State(state): State<AppState>, Path(slug): Path<String>, form: Form) -> Result<Response, Refused> {
    let page = format!("/listings/{slug}");
    let form = public_checks(&state, form, "alerts", &page, "/alerts/done/requested").await?;
    let lang = form.parts.extensions.get::<app::i18n::Locale>().map(|l| l.code()).unwrap_or_else(|| "en".into());
    let request = crate::alerts::FollowRequest {
        email: form.get("email"),
        cadence: form.get("cadence"),
        neutral: form.get("neutral") == "yes",
        mail_lang: lang,
    };
    state.atlas.follow_listing(&slug, &request).await.map_err(|e| form.refused_on(&page, e))?;
    Ok(see_other("/alerts/done/requested"))
}
