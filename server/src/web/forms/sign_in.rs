//! Signing in with a link sent by mail, and signing out.

use super::fields::lang;
use super::{see_other, Form, Refused};
use crate::web::session::{cookie, set_cookie, SESSION_COOKIE};
use crate::web::AppState;
use app::pages::thanks::Thanks;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::response::Response;
use axum::routing::post;

pub fn router() -> crate::web::area::Area {
    crate::web::area::Area::new().route("/login", post(login)).route("/login/confirm", post(login_confirm)).route("/logout", post(logout))
}

async fn login(State(state): State<AppState>, form: Form) -> Result<Response, Refused> {
    state.allow("login", form.client(state.trust_proxy)).await?;
    let next = form.get("next");
    let asked = state.atlas.request_sign_in(&form.get("email"), &lang(&form), Some(&next)).await;
    asked.map_err(|e| form.refused_on("/login", e))?;
    // The same answer whether or not the address has an account.
    Ok(see_other(&Thanks::SignIn.path()))
}

async fn login_confirm(State(state): State<AppState>, form: Form) -> Result<Response, Refused> {
    // Its own count: people behind one shared address asking for links
    // must not stop each other using the ones they were sent.
    state.allow("login-confirm", form.client(state.trust_proxy)).await?;
    let (session, user) = state.atlas.sign_in(&form.get("token")).await?;
    // Back where the person was asked to sign in, if that was here.
    let next = form.get("next");
    let home = if user.role.moderates() { "/moderate" } else { "/account" };
    let to = app::people::safe_next(&next).unwrap_or(home);
    let max_age = u64::from(crate::accounts::SESSION_DAYS) * 86_400;
    let mut response = see_other(to);
    response.headers_mut().append(SET_COOKIE, set_cookie(SESSION_COOKIE, &session, max_age, state.secure_cookies));
    Ok(response)
}

async fn logout(State(state): State<AppState>, form: Form) -> Result<Response, Refused> {
    if let Some(session) = cookie(&form.parts.headers, SESSION_COOKIE) {
        state.atlas.sign_out(&session).await.map_err(crate::moderation::ActionError::from)?;
    }
    let mut response = see_other("/");
    response.headers_mut().append(SET_COOKIE, set_cookie(SESSION_COOKIE, "", 0, state.secure_cookies));
    Ok(response)
}
