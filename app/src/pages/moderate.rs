//! The moderators' pages: the queue, one submission with what changed,
//! a listing's history, the audit log, and the admins' page (lockdown,
//! outbox). The server refuses these paths to anyone without the role;
//! the data methods check again.

use crate::i18n::{t, t_or, t_with};
use crate::pages::errors::{NotFound, ServerError};
use crate::pages::form::{ErrorSummary, Field, FormGuard, Select, TextArea};
use crate::pages::DataValue;
use crate::people::{User, Viewer};
use crate::ports::Services;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// A stored time (`2026-12-06T13:54:02Z`) as the moderator's language
/// writes a date and a time.
pub(crate) fn when(stamp: &str) -> String {
    let time = stamp.get(11..16).map(crate::i18n::format_time).unwrap_or_default();
    format!("{} {time}", crate::i18n::format_date(stamp)).trim().to_string()
}

/// What a submission is, as the queue names it: "Changes to a listing",
/// or "Translation into فارسی" for a translator's.
pub(crate) fn what(s: &crate::people::SubmissionSummary) -> String {
    match &s.translation {
        Some(lang) => t_with("mod-what-translation", &[("language", crate::language::language_name(lang).into())]),
        None => t(&format!("mod-what-{}-{}", s.action, s.entity)),
    }
}

/// The kinds of listing as the public pages name them: (slug, label).
fn listing_kinds(services: &Services) -> Vec<(String, String)> {
    services.listings.facets().kinds.into_iter().map(|k| (k.slug.clone(), t_or(&format!("kind-{}", k.slug), &k.label))).collect()
}

/// A value in the table of changes as the public pages word it: a kind
/// by its label and a precision by its words, not their stored codes.
fn shown_value(entity: crate::people::Entity, field: &str, value: &str, kinds: &[(String, String)]) -> String {
    use crate::people::Entity;
    match (entity, field, value) {
        (_, _, "") => String::new(),
        (Entity::Listing, "kind", _) => {
            kinds.iter().find(|(slug, _)| slug == value).map_or_else(|| value.to_string(), |(_, label)| label.clone())
        }
        (Entity::Resource, "kind", _) => t_or(&format!("resource-kind-{value}"), value),
        (_, "precision" | "venue_precision", "area" | "approximate" | "exact") => t(&format!("register-precision-{value}")),
        _ => value.to_string(),
    }
}

fn viewer_user() -> Option<User> {
    use_context::<Viewer>().and_then(|v| v.user)
}

/// The listing's fields as one form (organiser's edit, moderator's
/// edit-before-approve). Values come from the context's `FormState`.
#[component]
pub fn ListingFields(kinds: Vec<(String, String)>) -> impl IntoView {
    view! {
        <Field name="name" label=t("register-name") required=true maxlength=200 />
        <Select name="kind" label=t("register-kind") options=kinds />
        <Field name="summary" label=t("register-summary") maxlength=500 />
        <TextArea name="description" label=t("register-description") maxlength=20000 />
        <Field name="town" label=t("register-town") required=true maxlength=100 />
        <Field name="region" label=t("register-region") maxlength=100 />
        <Select name="precision" label=t("register-precision")
            options=["area", "approximate", "exact"].iter().map(|p| (p.to_string(), t(&format!("register-precision-{p}")))).collect() />
        <Field name="latitude" label=t("register-latitude") hint=t("register-latitude-hint") maxlength=20 />
        <Field name="longitude" label=t("register-longitude") maxlength=20 />
        <PointCheck />
        <Field name="address" label=t("register-address") hint=t("register-address-hint") maxlength=200 />
        <Field name="meeting_times" label=t("register-meets") maxlength=500 />
        <Field name="languages" label=t("register-languages") hint=t("register-languages-codes") maxlength=200 />
        <Field name="tags" label=t("register-tags") hint=t("register-tags-hint") maxlength=500 />
        <Field name="accessibility" label=t("register-accessibility") maxlength=1000 />
        <Field name="website" label=t("register-website") maxlength=500 />
        <Field name="email" label=t("register-public-email") maxlength=254 />
        <Field name="phone" label=t("register-phone") maxlength=30 />
        <Field name="social" label=t("register-social") hint=t("register-social-hint") maxlength=1000 />
    }
}

/// Where the form's point lies: how far from the town it names (a warning
/// past what that town reaches, as the server would refuse), and a small
/// picture with the point ringed.
#[component]
fn PointCheck() -> impl IntoView {
    let services = expect_context::<Services>();
    let form = use_context::<crate::people::FormState>()?;
    let number = |f: &str| form.value(f).trim().parse::<f64>().ok().filter(|v| v.is_finite());
    let (lat, lon) = (number("latitude")?, number("longitude")?);
    let town = form.value("town");
    let place = services.listings.resolve_place(&town).ok()?;
    let km = place.point.distance_km(crate::location::LatLon::new(lat, lon));
    let max = crate::location::reach_km(&place.name);
    let words =
        |key: &str| t_with(key, &[("km", (km.round() as usize).into()), ("town", town.trim().to_string().into()), ("max", max.into())]);
    let far = km > max as f64;
    let picture = format!("/map.png?size=place&lat={lat:.5}&lon={lon:.5}&zoom=11&ring={lat:.5},{lon:.5}");
    Some(view! {
        <div class="point-check">
            <p class=if far { "warning" } else { "note" }>{if far { words("mod-point-far") } else { words("mod-point-distance") }}</p>
            <img class="map-picture" src=picture width="480" height="240" alt=t("mod-point-picture") />
        </div>
    })
}

#[component]
fn ResourceFields() -> impl IntoView {
    let kinds = crate::resource::RESOURCE_KINDS.iter().map(|k| (k.to_string(), k.to_string())).collect();
    view! {
        <Field name="title" label=t("share-resource-title") required=true maxlength=300 />
        <Select name="kind" label=t("share-kind") options=kinds />
        <Field name="url" label=t("share-url") maxlength=500 />
        <Field name="summary" label=t("register-summary") maxlength=1000 />
        <TextArea name="body" label=t("share-body") maxlength=100000 />
        <Field name="languages" label=t("register-languages") hint=t("register-languages-codes") maxlength=200 />
        <Field name="topics" label=t("share-topics") hint=t("register-tags-hint") maxlength=500 />
        <Field name="publisher" label=t("share-publisher") maxlength=200 />
        <Field name="published" label=t("mod-published") maxlength=10 />
    }
}

#[component]
fn ModNav() -> impl IntoView {
    let admin = use_context::<Viewer>().and_then(|v| v.role()).is_some_and(|r| r == crate::people::Role::Admin);
    view! {
        <nav class="sub-nav" aria-label=t("mod-nav")>
            <a href="/moderate">{t("mod-queue")}</a>
            <a href="/moderate/log">{t("mod-log")}</a>
            {admin.then(|| view! { <a href="/admin">{t("mod-admin")}</a> <a href="/admin/sources">{t("sources-title")}</a> })}
            <a href="/account">{t("nav-account")}</a>
        </nav>
    }
}

/// Submissions waiting for their sender's emailed link. On a site without
/// mail none will come: the moderator checks one and takes it in.
#[component]
fn Unconfirmed(items: Vec<crate::people::SubmissionSummary>, total: usize, sends_mail: bool) -> impl IntoView {
    (total > 0 || !sends_mail).then(|| {
        view! {
            <h2>{t_with("mod-unconfirmed", &[("count", total.into())])}</h2>
            <p class=if sends_mail { "note" } else { "warning" }>{if sends_mail { t("mod-unconfirmed-note") } else { t("mod-no-mail-note") }}</p>
            <ul class="plain-list">
                {items.into_iter().map(|s| view! {
                    <li>
                        <span class="badge">{t("mod-unconfirmed-badge")}</span>" "
                        {what(&s)}": "
                        <a href=format!("/moderate/submissions/{}", s.id) dir="auto">{s.title.clone()}</a>
                        " ("{when(&s.created_at)}")"
                        <form method="post" action=format!("/moderate/submissions/{}/take", s.id) class="inline-form">
                            <FormGuard />
                            <button type="submit">{t("mod-take")}</button>
                        </form>
                    </li>
                }).collect_view()}
            </ul>
        }
    })
}

#[component]
pub fn QueuePage() -> impl IntoView {
    let services = expect_context::<Services>();
    let query = use_query_map().read_untracked();
    let entity = query.get("entity").filter(|e| e == "listing" || e == "resource");
    // Just approved: a link to what is now public (a path on this site only).
    let published = query.get("published").filter(|p| crate::people::safe_next(p).is_some());
    let rejected = match query.get("rejected").as_deref() {
        Some("sent") => Some("mod-rejected"),
        Some("never-again") => Some("mod-rejected-never-again"),
        _ => None,
    };
    // The queue and the reports are paged separately (`page`, `reports`).
    let page_of = |name: &str| query.get(name).and_then(|p| p.parse::<usize>().ok()).filter(|p| (1..100_000).contains(p)).unwrap_or(1);
    let (page, reports_page) = (page_of("page"), page_of("reports"));
    const PER_PAGE: usize = 50;
    let Some(user) = viewer_user() else { return view! { <NotFound /> }.into_any() };
    let sends_mail = services.backoffice.sends_mail();
    let link = {
        let entity = entity.clone();
        move |page: usize, reports: usize| {
            let filter = entity.as_deref().map(|e| format!("&entity={e}")).unwrap_or_default();
            format!("/moderate?page={page}&reports={reports}{filter}")
        }
    };
    let data = move || {
        let (services, user, entity) = (services.clone(), user.clone(), entity.clone());
        async move {
            let queue =
                services.backoffice.queue(&user, entity.as_deref().and_then(|e| e.parse().ok()), (page - 1) * PER_PAGE, PER_PAGE).await?;
            let reports = services.backoffice.open_reports(&user, (reports_page - 1) * PER_PAGE, PER_PAGE).await?;
            let unconfirmed = services.backoffice.unconfirmed(&user, 0, PER_PAGE).await?;
            Ok::<_, crate::ports::StoreError>(((queue, reports), unconfirmed))
        }
    };
    let pager = move |total: usize, current: usize, queue: bool| {
        let link = link.clone();
        let at = move |p: usize| if queue { link(p, reports_page) } else { link(page, p) };
        let more = current * PER_PAGE < total;
        view! {
            <nav class="pager" aria-label=t("mod-pages")>
                {(current > 1).then(|| view! { <a href=at(current - 1)>{t("mod-previous")}</a> })}
                {more.then(|| view! { <a href=at(current + 1)>{t("mod-next")}</a> })}
            </nav>
        }
    };
    view! {
        <Title text=format!("{} · {}", t("mod-queue-title"), t("site-name")) />
        <h1>{t("mod-queue-title")}</h1>
        <ModNav />
        {published.map(|page| view! { <p class="notice" role="status">{t("mod-approved-published")}" "<a href=page>{t("mod-approved-see")}</a></p> })}
        {rejected.map(|key| view! { <p class="notice" role="status">{t(key)}</p> })}
        <p><a href="/moderate">{t("mod-filter-all")}</a>" · "<a href="/moderate?entity=listing">{t("mod-filter-listings")}</a>" · "<a href="/moderate?entity=resource">{t("mod-filter-resources")}</a></p>
        <Suspense>
            {move || { let fut = data(); let pager = pager.clone(); Suspend::new(async move {
                match fut.await {
                    Err(_) => view! { <ServerError /> }.into_any(),
                    Ok((((queue, queued), (reports, reported)), (unconfirmed, unconfirmed_total))) => view! {
                        <h2>{t_with("mod-waiting", &[("count", queued.into())])}</h2>
                        {if queue.is_empty() {
                            view! { <p>{t("mod-nothing-waiting")}</p> }.into_any()
                        } else {
                            view! {
                                <table class="queue">
                                    <thead><tr><th>{t("mod-col-sent")}</th><th>{t("mod-col-what")}</th><th>{t("mod-col-name")}</th><th>{t("register-region")}</th></tr></thead>
                                    <tbody>
                                        {queue.into_iter().map(|s| view! {
                                            <tr>
                                                <td data-label=t("mod-col-sent")>{when(&s.created_at)}</td>
                                                <td data-label=t("mod-col-what")>{what(&s)}</td>
                                                <td data-label=t("mod-col-name")><a href=format!("/moderate/submissions/{}", s.id) dir="auto">{s.title.clone()}</a>{s.held.is_some().then(|| view! { " "<span class="status-badge">{t("opt-out-held-badge")}</span> })}</td>
                                                <td data-label=t("register-region")>{s.region.clone().map(|r| view! { <DataValue kind="region" value=r /> })}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any()
                        }}
                        {pager(queued, page, true)}
                        <Unconfirmed items=unconfirmed total=unconfirmed_total sends_mail=sends_mail />
                        <h2>{t_with("mod-reports", &[("count", reported.into())])}</h2>
                        {if reports.is_empty() {
                            view! { <p>{t("mod-no-reports")}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="plain-list">
                                    {reports.into_iter().map(|r| view! {
                                        <li>
                                            <strong>{t(&format!("report-category-{}", r.category))}</strong>": "
                                            <a href=format!("/moderate/listings/{}", r.listing_slug) dir="auto">{r.listing_name.clone()}</a>
                                            " · "<a href=format!("/moderate/listings/{}?report={}#correct", r.listing_slug, r.id)>{t("mod-correct-from-report")}</a>
                                            " — "<span dir="auto">{r.message.clone()}</span>" ("{when(&r.created_at)}")"
                                            <form method="post" action=format!("/moderate/reports/{}/close", r.id) class="inline-form">
                                                <FormGuard />
                                                <label for=format!("note-{}", r.id)>{t("mod-note")}</label>
                                                <input id=format!("note-{}", r.id) name="note" maxlength="500" />
                                                <button type="submit">{t("mod-close-report")}</button>
                                            </form>
                                        </li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                        {pager(reported, reports_page, false)}
                    }.into_any(),
                }
            })}}
        </Suspense>
    }
    .into_any()
}

#[component]
pub fn SubmissionPage() -> impl IntoView {
    let id: i64 = use_params_map().read_untracked().get("id").and_then(|i| i.parse().ok()).unwrap_or(0);
    // Just released from the opt-out register's hold: say so.
    let released = use_query_map().read_untracked().get("released").is_some();
    let services = expect_context::<Services>();
    let kinds = listing_kinds(&services);
    let Some(user) = viewer_user() else { return view! { <NotFound /> }.into_any() };
    let detail = move || {
        let (services, user) = (services.clone(), user.clone());
        async move { services.backoffice.submission(&user, id).await }
    };
    view! {
        <Title text=format!("{} · {}", t("mod-submission-title"), t("site-name")) />
        <ModNav />
        {released.then(|| view! { <p class="notice" role="status">{t("opt-out-released")}</p> })}
        <Suspense>
            {move || {
                let kinds = kinds.clone();
                let fut = detail(); Suspend::new(async move {
                    match fut.await {
                        Err(_) => view! { <ServerError /> }.into_any(),
                        Ok(None) => view! { <NotFound /> }.into_any(),
                        Ok(Some(d)) => {
                            let s = d.summary.clone();
                            let sent_back = use_context::<crate::people::FormState>().is_some_and(|f| !f.values.is_empty());
                            if !sent_back {
                                provide_context(crate::people::FormState { values: d.proposed.clone(), errors: vec![] });
                            }
                            let pending = s.status == crate::people::SubmissionStatus::Pending;
                            let translation_only = only_translations_change(&d.changes);
                            view! {
                                <h1 dir="auto">{what(&s)}": "{s.title.clone()}</h1>
                                <p>{t("mod-status")}" "<strong>{t(&format!("status-{}", s.status))}</strong>" · "
                                   {t_with("mod-sent-by", &[("date", when(&s.created_at).into()), ("email", d.contact_email.clone().into())])}
                                   {s.region.clone().map(|r| format!(" · {}", t_with("mod-region", &[("region", crate::i18n::value_text("region", &r).into())])))}</p>
                                {d.reason.clone().map(|r| view! { <p>{t("mod-reason-given")}" "{r}</p> })}
                                {d.provenance.clone().map(|(source, link)| view! {
                                    <p class="notice" role="note">{t_with("sources-from", &[("source", source.into())])}
                                        {link.map(|l| view! { " · "<a href=l rel="noopener noreferrer nofollow">{t("sources-from-link")}</a> })}</p>
                                })}
                                {s.held.clone().filter(|_| pending).map(|reason| view! { <HeldByOptOut id reason /> })}
                                {(!translation_only && matches!(s.entity, crate::people::Entity::Event | crate::people::Entity::Calendar)).then(|| view! { <p class="notice" role="note"><strong>{t("mod-event-safety")}</strong></p> })}
                                {d.listing_archived.then(|| view! { <p class="notice" role="note"><strong>{t("mod-listing-archived")}</strong></p> })}
                                {(!d.possible_duplicates.is_empty()).then(|| view! {
                                    <div class="notice" role="note">
                                        <h2>{t("mod-duplicates")}</h2>
                                        <ul>{d.possible_duplicates.iter().map(|(slug, name, km)| view! {
                                            <li><a href=format!("/listings/{slug}")>{name.clone()}</a>" — "{t_with("mod-km-away", &[("km", (*km).into())])}</li>
                                        }).collect_view()}</ul>
                                    </div>
                                })}
                                {translation_only.then(|| view! { <p class="notice" role="note">{t("mod-translation-only")}</p> })}
                                {(!translation_only).then(|| view! {
                                <h2>{t("mod-what-changes")}</h2>
                                <table class="diff">
                                    <thead><tr><th scope="col">{t("mod-col-field")}</th><th scope="col">{t("mod-col-now")}</th><th scope="col">{t("mod-col-proposed")}</th></tr></thead>
                                    <tbody>
                                        {d.changes.iter().filter(|(field, ..)| !field.starts_with("translations.")).map(|(field, now, proposed)| {
                                            let changed = now != proposed;
                                            let (now, proposed) = (shown_value(s.entity, field, now, &kinds), shown_value(s.entity, field, proposed, &kinds));
                                            view! {
                                                <tr class:changed=changed>
                                                    <th scope="row">{change_label(field)}{changed.then_some(" •")}</th>
                                                    <td dir="auto" data-label=t("mod-col-now")>{now.clone()}</td>
                                                    <td dir="auto" data-label=t("mod-col-proposed")>{proposed.clone()}</td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                                })}
                                {(!pending).then(|| view! { <Translations changes=d.changes.clone() language=d.language.clone() entity=s.entity editable=false /> }.into_any())}
                                {pending.then(|| view! {
                                    <h2>{t("mod-approve")}</h2>
                                    <ErrorSummary />
                                    <form method="post" action=format!("/moderate/submissions/{id}/approve") class="long-form">
                                        <FormGuard />
                                        // The proposed translations, each correctable before approving.
                                        {view! { <Translations changes=d.changes.clone() language=d.language.clone() entity=s.entity editable=true /> }.into_any()}
                                        // A translation alone is corrected in its own fields above.
                                        {(!translation_only && s.action != crate::people::SubmissionAction::Claim && matches!(s.entity, crate::people::Entity::Listing | crate::people::Entity::Resource)).then(|| view! {
                                            <p class="hint">{t("mod-correct-hint")}</p>
                                            {if s.entity == crate::people::Entity::Resource { view! { <ResourceFields /> }.into_any() } else { view! { <ListingFields kinds=kinds.clone() /> }.into_any() }}
                                        })}
                                        <button type="submit">{t("mod-approve-submit")}</button>
                                    </form>
                                    <h2>{t("mod-reject")}</h2>
                                    <form method="post" action=format!("/moderate/submissions/{id}/reject") class="short-form">
                                        <FormGuard />
                                        <TextArea name="reason" label=t("mod-reject-reason") required=true maxlength=1000 />
                                        {(s.entity == crate::people::Entity::Listing && s.action != crate::people::SubmissionAction::Claim).then(|| view! { <OptOutBox /> })}
                                        <button type="submit" class="danger">{t("mod-reject")}</button>
                                    </form>
                                })}
                            }.into_any()
                        }
                    }
                })
            }}
        </Suspense>
    }
    .into_any()
}

/// "Never list this group again": the group goes on the opt-out register.
#[component]
fn OptOutBox() -> impl IntoView {
    view! {
        <div class="check">
            <input type="checkbox" id="opt_out" name="opt_out" value="yes" aria-describedby="opt_out-hint" />
            <label for="opt_out">{t("opt-out-box")}</label>
        </div>
        <p class="hint" id="opt_out-hint">{t("opt-out-box-hint")}</p>
    }
}

/// A submission that matches a group on the opt-out register: it cannot be
/// approved until a moderator has checked and said why.
#[component]
fn HeldByOptOut(id: i64, reason: String) -> impl IntoView {
    view! {
        <div class="warning" role="note">
            <h2>{t("opt-out-held-title")}</h2>
            <p>{t("opt-out-held-reason")}" "<q dir="auto">{reason}</q></p>
            <p>{t("opt-out-held-hint")}</p>
            <form method="post" action=format!("/moderate/submissions/{id}/release") class="short-form">
                <FormGuard />
                <Field name="release_reason" label=t("opt-out-release-reason") required=true maxlength=500 />
                <button type="submit">{t("opt-out-release")}</button>
            </form>
        </div>
    }
}

/// A moderator corrects a listing directly ("the location is wrong"):
/// open when sent back with errors or reached from a report.
#[component]
fn Correction(slug: String, fields: Vec<(String, String)>, kinds: Vec<(String, String)>, report: Option<String>) -> impl IntoView {
    // This form, sent back with its errors (the archive form sends no name).
    let sent_back = use_context::<crate::people::FormState>().is_some_and(|f| f.values.iter().any(|(k, _)| k == "name"));
    if !sent_back {
        provide_context(crate::people::FormState { values: fields, errors: vec![] });
    }
    let open = sent_back || report.is_some();
    view! {
        <details id="correct" class="correction" open=open>
            <summary>{t("mod-correct-title")}</summary>
            <p class="hint">{t("mod-correct-listing-hint")}</p>
            {sent_back.then(|| view! { <ErrorSummary /> })}
            <form method="post" action=format!("/moderate/listings/{slug}/correct") class="long-form" novalidate>
                <FormGuard />
                {report.map(|r| view! { <input type="hidden" name="report" value=r /> })}
                <ListingFields kinds />
                <Field name="correction_reason" label=t("mod-correct-reason") hint=t("mod-correct-reason-hint") required=true maxlength=500 />
                <button type="submit">{t("mod-correct-submit")}</button>
            </form>
        </details>
    }
}

#[component]
pub fn HistoryPage() -> impl IntoView {
    let slug = use_params_map().read_untracked().get("slug").unwrap_or_default();
    // Arriving from a report: the correction closes it.
    let report = use_query_map().read_untracked().get("report").filter(|r| r.parse::<i64>().is_ok());
    let services = expect_context::<Services>();
    let kinds = listing_kinds(&services);
    let Some(user) = viewer_user() else { return view! { <NotFound /> }.into_any() };
    let history = {
        let slug = slug.clone();
        move || {
            let (services, user, slug) = (services.clone(), user.clone(), slug.clone());
            async move { services.backoffice.history(&user, &slug).await }
        }
    };
    view! {
        <Title text=format!("{} · {}", t("mod-history-title"), t("site-name")) />
        <ModNav />
        <Suspense>
            {move || {
                let (slug, kinds, report) = (slug.clone(), kinds.clone(), report.clone());
                let fut = history(); Suspend::new(async move {
                    match fut.await {
                        Err(_) => view! { <ServerError /> }.into_any(),
                        Ok(None) => view! { <NotFound /> }.into_any(),
                        Ok(Some(h)) => view! {
                            <h1 dir="auto">{h.name.clone()}</h1>
                            <p>{t("mod-status")}" "<strong>{t(&format!("status-{}", h.status))}</strong>" · "<a href=format!("/listings/{slug}")>{t("mod-public-page")}</a></p>
                            <Correction slug=slug.clone() fields=h.fields.clone() kinds report />
                            {(h.status != "archived").then(|| view! {
                                <h2>{t("mod-archive-title")}</h2>
                                <form method="post" action=format!("/moderate/listings/{slug}/archive") class="short-form danger">
                                    <FormGuard />
                                    <Field name="reason" label=t("mod-archive-reason") required=true maxlength=500 />
                                    <OptOutBox />
                                    <button type="submit">{t("mod-archive-submit")}</button>
                                </form>
                            })}
                            <h2>{t_with("mod-revisions", &[("count", h.revisions.len().into())])}</h2>
                            <ol reversed>
                                {h.revisions.into_iter().map(|r| view! {
                                    <li>
                                        {when(&r.created_at)}" — "{r.author.clone()}" — "<span dir="auto">{r.note.clone()}</span>
                                        <RevisionChanges changes=r.changes />
                                    </li>
                                }).collect_view()}
                            </ol>
                        }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
    .into_any()
}

/// True when a submission changes translations and nothing else (a
/// translator's proposal): the review then shows only the translation.
fn only_translations_change(changes: &[(String, String, String)]) -> bool {
    let translated = |field: &str| field.starts_with("translations.");
    changes.iter().any(|(field, now, proposed)| translated(field) && now != proposed)
        && changes.iter().all(|(field, now, proposed)| translated(field) || now == proposed)
}

/// The languages a submission proposes text in: those whose translation
/// it changes (a translator's proposal: one), else — nothing changed, or
/// a decided submission compared with what it became — every one.
fn proposed_languages(changes: &[(String, String, String)]) -> (Vec<String>, Vec<String>) {
    let language = |field: &str| field.strip_prefix("translations.").and_then(|f| f.split_once('.')).map(|(lang, _)| lang.to_string());
    let mut all: Vec<String> = changes.iter().filter_map(|(field, ..)| language(field)).collect();
    all.dedup();
    let mut changed: Vec<String> =
        changes.iter().filter(|(_, now, proposed)| now != proposed).filter_map(|(field, ..)| language(field)).collect();
    changed.dedup();
    if changed.is_empty() {
        return (all, Vec::new());
    }
    let others = all.into_iter().filter(|l| !changed.contains(l)).collect();
    (changed, others)
}

/// A submission's translated fields in the languages it proposes, each
/// beside the original it translates (two columns; one above the other on
/// a phone), each text marked with its own language and direction; the
/// record's other translations only named. `editable` (inside the approve
/// form): each proposed text is a field the moderator may correct.
#[component]
fn Translations(changes: Vec<(String, String, String)>, language: String, entity: crate::people::Entity, editable: bool) -> impl IntoView {
    use crate::people::Entity;
    let fields: &'static [crate::translation::TextField] = match entity {
        Entity::Listing => &crate::translation::LISTING_FIELDS,
        Entity::Event => &crate::translation::EVENT_FIELDS,
        Entity::Resource => &crate::translation::RESOURCE_FIELDS,
        Entity::Calendar => &[],
    };
    // Sent back with a problem: the texts as the moderator sent them.
    let sent = use_context::<crate::people::FormState>().filter(|f| f.values.iter().any(|(k, _)| k.starts_with("tr.")));
    let original_of = |f: &str| {
        changes.iter().find(|(k, ..)| k == f).map(|(_, now, proposed)| if proposed.is_empty() { now.clone() } else { proposed.clone() })
    };
    let (proposed_in, others) = proposed_languages(&changes);
    let mut rows: Vec<_> = changes
        .iter()
        .filter_map(|(field, now, proposed)| {
            let (lang, f) = field.strip_prefix("translations.")?.split_once('.')?;
            proposed_in
                .iter()
                .any(|l| l == lang)
                .then(|| (field.clone(), lang.to_string(), original_of(f).unwrap_or_default(), now.clone(), proposed.clone()))
        })
        .collect();
    // Each language's fields in the record's order (title before summary).
    let place = |field: &str| {
        let name = field.rsplit('.').next().unwrap_or_default();
        fields.iter().position(|f| f.name == name).unwrap_or(fields.len())
    };
    rows.sort_by_key(|(field, lang, ..)| (proposed_in.iter().position(|l| l == lang), place(field)));
    let original_dir = crate::translation::text_dir(&language);
    let original_label = t_with("translator-original", &[("language", crate::language::language_name(&language).into())]);
    (!rows.is_empty()).then(|| {
        view! {
            <h2>{t("translator-review-title")}</h2>
            {rows.into_iter().map(|(field, lang, original, now, proposed)| {
                let changed = now != proposed;
                let dir = crate::translation::text_dir(&lang);
                let proposed_label = t_with("translator-review-proposed", &[("language", crate::language::language_name(&lang).into())]);
                view! {
                    <section class="side-by-side" class:changed=changed aria-label=change_label(&field)>
                        <h3 class="side-title">{change_label(&field)}{changed.then_some(" •")}</h3>
                        <div>
                            <p class="side-label">{original_label.clone()}</p>
                            <div class="original-text" lang=language.clone() dir=original_dir>{original}</div>
                        </div>
                        <div>
                            {proposed_text(&field, &lang, proposed_label, proposed, editable.then_some(fields), sent.as_ref())}
                            {(changed && !now.is_empty()).then(|| view! {
                                <p class="side-label">{t("mod-col-now")}</p>
                                <div class="original-text" lang=lang.clone() dir=dir>{now}</div>
                            })}
                        </div>
                    </section>
                }
            }).collect_view()}
            {(!others.is_empty()).then(|| view! {
                <p class="hint">{t("mod-also-translated")}" "{crate::pages::directory::language_names(&others)}</p>
            })}
        }
    })
}

/// A proposed translated text: as written, or (given the record's
/// translatable fields) a field to correct it in (`tr.<lang>.<field>`, as
/// the forms name translations).
fn proposed_text(
    key: &str,
    lang: &str,
    label: String,
    proposed: String,
    editable: Option<&[crate::translation::TextField]>,
    sent: Option<&crate::people::FormState>,
) -> AnyView {
    let dir = crate::translation::text_dir(lang);
    let field = key.strip_prefix("translations.").and_then(|f| f.split_once('.')).map(|(_, f)| f).unwrap_or_default();
    let Some(fields) = editable else {
        return view! {
            <p class="side-label">{label}</p>
            <div class="proposed-text" lang=lang.to_string() dir=dir>{proposed}</div>
        }
        .into_any();
    };
    let name = crate::translation::form_name(lang, field);
    let value = sent.map(|s| s.value(&name)).unwrap_or(proposed);
    let (multiline, max) = fields.iter().find(|f| f.name == field).map_or((false, 1000), |f| (f.multiline, f.max));
    let input = if multiline {
        view! { <textarea id=name.clone() name=name.clone() rows="6" maxlength=max.to_string() lang=lang.to_string() dir=dir class="proposed-text" inner_html=crate::pages::form::escape_text(&value)></textarea> }.into_any()
    } else {
        view! { <input id=name.clone() name=name.clone() type="text" value=value maxlength=max.to_string() lang=lang.to_string() dir=dir class="proposed-text" /> }.into_any()
    };
    view! { <label for=name class="side-label">{label}</label>{input} }.into_any()
}

fn change_label(field: &str) -> String {
    match field.strip_prefix("translations.").and_then(|f| f.split_once('.')) {
        Some((lang, f)) => {
            format!("{} ({})", crate::pages::form::field_label(f).unwrap_or_else(|| f.to_string()), crate::language::language_name(lang))
        }
        None => crate::pages::form::field_label(field).unwrap_or_else(|| field.to_string()),
    }
}

/// What one revision changed, field by field: "Town: Sheffield → Rotherham".
#[component]
fn RevisionChanges(changes: Vec<(String, String, String)>) -> impl IntoView {
    let value = |v: String| if v.is_empty() { t("mod-revision-empty") } else { v };
    (!changes.is_empty()).then(|| {
        view! {
            <ul class="revision-changes">
                {changes.into_iter().map(|(field, before, after)| {
                    let label = change_label(&field);
                    view! {
                        <li dir="auto">{t_with("mod-revision-change", &[
                            ("field", label.into()),
                            ("before", value(before).into()),
                            ("after", value(after).into()),
                        ])}</li>
                    }
                }).collect_view()}
            </ul>
        }
    })
}

/// The audit log's "on": a listing by its name, linked to its moderation
/// page; anything else as the log wrote it.
fn log_target(target: String, listing: Option<(String, String)>) -> AnyView {
    match listing {
        Some((slug, name)) => view! { <a href=format!("/moderate/listings/{slug}") dir="auto">{name}</a> }.into_any(),
        None => view! { <span dir="auto">{target}</span> }.into_any(),
    }
}

#[component]
pub fn LogPage() -> impl IntoView {
    let page: usize =
        use_query_map().read_untracked().get("page").and_then(|p| p.parse().ok()).filter(|p| (1..10_000).contains(p)).unwrap_or(1);
    let services = expect_context::<Services>();
    let Some(user) = viewer_user() else { return view! { <NotFound /> }.into_any() };
    const PER_PAGE: usize = 50;
    let log = move || {
        let (services, user) = (services.clone(), user.clone());
        async move { services.backoffice.audit_log(&user, (page - 1) * PER_PAGE, PER_PAGE + 1).await }
    };
    view! {
        <Title text=format!("{} · {}", t("mod-log"), t("site-name")) />
        <h1>{t("mod-log")}</h1>
        <ModNav />
        <Suspense>
            {move || { let fut = log(); Suspend::new(async move {
                match fut.await {
                    Err(_) => view! { <ServerError /> }.into_any(),
                    Ok(entries) => {
                        let more = entries.len() > PER_PAGE;
                        view! {
                            {entries.is_empty().then(|| view! { <p>{t("mod-log-empty")}</p> })}
                            <table class="queue">
                                <thead><tr><th>{t("mod-col-when")}</th><th>{t("mod-col-who")}</th><th>{t("mod-col-what")}</th><th>{t("mod-col-on")}</th><th>{t("mod-col-why")}</th></tr></thead>
                                <tbody>
                                    {entries.into_iter().take(PER_PAGE).map(|e| view! {
                                        <tr><td>{when(&e.created_at)}</td><td>{e.actor}</td><td>{e.action}</td><td>{log_target(e.target, e.listing)}</td><td dir="auto">{e.reason}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <nav class="pager" aria-label=t("mod-pages")>
                                {(page > 1).then(|| view! { <a href=format!("/moderate/log?page={}", page - 1)>{t("mod-newer")}</a> })}
                                {more.then(|| view! { <a href=format!("/moderate/log?page={}", page + 1)>{t("mod-older")}</a> })}
                            </nav>
                        }.into_any()
                    }
                }
            })}}
        </Suspense>
    }
    .into_any()
}

#[component]
pub fn AdminPage() -> impl IntoView {
    let services = expect_context::<Services>();
    let lockdown = services.backoffice.lockdown();
    let Some(user) = viewer_user() else { return view! { <NotFound /> }.into_any() };
    let user_for_lists = user.clone();
    let outbox = {
        let (services, user) = (services.clone(), user.clone());
        move || {
            let (services, user) = (services.clone(), user.clone());
            async move { services.backoffice.outbox(&user, 50).await }
        }
    };
    let people = move || {
        let (services, user) = (services.clone(), user.clone());
        async move { services.backoffice.people(&user).await }
    };
    let roles: Vec<(String, String)> =
        ["organiser", "translator", "moderator", "admin"].iter().map(|r| (r.to_string(), t(&format!("role-{r}")))).collect();
    view! {
        <Title text=format!("{} · {}", t("mod-admin"), t("site-name")) />
        <h1>{t("mod-admin")}</h1>
        <ModNav />
        <h2>{t("admin-lockdown")}</h2>
        <p>{t(if lockdown { "admin-lockdown-on" } else { "admin-lockdown-off" })}</p>
        <form method="post" action="/admin/lockdown" class="short-form">
            <FormGuard />
            <input type="hidden" name="on" value=if lockdown { "off" } else { "on" } />
            <Field name="reason" label=t("admin-reason") maxlength=500 />
            <button type="submit" class:danger=!lockdown>{t(if lockdown { "admin-lockdown-end" } else { "admin-lockdown-start" })}</button>
        </form>
        <h2>{t("admin-people")}</h2>
        <Suspense>
            {move || { let fut = people(); Suspend::new(async move {
                match fut.await {
                    Err(_) => view! { <ServerError /> }.into_any(),
                    Ok(list) => view! {
                        <table class="queue">
                            <thead><tr><th>{t("admin-people-email")}</th><th>{t("admin-people-role")}</th><th>{t("admin-people-regions")}</th></tr></thead>
                            <tbody>
                                {list.into_iter().map(|u| view! {
                                    <tr><td>{u.email.clone()}</td><td>{t(&format!("role-{}", u.role))}</td><td>{u.regions.join(", ")}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                }
            })}}
        </Suspense>
        <ErrorSummary />
        <form method="post" action="/admin/people" class="short-form">
            <FormGuard />
            <Field name="email" label=t("admin-people-email") kind="email" required=true maxlength=254 />
            <Select name="role" label=t("admin-people-role") options=roles />
            <Field name="regions" label=t("admin-people-regions") hint=t("admin-people-regions-hint") maxlength=500 />
            <button type="submit">{t("admin-people-submit")}</button>
        </form>
        <crate::pages::opt_outs::DoNotList user=user_for_lists />
        <h2 id="outbox">{t("admin-outbox")}</h2>
        <p class="hint">{t("admin-outbox-hint")}</p>
        {(!expect_context::<Services>().backoffice.sends_mail()).then(|| view! { <p class="warning wrap">{t("admin-no-mail-server")}</p> })}
        <Suspense>
            {move || { let fut = outbox(); let sends_mail = expect_context::<Services>().backoffice.sends_mail(); Suspend::new(async move {
                match fut.await {
                    Err(_) => view! { <ServerError /> }.into_any(),
                    Ok(mails) if mails.is_empty() => view! { <p>{t("admin-no-mail")}</p> }.into_any(),
                    Ok(mails) => view! {
                        <ul class="plain-list">
                            {mails.into_iter().map(|m| view! {
                                <li>
                                    <details>
                                        <summary>{m.created_at.clone()}" — "{m.recipient.clone()}" — "{m.subject.clone()}
                                            " ("{t(if m.sent_at.is_some() { "admin-sent" } else { "admin-not-sent" })}")"</summary>
                                        {m.error.clone().map(|e| view! { <p class="warning">{t("admin-mail-failed")}" "<span dir="ltr">{e}</span></p> })}
                                        <pre>{m.body.clone()}</pre>
                                    </details>
                                    {sends_mail.then(|| view! {
                                        <form method="post" action=format!("/admin/outbox/{}/send", m.id) class="inline-form">
                                            <FormGuard />
                                            <button type="submit" class="secondary">{t(if m.sent_at.is_some() { "admin-send-again" } else { "admin-send-now" })}</button>
                                        </form>
                                    })}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}}
        </Suspense>
    }
    .into_any()
}
