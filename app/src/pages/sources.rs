//! `/admin/sources`: the directories this atlas follows, how each last
//! read, and (at `/admin/sources/{id}`) the mapping of its words to ours.
//! Plain forms; admins only (the server's guard and the port both check).

use crate::i18n::{problem, t, t_or, t_with};
use crate::pages::errors::{NotFound, ServerError};
use crate::pages::form::{ErrorSummary, Field, FormGuard, Select, TextArea};
use crate::pages::moderate::when;
use crate::people::Viewer;
use crate::ports::Services;
use crate::source::{FetchOutcome, Mapping, SourceFormat, SourceSummary};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn kinds() -> Vec<(String, String)> {
    let services = expect_context::<Services>();
    services.listings.facets().kinds.into_iter().map(|k| (k.slug.clone(), t_or(&format!("kind-{}", k.slug), &k.label))).collect()
}

fn format_label(f: SourceFormat) -> String {
    t(&format!("sources-format-{}", f.as_str()))
}

/// What the last reading did, in plain words.
#[component]
fn LastReading(source: SourceSummary) -> impl IntoView {
    let c = source.counts;
    let outcome = source.outcome.map(|o| match o {
        FetchOutcome::Read => "sources-outcome-read",
        FetchOutcome::Unchanged => "sources-outcome-unchanged",
        FetchOutcome::Failed => "sources-outcome-failed",
    });
    view! {
        {match (&source.fetched_at, outcome) {
            (Some(at), Some(key)) => view! { <p>{t_with("sources-last-read", &[("date", when(at).into())])}" "{t(key)}</p> }.into_any(),
            _ => view! { <p>{t("sources-never-read")}</p> }.into_any(),
        }}
        <p>{t_with("sources-counts", &[
            ("new", c.new.into()), ("updated", c.updated.into()), ("unchanged", c.unchanged.into()),
            ("archived", c.archived.into()), ("held", c.held.into()), ("skipped", c.skipped.into()),
        ])}" "{t_with("sources-records", &[("count", (source.records.max(0) as usize).into())])}</p>
        {source.problem.as_ref().map(|p| view! { <p class="warning">{t("sources-problem")}" "{problem(p)}</p> })}
    }
}

#[component]
pub fn SourcesPage() -> impl IntoView {
    let services = expect_context::<Services>();
    let Some(user) = use_context::<Viewer>().and_then(|v| v.user) else { return view! { <NotFound /> }.into_any() };
    let query = use_query_map();
    let notice = query.with_untracked(|q| {
        if q.get("added").is_some() {
            Some(t("sources-added"))
        } else if q.get("queued").is_some() {
            Some(t("sources-queued"))
        } else if q.get("fetched").is_some() {
            Some(t("sources-fetched"))
        } else {
            None
        }
    });
    let list = move || {
        let (services, user) = (services.clone(), user.clone());
        async move { services.backoffice.sources(&user).await }
    };
    let formats: Vec<(String, String)> = [SourceFormat::Oruk, SourceFormat::Geojson, SourceFormat::Csv]
        .into_iter()
        .map(|f| (f.as_str().to_string(), format_label(f)))
        .collect();
    view! {
        <Title text=format!("{} · {}", t("sources-title"), t("site-name")) />
        <h1>{t("sources-title")}</h1>
        <p class="hint">{t("sources-hint")}</p>
        {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
        <Suspense>
            {move || { let fut = list(); Suspend::new(async move {
                match fut.await {
                    Err(_) => view! { <ServerError /> }.into_any(),
                    Ok(sources) if sources.is_empty() => view! { <p>{t("sources-empty")}</p> }.into_any(),
                    Ok(sources) => view! {
                        <ul class="cards">
                            {sources.into_iter().map(|s| view! {
                                <li id=format!("source-{}", s.id)>
                                    <h2><a href=format!("/admin/sources/{}", s.id)><bdi>{s.name.clone()}</bdi></a></h2>
                                    <p><bdi class="wrap-anywhere">{s.url.clone()}</bdi>" · "{format_label(s.format)}" · "
                                        {t(if s.trusted { "sources-trusted-yes" } else { "sources-trusted-no" })}</p>
                                    <LastReading source=s.clone() />
                                    <form method="post" action=format!("/admin/sources/{}/fetch", s.id) class="inline-form">
                                        <FormGuard />
                                        <button type="submit">{t("sources-fetch-now")}</button>
                                    </form>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                }
            })}}
        </Suspense>
        <h2 id="add">{t("sources-add")}</h2>
        <ErrorSummary />
        <form method="post" action="/admin/sources" class="short-form">
            <FormGuard />
            <Field name="name" label=t("sources-name") required=true maxlength=100 />
            <Field name="url" label=t("sources-url") kind="url" required=true maxlength=500 />
            <Select name="format" label=t("sources-format") options=formats />
            <Select name="kind" label=t("sources-kind") options=kinds() />
            <div class="field"><label><input type="checkbox" name="trusted" value="on" />" "{t("sources-trusted")}</label></div>
            <button type="submit">{t("sources-add-submit")}</button>
        </form>
    }
    .into_any()
}

/// One source: its facts and the form that changes its mapping.
#[component]
pub fn SourcePage() -> impl IntoView {
    let services = expect_context::<Services>();
    let Some(user) = use_context::<Viewer>().and_then(|v| v.user) else { return view! { <NotFound /> }.into_any() };
    let id: Option<i64> = use_params_map().with_untracked(|p| p.get("id").and_then(|i| i.parse().ok()));
    let saved = use_query_map().with_untracked(|q| q.get("saved").is_some());
    let one = move || {
        let (services, user) = (services.clone(), user.clone());
        async move { services.backoffice.sources(&user).await.map(|all| all.into_iter().find(|s| Some(s.id) == id)) }
    };
    view! {
        <Suspense>
            {move || { let fut = one(); Suspend::new(async move {
                match fut.await {
                    Err(_) => view! { <ServerError /> }.into_any(),
                    Ok(None) => view! { <NotFound /> }.into_any(),
                    Ok(Some(s)) => view! {
                        <Title text=format!("{} · {}", s.name, t("sources-title")) />
                        <p><a href="/admin/sources">{t("sources-title")}</a></p>
                        <h1><bdi>{s.name.clone()}</bdi></h1>
                        {saved.then(|| view! { <p class="notice" role="status">{t("sources-saved")}</p> })}
                        <p><bdi class="wrap-anywhere">{s.url.clone()}</bdi>" · "{format_label(s.format)}</p>
                        <LastReading source=s.clone() />
                        <form method="post" action=format!("/admin/sources/{}/fetch", s.id) class="inline-form">
                            <FormGuard />
                            <button type="submit">{t("sources-fetch-now")}</button>
                        </form>
                        <h2>{t("sources-mapping")}</h2>
                        <p class="hint">{t("sources-mapping-hint")}</p>
                        <ErrorSummary />
                        <form method="post" action=format!("/admin/sources/{}/mapping", s.id) class="short-form">
                            <FormGuard />
                            <Select name="kind" label=t("sources-kind") options=kinds() value=s.default_kind.clone() />
                            <TextArea name="kinds" label=t("sources-mapping-kinds") maxlength=20_000 value=Mapping::lines(&s.mapping.kinds) />
                            <TextArea name="tags" label=t("sources-mapping-tags") maxlength=20_000 value=Mapping::lines(&s.mapping.tags) />
                            <TextArea name="languages" label=t("sources-mapping-languages") maxlength=20_000 value=Mapping::lines(&s.mapping.languages) />
                            <div class="field"><label><input type="checkbox" name="trusted" value="on" checked=s.trusted />" "{t("sources-trusted")}</label></div>
                            <button type="submit">{t("sources-save")}</button>
                        </form>
                    }.into_any(),
                }
            })}}
        </Suspense>
    }
    .into_any()
}
