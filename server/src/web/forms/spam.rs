//! The public's forms: a rate limit per address and action (counted in
//! the database, so every instance sees the same counts), a honeypot, and
//! a signed time stamp for the fill time and one post per stamp.

use super::{action_error_page, see_other, Form, Refused};
use crate::moderation::ActionError;
use crate::web::refusal::refuse;
use crate::web::AppState;
use app::problem::Problem;
use axum::http::StatusCode;
use axum::response::Response;
use std::net::IpAddr;

/// The checks of a form anyone can send, in order: the rate limit, then the
/// honeypot and the fill time. A bot is sent to `done`, the page a person
/// would see, so it learns nothing; a person is shown `page` again.
pub async fn public_checks(state: &AppState, form: Form, action: &'static str, page: &str, done: &str) -> Result<Form, Refused> {
    state.allow(action, form.client(state.trust_proxy)).await?;
    let again = |problem| Err(form.again_on(page, StatusCode::UNPROCESSABLE_ENTITY, vec![(String::new(), problem)]));
    match check_human(state, &form) {
        // One post per stamp: a stamp passed thousands of posts.
        Human::Yes => match state.atlas.store.use_form_stamp(&crate::secrets::hash_token(&form.get(STARTED)), 25).await {
            Ok(true) => Ok(form),
            Ok(false) => again(Problem::FormAlreadySent),
            Err(e) => Err(ActionError::Store(e).into()),
        },
        Human::Bot => Err(see_other(done).into()),
        // A stamp of ours: the clock keeps running from when it was opened.
        Human::TooFast => Err(form.again_with_stamp(page, Problem::TooFast)),
        Human::Unstamped => again(Problem::TooFast),
        Human::TooOld => again(Problem::FormTooOld),
    }
}

/// What the spam checks found.
pub enum Human {
    Yes,
    /// The honeypot was filled: pretend all is well, store nothing.
    Bot,
    /// Sent sooner after opening than a person could fill it in.
    TooFast,
    /// No stamp of ours (missing or forged): as if sent at once.
    Unstamped,
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
        Some(_) => Human::TooFast,
        None => Human::Unstamped,
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
