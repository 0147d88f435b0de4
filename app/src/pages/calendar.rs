//! `/account/listings/{slug}/calendar`: an organiser gives the address of
//! the calendar their group already keeps, sees how its last reading went,
//! or stops following it. Plain forms, no JavaScript.

use crate::event::{CalendarFeed, FeedState};
use crate::i18n::{format_date, problem, t, t_with};
use crate::pages::errors::{NotFound, ServerError};
use crate::pages::form::{ErrorSummary, Field, FormGuard};
use crate::people::Viewer;
use crate::ports::Services;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CalendarPage() -> impl IntoView {
    let listing = use_params_map().read_untracked().get("slug").unwrap_or_default();
    let viewer = use_context::<Viewer>().unwrap_or_default();
    let services = expect_context::<Services>();
    let page = move || {
        let (services, listing, user) = (services.clone(), listing.clone(), viewer.user.clone());
        Suspend::new(async move {
            let Some(user) = user else { return view! { <NotFound /> }.into_any() };
            match services.backoffice.calendar_of(&user, &listing).await {
                Err(_) => view! { <ServerError /> }.into_any(),
                Ok(None) => {
                    if let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
                        r.set_status(http::StatusCode::FORBIDDEN);
                    }
                    view! { <h1>{t("edit-not-yours")}</h1> }.into_any()
                }
                Ok(Some((name, feed))) => view! {
                    <h1>{t("calendar-title")}</h1>
                    <p dir="auto"><strong>{name}</strong></p>
                    <p>{t("calendar-intro")}</p>
                    {feed.clone().map(|f| view! { <FeedStatus feed=f listing=listing.clone() /> })}
                    <h2>{if feed.is_some() { t("calendar-change") } else { t("calendar-start") }}</h2>
                    <ErrorSummary />
                    <form method="post" action=format!("/account/listings/{listing}/calendar") class="long-form" novalidate>
                        <FormGuard />
                        <Field name="url" label=t("calendar-url") hint=t("calendar-url-hint") required=true kind="url" maxlength=500
                               value=feed.as_ref().map(|f| f.url.clone()).unwrap_or_default() />
                        <div class="field">
                            <label class="check">
                                <input type="checkbox" name="public_venues" value="yes"
                                       checked=feed.as_ref().is_some_and(|f| f.public_venues) aria-describedby="public_venues-hint" />
                                " "{t("calendar-public-venues")}
                            </label>
                            <p class="hint" id="public_venues-hint">{t("calendar-public-venues-hint")}</p>
                        </div>
                        <button type="submit">{t("calendar-submit")}</button>
                    </form>
                }
                .into_any(),
            }
        })
    };
    view! {
        <Title text=format!("{} · {}", t("calendar-title"), t("site-name")) />
        <Suspense fallback=|| ()>{page}</Suspense>
    }
}

/// How the followed calendar is doing, and the button to stop.
#[component]
fn FeedStatus(feed: CalendarFeed, listing: String) -> impl IntoView {
    let state = match feed.state {
        FeedState::InReview => t("calendar-state-in_review"),
        FeedState::Following => t("calendar-state-following"),
        FeedState::Refused => t("calendar-state-refused"),
    };
    view! {
        <section class="notice" aria-labelledby="feed-status">
            <h2 id="feed-status">{t("calendar-status")}</h2>
            <p><strong>{state}</strong></p>
            <p class="wrap" dir="ltr">{feed.url.clone()}</p>
            <p>{t_with("calendar-events", &[("count", feed.events.into())])}</p>
            <p>{match &feed.read_at {
                Some(at) => t_with("calendar-read-at", &[("date", format_date(at).into())]),
                None => t("calendar-never-read"),
            }}</p>
            {feed.checked_at.clone().map(|at| view! { <p>{t_with("calendar-checked-at", &[("date", format_date(&at).into())])}</p> })}
            {feed.problem.clone().map(|p| view! { <p role="alert"><strong>{t("calendar-trouble")}</strong>" "{problem(&p)}</p> })}
            {(!feed.skipped.is_empty()).then(|| view! {
                <p>{t_with("calendar-skipped", &[("count", feed.skipped.len().into())])}</p>
                <ul class="plain-list">{feed.skipped.iter().take(20).map(|uid| view! { <li dir="ltr"><code>{uid.clone()}</code></li> }).collect_view()}</ul>
            })}
            <form method="post" action=format!("/account/listings/{listing}/calendar/stop") class="short-form">
                <FormGuard />
                <p class="hint">{t("calendar-stop-hint")}</p>
                <button type="submit">{t("calendar-stop")}</button>
            </form>
        </section>
    }
}
