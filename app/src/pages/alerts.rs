//! "Tell me when…" (issue 32): `/alerts`, the form (pre-filled from the
//! directory's, What's on's and the library's query), the confirmation
//! and one-click pages, and a person's own alerts — all without an
//! account, all plain forms that work without JavaScript.

use crate::alerts::{AlertSummary, Attend, Cadence, ItemKind, DEFAULT_RADIUS_KM, RADII_KM};
use crate::i18n::{format_number, t, t_or, t_with, value_text, Locale, LANGUAGES};
use crate::language::language_name;
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

/// "New groups and services" and the like: the box that opens its
/// questions.
fn want_box(k: ItemKind, default: bool) -> impl IntoView {
    let id = format!("wants-{}", k.as_str());
    view! {
        <div class="check">
            <input type="checkbox" id=id.clone() name="wants" value=k.as_str() checked=ticked("wants", k.as_str(), default) />
            <label for=id>{t(&format!("alerts-wants-{}", k.as_str()))}</label>
        </div>
    }
}

fn lang() -> String {
    use_context::<Locale>().unwrap_or_else(Locale::english).code()
}

#[component]
pub fn AlertsPage() -> impl IntoView {
    let services = expect_context::<Services>();
    let head = titled("alerts-title");
    if !services.alerts.alerts_enabled() {
        return view! { {head}<p class="notice">{t("alerts-off")}</p> }.into_any();
    }
    let facets = services.listings.facets();
    let kinds: Vec<(String, String)> = std::iter::once((String::new(), t("alerts-any-kind")))
        .chain(facets.kinds.iter().map(|k| (k.slug.clone(), t_or(&format!("kind-{}", k.slug), &k.label))))
        .collect();
    let library = services.library.resource_facets(&Default::default());
    // A value asked for that the lists do not hold (an old link) stays
    // choosable, so the form does not change what was asked.
    let choices = |any: &str, mut values: Vec<String>, asked: String, name: &dyn Fn(&str) -> String| {
        if !asked.is_empty() && !values.contains(&asked) {
            values.push(asked);
        }
        std::iter::once((String::new(), t(any))).chain(values.into_iter().map(|v| (v.clone(), name(&v)))).collect::<Vec<_>>()
    };
    let tags = choices("alerts-any-tag", facets.tags.clone(), query("tag"), &|v| value_text("tag", v));
    let topics =
        choices("alerts-any-topic", library.topics.iter().map(|(v, _)| v.clone()).collect(), query("topic"), &|v| value_text("topic", v));
    let mut spoken: Vec<String> = facets.languages.clone();
    spoken.extend(library.languages.iter().map(|(v, _)| v.clone()));
    spoken.sort();
    spoken.dedup();
    let languages = choices("alerts-any-language", spoken, query("lang"), &|v| language_name(v));
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
                // Each kind's own questions sit under its box and are hidden
                // while it is not ticked (CSS `:has`, no script; a browser
                // without it shows them all).
                <div class="want">
                    {want_box(ItemKind::Listing, want_default(ItemKind::Listing))}
                    <div class="want-details">
                        <Select name="kind" label=t("alerts-kind") options=kinds value=query("kind") />
                        <Select name="tag" label=t("alerts-tag") options=tags value=query("tag") />
                    </div>
                </div>
                <div class="want">
                    {want_box(ItemKind::Event, want_default(ItemKind::Event))}
                    <div class="want-details">
                        <Suspense>{category_choice}</Suspense>
                        <fieldset class="plain">
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
                    </div>
                </div>
                <div class="want">
                    {want_box(ItemKind::Resource, want_default(ItemKind::Resource))}
                    <div class="want-details">
                        <Select name="topic" label=t("alerts-topic") options=topics value=query("topic") />
                    </div>
                </div>
                <Select name="lang" label=t("alerts-lang") hint=t("alerts-lang-hint") options=languages value=query("lang") />
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

/// Which of a mail's links a page was opened by.
#[derive(Clone, Copy)]
enum Link {
    Confirm,
    Stop,
}

/// The alert the page's link is for, while the link works.
fn alert_of_link(link: Link) -> Resource<Option<AlertSummary>> {
    let services = expect_context::<Services>();
    let asked = token();
    Resource::new_blocking(
        || (),
        move |_| {
            let services = services.clone();
            let asked = asked.clone();
            async move {
                match link {
                    Link::Confirm => services.alerts.pending_alert(&asked).await,
                    Link::Stop => services.alerts.alert_of(&asked).await,
                }
                .ok()
                .flatten()
            }
        },
    )
}

/// The page's title (in the tab, with the site's name) and its heading.
fn titled(key: &str) -> impl IntoView {
    let title = t(key);
    view! { <Title text=format!("{} · {}", title, t("site-name")) /><h1>{title}</h1> }
}

/// `/alerts/confirm?token=`: what the link starts and a button, so a mail
/// scanner opening the link confirms nothing. A used or old link says so
/// before anyone presses anything.
#[component]
pub fn AlertsConfirmPage() -> impl IntoView {
    let pending = alert_of_link(Link::Confirm);
    let locale = use_context::<Locale>().unwrap_or_else(Locale::english);
    view! {
        <Suspense>
            {move || {
                let locale = locale.clone();
                pending.get().map(move |found| match found {
                    Some(alert) => view! {
                        {titled("alerts-confirm-title")}
                        <p>{t("alerts-confirm-what")}</p>
                        <p class="alert-line"><bdi>{alert.describe(&locale)}</bdi></p>
                        <form method="post" action="/alerts/confirm">
                            <FormGuard />
                            <input type="hidden" name="token" value=token() />
                            <button type="submit">{t("alerts-confirm-button")}</button>
                        </form>
                    }
                    .into_any(),
                    None => view! {
                        {titled("alerts-confirm-used-title")}
                        <p>{t("alerts-confirm-used-body")}</p>
                        <p><a href="/alerts">{t("alerts-confirm-ask-again")}</a></p>
                    }
                    .into_any(),
                })
            }}
        </Suspense>
    }
}

/// `/alerts/unsubscribe?token=`, the link in every alert mail's body:
/// which alert it stops and a button, or that it is stopped already.
#[component]
pub fn AlertsUnsubscribePage() -> impl IntoView {
    let this = alert_of_link(Link::Stop);
    let locale = use_context::<Locale>().unwrap_or_else(Locale::english);
    view! {
        <Suspense>
            {move || {
                let locale = locale.clone();
                this.get().map(move |found| match found {
                    Some(alert) => view! {
                        {titled("alerts-stop-title")}
                        <p class="alert-line"><bdi>{alert.describe(&locale)}</bdi></p>
                        <form method="post" action=format!("/alerts/unsubscribe?token={}", token())>
                            <button type="submit">{t("alerts-stop-button")}</button>
                        </form>
                        <p><a href=format!("/alerts/manage?token={}", token())>{t("alerts-manage-link")}</a></p>
                    }
                    .into_any(),
                    None => view! {
                        {titled("alerts-done-stopped-title")}
                        <p>{t("alerts-stopped-already")}</p>
                        <p><a href="/alerts">{t("alerts-confirm-ask-again")}</a></p>
                    }
                    .into_any(),
                })
            }}
        </Suspense>
    }
}

/// `/alerts/manage?token=`: the person's alerts, each with "stop this
/// one", and "stop all and forget me". No sign-in: the token is the key.
#[component]
pub fn AlertsManagePage() -> impl IntoView {
    let services = expect_context::<Services>();
    let token = token();
    let mine = Resource::new_blocking(
        || (),
        move |_| {
            let services = services.clone();
            let token = token.clone();
            async move { services.alerts.alerts_of(&token).await.map_err(|e| e.0) }
        },
    );
    let token = self::token();
    // Just confirmed: say so above the list, which is the page to keep.
    let started = use_query_map().read_untracked().get("started").is_some_and(|v| v == "1");
    let locale = use_context::<Locale>().unwrap_or_else(Locale::english);
    view! {
        <Title text=format!("{} · {}", t("alerts-manage-title"), t("site-name")) />
        {started.then(|| view! {
            <div class="notice" role="status">
                <h1>{t("alerts-done-confirmed-title")}</h1>
                <p>{t("alerts-done-confirmed-body")}</p>
                <p>{t("alerts-started-keep")}</p>
            </div>
        })}
        {if started { view! { <h2>{t("alerts-manage-title")}</h2> }.into_any() } else { view! { <h1>{t("alerts-manage-title")}</h1> }.into_any() }}
        <Suspense>
            {move || {
                let token = token.clone();
                let locale = locale.clone();
                mine.get().map(move |found| match found {
                    Ok(Some(alerts)) if !alerts.is_empty() => view! {
                        <ul class="alert-list">
                            {alerts.into_iter().map(|a| {
                                let state = if a.confirmed { String::new() } else { format!(" · {}", t("alerts-unconfirmed")) };
                                let said = a.describe(&locale);
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
                        <p>{t("alerts-forget-note")}</p>
                        <form method="post" action="/alerts/manage/forget">
                            <FormGuard />
                            <input type="hidden" name="token" value=token.clone() />
                            <button type="submit" class="secondary">{t("alerts-forget-me")}</button>
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
    view! {
        {titled(&format!("alerts-done-{what}-title"))}
        <p>{t(&format!("alerts-done-{what}-body"))}</p>
        {(what == "stopped" || what == "forgotten").then(|| view! { <p><a href="/alerts">{t("alerts-confirm-ask-again")}</a></p> })}
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
