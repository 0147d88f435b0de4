//! `/developers`: open data for other sites and tools. The JSON API as
//! its OpenAPI document describes it (read from the server, so the page and
//! the document agree), and the other ways in: Open Referral UK, feeds,
//! exports and embeds. Plain HTML, served by us: no script, no CDN.

use crate::api_reference::{code_spans, ApiExample};
use crate::i18n::t;
use crate::ports::Services;
use leptos::prelude::*;

/// Prose from the API's document with its `code` as code, not backticks.
fn prose(text: &str) -> impl IntoView {
    code_spans(text)
        .into_iter()
        .map(|(code, part)| if code { view! { <code>{part.to_string()}</code> }.into_any() } else { part.to_string().into_any() })
        .collect_view()
}

/// A request a reader can open, and the answer it got. (The reference is
/// in English, left to right; its labels, in the page's language, take
/// their own direction.)
fn example(e: &ApiExample) -> impl IntoView {
    view! {
        <p dir="auto">{t("api-example-request")}</p>
        <pre class="api-example"><code><a href=e.request.clone()>{format!("GET {}", e.request)}</a></code></pre>
        <p dir="auto">{t("api-example-answer")}</p>
        <pre class="api-example"><code>{e.answer.clone()}</code></pre>
    }
}

#[component]
pub fn DevelopersPage() -> impl IntoView {
    let services = expect_context::<Services>();
    let reference = services.api_reference.clone();
    let operations = reference
        .operations
        .iter()
        .map(|op| {
            let params = (!op.params.is_empty()).then(|| {
                let rows = op
                    .params
                    .iter()
                    .map(|p| {
                        view! {
                            <tr>
                                <td><code>{p.name.clone()}</code>{p.required.then(|| view! { " " <strong dir="auto">{t("api-required")}</strong> })}</td>
                                <td data-label=t("api-values")>{prose(&p.values)}</td>
                                <td data-label=t("api-meaning")>{prose(&p.description)}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                view! {
                    <table class="api-params">
                        <caption dir="auto">{t("api-parameters")}</caption>
                        <thead><tr><th scope="col">{t("api-name")}</th><th scope="col">{t("api-values")}</th><th scope="col">{t("api-meaning")}</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                }
            });
            let responses = op
                .responses
                .iter()
                .map(|(status, what)| view! { <li><code>{status.clone()}</code>" "{prose(what)}</li> })
                .collect_view();
            let id = op.path.trim_start_matches('/').replace(['/', '{', '}', '.'], "-");
            view! {
                <section class="api-operation" id=id>
                    <h3 dir="ltr"><code>{format!("{} {}", op.method, op.path)}</code></h3>
                    <p>{prose(&op.summary)}</p>
                    {params}
                    <p dir="auto">{t("api-responses")}</p>
                    <ul>{responses}</ul>
                    {op.example.as_ref().map(example)}
                </section>
            }
        })
        .collect_view();
    view! {
        <crate::pages::preview::Preview title=t("developers-title") description=t("developers-intro") />
        <h1>{t("developers-title")}</h1>
        <p class="intro">{t("developers-intro")}</p>
        <h2>{t("developers-ways-in")}</h2>
        <ul class="developers-links" dir="ltr">
            <li><a href="/api/openapi.json">"/api/openapi.json"</a>" — OpenAPI 3.1"</li>
            <li><a href="/openreferral/">"/openreferral/"</a>" — Open Referral UK 3.0 (HSDS-UK-3.0)"</li>
            <li><a href="/api/listings.geojson">"/api/listings.geojson"</a>", "<a href="/api/listings.csv">"/api/listings.csv"</a></li>
            <li><a href="/feeds/listings.atom">"/feeds/listings.atom"</a>", "<a href="/feeds/library.atom">"/feeds/library.atom"</a>", "<a href="/events.ics">"/events.ics"</a></li>
            <li><a href="/embed">"/embed"</a></li>
        </ul>
        <h2>{t("api-title")}</h2>
        <p lang="en" dir="ltr">{prose(&reference.description)}</p>
        <div lang="en" dir="ltr">{operations}</div>
    }
}
