//! Accepting connections so that slow or idle clients cannot hold the
//! server: a client must send its first byte within the header timeout,
//! hyper's header-read timeout then covers the rest of the headers (and
//! ends keep-alive connections that wait too long for their next
//! request), a cap on connections in all and from one address, and a
//! graceful stop. HTTP/1 only: plain-text HTTP/2 is what no browser
//! speaks, and its idle connections have no timer. The whole-request and
//! body timeouts are layers of the router (`web`).

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::server::conn::http1::Builder;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use parking_lot::Mutex;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// How long and how many.
#[derive(Clone, Debug)]
pub struct ConnectionLimits {
    /// A client must send a request's headers within this time, and an
    /// idle keep-alive connection is closed after it.
    pub header_timeout: Duration,
    /// Open connections in all; more wait in the kernel's queue.
    pub max_connections: usize,
    /// Open connections from one address; None behind a proxy (every
    /// connection then comes from the proxy).
    pub max_per_address: Option<usize>,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        ConnectionLimits { header_timeout: Duration::from_secs(20), max_connections: 1024, max_per_address: Some(64) }
    }
}

/// Open connections per client address.
#[derive(Default)]
struct PerAddress(Mutex<HashMap<IpAddr, usize>>);

/// One counted connection; uncounted when dropped.
struct Counted {
    table: Arc<PerAddress>,
    ip: IpAddr,
}

impl PerAddress {
    fn take(self: &Arc<Self>, ip: IpAddr, max: usize) -> Option<Counted> {
        let mut counts = self.0.lock();
        let n = counts.entry(ip).or_insert(0);
        if *n >= max {
            return None;
        }
        *n += 1;
        Some(Counted { table: self.clone(), ip })
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        let mut counts = self.table.0.lock();
        if let Some(n) = counts.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                counts.remove(&self.ip);
            }
        }
    }
}

/// Serves `app` on `listener` until `shutdown` completes, then lets open
/// requests finish (for at most 10 seconds).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    shutdown: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let per_address = Arc::new(PerAddress::default());
    let graceful = GracefulShutdown::new();
    // hyper's own HTTP/1 server: hyper-util's automatic one reads a
    // version preface first, with no timer, and then may speak HTTP/2.
    let mut builder = Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(limits.header_timeout);
    let builder = Arc::new(builder);
    tokio::pin!(shutdown);
    loop {
        // Wait for a free slot before accepting: over the cap, new
        // connections wait in the kernel's queue instead of in memory.
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let (stream, addr) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait, go on.
                    tracing::warn!("accepting a connection failed: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let counted = match limits.max_per_address {
            Some(max) => match per_address.take(addr.ip(), max) {
                Some(c) => Some(c),
                None => continue, // dropping the stream closes it
            },
            None => None,
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(tower::ServiceExt::map_request(
            app.clone(),
            move |mut req: axum::http::Request<hyper::body::Incoming>| {
                req.extensions_mut().insert(ConnectInfo(addr));
                req
            },
        ));
        let (builder, watcher, first_byte) = (builder.clone(), graceful.watcher(), limits.header_timeout);
        tokio::spawn(async move {
            let _held = (slot, counted);
            // A client that says nothing is closed, whatever it meant to speak.
            let mut byte = [0u8; 1];
            match tokio::time::timeout(first_byte, stream.peek(&mut byte)).await {
                Ok(Ok(n)) if n > 0 => {}
                _ => return,
            }
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            if let Err(e) = watcher.watch(connection).await {
                tracing::debug!("connection from a client ended: {e}");
            }
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(Duration::from_secs(10)) => tracing::warn!("some requests were still running after 10 s at shutdown"),
    }
    Ok(())
}
