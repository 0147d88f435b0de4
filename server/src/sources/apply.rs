//! One reading of a source: fetched and parsed outside any transaction
//! (parsing on a blocking thread), then every record that changed offered
//! to moderators — or, from a trusted source, published — and every record
//! gone from the source archived here, all in one transaction with the
//! reading's outcome. A failed reading changes nothing but its record.

use super::fetch::{self, Copy};
use super::parse::{self, Incoming, Terms};
use crate::atlas::Atlas;
use crate::events::fetch::FetchRules;
use crate::moderation::{record_value, ActionError};
use crate::opt_out::Identity;
use crate::store::sources::{SourceReading, StoredSource};
use crate::store::NewSubmission;
use app::listing_input::{ListingInput, ValidListing};
use app::location::{public_point, LatLon};
use app::model::ListingStatus;
use app::people::{Entity, SubmissionAction, SubmissionStatus};
use app::problem::Problem;
use app::source::{FetchOutcome, SourceCounts};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::HashSet;

/// How a reading ended, for the command line and the admin.
#[derive(Debug)]
pub struct Reading {
    pub outcome: FetchOutcome,
    pub counts: SourceCounts,
    pub problem: Option<Problem>,
}

/// One record that changed, ready to write.
struct Offer {
    record: Incoming,
    fingerprint: String,
    listing: ValidListing,
    /// The listing it updates, when we hold one.
    update: bool,
    held: Option<String>,
}

/// A copy that differs from the last good one.
struct NewCopy {
    pages: Vec<String>,
    etag: Option<String>,
    last_modified: Option<String>,
    hash: String,
}

enum Step {
    Unchanged,
    Failed(Problem),
    Read(Box<NewCopy>),
}

fn sha256(parts: &[String]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p.as_bytes());
        h.update([0]);
    }
    format!("{:x}", h.finalize())
}

/// `https://www.Example.org/` and `http://example.org` are one website.
fn site(url: &str) -> String {
    let u = url.trim().to_lowercase();
    let u = u.trim_start_matches("https://").trim_start_matches("http://").trim_start_matches("www.");
    u.trim_end_matches('/').to_string()
}

fn text<'a>(fields: &'a serde_json::Map<String, Value>, key: &str) -> Option<&'a str> {
    fields.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

impl Atlas {
    /// Reads a source now (the schedule, `atlas sources fetch`, the admin's button).
    pub async fn fetch_source(&self, id: i64) -> Result<Reading, ActionError> {
        let source = self.store.source(id).await?.ok_or(ActionError::NotFound(Problem::NoSuchSource))?;
        let name = source.summary.name.clone();
        let earlier = source.summary.counts;
        let step = self.read_copy(&source).await;
        let (outcome, problem, counts) = match step {
            Step::Read(copy) => {
                let NewCopy { pages, etag, last_modified, hash } = *copy;
                match self.parse_copy(&source, pages).await {
                    Ok(records) => {
                        let counts = self.apply_copy(&source, records, etag.as_deref(), last_modified.as_deref(), &hash).await?;
                        return Ok(Reading { outcome: FetchOutcome::Read, counts, problem: None });
                    }
                    Err(p) => (FetchOutcome::Failed, Some(p), earlier),
                }
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
        let rules = FetchRules {
            allow_private: self.calendars.allow_private,
            max_bytes: self.sources.max_bytes,
            timeout: self.sources.timeout,
            ..Default::default()
        };
        let copy = fetch::fetch(
            &url,
            source.summary.format,
            source.etag.as_deref(),
            source.last_modified.as_deref(),
            &rules,
            self.sources.max_records,
        )
        .await;
        match copy {
            Err(p) => Step::Failed(p),
            Ok(Copy::NotModified) => Step::Unchanged,
            Ok(Copy::Pages { pages, etag, last_modified }) => {
                let hash = sha256(&pages);
                if source.content_hash.as_deref() == Some(hash.as_str()) {
                    return Step::Unchanged;
                }
                Step::Read(Box::new(NewCopy { pages, etag, last_modified, hash }))
            }
        }
    }

    /// Parsed on a blocking thread: a large copy never holds up requests.
    async fn parse_copy(&self, source: &StoredSource, pages: Vec<String>) -> Result<Vec<Incoming>, Problem> {
        let kinds = self.store.kind_slugs().await.map_err(|_| Problem::Fault)?;
        let (format, mapping, kind, max) =
            (source.summary.format, source.summary.mapping.clone(), source.summary.default_kind.clone(), self.sources.max_records);
        tokio::task::spawn_blocking(move || {
            parse::read(format, &pages, &Terms { mapping: &mapping, default_kind: &kind, kinds: &kinds }, max)
        })
        .await
        .map_err(|_| Problem::Fault)?
    }

    /// Is this record one of ours coming back (from an atlas that copied it)?
    fn is_ours(&self, r: &Incoming, own_ids: &HashSet<String>) -> bool {
        let here = format!("{}/", self.public_url.trim_end_matches('/'));
        r.origin.as_deref().is_some_and(|o| o.starts_with(&here)) || own_ids.contains(&r.id)
    }

    /// The listing we hold that a record is: the same website or e-mail,
    /// else a similar name within 5 km.
    fn match_listing(&self, r: &Incoming) -> Option<String> {
        let snapshot = self.directory.snapshot();
        let website = text(&r.fields, "website").map(site);
        let email = text(&r.fields, "email").map(str::to_lowercase);
        let same = snapshot.all().iter().find(|l| {
            website.as_ref().is_some_and(|w| l.website.as_deref().map(site).as_ref() == Some(w))
                || email.as_ref().is_some_and(|e| l.email.as_deref().map(str::to_lowercase).as_ref() == Some(e))
        });
        if let Some(l) = same {
            return Some(l.slug.clone());
        }
        let name = text(&r.fields, "name")?;
        let point = match (r.fields.get("latitude").and_then(Value::as_f64), r.fields.get("longitude").and_then(Value::as_f64)) {
            (Some(lat), Some(lon)) => Some(LatLon::new(lat, lon)),
            _ => self.gazetteer.centroid_for(text(&r.fields, "town").unwrap_or_default(), None, None),
        };
        self.possible_duplicates(name, point, "").into_iter().next().map(|(slug, _, _)| slug)
    }

    async fn apply_copy(
        &self,
        source: &StoredSource,
        records: Vec<Incoming>,
        etag: Option<&str>,
        last_modified: Option<&str>,
        hash: &str,
    ) -> Result<SourceCounts, ActionError> {
        let s = &source.summary;
        let held = self.store.source_records(s.id).await?;
        let origins = self.store.origins().await?;
        let register = self.opt_out_register().await?;
        let own_ids: HashSet<String> = self
            .directory
            .snapshot()
            .all()
            .iter()
            .filter(|l| !origins.contains_key(&l.slug))
            .map(|l| crate::openreferral::ids::service(&l.slug))
            .collect();
        let mut counts = SourceCounts::default();
        // A source that suddenly lists nothing is more likely broken (or in
        // lockdown) than emptied: nothing is archived for it.
        if records.is_empty() && held.values().any(|h| !h.gone) {
            let problem = Problem::SourceUnreadable { detail: "it lists no records now; nothing was archived".into() };
            self.store.write(async |tx| tx.record_source_reading(s.id, &SourceReading::Failed(&problem)).await).await?;
            return Ok(s.counts);
        }
        let status = if s.trusted { ListingStatus::Published } else { ListingStatus::Pending };
        let mut seen = HashSet::new();
        let mut slugs_taken = HashSet::new();
        let mut offers = Vec::new();
        for record in records {
            if self.is_ours(&record, &own_ids) || !seen.insert(record.id.clone()) {
                counts.skipped += 1;
                continue;
            }
            let fingerprint = sha256(&[serde_json::to_string(&record.fields).unwrap_or_default(), record.link.clone().unwrap_or_default()]);
            let prior = held.get(&record.id);
            if prior.is_some_and(|p| p.fingerprint == fingerprint && !p.gone) {
                counts.unchanged += 1;
                continue;
            }
            let known = match prior {
                Some(p) => Some(p.slug.clone()),
                None => self.match_listing(&record),
            };
            let exists = match &known {
                Some(slug) => self.store.listing_record(slug).await?.is_some(),
                None => false,
            };
            // Its earlier offer still waits: this change is offered once that is decided.
            if let (Some(p), false) = (prior, exists) {
                if self.store.slug_taken(Entity::Listing, &p.slug).await? {
                    counts.unchanged += 1;
                    continue;
                }
            }
            let slug = match known {
                Some(slug) => slug,
                None => {
                    let name = text(&record.fields, "name").unwrap_or_default().to_string();
                    let town = text(&record.fields, "town").unwrap_or_default().to_string();
                    let mut slug = self.free_slug(Entity::Listing, &name, &town).await?;
                    while slugs_taken.contains(&slug) {
                        slug = format!("{slug}-{}", slugs_taken.len() + 2);
                    }
                    slug
                }
            };
            slugs_taken.insert(slug.clone());
            let mut fields = record.fields.clone();
            fields.insert("slug".into(), slug.clone().into());
            let Ok(input) = serde_json::from_value::<ListingInput>(Value::Object(fields)) else {
                counts.skipped += 1;
                continue;
            };
            let Ok(listing) = input.validate(status) else {
                counts.skipped += 1;
                continue;
            };
            let who = Identity {
                name: &listing.name,
                town: &listing.town,
                website: listing.website.as_deref(),
                emails: listing.email.as_deref().into_iter().collect(),
            };
            let held = register.held(&who);
            match (&held, exists) {
                (Some(_), _) => counts.held += 1,
                (None, true) => counts.updated += 1,
                (None, false) => counts.new += 1,
            }
            offers.push(Offer { record, fingerprint, listing, update: exists, held });
        }
        let gone: Vec<(String, String)> =
            held.iter().filter(|(id, h)| !h.gone && !seen.contains(*id)).map(|(id, h)| (id.clone(), h.slug.clone())).collect();
        let actor = format!("source {}", s.name);
        let mut changed = Vec::new();
        let mut tx = self.store.begin().await?;
        for o in &offers {
            let origin = o.record.origin.clone().or_else(|| o.record.link.clone());
            let from = format!("from {}{}", s.name, o.record.link.as_ref().map(|l| format!(" ({l})")).unwrap_or_default());
            if s.trusted && o.held.is_none() {
                let point = o.listing.point.map(|(a, b)| LatLon::new(a, b));
                let centroid = self.gazetteer.centroid_for(&o.listing.town, point, o.listing.region.as_deref());
                let public = public_point(o.listing.precision, point, centroid);
                tx.upsert_listings(&[(o.listing.clone(), public)], &actor, &from).await?;
                tx.audit(&actor, "published from a trusted source", &format!("listing {}", o.listing.slug), &from).await?;
                changed.push(o.listing.slug.clone());
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
                tx.audit(&actor, what, &format!("listing {}", o.listing.slug), &from).await?;
            }
            tx.put_source_record(s.id, &o.record.id, &o.listing.slug, &o.fingerprint, o.record.link.as_deref(), origin.as_deref()).await?;
        }
        for (record_id, slug) in &gone {
            let reason = format!("gone from {} at its reading of {}", s.name, crate::store::today());
            if let Some((record, status, _)) = self.store.listing_record(slug).await? {
                if status == "published" && tx.set_listing_status(slug, "archived").await? {
                    tx.add_revision("listing", slug, &record, &actor, "archived").await?;
                    tx.audit(&actor, "archived", &format!("listing {slug}"), &reason).await?;
                    changed.push(slug.clone());
                    counts.archived += 1;
                }
            }
            tx.source_record_gone(s.id, record_id).await?;
        }
        tx.record_source_reading(s.id, &SourceReading::Read { etag, last_modified, hash, counts: &counts }).await?;
        tx.commit().await?;
        self.reload_origins().await?;
        if !changed.is_empty() {
            if let Err(e) = self.refresh_changed(&[], &changed).await {
                tracing::error!("refreshing after source {} failed: {e}", s.name);
            }
        }
        tracing::info!("source {}: {counts:?}", s.name);
        Ok(counts)
    }
}
