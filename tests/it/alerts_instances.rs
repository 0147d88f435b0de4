//! Exactly once across instances (issue 32), on PostgreSQL only: two
//! `atlas serve` processes share one database and match the same burst
//! of items; one is killed (SIGKILL) while it is sending, its claimed mail
//! waits until the claim lapses and the restarted instance sends it. Every
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

const SUBSCRIBERS: usize = 12;
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

    // Both instances match and send at start; the mail server is slow, so
    // A is still sending when it is killed.
    mail.set_delay(150);
    let env = [("ATLAS_ALERTS_KEY", KEY)];
    let mut a = install.start_with(&dir.path().join("a"), &[], &env, None).await;
    let b = install.start_with(&dir.path().join("b"), &[], &env, None).await;
    assert!(until(Duration::from_secs(60), async || mail.all().len() >= 15).await, "no mail sent");
    a.kill();

    // B finishes what it took, and the items A never took.
    let unmatched = async || -> i64 {
        sqlx::query_scalar("SELECT count(*) FROM alert_items WHERE matched_at IS NULL").fetch_one(store.pool()).await.unwrap()
    };
    assert!(until(Duration::from_secs(60), async || unmatched().await == 0).await, "B matched the rest");
    // B is done sending when nothing arrives for a second (it sends one
    // message every 150 ms).
    assert!(
        until(Duration::from_secs(60), async || {
            let before = mail.all().len();
            tokio::time::sleep(Duration::from_secs(1)).await;
            mail.all().len() == before
        })
        .await
    );
    let deliveries: i64 = sqlx::query_scalar("SELECT count(*) FROM alert_deliveries").fetch_one(store.pool()).await.unwrap();
    assert_eq!(deliveries, (SUBSCRIBERS * ITEMS) as i64, "each subscriber matched each item once");
    let orphans: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox WHERE purpose = 'alert' AND sent_at IS NULL")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert!(orphans > 0, "A was killed before it had sent all it queued");

    // Ten minutes on, A's claim has lapsed; A is started again and its
    // retry sends what it left.
    sqlx::query("UPDATE outbox SET claimed_until = NULL WHERE sent_at IS NULL").execute(store.pool()).await.unwrap();
    let again = install.start_with(&a.data_dir.clone(), &[], &env, None).await;
    let unsent = async || -> i64 {
        sqlx::query_scalar("SELECT count(*) FROM outbox WHERE purpose = 'alert' AND sent_at IS NULL").fetch_one(store.pool()).await.unwrap()
    };
    assert!(until(Duration::from_secs(60), async || unsent().await == 0).await, "the restarted instance sent what A left");

    // Each subscriber: each item under one Message-ID; copies (A's
    // last message, taken but not marked sent) carry the same one.
    let mut copies = 0;
    for i in 0..SUBSCRIBERS {
        let to = format!("sub{i}@example.org");
        let mut by_id: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for m in mail.all().into_iter().filter(|m| m.to.contains(&to)) {
            let id = header(&m.text, "Message-ID:").expect("a Message-ID").to_string();
            let subject = header(&m.text, "Subject:").unwrap().to_string();
            copies += usize::from(by_id.contains_key(&id));
            by_id.entry(id).or_default().insert(subject);
        }
        assert!(by_id.values().all(|s| s.len() == 1), "one Message-ID, one message: {by_id:?}");
        let items: BTreeSet<&String> = by_id.values().flatten().collect();
        assert_eq!((by_id.len(), items.len()), (ITEMS, ITEMS), "{to}: each item once: {by_id:?}");
    }
    println!("{orphans} alert mails left by the killed sender, {copies} sent twice under one Message-ID");
    drop((again, b));
}
