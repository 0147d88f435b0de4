//! The site over HTTP: the axum router driven in-process on a temporary
//! SQLite database.

use crate::common;

use axum::http::StatusCode;
use common::*;

#[tokio::test]
async fn the_home_page_is_the_front_door_near_me_search_and_register() {
    let db = sample_db().await;
    let (status, html) = get(&app(&db), "/").await;
    assert_eq!(status, StatusCode::OK);
    // The three ways in, each a plain GET form or link (no JavaScript needed).
    assert!(html.contains(r#"action="/listings""#) && html.contains(r#"name="near""#), "a near-me box");
    assert!(html.contains(r#"action="/search""#) && html.contains(r#"name="q""#), "a search box");
    assert!(html.contains(r#"href="/register""#), "register");
    // Around them, bounded: kinds with counts, a dozen recent listings, new resources.
    assert!(html.contains("Reporting centre · 12 listings"), "kind label through the translation layer, with its count: {html}");
    assert!(html.contains("71 listings"));
    assert_eq!(html.matches(r#"href="/listings/"#).count(), 12, "a dozen recently added listings, not all of them");
    assert!(html.contains(r#"href="/library/"#), "new resources");
    assert!(html.contains("fictional sample data"), "the footer says the sample data is fictional");
    assert!(html.contains(r#"<html lang="en""#));
    assert!(
        html.contains(r#"<meta name="description" content="Find migrant-justice groups"#),
        "a description for search engines and link previews"
    );
    assert!(html.contains(r#"property="og:site_name""#));
}

/// What the visitor downloads must not grow with the directory: the home
/// page with 5,071 listings weighs what it weighs with 71 (within 10%).
#[tokio::test]
async fn the_home_page_weighs_the_same_with_thousands_of_listings() {
    let db = sample_db().await;
    let (_, small) = get(&app(&db), "/").await;
    let lines: Vec<String> = (0..5000)
        .map(|i| format!(r#"{{"slug":"generated-group-{i:05}","kind":"solidarity_group","name":"Generated Group {i:05}","town":"Leeds","latitude":53.8,"longitude":-1.55}}"#))
        .collect();
    import(&db, &lines.join("\n"), PUBLISHED).await;
    let (status, big) = get(&app(&db), "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(big.contains("5,071 listings"));
    assert!(big.len() < 60_000, "{} bytes", big.len());
    assert!(big.len().abs_diff(small.len()) * 10 < small.len(), "71 listings: {} bytes, 5,071: {} bytes", small.len(), big.len());
}

/// "Most read this month": reads of a resource's page are counted (in
/// memory, then saved and ranked by the five-minute chores), and the home
/// page shows the most read that are not already among the newest.
#[tokio::test]
async fn the_home_page_shows_the_most_read_resources_of_the_month() {
    let db = sample_db().await;
    // Behind a proxy that says who the reader is.
    let leptos = leptos::prelude::LeptosOptions::builder().output_name("atlas").site_root(site_root().display().to_string()).build();
    let mut state = server::web::AppState::new(leptos, db.atlas.clone(), true);
    state.trust_proxy = true;
    let app = server::web::router(state);
    let (_, html) = get(&app, "/").await;
    assert!(!html.contains(r#"id="popular""#), "nothing read yet, no such section");
    let oldest: Vec<String> = db.atlas.read.library().all().iter().rev().take(2).map(|r| r.slug.clone()).collect();
    let read_by = |slug: String, reader: &'static str| {
        use tower::ServiceExt;
        let app = app.clone();
        async move {
            let request = axum::http::Request::get(format!("/library/{slug}")).header("x-forwarded-for", reader);
            app.oneshot(request.body(axum::body::Body::empty()).unwrap()).await.unwrap().status()
        }
    };
    for reader in ["203.0.113.1", "203.0.113.2", "203.0.113.3"] {
        assert_eq!(read_by(oldest[1].clone(), reader).await, StatusCode::OK);
    }
    // Issue 27: one client asking 400 times set "most read"; now it is one read.
    for _ in 0..50 {
        read_by(oldest[0].clone(), "198.51.100.7").await;
    }
    get(&app, "/library/no-such-resource").await;
    db.atlas.read.rank_popular_resources().await.unwrap();
    let (_, html) = get(&app, "/").await;
    let section = &html[html.find(r#"id="popular""#).expect("a most-read section")..];
    let (first, second) = (section.find(&oldest[1]).unwrap(), section.find(&oldest[0]).unwrap());
    assert!(first < second, "read by three before read fifty times by one");
    // Saved: counted again from the database, not from memory.
    db.atlas.read.rank_popular_resources().await.unwrap();
    assert_eq!(
        db.atlas.read.popular_resources(10).iter().map(|r| r.slug.clone()).collect::<Vec<_>>(),
        vec![oldest[1].clone(), oldest[0].clone()]
    );
    let (_, ar) = get(&app, "/ar/").await;
    assert!(ar.contains("الأكثر قراءة هذا الشهر"));
}

#[tokio::test]
async fn without_javascript_the_get_forms_search_on_the_server() {
    let db = sample_db().await;
    let (status, html) = get(&app(&db), "/search?q=glasgow+dance").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Glasgow Dance Group (sample)"), "{html}");
    assert!(html.contains(r#"method="get""#) && html.contains(r#"name="q""#));
    assert!(html.contains(r#"value="glasgow dance""#), "the form keeps what was typed");
    let (status, html) = get(&app(&db), "/listings?near=Glasgow").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Nearest to Glasgow first"), "the near-me box's answer");
}

#[tokio::test]
async fn pending_listings_are_not_public() {
    let db = sample_db().await;
    let line = r#"{"slug":"secret-new-group","kind":"solidarity_group","name":"Unreviewed Group","town":"Hull"}"#;
    import(&db, line, PENDING).await;
    let app = app(&db);
    let (_, html) = get(&app, "/").await;
    assert!(!html.contains("Unreviewed Group"));
    let (_, json) = get(&app, "/api/listings").await;
    assert!(!json.contains("Unreviewed Group"));
}

#[tokio::test]
async fn no_true_coordinates_leave_the_server_in_lists() {
    let db = sample_db().await;
    let app = app(&db);
    for uri in ["/", "/api/listings"] {
        let (_, body) = get(&app, uri).await;
        // The true point of an area listing in Sheffield (sample data).
        for secret in ["53.36454", "latitude"] {
            assert!(!body.contains(secret), "{uri} leaks {secret}");
        }
    }
}

#[tokio::test]
async fn empty_states_say_what_happened() {
    let db = empty_db().await;
    let (status, html) = get(&app(&db), "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("There are no listings yet."));

    let db = sample_db().await;
    let (_, html) = get(&app(&db), "/search?q=zzzzqqq").await;
    assert!(html.contains("Nothing found"), "{html}");
}

#[tokio::test]
async fn odd_query_strings_never_break_the_page() {
    let db = sample_db().await;
    let app = app(&db);
    let long = "a".repeat(10_000);
    for uri in ["/?q=%00%01", "/?q=%FF%FE", "/?q=(%22+-:^~*", &format!("/?q={long}"), "/?q="] {
        let (status, _) = get(&app, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
    }
}

#[tokio::test]
async fn unknown_pages_get_a_real_404_page() {
    let db = sample_db().await;
    let (status, html) = get(&app(&db), "/no/such/page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("Page not found"));
    assert!(html.contains(r#"href="/""#));
}

#[tokio::test]
async fn api_lists_and_filters_listings() {
    let db = sample_db().await;
    let (status, body) = get(&app(&db), "/api/listings?q=sheffield").await;
    assert_eq!(status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["total"], 3);
    assert_eq!(json["items"].as_array().unwrap().len(), 3);
    assert!(json["next_cursor"].is_null());
    assert_eq!(json["items"][0]["town"], "Sheffield");
}

#[tokio::test]
async fn api_bad_input_gets_a_clear_4xx() {
    let db = sample_db().await;
    let app = app(&db);
    let (status, body) = get(&app, &format!("/api/listings?q={}", "x".repeat(201))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("q is too long"), "{body}");

    let (status, body) = get(&app, "/api/nothing-here").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("no such API route"));
}

#[tokio::test]
async fn a_failing_database_gives_a_500_page_without_internals() {
    let db = sample_db().await;
    let drops: &[&str] = if common::on_postgres() {
        &["DROP TABLE listings CASCADE"]
    } else {
        // SQLite keeps its foreign keys: what refers to listings goes first.
        &["DROP TABLE event_occurrences", "DROP TABLE event_overrides", "DROP TABLE events", "DROP TABLE listings"]
    };
    for drop in drops {
        sqlx::query(drop).execute(db.store.pool()).await.unwrap();
    }
    let app = app(&db);

    let (status, html) = get(&app, "/").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(html.contains("Something went wrong"));
    assert!(!html.contains("no such table") && !html.contains("sqlite") && !html.contains("relation"), "{html}");
}

#[tokio::test]
async fn health_check_reports_the_database() {
    let db = empty_db().await;
    let app = app(&db);
    assert_eq!(get(&app, "/healthz").await, (StatusCode::OK, "ok".to_string()));
    db.store.pool().close().await;
    assert_eq!(get(&app, "/healthz").await.0, StatusCode::SERVICE_UNAVAILABLE);
}

/// GET with request headers.
async fn get_with(app: &axum::Router, uri: &str, headers: &[(&str, &str)]) -> axum::response::Response {
    use tower::ServiceExt;
    let mut req = axum::http::Request::get(uri);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    app.clone().oneshot(req.body(axum::body::Body::empty()).unwrap()).await.unwrap()
}

async fn body_text(response: axum::response::Response) -> String {
    use http_body_util::BodyExt;
    String::from_utf8_lossy(&response.into_body().collect().await.unwrap().to_bytes()).into_owned()
}

#[tokio::test]
async fn language_by_prefix_then_cookie_then_accept_language() {
    let db = sample_db().await;
    let app = app(&db);

    let response = get_with(&app, "/ar/listings?kind=reporting_centre", &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let cookies: Vec<String> = response.headers().get_all("set-cookie").iter().map(|c| c.to_str().unwrap().to_string()).collect();
    assert!(cookies.iter().any(|c| c.starts_with("atlas_lang=ar")), "{cookies:?}");
    let html = body_text(response).await;
    assert!(html.contains(r#"<html lang="ar" dir="rtl""#), "right to left");
    assert!(html.contains("الدليل"), "the directory in Arabic");
    assert!(html.contains("مركز توقيع"), "kind labels translated");

    // The cookie keeps the language on pages without a prefix.
    let html = body_text(get_with(&app, "/map", &[("cookie", "atlas_lang=fa")]).await).await;
    assert!(html.contains(r#"lang="fa" dir="rtl""#) && html.contains("نقشه"));

    // Else the browser's languages.
    let html = body_text(get_with(&app, "/library", &[("accept-language", "de-DE,fr;q=0.8,en;q=0.5")]).await).await;
    assert!(html.contains(r#"lang="fr" dir="ltr""#) && html.contains("Bibliothèque"));
    let html = body_text(get_with(&app, "/", &[("accept-language", "ja")]).await).await;
    assert!(html.contains(r#"lang="en""#));

    // A prefix beats the cookie; every language links to this page in every other.
    let html = body_text(get_with(&app, "/es/search?q=nhs", &[("cookie", "atlas_lang=ar")]).await).await;
    assert!(html.contains(r#"lang="es""#) && html.contains("Buscar"));
    for code in ["en", "ar", "fa", "fr", "es"] {
        assert!(html.contains(&format!(r#"href="/{code}/search?q=nhs""#)), "switcher link to {code}");
    }
    assert!(html.contains(">العربية<") && html.contains(">فارسی<"), "each language named in itself");

    // Unknown prefixes are ordinary (missing) pages; the API is unaffected.
    assert_eq!(get_with(&app, "/xx/listings", &[]).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(get_with(&app, "/ar/api/listings/sheffield-reporting-centre", &[]).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn numbers_and_dates_are_written_the_way_each_language_writes_them() {
    let db = sample_db().await;
    db.confirm_listing("sheffield-welcome-drop-in").await;
    db.atlas.read.reload().await.unwrap();
    let app = app(&db);
    let (_, fa) = get(&app, "/fa/").await;
    assert!(fa.contains("۷۱"), "Persian digits for the count");
    let (_, ar) = get(&app, "/ar/listings?near=Sheffield").await;
    assert!(ar.contains('٠') || ar.contains('١') || ar.contains('٢'), "Arabic digits for distances");
    let today = server::store::today();
    let month: usize = today[5..7].parse().unwrap();
    let es_month =
        ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"]
            [month - 1];
    let (_, es) = get(&app, "/es/listings/sheffield-welcome-drop-in").await;
    assert!(es.contains(&format!(" de {es_month} de {}", &today[..4])), "a Spanish date");
    let (_, en) = get(&app, "/listings/sheffield-welcome-drop-in").await;
    // Machine-readable times (`<time datetime=…>`) may be ISO; the text not.
    let visible: String =
        en.split("datetime=\"").enumerate().map(|(i, part)| if i == 0 { part } else { part.split_once('"').map_or("", |p| p.1) }).collect();
    assert!(!visible.contains(&today), "not the ISO date");
}

#[tokio::test]
async fn built_files_are_addressed_by_content_hash_and_kept_for_a_year() {
    let db = sample_db().await;
    let app = app(&db);
    let mut v = Visitor::new(&app);
    let home = v.get("/").await.body;
    let css = home.split(r#"href="/pkg/atlas.css?v="#).nth(1).expect("a versioned stylesheet").split('"').next().unwrap().to_string();
    assert_eq!(css.len(), 12);
    let a = v.get(&format!("/pkg/atlas.css?v={css}")).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.headers.get("cache-control").unwrap(), "public, max-age=31536000, immutable");
    // The islands under their hashed names.
    let js = home.split("/pkg/atlas.").skip(1).map(|s| s.split('"').next().unwrap().to_string()).find(|s| s.ends_with(".js")).unwrap();
    assert!(js.len() == "0123456789ab.js".len() && js.ends_with(".js"), "{js}");
    let a = v.get(&format!("/pkg/atlas.{js}")).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.headers.get("cache-control").unwrap().to_str().unwrap().contains("immutable"));
    // Pages themselves are always revalidated, whatever their query says:
    // a `?v=` made any page (an account export too) public for a year.
    assert_eq!(v.get("/").await.headers.get("cache-control").unwrap(), "no-cache");
    for page in ["/?v=0123456789ab", "/map?v=1", "/library?v=x", "/admin?v=1", "/account/export?v=1", "/healthz?v=1", "/api/kinds?v=1"] {
        let cache = v.get(page).await.headers.get("cache-control").map(|c| c.to_str().unwrap().to_string()).unwrap_or_default();
        assert!(!cache.contains("public") && !cache.contains("immutable"), "{page}: {cache}");
    }
}

/// `/metrics` for the operator's monitoring, in the Prometheus text format:
/// absent without a token, refused with a wrong one, parsed by a
/// Prometheus text parser with the right one.
#[tokio::test]
async fn metrics_are_for_the_operator_only_and_in_the_prometheus_format() {
    use tower::ServiceExt;
    let db = sample_db().await;
    assert_eq!(get(&app(&db), "/metrics").await.0, StatusCode::NOT_FOUND, "no token configured: no route");
    let leptos = leptos::prelude::LeptosOptions::builder().output_name("atlas").site_root(site_root().display().to_string()).build();
    let mut state = server::web::AppState::new(leptos, db.atlas.clone(), true);
    state.metrics_token = Some("s3cret-token".into());
    server::web::metrics::init();
    let app = server::web::router(state);
    let (status, _) = get(&app, "/listings/sheffield-welcome-drop-in").await;
    assert_eq!(status, StatusCode::OK);
    let ask = |auth: Option<&str>| {
        let mut req = axum::http::Request::get("/metrics");
        if let Some(a) = auth {
            req = req.header("authorization", a);
        }
        app.clone().oneshot(req.body(axum::body::Body::empty()).unwrap())
    };
    assert_eq!(ask(None).await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert_eq!(ask(Some("Bearer wrong")).await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let answer = ask(Some("Bearer s3cret-token")).await.unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let body = http_body_util::BodyExt::collect(answer.into_body()).await.unwrap().to_bytes();
    let text = String::from_utf8(body.to_vec()).unwrap();
    let scrape = prometheus_parse::Scrape::parse(text.lines().map(|l| Ok(l.to_string()))).expect("Prometheus text format");
    let sample = |name: &str| scrape.samples.iter().find(|s| s.metric == name).unwrap_or_else(|| panic!("no {name} in {text}"));
    let listing = scrape
        .samples
        .iter()
        .find(|s| s.metric == "atlas_requests_total" && s.labels.get("route") == Some("/listings/:slug"))
        .unwrap_or_else(|| panic!("requests by route template: {text}"));
    assert_eq!(listing.labels.get("status"), Some("200"));
    assert!(!text.contains("sheffield-welcome-drop-in"), "route templates, never paths as sent");
    for name in [
        "atlas_request_duration_seconds",
        "atlas_directory_listings",
        "atlas_search_documents",
        "atlas_outbox_unsent",
        "atlas_outbox_unsent_by_kind",
        "atlas_alerts_matched_total",
        "atlas_alerts_sent_total",
        "atlas_alerts_failed_total",
    ] {
        sample(name);
    }
    match sample("atlas_directory_listings").value {
        prometheus_parse::Value::Gauge(n) => assert_eq!(n, 71.0),
        ref other => panic!("a gauge: {other:?}"),
    }
}

/// Random text, in any script, in every query parameter a visitor can
/// type into: never a 5xx.
#[test]
fn random_query_strings_never_give_a_5xx() {
    use proptest::prelude::*;
    const PARAMETERS: [&str; 13] = [
        "/listings?near=",
        "/listings?kind=",
        "/listings?tag=",
        "/search?q=",
        "/library?topic=",
        "/api/listings?bbox=",
        "/api/listings?near=",
        "/api/listings?q=",
        "/api/places?q=",
        "/api/places?near=",
        "/api/search?q=",
        "/api/suggest?q=",
        "/api/clusters?zoom=6&bbox=",
    ];
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let db = runtime.block_on(sample_db());
    let app = app(&db);
    let mut runner = proptest::test_runner::TestRunner::new(proptest::test_runner::Config { cases: 200, ..Default::default() });
    runner
        .run(&(0..PARAMETERS.len(), "\\PC{0,120}"), |(i, text)| {
            let value: String = form_urlencoded::byte_serialize(text.as_bytes()).collect();
            let uri = format!("{}{value}", PARAMETERS[i]);
            let (status, _) = runtime.block_on(get(&app, &uri));
            prop_assert!(!status.is_server_error(), "{uri}: {status}");
            Ok(())
        })
        .unwrap();
}

/// The `<head>` of a page: where link previews are read from.
fn head_of(html: &str) -> &str {
    html.split("</head>").next().unwrap_or("")
}

/// Every public page has a link preview in all five languages: a
/// description, Open Graph and Twitter card tags, locale and alternates and
/// our own image. A listing's names its kind and town, never a point; names
/// written by groups are escaped; a lockdown's previews name no listing.
#[tokio::test]
async fn every_public_page_has_a_link_preview_in_every_language() {
    let db = sample_db().await;
    let tricky = r#"{"slug":"quote-group","kind":"solidarity_group","name":"Quote \"Group\" <b>bold</b>","town":"Leeds","latitude":53.80123,"longitude":-1.54987,"precision":"approximate"}"#;
    import(&db, tricky, PUBLISHED).await;
    let app = app(&db);
    let pages = [
        "/",
        "/listings",
        "/map",
        "/library",
        "/search",
        "/register",
        "/share",
        "/listings/sheffield-welcome-drop-in",
        "/library/kyr-reporting-centre",
    ];
    let tags = [
        r#"<meta name="description" content=""#,
        r#"<meta property="og:title" content=""#,
        r#"<meta property="og:description" content=""#,
        r#"<meta property="og:type""#,
        r#"<meta property="og:site_name""#,
        r#"<meta property="og:image" content="http"#,
        r#"<meta property="og:locale" content=""#,
        r#"<meta property="og:locale:alternate""#,
        r#"<meta name="twitter:card" content="summary_large_image""#,
        r#"hreflang="fa""#,
    ];
    for lang in ["en", "ar", "fa", "fr", "es"] {
        for page in pages {
            let uri = if lang == "en" { page.to_string() } else { format!("/{lang}{page}") };
            let (status, html) = get(&app, &uri).await;
            assert_eq!(status, StatusCode::OK, "{uri}");
            let head = head_of(&html);
            for tag in tags {
                assert!(head.contains(tag), "{uri} lacks {tag}: {head}");
            }
            assert_eq!(head.matches(r#"name="description""#).count(), 1, "{uri}: one description");
        }
    }
    // A listing: name, kind and town; no coordinates anywhere in the head.
    let (_, html) = get(&app, "/listings/sheffield-welcome-drop-in").await;
    let head = head_of(&html);
    assert!(head.contains(r#"<meta property="og:title" content="Sheffield Welcome Drop-in (sample)""#), "{head}");
    assert!(head.contains("Solidarity group in Sheffield."), "{head}");
    assert!(!head.contains("53.3") && !head.contains("-1.4"), "no point in a preview: {head}");
    let (_, html) = get(&app, "/ar/listings/sheffield-welcome-drop-in").await;
    assert!(head_of(&html).replace(['\u{2068}', '\u{2069}'], "").contains("في شفيلد"), "in Arabic too, the town as Arabic writes it");
    let (_, html) = get(&app, "/listings/quote-group").await;
    let head = head_of(&html);
    assert!(!head.contains("<b>") && !head.contains(r#"content="Quote "Group""#), "escaped: {head}");
    assert!(!head.contains("53.80") && !head.contains("-1.54"), "{head}");

    // A lockdown: the listing's page is gone, and no preview names a listing.
    let admin = db.put_user("admin@example.org", app::people::Role::Admin, &[]).await;
    db.atlas.set_lockdown(&admin, true, "test").await.unwrap();
    for page in ["/", "/listings", "/map", "/listings/sheffield-welcome-drop-in"] {
        let (_, html) = get(&app, page).await;
        let head = head_of(&html);
        assert!(!head.contains("Sheffield Welcome") && !head.contains("Quote"), "{page} during a lockdown: {head}");
    }
}

/// Open data (the API, GeoJSON, calendar feeds) is readable from any
/// site's pages, without cookies; pages, forms and accounts are not.
#[tokio::test]
async fn open_data_is_readable_from_any_site_and_nothing_else_is() {
    use axum::body::Body;
    use axum::http::{header, Method, Request};
    use tower::ServiceExt;
    let db = sample_db().await;
    let app = app(&db);
    let ask = |method: Method, uri: &str, extra: Option<(&'static str, &'static str)>| {
        let mut req = Request::builder().method(method).uri(uri).header(header::ORIGIN, "https://coalition.example");
        if let Some((k, v)) = extra {
            req = req.header(k, v);
        }
        app.clone().oneshot(req.body(Body::empty()).unwrap())
    };
    for uri in [
        "/api/listings",
        "/api/listings.geojson",
        "/api/clusters?bbox=-11,49,2.5,61&zoom=5",
        "/api/search?q=walk",
        "/api/events",
        "/api/no-such-route",
        "/events.ics",
        "/listings/sheffield-welcome-drop-in/events.ics",
        "/events/walking-group-london.ics",
        "/openreferral/services",
        "/feeds/listings.atom",
    ] {
        let r = ask(Method::GET, uri, None).await.unwrap();
        assert!(r.status().is_success() || r.status() == StatusCode::NOT_FOUND, "{uri}: {}", r.status());
        assert_eq!(r.headers().get(header::ACCESS_CONTROL_ALLOW_ORIGIN).map(|v| v.to_str().unwrap()), Some("*"), "{uri}");
        assert!(r.headers().get(header::ACCESS_CONTROL_ALLOW_CREDENTIALS).is_none(), "{uri}");
    }
    // A browser's preflight for a conditional GET is answered; writes are not offered.
    let r = ask(Method::OPTIONS, "/api/listings", Some(("access-control-request-method", "GET"))).await.unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    let methods = r.headers().get(header::ACCESS_CONTROL_ALLOW_METHODS).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    assert!(methods.contains("GET") && !methods.contains("POST"), "{methods}");
    for (method, uri) in
        [(Method::GET, "/"), (Method::GET, "/listings"), (Method::GET, "/account"), (Method::GET, "/map"), (Method::POST, "/login")]
    {
        let r = ask(method.clone(), uri, None).await.unwrap();
        assert!(r.headers().get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none(), "{method} {uri}");
    }
}

/// Atom feeds of what is new: the newest listings (by kind) and resources
/// (by language), in the reader's language, with stable ids, no place
/// beyond the town, and no listing during a lockdown.
#[tokio::test]
async fn atom_feeds_list_what_is_new_in_the_readers_language() {
    let db = sample_db().await;
    let app = app(&db);
    let read = |body: &str| body.parse::<atom_syndication::Feed>().expect("an Atom feed");
    let (status, body) = get(&app, "/feeds/listings.atom").await;
    assert_eq!(status, 200, "{body}");
    let feed = read(&body);
    assert!(!feed.entries.is_empty() && feed.entries.len() <= 50);
    assert_eq!(feed.title.as_str(), "Solidarity Atlas: new groups and places");
    assert_eq!(
        read(&get(&app, "/feeds/listings.atom").await.1).entries.iter().map(|e| e.id.clone()).collect::<Vec<_>>(),
        feed.entries.iter().map(|e| e.id.clone()).collect::<Vec<_>>(),
        "stable ids"
    );
    let snapshot = db.atlas.read.public_directory();
    for e in &feed.entries {
        let slug = e.id.rsplit("/listings/").next().unwrap();
        let l = snapshot.get(slug).expect("a published listing");
        assert_eq!(e.title.as_str(), l.name);
        assert!(e.summary.as_ref().unwrap().as_str().contains(&l.town));
    }
    assert!(!body.contains("51.51344"), "the walking group's true point");
    // A kind narrows; an unknown one is refused with the known ones.
    let (_, groups) = get(&app, "/feeds/listings.atom?kind=solidarity_group").await;
    for e in read(&groups).entries {
        assert_eq!(snapshot.get(e.id.rsplit("/listings/").next().unwrap()).unwrap().kind, "solidarity_group");
    }
    let (status, body) = get(&app, "/feeds/listings.atom?kind=spaceship").await;
    assert_eq!(status, 400);
    assert!(body.contains("solidarity_group"), "{body}");
    // In Arabic, and the library by language.
    let arabic = read(&get(&app, "/ar/feeds/listings.atom").await.1);
    assert_eq!((arabic.lang.as_deref(), arabic.title.as_str()), (Some("ar"), "أطلس التضامن: مجموعات وأماكن جديدة"));
    let library = read(&get(&app, "/feeds/library.atom?lang=ar").await.1);
    assert!(!library.entries.is_empty());
    for e in &library.entries {
        let slug = e.id.rsplit("/library/").next().unwrap();
        assert!(db.atlas.read.library().get(slug).unwrap().languages.contains(&"ar".to_string()), "{slug}");
    }
    // Lockdown: no listing, the library stays.
    let admin = db.put_user("admin@example.org", app::people::Role::Admin, &[]).await;
    db.atlas.set_lockdown(&admin, true, "test").await.unwrap();
    assert!(read(&get(&app, "/feeds/listings.atom").await.1).entries.is_empty());
    assert!(!read(&get(&app, "/feeds/library.atom").await.1).entries.is_empty());
}

/// `/api/listings.csv`: every published listing (with the directory's
/// filters) at its public point, in the columns `atlas import` reads back.
#[tokio::test]
async fn the_csv_export_reads_back_into_another_atlas_without_any_true_point() {
    let db = sample_db().await;
    // Issue 27: a cell a spreadsheet would run as a formula.
    let formula = r#"{"slug": "formula-group", "kind": "solidarity_group", "name": "=HYPERLINK(\"http://evil.example\",\"Click\")", "summary": "-2+3", "town": "Leeds", "precision": "area"}"#;
    common::import(&db, formula, PUBLISHED).await;
    let app = app(&db);
    let (status, csv_text) = get(&app, "/api/listings.csv").await;
    assert_eq!(status, 200);
    assert!(csv_text.contains("\"'=HYPERLINK(") && csv_text.contains(",'-2+3,"), "{csv_text}");
    // Issue 27: built once per directory snapshot, named by an ETag.
    let fetch = |tag: Option<String>| {
        use tower::ServiceExt;
        let app = app.clone();
        async move {
            let mut request = axum::http::Request::get("/api/listings.csv");
            if let Some(tag) = tag {
                request = request.header("if-none-match", tag);
            }
            app.oneshot(request.body(axum::body::Body::empty()).unwrap()).await.unwrap()
        }
    };
    let first = fetch(None).await;
    let etag = first.headers()["etag"].to_str().unwrap().to_string();
    assert_eq!(fetch(Some(etag.clone())).await.status(), 304);
    common::import(&db, &formula.replace("-2+3", "changed"), PUBLISHED).await;
    let after = fetch(Some(etag.clone())).await;
    assert_eq!(after.status(), 200, "a new snapshot, a new ETag");
    assert_ne!(after.headers()["etag"].to_str().unwrap(), etag);
    let published = db.atlas.read.public_directory().all().len();
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    assert_eq!(reader.records().count(), published);
    assert!(!csv_text.contains("51.51344"), "the walking group's true latitude");
    let (_, groups) = get(&app, "/api/listings.csv?kind=solidarity_group").await;
    let mut reader = csv::Reader::from_reader(groups.as_bytes());
    assert!(reader.records().all(|r| &r.unwrap()[1] == "solidarity_group"));
    let other = empty_db().await;
    let report = other
        .atlas
        .import_listings(csv_text.as_bytes(), server::import::listings::Format::Csv, PUBLISHED, |_| {})
        .await
        .expect("the export imports");
    assert_eq!(report.slugs.len(), published);
    let read_back = other.atlas.read.public_directory().get("formula-group").cloned().unwrap();
    assert!(read_back.name.starts_with("=HYPERLINK"), "read back as it was: {}", read_back.name);
    let walking = other.atlas.read.public_directory().get("london-walking-group").cloned().unwrap();
    let original = db.atlas.read.public_directory().get("london-walking-group").cloned().unwrap();
    assert_eq!((walking.lat, walking.lon), (original.lat, original.lon), "the public point, still public");
}

/// `/embed/listings`: framable by any site (only it), no cookie, links to
/// the full site in a new tab, the directory's filters and rules; the
/// builder makes the snippet.
#[tokio::test]
async fn the_embedded_list_is_framable_filtered_and_sets_no_cookie() {
    use axum::body::Body;
    use axum::http::{header, Request};
    use tower::ServiceExt;
    let db = sample_db().await;
    let app = app(&db);
    let fetch = |uri: &'static str| {
        let app = app.clone();
        async move { app.oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap() }
    };
    let r = fetch("/embed/listings?kind=solidarity_group&near=Sheffield&radius=25").await;
    assert_eq!(r.status(), 200);
    let h = r.headers().clone();
    assert!(h.get(header::CONTENT_SECURITY_POLICY).unwrap().to_str().unwrap().contains("frame-ancestors *"));
    assert!(h.get("x-frame-options").is_none() && h.get(header::SET_COOKIE).is_none(), "{h:?}");
    let body = String::from_utf8(axum::body::to_bytes(r.into_body(), usize::MAX).await.unwrap().to_vec()).unwrap();
    assert!(body.contains("Sheffield Welcome Drop-in") && !body.contains("<form") && !body.contains("<script"), "{body}");
    assert!(!body.contains("London Walking"), "a filter passes through: {body}");
    let links = body.matches("<a ").count();
    assert!(links > 1 && body.matches("target=\"_blank\" rel=\"noopener\"").count() == links, "{body}");
    assert!(body.contains("/listings?kind=solidarity_group&amp;near=Sheffield&amp;radius=25"), "see all, same filters: {body}");
    // In Arabic, right to left; an unknown kind is a clear 400.
    let (_, arabic) = get(&app, "/ar/embed/listings").await;
    assert!(arabic.contains("lang=\"ar\" dir=\"rtl\"") && arabic.contains("/ar/listings/"), "{arabic}");
    assert_eq!(get(&app, "/embed/listings?kind=spaceship").await.0, 400);
    // Every other page still refuses to be framed.
    assert_eq!(fetch("/listings").await.headers().get("x-frame-options").map(|v| v.to_str().unwrap().to_string()), Some("DENY".into()));
    // The builder's snippet: a lazy iframe of the chosen filters, titled in
    // the embed's language, as wide as the page it sits in up to the width.
    let (status, builder) = get(&app, "/embed?kind=solidarity_group&ui=ar&width=300").await;
    assert_eq!(status, 200);
    assert!(builder.contains("/ar/embed/listings?kind=solidarity_group"), "{builder}");
    assert!(
        builder.contains(r#"loading="lazy" style="width:100%;max-width:300px;height:500px;border:0"&gt;&lt;/iframe&gt;"#)
            && builder.contains(r#"title="أطلس التضامن: مجموعات وأماكن""#),
        "{builder}"
    );
    let (_, english) = get(&app, "/embed?what=events").await;
    assert!(english.contains(r#"title="Solidarity Atlas: what's on""#), "{english}");
    // Lockdown: no listing at all.
    let admin = db.put_user("admin@example.org", app::people::Role::Admin, &[]).await;
    db.atlas.set_lockdown(&admin, true, "test").await.unwrap();
    let (_, locked) = get(&app, "/embed/listings").await;
    assert!(!locked.contains("Sheffield Welcome") && !locked.contains("<li>"), "{locked}");
}

/// No embed sets a cookie, whatever its language: a coalition's page must
/// not plant one in its readers' browsers, and the web person previewing
/// an Arabic embed must not find the whole site turned Arabic. Its
/// language is its address's, never the reader's cookie or browser.
#[tokio::test]
async fn no_embed_sets_a_cookie_and_its_language_is_its_address() {
    use axum::body::Body;
    use axum::http::{header, Request};
    use tower::ServiceExt;
    let db = sample_db().await;
    let app = app(&db);
    for what in ["listings", "map", "events"] {
        for prefix in ["", "/ar", "/fa", "/fr", "/es"] {
            let uri = format!("{prefix}/embed/{what}?near=Sheffield");
            let r = app.clone().oneshot(Request::get(uri.as_str()).body(Body::empty()).unwrap()).await.unwrap();
            assert_eq!(r.status(), 200, "{uri}");
            assert!(r.headers().get(header::SET_COOKIE).is_none(), "{uri} sets a cookie: {:?}", r.headers());
        }
    }
    // Nor what the embedded map asks for its markers.
    let r = app.clone().oneshot(Request::get("/api/clusters?bbox=-8,49,2,59&zoom=5").body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers().get(header::SET_COOKIE).is_none(), "{:?}", r.headers());
    // An English embed read by someone whose browser (or cookie) says Arabic.
    let r = app
        .clone()
        .oneshot(
            Request::get("/embed/listings")
                .header(header::ACCEPT_LANGUAGE, "ar")
                .header(header::COOKIE, "atlas_lang=fa")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert!(r.headers().get(header::SET_COOKIE).is_none(), "{:?}", r.headers());
    let body = String::from_utf8(axum::body::to_bytes(r.into_body(), usize::MAX).await.unwrap().to_vec()).unwrap();
    assert!(body.contains("<html lang=\"en\" dir=\"ltr\">"), "{body}");
    // The builder in Arabic offers an Arabic embed first.
    let (_, builder) = get(&app, "/ar/embed").await;
    assert!(builder.contains("/ar/embed/listings\" title=\"أطلس التضامن"), "{builder}");
    // The site's own pages still remember a chosen language.
    let r = app.clone().oneshot(Request::get("/ar/embed").body(Body::empty()).unwrap()).await.unwrap();
    let cookies: Vec<_> = r.headers().get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).collect();
    assert!(cookies.iter().any(|c| c.starts_with("atlas_lang=ar")), "{cookies:?}");
}

/// `/embed/events`: what's on next for another site's page, framable there,
/// no cookie or form, the filters passed through, dates in the reader's
/// language, no place during a lockdown.
#[tokio::test]
async fn the_embedded_events_are_framable_filtered_and_dated_in_the_readers_language() {
    use axum::body::Body;
    use axum::http::{header, Request};
    use tower::ServiceExt;
    let db = sample_db().await;
    let app = app(&db);
    let r = app.clone().oneshot(Request::get("/embed/events?near=Sheffield&radius=10").body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(r.status(), 200);
    let h = r.headers().clone();
    assert!(h.get(header::CONTENT_SECURITY_POLICY).unwrap().to_str().unwrap().contains("frame-ancestors *"));
    assert!(h.get("x-frame-options").is_none() && h.get(header::SET_COOKIE).is_none(), "{h:?}");
    let body = String::from_utf8(axum::body::to_bytes(r.into_body(), usize::MAX).await.unwrap().to_vec()).unwrap();
    assert!(body.contains("/events/welcome-drop-in-sheffield\"") && !body.contains("walking-group-london"), "near Sheffield only: {body}");
    assert!(!body.contains("<form") && !body.contains("<script"), "{body}");
    let links = body.matches("<a ").count();
    assert!(links > 1 && body.matches("target=\"_blank\" rel=\"noopener\"").count() == links, "{body}");
    let (_, london) = get(&app, "/embed/events?listing=london-walking-group").await;
    assert!(london.contains("Walking group (sample)") && !london.contains("welcome-drop-in-sheffield"), "{london}");
    let (_, arabic) = get(&app, "/ar/embed/events?listing=london-walking-group").await;
    assert!(arabic.contains("dir=\"rtl\"") && arabic.contains("الثلاثاء"), "a Tuesday, in Arabic: {arabic}");
    assert_eq!(get(&app, "/embed/events?near=Nowhere-on-earth").await.0, 400);
    let (_, builder) = get(&app, "/embed?what=events&near=Sheffield").await;
    assert!(builder.contains("/embed/events?near=Sheffield"), "{builder}");
    let admin = db.put_user("admin@example.org", app::people::Role::Admin, &[]).await;
    db.atlas.set_lockdown(&admin, true, "test").await.unwrap();
    let (_, locked) = get(&app, "/embed/events?listing=london-walking-group").await;
    assert!(!locked.contains(" · London") && !locked.contains("London Walking"), "no place or group in a lockdown: {locked}");
}

/// The GeoJSON export opens in GDAL (what QGIS reads it with): every
/// published listing is a feature, with its public point.
#[tokio::test]
async fn the_geojson_export_opens_in_gdal() {
    let db = sample_db().await;
    let app = app(&db);
    let (status, body) = get(&app, "/api/listings.geojson").await;
    assert_eq!(status, 200);
    let file = db.dir.path().join("listings.geojson");
    std::fs::write(&file, &body).unwrap();
    let out = std::process::Command::new("ogrinfo")
        .args(["-ro", "-al", "-so"])
        .arg(&file)
        .output()
        .expect("run ogrinfo (scripts/setup --test installs gdal-bin)");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{report}\n{}", String::from_utf8_lossy(&out.stderr));
    let published = db.atlas.read.public_directory().all().len();
    assert!(report.contains(&format!("Feature Count: {published}")), "{published} listings:\n{report}");
    assert!(report.contains("Geometry: Point") && report.contains("name: String"), "{report}");
}

/// `/embed/map`: the map for another site's page, framable there only,
/// no cookie, Leaflet and our script from this server, the filters passed
/// to the markers' query; none during a lockdown.
#[tokio::test]
async fn the_embedded_map_is_framable_and_asks_only_this_server() {
    use axum::body::Body;
    use axum::http::{header, Request};
    use tower::ServiceExt;
    let db = sample_db().await;
    let app = app(&db);
    let r = app
        .clone()
        .oneshot(Request::get("/embed/map?kind=solidarity_group&near=Sheffield&radius=25&on=week").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let h = r.headers().clone();
    assert!(h.get(header::CONTENT_SECURITY_POLICY).unwrap().to_str().unwrap().contains("frame-ancestors *"));
    assert!(h.get("x-frame-options").is_none() && h.get(header::SET_COOKIE).is_none(), "{h:?}");
    let body = String::from_utf8(axum::body::to_bytes(r.into_body(), usize::MAX).await.unwrap().to_vec()).unwrap();
    assert!(body.contains("id=\"embed-map\"") && body.contains("kind=solidarity_group&amp;on=week&amp;near="), "{body}");
    for src in body.split("src=\"").skip(1).chain(body.split("href=\"").skip(1)) {
        // (`data:,` is the empty icon: no request at all.)
        assert!(src.starts_with('/') || src.starts_with("data:,\""), "only this server: {src}");
    }
    assert!(body.contains("<noscript>") && !body.contains("<form"), "{body}");
    let (_, builder) = get(&app, "/embed?what=map&kind=solidarity_group").await;
    assert!(builder.contains("/embed/map?kind=solidarity_group"), "{builder}");
    let admin = db.put_user("admin@example.org", app::people::Role::Admin, &[]).await;
    db.atlas.set_lockdown(&admin, true, "test").await.unwrap();
    let (_, locked) = get(&app, "/embed/map").await;
    assert!(!locked.contains("embed-map\"") && locked.contains("not available"), "{locked}");
}

/// `/api/openapi.json` is OpenAPI 3.1 and describes every `/api/` route
/// (a route added tomorrow must be described too), with this instance's
/// kinds as the kind filter's values and the error body on every 4xx.
#[tokio::test]
async fn the_openapi_document_describes_every_api_route() {
    let db = sample_db().await;
    let app = app(&db);
    let (status, body) = get(&app, "/api/openapi.json").await;
    assert_eq!(status, 200);
    let doc: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"), "{}", doc["openapi"]);
    let documented: Vec<&String> = doc["paths"].as_object().unwrap().keys().collect();
    let own = ["/api/", "/api/openapi.json"];
    for path in server::web::route_paths().iter().filter(|p| p.starts_with("/api/") && !own.contains(&p.as_str())) {
        assert!(documented.contains(&path), "{path} is not in the OpenAPI document");
    }
    let kind = doc["paths"]["/api/listings"]["get"]["parameters"].as_array().unwrap().iter().find(|p| p["name"] == "kind").unwrap().clone();
    assert!(kind.to_string().contains("reporting_centre"), "{kind}");
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (status, response) in item["get"]["responses"].as_object().unwrap() {
            if status.starts_with('4') {
                assert!(response.to_string().contains("ErrorBody"), "{path} {status}");
            }
        }
    }
    // The page people read says the same, in the site's shell; /api leads there.
    let (status, _) = get(&app, "/api").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, page) = get(&app, "/developers").await;
    assert_eq!(status, 200);
    for path in doc["paths"].as_object().unwrap().keys() {
        assert!(page.contains(&format!("GET {path}")), "{path} is not on /developers");
    }
    assert!(page.contains("radius_km") && page.contains("/openreferral/"), "parameters and the other ways in");
    let (_, arabic) = get(&app, "/ar/developers").await;
    assert!(arabic.contains("البيانات المفتوحة وواجهة البرمجة"));
}

/// A NUL byte (which PostgreSQL refuses in text) or another control
/// character, in any query parameter or path segment of any route: never a
/// 5xx. The API refuses it with a 400 naming the parameter.
#[tokio::test]
async fn control_characters_in_any_parameter_never_give_a_5xx() {
    const NAMES: [&str; 30] = [
        "q",
        "kind",
        "tag",
        "lang",
        "near",
        "bbox",
        "on",
        "cursor",
        "limit",
        "radius_km",
        "radius",
        "zoom",
        "precision",
        "type",
        "topic",
        "from",
        "to",
        "page",
        "per_page",
        "listing",
        "category",
        "online",
        "format",
        "search",
        "postcode",
        "modified_after",
        "slug",
        "token",
        "next",
        "id",
    ];
    let db = sample_db().await;
    let app = app(&db);
    let paths: Vec<String> = server::web::route_paths()
        .into_iter()
        .filter(|p| !p.contains('*'))
        .map(|p| p.split('/').map(|s| if s.starts_with('{') || s.starts_with(':') { "a%00b" } else { s }).collect::<Vec<_>>().join("/"))
        .collect();
    for path in &paths {
        let (status, _) = get(&app, path).await;
        assert!(!status.is_server_error(), "{path}: {status}");
        let every: Vec<String> = NAMES.iter().map(|n| format!("{n}=x%01%7Fy")).collect();
        let (status, _) = get(&app, &format!("{path}?{}", every.join("&"))).await;
        assert!(!status.is_server_error(), "{path} with other control characters: {status}");
        for name in NAMES {
            // Required parameters are given, so that the bad one is what is refused.
            let uri = format!("{path}?{}{name}=a%00b", if name == "zoom" { "" } else { "zoom=6&" });
            let (status, body) = get(&app, &uri).await;
            assert!(!status.is_server_error(), "{uri}: {status} {body}");
            // (A route that reads no query string may answer as usual.)
            if path.starts_with("/api/") && !path.contains("%00") && path != "/api/" && status != StatusCode::OK {
                assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}");
                assert!(body.contains(name), "{uri}: {body}");
            }
        }
    }
    // Such an address names no page, in the visitor's language.
    let (status, page) = get(&app, "/ar/listings/a%00b").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("لا توجد صفحة على هذا العنوان"), "{page}");
    let (status, body) = get(&app, "/api/events?listing=a%00b").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("listing holds a control character"), "{body}");
}
