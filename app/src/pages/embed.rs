//! `/embed`: the builder for other sites. Choose the filters, the size and
//! the language, see the list as it will look, copy the `<iframe>`. A plain
//! GET form: the preview and the snippet follow each submit, without JS.

use crate::i18n::{t, t_or};
use crate::pages::directory::{language_name, RADII};
use crate::ports::Services;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

const INTERFACE_LANGUAGES: [&str; 5] = ["en", "ar", "fa", "fr", "es"];

#[component]
pub fn EmbedBuilderPage() -> impl IntoView {
    let services = expect_context::<Services>();
    let q = use_query_map().read_untracked().clone();
    let get = |k: &str| q.get(k).unwrap_or_default().chars().filter(|c| !c.is_control()).take(100).collect::<String>().trim().to_string();
    let facets = services.listings.facets();
    let (kind, lang, near, radius, on) = (get("kind"), get("lang"), get("near"), get("radius"), get("on") == "week");
    let what = match get("what").as_str() {
        "map" => "map",
        "events" => "events",
        _ => "listings",
    };
    let ui = Some(get("ui")).filter(|u| INTERFACE_LANGUAGES.contains(&u.as_str())).unwrap_or_else(|| "en".into());
    let size = |k: &str, default: u32, max: u32| get(k).parse::<u32>().ok().filter(|v| (200..=max).contains(v)).unwrap_or(default);
    let (width, height) = (size("width", 400, 1600), size("height", 500, 1600));
    let mut pairs: Vec<(&str, String)> = Vec::new();
    for (k, v) in [("kind", &kind), ("lang", &lang), ("near", &near), ("radius", &radius)] {
        if !v.is_empty() {
            pairs.push((k, v.clone()));
        }
    }
    if on {
        pairs.push(("on", "week".into()));
    }
    let query = form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
    let prefix = if ui == "en" { String::new() } else { format!("/{ui}") };
    let path = format!("{prefix}/embed/{what}{}{query}", if query.is_empty() { "" } else { "?" });
    let src = format!("{}{path}", services.public_url);
    let title = t("embed-iframe-title");
    let snippet = format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"{width}\" height=\"{height}\" loading=\"lazy\" style=\"border:0\"></iframe>",
        html_escape::encode_double_quoted_attribute(&src),
        html_escape::encode_double_quoted_attribute(&title)
    );
    // The preview is the snippet itself, framed from this site.
    let preview = format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"{width}\" height=\"{height}\" loading=\"lazy\"></iframe>",
        html_escape::encode_double_quoted_attribute(&path),
        html_escape::encode_double_quoted_attribute(&title)
    );
    let selected = |a: &str, b: &str| a == b;
    view! {
        <crate::pages::preview::Preview title=t("embed-builder-title") description=t("embed-builder-intro") />
        <h1>{t("embed-builder-title")}</h1>
        <p class="intro">{t("embed-builder-intro")}</p>
        <form method="get" action="/embed" class="long-form">
            <div class="field">
                <label for="what">{t("embed-what")}</label>
                <select id="what" name="what">
                    <option value="listings" selected=what == "listings">{t("embed-what-list")}</option>
                    <option value="map" selected=what == "map">{t("embed-what-map")}</option>
                    <option value="events" selected=what == "events">{t("embed-what-events")}</option>
                </select>
            </div>
            <div class="field">
                <label for="kind">{t("kind-label")}</label>
                <select id="kind" name="kind">
                    <option value="">{t("kind-any")}</option>
                    {facets.kinds.iter().map(|k| view! {
                        <option value=k.slug.clone() selected=selected(&kind, &k.slug)>{t_or(&format!("kind-{}", k.slug), &k.label)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="lang">{t("lang-label")}</label>
                <select id="lang" name="lang">
                    <option value="">{t("lang-any")}</option>
                    {facets.languages.iter().map(|l| view! { <option value=l.clone() selected=selected(&lang, l)>{language_name(l)}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="near">{t("near-label")}</label>
                <input id="near" name="near" type="text" value=near.clone() placeholder=t("near-placeholder") />
            </div>
            <div class="field">
                <label for="radius">{t("radius-label")}</label>
                <select id="radius" name="radius">
                    <option value="">{t("radius-any")}</option>
                    {RADII.iter().map(|r| view! {
                        <option value=r.to_string() selected=radius == r.to_string()>{crate::i18n::t_with("radius-km", &[("km", (*r).into())])}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label class="check"><input type="checkbox" name="on" value="week" checked=on />" "{t("filter-on-this-week")}</label>
            </div>
            <div class="field">
                <label for="ui">{t("embed-interface-language")}</label>
                <select id="ui" name="ui">
                    {INTERFACE_LANGUAGES.iter().map(|l| view! { <option value=*l selected=ui == *l>{language_name(l)}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="width">{t("embed-width")}</label>
                <input id="width" name="width" type="number" min="200" max="1600" value=width.to_string() />
            </div>
            <div class="field">
                <label for="height">{t("embed-height")}</label>
                <input id="height" name="height" type="number" min="200" max="1600" value=height.to_string() />
            </div>
            <button type="submit">{t("embed-show")}</button>
        </form>
        <h2>{t("embed-preview")}</h2>
        <div class="embed-preview" inner_html=preview></div>
        <h2><label for="snippet">{t("embed-copy")}</label></h2>
        <textarea id="snippet" readonly rows="4" dir="ltr" class="snippet" inner_html=crate::pages::form::escape_text(&snippet)></textarea>
    }
}
