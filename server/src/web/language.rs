//! Which language a page is in: a URL prefix (`/ar/...`, remembered in a
//! cookie), else the cookie, else the browser's Accept-Language, else
//! English. The prefix is taken off before routing, so every route exists
//! in every language without being declared twice. An embed, framed by
//! another site, takes its language from its address alone and sets no
//! cookie: previewing an Arabic embed must not turn the site Arabic.

use app::i18n::Locale;
use axum::extract::Request;
use axum::http::header::{ACCEPT_LANGUAGE, SET_COOKIE, VARY};
use axum::http::{HeaderValue, Uri};
use axum::middleware::Next;
use axum::response::Response;

const COOKIE_NAME: &str = "atlas_lang";

pub async fn choose_language(mut req: Request, next: Next) -> Response {
    let from_prefix = strip_language_prefix(&mut req);
    if super::embed::is_embed(req.uri().path()) {
        req.extensions_mut().insert(from_prefix.unwrap_or_else(Locale::english));
        return next.run(req).await;
    }
    let locale = from_prefix
        .clone()
        .or_else(|| super::session::cookie(req.headers(), COOKIE_NAME).and_then(|c| Locale::from_code(&c)))
        .or_else(|| req.headers().get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Locale::negotiate))
        .unwrap_or_else(Locale::english);
    req.extensions_mut().insert(locale);
    let mut response = next.run(req).await;
    if let Some(chosen) = from_prefix {
        let value = format!("{COOKIE_NAME}={}; Path=/; Max-Age=31536000; SameSite=Lax", chosen.code());
        if let Ok(v) = HeaderValue::from_str(&value) {
            response.headers_mut().append(SET_COOKIE, v);
        }
    }
    response.headers_mut().append(VARY, HeaderValue::from_static("Cookie, Accept-Language"));
    response
}

/// `/ar/listings?x=1` → `/listings?x=1`, returning the language.
fn strip_language_prefix(req: &mut Request) -> Option<Locale> {
    let path = req.uri().path().to_string();
    let trimmed = path.trim_start_matches('/');
    let (first, rest) = trimmed.split_once('/').unwrap_or((trimmed, ""));
    let locale = Locale::from_code(first).filter(|_| first.len() == 2 && first == first.to_ascii_lowercase())?;
    let new_path = format!("/{rest}");
    let new_uri = match req.uri().query() {
        Some(q) => format!("{new_path}?{q}"),
        None => new_path,
    };
    *req.uri_mut() = new_uri.parse::<Uri>().ok()?;
    Some(locale)
}
