//! Following other directories (issue 33): an admin adds a source (another
//! atlas's or a council's ORUK feed, a network's GeoJSON or CSV file) with
//! a mapping of its words to ours; the server reads each on a schedule
//! with the calendars' guards and offers its records to moderators as
//! new listings or updates, with where they came from.

mod apply;
pub mod fetch;
mod matching;
mod pages;
pub mod parse;
pub mod rules;

pub use rules::{ReadNow, SourceRules};

use crate::atlas::Atlas;
use crate::moderation::ActionError;
use crate::store::sources::NewSource;
use app::people::{Role, User};
use app::problem::Problem;
use app::source::{Mapping, SourceFormat};

/// How copied records are marked in our ORUK output: an entry of the
/// organization's `organization_identifiers` with this scheme, whose
/// `identifier` is the record's address at the directory it came from.
/// (org-id.guide has no scheme for "copied from"; the standard lets
/// `identifier_type` say it in words.)
pub const ORIGIN_SCHEME: &str = "origin";

fn admins_only(user: &User) -> Result<(), ActionError> {
    if user.role == Role::Admin {
        Ok(())
    } else {
        Err(ActionError::Forbidden(Problem::AdminsOnly))
    }
}

impl Atlas {
    /// An admin adds a source; it is read at the next scheduled round (or
    /// with `atlas sources fetch`).
    pub async fn add_source(
        &self,
        admin: &User,
        name: &str,
        url: &str,
        format: SourceFormat,
        kind: Option<&str>,
        trusted: bool,
    ) -> Result<i64, ActionError> {
        admins_only(admin)?;
        let name = app::listing_input::clean_line(name);
        let mut problems = Vec::new();
        if name.is_empty() {
            problems.push(("name".to_string(), Problem::Required));
        } else if name.chars().count() > 100 {
            problems.push(("name".to_string(), Problem::TooLong { given: name.chars().count(), max: 100 }));
        } else if self.store.source_named(&name).await?.is_some() {
            problems.push(("name".to_string(), Problem::SourceNameTaken { given: name.clone() }));
        }
        let url = match fetch::check_address(url) {
            Ok(u) => Some(u),
            Err(p) => {
                problems.push(("url".to_string(), p));
                None
            }
        };
        let kinds = self.store.kind_slugs().await?;
        let first = kinds.first().cloned().unwrap_or_default();
        let kind = kind.map(str::trim).filter(|k| !k.is_empty()).map(str::to_string).unwrap_or(first);
        if !kinds.contains(&kind) {
            problems.push(("kind".to_string(), Problem::UnknownKind { given: kind.clone(), known: kinds.join(", ") }));
        }
        let (Some(url), true) = (url, problems.is_empty()) else { return Err(ActionError::Invalid(problems)) };
        let new = NewSource { name: &name, url: url.as_str(), format, default_kind: &kind, trusted, added_by: &admin.email };
        let mut tx = self.store.begin().await?;
        let id = tx.add_source(&new).await?;
        let what = format!("{} {} ({})", format.as_str(), url, if trusted { "trusted" } else { "moderated" });
        tx.audit(&admin.email, "added a source", &format!("source {name}"), &what).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// An admin changes a source's default kind, mapping and trust.
    pub async fn set_source_rules(&self, admin: &User, id: i64, kind: &str, mapping: Mapping, trusted: bool) -> Result<(), ActionError> {
        admins_only(admin)?;
        let source = self.store.source(id).await?.ok_or(ActionError::NotFound(Problem::NoSuchSource))?;
        let kinds = self.store.kind_slugs().await?;
        let kind = kind.trim();
        if !kinds.iter().any(|k| k == kind) {
            return Err(ActionError::field("kind", Problem::UnknownKind { given: kind.into(), known: kinds.join(", ") }));
        }
        if let Some(bad) = mapping.kinds.values().find(|v| !v.is_empty() && !kinds.contains(v)) {
            return Err(ActionError::field("kinds", Problem::UnknownKind { given: bad.clone(), known: kinds.join(", ") }));
        }
        let mut tx = self.store.begin().await?;
        if !tx.set_source_rules(id, kind, &mapping, trusted).await? {
            return Err(ActionError::NotFound(Problem::NoSuchSource));
        }
        let what = format!(
            "kind {kind}, {} mapped words, {}",
            mapping.kinds.len() + mapping.tags.len() + mapping.languages.len(),
            if trusted { "trusted" } else { "moderated" }
        );
        tx.audit(&admin.email, "changed a source's mapping", &format!("source {}", source.summary.name), &what).await?;
        // The next reading applies the new mapping to every record.
        tx.forget_source_copy(id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// An admin's "Read it now": queued for the background reader (the
    /// page says so; the outcome shows there once read).
    pub async fn queue_source_reading(&self, admin: &User, id: i64) -> Result<(), ActionError> {
        admins_only(admin)?;
        self.store.source(id).await?.ok_or(ActionError::NotFound(Problem::NoSuchSource))?;
        let mut ids = self.read_now.ids.lock();
        if !ids.contains(&id) {
            ids.push(id);
        }
        self.read_now.ready.notify_one();
        Ok(())
    }

    /// Every few hours: read every source (one's failure is recorded
    /// with it and the round goes on); between rounds, those queued.
    pub fn follow_sources(self: std::sync::Arc<Self>) {
        crate::supervise::supervise("follow_sources", move || self.clone().follow_sources_body());
    }

    async fn follow_sources_body(self: std::sync::Arc<Self>) {
        loop {
            // This round reads every source, those queued too.
            self.read_now.ids.lock().clear();
            match self.store.sources().await {
                Ok(sources) => self.read_sources(sources.iter().map(|s| s.summary.id)).await,
                Err(e) => tracing::error!("listing sources failed: {e}"),
            }
            let next_round = tokio::time::Instant::now() + self.sources.every;
            loop {
                tokio::select! {
                    _ = tokio::time::sleep_until(next_round) => break,
                    _ = self.read_now.ready.notified() => {
                        let queued = std::mem::take(&mut *self.read_now.ids.lock());
                        self.read_sources(queued.into_iter()).await;
                    }
                }
            }
        }
    }

    async fn read_sources(self: &std::sync::Arc<Self>, ids: impl Iterator<Item = i64>) {
        for id in ids {
            if let Err(e) = self.fetch_source(id).await {
                tracing::error!("reading source {id} failed: {e}");
            }
        }
    }
}
