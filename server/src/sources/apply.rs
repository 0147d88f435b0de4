//! One reading of a source: fetched (each page read into records on a
//! blocking thread as it arrives, the records staged in the database a
//! chunk at a time) and, once complete, matched from there a chunk at a
//! time outside any transaction, then every
//! record that changed offered to moderators — or, from a trusted source,
//! published — in transactions of `CHUNK` records each with their
//! source records, and every record gone from the source archived here
//! with the reading's outcome in the last. A failed reading changes
//! nothing but its record; a failure between chunks leaves whole chunks,
//! which the next reading finds unchanged.

use super::fetch::{self, Copy};
use super::matching::{Known, Offer, Planner};
use super::pages::{PageReader, Pages, Staging};
use super::parse::{Codes, Incoming};
use crate::atlas::Atlas;
use crate::events::fetch::FetchRules;
use crate::moderation::{record_value, ActionError};
use crate::store::sources::{SourceReading, StoredSource};
use crate::store::NewSubmission;
use app::listing_input::ListingInput;
use app::people::{Entity, SubmissionAction, SubmissionStatus};
use app::problem::Problem;
use app::source::{FetchOutcome, SourceCounts, SourceSummary};
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// How a reading ended, for the command line and the admin.
#[derive(Debug)]
pub struct Reading {
    pub outcome: FetchOutcome,
    pub counts: SourceCounts,
    pub problem: Option<Problem>,
}

/// A copy that differs from the last good one, read into records
/// staged under `reading` in `chunks` chunks.
struct NewCopy {
    reading: String,
    chunks: i64,
    records: usize,
    etag: Option<String>,
    last_modified: Option<String>,
    hash: String,
}

enum Step {
    /// Unchanged or failed: nothing of it is kept.
    Unchanged,
    Failed(Problem),
    Read(Box<NewCopy>),
}

/// Offers written in one transaction: a chunk is stored whole or not at
/// all, and other writers (a registration, a moderator) wait for one
/// chunk at most, never for a whole national reading.
const CHUNK: usize = 500;

/// Work on a blocking thread (matching is CPU-bound), its panic passed on.
async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, ActionError> {
    tokio::task::spawn_blocking(work).await.map_err(|e| match e.try_into_panic() {
        Ok(panic) => std::panic::resume_unwind(panic),
        // Only when the runtime shuts down.
        Err(_) => ActionError::Store(sqlx::Error::WorkerCrashed),
    })
}

impl Atlas {
    /// Reads a source now (the schedule, `atlas sources fetch`, the admin's button).
    pub async fn fetch_source(self: &Arc<Self>, id: i64) -> Result<Reading, ActionError> {
        let source = self.store.source(id).await?.ok_or(ActionError::NotFound(Problem::NoSuchSource))?;
        let name = source.summary.name.clone();
        let earlier = source.summary.counts;
        let step = self.read_copy(&source).await;
        let (outcome, problem, counts) = match step {
            Step::Read(copy) => {
                let applied = self.apply_copy(&source, &copy).await;
                // Its staged records go, whatever came of it.
                self.store.write(async |tx| tx.drop_staged(&copy.reading, &crate::store::hours_ago(24)).await).await?;
                return Ok(Reading { outcome: FetchOutcome::Read, counts: applied?, problem: None });
            }
            Step::Unchanged => (FetchOutcome::Unchanged, None, earlier),
            Step::Failed(p) => (FetchOutcome::Failed, Some(p), earlier),
        };
        let reading = match &problem {
            Some(p) => {
                tracing::warn!("source {name}: {p}; the last good state stands");
                SourceReading::Failed(p)
            }
            None => SourceReading::Unchanged,
        };
        self.store.write(async |tx| tx.record_source_reading(id, &reading).await).await?;
        Ok(Reading { outcome, counts, problem })
    }

    async fn read_copy(&self, source: &StoredSource) -> Step {
        let url = match fetch::check_address(&source.summary.url) {
            Ok(u) => u,
            Err(p) => return Step::Failed(p),
        };
        // The calendars' private-address rules: one setting for both.
        let rules = FetchRules { max_bytes: self.sources.max_bytes, timeout: self.sources.timeout, ..self.calendars.clone() };
        let Ok(kinds) = self.store.kind_slugs().await else { return Step::Failed(Problem::Fault) };
        let s = &source.summary;
        let mut reader = PageReader {
            pages: Some(Pages {
                format: s.format,
                mapping: s.mapping.clone(),
                kind: s.default_kind.clone(),
                kinds,
                max_records: self.sources.max_records,
                codes: Codes::default(),
                hash: Sha256::new(),
                records: Vec::new(),
                staged: 0,
                chunk: self.sources.chunk.max(1),
            }),
            staging: Staging {
                store: self.store.clone(),
                source_id: s.id,
                reading: format!("{}-{}", s.id, crate::secrets::new_token()),
                started_at: crate::store::now(),
                chunks: 0,
            },
        };
        let copy = fetch::fetch(
            &url,
            s.format,
            source.etag.as_deref(),
            source.last_modified.as_deref(),
            &rules,
            self.sources.max_records,
            &mut reader,
        )
        .await;
        let copy = match copy {
            Ok(Copy::Read { etag, last_modified }) => reader.finish().await.map(|()| (etag, last_modified)),
            Ok(Copy::NotModified) => return Step::Unchanged,
            Err(p) => Err(p),
        };
        let step = match (copy, reader.pages) {
            (Err(p), _) => Step::Failed(p),
            (Ok(_), None) => Step::Failed(Problem::Fault),
            (Ok((etag, last_modified)), Some(pages)) => {
                let records = pages.count();
                let hash = format!("{:x}", pages.hash.finalize());
                if source.content_hash.as_deref() == Some(hash.as_str()) {
                    Step::Unchanged
                } else {
                    let (reading, chunks) = (reader.staging.reading.clone(), reader.staging.chunks);
                    return Step::Read(Box::new(NewCopy { reading, chunks, records, etag, last_modified, hash }));
                }
            }
        };
        // A failed or unchanged reading keeps none of what it staged.
        let reading = &reader.staging.reading;
        if let Err(e) = self.store.write(async |tx| tx.drop_staged(reading, &crate::store::hours_ago(24)).await).await {
            tracing::error!("dropping source {} staged records failed: {e}", s.name);
        }
        step
    }

    async fn apply_copy(self: &Arc<Self>, source: &StoredSource, copy: &NewCopy) -> Result<SourceCounts, ActionError> {
        let s = &source.summary;
        let (etag, last_modified, hash) = (copy.etag.as_deref(), copy.last_modified.as_deref(), copy.hash.as_str());
        let held = self.store.source_records(s.id).await?;
        // A source that suddenly lists nothing is more likely broken (or in
        // lockdown) than emptied: nothing is archived for it.
        if copy.records == 0 && held.values().any(|h| !h.gone) {
            let problem = Problem::SourceUnreadable { detail: "it lists no records now; nothing was archived".into() };
            self.store.write(async |tx| tx.record_source_reading(s.id, &SourceReading::Failed(&problem)).await).await?;
            return Ok(s.counts);
        }
        let in_use = self.store.slugs_in_use().await?;
        let origins = self.store.origins().await?;
        let register = self.opt_out_register().await?;
        let (read, public_url, trusted) = (self.read.clone(), self.public_url.clone(), s.trusted);
        let mut planner = blocking(move || {
            let known = Known::new(read.directory.snapshot(), &origins, in_use, &public_url);
            Planner::new(known, held, register, read, trusted)
        })
        .await?;
        let actor = format!("source {}", s.name);
        let mut changed = Vec::new();
        let mut written = Ok(());
        // Planned and written a staged chunk at a time: neither the records
        // nor their offers (each a copy of its record's fields as a
        // listing) are ever all held at once.
        for seq in 0..copy.chunks {
            let Some(text) = self.store.staged_records(&copy.reading, seq).await? else {
                // Dropped as stale under a reading that took a day: the
                // reading fails here, its earlier chunks standing.
                written = Err(ActionError::Store(sqlx::Error::RowNotFound));
                break;
            };
            let offers;
            (planner, offers) = blocking(move || {
                let next = text.lines().filter_map(|l| serde_json::from_str::<Incoming>(l).ok());
                let offers = planner.chunk(next);
                (planner, offers)
            })
            .await?;
            for offers in offers.chunks(CHUNK) {
                written = self.write_offers(s, &actor, offers, &mut changed).await;
                if written.is_err() {
                    break;
                }
            }
            if written.is_err() {
                break;
            }
        }
        let (mut counts, gone) = planner.finish();
        if written.is_ok() {
            written = self.write_gone(s, &actor, &gone, &mut counts, (etag, last_modified, hash), &mut changed).await;
        }
        self.read.reload_origins().await?;
        if !changed.is_empty() {
            if let Err(e) = self.read.refresh_changed(&[], &changed).await {
                tracing::error!("refreshing after source {} failed: {e}", s.name);
            }
        }
        // Chunks written before a failure stand with their records: the
        // next reading finds them unchanged and goes on from there.
        written?;
        tracing::info!("source {}: {counts:?}", s.name);
        Ok(counts)
    }

    /// One chunk of offers, with the records they came from, in one transaction.
    async fn write_offers(&self, s: &SourceSummary, actor: &str, chunk: &[Offer], changed: &mut Vec<String>) -> Result<(), ActionError> {
        let from = |o: &Offer| format!("from {}{}", s.name, o.record.link.as_ref().map(|l| format!(" ({l})")).unwrap_or_default());
        let publishes = |o: &Offer| s.trusted && o.held.is_none();
        let mut tx = self.store.begin().await?;
        // A trusted source's records are published together: one upsert
        // a chunk (each reads every slug held to count what it created).
        let published: Vec<_> = chunk.iter().filter(|o| publishes(o)).map(|o| (o.listing.clone(), o.public)).collect();
        if !published.is_empty() {
            tx.upsert_listings(&published, actor, &format!("from {}", s.name)).await?;
        }
        for o in chunk {
            let origin = o.record.origin.clone().or_else(|| o.record.link.clone());
            let from = from(o);
            if publishes(o) {
                tx.audit(actor, "published from a trusted source", &format!("listing {}", o.listing.slug), &from).await?;
            } else {
                let data = record_value(&ListingInput::from(&o.listing));
                tx.add_submission(&NewSubmission {
                    entity: Entity::Listing,
                    action: if o.update { SubmissionAction::Edit } else { SubmissionAction::Create },
                    slug: &o.listing.slug,
                    data: &data,
                    // A source has no sender to write to.
                    contact_email: "",
                    user_id: None,
                    region: o.listing.region.as_deref(),
                    status: SubmissionStatus::Pending,
                    lang: "en",
                    held: o.held.as_deref(),
                })
                .await?;
                let what = if o.held.is_some() { "held for a moderator by the opt-out register" } else { "offered to moderators" };
                tx.audit(actor, what, &format!("listing {}", o.listing.slug), &from).await?;
            }
            tx.put_source_record(s.id, &o.record.id, &o.listing.slug, &o.fingerprint, o.record.link.as_deref(), origin.as_deref()).await?;
        }
        tx.commit().await?;
        changed.extend(published.into_iter().map(|(l, _)| l.slug));
        Ok(())
    }

    /// Records gone from the source archived here, and the reading's
    /// outcome, in the last transaction.
    async fn write_gone(
        &self,
        s: &SourceSummary,
        actor: &str,
        gone: &[(String, String)],
        counts: &mut SourceCounts,
        (etag, last_modified, hash): (Option<&str>, Option<&str>, &str),
        changed: &mut Vec<String>,
    ) -> Result<(), ActionError> {
        let mut archived = Vec::new();
        let mut tx = self.store.begin().await?;
        for (record_id, slug) in gone {
            let reason = format!("gone from {} at its reading of {}", s.name, crate::store::today());
            if let Some((record, status, _)) = self.store.listing_record(slug).await? {
                if status == "published" && tx.set_listing_status(slug, "archived").await? {
                    tx.add_revision(app::people::Entity::Listing, slug, &record, actor, "archived").await?;
                    tx.audit(actor, "archived", &format!("listing {slug}"), &reason).await?;
                    archived.push(slug.clone());
                    counts.archived += 1;
                }
            }
            tx.source_record_gone(s.id, record_id).await?;
        }
        tx.record_source_reading(s.id, &SourceReading::Read { etag, last_modified, hash, counts }).await?;
        tx.commit().await?;
        changed.extend(archived);
        Ok(())
    }
}
