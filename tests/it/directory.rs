//! The map and directory: precision in every output, "near me" order,
//! filters, paging, places and bad input.

use crate::common;

use axum::http::StatusCode;
use common::*;
use serde_json::Value;

/// Three listings whose true points have digits that must never appear.
const SECRET_POINTS: &str = r#"{"slug":"approx-group","kind":"solidarity_group","name":"Approx Group","town":"Sheffield","precision":"approximate","latitude":53.412345,"longitude":-1.512345,"tags":["football"],"languages":["en","ar"]}
{"slug":"area-group","kind":"pnp_chapter","name":"Area Chapter","town":"Sheffield","precision":"area","latitude":53.456798,"longitude":-1.434567,"tags":["health access"],"languages":["en"]}
{"slug":"exact-centre","kind":"reporting_centre","name":"Exact Centre","town":"Sheffield","precision":"exact","latitude":53.37777,"longitude":-1.46666,"address":"9 Example Street, Sheffield"}"#;

const SECRETS: [&str; 6] = ["53.4123", "1.5123", "53.4567", "1.4345", "412345", "456798"];

async fn json(app: &axum::Router, uri: &str) -> Value {
    let (status, body) = get(app, uri).await;
    assert_eq!(status, StatusCode::OK, "{uri}: {body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{uri}: {e}: {body}"))
}

#[tokio::test]
async fn precision_holds_in_every_output() {
    let db = empty_db().await;
    import(&db, SECRET_POINTS, PUBLISHED).await;
    let app = app(&db);
    let uris = [
        "/",
        "/listings",
        "/listings?near=Sheffield",
        "/listings/approx-group",
        "/listings/area-group",
        "/map",
        "/api/listings",
        "/api/listings?near=53.41,-1.51",
        "/api/listings?bbox=-2,53,-1,54",
        "/api/listings.geojson",
        "/api/listings/approx-group",
        "/api/listings/area-group",
        "/api/clusters?bbox=-2,53,-1,54&zoom=18",
        "/api/clusters?bbox=-2,53,-1,54&zoom=3",
        "/api/listings/nope",
    ];
    for uri in uris {
        let (_, body) = get(&app, uri).await;
        for secret in SECRETS {
            assert!(!body.contains(secret), "{uri} reveals {secret}");
        }
    }
    // The exact listing is a public building: point and address are shown.
    let exact = json(&app, "/api/listings/exact-centre").await;
    assert_eq!(exact["lat"], 53.37777);
    assert_eq!(exact["address"], "9 Example Street, Sheffield");

    // Approximate: on a fixed grid within about a kilometre, the same every time.
    let a1 = json(&app, "/api/listings/approx-group").await;
    let a2 = json(&app, "/api/listings/approx-group").await;
    assert_eq!(a1["lat"], a2["lat"]);
    let (lat, lon) = (a1["lat"].as_f64().unwrap(), a1["lon"].as_f64().unwrap());
    let km = app::location::LatLon::new(lat, lon).distance_km(app::location::LatLon::new(53.412345, -1.512345));
    assert!(km > 0.01 && km < 1.2, "approximate point is {km} km from the true one");
    assert!(a1["address"].is_null());

    // Area: the town's centre, nowhere near the true point.
    let area = json(&app, "/api/listings/area-group").await;
    let km = app::location::LatLon::new(area["lat"].as_f64().unwrap(), area["lon"].as_f64().unwrap())
        .distance_km(app::location::LatLon::new(53.456798, -1.434567));
    assert!(km > 3.0, "area point only {km} km from the true one");

    // Distances are rounded to what the precision allows.
    let near = json(&app, "/api/listings?near=53.40,-1.50").await;
    for item in near["items"].as_array().unwrap() {
        let d = item["distance_km"].as_f64().unwrap();
        if item["precision"] != "exact" {
            assert_eq!(d, d.round(), "{item}");
        }
    }
}

/// Many listings at random points, to compare against brute force.
async fn scattered_db(n: usize) -> TestDb {
    let db = empty_db().await;
    let kinds = ["solidarity_group", "pnp_chapter", "reporting_centre"];
    let tags = ["football", "housing", "cooking"];
    let langs = ["en", "ar", "fa"];
    let mut seed: u64 = 42;
    let mut next = || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut lines = Vec::new();
    for i in 0..n {
        let lat = 50.0 + next() * 8.0;
        let lon = -5.5 + next() * 7.0;
        lines.push(format!(
            r#"{{"slug":"l{i}","kind":"{}","name":"Listing {i}","town":"Nowhere{i}","precision":"exact","latitude":{lat},"longitude":{lon},"tags":["{}"],"languages":["{}"]}}"#,
            kinds[i % 3],
            tags[(i / 3) % 3],
            langs[(i / 9) % 3]
        ));
    }
    import(&db, &lines.join("\n"), PUBLISHED).await;
    db
}

#[tokio::test]
async fn near_me_order_equals_brute_force_haversine() {
    let db = scattered_db(400).await;
    let app = app(&db);
    let all = json(&app, "/api/listings?limit=500").await;
    let centre = app::location::LatLon::new(53.38, -1.47);
    let mut expected: Vec<(f64, String)> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let p = app::location::LatLon::new(i["lat"].as_f64().unwrap(), i["lon"].as_f64().unwrap());
            (p.distance_km(centre), i["slug"].as_str().unwrap().to_string())
        })
        .collect();
    expected.sort_by(|a, b| a.0.total_cmp(&b.0));
    let near = json(&app, "/api/listings?near=53.38,-1.47&limit=500").await;
    let got: Vec<&str> = near["items"].as_array().unwrap().iter().map(|i| i["slug"].as_str().unwrap()).collect();
    let want: Vec<&str> = expected.iter().map(|(_, s)| s.as_str()).collect();
    assert_eq!(got, want);

    let within = json(&app, "/api/listings?near=53.38,-1.47&radius_km=100&limit=500").await;
    let count = expected.iter().filter(|(d, _)| *d <= 100.0).count();
    assert_eq!(within["total"], count);
}

#[tokio::test]
async fn filters_combine_and_cursors_walk_every_page() {
    let db = scattered_db(300).await;
    let app = app(&db);
    let all = json(&app, "/api/listings?limit=500").await;
    let all = all["items"].as_array().unwrap();
    let bbox = (-3.0, 51.0, 0.5, 56.0);
    let expected: Vec<&str> = all
        .iter()
        .filter(|i| {
            let (lat, lon) = (i["lat"].as_f64().unwrap(), i["lon"].as_f64().unwrap());
            i["kind"] == "pnp_chapter"
                && i["tags"].as_array().unwrap().iter().any(|t| t == "housing")
                && i["languages"].as_array().unwrap().iter().any(|l| l == "ar")
                && lon >= bbox.0
                && lon <= bbox.2
                && lat >= bbox.1
                && lat <= bbox.3
        })
        .map(|i| i["slug"].as_str().unwrap())
        .collect();
    assert!(!expected.is_empty());
    let uri = "/api/listings?kind=pnp_chapter&tag=housing&lang=ar&bbox=-3,51,0.5,56&limit=500";
    let got = json(&app, uri).await;
    let got: Vec<&str> = got["items"].as_array().unwrap().iter().map(|i| i["slug"].as_str().unwrap()).collect();
    assert_eq!(got, expected);

    // Walk the cursor: every listing once.
    let mut seen = Vec::new();
    let mut uri = "/api/listings?limit=7".to_string();
    loop {
        let page = json(&app, &uri).await;
        seen.extend(page["items"].as_array().unwrap().iter().map(|i| i["slug"].as_str().unwrap().to_string()));
        match page["next_cursor"].as_str() {
            Some(c) => uri = format!("/api/listings?limit=7&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 300);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 300);

    // Words narrow with the other filters, in the same order, counted and
    // paged: every word somewhere in the name, kind or town, any case.
    let base = "/api/listings?near=53.38,-1.47&kind=pnp_chapter";
    let words_of = |i: &Value| format!("{} {} {}", i["name"], i["kind_label"], i["town"]).to_lowercase();
    let nearest = json(&app, &format!("{base}&limit=500")).await;
    let expected: Vec<String> = nearest["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| ["nowhere1", "listing"].iter().all(|w| words_of(i).contains(w)))
        .map(|i| i["slug"].as_str().unwrap().to_string())
        .collect();
    assert!(expected.len() > 4, "{expected:?}");
    let (mut got, mut uri) = (Vec::new(), format!("{base}&q=NOWHERE1+Listing&limit=4"));
    loop {
        let page = json(&app, &uri).await;
        assert_eq!(page["total"], expected.len());
        got.extend(page["items"].as_array().unwrap().iter().map(|i| i["slug"].as_str().unwrap().to_string()));
        match page["next_cursor"].as_str() {
            Some(c) => uri = format!("{base}&q=NOWHERE1+Listing&limit=4&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(got, expected);

    // Clusters account for every listing in view, whatever the zoom.
    for zoom in [3, 6, 9, 14] {
        let c = json(&app, &format!("/api/clusters?bbox=-6,49,3,59&zoom={zoom}")).await;
        assert_eq!(c["total"], 300, "zoom {zoom}");
    }
}

#[tokio::test]
async fn bad_input_gets_a_clear_400() {
    let db = sample_db().await;
    let app = app(&db);
    let cases = [
        ("/api/listings?bbox=1,2,3", "four numbers"),
        ("/api/listings?bbox=a,b,c,d", "four numbers"),
        ("/api/listings?bbox=10,50,-10,55", ""),
        ("/api/listings?bbox=-5,95,1,96", "latitudes"),
        ("/api/listings?near=91,0", "latitude from -90 to 90"),
        ("/api/listings?near=abc", "two numbers"),
        ("/api/listings?limit=10000000", "limit must be"),
        ("/api/listings?limit=0", "limit must be"),
        ("/api/listings?kind=asylum_hotel", "unknown kind"),
        ("/api/listings?tag=nonsense", ""),
        ("/api/listings?lang=xx", ""),
        ("/api/listings?cursor=zzz", "cursor is not one"),
        ("/api/listings?radius_km=5", ""),
        ("/api/listings?near=53,-1&radius_km=-1", "radius_km must be"),
        ("/api/clusters?bbox=-6,49,3,59", "zoom must be"),
        ("/api/clusters?zoom=3", "bbox"),
        ("/api/listings.geojson?bbox=x", "bbox"),
        ("/api/places?q=".to_string().leak(), ""),
    ];
    for (uri, expected) in cases {
        let (status, body) = get(&app, uri).await;
        if expected.is_empty() {
            assert_eq!(status, StatusCode::OK, "{uri}");
            continue;
        }
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        assert!(body.contains(expected), "{uri}: {body}");
    }
    let (status, _) = get(&app, "/api/listings/no-such-listing").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = get(&app, "/listings/no-such-listing").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn geojson_carries_public_fields_at_public_points() {
    let db = sample_db().await;
    let app = app(&db);
    let (status, body) = get(&app, "/api/listings.geojson?kind=reporting_centre").await;
    assert_eq!(status, StatusCode::OK);
    let fc: geojson::FeatureCollection = body.parse::<geojson::GeoJson>().unwrap().try_into().unwrap();
    assert_eq!(fc.features.len(), 12);
    let f = &fc.features[0];
    assert!(f.geometry.is_some());
    assert!(f.property("address").is_some());
    assert!(f.property("lat").is_none(), "coordinates live in the geometry only");
}

#[tokio::test]
async fn places_and_postcode_districts_drive_near_me() {
    let db = sample_db().await;
    let csv = "postcode,eastings,northings,latitude,longitude,town,region,uk_region,country,country_string\n\
               S1,435000,387000,53.38,-1.47,Sheffield,Sheffield,Yorkshire and the Humber,ENG,England\n\
               \"M14\",384000,394000,53.45,-2.22,Manchester,Manchester,North West,ENG,England\n";
    let n = db.atlas.import_outcodes(csv.as_bytes(), |_| {}).await.unwrap();
    assert_eq!(n, 2);
    let app = app(&db);
    let places = json(&app, "/api/places?q=S1%202AB").await;
    assert_eq!(places["places"][0]["name"], "S1");
    let places = json(&app, "/api/places?q=sheff").await;
    assert_eq!(places["places"][0]["name"], "Sheffield");

    let (_, html) = get(&app, "/listings?near=S1+2AB&radius=10").await;
    let first = html.find("Sheffield").unwrap();
    assert!(html.contains("Nearest to S1 first"), "{html}");
    assert!(html.contains("km away"));
    assert!(!html[first..].contains("Glasgow"), "only listings within 10 km");

    let (_, html) = get(&app, "/listings?near=Atlantis").await;
    assert!(html.contains("We could not find"));
}

#[tokio::test]
async fn outcode_files_are_checked_before_anything_is_stored() {
    let db = empty_db().await;
    let missing = "postcode,eastings,latitude\nS1,1,53\n";
    let err = db.atlas.import_outcodes(missing.as_bytes(), |_| {}).await.unwrap_err().to_string();
    assert!(err.contains("missing: longitude, town"), "{err}");
    let bad = "postcode,latitude,longitude,town\nS1,53.38,-1.47,Sheffield\nNOT A CODE,53,-1,X\nM1,abc,-2,Manchester\n";
    let err = db.atlas.import_outcodes(bad.as_bytes(), |_| {}).await.unwrap_err().to_string();
    assert!(err.contains("line 3: postcode"), "{err}");
    assert!(err.contains("line 4: latitude/longitude"), "{err}");
    assert!(db.store.outcodes().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_directory_page_paginates_and_filters_without_javascript() {
    let db = sample_db().await;
    let app = app(&db);
    let (_, page1) = get(&app, "/listings").await;
    assert!(page1.contains("71 listings match"));
    assert!(page1.contains("Page 1 of 4"));
    assert!(page1.contains(r#"rel="next""#));
    // Issue 30: a listing shown by town near its own town says "in Sheffield", not "0 km away".
    let (_, near) = get(&app, "/listings?near=Sheffield").await;
    assert!(near.contains("in Sheffield") && !near.contains(">0 km away<"), "no 0 km for a listing shown by town");
    // Issue 30: the pagination's landmark had "Unknown localization key" as its name.
    assert!(page1.contains(r#"aria-label="Pages""#) && !page1.contains("Unknown localization key"), "the pagination is named");
    let (_, page4) = get(&app, "/listings?page=4").await;
    assert!(page4.contains("Page 4 of 4") && !page4.contains(r#"rel="next""#));
    let (_, centres) = get(&app, "/listings?kind=reporting_centre").await;
    assert!(centres.contains("12 listings match"));
    let (_, none) = get(&app, "/listings?kind=reporting_centre&tag=football").await;
    assert!(none.contains("Nothing matches these filters"));
    let (_, listing) = get(&app, "/listings/sheffield-reporting-centre").await;
    assert!(listing.contains("Example Street") && listing.contains("exact address"));
    // Issue 28: a public building's address gets directions (links only).
    assert!(listing.contains("href=\"geo:") && listing.contains("openstreetmap.org/?mlat="), "directions for an exact address");
    let (_, group) = get(&app, "/listings/sheffield-welcome-drop-in").await;
    assert!(!group.contains("geo:") && !group.contains("mlat="), "no directions to a group shown by its town");
}

/// Another instance's writes, applied record by record, leave the directory
/// exactly as a full reload would: same listings, same order.
#[tokio::test]
async fn a_directory_patched_with_changed_records_matches_a_full_reload() {
    let db = sample_db().await;
    let other = server::atlas::Atlas::new(server::store::Store::new(server::db::open(&db.url).await.unwrap())).await.unwrap();
    let lines = [
        r#"{"slug":"aardvark-aid","kind":"solidarity_group","name":"Aardvark Aid","town":"Aberdeen"}"#,
        r#"{"slug":"sheffield-welcome-drop-in","kind":"solidarity_group","name":"zz Renamed drop-in","town":"Sheffield"}"#,
    ];
    other.import_listings(lines.join("\n").as_bytes(), server::import::listings::Format::Jsonl, PUBLISHED, |_| {}).await.unwrap();
    other.store.write(async |tx| tx.set_listing_status("glasgow-dance-group", "archived").await).await.unwrap();

    let changed: Vec<String> = ["aardvark-aid", "sheffield-welcome-drop-in", "glasgow-dance-group"].map(String::from).to_vec();
    db.atlas.read.refresh_changed(&[], &changed).await.unwrap();
    let slugs = |atlas: &server::atlas::Atlas| {
        atlas.read.directory.snapshot().all().iter().map(|l| (l.slug.clone(), l.name.clone())).collect::<Vec<_>>()
    };
    let patched = slugs(&db.atlas);
    assert!(patched.iter().any(|(s, n)| s == "sheffield-welcome-drop-in" && n == "zz Renamed drop-in"));
    assert!(!patched.iter().any(|(s, _)| s == "glasgow-dance-group"), "archived: gone");
    db.atlas.read.reload().await.unwrap();
    assert_eq!(patched, slugs(&db.atlas), "the same as reading everything again");
}

#[tokio::test]
async fn towns_typed_in_arabic_or_persian_are_found_never_a_500() {
    let db = sample_db().await;
    let app = app(&db);
    for (typed, town) in [("لندن", "London"), ("شفيلد", "Sheffield"), ("منچستر", "Manchester")] {
        let q: String = form_urlencoded::byte_serialize(typed.as_bytes()).collect();
        let places = json(&app, &format!("/api/places?q={q}")).await;
        assert_eq!(places["places"][0]["name"], town, "{typed}");
        let (status, html) = get(&app, &format!("/listings?near={q}")).await;
        assert_eq!(status, StatusCode::OK, "{typed}");
        assert!(html.contains(&format!("Nearest to {town} first")), "{typed}: near me finds {town}");
    }
    for odd in ["ሰላም ዓለም", "日本語", "😀😀😀", "Ω1 2AB", "لن"] {
        let q: String = form_urlencoded::byte_serialize(odd.as_bytes()).collect();
        for uri in [format!("/api/places?q={q}"), format!("/listings?near={q}")] {
            let (status, _) = get(&app, &uri).await;
            assert!(status.is_success(), "{uri}: {status}");
        }
    }
}

/// The map picker names the town of a click as the listing will be shown:
/// every click within one cell gets the same town, so the town never tells
/// more than the cell.
#[tokio::test]
async fn the_picker_names_the_town_of_the_cell_not_of_the_click() {
    let db = empty_db().await;
    let app = app(&db);
    for (precision, step) in [("approximate", 0.01), ("area", 0.1), ("", 0.1)] {
        // Clicks across one cell over Greater Manchester, where towns are close.
        let cell = app::location::snap(app::location::LatLon::new(53.48, -2.24), step);
        let mut towns = std::collections::BTreeSet::new();
        for i in 0..6 {
            for j in 0..6 {
                let lat = cell.lat - step * 0.45 + step * 0.9 * f64::from(i) / 5.0;
                let lon = cell.lon - step * 0.45 + step * 0.9 * f64::from(j) / 5.0;
                if app::location::snap(app::location::LatLon::new(lat, lon), step) != cell {
                    continue;
                }
                let places = json(&app, &format!("/api/places?near={lat:.5},{lon:.5}&precision={precision}")).await;
                towns.insert(places["places"][0]["name"].as_str().unwrap().to_string());
            }
        }
        assert_eq!(towns.len(), 1, "precision {precision:?}: {towns:?}");
    }
    let (status, body) = get(&app, "/api/places?near=53.48,-2.24&precision=street").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}

/// Issue 30: a Home Office reporting centre is a building, not a group.
/// Its page offers no message, claim or events — the kind says so — and
/// points to help near it; the routes refuse what the page does not offer,
/// and the public registration form does not offer the kind.
#[tokio::test]
async fn a_reporting_centre_takes_no_message_claim_or_event_and_points_to_help() {
    let db = sample_db().await;
    let app = fast_app(&db);
    let (status, page) = get(&app, "/listings/sheffield-reporting-centre").await;
    assert_eq!(status, StatusCode::OK);
    for absent in ["/contact\"", "/claim\"", "/suggest-event\"", "Next dates"] {
        assert!(!page.contains(absent), "a reporting centre's page offers {absent}");
    }
    assert!(
        page.contains("Help near here") && page.contains("tag=accompaniment+to+reporting") && page.contains("/library?topic=reporting"),
        "{page}"
    );
    assert!(page.contains("/report\""), "anyone may still report a problem with the page");
    // The help it points to is there: groups that accompany, nearest first.
    let help = page.split("/listings?near=").nth(1).unwrap().split('"').next().unwrap().replace("&amp;", "&");
    let (_, found) = get(&app, &format!("/listings?near={help}")).await;
    assert!(!found.contains("Nothing matches these filters"), "the help link finds groups: {help}");
    for path in [
        "/listings/sheffield-reporting-centre/contact",
        "/listings/sheffield-reporting-centre/claim",
        "/listings/sheffield-reporting-centre/suggest-event",
    ] {
        assert_eq!(get(&app, path).await.0, StatusCode::NOT_FOUND, "{path}");
    }
    let (_, group) = get(&app, "/listings/sheffield-welcome-drop-in").await;
    assert!(group.contains("/contact\"") && group.contains("/claim\"") && group.contains("Next dates"), "a group keeps them");

    // The use cases refuse too, whatever the page showed.
    let refused = db.atlas.contact_group("sheffield-reporting-centre", "A", "a@example.org", "Hello, is anyone there?").await;
    assert!(matches!(refused, Err(server::moderation::ActionError::NotFound(app::problem::Problem::NotForThisKind))), "{refused:?}");
    let refused = db.atlas.claim_listing("sheffield-reporting-centre", "a@example.org", "It is mine", "en").await;
    assert!(matches!(refused, Err(server::moderation::ActionError::NotFound(app::problem::Problem::NotForThisKind))), "{refused:?}");

    // Not a kind the public registers.
    let (_, form) = get(&app, "/register").await;
    assert!(!form.contains("value=\"reporting_centre\""), "the registration form offers the kind");
    let mut v = Visitor::new(&app);
    let a = v
        .submit(
            "/register",
            "/register",
            &[("name", "A centre"), ("kind", "reporting_centre"), ("town", "Leeds"), ("contact_email", "a@example.org"), ("nickname", "")],
        )
        .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert!(a.body.contains("solidarity_group"), "the refusal names the kinds the public may register");
}

/// Issue 30: a place typed with a slip, or by another of its names. A
/// name we know finds its town; one we do not gets "Did you mean …?"
/// with links, never every listing as if it were the answer.
#[tokio::test]
async fn did_you_mean_the_nearest_known_name_and_other_names_find_their_town() {
    let db = sample_db().await;
    let app = app(&db);
    let q = |typed: &str| form_urlencoded::byte_serialize(typed.as_bytes()).collect::<String>();

    for (typed, town) in [("Londres", "London"), ("Caerdydd", "Cardiff"), ("شيفلد", "Sheffield"), ("Glaschu", "Glasgow")] {
        let (status, html) = get(&app, &format!("/listings?near={}", q(typed))).await;
        assert_eq!(status, StatusCode::OK, "{typed}");
        assert!(html.contains(&format!("Nearest to {town} first")), "{typed} is another name of {town}");
    }

    let (status, html) = get(&app, "/listings?near=Sheffeild").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("We don’t know the place “Sheffeild”"), "{html}");
    assert!(html.contains("Did you mean:") && html.contains(r#"href="/listings?near=Sheffield""#), "a link to the nearest name: {html}");
    assert!(html.contains(r#"href="/listings""#), "and a way to everything");
    assert!(!html.contains("listings match") && !html.contains(r#"class="cards""#), "no list that reads as the answer for Sheffeild");

    // Other filters are kept in the suggestion's link.
    let (_, html) = get(&app, "/listings?near=Sheffeild&kind=reporting_centre").await;
    assert!(html.contains(r#"href="/listings?kind=reporting_centre&amp;near=Sheffield""#), "{html}");

    let (_, html) = get(&app, "/events?near=Sheffeild&online=true").await;
    assert!(html.contains("We don’t know the place") && html.contains(r#"href="/events?near=Sheffield&amp;online=true""#), "{html}");
    assert!(!html.contains("Subscribe"), "no feed of everything for a place we do not know");

    let (_, html) = get(&app, &format!("/fa/listings?near={}", q("گلاسکو"))).await;
    assert!(html.contains("مکان «گلاسکو» را نمی‌شناسیم") && html.contains(">گلاسگو</a>"), "Persian Glasgow, one letter off: {html}");
    assert!(!html.contains("Unknown localization key"));
    for lang in ["ar", "fr", "es"] {
        let (_, html) = get(&app, &format!("/{lang}/events?near=Sheffeild")).await;
        assert!(html.contains(">Sheffield</a>") && !html.contains("Unknown localization key"), "{lang}");
    }

    // Nothing near enough in spelling: say so, suggest nothing.
    let (_, html) = get(&app, "/listings?near=Qqqzzzx").await;
    assert!(html.contains("We could not find") && !html.contains("Did you mean"));

    // The JSON answer: the problem's code, with the suggestions.
    let (status, body) = get(&app, "/embed/listings?near=Sheffeild").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["code"], "place-not-found", "{body}");
    assert_eq!((&body["field"], &body["place"]), (&Value::from("near"), &Value::from("Sheffeild")));
    assert_eq!(body["suggestions"][0], "Sheffield", "{body}");
    assert!(body["error"].as_str().unwrap().contains("Sheffeild"), "and words for a person: {body}");
    let (status, body) = get(&app, "/map.png?near=Sheffeild").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains(r#""suggestions":["Sheffield"]"#), "{body}");
}

/// Issue 30: Arabic and Farsi pages name a listing's town as those
/// languages write it (`data/place-names.csv`), isolated as before; where
/// the data has no name, and on Latin-script pages, the Latin one.
#[tokio::test]
async fn arabic_and_farsi_pages_name_towns_in_their_own_script() {
    let db = sample_db().await;
    import_sample_events(&db).await;
    let app = app(&db);
    // (`get` drops Fluent's isolation marks around the town.)
    for (lang, in_sheffield) in [("ar", "في شفيلد"), ("fa", "در شفیلد")] {
        let (_, card) = get(&app, &format!("/{lang}/listings?kind=solidarity_group&near=Sheffield")).await;
        assert!(card.contains(&format!("<!>{in_sheffield}<!>")), "{lang} card: {card}");
        let (_, page) = get(&app, &format!("/{lang}/listings/sheffield-welcome-drop-in")).await;
        assert!(page.contains(&format!("{in_sheffield}، ")), "{lang} page: {page}");
        let (_, event) = get(&app, &format!("/{lang}/events/welcome-drop-in-sheffield")).await;
        assert!(event.contains(in_sheffield) && !event.contains("Sheffield<"), "{lang} event page: {event}");
    }
    let (_, page) = get(&app, "/fr/listings/sheffield-welcome-drop-in").await;
    assert!(page.contains("à Sheffield ("), "a Latin-script page keeps the name on the signs");
}

/// Issue 30: the map's own list and cards on /ar/map and /fa/map ask the
/// API for towns as the page writes them (`town_lang`); other clients, and
/// Latin-script pages, get the town as stored.
#[tokio::test]
async fn the_maps_json_names_towns_as_the_pages_language_writes_them() {
    let db = sample_db().await;
    let app = app(&db);
    for (lang, sheffield) in [("ar", "شفيلد"), ("fa", "شفیلد"), ("fr", "Sheffield"), ("xx", "Sheffield")] {
        let (_, list) = get(&app, &format!("/api/listings?q=sheffield+welcome&town_lang={lang}")).await;
        assert!(list.contains(&format!(r#""town":"{sheffield}""#)), "{lang}: {list}");
        let (status, one) = get(&app, &format!("/api/listings/sheffield-welcome-drop-in?town_lang={lang}")).await;
        assert_eq!(status, 200);
        assert!(one.contains(&format!(r#""town":"{sheffield}""#)), "{lang}: {one}");
    }
    let (_, plain) = get(&app, "/api/listings?q=sheffield+welcome").await;
    assert!(plain.contains(r#""town":"Sheffield""#), "{plain}");
}

/// Issue 30: "S1 2" is a full postcode begun in S1, not the district S12.
#[tokio::test]
async fn a_space_after_the_district_begins_a_full_postcode() {
    let db = sample_db().await;
    let csv = "postcode,latitude,longitude,town,region\nS1,53.38,-1.47,Sheffield,Sheffield\nS12,53.35,-1.40,Sheffield,Sheffield\n";
    db.atlas.import_outcodes(csv.as_bytes(), |_| {}).await.unwrap();
    let app = app(&db);
    let (_, html) = get(&app, "/listings?near=S1+2").await;
    assert!(html.contains("Nearest to S1 first"), "{html}");
    let (_, html) = get(&app, "/listings?near=S12").await;
    assert!(html.contains("Nearest to S12 first"));
    assert_eq!(json(&app, "/api/places?q=S1%202").await["places"][0]["name"], "S1");
}
