//! A reading's records matched against what we hold, in memory: what we
//! hold is indexed once per reading (the record ids we copied before, the
//! directory's websites, e-mails and names near a point, the slugs in
//! use), so a record costs no query — 100,000 records are one pass. Runs
//! on a blocking thread a chunk at a time (`Atlas::fetch_source`); writing
//! is `apply`'s.

use super::parse::Incoming;
use crate::directory::Snapshot;
use crate::moderation::{name_words, similar_words, slug_base, slug_candidates};
use crate::opt_out::{Identity, Register};
use crate::read_model::ReadModel;
use crate::store::sources::HeldRecord;
use app::listing_input::{ListingInput, ValidListing};
use app::location::{public_point, LatLon};
use app::model::ListingStatus;
use app::people::Entity;
use app::source::SourceCounts;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// One record that changed, ready to write.
pub(super) struct Offer {
    pub record: Incoming,
    pub fingerprint: String,
    pub listing: ValidListing,
    /// It updates a listing we hold.
    pub update: bool,
    /// Why the opt-out register holds it.
    pub held: Option<String>,
    /// Where it shows on the map, for a trusted source's direct publishing.
    pub public: Option<LatLon>,
}

/// What we hold, indexed for this reading.
pub(super) struct Known {
    pub snapshot: Arc<Snapshot>,
    /// Index in the snapshot of the first listing with each website, e-mail.
    by_website: HashMap<String, usize>,
    by_email: HashMap<String, usize>,
    /// Each published listing's name as words, folded once.
    names: Vec<Vec<String>>,
    /// Slugs in the listings table (any status), and of listings waiting to be created.
    pub listed: HashSet<String>,
    pub waiting: HashSet<String>,
    /// Our own ORUK service ids, and the start of our own addresses:
    /// records that are ours coming back are skipped.
    own_ids: HashSet<String>,
    here: String,
}

pub(super) fn sha256(parts: &[String]) -> String {
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

impl Known {
    pub fn new(
        snapshot: Arc<Snapshot>,
        origins: &HashMap<String, String>,
        (listed, waiting): (HashSet<String>, HashSet<String>),
        public_url: &str,
    ) -> Known {
        let (mut by_website, mut by_email) = (HashMap::new(), HashMap::new());
        for (i, l) in snapshot.all().iter().enumerate() {
            if let Some(w) = l.website.as_deref().map(site).filter(|w| !w.is_empty()) {
                by_website.entry(w).or_insert(i);
            }
            if let Some(e) = l.email.as_deref().map(str::to_lowercase).filter(|e| !e.is_empty()) {
                by_email.entry(e).or_insert(i);
            }
        }
        let names = snapshot.all().iter().map(|l| name_words(&l.name)).collect();
        let own_ids =
            snapshot.all().iter().filter(|l| !origins.contains_key(&l.slug)).map(|l| crate::openreferral::ids::service(&l.slug)).collect();
        let here = format!("{}/", public_url.trim_end_matches('/'));
        Known { snapshot, by_website, by_email, names, listed, waiting, own_ids, here }
    }

    /// Is this record one of ours coming back (from an atlas that copied it)?
    fn is_ours(&self, r: &Incoming) -> bool {
        r.origin.as_deref().is_some_and(|o| o.starts_with(&self.here)) || self.own_ids.contains(&r.id)
    }

    /// The listing we hold that a record is: the same website or e-mail,
    /// else a similar name within 5 km (the nearest).
    fn matching(&self, r: &Incoming, point: Option<LatLon>) -> Option<String> {
        let website = text(&r.fields, "website").map(site).and_then(|w| self.by_website.get(&w).copied());
        let email = text(&r.fields, "email").map(str::to_lowercase).and_then(|e| self.by_email.get(&e).copied());
        if let Some(i) = website.into_iter().chain(email).min() {
            return Some(self.snapshot.all()[i].slug.clone());
        }
        let words = name_words(text(&r.fields, "name")?);
        let point = point?;
        let all = self.snapshot.all();
        self.snapshot
            .slugs_within(point, 5.0)
            .filter_map(|slug| self.snapshot.position(slug))
            .filter(|&i| similar_words(&words, &self.names[i]))
            .filter_map(|i| Some((point.distance_km(LatLon::new(all[i].lat?, all[i].lon?)), i)))
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, i)| all[i].slug.clone())
    }

    /// A slug made from the name and town, free in the table, the queue
    /// and this reading.
    fn free_slug(&self, name: &str, town: &str, given: &HashSet<String>) -> String {
        let base = slug_base(Entity::Listing, name, town);
        let taken = |s: &str| self.listed.contains(s) || self.waiting.contains(s) || given.contains(s);
        let free = slug_candidates(&base).find(|c| !taken(c));
        free.or_else(|| (100..).map(|n| format!("{base}-{n}")).find(|c| !taken(c))).unwrap_or(base)
    }
}

/// A reading's records planned a chunk at a time, so that only one
/// chunk's offers (each a listing, a copy of its record's fields) is held
/// at once beside the records still to plan; what earlier chunks decided
/// (the ids seen, the slugs given, the towns placed, the counts) is kept.
pub(super) struct Planner {
    pub known: Known,
    pub held: HashMap<String, HeldRecord>,
    pub register: Register,
    /// The gazetteer's owner.
    pub read: Arc<ReadModel>,
    pub trusted: bool,
    seen: HashSet<String>,
    given: HashSet<String>,
    /// Towns placed once per reading (a town's centre is a walk over every town).
    centres: HashMap<(String, Option<String>), Option<LatLon>>,
    counts: SourceCounts,
}

impl Planner {
    pub fn new(known: Known, held: HashMap<String, HeldRecord>, register: Register, read: Arc<ReadModel>, trusted: bool) -> Self {
        Planner {
            known,
            held,
            register,
            read,
            trusted,
            seen: HashSet::new(),
            given: HashSet::new(),
            centres: HashMap::new(),
            counts: SourceCounts::default(),
        }
    }

    fn centre(&mut self, town: &str, region: Option<&str>) -> Option<LatLon> {
        let key = (town.to_string(), region.map(str::to_string));
        let gazetteer = &self.read.gazetteer;
        *self.centres.entry(key).or_insert_with(|| gazetteer.centroid_for(town, None, region))
    }

    /// What these records (the next of the source's, in its order) become here.
    pub fn chunk(&mut self, records: impl IntoIterator<Item = Incoming>) -> Vec<Offer> {
        records.into_iter().filter_map(|r| self.one(r)).collect()
    }

    fn one(&mut self, record: Incoming) -> Option<Offer> {
        let known = &self.known;
        let counts = &mut self.counts;
        if known.is_ours(&record) || !self.seen.insert(record.id.clone()) {
            counts.skipped += 1;
            return None;
        }
        let fingerprint = sha256(&[serde_json::to_string(&record.fields).unwrap_or_default(), record.link.clone().unwrap_or_default()]);
        let prior = self.held.get(&record.id);
        if prior.is_some_and(|p| p.fingerprint == fingerprint && !p.gone) {
            counts.unchanged += 1;
            return None;
        }
        let known_slug = match prior {
            Some(p) => Some(p.slug.clone()),
            None => {
                let point =
                    match (record.fields.get("latitude").and_then(Value::as_f64), record.fields.get("longitude").and_then(Value::as_f64)) {
                        (Some(lat), Some(lon)) => Some(LatLon::new(lat, lon)),
                        _ => {
                            let town = text(&record.fields, "town").unwrap_or_default().to_string();
                            self.centre(&town, None)
                        }
                    };
                self.known.matching(&record, point)
            }
        };
        let (known, counts) = (&self.known, &mut self.counts);
        let prior = self.held.get(&record.id);
        let exists = known_slug.as_ref().is_some_and(|s| known.listed.contains(s));
        // Its earlier offer still waits: this change is offered once that is decided.
        if prior.is_some_and(|p| !exists && known.waiting.contains(&p.slug)) {
            counts.unchanged += 1;
            return None;
        }
        let slug = known_slug.unwrap_or_else(|| {
            known.free_slug(text(&record.fields, "name").unwrap_or_default(), text(&record.fields, "town").unwrap_or_default(), &self.given)
        });
        self.given.insert(slug.clone());
        let mut fields = record.fields.clone();
        fields.insert("slug".into(), slug.into());
        let status = if self.trusted { ListingStatus::Published } else { ListingStatus::Pending };
        let Some(listing) = serde_json::from_value::<ListingInput>(Value::Object(fields)).ok().and_then(|i| i.validate(status).ok()) else {
            counts.skipped += 1;
            return None;
        };
        let who = Identity {
            name: &listing.name,
            town: &listing.town,
            website: listing.website.as_deref(),
            emails: listing.email.as_deref().into_iter().collect(),
        };
        let held_why = self.register.held(&who);
        match (&held_why, exists) {
            (Some(_), _) => counts.held += 1,
            (None, true) => counts.updated += 1,
            (None, false) => counts.new += 1,
        }
        let public = if self.trusted && held_why.is_none() {
            let point = listing.point.map(|(a, b)| LatLon::new(a, b));
            let centroid = match point {
                Some(p) => self.read.gazetteer.centroid_for(&listing.town, Some(p), listing.region.as_deref()),
                None => self.centre(&listing.town, listing.region.as_deref()),
            };
            public_point(listing.precision, point, centroid)
        } else {
            None
        };
        Some(Offer { record, fingerprint, listing, update: exists, held: held_why, public })
    }

    /// The counts, and the records we copied that the source no longer
    /// lists: (its id, our slug).
    pub fn finish(self) -> (SourceCounts, Vec<(String, String)>) {
        let gone =
            self.held.iter().filter(|(id, h)| !h.gone && !self.seen.contains(*id)).map(|(id, h)| (id.clone(), h.slug.clone())).collect();
        (self.counts, gone)
    }
}
