//! Reading a source's copy with the calendars' guards (http(s) only, no
//! private addresses unless the operator allows them, redirects checked,
//! bounded size and time), conditional on the last good copy's validators.
//! An ORUK feed is asked for its whole list as one `format=ndjson` stream
//! (another atlas, and any feed that honours the parameter), read line by
//! line as it arrives; a feed that answers something else is read page by
//! page. Either way every page or line counts toward the same bounds, and
//! a list that ends before the records it announced (a stream's
//! `X-Total-Count`, the pages' `total_items`) is a failed reading: a
//! lockdown at the origin or a dropped connection ends it early, and what
//! it did not send must not be taken as gone.

use crate::events::fetch::{fetch_accepting, open, FetchRules, Fetched, Opened};
use app::problem::Problem;
use app::source::SourceFormat;
use reqwest::Url;

/// What a source's server gave.
pub enum Copy {
    NotModified,
    /// Every page (one for GeoJSON and CSV) was handed to the reader;
    /// these are the first page's validators.
    Read {
        etag: Option<String>,
        last_modified: Option<String>,
    },
}

/// The calendars' problems in a source's words.
pub fn as_source_problem(p: Problem) -> Problem {
    match p {
        Problem::CalendarAddress { given } => Problem::SourceAddress { given },
        Problem::CalendarPrivateAddress { host } => Problem::SourcePrivateAddress { host },
        Problem::CalendarRedirectedPrivate { from, to, host } => Problem::SourceRedirectedPrivate { from, to, host },
        Problem::CalendarUnreachable { host } => Problem::SourceUnreachable { host },
        Problem::CalendarAnswered { status } => Problem::SourceAnswered { status },
        Problem::CalendarTooLarge { max } => Problem::SourceTooLarge { max },
        Problem::CalendarNotIcs => Problem::SourceUnreadable { detail: "not UTF-8 text".into() },
        other => other,
    }
}

/// The address as it will be read: http or https, at most 500 characters.
pub fn check_address(raw: &str) -> Result<Url, Problem> {
    let url = crate::events::fetch::check_address(raw).map_err(as_source_problem)?;
    if url.scheme() != "http" && url.scheme() != "https" || raw.trim().starts_with("webcal") {
        return Err(Problem::SourceAddress { given: raw.chars().take(80).collect() });
    }
    Ok(url)
}

/// An ORUK list page's address under the API's base address.
fn oruk_page(base: &Url, page: usize) -> Result<Url, Problem> {
    let base = base.as_str().trim_end_matches('/');
    Url::parse(&format!("{base}/services?page={page}&per_page=200&full=true")).map_err(|_| Problem::SourceAddress { given: base.into() })
}

/// An ORUK feed's whole service list as one stream.
fn oruk_stream(base: &Url) -> Result<Url, Problem> {
    let base = base.as_str().trim_end_matches('/');
    Url::parse(&format!("{base}/services?format=ndjson&full=true")).map_err(|_| Problem::SourceAddress { given: base.into() })
}

/// What an answer in lines of JSON calls itself.
fn is_ndjson(media_type: &str) -> bool {
    matches!(
        media_type,
        "application/x-ndjson" | "application/ndjson" | "application/jsonl" | "application/x-jsonlines" | "application/jsonlines"
    )
}

/// The records a stream announces before its body (`X-Total-Count`, as
/// the pages' `total_items`): without it a stream cut short cannot be told
/// from a complete one, and the pages are read instead.
fn announced(response: &reqwest::Response) -> Option<usize> {
    response.headers().get("x-total-count")?.to_str().ok()?.trim().parse().ok()
}

/// Lines handed to the reader at once: large enough that a blocking
/// thread is worth its start, small enough that little is held.
const LINES_AT_ONCE: usize = 256 * 1024;

/// Reads an ndjson answer as it arrives: whole lines are handed to the
/// reader a batch at a time; the bytes are counted against the size
/// allowed and the records against the count as they come (one pass).
/// Fewer lines than `announced` (the stream broke off, or ended early) is
/// a list cut short.
async fn read_stream(
    mut response: Box<reqwest::Response>,
    rules: &FetchRules,
    announced: usize,
    reader: &mut super::pages::PageReader,
) -> Result<(), Problem> {
    let (mut size, mut held, mut line, mut got) = (0usize, Vec::new(), 1usize, 0usize);
    let mut hand_over = async |bytes: Vec<u8>, line: &mut usize, got: &mut usize| -> Result<(), Problem> {
        let text = String::from_utf8(bytes).map_err(|_| Problem::SourceUnreadable { detail: "not UTF-8 text".into() })?;
        let first = *line;
        *line += text.matches('\n').count();
        *got += text.lines().filter(|l| !l.trim().is_empty()).count();
        reader.read_lines(text, first).await
    };
    loop {
        let chunk = match response.chunk().await {
            Ok(Some(chunk)) => chunk,
            Ok(None) => break,
            // Broken off mid-way: the whole lines that came say how far.
            Err(_) => return Err(Problem::SourceCutShort { announced, got: got + held.iter().filter(|&&b| b == b'\n').count() }),
        };
        size += chunk.len();
        if size > rules.max_bytes {
            return Err(Problem::SourceTooLarge { max: rules.max_bytes / 1024 });
        }
        held.extend_from_slice(&chunk);
        if held.len() >= LINES_AT_ONCE {
            if let Some(end) = held.iter().rposition(|&b| b == b'\n') {
                let rest = held.split_off(end + 1);
                hand_over(std::mem::replace(&mut held, rest), &mut line, &mut got).await?;
            }
        }
    }
    // The last line may end without a newline.
    hand_over(held, &mut line, &mut got).await?;
    // More than announced is the list grown while it was sent.
    if got < announced {
        return Err(Problem::SourceCutShort { announced, got });
    }
    Ok(())
}

/// Reads the copy, handing each page to `reader` as it arrives (a national
/// feed's pages are never all held at once); the pages together stay
/// within the size allowed.
pub async fn fetch(
    url: &Url,
    format: SourceFormat,
    etag: Option<&str>,
    last_modified: Option<&str>,
    rules: &FetchRules,
    max_records: usize,
    reader: &mut super::pages::PageReader,
) -> Result<Copy, Problem> {
    let accept = match format {
        SourceFormat::Oruk => "application/json",
        SourceFormat::Geojson => "application/geo+json, application/json;q=0.9, */*;q=0.1",
        SourceFormat::Csv => "text/csv, text/plain;q=0.5, */*;q=0.1",
    };
    if format == SourceFormat::Oruk {
        let asked = "application/x-ndjson, application/json;q=0.5";
        match open(&oruk_stream(url)?, etag, last_modified, rules, asked).await.map_err(as_source_problem) {
            Ok(Opened::NotModified) => return Ok(Copy::NotModified),
            Ok(Opened::Body { response, media_type, etag, last_modified }) if is_ndjson(&media_type) && announced(&response).is_some() => {
                let count = announced(&response).unwrap_or_default();
                if count > max_records {
                    return Err(Problem::SourceTooManyRecords { given: count, max: max_records });
                }
                read_stream(response, rules, count, reader).await?;
                return Ok(Copy::Read { etag, last_modified });
            }
            // A feed that ignores the parameter (its first page, dropped
            // unread), streams without saying how much, or refuses it: its pages.
            Ok(Opened::Body { .. }) => {}
            Err(Problem::SourceAnswered { status }) if (400..500).contains(&status) => {}
            Err(p) => return Err(p),
        }
    }
    let first = match format {
        SourceFormat::Oruk => oruk_page(url, 1)?,
        _ => url.clone(),
    };
    let (text, etag, last_modified) = match fetch_accepting(&first, etag, last_modified, rules, accept).await.map_err(as_source_problem)? {
        Fetched::NotModified => return Ok(Copy::NotModified),
        Fetched::Body { text, etag, last_modified } => (text, etag, last_modified),
    };
    if format != SourceFormat::Oruk {
        reader.read(text).await?;
        return Ok(Copy::Read { etag, last_modified });
    }
    let first = super::parse::oruk_totals(&text);
    let total = first.total_pages;
    // Two hundred a page: more pages than the records allowed is refused now.
    let most = max_records.div_ceil(200).max(1);
    if total > most {
        return Err(Problem::SourceTooManyRecords { given: total * 200, max: max_records });
    }
    let (mut size, mut got) = (text.len(), first.size);
    reader.read(text).await?;
    for page in 2..=total {
        let left = FetchRules { max_bytes: rules.max_bytes.saturating_sub(size), ..rules.clone() };
        if left.max_bytes == 0 {
            return Err(Problem::SourceTooLarge { max: rules.max_bytes / 1024 });
        }
        match fetch_accepting(&oruk_page(url, page)?, None, None, &left, accept).await.map_err(as_source_problem)? {
            Fetched::Body { text, .. } => {
                size += text.len();
                got += super::parse::oruk_totals(&text).size;
                reader.read(text).await?;
            }
            Fetched::NotModified => return Err(Problem::SourceAnswered { status: 304 }),
        }
    }
    // Pages that came back short (a lockdown empties them) are a list cut
    // short, as a stream is.
    if let Some(announced) = first.total_items.filter(|&n| got < n) {
        return Err(Problem::SourceCutShort { announced, got });
    }
    Ok(Copy::Read { etag, last_modified })
}
