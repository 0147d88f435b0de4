//! Translations as part of the record (issue 31): a listing or resource
//! shown in the reader's language where translated, else its original
//! marked with its language; found once by a query in either language;
//! carried by the exports; never a way to add a link, contact or address.

use crate::common;

use axum::http::StatusCode;
use common::*;

/// A listing written in English with Arabic and French translations.
const LISTING: &str = r#"{"slug": "leeds-walking-group", "kind": "solidarity_group", "name": "Leeds Walking Group", "summary": "We walk together every week.", "town": "Leeds", "description": "Everyone is welcome. Write to walk@example.org.", "meeting_times": "Tuesdays 6pm", "email": "walk@example.org", "language": "en", "translations": {"ar": {"name": "مجموعة المشي في ليدز", "summary": "نمشي معًا كل أسبوع.", "description": "الجميع مرحَّب بهم. اكتبوا إلى walk@example.org."}, "fr": {"name": "Groupe de marche de Leeds", "summary": "Nous marchons ensemble chaque semaine."}}}"#;

async fn db_with_listing() -> TestDb {
    let db = empty_db().await;
    import(&db, LISTING, PUBLISHED).await;
    db
}

#[tokio::test]
async fn a_listing_is_shown_in_the_readers_language_where_translated_else_its_original_marked() {
    let db = db_with_listing().await;
    let app = app(&db);

    let (status, ar) = get(&app, "/ar/listings/leeds-walking-group").await;
    assert_eq!(status, StatusCode::OK);
    assert!(ar.contains(r#"<h1 lang="ar" dir="rtl">مجموعة المشي في ليدز</h1>"#), "{ar}");
    assert!(ar.contains("نمشي معًا كل أسبوع."));
    // Untranslated fields stay in the original, marked as English.
    assert!(ar.contains(r#"lang="en" dir="ltr">Tuesdays 6pm"#), "{ar}");
    // The other versions, each a link to this page in its language.
    assert!(ar.contains(r#"href="/en/listings/leeds-walking-group" hreflang="en" lang="en" dir="ltr">English</a>"#), "{ar}");
    assert!(ar.contains(r#"href="/fr/listings/leeds-walking-group""#));
    assert!(!ar.contains("Leeds Walking Group</h1>"));

    let (_, fr) = get(&app, "/fr/listings/leeds-walking-group").await;
    assert!(fr.contains(r#"<h1 lang="fr" dir="ltr">Groupe de marche de Leeds</h1>"#), "{fr}");
    // No French description: the English one, marked as English.
    assert!(fr.contains(r#"<div lang="en" dir="ltr" class="description">"#), "{fr}");

    let (_, es) = get(&app, "/es/listings/leeds-walking-group").await;
    assert!(es.contains(r#"<h1 lang="en" dir="ltr">Leeds Walking Group</h1>"#), "{es}");
    assert!(es.contains("Escrito en"), "{es}");
    assert!(es.contains(r#"href="/ar/listings/leeds-walking-group""#));

    // The directory's cards and the link preview follow the same rule.
    let (_, cards) = get(&app, "/ar/listings").await;
    assert!(
        cards.contains(r#"lang="ar" dir="rtl" href="/listings/leeds-walking-group" class="card-name">مجموعة المشي في ليدز</a>"#),
        "{cards}"
    );
    assert!(ar.contains(r#"<meta property="og:title" content="مجموعة المشي في ليدز""#), "{ar}");
    let (_, embed) = get(&app, "/ar/embed/listings").await;
    assert!(embed.contains(r#"lang="ar" dir="rtl">مجموعة المشي في ليدز</a>"#), "{embed}");
    let (_, feed) = get(&app, "/fr/feeds/listings.atom").await;
    assert!(feed.contains("Groupe de marche de Leeds"), "{feed}");
}

#[tokio::test]
async fn an_arabic_query_finds_the_listing_by_its_arabic_text_once() {
    let db = db_with_listing().await;
    let app = app(&db);
    // أسبوع (week) is only in the Arabic summary, marchons only in the French.
    for q in ["أسبوع", "walk", "marchons"] {
        let encoded: String = q.bytes().map(|b| format!("%{b:02X}")).collect();
        let (status, body) = get(&app, &format!("/api/search?type=listing&q={encoded}")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        let slugs: Vec<&str> = json["hits"].as_array().unwrap().iter().filter_map(|h| h["slug"].as_str()).collect();
        assert_eq!(slugs, ["leeds-walking-group"], "{q}: {body}");
    }
}

#[tokio::test]
async fn a_translation_that_adds_a_link_contact_or_address_is_refused_with_its_message() {
    let db = empty_db().await;
    let base =
        r#"{"slug": "g", "kind": "solidarity_group", "name": "Group", "town": "Leeds", "translations": {"fr": {"summary": "TEXT"}}}"#;
    for (text, says) in [
        ("Voir https://elsewhere.example", "has a link the original does not have: https://elsewhere.example"),
        ("Écrivez à other@example.org", "has a contact the original does not have: other@example.org"),
        ("Appelez le 07700 900123", "has a contact the original does not have: 07700900123"),
        ("Au 1 rue Haute, LS1 4AP", "has an address or postcode the original does not have: LS1 4AP"),
        ("Au 12 rue Haute", "has an address or postcode the original does not have: 12 rue"),
        ("Voir evil.example.com", "has a link the original does not have: evil.example.com"),
        ("Écrivez à @leeds_walks", "has a contact the original does not have: @leeds_walks"),
    ] {
        let record = base.replace("TEXT", text);
        let err =
            db.atlas.import_listings(record.as_bytes(), server::import::listings::Format::Jsonl, PUBLISHED, |_| {}).await.unwrap_err();
        assert!(err.to_string().contains(says), "{text}: {err}");
    }
    // A field that is not text, and the original's own language.
    let record = r#"{"slug": "g", "kind": "solidarity_group", "name": "Group", "town": "Leeds", "translations": {"ar": {"address": "١ شارع"}, "en": {"name": "G"}}}"#;
    let err = db
        .atlas
        .import_listings(record.as_bytes(), server::import::listings::Format::Jsonl, PUBLISHED, |_| {})
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("“address” in the “العربية” translation cannot be translated"), "{err}");
    assert!(err.contains("“English” is the language the record is written in"), "{err}");
    assert_eq!(db.store.count_listings().await.unwrap(), 0, "nothing half-stored");
    // Worded in every language.
    let problem = app::problem::Problem::TranslationAddsLink { language: "fr".into(), given: "https://x.example".into() };
    for code in ["ar", "fa", "fr", "es"] {
        let text = app::i18n::Locale::from_code(code).unwrap().problem(&problem);
        assert!(text.contains("https://x.example") && !text.contains("The “fr” translation"), "{code}: {text}");
    }
}

#[tokio::test]
async fn exports_carry_the_translations_and_import_again() {
    let db = db_with_listing().await;
    let app = app(&db);
    let (_, geojson) = get(&app, "/api/listings.geojson").await;
    let json: serde_json::Value = serde_json::from_str(&geojson).unwrap();
    let props = &json["features"][0]["properties"];
    assert_eq!(props["language"], "en");
    assert_eq!(props["translations"]["ar"]["name"], "مجموعة المشي في ليدز");
    assert_eq!(props["translations"]["fr"]["summary"], "Nous marchons ensemble chaque semaine.");

    let (_, one) = get(&app, "/api/listings/leeds-walking-group").await;
    let one: serde_json::Value = serde_json::from_str(&one).unwrap();
    assert_eq!(one["translations"]["fr"]["name"], "Groupe de marche de Leeds", "{one}");

    let (_, csv) = get(&app, "/api/listings.csv").await;
    let header = csv.lines().next().unwrap();
    assert!(header.ends_with(",language,name:ar,summary:ar,description:ar,meeting_times:ar,accessibility:ar,name:fr,summary:fr,description:fr,meeting_times:fr,accessibility:fr"), "{header}");
    assert!(csv.contains("Groupe de marche de Leeds"));

    // Both files import into another installation with their translations.
    for (file, format) in [(geojson.clone(), server::import::listings::Format::Geojson), (csv, server::import::listings::Format::Csv)] {
        let other = empty_db().await;
        other.atlas.import_listings(file.as_bytes(), format, PUBLISHED, |_| {}).await.unwrap();
        let (_, page) = get(&common::app(&other), "/fr/listings/leeds-walking-group").await;
        assert!(page.contains("Groupe de marche de Leeds</h1>"), "{format:?}");
    }
}

#[tokio::test]
async fn a_resource_shows_its_translation_and_the_other_sheets_of_its_set() {
    let db = empty_db().await;
    let resources = r#"{"slug": "kyr-bail", "title": "Know your rights on bail", "kind": "know-your-rights", "languages": ["en"], "translations": {"fa": {"title": "حقوق شما در آزادی به قید وثیقه"}}}
{"slug": "kyr-bail-fr", "title": "Vos droits sous caution", "kind": "know-your-rights", "languages": ["fr"], "translation_of": "kyr-bail"}"#;
    db.atlas.import_resources(resources.as_bytes(), app::model::ListingStatus::Published, false, |_| {}).await.unwrap();
    let app = app(&db);
    let (_, fa) = get(&app, "/fa/library/kyr-bail").await;
    assert!(fa.contains(r#"<h1 lang="fa" dir="rtl">حقوق شما در آزادی به قید وثیقه</h1>"#), "{fa}");
    // No Farsi body: the English one, marked as English.
    assert!(fa.contains(r#"<div lang="en" dir="ltr" class="description">"#), "{fa}");
    assert!(fa.contains(r#"href="/library/kyr-bail-fr" hreflang="fr" lang="fr" dir="ltr">Français</a>"#), "{fa}");
    let (_, fr) = get(&app, "/fr/library/kyr-bail-fr").await;
    assert!(fr.contains(r#"href="/library/kyr-bail" hreflang="en""#), "{fr}");
    // The library's card in Farsi.
    let (_, library) = get(&app, "/fa/library").await;
    assert!(
        library.contains(r#"lang="fa" dir="rtl" href="/library/kyr-bail" class="card-name">حقوق شما در آزادی به قید وثیقه</a>"#),
        "{library}"
    );
}

#[tokio::test]
async fn an_event_is_shown_in_the_readers_language_where_translated() {
    let db = sample_db().await;
    let app = app(&db);
    let (status, fa) = get(&app, "/fa/events/welcome-drop-in-sheffield").await;
    assert_eq!(status, StatusCode::OK);
    assert!(fa.contains(r#"<span lang="fa" dir="rtl">دورهمی خوشامد (نمونه)</span>"#), "{fa}");
    assert!(fa.contains(r#"href="/ar/events/welcome-drop-in-sheffield""#), "{fa}");
    // A date keeps no retitling note for the series' own (original) title.
    assert!(!fa.contains(" — <span dir=\"auto\">Welcome drop-in (sample)</span>"), "{fa}");
    let (_, es) = get(&app, "/es/events/welcome-drop-in-sheffield").await;
    assert!(es.contains(r#"<span lang="en" dir="ltr">Welcome drop-in (sample)</span>"#), "{es}");
    assert!(es.contains("Escrito en"), "{es}");
    // The organising group is named as its own page names it to this reader.
    let (_, ar) = get(&app, "/ar/events/walking-group-london").await;
    assert!(ar.contains(r#"href="/listings/london-walking-group" lang="ar" dir="rtl">مجموعة المشي في لندن (نموذج)</a>"#), "{ar}");
    // A translation may not add a joining link the original lacks.
    let event = r#"{"slug": "x", "listing": "sheffield-welcome-drop-in", "title": "Meeting", "category": "drop_in", "start": "2027-01-05T10:00", "end": "2027-01-05T11:00", "translations": {"ar": {"summary": "انضموا عبر https://elsewhere.example"}}}"#;
    let options = server::events::EventImportOptions {
        listing: None,
        exact_venues: false,
        status: app::model::ListingStatus::Published,
        skip_invalid: false,
    };
    let err = db.atlas.import_events(event.as_bytes(), server::events::EventFormat::JsonLines, options).await.unwrap_err().to_string();
    assert!(err.contains("has a link the original does not have"), "{err}");
}

/// The same sheet in three languages is one search result: counted once,
/// paged once, shown by its sheet in the reader's language with the
/// others beside it — through the JSON API and the search page, and still
/// once after a fourth language is added.
#[tokio::test]
async fn a_translation_set_is_one_search_result_in_the_readers_language() {
    let db = empty_db().await;
    let sheets = r#"{"slug": "kyr-bail", "title": "Know your rights on bail", "summary": "What to do at a bail hearing.", "kind": "know-your-rights", "languages": ["en"]}
{"slug": "kyr-bail-fr", "title": "Vos droits sous caution (bail)", "summary": "Que faire à une audience de caution.", "kind": "know-your-rights", "languages": ["fr"], "translation_of": "kyr-bail"}
{"slug": "kyr-bail-ar", "title": "حقوقك عند الكفالة (bail)", "summary": "ماذا تفعل في جلسة الكفالة.", "kind": "know-your-rights", "languages": ["ar"], "translation_of": "kyr-bail"}
{"slug": "bail-checklist", "title": "Bail hearing checklist", "summary": "A list to take with you.", "kind": "guide", "languages": ["en"]}"#;
    db.atlas.import_resources(sheets.as_bytes(), app::model::ListingStatus::Published, false, |_| {}).await.unwrap();
    let app = app(&db);
    let search = |path: &'static str| {
        let app = app.clone();
        async move {
            let (status, body) = get(&app, path).await;
            assert_eq!(status, StatusCode::OK, "{path}: {body}");
            serde_json::from_str::<serde_json::Value>(&body).unwrap()
        }
    };
    let slugs = |page: &serde_json::Value| -> Vec<String> {
        page["hits"].as_array().unwrap().iter().map(|h| h["slug"].as_str().unwrap().to_string()).collect()
    };
    let also = |page: &serde_json::Value, slug: &str| -> Vec<String> {
        let hit = page["hits"].as_array().unwrap().iter().find(|h| h["slug"] == slug).unwrap().clone();
        hit["also_in"]
            .as_array()
            .map(|a| a.iter().map(|o| format!("{}:{}", o["lang"].as_str().unwrap(), o["slug"].as_str().unwrap())).collect())
            .unwrap_or_default()
    };

    let all = search("/api/search?q=bail&type=resource").await;
    assert_eq!(all["total"], 2, "{all}");
    let found = slugs(&all);
    assert_eq!(found.len(), 2, "{all}");
    assert!(found.contains(&"bail-checklist".to_string()), "{all}");
    let set_hit = found.iter().find(|s| s.starts_with("kyr-bail")).unwrap().clone();
    assert_eq!(also(&all, &set_hit).len(), 2, "{all}");
    let resources = all["facets"]["type"].as_array().unwrap().iter().find(|t| t[0] == "resource").unwrap()[1].clone();
    assert_eq!(resources, 2, "{all}");

    // In the reader's language where the set has it.
    let fr = search("/api/search?q=bail&type=resource&in=fr").await;
    assert!(slugs(&fr).contains(&"kyr-bail-fr".to_string()), "{fr}");
    let mut others = also(&fr, "kyr-bail-fr");
    others.sort();
    assert_eq!(others, ["ar:kyr-bail-ar", "en:kyr-bail"], "{fr}");
    // `in` is a language code or refused, as documented.
    let (status, said) = get(&app, "/api/search?q=bail&in=0.5").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{said}");
    assert!(said.contains("in must be a language code"), "{said}");
    // Found by words only the Arabic sheet has, once, as that sheet.
    let ar = search("/api/search?q=%D8%A7%D9%84%D9%83%D9%81%D8%A7%D9%84%D8%A9").await;
    assert_eq!(slugs(&ar), ["kyr-bail-ar"], "{ar}");
    assert_eq!(ar["total"], 1, "{ar}");
    // A language filter: that language's sheet.
    let only_ar = search("/api/search?q=bail&lang=ar").await;
    assert_eq!(slugs(&only_ar), ["kyr-bail-ar"], "{only_ar}");
    // Pages of one: two results, two pages, no sheet twice.
    let first = search("/api/search?q=bail&type=resource&per_page=1&page=1").await;
    let second = search("/api/search?q=bail&type=resource&per_page=1&page=2").await;
    let third = search("/api/search?q=bail&type=resource&per_page=1&page=3").await;
    assert_eq!(first["total"], 2);
    let mut paged = [slugs(&first), slugs(&second)].concat();
    paged.sort();
    assert_eq!(paged.len(), 2, "{first} {second}");
    assert!(paged.contains(&"bail-checklist".to_string()) && paged.iter().any(|s| s.starts_with("kyr-bail")), "{paged:?}");
    assert!(slugs(&third).is_empty(), "{third}");

    // The search page in French: the French sheet, the others beside it.
    let (_, page) = get(&app, "/fr/search?q=bail&type=resource").await;
    assert!(page.contains(r#"href="/library/kyr-bail-fr""#), "{page}");
    assert!(page.contains("Aussi en :"), "{page}");
    assert!(page.contains(r#"href="/library/kyr-bail" hreflang="en""#), "{page}");
    assert!(!page.contains(r#"class="card-name" dir="auto" href="/library/kyr-bail""#), "{page}");

    // A fourth language later: still one result, with three others.
    let es = r#"{"slug": "kyr-bail-es", "title": "Tus derechos bajo fianza (bail)", "kind": "know-your-rights", "languages": ["es"], "translation_of": "kyr-bail"}"#;
    db.atlas.import_resources(es.as_bytes(), app::model::ListingStatus::Published, false, |_| {}).await.unwrap();
    let after = search("/api/search?q=bail&type=resource&in=es").await;
    assert_eq!(after["total"], 2, "{after}");
    assert_eq!(also(&after, "kyr-bail-es").len(), 3, "{after}");
}

/// The facets count results, as `total` does: a translation set once per
/// language, kind and topic its matching sheets have ("English (4)" on
/// `/search?type=resource` counted a set's sheets, some of them bilingual).
#[tokio::test]
async fn the_facets_count_a_translation_set_once_per_value_it_has() {
    let db = empty_db().await;
    let sheets = r#"{"slug": "kyr-bail", "title": "Know your rights on bail", "summary": "What to do at a bail hearing.", "kind": "know-your-rights", "topics": ["detention"], "languages": ["en"]}
{"slug": "kyr-bail-fr", "title": "Vos droits sous caution (bail)", "summary": "Que faire à une audience de caution, en français et en anglais.", "kind": "know-your-rights", "topics": ["detention"], "languages": ["fr", "en"], "translation_of": "kyr-bail"}
{"slug": "kyr-bail-ar", "title": "حقوقك عند الكفالة (bail)", "summary": "ماذا تفعل في جلسة الكفالة.", "kind": "know-your-rights", "topics": ["detention"], "languages": ["ar"], "translation_of": "kyr-bail"}
{"slug": "bail-checklist", "title": "Bail hearing checklist", "summary": "A list to take with you.", "kind": "guide", "topics": ["detention"], "languages": ["en"]}"#;
    db.atlas.import_resources(sheets.as_bytes(), app::model::ListingStatus::Published, false, |_| {}).await.unwrap();
    let app = app(&db);
    let facets = |page: &serde_json::Value, root: &str| -> Vec<(String, u64)> {
        let mut v: Vec<(String, u64)> = page["facets"][root]
            .as_array()
            .unwrap()
            .iter()
            .map(|pair| (pair[0].as_str().unwrap().to_string(), pair[1].as_u64().unwrap()))
            .collect();
        v.sort();
        v
    };
    let pairs = |list: &[(&str, u64)]| list.iter().map(|(k, n)| (k.to_string(), *n)).collect::<Vec<_>>();
    for path in ["/api/search?q=bail&type=resource", "/api/search?type=resource"] {
        let (status, body) = get(&app, path).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let page: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(page["total"], 2, "{path}: {page}");
        assert_eq!(facets(&page, "lang"), pairs(&[("ar", 1), ("en", 2), ("fr", 1)]), "{path}: {page}");
        assert_eq!(facets(&page, "kind"), pairs(&[("guide", 1), ("know-your-rights", 1)]), "{path}: {page}");
        assert_eq!(facets(&page, "topic"), pairs(&[("detention", 2)]), "{path}: {page}");
        assert_eq!(facets(&page, "type"), pairs(&[("resource", 2)]), "{path}: {page}");
    }
    // A facet's count is what choosing it gives.
    for (lang, n) in [("en", 2), ("fr", 1), ("ar", 1)] {
        let (_, body) = get(&app, &format!("/api/search?type=resource&lang={lang}")).await;
        let page: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(page["total"], n, "{lang}: {page}");
        assert_eq!(page["hits"].as_array().unwrap().len(), n as usize, "{lang}: {page}");
    }
}
