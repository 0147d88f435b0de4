//! `/embed`: the builder for other sites. Choose the filters, the size and
//! the language, see the list as it will look, copy the `<iframe>`. A plain
//! GET form: the preview and the snippet follow each submit, without JS;
//! with it (`/assets/embed.js`) they follow every change, and "Copy"
//! (`/assets/copy.js`) puts the snippet on the clipboard.

use crate::i18n::{t, t_or, Locale};
use crate::language::language_name;
use crate::pages::directory::RADII;
use crate::ports::Services;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

const INTERFACE_LANGUAGES: [&str; 5] = ["en", "ar", "fa", "fr", "es"];

/// What the web person chose, read from the builder's address. The same
/// rules are written again in `public/assets/embed.js` for the live
/// preview; the browser test checks that both give the same snippet.
struct EmbedChoice {
    /// `listings`, `map` or `events`.
    what: &'static str,
    /// The directory's filters, in the embed's address order.
    filters: Vec<(&'static str, String)>,
    /// The embed's language: its address says it, nothing else.
    ui: String,
    /// The widest the frame grows; narrower pages shrink it.
    width: u32,
    height: u32,
}

impl EmbedChoice {
    /// `reader` is the builder's own language: the embed's unless chosen.
    fn from_query(get: impl Fn(&str) -> String, reader: &str) -> Self {
        let what = match get("what").as_str() {
            "map" => "map",
            "events" => "events",
            _ => "listings",
        };
        let mut filters = Vec::new();
        for k in ["kind", "lang", "near", "radius"] {
            let v = get(k);
            if !v.is_empty() {
                filters.push((k, v));
            }
        }
        if get("on") == "week" {
            filters.push(("on", "week".into()));
        }
        let ui =
            [get("ui"), reader.to_string()].into_iter().find(|u| INTERFACE_LANGUAGES.contains(&u.as_str())).unwrap_or_else(|| "en".into());
        let size = |k: &str, default: u32, max: u32| get(k).parse::<u32>().ok().filter(|v| (200..=max).contains(v)).unwrap_or(default);
        EmbedChoice { what, filters, ui, width: size("width", 400, 1600), height: size("height", 500, 1600) }
    }

    fn filter(&self, k: &str) -> String {
        self.filters.iter().find(|(key, _)| *key == k).map(|(_, v)| v.clone()).unwrap_or_default()
    }

    /// `/ar/embed/listings?kind=…`: the language is in the address.
    fn path(&self) -> String {
        let query = form_urlencoded::Serializer::new(String::new()).extend_pairs(&self.filters).finish();
        let prefix = if self.ui == "en" { String::new() } else { format!("/{}", self.ui) };
        format!("{prefix}/embed/{}{}{query}", self.what, if query.is_empty() { "" } else { "?" })
    }

    /// The frame's name for screen readers, in the embed's language.
    fn title(&self) -> String {
        let key = if self.what == "events" { "embed-iframe-title-events" } else { "embed-iframe-title" };
        Locale::from_code(&self.ui).unwrap_or_else(Locale::english).text(key)
    }

    /// Fits any page: as wide as its column up to `width`, never wider.
    /// The `width` attribute stays for sites that strip `style`.
    fn iframe(&self, src: &str) -> String {
        let (w, h) = (self.width, self.height);
        format!(
            "<iframe src=\"{}\" title=\"{}\" width=\"{w}\" height=\"{h}\" loading=\"lazy\" style=\"width:100%;max-width:{w}px;height:{h}px;border:0\"></iframe>",
            html_escape::encode_double_quoted_attribute(src),
            html_escape::encode_double_quoted_attribute(&self.title())
        )
    }
}

/// Each language's frame titles, for the script: `{"ar":["…","…"],…}`
/// (a list or map first, what's on second).
fn titles_json() -> String {
    let titles: serde_json::Map<String, serde_json::Value> = INTERFACE_LANGUAGES
        .iter()
        .map(|code| {
            let locale = Locale::from_code(code).unwrap_or_else(Locale::english);
            (code.to_string(), serde_json::json!([locale.text("embed-iframe-title"), locale.text("embed-iframe-title-events")]))
        })
        .collect();
    serde_json::Value::Object(titles).to_string()
}

#[component]
pub fn EmbedBuilderPage() -> impl IntoView {
    let services = expect_context::<Services>();
    let q = use_query_map().read_untracked().clone();
    let get = |k: &str| q.get(k).unwrap_or_default().chars().filter(|c| !c.is_control()).take(100).collect::<String>().trim().to_string();
    let facets = services.listings.facets();
    let reader = use_context::<Locale>().unwrap_or_else(Locale::english).code();
    let choice = EmbedChoice::from_query(get, &reader);
    let (what, ui, width, height) = (choice.what, choice.ui.clone(), choice.width, choice.height);
    let (kind, lang, near, radius, on) =
        (choice.filter("kind"), choice.filter("lang"), choice.filter("near"), choice.filter("radius"), choice.filter("on") == "week");
    let path = choice.path();
    let snippet = choice.iframe(&format!("{}{path}", services.public_url));
    // The preview is the snippet itself, framed from this site.
    let preview = choice.iframe(&path).replacen("<iframe ", "<iframe id=\"embed-preview-frame\" ", 1);
    let selected = |a: &str, b: &str| a == b;
    view! {
        <crate::pages::preview::Preview title=t("embed-builder-title") description=t("embed-builder-intro") />
        <h1>{t("embed-builder-title")}</h1>
        <p class="intro">{t("embed-builder-intro")}</p>
        <form method="get" action="/embed" class="long-form" id="embed-form" data-public-url=services.public_url.clone() data-titles=titles_json()>
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
                <input id="near" name="near" type="text" maxlength="100" value=near.clone() placeholder=t("near-placeholder") />
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
                <label class="check"><input type="checkbox" id="on" name="on" value="week" checked=on />" "{t("filter-on-this-week")}</label>
            </div>
            <div class="field">
                <label for="ui">{t("embed-interface-language")}</label>
                <select id="ui" name="ui">
                    {INTERFACE_LANGUAGES.iter().map(|l| view! { <option value=*l selected=ui == *l>{language_name(l)}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="width">{t("embed-width")}</label>
                <p class="hint" id="width-hint">{t("embed-width-note")}</p>
                <input id="width" name="width" type="number" min="200" max="1600" value=width.to_string() aria-describedby="width-hint" />
            </div>
            <div class="field">
                <label for="height">{t("embed-height")}</label>
                <input id="height" name="height" type="number" min="200" max="1600" value=height.to_string() />
            </div>
            // With the script the preview follows every change; it hides this.
            <button type="submit" id="embed-show">{t("embed-show")}</button>
        </form>
        <h2>{t("embed-preview")}</h2>
        <div class="embed-preview" inner_html=preview></div>
        <h2><label for="snippet">{t("embed-copy")}</label></h2>
        <textarea id="snippet" readonly rows="8" dir="ltr" class="embed-snippet" inner_html=crate::pages::form::escape_text(&snippet)></textarea>
        <p class="embed-copy-row needs-script">
            // /assets/copy.js makes it work (as What's on's calendar address).
            <button type="button" id="copy-snippet" data-copy="snippet" data-status="copy-status" data-done=t("embed-copied")
                    data-selected=t("embed-copy-selected") hidden>{t("embed-copy-button")}</button>
            " "<span id="copy-status" role="status"></span>
        </p>
        <script src=crate::assets::asset("/assets/embed.js") defer></script>
        <script src=crate::assets::asset("/assets/copy.js") defer></script>
    }
}
