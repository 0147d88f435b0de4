//! E-mail alerts (issue 32): subscribe without JavaScript, confirm from
//! the mail, one mail per matching publication (town, whole kilometres,
//! no point), nothing for what does not match, one-click unsubscribe by a
//! bare POST, a lockdown holds everything, a weekly digest is one mail.
//! Real SMTP on loopback; the sender is driven by direct calls.

use crate::common;
use crate::moderation::{register_rotherham, token_path};
use axum::http::StatusCode;
use common::smtp::MailServer;
use common::*;

pub(crate) const KEY: &str = "8f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
pub(crate) const READER: &str = "reader@example.org";

pub(crate) async fn db_with_alerts(mail: &MailServer) -> TestDb {
    let mut config = common::config_with_mail(mail);
    config.alerts_key = Some(server::alerts::key::AlertsKey::from_hex(KEY).unwrap());
    common::db_with_config(config, false).await
}

pub(crate) fn round_now() -> chrono::DateTime<chrono::Utc> {
    server::alerts::digest_cutoff(chrono::Utc::now())
}

pub(crate) fn mails_to(mail: &MailServer, to: &str) -> Vec<common::smtp::Mail> {
    mail.all().into_iter().filter(|m| m.to.iter().any(|t| t == to)).collect()
}

/// Asks for an alert and confirms it from the mail; returns nothing.
async fn subscribe(db: &TestDb, mail: &MailServer, to: &str, near: &str, cadence: &str) {
    let request = app::alerts::AlertRequest {
        email: to.into(),
        near: near.into(),
        radius_km: "25".into(),
        wants: vec!["listing".into()],
        kind: "solidarity_group".into(),
        cadence: cadence.into(),
        mail_lang: "en".into(),
        ..Default::default()
    };
    subscribe_to(db, mail, request).await;
}

async fn subscribe_to(db: &TestDb, mail: &MailServer, request: app::alerts::AlertRequest) {
    let to = request.email.clone();
    let to = to.as_str();
    let before = mail.all().len();
    db.atlas.subscribe_alert(&request).await.unwrap();
    let m = mail.wait_for_new(to, "/alerts/confirm?token=", before).await;
    let (_, token) = token_path(&m.link("http://atlas.test/alerts/confirm?token=").unwrap());
    db.atlas.confirm_alert(&token).await.unwrap();
}

pub(crate) fn listing(slug: &str, name: &str, kind: &str, town: &str, lat: f64, lon: f64) -> String {
    serde_json::json!({"slug": slug, "kind": kind, "name": name, "summary": "A test group.", "town": town,
        "precision": "area", "latitude": lat, "longitude": lon, "languages": ["en"]})
    .to_string()
}

#[tokio::test]
async fn subscribe_confirm_and_a_matching_approval_sends_one_mail_then_one_click_stops_it() {
    let mail = MailServer::start(None).await;
    let db = db_with_alerts(&mail).await;
    let app = fast_app(&db);
    let mut v = Visitor::new(&app);

    // The form, pre-filled from the directory's query, without JavaScript.
    let page = v.get("/alerts?near=Sheffield&kind=solidarity_group&radius_km=25").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(r#"value="Sheffield""#), "pre-filled");
    // The directory's 100 km is the widest an alert reaches, not the default.
    let wide = v.get("/alerts?near=Sheffield&radius_km=100").await;
    assert!(wide.body.contains(r#"<option value="50" selected"#), "{}", wide.body);
    // Languages are chosen by name, not typed as codes; a kind's own
    // questions sit inside its box's block (shown while it is ticked).
    let arabic = v.get("/alerts?lang=ar").await.body;
    assert!(arabic.contains(r#"<option value="ar" selected"#) && arabic.contains("العربية"), "{arabic}");
    assert!(!arabic.contains(r#"<input id="lang""#) && arabic.matches(r#"class="want-details""#).count() == 3);
    let a = v
        .submit(
            "/alerts",
            "/alerts",
            &[
                ("email", READER),
                ("near", "Sheffield"),
                ("radius_km", "25"),
                ("wants", "listing"),
                ("kind", "solidarity_group"),
                ("cadence", "instant"),
                ("mail_lang", "en"),
                ("nickname", ""),
            ],
        )
        .await;
    assert_eq!(a.location.as_deref(), Some("/alerts/done/requested"), "{}", a.body);
    let m = mail.wait_for(READER, "/alerts/confirm?token=").await;
    // The mail and the page say which alert the link starts.
    // With the choices that narrow it, so two alerts never read the same.
    let asked = "Within 25 km of Sheffield · new groups and services (Solidarity group) · as they happen";
    assert!(m.body().contains(&format!("The alert: {asked}")), "{}", m.text);
    let (path, token) = token_path(&m.link("http://atlas.test/alerts/confirm?token=").unwrap());
    assert!(v.get(&path).await.body.contains(asked));
    let a = v.submit(&path, "/alerts/confirm", &[("token", &token)]).await;
    let mine = a.location.clone().unwrap_or_default();
    assert!(mine.starts_with("/alerts/manage?token=") && mine.ends_with("&started=1"), "{}", a.body);
    // Then the person's own page, which says it started and lists it.
    let page = v.get(&mine).await.body;
    assert!(page.contains("Your alert has started") && page.contains(asked) && page.contains("Stop this one"), "{page}");
    // And a mail that says it started, with the links to see and stop it,
    // so the person can leave before any alert has come.
    let started = mail.wait_for(READER, "Subject: Your alert has started").await;
    assert!(started.body().contains(asked) && started.body().contains("/alerts/manage?token="), "{}", started.text);
    assert!(started.text.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"), "{}", started.text);
    // The link used again says so before any button is pressed.
    let used = v.get(&path).await.body;
    assert!(used.contains("This link has been used, or is too old") && !used.contains("Yes, send me these alerts"), "{used}");
    // The address is sealed at rest.
    let sealed: Vec<String> =
        sqlx::query_scalar("SELECT address_sealed FROM alert_subscriptions").fetch_all(db.store.pool()).await.unwrap();
    assert_eq!(sealed.len(), 1);
    assert!(!sealed[0].contains('@') && !sealed[0].contains("reader"));

    // A group registers near Sheffield; a moderator approves it.
    register_rotherham(&mut v).await;
    let m = mail.wait_for("rotherham.cafe@example.org", "/confirm?token=").await;
    let (path, token) = token_path(&m.link("http://atlas.test/confirm?token=").unwrap());
    let a = v.submit(&path, "/confirm", &[("token", &token)]).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let moderator = db.put_user("mod@example.org", app::people::Role::Moderator, &[]).await;
    let id = pending(&db).await.first().unwrap().id;
    db.atlas.approve(&moderator, id, None).await.unwrap();

    let round = db.atlas.send_alerts(round_now()).await.unwrap();
    assert_eq!(round.mails, 1, "{round:?}");
    let alert = mail.wait_for(READER, "Rotherham Refugee Cafe").await;
    assert!(alert.text.contains("Rotherham") && alert.text.contains("km from Sheffield"), "{}", alert.text);
    assert!(!alert.body().contains("53.44") && !alert.body().contains("-1.33"), "no point: {}", alert.text);
    assert!(alert.text.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"), "{}", alert.text);
    assert!(!alert.text.contains("<img") && !alert.text.to_lowercase().contains("text/html"));
    // Exactly once: another round sends nothing.
    assert_eq!(db.atlas.send_alerts(round_now()).await.unwrap().mails, 0);

    // Outside the radius, or another kind: nothing.
    let others = [
        listing("far-group", "Far Group", "solidarity_group", "London", 51.5, -0.12),
        listing("other-kind", "Other Kind", "pnp_chapter", "Sheffield", 53.38, -1.47),
    ]
    .join("\n");
    import(&db, &others, PUBLISHED).await;
    let round = db.atlas.send_alerts(round_now()).await.unwrap();
    assert_eq!((round.items, round.mails), (2, 0), "{round:?}");
    assert_eq!(mails_to(&mail, READER).len(), 3, "the confirmation, the start and one alert");

    // One click: a bare POST to the List-Unsubscribe address, no cookie.
    // The header as a mail program reads it: folded lines joined, and
    // (RFC 2369) whitespace inside the angle brackets ignored.
    let mut lines = alert.text.lines().skip_while(|l| !l.starts_with("List-Unsubscribe:"));
    let mut header = lines.next().unwrap().to_string();
    header.extend(lines.take_while(|l| l.starts_with([' ', '\t'])).map(str::trim));
    let url: String = header.split('<').nth(1).unwrap().split('>').next().unwrap().split_whitespace().collect();
    assert!(url.contains("/alerts/unsubscribe?token="), "{header}");
    let path = url.trim_start_matches("http://atlas.test");
    assert_eq!(path.len(), "/alerts/unsubscribe?token=".len() + 43, "{header}");
    // The link opened in a browser says which alert it stops.
    let mut bare = Visitor::new(&app);
    assert!(bare.get(path).await.body.contains(asked));
    let a = bare.post_raw(path, &[("List-Unsubscribe", "One-Click")]).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    // Opened again: stopped already, no button; pressed again: as good as done.
    let again = bare.get(path).await.body;
    assert!(again.contains("already stopped") && !again.contains(r#"<button type="submit">Stop this alert"#), "{again}");
    assert_eq!(bare.post_raw(path, &[]).await.location.as_deref(), Some("/alerts/done/stopped"));
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM alert_subscriptions").fetch_one(db.store.pool()).await.unwrap();
    assert_eq!(left, 0);
    import(&db, &listing("near-again", "Near Again", "solidarity_group", "Rotherham", 53.43, -1.35), PUBLISHED).await;
    assert_eq!(db.atlas.send_alerts(round_now()).await.unwrap().mails, 0, "stopped");
}

#[tokio::test]
async fn a_lockdown_holds_alerts_and_what_it_published_is_never_sent() {
    let mail = MailServer::start(None).await;
    let db = db_with_alerts(&mail).await;
    subscribe(&db, &mail, READER, "Sheffield", "instant").await;
    let admin = db.put_user("admin@example.org", app::people::Role::Admin, &[]).await;

    // Published before the lockdown, matched during it: held.
    import(&db, &listing("before", "Before Group", "solidarity_group", "Sheffield", 53.38, -1.47), PUBLISHED).await;
    db.atlas.set_lockdown(&admin, true, "test").await.unwrap();
    import(&db, &listing("during", "During Group", "solidarity_group", "Sheffield", 53.39, -1.46), PUBLISHED).await;
    assert_eq!(db.atlas.send_alerts(round_now()).await.unwrap().items, 0, "nothing is matched during a lockdown");
    db.atlas.set_lockdown(&admin, false, "test").await.unwrap();

    let round = db.atlas.send_alerts(round_now()).await.unwrap();
    assert_eq!((round.items, round.mails), (2, 1), "{round:?}");
    mail.wait_for(READER, "Before Group").await;
    assert!(mails_to(&mail, READER).iter().all(|m| !m.text.contains("During Group")), "published in the lockdown: never sent");
}

#[tokio::test]
async fn a_weekly_digest_is_one_mail() {
    let mail = MailServer::start(None).await;
    let db = db_with_alerts(&mail).await;
    subscribe(&db, &mail, READER, "Sheffield", "weekly").await;
    let two = [
        listing("first", "First Group", "solidarity_group", "Sheffield", 53.38, -1.47),
        listing("second", "Second Group", "solidarity_group", "Rotherham", 53.43, -1.35),
    ]
    .join("\n");
    import(&db, &two, PUBLISHED).await;
    let round = db.atlas.send_alerts(round_now()).await.unwrap();
    assert_eq!((round.items, round.mails), (2, 0), "matched, kept for Monday");
    let now = chrono::Utc::now() + chrono::Duration::seconds(2);
    assert_eq!(db.atlas.send_alerts(now).await.unwrap().mails, 1);
    let digest = mail.wait_for(READER, "First Group").await;
    assert!(digest.text.contains("Second Group") && digest.text.contains("2 new listings this week"), "{}", digest.text);
    assert_eq!(db.atlas.send_alerts(now).await.unwrap().mails, 0, "one digest");
    assert_eq!(mails_to(&mail, READER).len(), 3, "the confirmation, the start and the digest");
}

#[tokio::test]
async fn without_a_key_the_page_says_alerts_are_off() {
    let db = empty_db().await;
    let (status, body) = get(&fast_app(&db), "/alerts").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("not switched on"), "{body}");
}

/// A key but no mail server: alerts stay off, so no subscriber's address
/// ever waits readable in the outbox.
#[tokio::test]
async fn without_a_mail_server_alerts_stay_off_and_nothing_is_kept() {
    let mut db = empty_db().await;
    db.restart_with(|c| c.alerts_key = Some(server::alerts::key::AlertsKey::from_hex(KEY).unwrap())).await;
    let (_, body) = get(&fast_app(&db), "/alerts").await;
    assert!(body.contains("not switched on"), "{body}");
    let request = app::alerts::AlertRequest { email: READER.into(), near: "Sheffield".into(), ..Default::default() };
    assert!(db.atlas.subscribe_alert(&request).await.is_err());
    let kept: i64 = sqlx::query_scalar("SELECT count(*) FROM alert_subscriptions").fetch_one(db.store.pool()).await.unwrap();
    let queued: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox").fetch_one(db.store.pool()).await.unwrap();
    assert_eq!((kept, queued), (0, 0));
}

#[tokio::test]
async fn the_persons_page_stops_one_alert_or_forgets_the_address_without_signing_in() {
    let mail = MailServer::start(None).await;
    let db = db_with_alerts(&mail).await;
    subscribe(&db, &mail, READER, "Sheffield", "instant").await;
    subscribe(&db, &mail, READER, "Leeds", "weekly").await;
    let app = fast_app(&db);
    let mut v = Visitor::new(&app);
    let farsi = Visitor::new(&app).get("/fa/alerts").await;
    assert!(farsi.body.contains("خبرم کن") && farsi.body.contains(r#"dir="rtl""#), "the form in Farsi");

    let rows: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, place, token_salt FROM alert_subscriptions ORDER BY id").fetch_all(db.store.pool()).await.unwrap();
    let token = server::alerts::key::AlertsKey::from_hex(KEY).unwrap().alert_token(&rows[0].2);
    let manage = format!("/alerts/manage?token={token}");
    let page = v.get(&manage).await;
    assert!(page.body.contains("Sheffield") && page.body.contains("Leeds") && page.body.contains("Stop this one"), "{}", page.body);
    assert!(!page.body.contains(READER), "the page never shows the address");

    let leeds = rows[1].0.to_string();
    let a = v.submit(&manage, "/alerts/manage/stop", &[("token", &token), ("id", &leeds)]).await;
    assert_eq!(a.location.as_deref(), Some(manage.as_str()), "{}", a.body);
    let page = v.get(&manage).await;
    assert!(page.body.contains("Sheffield") && !page.body.contains("Leeds"));

    let a = v.submit(&manage, "/alerts/manage/forget", &[("token", &token)]).await;
    assert_eq!(a.location.as_deref(), Some("/alerts/done/forgotten"), "{}", a.body);
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM alert_subscriptions").fetch_one(db.store.pool()).await.unwrap();
    assert_eq!(left, 0);
    assert!(v.get(&manage).await.body.contains("The alert this link was for has been stopped"));
}

pub(crate) fn published_events() -> server::events::EventImportOptions {
    server::events::EventImportOptions {
        listing: None,
        exact_venues: false,
        status: app::model::ListingStatus::Published,
        skip_invalid: false,
    }
}

pub(crate) fn event(slug: &str, listing: &str, title: &str, start: chrono::NaiveDate, online: bool) -> String {
    let at = |h: u32| format!("{}T{h:02}:00", start.format("%Y-%m-%d"));
    let mut e = serde_json::json!({"slug": slug, "listing": listing, "title": title, "category": "meeting",
        "start": at(18), "end": at(20), "languages": ["en"]});
    if online {
        e["place"] = "online".into();
        e["online_url"] = "https://meet.example.org/weekly".into();
    }
    e.to_string()
}

/// Events alerts: an event approved near the town reaches the in-person
/// subscriber with its next date; an online one reaches the online
/// subscriber wherever they are; one held elsewhere reaches nobody.
#[tokio::test]
async fn events_reach_those_near_them_in_person_and_online_ones_anyone_who_asked() {
    use chrono::{Datelike, Duration};
    let mail = MailServer::start(None).await;
    let db = db_with_alerts(&mail).await;
    let groups = [
        listing("sheffield-group", "Sheffield Group", "solidarity_group", "Sheffield", 53.38, -1.47),
        listing("london-group", "London Group", "solidarity_group", "London", 51.5, -0.12),
    ]
    .join("\n");
    import(&db, &groups, PUBLISHED).await;
    let events_near = |email: &str, near: &str, attend: &str| app::alerts::AlertRequest {
        email: email.into(),
        near: near.into(),
        radius_km: "25".into(),
        wants: vec!["event".into()],
        attend: attend.into(),
        mail_lang: "en".into(),
        ..Default::default()
    };
    const NEAR: &str = "near@example.org";
    const ONLINE: &str = "online@example.org";
    subscribe_to(&db, &mail, events_near(NEAR, "Sheffield", "in_person")).await;
    subscribe_to(&db, &mail, events_near(ONLINE, "London", "online")).await;

    // An organiser adds a date at the group's place; a moderator approves it.
    let owner = db.organiser("owner@example.org").await;
    db.add_owner("sheffield-group", owner.id).await;
    let moderator = db.put_user("mod@example.org", app::people::Role::Moderator, &[]).await;
    let app = fast_app(&db);
    let mut v = Visitor::new(&app);
    v.sign_in("owner@example.org", &mail).await;
    let mut day = chrono::Utc::now().date_naive() + Duration::days(2);
    while day.weekday() != chrono::Weekday::Thu {
        day += Duration::days(1);
    }
    let date = day.format("%Y-%m-%d").to_string();
    let page = "/account/listings/sheffield-group/events/new";
    let fields = [
        ("title", "Thursday welcome evening"),
        ("summary", "Tea and advice"),
        ("category", "meeting"),
        ("languages", "en"),
        ("date", date.as_str()),
        ("start_time", "18:30"),
        ("end_time", "20:30"),
        ("repeat", "weekly"),
        ("place", "listing"),
        ("cost", "free"),
        ("join", "turn_up"),
        ("audience", "everyone"),
    ];
    let a = v.submit(page, page, &fields).await;
    assert_eq!(a.location.as_deref(), Some("/thanks/event"), "{}", a.body);
    let id = pending(&db).await.iter().find(|s| s.entity == app::people::Entity::Event).unwrap().id;
    db.atlas.approve(&moderator, id, None).await.unwrap();
    let round = db.atlas.send_alerts(round_now()).await.unwrap();
    assert_eq!(round.mails, 1, "{round:?}");
    let m = mail.wait_for(NEAR, "Thursday welcome evening").await;
    let next = format!("Next: {} at 18:30", day.format("%-d %B %Y"));
    assert!(m.text.contains(&next) && m.text.contains("Meeting") && m.text.contains("Sheffield"), "{next}: {}", m.text);
    assert!(!m.body().contains("53.38") && !m.body().contains("-1.47"), "no point: {}", m.text);

    // Online, held by the Sheffield group: the London reader who asked
    // for online events hears of it; the in-person one does not. Held in
    // London in person: nobody does.
    let two = [
        event("online-evening", "sheffield-group", "Online know your rights", day + Duration::days(1), true),
        event("london-evening", "london-group", "London welcome", day, false),
    ]
    .join("\n");
    db.atlas.import_events(two.as_bytes(), server::events::EventFormat::JsonLines, published_events()).await.unwrap();
    let round = db.atlas.send_alerts(round_now()).await.unwrap();
    assert_eq!((round.items, round.mails), (2, 1), "{round:?}");
    let m = mail.wait_for(ONLINE, "Online know your rights").await;
    assert!(m.text.contains("online") && m.text.contains("Next: "), "{}", m.text);
    assert_eq!(mails_to(&mail, NEAR).len(), 3, "the confirmation, the start and one alert");
    assert_eq!(mails_to(&mail, ONLINE).len(), 3, "the confirmation, the start and one alert");
    assert!(mail.all().iter().all(|m| !m.text.contains("London welcome")), "held elsewhere: nobody");
}

/// "Follow this group" from the listing's page, without JavaScript: the
/// group's new series and a cancelled date → one mail each, naming the
/// date; a date cancelled during a lockdown is never sent; moving town and
/// closing are a mail each.
#[tokio::test]
async fn a_follower_hears_once_of_a_cancelled_date_and_nothing_made_in_a_lockdown() {
    use chrono::Duration;
    let mail = MailServer::start(None).await;
    let db = db_with_alerts(&mail).await;
    import(&db, &listing("sheffield-group", "Sheffield Group", "solidarity_group", "Sheffield", 53.38, -1.47), PUBLISHED).await;
    let first = chrono::Utc::now().date_naive() + Duration::days(3);
    let mut weekly: serde_json::Value = serde_json::from_str(&event("weekly", "sheffield-group", "Weekly welcome", first, false)).unwrap();
    weekly["rrule"] = "FREQ=WEEKLY".into();
    db.atlas.import_events(weekly.to_string().as_bytes(), server::events::EventFormat::JsonLines, published_events()).await.unwrap();
    db.atlas.send_alerts(round_now()).await.unwrap();

    let app = fast_app(&db);
    let mut v = Visitor::new(&app);
    let page = v.get("/listings/sheffield-group").await;
    assert!(page.body.contains("Follow this group") && page.body.contains(r#"action="/listings/sheffield-group/follow""#));
    let listing_page = "/listings/sheffield-group";
    let a = v.submit(listing_page, "/listings/sheffield-group/follow", &[("email", "not an address"), ("nickname", "")]).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "the listing's page again, with the problem");
    assert!(a.body.contains("Sheffield Group") && a.body.contains("not an address"), "{}", a.body);
    let a = v.submit(listing_page, "/listings/sheffield-group/follow", &[("email", READER), ("nickname", "")]).await;
    assert_eq!(a.location.as_deref(), Some("/alerts/done/requested"), "{}", a.body);
    let m = mail.wait_for(READER, "/alerts/confirm?token=").await;
    let (path, token) = token_path(&m.link("http://atlas.test/alerts/confirm?token=").unwrap());
    let a = v.submit(&path, "/alerts/confirm", &[("token", &token)]).await;
    assert!(a.location.as_deref().is_some_and(|l| l.starts_with("/alerts/manage?token=") && l.ends_with("&started=1")), "{}", a.body);

    // A new series of the group: one mail with its next date.
    let monthly = event("monthly", "sheffield-group", "Monthly meeting", first + Duration::days(1), false);
    db.atlas.import_events(monthly.as_bytes(), server::events::EventFormat::JsonLines, published_events()).await.unwrap();
    assert_eq!(db.atlas.send_alerts(round_now()).await.unwrap().mails, 1);
    let m = mail.wait_for(READER, "Sheffield Group: new dates").await;
    let next = format!("Next: {} at 18:00", (first + Duration::days(1)).format("%-d %B %Y"));
    assert!(m.text.contains("New dates: Monthly meeting") && m.text.contains(&next), "{next}: {}", m.text);

    // The organiser cancels the first date.
    let owner = db.organiser("owner@example.org").await;
    db.add_owner("sheffield-group", owner.id).await;
    let mut o = Visitor::new(&app);
    o.sign_in("owner@example.org", &mail).await;
    let edit = "/account/events/weekly/edit";
    let cancel = |day: chrono::NaiveDate| format!("{}T18:00:00", day.format("%Y-%m-%d"));
    let a = o.submit(edit, edit, &[("cancel_date", &cancel(first))]).await;
    assert_eq!(a.location.as_deref(), Some("/thanks/cancelled"), "{}", a.body);
    let round = db.atlas.send_alerts(round_now()).await.unwrap();
    assert_eq!(round.mails, 1, "{round:?}");
    let m = mail.wait_for(READER, "Cancelled: Weekly welcome").await;
    let named = format!("Cancelled: Weekly welcome, {} at 18:00", first.format("%-d %B %Y"));
    assert!(m.text.contains(&named) && m.text.contains("Sheffield Group"), "{named}: {}", m.text);
    assert!(m.text.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    assert_eq!(db.atlas.send_alerts(round_now()).await.unwrap().mails, 0, "exactly once");
    // The same date cancelled again is no change.
    o.submit(edit, edit, &[("cancel_date", &cancel(first))]).await;
    assert_eq!(db.atlas.send_alerts(round_now()).await.unwrap().items, 0);

    // During a lockdown: nothing, then or after.
    let admin = db.put_user("admin@example.org", app::people::Role::Admin, &[]).await;
    db.atlas.set_lockdown(&admin, true, "test").await.unwrap();
    let a = o.submit(edit, edit, &[("cancel_date", &cancel(first + Duration::days(7)))]).await;
    assert_eq!(a.location.as_deref(), Some("/thanks/cancelled"), "{}", a.body);
    assert_eq!(db.atlas.send_alerts(round_now()).await.unwrap().mails, 0);
    db.atlas.set_lockdown(&admin, false, "test").await.unwrap();
    let round = db.atlas.send_alerts(round_now()).await.unwrap();
    assert_eq!((round.items, round.mails), (1, 0), "{round:?}");
    assert_eq!(mails_to(&mail, READER).len(), 4, "the confirmation, the start, the new series and the cancelled date");

    // It moves to another town, then closes: one mail each.
    import(&db, &listing("sheffield-group", "Sheffield Group", "solidarity_group", "Rotherham", 53.43, -1.35), PUBLISHED).await;
    assert_eq!(db.atlas.send_alerts(round_now()).await.unwrap().mails, 1);
    let m = mail.wait_for(READER, "Sheffield Group has moved").await;
    assert!(m.text.contains("It now meets in Rotherham."), "{}", m.text);
    let moderator = db.put_user("mod@example.org", app::people::Role::Moderator, &[]).await;
    db.atlas.archive_listing(&moderator, "sheffield-group", "closed", server::moderation::Relisting::Allowed).await.unwrap();
    assert_eq!(db.atlas.send_alerts(round_now()).await.unwrap().mails, 1);
    mail.wait_for(READER, "Sheffield Group has closed").await;
    assert_eq!(db.atlas.send_alerts(round_now()).await.unwrap().mails, 0);
    assert_eq!(mails_to(&mail, READER).len(), 6);
}
