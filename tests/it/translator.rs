//! The translator role (issue 31): someone an admin makes a translator
//! proposes one language of any published listing or resource, the
//! original beside each field; it waits for a moderator like any edit,
//! changes only that language, and never adds a link. Driven over HTTP
//! like a browser without JavaScript.

use crate::common;

use app::people::{Role, SubmissionAction};
use axum::http::StatusCode;
use common::smtp::MailServer;
use common::*;

const ADMIN: &str = "admin@example.org";
const TRANSLATOR: &str = "words@example.org";
const LISTING: &str = r#"{"slug": "leeds-walking-group", "kind": "solidarity_group", "name": "Leeds Walking Group", "summary": "We walk together every week.", "town": "Leeds", "description": "Everyone is welcome.", "language": "en"}"#;
const PAGE: &str = "/listings/leeds-walking-group";
const TRANSLATE: &str = "/account/translate/listing/leeds-walking-group";

#[tokio::test]
async fn a_translators_farsi_translation_waits_for_a_moderator_then_shows_on_fa() {
    let mail = MailServer::start(None).await;
    let db = db_with_mail(&mail, false).await;
    import(&db, LISTING, PUBLISHED).await;
    let admin = db.put_user(ADMIN, Role::Admin, &[]).await;
    let app = fast_app(&db);

    // An admin makes someone a translator where roles are granted.
    let mut a = Visitor::new(&app);
    a.sign_in(ADMIN, &mail).await;
    let granted = a.submit("/admin", "/admin/people", &[("email", TRANSLATOR), ("role", "translator"), ("regions", "")]).await;
    assert_eq!(granted.location.as_deref(), Some("/admin"), "{}", granted.body);
    assert!(a.get("/admin").await.body.contains("translator"));

    let mut v = Visitor::new(&app);
    let (_, public) = get(&app, PAGE).await;
    assert!(!public.contains(TRANSLATE), "no Translate link for the public");
    v.sign_in(TRANSLATOR, &mail).await;
    assert!(v.get(PAGE).await.body.contains(&format!(r#"href="{TRANSLATE}""#)));
    assert!(v.get("/account").await.body.contains("You can translate any published listing, event or resource"));

    // The original, read-only, beside the Farsi fields.
    let page = v.get(&format!("{TRANSLATE}?lang=fa")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains(r#"<div lang="en" dir="ltr" class="original-text">We walk together every week.</div>"#), "{}", page.body);
    assert!(page.body.contains(r#"name="tr.fa.name""#) && page.body.contains(r#"lang="fa" dir="rtl""#), "{}", page.body);
    assert!(!page.body.contains(r#"name="name""#), "the original's fields are not editable here");

    // A translation that adds a link comes back with its message, typed text kept.
    let linked = [("lang", "fa"), ("tr.fa.name", "گروه پیاده‌روی لیدز"), ("tr.fa.summary", "ببینید https://elsewhere.example")];
    let refused = v.submit(TRANSLATE, TRANSLATE, &linked).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(refused.body.contains("has a link the original does not have: https://elsewhere.example"), "{}", refused.body);
    assert!(refused.body.contains(r#"value="ببینید https://elsewhere.example""#), "typed text kept: {}", refused.body);
    assert!(pending(&db).await.is_empty(), "nothing stored");

    // Sent: only the Farsi text is taken (a name in the original's language is not).
    let fields = [
        ("lang", "fa"),
        ("name", "Renamed by a translator"),
        ("tr.fa.name", "گروه پیاده‌روی لیدز"),
        ("tr.fa.summary", "هر هفته با هم قدم می‌زنیم."),
    ];
    let sent = v.submit(TRANSLATE, TRANSLATE, &fields).await;
    assert_eq!(sent.location.as_deref(), Some("/thanks/edit"), "{}", sent.body);
    let waiting = pending(&db).await;
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].action, SubmissionAction::Edit);
    let log = app::ports::Backoffice::audit_log(&*db.atlas, &admin, 0, 20).await.unwrap();
    assert!(log.iter().any(|e| e.actor == TRANSLATOR && e.action == "proposed translation" && e.reason == "fa"), "{log:?}");
    let (_, fa) = get(&app, &format!("/fa{PAGE}")).await;
    assert!(!fa.contains("گروه پیاده‌روی لیدز"), "nothing public before a moderator approves");

    // The queue and the translator's own account name it a translation, and into what.
    assert_eq!(waiting[0].translation.as_deref(), Some("fa"));
    assert!(a.get("/moderate").await.body.contains("Translation into فارسی"));
    assert!(v.get("/account").await.body.contains("Translation into فارسی"));
    // Opening the Farsi form again says one is waiting; the Spanish one does not.
    assert!(v.get(&format!("{TRANSLATE}?lang=fa")).await.body.contains("A translation into فارسی is already waiting for a moderator"));
    assert!(!v.get(&format!("{TRANSLATE}?lang=es")).await.body.contains("is already waiting"));

    // The moderator reads each translated field beside its original.
    let review = a.get(&format!("/moderate/submissions/{}", waiting[0].id)).await;
    assert!(review.body.contains("Translations, side by side"), "{}", review.body);
    let side = r#"<div lang="en" dir="ltr" class="original-text">We walk together every week.</div></div><div><label for="tr.fa.summary" class="side-label">Proposed (فارسی)</label><input id="tr.fa.summary" name="tr.fa.summary" type="text" value="هر هفته با هم قدم می‌زنیم." maxlength="500" lang="fa" dir="rtl" class="proposed-text">"#;
    assert!(review.body.contains(side), "{}", review.body);
    db.atlas.approve(&admin, waiting[0].id, None).await.unwrap();
    let (_, fa) = get(&app, &format!("/fa{PAGE}")).await;
    assert!(fa.contains(r#"<h1 lang="fa" dir="rtl">گروه پیاده‌روی لیدز</h1>"#), "{fa}");
    let (_, en) = get(&app, &format!("/en{PAGE}")).await;
    assert!(en.contains(r#"<h1 lang="en" dir="ltr">Leeds Walking Group</h1>"#) && !en.contains("Renamed"), "{en}");
    let revisions = db.store.revisions(app::people::Entity::Listing, "leeds-walking-group").await.unwrap();
    assert!(revisions.iter().any(|r| r.data.contains("گروه پیاده‌روی لیدز")), "a revision of the approved translation: {revisions:?}");

    // A Spanish one not approved: the translator reads why on their account.
    let spanish = [("lang", "es"), ("tr.es.name", "Grupo de caminata de Leeds")];
    assert_eq!(v.submit(&format!("{TRANSLATE}?lang=es"), TRANSLATE, &spanish).await.location.as_deref(), Some("/thanks/edit"));
    let id = pending(&db).await[0].id;
    db.atlas.reject(&admin, id, "Please translate the summary too.", server::moderation::Relisting::Allowed).await.unwrap();
    let account = v.get("/account").await.body;
    assert!(account.contains("Translation into Español") && account.contains("Please translate the summary too."), "{account}");
}

#[tokio::test]
async fn only_a_translator_translates_and_only_what_the_public_sees() {
    let mail = MailServer::start(None).await;
    let db = db_with_mail(&mail, false).await;
    import(&db, LISTING, PUBLISHED).await;
    import(&db, r#"{"slug": "not-yet", "kind": "solidarity_group", "name": "Not Yet Group", "town": "Leeds"}"#, PENDING).await;
    let admin = db.put_user(ADMIN, Role::Admin, &[]).await;
    db.put_user(TRANSLATOR, Role::Translator, &[]).await;
    db.organiser("someone@example.org").await;
    let app = fast_app(&db);
    let fields = [("lang", "ar"), ("tr.ar.name", "مجموعة المشي")];

    // An organiser of nothing here: neither the page nor the post.
    let mut o = Visitor::new(&app);
    o.sign_in("someone@example.org", &mail).await;
    assert!(!o.get(PAGE).await.body.contains(TRANSLATE));
    assert_eq!(o.get(TRANSLATE).await.status, StatusCode::NOT_FOUND);
    let refused = o.submit("/account", TRANSLATE, &fields).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert!(refused.body.contains("Only translators can translate"), "{}", refused.body);

    // A translator: not an unpublished listing.
    let mut v = Visitor::new(&app);
    v.sign_in(TRANSLATOR, &mail).await;
    let hidden = "/account/translate/listing/not-yet";
    assert_eq!(v.get(hidden).await.status, StatusCode::NOT_FOUND);
    let hidden_post = v.submit("/account", hidden, &fields).await;
    assert_eq!(hidden_post.status, StatusCode::NOT_FOUND, "{}", hidden_post.body);
    assert!(pending(&db).await.is_empty());

    // A lockdown: the translate page answers as for no listing.
    db.atlas.set_lockdown(&admin, true, "test").await.unwrap();
    assert_eq!(v.get(TRANSLATE).await.status, StatusCode::NOT_FOUND);
    assert_eq!(v.submit("/account", TRANSLATE, &fields).await.status, StatusCode::NOT_FOUND);
    db.atlas.set_lockdown(&admin, false, "test").await.unwrap();

    // A library sheet: its Arabic title, once approved, on /ar/.
    let sheet = r#"{"slug": "kyr-bail", "title": "Know your rights on bail", "summary": "What bail means.", "kind": "know-your-rights", "languages": ["en"]}"#;
    db.atlas.import_resources(sheet.as_bytes(), app::model::ListingStatus::Published, false, |_| {}).await.unwrap();
    assert!(v.get("/library/kyr-bail").await.body.contains(r#"href="/account/translate/resource/kyr-bail""#));
    let page = "/account/translate/resource/kyr-bail";
    let sent = v.submit(page, page, &[("lang", "ar"), ("tr.ar.title", "اعرف حقوقك في الكفالة")]).await;
    assert_eq!(sent.location.as_deref(), Some("/thanks/edit"), "{}", sent.body);
    let s = pending(&db).await.into_iter().next().unwrap();
    assert!(!get(&app, "/ar/library/kyr-bail").await.1.contains("اعرف حقوقك في الكفالة"));
    db.atlas.approve(&admin, s.id, None).await.unwrap();
    let (_, ar) = get(&app, "/ar/library/kyr-bail").await;
    assert!(ar.contains("اعرف حقوقك في الكفالة"), "{ar}");
}

/// An event's translated title is what a reader of that language reads
/// where dates are listed — What's on and a group's "Next dates" — marked
/// with its language; the calendar file says which language its text is in.
#[tokio::test]
async fn an_events_arabic_title_is_listed_on_ar_and_its_calendar_names_the_language() {
    let db = empty_db().await;
    import(&db, LISTING, PUBLISHED).await;
    let day = (chrono::Utc::now().date_naive() + chrono::Duration::days(2)).format("%Y-%m-%d").to_string();
    let event = format!(
        r#"{{"slug": "evening-walk", "listing": "leeds-walking-group", "title": "Evening walk", "summary": "An easy walk.", "category": "regular_activity", "start": "{day}T18:30", "end": "{day}T20:00", "rrule": "FREQ=WEEKLY", "language": "en", "translations": {{"ar": {{"title": "نزهة المساء", "summary": "نزهة سهلة."}}}}}}"#
    );
    let options = server::events::EventImportOptions {
        listing: None,
        exact_venues: false,
        status: app::model::ListingStatus::Published,
        skip_invalid: false,
    };
    db.atlas.import_events(event.as_bytes(), server::events::EventFormat::JsonLines, options).await.unwrap();
    let app = fast_app(&db);

    let arabic = r#"lang="ar" dir="rtl" href="/events/evening-walk" class="card-name">نزهة المساء</a>"#;
    let english = r#"lang="en" dir="ltr" href="/events/evening-walk" class="card-name">Evening walk</a>"#;
    let (_, on) = get(&app, "/ar/events").await;
    assert!(on.contains(arabic), "{on}");
    let (_, next) = get(&app, &format!("/ar{PAGE}")).await;
    assert!(next.contains(arabic), "{next}");
    // No French: the original, marked as English on a French page.
    let (_, fr) = get(&app, "/fr/events").await;
    assert!(fr.contains(english), "{fr}");

    let (status, ics) = get(&app, "/events.ics").await;
    assert_eq!(status, StatusCode::OK);
    assert!(ics.contains("SUMMARY;LANGUAGE=en:Evening walk\r\n"), "{ics}");
    assert!(ics.contains("DESCRIPTION;LANGUAGE=en:An easy walk."), "{ics}");
    // Asked in Arabic: the Arabic title and summary, named as Arabic; a
    // language it has no translation in gives the original; a bad code a 400.
    let (status, ics) = get(&app, "/events.ics?in=ar").await;
    assert_eq!(status, StatusCode::OK);
    assert!(ics.contains("SUMMARY;LANGUAGE=ar:نزهة المساء\r\n"), "{ics}");
    assert!(ics.contains("DESCRIPTION;LANGUAGE=ar:نزهة سهلة."), "{ics}");
    let (_, ics) = get(&app, "/events.ics?in=fr").await;
    assert!(ics.contains("SUMMARY;LANGUAGE=en:Evening walk\r\n"), "{ics}");
    let (status, _) = get(&app, "/events.ics?in=AR!").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

/// Issue 31: a series translated in its title but not its summary gives a
/// reader of that language the translated title and the original summary,
/// each named with its own language — in the calendar file and the API.
#[tokio::test]
async fn a_title_translated_without_its_summary_keeps_the_originals_summary_named_as_such() {
    let db = empty_db().await;
    import(&db, LISTING, PUBLISHED).await;
    import_walk(&db, app::model::ListingStatus::Published).await;
    let app = fast_app(&db);

    let (status, ics) = get(&app, "/events.ics?in=ar").await;
    assert_eq!(status, StatusCode::OK);
    assert!(ics.contains("SUMMARY;LANGUAGE=ar:نزهة المساء\r\n"), "{ics}");
    assert!(ics.contains("DESCRIPTION;LANGUAGE=en:An easy walk by the canal.\\n\\nhttp"), "the original's summary, not only a link: {ics}");
    assert!(!ics.contains("DESCRIPTION;LANGUAGE=ar"), "{ics}");

    let (status, body) = get(&app, "/api/events?listing=leeds-walking-group&limit=1&in=ar").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let first = &serde_json::from_str::<serde_json::Value>(&body).unwrap()["items"][0];
    assert_eq!((first["title"].as_str(), first["text_language"].as_str()), (Some("نزهة المساء"), Some("ar")), "{body}");
    assert_eq!((first["summary"].as_str(), first["summary_language"].as_str()), (Some("An easy walk by the canal."), Some("en")), "{body}");
    // No French at all: both texts the original's, both named so.
    let (_, body) = get(&app, "/api/events?listing=leeds-walking-group&limit=1&in=fr").await;
    let first = &serde_json::from_str::<serde_json::Value>(&body).unwrap()["items"][0];
    assert_eq!((first["text_language"].as_str(), first["summary_language"].as_str()), (Some("en"), Some("en")), "{body}");
}

const EVENT_PAGE: &str = "/events/evening-walk";
const TRANSLATE_EVENT: &str = "/account/translate/event/evening-walk";

/// A weekly walk of LISTING at a venue shown only approximately (its true
/// point is 53.81234, -1.55678), with an Arabic translation.
async fn import_walk(db: &TestDb, status: app::model::ListingStatus) {
    let day = (chrono::Utc::now().date_naive() + chrono::Duration::days(2)).format("%Y-%m-%d").to_string();
    let event = format!(
        r#"{{"slug": "evening-walk", "listing": "leeds-walking-group", "title": "Evening walk", "summary": "An easy walk by the canal.", "description": "Bring water.", "category": "regular_activity", "start": "{day}T18:30", "end": "{day}T20:00", "rrule": "FREQ=WEEKLY", "place": "venue", "venue": {{"name": "Back room", "town": "Leeds", "lat": 53.81234, "lon": -1.55678, "precision": "approximate"}}, "language": "en", "translations": {{"ar": {{"title": "نزهة المساء"}}}}}}"#
    );
    let options = server::events::EventImportOptions { listing: None, exact_venues: false, status, skip_invalid: false };
    db.atlas.import_events(event.as_bytes(), server::events::EventFormat::JsonLines, options).await.unwrap();
}

/// Issue 31: a translator translates an event as a listing — the original
/// beside each field, a pending edit of that language only, refused when
/// it adds a link — and its approval writes the translation and nothing
/// else: the venue's true point (which the form's fields never hold) stays.
#[tokio::test]
async fn a_translator_translates_an_event_and_its_approval_changes_only_that_language() {
    let mail = MailServer::start(None).await;
    let db = db_with_mail(&mail, false).await;
    import(&db, LISTING, PUBLISHED).await;
    import_walk(&db, app::model::ListingStatus::Published).await;
    let admin = db.put_user(ADMIN, Role::Admin, &[]).await;
    db.put_user(TRANSLATOR, Role::Translator, &[]).await;
    let app = fast_app(&db);
    let true_point = async || -> (f64, f64) {
        sqlx::query_as("SELECT venue_latitude, venue_longitude FROM events WHERE slug = 'evening-walk'")
            .fetch_one(db.store.pool())
            .await
            .unwrap()
    };

    let mut v = Visitor::new(&app);
    v.sign_in(TRANSLATOR, &mail).await;
    assert!(v.get(EVENT_PAGE).await.body.contains(&format!(r#"href="{TRANSLATE_EVENT}""#)));
    assert!(!get(&app, EVENT_PAGE).await.1.contains(TRANSLATE_EVENT), "no Translate link for the public");
    let page = v.get(&format!("{TRANSLATE_EVENT}?lang=fa")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains(r#"<div lang="en" dir="ltr" class="original-text">An easy walk by the canal.</div>"#), "{}", page.body);
    assert!(page.body.contains(r#"<div lang="en" dir="ltr" class="original-text">Bring water.</div>"#), "{}", page.body);
    assert!(page.body.contains(r#"name="tr.fa.title""#) && page.body.contains(r#"href="/events/evening-walk""#), "{}", page.body);

    // A link the original lacks: the page again with its message and the text.
    let linked = [("lang", "fa"), ("tr.fa.title", "پیاده‌روی عصر"), ("tr.fa.description", "ببینید https://elsewhere.example")];
    let refused = v.submit(TRANSLATE_EVENT, TRANSLATE_EVENT, &linked).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(refused.body.contains("has a link the original does not have: https://elsewhere.example"), "{}", refused.body);
    assert!(refused.body.contains("ببینید https://elsewhere.example"), "typed text kept: {}", refused.body);
    assert!(pending(&db).await.is_empty(), "nothing stored");

    // Sent: only the Farsi text is taken, whatever else is posted.
    let fields = [
        ("lang", "fa"),
        ("title", "Renamed by a translator"),
        ("venue_latitude", "51.5"),
        ("tr.fa.title", "پیاده‌روی عصر"),
        ("tr.fa.summary", "پیاده‌روی آسان کنار کانال."),
        ("tr.ar.title", "عنوان آخر"),
    ];
    let sent = v.submit(TRANSLATE_EVENT, TRANSLATE_EVENT, &fields).await;
    assert_eq!(sent.location.as_deref(), Some("/thanks/edit"), "{}", sent.body);
    let waiting = pending(&db).await;
    assert_eq!((waiting.len(), waiting[0].entity, waiting[0].action), (1, app::people::Entity::Event, SubmissionAction::Edit));
    let log = app::ports::Backoffice::audit_log(&*db.atlas, &admin, 0, 20).await.unwrap();
    assert!(log.iter().any(|e| e.actor == TRANSLATOR && e.action == "proposed translation" && e.reason == "fa"), "{log:?}");
    assert!(!get(&app, &format!("/fa{EVENT_PAGE}")).await.1.contains("پیاده‌روی عصر"), "nothing public before a moderator approves");

    // The moderator reads it beside the original; only the Farsi rows change.
    let mut a = Visitor::new(&app);
    a.sign_in(ADMIN, &mail).await;
    let review = a.get(&format!("/moderate/submissions/{}", waiting[0].id)).await;
    let side = r#"<div lang="en" dir="ltr" class="original-text">An easy walk by the canal.</div></div><div><label for="tr.fa.summary" class="side-label">Proposed (فارسی)</label><input id="tr.fa.summary" name="tr.fa.summary" type="text" value="پیاده‌روی آسان کنار کانال." maxlength="500" lang="fa" dir="rtl" class="proposed-text">"#;
    assert!(review.body.contains(side), "{}", review.body);
    assert!(!review.body.contains("Renamed by a translator") && !review.body.contains("51.5"), "{}", review.body);

    db.atlas.approve(&admin, waiting[0].id, None).await.unwrap();
    let (_, fa) = get(&app, &format!("/fa{EVENT_PAGE}")).await;
    assert!(fa.contains(r#"<span lang="fa" dir="rtl">پیاده‌روی عصر</span>"#), "{fa}");
    let (_, ar) = get(&app, &format!("/ar{EVENT_PAGE}")).await;
    assert!(ar.contains("نزهة المساء") && !ar.contains("عنوان آخر"), "the Arabic stays as it was: {ar}");
    let (_, en) = get(&app, &format!("/en{EVENT_PAGE}")).await;
    assert!(en.contains(r#"<span lang="en" dir="ltr">Evening walk</span>"#) && !en.contains("Renamed"), "{en}");
    assert_eq!(true_point().await, (53.81234, -1.55678), "the venue's true point is kept");
    assert!(!fa.contains("53.81234"), "and never shown");
    let revisions = db.store.revisions(app::people::Entity::Event, "evening-walk").await.unwrap();
    assert!(revisions.iter().any(|r| r.data.contains("پیاده‌روی عصر") && r.author == ADMIN), "{revisions:?}");
    assert!(log_has(&db, &admin, "approved", "event evening-walk").await);
}

async fn log_has(db: &TestDb, admin: &app::people::User, action: &str, on: &str) -> bool {
    let log = app::ports::Backoffice::audit_log(&*db.atlas, admin, 0, 50).await.unwrap();
    log.iter().any(|e| e.action == action && e.target.starts_with(on))
}

/// The same refusals as for a listing: not a translator (404 page, 403
/// post), an event not published, a lockdown (404 both).
#[tokio::test]
async fn only_a_translator_translates_an_event_the_public_can_see() {
    let mail = MailServer::start(None).await;
    let db = db_with_mail(&mail, false).await;
    import(&db, LISTING, PUBLISHED).await;
    import_walk(&db, app::model::ListingStatus::Pending).await;
    let admin = db.put_user(ADMIN, Role::Admin, &[]).await;
    db.put_user(TRANSLATOR, Role::Translator, &[]).await;
    db.organiser("someone@example.org").await;
    let app = fast_app(&db);
    let fields = [("lang", "fa"), ("tr.fa.title", "پیاده‌روی عصر")];

    let mut v = Visitor::new(&app);
    v.sign_in(TRANSLATOR, &mail).await;
    assert_eq!(v.get(TRANSLATE_EVENT).await.status, StatusCode::NOT_FOUND, "not published");
    assert_eq!(v.submit("/account", TRANSLATE_EVENT, &fields).await.status, StatusCode::NOT_FOUND);

    import_walk(&db, app::model::ListingStatus::Published).await;
    let mut o = Visitor::new(&app);
    o.sign_in("someone@example.org", &mail).await;
    assert_eq!(o.get(TRANSLATE_EVENT).await.status, StatusCode::NOT_FOUND);
    let refused = o.submit("/account", TRANSLATE_EVENT, &fields).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);

    db.atlas.set_lockdown(&admin, true, "test").await.unwrap();
    assert_eq!(v.get(TRANSLATE_EVENT).await.status, StatusCode::NOT_FOUND);
    assert_eq!(v.submit("/account", TRANSLATE_EVENT, &fields).await.status, StatusCode::NOT_FOUND);
    db.atlas.set_lockdown(&admin, false, "test").await.unwrap();
    assert!(pending(&db).await.is_empty());
    assert_eq!(v.get(TRANSLATE_EVENT).await.status, StatusCode::OK);
}

/// Issue 31: an event's own page reads in the reader's language down to
/// its dates (what search engines read of each date too), and the events
/// API answers `in=` as the search API does, naming the original language.
#[tokio::test]
async fn the_event_page_and_the_events_api_read_in_the_readers_language() {
    let db = empty_db().await;
    import(&db, LISTING, PUBLISHED).await;
    import_walk(&db, app::model::ListingStatus::Published).await;
    let app = fast_app(&db);

    let (_, ar) = get(&app, &format!("/ar{EVENT_PAGE}")).await;
    assert!(ar.contains(r#"<span lang="ar" dir="rtl">نزهة المساء</span>"#), "{ar}");
    assert!(ar.contains(r#""name":"نزهة المساء""#) && !ar.contains(r#""name":"Evening walk""#), "each date in Arabic: {ar}");
    let (_, fr) = get(&app, &format!("/fr{EVENT_PAGE}")).await;
    assert!(fr.contains(r#"<span lang="en" dir="ltr">Evening walk</span>"#) && fr.contains(r#""name":"Evening walk""#), "{fr}");

    let items = |body: &str| serde_json::from_str::<serde_json::Value>(body).unwrap()["items"].as_array().unwrap().clone();
    let (status, body) = get(&app, "/api/events?listing=leeds-walking-group&limit=2&in=ar").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let first = &items(&body)[0];
    assert_eq!((first["title"].as_str(), first["text_language"].as_str()), (Some("نزهة المساء"), Some("ar")), "{body}");
    assert_eq!((first["summary"].as_str(), first["language"].as_str()), (Some("An easy walk by the canal."), Some("en")), "{body}");
    // No French: the original, saying so.
    let (_, body) = get(&app, "/api/events?listing=leeds-walking-group&limit=2&in=fr").await;
    let first = &items(&body)[0];
    assert_eq!((first["title"].as_str(), first["text_language"].as_str()), (Some("Evening walk"), Some("en")), "{body}");
    // Not asked: the original, its language named.
    let (_, body) = get(&app, "/api/events?listing=leeds-walking-group&limit=2").await;
    let first = &items(&body)[0];
    assert_eq!((first["title"].as_str(), first["language"].as_str()), (Some("Evening walk"), Some("en")), "{body}");
    assert!(first.get("text_language").is_none(), "{body}");
    for bad in ["AR", "0.5", "arabic-language"] {
        let (status, said) = get(&app, &format!("/api/events?in={bad}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {said}");
        assert!(said.contains("in must be a language code"), "{said}");
    }
}

/// The group and its published walk, an admin and a translator.
async fn published_walk_with_admin_and_translator(mail: &MailServer) -> TestDb {
    let db = db_with_mail(mail, false).await;
    import(&db, LISTING, PUBLISHED).await;
    import_walk(&db, app::model::ListingStatus::Published).await;
    db.put_user(ADMIN, Role::Admin, &[]).await;
    db.put_user(TRANSLATOR, Role::Translator, &[]).await;
    db
}

/// Issue 31: the moderator corrects a proposed translation in the review's
/// side by side before approving it; the correction is checked as the
/// translator's text was, and the page keeps what they typed.
#[tokio::test]
async fn a_moderator_corrects_a_proposed_translation_before_approving_it() {
    let mail = MailServer::start(None).await;
    let db = published_walk_with_admin_and_translator(&mail).await;
    let app = fast_app(&db);
    let mut v = Visitor::new(&app);
    v.sign_in(TRANSLATOR, &mail).await;
    let listing = [("lang", "fa"), ("tr.fa.name", "گروه پیاده‌روی لیدز"), ("tr.fa.summary", "هر هفته با هم قدم می‌زنیم.")];
    assert_eq!(v.submit(TRANSLATE, TRANSLATE, &listing).await.location.as_deref(), Some("/thanks/edit"));
    let event = [("lang", "fa"), ("tr.fa.title", "پیاده‌روی عصر")];
    assert_eq!(v.submit(TRANSLATE_EVENT, TRANSLATE_EVENT, &event).await.location.as_deref(), Some("/thanks/edit"));
    let waiting = pending(&db).await;
    let of = |entity| waiting.iter().find(|s| s.entity == entity).unwrap().id;
    let (listing_id, event_id) = (of(app::people::Entity::Listing), of(app::people::Entity::Event));

    let mut a = Visitor::new(&app);
    a.sign_in(ADMIN, &mail).await;
    let page = format!("/moderate/submissions/{listing_id}");
    let approve = format!("{page}/approve");
    let review = a.get(&page).await.body;
    let (form, input) = (review.find(&format!(r#"action="{approve}""#)).unwrap(), review.find(r#"name="tr.fa.summary""#).unwrap());
    let reject = review.find(&format!(r#"action="{page}/reject""#)).unwrap();
    assert!(form < input && input < reject, "the proposed text is a field of the approve form: {review}");

    // A correction that adds a link: refused with its message, the text kept, nothing approved.
    let linked = [("tr.fa.name", "گروه پیاده‌روی لیدز"), ("tr.fa.summary", "ببینید https://elsewhere.example")];
    let refused = a.submit(&page, &approve, &linked).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(refused.body.contains("has a link the original does not have: https://elsewhere.example"), "{}", refused.body);
    assert!(refused.body.contains(r#"value="ببینید https://elsewhere.example""#), "typed text kept: {}", refused.body);
    assert_eq!(pending(&db).await.len(), 2);

    let corrected = [("tr.fa.name", "گروه پیاده‌روی لیدز"), ("tr.fa.summary", "هر هفته با هم پیاده‌روی می‌کنیم.")];
    let approved = a.submit(&page, &approve, &corrected).await;
    assert_eq!(approved.location.as_deref(), Some("/moderate?published=/listings/leeds-walking-group"), "{}", approved.body);
    let (_, fa) = get(&app, &format!("/fa{PAGE}")).await;
    assert!(fa.contains("هر هفته با هم پیاده‌روی می‌کنیم.") && !fa.contains("قدم می‌زنیم"), "{fa}");

    // An event translator's proposal, corrected the same way; its venue untouched.
    let page = format!("/moderate/submissions/{event_id}");
    let approved = a.submit(&page, &format!("{page}/approve"), &[("tr.fa.title", "پیاده‌روی شامگاهی")]).await;
    assert_eq!(approved.location.as_deref(), Some("/moderate?published=/events/evening-walk"), "{}", approved.body);
    let (_, fa) = get(&app, &format!("/fa{EVENT_PAGE}")).await;
    assert!(fa.contains(r#"<span lang="fa" dir="rtl">پیاده‌روی شامگاهی</span>"#), "{fa}");
    let point: (f64, f64) = sqlx::query_as("SELECT venue_latitude, venue_longitude FROM events WHERE slug = 'evening-walk'")
        .fetch_one(db.store.pool())
        .await
        .unwrap();
    assert_eq!(point, (53.81234, -1.55678));
}

/// Issue 31: the review of a translator's proposal shows the original and
/// the proposed language side by side, and the record's other languages
/// only by name (their text neither shown nor sent back); the record's
/// unchanged fields are not listed, nor a form to correct them.
#[tokio::test]
async fn the_review_of_a_proposed_translation_shows_that_language_and_names_the_others() {
    let mail = MailServer::start(None).await;
    let db = published_walk_with_admin_and_translator(&mail).await;
    let app = fast_app(&db);
    let mut v = Visitor::new(&app);
    v.sign_in(TRANSLATOR, &mail).await;
    let event = [("lang", "fa"), ("tr.fa.title", "پیاده‌روی عصر")];
    assert_eq!(v.submit(TRANSLATE_EVENT, TRANSLATE_EVENT, &event).await.location.as_deref(), Some("/thanks/edit"));
    let listing = [("lang", "fr"), ("tr.fr.name", "Groupe de marche de Leeds")];
    assert_eq!(v.submit(TRANSLATE, TRANSLATE, &listing).await.location.as_deref(), Some("/thanks/edit"));
    let waiting = pending(&db).await;
    let of = |entity| waiting.iter().find(|s| s.entity == entity).unwrap().id;

    let mut a = Visitor::new(&app);
    a.sign_in(ADMIN, &mail).await;
    let page = format!("/moderate/submissions/{}", of(app::people::Entity::Event));
    let review = a.get(&page).await.body;
    assert!(
        review.contains(r#"name="tr.fa.title""#) && review.contains(r#"<div lang="en" dir="ltr" class="original-text">Evening walk</div>"#),
        "{review}"
    );
    assert!(!review.contains("tr.ar.") && !review.contains("نزهة المساء"), "the Arabic only named: {review}");
    assert!(review.contains(r#"Also translated:<!> <!><bdi lang="ar">العربية</bdi>"#), "{review}");
    assert!(review.contains("Only a translation changes") && !review.contains(r#"class="diff""#), "{review}");
    // Approved: the Farsi written, the Arabic it never showed kept.
    let approved = a.submit(&page, &format!("{page}/approve"), &[("tr.fa.title", "پیاده‌روی عصر")]).await;
    assert_eq!(approved.location.as_deref(), Some("/moderate?published=/events/evening-walk"), "{}", approved.body);
    assert!(get(&app, &format!("/ar{EVENT_PAGE}")).await.1.contains("نزهة المساء"));
    assert!(get(&app, &format!("/fa{EVENT_PAGE}")).await.1.contains("پیاده‌روی عصر"));

    // A listing's: no form to correct the record's own fields.
    let review = a.get(&format!("/moderate/submissions/{}", of(app::people::Entity::Listing))).await.body;
    assert!(review.contains(r#"name="tr.fr.name""#) && !review.contains(r#"name="name""#), "{review}");
    assert!(review.contains("Only a translation changes"), "{review}");
}
