//! Who is asking: the session cookie, the anti-forgery cookie, the guard
//! that keeps signed-out people out of /account, /moderate and /admin, and
//! the security headers every response carries.

use super::refusal::refuse;
use super::AppState;
use app::people::{Role, Viewer};
use app::problem::Problem;
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_SECURITY_POLICY, COOKIE, LOCATION, SET_COOKIE};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub const SESSION_COOKIE: &str = "atlas_session";
pub const CSRF_COOKIE: &str = "atlas_csrf";

/// Marks a request whose session could not be read (the database did not
/// answer), as opposed to one without a session.
#[derive(Clone, Copy)]
struct SessionUnknown;

/// A cookie's value from the request (parsed by the `cookie` crate).
pub fn cookie(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers.get_all(COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|header| {
        cookie::Cookie::split_parse(header)
            .filter_map(Result::ok)
            .find(|c| c.name() == name && !c.value().is_empty())
            .map(|c| c.value().to_string())
    })
}

/// `Set-Cookie` for a cookie scripts cannot read, sent only to this site.
pub fn set_cookie(name: &str, value: &str, max_age_secs: u64, secure: bool) -> HeaderValue {
    let c = cookie::Cookie::build((name, value))
        .path("/")
        .max_age(cookie::time::Duration::seconds(max_age_secs.min(i64::MAX as u64) as i64))
        .http_only(true)
        .same_site(cookie::SameSite::Lax)
        .secure(secure)
        .build();
    HeaderValue::from_str(&c.to_string()).expect("cookie values are URL-safe")
}

/// Puts a [`Viewer`] into every request and makes sure the browser holds
/// an anti-forgery token.
pub async fn identify(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    // Built files and tiles need no identity: spare them the lookup. An
    // embed, framed by another site, neither reads nor sets a cookie, nor
    // does the read-only API its map asks for markers.
    if ["/pkg/", "/vendor/", "/assets/", "/basemap/", "/tiles/", "/embed/", "/api/"].iter().any(|p| req.uri().path().starts_with(p)) {
        return next.run(req).await;
    }
    let session = cookie(req.headers(), SESSION_COOKIE);
    let user = match &session {
        Some(session) => state.atlas.session_user(session).await.unwrap_or_else(|e| {
            tracing::error!("reading a session failed: {e}");
            // Public pages go on as signed out; private ones say why.
            req.extensions_mut().insert(SessionUnknown);
            None
        }),
        None => None,
    };
    let existing = cookie(req.headers(), CSRF_COOKIE).filter(|t| t.len() == 43);
    let cookie_token = existing.clone().unwrap_or_else(crate::secrets::new_token);
    // Signed in, the form token belongs to the session: a token planted in
    // the browser's cookie jar by someone else is worth nothing.
    let csrf = match (&user, &session) {
        (Some(_), Some(session)) => state.signer.derive("csrf", session),
        _ => cookie_token.clone(),
    };
    req.extensions_mut().insert(Viewer { user, csrf });
    let mut response = next.run(req).await;
    if existing.is_none() {
        let value = set_cookie(CSRF_COOKIE, &cookie_token, 60 * 60 * 24 * 365, state.secure_cookies);
        response.headers_mut().append(SET_COOKIE, value);
    }
    response
}

/// Who may open what: checked here for every request, whatever the page
/// or handler does.
pub fn required_role(path: &str) -> Option<Role> {
    let under = |prefix: &str| path == prefix || path.starts_with(&format!("{prefix}/"));
    if under("/admin") {
        Some(Role::Admin)
    } else if under("/moderate") {
        Some(Role::Moderator)
    } else if under("/account") {
        Some(Role::Organiser)
    } else {
        None
    }
}

pub async fn guard(req: Request, next: Next) -> Response {
    let Some(needed) = required_role(req.uri().path()) else { return next.run(req).await };
    let role = req.extensions().get::<Viewer>().and_then(Viewer::role);
    if role.is_none() && req.extensions().get::<SessionUnknown>().is_some() {
        // The database did not answer (e.g. PostgreSQL restarting): not a
        // reason to send a signed-in moderator to the sign-in page.
        let mut response = refuse(StatusCode::SERVICE_UNAVAILABLE, "refusal-try-again", Problem::SignInUnavailable);
        response.headers_mut().insert(axum::http::header::RETRY_AFTER, HeaderValue::from_static("30"));
        return response;
    }
    match role {
        Some(role) if role >= needed => next.run(req).await,
        Some(_) => refusal(StatusCode::FORBIDDEN),
        None if req.method() == Method::GET => {
            let next_path = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/account");
            let to = format!("/login?next={}", super::query::encode(next_path));
            (StatusCode::SEE_OTHER, [(LOCATION, to)]).into_response()
        }
        None => refusal(StatusCode::UNAUTHORIZED),
    }
}

/// Headers for every response. Pages with inline scripts (the hydration
/// of islands) set their own policy with a nonce; this is the default.
pub async fn security_headers(req: Request, next: Next) -> Response {
    // Embeds are made to be framed by other sites (their policy says so).
    let framable = req.uri().path().starts_with("/embed/");
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, name: HeaderName, value: &'static str| {
        if !h.contains_key(&name) {
            h.insert(name, HeaderValue::from_static(value));
        }
    };
    set(h, CONTENT_SECURITY_POLICY, app::DEFAULT_CSP);
    set(h, HeaderName::from_static("x-content-type-options"), "nosniff");
    set(h, HeaderName::from_static("referrer-policy"), "same-origin");
    if !framable {
        set(h, HeaderName::from_static("x-frame-options"), "DENY");
    }
    set(h, HeaderName::from_static("permissions-policy"), "camera=(), microphone=(), geolocation=(self)");
    response
}

/// The signed-in person with at least `needed`, or the refusal. The guard
/// has already sent signed-out visitors away from the private paths; this
/// is the second check, made by each handler's extractor.
fn signed_in(viewer: Option<&Viewer>, needed: Role) -> Result<app::people::User, StatusCode> {
    match viewer.and_then(|v| v.user.as_ref()) {
        Some(u) if u.role >= needed => Ok(u.clone()),
        Some(_) => Err(StatusCode::FORBIDDEN),
        None => Err(StatusCode::UNAUTHORIZED),
    }
}

fn refusal(status: StatusCode) -> Response {
    if status == StatusCode::FORBIDDEN {
        refuse(status, "refusal-not-allowed", Problem::NotAllowedHere)
    } else {
        refuse(status, "refusal-sign-in", Problem::SignInFirst)
    }
}

/// Extractors for handlers that need a role: `Moderator(user): Moderator`.
macro_rules! role_extractor {
    ($(#[$doc:meta])* $name:ident, $role:expr) => {
        $(#[$doc])*
        pub struct $name(pub app::people::User);

        impl<S: Send + Sync> axum::extract::FromRequestParts<S> for $name {
            type Rejection = Response;

            async fn from_request_parts(parts: &mut axum::http::request::Parts, _state: &S) -> Result<Self, Response> {
                signed_in(parts.extensions.get::<Viewer>(), $role).map($name).map_err(refusal)
            }
        }
    };
}

role_extractor!(
    /// Anyone signed in (organisers and up).
    Organiser,
    Role::Organiser
);
role_extractor!(
    /// A moderator or an admin.
    Moderator,
    Role::Moderator
);
role_extractor!(
    /// An admin.
    Admin,
    Role::Admin
);
