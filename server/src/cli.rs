//! The `atlas` command line.

use crate::atlas::{Atlas, AtlasConfig};
use crate::config::{ServeConfig, StoreConfig};
use crate::db;
use crate::events::{EventFormat, EventImportOptions};
use crate::import::listings::{Format, ImportOptions};
use crate::store::{Setting, Store};
use crate::tiles::TileProxy;
use crate::web::{router, AppState};
use app::model::ListingStatus;
use clap::{Parser, Subcommand};
use leptos::prelude::LeptosOptions;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Solidarity Atlas: a map and directory for the migrant-justice movement.
#[derive(Parser, Debug)]
#[command(name = "atlas", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub store: StoreConfig,
    #[command(flatten)]
    pub mail: crate::config::MailConfig,
    #[command(flatten)]
    pub fetch: crate::config::FetchConfig,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the web server (applies pending migrations first).
    Serve(ServeConfig),
    /// Create the database if needed and apply pending migrations.
    Migrate,
    /// Import data from a file.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Kinds of listing: list them, or add one (no code change needed).
    #[command(subcommand)]
    Kind(KindCommand),
    /// Rebuild everything derived from the stored data (the database's own
    /// indexes and statistics; the search index once it exists).
    Reindex,
    /// People who can sign in: add one (e.g. the first admin), or list them.
    #[command(subcommand)]
    User(UserCommand),
    /// Email every listing unconfirmed for 12 months its "still active?"
    /// link now (the server also does this every hour).
    Remind,
    /// Copy the whole database to FILE (a new SQLite file), consistent even
    /// while the server runs and writes, then check the copy. From SQLite
    /// this is VACUUM INTO; from PostgreSQL, `atlas copy` in one transaction.
    /// (For PostgreSQL, pg_dump is the other way.)
    Backup {
        /// Where to write the copy; must not exist yet.
        file: PathBuf,
    },
    /// Move a whole installation to another database, e.g.
    /// --from sqlite://var/atlas.db --to postgres://atlas:…@db/atlas.
    /// Refuses a target that holds data unless --replace.
    Copy {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        /// Delete everything in the target first (in the same transaction).
        #[arg(long)]
        replace: bool,
    },
    /// The street basemap: import an archive, or see what it holds.
    #[command(subcommand)]
    Basemap(BasemapCommand),
    /// E-mail alerts: send what is due now (the server does it every
    /// minute), or counts by kind and cadence (never an address).
    #[command(subcommand)]
    Alerts(AlertsCommand),
    /// Directories this atlas follows into its moderation queue: another
    /// atlas's or a council's ORUK feed, a network's GeoJSON or CSV file.
    #[command(subcommand)]
    Sources(SourcesCommand),
    /// Hide every location and map from the public at once (on), or show
    /// them again (off). A running server follows within two seconds.
    Lockdown {
        #[arg(value_parser = ["on", "off"])]
        state: String,
        /// Why, for the audit log.
        #[arg(long, default_value = "")]
        reason: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum SourcesCommand {
    /// Follow a source, e.g. "Leeds directory" https://leeds.example/openreferral --format oruk
    /// (ORUK: the API's base address). Its records wait for a moderator
    /// unless --trusted. The mapping of its words to ours: /admin/sources.
    Add {
        name: String,
        url: String,
        #[arg(long, value_parser = ["oruk", "geojson", "csv"])]
        format: String,
        /// The kind a record gets when the mapping names none of ours.
        #[arg(long)]
        kind: Option<String>,
        /// Publish its records without a moderator (still audited).
        #[arg(long)]
        trusted: bool,
    },
    /// Read one source (or every source) now; the server does it every few hours.
    Fetch { name: Option<String> },
    /// Each source: its last reading, what it did, and its problem.
    List,
}

#[derive(Subcommand, Debug)]
pub enum AlertsCommand {
    /// Match what became public and send instant alerts and due digests.
    Send {
        /// Send every weekly digest now, whatever the day.
        #[arg(long)]
        digest_now: bool,
    },
    /// Subscriptions by status and cadence, by what they want, and what waits.
    Stats,
}

#[derive(Subcommand, Debug)]
pub enum BasemapCommand {
    /// Check a Protomaps basemap (schema v4, .pmtiles or .mbtiles), drop
    /// what the map never draws (points of interest, land cover, buildings
    /// below zoom 15, names in languages the site does not offer) and
    /// install it as <data-dir>/basemap.pmtiles. `atlas serve` picks it up
    /// at its next start.
    Import { file: PathBuf },
    /// Cut a box out of a remote PMTiles basemap by range requests (by
    /// default Great Britain and Ireland, all its zooms), then import it as
    /// `import` does. An interrupted fetch continues where it stopped.
    /// E.g. --from https://build.protomaps.com/20261201.pmtiles --max-zoom 15
    Fetch {
        #[arg(long)]
        from: String,
        /// West,south,east,north in degrees.
        #[arg(long, value_parser = parse_bbox)]
        bbox: Option<[f64; 4]>,
        #[arg(long)]
        max_zoom: Option<u8>,
    },
    /// Zooms, bounds, size, and the bytes of the heaviest phone-sized view
    /// at each zoom, of FILE or the installed basemap.
    Stats { file: Option<PathBuf> },
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Add a person, or change the role of one who exists:
    /// --email a@example.org --role admin
    Add {
        #[arg(long)]
        email: String,
        /// admin, moderator, translator or organiser.
        #[arg(long)]
        role: String,
        /// For moderators: a region they look after (repeat for more;
        /// none means every region).
        #[arg(long)]
        region: Vec<String>,
    },
    /// Show everyone who can sign in.
    List,
    /// Print a one-time sign-in link (good for an hour) for a person who
    /// can sign in: the way in when no mail server is set up. Admins never
    /// see sign-in links in the outbox.
    Link {
        #[arg(long)]
        email: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum KindCommand {
    /// Show the kinds of listing.
    List,
    /// Add a kind, e.g. --slug advice_service --label "Advice service" --colour "#5b3f8c".
    Add {
        /// Lower-case letters, digits and underscores.
        #[arg(long)]
        slug: String,
        /// The label shown where no translation exists (translations use
        /// the key kind-<slug> in app/locales).
        #[arg(long)]
        label: String,
        /// Marker colour as #rrggbb.
        #[arg(long)]
        colour: String,
        /// Icon name.
        #[arg(long, default_value = "marker")]
        icon: String,
        /// No "Send them a message" on its listings' pages.
        #[arg(long)]
        no_contact: bool,
        /// No "Is this your group?".
        #[arg(long)]
        no_claim: bool,
        /// No events suggested or proposed.
        #[arg(long)]
        no_events: bool,
        /// Not offered on the public registration form (moderators and
        /// imports add these).
        #[arg(long)]
        moderators_only: bool,
        /// A public building such as a reporting centre: all four of the above.
        #[arg(long)]
        public_building: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// Listings from JSON Lines (see data/sample-listings.jsonl), a GeoJSON
    /// FeatureCollection (as /api/listings.geojson emits) or CSV with a
    /// header row (tags and languages separated by ';'). A slug already
    /// stored is updated. The whole file is refused if any record is
    /// invalid, unless --skip-invalid is given.
    Listings {
        /// The file: .jsonl, .geojson/.json or .csv.
        file: PathBuf,
        /// The format, if the file name does not say.
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Import as `pending` (awaiting a moderator) instead of `published`.
        #[arg(long)]
        pending: bool,
        /// Import the valid lines and list the invalid ones.
        #[arg(long)]
        skip_invalid: bool,
    },
    /// Resources of the library, one JSON object per line with slug, title,
    /// summary, body (Markdown), url, kind, topics, languages, publisher,
    /// published (see data/sample-resources.jsonl). Same rules as listings.
    Resources {
        /// The JSON Lines file.
        file: PathBuf,
        /// Import as `pending` instead of `published`.
        #[arg(long)]
        pending: bool,
        /// Import the valid lines and list the invalid ones.
        #[arg(long)]
        skip_invalid: bool,
    },
    /// Events from an iCalendar file (.ics: a group's own calendar) or
    /// JSON Lines (see data/sample-events.jsonl). Every event belongs to
    /// --listing; without it each JSON line names its `listing`. A place
    /// in an .ics file (LOCATION, GEO) is dropped, and the listing's
    /// public place used, unless --venue-precision exact says the file's
    /// places are public buildings. An event already stored (same UID)
    /// is updated. The whole file is refused if any event is invalid,
    /// unless --skip-invalid is given.
    Events {
        /// The file: .ics or .jsonl.
        file: PathBuf,
        /// The listing every event belongs to.
        #[arg(long)]
        listing: Option<String>,
        /// `exact`: the file's places are public buildings; show them.
        #[arg(long, value_parser = ["exact"])]
        venue_precision: Option<String>,
        /// Import as `pending` instead of `published`.
        #[arg(long)]
        pending: bool,
        /// Import the valid events and list the invalid ones.
        #[arg(long)]
        skip_invalid: bool,
    },
    /// UK postcode districts with centroids, as CSV with the header
    /// postcode,eastings,northings,latitude,longitude,town,region,uk_region,country,country_string
    /// (the public UK-Postcodes outcode file). Replaces the districts held.
    Outcodes {
        /// The CSV file.
        file: PathBuf,
    },
}

/// Logs to standard error: readable lines, or one JSON object per line
/// with `ATLAS_LOG_FORMAT=json` (for a log collector).
pub fn init_logging() {
    let filter =
        tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn,tower_http=warn,tantivy=warn".into());
    let logs = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    if std::env::var("ATLAS_LOG_FORMAT").is_ok_and(|f| f.eq_ignore_ascii_case("json")) {
        logs.json().flatten_event(true).with_current_span(true).with_span_list(false).init();
    } else {
        logs.init();
    }
}

/// Runs one subcommand; the error is one line for the operator.
pub async fn run(cli: Cli) -> Result<(), String> {
    if let Command::Copy { from, to, replace } = &cli.command {
        return copy_installation(from, to, *replace).await;
    }
    if let Command::Basemap(command) = &cli.command {
        return basemap_command(command, &cli.store.data_dir).await;
    }
    let store = open_store(&cli.store).await?;
    let index_dir = cli.store.data_dir.join("index");
    let serve_config = match &cli.command {
        Command::Serve(config) => Some(config),
        _ => None,
    };
    let mut config = AtlasConfig {
        mailer: crate::mail::Mailer::new(cli.mail.smtp_url.as_deref(), &cli.mail.mail_from).map_err(|e| e.to_string())?,
        public_url: match (&cli.mail.public_url, &cli.command) {
            (Some(url), _) => url.clone(),
            (None, Command::Serve(config)) => address_url(config.addr),
            // A tool's links (`user link`, reminders) go where the server last
            // said it answers, so they open whatever port it was started on.
            (None, _) => match store.setting(Setting::PublicUrl).await.map_err(|e| e.to_string())? {
                Some(url) => url,
                None => address_url(ServeConfig::default_addr()),
            },
        },
        ..AtlasConfig::default()
    };
    cli.fetch.allow_private(serve_config).apply_to(&mut config.calendars);
    config.sources.max_bytes = cli.fetch.sources_max_mb as usize * 1024 * 1024;
    if let Some(serving) = serve_config {
        config.sources.every = std::time::Duration::from_secs(serving.sources_every_hours * 3600);
    }
    if let Some(key) = cli.mail.alerts_key.as_deref().filter(|k| !k.trim().is_empty()) {
        config.alerts_key = Some(crate::alerts::key::AlertsKey::from_hex(key).map_err(|e| e.to_string())?);
    }
    let atlas = match &cli.command {
        // The server owns the on-disk search index and repairs it.
        Command::Serve(_) | Command::Reindex => Atlas::open(store, &index_dir, config).await,
        // Tools share it when no server holds it; a running server notices
        // their writes by itself within seconds.
        _ => Atlas::open_for_tool(store, &index_dir, config).await,
    };
    let atlas = atlas
        .map_err(|e| format!("cannot open the data: {e}. Is another `atlas serve` or `atlas reindex` using {}?", index_dir.display()))?;
    let atlas = Arc::new(atlas);
    let result = match cli.command {
        Command::Serve(config) => serve(atlas.clone(), config, &cli.store.data_dir).await,
        Command::Migrate => {
            println!("database {} is up to date", db::redacted(&cli.store.database_url()));
            Ok(())
        }
        Command::Import(ImportCommand::Listings { file, format, pending, skip_invalid }) => {
            let status = if pending { ListingStatus::Pending } else { ListingStatus::Published };
            let format = format.unwrap_or_else(|| Format::from_path(&file));
            import_file(&atlas, &file, format, ImportOptions { status, skip_invalid }).await
        }
        Command::Import(ImportCommand::Outcodes { file }) => import_outcodes(&atlas, &file).await,
        Command::Import(ImportCommand::Events { file, listing, venue_precision, pending, skip_invalid }) => {
            let status = if pending { ListingStatus::Pending } else { ListingStatus::Published };
            let options = EventImportOptions { listing, exact_venues: venue_precision.is_some(), status, skip_invalid };
            import_event_file(&atlas, &file, options).await
        }
        Command::Import(ImportCommand::Resources { file, pending, skip_invalid }) => {
            let status = if pending { ListingStatus::Pending } else { ListingStatus::Published };
            import_resource_file(&atlas, &file, status, skip_invalid).await
        }
        Command::Reindex => reindex(&atlas).await,
        Command::Kind(KindCommand::List) => {
            for k in atlas.store.kinds().await.map_err(|e| e.to_string())? {
                let a = &k.allows;
                let allows: Vec<&str> =
                    [(a.contact, "contact"), (a.claim, "claim"), (a.events, "events"), (a.public_registration, "registration")]
                        .into_iter()
                        .filter_map(|(on, name)| on.then_some(name))
                        .collect();
                println!("{}\t{}\t{}\t{}\tallows: {}", k.slug, k.colour, k.icon, k.label, allows.join(", "));
            }
            Ok(())
        }
        Command::Kind(KindCommand::Add {
            slug,
            label,
            colour,
            icon,
            no_contact,
            no_claim,
            no_events,
            moderators_only,
            public_building,
        }) => {
            let allows = app::model::KindAllows {
                contact: !(no_contact || public_building),
                claim: !(no_claim || public_building),
                events: !(no_events || public_building),
                public_registration: !(moderators_only || public_building),
            };
            add_kind(&atlas, slug, label, colour, icon, allows).await
        }
        Command::User(UserCommand::Add { email, role, region }) => add_user(&atlas, &email, &role, region).await,
        Command::User(UserCommand::List) => {
            for u in atlas.store.users().await.map_err(|e| e.to_string())? {
                println!("{}\t{}\t{}", u.email, u.role, u.regions.join(", "));
            }
            Ok(())
        }
        Command::User(UserCommand::Link { email }) => {
            let user = atlas.store.user_by_email(&email).await.map_err(|e| e.to_string())?.ok_or_else(|| {
                format!("nobody with the address {email} can sign in; add them first with atlas user add --email {email} --role …")
            })?;
            let link = atlas.new_sign_in_link(&user, None).await.map_err(|e| e.to_string())?;
            println!("{link}\n(one use, within an hour; it signs in as {})", user.email);
            Ok(())
        }
        Command::Backup { file } => backup(&atlas, &file).await,
        Command::Copy { .. } | Command::Basemap(_) => unreachable!("handled before the store is opened"),
        Command::Lockdown { state, reason } => {
            let admin = app::people::User { id: 0, email: "command line".into(), role: app::people::Role::Admin, regions: vec![] };
            atlas.set_lockdown(&admin, state == "on", &reason).await.map_err(|e| format!("lockdown failed: {e}"))?;
            println!("lockdown is {state}");
            Ok(())
        }
        Command::Alerts(command) => alerts_command(&atlas, command).await,
        Command::Sources(command) => sources_command(&atlas, command).await,
        Command::Remind => {
            let n = atlas.send_reminders().await.map_err(|e| format!("reminders failed: {e}"))?;
            println!("{n} reminders sent");
            Ok(())
        }
    };
    atlas.store.close().await;
    result
}

async fn sources_command(atlas: &Arc<Atlas>, command: SourcesCommand) -> Result<(), String> {
    use app::source::SourceFormat;
    let admin = app::people::User { id: 0, email: "command line".into(), role: app::people::Role::Admin, regions: vec![] };
    let worded = |e: crate::moderation::ActionError| match e {
        crate::moderation::ActionError::Invalid(problems) => {
            problems.iter().map(|(f, p)| format!("{f}: {p}")).collect::<Vec<_>>().join("; ")
        }
        other => other.to_string(),
    };
    match command {
        SourcesCommand::Add { name, url, format, kind, trusted } => {
            let format: SourceFormat = format.parse().map_err(|_| format!("unknown format {format}"))?;
            atlas.add_source(&admin, &name, &url, format, kind.as_deref(), trusted).await.map_err(worded)?;
            println!("following {name} ({}); read it now with: atlas sources fetch {name:?}", format.as_str());
            Ok(())
        }
        SourcesCommand::Fetch { name } => {
            let sources = atlas.store.sources().await.map_err(|e| e.to_string())?;
            let chosen: Vec<_> = sources.iter().filter(|s| name.as_ref().is_none_or(|n| *n == s.summary.name)).collect();
            if chosen.is_empty() {
                return Err(match name {
                    Some(n) => format!("no source is called {n:?}; see atlas sources list"),
                    None => "no sources yet; add one with atlas sources add NAME URL --format oruk|geojson|csv".into(),
                });
            }
            let mut failed = 0;
            for s in chosen {
                let reading = atlas.fetch_source(s.summary.id).await.map_err(worded)?;
                let c = reading.counts;
                match &reading.problem {
                    Some(p) => {
                        failed += 1;
                        println!("{}: failed, the last good state stands: {}", s.summary.name, p);
                    }
                    None if reading.outcome == app::source::FetchOutcome::Unchanged => {
                        println!("{}: nothing had changed since the last reading", s.summary.name)
                    }
                    None => println!(
                        "{}: {} — {} new, {} updated, {} unchanged, {} archived, {} held, {} skipped",
                        s.summary.name,
                        reading.outcome.as_str(),
                        c.new,
                        c.updated,
                        c.unchanged,
                        c.archived,
                        c.held,
                        c.skipped
                    ),
                }
            }
            if failed > 0 {
                return Err(format!("{failed} source(s) could not be read"));
            }
            Ok(())
        }
        SourcesCommand::List => {
            for s in atlas.store.sources().await.map_err(|e| e.to_string())? {
                let s = s.summary;
                let c = s.counts;
                let problem = s.problem.as_ref().map(|p| p.to_string()).unwrap_or_default();
                println!(
                    "{}\t{}\t{}\t{}\tlast read {} ({})\tnew {} updated {} unchanged {} archived {} held {} skipped {}\t{}",
                    s.name,
                    s.format.as_str(),
                    s.url,
                    if s.trusted { "trusted" } else { "moderated" },
                    s.fetched_at.as_deref().unwrap_or("never"),
                    s.outcome.map(|o| o.as_str()).unwrap_or("-"),
                    c.new,
                    c.updated,
                    c.unchanged,
                    c.archived,
                    c.held,
                    c.skipped,
                    problem
                );
            }
            Ok(())
        }
    }
}

async fn alerts_command(atlas: &Atlas, command: AlertsCommand) -> Result<(), String> {
    match command {
        AlertsCommand::Send { digest_now } => {
            if atlas.alerts_key.is_none() {
                return Err("alerts are off: set ATLAS_ALERTS_KEY (64 hexadecimal digits, e.g. `openssl rand -hex 32`)".into());
            }
            let now = chrono::Utc::now();
            let cutoff = if digest_now { now + chrono::Duration::seconds(1) } else { crate::alerts::digest_cutoff(now) };
            let round = atlas.send_alerts(cutoff).await.map_err(|e| format!("sending alerts failed: {e}"))?;
            println!("{} items matched, {} deliveries, {} mails queued", round.items, round.deliveries, round.mails);
            Ok(())
        }
        AlertsCommand::Stats => {
            let stats = atlas.store.alert_stats().await.map_err(|e| e.to_string())?;
            for (status, cadence, n) in &stats.subscriptions {
                println!("subscriptions {status} {cadence}: {n}");
            }
            for (kind, n) in &stats.by_kind {
                println!("confirmed wanting {kind}: {n}");
            }
            println!("items waiting to be matched: {}", stats.items_waiting);
            println!("deliveries waiting for a digest: {}", stats.deliveries_waiting_for_digest);
            println!("alert mail in the outbox: {}", stats.alert_mail_in_outbox);
            Ok(())
        }
    }
}

fn parse_bbox(text: &str) -> Result<[f64; 4], String> {
    let numbers: Vec<f64> = text
        .split(',')
        .map(|n| n.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| "give four numbers: west,south,east,north".to_string())?;
    match numbers[..] {
        [w, s, e, n]
            if w < e
                && s < n
                && (-180.0..=180.0).contains(&w)
                && (-180.0..=180.0).contains(&e)
                && (-85.06..=85.06).contains(&s)
                && (-85.06..=85.06).contains(&n) =>
        {
            Ok([w, s, e, n])
        }
        _ => Err("give west,south,east,north in degrees, west < east and south < north, e.g. -10.7,49.8,1.9,60.9".into()),
    }
}

async fn basemap_command(command: &BasemapCommand, data_dir: &Path) -> Result<(), String> {
    let installed = crate::basemap::default_path(data_dir);
    match command {
        BasemapCommand::Import { file } => {
            std::fs::create_dir_all(data_dir).map_err(|e| format!("cannot create {}: {e}", data_dir.display()))?;
            let languages: Vec<&str> = app::i18n::LANGUAGES.iter().map(|l| l.0).collect();
            let report = crate::basemap::import::import(file, &installed, &languages).await?;
            println!(
                "installed {} ({} tiles, zoom {}–{}, {} bytes from {}); restart `atlas serve` to use it",
                installed.display(),
                report.tiles,
                report.min_zoom,
                report.max_zoom,
                report.bytes_after,
                report.bytes_before
            );
            Ok(())
        }
        BasemapCommand::Fetch { from, bbox, max_zoom } => {
            std::fs::create_dir_all(data_dir).map_err(|e| format!("cannot create {}: {e}", data_dir.display()))?;
            let cut = data_dir.join("basemap-download.pmtiles");
            let bbox = bbox.unwrap_or(crate::basemap::fetch::UK_AND_IRELAND);
            let fetched = crate::basemap::fetch::fetch(from, bbox, *max_zoom, &cut).await?;
            println!("fetched {} tiles ({} bytes) in {} requests", fetched.tiles, fetched.bytes, fetched.requests);
            let languages: Vec<&str> = app::i18n::LANGUAGES.iter().map(|l| l.0).collect();
            let report = crate::basemap::import::import(&cut, &installed, &languages).await?;
            let _ = std::fs::remove_file(&cut);
            println!(
                "installed {} ({} tiles, {} bytes); restart `atlas serve` to use it",
                installed.display(),
                report.tiles,
                report.bytes_after
            );
            Ok(())
        }
        BasemapCommand::Stats { file } => {
            let path = file.clone().unwrap_or(installed);
            print!("{}", crate::basemap::stats::stats(&path).await?);
            Ok(())
        }
    }
}

async fn open_store(config: &StoreConfig) -> Result<Store, String> {
    // The search index lives in the data folder whatever the database.
    db::prepare_data_dir(&config.data_dir).map_err(|e| e.to_string())?;
    let pool = db::open(&config.database_url()).await.map_err(|e| e.to_string())?;
    Ok(Store::new(pool))
}

async fn copy_installation(from: &str, to: &str, replace: bool) -> Result<(), String> {
    if from == to {
        return Err("--from and --to name the same database".into());
    }
    let started = std::time::Instant::now();
    let source = Store::new(db::open(from).await.map_err(|e| format!("--from: {e}"))?);
    let target = Store::new(db::open(to).await.map_err(|e| format!("--to: {e}"))?);
    let report = crate::copy::copy(&source, &target, replace, |table, n| eprintln!("… {table}: {n} rows")).await;
    source.close().await;
    target.close().await;
    let report = report.map_err(|e| e.to_string())?;
    let rows: usize = report.iter().map(|(_, n)| n).sum();
    println!("copied {rows} rows in {} tables to {} in {:.1?}", report.len(), db::redacted(to), started.elapsed());
    println!("start `atlas serve` on the new database: its search index is rebuilt from it");
    Ok(())
}

/// What an import did, for the operator: skipped records on standard
/// error, the counts on standard output.
fn print_import(file: &Path, noun: &str, stored: &crate::store::UpsertReport, skipped: &[crate::import::LineError], status: ListingStatus) {
    for s in skipped {
        eprintln!("skipped {s}");
    }
    println!(
        "{}: {} {noun} created, {} updated, {} records skipped (status: {})",
        file.display(),
        stored.created,
        stored.updated,
        skipped.len(),
        status.as_str()
    );
}

async fn import_file(atlas: &Atlas, file: &Path, format: Format, options: ImportOptions) -> Result<(), String> {
    let reader = std::fs::File::open(file).map(BufReader::new).map_err(|e| format!("cannot open {}: {e}", file.display()))?;
    let report = atlas
        .import_listings(reader, format, options, |n| eprintln!("… {n} records read"))
        .await
        .map_err(|e| format!("{}: {e}", file.display()))?;
    print_import(file, "listings", &report.stored, &report.skipped, options.status);
    if !report.held.is_empty() {
        println!(
            "{}: {} held for a moderator, not stored — they match a group on the opt-out register: {}",
            file.display(),
            report.held.len(),
            report.held.join(", ")
        );
    }
    Ok(())
}

async fn import_resource_file(atlas: &Atlas, file: &Path, status: ListingStatus, skip_invalid: bool) -> Result<(), String> {
    let reader = std::fs::File::open(file).map_err(|e| format!("cannot open {}: {e}", file.display()))?;
    let report = atlas
        .import_resources(BufReader::new(reader), status, skip_invalid, |n| eprintln!("… {n} records read"))
        .await
        .map_err(|e| format!("{}: {e}", file.display()))?;
    print_import(file, "resources", &report.stored, &report.skipped, status);
    Ok(())
}

async fn import_event_file(atlas: &Atlas, file: &Path, options: EventImportOptions) -> Result<(), String> {
    let reader = std::fs::File::open(file).map_err(|e| format!("cannot open {}: {e}", file.display()))?;
    let status = options.status;
    let report = atlas
        .import_events(BufReader::new(reader), EventFormat::from_path(file), options)
        .await
        .map_err(|e| format!("{}: {e}", file.display()))?;
    print_import(file, "events", &report.stored, &report.skipped, status);
    Ok(())
}

async fn import_outcodes(atlas: &Atlas, file: &Path) -> Result<(), String> {
    let reader = std::fs::File::open(file).map_err(|e| format!("cannot open {}: {e}", file.display()))?;
    let n = atlas
        .import_outcodes(BufReader::new(reader), |n| eprintln!("… {n} lines read"))
        .await
        .map_err(|e| format!("{}: {e}", file.display()))?;
    println!("{}: {n} postcode districts imported", file.display());
    Ok(())
}

async fn add_kind(
    atlas: &Atlas,
    slug: String,
    label: String,
    colour: String,
    icon: String,
    allows: app::model::KindAllows,
) -> Result<(), String> {
    let colour = colour.trim().to_lowercase();
    if slug.is_empty() || slug.len() > 40 || !slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
        return Err(format!("--slug {slug:?}: use 1 to 40 lower-case letters, digits and underscores, e.g. advice_service"));
    }
    if colour.len() != 7 || !colour.starts_with('#') || !colour[1..].chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(format!("--colour {colour:?}: use a colour like #5b3f8c"));
    }
    let label = label.trim().to_string();
    if label.is_empty() || label.chars().count() > 80 {
        return Err("--label: give a label of 1 to 80 characters".into());
    }
    let kind = app::model::ListingKind { slug: slug.clone(), label, icon, colour, allows };
    let added = atlas
        .store
        .write(async |tx| {
            tx.add_kind(&kind).await?;
            tx.audit("command line", "added kind", &kind.slug, &kind.label).await
        })
        .await;
    added.map_err(|e| match e {
        sqlx::Error::Database(db) if db.is_unique_violation() => format!("a kind {slug:?} already exists"),
        e => format!("cannot add the kind: {e}"),
    })?;
    println!("added kind {slug}; listings can now use \"kind\": \"{slug}\"");
    Ok(())
}

async fn backup(atlas: &Atlas, file: &Path) -> Result<(), String> {
    if file.exists() {
        return Err(format!("{} already exists; choose a new file name (backups are never overwritten)", file.display()));
    }
    let started = std::time::Instant::now();
    let target = file.to_str().ok_or_else(|| format!("{} is not a usable file name", file.display()))?;
    let failed = |e: String| format!("backup to {} failed: {e}. Check that its folder exists and is writable", file.display());
    match atlas.store.backend() {
        db::Backend::Sqlite => {
            sqlx::query("VACUUM INTO $1").bind(target).execute(atlas.store.pool()).await.map_err(|e| failed(e.to_string()))?;
        }
        db::Backend::Postgres => {
            let copy = Store::new(db::open(&format!("sqlite://{target}")).await.map_err(|e| failed(e.to_string()))?);
            let done = crate::copy::copy(&atlas.store, &copy, false, |_, _| {}).await;
            copy.close().await;
            done.map_err(|e| failed(e.to_string()))?;
        }
    }
    // Whoever holds the copy holds no link that still opens anything:
    // every token is cut from the mail kept in it (sent mail keeps none).
    let writable = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(sqlx::sqlite::SqliteConnectOptions::new().filename(file))
        .await
        .map_err(|e| format!("the backup {} cannot be opened: {e}", file.display()))?;
    let unsent: Vec<(i64, String)> = sqlx::query_as("SELECT id, body FROM outbox WHERE body LIKE '%token=%'")
        .fetch_all(&writable)
        .await
        .map_err(|e| failed(e.to_string()))?;
    for (id, body) in unsent {
        sqlx::query("UPDATE outbox SET body = $1 WHERE id = $2")
            .bind(crate::mail::without_tokens(&body))
            .bind(id)
            .execute(&writable)
            .await
            .map_err(|e| failed(e.to_string()))?;
    }
    writable.close().await;
    // Check the copy before calling it a backup.
    let copy = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(sqlx::sqlite::SqliteConnectOptions::new().filename(file).read_only(true))
        .await
        .map_err(|e| format!("the backup {} cannot be opened: {e}", file.display()))?;
    let check: String = sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&copy).await.map_err(|e| e.to_string())?;
    let listings: i64 = sqlx::query_scalar("SELECT count(*) FROM listings").fetch_one(&copy).await.map_err(|e| e.to_string())?;
    copy.close().await;
    if check != "ok" {
        return Err(format!("the backup {} failed its integrity check: {check}", file.display()));
    }
    println!("backed up to {} ({listings} listings, integrity ok) in {:.1?}", file.display(), started.elapsed());
    Ok(())
}

async fn add_user(atlas: &Atlas, email: &str, role: &str, regions: Vec<String>) -> Result<(), String> {
    let email = email.trim();
    if !crate::mail::valid_address(email) {
        return Err(format!("--email {email:?} is not an email address, e.g. name@example.org"));
    }
    let role: app::people::Role = role.parse().map_err(|e| format!("--role: {e}"))?;
    let regions: Vec<String> = regions.iter().map(|r| r.trim().to_string()).filter(|r| !r.is_empty()).collect();
    let (user, _) = atlas
        .store
        .write(async |tx| {
            let user = tx.put_user(email, role, &regions).await?;
            tx.audit("command line", "set role", &user.email, role.as_str()).await?;
            Ok(user)
        })
        .await
        .map_err(|e| format!("cannot add the user: {e}"))?;
    println!("{} is now {}; they sign in at /login with a link sent to that address", user.email, user.role);
    Ok(())
}

async fn reindex(atlas: &Atlas) -> Result<(), String> {
    let started = std::time::Instant::now();
    atlas.store.rebuild_indexes().await.map_err(|e| format!("reindex failed: {e}"))?;
    atlas.read.reload().await.map_err(|e| format!("reindex failed: {e}"))?;
    atlas
        .read
        .rebuild_search(|done, total| eprintln!("… search index: {done} of {total} documents"))
        .await
        .map_err(|e| format!("reindex failed: {e}"))?;
    let listings = atlas.store.count_listings().await.map_err(|e| e.to_string())?;
    println!(
        "rebuilt database indexes over {listings} listings, the map directory ({} published) and the search index ({} documents) in {:.1?}",
        atlas.read.directory.snapshot().len(),
        atlas.read.search.num_docs(),
        started.elapsed()
    );
    Ok(())
}

/// The address a browser on this machine reaches a listening address by:
/// "every interface" (0.0.0.0, ::) is not one a browser can open.
fn address_url(addr: std::net::SocketAddr) -> String {
    let host = match addr.ip() {
        std::net::IpAddr::V4(ip) if ip.is_unspecified() => "127.0.0.1".to_string(),
        std::net::IpAddr::V6(ip) if ip.is_unspecified() => "[::1]".to_string(),
        std::net::IpAddr::V4(ip) => ip.to_string(),
        std::net::IpAddr::V6(ip) => format!("[{ip}]"),
    };
    format!("http://{host}:{}", addr.port())
}

async fn serve(atlas: Arc<Atlas>, config: ServeConfig, data_dir: &Path) -> Result<(), String> {
    if let Some(sample) = &config.sample_data {
        let count = atlas.store.count_listings().await.map_err(|e| e.to_string())?;
        if count == 0 {
            let options = ImportOptions { status: ListingStatus::Published, skip_invalid: false };
            import_file(&atlas, sample, Format::from_path(sample), options).await?;
        }
    }
    if let Some(sample) = &config.sample_resources {
        if atlas.store.count_resources().await.map_err(|e| e.to_string())? == 0 {
            import_resource_file(&atlas, sample, ListingStatus::Published, false).await?;
        }
    }
    if let Some(sample) = &config.sample_events {
        if atlas.store.count_events().await.map_err(|e| e.to_string())? == 0 {
            let options = EventImportOptions { listing: None, exact_venues: false, status: ListingStatus::Published, skip_invalid: false };
            import_event_file(&atlas, sample, options).await?;
        }
    }
    if let Some(file) = &config.postcodes {
        if !atlas.read.gazetteer.has_outcodes() {
            import_outcodes(&atlas, file).await?;
        }
    }
    if atlas.check_search().await.map_err(|e| e.to_string())? {
        tracing::info!("the search index did not match the database and is being rebuilt");
    }
    atlas.read.gazetteer.warm();
    crate::regions::warm_up();
    atlas.clone().follow_changes(std::time::Duration::from_secs(1));
    atlas.clone().hourly_chores();
    atlas.clone().event_chores();
    atlas.clone().alert_chores();
    atlas.clone().follow_sources();
    if !atlas.mailer.uses_smtp() {
        tracing::warn!("no SMTP server configured (ATLAS_SMTP_URL): emails wait in the outbox, readable by admins at /admin");
    }
    let wasm = config.site_root.join("pkg/atlas.wasm");
    if !wasm.exists() {
        tracing::warn!(
            "browser assets not found at {}: pages work, but without styles, map or live filter; run scripts/build-site",
            wasm.display()
        );
    }
    let leptos = LeptosOptions::builder()
        .output_name("atlas")
        .site_root(config.site_root.display().to_string())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .build();
    let recorder = atlas.clone();
    let mut state = AppState::new(leptos, atlas, config.sample_data.is_some());
    state.secure_cookies = config.secure_cookies;
    state.trust_proxy = config.trust_proxy;
    state.metrics_token = config.metrics_token.clone().filter(|t| !t.is_empty());
    crate::web::metrics::init();
    state = state.with_basemap(open_basemap(&config, data_dir).await?);
    if let Some(template) = config.tile_url.as_deref().filter(|t| !t.is_empty()) {
        let proxy = TileProxy::new(template, data_dir.join("tiles"))?;
        tracing::info!("map tiles from {template}, cached in {}", data_dir.join("tiles").display());
        state = state.with_tiles(proxy, config.tile_attribution.clone());
    }
    let listener = tokio::net::TcpListener::bind(config.addr).await.map_err(|e| {
        format!(
            "cannot listen on {}: {e}. Stop whatever uses it, or choose another address with ATLAS_ADDR (e.g. 127.0.0.1:3001)",
            config.addr
        )
    })?;
    tracing::info!("Solidarity Atlas listening on http://{}", config.addr);
    recorder
        .store
        .write(async |tx| tx.set_setting(Setting::PublicUrl, &recorder.public_url).await)
        .await
        .map_err(|e| format!("cannot record the site's address: {e}"))?;
    let limits = crate::listen::ConnectionLimits {
        header_timeout: std::time::Duration::from_secs(config.header_timeout),
        max_connections: config.max_connections as usize,
        max_per_address: (!config.trust_proxy).then_some(config.max_connections_per_address as usize),
    };
    crate::listen::serve(listener, router(state), limits, shutdown_signal()).await.map_err(|e| format!("server stopped: {e}"))
}

/// `ATLAS_BASEMAP` as it is, else the imported `<data-dir>/basemap.pmtiles`
/// if there is one. A file named but unreadable stops the start: the
/// operator asked for streets and would otherwise not know why none show.
async fn open_basemap(config: &ServeConfig, data_dir: &Path) -> Result<Option<Arc<crate::basemap::Basemap>>, String> {
    let path = match &config.basemap {
        Some(path) => path.clone(),
        None => crate::basemap::default_path(data_dir),
    };
    if config.basemap.is_none() && !path.exists() {
        tracing::info!("no street basemap installed (atlas basemap import FILE); the map shows its offline outline");
        return Ok(None);
    }
    let basemap = crate::basemap::Basemap::open(&path).await.map_err(|e| e.to_string())?;
    tracing::info!("street basemap {} (version {})", path.display(), basemap.version());
    Ok(Some(Arc::new(basemap)))
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).expect("cannot listen for SIGTERM");
        tokio::select! { _ = ctrl_c => {}, _ = term.recv() => {} }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
    tracing::info!("shutting down");
}
