//! `/listings/{slug}`: one published listing, with a small map.

use crate::i18n::{t, t_or, t_with, value_text};
use crate::language::language_name;
use crate::model::Precision;
use crate::pages::directory::town_name;
use crate::pages::errors::NotFound;
use crate::pages::DataValue;
use crate::ports::Services;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ListingPage() -> impl IntoView {
    let slug = use_params_map().read_untracked().get("slug").unwrap_or_default();
    let services = expect_context::<Services>();
    let Some(l) = services.listings.listing(&slug) else {
        return view! { <NotFound /> }.into_any();
    };
    // The reader's language where translated, else the original, marked.
    let also_in = view! {
        <crate::pages::translated::AlsoIn path=format!("/listings/{}", l.slug) original=l.language.clone()
            translations=l.translations.clone() shown=l.shown_language(&crate::pages::translated::wanted_language()) />
    };
    let shown = l.in_language(&crate::pages::translated::wanted_language());
    let mark = |field| crate::pages::translated::field_marks(&l.language, &l.translations, &shown.language, field);
    let ((name_lang, name_dir), (summary_lang, summary_dir), (text_lang, text_dir)) = (mark("name"), mark("summary"), mark("description"));
    let ((times_lang, times_dir), (access_lang, access_dir)) = (mark("meeting_times"), mark("accessibility"));
    let l = shown;
    let kind_label = t_or(&format!("kind-{}", l.kind), &l.kind_label);
    // What the public may do here: a reporting centre takes no message,
    // claim or event, and its page points to help instead.
    let allows = kind_allows(&services, &l.kind);
    let precision_note = t(match l.precision {
        Precision::Exact => "listing-precision-exact",
        Precision::Approximate => "listing-precision-approximate",
        Precision::Area => "listing-precision-area",
    });
    let zoom = match l.precision {
        Precision::Exact => 15,
        Precision::Approximate => 13,
        Precision::Area => 11,
    };
    let map_link = match (l.lat, l.lon) {
        (Some(lat), Some(lon)) => Some(format!("/map?lat={lat}&lon={lon}&z={zoom}")),
        _ => None,
    };
    // Only a public building's exact address gets directions: its point is
    // the building. The visitor's own maps app (geo:) or OpenStreetMap's
    // site — links they choose; our page requests nothing from either.
    let directions = match (l.address.as_ref(), l.lat, l.lon) {
        (Some(_), Some(lat), Some(lon)) => Some(view! {
            <p class="directions">{t("listing-directions")}": "
                <a href=format!("geo:{lat:.6},{lon:.6}")>{t("listing-directions-app")}</a>" · "
                <a href=format!("https://www.openstreetmap.org/?mlat={lat:.6}&mlon={lon:.6}#map=17/{lat:.6}/{lon:.6}") rel="noopener noreferrer" dir="ltr">"OpenStreetMap"</a>
            </p>
        }),
        _ => None,
    };
    let mini_map = match (l.lat, l.lon) {
        (Some(lat), Some(lon)) => Some(view! {
            <noscript>
                <img class="map-picture" src=crate::pages::map::place_picture_address(lat, lon, zoom) width="480" height="240" alt=t("listing-where") />
            </noscript>
            <div class="mini-map needs-script" id="mini-map"
                 data-tiles=services.tile_attribution.as_ref().map(|_| "/tiles/{z}/{x}/{y}") data-tile-credit=services.tile_attribution.clone()
                 data-basemap=crate::pages::map::basemap_address(&services) data-lat=lat.to_string() data-lon=lon.to_string()
                 data-zoom=zoom.to_string() data-kind=l.kind.clone() data-precision=l.precision.as_str()
                 role="region" aria-label=t("listing-where")></div>
        }),
        _ => None,
    };
    let structured = crate::structured_data::organization(&l, &services.public_url, l.region.as_deref().map(|r| value_text("region", r)));
    view! {
        // Name, kind and town: never the point, nor an address.
        <crate::pages::StructuredData data=Some(structured) />
        <crate::pages::preview::Preview title=l.name.clone() description=format!("{} {}", t_with("preview-listing", &[("kind", kind_label.clone().into()), ("town", town_name(&l.town).into())]), l.summary) />
        <link rel="stylesheet" href=crate::assets::asset("/vendor/leaflet/leaflet.css") />
        <article class="listing" data-kind=l.kind.clone()>
            <p><a href="/listings">{t("listing-back")}</a></p>
            <h1 lang=name_lang dir=name_dir>{l.name.clone()}</h1>
            {also_in}
            <crate::pages::translator::TranslateLink entity=crate::people::Entity::Listing slug=l.slug.clone() />
            {l.may_be_inactive.then(|| view! { <p class="notice inactive" role="note">{t("listing-may-be-inactive")}</p> })}
            <crate::pages::alerts::TellMeWhen extra=vec![("near", l.town.clone()), ("kind", l.kind.clone())] />
            <p class="card-meta">
                <span class="kind-badge">{kind_label}</span>
                " "
                // Town and region each isolated, joined by the language's
                // own comma, not one the bidi algorithm moves to the line's end.
                {match &l.region {
                    Some(r) => t_with("listing-in-town-region", &[("town", town_name(&l.town).into()), ("region", value_text("region", r).into())]),
                    None => t_with("listing-in-town", &[("town", town_name(&l.town).into())]),
                }}
            </p>
            {(!l.summary.is_empty()).then(|| view! { <p class="summary" lang=summary_lang dir=summary_dir>{l.summary.clone()}</p> })}
            {(!l.description_html.is_empty()).then(|| view! { <div class="description" lang=text_lang dir=text_dir inner_html=l.description_html.clone()></div> })}
            <dl class="facts">
                {(!l.meeting_times.is_empty() || !l.schedule.is_empty()).then(|| view! {
                    <dt>{t("listing-meets")}</dt>
                    <dd>
                        <span lang=times_lang dir=times_dir>{l.meeting_times.clone()}</span>
                        {(!l.schedule.is_empty()).then(|| view! {
                            <ul class="schedule">
                                {l.schedule.iter().map(|s| view! {
                                    <li>{t(&format!("day-{}", s.day))}" "{s.start.clone()}"–"{s.end.clone()}</li>
                                }).collect_view()}
                            </ul>
                        })}
                    </dd>
                })}
                {(!l.tags.is_empty()).then(|| view! { <dt>{t("listing-activities")}</dt><dd><ul class="chips">{l.tags.iter().map(|tag| view! { <li><DataValue kind="tag" value=tag.clone() /></li> }).collect_view()}</ul></dd> })}
                {(!l.languages.is_empty()).then(|| view! { <dt>{t("listing-languages")}</dt><dd><ul class="chips">{l.languages.iter().map(|code| view! { <li lang=code.clone()>{language_name(code)}</li> }).collect_view()}</ul></dd> })}
                {(!l.accessibility.is_empty()).then(|| view! { <dt>{t("listing-accessibility")}</dt><dd lang=access_lang dir=access_dir>{l.accessibility.clone()}</dd> })}
                {l.website.clone().map(|w| view! { <dt>{t("listing-website")}</dt><dd><a href=w.clone() rel="noopener noreferrer nofollow">{w.clone()}</a></dd> })}
                {l.email.clone().map(|e| view! { <dt>{t("listing-email")}</dt><dd><a href=format!("mailto:{e}")>{e.clone()}</a></dd> })}
                {(!l.social.is_empty()).then(|| view! {
                    <dt>{t("listing-social")}</dt>
                    <dd><ul class="links">{l.social.iter().map(|u| {
                        // A chat group's invite link says what it opens, not its code.
                        let label = crate::contact_channel::ChatApp::of_link(u)
                            .map(|chat| t(&format!("listing-join-{}", chat.name())))
                            .unwrap_or_else(|| u.clone());
                        view! { <li><a href=u.clone() rel="nofollow ugc noopener noreferrer">{label}</a></li> }
                    }).collect_view()}</ul></dd>
                })}
                {l.phone.clone().map(|p| view! { <dt>{t("listing-phone")}</dt><dd><a href=format!("tel:{}", p.replace(' ', ""))>{p.clone()}</a></dd> })}
            </dl>
            {(!allows.contact).then(|| view! { <HelpNearby town=l.town.clone() /> })}
            {allows.events.then(|| view! {
            <section aria-labelledby="next-dates">
                <h2 id="next-dates">{t("listing-next-dates")}</h2>
                <crate::pages::events::UpcomingList
                    query=crate::ports::EventQuery { listing: Some(l.slug.clone()), limit: 5, ..Default::default() }
                    empty_key="listing-no-dates" />
                <p><a href=format!("/events?listing={}", l.slug)>{t("listing-all-dates")}</a>" · "
                   <a href=format!("/listings/{}/events.ics", l.slug)>{t("event-add-to-calendar")}</a>" · "
                   <a href=format!("/listings/{}/suggest-event", l.slug)>{t("event-suggest-link")}</a></p>
            </section>
            })}
            <h2>{t("listing-where")}</h2>
            {l.address.clone().map(|a| view! { <p><strong>{t("listing-address")}": "</strong><bdi>{a}</bdi></p> })}
            <p class="note">{precision_note}</p>
            {mini_map}
            {map_link.map(|href| view! { <p><a href=href>{t("listing-on-map")}</a></p> })}
            {directions}
            {l.last_confirmed.clone().map(|d| view! { <p class="note">{t_with("listing-confirmed", &[("date", crate::i18n::format_date(&d).into())])}</p> })}
            <ul class="listing-actions">
                {allows.contact.then(|| view! { <li><a href=format!("/listings/{}/contact", l.slug)>{t("listing-contact-form")}</a></li> })}
                <li><a href=format!("/listings/{}/report", l.slug)>{t("listing-report")}</a></li>
                {allows.claim.then(|| view! { <li><a href=format!("/listings/{}/claim", l.slug)>{t("listing-claim")}</a></li> })}
            </ul>
            {services.alerts.alerts_enabled().then(|| view! { <FollowForm slug=l.slug.clone() /> })}
        </article>
        <script src=crate::assets::asset("/vendor/leaflet/leaflet.js") defer></script>
        <script src=crate::assets::asset("/assets/map.js") defer></script>
    }
    .into_any()
}

/// "Follow this group": an address, and the same double opt-in as every
/// alert (a plain form: no JavaScript needed).
#[component]
fn FollowForm(slug: String) -> impl IntoView {
    use crate::pages::form::{value_of, ErrorSummary, Field, FormGuard};
    // The choices just sent, when the form comes back with a problem.
    let weekly = value_of("cadence", &None) == "weekly";
    let neutral = value_of("neutral", &None) == "yes";
    view! {
        <section class="follow" aria-labelledby="follow-title">
            <h2 id="follow-title">{t("follow-title")}</h2>
            <p>{t("follow-intro")}</p>
            <ErrorSummary />
            <form method="post" action=format!("/listings/{slug}/follow")>
                <FormGuard />
                <Field name="email" label=t("alerts-email") hint=t("alerts-email-hint") required=true kind="email" maxlength=254 autocomplete="email" />
                <fieldset>
                    <legend>{t("alerts-how-often")}</legend>
                    <div class="check">
                        <input type="radio" id="follow-instant" name="cadence" value="instant" checked=!weekly />
                        <label for="follow-instant">{t("alerts-instant")}</label>
                    </div>
                    <div class="check">
                        <input type="radio" id="follow-weekly" name="cadence" value="weekly" checked=weekly />
                        <label for="follow-weekly">{t("follow-weekly")}</label>
                    </div>
                </fieldset>
                <div class="check">
                    <input type="checkbox" id="follow-neutral" name="neutral" value="yes" checked=neutral />
                    <label for="follow-neutral">{t("follow-neutral")}</label>
                </div>
                <button type="submit">{t("follow-submit")}</button>
            </form>
        </section>
    }
}

/// What the public may do with a listing of `kind`.
pub fn kind_allows(services: &Services, kind: &str) -> crate::model::KindAllows {
    services.listings.facets().kinds.iter().find(|k| k.slug == kind).map(|k| k.allows).unwrap_or_default()
}

/// The activity tag of groups that go with people to their reporting
/// appointments, and the library topic for people who report (the sample
/// data's words; an operator keeping other words changes them here).
const ACCOMPANIMENT_TAG: &str = "accompaniment to reporting";
const REPORTING_TOPIC: &str = "reporting";

/// On a public building's page (a reporting centre): where to find help.
#[component]
fn HelpNearby(town: String) -> impl IntoView {
    let near = |extra: &str| {
        let town: String = form_urlencoded::byte_serialize(town.as_bytes()).collect();
        format!("/listings?near={town}{extra}")
    };
    let tag: String = form_urlencoded::byte_serialize(ACCOMPANIMENT_TAG.as_bytes()).collect();
    view! {
        <section class="help-nearby" aria-labelledby="help-nearby">
            <h2 id="help-nearby">{t("listing-help-title")}</h2>
            <ul class="plain-list">
                // Nearest first, however far: such groups are few.
                <li><a href=near(&format!("&tag={tag}"))>{t_with("listing-help-accompany", &[("town", town.clone().into())])}</a></li>
                <li><a href=near("&radius=25")>{t_with("listing-help-groups", &[("town", town.clone().into())])}</a></li>
                <li><a href=format!("/library?topic={REPORTING_TOPIC}")>{t("listing-help-guides")}</a></li>
            </ul>
        </section>
    }
}
