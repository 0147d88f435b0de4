//! A source's pages read into records as they arrive.

use super::parse::{self, Codes, Incoming, Terms};
use app::problem::Problem;
use app::source::{Mapping, SourceFormat};
use sha2::{Digest, Sha256};

/// What a reading has made of the pages so far: each page is hashed and
/// read into records (on a blocking thread) as it arrives, then let go.
pub struct PageReader(pub(super) Option<Pages>);

pub(super) struct Pages {
    pub(super) format: SourceFormat,
    pub(super) mapping: Mapping,
    pub(super) kind: String,
    pub(super) kinds: Vec<String>,
    pub(super) max_records: usize,
    pub(super) codes: Codes,
    pub(super) hash: Sha256,
    pub(super) records: Vec<Incoming>,
}

impl Pages {
    fn read(mut self, page: String) -> Result<Self, Problem> {
        self.hash.update(page.as_bytes());
        self.hash.update([0]);
        let terms = Terms::remembering(&self.mapping, &self.kind, &self.kinds, std::mem::take(&mut self.codes));
        let read = parse::read_page(self.format, &page, &terms, self.max_records, &mut self.records);
        self.codes = terms.into_codes();
        read.map(|()| self)
    }
}

impl Pages {
    /// Whole lines of an ndjson stream, in the order they came. Each line
    /// is hashed as it is (however the stream was cut into batches), so an
    /// unchanged stream has the same hash.
    fn read_lines(mut self, lines: String, first_line: usize) -> Result<Self, Problem> {
        for line in lines.lines() {
            self.hash.update(line.as_bytes());
            self.hash.update(b"\n");
        }
        let terms = Terms::remembering(&self.mapping, &self.kind, &self.kinds, std::mem::take(&mut self.codes));
        let read = parse::read_lines(&lines, first_line, &terms, self.max_records, &mut self.records);
        self.codes = terms.into_codes();
        read.map(|()| self)
    }
}

impl PageReader {
    /// Lines of an ndjson stream (whole lines only), off the async workers.
    pub(super) async fn read_lines(&mut self, lines: String, first_line: usize) -> Result<(), Problem> {
        let pages = self.0.take().ok_or(Problem::Fault)?;
        self.0 = Some(tokio::task::spawn_blocking(move || pages.read_lines(lines, first_line)).await.map_err(|_| Problem::Fault)??);
        Ok(())
    }

    /// Parsed off the async workers: a page never holds up requests.
    pub(super) async fn read(&mut self, page: String) -> Result<(), Problem> {
        let pages = self.0.take().ok_or(Problem::Fault)?;
        self.0 = Some(tokio::task::spawn_blocking(move || pages.read(page)).await.map_err(|_| Problem::Fault)??);
        Ok(())
    }
}
