//! Groups register themselves, confirm by email and wait for a moderator;
//! organisers keep their listing current; moderators decide, and can hide
//! every location at once. Driven over HTTP like a browser without
//! JavaScript, with mail through a real SMTP server on loopback.

use crate::common;

use axum::http::StatusCode;
use common::smtp::MailServer;
use common::*;

const ADMIN: &str = "admin@example.org";
const GROUP: &str = "rotherham.cafe@example.org";

pub(crate) fn token_path(link: &str) -> (String, String) {
    let path = link.trim_start_matches("http://atlas.test").to_string();
    let token = path.split("token=").nth(1).unwrap().to_string();
    (path, token)
}

pub(crate) async fn register_rotherham(v: &mut Visitor) -> Answer {
    v.submit(
        "/register",
        "/register",
        &[
            ("name", "Rotherham Refugee Cafe"),
            ("kind", "solidarity_group"),
            ("summary", "Tea, food and advice every Thursday."),
            ("town", "Rotherham"),
            ("latitude", "53.44321"),
            ("longitude", "-1.33333"),
            ("precision", "area"),
            ("languages", "en"),
            ("languages", "ar"),
            ("other_languages", "ku"),
            ("tags", "food, advice"),
            ("contact_email", GROUP),
            ("nickname", ""),
        ],
    )
    .await
}

/// Issue 30: a town typed with a slip is answered, on the form itself,
/// with the known names nearest in spelling ("Did you mean: Sheffield?"),
/// in the visitor's language, with what was typed kept (no JavaScript).
#[tokio::test]
async fn registering_in_a_misspelt_town_offers_the_nearest_names() {
    let db = sample_db().await;
    let app = fast_app(&db);
    let fields = |town| [("name", "Sheffield Tea Club"), ("kind", "solidarity_group"), ("town", town), ("contact_email", GROUP)];
    let mut v = Visitor::new(&app);
    let a = v.submit("/register", "/register", &fields("Sheffeild")).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    let words = a.body.replace(['\u{2068}', '\u{2069}'], "");
    assert!(words.contains("We could not find “Sheffeild”. Did you mean: Sheffield"), "{words}");
    assert!(a.body.contains(r#"value="Sheffeild""#) && a.body.contains(r#"value="Sheffield Tea Club""#), "what was typed stays");

    // Arabic and Farsi: a list that runs right to left (a right-to-left
    // mark first), joined by the language's comma (`Visitor` drops the
    // isolation marks; the i18n unit tests look at them).
    for (lang, asked) in [("ar", "هل تقصد: "), ("fa", "شاید منظورتان این است: ")] {
        let mut v = Visitor::new(&app);
        let a = v.submit(&format!("/{lang}/register"), "/register", &fields("Londn")).await;
        assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{lang}");
        let list = a.body.split(asked).nth(1).unwrap_or_else(|| panic!("{lang}: {}", a.body)).split('؟').next().unwrap().to_string();
        assert!(list.starts_with("\u{200f}London"), "{lang}: {list:?}");
        assert!(!list.contains(", ") && !a.body.contains("Unknown localization key"), "{lang}: {list:?}");
    }

    // Nothing near in spelling: no "Did you mean", the advice as before.
    let a = v.submit("/register", "/register", &fields("Qqqzzzx")).await;
    assert!(a.body.contains("Try a nearby town") && !a.body.contains("Did you mean"), "{}", a.body);
}

#[tokio::test]
async fn a_group_registers_confirms_and_appears_only_after_a_moderator_approves() {
    let mail = MailServer::start(None).await;
    let db = db_with_mail(&mail, true).await;
    db.put_user(ADMIN, app::people::Role::Admin, &[]).await;
    let app = fast_app(&db);
    let mut group = Visitor::new(&app);

    // The form works without JavaScript: a plain post, then a redirect.
    let a = register_rotherham(&mut group).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    assert_eq!(a.location.as_deref(), Some("/thanks/registered"));
    let (_, api) = get(&app, "/api/listings?q=rotherham+refugee").await;
    assert!(!api.contains("Rotherham Refugee Cafe"), "nothing public before confirmation: {api}");

    // The confirmation mail has a link; opening it shows a button (a mail
    // scanner following the link does not confirm), pressing it confirms.
    let m = mail.wait_for(GROUP, "confirm").await;
    let (path, token) = token_path(&m.link("http://atlas.test/confirm?token=").unwrap());
    let page = group.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&token), "the page carries the token in its form");
    let a = group.submit(&path, "/confirm", &[("token", &token)]).await;
    assert_eq!(a.location.as_deref(), Some("/thanks/confirmed"), "{}", a.body);
    // A second use of the same link is refused.
    let again = group.submit(&path, "/confirm", &[("token", &token)]).await;
    assert_eq!(again.status, StatusCode::GONE);

    // Still not public: it waits for a moderator.
    let (_, api) = get(&app, "/api/listings?q=rotherham+refugee").await;
    assert!(!api.contains("Rotherham Refugee Cafe"));
    let (_, search) = get(&app, "/api/search?q=rotherham+refugee+cafe").await;
    assert!(!search.contains("Rotherham Refugee Cafe"));

    // The moderator signs in by emailed link and finds it in the queue.
    let mut admin = Visitor::new(&app);
    admin.sign_in(ADMIN, &mail).await;
    let queue = admin.get("/moderate").await;
    assert_eq!(queue.status, StatusCode::OK);
    assert!(queue.body.contains("Rotherham Refugee Cafe"), "{}", queue.body);
    let id = queue.body.split("/moderate/submissions/").nth(1).unwrap().split('"').next().unwrap().to_string();
    let detail = admin.get(&format!("/moderate/submissions/{id}")).await;
    assert!(detail.body.contains("Proposed") && detail.body.contains(GROUP));
    // Issue 30: what changes reads as the public pages word it, not as stored.
    let proposed = |value: &str| format!(r#"data-label="Proposed">{value}</td>"#);
    assert!(detail.body.contains(&proposed("Solidarity group")), "the kind by its label: {}", detail.body);
    assert!(detail.body.contains(&proposed("Only the town (safest: recommended for most groups)")), "the precision in words");
    assert!(!detail.body.contains(&proposed("solidarity_group")) && !detail.body.contains(&proposed("area")), "no stored codes");
    // Issue 28: the moderator sees where the point lies, not two numbers.
    let words = detail.body.replace(['\u{2068}', '\u{2069}'], "");
    assert!(words.contains("km from the centre of Rotherham."), "{words}");
    let ring = words.split("src=\"/map.png?").nth(1).expect("a picture of the point").split('"').next().unwrap().replace("&amp;", "&");
    assert!(ring.contains("ring=53.44321,-1.33333"), "{ring}");
    let picture = tower::ServiceExt::oneshot(
        app.clone(),
        axum::http::Request::get(format!("/map.png?{ring}")).body(axum::body::Body::empty()).unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(picture.status(), StatusCode::OK);
    assert_eq!(picture.headers()["cache-control"], "private, no-store", "a form's own point is kept by no shared cache");

    // A correction that breaks a rule comes back on the submission page.
    let bad = admin
        .submit(
            &format!("/moderate/submissions/{id}"),
            &format!("/moderate/submissions/{id}/approve"),
            &[("name", "Rotherham Refugee Cafe"), ("kind", "solidarity_group"), ("town", "Atlantis")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("What changes") && bad.body.contains("Atlantis"), "{}", &bad.body[..bad.body.len().min(400)]);

    // Approve, correcting the summary on the way.
    let fields: Vec<(&str, &str)> = vec![
        ("name", "Rotherham Refugee Cafe"),
        ("kind", "solidarity_group"),
        ("summary", "Tea, food and advice on Thursdays."),
        ("town", "Rotherham"),
        ("precision", "area"),
        ("latitude", "53.44321"),
        ("longitude", "-1.33333"),
        ("languages", "en, ar, ku"),
        ("tags", "food, advice"),
    ];
    let a = admin.submit(&format!("/moderate/submissions/{id}"), &format!("/moderate/submissions/{id}/approve"), &fields).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    // Issue 30: the moderator is told it is out, with a link to it.
    let back = a.location.clone().unwrap();
    assert!(back.starts_with("/moderate?published=/listings/rotherham-refugee-cafe"), "{back}");
    let queue = admin.get(&back).await.body;
    assert!(queue.contains("Approved and published.") && queue.contains(r#"href="/listings/rotherham-refugee-cafe"#), "{queue}");

    // Now public: on the map's API, in search, with the moderator's edit,
    // at the precision the group chose (the town, not the clicked point).
    let (_, api) = get(&app, "/api/listings?q=rotherham+refugee").await;
    assert!(api.contains("Tea, food and advice on Thursdays."), "{api}");
    assert!(!api.contains("53.44321") && !api.contains("1.33333"), "the clicked point never leaves the server: {api}");
    let (_, search) = get(&app, "/api/search?q=rotherham+refugee+cafe").await;
    assert!(search.contains("Rotherham Refugee Cafe"), "{search}");
    let (_, geo) = get(&app, "/api/listings.geojson").await;
    assert!(geo.contains("Rotherham Refugee Cafe"));
    assert!(!api.contains(GROUP), "the contact address is not shown (the group did not choose to)");
    mail.wait_for(GROUP, "approved").await;

    // Every change is kept as a revision; the log says who did what.
    let log = admin.get("/moderate/log").await.body;
    assert!(log.contains("approved") && log.contains(ADMIN) && log.contains("confirmed submission"));
    let slug = api.split(r#""slug":""#).nth(1).unwrap().split('"').next().unwrap().to_string();
    let history = admin.get(&format!("/moderate/listings/{slug}")).await.body;
    assert!(history.contains("approved submission"), "{history}");
    // Imports are kept as revisions too.
    let sample = admin.get("/moderate/listings/sheffield-welcome-drop-in").await.body;
    assert!(sample.contains("imported") && sample.matches(r#"class="revision-changes""#).count() == 1, "{sample}");

    // The group now has an account and looks after its listing.
    let mut organiser = Visitor::new(&app);
    organiser.sign_in(GROUP, &mail).await;
    let account = organiser.get("/account").await.body;
    assert!(account.contains("Rotherham Refugee Cafe") && account.contains(&format!("/account/listings/{slug}/edit")));
}

#[tokio::test]
async fn an_organisers_edit_waits_for_approval_and_the_published_version_stays() {
    let mail = MailServer::start(None).await;
    let db = db_with_mail(&mail, true).await;
    let organiser = db.organiser(GROUP).await;
    db.add_owner("sheffield-welcome-drop-in", organiser.id).await;
    let moderator = db.put_user("mod@example.org", app::people::Role::Moderator, &[]).await;
    let app = fast_app(&db);
    let mut v = Visitor::new(&app);
    v.sign_in(GROUP, &mail).await;

    let page = v.get("/account/listings/sheffield-welcome-drop-in/edit").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Sheffield Welcome Drop-in (sample)"), "the form is filled in");
    let a = v
        .submit(
            "/account/listings/sheffield-welcome-drop-in/edit",
            "/account/listings/sheffield-welcome-drop-in/edit",
            &[
                ("name", "Sheffield Welcome Drop-in (sample)"),
                ("kind", "solidarity_group"),
                ("town", "Sheffield"),
                ("summary", "Now on Fridays too."),
                ("precision", "area"),
            ],
        )
        .await;
    assert_eq!(a.location.as_deref(), Some("/thanks/edit"), "{}", a.body);
    let (_, before) = get(&app, "/api/listings/sheffield-welcome-drop-in").await;
    assert!(!before.contains("Now on Fridays too."), "the published version stays until approved");

    let pending = pending(&db).await;
    let edit = pending.iter().find(|s| s.action == app::people::SubmissionAction::Edit).unwrap();
    db.atlas.approve(&moderator, edit.id, None).await.unwrap();
    let (_, after) = get(&app, "/api/listings/sheffield-welcome-drop-in").await;
    assert!(after.contains("Now on Fridays too."));

    // Someone else's listing, by changing the slug: refused.
    let other = v
        .submit(
            "/account/listings/sheffield-welcome-drop-in/edit",
            "/account/listings/glasgow-dance-group/edit",
            &[("name", "Taken over"), ("kind", "solidarity_group"), ("town", "Glasgow")],
        )
        .await;
    assert_eq!(other.status, StatusCode::FORBIDDEN, "{}", other.body);
    assert!(v.get("/account/listings/glasgow-dance-group/edit").await.body.contains("You can only edit listings you look after"));

    // Download everything, then delete the account and its listing.
    let export = v.get("/account/export").await;
    assert_eq!(export.status, StatusCode::OK);
    let data: serde_json::Value = serde_json::from_str(&export.body).unwrap();
    assert_eq!(data["account"]["email"], GROUP);
    assert_eq!(data["listings"][0]["slug"], "sheffield-welcome-drop-in");
    let refused = v.submit("/account", "/account/delete", &[]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "the box must be ticked");
    let a = v.submit("/account", "/account/delete", &[("confirm", "yes")]).await;
    assert_eq!(a.location.as_deref(), Some("/thanks/deleted"));
    assert_eq!(get(&app, "/api/listings/sheffield-welcome-drop-in").await.0, StatusCode::NOT_FOUND);
    assert!(db.store.user_by_email(GROUP).await.unwrap().is_none());
    assert_eq!(v.get("/account").await.status, StatusCode::SEE_OTHER, "signed out");
}

#[tokio::test]
async fn rejection_reports_claims_and_messages_reach_the_right_people() {
    let mail = MailServer::start(None).await;
    let db = db_with_mail(&mail, true).await;
    let moderator = db.put_user("mod@example.org", app::people::Role::Moderator, &[]).await;
    db.set_listing_contact("sheffield-welcome-drop-in", "drop-in@example.org").await;
    let app = fast_app(&db);
    let mut v = Visitor::new(&app);

    // A rejected registration: the sender is told why.
    register_rotherham(&mut v).await;
    let (path, token) = token_path(&mail.wait_for(GROUP, "confirm").await.link("http://atlas.test/confirm?token=").unwrap());
    v.submit(&path, "/confirm", &[("token", &token)]).await;
    let id = pending(&db).await[0].id;
    assert!(db.atlas.reject(&moderator, id, "  ", server::moderation::Relisting::Allowed).await.is_err(), "a reason is required");
    db.atlas.reject(&moderator, id, "Please add when you meet.", server::moderation::Relisting::Allowed).await.unwrap();
    mail.wait_for(GROUP, "Please add when you meet.").await;

    // Mail about a submission is in the language of the form it came from.
    let mut arabic = Visitor::new(&app);
    let a = arabic
        .submit(
            "/ar/register",
            "/register",
            &[
                ("name", "مجموعة التضامن في ليدز"),
                ("kind", "solidarity_group"),
                ("town", "Leeds"),
                ("contact_email", "leeds.ar@example.org"),
            ],
        )
        .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let m = mail.wait_for("leeds.ar@example.org", "Solidarity Atlas").await;
    // In Arabic, and without the name the visitor typed (the address is
    // not confirmed yet).
    assert!(m.text.contains("مرحبًا") && !m.text.contains("مجموعة التضامن في ليدز"), "{}", m.text);
    let (path, token) = token_path(&m.link("http://atlas.test/confirm?token=").expect("the link is intact"));
    arabic.submit(&path, "/confirm", &[("token", &token)]).await;
    let id = pending(&db).await.into_iter().find(|s| s.title.contains("ليدز")).unwrap().id;
    db.atlas.reject(&moderator, id, "Please add when you meet.", server::moderation::Relisting::Allowed).await.unwrap();
    let m = mail.wait_for("leeds.ar@example.org", "Please add when you meet.").await;
    assert!(m.text.contains("السبب"), "the rejection in Arabic too");

    // A possible duplicate is shown to the moderator.
    let mut dup = Visitor::new(&app);
    dup.submit(
        "/register",
        "/register",
        &[("name", "Sheffield Welcome Drop-in"), ("kind", "solidarity_group"), ("town", "Sheffield"), ("contact_email", "x@example.org")],
    )
    .await;
    let (path, token) = token_path(&mail.wait_for("x@example.org", "confirm").await.link("http://atlas.test/confirm?token=").unwrap());
    dup.submit(&path, "/confirm", &[("token", &token)]).await;
    let id = pending(&db).await[0].id;
    use app::ports::Backoffice;
    let detail = db.atlas.submission(&moderator, id).await.unwrap().unwrap();
    assert!(detail.possible_duplicates.iter().any(|(slug, _, _)| slug == "sheffield-welcome-drop-in"), "{:?}", detail.possible_duplicates);

    // A report lands in the queue.
    let a = v
        .submit(
            "/listings/sheffield-welcome-drop-in/report",
            "/listings/sheffield-welcome-drop-in/report",
            &[("category", "closed"), ("message", "They stopped in May.")],
        )
        .await;
    assert_eq!(a.location.as_deref(), Some("/thanks/report"), "{}", a.body);
    assert_eq!(db.atlas.open_reports(&moderator, 0, 50).await.unwrap().0[0].message, "They stopped in May.");

    // A message is relayed: the group's address is never shown to the sender.
    let form = v.get("/listings/sheffield-welcome-drop-in/contact").await.body;
    assert!(!form.contains("drop-in@example.org"));
    let a = v
        .submit(
            "/listings/sheffield-welcome-drop-in/contact",
            "/listings/sheffield-welcome-drop-in/contact",
            &[("name", "Amal"), ("email", "amal@example.org"), ("message", "Can I bring my children on Thursday?")],
        )
        .await;
    assert_eq!(a.location.as_deref(), Some("/thanks/message"), "{}", a.body);
    let relayed = mail.wait_for("drop-in@example.org", "Can I bring my children").await;
    assert!(relayed.text.contains("Reply-To: amal@example.org"), "{}", relayed.text);
    // Issue 27: the relay has a per-group cap (its own: it never holds up
    // the group's links); the twenty-first message in an hour waits.
    for n in 2..=21 {
        let refused =
            db.atlas.contact_group("sheffield-welcome-drop-in", "Flood", "flood@example.org", &format!("Message number {n} of many")).await;
        assert_eq!(refused.is_err(), n == 21, "message {n}: {refused:?}");
    }

    // A claim: confirmed by email, then a moderator makes them an owner.
    v.submit(
        "/listings/glasgow-dance-group/claim",
        "/listings/glasgow-dance-group/claim",
        &[("contact_email", "dancer@example.org"), ("message", "I run the group")],
    )
    .await;
    let (path, token) = token_path(&mail.wait_for("dancer@example.org", "confirm").await.link("http://atlas.test/confirm?token=").unwrap());
    v.submit(&path, "/confirm", &[("token", &token)]).await;
    let claim = pending(&db).await.into_iter().find(|s| s.action == app::people::SubmissionAction::Claim).unwrap();
    db.atlas.approve(&moderator, claim.id, None).await.unwrap();
    let dancer = db.store.user_by_email("dancer@example.org").await.unwrap().unwrap();
    assert!(db.store.owns(dancer.id, "glasgow-dance-group").await.unwrap());
}

#[tokio::test]
async fn after_a_year_the_contact_is_asked_and_after_fifteen_months_the_listing_is_dimmed() {
    let mail = MailServer::start(None).await;
    let db = db_with_mail(&mail, true).await;
    db.set_listing_contact("sheffield-welcome-drop-in", "drop-in@example.org").await;
    sqlx::query("UPDATE listings SET last_confirmed = $1 WHERE slug = 'sheffield-welcome-drop-in'")
        .bind(server::store::months_ago(16))
        .execute(db.store.pool())
        .await
        .unwrap();
    db.atlas.read.reload().await.unwrap();
    let app = fast_app(&db);
    let (_, api) = get(&app, "/api/listings/sheffield-welcome-drop-in").await;
    assert!(api.contains(r#""may_be_inactive":true"#), "{api}");
    let (_, page) = get(&app, "/listings/sheffield-welcome-drop-in").await;
    assert!(page.contains("has not confirmed for more than 15 months"));

    // A group that registered in Arabic is reminded in Arabic.
    db.set_listing_contact_in("glasgow-dance-group", "dance@example.org", "ar").await;
    sqlx::query("UPDATE listings SET last_confirmed = $1 WHERE slug = 'glasgow-dance-group'")
        .bind(server::store::months_ago(13))
        .execute(db.store.pool())
        .await
        .unwrap();
    assert_eq!(db.atlas.send_reminders().await.unwrap(), 2);
    assert_eq!(db.atlas.send_reminders().await.unwrap(), 0, "one reminder, not one an hour");
    let ar = mail.wait_for("dance@example.org", "still-active?token=").await;
    assert!(ar.text.contains("هل ما زالت") || ar.text.contains("مرحبًا"), "{}", ar.text);
    let m = mail.wait_for("drop-in@example.org", "still active").await;
    let (path, token) = token_path(&m.link("http://atlas.test/still-active?token=").unwrap());
    let mut v = Visitor::new(&app);
    let a = v.submit(&path, "/still-active", &[("token", &token)]).await;
    assert_eq!(a.location.as_deref(), Some("/thanks/still-active"), "{}", a.body);
    let (_, api) = get(&app, "/api/listings/sheffield-welcome-drop-in").await;
    assert!(api.contains(r#""may_be_inactive":false"#), "{api}");

    // Moderators can archive: off the map at once.
    let moderator = db.put_user("mod@example.org", app::people::Role::Moderator, &[]).await;
    db.atlas.archive_listing(&moderator, "sheffield-welcome-drop-in", "closed", server::moderation::Relisting::Allowed).await.unwrap();
    assert_eq!(get(&app, "/api/listings/sheffield-welcome-drop-in").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn lockdown_hides_every_location_and_map_but_keeps_the_library() {
    let mail = MailServer::start(None).await;
    let db = db_with_mail(&mail, true).await;
    db.put_user(ADMIN, app::people::Role::Admin, &[]).await;
    let app = fast_app(&db);
    let mut admin = Visitor::new(&app);
    admin.sign_in(ADMIN, &mail).await;
    let a = admin.submit("/admin", "/admin/lockdown", &[("on", "on"), ("reason", "march planned")]).await;
    assert_eq!(a.location.as_deref(), Some("/admin"), "{}", a.body);

    // Coordinates of every sample listing, as the API gave them before.
    let coords = ["\"lat\"", "\"lon\"", "coordinates", "data-lat", "\"point\""];
    for path in [
        "/",
        "/listings",
        "/listings?near=Sheffield",
        "/map",
        "/listings/sheffield-welcome-drop-in",
        "/search?q=sheffield",
        "/api/listings",
        "/api/listings.geojson",
        "/api/listings/sheffield-welcome-drop-in",
        "/api/clusters?bbox=-11,49,3,61&zoom=6",
        "/api/search?q=sheffield",
        "/api/search?q=reporting+centre&type=listing",
        "/ar/listings",
        "/ar/map",
    ] {
        let (status, body) = get(&app, path).await;
        // A listing's own address answers as for a slug that does not
        // exist; every other page is up, saying why it is empty.
        let expected = if path.contains("/listings/") { StatusCode::NOT_FOUND } else { StatusCode::OK };
        assert_eq!(status, expected, "{path}");
        for c in coords {
            assert!(!body.contains(c), "{path} shows a location ({c}) during lockdown: {}", &body[..body.len().min(600)]);
        }
        assert!(!body.contains("Sheffield Welcome Drop-in"), "{path} shows a listing during lockdown");
    }
    let (status, library) = get(&app, "/library").await;
    assert_eq!(status, StatusCode::OK);
    assert!(library.contains("know-your-rights") || library.contains("Know your rights"), "the library stays up");
    assert!(get(&app, "/").await.1.contains("locations and the map are hidden"));

    admin.submit("/admin", "/admin/lockdown", &[("on", "off"), ("reason", "over")]).await;

    // Admins give roles in the web interface; the new moderator signs in.
    let a = admin
        .submit("/admin", "/admin/people", &[("email", "new.mod@example.org"), ("role", "moderator"), ("regions", "Scotland, Wales")])
        .await;
    assert_eq!(a.location.as_deref(), Some("/admin"), "{}", a.body);
    assert!(admin.get("/admin").await.body.contains("new.mod@example.org"));
    let mut moderator = Visitor::new(&app);
    moderator.sign_in("new.mod@example.org", &mail).await;
    assert_eq!(moderator.get("/moderate").await.status, StatusCode::OK);
    assert_eq!(moderator.get("/admin").await.status, StatusCode::FORBIDDEN);
    let bad = admin.submit("/admin", "/admin/people", &[("email", "x@example.org"), ("role", "king")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let alone = admin.submit("/admin", "/admin/people", &[("email", ADMIN), ("role", "organiser")]).await;
    assert_eq!(alone.status, StatusCode::CONFLICT, "the last admin cannot step down");
    assert!(get(&app, "/api/listings/sheffield-welcome-drop-in").await.1.contains("Sheffield Welcome Drop-in"));
    let log = admin.get("/moderate/log").await.body;
    assert!(log.contains("lockdown on") && log.contains("march planned"));
}

/// Every instance does the hourly chores: each reminder and each retried
/// message must still go out once, whoever gets there first.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_instances_send_each_reminder_and_each_retried_mail_once() {
    let mail = MailServer::start(None).await;
    let db = db_with_mail(&mail, true).await;
    let other = server::atlas::Atlas::new_with(
        server::store::Store::new(server::db::open(&db.url).await.unwrap()),
        common::config_with_mail(&mail),
    )
    .await
    .unwrap();

    let slugs = ["sheffield-welcome-drop-in", "glasgow-dance-group", "leeds-storytelling-circle"];
    for slug in slugs {
        db.set_listing_contact(slug, &format!("{slug}@example.org")).await;
        sqlx::query("UPDATE listings SET last_confirmed = $1 WHERE slug = $2")
            .bind(server::store::months_ago(13))
            .bind(slug)
            .execute(db.store.pool())
            .await
            .unwrap();
    }
    let (a, b) = tokio::join!(db.atlas.send_reminders(), other.send_reminders());
    assert_eq!(a.unwrap() + b.unwrap(), slugs.len(), "each due reminder sent by one instance");

    // Mail that could not be delivered earlier, retried by both at once.
    for i in 0..20 {
        db.queue_mail(&format!("retry{i}@example.org"), "Retry", "A message that waited.").await;
    }
    sqlx::query("UPDATE outbox SET claimed_until = NULL WHERE recipient LIKE 'retry%'").execute(db.store.pool()).await.unwrap();
    let (a, b) = tokio::join!(db.atlas.mailer.retry(&db.store), other.mailer.retry(&other.store));
    assert_eq!(a.unwrap() + b.unwrap(), 20);
    mail.wait_for("retry19@example.org", "waited").await;
    let all = mail.all();
    for to in slugs.iter().map(|s| format!("{s}@example.org")).chain((0..20).map(|i| format!("retry{i}@example.org"))) {
        let n = all.iter().filter(|m| m.to.contains(&to)).count();
        assert_eq!(n, 1, "{to} got {n} messages");
    }
}

/// Every route the site has, pages and API, read from the router itself:
/// during a lockdown none may name a listing, confirm one exists or show a
/// location, whether it is read or posted to.
#[tokio::test]
async fn during_a_lockdown_no_route_reveals_a_listing() {
    let mail = MailServer::start(None).await;
    let db = db_with_mail(&mail, true).await;
    db.put_user(ADMIN, app::people::Role::Admin, &[]).await;
    let app = fast_app(&db);
    let mut admin = Visitor::new(&app);
    admin.sign_in(ADMIN, &mail).await;
    admin.submit("/admin", "/admin/lockdown", &[("on", "on"), ("reason", "drill")]).await;
    let sent_before = mail.all().len();

    const SLUG: &str = "sheffield-welcome-drop-in";
    // Every sample listing's name (a 404 may echo the slug that was asked for).
    let names: Vec<String> = std::fs::read_to_string(sample_listings())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["name"].as_str().unwrap().to_string())
        .collect();
    let paths = server::web::route_paths();
    assert!(paths.len() > 30, "the router's routes: {paths:?}");
    for path in paths {
        let concrete: String = path
            .split('/')
            .map(|seg| match seg {
                s if s.starts_with(':') || (s.starts_with('{') && s.ends_with('}')) => match s.trim_matches([':', '{', '}']) {
                    "slug" => SLUG,
                    "what" => "registered",
                    "id" => "1",
                    _ => "1",
                },
                s => s,
            })
            .collect::<Vec<_>>()
            .join("/");
        let concrete = if concrete.is_empty() { "/".to_string() } else { concrete };
        let mut visitor = Visitor::new(&app);
        let (csrf, started) = visitor.form_tokens("/share").await;
        let fields = [
            ("csrf", csrf.as_str()),
            ("started", started.as_str()),
            ("name", "A"),
            ("email", "x@example.org"),
            ("contact_email", "x@example.org"),
            ("message", "hello there, is this still running?"),
            ("category", "wrong"),
        ];
        let read = visitor.get(&concrete).await;
        let posted = visitor.post_raw(&concrete, &fields).await;
        for (how, a) in [("GET", &read), ("POST", &posted)] {
            assert!(a.status.as_u16() < 500, "{how} {concrete}: {}", a.status);
            for name in &names {
                assert!(!a.body.contains(name.as_str()), "{how} {concrete} reveals {name:?} during lockdown");
            }
            // Town centres from the gazetteer are public facts, not listings;
            // the API's document names fields, it holds no listing, and the
            // developers' page shows one fixed example answer (a made-up
            // group at a town centre).
            let gazetteer = concrete.starts_with("/api/places") || concrete == "/api/openapi.json" || concrete == "/developers";
            for c in ["\"lat\"", "\"lon\"", "coordinates", "data-lat"].into_iter().filter(|_| !gazetteer) {
                assert!(!a.body.contains(c), "{how} {concrete} shows a location ({c}) during lockdown");
            }
        }
        if concrete.starts_with(&format!("/listings/{SLUG}")) || concrete.starts_with(&format!("/api/listings/{SLUG}")) {
            assert_eq!(read.status, StatusCode::NOT_FOUND, "GET {concrete} must answer as for no listing");
            let nothing = visitor.get(&concrete.replace(SLUG, "no-such-listing")).await;
            assert!(read.body.len().abs_diff(nothing.body.len()) < 64, "GET {concrete} differs from a missing listing");
            if posted.status != StatusCode::METHOD_NOT_ALLOWED {
                assert_eq!(posted.status, StatusCode::NOT_FOUND, "POST {concrete} must answer as for no listing");
            }
        }
    }
    let since: Vec<_> = mail.all().into_iter().skip(sent_before).collect();
    assert!(since.iter().all(|m| !m.text.contains("Sheffield Welcome")), "no mail names a listing during lockdown");
    let (_, suggest) = get(&app, "/api/suggest?q=sheffield").await;
    assert!(!suggest.contains("Sheffield Welcome"), "{suggest}");
}

/// A pending edit of the sample listing `slug`, as an organiser sends it.
async fn pending_edit(db: &TestDb, slug: &str, summary: &str) -> i64 {
    let owner = db.organiser("owner@example.org").await;
    db.add_owner(slug, owner.id).await;
    let input = app::listing_input::ListingInput {
        name: "Sheffield Welcome Drop-in (sample)".into(),
        kind: "solidarity_group".into(),
        town: "Sheffield".into(),
        region: Some("Yorkshire and the Humber".into()),
        summary: summary.into(),
        ..Default::default()
    };
    db.atlas.propose_edit(&owner, slug, input).await.unwrap()
}

/// 20 moderators decide on one submission at once: exactly one decision,
/// one revision, one mail; the others are told someone else decided.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_decisions_on_one_submission_make_exactly_one() {
    let db = sample_db().await;
    const SLUG: &str = "sheffield-welcome-drop-in";
    let id = pending_edit(&db, SLUG, "Decided once.").await;
    let mut moderators = Vec::new();
    for i in 0..20 {
        moderators.push(db.put_user(&format!("mod{i}@example.org"), app::people::Role::Moderator, &[]).await);
    }
    let revisions_before = db.store.revisions(app::people::Entity::Listing, SLUG).await.unwrap().len();
    let outbox_before = db.store.outbox(10_000).await.unwrap().len();
    let tasks: Vec<_> = moderators
        .into_iter()
        .enumerate()
        .map(|(i, m)| {
            let atlas = db.atlas.clone();
            tokio::spawn(async move {
                if i % 2 == 0 {
                    atlas.approve(&m, id, None).await.map(|_| ())
                } else {
                    atlas.reject(&m, id, "not now", server::moderation::Relisting::Allowed).await
                }
            })
        })
        .collect();
    let mut decided = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(()) => decided += 1,
            Err(server::moderation::ActionError::Conflict(_)) => {}
            Err(e) => panic!("a decision failed otherwise: {e}"),
        }
    }
    assert_eq!(decided, 1, "exactly one decision");
    let s = db.store.submission(id).await.unwrap().unwrap();
    use app::people::SubmissionStatus::{Approved, Rejected};
    assert!(s.summary.status == Approved || s.summary.status == Rejected);
    let revisions = db.store.revisions(app::people::Entity::Listing, SLUG).await.unwrap().len() - revisions_before;
    assert_eq!(revisions, usize::from(s.summary.status == Approved), "one revision for an approval, none for a rejection");
    let mails = db.store.outbox(10_000).await.unwrap().len() - outbox_before;
    assert_eq!(mails, 1, "one mail to the sender");
    let log = db.store.audit_log(None, 0, 100).await.unwrap();
    assert_eq!(log.iter().filter(|e| e.target.contains(&format!("(submission {id})"))).count(), 1, "one audit line");
}

#[tokio::test]
async fn approving_an_edit_keeps_an_archived_listing_archived_and_says_so() {
    let mail = MailServer::start(None).await;
    let db = db_with_mail(&mail, true).await;
    const SLUG: &str = "sheffield-welcome-drop-in";
    let moderator = db.put_user(ADMIN, app::people::Role::Admin, &[]).await;
    let id = pending_edit(&db, SLUG, "Still here, we say.").await;
    db.atlas.archive_listing(&moderator, SLUG, "closed down", server::moderation::Relisting::Allowed).await.unwrap();
    let app = fast_app(&db);
    let mut admin = Visitor::new(&app);
    admin.sign_in(ADMIN, &mail).await;
    let page = admin.get(&format!("/moderate/submissions/{id}")).await.body;
    assert!(page.contains("This listing is archived"), "the moderator is told");
    db.atlas.approve(&moderator, id, None).await.unwrap();
    assert_eq!(get(&app, &format!("/api/listings/{SLUG}")).await.0, StatusCode::NOT_FOUND, "still archived");
    let (_, status, _) = db.store.listing_record(SLUG).await.unwrap().unwrap();
    assert_eq!(status, "archived");
}

#[tokio::test]
async fn a_regional_moderator_cannot_move_a_listing_out_of_their_region_or_touch_another() {
    let db = sample_db().await;
    const SLUG: &str = "sheffield-welcome-drop-in";
    let yorkshire = db.put_user("york@example.org", app::people::Role::Moderator, &["Yorkshire and the Humber".to_string()]).await;
    let id = pending_edit(&db, SLUG, "Moving?").await;
    // The moderator's own correction puts it in London: refused, whatever
    // the region label says (the region is the point's, found here).
    let mut record = db.store.submission(id).await.unwrap().unwrap().data;
    record["latitude"] = 51.507.into();
    record["longitude"] = (-0.128).into();
    // (Named as London too: a point 227 km from its town is refused before
    // any region is looked at.)
    record["town"] = "London".into();
    for label in ["London", "Yorkshire and the Humber"] {
        record["region"] = label.into();
        let refused = db.atlas.approve(&yorkshire, id, Some(record.clone())).await;
        assert!(matches!(refused, Err(server::moderation::ActionError::Forbidden(_))), "{label}: {refused:?}");
    }
    assert_eq!(db.store.submission(id).await.unwrap().unwrap().summary.status, app::people::SubmissionStatus::Pending, "nothing decided");
}

/// Report number 501 used to be out of reach of every moderator.
#[tokio::test]
async fn every_report_can_be_closed_and_the_queue_is_paged() {
    let db = sample_db().await;
    let moderator = db.put_user("mod@example.org", app::people::Role::Moderator, &[]).await;
    let mut last = 0;
    for i in 0..510 {
        last = db.add_report("sheffield-welcome-drop-in", "wrong", &format!("report {i}")).await;
    }
    db.atlas.close_report(&moderator, last, "done").await.unwrap();
    use app::ports::Backoffice;
    let (first, total) = db.atlas.open_reports(&moderator, 0, 50).await.unwrap();
    assert_eq!((first.len(), total), (50, 509));
    let (tail, _) = db.atlas.open_reports(&moderator, 500, 50).await.unwrap();
    assert_eq!(tail.len(), 9);
}

/// Sign-in and confirmation links are one-time keys: once a message is
/// sent its stored text keeps no live token, and an admin never sees one.
#[tokio::test]
async fn no_live_token_stays_readable_in_the_outbox() {
    let mail = MailServer::start(None).await;
    let db = db_with_mail(&mail, true).await;
    db.put_user(ADMIN, app::people::Role::Admin, &[]).await;
    let app = fast_app(&db);
    let mut admin = Visitor::new(&app);
    admin.sign_in(ADMIN, &mail).await;
    let mut v = Visitor::new(&app);
    register_rotherham(&mut v).await;
    let link = mail.wait_for(GROUP, "confirm").await.link("http://atlas.test/confirm?token=").unwrap();
    let token = link.split("token=").nth(1).unwrap().to_string();
    let bodies: Vec<String> = sqlx::query_scalar("SELECT body FROM outbox").fetch_all(db.store.pool()).await.unwrap();
    assert!(bodies.iter().all(|b| !b.contains(&token)), "the sent confirmation keeps no token");
    assert!(bodies.iter().any(|b| b.contains("/confirm?token=…")), "the link is shown cut: {bodies:?}");
    // Unsent mail (here: as if the mail server were down) is shown cut too.
    sqlx::query("UPDATE outbox SET sent_at = NULL, body = $1").bind(format!("Open {link}")).execute(db.store.pool()).await.unwrap();
    let page = admin.get("/admin").await.body;
    assert!(!page.contains(&token), "an admin sees no live token");
    // Issue 27: unsent mail keeps a link only while it still opens
    // something (the operator hands it on by hand); then it is cut.
    assert_eq!(db.store.cut_dead_links().await.unwrap(), 0, "the link is live");
    sqlx::query("UPDATE tokens SET expires_at = '2000-01-01T00:00:00Z'").execute(db.store.pool()).await.unwrap();
    assert!(db.store.cut_dead_links().await.unwrap() > 0);
    let bodies: Vec<String> = sqlx::query_scalar("SELECT body FROM outbox").fetch_all(db.store.pool()).await.unwrap();
    assert!(bodies.iter().all(|b| !b.contains(&token)), "{bodies:?}");
}

/// A registration is its submission, its confirmation link and its mail,
/// stored together or not at all: when the outbox cannot be written, the
/// sender is told to try again and nothing is left behind.
#[tokio::test]
async fn a_registration_is_stored_whole_or_not_at_all() {
    let mail = MailServer::start(None).await;
    let db = db_with_mail(&mail, true).await;
    refuse_inserts_into(&db, "outbox").await;
    let app = fast_app(&db);
    let mut v = Visitor::new(&app);
    let a = register_rotherham(&mut v).await;
    assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE, "{}", a.body);
    let submissions: i64 = sqlx::query_scalar("SELECT count(*) FROM submissions").fetch_one(db.store.pool()).await.unwrap();
    let tokens: i64 = sqlx::query_scalar("SELECT count(*) FROM tokens WHERE purpose = 'confirm'").fetch_one(db.store.pool()).await.unwrap();
    assert_eq!((submissions, tokens), (0, 0), "nothing half-stored");
}

/// Makes every insert into `table` fail, as a broken disk or a full table
/// would (a trigger, on either backend).
async fn refuse_inserts_into(db: &TestDb, table: &str) {
    let sql = if on_postgres() {
        format!(
            "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION '{table} down'; END $$ LANGUAGE plpgsql;
             CREATE TRIGGER {table}_down BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION refuse();"
        )
    } else {
        format!("CREATE TRIGGER {table}_down BEFORE INSERT ON {table} BEGIN SELECT RAISE(ABORT, '{table} down'); END;")
    };
    sqlx::raw_sql(&sql).execute(db.store.pool()).await.unwrap();
}

/// Archiving and a report each write their change and its audit line in
/// one transaction: with the audit log failing, neither leaves its change.
#[tokio::test]
async fn a_use_case_without_its_audit_line_leaves_nothing() {
    let mail = MailServer::start(None).await;
    let db = db_with_mail(&mail, true).await;
    const SLUG: &str = "sheffield-welcome-drop-in";
    let admin = db.put_user(ADMIN, app::people::Role::Admin, &[]).await;
    refuse_inserts_into(&db, "audit_log").await;
    let count = |table: &'static str| {
        let pool = db.store.pool().clone();
        async move { sqlx::query_scalar::<_, i64>(&format!("SELECT count(*) FROM {table}")).fetch_one(&pool).await.unwrap() }
    };
    let (revisions, reports) = (count("revisions").await, count("reports").await);

    assert!(db.atlas.archive_listing(&admin, SLUG, "closed", server::moderation::Relisting::Allowed).await.is_err());
    let (_, status, _) = db.store.listing_record(SLUG).await.unwrap().unwrap();
    assert_eq!(status, "published", "not archived without its audit line");
    assert!(db.atlas.report_listing(SLUG, "closed", "It has closed down").await.is_err());
    assert_eq!((count("revisions").await, count("reports").await), (revisions, reports), "nothing half-stored");
}

/// Issue 27 (11): the region published is the public point's. A group in
/// Dronfield (Derbyshire: East Midlands) shown "by town" at Sheffield's
/// centre was published in the East Midlands — which side of the line its
/// true point is. Now it reads Yorkshire and the Humber, as its point does.
#[tokio::test]
async fn the_published_region_is_the_public_points() {
    let db = sample_db().await;
    const SLUG: &str = "sheffield-welcome-drop-in";
    let moderator = db.put_user("mod@example.org", app::people::Role::Moderator, &[]).await;
    let id = pending_edit(&db, SLUG, "Across the line").await;
    let (lat, lon) = (53.3025, -1.4695);
    assert_eq!(server::regions::region_of(app::location::LatLon::new(lat, lon)), Some("East Midlands"), "the true point's region");
    let mut record = db.store.submission(id).await.unwrap().unwrap().data;
    record["latitude"] = lat.into();
    record["longitude"] = lon.into();
    record["precision"] = "area".into();
    db.atlas.approve(&moderator, id, Some(record)).await.unwrap();
    let shown = db.atlas.read.public_directory().get(SLUG).cloned().unwrap();
    let public = app::location::LatLon::new(shown.lat.unwrap(), shown.lon.unwrap());
    assert_eq!(shown.region.as_deref(), server::regions::region_of(public));
    assert_eq!(shown.region.as_deref(), Some("Yorkshire and the Humber"));
}

/// A registration in Sheffield with its point at (latitude, longitude).
async fn register_sheffield_at(v: &mut Visitor, latitude: &str, longitude: &str) -> Answer {
    let fields = [
        ("name", "Sheffield Welcome Circle"),
        ("kind", "solidarity_group"),
        ("town", "Sheffield"),
        ("latitude", latitude),
        ("longitude", longitude),
        ("precision", "area"),
        ("contact_email", GROUP),
        ("nickname", ""),
    ];
    v.submit("/register", "/register", &fields).await
}

/// Issue 28: one tap on the picker must not put a group in the next town.
#[tokio::test]
async fn a_point_far_from_the_town_it_names_is_refused_with_nothing_lost() {
    let db = sample_db().await;
    let app = fast_app(&db);
    let mut group = Visitor::new(&app);
    // Near Huddersfield, 37 km away.
    let far = register_sheffield_at(&mut group, "53.6458", "-1.7850").await;
    assert_eq!(far.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", far.body);
    assert!(far.body.contains("km from Sheffield, farther than 15 km"), "{}", far.body);
    assert!(far.body.contains("Sheffield Welcome Circle") && far.body.contains("53.6458"), "what was typed stays in the form");
    assert!(pending(&db).await.is_empty(), "nothing stored");

    let near = register_sheffield_at(&mut group, "53.3811", "-1.4701").await;
    assert_eq!(near.status, StatusCode::SEE_OTHER, "{}", near.body);
}

/// Issue 30: a site without a mail server still takes registrations. The
/// confirmation link never arrives, so a moderator (signed in with
/// `atlas user link`'s link) sees the submission as unconfirmed, takes it
/// into the queue — recorded in the audit log — and approves it.
#[tokio::test]
async fn without_a_mail_server_a_moderator_takes_a_registration_into_the_queue() {
    let db = sample_db().await;
    assert!(!db.atlas.mailer.uses_smtp(), "this test's site has no mail server");
    let app = fast_app(&db);
    let mut group = Visitor::new(&app);
    let a = register_rotherham(&mut group).await;
    assert_eq!(a.location.as_deref(), Some("/thanks/registered"), "{}", a.body);
    let thanks = group.get("/thanks/registered").await.body;
    assert!(thanks.contains("This site sends no email yet") && !thanks.contains("We have sent you a link"), "{thanks}");
    assert!(thanks.contains("it has reached us") && !thanks.contains("Check your email"), "the heading agrees: {thanks}");

    let mut moderator = admin_without_mail(&db, &app).await;

    let queue = moderator.get("/moderate").await;
    let words = queue.body.replace(['\u{2068}', '\u{2069}'], "");
    assert!(words.contains("This site sends no mail"), "the moderator is told why: {words}");
    assert!(words.contains("Not confirmed by their sender (1)") && words.contains("Rotherham Refugee Cafe"), "{words}");
    let id = words.split("/moderate/submissions/").nth(1).unwrap().split('/').next().unwrap().split('"').next().unwrap().to_string();

    let taken = moderator.submit("/moderate", &format!("/moderate/submissions/{id}/take"), &[]).await;
    assert_eq!(taken.status, StatusCode::SEE_OTHER, "{}", taken.body);
    assert!(pending(&db).await.iter().any(|s| s.title == "Rotherham Refugee Cafe"), "now in the queue");
    let again = moderator.submit(&format!("/moderate/submissions/{id}"), &format!("/moderate/submissions/{id}/take"), &[]).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "taken once only: {}", again.body);
    let log = moderator.get("/moderate/log").await;
    assert!(log.body.contains("took into the queue unconfirmed") && log.body.contains("this site sends no mail"), "{}", log.body);

    let approved = moderator
        .submit(
            &format!("/moderate/submissions/{id}"),
            &format!("/moderate/submissions/{id}/approve"),
            &[
                ("name", "Rotherham Refugee Cafe"),
                ("kind", "solidarity_group"),
                ("town", "Rotherham"),
                ("precision", "area"),
                ("latitude", "53.44321"),
                ("longitude", "-1.33333"),
            ],
        )
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    let (_, api) = get(&app, "/api/listings?q=rotherham+refugee").await;
    assert!(api.contains("Rotherham Refugee Cafe"), "published: {api}");
}

/// An admin signed in with `atlas user link`'s link (no mail needed).
pub(crate) async fn admin_without_mail(db: &TestDb, app: &axum::Router) -> Visitor {
    let admin = db.put_user(ADMIN, app::people::Role::Admin, &[]).await;
    let link = db.atlas.new_sign_in_link(&admin, None).await.unwrap();
    let path = format!("/login/confirm?{}", link.split_once('?').unwrap().1);
    let token = path.split("token=").nth(1).unwrap().to_string();
    let mut moderator = Visitor::new(app);
    let signed_in = moderator.submit(&path, "/login/confirm", &[("token", &token)]).await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER, "{}", signed_in.body);
    moderator
}

/// Issue 30: three volunteers, a WhatsApp group, no website. The form
/// takes the ways such groups are reached, publishes each only when its
/// box is ticked, and a bare link in the description becomes a safe link.
#[tokio::test]
async fn a_group_gives_its_whatsapp_group_and_phone_and_each_is_public_only_when_ticked() {
    let db = sample_db().await;
    let app = fast_app(&db);
    let mut group = Visitor::new(&app);
    let mut fields = vec![
        ("name", "Barnsley Friends"),
        ("kind", "solidarity_group"),
        ("town", "Barnsley"),
        ("precision", "area"),
        ("description", "We meet at the library. Chat: https://chat.whatsapp.com/Barnsley42"),
        ("other_languages", "Pashto, Soomaali"),
        ("phone", "07700 900123"),
        ("whatsapp", "https://chat.whatsapp.com/Barnsley42"),
        ("show_whatsapp", "yes"),
        ("signal", "https://t.me/not-signal"),
        ("show_signal", "yes"),
        ("contact_email", GROUP),
        ("nickname", ""),
    ];
    // A half-chosen meeting is named in the same answer, not the next.
    let mut with_meeting = fields.clone();
    with_meeting.push(("meet_day", "wed"));
    let refused = group.submit("/register", "/register", &with_meeting).await;
    assert!(refused.body.contains(r##"href="#meet_start""##) && refused.body.contains(r##"href="#signal""##), "{}", refused.body);
    let refused = group.submit("/register", "/register", &fields).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    let words = refused.body.replace(['\u{2068}', '\u{2069}'], "");
    assert!(words.contains("did not tick “Show publicly” under it."), "an unticked number is never published: {words}");
    assert!(words.contains("“https://t.me/not-signal” is not a Signal invite link."), "{words}");
    assert!(words.contains("07700 900123") && words.contains("Barnsley42"), "what was typed stays in the form");
    assert!(pending(&db).await.is_empty(), "nothing stored");

    fields.retain(|(k, _)| !["signal", "show_signal"].contains(k));
    fields.push(("show_phone", "yes"));
    let sent = group.submit("/register", "/register", &fields).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);

    let mut moderator = admin_without_mail(&db, &app).await;
    let queue = moderator.get("/moderate").await.body;
    let id = queue.split("/moderate/submissions/").nth(1).unwrap().split('/').next().unwrap().split('"').next().unwrap().to_string();
    moderator.submit("/moderate", &format!("/moderate/submissions/{id}/take"), &[]).await;
    let detail = moderator.get(&format!("/moderate/submissions/{id}")).await.body;
    assert!(detail.contains("07700 900123") && detail.contains("https://chat.whatsapp.com/Barnsley42"), "{detail}");
    assert!(
        detail.contains(">ps<") || detail.contains("ps, so") || detail.contains("Pashto"),
        "typed language names became codes: {detail}"
    );
    let approved = moderator
        .submit(
            &format!("/moderate/submissions/{id}"),
            &format!("/moderate/submissions/{id}/approve"),
            &[
                ("name", "Barnsley Friends"),
                ("kind", "solidarity_group"),
                ("town", "Barnsley"),
                ("precision", "area"),
                ("description", "We meet at the library. Chat: https://chat.whatsapp.com/Barnsley42"),
                ("languages", "ps, so"),
                ("phone", "07700 900123"),
                ("social", "https://chat.whatsapp.com/Barnsley42"),
            ],
        )
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    let (_, api) = get(&app, "/api/listings?q=barnsley+friends").await;
    let slug = api.split(r#""slug":""#).nth(1).unwrap().split('"').next().unwrap().to_string();
    let (_, page) = get(&app, &format!("/listings/{slug}")).await;
    assert!(page.contains(">Join the WhatsApp group</a>"), "the link says what it opens: {page}");
    assert!(
        page.contains(r#"<a href="https://chat.whatsapp.com/Barnsley42" rel="nofollow ugc noopener noreferrer">https://chat.whatsapp.com/Barnsley42</a>"#),
        "a bare link in the description is a safe link: {page}"
    );
    assert!(page.contains("tel:07700900123"), "{page}");
}

/// Issue 30: the weekly drop-in a group registers with is in What's on as
/// soon as a moderator approves the group — no second form.
#[tokio::test]
async fn a_groups_regular_meeting_becomes_its_series_when_the_group_is_approved() {
    let db = sample_db().await;
    let app = fast_app(&db);
    let mut group = Visitor::new(&app);
    let mut fields = vec![
        ("name", "Doncaster Wednesday Drop-in"),
        ("kind", "solidarity_group"),
        ("town", "Doncaster"),
        ("precision", "area"),
        ("meet_day", "wed"),
        ("meet_start", "13:00"),
        ("meet_repeat", "weekly"),
        ("contact_email", GROUP),
        ("nickname", ""),
    ];
    let refused = group.submit("/register", "/register", &fields).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(refused.body.contains(r##"href="#meet_end""##), "the missing end time is named: {}", refused.body);
    fields.push(("meet_end", "16:00"));
    let sent = group.submit("/register", "/register", &fields).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);

    let mut moderator = admin_without_mail(&db, &app).await;
    let queue = moderator.get("/moderate").await.body;
    let id = queue.split("/moderate/submissions/").nth(1).unwrap().split('/').next().unwrap().split('"').next().unwrap().to_string();
    moderator.submit("/moderate", &format!("/moderate/submissions/{id}/take"), &[]).await;
    let detail = moderator.get(&format!("/moderate/submissions/{id}")).await.body;
    assert!(detail.contains("13:00–16:00, weekly"), "the moderator sees the meeting: {detail}");
    let approved = moderator
        .submit(
            &format!("/moderate/submissions/{id}"),
            &format!("/moderate/submissions/{id}/approve"),
            &[("name", "Doncaster Wednesday Drop-in"), ("kind", "solidarity_group"), ("town", "Doncaster"), ("precision", "area")],
        )
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER, "{}", approved.body);
    let (_, api) = get(&app, "/api/listings?q=doncaster+wednesday").await;
    let slug = api.split(r#""slug":""#).nth(1).unwrap().split('"').next().unwrap().to_string();
    let (_, events) = get(&app, &format!("/api/events?listing={slug}&limit=10")).await;
    assert!(events.contains("Doncaster Wednesday Drop-in") && events.contains("T13:00"), "{events}");
    let (_, page) = get(&app, "/events?near=Doncaster").await;
    assert!(page.contains("Doncaster Wednesday Drop-in"), "in What's on near Doncaster");
    let (_, own) = get(&app, &format!("/listings/{slug}")).await;
    assert!(own.contains("Next dates") && own.contains("13:00"), "{own}");
    assert!(
        !own.contains(r#"class="card-summary">Doncaster Wednesday Drop-in"#),
        "the group's name is not repeated under each of its dates"
    );
}

/// Issue 30: "the location is wrong" — a volunteer moderator corrects the
/// published listing from the report itself: a revision, a log line, the
/// report closed, all at once; without a reason nothing changes.
#[tokio::test]
async fn a_moderator_corrects_a_published_listing_from_a_report() {
    let db = sample_db().await;
    let app = fast_app(&db);
    let mut visitor = Visitor::new(&app);
    let page = "/listings/sheffield-welcome-drop-in/report";
    let a = visitor.submit(page, page, &[("category", "wrong"), ("message", "They moved to Rotherham in October.")]).await;
    assert_eq!(a.location.as_deref(), Some("/thanks/report"), "{}", a.body);

    let mut moderator = admin_without_mail(&db, &app).await;
    let queue = moderator.get("/moderate").await.body.replace("&amp;", "&");
    // Issue 30: the report names the group as its moderator knows it.
    let named = r#"<a href="/moderate/listings/sheffield-welcome-drop-in" dir="auto">Sheffield Welcome Drop-in (sample)</a>"#;
    assert!(queue.contains(named), "the group's name, linked: {queue}");
    assert!(!queue.contains(">sheffield-welcome-drop-in<"), "the slug alone does not stand for it");
    let link = queue.split("href=\"/moderate/listings/sheffield-welcome-drop-in?report=").nth(1).expect("a way to correct from the report");
    let report = link.split('#').next().unwrap().to_string();
    let path = format!("/moderate/listings/sheffield-welcome-drop-in?report={report}");
    let shown = moderator.get(&path).await.body;
    assert!(shown.contains(r#"<details id="correct" open class="correction">"#), "open when reached from a report: {shown}");
    assert!(shown.contains(r#"value="Sheffield Welcome Drop-in"#), "the form holds the listing as it is");

    let mut fields = vec![
        ("name", "Sheffield Welcome Drop-in (sample)"),
        ("kind", "solidarity_group"),
        ("town", "Rotherham"),
        ("precision", "area"),
        ("report", report.as_str()),
    ];
    let action = "/moderate/listings/sheffield-welcome-drop-in/correct";
    let refused = moderator.submit(&path, action, &fields).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "a reason is needed: {}", refused.body);
    assert!(refused.body.contains("Rotherham"), "what was typed stays");
    let (_, api) = get(&app, "/api/listings/sheffield-welcome-drop-in").await;
    assert!(api.contains("Sheffield") && !api.contains("Rotherham"), "nothing changed: {api}");

    fields.push(("correction_reason", "moved, reported by a visitor"));
    let done = moderator.submit(&path, action, &fields).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let (_, api) = get(&app, "/api/listings/sheffield-welcome-drop-in").await;
    assert!(api.contains("Rotherham"), "corrected at once: {api}");
    let (_, arabic) = get(&app, "/ar/listings/sheffield-welcome-drop-in").await;
    assert!(arabic.contains("ملتقى الترحيب في شفيلد"), "a correction keeps the translations");
    use app::ports::Backoffice;
    let admin = db.store.user_by_email(ADMIN).await.unwrap().unwrap();
    assert!(db.atlas.open_reports(&admin, 0, 50).await.unwrap().0.is_empty(), "the report is closed with it");
    let log = moderator.get("/moderate/log").await.body;
    assert!(log.contains("corrected") && log.contains("moved, reported by a visitor"), "{log}");
    let history = moderator.get("/moderate/listings/sheffield-welcome-drop-in").await.body;
    assert!(history.contains("corrected by a moderator: moved, reported by a visitor"), "a revision: {history}");
    // Each revision says what it changed, not the whole record as JSON.
    let words = history.replace(['\u{2068}', '\u{2069}'], "");
    assert!(words.contains("Sheffield → Rotherham") && !words.contains(r#"{&quot;"#) && !words.contains(r#"{""#), "{words}");
    // The log names the listing as moderators know it, linked.
    let named = r#"<a href="/moderate/listings/sheffield-welcome-drop-in" dir="auto">Sheffield Welcome Drop-in (sample)</a>"#;
    assert!(log.contains(named) && !log.contains(">listing sheffield-welcome-drop-in<"), "{log}");
}

/// Issue 30: a site that began without a mail server gets one. The
/// confirmation that waited in the outbox (its link still live) is sent by
/// an admin's "Send now", and the group confirms with it; before, "Send
/// now" says what is missing.
#[tokio::test]
async fn once_mail_is_configured_an_admin_sends_what_waited_and_the_group_confirms() {
    let db = sample_db().await;
    let app = fast_app(&db);
    let mut group = Visitor::new(&app);
    assert_eq!(register_rotherham(&mut group).await.location.as_deref(), Some("/thanks/registered"));
    let waiting = db.store.outbox(10).await.unwrap().into_iter().find(|m| m.recipient == GROUP).expect("the confirmation waits");
    assert!(waiting.sent_at.is_none());

    let mut admin = admin_without_mail(&db, &app).await;
    let page = admin.get("/admin").await.body;
    assert!(!page.contains("/admin/outbox/"), "no 'Send now' without a mail server");
    let refused = admin.submit("/admin", &format!("/admin/outbox/{}/send", waiting.id), &[]).await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert!(refused.body.contains("Set ATLAS_SMTP_URL"), "{}", refused.body);

    // The operator sets ATLAS_SMTP_URL and restarts: the same database.
    let mail = MailServer::start(None).await;
    let config = server::atlas::AtlasConfig {
        mailer: server::mail::Mailer::new(Some(&mail.url), "Atlas <atlas@example.org>").unwrap(),
        ..Default::default()
    };
    let restarted = server::atlas::Atlas::new_with(db.store.clone(), config).await.unwrap();
    let admin_user = db.store.user_by_email(ADMIN).await.unwrap().unwrap();
    restarted.send_outbox_mail(&admin_user, waiting.id).await.unwrap();
    let m = mail.wait_for(GROUP, "confirm").await;
    let (path, token) = token_path(&m.link("/confirm?token=").expect("a live link"));
    let confirmed = group.submit(&path, "/confirm", &[("token", &token)]).await;
    assert_eq!(confirmed.location.as_deref(), Some("/thanks/confirmed"), "{}", confirmed.body);
    assert!(pending(&db).await.iter().any(|s| s.title == "Rotherham Refugee Cafe"), "in the queue");
    let sent = db.store.outbox(10).await.unwrap().into_iter().find(|m| m.id == waiting.id).unwrap();
    assert!(sent.sent_at.is_some() && !sent.body.contains(&token), "sent, and its link cut from what is kept");
    assert!(admin.get("/moderate/log").await.body.contains("sent mail from the outbox"));
}
