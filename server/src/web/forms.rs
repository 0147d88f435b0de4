//! Form posts: reading the body, the anti-forgery check, the spam checks
//! (honeypot, minimum fill time, rate limits) and showing the form again
//! with its errors.

use super::pages::render_with;
use super::refusal::{refuse, refuse_fields};
use super::AppState;
use crate::moderation::ActionError;
use app::people::{FormState, Viewer};
use app::problem::Problem;
use axum::extract::{ConnectInfo, FromRequest, Request};
use axum::http::header::{CONTENT_TYPE, LOCATION};
use axum::http::{request::Parts, StatusCode};
use axum::response::{IntoResponse, Response};
use std::net::{IpAddr, SocketAddr};

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

    /// The client's address, for rate limiting only (never stored).
    pub fn client(&self, trust_proxy: bool) -> IpAddr {
        client_of(&self.parts, trust_proxy)
    }

    /// Shows the same page again with what was typed and what was wrong.
    pub async fn again(self, state: &AppState, status: StatusCode, errors: Vec<(String, Problem)>) -> Response {
        let page = page_of_action(self.parts.uri.path());
        self.again_on(state, &page, status, errors).await
    }

    /// The same, on the page `page` (where the form lives).
    pub async fn again_on(self, state: &AppState, page: &str, status: StatusCode, errors: Vec<(String, Problem)>) -> Response {
        // What was typed comes back, but never more of a field than any
        // field takes: a flood is not echoed to the flooder.
        let values = self
            .fields
            .into_iter()
            .filter(|(k, _)| k != "csrf" && k != "started")
            .map(|(k, v)| (k, v.chars().take(MAX_ECHOED_CHARS).collect()))
            .collect();
        let mut parts = self.parts;
        if let Ok(uri) = page.parse() {
            parts.uri = uri;
        }
        parts.extensions.insert(FormState { values, errors });
        let mut response = render_with(state, parts).await;
        *response.status_mut() = status;
        response
    }

    /// The answer to a refused use case: the form again for fixable input,
    /// a short page otherwise.
    pub async fn refused(self, state: &AppState, e: ActionError) -> Response {
        match e {
            ActionError::Invalid(errors) => self.again(state, StatusCode::UNPROCESSABLE_ENTITY, errors).await,
            other => action_error_page(other),
        }
    }

    /// The same, with the form shown again on `page`.
    pub async fn refused_on(self, state: &AppState, page: &str, e: ActionError) -> Response {
        match e {
            ActionError::Invalid(errors) => self.again_on(state, page, StatusCode::UNPROCESSABLE_ENTITY, errors).await,
            other => action_error_page(other),
        }
    }
}

/// `/moderate/submissions/7/approve` → `/moderate/submissions/7`;
/// `/account/delete` → `/account`; `/listings/x/follow` → `/listings/x`;
/// a page that posts to itself stays.
fn page_of_action(path: &str) -> String {
    match path.rsplit_once('/') {
        Some((page, "approve" | "reject" | "archive" | "correct" | "close" | "delete" | "people" | "follow")) if !page.is_empty() => {
            page.to_string()
        }
        _ => path.to_string(),
    }
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

/// What the spam checks found.
pub enum Human {
    Yes,
    /// The honeypot was filled: pretend all is well, store nothing.
    Bot,
    TooFast,
    /// The form was opened more than a day ago (or its stamp was reused
    /// from then): reload it.
    TooOld,
}

/// A form's "started" stamp is good for this long.
const FORM_LIFETIME_SECS: u64 = 24 * 3600;

/// Field names of the spam checks, shared with the pages.
pub const HONEYPOT: &str = "nickname";
pub const STARTED: &str = "started";

pub fn check_human(state: &AppState, form: &Form) -> Human {
    if !form.get(HONEYPOT).is_empty() {
        return Human::Bot;
    }
    let started = state.signer.verify(&form.get(STARTED)).and_then(|v| v.split('.').next().and_then(|t| t.parse::<u64>().ok()));
    let now = crate::secrets::now_secs();
    match started {
        Some(t) if now.saturating_sub(t) > FORM_LIFETIME_SECS => Human::TooOld,
        Some(t) if now.saturating_sub(t) >= state.min_fill_secs => Human::Yes,
        _ => Human::TooFast,
    }
}

/// Per-address limits on posts. The counts live in the database, so every
/// instance behind a load balancer sees the same ones.
pub struct RateLimits {
    pub per_hour: u32,
}

impl RateLimits {
    pub fn new(per_hour: u32) -> Self {
        RateLimits { per_hour }
    }
}

impl AppState {
    /// Counts one `action` from `ip`. Refuses with 429 once over the hourly
    /// limit, or with 503 when the database cannot count (the post could
    /// not be saved either).
    pub async fn allow(&self, action: &'static str, ip: IpAddr) -> Result<(), Response> {
        let key = crate::secrets::hash_token(&format!("{}|{action}|{ip}", self.atlas.form_secret));
        let bucket = (crate::secrets::now_secs() / 3600) as i64;
        match self.atlas.store.count_hit(&key, bucket).await {
            Ok(hits) if hits <= i64::from(self.limits.per_hour) => Ok(()),
            Ok(_) => {
                metrics::counter!("atlas_rate_limit_refusals_total", "action" => action).increment(1);
                Err(too_many())
            }
            Err(e) => Err(action_error_page(ActionError::Store(e))),
        }
    }
}

pub fn too_many() -> Response {
    let mut response = refuse(StatusCode::TOO_MANY_REQUESTS, "refusal-wait", Problem::TooManyPosts);
    response.headers_mut().insert(axum::http::header::RETRY_AFTER, axum::http::HeaderValue::from_static("3600"));
    response
}

pub fn see_other(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, to.to_string())]).into_response()
}

/// Percent-encodes a query value.
pub fn encode(v: &str) -> String {
    form_urlencoded::byte_serialize(v.as_bytes()).collect()
}

/// A request's client address: the proxy's word when it is trusted, else
/// the connection's (never stored).
pub fn client_of(parts: &Parts, trust_proxy: bool) -> IpAddr {
    let forwarded =
        trust_proxy.then(|| parts.headers.get("x-forwarded-for")?.to_str().ok()?.rsplit(',').next()?.trim().parse().ok()).flatten();
    forwarded.or_else(|| parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip())).unwrap_or(IpAddr::from([0, 0, 0, 0]))
}
