//! How sources are read, and the admin's "read it now" requests.

use std::time::Duration;

/// How sources are read.
#[derive(Clone, Debug)]
pub struct SourceRules {
    pub max_bytes: usize,
    pub timeout: Duration,
    pub max_records: usize,
    /// Records of a reading matched and written together: only this
    /// many records' offers are held at once (the benchmark sets it to
    /// all of them to compare).
    pub chunk: usize,
    /// Between two scheduled readings of every source.
    pub every: Duration,
}

impl Default for SourceRules {
    fn default() -> Self {
        SourceRules {
            max_bytes: 20 * 1024 * 1024,
            timeout: Duration::from_secs(60),
            max_records: 100_000,
            chunk: 2_000,
            every: Duration::from_secs(6 * 3600),
        }
    }
}

/// Sources an admin asked to read now, for the background reader: a
/// reading can take minutes (a national directory), too long to hold the
/// admin's request, and one reader reads one source at a time (pressing
/// the button twice never offers records twice).
#[derive(Default)]
pub struct ReadNow {
    pub(super) ids: parking_lot::Mutex<Vec<i64>>,
    pub(super) ready: tokio::sync::Notify,
}
