//! `/register` (a group puts itself on the map) and `/share` (a resource
//! for the library). Both are plain forms: the map picker only helps.

use crate::i18n::{t, t_or};
use crate::language::language_name;
use crate::pages::form::{ErrorSummary, Field, FormGuard, Select, TextArea};
use crate::people::FormState;
use crate::ports::Services;
use crate::resource::RESOURCE_KINDS;
use leptos::prelude::*;

/// Languages offered as tick boxes; others can be typed.
pub const COMMON_LANGUAGES: [&str; 12] = ["en", "ar", "fa", "ku", "ti", "fr", "es", "ps", "so", "ur", "am", "uk"];

#[component]
pub fn RegisterPage() -> impl IntoView {
    let services = expect_context::<Services>();
    let kinds: Vec<(String, String)> = services
        .listings
        .facets()
        .kinds
        .into_iter()
        // Kinds only moderators add (a reporting centre) are not offered.
        .filter(|k| k.allows.public_registration)
        .map(|k| (k.slug.clone(), t_or(&format!("kind-{}", k.slug), &k.label)))
        .collect();
    view! {
        <crate::pages::preview::Preview title=t("register-title") description=t("preview-register") />
        <link rel="stylesheet" href=crate::assets::asset("/vendor/leaflet/leaflet.css") />
        <h1>{t("register-title")}</h1>
        <p>{t("register-intro")}</p>
        <ErrorSummary />
        <form method="post" action="/register" class="long-form">
            <FormGuard />
            <Field name="name" label=t("register-name") required=true maxlength=200 />
            <Select name="kind" label=t("register-kind") options=kinds />
            <Field name="summary" label=t("register-summary") hint=t("register-summary-hint") maxlength=500 />
            <TextArea name="description" label=t("register-description") hint=t("register-description-hint") maxlength=20000 />
            <fieldset>
                <legend>{t("register-where")}</legend>
                <Field name="town" label=t("register-town") hint=t("register-town-hint") required=true maxlength=100 />
                <Picker id="picker" label=t("register-picker") hint=t("register-picker-hint")
                        lat="latitude" lon="longitude" town="town" precision="precision" />
                <input type="hidden" name="latitude" id="latitude" value=field("latitude") />
                <input type="hidden" name="longitude" id="longitude" value=field("longitude") />
                <PrecisionChoice />
                <Field name="address" label=t("register-address") hint=t("register-address-hint") maxlength=200 />
            </fieldset>
            <RegularMeeting />
            <LanguageChoice />
            <crate::pages::translating::TranslationFields fields=&crate::translation::LISTING_FIELDS />
            <Field name="tags" label=t("register-tags") hint=t("register-tags-hint") maxlength=500 />
            <Field name="accessibility" label=t("register-accessibility") maxlength=1000 />
            <Field name="website" label=t("register-website") kind="url" maxlength=500 />
            <JoinChannels />
            <fieldset>
                <legend>{t("register-contact")}</legend>
                <Field name="contact_email" label=t("register-contact-email") hint=t("register-contact-email-hint")
                       required=true kind="email" maxlength=254 autocomplete="email" />
                <div class="check">
                    <input type="checkbox" id="show_email" name="show_email" value="yes" checked=field("show_email") == "yes" />
                    <label for="show_email">{t("register-show-email")}</label>
                </div>
            </fieldset>
            <p class="note">{t("register-moderation-note")}</p>
            <button type="submit">{t("register-submit")}</button>
        </form>
        <script src=crate::assets::asset("/vendor/leaflet/leaflet.js") defer></script>
        <script src=crate::assets::asset("/assets/map.js") defer></script>
    }
}

/// A map picker for a form's point (public/assets/map.js draws it; the
/// form works without it, and a browser without scripts is not shown it):
/// its own place search above the map, "use my location" and what became
/// of it below. `lat`, `lon`, `town` and `precision` name the form's fields
/// it fills and follows; its parts' ids start with `id`.
#[component]
pub fn Picker(
    id: &'static str,
    label: String,
    hint: String,
    lat: &'static str,
    lon: &'static str,
    town: &'static str,
    precision: &'static str,
) -> impl IntoView {
    let services = expect_context::<Services>();
    let tiles = services.tile_attribution.as_ref().map(|_| "/tiles/{z}/{x}/{y}");
    view! {
        <div class="picker-search needs-script">
            <label for=format!("{id}-search")>{t("picker-search")}</label>
            <div class="filter-row">
                // No name: it is never sent with the form.
                <input id=format!("{id}-search") type="search" autocomplete="off" dir="auto" placeholder=t("home-near-placeholder")
                       role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls=format!("{id}-places")
                       enterkeyhint="search" />
                <button type="button" id=format!("{id}-find") class="secondary">{t("near-submit")}</button>
            </div>
            <ul id=format!("{id}-places") class="picker-places" role="listbox" aria-label=t("picker-search") hidden></ul>
        </div>
        <div id=id class="picker needs-script" data-tiles=tiles data-tile-credit=services.tile_attribution.clone()
             data-basemap=crate::pages::map::basemap_address(&services)
             data-two-fingers=t("map-two-fingers")
             // Not "data-lat…": no page may seem to carry a point in a lockdown.
             data-fill-lat=lat data-fill-lon=lon data-town-field=town data-precision-field=precision
             data-locate-refused=t("map-locate-refused") data-locate-failed=t("map-locate-failed")
             data-located=t("picker-located") data-search-none=t("picker-search-none")
             role="region" aria-label=label></div>
        <div class="picker-locate needs-script">
            <button type="button" id=format!("{id}-locate") class="secondary">{t("map-locate")}</button>
            <p class="hint" id=format!("{id}-locate-note")>{t("picker-locate-note")}</p>
            <p class="picker-message" id=format!("{id}-message") role="status"></p>
        </div>
        <p class="hint picker-hint needs-script">{hint}</p>
    }
}

fn field(name: &str) -> String {
    use_context::<FormState>().map(|f| f.value(name)).unwrap_or_default()
}

/// "Add your regular meeting": plain choices the server turns into a
/// repeat rule, so the group's drop-in appears in What's on once approved.
#[component]
fn RegularMeeting() -> impl IntoView {
    let days: Vec<(String, String)> = std::iter::once((String::new(), t("register-meet-none")))
        .chain(crate::model::DAYS.iter().map(|d| (d.to_string(), t(&format!("day-{d}")))))
        .collect();
    let often: Vec<(String, String)> = crate::event::MEETING_REPEATS
        .iter()
        .map(|c| (c.to_string(), t(&format!("register-meet-{}", c.replace('_', "-")))))
        .chain([(crate::event::ON_DATES.to_string(), t("register-meet-on-dates"))])
        .collect();
    view! {
        <fieldset id="meeting">
            <legend>{t("register-meet-legend")}</legend>
            <p class="hint">{t("register-meet-hint")}</p>
            <Select name="meet_day" label=t("register-meet-day") options=days />
            <div class="time-pair">
                <Field name="meet_start" label=t("event-form-start") kind="time" maxlength=5 />
                <Field name="meet_end" label=t("event-form-end") kind="time" maxlength=5 />
            </div>
            <Select name="meet_repeat" label=t("register-meet-repeat") options=often />
            <TextArea name="meet_dates" label=t("register-meet-dates") hint=t("dates-hint") maxlength=1000 />
            <Field name="meeting_times" label=t("register-meets") hint=t("register-meets-hint") maxlength=500 />
        </fieldset>
    }
}

/// The ways people join a small group (a phone, a chat group's invite
/// link), each with its own "show publicly" box: unticked is never kept.
#[component]
fn JoinChannels() -> impl IntoView {
    use crate::contact_channel::ChatApp;
    let channel = |name: &'static str, kind: &'static str| {
        let tick = format!("show_{name}");
        view! {
            <Field name=name label=t(&format!("register-{name}")) hint=t(&format!("register-{name}-hint")) kind=kind maxlength=500 />
            <div class="check">
                <input type="checkbox" id=tick.clone() name=tick.clone() value="yes" checked=field(&tick) == "yes" />
                <label for=tick>{t("register-show-publicly")}</label>
            </div>
        }
    };
    view! {
        <fieldset id="join">
            <legend>{t("register-channels")}</legend>
            <p class="hint">{t("register-channels-hint")}</p>
            {channel("phone", "tel")}
            {ChatApp::all().map(|chat| channel(chat.name(), "url")).collect_view()}
        </fieldset>
    }
}

#[component]
fn PrecisionChoice() -> impl IntoView {
    let chosen = Some(field("precision")).filter(|p| !p.is_empty()).unwrap_or_else(|| "area".into());
    let error = super::form::error_of("precision");
    view! {
        <fieldset class="choices" id="precision">
            <legend>{t("register-precision")}</legend>
            {error.map(|e| view! { <p class="field-error">{e}</p> })}
            {["area", "approximate", "exact"].into_iter().map(|p| {
                let id = format!("precision-{p}");
                view! {
                    <div class="check">
                        <input type="radio" id=id.clone() name="precision" value=p checked=chosen == p />
                        <label for=id>{t(&format!("register-precision-{p}"))}</label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// Languages as tick boxes, and others typed by name. A record being
/// edited keeps its codes as one "en, pt" value: the common ones are
/// ticked, the others fill the typed field.
#[component]
pub fn LanguageChoice() -> impl IntoView {
    let chosen: Vec<String> = use_context::<FormState>()
        .map(|f| f.values("languages"))
        .unwrap_or_default()
        .iter()
        .flat_map(|v| v.split(',').map(|c| c.trim().to_string()).collect::<Vec<_>>())
        .filter(|c| !c.is_empty())
        .collect();
    let others = chosen.iter().filter(|c| !COMMON_LANGUAGES.contains(&c.as_str())).cloned().collect::<Vec<_>>().join(", ");
    view! {
        <fieldset class="choices languages" id="languages">
            <legend>{t("register-languages")}</legend>
            {COMMON_LANGUAGES.into_iter().map(|code| {
                let id = format!("lang-{code}");
                let checked = chosen.iter().any(|c| c == code);
                view! {
                    <div class="check">
                        <input type="checkbox" id=id.clone() name="languages" value=code checked=checked />
                        <label for=id lang=code>{language_name(code)}</label>
                    </div>
                }
            }).collect_view()}
            <Field name="other_languages" label=t("register-other-languages") hint=t("register-other-languages-hint") maxlength=100 value=others />
        </fieldset>
    }
}

#[component]
pub fn SharePage() -> impl IntoView {
    let kinds: Vec<(String, String)> = RESOURCE_KINDS.iter().map(|k| (k.to_string(), t_or(&format!("resource-kind-{k}"), k))).collect();
    view! {
        <crate::pages::preview::Preview title=t("share-title") description=t("preview-share") />
        <h1>{t("share-title")}</h1>
        <p>{t("share-intro")}</p>
        <ErrorSummary />
        <form method="post" action="/share" class="long-form">
            <FormGuard />
            <Field name="title" label=t("share-resource-title") required=true maxlength=300 />
            <Select name="kind" label=t("share-kind") options=kinds />
            <Field name="url" label=t("share-url") hint=t("share-url-hint") kind="url" maxlength=500 />
            <Field name="summary" label=t("register-summary") maxlength=1000 />
            <TextArea name="body" label=t("share-body") hint=t("register-description-hint") maxlength=100000 />
            <LanguageChoice />
            <Field name="topics" label=t("share-topics") hint=t("register-tags-hint") maxlength=500 />
            <Field name="publisher" label=t("share-publisher") maxlength=200 />
            <Field name="contact_email" label=t("register-contact-email") hint=t("share-contact-email-hint")
                   required=true kind="email" maxlength=254 autocomplete="email" />
            <p class="note">{t("register-moderation-note")}</p>
            <button type="submit">{t("share-submit")}</button>
        </form>
    }
}
