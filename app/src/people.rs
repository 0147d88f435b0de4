//! Who is using the site, and what moderators see: the types the
//! server's account and moderation code hands to the pages.

use crate::problem::Problem;
use std::fmt;
use std::str::FromStr;

/// What a signed-in person may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Organiser,
    /// Proposes translations of any published listing, event or resource.
    Translator,
    Moderator,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Moderator => "moderator",
            Role::Organiser => "organiser",
            Role::Translator => "translator",
        }
    }

    /// Translators, moderators and admins may propose a translation of
    /// anything published (an organiser only of their own).
    pub fn translates(self) -> bool {
        self >= Role::Translator
    }

    /// Moderators and admins see the queue.
    pub fn moderates(self) -> bool {
        self >= Role::Moderator
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "admin" => Ok(Role::Admin),
            "moderator" => Ok(Role::Moderator),
            "organiser" => Ok(Role::Organiser),
            "translator" => Ok(Role::Translator),
            other => Err(format!("unknown role {other:?}; use admin, moderator, translator or organiser")),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a submission is in its life: sent (its address not yet
/// confirmed), waiting for a moderator, or decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, strum::EnumIter, strum::IntoStaticStr, strum::EnumString, strum::Display)]
#[strum(serialize_all = "snake_case")]
pub enum SubmissionStatus {
    Unconfirmed,
    Pending,
    Approved,
    Rejected,
}

/// What a submission is about (a calendar: the first reading of one
/// an organiser asked us to follow).
#[derive(Clone, Copy, Debug, PartialEq, Eq, strum::EnumIter, strum::IntoStaticStr, strum::EnumString, strum::Display)]
#[strum(serialize_all = "snake_case")]
pub enum Entity {
    Listing,
    Resource,
    Event,
    Calendar,
}

/// What a submission asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, strum::EnumIter, strum::IntoStaticStr, strum::EnumString, strum::Display)]
#[strum(serialize_all = "snake_case")]
pub enum SubmissionAction {
    Create,
    Edit,
    Claim,
}

impl SubmissionStatus {
    /// Its word, as stored.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

impl Entity {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

impl SubmissionAction {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub role: Role,
    /// For moderators: the regions they look after (empty = all).
    pub regions: Vec<String>,
}

impl User {
    /// May this person decide on something in `region`?
    pub fn covers(&self, region: Option<&str>) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Moderator => self.regions.is_empty() || region.is_some_and(|r| self.regions.iter().any(|m| m.eq_ignore_ascii_case(r))),
            Role::Organiser | Role::Translator => false,
        }
    }
}

/// The person behind this request, and the anti-forgery token its forms
/// must carry. Put into every request by the server.
#[derive(Clone, Debug, Default)]
pub struct Viewer {
    pub user: Option<User>,
    pub csrf: String,
}

impl Viewer {
    pub fn role(&self) -> Option<Role> {
        self.user.as_ref().map(|u| u.role)
    }
}

/// What a form sent, and what was wrong with it, for showing it again.
#[derive(Clone, Debug, Default)]
pub struct FormState {
    pub values: Vec<(String, String)>,
    /// (field, problem); field "" for the form as a whole.
    pub errors: Vec<(String, Problem)>,
}

impl FormState {
    pub fn value(&self, field: &str) -> String {
        self.values.iter().find(|(k, _)| k == field).map(|(_, v)| v.clone()).unwrap_or_default()
    }
    pub fn values(&self, field: &str) -> Vec<String> {
        self.values.iter().filter(|(k, _)| k == field).map(|(_, v)| v.clone()).collect()
    }
    pub fn errors_of(&self, field: &str) -> Vec<&Problem> {
        self.errors.iter().filter(|(f, _)| f == field).map(|(_, p)| p).collect()
    }
}

/// A line in the moderation queue.
#[derive(Clone, Debug)]
pub struct SubmissionSummary {
    pub id: i64,
    pub entity: Entity,
    pub action: SubmissionAction,
    pub slug: String,
    pub title: String,
    pub region: Option<String>,
    pub status: SubmissionStatus,
    pub created_at: String,
    /// Why it may not be approved until a moderator says so: it matches
    /// the opt-out register (the reason the group gave when it left).
    pub held: Option<String>,
    /// A translator's: the language it translates into.
    pub translation: Option<String>,
    /// Why a moderator did not approve it (the sender was mailed it too).
    pub rejected_because: Option<String>,
}

/// One submission, as a moderator decides on it.
#[derive(Clone, Debug)]
pub struct SubmissionDetail {
    pub summary: SubmissionSummary,
    pub contact_email: String,
    /// (field, what is public now, what is proposed).
    pub changes: Vec<(String, String, String)>,
    /// The proposed record, field by field, for edit-before-approve.
    pub proposed: Vec<(String, String)>,
    /// The language the record's original is written in (its translations'
    /// originals are shown marked with it).
    pub language: String,
    /// Published listings with a similar name nearby: (slug, name, km).
    pub possible_duplicates: Vec<(String, String, f64)>,
    pub reason: Option<String>,
    /// True when the listing an edit is for is archived now.
    pub listing_archived: bool,
    /// For a record a followed source offered: the source's name and the
    /// record's page there.
    pub provenance: Option<(String, Option<String>)>,
}

#[derive(Clone, Debug)]
pub struct Report {
    pub id: i64,
    pub listing_slug: String,
    /// What the moderator knows the group by (the slug, if it is gone).
    pub listing_name: String,
    pub category: String,
    pub message: String,
    pub created_at: String,
}

#[derive(Clone, Debug)]
pub struct AuditEntry {
    pub actor: String,
    pub action: String,
    pub target: String,
    pub reason: String,
    pub created_at: String,
    /// When the target is a listing that still exists: its slug and name.
    pub listing: Option<(String, String)>,
}

#[derive(Clone, Debug)]
pub struct Revision {
    pub id: i64,
    pub author: String,
    pub note: String,
    pub data: String,
    pub created_at: String,
    /// The fields it changed from the revision before it: (field, before,
    /// after), in the form's order (every field given, for the first).
    pub changes: Vec<(String, String, String)>,
}

/// A group's request never to be listed again, as the register keeps it:
/// why, who recorded it and when, and how many fingerprints (keyed hashes
/// of its name and town, website, e-mail) match it — never the data.
#[derive(Clone, Debug)]
pub struct OptOut {
    pub id: i64,
    pub reason: String,
    pub recorded_by: String,
    pub recorded_at: String,
    pub fingerprints: i64,
}

/// An address (`someone@example.org`) or a whole domain (`example.org`) an
/// admin blocked from sending submissions.
#[derive(Clone, Debug)]
pub struct BlockedSender {
    pub pattern: String,
    pub reason: String,
    pub added_by: String,
    pub added_at: String,
}

#[derive(Clone, Debug)]
pub struct OutboxMail {
    pub id: i64,
    /// Why the last delivery failed, if it did.
    pub error: Option<String>,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub created_at: String,
    pub sent_at: Option<String>,
}

/// A listing its organiser looks after.
#[derive(Clone, Debug)]
pub struct OwnListing {
    pub slug: String,
    pub name: String,
    pub status: String,
    pub last_confirmed: Option<String>,
    /// The listing's event series: (slug, title, status).
    pub events: Vec<(String, String, String)>,
}

/// What the account page shows.
#[derive(Clone, Debug, Default)]
pub struct AccountOverview {
    pub listings: Vec<OwnListing>,
    pub submissions: Vec<SubmissionSummary>,
}

/// A moderator's view of a listing's history.
#[derive(Clone, Debug, Default)]
pub struct ListingHistory {
    pub name: String,
    pub status: String,
    pub revisions: Vec<Revision>,
    /// The listing as it is, field by field, for the moderator's correction form.
    pub fields: Vec<(String, String)>,
}

/// `next` as a place to go after signing in: a path on this site only
/// (never `//elsewhere` or `/\\elsewhere`, which browsers read as another
/// site), at most 200 characters.
pub fn safe_next(next: &str) -> Option<&str> {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && next.len() <= 200
        && !next.chars().any(|c| c.is_control() || c == '\\');
    ok.then_some(next)
}

#[cfg(test)]
mod next_tests {
    #[test]
    fn only_paths_on_this_site_are_followed() {
        use super::safe_next;
        assert_eq!(safe_next("/moderate/submissions/7"), Some("/moderate/submissions/7"));
        for bad in ["", "https://evil.example", "//evil.example", "/\\evil.example", "/a\\b", "/a\nb", "evil"] {
            assert_eq!(safe_next(bad), None, "{bad:?}");
        }
    }
}
