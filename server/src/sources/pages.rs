//! A source's pages read into records as they arrive, and the records
//! staged in the database a chunk at a time (`source_staging`): a reading
//! holds one chunk of records, however large the source.

use super::parse::{self, Codes, Incoming, Terms};
use crate::store::Store;
use app::problem::Problem;
use app::source::{Mapping, SourceFormat};
use sha2::{Digest, Sha256};

/// What a reading has made of the pages so far: each page is hashed and
/// read into records (on a blocking thread) as it arrives, then let go;
/// every full chunk of records is staged.
pub struct PageReader {
    pub(super) pages: Option<Pages>,
    pub(super) staging: Staging,
}

pub(super) struct Pages {
    pub(super) format: SourceFormat,
    pub(super) mapping: Mapping,
    pub(super) kind: String,
    pub(super) kinds: Vec<String>,
    pub(super) max_records: usize,
    pub(super) codes: Codes,
    pub(super) hash: Sha256,
    /// Records read and not yet staged.
    pub(super) records: Vec<Incoming>,
    /// Records read before these (staged).
    pub(super) staged: usize,
    /// Records a staged chunk holds.
    pub(super) chunk: usize,
}

/// Where a reading's records wait until it is complete.
pub(super) struct Staging {
    pub(super) store: Store,
    pub(super) source_id: i64,
    /// This reading's key (a reading of the same source on another
    /// instance stages its own).
    pub(super) reading: String,
    pub(super) started_at: String,
    /// Chunks staged so far, numbered from 0.
    pub(super) chunks: i64,
}

impl Pages {
    /// `read`'s count is what this page adds to those staged before.
    fn counted(&self, read: Result<(), Problem>) -> Result<(), Problem> {
        read.map_err(|p| match p {
            Problem::SourceTooManyRecords { given, .. } => {
                Problem::SourceTooManyRecords { given: given + self.staged, max: self.max_records }
            }
            p => p,
        })
    }

    fn read(mut self, page: String) -> Result<(Self, Vec<String>), Problem> {
        self.hash.update(page.as_bytes());
        self.hash.update([0]);
        let terms = Terms::remembering(&self.mapping, &self.kind, &self.kinds, std::mem::take(&mut self.codes));
        let left = self.max_records.saturating_sub(self.staged);
        let read = parse::read_page(self.format, &page, &terms, left, &mut self.records);
        self.codes = terms.into_codes();
        self.counted(read)?;
        let full = self.full_chunks(false);
        Ok((self, full))
    }

    /// Whole lines of an ndjson stream, in the order they came. Each line
    /// is hashed as it is (however the stream was cut into batches), so an
    /// unchanged stream has the same hash.
    fn read_lines(mut self, lines: String, first_line: usize) -> Result<(Self, Vec<String>), Problem> {
        for line in lines.lines() {
            self.hash.update(line.as_bytes());
            self.hash.update(b"\n");
        }
        let terms = Terms::remembering(&self.mapping, &self.kind, &self.kinds, std::mem::take(&mut self.codes));
        let left = self.max_records.saturating_sub(self.staged);
        let read = parse::read_lines(&lines, first_line, &terms, left, &mut self.records);
        self.codes = terms.into_codes();
        self.counted(read)?;
        let full = self.full_chunks(false);
        Ok((self, full))
    }

    /// Each full chunk of records (every record left, at the end) as
    /// lines of JSON, to stage.
    fn full_chunks(&mut self, end: bool) -> Vec<String> {
        let mut out = Vec::new();
        let chunk = self.chunk.max(1);
        while self.records.len() >= chunk || end && !self.records.is_empty() {
            let take = chunk.min(self.records.len());
            let mut text = String::new();
            for r in self.records.drain(..take) {
                text.push_str(&serde_json::to_string(&r).unwrap_or_default());
                text.push('\n');
            }
            self.staged += take;
            out.push(text);
        }
        out
    }

    /// Every record read.
    pub(super) fn count(&self) -> usize {
        self.staged + self.records.len()
    }
}

impl PageReader {
    async fn stage(&mut self, chunks: Vec<String>) -> Result<(), Problem> {
        for text in chunks {
            let s = &self.staging;
            let seq = s.chunks;
            let stored = s.store.write(async |tx| tx.stage_records(&s.reading, seq, s.source_id, &s.started_at, &text).await).await;
            stored.map_err(|e| {
                tracing::error!("staging source {} records failed: {e}", s.source_id);
                Problem::Fault
            })?;
            self.staging.chunks += 1;
        }
        Ok(())
    }

    async fn work(&mut self, work: impl FnOnce(Pages) -> Result<(Pages, Vec<String>), Problem> + Send + 'static) -> Result<(), Problem> {
        let pages = self.pages.take().ok_or(Problem::Fault)?;
        let (pages, full) = tokio::task::spawn_blocking(move || work(pages)).await.map_err(|_| Problem::Fault)??;
        self.pages = Some(pages);
        self.stage(full).await
    }

    /// Lines of an ndjson stream (whole lines only), off the async workers.
    pub(super) async fn read_lines(&mut self, lines: String, first_line: usize) -> Result<(), Problem> {
        self.work(move |pages| pages.read_lines(lines, first_line)).await
    }

    /// Parsed off the async workers: a page never holds up requests.
    pub(super) async fn read(&mut self, page: String) -> Result<(), Problem> {
        self.work(move |pages| pages.read(page)).await
    }

    /// The copy is read to its end: the records left are staged too.
    pub(super) async fn finish(&mut self) -> Result<(), Problem> {
        self.work(|mut pages| {
            let rest = pages.full_chunks(true);
            Ok((pages, rest))
        })
        .await
    }
}
