//! What a search engine, or a link shared in WhatsApp, Signal or Telegram,
//! shows of a page: its title, a description and Open Graph / Twitter card
//! tags. A page says what it is; nothing here ever names a point or an
//! address (a listing's preview names its kind and town only).

use crate::i18n::{t, Locale, LANGUAGES};
use crate::ports::Services;
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};

/// The image every preview shows (served by us, never a third party's).
const PREVIEW_IMAGE: &str = "/assets/preview.png";

/// Tags every page has: the site, the language and its alternates, the image.
#[component]
pub fn SiteMeta() -> impl IntoView {
    let locale = use_context::<Locale>().unwrap_or_else(Locale::english);
    let services = use_context::<Services>();
    let base = services.as_ref().map(|s| s.public_url.clone()).unwrap_or_default();
    let image = format!("{base}{}", crate::assets::asset(PREVIEW_IMAGE));
    let code = locale.code();
    view! {
        <Meta property="og:site_name" content=t("site-name") />
        <Meta property="og:locale" content=og_locale(&code) />
        {LANGUAGES.iter().filter(|(c, _, _)| *c != code).map(|(c, _, _)| view! {
            <Meta property="og:locale:alternate" content=og_locale(c) />
        }).collect_view()}
        <Meta property="og:image" content=image.clone() />
        <Meta property="og:image:width" content="1200" />
        <Meta property="og:image:height" content="630" />
        <Meta property="og:image:alt" content=t("site-name") />
        <Meta name="twitter:card" content="summary_large_image" />
        <Meta name="twitter:image" content=image />
    }
}

/// `ar` → `ar_AR`-style Open Graph locales (language and its main region).
fn og_locale(code: &str) -> &'static str {
    match code {
        "ar" => "ar_AR",
        "fa" => "fa_IR",
        "fr" => "fr_FR",
        "es" => "es_ES",
        _ => "en_GB",
    }
}

/// A page's title and preview. `description` defaults to the site's own
/// words. `unlisted` pages (a 404) name no address: a missing page and one
/// hidden by a lockdown must look the same.
#[component]
pub fn Preview(
    title: String,
    #[prop(optional)] description: Option<String>,
    #[prop(default = "website")] kind: &'static str,
    #[prop(optional)] unlisted: bool,
) -> impl IntoView {
    let description = description.map(|d| shorten(&d, 200)).filter(|d| !d.is_empty()).unwrap_or_else(|| t("site-tagline"));
    let full_title = if title.is_empty() { t("site-name") } else { format!("{title} · {}", t("site-name")) };
    let base = use_context::<Services>().map(|s| s.public_url.clone()).unwrap_or_default();
    let path = use_context::<http::request::Parts>().map(|p| p.uri.path().to_string()).unwrap_or_else(|| "/".into());
    let og_title = if title.is_empty() { t("site-name") } else { title };
    // The page's address, and the same page in each language (for search engines).
    let addresses = (!unlisted).then(|| {
        view! {
            <Meta property="og:url" content=format!("{base}{path}") />
            {LANGUAGES.iter().map(|(c, _, _)| {
                let href = if *c == "en" { format!("{base}{path}") } else { format!("{base}/{c}{path}") };
                view! { <Link rel="alternate" hreflang=*c href=href /> }
            }).collect_view()}
        }
    });
    view! {
        <Title text=crate::pages::form::escape_text(&full_title) />
        <Meta name="description" content=description.clone() />
        <Meta property="og:type" content=kind />
        <Meta property="og:title" content=og_title.clone() />
        <Meta property="og:description" content=description.clone() />
        {addresses}
        <Meta name="twitter:title" content=og_title />
        <Meta name="twitter:description" content=description />
    }
}

/// At most `max` characters, cut at a word, with an ellipsis.
fn shorten(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let at_word = cut.rsplit_once(' ').map(|(head, _)| head).unwrap_or(&cut);
    format!("{}…", at_word.trim_end_matches([',', '.', ';', ':']))
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_descriptions_are_cut_at_a_word() {
        assert_eq!(super::shorten("short", 200), "short");
        assert_eq!(super::shorten("one two three", 9), "one two…");
    }
}
