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
use ids::{Taxonomy, Term};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};

/// What an id names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Record {
    Organization,
    Service,
    ServiceAtLocation,
}

/// Ids to listings, for one snapshot of the directory.
struct IdIndex {
    by_id: HashMap<String, (Record, usize)>,
}

impl IdIndex {
    fn new(snapshot: &Snapshot) -> Self {
        let mut by_id = HashMap::with_capacity(snapshot.len() * 3);
        for (i, l) in snapshot.all().iter().enumerate() {
            by_id.insert(ids::organization(&l.slug), (Record::Organization, i));
            by_id.insert(ids::service(&l.slug), (Record::Service, i));
            if l.lat.is_some() && l.lon.is_some() {
                by_id.insert(ids::service_at_location(&l.slug), (Record::ServiceAtLocation, i));
            }
        }
        IdIndex { by_id }
    }
}

/// Built once per snapshot (a snapshot changes only when listings do).
static INDEX: Mutex<Option<(Weak<Snapshot>, Arc<IdIndex>)>> = Mutex::new(None);

fn index_of(snapshot: &Arc<Snapshot>) -> Arc<IdIndex> {
    let mut cached = INDEX.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((weak, index)) = cached.as_ref() {
        if weak.upgrade().is_some_and(|s| Arc::ptr_eq(&s, snapshot)) {
            return index.clone();
        }
    }
    let index = Arc::new(IdIndex::new(snapshot));
    *cached = Some((Arc::downgrade(snapshot), index.clone()));
    index
}

/// The listing a record's id names, if it is that kind of record.
pub fn find<'a>(snapshot: &'a Arc<Snapshot>, record: Record, id: &str) -> Option<&'a PublicListing> {
    let index = index_of(snapshot);
    let (found, i) = *index.by_id.get(&id.to_ascii_lowercase())?;
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
