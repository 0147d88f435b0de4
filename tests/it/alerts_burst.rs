//! Alerts' loose ends (issue 32): a burst of items is one mail per
//! subscriber naming each item once; a round a killed instance left is
//! finished without mailing anyone twice; a refused alert or follow form keeps
//! the person's choices; a weekly digest of follows is written in the
//! language each follow was asked in. Real SMTP on loopback; the sender is
//! driven by direct calls, as in `alerts.rs`.

use crate::alerts::{db_with_alerts, listing, mails_to, round_now, READER};
use crate::common;
use crate::moderation::token_path;
use axum::http::StatusCode;
use common::smtp::MailServer;
use common::*;

/// Asks for listings near Sheffield with the public form, and confirms.
async fn subscribe_near_sheffield(v: &mut Visitor, mail: &MailServer, to: &str) {
    let fields =
        [("email", to), ("near", "Sheffield"), ("radius_km", "25"), ("wants", "listing"), ("cadence", "instant"), ("nickname", "")];
    let a = v.submit("/alerts", "/alerts", &fields).await;
    assert_eq!(a.location.as_deref(), Some("/alerts/done/requested"), "{}", a.body);
    confirm(v, mail, to).await;
}

async fn confirm(v: &mut Visitor, mail: &MailServer, to: &str) {
    let m = mail.wait_for(to, "/alerts/confirm?token=").await;
    let (path, token) = token_path(&m.link("http://atlas.test/alerts/confirm?token=").unwrap());
    let a = v.submit(&path, "/alerts/confirm", &[("token", &token)]).await;
    assert!(a.location.as_deref().is_some_and(|l| l.starts_with("/alerts/manage?token=") && l.ends_with("&started=1")), "{}", a.body);
}

#[tokio::test]
async fn a_burst_is_one_mail_per_subscriber_naming_each_item_once() {
    let mail = MailServer::start(None).await;
    let db = db_with_alerts(&mail).await;
    let app = fast_app(&db);
    subscribe_near_sheffield(&mut Visitor::new(&app), &mail, READER).await;
    let burst = [
        listing("burst-one", "Burst One", "solidarity_group", "Sheffield", 53.38, -1.47),
        listing("burst-two", "Burst Two", "solidarity_group", "Rotherham", 53.43, -1.35),
        listing("burst-three", "Burst Three", "reporting_centre", "Sheffield", 53.39, -1.46),
        listing("burst-far", "Burst Far", "solidarity_group", "London", 51.5, -0.12),
    ]
    .join("\n");
    import(&db, &burst, PUBLISHED).await;
    let round = db.atlas.send_alerts(round_now()).await.unwrap();
    assert_eq!((round.items, round.deliveries, round.mails), (4, 3, 1), "{round:?}");
    let m = mail.wait_for(READER, "Burst One").await;
    assert!(m.text.contains("Subject: New: Burst One and 2 more") && m.text.contains("3 new items match your alert"), "{}", m.text);
    for name in ["Burst One", "Burst Two", "Burst Three"] {
        assert_eq!(m.text.matches(&format!("* {name}")).count(), 1, "{name} once: {}", m.text);
    }
    assert!(!m.text.contains("Burst Far"), "outside the radius: {}", m.text);
    // Shown by their towns: near the place "in Sheffield" says all there
    // is (as the directory says it); farther off, whole kilometres.
    let line = |name: &str| m.body().lines().skip_while(|l| *l != format!("* {name}")).nth(1).unwrap_or_default().to_string();
    assert!(!line("Burst One").contains("km from"), "{}", m.text);
    assert!(line("Burst Two").contains("km from Sheffield"), "{}", m.text);
    assert!(!m.body().contains("53.38") && !m.body().contains("-1.35"), "no point: {}", m.text);
    assert!(m.text.contains("From: Atlas <atlas@example.org>") && m.text.contains("MIME-Version: 1.0"), "{}", m.text);
    // Exactly once: the items are matched; nothing more is sent.
    assert_eq!(db.atlas.send_alerts(round_now()).await.unwrap(), server::alerts::AlertRound::default());
    assert_eq!(mails_to(&mail, READER).len(), 3, "the confirmation, the start and one alert");
}

/// A Farsi reader's mails: the confirmation link opens the Farsi page,
/// the item is named as its Farsi page names it, and every link in the
/// body opens in Farsi (the one-click address stays the plain one).
#[tokio::test]
async fn a_farsi_alert_names_the_item_in_farsi_and_links_the_farsi_pages() {
    let mail = MailServer::start(None).await;
    let db = db_with_alerts(&mail).await;
    let mut v = Visitor::new(&fast_app(&db));
    let fields = [
        ("email", READER),
        ("near", "Sheffield"),
        ("radius_km", "25"),
        ("wants", "listing"),
        ("cadence", "instant"),
        ("mail_lang", "fa"),
        ("nickname", ""),
    ];
    let a = v.submit("/fa/alerts", "/alerts", &fields).await;
    assert_eq!(a.location.as_deref(), Some("/alerts/done/requested"), "{}", a.body);
    let m = mail.wait_for(READER, "/fa/alerts/confirm?token=").await;
    let (path, token) = token_path(&m.link("http://atlas.test/fa/alerts/confirm?token=").unwrap());
    assert!(path.starts_with("/fa/alerts/confirm"), "{path}");
    let a = v.submit(&path, "/alerts/confirm", &[("token", &token)]).await;
    assert!(a.location.as_deref().is_some_and(|l| l.starts_with("/alerts/manage?token=") && l.ends_with("&started=1")), "{}", a.body);

    let record = serde_json::json!({"slug": "farsi-named", "kind": "solidarity_group", "name": "Sheffield Welcome",
        "summary": "A test group.", "town": "Sheffield", "precision": "area", "latitude": 53.38, "longitude": -1.47,
        "translations": {"fa": {"name": "خوش‌آمد شفیلد"}}});
    import(&db, &record.to_string(), PUBLISHED).await;
    db.atlas.send_alerts(round_now()).await.unwrap();
    let m = mail.wait_for(READER, "خوش‌آمد شفیلد").await;
    assert!(!m.text.contains("Sheffield Welcome"), "the Farsi name only: {}", m.text);
    assert!(m.text.contains("http://atlas.test/fa/listings/farsi-named"), "{}", m.text);
    assert!(m.text.contains("http://atlas.test/fa/alerts/manage?token="), "{}", m.text);
    assert!(m.text.contains("List-Unsubscribe: <http://atlas.test/alerts/unsubscribe?token="), "{}", m.text);
}

/// A burst larger than a mail should hold: the nearest items are named,
/// the rest counted, with a link to the directory near the alert's place.
#[tokio::test]
async fn a_long_burst_names_the_nearest_items_and_counts_the_rest() {
    let mail = MailServer::start(None).await;
    let db = db_with_alerts(&mail).await;
    subscribe_near_sheffield(&mut Visitor::new(&fast_app(&db)), &mail, READER).await;
    let total = server::alerts::MAX_ITEMS_PER_MAIL + 2;
    // Numbered from the farthest (about 20 km out) to the nearest.
    let burst: Vec<String> = (0..total)
        .map(|i| {
            let lat = 53.38 + 0.18 * (total - i) as f64 / total as f64;
            serde_json::json!({"slug": format!("many-{i}"), "kind": "solidarity_group", "name": format!("Many Group {i:02}"),
                "summary": "A test group.", "town": "Sheffield", "precision": "exact", "latitude": lat, "longitude": -1.47})
            .to_string()
        })
        .collect();
    import(&db, &burst.join("\n"), PUBLISHED).await;
    let round = db.atlas.send_alerts(round_now()).await.unwrap();
    assert_eq!((round.items, round.mails), (total, 1), "{round:?}");
    let m = mail.wait_for(READER, "Many Group").await;
    assert_eq!(m.text.matches("* Many Group").count(), server::alerts::MAX_ITEMS_PER_MAIL, "{}", m.text);
    assert!(!m.text.contains("Many Group 00") && !m.text.contains("Many Group 01"), "the two farthest are counted: {}", m.text);
    assert!(m.text.contains("And 2 more items match your alert."), "{}", m.text);
    assert!(m.text.contains("http://atlas.test/listings?near=Sheffield&radius_km=25"), "{}", m.text);
    assert!(m.text.contains(&format!("{total} new items match your alert")), "{}", m.text);
}

/// An instance killed in the middle of a round (its claim still held, the
/// first subscriber's mail written): nobody else works the round until the
/// claim lapses; then the next round mails only those it had not reached.
#[tokio::test]
async fn a_round_left_by_a_killed_instance_is_finished_later_without_mailing_anyone_twice() {
    let mail = MailServer::start(None).await;
    let db = db_with_alerts(&mail).await;
    let app = fast_app(&db);
    let other = "other@example.org";
    subscribe_near_sheffield(&mut Visitor::new(&app), &mail, READER).await;
    subscribe_near_sheffield(&mut Visitor::new(&app), &mail, other).await;
    import(&db, &listing("left-group", "Left Group", "solidarity_group", "Sheffield", 53.38, -1.47), PUBLISHED).await;
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM alert_subscriptions ORDER BY id").fetch_all(db.store.pool()).await.unwrap();
    let mut tx = db.store.begin().await.unwrap();
    let round = tx.make_alert_round(1000).await.unwrap().expect("a round of the new listing");
    assert!(tx.claim_alert_round(round.id, false).await.unwrap());
    assert_eq!(tx.mark_alerts_mailed(&ids[..1], round.id).await.unwrap(), ids[..1].to_vec());
    tx.commit().await.unwrap();

    assert_eq!(db.atlas.send_alerts(round_now()).await.unwrap().mails, 0, "the round is claimed");
    sqlx::query("UPDATE alert_rounds SET claimed_until = '2000-01-01T00:00:00Z'").execute(db.store.pool()).await.unwrap();
    let done = db.atlas.send_alerts(round_now()).await.unwrap();
    assert_eq!((done.items, done.mails), (1, 1), "{done:?}");
    mail.wait_for(other, "Left Group").await;
    assert_eq!(db.atlas.send_alerts(round_now()).await.unwrap(), server::alerts::AlertRound::default());
    assert_eq!(mails_to(&mail, READER).len(), 2, "only the confirmation and the start: the killed instance had mailed this one");
    assert_eq!(mails_to(&mail, other).len(), 3);
    let waiting: i64 =
        sqlx::query_scalar("SELECT count(*) FROM alert_items WHERE matched_at IS NULL").fetch_one(db.store.pool()).await.unwrap();
    assert_eq!(waiting, 0);
}

#[tokio::test]
async fn a_refused_alert_or_follow_form_keeps_the_persons_choices() {
    let mail = MailServer::start(None).await;
    let db = db_with_alerts(&mail).await;
    import(&db, &listing("sheffield-group", "Sheffield Group", "solidarity_group", "Sheffield", 53.38, -1.47), PUBLISHED).await;
    let app = fast_app(&db);
    let mut v = Visitor::new(&app);
    let (page, follow) = ("/listings/sheffield-group", "/listings/sheffield-group/follow");
    let neutral_ticked = r#"id="follow-neutral" name="neutral" value="yes" checked"#;

    // An unknown cadence: the listing's page again, naming the choices,
    // with the address and the plain-subject box kept.
    let a = v.submit(page, follow, &[("email", READER), ("cadence", "daily"), ("neutral", "yes"), ("nickname", "")]).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert!(a.body.contains("daily") && a.body.contains("instant, weekly"), "{}", a.body);
    assert!(a.body.contains(&format!(r#"value="{READER}""#)) && a.body.contains(neutral_ticked), "{}", a.body);
    // A wrong address: "once a week" and the box stay chosen.
    let a = v.submit(page, follow, &[("email", "not an address"), ("cadence", "weekly"), ("neutral", "yes"), ("nickname", "")]).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert!(a.body.contains(r#"id="follow-weekly" name="cadence" value="weekly" checked"#), "{}", a.body);
    assert!(a.body.contains(neutral_ticked) && !a.body.contains(r#"value="instant" checked"#), "{}", a.body);

    // /alerts: the same, with what and where kept.
    let fields = [
        ("email", READER),
        ("near", "Sheffield"),
        ("radius_km", "10"),
        ("wants", "event"),
        ("cadence", "daily"),
        ("neutral", "yes"),
        ("nickname", ""),
    ];
    let a = v.submit("/alerts", "/alerts", &fields).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert!(a.body.contains("daily") && a.body.contains("instant, weekly"), "{}", a.body);
    assert!(a.body.contains(r#"value="Sheffield""#) && a.body.contains(r#"name="neutral" value="yes" checked"#), "{}", a.body);
    assert!(a.body.contains(r#"name="wants" value="event" checked"#) && !a.body.contains(r#"value="listing" checked"#), "{}", a.body);
    let fields = [("email", "not an address"), ("near", "Sheffield"), ("wants", "listing"), ("cadence", "weekly"), ("nickname", "")];
    let a = v.submit("/alerts", "/alerts", &fields).await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert!(a.body.contains(r#"name="cadence" value="weekly" checked"#), "{}", a.body);

    // Nothing was stored or sent.
    let kept: i64 = sqlx::query_scalar("SELECT count(*) FROM alert_subscriptions").fetch_one(db.store.pool()).await.unwrap();
    assert_eq!((kept, mail.all().len()), (0, 0));
}

#[tokio::test]
async fn a_weekly_digest_of_follows_is_written_in_the_language_each_was_asked_in() {
    let mail = MailServer::start(None).await;
    let db = db_with_alerts(&mail).await;
    let groups = [
        listing("sheffield-group", "Sheffield Group", "solidarity_group", "Sheffield", 53.38, -1.47),
        listing("leeds-group", "Leeds Group", "solidarity_group", "Leeds", 53.80, -1.55),
    ]
    .join("\n");
    import(&db, &groups, PUBLISHED).await;
    let app = fast_app(&db);
    // One group followed from its English page, the other from its Farsi one.
    for (visitor_page, slug) in [("/listings/sheffield-group", "sheffield-group"), ("/fa/listings/leeds-group", "leeds-group")] {
        let mut v = Visitor::new(&app);
        let action = visitor_page.replace(slug, &format!("{slug}/follow"));
        let before = mail.all().len();
        let a = v.submit(visitor_page, &action, &[("email", READER), ("cadence", "weekly"), ("nickname", "")]).await;
        assert_eq!(a.location.as_deref(), Some("/alerts/done/requested"), "{}", a.body);
        let m = mail.wait_for_new(READER, "/alerts/confirm?token=", before).await;
        // The Farsi one's link opens the Farsi page.
        let link = m.link("http://atlas.test/fa/alerts/confirm?token=").or_else(|| m.link("http://atlas.test/alerts/confirm?token="));
        let (path, token) = token_path(&link.unwrap());
        assert_eq!(path.starts_with("/fa/"), visitor_page.starts_with("/fa/"), "{path}");
        let a = v.submit(&path, "/alerts/confirm", &[("token", &token)]).await;
        assert!(a.location.as_deref().is_some_and(|l| l.starts_with("/alerts/manage?token=") && l.ends_with("&started=1")), "{}", a.body);
    }
    // Both groups move; Monday comes.
    let moved = [
        listing("sheffield-group", "Sheffield Group", "solidarity_group", "Rotherham", 53.43, -1.35),
        listing("leeds-group", "Leeds Group", "solidarity_group", "Bradford", 53.79, -1.75),
    ]
    .join("\n");
    import(&db, &moved, PUBLISHED).await;
    assert_eq!(db.atlas.send_alerts(round_now()).await.unwrap().mails, 0, "kept for Monday");
    let monday = chrono::Utc::now() + chrono::Duration::seconds(2);
    assert_eq!(db.atlas.send_alerts(monday).await.unwrap().mails, 2, "one digest per language");
    let english = mail.wait_for(READER, "This week at the groups you follow").await;
    assert!(english.text.contains("Sheffield Group") && !english.text.contains("Leeds Group"), "{}", english.text);
    let farsi = mail.wait_for(READER, "این هفته در گروه‌هایی که دنبال می‌کنید").await;
    assert!(farsi.text.contains("Leeds Group") && !farsi.text.contains("Sheffield Group"), "{}", farsi.text);
    assert_eq!(db.atlas.send_alerts(monday).await.unwrap().mails, 0, "one digest each");
}
