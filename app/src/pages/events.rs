//! `/events` ("What's on": by day, near me, with filters, a plain GET
//! form) and `/events/{slug}` (one series with its next dates and "add to
//! calendar"). Places come from the server already as precise as allowed.

use crate::event::{AccessFeature, Attendance, Cost, JoinHow, OccurrenceStatus, PublicEvent, PublicOccurrence};
use crate::i18n::{format_time, t, t_or, t_with};
use crate::language::language_name;
use crate::pages::errors::{NotFound, ServerError};
use crate::ports::{EventQuery, EventQueryError, Services};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

const PER_PAGE: usize = 30;
/// Distances offered beside the place (km); the server's default is 10.
const RADII: [f64; 4] = [5.0, 10.0, 25.0, 50.0];
const DEFAULT_RADIUS_KM: f64 = 10.0;

pub fn category_label(slug: &str) -> String {
    t_or(&format!("event-category-{slug}"), slug)
}

/// The weekday of a `YYYY-MM-DD` date, as `mon`…`sun` (for `day-…` keys).
fn weekday(date: &str) -> Option<&'static str> {
    let parts: Vec<i64> = date.get(..10)?.split('-').filter_map(|p| p.parse().ok()).collect();
    let [y, m, d] = parts[..] else { return None };
    // Days since 1970-01-01 (a Thursday), Howard Hinnant's civil algorithm.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(crate::model::DAYS[(days + 3).rem_euclid(7) as usize])
}

/// "Tuesday 5 January 2027", in the page's language.
pub fn long_date(date: &str) -> String {
    match weekday(date) {
        Some(day) => format!("{} {}", t(&format!("day-{day}")), crate::i18n::format_date(date)),
        None => crate::i18n::format_date(date),
    }
}

/// "Wednesday 9 December 2026, 13:00–16:00" (with the language's comma).
pub fn date_and_time(o: &PublicOccurrence) -> String {
    t_with("event-date-time", &[("date", long_date(&o.start).into()), ("time", time_range(o).into())])
}

/// "18:00–20:00", or "all day".
pub fn time_range(o: &PublicOccurrence) -> String {
    if o.all_day {
        return t("event-all-day");
    }
    // In the page's digits, as its dates are (۱۸:۰۰ beside a Persian date).
    let hm = |s: &str| format_time(s.get(11..16).unwrap_or(""));
    t_with("event-time-range", &[("start", hm(&o.start).into()), ("end", hm(&o.end).into())])
}

fn status_badge(s: OccurrenceStatus) -> Option<impl IntoView> {
    let key = match s {
        OccurrenceStatus::Scheduled => return None,
        OccurrenceStatus::Cancelled => "event-status-cancelled",
        OccurrenceStatus::Postponed => "event-status-postponed",
        OccurrenceStatus::MovedOnline => "event-status-moved-online",
    };
    Some(view! { <span class="status-badge" data-status=s.as_str()>{t(key)}</span> })
}

#[component]
fn OccurrenceItem(
    o: PublicOccurrence,
    #[prop(optional)] show_date: bool,
    /// On a group's own page its name under each date says nothing.
    #[prop(optional)]
    hide_group: bool,
) -> impl IntoView {
    let cancelled = o.status == OccurrenceStatus::Cancelled;
    let mode = match o.attendance {
        Attendance::InPerson => None,
        Attendance::Online => Some(t("event-online")),
        Attendance::Hybrid => Some(t("event-hybrid")),
    };
    // A series called "Drop-in" is not labelled "Drop-in" again.
    let category = Some(category_label(&o.category)).filter(|c| !c.trim().eq_ignore_ascii_case(o.title.trim()));
    // The title in the reader's language where translated, marked with the
    // language it is in.
    let wanted = crate::pages::translated::wanted_language();
    let title = o.translations.text_in(&wanted, "title", &o.title).to_string();
    let original = if o.language.is_empty() { "en" } else { o.language.as_str() };
    let (title_lang, title_dir) = crate::pages::translated::field_marks(original, &o.translations, &wanted, "title");
    view! {
        <li class="card event-card" class:cancelled=cancelled>
            <a class="card-name" lang=title_lang dir=title_dir href=format!("/events/{}", o.event)>{title}</a>
            <span class="card-meta">
                <time datetime=o.start.clone()>{if show_date { date_and_time(&o) } else { time_range(&o) }}</time>
                {category.map(|c| view! { " · "<span class="kind-badge">{c}</span> })}
                {o.town.clone().map(|town| view! { " · "{t_with("listing-in-town", &[("town", crate::pages::directory::town_name(&town).into())])} })}
                {mode.map(|m| view! { " · "<span>{m}</span> })}
                // "in Sheffield" says it; "0 km" (to the town's centre) would not.
                {o.distance_km.filter(|d| *d > 0.0 || o.town.is_none()).map(|d| view! { " · "{t_with("event-distance", &[("km", d.into())])} })}
                " "{status_badge(o.status)}
            </span>
            {o.listing_name.clone().filter(|_| !hide_group).map(|n| view! { <span class="card-summary" dir="auto">{n}</span> })}
        </li>
    }
}

/// Filters as typed into the form.
#[derive(Clone, Default)]
struct Params {
    near: String,
    radius: String,
    category: String,
    lang: String,
    online: bool,
    in_person: bool,
    free: bool,
    step_free: bool,
    women: bool,
    listing: String,
    cursor: String,
}

impl Params {
    fn query_string(&self) -> String {
        let mut parts: Vec<(&str, String)> = Vec::new();
        for (k, v) in [
            ("near", &self.near),
            ("radius_km", &self.radius),
            ("category", &self.category),
            ("lang", &self.lang),
            ("listing", &self.listing),
        ] {
            if !v.is_empty() {
                parts.push((k, v.clone()));
            }
        }
        for (k, on) in [
            ("online", self.online),
            ("in_person", self.in_person),
            ("free", self.free),
            ("step_free", self.step_free),
            ("women", self.women),
        ] {
            if on {
                parts.push((k, "true".into()));
            }
        }
        form_urlencoded::Serializer::new(String::new()).extend_pairs(parts).finish()
    }
}

#[component]
pub fn EventsPage() -> impl IntoView {
    let q = use_query_map().read_untracked().clone();
    let get = |k: &str| q.get(k).map(|v| v.trim().chars().take(100).collect::<String>()).unwrap_or_default();
    let on = |k: &str| matches!(get(k).as_str(), "true" | "on" | "1");
    let params = Params {
        near: get("near"),
        radius: get("radius_km"),
        category: get("category"),
        lang: get("lang"),
        online: on("online"),
        in_person: on("in_person"),
        free: on("free"),
        step_free: on("step_free"),
        women: on("women"),
        listing: get("listing"),
        cursor: get("cursor"),
    };
    let services = expect_context::<Services>();
    let place = (!params.near.is_empty()).then(|| services.listings.resolve_place(&params.near));
    let radius_km = params.radius.parse().ok().filter(|r: &f64| *r > 0.0 && *r <= 200.0);
    // What the list is, and the distance it was chosen by (which the
    // person may change beside the place).
    let near_note = match &place {
        Some(Ok(p)) => {
            let place_name = p.name.clone();
            // Online events are in the list unless asked for in person only.
            let key = if params.in_person { "events-within" } else { "events-within-online" };
            let within = t_with(key, &[("km", radius_km.unwrap_or(DEFAULT_RADIUS_KM).into()), ("place", place_name.clone().into())]);
            Some(
                view! {
                    <h2 class="results-heading">{t_with("events-near-heading", &[("place", place_name.into())])}</h2>
                    <p class="note within">{within}" · "<a href="#event-radius">{t("events-change-radius")}</a></p>
                }
                .into_any(),
            )
        }
        Some(Err(miss)) => {
            let elsewhere = |near: &str| {
                let q = Params { near: near.to_string(), cursor: String::new(), ..params.clone() }.query_string();
                if q.is_empty() {
                    "/events".to_string()
                } else {
                    format!("/events?{q}")
                }
            };
            Some(crate::pages::near_miss::near_miss(&params.near, miss, elsewhere, elsewhere("")))
        }
        None => None,
    };
    // A place we do not know: every event would read as the answer for it.
    let missed = matches!(place, Some(Err(_)));
    let query = EventQuery {
        listing: Some(params.listing.clone()).filter(|l| !l.is_empty()),
        near: place.as_ref().and_then(|p| p.as_ref().ok()).map(|p| p.point),
        radius_km,
        category: Some(params.category.clone()).filter(|c| !c.is_empty()),
        lang: Some(params.lang.clone()).filter(|l| !l.is_empty()),
        online: params.online,
        in_person: params.in_person,
        free: params.free,
        step_free: params.step_free,
        women: params.women,
        limit: PER_PAGE,
        cursor: Some(params.cursor.clone()).filter(|c| !c.is_empty()),
        ..Default::default()
    };
    // The feed reads a point, not a place name: the place as resolved here.
    let feed_query = {
        let mut feed = Params { near: String::new(), ..params.clone() };
        if let Some(point) = query.near {
            feed.near = format!("{:.5},{:.5}", point.lat, point.lon);
        } else {
            feed.radius = String::new();
        }
        feed.query_string()
    };
    let download = format!("/events.ics{}", if feed_query.is_empty() { String::new() } else { format!("?{feed_query}") });
    let feed_url = format!("{}{download}", services.public_url.trim_end_matches('/'));
    let results = {
        let (services, params) = (services.clone(), params.clone());
        move || {
            let (services, query, params) = (services.clone(), query.clone(), params.clone());
            Suspend::new(async move {
                match services.events.occurrences(&query).await {
                    Ok(page) => results_view(page, &params).into_any(),
                    Err(EventQueryError::Invalid { field, problem }) => {
                        view! { <p class="error" role="alert">{field}": "{crate::i18n::problem(&problem)}</p> }.into_any()
                    }
                    Err(EventQueryError::Store(e)) => {
                        tracing::error!("events page: {e}");
                        view! { <ServerError /> }.into_any()
                    }
                }
            })
        }
    };
    let categories = {
        let services = services.clone();
        let current = params.category.clone();
        move || {
            let (services, current) = (services.clone(), current.clone());
            Suspend::new(async move {
                let list = services.events.categories().await.unwrap_or_default();
                view! {
                    <select id="event-category" name="category">
                        <option value="">{t("events-any-category")}</option>
                        {list.into_iter().map(|(slug, label)| {
                            let selected = slug == current;
                            view! { <option value=slug.clone() selected=selected>{t_or(&format!("event-category-{slug}"), &label)}</option> }
                        }).collect_view()}
                    </select>
                }
            })
        }
    };
    let check = |name: &'static str, key: &'static str, checked: bool| {
        view! { <label class="check"><input type="checkbox" name=name value="true" checked=checked />" "{t(key)}</label> }
    };
    view! {
        <crate::pages::preview::Preview title=t("events-title") description=t("preview-events") />
        <h1>{t("events-title")}</h1>
        <p class="intro">{t("events-intro")}</p>
        <crate::pages::alerts::TellMeWhen extra=vec![("wants", "event".to_string())] />
        <form class="filter" method="get" action="/events" role="search">
            <div class="field near-field">
                <label for="events-near">{t("near-label")}</label>
                <div class="filter-row">
                    <input id="events-near" name="near" type="search" value=params.near.clone() placeholder=t("near-placeholder") maxlength="100" />
                    <button type="submit">{t("near-submit")}</button>
                </div>
                // In sight, not among the other filters: it decides what "near" means.
                <div class="radius-row">
                    <label for="event-radius">{t("events-radius")}</label>" "
                    <RadiusSelect chosen=radius_km.unwrap_or(DEFAULT_RADIUS_KM) />
                </div>
            </div>
            <details class="more-filters">
                <summary>{t("filters-more")}</summary>
                <div class="filter-grid">
                    <div class="field">
                        <label for="event-category">{t("events-category")}</label>
                        <Suspense fallback=|| ()>{categories}</Suspense>
                    </div>
                    <div class="field">
                        <label for="event-lang">{t("events-language")}</label>
                        <select id="event-lang" name="lang">
                            <option value="">{t("events-any-language")}</option>
                            {["en", "ar", "fa", "fr", "es", "ku", "ti"].into_iter().map(|l| view! {
                                <option value=l selected=params.lang == l>{language_name(l)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <fieldset class="checks">
                        <legend>{t("events-only")}</legend>
                        {check("online", "events-online-only", params.online)}
                        {check("in_person", "events-in-person-only", params.in_person)}
                        {check("free", "events-free", params.free)}
                        {check("step_free", "events-step-free", params.step_free)}
                        {check("women", "events-women", params.women)}
                    </fieldset>
                </div>
                <button type="submit">{t("events-filter-submit")}</button>
            </details>
        </form>
        {near_note}
        {(!missed).then(|| view! {
            <SubscribeHelp feed_url download />
            <Suspense fallback=|| ()>{results}</Suspense>
        })}
    }
}

/// The distances offered, with one given in the address (`radius_km=15`)
/// kept as it is rather than shown as another.
#[component]
fn RadiusSelect(chosen: f64) -> impl IntoView {
    let mut radii = RADII.to_vec();
    if !radii.contains(&chosen) {
        radii.push(chosen);
        radii.sort_by(f64::total_cmp);
    }
    view! {
        <select id="event-radius" name="radius_km">
            {radii.into_iter().map(|r| view! {
                <option value=r.to_string() selected=r == chosen>{t_with("event-distance", &[("km", r.into())])}</option>
            }).collect_view()}
        </select>
    }
}

/// "Subscribe in your calendar": the https address to copy (which every
/// calendar takes; `webcal://` opens only Apple Calendar and Outlook), what
/// to do with it in each common calendar, and the one-off download. The
/// field can be selected without JavaScript; /assets/copy.js adds "Copy".
#[component]
fn SubscribeHelp(feed_url: String, download: String) -> impl IntoView {
    let webcal = feed_url.replacen("https://", "webcal://", 1).replacen("http://", "webcal://", 1);
    view! {
        <details class="subscribe" id="subscribe">
            <summary>{t("events-subscribe")}</summary>
            <p>{t("events-feed-intro")}</p>
            <label for="feed-url">{t("events-feed-address")}</label>
            <div class="filter-row copy-row">
                <input id="feed-url" type="url" readonly value=feed_url dir="ltr" />
                <button type="button" data-copy="feed-url" data-status="feed-url-status" data-done=t("copy-done")
                    data-selected=t("copy-selected") hidden>{t("copy-button")}</button>
            </div>
            <p id="feed-url-status" class="note" role="status"></p>
            <ul class="feed-apps">
                <li>{t("events-feed-google")}</li>
                <li>{t("events-feed-android")}</li>
                <li>{t("events-feed-apple")}</li>
                <li>{t("events-feed-outlook")}</li>
            </ul>
            <p class="feed-links">
                <a href=webcal>{t("events-feed-open")}</a>" · "<a href=download>{t("events-download")}</a>" "{t("events-download-once")}
            </p>
        </details>
        <script src=crate::assets::asset("/assets/copy.js") defer></script>
    }
}

/// One day's occurrences, under its date.
type Day = (String, Vec<PublicOccurrence>);

fn results_view(page: crate::ports::EventPage, params: &Params) -> impl IntoView {
    if page.items.is_empty() {
        return view! { <p class="empty-state">{t("events-empty")}</p> }.into_any();
    }
    // Today, the next six days, then later: each day once, in time order.
    let week_end = add_days(&page.today, 7);
    let mut groups: Vec<(String, Vec<Day>)> = Vec::new();
    for o in page.items {
        let day = o.start.get(..10).unwrap_or("").to_string();
        let section = if day <= page.today {
            t("events-today")
        } else if day < week_end {
            t("events-this-week")
        } else {
            t("events-later")
        };
        if groups.last().is_none_or(|(s, _)| *s != section) {
            groups.push((section, Vec::new()));
        }
        let days = &mut groups.last_mut().expect("just pushed").1;
        if days.last().is_none_or(|(d, _)| *d != day) {
            days.push((day.clone(), Vec::new()));
        }
        days.last_mut().expect("just pushed").1.push(o);
    }
    let next = page.next_cursor.map(|c| {
        let mut q = params.query_string();
        if !q.is_empty() {
            q.push('&');
        }
        q.push_str(&form_urlencoded::Serializer::new(String::new()).append_pair("cursor", &c).finish());
        format!("/events?{q}")
    });
    view! {
        {groups.into_iter().map(|(section, days)| view! {
            <section class="event-section">
                <h2>{section}</h2>
                {days.into_iter().map(|(day, items)| view! {
                    <h3>{long_date(&day)}</h3>
                    <ul class="cards">{items.into_iter().map(|o| view! { <OccurrenceItem o /> }).collect_view()}</ul>
                }).collect_view()}
            </section>
        }).collect_view()}
        {next.map(|href| view! { <nav class="pagination"><a rel="next" href=href>{t("events-more")}</a></nav> })}
    }
    .into_any()
}

/// `date` plus `n` days, as `YYYY-MM-DD` (only for comparing dates).
fn add_days(date: &str, n: u32) -> String {
    let parts: Vec<u32> = date.split('-').filter_map(|p| p.parse().ok()).collect();
    let [mut y, mut m, mut d] = parts[..] else { return date.to_string() };
    for _ in 0..n {
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let len = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][(m as usize).clamp(1, 12) - 1];
        d += 1;
        if d > len {
            d = 1;
            m += 1;
            if m > 12 {
                m = 1;
                y += 1;
            }
        }
    }
    format!("{y:04}-{m:02}-{d:02}")
}

/// A listing's next dates, for its page and the home page.
#[component]
pub fn UpcomingList(query: EventQuery, #[prop(optional)] empty_key: Option<&'static str>) -> impl IntoView {
    let services = expect_context::<Services>();
    let hide_group = query.listing.is_some();
    let list = move || {
        let (services, query) = (services.clone(), query.clone());
        Suspend::new(async move {
            match services.events.occurrences(&query).await {
                Ok(page) if page.items.is_empty() => empty_key.map(|k| view! { <p class="empty-state">{t(k)}</p> }).into_any(),
                Ok(page) => view! {
                    <ul class="cards">{page.items.into_iter().map(|o| view! { <OccurrenceItem o show_date=true hide_group /> }).collect_view()}</ul>
                }
                .into_any(),
                // A side panel: the page around it (a listing, the home
                // page) is served from memory and stays up without it.
                Err(e) => {
                    tracing::warn!("upcoming dates unavailable: {e:?}");
                    view! { <p class="note">{t("events-unavailable")}</p> }.into_any()
                }
            }
        })
    };
    view! { <Suspense fallback=|| ()>{list}</Suspense> }
}

#[component]
pub fn EventPage() -> impl IntoView {
    let slug = use_params_map().read_untracked().get("slug").unwrap_or_default();
    let services = expect_context::<Services>();
    let page = move || {
        let (services, slug) = (services.clone(), slug.clone());
        Suspend::new(async move {
            match services.events.event(&slug).await {
                Ok(Some(e)) => {
                    // What search engines read of each date: in the page's reading too.
                    let shown =
                        crate::translation::shown_language(&e.language, &e.translations, &crate::pages::translated::wanted_language());
                    let structured = crate::structured_data::events(&e.in_language(&shown), &services.public_url);
                    view! { <crate::pages::StructuredData data=structured /><EventDetails e /> }.into_any()
                }
                Ok(None) => view! { <NotFound /> }.into_any(),
                Err(err) => {
                    tracing::error!("event page: {err}");
                    view! { <ServerError /> }.into_any()
                }
            }
        })
    };
    view! { <Suspense fallback=|| ()>{page}</Suspense> }
}

#[component]
fn EventDetails(e: PublicEvent) -> impl IntoView {
    // The reader's language where translated, else the original, marked.
    let original = e.clone();
    let shown = crate::translation::shown_language(&e.language, &e.translations, &crate::pages::translated::wanted_language());
    let e = e.in_language(&shown);
    // A date's own title (a calendar's) has no translation: marked as the original.
    let (own_lang, own_dir) = crate::pages::translated::marks(if original.language.is_empty() { "en" } else { &original.language });
    let mark = |field| crate::pages::translated::field_marks(&original.language, &original.translations, &shown, field);
    let ((title_lang, title_dir), (summary_lang, summary_dir)) = (mark("title"), mark("summary"));
    let ((text_lang, text_dir), (notes_lang, notes_dir)) = (mark("description"), mark("access_notes"));
    let also_in = view! {
        <crate::pages::translated::AlsoIn path=format!("/events/{}", e.slug) original=original.language.clone()
            translations=original.translations.clone() shown=shown.clone() />
        <crate::pages::translator::TranslateLink entity=crate::people::Entity::Event slug=e.slug.clone() />
    }
    .into_any();
    let whereabouts = e
        .town
        .clone()
        .map(|town| t_with("listing-in-town", &[("town", crate::pages::directory::town_name(&town).into())]))
        .unwrap_or_else(|| t("event-online"));
    let description = format!("{} · {whereabouts}", category_label(&e.category));
    let cost = match e.cost {
        Cost::Free => t("event-cost-free"),
        Cost::Donation => t("event-cost-donation"),
        Cost::Price => e.price.clone().unwrap_or_else(|| t("event-cost-price")),
    };
    let join = match e.join_how {
        JoinHow::TurnUp => view! { <p>{t("event-join-turn-up")}</p> }.into_any(),
        JoinHow::Register => view! { <p>{t("event-join-register")}</p> }.into_any(),
        JoinHow::Link => match e.join_url.clone() {
            Some(u) => view! { <p><a href=u rel="noopener noreferrer nofollow">{t("event-join-link")}</a></p> }.into_any(),
            None => view! { <p>{t("event-join-turn-up")}</p> }.into_any(),
        },
    };
    let access: Vec<String> = e.access.iter().map(|a: &AccessFeature| t(&format!("access-{}", a.as_str().replace('_', "-")))).collect();
    view! {
        <crate::pages::preview::Preview title=e.title.clone() description=format!("{description}. {}", e.summary) kind="article" />
        <article class="event">
            <p><a href="/events">{t("event-back")}</a></p>
            <h1><span lang=title_lang dir=title_dir>{e.title.clone()}</span>" "{status_badge(e.status)}</h1>
            {also_in}
            // The category once, as the badge ("Drop-in · in Sheffield").
            <p class="card-meta"><span class="kind-badge">{category_label(&e.category)}</span>" · "{whereabouts}</p>
            {(!e.summary.is_empty()).then(|| view! { <p class="summary" lang=summary_lang dir=summary_dir>{e.summary.clone()}</p> })}
            <h2>{t("event-next-dates")}</h2>
            {if e.next.is_empty() {
                view! { <p class="empty-state">{t("event-no-dates")}</p> }.into_any()
            } else {
                view! { <ul class="dates">{original.next.iter().map(|o| view! {
                    <li class:cancelled=o.status == OccurrenceStatus::Cancelled>
                        <time datetime=o.start.clone()>{date_and_time(o)}</time>" "{status_badge(o.status)}
                        {(o.title != original.title).then(|| view! { " — "<span lang=own_lang.clone() dir=own_dir>{o.title.clone()}</span> })}
                    </li>
                }).collect_view()}</ul> }.into_any()
            }}
            <p><a class="button" href=format!("/events/{}.ics", e.slug)>{t("event-add-to-calendar")}</a></p>
            <h2>{t("event-where")}</h2>
            {e.venue_name.clone().map(|v| view! { <p dir="auto">{v}</p> })}
            {e.address.clone().map(|a| view! { <p><strong>{t("listing-address")}": "</strong><bdi>{a}</bdi></p> })}
            {e.town.clone().map(|town| view! { <p>{t_with("listing-in-town", &[("town", crate::pages::directory::town_name(&town).into())])}</p> })}
            {(e.attendance != Attendance::InPerson).then(|| match e.online_url.clone() {
                Some(u) => view! { <p><a href=u rel="noopener noreferrer nofollow">{t("event-online-link")}</a></p> }.into_any(),
                None => view! { <p>{t("event-online")}</p> }.into_any(),
            })}
            {e.listing.clone().zip(e.listing_name.clone()).map(|(slug, name)| {
                let (name, lang) = organiser_name(&slug, name);
                let dir = lang.as_deref().map_or("auto", crate::translation::text_dir);
                view! { <p>{t("event-organised-by")}" "<a href=format!("/listings/{slug}") lang=lang dir=dir>{name}</a></p> }
            })}
            <dl class="facts">
                <dt>{t("event-cost")}</dt><dd>{cost}</dd>
                <dt>{t("event-audience")}</dt><dd>{t(&format!("audience-{}", e.audience.as_str().replace('_', "-")))}</dd>
                {(!e.languages.is_empty()).then(|| view! { <dt>{t("listing-languages")}</dt><dd>{crate::pages::directory::language_names(&e.languages)}</dd> })}
                {(!access.is_empty() || !e.access_notes.is_empty()).then(|| view! {
                    <dt>{t("listing-accessibility")}</dt>
                    <dd><ul class="chips">{access.into_iter().map(|a| view! { <li>{a}</li> }).collect_view()}</ul><span lang=notes_lang dir=notes_dir>{e.access_notes.clone()}</span></dd>
                })}
                <dt>{t("event-how-to-join")}</dt><dd>{join}</dd>
            </dl>
            {(!e.description_html.is_empty()).then(|| view! { <div class="description" lang=text_lang dir=text_dir inner_html=e.description_html.clone()></div> })}
        </article>
    }
}

/// The organising group's name as its own page shows it to this reader
/// (translated where it is), with that name's language.
fn organiser_name(slug: &str, name: String) -> (String, Option<String>) {
    let Some(l) = use_context::<Services>().and_then(|s| s.listings.listing(slug)) else { return (name, None) };
    let lang = crate::translation::shown_language(&l.language, &l.translations, &crate::pages::translated::page_language());
    (l.translations.text_in(&lang, "name", &l.name).to_string(), Some(lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekdays_and_day_arithmetic() {
        assert_eq!(weekday("2026-12-02"), Some("wed"));
        assert_eq!(weekday("2027-01-05"), Some("tue"));
        assert_eq!(weekday("2024-02-29"), Some("thu"));
        assert_eq!(add_days("2026-12-28", 7), "2027-01-04");
        assert_eq!(add_days("2028-02-27", 3), "2028-03-01");
    }
}
