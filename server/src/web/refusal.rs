//! Refusals (a form that cannot be taken, a page not allowed, a link that
//! expired): handlers and extractors answer with a status and a
//! [`Refusal`] holding problem codes; one layer words them as a short page
//! in the visitor's language. No handler needs the language to refuse.

use app::i18n::Locale;
use app::problem::Problem;
use axum::extract::Request;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Why a request was refused, to be worded by [`word_refusals`].
#[derive(Clone, Debug)]
pub struct Refusal {
    /// The Fluent key of the page's title, e.g. `refusal-not-allowed`.
    pub title: &'static str,
    /// (field, problem); field "" for the request as a whole.
    pub problems: Vec<(String, Problem)>,
}

/// A refusal answer: the status now, the words later.
pub fn refuse(status: StatusCode, title: &'static str, problem: Problem) -> Response {
    refuse_fields(status, title, vec![(String::new(), problem)])
}

pub fn refuse_fields(status: StatusCode, title: &'static str, problems: Vec<(String, Problem)>) -> Response {
    let mut response = status.into_response();
    response.extensions_mut().insert(Refusal { title, problems });
    response
}

/// Words every refusal below it in the language the request was in.
pub async fn word_refusals(req: Request, next: Next) -> Response {
    let locale = req.extensions().get::<Locale>().cloned().unwrap_or_else(Locale::english);
    let mut response = next.run(req).await;
    let Some(refusal) = response.extensions_mut().remove::<Refusal>() else { return response };
    let (mut parts, _) = response.into_parts();
    parts.headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(page(&locale, &refusal)))
}

/// A short page in `locale`: the title, what was wrong, a way home.
pub fn page(locale: &Locale, refusal: &Refusal) -> String {
    let esc = |s: &str| html_escape::encode_text(s).into_owned();
    let title = locale.text(refusal.title);
    let items: String = refusal
        .problems
        .iter()
        .map(|(field, problem)| {
            let words = locale.problem(problem);
            let label = if field.is_empty() { String::new() } else { format!("{}: ", esc(field)) };
            format!("<p>{label}{}</p>", esc(&words))
        })
        .collect();
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\" dir=\"{dir}\"><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><link rel=\"stylesheet\" href=\"/pkg/atlas.css\"><link rel=\"icon\" href=\"data:,\">\
         <main id=\"main\"><h1>{title}</h1>{items}<p><a href=\"/{prefix}\">{home}</a></p></main></html>",
        lang = esc(&locale.tag()),
        dir = locale.dir(),
        title = esc(&title),
        prefix = if locale.code() == "en" { String::new() } else { locale.code() },
        home = esc(&locale.text("refusal-back-home")),
    )
}

/// An address holding a control character (a NUL byte, say) names no page:
/// refused here, before any handler passes it on (PostgreSQL refuses a
/// NUL in text, which would otherwise be a 500).
pub async fn refuse_control_characters(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    if !decoded.chars().any(char::is_control) {
        return next.run(req).await;
    }
    if path.starts_with("/api/") || path.starts_with("/openreferral") {
        super::ApiError::NotFound("no such address: it holds a control character (such as %00)".into()).into_response()
    } else {
        refuse(StatusCode::NOT_FOUND, "refusal-not-found", Problem::NoSuchPage)
    }
}
