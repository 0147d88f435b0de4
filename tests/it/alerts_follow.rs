//! "Follow this group", complete (issue 32): new times of a series and a
//! date moved reach followers, with the plain subject line when they asked
//! for it; a weekly follower gets one Monday mail gathering the week's
//! changes of every group they follow, and leaving it in one click stops
//! those weekly follows. Real SMTP on loopback; the sender is driven by
//! direct calls, as in `alerts.rs`.

use crate::alerts::{db_with_alerts, event, listing, mails_to, published_events, round_now, READER};
use crate::common;
use crate::moderation::token_path;
use axum::http::StatusCode;
use common::smtp::MailServer;
use common::*;

const WEEKLY: &str = "weekly-reader@example.org";

/// Follows a group from its page without JavaScript and confirms it.
async fn follow(v: &mut Visitor, mail: &MailServer, slug: &str, to: &str, fields: &[(&str, &str)]) {
    let page = format!("/listings/{slug}");
    let mut all = vec![("email", to), ("nickname", "")];
    all.extend_from_slice(fields);
    let before = mail.all().len();
    let a = v.submit(&page, &format!("{page}/follow"), &all).await;
    assert_eq!(a.location.as_deref(), Some("/alerts/done/requested"), "{}", a.body);
    let m = mail.wait_for_new(to, "/alerts/confirm?token=", before).await;
    let (path, token) = token_path(&m.link("http://atlas.test/alerts/confirm?token=").unwrap());
    let a = v.submit(&path, "/alerts/confirm", &[("token", &token)]).await;
    assert!(a.location.as_deref().is_some_and(|l| l.starts_with("/alerts/manage?token=") && l.ends_with("&started=1")), "{}", a.body);
}

fn weekly_series(slug: &str, listing: &str, title: &str, first: chrono::NaiveDate, hour: u32) -> serde_json::Value {
    let mut e: serde_json::Value = serde_json::from_str(&event(slug, listing, title, first, false)).unwrap();
    let at = |d: chrono::NaiveDate, h: u32| format!("{}T{h:02}:00", d.format("%Y-%m-%d"));
    e["rrule"] = "FREQ=WEEKLY".into();
    e["start"] = at(first, hour).into();
    e["end"] = at(first, hour + 2).into();
    e
}

#[tokio::test]
async fn followers_hear_of_new_times_and_moved_dates_and_a_weekly_follower_gets_one_digest() {
    use chrono::Duration;
    let mail = MailServer::start(None).await;
    let db = db_with_alerts(&mail).await;
    let groups = [
        listing("sheffield-group", "Sheffield Group", "solidarity_group", "Sheffield", 53.38, -1.47),
        listing("leeds-group", "Leeds Group", "solidarity_group", "Leeds", 53.80, -1.55),
    ]
    .join("\n");
    import(&db, &groups, PUBLISHED).await;
    let first = chrono::Utc::now().date_naive() + Duration::days(3);
    let series = |hour: u32| weekly_series("weekly", "sheffield-group", "Weekly welcome", first, hour);
    let import_series = |e: serde_json::Value| {
        let db = &db;
        async move {
            db.atlas.import_events(e.to_string().as_bytes(), server::events::EventFormat::JsonLines, published_events()).await.unwrap();
        }
    };
    import_series(series(18)).await;
    db.atlas.send_alerts(round_now()).await.unwrap();

    // The follow form offers how often and a plain subject line.
    let app = fast_app(&db);
    let mut v = Visitor::new(&app);
    let page = v.get("/listings/sheffield-group").await;
    assert!(page.body.contains(r#"name="cadence" value="weekly""#) && page.body.contains(r#"name="neutral""#), "{}", page.body);
    let a = v
        .submit(
            "/listings/sheffield-group",
            "/listings/sheffield-group/follow",
            &[("email", READER), ("nickname", ""), ("cadence", "daily")],
        )
        .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "an unknown cadence is refused on the page");
    follow(&mut v, &mail, "sheffield-group", READER, &[("cadence", "instant"), ("neutral", "yes")]).await;
    follow(&mut v, &mail, "sheffield-group", WEEKLY, &[("cadence", "weekly")]).await;
    follow(&mut v, &mail, "leeds-group", WEEKLY, &[("cadence", "weekly")]).await;

    // The series now starts at 19:00: the instant follower hears at once,
    // under the plain subject; the weekly one waits for Monday.
    import_series(series(19)).await;
    let round = db.atlas.send_alerts(round_now()).await.unwrap();
    assert_eq!((round.deliveries, round.mails), (2, 1), "{round:?}");
    let m = mail.wait_for(READER, "New times: Weekly welcome").await;
    let next = format!("Next: {} at 19:00", first.format("%-d %B %Y"));
    assert!(m.text.contains("Subject: An update from a group you follow") && m.text.contains(&next), "{next}: {}", m.text);
    assert!(!m.text.contains("Subject: Sheffield Group"), "the plain subject names no group: {}", m.text);
    // Nor does the sender: a shared phone's lock screen shows both.
    assert!(m.text.contains("From: atlas@example.org") && !m.text.contains("From: Atlas"), "{}", m.text);

    // One date moves a day later: a mail naming both times.
    let (from, to) = (first + Duration::days(7), first + Duration::days(8));
    let mut moved = series(19);
    let at = |d: chrono::NaiveDate, h: u32| format!("{}T{h:02}:00", d.format("%Y-%m-%d"));
    moved["overrides"] = serde_json::json!([{"recurrence_id": at(from, 19), "start": at(to, 19), "end": at(to, 21)}]);
    import_series(moved.clone()).await;
    assert_eq!(db.atlas.send_alerts(round_now()).await.unwrap().mails, 1);
    let m = mail.wait_for(READER, "Moved: Weekly welcome").await;
    let said = format!("Moved: Weekly welcome, {} at 19:00 is now {} at 19:00", from.format("%-d %B %Y"), to.format("%-d %B %Y"));
    assert!(m.text.contains(&said), "{said}: {}", m.text);
    // The same file read again changes nothing.
    import_series(moved).await;
    assert_eq!(db.atlas.send_alerts(round_now()).await.unwrap().items, 0);

    // The Leeds group moves town; then Monday comes: one mail for the
    // weekly follower with the three changes of both groups.
    import(&db, &listing("leeds-group", "Leeds Group", "solidarity_group", "Bradford", 53.79, -1.75), PUBLISHED).await;
    assert_eq!(db.atlas.send_alerts(round_now()).await.unwrap().mails, 0, "kept for Monday");
    assert_eq!(mails_to(&mail, WEEKLY).len(), 4, "only the two confirmations and their starts so far");
    let monday = chrono::Utc::now() + Duration::seconds(2);
    assert_eq!(db.atlas.send_alerts(monday).await.unwrap().mails, 1);
    let digest = mail.wait_for(WEEKLY, "This week at the groups you follow").await;
    for said in [
        "3 updates from groups you follow",
        "Sheffield Group",
        "New times: Weekly welcome",
        "Moved: Weekly welcome",
        "Leeds Group",
        "It now meets in Bradford.",
    ] {
        assert!(digest.text.contains(said), "{said}: {}", digest.text);
    }
    assert!(!digest.body().contains("53.8") && !digest.body().contains("-1.75"), "no point: {}", digest.text);
    assert_eq!(db.atlas.send_alerts(monday).await.unwrap().mails, 0, "one digest");
    assert_eq!(mails_to(&mail, WEEKLY).len(), 5);

    // One click on the digest's List-Unsubscribe stops both weekly follows.
    let mut lines = digest.text.lines().skip_while(|l| !l.starts_with("List-Unsubscribe:"));
    let mut header = lines.next().unwrap().to_string();
    header.extend(lines.take_while(|l| l.starts_with([' ', '\t'])).map(str::trim));
    let url: String = header.split('<').nth(1).unwrap().split('>').next().unwrap().split_whitespace().collect();
    let a = Visitor::new(&app).post_raw(url.trim_start_matches("http://atlas.test"), &[("List-Unsubscribe", "One-Click")]).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM alert_subscriptions").fetch_one(db.store.pool()).await.unwrap();
    assert_eq!(left, 1, "the instant follow of the other reader is all that is left");
}
