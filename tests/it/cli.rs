//! The `atlas` binary: help, and one clear line on bad configuration.

use crate::common;

use std::process::{Command, Output};

fn atlas(args: &[&str], data_dir: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_atlas"))
        .args(args)
        .env("ATLAS_DATA_DIR", data_dir)
        .env("ATLAS_DATABASE_URL", common::database_url_for(data_dir))
        .env_remove("ATLAS_ADDR")
        .env("ATLAS_SITE_ROOT", common::site_root())
        .output()
        .expect("run atlas")
}

/// Fails unless the command failed with one `atlas: error:` line containing `expected`.
fn assert_clear_failure(out: &Output, expected: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "should fail: {stderr}");
    let errors: Vec<_> = stderr.lines().filter(|l| l.starts_with("atlas: error:")).collect();
    assert_eq!(errors.len(), 1, "one error line expected:\n{stderr}");
    assert!(errors[0].contains(expected), "{:?} lacks {expected:?}", errors[0]);
    assert!(!stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"), "{stderr}");
}

#[test]
fn every_subcommand_has_help() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["migrate", "--help"],
        vec!["import", "--help"],
        vec!["import", "listings", "--help"],
        vec!["reindex", "--help"],
        vec!["import", "outcodes", "--help"],
        vec!["kind", "add", "--help"],
        vec!["copy", "--help"],
        vec!["backup", "--help"],
    ] {
        let out = atlas(&args, dir.path());
        assert!(out.status.success(), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stdout).contains("Usage"), "{args:?}");
    }
}

#[test]
fn an_occupied_port_is_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let out = atlas(&["serve", "--addr", &addr], dir.path());
    assert_clear_failure(&out, &format!("cannot listen on {addr}"));
    assert_clear_failure(&out, "ATLAS_ADDR");
}

#[test]
fn an_unwritable_data_dir_is_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "not a folder").unwrap();
    let out = atlas(&["serve"], &file.join("data"));
    assert_clear_failure(&out, "cannot use data directory");
}

#[test]
fn an_unusable_database_url_is_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = atlas(&["--database-url", "mysql://localhost/atlas", "serve"], dir.path());
    assert_clear_failure(&out, "unsupported database URL");
    let missing = format!("sqlite://{}/no/such/folder/atlas.db", dir.path().display());
    let out = atlas(&["--database-url", &missing, "serve"], dir.path());
    assert_clear_failure(&out, "cannot open database");

    // PostgreSQL that is not there: one line, no password in it.
    let started = std::time::Instant::now();
    let out = atlas(&["--database-url", "postgres://atlas:s3cret@127.0.0.1:1/atlas", "serve"], dir.path());
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "it says so at once");
    assert_clear_failure(&out, "cannot connect to PostgreSQL at postgres://atlas:***@127.0.0.1:1/atlas");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("s3cret"));
    if common::on_postgres() {
        let mut base = url::Url::parse(&std::env::var("ATLAS_TEST_POSTGRES").unwrap()).unwrap();
        base.set_password(Some("wrong-password")).unwrap();
        let out = atlas(&["--database-url", base.as_str(), "serve"], dir.path());
        assert_clear_failure(&out, "password authentication failed");
    }
}

#[test]
fn copy_moves_an_installation_and_never_overwrites_by_accident() {
    let from_dir = tempfile::tempdir().unwrap();
    let from = format!("sqlite://{}", from_dir.path().join("atlas.db").display());
    let sample = common::sample_listings();
    let import = atlas(&["--database-url", &from, "import", "listings", sample.to_str().unwrap()], from_dir.path());
    assert!(import.status.success(), "{}", String::from_utf8_lossy(&import.stderr));
    let events = common::workspace_root().join("data/sample-events.jsonl");
    let import = atlas(&["--database-url", &from, "import", "events", events.to_str().unwrap()], from_dir.path());
    assert!(import.status.success(), "{}", String::from_utf8_lossy(&import.stderr));
    assert!(String::from_utf8_lossy(&import.stdout).contains("26 events created"), "{}", String::from_utf8_lossy(&import.stdout));
    assert!(atlas(&["--database-url", &from, "user", "add", "--email", "admin@example.org", "--role", "admin"], from_dir.path())
        .status
        .success());

    // The target is the backend under test: PostgreSQL on the second pass.
    let to_dir = tempfile::tempdir().unwrap();
    let to = common::database_url_for(to_dir.path());
    let out = atlas(&["copy", "--from", &from, "--to", &to], to_dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("copied"), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(String::from_utf8_lossy(&out.stderr).contains("… events: 26 rows"), "{}", String::from_utf8_lossy(&out.stderr));
    let out = atlas(&["reindex"], to_dir.path());
    assert!(String::from_utf8_lossy(&out.stdout).contains("71 published"), "{}", String::from_utf8_lossy(&out.stdout));
    let users = String::from_utf8_lossy(&atlas(&["user", "list"], to_dir.path()).stdout).to_string();
    assert!(users.contains("admin@example.org\tadmin"), "{users}");
    // New rows after the copy get new ids.
    let out = atlas(&["user", "add", "--email", "second@example.org", "--role", "moderator"], to_dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    // A target with data is refused, and left as it was; --replace overwrites.
    assert_clear_failure(&atlas(&["copy", "--from", &from, "--to", &to], to_dir.path()), "already holds data");
    let users = String::from_utf8_lossy(&atlas(&["user", "list"], to_dir.path()).stdout).to_string();
    assert!(users.contains("second@example.org"), "{users}");
    let out = atlas(&["copy", "--from", &from, "--to", &to, "--replace"], to_dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let users = String::from_utf8_lossy(&atlas(&["user", "list"], to_dir.path()).stdout).to_string();
    assert!(!users.contains("second@example.org"), "{users}");
}

#[test]
fn import_migrate_and_reindex_do_their_work() {
    let dir = tempfile::tempdir().unwrap();
    let sample = common::sample_listings();
    let out = atlas(&["import", "listings", sample.to_str().unwrap()], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("71 listings created, 0 updated"));

    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, "{\"slug\": 1}\n").unwrap();
    let out = atlas(&["import", "listings", bad.to_str().unwrap()], dir.path());
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 1: not a valid listing: invalid type"));

    let out = atlas(&["migrate"], dir.path());
    assert!(out.status.success());
    if common::on_postgres() {
        assert!(String::from_utf8_lossy(&out.stdout).contains(":***@"), "the password is not printed");
    }
    let out = atlas(&["reindex"], dir.path());
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("over 71 listings"));
}

#[test]
fn an_operator_adds_a_kind_without_code() {
    let dir = tempfile::tempdir().unwrap();
    let out = atlas(&["kind", "add", "--slug", "advice_service", "--label", "Advice service", "--colour", "#5B3F8C"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // Issue 30: a kind says what its listings allow; a public building allows none of it.
    let out = atlas(&["kind", "add", "--slug", "court", "--label", "Court", "--colour", "#444444", "--public-building"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = atlas(&["kind", "list"], dir.path());
    let list = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(list.contains("advice_service\t#5b3f8c") && list.contains("allows: contact, claim, events, registration"), "{list}");
    assert!(list.lines().any(|l| l.starts_with("court\t") && l.ends_with("allows: ")), "{list}");
    let file = dir.path().join("advice.jsonl");
    std::fs::write(&file, r#"{"slug":"leeds-advice","kind":"advice_service","name":"Leeds Advice","town":"Leeds"}"#).unwrap();
    assert!(atlas(&["import", "listings", file.to_str().unwrap()], dir.path()).status.success());

    let out = atlas(&["kind", "add", "--slug", "advice_service", "--label", "Again", "--colour", "#000000"], dir.path());
    assert_clear_failure(&out, "already exists");
    let out = atlas(&["kind", "add", "--slug", "Bad Slug", "--label", "X", "--colour", "#000000"], dir.path());
    assert_clear_failure(&out, "--slug");
    let out = atlas(&["kind", "add", "--slug", "ok", "--label", "X", "--colour", "red"], dir.path());
    assert_clear_failure(&out, "--colour");
}

#[test]
fn people_and_lockdown_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = atlas(&["user", "add", "--email", "admin@example.org", "--role", "admin"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("admin@example.org is now admin"));
    let out = atlas(&["user", "add", "--email", "mod@example.org", "--role", "moderator", "--region", "Scotland"], dir.path());
    assert!(out.status.success());
    let list = String::from_utf8_lossy(&atlas(&["user", "list"], dir.path()).stdout).to_string();
    assert!(list.contains("admin@example.org\tadmin") && list.contains("mod@example.org\tmoderator\tScotland"), "{list}");
    assert_clear_failure(&atlas(&["user", "add", "--email", "not an address", "--role", "admin"], dir.path()), "is not an email address");
    assert_clear_failure(&atlas(&["user", "add", "--email", "a@example.org", "--role", "boss"], dir.path()), "unknown role");

    // A sign-in link for the operator, who has no mail server yet.
    let out = atlas(&["user", "link", "--email", "admin@example.org"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("/login/confirm?token="));
    assert_clear_failure(&atlas(&["user", "link", "--email", "nobody@example.org"], dir.path()), "add them first");

    let out = atlas(&["lockdown", "on", "--reason", "drill"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("lockdown is on"));
    assert!(!atlas(&["lockdown", "maybe"], dir.path()).status.success());
    assert!(atlas(&["lockdown", "off"], dir.path()).status.success());
}

/// Issue 30: the link `atlas user link` prints opens the running site,
/// whatever port it was started on (as `scripts/run --addr …` does), not
/// the default's port 3000.
#[tokio::test]
async fn a_sign_in_link_opens_the_site_where_it_runs() {
    let dir = tempfile::tempdir().unwrap();
    assert!(atlas(&["user", "add", "--email", "admin@example.org", "--role", "admin"], dir.path()).status.success());
    let link = |env: &[(&str, &str)]| {
        let out = Command::new(env!("CARGO_BIN_EXE_atlas"))
            .args(["user", "link", "--email", "admin@example.org"])
            .env("ATLAS_DATA_DIR", dir.path())
            .env("ATLAS_DATABASE_URL", common::database_url_for(dir.path()))
            .env_remove("ATLAS_ADDR")
            .env_remove("ATLAS_PUBLIC_URL")
            .envs(env.iter().copied())
            .output()
            .expect("run atlas");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).lines().next().unwrap_or_default().to_string()
    };
    // Before any server ran: where ATLAS_ADDR says one will listen.
    assert!(link(&[("ATLAS_ADDR", "0.0.0.0:8123")]).starts_with("http://127.0.0.1:8123/login/confirm?token="), "a browser opens it");

    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let addr = format!("127.0.0.1:{port}");
    let mut server = Command::new(env!("CARGO_BIN_EXE_atlas"))
        .args(["serve", "--addr", &addr])
        .env("ATLAS_DATA_DIR", dir.path())
        .env("ATLAS_DATABASE_URL", common::database_url_for(dir.path()))
        .env("ATLAS_SITE_ROOT", common::site_root())
        .env_remove("ATLAS_PUBLIC_URL")
        .env_remove("ATLAS_SMTP_URL")
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("start atlas serve");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(90);
    while !reqwest::get(format!("http://{addr}/healthz")).await.is_ok_and(|r| r.status().is_success()) {
        assert!(std::time::Instant::now() < deadline, "atlas serve did not start on {addr}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let printed = link(&[]);
    let opened = reqwest::get(&printed).await;
    let _ = server.kill();
    let _ = server.wait();
    assert!(printed.starts_with(&format!("http://{addr}/login/confirm?token=")), "the running server's address: {printed}");
    assert_eq!(opened.unwrap().status(), reqwest::StatusCode::OK, "the link opens its sign-in page");
}

#[test]
fn a_backup_is_consistent_and_restores() {
    let dir = tempfile::tempdir().unwrap();
    let sample = common::sample_listings();
    assert!(atlas(&["import", "listings", sample.to_str().unwrap()], dir.path()).status.success());
    // Issue 27: a sign-in link waiting in the outbox (no SMTP server).
    let url = common::database_url_for(dir.path());
    let mail = "INSERT INTO outbox (recipient, subject, body) VALUES ('a@example.org', 'Sign in', 'Open http://atlas.test/login/confirm?token=live-secret-token')";
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
            let store = server::store::Store::new(server::db::open(&url).await.unwrap());
            sqlx::query(mail).execute(store.pool()).await.unwrap();
            store.close().await;
        })
    })
    .join()
    .unwrap();
    let copy = dir.path().join("backup.db");
    let out = atlas(&["backup", copy.to_str().unwrap()], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("71 listings, integrity ok"));
    let kept = std::fs::read(&copy).unwrap();
    assert!(!kept.windows(17).any(|w| w == b"live-secret-token"), "whoever holds the backup holds no live link");
    assert_clear_failure(&atlas(&["backup", copy.to_str().unwrap()], dir.path()), "already exists");

    // Restore: a fresh data folder with the copy as its database (on
    // PostgreSQL, copied into a new database).
    let restored = tempfile::tempdir().unwrap();
    if common::on_postgres() {
        let from = format!("sqlite://{}", copy.display());
        let out = atlas(&["copy", "--from", &from, "--to", &common::database_url_for(restored.path())], restored.path());
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    } else {
        std::fs::copy(&copy, restored.path().join("atlas.db")).unwrap();
    }
    let out = atlas(&["reindex"], restored.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("71 published"), "{}", String::from_utf8_lossy(&out.stdout));
}

/// Each backend has its own migrations (PostgreSQL's numbering is its
/// own): they must end with the same tables and columns. Checked in the
/// PostgreSQL pass, against a fresh SQLite database beside it.
#[tokio::test]
async fn sqlite_and_postgresql_end_with_the_same_tables_and_columns() {
    use std::collections::BTreeSet;
    let db = common::empty_db().await;
    let sqlite_dir = tempfile::tempdir().unwrap();
    let sqlite = server::store::Store::new(server::db::open(&common::sqlite_url_for(sqlite_dir.path())).await.unwrap());
    let of = |rows: Vec<(String, String)>| rows.into_iter().filter(|(t, _)| !t.starts_with("_sqlx")).collect::<BTreeSet<_>>();
    let sqlite_columns = of(sqlx::query_as(
        "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'",
    )
    .fetch_all(sqlite.pool())
    .await
    .unwrap());
    assert!(sqlite_columns.contains(&("events".to_string(), "read_fingerprint".to_string())), "{sqlite_columns:?}");
    if !common::on_postgres() {
        return;
    }
    let pg_columns = of(sqlx::query_as(
        "SELECT table_name::text, column_name::text FROM information_schema.columns WHERE table_schema = current_schema()",
    )
    .fetch_all(db.store.pool())
    .await
    .unwrap());
    let only_sqlite: Vec<_> = sqlite_columns.difference(&pg_columns).collect();
    let only_pg: Vec<_> = pg_columns.difference(&sqlite_columns).collect();
    assert!(only_sqlite.is_empty() && only_pg.is_empty(), "only SQLite: {only_sqlite:?}\nonly PostgreSQL: {only_pg:?}");
}
