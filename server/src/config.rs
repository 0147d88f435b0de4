//! Where things are. Every setting has a default that works from a fresh
//! checkout; flags and `ATLAS_*` environment variables override them.

use crate::events::fetch::PrivateFetch;
use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Settings every subcommand needs.
#[derive(Args, Clone, Debug)]
pub struct StoreConfig {
    /// Folder for the search index, the tile cache and (by default) the
    /// SQLite database. Created if missing.
    #[arg(long, env = "ATLAS_DATA_DIR", default_value = "var", global = true)]
    pub data_dir: PathBuf,

    /// Database URL. Default: sqlite://<data-dir>/atlas.db
    #[arg(long, env = "ATLAS_DATABASE_URL", global = true)]
    pub database_url: Option<String>,
}

impl StoreConfig {
    pub fn database_url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("atlas.db").display()))
    }
}

const DEFAULT_ADDR: &str = "127.0.0.1:3000";

/// Settings of `atlas serve`.
#[derive(Args, Clone, Debug)]
pub struct ServeConfig {
    /// Address to listen on.
    #[arg(long, env = "ATLAS_ADDR", default_value = DEFAULT_ADDR)]
    pub addr: SocketAddr,

    /// Folder with the built browser assets (`pkg/atlas.js`, `pkg/atlas.wasm`,
    /// `pkg/atlas.css`), written by scripts/build-site.
    #[arg(long, env = "ATLAS_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,

    /// A tile server for the map, e.g. https://tile.example.org/{z}/{x}/{y}.png.
    /// Tiles are fetched by this server and cached in <data-dir>/tiles, so
    /// visitors' browsers never contact it. Without it the map shows the
    /// built-in offline basemap.
    #[arg(long, env = "ATLAS_TILE_URL")]
    pub tile_url: Option<String>,

    /// A street basemap (PMTiles, Protomaps schema v4) served as it is.
    /// Default: <data-dir>/basemap.pmtiles if `atlas basemap import` made one.
    #[arg(long, env = "ATLAS_BASEMAP")]
    pub basemap: Option<PathBuf>,

    /// Credit line the tile server requires, shown on the map.
    #[arg(long, env = "ATLAS_TILE_ATTRIBUTION", default_value = "")]
    pub tile_attribution: String,

    /// Import this listings file (JSON Lines) if the database has no listings
    /// yet. For demonstrations: the file in data/ is fictional.
    #[arg(long, env = "ATLAS_SAMPLE_DATA")]
    pub sample_data: Option<PathBuf>,

    /// Send cookies over HTTPS only. Set this when a TLS proxy is in front.
    #[arg(long, env = "ATLAS_SECURE_COOKIES")]
    pub secure_cookies: bool,

    /// Trust X-Forwarded-For from the proxy in front (for rate limits).
    #[arg(long, env = "ATLAS_TRUST_PROXY")]
    pub trust_proxy: bool,

    /// Import this resources file (JSON Lines) if the library is empty.
    #[arg(long, env = "ATLAS_SAMPLE_RESOURCES")]
    pub sample_resources: Option<PathBuf>,

    /// Import these events (JSON Lines, each naming its listing) if there
    /// are none yet.
    #[arg(long, env = "ATLAS_SAMPLE_EVENTS")]
    pub sample_events: Option<PathBuf>,

    /// A secret that lets a monitoring system read GET /metrics
    /// (`Authorization: Bearer …`). Without it there is no /metrics.
    #[arg(long, env = "ATLAS_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,

    /// The old name of --allow-private-fetch (calendars only then); still
    /// accepted, and it now lets sources be read from there too.
    #[arg(long, env = "ATLAS_CALENDAR_ALLOW_PRIVATE", hide = true, value_parser = clap::builder::BoolishValueParser::new())]
    pub calendar_allow_private: bool,

    /// Hours between two scheduled readings of every followed source.
    #[arg(long, env = "ATLAS_SOURCES_EVERY_HOURS", default_value_t = 6, value_parser = clap::value_parser!(u64).range(1..=168))]
    pub sources_every_hours: u64,

    /// Import these UK postcode districts (CSV, as `atlas import outcodes`
    /// reads) if none are held yet, so "near me" understands S1 or M14.
    #[arg(long, env = "ATLAS_POSTCODES")]
    pub postcodes: Option<PathBuf>,

    /// Seconds a client has to send a request's headers; an idle
    /// keep-alive connection is closed after as long.
    #[arg(long, env = "ATLAS_HEADER_TIMEOUT", default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=30))]
    pub header_timeout: u64,

    /// Most open connections in all.
    #[arg(long, env = "ATLAS_MAX_CONNECTIONS", default_value_t = 1024, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub max_connections: u64,

    /// Most open connections from one address (not applied with
    /// --trust-proxy, where every connection comes from the proxy).
    #[arg(long, env = "ATLAS_MAX_CONNECTIONS_PER_ADDRESS", default_value_t = 64, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub max_connections_per_address: u64,
}

/// What the server may read from other hosts (organisers' calendars,
/// followed sources).
#[derive(Args, Clone, Debug)]
pub struct FetchConfig {
    /// Let calendars and sources be read from private and loopback
    /// addresses (a server on this network): alone or `=true`, all of them;
    /// `=HOST:PORT,IP:PORT,…`, only those. Off: the server must not be
    /// a way into the network it runs in. ATLAS_CALENDAR_ALLOW_PRIVATE is
    /// its old name.
    #[arg(long, env = "ATLAS_ALLOW_PRIVATE_FETCH", global = true, num_args = 0..=1, require_equals = true, default_missing_value = "true", value_parser = |s: &str| s.parse::<PrivateFetch>())]
    pub allow_private_fetch: Option<PrivateFetch>,

    /// Megabytes one reading of a followed source may bring in all (an
    /// ORUK feed's pages together); 20 MB is about 5,500 full services as an atlas writes them.
    #[arg(long, env = "ATLAS_SOURCES_MAX_MB", global = true, default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=2048))]
    pub sources_max_mb: u64,
}

impl FetchConfig {
    /// This setting with its old name (read from the environment, since
    /// only `serve` took the old flag; it only ever meant all).
    pub fn allow_private(&self, serve: Option<&ServeConfig>) -> PrivateFetch {
        let old_env = std::env::var("ATLAS_CALENDAR_ALLOW_PRIVATE")
            .is_ok_and(|v| !matches!(v.trim().to_ascii_lowercase().as_str(), "" | "0" | "false" | "no" | "off"));
        let old = if serve.is_some_and(|s| s.calendar_allow_private) || old_env { PrivateFetch::Anywhere } else { PrivateFetch::Never };
        self.allow_private_fetch.clone().unwrap_or_default().or(old)
    }
}

/// Email and the links in it.
#[derive(Args, Clone, Debug)]
pub struct MailConfig {
    /// SMTP server for outgoing mail, e.g. smtp://user:pass@mail.example.org:587?tls=required.
    /// Without it, mail waits in the outbox, which admins read at /admin.
    #[arg(long, env = "ATLAS_SMTP_URL", global = true)]
    pub smtp_url: Option<String>,

    /// Sender of the site's mail.
    #[arg(long, env = "ATLAS_MAIL_FROM", default_value = "Solidarity Atlas <atlas@localhost>", global = true)]
    pub mail_from: String,

    /// The site's address as visitors reach it, for links in emails,
    /// e.g. https://atlas.example.org. Default: http://<ATLAS_ADDR>.
    #[arg(long, env = "ATLAS_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,

    /// The key that seals alert subscribers' addresses: 32 random bytes as
    /// 64 hexadecimal digits (`openssl rand -hex 32`). Without it e-mail
    /// alerts are off. Keep it apart from the database and its backups.
    #[arg(long, env = "ATLAS_ALERTS_KEY", global = true, hide_env_values = true)]
    pub alerts_key: Option<String>,
}

impl ServeConfig {
    /// Where `atlas serve` would listen, as the other commands can know it
    /// (`ATLAS_ADDR`, or the default; they take no `--addr`).
    pub fn default_addr() -> SocketAddr {
        std::env::var("ATLAS_ADDR")
            .ok()
            .and_then(|a| a.trim().parse().ok())
            .unwrap_or_else(|| DEFAULT_ADDR.parse().expect("a socket address"))
    }
}
