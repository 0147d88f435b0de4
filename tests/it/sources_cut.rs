//! Issue 33: a reading that does not reach the end of its source's list
//! changes nothing. Its records are staged as they arrive and dropped; a
//! list is complete only when it reaches the count it announced (a
//! stream's `X-Total-Count`, the pages' `total_items`), so a lockdown at
//! the origin or a dropped connection mid-way archives nothing here.

use crate::common;
use crate::sources_stream::{admin, follow, follower, groups, listen};
use app::problem::Problem;
use app::source::{FetchOutcome, SourceFormat};
use axum::http::header::{HeaderName, CONTENT_TYPE};
use common::*;
use futures_util::StreamExt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

async fn staged_rows(db: &TestDb) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM source_staging").fetch_one(db.store.pool()).await.unwrap()
}

fn answer(media: &str, count: Option<usize>, body: axum::body::Body) -> axum::response::Response {
    let mut r = axum::response::Response::builder().header(CONTENT_TYPE, media);
    if let Some(n) = count {
        r = r.header(HeaderName::from_static("x-total-count"), n);
    }
    r.body(body).unwrap()
}

/// A feed whose stream announces and sends `lines` and then, when a cut
/// is set, breaks off after that many (the connection dropped).
type Feed = Arc<Mutex<(Vec<String>, Option<usize>)>>;

fn breaking_feed(feed: Feed) -> axum::Router {
    axum::Router::new().fallback(move || {
        let (lines, cut_after) = feed.lock().unwrap().clone();
        async move {
            let count = lines.len();
            let sent = lines.into_iter().take(cut_after.unwrap_or(usize::MAX)).map(|l| Ok(axum::body::Bytes::from(l + "\n")));
            let broken = cut_after.map(|_| Err(std::io::Error::other("the origin went away")));
            answer("application/x-ndjson", Some(count), axum::body::Body::from_stream(futures_util::stream::iter(sent.chain(broken))))
        }
    })
}

fn service(i: usize, name: &str) -> String {
    let at = serde_json::json!([{ "location": { "name": "Hull", "latitude": 53.74, "longitude": -0.33 } }]);
    serde_json::json!({ "id": format!("s{i}"), "name": format!("{name} {i}"), "service_at_locations": at }).to_string()
}

/// A reading's records are staged a chunk at a time as they arrive; one
/// cut off half-way (after several chunks were staged) offers, archives
/// and keeps nothing: the last good copy stands.
#[tokio::test]
async fn a_reading_cut_off_half_way_changes_nothing() {
    let lines = |name: &str| (0..40).map(|i| service(i, name)).collect::<Vec<_>>();
    let feed: Feed = Arc::new(Mutex::new((lines("Hull Drop-in"), Some(25))));
    let at = listen(breaking_feed(feed.clone())).await;
    // B stages and matches 7 records at a time.
    let b = follower(None, Some(7)).await;
    let id = follow(&b, "Stream", &format!("{at}/openreferral")).await;

    // The first reading breaks off at record 25 of 40 (fewer may arrive:
    // a connection that breaks need not deliver what was sent before):
    // nothing offered.
    let cut = b.atlas.fetch_source(id).await.unwrap();
    assert_eq!(cut.outcome, FetchOutcome::Failed);
    assert!(matches!(cut.problem, Some(Problem::SourceCutShort { announced: 40, got }) if got <= 25), "{cut:?}");
    assert!(pending(&b).await.is_empty());
    assert!(b.store.source_records(id).await.unwrap().is_empty());
    assert_eq!(staged_rows(&b).await, 0, "a failed reading drops what it staged");

    // Whole: all 40 offered.
    feed.lock().unwrap().1 = None;
    let read = b.atlas.fetch_source(id).await.unwrap();
    assert_eq!((read.outcome, read.counts.new, read.problem.clone()), (FetchOutcome::Read, 40, None), "{read:?}");
    assert_eq!(staged_rows(&b).await, 0, "a complete reading drops what it staged");

    // Every record renamed, and the stream cut again: no update offered,
    // none of the 15 records not sent archived, the last good copy stands.
    *feed.lock().unwrap() = (lines("Leeds Walks"), Some(25));
    let cut = b.atlas.fetch_source(id).await.unwrap();
    assert!(matches!(cut.problem, Some(Problem::SourceCutShort { announced: 40, got }) if got <= 25), "{cut:?}");
    let queued = pending(&b).await;
    assert!(queued.len() == 40 && queued.iter().all(|s| s.title.starts_with("Hull Drop-in")), "{queued:?}");
    let held = b.store.source_records(id).await.unwrap();
    assert_eq!(held.values().filter(|r| !r.gone).count(), 40, "nothing archived");
    assert_eq!(staged_rows(&b).await, 0);
    let stored = b.store.source(id).await.unwrap().unwrap();
    assert_eq!(stored.summary.counts.new, 40, "the last good reading's counts stay");
}

/// Two atlases on loopback: B copies A's 450 groups (trusted, so they are
/// public at B). A goes into lockdown while its stream is on its way:
/// A breaks the stream off, B keeps all 450 and says the list was cut
/// short; once A's lockdown is lifted B reads the whole list again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lockdown_at_the_origin_mid_stream_archives_nothing() {
    const N: usize = 450;
    let mut a = empty_db().await;
    import(&a, &groups(N), PUBLISHED).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let a_url = format!("http://{}", listener.local_addr().unwrap());
    a.restart_with(|c| c.public_url = a_url.clone()).await;
    // Armed, A's next answer turns A's lockdown on after its first chunk.
    let armed = Arc::new(AtomicBool::new(false));
    let (atlas, arm) = (a.atlas.clone(), armed.clone());
    let a_app = common::app(&a).layer(axum::middleware::from_fn(move |request: axum::extract::Request, next: axum::middleware::Next| {
        let (atlas, arm) = (atlas.clone(), arm.clone());
        async move {
            let response = next.run(request).await;
            if !arm.swap(false, Ordering::SeqCst) {
                return response;
            }
            let (parts, body) = response.into_parts();
            let frames = futures_util::stream::unfold((body.into_data_stream(), atlas, 0), |(mut body, atlas, n)| async move {
                if n == 1 {
                    atlas.set_lockdown(&admin(), true, "a raid").await.unwrap();
                }
                let frame = body.next().await?;
                Some((frame, (body, atlas, n + 1)))
            });
            axum::response::Response::from_parts(parts, axum::body::Body::from_stream(frames))
        }
    }));
    tokio::spawn(async move { axum::serve(listener, a_app).await.unwrap() });

    let b = follower(None, None).await;
    let id = b.atlas.add_source(&admin(), "Atlas A", &format!("{a_url}/openreferral"), SourceFormat::Oruk, None, true).await.unwrap();
    let read = b.atlas.fetch_source(id).await.unwrap();
    assert_eq!((read.counts.new, read.problem.clone()), (N, None), "{read:?}");
    assert_eq!(b.atlas.read.public_directory().len(), N);

    // One more group at A (so B's next reading is not answered 304), and
    // the lockdown comes after the first 200 lines.
    let shelter = serde_json::json!({
        "slug": "night-shelter", "kind": "solidarity_group", "name": "Bristol Night Shelter", "summary": "Beds from 9pm.",
        "town": "Bristol", "precision": "area", "latitude": 51.45, "longitude": -2.58,
    });
    import(&a, &shelter.to_string(), PUBLISHED).await;
    armed.store(true, Ordering::SeqCst);
    let cut = b.atlas.fetch_source(id).await.unwrap();
    assert_eq!(cut.outcome, FetchOutcome::Failed);
    assert!(matches!(cut.problem, Some(Problem::SourceCutShort { announced, got }) if announced == N + 1 && got <= 200), "{cut:?}");
    assert_eq!(b.atlas.read.public_directory().len(), N, "nothing archived at B");
    assert_eq!(b.store.source_records(id).await.unwrap().values().filter(|r| !r.gone).count(), N);
    // The admin reads why, in every language.
    let app = common::fast_app(&b);
    let mut signed_in = crate::moderation::admin_without_mail(&b, &app).await;
    let page = signed_in.get("/admin/sources").await;
    assert!(page.body.contains("The source announced 451 records, but its answer ended after"), "{}", page.body);
    for (lang, said) in [("ar", "أعلن المصدر"), ("fa", "منبع اعلام کرد"), ("fr", "La source a annoncé"), ("es", "La fuente anunció")]
    {
        let page = signed_in.get(&format!("/{lang}/admin/sources")).await;
        assert!(page.body.contains(said), "{lang}: {}", page.body);
    }

    // A's lockdown lifted: the whole list, one new group, none gone.
    a.atlas.set_lockdown(&admin(), false, "over").await.unwrap();
    let read = b.atlas.fetch_source(id).await.unwrap();
    assert_eq!((read.outcome, read.counts.new, read.counts.archived, read.problem.clone()), (FetchOutcome::Read, 1, 0, None), "{read:?}");
    assert_eq!(b.atlas.read.public_directory().len(), N + 1);
}

/// A list read by pages is complete when its records reach the
/// `total_items` its first page announced: pages that come back empty (a
/// lockdown) are a list cut short. A stream that does not announce its
/// count is not trusted to be whole: its pages are read instead.
#[tokio::test]
async fn pages_that_come_back_short_are_a_list_cut_short_and_a_stream_without_a_count_is_read_by_pages() {
    let short = Arc::new(AtomicBool::new(false));
    let shorten = short.clone();
    let feed = axum::Router::new().fallback(move |uri: axum::http::Uri| {
        let short = shorten.load(Ordering::SeqCst);
        async move {
            let query = uri.query().unwrap_or_default().to_string();
            if query.contains("format=ndjson") {
                // Lines without a count: read by pages instead.
                let lines: String = (0..250).map(|i| service(i, "Streamed") + "\n").collect();
                return answer("application/x-ndjson", None, lines.into());
            }
            let page: usize = query.split('&').find_map(|p| p.strip_prefix("page=")?.parse().ok()).unwrap_or(1);
            let contents: Vec<serde_json::Value> = match (page, short) {
                (1, _) => (0..200).map(|i| serde_json::from_str(&service(i, "Paged")).unwrap()).collect(),
                (2, false) => (200..250).map(|i| serde_json::from_str(&service(i, "Paged")).unwrap()).collect(),
                _ => Vec::new(),
            };
            let page = serde_json::json!({ "total_items": 250, "total_pages": 2, "page_number": page, "contents": contents });
            answer("application/json", None, page.to_string().into())
        }
    });
    let at = listen(feed).await;
    let b = follower(None, None).await;
    let id = follow(&b, "Council", &format!("{at}/openreferral")).await;
    let read = b.atlas.fetch_source(id).await.unwrap();
    assert_eq!((read.counts.new, read.problem.clone()), (250, None), "{read:?}");
    assert!(pending(&b).await.iter().all(|s| s.title.starts_with("Paged")), "the pages, not the stream");

    short.store(true, Ordering::SeqCst);
    let cut = b.atlas.fetch_source(id).await.unwrap();
    assert_eq!(cut.problem, Some(Problem::SourceCutShort { announced: 250, got: 200 }), "{cut:?}");
    assert_eq!(b.store.source_records(id).await.unwrap().values().filter(|r| !r.gone).count(), 250, "nothing archived");
}
