//! What other sites put in an `<iframe>`: `/embed/listings`, a compact
//! list with the directory's filters, and `/embed/map`, the map of them. Framable by any site (only here),
//! no cookie set or read, no form, nothing from another host;
//! links open the full site in a new tab. The same precision and lockdown
//! rules as every page: it shows what the directory shows, nothing more.

use super::{ApiError, AppState};
use app::i18n::Locale;
use app::ports::{ListingDirectory, ListingFilter};
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Extension;
use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};
use std::collections::HashMap;

/// At most this many listings; the rest are a link away.
const SHOWN: usize = 50;

/// An embed's address (after its language prefix): framed by other sites,
/// so no cookie is read or set and its language is its address's.
pub fn is_embed(path: &str) -> bool {
    path.starts_with("/embed/")
}

/// The site's policy, but any site may frame it and it submits nothing.
pub fn embed_csp() -> String {
    app::DEFAULT_CSP.replace("frame-ancestors 'none'", "frame-ancestors *").replace("form-action 'self'", "form-action 'none'")
}

pub fn router() -> super::area::Area {
    super::area::Area::new().route("/embed/listings", get(listings)).route("/embed/map", get(map)).route("/embed/events", get(events))
}

/// The filters of the directory, as given in the embed's address.
struct Filters {
    filter: ListingFilter,
    /// What the full site's directory needs to show the same.
    query: String,
    near_name: Option<String>,
}

fn filters(state: &AppState, p: &HashMap<String, String>) -> Result<Filters, ApiError> {
    let get = |k: &str| p.get(k).map(|v| v.trim().chars().take(100).collect::<String>()).filter(|v| !v.is_empty());
    let kind = get("kind");
    if let Some(k) = &kind {
        let known = state.atlas.read.kind_slugs();
        if !known.contains(k) {
            return Err(ApiError::BadRequest(format!("kind: unknown kind {k:?}; known kinds are {}", known.join(", "))));
        }
    }
    let near = match get("near") {
        None => None,
        Some(n) => Some(state.atlas.read.resolve_place(&n).map_err(|miss| ApiError::place_miss("near", &n, miss))?),
    };
    let radius = get("radius").and_then(|r| r.parse::<u32>().ok()).filter(|r| app::pages::directory::RADII.contains(r));
    let on_this_week = get("on").as_deref() == Some("week");
    let mut query: Vec<(&str, String)> = Vec::new();
    for k in ["kind", "tag", "lang", "near", "radius", "on"] {
        if let Some(v) = get(k) {
            query.push((k, v));
        }
    }
    let query = form_urlencoded::Serializer::new(String::new()).extend_pairs(query).finish();
    Ok(Filters {
        filter: ListingFilter {
            kinds: kind.into_iter().collect(),
            tag: get("tag").map(|t| t.to_lowercase()),
            lang: get("lang").map(|l| l.to_lowercase()),
            near: near.as_ref().map(|n| n.point),
            radius_km: near.as_ref().and(radius.map(f64::from)),
            on_this_week,
        },
        query,
        near_name: near.map(|n| n.name),
    })
}

/// `GET /embed/listings?kind=&tag=&lang=&near=&radius=&on=week` (in another
/// language: `/ar/embed/listings?…`).
async fn listings(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    Query(p): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let f = filters(&state, &p)?;
    let base = state.services.public_url.clone();
    let page = state.atlas.read.find(&f.filter, 0, SHOWN);
    let lang = locale.code();
    let prefix = if lang == "en" { String::new() } else { format!("/{lang}") };
    let mut items = String::new();
    for l in &page.items {
        // The name in the reader's language where translated, marked with its language.
        let name_lang = if l.translations.get(&lang, "name").is_some() { lang.clone() } else { l.language.clone() };
        let l = &l.in_language(&lang);
        // The town in a <bdi>: a Latin name cannot reorder an Arabic line.
        let kind = locale.text_or(&format!("kind-{}", l.kind), &l.kind_label);
        let distance = l.distance_km.map(|km| format!(" · {}", locale.text_with("distance-km", &[("km", km.into())]))).unwrap_or_default();
        items.push_str(&format!(
            "<li><a href=\"{}\" target=\"_blank\" rel=\"noopener\" lang=\"{}\" dir=\"{}\">{}</a><span>{} · <bdi>{}</bdi>{}</span></li>",
            attr(&format!("{base}{prefix}/listings/{}", l.slug)),
            attr(&name_lang),
            app::translation::text_dir(&name_lang),
            text(&l.name),
            text(&kind),
            text(&l.town),
            text(&distance)
        ));
    }
    let title = match &f.near_name {
        Some(place) => locale.text_with("embed-title-near", &[("place", place.clone().into())]),
        None => locale.text("embed-title"),
    };
    let list = CompactList {
        title,
        items: (!page.items.is_empty()).then_some(items),
        empty: locale.text("listings-empty-filtered"),
        all_href: format!("{base}{prefix}/listings?{}", f.query),
        all_text: locale.text_with("embed-see-all", &[("count", page.total.into())]),
    };
    Ok(list.page(&locale))
}

/// An embedded list: a heading, the items (or why there are none) and a
/// link to the same on the full site.
struct CompactList {
    title: String,
    /// `<li>`s, already escaped; none: `empty` is said instead.
    items: Option<String>,
    empty: String,
    all_href: String,
    all_text: String,
}

impl CompactList {
    fn page(self, locale: &Locale) -> Response {
        let body = match self.items {
            Some(items) => format!("<ul>{items}</ul>"),
            None => format!("<p>{}</p>", text(&self.empty)),
        };
        let html = format!(
            "<!doctype html><html lang=\"{lang}\" dir=\"{dir}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><link rel=\"icon\" href=\"data:,\">\
             <title>{title}</title><style>{STYLE}</style></head><body><h1>{title}</h1>{body}\
             <p class=\"all\"><a href=\"{all_href}\" target=\"_blank\" rel=\"noopener\">{all_text}</a></p></body></html>",
            lang = locale.code(),
            dir = locale.dir(),
            title = text(&self.title),
            all_href = attr(&self.all_href),
            all_text = text(&self.all_text),
        );
        ([(header::CONTENT_TYPE, "text/html; charset=utf-8".to_string()), (header::CONTENT_SECURITY_POLICY, embed_csp())], html)
            .into_response()
    }
}

/// Small and plain, so it sits in any site's page.
const STYLE: &str = "body{font:16px/1.4 system-ui,sans-serif;margin:.5rem;color:#1b1b1f}h1{font-size:1.1rem;margin:0 0 .5rem}\
ul{list-style:none;margin:0;padding:0}li{padding:.4rem 0;border-bottom:1px solid #ddd}li a{display:block;font-weight:600;color:#0b5cad}\
li span{color:#555;font-size:.9rem}.all{margin-top:.5rem}";

/// `GET /embed/map?kind=&tag=&lang=&near=&radius=&on=week&zoom=`: the map
/// with its markers, for another site's page. Leaflet and our script from
/// this server only; a marker opens the listing in a new tab; no address
/// bar, list or form. Without JavaScript: a link to the embedded list.
async fn map(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    Query(p): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let f = filters(&state, &p)?;
    let lang = locale.code();
    let prefix = if lang == "en" { String::new() } else { format!("/{lang}") };
    let title = match &f.near_name {
        Some(place) => locale.text_with("embed-title-near", &[("place", place.clone().into())]),
        None => locale.text("embed-title"),
    };
    let body = if state.atlas.read.in_lockdown() {
        // No map at all during a lockdown, as on the site.
        format!("<p>{}</p>", text(&locale.text("embed-map-unavailable")))
    } else {
        let zoom = p.get("zoom").and_then(|z| z.trim().parse::<u8>().ok()).filter(|z| (3..=18).contains(z));
        let (centre, zoom) = match f.filter.near {
            Some(c) => (
                c,
                zoom.unwrap_or(match f.filter.radius_km {
                    Some(r) if r <= 10.0 => 12,
                    Some(r) if r <= 25.0 => 10,
                    Some(_) => 9,
                    None => 11,
                }),
            ),
            None => (app::location::LatLon::new(54.4, -3.2), zoom.unwrap_or(5)),
        };
        // What /api/clusters is asked, besides the view.
        let mut api: Vec<(&str, String)> = Vec::new();
        for (k, v) in [("tag", &f.filter.tag), ("lang", &f.filter.lang)] {
            if let Some(v) = v {
                api.push((k, v.clone()));
            }
        }
        if let Some(k) = f.filter.kinds.first() {
            api.push(("kind", k.clone()));
        }
        if f.filter.on_this_week {
            api.push(("on", "week".into()));
        }
        if let (Some(c), Some(r)) = (f.filter.near, f.filter.radius_km) {
            api.push(("near", format!("{:.5},{:.5}", c.lat, c.lon)));
            api.push(("radius_km", r.to_string()));
        }
        let api = form_urlencoded::Serializer::new(String::new()).extend_pairs(api).finish();
        let kinds: Vec<app::model::ListingKind> = state
            .atlas
            .read
            .facets()
            .kinds
            .into_iter()
            .map(|k| app::model::ListingKind { label: locale.text_or(&format!("kind-{}", k.slug), &k.label), ..k })
            .collect();
        let tiles = state
            .services
            .tile_attribution
            .as_ref()
            .map(|credit| format!(" data-tiles=\"/tiles/{{z}}/{{x}}/{{y}}\" data-tile-credit=\"{}\"", attr(credit)))
            .unwrap_or_default()
            + &format!(" data-basemap=\"{}\"", if state.services.basemap { "/basemap/tiles.json" } else { "" })
            // The script's words (cards, the gesture hint) in the page's language.
            + &["loading", "card-meets", "card-next", "card-open", "cluster-here", "popup-close", "two-fingers", "zoom-in"]
                .iter()
                .map(|key| format!(" data-{key}=\"{}\"", attr(&locale.text(&format!("map-{key}")))))
                .collect::<String>();
        let list = format!("{prefix}/embed/listings?{}", f.query);
        format!(
            "<div id=\"embed-map\" role=\"region\" aria-label=\"{label}\" data-query=\"{api}\" data-lat=\"{lat}\" data-lon=\"{lon}\" \
             data-zoom=\"{zoom}\" data-base=\"{base}\" data-kinds=\"{kinds}\"{tiles}></div>\
             <noscript><p><a href=\"{list}\">{list_text}</a></p></noscript>\
             <script src=\"{leaflet}\" defer></script><script src=\"{script}\" defer></script>",
            label = attr(&title),
            api = attr(&api),
            lat = centre.lat,
            lon = centre.lon,
            base = attr(&format!("{}{prefix}", state.services.public_url)),
            kinds = attr(&serde_json::to_string(&kinds).unwrap_or_else(|_| "[]".into())),
            tiles = tiles,
            list = attr(&list),
            list_text = text(&locale.text("embed-title")),
            leaflet = attr(&state.services.assets.url("/vendor/leaflet/leaflet.js")),
            script = attr(&state.services.assets.url("/assets/map.js")),
        )
    };
    let html = format!(
        "<!doctype html><html lang=\"{lang}\" dir=\"{dir}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><link rel=\"icon\" href=\"data:,\">\
         <title>{title}</title><link rel=\"stylesheet\" href=\"{leaflet_css}\"><link rel=\"stylesheet\" href=\"{css}\">\
         <style>html,body{{height:100%;margin:0}}#embed-map{{height:100%}}</style></head>\
         <body data-zoom-in-title=\"{zoom_in}\" data-zoom-out-title=\"{zoom_out}\">{body}</body></html>",
        dir = locale.dir(),
        title = text(&title),
        leaflet_css = attr(&state.services.assets.url("/vendor/leaflet/leaflet.css")),
        css = attr(&state.services.assets.url("/pkg/atlas.css")),
        zoom_in = attr(&locale.text("map-zoom-in-button")),
        zoom_out = attr(&locale.text("map-zoom-out-button")),
    );
    Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8".to_string()), (header::CONTENT_SECURITY_POLICY, embed_csp())], html)
        .into_response())
}

/// `GET /embed/events?listing=&category=&near=&radius=&online=true`: what's
/// on next, as a compact list (the next 50 dates). Places as the events
/// page shows them: the town only, and none during a lockdown.
async fn events(
    State(state): State<AppState>,
    Extension(locale): Extension<Locale>,
    Query(p): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    use app::ports::EventCalendar;
    let f = filters(&state, &p)?;
    let get = |k: &str| p.get(k).map(|v| v.trim().chars().take(100).collect::<String>()).filter(|v| !v.is_empty());
    let query = app::ports::EventQuery {
        listing: get("listing"),
        category: get("category"),
        near: f.filter.near,
        radius_km: f.filter.radius_km,
        online: get("online").as_deref() == Some("true"),
        in_person: get("in_person").as_deref() == Some("true"),
        limit: SHOWN,
        ..Default::default()
    };
    let page = state.atlas.occurrences(&query).await.map_err(ApiError::from)?;
    let lang = locale.code();
    let prefix = if lang == "en" { String::new() } else { format!("/{lang}") };
    let base = state.services.public_url.clone();
    // Dates are worded by the events page's own functions, in this language.
    let owner = leptos::prelude::Owner::new();
    let items: String = owner.with(|| {
        leptos::prelude::provide_context(locale.clone());
        page.items
            .iter()
            .map(|o| {
                let when = app::pages::events::date_and_time(o);
                // A town in another script keeps its own direction.
                let town = o.town.as_deref().map(|t| format!(" · <bdi>{}</bdi>", text(t))).unwrap_or_default();
                let cancelled = if o.status == app::event::OccurrenceStatus::Scheduled {
                    String::new()
                } else {
                    format!(" · {}", text(&locale.text(&format!("event-status-{}", o.status.as_str().replace('_', "-")))))
                };
                format!(
                    "<li><a href=\"{}\" target=\"_blank\" rel=\"noopener\" dir=\"auto\">{}</a><span><time datetime=\"{}\">{}</time>{town}{cancelled}</span></li>",
                    attr(&format!("{base}{prefix}/events/{}", o.event)),
                    text(&o.title),
                    attr(&o.start),
                    text(&when),
                )
            })
            .collect()
    });
    let title = match &f.near_name {
        Some(place) => locale.text_with("embed-events-title-near", &[("place", place.clone().into())]),
        None => locale.text("embed-events-title"),
    };
    let list = CompactList {
        title,
        items: (!page.items.is_empty()).then_some(items),
        empty: locale.text("events-empty"),
        all_href: format!("{base}{prefix}/events?{}", f.query),
        all_text: locale.text("embed-events-see-all"),
    };
    Ok(list.page(&locale))
}
