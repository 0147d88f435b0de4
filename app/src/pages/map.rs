//! `/map`: the map with the list beside it. The map is drawn by
//! /assets/map.js on top of Leaflet (both served by this server); without
//! JavaScript the page points to the directory, which has the same filters.

use crate::i18n::{number_style_json, plural_templates, t, t_or};
use crate::pages::directory::{DirectoryForm, DirectoryParams};
use crate::ports::Services;
use leptos::prelude::*;

/// The server's picture of this view (`/map.png`): the page's filters, and
/// the point and zoom a shared map address carries.
fn picture_address(params: &DirectoryParams) -> String {
    let q = leptos_router::hooks::use_query_map().read_untracked().clone();
    let mut parts = params.filter_pairs();
    for key in ["lat", "lon", "z"] {
        if let Some(v) = q.get(key).filter(|v| v.len() <= 20 && v.parse::<f64>().is_ok()) {
            parts.push((key, v));
        }
    }
    let query = form_urlencoded::Serializer::new(String::new()).extend_pairs(parts).finish();
    if query.is_empty() {
        "/map.png".into()
    } else {
        format!("/map.png?{query}")
    }
}

/// A small picture of one public point, for a listing's "Where".
pub fn place_picture_address(lat: f64, lon: f64, zoom: u8) -> String {
    format!("/map.png?size=place&lat={lat:.5}&lon={lon:.5}&zoom={zoom}")
}

/// Where the map's script finds the street basemap: empty when none is
/// installed, so the script asks nothing.
pub fn basemap_address(services: &Services) -> &'static str {
    if services.basemap {
        "/basemap/tiles.json"
    } else {
        ""
    }
}

#[component]
pub fn MapPage() -> impl IntoView {
    let services = expect_context::<Services>();
    // During a lockdown there is no map at all (the banner says why).
    if services.backoffice.lockdown() {
        return view! { <h1>{t("map-title")}</h1> }.into_any();
    }
    let facets = services.listings.facets();
    let legend = facets
        .kinds
        .iter()
        .map(|k| {
            view! {
                <li data-kind=k.slug.clone()>
                    <span class="swatch" style=format!("background:{}", k.colour)></span>
                    {t_or(&format!("kind-{}", k.slug), &k.label)}
                </li>
            }
        })
        .collect_view();
    // Labels in the visitor's language, for the list the script draws.
    let localised: Vec<_> = facets
        .kinds
        .iter()
        .map(|k| crate::model::ListingKind { label: t_or(&format!("kind-{}", k.slug), &k.label), ..k.clone() })
        .collect();
    let kinds_json = serde_json::to_string(&localised).unwrap_or_else(|_| "[]".into());
    let tiles = services.tile_attribution.clone();
    let params_now = DirectoryParams::from_query();
    let list_address = params_now.list_address();
    view! {
        <crate::pages::preview::Preview title=t("map-title") description=t("preview-map") />
        <link rel="stylesheet" href=crate::assets::asset("/vendor/leaflet/leaflet.css") />
        // On a phone: the title, the near-me box, the map, then the list
        // of what is in view. On a wide screen the list sits beside the map.
        <h1 class="map-heading">{t("map-title")}</h1>
        <DirectoryForm params=DirectoryParams::from_query() facets action="/listings" locate=true />
        // Without JavaScript: a picture of the same view, drawn by the
        // server at the same precision, and the list one link away.
        <noscript>
            <img class="map-picture" src=picture_address(&params_now) width="640" height="480" alt=t("map-picture-alt") />
            <p class="empty-state"><a href=list_address>{t("map-no-js")}</a></p>
        </noscript>
        <div class="map-layout">
            <div class="map-column">
                <div id="map" class="map needs-script" data-kinds=kinds_json data-zoom-in=t("map-zoom-in")
                     data-count=plural_templates("map-in-view-count", "count") data-number=number_style_json() data-lang=t("lang-code")
                     data-tiles=tiles.as_ref().map(|_| "/tiles/{z}/{x}/{y}") data-tile-credit=tiles.clone()
                     data-basemap=crate::pages::map::basemap_address(&services)
                     data-locate-refused=t("map-locate-refused") data-locate-failed=t("map-locate-failed")
                     data-loading=t("map-loading") data-card-meets=t("map-card-meets") data-card-next=t("map-card-next")
                     data-card-open=t("map-card-open") data-cluster-here=t("map-cluster-here") data-popup-close=t("map-popup-close")
                     data-two-fingers=t("map-two-fingers")
                     role="region" aria-label=t("map-title")></div>
                <p class="note needs-script" id="locate-note">{t("map-locate-note")}</p>
                <p class="intro">{t("map-intro")}</p>
            </div>
            <section class="map-list needs-script" aria-labelledby="in-view-heading">
                <h2 id="in-view-heading">{t("map-in-view")}</h2>
                <p id="map-count" class="count" aria-live="polite">{t("map-loading")}</p>
                <ul id="map-list" class="cards"></ul>
            </section>
        </div>
        <details class="legend" open>
            <summary>{t("map-legend")}</summary>
            <ul>{legend}</ul>
        </details>
        <script src=crate::assets::asset("/vendor/leaflet/leaflet.js") defer></script>
        <script src=crate::assets::asset("/assets/map.js") defer></script>
    }
    .into_any()
}
