//! Reading a calendar from the address an organiser gave: http(s) only,
//! never into a private network unless the operator allows it (the server
//! must not be a way into its own network), bounded in size and time,
//! conditional on what the last good copy's validators say.

use app::problem::Problem;
use reqwest::header::{ACCEPT, CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, LOCATION};
use reqwest::Url;
use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;
use std::time::Duration;

/// How calendars are read; the operator may let them come from private
/// addresses (a calendar server on the same network).
#[derive(Clone, Debug)]
pub struct FetchRules {
    /// Every private address may be read.
    pub allow_private: bool,
    /// Only these private places may be read (one server on the same
    /// network; a test's loopback port): a redirect elsewhere inside is
    /// still refused.
    pub allow_private_to: Vec<PrivatePeer>,
    pub max_bytes: usize,
    pub timeout: Duration,
    /// Series one calendar may hold.
    pub max_series: usize,
    /// Between two readings of a calendar that reads well.
    pub every: Duration,
}

impl Default for FetchRules {
    fn default() -> Self {
        FetchRules {
            allow_private: false,
            allow_private_to: Vec::new(),
            max_bytes: 2 * 1024 * 1024,
            timeout: Duration::from_secs(20),
            max_series: 500,
            every: Duration::from_secs(3600),
        }
    }
}

/// One private place the operator lets calendars and sources be read
/// from: `IP:port` (`[::1]:8080` for IPv6) or `host:port` (the name as
/// written in the address, whatever it resolves to).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrivatePeer {
    Socket(SocketAddr),
    Host { name: String, port: u16 },
}

impl FromStr for PrivatePeer {
    type Err = String;

    fn from_str(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        let bad = || format!("{raw:?} is not host:port or IP:port (e.g. 10.0.0.5:8080, [::1]:8080, calendar.lan:443)");
        if let Ok(socket) = raw.parse::<SocketAddr>() {
            return Ok(PrivatePeer::Socket(socket));
        }
        let (name, port) = raw.rsplit_once(':').ok_or_else(bad)?;
        let port = port.parse::<u16>().map_err(|_| bad())?;
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        let fits = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '.';
        if name.is_empty() || !name.chars().all(fits) || name.parse::<IpAddr>().is_ok() {
            return Err(bad());
        }
        Ok(PrivatePeer::Host { name, port })
    }
}

impl PrivatePeer {
    fn admits(&self, host: &str, addr: SocketAddr) -> bool {
        match self {
            PrivatePeer::Socket(s) => *s == addr,
            PrivatePeer::Host { name, port } => *port == addr.port() && host.trim_end_matches('.').eq_ignore_ascii_case(name),
        }
    }
}

/// What the operator allows of private addresses: `1`/`true`/`yes`/`on`
/// every one, `0`/`false`/`no`/`off` or nothing none, else a
/// comma-separated list of `host:port` or `IP:port`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum PrivateFetch {
    #[default]
    Never,
    Anywhere,
    Only(Vec<PrivatePeer>),
}

impl FromStr for PrivateFetch {
    type Err = String;

    fn from_str(raw: &str) -> Result<Self, String> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "" | "0" | "false" | "no" | "off" => Ok(PrivateFetch::Never),
            "1" | "true" | "yes" | "on" => Ok(PrivateFetch::Anywhere),
            _ => {
                let parts: Vec<&str> = raw.split(',').map(str::trim).filter(|p| !p.is_empty()).collect();
                if parts.len() > 100 {
                    return Err("at most 100 host:port places".into());
                }
                Ok(PrivateFetch::Only(parts.into_iter().map(str::parse).collect::<Result<_, _>>()?))
            }
        }
    }
}

impl PrivateFetch {
    /// Both settings together (the old name only ever meant "all").
    pub fn or(self, other: PrivateFetch) -> PrivateFetch {
        match (self, other) {
            (PrivateFetch::Anywhere, _) | (_, PrivateFetch::Anywhere) => PrivateFetch::Anywhere,
            (PrivateFetch::Only(mut a), PrivateFetch::Only(b)) => {
                a.extend(b);
                PrivateFetch::Only(a)
            }
            (PrivateFetch::Never, x) | (x, PrivateFetch::Never) => x,
        }
    }

    pub fn apply_to(self, rules: &mut FetchRules) {
        match self {
            PrivateFetch::Never => (rules.allow_private, rules.allow_private_to) = (false, Vec::new()),
            PrivateFetch::Anywhere => (rules.allow_private, rules.allow_private_to) = (true, Vec::new()),
            PrivateFetch::Only(peers) => (rules.allow_private, rules.allow_private_to) = (false, peers),
        }
    }
}

/// What the calendar's server gave.
#[derive(Debug)]
pub enum Fetched {
    NotModified,
    Body { text: String, etag: Option<String>, last_modified: Option<String> },
}

const MAX_REDIRECTS: usize = 5;

/// The address as we will fetch it: `webcal://` (what calendar apps
/// offer) is read over https.
pub fn check_address(raw: &str) -> Result<Url, Problem> {
    let raw = raw.trim();
    let bad = || Problem::CalendarAddress { given: raw.chars().take(80).collect() };
    let url = Url::parse(raw).map_err(|_| bad())?;
    let url = match url.scheme() {
        "http" | "https" => url,
        "webcal" | "webcals" => Url::parse(&format!("https{}", &raw[raw.find(':').expect("a scheme has a colon")..])).map_err(|_| bad())?,
        _ => return Err(bad()),
    };
    // The normalised address is what is stored (a database rule keeps it
    // to 500): percent-encoding can make it longer than what was typed.
    if url.host_str().is_none_or(str::is_empty) || raw.len() > 500 || url.as_str().len() > 500 {
        return Err(bad());
    }
    Ok(url)
}

/// An address as a person is shown it: without a user name, password,
/// query or fragment (a calendar's secret token often sits there), at
/// most 200 characters.
fn shown(url: &Url) -> String {
    let mut bare = url.clone();
    let _ = bare.set_username("");
    let _ = bare.set_password(None);
    bare.set_query(None);
    bare.set_fragment(None);
    bare.as_str().chars().take(200).collect()
}

/// Addresses anyone on the internet could reach: not loopback, private,
/// link-local, shared (carrier NAT), documentation, multicast or reserved.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(a) => {
            let [b0, b1, b2, _] = a.octets();
            !(a.is_private()
                || a.is_loopback()
                || a.is_link_local()
                || a.is_broadcast()
                || a.is_documentation()
                || a.is_unspecified()
                || a.is_multicast()
                || b0 == 0
                || b0 >= 240
                || (b0 == 100 && (64..128).contains(&b1))
                || (b0 == 192 && b1 == 0 && b2 == 0)
                || (b0 == 198 && (b1 == 18 || b1 == 19)))
        }
        IpAddr::V6(a) => {
            if let Some(v4) = a.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let s = a.segments();
            !(a.is_loopback()
                || a.is_unspecified()
                || a.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00
                || (s[0] & 0xffc0) == 0xfe80
                || (s[0] == 0x2001 && s[1] == 0x0db8)
                || (s[0] == 0x64 && s[1] == 0xff9b))
        }
    }
}

/// Where the host is, checked: every address it resolves to must be
/// public (unless allowed), and the request goes to exactly those, so a
/// second lookup cannot point elsewhere.
async fn resolve(url: &Url, rules: &FetchRules) -> Result<Vec<SocketAddr>, Problem> {
    let host = url.host_str().unwrap_or_default().trim_matches(['[', ']']).to_string();
    let port = url.port_or_known_default().unwrap_or(443);
    let unreachable = || Problem::CalendarUnreachable { host: host.clone() };
    let addrs: Vec<SocketAddr> = match host.parse::<IpAddr>() {
        Ok(ip) => vec![SocketAddr::new(ip, port)],
        Err(_) => tokio::time::timeout(rules.timeout, tokio::net::lookup_host((host.as_str(), port)))
            .await
            .map_err(|_| unreachable())?
            .map_err(|_| unreachable())?
            .collect(),
    };
    if addrs.is_empty() {
        return Err(unreachable());
    }
    let allowed = |a: &SocketAddr| rules.allow_private || is_public(a.ip()) || rules.allow_private_to.iter().any(|p| p.admits(&host, *a));
    if !addrs.iter().all(allowed) {
        // With the port when one was written: the operator can allow exactly that place.
        let place = match url.port() {
            Some(p) if host.contains(':') => format!("[{host}]:{p}"),
            Some(p) => format!("{host}:{p}"),
            None => host,
        };
        return Err(Problem::CalendarPrivateAddress { host: place });
    }
    Ok(addrs)
}

/// Fetches the calendar, following a few redirects (each checked as the
/// first address was).
pub async fn fetch(url: &Url, etag: Option<&str>, last_modified: Option<&str>, rules: &FetchRules) -> Result<Fetched, Problem> {
    fetch_accepting(url, etag, last_modified, rules, "text/calendar, text/plain;q=0.5, */*;q=0.1").await
}

/// The same guards for any document (followed sources ask for JSON or CSV).
pub async fn fetch_accepting(
    url: &Url,
    etag: Option<&str>,
    last_modified: Option<&str>,
    rules: &FetchRules,
    accept: &str,
) -> Result<Fetched, Problem> {
    let (mut response, etag, last_modified) = match open(url, etag, last_modified, rules, accept).await? {
        Opened::NotModified => return Ok(Fetched::NotModified),
        Opened::Body { response, etag, last_modified, .. } => (response, etag, last_modified),
    };
    let host = url.host_str().unwrap_or_default().to_string();
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|_| Problem::CalendarUnreachable { host: host.clone() })? {
        if body.len() + chunk.len() > rules.max_bytes {
            return Err(Problem::CalendarTooLarge { max: rules.max_bytes / 1024 });
        }
        body.extend_from_slice(&chunk);
    }
    let text = String::from_utf8(body).map_err(|_| Problem::CalendarNotIcs)?;
    Ok(Fetched::Body { text, etag, last_modified })
}

/// An answer whose body is still to be read (a stream read as it arrives).
pub enum Opened {
    NotModified,
    Body {
        response: Box<reqwest::Response>,
        /// Its `Content-Type`, lower-cased, without parameters.
        media_type: String,
        etag: Option<String>,
        last_modified: Option<String>,
    },
}

/// The request with every guard but the body's size, which the caller
/// counts as it reads (a declared length over the limit is refused here).
pub async fn open(url: &Url, etag: Option<&str>, last_modified: Option<&str>, rules: &FetchRules, accept: &str) -> Result<Opened, Problem> {
    let mut url = url.clone();
    // The address that sent us to `url`, if one did.
    let mut redirected_by: Option<Url> = None;
    for _ in 0..=MAX_REDIRECTS {
        let addrs = resolve(&url, rules).await.map_err(|p| match (p, &redirected_by) {
            // Said as a redirect: the address the person gave is not the one refused.
            (Problem::CalendarPrivateAddress { host }, Some(from)) => {
                Problem::CalendarRedirectedPrivate { from: shown(from), to: shown(&url), host }
            }
            (p, _) => p,
        })?;
        let host = url.host_str().unwrap_or_default().to_string();
        let unreachable = || Problem::CalendarUnreachable { host: host.clone() };
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            // Straight to the checked addresses: a proxy would look the name up again.
            .no_proxy()
            .timeout(rules.timeout)
            .connect_timeout(rules.timeout.min(Duration::from_secs(10)))
            .user_agent(concat!("SolidarityAtlas/", env!("CARGO_PKG_VERSION"), " (calendar and directory reader)"))
            .resolve_to_addrs(&host, &addrs)
            .build()
            .map_err(|_| unreachable())?;
        let mut request = client.get(url.clone()).header(ACCEPT, accept);
        if let Some(e) = etag {
            request = request.header(IF_NONE_MATCH, e);
        }
        if let Some(m) = last_modified {
            request = request.header(IF_MODIFIED_SINCE, m);
        }
        let response = request.send().await.map_err(|_| unreachable())?;
        let status = response.status();
        if status == reqwest::StatusCode::NOT_MODIFIED {
            return Ok(Opened::NotModified);
        }
        if status.is_redirection() {
            let next = response.headers().get(LOCATION).and_then(|l| l.to_str().ok()).and_then(|l| url.join(l).ok());
            let next = match next {
                Some(next) if matches!(next.scheme(), "http" | "https") => next,
                _ => return Err(Problem::CalendarAnswered { status: status.as_u16().into() }),
            };
            redirected_by = Some(std::mem::replace(&mut url, next));
            continue;
        }
        if !status.is_success() {
            return Err(Problem::CalendarAnswered { status: status.as_u16().into() });
        }
        if response.content_length().is_some_and(|n| n > rules.max_bytes as u64) {
            return Err(Problem::CalendarTooLarge { max: rules.max_bytes / 1024 });
        }
        let header = |name| response.headers().get(name).and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok()).map(str::to_string);
        let (etag, last_modified) = (header(ETAG), header(LAST_MODIFIED));
        let media_type = header(CONTENT_TYPE).unwrap_or_default();
        let media_type = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        return Ok(Opened::Body { response: Box::new(response), media_type, etag, last_modified });
    }
    Err(Problem::CalendarUnreachable { host: url.host_str().unwrap_or_default().to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 256, ..Default::default() })]
        /// The fuzz target's check, for a moment in every test run.
        #[test]
        fn any_address_is_refused_or_fits_the_database(path in "[ -~\u{a0}-\u{24f}%]{0,200}", scheme in proptest::sample::select(vec!["https://", "http://", "webcal://", "ftp://", ""])) {
            if let Ok(url) = check_address(&format!("{scheme}calendar.example/{path}")) {
                proptest::prop_assert!(url.as_str().len() <= 500 && matches!(url.scheme(), "http" | "https"));
            }
        }
    }

    #[test]
    fn an_address_that_grows_past_the_limit_when_normalised_is_refused() {
        // Issue 27: 300 spaces become 900 characters as %20.
        let grows = format!("https://calendar.example/{}", " x".repeat(150).replace(' ', "\u{a0}"));
        assert!(grows.len() <= 500);
        assert!(matches!(check_address(&grows), Err(Problem::CalendarAddress { .. })));
        assert!(check_address("https://calendar.example/group.ics").is_ok());
    }

    #[test]
    fn only_public_addresses_are_public() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
        ] {
            assert!(!is_public(private.parse().unwrap()), "{private}");
        }
        for public in ["1.1.1.1", "81.2.69.142", "2a00:1450:4009:81f::200e"] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
    }

    #[test]
    fn the_operator_allows_all_none_or_exactly_some_private_places() {
        assert_eq!("1".parse(), Ok(PrivateFetch::Anywhere));
        assert_eq!(" TRUE ".parse(), Ok(PrivateFetch::Anywhere));
        assert_eq!("off".parse(), Ok(PrivateFetch::Never));
        assert_eq!("".parse(), Ok(PrivateFetch::Never));
        let only: PrivateFetch = "127.0.0.1:8080, [::1]:9, Calendar.LAN:443".parse().unwrap();
        let PrivateFetch::Only(peers) = only else { panic!("{only:?}") };
        assert_eq!(peers.len(), 3);
        let at = |s: &str| s.parse::<SocketAddr>().unwrap();
        assert!(peers[0].admits("127.0.0.1", at("127.0.0.1:8080")) && !peers[0].admits("127.0.0.1", at("127.0.0.1:8081")));
        assert!(peers[1].admits("::1", at("[::1]:9")));
        assert!(peers[2].admits("calendar.lan", at("10.0.0.5:443")) && !peers[2].admits("other.lan", at("10.0.0.5:443")));
        for bad in ["127.0.0.1", "calendar.lan", "host:port", "a b:80", "10.0.0.1:99999", "127.0.0.1:80,x"] {
            assert!(bad.parse::<PrivateFetch>().is_err(), "{bad}");
        }
    }

    #[test]
    fn addresses_are_http_https_or_webcal() {
        assert_eq!(check_address("webcal://example.org/cal.ics").unwrap().as_str(), "https://example.org/cal.ics");
        assert!(check_address("https://calendar.google.com/calendar/ical/x/public/basic.ics").is_ok());
        for bad in ["ftp://example.org/cal.ics", "file:///etc/passwd", "example.org/cal.ics", "", "https://"] {
            assert!(matches!(check_address(bad), Err(Problem::CalendarAddress { .. })), "{bad}");
        }
    }
}
