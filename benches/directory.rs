//! The map directory at scale: 100,000 listings on this machine.
//!
//! Measures, on the same generated points in the same run:
//! - importing 100,000 listings (validation, public points, one transaction, directory rebuild);
//! - "near me": the 20 nearest listings to 2,000 random points, through the
//!   in-memory directory, against PostGIS KNN (`<->` on a GiST index over
//!   `geography`) when a PostgreSQL with PostGIS is reachable;
//! - map views: markers for 2,000 phone-sized viewports at zooms 5 to 14,
//!   with the gzipped size of each response.
//!
//! Run with `scripts/bench`; it starts PostgreSQL and passes
//! ATLAS_BENCH_PG (a socket folder) so the comparison runs. Timings are
//! reported, never asserted.

// Test code: a failed unwrap is a failed test, with its line.
#![allow(clippy::unwrap_used)]

use app::location::LatLon;
use server::atlas::Atlas;
use server::directory::{BBox, DirectoryQuery};
use server::import::listings::{Format, ImportOptions};
use server::store::Store;
use std::io::Write;
use std::time::{Duration, Instant};

mod support;
use support::{percentile, Rng};

const N: usize = 100_000;
const QUERIES: usize = 2_000;

/// Towns the points gather around, as real listings do.
const TOWNS: [(f64, f64); 20] = [
    (51.507, -0.128),
    (53.381, -1.470),
    (53.479, -2.245),
    (55.864, -4.252),
    (51.482, -3.179),
    (54.597, -5.930),
    (51.621, -3.944),
    (53.800, -1.549),
    (53.408, -2.992),
    (52.486, -1.890),
    (51.455, -2.588),
    (54.978, -1.618),
    (52.955, -1.158),
    (52.637, -1.140),
    (55.953, -3.188),
    (57.150, -2.094),
    (53.768, -0.327),
    (50.376, -4.143),
    (52.631, 1.297),
    (51.752, -1.258),
];

fn points(rng: &mut Rng, n: usize) -> Vec<LatLon> {
    (0..n)
        .map(|i| {
            if i % 5 == 0 {
                LatLon::new(50.0 + rng.next() * 8.5, -5.5 + rng.next() * 7.2)
            } else {
                let (lat, lon) = TOWNS[(rng.next() * TOWNS.len() as f64) as usize];
                LatLon::new(lat + rng.normal() * 0.08, lon + rng.normal() * 0.12)
            }
        })
        .collect()
}

fn summary(name: &str, mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    let (p50, p99) = (percentile(&times, 0.5), percentile(&times, 0.99));
    println!(
        "| {name} | {} | {:.3} ms | {:.3} ms | {:.3} ms |",
        times.len(),
        p50.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        times.last().unwrap().as_secs_f64() * 1e3
    );
    (p50, p99)
}

/// The viewport of a 400×700 px phone screen centred on `c` at `zoom`.
fn viewport(c: LatLon, zoom: u8) -> BBox {
    let deg_per_px = 360.0 / (256.0 * 2f64.powi(zoom as i32));
    let half_w = 200.0 * deg_per_px;
    let half_h = 350.0 * deg_per_px * c.lat.to_radians().cos();
    BBox {
        west: (c.lon - half_w).max(-180.0),
        east: (c.lon + half_w).min(180.0),
        south: (c.lat - half_h).max(-90.0),
        north: (c.lat + half_h).min(90.0),
    }
}

#[tokio::main]
async fn main() {
    let mut rng = Rng(2026);
    let listing_points = points(&mut rng, N);
    let query_points = points(&mut rng, QUERIES);
    println!("# Directory benchmark: {N} listings, {QUERIES} queries per measure\n");

    // Import through the real importer.
    let dir = tempfile::tempdir().unwrap();
    let mut file = Vec::new();
    for (i, p) in listing_points.iter().enumerate() {
        writeln!(
            file,
            r#"{{"slug":"bench-{i}","kind":"solidarity_group","name":"Bench group {i}","town":"Benchtown","precision":"exact","latitude":{:.6},"longitude":{:.6},"tags":["football"],"languages":["en"]}}"#,
            p.lat, p.lon
        )
        .unwrap();
    }
    let pool = server::db::open(&format!("sqlite://{}", dir.path().join("bench.db").display())).await.unwrap();
    let atlas = Atlas::new(Store::new(pool)).await.unwrap();
    let started = Instant::now();
    let options = ImportOptions { status: app::model::ListingStatus::Published, skip_invalid: false };
    let report = atlas.import_listings(&file[..], Format::Jsonl, options, |_| {}).await.unwrap();
    let import_time = started.elapsed();
    println!(
        "Import of {} listings (JSON Lines, validated, one transaction, directory rebuilt): {:.1} s\n",
        report.stored.created,
        import_time.as_secs_f64()
    );

    // The import also rebuilt the search index; let its background segment
    // merges finish so they do not compete with the measurements.
    std::thread::sleep(Duration::from_secs(10));
    let snapshot = atlas.read.directory.snapshot();
    println!("| measure | queries | p50 | p99 | max |\n|---|---|---|---|---|");

    // Near me: 20 nearest.
    let mut near_times = Vec::new();
    for q in &query_points {
        let query = DirectoryQuery { near: Some(*q), ..Default::default() };
        let t = Instant::now();
        let page = snapshot.search(&query, 0, 20);
        near_times.push(t.elapsed());
        assert_eq!(page.items.len(), 20);
    }
    let (atlas_near_p50, atlas_near_p99) = summary("near me, 20 nearest (in-memory R-tree)", near_times);

    // Map views.
    let mut view_times = Vec::new();
    let mut sizes = Vec::new();
    for (i, q) in query_points.iter().enumerate() {
        let zoom = 5 + (i % 10) as u8;
        let bbox = viewport(*q, zoom);
        let query = DirectoryQuery { bbox: Some(bbox), ..Default::default() };
        let t = Instant::now();
        let markers = snapshot.markers(&query, bbox, zoom);
        let body = serde_json::to_vec(&serde_json::json!({ "markers": markers })).unwrap();
        view_times.push(t.elapsed());
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&body).unwrap();
        sizes.push(gz.finish().unwrap().len());
    }
    summary("map view markers + JSON, zoom 5–14", view_times);
    sizes.sort();
    println!("\nMap view response, gzipped: median {} bytes, largest {} bytes\n", sizes[sizes.len() / 2], sizes.last().unwrap());

    // PostGIS on the same points and queries.
    match std::env::var("ATLAS_BENCH_PG") {
        Err(_) => println!("PostGIS comparison skipped: set ATLAS_BENCH_PG (scripts/bench does)."),
        Ok(socket) => postgis(&socket, &listing_points, &query_points, atlas_near_p50, atlas_near_p99).await,
    }
}

async fn postgis(socket: &str, listing_points: &[LatLon], query_points: &[LatLon], ours_p50: Duration, ours_p99: Duration) {
    use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
    let options = PgConnectOptions::new().host(socket).username("root").database("atlas_bench");
    let pool = PgPoolOptions::new().max_connections(1).connect_with(options).await.expect("connect to PostgreSQL");
    sqlx::query("CREATE EXTENSION IF NOT EXISTS postgis").execute(&pool).await.expect("PostGIS");
    sqlx::query("DROP TABLE IF EXISTS bench_points").execute(&pool).await.unwrap();
    sqlx::query("CREATE TABLE bench_points (id integer PRIMARY KEY, geog geography(Point, 4326) NOT NULL)").execute(&pool).await.unwrap();
    let started = Instant::now();
    for chunk in listing_points.chunks(5000).enumerate() {
        let (c, pts) = chunk;
        let ids: Vec<i32> = (0..pts.len()).map(|i| (c * 5000 + i) as i32).collect();
        let lats: Vec<f64> = pts.iter().map(|p| p.lat).collect();
        let lons: Vec<f64> = pts.iter().map(|p| p.lon).collect();
        sqlx::query("INSERT INTO bench_points SELECT id, ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography FROM unnest($1::int[], $2::float8[], $3::float8[]) AS t(id, lat, lon)")
            .bind(&ids).bind(&lats).bind(&lons).execute(&pool).await.unwrap();
    }
    sqlx::query("CREATE INDEX ON bench_points USING gist (geog)").execute(&pool).await.unwrap();
    sqlx::query("ANALYZE bench_points").execute(&pool).await.unwrap();
    println!("PostGIS load of {} points with GiST index: {:.1} s\n", listing_points.len(), started.elapsed().as_secs_f64());
    println!("| measure | queries | p50 | p99 | max |\n|---|---|---|---|---|");
    let mut times = Vec::new();
    let mut agree = 0;
    for q in query_points {
        let t = Instant::now();
        let ids: Vec<i32> =
            sqlx::query_scalar("SELECT id FROM bench_points ORDER BY geog <-> ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography LIMIT 20")
                .bind(q.lon)
                .bind(q.lat)
                .fetch_all(&pool)
                .await
                .unwrap();
        times.push(t.elapsed());
        if ids.len() == 20 {
            agree += 1;
        }
    }
    let (p50, p99) = summary("near me, 20 nearest (PostGIS KNN <-> on GiST, geography)", times);
    println!(
        "\nPostGIS answered {agree}/{} queries with 20 rows. Ratio PostGIS / in-memory: p50 {:.1}×, p99 {:.1}×",
        query_points.len(),
        p50.as_secs_f64() / ours_p50.as_secs_f64(),
        p99.as_secs_f64() / ours_p99.as_secs_f64()
    );
    sqlx::query("DROP TABLE bench_points").execute(&pool).await.unwrap();
}
