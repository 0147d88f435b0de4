//! The HTML document and the routes.

use crate::i18n::{t, Locale, LANGUAGES};
use crate::pages::{
    account::{
        AccountPage, ClaimPage, ConfirmPage, ContactPage, EditListingPage, LoginConfirmPage, LoginPage, ReportPage, StillActivePage,
    },
    directory::DirectoryPage,
    errors::NotFound,
    event_form::{EditEventPage, NewEventPage, SuggestEventPage},
    events::{EventPage, EventsPage},
    home::HomePage,
    library::{LibraryPage, ResourcePage},
    listing::ListingPage,
    map::MapPage,
    moderate::{AdminPage, HistoryPage, LogPage, QueuePage, SubmissionPage},
    register::{RegisterPage, SharePage},
    search::SearchPage,
    thanks::ThanksPage,
};
use crate::people::Viewer;
use crate::ports::Services;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags};
use leptos_router::{
    components::{Route, Router, Routes},
    ParamSegment, SsrMode, StaticSegment,
};

/// The whole document, rendered on the server for every page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale = use_context::<Locale>().unwrap_or_else(Locale::english);
    // Only pages with an island load the WebAssembly: every other page
    // costs a visitor on a metered phone no script at all.
    let path = use_context::<http::request::Parts>().map(|p| p.uri.path().to_string()).unwrap_or_default();
    let hydrate = PAGES_WITH_ISLANDS.contains(&path.as_str());
    // The hydration script is inline: allow it (and only it) by its nonce.
    if let (Some(nonce), Some(response)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>()) {
        if let Ok(value) = http::HeaderValue::from_str(&csp_with_nonce(&nonce)) {
            response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
    view! {
        <!DOCTYPE html>
        <html lang=locale.tag() dir=locale.dir()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="stylesheet" href=crate::assets::asset("/pkg/atlas.css") />
                // No favicon request: every byte counts on a metered phone.
                <link rel="icon" href="data:," />
                // What only a script can work (a map, "use my location") has
                // its room from the first paint, so nothing moves when the
                // script runs; a browser without scripts does not show it.
                <noscript>
                    <style>".needs-script { display: none; }"</style>
                </noscript>
                {hydrate.then(|| view! { <HydrationScripts options islands=true /> })}
                <MetaTags />
            </head>
            <body data-zoom-in-title=t("map-zoom-in-button") data-zoom-out-title=t("map-zoom-out-button")>
                <App />
            </body>
        </html>
    }
}

/// What the browser may load: this site only, no inline script but the
/// hydration script, no framing.
pub const DEFAULT_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; \
    form-action 'self'; frame-ancestors 'none'";

/// The policy for a page whose inline script carries `nonce`. WebAssembly
/// needs 'wasm-unsafe-eval' (not 'unsafe-eval').
pub fn csp_with_nonce(nonce: &str) -> String {
    DEFAULT_CSP.replace("script-src 'self'", &format!("script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'"))
}

/// Paths whose page contains an island (see `crate::islands`,
/// `crate::search_island`).
const PAGES_WITH_ISLANDS: [&str; 2] = ["/", "/search"];

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let sample_data = use_context::<Services>().is_some_and(|s| s.sample_data);
    let lockdown = use_context::<Services>().is_some_and(|s| s.backoffice.lockdown());
    let signed_in = use_context::<Viewer>().is_some_and(|v| v.user.is_some());
    view! {
        // The site's part of every link preview; each page adds its own
        // title and description (crate::pages::preview).
        <crate::pages::preview::SiteMeta />
        <a class="skip-link" href="#main">{t("skip-to-content")}</a>
        <header class="site-header">
            <a class="brand" href="/">{t("site-name")}</a>
            // What the site is for, on the first screen: a phone gets the short line.
            <p class="tagline"><span class="tagline-long">{t("site-tagline")}</span><span class="tagline-short">{t("site-tagline-short")}</span></p>
            <LanguageSwitcher />
            <nav class="site-nav">
                <a href="/">{t("nav-home")}</a>
                <a href="/listings">{t("nav-listings")}</a>
                <a href="/map">{t("nav-map")}</a>
                <a href="/events">{t("nav-events")}</a>
                <a href="/library">{t("nav-library")}</a>
                <a href="/search">{t("nav-search")}</a>
                <a href="/register">{t("nav-register")}</a>
                {if signed_in {
                    view! { <a href="/account">{t("nav-account")}</a> }.into_any()
                } else {
                    view! { <a href="/login">{t("nav-sign-in")}</a> }.into_any()
                }}
            </nav>
        </header>
        {lockdown.then(|| view! { <p class="lockdown-banner" role="status">{t("lockdown-banner")}</p> })}
        <Router>
            <main id="main">
                // Async: the whole page is ready before the first byte, so the
                // status code can still say 404 or 500 and no-JS visitors get
                // complete HTML.
                <Routes fallback=NotFound>
                    <Route path=StaticSegment("") view=HomePage ssr=SsrMode::Async />
                    <Route path=StaticSegment("listings") view=DirectoryPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("listings"), ParamSegment("slug")) view=ListingPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("map") view=MapPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("embed") view=crate::pages::embed::EmbedBuilderPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("developers") view=crate::pages::developers::DevelopersPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("events") view=EventsPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("events"), ParamSegment("slug")) view=EventPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("library") view=LibraryPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("library"), ParamSegment("slug")) view=ResourcePage ssr=SsrMode::Async />
                    <Route path=StaticSegment("search") view=SearchPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("register") view=RegisterPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("share") view=SharePage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("thanks"), ParamSegment("what")) view=ThanksPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("confirm") view=ConfirmPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("login") view=LoginPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("login"), StaticSegment("confirm")) view=LoginConfirmPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("still-active") view=StillActivePage ssr=SsrMode::Async />
                    <Route path=StaticSegment("account") view=AccountPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("account"), StaticSegment("listings"), ParamSegment("slug"), StaticSegment("edit")) view=EditListingPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("account"), StaticSegment("listings"), ParamSegment("slug"), StaticSegment("events"), StaticSegment("new")) view=NewEventPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("account"), StaticSegment("listings"), ParamSegment("slug"), StaticSegment("calendar")) view=crate::pages::calendar::CalendarPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("account"), StaticSegment("events"), ParamSegment("slug"), StaticSegment("edit")) view=EditEventPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("account"), StaticSegment("translate"), ParamSegment("entity"), ParamSegment("slug")) view=crate::pages::translator::TranslatePage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("listings"), ParamSegment("slug"), StaticSegment("suggest-event")) view=SuggestEventPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("listings"), ParamSegment("slug"), StaticSegment("contact")) view=ContactPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("listings"), ParamSegment("slug"), StaticSegment("report")) view=ReportPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("listings"), ParamSegment("slug"), StaticSegment("claim")) view=ClaimPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("moderate") view=QueuePage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("moderate"), StaticSegment("submissions"), ParamSegment("id")) view=SubmissionPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("moderate"), StaticSegment("listings"), ParamSegment("slug")) view=HistoryPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("moderate"), StaticSegment("log")) view=LogPage ssr=SsrMode::Async />
                    <Route path=StaticSegment("admin") view=AdminPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("sources")) view=crate::pages::sources::SourcesPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("admin"), StaticSegment("sources"), ParamSegment("id")) view=crate::pages::sources::SourcePage ssr=SsrMode::Async />
                    <Route path=StaticSegment("alerts") view=crate::pages::alerts::AlertsPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("alerts"), StaticSegment("confirm")) view=crate::pages::alerts::AlertsConfirmPage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("alerts"), StaticSegment("unsubscribe")) view=crate::pages::alerts::AlertsUnsubscribePage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("alerts"), StaticSegment("manage")) view=crate::pages::alerts::AlertsManagePage ssr=SsrMode::Async />
                    <Route path=(StaticSegment("alerts"), StaticSegment("done"), ParamSegment("what")) view=crate::pages::alerts::AlertsDonePage ssr=SsrMode::Async />
                </Routes>
            </main>
        </Router>
        <footer class="site-footer">
            <p><a href="/developers">{t("footer-open-data")}</a></p>
            {sample_data.then(|| view! { <p class="notice">{t("footer-sample-data")}</p> })}
        </footer>
    }
}

/// Links to this page in every interface language, each named in itself.
#[component]
fn LanguageSwitcher() -> impl IntoView {
    let here = use_context::<http::request::Parts>()
        .and_then(|p| p.uri.path_and_query().map(|pq| pq.as_str().to_string()))
        .unwrap_or_else(|| "/".to_string());
    let current = use_context::<Locale>().unwrap_or_else(Locale::english).code();
    let here = if here == "/" { String::new() } else { here };
    view! {
        <nav class="language-switcher" aria-label=t("language-switcher")>
            <ul>
                {LANGUAGES.iter().map(|(code, name, _)| {
                    let is_current = *code == current;
                    view! {
                        <li>
                            <a href=format!("/{code}{here}") lang=*code hreflang=*code
                               aria-current=is_current.then_some("true")>{*name}</a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </nav>
    }
}
