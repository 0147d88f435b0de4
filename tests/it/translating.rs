//! People add translations (issue 31): an organiser with their listing's
//! edit form, as an edit like any other — moderated, never a way to add a
//! link. Driven over HTTP like a browser without JavaScript.

use crate::common;

use axum::http::StatusCode;
use common::smtp::MailServer;
use common::*;

const ORGANISER: &str = "walk@example.org";
const SLUG: &str = "leeds-walking-group";
const EDIT: &str = "/account/listings/leeds-walking-group/edit";
const LISTING: &str = r#"{"slug": "leeds-walking-group", "kind": "solidarity_group", "name": "Leeds Walking Group", "summary": "We walk together every week.", "town": "Leeds", "description": "Everyone is welcome.", "language": "en"}"#;

/// The edit form's own fields, as the page fills them in.
const FIELDS: [(&str, &str); 7] = [
    ("name", "Leeds Walking Group"),
    ("kind", "solidarity_group"),
    ("town", "Leeds"),
    ("summary", "We walk together every week."),
    ("description", "Everyone is welcome."),
    ("precision", "area"),
    ("translations_shown", "yes"),
];

/// The form's fields with `more` (a field in both takes `more`'s value).
fn with<'a>(more: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    FIELDS.iter().copied().filter(|(k, _)| !more.iter().any(|(m, _)| m == k)).chain(more.iter().copied()).collect()
}

#[tokio::test]
async fn an_organisers_arabic_translation_waits_for_a_moderator_then_shows_on_ar() {
    let mail = MailServer::start(None).await;
    let db = db_with_mail(&mail, false).await;
    import(&db, LISTING, PUBLISHED).await;
    let organiser = db.organiser(ORGANISER).await;
    db.add_owner(SLUG, organiser.id).await;
    let moderator = db.put_user("mod@example.org", app::people::Role::Moderator, &[]).await;
    let app = fast_app(&db);
    let mut v = Visitor::new(&app);
    v.sign_in(ORGANISER, &mail).await;

    let page = v.get(EDIT).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Translations") && page.body.contains(r#"name="add_language""#), "{}", page.body);

    // "Add a language" without JavaScript: the form again, what was typed
    // kept, with the Arabic fields (right to left) and nothing sent.
    let added =
        v.submit(EDIT, EDIT, &with(&[("summary", "Typed before adding."), ("add_language", "ar"), ("add_translation", "yes")])).await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    assert!(added.body.contains(r#"name="tr.ar.name""#) && added.body.contains(r#"dir="rtl""#), "{}", added.body);
    assert!(added.body.contains("Typed before adding."));
    assert!(pending(&db).await.is_empty(), "adding a language sends nothing");

    // A translation that adds a link is refused with its message; nothing waits.
    let refused = v.submit(EDIT, EDIT, &with(&[("tr.ar.name", "مجموعة المشي"), ("tr.ar.summary", "انظر https://elsewhere.example")])).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(refused.body.contains("has a link the original does not have: https://elsewhere.example"), "{}", refused.body);
    assert!(refused.body.contains(r#"name="tr.ar.summary""#), "the translation comes back to be corrected");
    assert!(pending(&db).await.is_empty());

    let sent = v.submit(EDIT, EDIT, &with(&[("tr.ar.name", "مجموعة المشي في ليدز"), ("tr.ar.summary", "نمشي معًا كل أسبوع.")])).await;
    assert_eq!(sent.location.as_deref(), Some("/thanks/edit"), "{}", sent.body);
    let (_, before) = get(&app, "/ar/listings/leeds-walking-group").await;
    assert!(!before.contains("مجموعة المشي في ليدز"), "nothing public before a moderator approves");

    let edit = pending(&db).await.into_iter().find(|s| s.action == app::people::SubmissionAction::Edit).unwrap();
    let mut m = Visitor::new(&app);
    m.sign_in("mod@example.org", &mail).await;
    let review = m.get(&format!("/moderate/submissions/{}", edit.id)).await;
    // The moderator reads the translation marked with its language, the original beside it.
    let proposed =
        r#"name="tr.ar.name" type="text" value="مجموعة المشي في ليدز" maxlength="200" lang="ar" dir="rtl" class="proposed-text">"#;
    assert!(review.body.contains(proposed), "{}", review.body);
    assert!(review.body.contains(r#"<div lang="en" dir="ltr" class="original-text">Leeds Walking Group</div>"#), "{}", review.body);
    assert!(review.body.contains("Name of the group (العربية)"), "{}", review.body);
    db.atlas.approve(&moderator, edit.id, None).await.unwrap();

    let (_, ar) = get(&app, "/ar/listings/leeds-walking-group").await;
    assert!(ar.contains(r#"<h1 lang="ar" dir="rtl">مجموعة المشي في ليدز</h1>"#), "{ar}");
    let (_, en) = get(&app, "/en/listings/leeds-walking-group").await;
    assert!(en.contains(r#"<h1 lang="en" dir="ltr">Leeds Walking Group</h1>"#), "{en}");

    // The form shows the stored translation; emptying it takes it out (once approved).
    let page = v.get(EDIT).await;
    assert!(page.body.contains("نمشي معًا كل أسبوع."), "{}", page.body);
    let emptied = v.submit(EDIT, EDIT, &with(&[("tr.ar.name", ""), ("tr.ar.summary", "")])).await;
    assert_eq!(emptied.location.as_deref(), Some("/thanks/edit"), "{}", emptied.body);
    let edit = pending(&db).await.into_iter().find(|s| s.action == app::people::SubmissionAction::Edit).unwrap();
    db.atlas.approve(&moderator, edit.id, None).await.unwrap();
    let (_, ar) = get(&app, "/ar/listings/leeds-walking-group").await;
    assert!(ar.contains(r#"<h1 lang="en" dir="ltr">Leeds Walking Group</h1>"#), "{ar}");
}

/// A group registers on /fa/ writing in Farsi, with an English second
/// language: each shows on its own page once a moderator approves.
#[tokio::test]
async fn a_registration_in_farsi_with_english_beside_it_shows_each_on_fa_and_en() {
    let mail = MailServer::start(None).await;
    let db = db_with_mail(&mail, false).await;
    let moderator = db.put_user("mod@example.org", app::people::Role::Moderator, &[]).await;
    let app = fast_app(&db);
    let mut group = Visitor::new(&app);
    let form = group.get("/fa/register").await;
    assert!(form.body.contains(r#"<option value="fa" selected lang="fa">فارسی</option>"#), "the page's language by default: {}", form.body);
    let fields = [
        ("name", "گروه پیاده‌روی لیدز"),
        ("kind", "solidarity_group"),
        ("summary", "هر هفته با هم قدم می‌زنیم."),
        ("town", "Leeds"),
        ("precision", "area"),
        ("language", "fa"),
        ("tr.en.name", "Leeds Walking Group"),
        ("tr.en.summary", "We walk together every week."),
        ("contact_email", ORGANISER),
        ("nickname", ""),
    ];
    // Adding the English fields first: the form again, nothing sent.
    let mut adding = fields[..6].to_vec();
    adding.extend([("add_language", "en"), ("add_translation", "yes")]);
    let added = group.submit("/fa/register", "/register", &adding).await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    assert!(added.body.contains(r#"name="tr.en.name""#) && added.body.contains("گروه پیاده‌روی لیدز"));

    let a = group.submit("/fa/register", "/register", &fields).await;
    assert_eq!(a.location.as_deref(), Some("/thanks/registered"), "{}", a.body);
    let m = mail.wait_for(ORGANISER, "confirm").await;
    let path = m.link("http://atlas.test/confirm?token=").unwrap().trim_start_matches("http://atlas.test").to_string();
    let token = path.split("token=").nth(1).unwrap().to_string();
    assert_eq!(group.submit(&path, "/confirm", &[("token", &token)]).await.location.as_deref(), Some("/thanks/confirmed"));
    let s = pending(&db).await.into_iter().next().expect("waits for a moderator");
    let page = db.atlas.approve(&moderator, s.id, None).await.unwrap().expect("its page");
    let slug = page.trim_start_matches("/listings/");
    let (_, fa) = get(&app, &format!("/fa/listings/{slug}")).await;
    assert!(fa.contains(r#"<h1 lang="fa" dir="rtl">گروه پیاده‌روی لیدز</h1>"#), "{fa}");
    let (_, en) = get(&app, &format!("/en/listings/{slug}")).await;
    assert!(en.contains(r#"<h1 lang="en" dir="ltr">Leeds Walking Group</h1>"#), "{en}");
    assert!(en.contains(&format!(r#"href="/fa/listings/{slug}""#)), "also in Farsi: {en}");
}

/// An organiser's new event carries an Arabic title beside its English
/// one; a link in the translation is refused; once approved the Arabic
/// page shows it, and emptying it on the edit form takes it out.
#[tokio::test]
async fn an_organisers_event_translation_is_moderated_and_shown_on_ar() {
    let mail = MailServer::start(None).await;
    let db = db_with_mail(&mail, false).await;
    import(&db, LISTING, PUBLISHED).await;
    let organiser = db.organiser(ORGANISER).await;
    db.add_owner(SLUG, organiser.id).await;
    let moderator = db.put_user("mod@example.org", app::people::Role::Moderator, &[]).await;
    let app = fast_app(&db);
    let mut v = Visitor::new(&app);
    v.sign_in(ORGANISER, &mail).await;
    let page = "/account/listings/leeds-walking-group/events/new";
    let first = (chrono::Utc::now().date_naive() + chrono::Duration::days(3)).format("%Y-%m-%d").to_string();
    let fields = [
        ("title", "Evening walk"),
        ("category", "regular_activity"),
        ("date", first.as_str()),
        ("start_time", "18:30"),
        ("end_time", "20:00"),
        ("repeat", "weekly"),
        ("place", "listing"),
        ("cost", "free"),
        ("join", "turn_up"),
        ("audience", "everyone"),
        ("translations_shown", "yes"),
        ("language", "en"),
    ];
    let added = v.submit(page, page, &[&fields[..], &[("add_language", "ar"), ("add_translation", "yes")]].concat()).await;
    assert_eq!(added.status, StatusCode::OK, "{}", added.body);
    assert!(added.body.contains(r#"name="tr.ar.title""#) && added.body.contains("Evening walk"), "{}", added.body);

    let linked = v.submit(page, page, &[&fields[..], &[("tr.ar.title", "نزهة المساء www.elsewhere.example")]].concat()).await;
    assert_eq!(linked.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", linked.body);
    assert!(linked.body.contains("has a link the original does not have"), "{}", linked.body);
    assert!(pending(&db).await.is_empty());

    let a = v.submit(page, page, &[&fields[..], &[("tr.ar.title", "نزهة المساء")]].concat()).await;
    assert_eq!(a.location.as_deref(), Some("/thanks/event"), "{}", a.body);
    let s = pending(&db).await.into_iter().next().unwrap();
    let event = s.slug.clone();
    db.atlas.approve(&moderator, s.id, None).await.unwrap();
    let (_, ar) = get(&app, &format!("/ar/events/{event}")).await;
    assert!(ar.contains("نزهة المساء"), "{ar}");
    let (_, en) = get(&app, &format!("/en/events/{event}")).await;
    assert!(en.contains("Evening walk") && !en.contains("نزهة المساء</h1>"), "{en}");

    // The edit form shows the stored translation; emptied, it goes once approved.
    let edit = format!("/account/events/{event}/edit");
    assert!(v.get(&edit).await.body.contains(r#"value="نزهة المساء""#));
    let a = v.submit(&edit, &edit, &[&fields[..], &[("tr.ar.title", "")]].concat()).await;
    assert_eq!(a.location.as_deref(), Some("/thanks/edit"), "{}", a.body);
    let s = pending(&db).await.into_iter().next().unwrap();
    let mut m = Visitor::new(&app);
    m.sign_in("mod@example.org", &mail).await;
    let review = m.get(&format!("/moderate/submissions/{}", s.id)).await;
    assert!(review.body.contains("(العربية)"), "the moderator sees the translation go: {}", review.body);
    db.atlas.approve(&moderator, s.id, None).await.unwrap();
    assert!(!get(&app, &format!("/ar/events/{event}")).await.1.contains("نزهة المساء"));
}

/// A `translation_of` that names no resource is refused at import with the
/// line it is on; nothing is stored.
#[tokio::test]
async fn a_translation_of_naming_no_resource_is_refused_with_its_line() {
    let db = empty_db().await;
    let file = r#"{"slug": "kyr-bail", "title": "Know your rights on bail", "kind": "know-your-rights", "languages": ["en"]}
{"slug": "kyr-bail-fr", "title": "Vos droits sous caution", "kind": "know-your-rights", "languages": ["fr"], "translation_of": "kyr-bial"}"#;
    let refused = db.atlas.import_resources(file.as_bytes(), app::model::ListingStatus::Published, false, |_| {}).await.unwrap_err();
    let said = refused.to_string();
    assert!(said.contains("line 2") && said.contains(r#"translation_of "kyr-bial" names no resource"#), "{said}");
    assert!(db.store.resource_record("kyr-bail").await.unwrap().is_none(), "nothing stored");
    // Naming a sheet already stored is taken.
    let first = r#"{"slug": "kyr-bail", "title": "Know your rights on bail", "kind": "know-your-rights", "languages": ["en"]}"#;
    db.atlas.import_resources(first.as_bytes(), app::model::ListingStatus::Published, false, |_| {}).await.unwrap();
    let second = r#"{"slug": "kyr-bail-fr", "title": "Vos droits sous caution", "kind": "know-your-rights", "languages": ["fr"], "translation_of": "kyr-bail"}"#;
    db.atlas.import_resources(second.as_bytes(), app::model::ListingStatus::Published, false, |_| {}).await.unwrap();
}
