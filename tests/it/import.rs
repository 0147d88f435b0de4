//! `atlas import listings`: line-numbered errors, all or nothing.

use crate::common;

use common::*;
use server::import::listings::{Format, ImportError, ImportOptions};

const GOOD: &str = r#"{"slug":"hull-group","kind":"solidarity_group","name":"Hull Group","town":"Hull"}"#;

async fn run(db: &TestDb, text: &[u8], options: ImportOptions) -> Result<(usize, usize, usize), ImportError> {
    let r = db.atlas.import_listings(text, Format::Jsonl, options, |_| {}).await?;
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
    assert!(err.contains("line 3: kind: “nope” is not one of the kinds: solidarity_group"), "{err}");
    assert!(err.contains("line 3: slug:"), "{err}");
    assert!(err.contains("line 3: name: This is required."), "{err}");
    assert!(err.contains("line 4: not a valid listing: unknown field `adress`"), "{err}");
    assert!(err.contains("line 5: not valid JSON"), "{err}");
    assert!(err.contains("line 6: slug \"hull-group\" already appears on line 1"), "{err}");
    assert_eq!(db.store.count_listings().await.unwrap(), 0);
}

/// Listings with and without a point, in either order, in one batch and
/// across batches (on PostgreSQL a statement prepared for one shape must
/// not be given the other).
#[tokio::test]
async fn listings_with_and_without_a_point_mix() {
    let db = empty_db().await;
    let town = r#"{"slug":"town-only","kind":"solidarity_group","name":"Town only","town":"Leeds"}"#;
    let exact = r#"{"slug":"exact-point","kind":"reporting_centre","name":"Exact point","town":"Leeds","precision":"exact","latitude":53.8,"longitude":-1.55,"address":"1 Some Street"}"#;
    let area = r#"{"slug":"area-point","kind":"solidarity_group","name":"Area point","town":"Leeds","latitude":53.81,"longitude":-1.56}"#;
    for batch in [format!("{town}\n{exact}\n{area}\n"), format!("{exact}\n{town}\n"), format!("{area}\n{town}\n{exact}\n")] {
        let (_, _, skipped) = run(&db, batch.as_bytes(), PUBLISHED).await.expect("mixed shapes import");
        assert_eq!(skipped, 0);
    }
    assert_eq!(db.store.count_listings().await.unwrap(), 3);
    let revisions = db.store.revisions(app::people::Entity::Listing, "exact-point").await.unwrap();
    assert_eq!(revisions.len(), 3, "one revision per write");
    assert!(revisions[0].data.contains("1 Some Street"), "{}", revisions[0].data);
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
    assert!(err.contains("line 1: address: An address is only kept for public buildings"), "{err}");
}

async fn import_as(db: &TestDb, text: &str, format: Format) -> Result<(usize, usize, usize), ImportError> {
    let r = db.atlas.import_listings(text.as_bytes(), format, PUBLISHED, |_| {}).await?;
    Ok((r.stored.created, r.stored.updated, r.skipped.len()))
}

#[tokio::test]
async fn geojson_export_round_trips_through_the_importer() {
    let source = sample_db().await;
    let (_, exported) = get(&app(&source), "/api/listings.geojson").await;
    let (_, before) = get(&app(&source), "/api/listings?limit=500").await;

    let copy = empty_db().await;
    assert_eq!(import_as(&copy, &exported, Format::Geojson).await.unwrap(), (71, 0, 0));
    let (_, after) = get(&app(&copy), "/api/listings?limit=500").await;
    // All but when each was written (the copy is written later).
    let items = |text: &str| {
        let mut page: serde_json::Value = serde_json::from_str(text).unwrap();
        for item in page["items"].as_array_mut().unwrap() {
            item.as_object_mut().unwrap().remove("updated_at");
        }
        page["items"].take()
    };
    assert_eq!(items(&before), items(&after), "the same public listings after a round trip");
}

#[tokio::test]
async fn csv_imports_with_lists_and_checks_columns() {
    let db = empty_db().await;
    let csv = "slug,kind,name,town,precision,latitude,longitude,tags,languages\n\
               york-cafe,solidarity_group,York Cafe,York,approximate,53.96,-1.08,cooking; art and chat,en;ar\n";
    assert_eq!(import_as(&db, csv, Format::Csv).await.unwrap(), (1, 0, 0));
    let l = db.atlas.read.directory.snapshot().get("york-cafe").cloned().unwrap();
    assert_eq!(l.tags, ["cooking", "art and chat"]);
    assert_eq!(l.languages, ["en", "ar"]);

    let err = import_as(&db, "slug,name\nx,X\n", Format::Csv).await.unwrap_err().to_string();
    assert!(err.contains("lacks the column(s) kind, town"), "{err}");
    let err = import_as(&db, "slug,kind,name,town,latitude,longitude\na,solidarity_group,A,T,north,1\n", Format::Csv)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("line 2: latitude: \"north\" is not a number"), "{err}");
}

#[tokio::test]
async fn broken_geojson_is_refused_with_the_feature_number() {
    let db = empty_db().await;
    let err = import_as(&db, "{not json", Format::Geojson).await.unwrap_err().to_string();
    assert!(err.contains("not valid GeoJSON"), "{err}");
    let fc = r#"{"type":"FeatureCollection","features":[
        {"type":"Feature","geometry":{"type":"Point","coordinates":[-1.5,53.8]},"properties":{"slug":"ok","kind":"solidarity_group","name":"OK","town":"Leeds"}},
        {"type":"Feature","geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]},"properties":{"slug":"bad","kind":"solidarity_group","name":"Bad","town":"Leeds"}}]}"#;
    let err = import_as(&db, fc, Format::Geojson).await.unwrap_err().to_string();
    assert!(err.contains("feature 2: geometry: must be a Point"), "{err}");
    assert_eq!(db.store.count_listings().await.unwrap(), 0, "nothing partial is stored");
}

#[tokio::test]
async fn resources_import_all_or_nothing_with_line_numbers() {
    let db = empty_db().await;
    let good = r#"{"slug":"kyr-test","title":"Know your rights","kind":"know-your-rights","languages":["en"],"topics":["Reporting"]}"#;
    let file = format!("{good}\n{{\"slug\":\"x\",\"title\":\"\",\"kind\":\"leaflet\",\"languages\":[]}}\n{good}\n");
    let err =
        db.atlas.import_resources(file.as_bytes(), app::model::ListingStatus::Published, false, |_| {}).await.unwrap_err().to_string();
    assert!(err.contains("line 2: title: This is required."), "{err}");
    assert!(err.contains("line 2: kind: “leaflet” is not one of the kinds: toolkit"), "{err}");
    assert!(err.contains("line 2: languages: Name at least one language"), "{err}");
    assert!(err.contains("line 3: slug \"kyr-test\" already appears on line 1"), "{err}");
    assert_eq!(db.store.count_resources().await.unwrap(), 0);

    let report = db.atlas.import_resources(good.as_bytes(), app::model::ListingStatus::Pending, false, |_| {}).await.unwrap();
    assert_eq!((report.stored.created, report.stored.updated), (1, 0));
    assert!(db.store.published_resources().await.unwrap().is_empty(), "--pending keeps it private");
    let report = db.atlas.import_resources(good.as_bytes(), app::model::ListingStatus::Published, false, |_| {}).await.unwrap();
    assert_eq!((report.stored.created, report.stored.updated), (0, 1));
    let published = db.store.published_resources().await.unwrap();
    assert_eq!(published[0].topics, ["reporting"]);
}

/// Markdown is rendered and sanitised once, when written; rows stored
/// before that are rendered at the next start, and only then.
#[tokio::test]
async fn markdown_is_rendered_when_written_and_old_rows_at_the_next_start() {
    let db = empty_db().await;
    let line =
        r#"{"slug":"kyr","title":"Know your rights","kind":"know-your-rights","languages":["en"],"body":"**Stay** <script>x</script>"}"#;
    db.atlas.import_resources(line.as_bytes(), app::model::ListingStatus::Published, false, |_| {}).await.unwrap();
    let stored = || async {
        sqlx::query_scalar::<_, Option<String>>("SELECT body_html FROM resources WHERE slug = 'kyr'")
            .fetch_one(db.store.pool())
            .await
            .unwrap()
    };
    let html = stored().await.expect("rendered when written");
    assert!(html.contains("<strong>Stay</strong>") && !html.contains("script"), "{html}");
    sqlx::query("UPDATE resources SET body_html = NULL").execute(db.store.pool()).await.unwrap();
    server::atlas::Atlas::new(db.store.clone()).await.unwrap();
    assert_eq!(stored().await.as_deref(), Some(html.as_str()), "an old row is rendered at start");
}

/// Random records (valid ones, records with random values, and random
/// text) in every format: the importer never panics; a file is stored
/// whole, or refused with line numbers and nothing stored.
#[test]
fn random_records_are_stored_whole_or_refused_with_line_numbers() {
    use proptest::prelude::*;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let record = prop_oneof![
        (0u32..1000).prop_map(|i| format!(r#"{{"slug":"g-{i}","kind":"solidarity_group","name":"G {i}","town":"Leeds"}}"#)),
        ("\\PC{0,30}", "\\PC{0,12}", proptest::option::of(-100.0f64..100.0), proptest::option::of("\\PC{0,10}")).prop_map(
            |(name, town, lat, precision)| {
                serde_json::json!({"slug": "r", "kind": "solidarity_group", "name": name, "town": town, "latitude": lat, "longitude": lat, "precision": precision})
                    .to_string()
            }
        ),
        "\\PC{0,60}",
    ];
    let mut runner = proptest::test_runner::TestRunner::new(proptest::test_runner::Config { cases: 40, ..Default::default() });
    runner
        .run(&(proptest::collection::vec(record, 1..6), 0usize..3), |(lines, format)| {
            runtime.block_on(async {
                let db = empty_db().await;
                let (format, text) = match format {
                    0 => (Format::Jsonl, lines.join("\n")),
                    // The same records as CSV: the JSON text in the name column.
                    1 => {
                        let mut w = csv::Writer::from_writer(Vec::new());
                        w.write_record(["slug", "kind", "name", "town"]).unwrap();
                        for (i, l) in lines.iter().enumerate() {
                            w.write_record([format!("c-{i}").as_str(), "solidarity_group", l, "Leeds"]).unwrap();
                        }
                        (Format::Csv, String::from_utf8(w.into_inner().unwrap()).unwrap())
                    }
                    _ => (Format::Geojson, format!(r#"{{"type":"FeatureCollection","features":[{}]}}"#, lines.join(","))),
                };
                match db.atlas.import_listings(text.as_bytes(), format, PUBLISHED, |_| {}).await {
                    Ok(report) => {
                        assert_eq!(db.store.count_listings().await.unwrap() as usize, report.stored.created + report.stored.updated)
                    }
                    Err(ImportError::Invalid(errors)) => {
                        let places: Vec<String> = errors.iter().map(|e| format!("{} {}:", e.unit, e.line)).collect();
                        assert!(errors.iter().all(|e| e.line >= 1), "{errors:?}");
                        let text = ImportError::Invalid(errors).to_string();
                        assert!(places.iter().take(50).all(|p| text.contains(p)), "{text}");
                        assert_eq!(db.store.count_listings().await.unwrap(), 0, "nothing half-stored");
                    }
                    Err(e @ (ImportError::Malformed(_) | ImportError::Empty)) => {
                        assert!(!e.to_string().is_empty());
                        assert_eq!(db.store.count_listings().await.unwrap(), 0);
                    }
                    Err(e) => panic!("{format:?}: {e}"),
                }
            });
            Ok(())
        })
        .unwrap();
}
