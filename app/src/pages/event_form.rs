//! The organiser's event form: `/account/listings/{slug}/events/new` and
//! `/account/events/{slug}/edit` (which also cancels single dates). Plain
//! fields (a map picker helps with the venue's point where scripts run);
//! what is sent waits for a moderator.

use crate::event::{AccessFeature, Audience, Cost, JoinHow};
use crate::i18n::{t, t_or};
use crate::pages::errors::ServerError;
use crate::pages::form::{ErrorSummary, Field, FormGuard, Select, TextArea};
use crate::people::{FormState, Viewer};
use crate::ports::Services;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

fn options(words: &[(&str, String)]) -> Vec<(String, String)> {
    words.iter().map(|(v, l)| (v.to_string(), l.clone())).collect()
}

/// The fields, filled from the form state (what was sent, or the stored series).
#[component]
pub fn EventFields(categories: Vec<(String, String)>) -> impl IntoView {
    let categories: Vec<(String, String)> =
        categories.into_iter().map(|(slug, label)| (slug.clone(), t_or(&format!("event-category-{slug}"), &label))).collect();
    let repeat =
        ["none", "weekly", "fortnightly", "monthly", "monthly_last", crate::event::ON_DATES].map(|r| (r, t(&format!("event-repeat-{r}"))));
    let place = [("listing", t("event-place-listing")), ("venue", t("event-place-venue")), ("online", t("event-place-online"))];
    let precision = [
        ("area", t("register-precision-area")),
        ("approximate", t("register-precision-approximate")),
        ("exact", t("register-precision-exact")),
    ];
    let cost: Vec<(String, String)> =
        Cost::ALL.iter().map(|c| (c.as_str().to_string(), t(&format!("event-cost-{}", c.as_str())))).collect();
    let join: Vec<(String, String)> =
        JoinHow::ALL.iter().map(|j| (j.as_str().to_string(), t(&format!("event-join-{}", j.as_str().replace('_', "-"))))).collect();
    let audience: Vec<(String, String)> =
        Audience::ALL.iter().map(|a| (a.as_str().to_string(), t(&format!("audience-{}", a.as_str().replace('_', "-"))))).collect();
    view! {
        <Field name="title" label=t("event-form-title") required=true maxlength=200 />
        <Field name="summary" label=t("event-form-summary") maxlength=500 />
        <TextArea name="description" label=t("event-form-description") hint=t("register-description-hint") maxlength=20000 />
        <Select name="category" label=t("events-category") options=categories />
        <crate::pages::register::LanguageChoice />
        <fieldset>
            <legend>{t("event-form-when")}</legend>
            <Field name="date" label=t("event-form-date") kind="date" required=true maxlength=10 />
            <Field name="start_time" label=t("event-form-start") kind="time" maxlength=5 />
            <Field name="end_time" label=t("event-form-end") kind="time" maxlength=5 />
            <Select name="all_day" label=t("event-all-day") options=options(&[("", t("event-form-no")), ("yes", t("event-form-yes"))]) />
            <Field name="end_date" label=t("event-form-end-date") hint=t("event-form-end-date-hint") kind="date" maxlength=10 />
            <Select name="repeat" label=t("event-form-repeat") options=options(&repeat) />
            <Field name="until" label=t("event-form-until") kind="date" maxlength=10 />
            <TextArea name="dates" label=t("event-form-dates") hint=t("dates-hint") maxlength=1000 />
            // Open when a rule is already there (an imported or edited series).
            <details class="advanced" open=!field("rrule").is_empty()>
                <summary>{t("event-form-rrule")}</summary>
                <Field name="rrule" label=t("event-form-rrule") hint=t("event-form-rrule-hint") maxlength=500 />
            </details>
        </fieldset>
        <fieldset>
            <legend>{t("event-where")}</legend>
            <p class="notice" role="note">{t("event-form-safety")}</p>
            <Select name="place" label=t("event-form-place") options=options(&place) />
            <Field name="online_url" label=t("event-form-online-url") kind="url" maxlength=500 />
            <Field name="venue_name" label=t("event-form-venue-name") maxlength=200 />
            <Field name="venue_town" label=t("event-form-venue-town") hint=t("event-form-venue-town-hint") maxlength=100 />
            // The map fills the two fields below it; they work without it.
            <link rel="stylesheet" href=crate::assets::asset("/vendor/leaflet/leaflet.css") />
            <crate::pages::register::Picker id="venue-picker" label=t("event-form-picker") hint=t("event-form-picker-hint")
                    lat="venue_latitude" lon="venue_longitude" town="venue_town" precision="venue_precision" />
            <input type="hidden" name="venue_latitude" id="venue_latitude" value=field("venue_latitude") />
            <input type="hidden" name="venue_longitude" id="venue_longitude" value=field("venue_longitude") />
            <Select name="venue_precision" label=t("register-precision") options=options(&precision) />
            <Select name="venue_public_building" label=t("event-form-public-building") options=options(&[("", t("event-form-no")), ("yes", t("event-form-yes"))]) />
            <script src=crate::assets::asset("/vendor/leaflet/leaflet.js") defer></script>
            <script src=crate::assets::asset("/assets/map.js") defer></script>
        </fieldset>
        <Select name="cost" label=t("event-cost") options=cost />
        <Field name="price" label=t("event-form-price") maxlength=100 />
        <Select name="audience" label=t("event-audience") options=audience />
        <AccessChoice />
        <Field name="access_notes" label=t("event-form-access-notes") maxlength=1000 />
        <Select name="join" label=t("event-how-to-join") options=join />
        <Field name="join_url" label=t("event-form-join-url") kind="url" maxlength=500 />
    }
}

fn field(name: &str) -> String {
    crate::pages::form::value_of(name, &None)
}

/// What makes the event easier to come to, as tick boxes. A series being
/// edited keeps its features as one "step_free, childcare" value.
#[component]
fn AccessChoice() -> impl IntoView {
    let chosen: Vec<String> = use_context::<FormState>()
        .map(|f| f.values("access"))
        .unwrap_or_default()
        .iter()
        .flat_map(|v| v.split(',').map(|c| c.trim().to_string()).collect::<Vec<_>>())
        .collect();
    view! {
        <fieldset class="choices" id="access">
            <legend>{t("listing-accessibility")}</legend>
            {AccessFeature::ALL.iter().map(|a| {
                let (value, id) = (a.as_str(), format!("access-{}", a.as_str()));
                let checked = chosen.iter().any(|c| c == value);
                view! {
                    <div class="check">
                        <input type="checkbox" id=id.clone() name="access" value=value checked=checked />
                        <label for=id>{t(&format!("access-{}", value.replace('_', "-")))}</label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// Categories for the form (empty on a failure: the form still shows).
async fn categories(services: &Services) -> Vec<(String, String)> {
    services.events.categories().await.unwrap_or_default()
}

#[component]
pub fn NewEventPage() -> impl IntoView {
    let listing = use_params_map().read_untracked().get("slug").unwrap_or_default();
    let viewer = use_context::<Viewer>().unwrap_or_default();
    let services = expect_context::<Services>();
    let form = move || {
        let (services, listing, user) = (services.clone(), listing.clone(), viewer.user.clone());
        Suspend::new(async move {
            let Some(user) = user else { return view! { <crate::pages::errors::NotFound /> }.into_any() };
            // Only the listing's organisers (and admins) add its events.
            match services.backoffice.listing_for_edit(&user, &listing).await {
                Err(_) => return view! { <ServerError /> }.into_any(),
                Ok(None) => {
                    if let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
                        r.set_status(http::StatusCode::FORBIDDEN);
                    }
                    return view! { <h1>{t("edit-not-yours")}</h1> }.into_any();
                }
                Ok(Some(_)) => {}
            }
            let categories = categories(&services).await;
            view! {
                <h1>{t("event-form-new-title")}</h1>
                <p>{t("event-form-intro")}</p>
                <ErrorSummary />
                <form method="post" action=format!("/account/listings/{listing}/events/new") class="long-form" novalidate>
                    <FormGuard />
                    <EventFields categories />
                    <crate::pages::translating::TranslationFields fields=&crate::translation::EVENT_FIELDS />
                    <button type="submit">{t("event-form-submit")}</button>
                </form>
            }
            .into_any()
        })
    };
    view! {
        <Title text=format!("{} · {}", t("event-form-new-title"), t("site-name")) />
        <Suspense fallback=|| ()>{form}</Suspense>
    }
}

#[component]
pub fn EditEventPage() -> impl IntoView {
    let slug = use_params_map().read_untracked().get("slug").unwrap_or_default();
    let viewer = use_context::<Viewer>().unwrap_or_default();
    let services = expect_context::<Services>();
    let page = move || {
        let (services, slug, user) = (services.clone(), slug.clone(), viewer.user.clone());
        Suspend::new(async move {
            let Some(user) = user else { return view! { <crate::pages::errors::NotFound /> }.into_any() };
            match services.backoffice.event_for_edit(&user, &slug).await {
                Err(_) => view! { <ServerError /> }.into_any(),
                Ok(None) => {
                    if let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
                        r.set_status(http::StatusCode::FORBIDDEN);
                    }
                    view! { <h1>{t("edit-not-yours")}</h1> }.into_any()
                }
                Ok(Some((_listing, fields))) => {
                    // "Moved online" only when there is a link to go to.
                    let online = fields.iter().any(|(k, v)| k == "online_url" && !v.is_empty());
                    let sent_back = use_context::<FormState>().is_some_and(|f| !f.values.is_empty());
                    if !sent_back {
                        provide_context(FormState { values: fields, errors: vec![] });
                    }
                    let categories = categories(&services).await;
                    let public = services.events.event(&slug).await.ok().flatten();
                    let next = public.map(|e| e.next).unwrap_or_default();
                    view! {
                        <h1>{t("event-form-edit-title")}</h1>
                        <p><a href=format!("/events/{slug}")>{t("mod-public-page")}</a></p>
                        {(!next.is_empty()).then(|| view! {
                            <h2>{t("event-form-cancel-heading")}</h2>
                            <p>{t("event-form-cancel-intro")}</p>
                            <ul class="dates">
                                {next.into_iter().filter(|o| o.status == crate::event::OccurrenceStatus::Scheduled).map(|o| view! {
                                    <li>
                                        <form method="post" action=format!("/account/events/{slug}/edit") class="inline-form">
                                            <FormGuard />
                                            <input type="hidden" name="cancel_date" value=o.recurrence_id.clone() />
                                            {crate::pages::events::long_date(&o.start)}" "
                                            <button type="submit" name="date_status" value="cancelled">{t("event-form-cancel-date")}</button>" "
                                            <button type="submit" name="date_status" value="postponed" class="secondary">{t("event-form-postpone-date")}</button>
                                            {online.then(|| view! { " "<button type="submit" name="date_status" value="moved_online" class="secondary">{t("event-form-online-date")}</button> })}
                                        </form>
                                    </li>
                                }).collect_view()}
                            </ul>
                        })}
                        <h2>{t("event-form-change-heading")}</h2>
                        <p>{t("event-form-edit-intro")}</p>
                        <ErrorSummary />
                        <form method="post" action=format!("/account/events/{slug}/edit") class="long-form" novalidate>
                            <FormGuard />
                            <EventFields categories />
                            <crate::pages::translating::TranslationFields fields=&crate::translation::EVENT_FIELDS />
                            <button type="submit">{t("edit-submit")}</button>
                        </form>
                    }
                    .into_any()
                }
            }
        })
    };
    view! {
        <Title text=format!("{} · {}", t("event-form-edit-title"), t("site-name")) />
        <Suspense fallback=|| ()>{page}</Suspense>
    }
}

/// `/listings/{slug}/suggest-event`: anyone suggests an event for a group;
/// an emailed link sends it to the moderators.
#[component]
pub fn SuggestEventPage() -> impl IntoView {
    let listing = use_params_map().read_untracked().get("slug").unwrap_or_default();
    let services = expect_context::<Services>();
    let Some(l) = services.listings.listing(&listing) else {
        return view! { <crate::pages::errors::NotFound /> }.into_any();
    };
    if !crate::pages::listing::kind_allows(&services, &l.kind).events {
        return view! { <crate::pages::errors::NotFound /> }.into_any();
    }
    let form = move || {
        let (services, listing) = (services.clone(), listing.clone());
        Suspend::new(async move {
            let categories = categories(&services).await;
            view! {
                <ErrorSummary />
                <form method="post" action=format!("/listings/{listing}/suggest-event") class="long-form" novalidate>
                    <FormGuard />
                    <EventFields categories />
                    <Field name="contact_email" label=t("register-contact-email") hint=t("event-suggest-email-hint") kind="email" required=true maxlength=254 autocomplete="email" />
                    <button type="submit">{t("event-form-submit")}</button>
                </form>
            }
        })
    };
    let title = crate::i18n::t_with("event-suggest-title", &[("name", l.name.clone().into())]);
    view! {
        <Title text=crate::pages::form::escape_text(&format!("{title} · {}", t("site-name"))) />
        <p><a href=format!("/listings/{}", l.slug)>{t("listing-back-to-listing")}</a></p>
        <h1 dir="auto">{title}</h1>
        <p>{t("event-suggest-intro")}</p>
        <Suspense fallback=|| ()>{form}</Suspense>
    }
    .into_any()
}
