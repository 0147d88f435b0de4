//! "Tell me when…" (issue 32): `/alerts`, the form (pre-filled from the
//! directory's, What's on's and the library's query), the confirmation
//! and one-click pages, and a person's own alerts — all without an
//! account, all plain forms that work without JavaScript.

use crate::alerts::{Attend, Cadence, ItemKind, DEFAULT_RADIUS_KM, RADII_KM};
use crate::i18n::{format_number, t, t_or, t_with, Locale, LANGUAGES};
use crate::pages::form::{value_of, ErrorSummary, Field, FormGuard, Select};
use crate::people::FormState;
use crate::ports::Services;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// A query parameter as the page was asked for it (bounded).
fn query(name: &str) -> String {
    use_query_map().read_untracked().get(name).unwrap_or_default().chars().take(100).collect()
}

/// A value sent with the form, else from the page's query.
fn prefilled(name: &str) -> String {
    value_of(name, &Some(query(name)))
}

fn ticked(name: &str, value: &str, default: bool) -> bool {
    match use_context::<FormState>() {
        Some(f) if !f.values.is_empty() => f.values.iter().any(|(k, v)| k == name && v == value),
        _ => {
            let asked = query(name);
            if asked.is_empty() {
                default
            } else {
                asked.split(',').any(|v| v.trim() == value)
            }
        }
    }
}

fn lang() -> String {
    use_context::<Locale>().unwrap_or_else(Locale::english).code()
}

#[component]
pub fn AlertsPage() -> impl IntoView {
    let services = expect_context::<Services>();
    let title = t("alerts-title");
    let head = view! { <Title text=format!("{} · {}", title, t("site-name")) /><h1>{title.clone()}</h1> };
    if !services.alerts.alerts_enabled() {
        return view! { {head}<p class="notice">{t("alerts-off")}</p> }.into_any();
    }
    let kinds: Vec<(String, String)> = std::iter::once((String::new(), t("alerts-any-kind")))
        .chain(services.listings.facets().kinds.into_iter().map(|k| (k.slug.clone(), t_or(&format!("kind-{}", k.slug), &k.label))))
        .collect();
    let here = lang();
    let radii: Vec<(String, String)> = RADII_KM
        .iter()
        .map(|r| (r.to_string(), t_with("alerts-radius-option", &[("km", format_number(&here, f64::from(*r)).into())])))
        .collect();
    let asked_radius = if query("radius_km").is_empty() { query("radius") } else { query("radius_km") };
    // A distance the directory offers and alerts do not (100 km) becomes
    // the nearest alerts offer that covers it, else the widest — not the
    // default, which would shrink what the person was looking at.
    let radius = match asked_radius.trim().parse::<f64>() {
        Ok(km) if km > 0.0 => RADII_KM.iter().find(|&&k| f64::from(k) >= km).or(RADII_KM.last()).map(u32::to_string),
        _ => None,
    }
    .unwrap_or_else(|| DEFAULT_RADIUS_KM.to_string());
    let mail_langs: Vec<(String, String)> = LANGUAGES.iter().map(|(c, n, _)| (c.to_string(), n.to_string())).collect();
    // Asked from the library: resources; from What's on: events; from
    // the directory: listings.
    let from_library = !query("topic").is_empty();
    let from_events = !query("category").is_empty();
    let want_default = |k: ItemKind| match k {
        ItemKind::Listing => !from_library && !from_events,
        ItemKind::Resource => from_library,
        ItemKind::Event => from_events,
    };
    let events = services.events.clone();
    let categories = Resource::new_blocking(
        || (),
        move |_| {
            let events = events.clone();
            async move { events.categories().await.unwrap_or_default() }
        },
    );
    let category_choice = move || {
        categories.get().map(|found| {
            let options: Vec<(String, String)> = std::iter::once((String::new(), t("events-any-category")))
                .chain(found.into_iter().map(|(slug, label)| (slug.clone(), t_or(&format!("event-category-{slug}"), &label))))
                .collect();
            view! { <Select name="category" label=t("events-category") options=options value=query("category") /> }
        })
    };
    let attend_asked = prefilled("attend");
    let attend = Attend::parse(&attend_asked).unwrap_or(Attend::Both);
    let weekly = prefilled("cadence") == Cadence::Weekly.as_str();
    view! {
        {head}
        <p>{t("alerts-intro")}</p>
        <ErrorSummary />
        <form method="post" action="/alerts" class="long-form">
            <FormGuard />
            <Field name="email" label=t("alerts-email") hint=t("alerts-email-hint") required=true kind="email" maxlength=254 autocomplete="email" />
            <fieldset>
                <legend>{t("alerts-where")}</legend>
                <Field name="near" label=t("alerts-near") hint=t("alerts-near-hint") maxlength=100 value=query("near") />
                <Select name="radius_km" label=t("alerts-radius") options=radii value=radius />
            </fieldset>
            <fieldset id="wants">
                <legend>{t("alerts-what")}</legend>
                {[ItemKind::Listing, ItemKind::Event, ItemKind::Resource].into_iter().map(|k| {
                    let id = format!("wants-{}", k.as_str());
                    view! {
                        <div class="check">
                            <input type="checkbox" id=id.clone() name="wants" value=k.as_str() checked=ticked("wants", k.as_str(), want_default(k)) />
                            <label for=id>{t(&format!("alerts-wants-{}", k.as_str()))}</label>
                        </div>
                    }
                }).collect_view()}
                <Select name="kind" label=t("alerts-kind") options=kinds value=query("kind") />
                <Field name="tag" label=t("alerts-tag") maxlength=100 value=query("tag") />
                <Suspense>{category_choice}</Suspense>
                <fieldset class="choices">
                    <legend>{t("alerts-attend")}</legend>
                    {Attend::ALL.into_iter().map(|a| {
                        let id = format!("attend-{}", a.as_str());
                        view! {
                            <div class="check">
                                <input type="radio" id=id.clone() name="attend" value=a.as_str() checked=a == attend />
                                <label for=id>{t(&format!("alerts-attend-{}", a.as_str()))}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <Field name="topic" label=t("alerts-topic") maxlength=100 value=query("topic") />
                <Field name="lang" label=t("alerts-lang") hint=t("alerts-lang-hint") maxlength=20 value=query("lang") />
            </fieldset>
            <fieldset>
                <legend>{t("alerts-how-often")}</legend>
                <div class="check">
                    <input type="radio" id="cadence-instant" name="cadence" value="instant" checked=!weekly />
                    <label for="cadence-instant">{t("alerts-instant")}</label>
                </div>
                <div class="check">
                    <input type="radio" id="cadence-weekly" name="cadence" value="weekly" checked=weekly />
                    <label for="cadence-weekly">{t("alerts-weekly")}</label>
                </div>
                <Select name="mail_lang" label=t("alerts-mail-lang") options=mail_langs value=here.clone() />
                <div class="check">
                    <input type="checkbox" id="neutral" name="neutral" value="yes" checked=ticked("neutral", "yes", false) />
                    <label for="neutral">{t("alerts-neutral")}</label>
                </div>
            </fieldset>
            <p class="note">{t("alerts-privacy")}</p>
            <button type="submit">{t("alerts-submit")}</button>
        </form>
    }
    .into_any()
}

/// A link's token, from the page's query.
fn token() -> String {
    use_query_map().read_untracked().get("token").unwrap_or_default().chars().take(100).collect()
}

/// `/alerts/confirm?token=`: a button, so a mail scanner opening the link
/// confirms nothing.
#[component]
pub fn AlertsConfirmPage() -> impl IntoView {
    view! {
        <Title text=format!("{} · {}", t("alerts-confirm-title"), t("site-name")) />
        <h1>{t("alerts-confirm-title")}</h1>
        <form method="post" action="/alerts/confirm">
            <FormGuard />
            <input type="hidden" name="token" value=token() />
            <button type="submit">{t("alerts-confirm-button")}</button>
        </form>
    }
}

/// `/alerts/unsubscribe?token=`, the link in every alert mail's body.
#[component]
pub fn AlertsUnsubscribePage() -> impl IntoView {
    view! {
        <Title text=format!("{} · {}", t("alerts-stop-title"), t("site-name")) />
        <h1>{t("alerts-stop-title")}</h1>
        <form method="post" action=format!("/alerts/unsubscribe?token={}", token())>
            <button type="submit">{t("alerts-stop-button")}</button>
        </form>
        <p><a href=format!("/alerts/manage?token={}", token())>{t("alerts-manage-link")}</a></p>
    }
}

/// `/alerts/manage?token=`: the person's alerts, each with "stop this
/// one", and "stop all and forget me". No sign-in: the token is the key.
#[component]
pub fn AlertsManagePage() -> impl IntoView {
    let services = expect_context::<Services>();
    let token = token();
    let here = lang();
    let mine = Resource::new_blocking(
        || (),
        move |_| {
            let services = services.clone();
            let token = token.clone();
            async move { services.alerts.alerts_of(&token).await.map_err(|e| e.0) }
        },
    );
    let token = self::token();
    view! {
        <Title text=format!("{} · {}", t("alerts-manage-title"), t("site-name")) />
        <h1>{t("alerts-manage-title")}</h1>
        <Suspense>
            {move || {
                let token = token.clone();
                let here = here.clone();
                mine.get().map(move |found| match found {
                    Ok(Some(alerts)) if !alerts.is_empty() => view! {
                        <ul class="alert-list">
                            {alerts.into_iter().map(|a| {
                                let place = if a.place.is_empty() {
                                    t("alerts-anywhere")
                                } else {
                                    t_with("alerts-place-within", &[("km", format_number(&here, f64::from(a.radius_km)).into()), ("place", a.place.clone().into())])
                                };
                                let what = a.wants.iter().map(|w| t(&format!("alerts-wants-{}", w.as_str()))).collect::<Vec<_>>().join(t("list-separator").as_str());
                                let how = t(&format!("alerts-{}", a.cadence.as_str()));
                                let state = if a.confirmed { String::new() } else { format!(" · {}", t("alerts-unconfirmed")) };
                                let said = match &a.follows {
                                    Some(name) => t_with("follow-following", &[("name", name.clone().into())]),
                                    None => format!("{place} · {what} · {how}"),
                                };
                                view! {
                                    <li>
                                        <p><bdi>{said}</bdi>{state}</p>
                                        <form method="post" action="/alerts/manage/stop">
                                            <FormGuard />
                                            <input type="hidden" name="token" value=token.clone() />
                                            <input type="hidden" name="id" value=a.id.to_string() />
                                            <button type="submit" class="secondary">{t("alerts-stop-this")}</button>
                                        </form>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        <form method="post" action="/alerts/manage/forget">
                            <FormGuard />
                            <input type="hidden" name="token" value=token.clone() />
                            <button type="submit">{t("alerts-forget-me")}</button>
                        </form>
                    }.into_any(),
                    Ok(_) => view! { <p>{t("alerts-manage-none")}</p><p><a href="/alerts">{t("alerts-title")}</a></p> }.into_any(),
                    Err(_) => view! { <p>{t("error-title")}</p> }.into_any(),
                })
            }}
        </Suspense>
    }
}

/// `/alerts/done/{what}`: what just happened.
#[component]
pub fn AlertsDonePage() -> impl IntoView {
    let what = use_params_map().read_untracked().get("what").unwrap_or_default();
    if !["requested", "confirmed", "stopped", "forgotten"].contains(&what.as_str()) {
        return view! { <crate::pages::errors::NotFound /> }.into_any();
    }
    let title = t(&format!("alerts-done-{what}-title"));
    view! {
        <Title text=format!("{} · {}", title, t("site-name")) />
        <h1>{title}</h1>
        <p>{t(&format!("alerts-done-{what}-body"))}</p>
        <p><a href="/">{t("not-found-home")}</a></p>
    }
    .into_any()
}

/// "Tell me when…": a link to `/alerts` carrying the filters of the page
/// the person is looking at (its own query), plus `extra` (a listing's
/// kind and town).
#[component]
pub fn TellMeWhen(#[prop(optional)] extra: Vec<(&'static str, String)>) -> impl IntoView {
    const KEPT: [&str; 10] = ["near", "radius", "radius_km", "kind", "tag", "lang", "category", "topic", "cadence", "wants"];
    let asked = use_query_map().read_untracked().clone();
    let mut pairs = form_urlencoded::Serializer::new(String::new());
    for name in KEPT {
        if let Some(v) = asked.get(name).filter(|v| !v.is_empty()) {
            pairs.append_pair(if name == "radius" { "radius_km" } else { name }, &v.chars().take(100).collect::<String>());
        }
    }
    for (name, v) in extra {
        pairs.append_pair(name, &v);
    }
    let query = pairs.finish();
    let href = if query.is_empty() { "/alerts".to_string() } else { format!("/alerts?{query}") };
    view! { <p class="tell-me-when"><a href=href>{t("alerts-tell-me-when")}</a></p> }
}
