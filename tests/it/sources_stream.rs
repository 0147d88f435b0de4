//! Issue 33: following another atlas reads its whole list as one
//! `format=ndjson` stream (one request, lines read as they arrive, within
//! the same bounds); a feed that ignores the parameter is read page by
//! page, to the same records.

use crate::common;
use app::people::Role;
use app::problem::Problem;
use app::source::{FetchOutcome, SourceFormat};
use common::*;
use std::sync::{Arc, Mutex};

/// What a server was asked: each request's path and query.
pub(crate) type Asked = Arc<Mutex<Vec<String>>>;

pub(crate) fn counting(app: axum::Router, asked: Asked) -> axum::Router {
    app.layer(axum::middleware::from_fn(move |request: axum::extract::Request, next: axum::middleware::Next| {
        let asked = asked.clone();
        async move {
            asked.lock().unwrap().push(request.uri().to_string());
            next.run(request).await
        }
    }))
}

pub(crate) async fn listen(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let at = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    at
}

/// `n` published groups, each a full record (about 1.5 KB of ndjson).
pub(crate) fn groups(n: usize) -> String {
    let towns = [("Leeds", 53.7997, -1.5492), ("Sheffield", 53.3811, -1.4701), ("Hull", 53.7457, -0.3367)];
    (0..n)
        .map(|i| {
            let (town, lat, lon) = towns[i % towns.len()];
            serde_json::json!({
                "slug": format!("group-{i:03}"), "kind": "solidarity_group", "name": format!("{town} Solidarity Group {i}"),
                "summary": format!("Meets every week in {town}; everyone welcome, interpreters on request ({i})."),
                "town": town, "precision": "area", "latitude": lat + i as f64 * 0.0001, "longitude": lon,
                "website": format!("https://group{i}.example.org"), "tags": ["food", "advice"], "languages": ["en", "ar", "fa"],
            })
            .to_string()
                + "\n"
        })
        .collect()
}

pub(crate) fn admin() -> app::people::User {
    app::people::User { id: 0, email: "admin@example.org".into(), role: Role::Admin, regions: vec![] }
}

pub(crate) async fn follower(max_records: Option<usize>, chunk: Option<usize>) -> TestDb {
    let mut b = empty_db().await;
    b.restart_with(|c| {
        c.calendars.allow_private = true;
        c.sources.max_records = max_records.unwrap_or(c.sources.max_records);
        c.sources.chunk = chunk.unwrap_or(c.sources.chunk);
    })
    .await;
    b
}

pub(crate) async fn follow(b: &TestDb, name: &str, url: &str) -> i64 {
    b.atlas.add_source(&admin(), name, url, SourceFormat::Oruk, None, false).await.unwrap()
}

pub(crate) async fn queued_names(db: &TestDb) -> Vec<String> {
    let mut names: Vec<String> = pending(db).await.into_iter().map(|s| s.title).collect();
    names.sort();
    names
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn following_another_atlas_reads_its_list_as_one_ndjson_stream_and_a_feed_without_it_by_pages() {
    const N: usize = 450;
    let mut a = empty_db().await;
    import(&a, &groups(N), PUBLISHED).await;
    let a_asked = Asked::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let a_url = format!("http://{}", listener.local_addr().unwrap());
    a.restart_with(|c| c.public_url = a_url.clone()).await;
    let a_app = counting(common::app(&a), a_asked.clone());
    tokio::spawn(async move { axum::serve(listener, a_app).await.unwrap() });

    // B follows A: one request, every record (over 600 KB, so several
    // batches of lines), nothing public before a moderator.
    let b = follower(None, None).await;
    let id = follow(&b, "Atlas A", &format!("{a_url}/openreferral")).await;
    let read = b.atlas.fetch_source(id).await.unwrap();
    assert_eq!((read.outcome, read.counts.new, read.problem.clone()), (FetchOutcome::Read, N, None), "{read:?}");
    assert_eq!(*a_asked.lock().unwrap(), ["/openreferral/services?format=ndjson&full=true"]);
    let streamed = queued_names(&b).await;
    assert_eq!(streamed.len(), N);
    let (from, link) = b.store.provenance(&pending(&b).await[0].slug).await.unwrap().expect("provenance");
    assert!(from == "Atlas A" && link.is_some_and(|l| l.starts_with(&format!("{a_url}/listings/group-"))));

    // Nothing changed at A: one more request, answered 304.
    a_asked.lock().unwrap().clear();
    let again = b.atlas.fetch_source(id).await.unwrap();
    assert_eq!(again.outcome, FetchOutcome::Unchanged, "{again:?}");
    assert_eq!(a_asked.lock().unwrap().len(), 1);

    // A feed that ignores format=ndjson (here A behind a proxy that drops
    // it): its answer is passed over and its pages read, to the same records.
    let paged_asked = Asked::default();
    let upstream = a_url.clone();
    let proxy = axum::Router::new().fallback(move |uri: axum::http::Uri| {
        let upstream = upstream.clone();
        async move {
            let query: Vec<(String, String)> = url::form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes())
                .into_owned()
                .filter(|(k, _)| k != "format")
                .collect();
            let query = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(query).finish();
            let body = reqwest::get(format!("{upstream}{}?{query}", uri.path())).await.unwrap().text().await.unwrap();
            ([(axum::http::header::CONTENT_TYPE, "application/json")], body)
        }
    });
    let proxy_url = listen(counting(proxy, paged_asked.clone())).await;
    // (C matches and writes 7 records at a time: the same outcome.)
    let c = follower(None, Some(7)).await;
    let read = c.atlas.fetch_source(follow(&c, "Paged feed", &format!("{proxy_url}/openreferral")).await).await.unwrap();
    assert_eq!((read.counts.new, read.problem.clone()), (N, None), "{read:?}");
    let asked = paged_asked.lock().unwrap().clone();
    assert_eq!(asked.len(), 1 + N.div_ceil(200), "the stream asked for, then each page: {asked:?}");
    assert!(asked[1..].iter().all(|a| a.contains("per_page=200")), "{asked:?}");
    assert_eq!(queued_names(&c).await, streamed, "the same records either way");

    // The stream counts toward the same bound as pages: too many records
    // is refused as they arrive, and nothing is offered.
    let d = follower(Some(N - 1), None).await;
    let read = d.atlas.fetch_source(follow(&d, "Atlas A", &format!("{a_url}/openreferral")).await).await.unwrap();
    assert_eq!(read.problem, Some(Problem::SourceTooManyRecords { given: N, max: N - 1 }), "{read:?}");
    assert!(pending(&d).await.is_empty());
}

/// A stream that breaks off, or whose lines are not JSON, keeps the last
/// good copy and says which line could not be read.
#[tokio::test]
async fn a_stream_with_a_line_that_is_not_json_keeps_the_last_good_copy() {
    let line = |id: &str, name: &str| {
        let at = serde_json::json!([{ "location": { "name": "Hull", "latitude": 53.74, "longitude": -0.33 } }]);
        serde_json::json!({ "id": id, "name": name, "service_at_locations": at }).to_string()
    };
    let good = format!("{}\n{}\n", line("s1", "Hull Drop-in"), line("s2", "Leeds Walks"));
    let body = Arc::new(Mutex::new(good));
    let shared = body.clone();
    let feed = axum::Router::new().fallback(move || {
        let body = shared.lock().unwrap().clone();
        let count = body.lines().count().to_string();
        async move {
            (
                [
                    (axum::http::header::CONTENT_TYPE, "application/x-ndjson".to_string()),
                    (axum::http::header::HeaderName::from_static("x-total-count"), count),
                ],
                body,
            )
        }
    });
    let at = listen(feed).await;
    let b = follower(None, None).await;
    let id = follow(&b, "Stream", &format!("{at}/openreferral")).await;
    assert_eq!(b.atlas.fetch_source(id).await.unwrap().counts.new, 2);
    *body.lock().unwrap() = format!("{}\n<html>oops</html>\n", line("s1", "Hull Drop-in"));
    let broken = b.atlas.fetch_source(id).await.unwrap();
    assert!(
        matches!(&broken.problem, Some(Problem::SourceUnreadable { detail }) if detail.starts_with("line 2 is not JSON")),
        "{broken:?}"
    );
    assert_eq!(b.store.source_records(id).await.unwrap().values().filter(|r| !r.gone).count(), 2, "the last good records stay");
    assert_eq!(pending(&b).await.len(), 2);
}
