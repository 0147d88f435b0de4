//! Exactly once across instances (issue 32), on PostgreSQL only: two
//! `atlas serve` processes share one database; the burst's mail is
//! queued by A (one mail per subscriber, naming every item), A is killed
//! (SIGKILL) while it is sending, B does not touch A's mail while A's
//! short claim holds, and once it lapses (two minutes, not the hour of
//! the old retry) the next alerts round sends what A left — `atlas alerts
//! send` here, which is the round every instance runs each minute. Every
//! subscriber has each item once: a message the killed sender had handed
//! over but not yet marked sent may arrive twice, with the same
//! Message-ID (derived from its outbox row), so a mail program shows it
//! once.

use crate::alerts::KEY;
use crate::common;
use common::process::Installation;
use common::smtp::MailServer;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

const SUBSCRIBERS: usize = 40;
const ITEMS: usize = 6;

/// Confirmed alerts for listings near Sheffield, written straight into the
/// database (the web forms are tested elsewhere), confirmed long ago.
async fn subscribers(store: &server::store::Store) {
    let key = server::alerts::key::AlertsKey::from_hex(KEY).unwrap();
    let rule = app::alerts::AlertRequest { wants: vec!["listing".into()], radius_km: "25".into(), ..Default::default() }.rule().unwrap().0;
    let mut tx = store.begin().await.unwrap();
    for i in 0..SUBSCRIBERS {
        let email = format!("sub{i}@example.org");
        let salt = format!("salt-{i}");
        let alert = server::store::alerts::NewAlert {
            address_sealed: &key.seal(&email),
            address_hash: &key.address_hash(&email),
            place: "Sheffield",
            cell: &app::alerts::cell_of(app::location::LatLon::new(53.38, -1.47)),
            rule: &rule,
            cadence: app::alerts::Cadence::Instant,
            mail_lang: "en",
            neutral: false,
            follows: None,
            token_salt: &salt,
            token_hash: &server::secrets::hash_token(&key.alert_token(&salt)),
            confirm_hash: &format!("confirm-{i}"),
        };
        tx.add_alert(&alert).await.unwrap();
    }
    tx.commit().await.unwrap();
    sqlx::query("UPDATE alert_subscriptions SET status = 'confirmed', confirmed_at = '2026-01-01T00:00:00Z', confirm_hash = NULL")
        .execute(store.pool())
        .await
        .unwrap();
}

fn header<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    text.lines().find_map(|l| l.strip_prefix(name)).map(str::trim)
}

/// Waits until `check` holds, up to `limit`.
async fn until(limit: Duration, mut check: impl AsyncFnMut() -> bool) -> bool {
    let started = std::time::Instant::now();
    while started.elapsed() < limit {
        if check().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_and_a_killed_sender_give_each_subscriber_each_item_once() {
    if !common::on_postgres() {
        return; // One SQLite file is one machine: several instances mean PostgreSQL.
    }
    let dir = tempfile::tempdir().unwrap();
    let mail = MailServer::start(None).await;
    let install = Installation { database_url: common::database_url_for(dir.path()), smtp_url: mail.url.clone() };
    let tool = dir.path().join("tool");
    install.atlas(&["alerts", "stats"], &tool); // makes the tables
    let store = server::store::Store::new(server::db::open(&install.database_url).await.unwrap());
    subscribers(&store).await;
    // A burst published by the command line: items waiting to be matched.
    let burst: Vec<String> = (0..ITEMS)
        .map(|i| {
            serde_json::json!({"slug": format!("burst-{i}"), "kind": "solidarity_group", "name": format!("Burst Group {i}"),
                "town": "Sheffield", "precision": "area", "latitude": 53.38 + i as f64 * 0.01, "longitude": -1.47})
            .to_string()
        })
        .collect();
    let file = dir.path().join("burst.jsonl");
    std::fs::write(&file, burst.join("\n")).unwrap();
    install.atlas(&["import", "listings", file.to_str().unwrap()], &tool);

    // A matches and sends at start; the mail server is slow, so A is
    // still sending when B is up and A is killed.
    mail.set_delay(300);
    let env = [("ATLAS_ALERTS_KEY", KEY)];
    let mut a = install.start_with(&dir.path().join("a"), &[], &env, None).await;
    assert!(until(Duration::from_secs(60), async || !mail.all().is_empty()).await, "no mail sent");
    let b = install.start_with(&dir.path().join("b"), &[], &env, None).await;
    assert!(until(Duration::from_secs(60), async || mail.all().len() >= 8).await, "A stopped sending");
    a.kill();

    let unmatched: i64 =
        sqlx::query_scalar("SELECT count(*) FROM alert_items WHERE matched_at IS NULL").fetch_one(store.pool()).await.unwrap();
    assert_eq!(unmatched, 0, "A matched the burst before it sent");
    let mailed: i64 =
        sqlx::query_scalar("SELECT count(*) FROM alert_subscriptions WHERE mailed_round > 0").fetch_one(store.pool()).await.unwrap();
    assert_eq!(mailed, SUBSCRIBERS as i64, "each subscriber's mail queued");
    let unsent = async || -> i64 {
        sqlx::query_scalar("SELECT count(*) FROM outbox WHERE purpose = 'alert' AND sent_at IS NULL").fetch_one(store.pool()).await.unwrap()
    };
    let orphans = unsent().await;
    assert!(orphans > 0, "A was killed before it had sent all it queued");

    // Two minutes on, A's claim has lapsed (it renews it only while it
    // runs); the next alerts round — no restart, no hourly retry — sends
    // what A left. The mail server is quick again.
    mail.set_delay(0);
    sqlx::query("UPDATE outbox SET claimed_until = '2000-01-01T00:00:00Z' WHERE purpose = 'alert' AND sent_at IS NULL")
        .execute(store.pool())
        .await
        .unwrap();
    let smtp = mail.url.clone();
    install.atlas_with(&["alerts", "send"], &tool, &[("ATLAS_ALERTS_KEY", KEY), ("ATLAS_SMTP_URL", &smtp)]);
    // B's own round may have taken some of them first: it sends them too.
    assert!(until(Duration::from_secs(60), async || unsent().await == 0).await, "the next round sent what A left");

    // Each subscriber: each item in exactly one message (one Message-ID);
    // a copy (A's last message, taken but not marked sent) carries the
    // same Message-ID and the same subject.
    let mut copies = 0;
    for i in 0..SUBSCRIBERS {
        let to = format!("sub{i}@example.org");
        let mut by_id: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut items: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for m in mail.all().into_iter().filter(|m| m.to.contains(&to)) {
            let id = header(&m.text, "Message-ID:").expect("a Message-ID").to_string();
            let subject = header(&m.text, "Subject:").unwrap().to_string();
            copies += usize::from(by_id.contains_key(&id));
            by_id.entry(id.clone()).or_default().insert(subject);
            for name in m.text.lines().filter_map(|l| l.trim().strip_prefix("* ")) {
                items.entry(name.trim().to_string()).or_default().insert(id.clone());
            }
        }
        assert!(by_id.values().all(|s| s.len() == 1), "one Message-ID, one message: {by_id:?}");
        assert_eq!(items.len(), ITEMS, "{to}: every item: {items:?}");
        assert!(items.values().all(|ids| ids.len() == 1), "{to}: each item in one message: {items:?}");
    }
    println!("{orphans} alert mails left by the killed sender, {copies} sent twice under one Message-ID");
    drop(b);
}
