//! Search: relevance on a fixed test set, bad input, and the index kept
//! in step with the database (writes, restarts, a lost index folder).

use crate::common;

use axum::http::StatusCode;
use common::*;
use server::atlas::Atlas;
use server::store::Store;
use std::sync::Arc;

/// Query → the resource a person would expect in the top three: includes
/// misspellings, inflected forms, other languages and prefixes. Shared with
/// the search benchmark, which scores SQLite FTS5 on the same set.
fn relevance_set() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(workspace_root().join("tests/relevance.json")).unwrap();
    let cases: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    cases.iter().map(|c| (c["query"].as_str().unwrap().to_string(), c["expected"].as_str().unwrap().to_string())).collect()
}

async fn search_json(app: &axum::Router, q: &str) -> serde_json::Value {
    let uri = format!("/api/search?type=resource&q={}", urlencode(q));
    let (status, body) = get(app, &uri).await;
    assert_eq!(status, StatusCode::OK, "{q}: {body}");
    serde_json::from_str(&body).unwrap()
}

fn urlencode(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

#[tokio::test]
async fn relevance_expected_resource_in_the_top_three() {
    let db = sample_db().await;
    let app = app(&db);
    let mut reciprocal_ranks = Vec::new();
    let mut misses = Vec::new();
    let cases = relevance_set();
    assert!(cases.len() >= 20);
    for (query, expected) in &cases {
        let (query, expected) = (query.as_str(), expected.as_str());
        let json = search_json(&app, query).await;
        let slugs: Vec<&str> = json["hits"].as_array().unwrap().iter().map(|h| h["slug"].as_str().unwrap()).collect();
        let rank = slugs.iter().position(|s| *s == expected).map(|p| p + 1);
        reciprocal_ranks.push(rank.map_or(0.0, |r| 1.0 / r as f64));
        println!("{:>2} {query:?} → {expected} (top: {:?})", rank.map_or("-".into(), |r| r.to_string()), &slugs[..slugs.len().min(3)]);
        if rank.is_none_or(|r| r > 3) {
            misses.push(format!("{query:?}: expected {expected}, got {:?}", &slugs[..slugs.len().min(5)]));
        }
    }
    let mrr = reciprocal_ranks.iter().sum::<f64>() / reciprocal_ranks.len() as f64;
    println!("MRR over {} queries: {mrr:.3}", cases.len());
    assert!(misses.is_empty(), "not in the top 3:\n{}", misses.join("\n"));
}

#[tokio::test]
async fn search_finds_listings_with_facets_snippets_and_paging() {
    let db = sample_db().await;
    let app = app(&db);
    let (_, body) = get(&app, "/api/search?q=sheffield").await;
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(json["total"].as_u64().unwrap() >= 3);
    assert!(json["hits"].as_array().unwrap().iter().any(|h| h["type"] == "listing"));
    let types: Vec<&str> = json["facets"]["type"].as_array().unwrap().iter().map(|p| p[0].as_str().unwrap()).collect();
    assert!(types.contains(&"listing"));
    assert!(!body.contains("53.36454"), "no true coordinates in search results");

    let (_, body) = get(&app, "/api/search?q=hospital&type=resource&lang=fr").await;
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(json["hits"].as_array().unwrap().iter().all(|h| h["languages"].as_array().unwrap().iter().any(|l| l == "fr")));

    let (_, body) = get(&app, "/api/search?q=reporting&per_page=2&page=2").await;
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["hits"].as_array().unwrap().len(), 2);

    let (_, body) = get(&app, "/api/search?q=charging&type=resource").await;
    assert!(body.contains("<b>"), "snippets highlight matches: {body}");

    let (_, body) = get(&app, "/api/suggest?q=litig").await;
    assert!(body.contains("Litigation friends"), "{body}");
}

#[tokio::test]
async fn bad_search_input_gets_results_or_a_clear_400() {
    let db = sample_db().await;
    let app = app(&db);
    let long = "a".repeat(10_000);
    for uri in [
        "/api/search?q=",
        "/api/search",
        "/api/search?q=%22unbalanced",
        "/api/search?q=%2B-%3A()%5E~*",
        "/search?q=%00%01%02",
        "/api/search?q=nhs&topic=nonexistent",
        "/api/search?q=nhs&lang=xx",
        "/api/suggest?q=",
        "/search?q=%22%2B-%3A()",
        "/search?q=%FF%FE",
    ] {
        let (status, body) = get(&app, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {body}");
    }
    for (uri, message) in [
        (format!("/api/search?q={long}"), "q is too long"),
        ("/api/search?q=x&per_page=0".to_string(), "per_page must be"),
        ("/api/search?q=x&per_page=1000000".to_string(), "per_page must be"),
        ("/api/search?q=x&page=0".to_string(), "page must be"),
        ("/api/search?q=x&type=person".to_string(), "type must be"),
        ("/api/search?q=x&kind=leaflet".to_string(), "kind \\\"leaflet\\\" is unknown"),
        ("/api/search?q=%FF%FE".to_string(), "not valid text"),
        ("/api/search?q=%00%01%02".to_string(), "q holds a control character"),
        ("/api/search?q=x&near=abc".to_string(), "near"),
    ] {
        let (status, body) = get(&app, &uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        assert!(body.contains(message), "{uri}: {body}");
    }
}

#[tokio::test]
async fn the_search_page_works_without_javascript() {
    let db = sample_db().await;
    let (status, html) = get(&app(&db), "/search?q=litigation+friend").await;
    assert_eq!(status, StatusCode::OK);
    let results = &html[html.find(r#"id="search-results""#).unwrap()..];
    assert!(results.contains("Litigation friends in the immigration tribunal"));
    assert!(html.contains(r#"value="litigation friend""#));
}

#[tokio::test]
async fn a_write_is_found_without_a_restart() {
    let db = sample_db().await;
    let line = r#"{"slug":"new-toolkit","title":"Zebracrossing toolkit","kind":"toolkit","languages":["en"]}"#;
    db.atlas.import_resources(line.as_bytes(), app::model::ListingStatus::Published, false, |_| {}).await.unwrap();
    let (_, body) = get(&app(&db), "/api/search?q=zebracrossing").await;
    assert!(body.contains("new-toolkit"), "{body}");
    // Pending resources are not searchable.
    let line = r#"{"slug":"hidden","title":"Quixotic pending","kind":"guide","languages":["en"]}"#;
    db.atlas.import_resources(line.as_bytes(), app::model::ListingStatus::Pending, false, |_| {}).await.unwrap();
    let (_, body) = get(&app(&db), "/api/search?q=quixotic").await;
    assert!(body.contains("\"total\":0"), "{body}");
}

#[tokio::test]
async fn a_lost_or_stale_index_is_rebuilt_from_the_database() {
    let db = sample_db().await;
    let index_dir = db.dir.path().join("index");
    let reopen = || async {
        let atlas = Arc::new(Atlas::open(db.store.clone(), &index_dir, Default::default()).await.unwrap());
        atlas.check_search().await.unwrap();
        atlas
    };
    let first = reopen().await;
    let total = first.read.search.num_docs();
    assert!(total > 90, "{total}");
    drop(first);

    // The folder is deleted while the server is down.
    std::fs::remove_dir_all(&index_dir).unwrap();
    let second = reopen().await;
    assert_eq!(second.read.search.num_docs(), total);
    drop(second);

    // The folder is corrupted.
    std::fs::write(index_dir.join("meta.json"), b"{ not json").unwrap();
    let third = reopen().await;
    assert_eq!(third.read.search.num_docs(), total);
    let hits = third.read.search.search(&app::search::SearchQuery { text: "nhs".into(), limit: 5, ..Default::default() }).unwrap();
    assert!(hits.total > 0);
}

#[tokio::test]
async fn a_stale_index_keeps_answering_while_it_rebuilds_in_the_background() {
    let db = sample_db().await;
    let index_dir = db.dir.path().join("index");
    let server = Arc::new(Atlas::open(db.store.clone(), &index_dir, Default::default()).await.unwrap());
    server.check_search().await.unwrap();
    drop(server);

    // A write while no server runs (e.g. `atlas import` on the command line).
    let line = r#"{"slug":"late-guide","title":"Xylophone workshop guide","kind":"guide","languages":["en"]}"#;
    db.atlas.import_resources(line.as_bytes(), app::model::ListingStatus::Published, false, |_| {}).await.unwrap();

    let server = Arc::new(Atlas::open(db.store.clone(), &index_dir, Default::default()).await.unwrap());
    assert!(server.check_search().await.unwrap(), "the index is seen to be stale");
    let query = |text: &str| app::search::SearchQuery { text: text.into(), limit: 5, ..Default::default() };
    assert!(server.read.search.search(&query("nhs")).unwrap().total > 0, "the old index answers meanwhile");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while server.read.search.search(&query("xylophone")).unwrap().total == 0 {
        assert!(std::time::Instant::now() < deadline, "the background rebuild did not finish");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Two instances on one database, each with its own index, writing at the
/// same time: each learns every write of the other (and none is lost to
/// the race between its own write and the other's).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_through_two_instances_at_once_reach_both_indexes() {
    let db = empty_db().await;
    let instance = |name: &'static str| {
        let (url, dir) = (db.url.clone(), db.dir.path().join(name));
        async move {
            let store = Store::new(server::db::open(&url).await.unwrap());
            let atlas = Arc::new(Atlas::open(store, &dir, Default::default()).await.unwrap());
            atlas.check_search().await.unwrap();
            atlas.clone().follow_changes(std::time::Duration::from_millis(100));
            atlas
        }
    };
    let (a, b) = (instance("a").await, instance("b").await);
    let write = |atlas: Arc<Atlas>, word: String| async move {
        let line = format!(r#"{{"slug":"{word}","title":"{word} guide","kind":"guide","languages":["en"]}}"#);
        atlas.import_resources(line.as_bytes(), app::model::ListingStatus::Published, false, |_| {}).await.unwrap();
    };
    let words: Vec<String> = (0..8).flat_map(|i| [format!("alpha{i}x"), format!("beta{i}x")]).collect();
    for pair in words.chunks(2) {
        tokio::join!(write(a.clone(), pair[0].clone()), write(b.clone(), pair[1].clone()));
    }
    let query = |text: &str| app::search::SearchQuery { text: text.into(), limit: 5, ..Default::default() };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    for (name, atlas) in [("a", &a), ("b", &b)] {
        for word in &words {
            while atlas.read.search.search(&query(word)).unwrap().total == 0 {
                assert!(std::time::Instant::now() < deadline, "instance {name} never found {word}");
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
        }
    }
}

/// What each version changed is recorded, so a following instance updates
/// only those records; a change of everything, or too long a gap, asks for
/// a rebuild.
#[tokio::test]
async fn each_version_records_what_it_changed() {
    let db = sample_db().await;
    let before = db.store.data_version().await.unwrap();
    let line = r#"{"slug":"late-guide","title":"Xylophone workshop guide","kind":"guide","languages":["en"]}"#;
    db.atlas.import_resources(line.as_bytes(), app::model::ListingStatus::Published, false, |_| {}).await.unwrap();
    db.set_listing_status("sheffield-welcome-drop-in", "archived").await;
    let now = db.store.data_version().await.unwrap();
    assert_eq!(now, before + 2);
    let catchup = db.store.changes_between(before, now).await.unwrap().expect("an incremental catch-up");
    assert_eq!(catchup.resources, ["late-guide"]);
    assert_eq!(catchup.listings, ["sheffield-welcome-drop-in"]);

    let kind = app::model::ListingKind {
        slug: "advice".into(),
        label: "Advice".into(),
        icon: "info".into(),
        colour: "#123456".into(),
        allows: Default::default(),
    };
    db.add_kind(&kind).await;
    let after_kind = db.store.data_version().await.unwrap();
    assert!(db.store.changes_between(now, after_kind).await.unwrap().is_none(), "a new kind: rebuild");
    assert!(db.store.changes_between(after_kind - 100_000, after_kind).await.unwrap().is_none(), "too far behind: rebuild");

    // Nothing public changed (an account without listings goes): no version, no work anywhere.
    let user = db.organiser("nobody@example.org").await;
    assert!(db.store.write(async |tx| tx.delete_user(user.id).await).await.unwrap().0.is_empty());
    assert_eq!(db.store.data_version().await.unwrap(), after_kind);
}

#[tokio::test]
async fn search_filters_listings_by_distance() {
    let db = sample_db().await;
    let app = app(&db);
    let (status, body) = get(&app, "/api/search?q=group&type=listing&near=53.38,-1.47&radius_km=30&per_page=100").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    let slugs: Vec<&str> = json["hits"].as_array().unwrap().iter().map(|h| h["slug"].as_str().unwrap()).collect();
    assert!(!slugs.is_empty());
    for slug in &slugs {
        let listing = db.atlas.read.directory.snapshot().get(slug).cloned().unwrap();
        let d =
            app::location::LatLon::new(listing.lat.unwrap(), listing.lon.unwrap()).distance_km(app::location::LatLon::new(53.38, -1.47));
        assert!(d < 45.0, "{slug} is {d} km away");
    }
    assert!(!slugs.iter().any(|s| s.starts_with("glasgow")));
}

#[tokio::test]
async fn the_other_routes_refuse_hostile_input_clearly() {
    let db = sample_db().await;
    let app = app(&db);
    let long = "x".repeat(600);
    for (uri, message) in [
        (format!("/api/places?q={}", "a".repeat(101)), "q is too long"),
        ("/api/places?near=abc".to_string(), "near must be two numbers"),
        ("/api/places?near=95,0".to_string(), "latitude from -90 to 90"),
        (format!("/api/suggest?q={long}"), "q is too long"),
        ("/api/suggest?q=%FF".to_string(), "not valid text"),
        ("/api/suggest?q=a&q=b".to_string(), "q is given more than once"),
    ] {
        let (status, body) = get(&app, &uri).await;
        let expected = if message.starts_with('"') { StatusCode::OK } else { StatusCode::BAD_REQUEST };
        assert_eq!(status, expected, "{uri}: {body}");
        assert!(body.contains(message), "{uri}: {body}");
    }
    // Pages take odd parameters without breaking: they fall back to defaults.
    for uri in ["/library?page=abc&kind=%00", "/library?page=999999", "/library?topic=nonexistent", "/listings?page=-1&radius=7"] {
        let (status, _) = get(&app, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
    }
    // The search island's server function: an oversized query is cut, not an error.
    use tower::ServiceExt;
    let body = format!("q={}", "nhs+".repeat(5_000));
    let request = axum::http::Request::post("/sfn/search")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from(body))
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let count = db.store.count_resources().await.unwrap();
    assert_eq!(count, 28, "nothing stored by reads");
}

/// Issue 30: a person who must report types where; the centre in that town
/// comes first, not an event elsewhere that says "reporting centre" twice.
#[tokio::test]
async fn every_word_of_a_search_ranks_above_some_of_them_said_often() {
    let db = sample_db().await;
    let app = fast_app(&db);
    for (q, town) in [("reporting+centre+Sheffield", "sheffield-reporting-centre"), ("reporting+centre+Leeds", "leeds")] {
        let (_, body) = get(&app, &format!("/api/search?q={q}")).await;
        let found: serde_json::Value = serde_json::from_str(&body).unwrap();
        let first = found["hits"][0]["slug"].as_str().unwrap_or_default();
        // Both the Leeds centre and the Leeds event outside it have every word.
        assert!(first.contains(town), "{q}: {first} first in {body}");
    }
}

/// Every hit of `q` on one page of 100, as "type:slug", and the total. A
/// translation set is one hit whichever of its sheets shows it: it is
/// named by the first of its sheets' slugs.
async fn hit_set(app: &axum::Router, q: &str) -> (std::collections::BTreeSet<String>, u64) {
    let (status, body) = get(app, &format!("/api/search?per_page=100&q={}", urlencode(q))).await;
    assert_eq!(status, StatusCode::OK, "{q}: {body}");
    let json: serde_json::Value = serde_json::from_str(&body).unwrap();
    let hits = json["hits"].as_array().unwrap().iter().map(|h| format!("{}:{}", h["type"].as_str().unwrap(), sheets(h)[0]));
    (hits.collect(), json["total"].as_u64().unwrap())
}

/// A hit's slug and its translation set's other sheets', sorted.
fn sheets(hit: &serde_json::Value) -> Vec<String> {
    let others = hit["also_in"].as_array().into_iter().flatten().map(|o| o["slug"].as_str().unwrap().to_string());
    let mut all: Vec<String> = std::iter::once(hit["slug"].as_str().unwrap().to_string()).chain(others).collect();
    all.sort();
    all
}

/// `-word` only ever takes results away, whatever it is added to.
#[tokio::test]
async fn a_minus_word_never_adds_results() {
    let db = sample_db().await;
    let app = app(&db);
    let (rights, _) = hit_set(&app, "rights ").await;
    let (without, _) = hit_set(&app, "rights -health").await;
    assert!(without.len() < rights.len(), "rights -health: {} against {} for rights", without.len(), rights.len());
    for query in ["rights", "hospital", "reporting centre", "group london", "\"know your rights\"", "health", "sheffield"] {
        for exclude in ["health", "nhs", "centre", "\"nhs charging\"", "walking", "zzzz"] {
            // With a space after it, as before a "-": the last word is
            // whole, not completed as while typing.
            let (all, all_total) = hit_set(&app, &format!("{query} ")).await;
            let (fewer, fewer_total) = hit_set(&app, &format!("{query} -{exclude}")).await;
            assert!(fewer.is_subset(&all), "{query} -{exclude} added {:?}", fewer.difference(&all).collect::<Vec<_>>());
            assert!(fewer_total <= all_total, "{query} -{exclude}: {fewer_total} > {all_total}");
            if exclude == "zzzz" {
                assert_eq!(fewer, all, "excluding a word no hit has changes nothing");
            }
        }
    }
    // Only an exclusion: everything else.
    // (The English sheet says "health"; its French and Arabic sheets, which
    // do not, may still show the set.)
    let (_, total) = hit_set(&app, "-health").await;
    let (_, body) = get(&app, "/api/search?per_page=100&q=-health").await;
    let shown: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(total > 0 && !shown["hits"].as_array().unwrap().iter().any(|h| h["slug"] == "kyr-nhs-charging"), "{body}");
}

/// The `href`s of the result cards on a search or library page, in order.
fn card_links(html: &str) -> Vec<String> {
    html.match_indices(r#"" class="card-name""#)
        .map(|(at, _)| {
            let start = html[..at].rfind(r#"href=""#).unwrap() + r#"href=""#.len();
            html[start..at].replace("&amp;", "&")
        })
        .collect()
}

/// The `rel="next"` link of a page, if any.
fn next_link(html: &str) -> Option<String> {
    let tag = html.find(r#"rel="next""#)?;
    let at = html[..tag].rfind("<a")? + html[html[..tag].rfind("<a")?..].find(r#"href=""#)? + r#"href=""#.len();
    Some(html[at..at + html[at..].find('"').unwrap()].replace("&amp;", "&"))
}

#[tokio::test]
async fn a_language_named_in_the_query_comes_first_and_says_so() {
    let db = sample_db().await;
    let app = app(&db);
    let json = search_json(&app, "know your rights French").await;
    let first = &json["hits"][0];
    assert!(first["languages"].as_array().unwrap().iter().any(|l| l == "fr"), "a French sheet first: {json}");
    assert_eq!(json["language_first"], "fr");
    assert_eq!(json["all_languages"], "know your rights");
    for (q, lang) in
        [("حقوق بالعربية", "ar"), ("know your rights in Farsi", "fa"), ("derechos en español", "es"), ("droits en français", "fr")]
    {
        let json = search_json(&app, q).await;
        assert!(json["hits"][0]["languages"].as_array().unwrap().iter().any(|l| l == lang), "{q}: {json}");
    }
    // Only a language's name: what is in it comes first, nothing is lost.
    let json = search_json(&app, "French").await;
    assert_eq!(json["language_first"], "fr");
    assert!(json["total"].as_u64().unwrap() >= 2, "{json}");
    assert!(json["hits"][0]["languages"].as_array().unwrap().iter().any(|l| l == "fr"), "{json}");
    let (status, html) = get(&app, "/search?q=know+your+rights+French").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Showing French first"), "{html}");
    assert!(html.contains(r#"href="/search?q=know+your+rights">show all languages</a>"#), "a link without the language word");
    let (_, html) = get(&app, "/fa/library?q=know+your+rights+French").await;
    assert!(html.contains("اول به فرانسوی"));
    assert!(
        card_links(&html)[0].starts_with("/library/kyr-centre-de-signalement")
            || card_links(&html)[0].starts_with("/library/kyr-nhs-charging-fr")
    );
}

#[tokio::test]
async fn the_library_search_stays_in_the_library_with_its_facets() {
    let db = sample_db().await;
    let app = app(&db);
    let (status, html) = get(&app, "/library?q=know+your+rights").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"action="/library""#), "the box searches the library");
    let links = card_links(&html);
    assert!(!links.is_empty() && links.iter().all(|l| l.starts_with("/library/")), "{links:?}");
    // Each card says what it is and in which language.
    assert!(html.contains("Know your rights") && html.contains(r#"<bdi lang="fr">Français</bdi>"#), "{html}");
    // The facets narrow the same search.
    assert!(html.contains(r#"href="/library?q=know+your+rights&amp;kind=know-your-rights""#), "{html}");
    assert!(html.contains(r#"href="/library?q=know+your+rights&amp;lang=fr""#));
    let (_, french) = get(&app, "/library?q=know+your+rights&lang=fr").await;
    let links = card_links(&french);
    // The French sheets, and any other with a French translation (the samples' toolkit has one).
    let french_sheets = ["/library/kyr-centre-de-signalement", "/library/kyr-nhs-charging-fr"];
    assert!(french_sheets.iter().all(|s| links.iter().any(|l| l == s)), "{links:?}");
    assert!(links.iter().all(|l| french_sheets.contains(&l.as_str()) || l == "/library/organising-toolkit"), "{links:?}");
    assert!(french.contains(r#"<input type="hidden" name="lang" value="fr""#), "a new search keeps the filter");
    // Nothing found says so, in the library's words.
    let (_, none) = get(&app, "/library?q=zzzzqqq").await;
    assert!(none.contains("Nothing in the library matches"));
}

#[tokio::test]
async fn search_filters_by_type_kind_topic_and_language_and_pages_to_the_end() {
    let db = sample_db().await;
    let app = app(&db);
    let (_, html) = get(&app, "/search?q=sample").await;
    for filter in ["type=listing", "type=event", "type=resource", "topic=health", "lang=ar"] {
        assert!(html.contains(&format!("/search?q=sample&amp;{filter}")), "{filter} offered");
    }
    assert!(html.contains("Groups and places") && html.contains("Solidarity group"), "cards and filters say what is what");
    let (_, json) = get(&app, "/api/search?q=sample").await;
    let total = serde_json::from_str::<serde_json::Value>(&json).unwrap()["total"].as_u64().unwrap() as usize;
    assert!(total > 40, "{total}");
    // Every result, once, following the next-page links.
    let mut seen = Vec::new();
    let mut uri = Some("/search?q=sample".to_string());
    while let Some(u) = uri {
        let (status, page) = get(&app, &u).await;
        assert_eq!(status, StatusCode::OK, "{u}");
        seen.extend(card_links(&page));
        uri = next_link(&page);
        assert!(seen.len() <= total);
    }
    let distinct: std::collections::BTreeSet<&String> = seen.iter().collect();
    assert_eq!((seen.len(), distinct.len()), (total, total));
    // In Farsi, the pages are numbered in Persian digits.
    let (_, fa) = get(&app, "/fa/search?q=sample&page=2").await;
    assert!(fa.contains("صفحه ۲ از"), "Persian digits");
    // A type and a kind narrow the results.
    let (_, events) = get(&app, "/search?q=sample&type=event&kind=drop_in").await;
    let links = card_links(&events);
    assert!(!links.is_empty() && links.iter().all(|l| l.starts_with("/events/")), "{links:?}");
    assert!(events.contains(r#"<input type="hidden" name="type" value="event""#));
    assert!(events.contains(r#"href="/search?q=sample&amp;type=listing""#), "the other types stay on offer");
}

#[tokio::test]
async fn a_tag_or_topic_named_in_another_language_is_found() {
    let db = sample_db().await;
    let app = app(&db);
    let (_, fr) = get(&app, "/fr/search?q=marche").await;
    assert!(card_links(&fr).iter().any(|l| l == "/listings/london-walking-group"), "marche finds the walking groups");
    for (q, expected) in [("santé", "kyr-nhs-charging"), ("الصحة", "gp-registration-guide"), ("پناهندگی", "webinar-asylum-system-101")]
    {
        let json = search_json(&app, q).await;
        // A sheet of a translation set may be found as another of its sheets.
        let slugs: Vec<String> = json["hits"].as_array().unwrap().iter().flat_map(sheets).collect();
        assert!(slugs.iter().any(|s| s == expected), "{q}: {slugs:?}");
    }
}

/// A search's later pages reuse its total and facets and rank only what can
/// reach them: page after page, they give what one long page gives, with
/// the same total and facets (translation sets once).
#[tokio::test]
async fn paging_through_a_search_gives_what_one_long_page_gives() {
    let db = sample_db().await;
    let app = app(&db);
    for (text, filter) in
        [("sample", ""), ("rights", ""), ("reporting centre", ""), ("health", ""), ("sample", "&type=resource"), ("s", "")]
    {
        let q = format!("{}{filter}", urlencode(text));
        // The long page first: it counts every match; the short pages after it only rank.
        let (_, long) = get(&app, &format!("/api/search?q={q}&per_page=100")).await;
        let long: serde_json::Value = serde_json::from_str(&long).unwrap();
        let total = long["total"].as_u64().unwrap() as usize;
        assert!(total > 3, "{q}: {total}");
        let mut paged = Vec::new();
        // As far as the long page reaches.
        for page in 1..=total.min(99).div_ceil(3) {
            let (_, short) = get(&app, &format!("/api/search?q={q}&per_page=3&page={page}")).await;
            let short: serde_json::Value = serde_json::from_str(&short).unwrap();
            assert_eq!((&short["total"], &short["facets"]), (&long["total"], &long["facets"]), "{q}, page {page}");
            paged.extend(short["hits"].as_array().unwrap().iter().cloned());
        }
        assert_eq!(paged[..], long["hits"].as_array().unwrap()[..paged.len()], "{q}");
    }
}
