//! The directory as Open Referral UK 3.0 (read-only): which listings a
//! request asks for, and how each becomes ORUK records. Everything comes
//! from the public directory, so lockdown and precision hold here as in
//! every other output.

pub mod chunks;
pub mod ids;
pub mod records;

use crate::directory::Snapshot;
use app::location::LatLon;
use app::model::{ListingKind, PublicListing};
pub use ids::Record;
use ids::{Taxonomy, Term};
use std::sync::Arc;

/// The listing a record's id names, if it is that kind of record.
pub fn find<'a>(snapshot: &'a Arc<Snapshot>, record: Record, id: &str) -> Option<&'a PublicListing> {
    let (found, i) = snapshot.oruk_ids().get(id)?;
    (found == record).then(|| &snapshot.all()[i])
}

/// Every term: all kinds, and the tags and languages in use.
pub fn all_terms(kinds: &[ListingKind], snapshot: &Snapshot) -> Vec<Term> {
    let (tags, languages) = snapshot.facets();
    kinds
        .iter()
        .map(|k| Term::Kind { slug: k.slug.clone(), label: k.label.clone() })
        .chain(tags.iter().map(|t| Term::Tag(t.clone())))
        .chain(languages.iter().map(|c| Term::Language(c.clone())))
        .collect()
}

pub fn taxonomy(id: &str) -> Option<Taxonomy> {
    Taxonomy::ALL.into_iter().find(|t| t.id().eq_ignore_ascii_case(id))
}

/// The filters of the list routes, already checked.
#[derive(Default)]
pub struct Filter {
    /// Words that must all be in the name, kind or town.
    pub search: Option<String>,
    pub term: Option<Term>,
    /// Listings with any term of this taxonomy.
    pub taxonomy: Option<Taxonomy>,
    /// A term or taxonomy id we do not know was asked for: it classifies
    /// nothing, so the answer is empty (not everything).
    pub unknown_class: bool,
    /// The one listing an organization id names.
    pub organization: Option<String>,
    pub modified_after: Option<chrono::DateTime<chrono::Utc>>,
    /// Nearest first, within so many km if given (public points only).
    pub near: Option<(LatLon, Option<f64>)>,
    /// Only listings with a public point (service_at_locations).
    pub placed_only: bool,
}

/// No answer measures more than this from a postcode (the UK and more).
pub const FARTHEST_KM: f64 = 2000.0;

impl Filter {
    /// True when the listing at `i` of `snapshot` passes every filter but
    /// `near` (which chooses the candidates and their order).
    pub fn passes(&self, snapshot: &Snapshot, i: usize, words: &[String]) -> bool {
        let l = &snapshot.all()[i];
        let has_term = self.term.as_ref().is_none_or(|t| match t {
            Term::Kind { slug, .. } => &l.kind == slug,
            Term::Tag(tag) => l.tags.contains(tag),
            Term::Language(code) => l.languages.contains(code),
        });
        // Every listing has a kind; tags and languages it may lack.
        let in_taxonomy = self.taxonomy.is_none_or(|t| match t {
            Taxonomy::Kinds => true,
            Taxonomy::Tags => !l.tags.is_empty(),
            Taxonomy::Languages => !l.languages.is_empty(),
        });
        let modified = self
            .modified_after
            .is_none_or(|after| chrono::DateTime::parse_from_rfc3339(&l.updated_at).is_ok_and(|t| t.with_timezone(&chrono::Utc) >= after));
        !self.unknown_class
            && snapshot.holds_words(i, words)
            && (!self.placed_only || (l.lat.is_some() && l.lon.is_some()))
            && self.organization.as_deref().is_none_or(|slug| l.slug == slug)
            && has_term
            && in_taxonomy
            && modified
    }

    pub fn words(&self) -> Vec<String> {
        self.search.as_deref().map(app::model::query_words).unwrap_or_default()
    }
}

/// The listings a list route answers with, in the directory's order (or
/// nearest first).
pub fn matching<'a>(snapshot: &'a Snapshot, f: &Filter) -> Vec<&'a PublicListing> {
    let candidates: Vec<usize> = match f.near {
        Some((centre, km)) => {
            snapshot.slugs_near(centre, km.unwrap_or(FARTHEST_KM), usize::MAX).iter().filter_map(|slug| snapshot.position(slug)).collect()
        }
        None => (0..snapshot.len()).collect(),
    };
    let words = f.words();
    candidates.into_iter().filter(|&i| f.passes(snapshot, i, &words)).map(|i| &snapshot.all()[i]).collect()
}
