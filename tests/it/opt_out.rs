//! Issue 33, the opt-out register: a group that asked never to be listed
//! stays unlisted — a later registration, import line or claim that
//! matches waits for a moderator with the reason, and the register keeps
//! fingerprints, never the group's details. Admins block senders.

use crate::common;
use crate::moderation::{admin_without_mail, register_rotherham};

use axum::http::StatusCode;
use common::*;
use sqlx::Row;

const WHY: &str = "They asked after a threat at their venue";

/// Every text the register's tables hold.
async fn register_text(db: &TestDb) -> String {
    let mut all = Vec::new();
    for (table, columns) in [("opt_outs", "reason, recorded_by"), ("opt_out_marks", "mark, digest")] {
        let rows = sqlx::query(&format!("SELECT {columns} FROM {table}")).fetch_all(db.store.pool()).await.unwrap();
        for r in rows {
            all.push(format!("{} {}", r.get::<String, _>(0), r.get::<String, _>(1)));
        }
    }
    all.join("\n")
}

fn submission_id(page: &str, title: &str) -> String {
    let words = page.replace(['\u{2068}', '\u{2069}'], "");
    let at = words.find(title).unwrap_or_else(|| panic!("{title} in {words}"));
    let before = &words[..at];
    before.rsplit("/moderate/submissions/").next().unwrap().split(['/', '"']).next().unwrap().to_string()
}

async fn approve(moderator: &mut Visitor, id: &str) -> Answer {
    moderator
        .submit(
            &format!("/moderate/submissions/{id}"),
            &format!("/moderate/submissions/{id}/approve"),
            &[("name", "Rotherham Refugee Cafe"), ("kind", "solidarity_group"), ("town", "Rotherham"), ("precision", "area")],
        )
        .await
}

#[tokio::test]
async fn a_group_that_asked_never_to_be_listed_is_held_wherever_it_comes_back() {
    let db = sample_db().await;
    let app = fast_app(&db);
    let mut moderator = admin_without_mail(&db, &app).await;

    // The group registered once; it asked to be taken off, and the
    // moderator ticks "never list this group again" as they reject it.
    let mut group = Visitor::new(&app);
    register_rotherham(&mut group).await;
    let id = submission_id(&moderator.get("/moderate").await.body, "Rotherham Refugee Cafe");
    moderator.submit("/moderate", &format!("/moderate/submissions/{id}/take"), &[]).await;
    let page = moderator.get(&format!("/moderate/submissions/{id}")).await.body;
    assert!(page.contains("Never list this group again"), "the box is offered: {page}");
    let rejected = moderator
        .submit(
            &format!("/moderate/submissions/{id}"),
            &format!("/moderate/submissions/{id}/reject"),
            &[("reason", WHY), ("opt_out", "yes")],
        )
        .await;
    assert_eq!(rejected.location.as_deref(), Some("/moderate?rejected=never-again"), "{}", rejected.body);
    let said = moderator.get("/moderate?rejected=never-again").await.body;
    assert!(said.contains("Rejected, and the group is on the opt-out register"), "the moderator is told what was done: {said}");
    let kept = register_text(&db).await;
    for detail in ["rotherham", "cafe", "refugee", "example.org/", "cafe@"] {
        assert!(!kept.to_lowercase().contains(detail), "the register keeps no {detail:?}: {kept}");
    }
    assert!(kept.contains(WHY) && kept.contains("name_town") && kept.contains("email"), "{kept}");

    // Someone registers it again, written differently, from another address.
    let again = Visitor::new(&app)
        .submit(
            "/register",
            "/register",
            &[
                ("name", "rotherham refugee cafe."),
                ("kind", "solidarity_group"),
                ("town", "ROTHERHAM"),
                ("precision", "area"),
                ("contact_email", "someone.else@example.net"),
            ],
        )
        .await;
    assert_eq!(again.location.as_deref(), Some("/thanks/registered"), "the sender is told nothing: {}", again.body);
    let queue = moderator.get("/moderate").await.body;
    let id = submission_id(&queue, "rotherham refugee cafe");
    moderator.submit("/moderate", &format!("/moderate/submissions/{id}/take"), &[]).await;
    let queue = moderator.get("/moderate").await.body;
    assert!(queue.contains("Held: opt-out register"), "{queue}");
    let page = moderator.get(&format!("/moderate/submissions/{id}")).await.body;
    assert!(page.contains("this group asked never to be listed") && page.contains(WHY), "{page}");

    // It cannot be approved until a moderator has checked and said why.
    let refused = approve(&mut moderator, &id).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "the page again: {}", refused.body);
    assert!(refused.body.contains("asked never to be listed") && refused.body.contains(WHY), "with the reason: {}", refused.body);
    let no_reason = moderator
        .submit(&format!("/moderate/submissions/{id}"), &format!("/moderate/submissions/{id}/release"), &[("release_reason", " ")])
        .await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", no_reason.body);
    assert!(no_reason.body.contains("Say why, for the audit log"), "{}", no_reason.body);
    let released = moderator
        .submit(
            &format!("/moderate/submissions/{id}"),
            &format!("/moderate/submissions/{id}/release"),
            &[("release_reason", "The group wrote to ask to be listed again")],
        )
        .await;
    assert_eq!(released.location.as_deref(), Some(format!("/moderate/submissions/{id}?released=1").as_str()), "{}", released.body);
    let page = moderator.get(&format!("/moderate/submissions/{id}?released=1")).await.body;
    assert!(page.contains("The hold is released") && !page.contains("this group asked never to be listed"), "{page}");
    assert_eq!(approve(&mut moderator, &id).await.status, StatusCode::SEE_OTHER);
    let log = moderator.get("/moderate/log").await.body;
    assert!(log.contains("recorded on the opt-out register") && log.contains("The group wrote to ask to be listed again"), "{log}");
}

#[tokio::test]
async fn an_archived_group_on_the_register_holds_an_import_line_and_a_claim() {
    let db = sample_db().await;
    let app = fast_app(&db);
    let mut moderator = admin_without_mail(&db, &app).await;
    db.set_listing_contact("belfast-cooking-collective", "cooks@example.net").await;
    let archived = moderator
        .submit(
            "/moderate/listings/belfast-cooking-collective",
            "/moderate/listings/belfast-cooking-collective/archive",
            &[("reason", WHY), ("opt_out", "yes")],
        )
        .await;
    assert_eq!(archived.status, StatusCode::SEE_OTHER, "{}", archived.body);

    // An import: the same website, written another way, under a new name.
    let line = r#"{"slug": "belfast-kitchen", "kind": "solidarity_group", "name": "Belfast Kitchen", "town": "Belfast", "precision": "area", "latitude": 54.6, "longitude": -5.93, "website": "http://www.example.org/belfast-cooking-collective/"}
{"slug": "derry-kitchen", "kind": "solidarity_group", "name": "Derry Kitchen", "town": "Derry", "precision": "area", "latitude": 54.99, "longitude": -7.31}"#;
    let report = db.atlas.import_listings(line.as_bytes(), server::import::listings::Format::Jsonl, PUBLISHED, |_| {}).await.unwrap();
    assert_eq!(report.held, vec!["belfast-kitchen".to_string()]);
    assert_eq!((report.stored.created, report.stored.updated), (1, 0), "the other line is stored");
    assert_eq!(get(&app, "/api/listings/belfast-kitchen").await.0, StatusCode::NOT_FOUND, "not public");
    assert_eq!(get(&app, "/api/listings/derry-kitchen").await.0, StatusCode::OK);
    let held = pending(&db).await.into_iter().find(|s| s.slug == "belfast-kitchen").expect("waiting for a moderator");
    assert_eq!(held.held.as_deref(), Some(WHY));

    // A claim from the group's own address: held too.
    let claim = db.atlas.claim_listing("london-walking-group", "Cooks@Example.net", "It is us", "en").await.unwrap();
    assert_eq!(db.store.submission(claim).await.unwrap().unwrap().summary.held.as_deref(), Some(WHY));

    // The admin sees the request (its reason, not the group) and removes it
    // when the group asks to be listable again.
    let admin = moderator.get("/admin").await.body;
    assert!(admin.contains("Opt-out register") && admin.contains(WHY) && !admin.contains("cooks@example.net"), "{admin}");
    let remove = admin.split("/admin/opt-outs/").nth(1).unwrap().split('"').next().unwrap().to_string();
    let removed = moderator.submit("/admin", &format!("/admin/opt-outs/{remove}"), &[]).await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.body);
    assert!(register_text(&db).await.is_empty());
    let claim = db.atlas.claim_listing("london-walking-group", "cooks@example.net", "It is us", "en").await.unwrap();
    assert_eq!(db.store.submission(claim).await.unwrap().unwrap().summary.held, None);
}

#[tokio::test]
async fn an_admin_blocks_a_sender_and_its_submissions_are_refused_with_nothing_stored() {
    let db = sample_db().await;
    let app = fast_app(&db);
    let mut admin = admin_without_mail(&db, &app).await;

    let bad = admin.submit("/admin", "/admin/blocked-senders", &[("pattern", "not a domain"), ("block_reason", "spam")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert!(bad.body.contains("is not an e-mail address or a domain"), "{}", bad.body);
    let blocked =
        admin.submit("/admin", "/admin/blocked-senders", &[("pattern", "@Spam.example"), ("block_reason", "floods of fake groups")]).await;
    assert_eq!(blocked.status, StatusCode::SEE_OTHER, "{}", blocked.body);
    assert!(admin.get("/admin").await.body.contains("spam.example"));

    let waiting = || async {
        db.store.unconfirmed_submissions(None, 0, 1).await.unwrap().1 + db.store.pending_submissions(None, None, 0, 1).await.unwrap().1
    };
    let before = waiting().await;
    let refused = Visitor::new(&app)
        .submit(
            "/register",
            "/register",
            &[
                ("name", "Fake Group"),
                ("kind", "solidarity_group"),
                ("town", "Leeds"),
                ("precision", "area"),
                ("contact_email", "x@mail.spam.example"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "the form again: {}", refused.body);
    assert!(refused.body.contains("This address cannot send submissions to this site"), "{}", refused.body);
    assert!(refused.body.contains("Fake Group"), "what was typed is kept");
    assert_eq!(waiting().await, before, "nothing stored");

    let unblocked = admin.submit("/admin", "/admin/blocked-senders/remove", &[("pattern", "spam.example")]).await;
    assert_eq!(unblocked.status, StatusCode::SEE_OTHER, "{}", unblocked.body);
    let accepted = Visitor::new(&app)
        .submit(
            "/register",
            "/register",
            &[
                ("name", "Real Group"),
                ("kind", "solidarity_group"),
                ("town", "Leeds"),
                ("precision", "area"),
                ("contact_email", "x@mail.spam.example"),
            ],
        )
        .await;
    assert_eq!(accepted.location.as_deref(), Some("/thanks/registered"), "{}", accepted.body);
    let log = admin.get("/moderate/log").await.body;
    assert!(log.contains("blocked sender") && log.contains("unblocked sender"), "{log}");
}
