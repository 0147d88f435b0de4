//! Self-registration and the moderation queue: a group or resource is
//! submitted, its sender confirms by email, a moderator approves (maybe
//! after editing) or rejects with a reason. Nothing is public before that.
//! One file per flow; what they share (the refusal type, the record's
//! shape) is here.

mod checks;
mod decisions;
mod editing;
mod registration;

pub use checks::{name_words, similar_names, similar_words, slugify};
pub(crate) use checks::{slug_base, slug_candidates};

use crate::atlas::Atlas;
use app::listing_input::FieldError;
use app::location::LatLon;
use app::people::Entity;
use app::problem::Problem;
use serde_json::Value;

/// Why a use case refused; each maps to a status code and a message a
/// person can act on (worded at the edge, in their language).
#[derive(Debug, thiserror::Error)]
pub enum ActionError {
    #[error("{}", fields_in_english(.0))]
    Invalid(Vec<(String, Problem)>),
    #[error("{0}")]
    Forbidden(Problem),
    #[error("{0}")]
    NotFound(Problem),
    #[error("{0}")]
    Conflict(Problem),
    #[error("{0}")]
    Gone(Problem),
    /// Too many of these in the last hour (for one address).
    #[error("{0}")]
    TooMany(Problem),
    #[error("database: {0}")]
    Store(#[from] sqlx::Error),
}

impl ActionError {
    pub fn field(field: &str, problem: Problem) -> Self {
        ActionError::Invalid(vec![(field.to_string(), problem)])
    }
}

fn fields_in_english(errors: &[(String, Problem)]) -> String {
    errors.iter().map(|(f, p)| format!("{f}: {p}")).collect::<Vec<_>>().join("; ")
}

pub(crate) fn field_errors(errors: Vec<FieldError>) -> ActionError {
    ActionError::Invalid(errors.into_iter().map(|e| (e.field.to_string(), e.problem)).collect())
}

/// A regular meeting's problems, named by the registration form's fields.
fn as_meeting_problem(e: ActionError) -> ActionError {
    match e {
        ActionError::Invalid(problems) => ActionError::Invalid(
            problems.into_iter().map(|(f, p)| (crate::events::regular::registration_field(&f).to_string(), p)).collect(),
        ),
        other => other,
    }
}

/// A stored submission that no longer reads as a record: a fault to log,
/// not the moderator's to fix.
fn unreadable(e: serde_json::Error) -> ActionError {
    tracing::error!("a stored submission cannot be read: {e}");
    ActionError::field("", Problem::RecordUnreadable)
}

/// The UK, Ireland, the Isle of Man and the Channel Islands, generously.
pub fn in_coverage(p: LatLon) -> bool {
    (49.0..=61.5).contains(&p.lat) && (-11.0..=2.5).contains(&p.lon)
}

/// Whether a group a moderator removes may be listed again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relisting {
    Allowed,
    /// The group asked never to be listed: it goes on the opt-out register.
    Never,
}

impl Atlas {
    /// A link the recipient opens in a browser.
    pub fn link(&self, path: &str, token: &str) -> String {
        format!("{}{path}?token={token}", self.public_url.trim_end_matches('/'))
    }

    /// Brings the directory and the search index up to date after a write.
    pub async fn refresh_after_write(&self, entity: Entity, slug: &str) {
        let slugs = [slug.to_string()];
        let (resources, listings): (&[String], &[String]) = match entity {
            Entity::Resource => (&slugs, &[]),
            Entity::Listing => (&[], &slugs),
            // Events are read from the database; what is on this week and
            // the search index are held.
            Entity::Event | Entity::Calendar => {
                use crate::search::EventsToReplace;
                if let Err(e) = self.read.refresh_on_this_week().await {
                    tracing::error!("finding what is on this week failed: {e}");
                }
                let replace = match (entity, slug.is_empty()) {
                    (_, true) => EventsToReplace::All,
                    (Entity::Calendar, false) => EventsToReplace::OfListings(&slugs),
                    _ => EventsToReplace::Slugs(&slugs),
                };
                if let Err(e) = self.read.reindex_events(replace).await {
                    tracing::error!("updating the search index after an event write failed: {e}");
                }
                return;
            }
        };
        if let Err(e) = self.read.refresh_changed(resources, listings).await {
            tracing::error!("updating the directory and index after a write failed (the next start repairs them): {e}");
        }
    }
}

/// The record as the importer reads it (a `ListingInput`'s or a
/// `ResourceInput`'s fields, by their serde names).
pub fn record_value(input: &impl serde::Serialize) -> Value {
    // Plain structs of strings, numbers and lists: nothing that can fail.
    serde_json::to_value(input).unwrap_or_default()
}

/// A form that does not show the original's language and translations
/// (the registration and edit forms) leaves them as `earlier` has them.
pub fn keep_translations(data: &mut Value, earlier: &Value) {
    for key in ["language", "translations", "translation_of"] {
        if data.get(key).is_none_or(Value::is_null) {
            if let (Some(fields), Some(v)) = (data.as_object_mut(), earlier.get(key)) {
                fields.insert(key.to_string(), v.clone());
            }
        }
    }
}
