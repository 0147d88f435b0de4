//! Who is asking: a request's client address, for rate limits and the
//! per-reader counts (never stored).

use axum::extract::ConnectInfo;
use axum::http::request::Parts;
use std::net::{IpAddr, SocketAddr};

/// A request's client address: the proxy's word when it is trusted, else
/// the connection's (never stored).
pub fn client_of(parts: &Parts, trust_proxy: bool) -> IpAddr {
    let forwarded =
        trust_proxy.then(|| parts.headers.get("x-forwarded-for")?.to_str().ok()?.rsplit(',').next()?.trim().parse().ok()).flatten();
    forwarded.or_else(|| parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip())).unwrap_or(IpAddr::from([0, 0, 0, 0]))
}
