//! Form posts: reading the body, the anti-forgery check, and the answer to
//! a refused post (a short page, or the form's page again with what was
//! typed and what was wrong). One file per area holds its posts and its
//! `router()`; each handler names the page its form lives on.

mod account;
mod admin;
mod fields;
mod listing;
mod moderate;
mod register;
mod sign_in;
mod spam;

pub(super) use spam::public_checks;
pub use spam::{check_human, too_many, Human, RateLimits, HONEYPOT, STARTED};

use super::client::client_of;
use super::pages::render_with;
use super::refusal::{refuse, refuse_fields};
use super::AppState;
use crate::moderation::ActionError;
use app::people::{FormState, Viewer};
use app::problem::Problem;
use axum::extract::{FromRequest, Request, State};
use axum::http::header::{CONTENT_TYPE, LOCATION};
use axum::http::{request::Parts, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::IpAddr;

/// Every form post of the areas below.
pub fn router() -> super::area::Area {
    register::router()
        .merge(sign_in::router())
        .merge(account::router())
        .merge(listing::router())
        .merge(moderate::router())
        .merge(admin::router())
}

/// Largest form body accepted: the longest field (a description) is 20,000
/// characters; anything far beyond is not a person typing.
const MAX_FORM_BYTES: usize = 256 * 1024;
/// Most of one field shown again with its errors (the longest field, a
/// description, takes 20,000 characters).
const MAX_ECHOED_CHARS: usize = 20_000;
/// Most fields in a posted form (the longest, the moderator's, has ~40).
const MAX_FORM_FIELDS: usize = 400;

/// A posted form whose anti-forgery token matched.
pub struct Form {
    pub fields: Vec<(String, String)>,
    pub viewer: Viewer,
    pub parts: Parts,
}

impl Form {
    pub fn get(&self, name: &str) -> String {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim().to_string()).unwrap_or_default()
    }

    pub fn all(&self, name: &str) -> Vec<String> {
        self.fields.iter().filter(|(k, _)| k == name).map(|(_, v)| v.trim().to_string()).filter(|v| !v.is_empty()).collect()
    }

    /// The fields as `T`, a form's own struct: values trimmed as `get`
    /// reads them, a repeated name as a list. A field sent twice where the
    /// form has one is no browser's doing.
    pub fn read<T: serde::de::DeserializeOwned>(&self) -> Result<T, Refused> {
        let trimmed = form_urlencoded::Serializer::new(String::new()).extend_pairs(self.fields.iter().map(|(k, v)| (k, v.trim()))).finish();
        serde_html_form::from_str(&trimmed)
            .map_err(|_| refuse(StatusCode::UNPROCESSABLE_ENTITY, "refusal-check-form", Problem::NotAForm).into())
    }

    /// The client's address, for rate limiting only (never stored).
    pub fn client(&self, trust_proxy: bool) -> IpAddr {
        client_of(&self.parts, trust_proxy)
    }

    /// The page `page` (where this form lives) again, with what was typed
    /// and what was wrong.
    pub fn again_on(&self, page: &str, status: StatusCode, errors: Vec<(String, Problem)>) -> Refused {
        self.show_again(page, status, errors, false)
    }

    /// The form again with the stamp it was opened with: sent too soon
    /// after opening (a browser's autofill), it goes through once the
    /// person has looked again, instead of starting the clock over.
    pub fn again_with_stamp(&self, page: &str, problem: Problem) -> Refused {
        self.show_again(page, StatusCode::UNPROCESSABLE_ENTITY, vec![(String::new(), problem)], true)
    }

    fn show_again(&self, page: &str, status: StatusCode, errors: Vec<(String, Problem)>, keep_stamp: bool) -> Refused {
        // What was typed comes back, but never more of a field than any
        // field takes: a flood is not echoed to the flooder.
        let values = self
            .fields
            .iter()
            .filter(|(k, _)| k != "csrf" && (keep_stamp || k != "started"))
            .map(|(k, v)| (k.clone(), v.chars().take(MAX_ECHOED_CHARS).collect()))
            .collect();
        let mut response = status.into_response();
        response.extensions_mut().insert(ShowForm { page: page.to_string(), state: FormState { values, errors } });
        Refused(Box::new(response))
    }

    /// The answer to a refused use case: the form again on `page` for
    /// fixable input, a short page otherwise.
    pub fn refused_on(&self, page: &str, e: ActionError) -> Refused {
        match e {
            ActionError::Invalid(errors) => self.again_on(page, StatusCode::UNPROCESSABLE_ENTITY, errors),
            other => other.into(),
        }
    }
}

/// A form post that was not taken: a short refusal page, or the form's
/// page again (rendered by [`show_forms_again`]). Handlers return
/// `Result<Response, Refused>` so a refusal leaves with `?`.
pub struct Refused(Box<Response>);

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        *self.0
    }
}

impl From<Response> for Refused {
    fn from(response: Response) -> Self {
        Refused(Box::new(response))
    }
}

impl From<ActionError> for Refused {
    fn from(e: ActionError) -> Self {
        Refused(Box::new(action_error_page(e)))
    }
}

/// The page a refused post asks to be shown again, and what it is shown with.
#[derive(Clone)]
struct ShowForm {
    page: String,
    state: FormState,
}

/// Renders the form's page again for a refused post: the handler named the
/// page, and this layer kept the request as it came (language, viewer)
/// to render it with.
pub async fn show_forms_again(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if req.method() != Method::POST {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let mut asked = parts.clone();
    let mut response = next.run(Request::from_parts(parts, body)).await;
    let Some(ShowForm { page, state: form }) = response.extensions_mut().remove::<ShowForm>() else { return response };
    if let Ok(uri) = page.parse() {
        asked.uri = uri;
    }
    asked.extensions.insert(form);
    let mut again = render_with(&state, asked).await;
    *again.status_mut() = response.status();
    again
}

/// The refusal for a use case's error (worded in the visitor's language
/// by the refusal layer).
pub fn action_error_page(e: ActionError) -> Response {
    let (status, title, problem) = match e {
        ActionError::Invalid(errors) => return refuse_fields(StatusCode::UNPROCESSABLE_ENTITY, "refusal-check-form", errors),
        ActionError::Forbidden(p) => (StatusCode::FORBIDDEN, "refusal-not-allowed", p),
        ActionError::NotFound(p) => (StatusCode::NOT_FOUND, "refusal-not-found", p),
        ActionError::Conflict(p) => (StatusCode::CONFLICT, "refusal-already-done", p),
        ActionError::Gone(p) => (StatusCode::GONE, "refusal-link-gone", p),
        ActionError::TooMany(p) => (StatusCode::TOO_MANY_REQUESTS, "refusal-wait", p),
        ActionError::Store(err) => {
            // Unavailable (e.g. PostgreSQL restarting) or a fault: either
            // way nothing was half-saved, and sending again is the remedy.
            tracing::error!("store: {err}");
            (StatusCode::SERVICE_UNAVAILABLE, "refusal-try-again", Problem::NotSaved)
        }
    };
    refuse(status, title, problem)
}

impl FromRequest<AppState> for Form {
    type Rejection = Response;

    async fn from_request(req: Request, _state: &AppState) -> Result<Self, Self::Rejection> {
        let (parts, body) = req.into_parts();
        let is_form = parts
            .headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if !is_form {
            return Err(refuse(StatusCode::UNSUPPORTED_MEDIA_TYPE, "refusal-check-form", Problem::NotAForm));
        }
        let bytes = axum::body::to_bytes(body, MAX_FORM_BYTES)
            .await
            .map_err(|_| refuse(StatusCode::PAYLOAD_TOO_LARGE, "refusal-check-form", Problem::FormTooLarge))?;
        // Counted before anything is decoded: no form of ours has more.
        if bytes.split(|b| *b == b'&').count() > MAX_FORM_FIELDS {
            return Err(refuse(StatusCode::PAYLOAD_TOO_LARGE, "refusal-check-form", Problem::TooManyFields));
        }
        let fields: Vec<(String, String)> = form_urlencoded::parse(&bytes).into_owned().collect();
        let viewer = parts.extensions.get::<Viewer>().cloned().unwrap_or_default();
        let sent = fields.iter().find(|(k, _)| k == "csrf").map(|(_, v)| v.as_str()).unwrap_or("");
        // Signed in, the token is derived from the session; signed out, it
        // is in a cookie another site cannot read and in the form. Either
        // way a forged post cannot know it; and a browser that says the
        // post comes from another site is refused before that.
        let had_cookie = super::session::cookie(&parts.headers, super::session::CSRF_COOKIE).is_some();
        let token_ok = (viewer.user.is_some() || had_cookie) && crate::secrets::same(sent, &viewer.csrf);
        if !same_origin(&parts) || !token_ok {
            return Err(refuse(StatusCode::FORBIDDEN, "refusal-form-expired", Problem::FormExpired));
        }
        Ok(Form { fields, viewer, parts })
    }
}

/// False when the browser says the post comes from another site:
/// `Sec-Fetch-Site` other than same-origin (or none: typed, bookmarked), or
/// an `Origin` whose host is not the one asked. Clients that send neither
/// (old browsers, scripts) still need the token.
fn same_origin(parts: &Parts) -> bool {
    let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = header("sec-fetch-site") {
        if !matches!(site, "same-origin" | "none") {
            return false;
        }
    }
    match (header("origin"), header("host")) {
        (Some("null"), _) => false,
        (Some(origin), Some(host)) => url::Url::parse(origin).is_ok_and(|o| {
            let authority = match o.port() {
                Some(port) => format!("{}:{port}", o.host_str().unwrap_or_default()),
                None => o.host_str().unwrap_or_default().to_string(),
            };
            authority.eq_ignore_ascii_case(host)
        }),
        _ => true,
    }
}

pub fn see_other(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, to.to_string())]).into_response()
}
