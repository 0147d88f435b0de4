//! Open Referral ids are UUIDs. Ours are name-based (UUID v5) from what a
//! record is and the listing's slug, so they are the same after a restart,
//! a re-import or `atlas copy` to another database, with nothing stored.

use app::model::PublicListing;
use serde_json::{json, Value};
use std::collections::HashMap;
use uuid::Uuid;

/// This project's namespace for v5 ids (random, fixed forever).
const NAMESPACE: Uuid = Uuid::from_u128(0xe380d8bd_ba0d_4ae3_9289_8a808698e850);

fn id(what: &str, key: &str) -> String {
    Uuid::new_v5(&NAMESPACE, format!("{what}/{key}").as_bytes()).to_string()
}

pub fn organization(slug: &str) -> String {
    id("organization", slug)
}

pub fn service(slug: &str) -> String {
    id("service", slug)
}

pub fn location(slug: &str) -> String {
    id("location", slug)
}

pub fn service_at_location(slug: &str) -> String {
    id("service_at_location", slug)
}

/// A record that belongs to another (a schedule of a service, …).
pub fn child(parent: &str, what: &str) -> String {
    id(what, parent)
}

/// What an id names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Record {
    Organization,
    Service,
    ServiceAtLocation,
}

/// Ids to listings, for one snapshot of the directory (kept on it).
pub struct IdIndex {
    by_id: HashMap<String, (Record, usize)>,
}

impl IdIndex {
    pub fn new(listings: &[PublicListing]) -> Self {
        let mut by_id = HashMap::with_capacity(listings.len() * 3);
        for (i, l) in listings.iter().enumerate() {
            by_id.insert(organization(&l.slug), (Record::Organization, i));
            by_id.insert(service(&l.slug), (Record::Service, i));
            if l.lat.is_some() && l.lon.is_some() {
                by_id.insert(service_at_location(&l.slug), (Record::ServiceAtLocation, i));
            }
        }
        IdIndex { by_id }
    }

    /// What an id (any case) names, and its listing's place in the snapshot.
    pub fn get(&self, id: &str) -> Option<(Record, usize)> {
        self.by_id.get(&id.to_ascii_lowercase()).copied()
    }
}

/// The three classifications a listing has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Taxonomy {
    Kinds,
    Tags,
    Languages,
}

impl Taxonomy {
    pub const ALL: [Taxonomy; 3] = [Taxonomy::Kinds, Taxonomy::Tags, Taxonomy::Languages];

    fn key(self) -> &'static str {
        match self {
            Taxonomy::Kinds => "kinds",
            Taxonomy::Tags => "tags",
            Taxonomy::Languages => "languages",
        }
    }

    pub fn id(self) -> String {
        id("taxonomy", self.key())
    }

    pub fn name(self) -> &'static str {
        match self {
            Taxonomy::Kinds => "Solidarity Atlas listing kinds",
            Taxonomy::Tags => "Solidarity Atlas activity tags",
            Taxonomy::Languages => "Languages (ISO 639-1)",
        }
    }

    pub fn record(self, base: &str) -> Value {
        let description = match self {
            Taxonomy::Kinds => "What a listing is: a local solidarity group, a campaign's chapter, a Home Office reporting centre, …",
            Taxonomy::Tags => "What a group does (free tags chosen by the groups, those in use).",
            Taxonomy::Languages => "Languages a group works in (those in use), by ISO 639-1 code.",
        };
        json!({
            "id": self.id(),
            "name": self.name(),
            "description": description,
            "uri": format!("{base}/openreferral/taxonomies/{}", self.id()),
        })
    }
}

/// One term of one taxonomy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Term {
    Kind { slug: String, label: String },
    Tag(String),
    Language(String),
}

impl Term {
    pub fn taxonomy(&self) -> Taxonomy {
        match self {
            Term::Kind { .. } => Taxonomy::Kinds,
            Term::Tag(_) => Taxonomy::Tags,
            Term::Language(_) => Taxonomy::Languages,
        }
    }

    /// The code the term has here: a kind's slug, the tag, a language code.
    pub fn code(&self) -> &str {
        match self {
            Term::Kind { slug, .. } => slug,
            Term::Tag(t) => t,
            Term::Language(c) => c,
        }
    }

    pub fn id(&self) -> String {
        id(&format!("term/{}", self.taxonomy().key()), self.code())
    }

    pub fn name(&self) -> String {
        match self {
            Term::Kind { label, .. } => label.clone(),
            Term::Tag(t) => t.clone(),
            Term::Language(c) => app::pages::directory::language_name(c),
        }
    }

    pub fn record(&self, base: &str) -> Value {
        let (description, filter) = match self {
            Term::Kind { label, slug } => (format!("Listings of the kind “{label}”."), format!("kind={slug}")),
            Term::Tag(t) => (format!("Groups tagged “{t}”."), format!("tag={}", url_encode(t))),
            Term::Language(c) => (format!("Groups that work in {} ({c}).", self.name()), format!("lang={c}")),
        };
        let taxonomy = self.taxonomy();
        json!({
            "id": self.id(),
            "name": self.name(),
            "description": description,
            "taxonomy": taxonomy.name(),
            "taxonomy_id": taxonomy.id(),
            "term": self.code(),
            "term_uri": format!("{base}/listings?{filter}"),
        })
    }
}

fn url_encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_uuids_and_differ_by_record() {
        // Fixed forever: a change here breaks every consumer's links.
        // (Python: uuid.uuid5(NAMESPACE, "service/sheffield-welcome-drop-in").)
        assert_eq!(service("sheffield-welcome-drop-in"), "a1f42fd9-d862-565a-bd53-536e9535a42d");
        assert_ne!(service("a"), organization("a"));
        assert_ne!(Term::Tag("x".into()).id(), Term::Language("x".into()).id());
        assert!(Uuid::parse_str(&location("a")).is_ok());
        assert_eq!(Uuid::parse_str(&service("a")).unwrap().get_version_num(), 5);
    }
}
