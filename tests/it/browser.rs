//! The browser test: a real `atlas serve`, headless Chromium (Debian's),
//! driven by playwright-core. It proves that the islands hydrate: typing in
//! the filter narrows the list without a page load. It fails, never skips,
//! when the browser cannot run.

use crate::common;

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn wait_until_up(addr: &str, server: &mut Server, log: &std::path::Path) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if std::net::TcpStream::connect(addr).is_ok() {
            return;
        }
        if let Some(status) = server.0.try_wait().unwrap() {
            let err = std::fs::read_to_string(log).unwrap_or_default();
            panic!("atlas serve exited with {status}: {err}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("atlas serve did not start listening on {addr} within 30 s");
}

/// Starts `atlas serve` on a fresh database with the sample data (and,
/// when given, postcode districts imported first); returns it and its URL.
fn start_site(outcodes_csv: Option<&str>) -> (Server, String, tempfile::TempDir) {
    start_site_with(outcodes_csv, &[])
}

/// The same, with more environment for the server (mail settings).
fn start_site_with(outcodes_csv: Option<&str>, env: &[(&str, String)]) -> (Server, String, tempfile::TempDir) {
    let site = common::site_root();
    assert!(
        site.join("pkg/atlas.wasm").exists(),
        "no browser bundle in {}: run scripts/test (or scripts/build-site) first",
        site.display()
    );
    assert!(
        common::workspace_root().join("node_modules/playwright-core").exists() && std::path::Path::new("/usr/bin/chromium").exists(),
        "playwright-core or /usr/bin/chromium is missing: run scripts/setup --test"
    );
    let dir = tempfile::tempdir().unwrap();
    if let Some(csv) = outcodes_csv {
        let file = dir.path().join("outcodes.csv");
        std::fs::write(&file, csv).unwrap();
        atlas_tool(dir.path(), &["import".as_ref(), "outcodes".as_ref(), file.as_os_str()]);
    }
    // A directory at scale: the sample listings and this many generated ones.
    for (_, count) in env.iter().filter(|(k, _)| *k == "GENERATED_LISTINGS") {
        let file = dir.path().join("generated.jsonl");
        std::fs::write(&file, generated_listings(count.parse().unwrap())).unwrap();
        for listings in [common::sample_listings(), file] {
            atlas_tool(dir.path(), &["import".as_ref(), "listings".as_ref(), listings.as_os_str()]);
        }
    }
    for (_, value) in env.iter().filter(|(k, _)| *k == "ADMIN") {
        atlas_tool(dir.path(), &["user", "add", "--role", "admin", "--email", value.as_str()].map(std::ffi::OsStr::new));
    }
    let addr = format!("127.0.0.1:{}", free_port());
    let mut command = Command::new(env!("CARGO_BIN_EXE_atlas"));
    for (key, value) in env.iter().filter(|(k, _)| k.starts_with("ATLAS_")) {
        command.env(key, value);
    }
    command.env("ATLAS_PUBLIC_URL", format!("http://{addr}"));
    let mut server = Server(
        command
            .args(["serve", "--addr", &addr, "--sample-data"])
            .arg(common::sample_listings())
            .arg("--sample-resources")
            .arg(common::workspace_root().join("data/sample-resources.jsonl"))
            .env("ATLAS_DATA_DIR", dir.path())
            .env("ATLAS_SITE_ROOT", &site)
            .env("ATLAS_DATABASE_URL", common::database_url_for(dir.path()))
            .env_remove("ATLAS_TILE_URL")
            .stdout(Stdio::null())
            // To a file: a pipe nobody reads fills up (a line per request)
            // and then stops the server.
            .stderr(std::fs::File::create(dir.path().join("serve.log")).unwrap())
            .spawn()
            .expect("start atlas serve"),
    );
    wait_until_up(&addr, &mut server, &dir.path().join("serve.log"));
    (server, format!("http://{addr}/"), dir)
}

/// Runs an `atlas` command on the site's data folder and database; fails
/// the test if it fails.
fn atlas_tool(dir: &std::path::Path, args: &[&std::ffi::OsStr]) {
    let status = Command::new(env!("CARGO_BIN_EXE_atlas"))
        .args(args)
        .env("ATLAS_DATA_DIR", dir)
        .env("ATLAS_DATABASE_URL", common::database_url_for(dir))
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "atlas {args:?} failed");
}

/// `count` listings spread over Great Britain, of every kind and precision.
fn generated_listings(count: usize) -> String {
    let kinds = ["solidarity_group", "pnp_chapter", "reporting_centre"];
    let precisions = ["area", "approximate", "exact"];
    (0..count)
        .map(|i| {
            let (lat, lon) = (50.5 + (i * 7919 % 5000) as f64 / 1000.0, -4.5 + (i * 104_729 % 5500) as f64 / 1000.0);
            serde_json::json!({
                "slug": format!("generated-{i:05}"), "kind": kinds[i % 3], "name": format!("Generated group {i}"),
                "summary": "A generated listing, to weigh the pages with a national directory.", "town": "Leeds",
                "latitude": lat, "longitude": lon, "precision": precisions[i % 3], "tags": ["generated"], "languages": ["en"],
            })
            .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Runs one of the scripts in tests/browser against `url`; fails with its report.
fn run_browser_script(script: &str, url: &str) {
    run_browser_script_with(script, url, &[]);
}

fn run_browser_script_with(script: &str, url: &str, extra: &[&std::ffi::OsStr]) {
    let root = common::workspace_root();
    let out = Command::new("node")
        .arg(root.join("tests/browser").join(script))
        .arg(url)
        .arg(root.join("test-artifacts"))
        .args(extra)
        .current_dir(&root)
        .output()
        .expect("run node (scripts/setup installs it)");
    let report = String::from_utf8_lossy(&out.stdout);
    println!("{report}");
    assert!(out.status.success(), "browser test {script} failed:\n{report}\n{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn the_home_search_suggests_as_you_type_without_a_page_load() {
    let (_server, url, _dir) = start_site(None);
    run_browser_script_with("search.mjs", &url, &["/".as_ref()]);
}

#[test]
fn the_map_clusters_filters_finds_a_postcode_and_links_to_listings() {
    let csv = "postcode,eastings,northings,latitude,longitude,town,region,uk_region,country,country_string\n\
               S1,435000,387000,53.38,-1.47,Sheffield,Sheffield,Yorkshire and the Humber,ENG,England\n";
    let (_server, url, _dir) = start_site(Some(csv));
    run_browser_script("map.mjs", &url);
}

/// A coalition's page on another origin frames the map and the list.
#[test]
fn embeds_work_inside_another_sites_page_and_ask_no_other_host() {
    let (_server, url, _dir) = start_site(None);
    run_browser_script("embed.mjs", &url);
}

#[test]
fn search_results_appear_as_you_type() {
    let (_server, url, _dir) = start_site(None);
    run_browser_script("search.mjs", &url);
}

#[test]
fn every_page_stays_within_its_weight_budget_with_five_thousand_listings() {
    // Page weight does not depend on the database: once, in the SQLite pass.
    if common::on_postgres() {
        return;
    }
    let (_server, url, _dir) = start_site_with(None, &[("GENERATED_LISTINGS", "5000".into())]);
    run_browser_script_with("a11y-weight.mjs", &url, &["weight-only".as_ref()]);
}

/// Schemathesis (PyPI) reads /api/openapi.json and sends what the document
/// allows and what it forbids to every route, with all its checks: no 5xx,
/// every answer's status, type and body as documented, valid input
/// accepted, invalid input refused.
#[test]
fn the_api_keeps_to_its_openapi_document_under_a_fuzzer() {
    let (_server, url, dir) = start_site(None);
    let schemathesis = common::workspace_root().join("target/pytools/bin/schemathesis");
    assert!(schemathesis.exists(), "schemathesis is missing: run scripts/setup --test");
    let out = Command::new(schemathesis)
        .current_dir(dir.path())
        .args(["run", &format!("{url}api/openapi.json"), "--checks", "all", "--max-examples", "50", "--workers", "2", "--no-color"])
        .output()
        .expect("run schemathesis");
    let report = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "schemathesis found problems:\n{report}");
    assert!(report.contains("No issues found"), "{report}");
}

#[test]
fn every_page_is_accessible_light_and_right_to_left_in_arabic() {
    let (_server, url, _dir) = start_site(None);
    run_browser_script("a11y-weight.mjs", &url);
}

#[test]
fn forms_work_without_javascript_pages_reflow_and_library_pages_open_offline() {
    let (_server, url, _dir) = start_site(None);
    run_browser_script("no-js-offline.mjs", &url);
}

#[test]
fn a_group_registers_confirms_by_mail_and_is_published_by_a_moderator() {
    // A real SMTP server on loopback; each message is also written to a
    // folder the browser script reads the links from.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mail_dir = tempfile::tempdir().unwrap();
    let mail = runtime.block_on(common::smtp::MailServer::start(Some(mail_dir.path().to_path_buf())));
    let env = [("ATLAS_SMTP_URL", mail.url.clone()), ("ADMIN", "admin@example.org".to_string())];
    let (_server, url, _dir) = start_site_with(None, &env);
    run_browser_script_with("register-moderate.mjs", &url, &[mail_dir.path().as_os_str()]);
    assert!(mail.all().iter().any(|m| m.to.contains(&"cafe@example.org".to_string()) && m.text.contains("approved")));
}

/// Issue 28: with the committed Helsinki basemap, /map and /ar/map draw
/// streets on canvas from our own host, with the credit visible.
#[test]
fn the_street_basemap_draws_from_our_own_host_in_english_and_arabic() {
    let fixture = common::workspace_root().join("tests/fixtures/basemap/helsinki.pmtiles");
    let (_server, url, _dir) = start_site_with(None, &[("ATLAS_BASEMAP", fixture.display().to_string())]);
    let shots = common::workspace_root().join("test-artifacts/basemap");
    std::fs::create_dir_all(&shots).unwrap();
    run_browser_script_with("basemap.mjs", &url, &["60.1716,24.9443,15".as_ref(), shots.as_os_str()]);
}

/// Issue 30: someone looking for what's on, on a phone, types their town,
/// sees the distance and the online events, copies the calendar address;
/// in Farsi the times are in Persian digits.
#[test]
fn whats_on_near_a_town_shows_its_distance_and_the_calendar_address_copies_in_one_tap() {
    let csv = "postcode,eastings,northings,latitude,longitude,town,region,uk_region,country,country_string\n\
               S1,435000,387000,53.38,-1.47,Sheffield,Sheffield,Yorkshire and the Humber,ENG,England\n";
    let events = common::workspace_root().join("data/sample-events.jsonl").display().to_string();
    let (_server, url, _dir) = start_site_with(Some(csv), &[("ATLAS_SAMPLE_EVENTS", events)]);
    run_browser_script("events.mjs", &url);
}

/// Issue 30: a town typed with a slip ("Sheffeild", Persian گلاسکو) gets
/// "Did you mean …?" with a link on a phone, and no list of everything.
#[test]
fn a_misspelt_town_offers_the_nearest_known_name_not_every_listing() {
    let events = common::workspace_root().join("data/sample-events.jsonl").display().to_string();
    let (_server, url, _dir) = start_site_with(None, &[("ATLAS_SAMPLE_EVENTS", events)]);
    run_browser_script("near-miss.mjs", &url);
}

/// Issue 30: every public page in five languages on a phone: no message
/// the translations lack, nothing that scrolls sideways, and no Latin
/// words in an Arabic or Farsi line outside a bidirectional isolate.
#[test]
fn crawl_every_public_page_in_five_languages_translated_fitting_a_phone_latin_isolated_in_rtl() {
    let events = common::workspace_root().join("data/sample-events.jsonl").display().to_string();
    let (_server, url, _dir) = start_site_with(None, &[("ATLAS_SAMPLE_EVENTS", events)]);
    run_browser_script("crawl.mjs", &url);
}
