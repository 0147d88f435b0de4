//! `atlas import listings`: line-numbered errors, all or nothing.

mod common;

use common::*;
use server::import::listings::{ImportError, ImportOptions};

const GOOD: &str = r#"{"slug":"hull-group","kind":"solidarity_group","name":"Hull Group","town":"Hull"}"#;

async fn run(db: &TestDb, text: &[u8], options: ImportOptions) -> Result<(usize, usize, usize), ImportError> {
    let r = db.atlas.import_listings(text, options, |_| {}).await?;
    Ok((r.stored.created, r.stored.updated, r.skipped.len()))
}

#[tokio::test]
async fn one_bad_line_stores_nothing_and_names_every_problem() {
    let db = empty_db().await;
    let file = format!(
        "{GOOD}\n\n{}\n{}\nnot json\n{GOOD}\n",
        r#"{"slug":"Bad Slug","kind":"nope","name":"","town":"Leeds"}"#,
        r#"{"slug":"x","kind":"solidarity_group","name":"X","town":"Y","adress":"typo"}"#,
    );
    let err = run(&db, file.as_bytes(), PUBLISHED).await.unwrap_err().to_string();
    assert!(err.contains("nothing was imported"), "{err}");
    assert!(err.contains("line 3: kind: unknown kind \"nope\""), "{err}");
    assert!(err.contains("line 3: slug:"), "{err}");
    assert!(err.contains("line 3: name: is required"), "{err}");
    assert!(err.contains("line 4: not a valid listing object: unknown field `adress`"), "{err}");
    assert!(err.contains("line 5: not a valid listing object"), "{err}");
    assert!(err.contains("line 6: slug \"hull-group\" already appears on line 1"), "{err}");
    assert_eq!(db.store.count_listings().await.unwrap(), 0);
}

#[tokio::test]
async fn skip_invalid_stores_the_good_lines() {
    let db = empty_db().await;
    let file = format!("{GOOD}\n{{\"slug\":\"a\"}}\n");
    let options = ImportOptions { skip_invalid: true, ..PUBLISHED };
    assert_eq!(run(&db, file.as_bytes(), options).await.unwrap(), (1, 0, 1));
}

#[tokio::test]
async fn reimport_by_slug_updates() {
    let db = empty_db().await;
    assert_eq!(run(&db, GOOD.as_bytes(), PUBLISHED).await.unwrap(), (1, 0, 0));
    let renamed = GOOD.replace("Hull Group", "Hull Solidarity");
    assert_eq!(run(&db, renamed.as_bytes(), PUBLISHED).await.unwrap(), (0, 1, 0));
    assert_eq!(db.store.count_listings().await.unwrap(), 1);
}

#[tokio::test]
async fn invalid_utf8_and_empty_files_are_reported() {
    let db = empty_db().await;
    let err = run(&db, b"\xff\xfe\n", PUBLISHED).await.unwrap_err().to_string();
    assert!(err.contains("line 1: is not valid UTF-8"), "{err}");
    assert!(matches!(run(&db, b"\n\n", PUBLISHED).await, Err(ImportError::Empty)));
}

#[tokio::test]
async fn a_private_address_is_refused() {
    let db = empty_db().await;
    let line = r#"{"slug":"g","kind":"solidarity_group","name":"G","town":"T","address":"3 Home Road"}"#;
    let err = run(&db, line.as_bytes(), PUBLISHED).await.unwrap_err().to_string();
    assert!(err.contains("address: is only kept for listings with precision \"exact\""), "{err}");
}
