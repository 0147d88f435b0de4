//! Signing in by emailed link, the organiser's own page, editing a
//! listing, and the one-click links sent by email (each a small form, so
//! that a mail scanner opening the link does not use it up).

use crate::i18n::{t, t_with};
use crate::pages::errors::ServerError;
use crate::pages::form::{ErrorSummary, Field, FormGuard};
use crate::people::{FormState, Viewer};
use crate::ports::Services;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn query(name: &str) -> String {
    use_query_map().read_untracked().get(name).unwrap_or_default().chars().take(200).collect()
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let next = query("next");
    let next = crate::people::safe_next(&next).unwrap_or_default().to_string();
    view! {
        <Title text=format!("{} · {}", t("login-title"), t("site-name")) />
        <h1>{t("login-title")}</h1>
        <p>{t("login-intro")}</p>
        <ErrorSummary />
        <form method="post" action="/login" class="short-form" novalidate>
            <FormGuard />
            <input type="hidden" name="next" value=next />
            <Field name="email" label=t("login-email") kind="email" required=true maxlength=254 autocomplete="email" />
            <button type="submit">{t("login-submit")}</button>
        </form>
    }
}

/// The page an emailed link opens: one button that uses the link.
#[component]
pub fn LinkPage(action: &'static str, title_key: &'static str, button_key: &'static str) -> impl IntoView {
    let token = query("token");
    // Where a sign-in link goes on to, carried through its button.
    let next = query("next");
    let next = crate::people::safe_next(&next).map(str::to_string);
    view! {
        <Title text=format!("{} · {}", t(title_key), t("site-name")) />
        <h1>{t(title_key)}</h1>
        <form method="post" action=action class="short-form">
            <FormGuard />
            <input type="hidden" name="token" value=token />
            {next.map(|n| view! { <input type="hidden" name="next" value=n /> })}
            <button type="submit">{t(button_key)}</button>
        </form>
    }
}

#[component]
pub fn ConfirmPage() -> impl IntoView {
    view! { <LinkPage action="/confirm" title_key="confirm-title" button_key="confirm-submit" /> }
}

#[component]
pub fn LoginConfirmPage() -> impl IntoView {
    view! { <LinkPage action="/login/confirm" title_key="login-confirm-title" button_key="login-submit-link" /> }
}

#[component]
pub fn StillActivePage() -> impl IntoView {
    view! { <LinkPage action="/still-active" title_key="still-active-title" button_key="still-active-submit" /> }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let viewer = use_context::<Viewer>().unwrap_or_default();
    let Some(user) = viewer.user.clone() else {
        return view! { <p><a href="/login">{t("login-title")}</a></p> }.into_any();
    };
    let services = expect_context::<Services>();
    let overview = move || {
        let (services, user) = (services.clone(), user.clone());
        async move { services.backoffice.account(&user).await.map_err(|e| e.0) }
    };
    let email = viewer.user.as_ref().map(|u| u.email.clone()).unwrap_or_default();
    let moderates = viewer.role().is_some_and(|r| r.moderates());
    view! {
        <Title text=format!("{} · {}", t("account-title"), t("site-name")) />
        <h1>{t("account-title")}</h1>
        <p>{t_with("account-signed-in-as", &[("email", email.into())])}</p>
        {moderates.then(|| view! { <p><a href="/moderate">{t("account-moderate")}</a></p> })}
        {viewer.role().is_some_and(|r| r.translates()).then(|| view! {
            <section class="notice" aria-labelledby="translating">
                <h2 id="translating">{t("translator-account-title")}</h2>
                <p>{t("translator-account")}</p>
                <p>
                    <a href="/listings">{t("translator-account-listings")}</a>" · "
                    <a href="/events">{t("nav-events")}</a>" · "
                    <a href="/library">{t("translator-account-library")}</a>
                </p>
            </section>
        })}
        <Suspense>
            {move || { let fut = overview(); Suspend::new(async move {
                match fut.await {
                    Err(_) => view! { <ServerError /> }.into_any(),
                    Ok(o) => view! {
                        <h2>{t("account-listings")}</h2>
                        {if o.listings.is_empty() {
                            view! { <p>{t("account-no-listings")}" "<a href="/register">{t("register-title")}</a></p> }.into_any()
                        } else {
                            view! {
                                <ul class="plain-list">
                                    {o.listings.into_iter().map(|l| view! {
                                        <li>
                                            <strong dir="auto">{l.name.clone()}</strong>" "
                                            <span class="note">{t(&format!("status-{}", l.status))}</span>" · "
                                            {(l.status == "published").then(|| view! { <a href=format!("/listings/{}", l.slug)>{t("account-view")}</a>" · " })}
                                            <a href=format!("/account/listings/{}/edit", l.slug)>{t("account-edit")}</a>" · "
                                            <a href=format!("/account/listings/{}/events/new", l.slug)>{t("account-add-event")}</a>" · "
                                            <a href=format!("/account/listings/{}/calendar", l.slug)>{t("account-calendar")}</a>
                                            {(!l.events.is_empty()).then(|| view! {
                                                <ul class="plain-list">
                                                    {l.events.iter().map(|(slug, title, status)| view! {
                                                        <li>
                                                            <a href=format!("/account/events/{slug}/edit") dir="auto">{title.clone()}</a>" "
                                                            <span class="note">{t(&format!("status-{status}"))}</span>
                                                        </li>
                                                    }).collect_view()}
                                                </ul>
                                            })}
                                        </li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                        <h2>{t("account-submissions")}</h2>
                        {if o.submissions.is_empty() {
                            view! { <p>{t("account-no-submissions")}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="plain-list">
                                    {o.submissions.into_iter().map(|s| view! {
                                        <li>
                                            <span dir="auto">{s.title.clone()}</span>
                                            {s.translation.is_some().then(|| format!(" · {}", crate::pages::moderate::what(&s)))}
                                            " — "{t(&format!("status-{}", s.status))}" ("{crate::i18n::format_date(&s.created_at)}")"
                                            {s.rejected_because.clone().map(|r| view! { <br /><span class="hint">{t("account-not-approved-because")}" "<span dir="auto">{r}</span></span> })}
                                        </li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    }.into_any(),
                }
            })}}
        </Suspense>
        <h2>{t("account-your-data")}</h2>
        <p><a href="/account/export" download="solidarity-atlas-my-data.json">{t("account-export")}</a></p>
        <form method="post" action="/account/delete" class="short-form danger">
            <FormGuard />
            <div class="check">
                <input type="checkbox" id="confirm_delete" name="confirm" value="yes" required />
                <label for="confirm_delete">{t("account-delete-confirm")}</label>
            </div>
            <button type="submit">{t("account-delete")}</button>
        </form>
        <form method="post" action="/logout" class="short-form">
            <FormGuard />
            <button type="submit">{t("account-sign-out")}</button>
        </form>
    }
    .into_any()
}

/// `/account/listings/{slug}/edit`: the organiser's proposed changes go to
/// the moderators; the published version stays meanwhile.
#[component]
pub fn EditListingPage() -> impl IntoView {
    let slug = use_params_map().read_untracked().get("slug").unwrap_or_default();
    let viewer = use_context::<Viewer>().unwrap_or_default();
    let services = expect_context::<Services>();
    let kinds: Vec<(String, String)> = services.listings.facets().kinds.into_iter().map(|k| (k.slug.clone(), k.label.clone())).collect();
    let record = {
        let slug = slug.clone();
        move || {
            let (services, user, slug) = (services.clone(), viewer.user.clone(), slug.clone());
            async move {
                match user {
                    Some(u) => services.backoffice.listing_for_edit(&u, &slug).await.map_err(|e| e.0),
                    None => Ok(None),
                }
            }
        }
    };
    view! {
        <Title text=format!("{} · {}", t("edit-title"), t("site-name")) />
        <Suspense>
            {move || {
                let (slug, kinds) = (slug.clone(), kinds.clone());
                let fut = record(); Suspend::new(async move {
                    match fut.await {
                        Err(_) => view! { <ServerError /> }.into_any(),
                        Ok(None) => {
                            if let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
                                r.set_status(http::StatusCode::FORBIDDEN);
                            }
                            view! { <h1>{t("edit-not-yours")}</h1> }.into_any()
                        }
                        Ok(Some(fields)) => {
                            // Sent back with errors: the form shows what was sent instead.
                            let sent_back = use_context::<FormState>().is_some_and(|f| !f.values.is_empty());
                            if !sent_back {
                                provide_context(FormState { values: fields, errors: vec![] });
                            }
                            view! {
                                <h1>{t("edit-title")}</h1>
                                <p>{t("edit-intro")}</p>
                                <ErrorSummary />
                                <form method="post" action=format!("/account/listings/{slug}/edit") class="long-form" novalidate>
                                    <FormGuard />
                                    <crate::pages::moderate::ListingFields kinds />
                                    <crate::pages::translating::TranslationFields fields=&crate::translation::LISTING_FIELDS />
                                    <button type="submit">{t("edit-submit")}</button>
                                </form>
                            }.into_any()
                        }
                    }
                })
            }}
        </Suspense>
    }
}

/// `/listings/{slug}/contact`, `/report` and `/claim`: small public forms.
#[component]
pub fn ListingFormPage(which: &'static str) -> impl IntoView {
    let slug = use_params_map().read_untracked().get("slug").unwrap_or_default();
    let services = expect_context::<Services>();
    let Some(listing) = services.listings.listing(&slug) else {
        return view! { <crate::pages::errors::NotFound /> }.into_any();
    };
    // A public building (a reporting centre) takes no message or claim.
    let allows = crate::pages::listing::kind_allows(&services, &listing.kind);
    if which == "contact" && !allows.contact || which == "claim" && !allows.claim {
        return view! { <crate::pages::errors::NotFound /> }.into_any();
    }
    let title = t_with(&format!("{which}-title"), &[("name", listing.name.clone().into())]);
    let fields = match which {
        "contact" => view! {
            <Field name="name" label=t("contact-your-name") maxlength=100 autocomplete="name" />
            <Field name="email" label=t("contact-your-email") hint=t("contact-your-email-hint") kind="email" required=true maxlength=254 autocomplete="email" />
            <crate::pages::form::TextArea name="message" label=t("contact-message") required=true maxlength=5000 />
        }
        .into_any(),
        "report" => view! {
            <crate::pages::form::Select name="category" label=t("report-category")
                options=crate::report::ReportCategory::all().map(|c| (c.as_str().to_string(), t(&format!("report-category-{}", c.as_str())))).collect() />
            <crate::pages::form::TextArea name="message" label=t("report-message") hint=t("report-message-hint") maxlength=2000 />
        }
        .into_any(),
        _ => view! {
            <Field name="contact_email" label=t("register-contact-email") hint=t("claim-email-hint") kind="email" required=true maxlength=254 autocomplete="email" />
            <crate::pages::form::TextArea name="message" label=t("claim-message") hint=t("claim-message-hint") maxlength=2000 />
        }
        .into_any(),
    };
    view! {
        <Title text=crate::pages::form::escape_text(&format!("{title} · {}", t("site-name"))) />
        <p><a href=format!("/listings/{slug}")>{t("listing-back-to-listing")}</a></p>
        <h1 dir="auto">{title}</h1>
        <p>{t(&format!("{which}-intro"))}</p>
        <ErrorSummary />
        <form method="post" action=format!("/listings/{slug}/{which}") class="short-form" novalidate>
            <FormGuard />
            {fields}
            <button type="submit">{t(&format!("{which}-submit"))}</button>
        </form>
    }
    .into_any()
}

#[component]
pub fn ContactPage() -> impl IntoView {
    view! { <ListingFormPage which="contact" /> }
}

#[component]
pub fn ReportPage() -> impl IntoView {
    view! { <ListingFormPage which="report" /> }
}

#[component]
pub fn ClaimPage() -> impl IntoView {
    view! { <ListingFormPage which="claim" /> }
}
