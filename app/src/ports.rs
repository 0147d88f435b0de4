//! The small traits the pages are written against, and the bundle of
//! services the server puts into every request's context. The server crate
//! implements them (SQLite and an in-memory directory now; PostgreSQL and
//! the search index later); tests can implement them in memory.

use crate::location::LatLon;
use crate::model::{ListingCard, ListingKind, PublicListing};
use std::fmt;
use std::sync::Arc;

/// A failure of the storage behind a port. The message is for the log only:
/// visitors see a generic error page.
#[derive(Debug, Clone)]
pub struct StoreError(pub String);

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StoreError {}

/// Filters a visitor can set on the directory.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListingFilter {
    pub kinds: Vec<String>,
    pub tag: Option<String>,
    pub lang: Option<String>,
    pub near: Option<LatLon>,
    pub radius_km: Option<f64>,
    /// Only listings with something on in the next seven days.
    pub on_this_week: bool,
}

/// One page of listings; `total` counts every match.
#[derive(Clone, Debug, Default)]
pub struct ListingsPage {
    pub items: Vec<PublicListing>,
    pub total: usize,
}

/// What the filter menus offer.
#[derive(Clone, Debug, Default)]
pub struct Facets {
    pub kinds: Vec<ListingKind>,
    /// Published listings of each kind (by slug).
    pub kind_counts: std::collections::HashMap<String, usize>,
    pub tags: Vec<String>,
    pub languages: Vec<String>,
}

/// A place the near-me box understood.
#[derive(Clone, Debug, PartialEq)]
pub struct NamedPlace {
    pub name: String,
    pub point: LatLon,
}

/// Why the near-me box did not find a place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlaceMiss {
    /// No place of that name; the known names nearest in spelling
    /// ("Did you mean Sheffield?"), nearest first, perhaps none.
    NotFound { suggestions: Vec<String> },
    /// It looks like a postcode, but no postcode districts are loaded.
    NoPostcodes,
}

/// Read access to the public directory of listings.
#[async_trait::async_trait]
pub trait ListingDirectory: Send + Sync {
    /// The `limit` most recently added published listings as cards (kind
    /// label as stored), newest first, read from the database itself.
    async fn recent_cards(&self, limit: usize) -> Result<Vec<ListingCard>, StoreError>;
    /// Published listings matching `filter`, nearest first with `near`.
    fn find(&self, filter: &ListingFilter, offset: usize, limit: usize) -> ListingsPage;
    /// One published listing.
    fn listing(&self, slug: &str) -> Option<PublicListing>;
    fn facets(&self) -> Facets;
    /// A town, postcode district or full postcode, as typed.
    fn resolve_place(&self, text: &str) -> Result<NamedPlace, PlaceMiss>;
    /// A town's established name in a language (`lang`), where one is known.
    fn town_name_in(&self, town: &str, lang: &str) -> Option<String>;
}

/// Everything a page may need, provided to each request by the server.
#[derive(Clone)]
pub struct Services {
    pub listings: Arc<dyn ListingDirectory>,
    pub library: Arc<dyn Library>,
    pub events: Arc<dyn EventCalendar>,
    pub backoffice: Arc<dyn Backoffice>,
    /// True when the server was started with the fictional sample data,
    /// so every page can say so.
    pub sample_data: bool,
    /// The credit line of the operator's tile server, when one is set up
    /// (tiles then come from this server's /tiles/...).
    pub tile_attribution: Option<String>,
    /// A street basemap is installed (`/basemap/tiles.json` answers).
    pub basemap: bool,
    /// Content hashes of the built files.
    pub assets: Arc<crate::assets::AssetVersions>,
    /// This site's address without a trailing slash (link previews need
    /// absolute addresses).
    pub public_url: String,
    /// The JSON API, read from its OpenAPI document (for `/developers`).
    pub api_reference: Arc<crate::api_reference::ApiReference>,
    /// E-mail alerts (issue 32).
    pub alerts: Arc<dyn AlertsPort>,
}

/// What the alert pages read.
#[async_trait::async_trait]
pub trait AlertsPort: Send + Sync {
    /// False when the operator set no `ATLAS_ALERTS_KEY`: the page says so.
    fn alerts_enabled(&self) -> bool;
    /// Every alert of the person one of whose alert tokens this is; none
    /// for a token that opens nothing.
    async fn alerts_of(&self, token: &str) -> Result<Option<Vec<crate::alerts::AlertSummary>>, StoreError>;
    /// The one alert this token is for; none once it is stopped.
    async fn alert_of(&self, token: &str) -> Result<Option<crate::alerts::AlertSummary>, StoreError>;
    /// What a confirmation link would start; none once it is used or old.
    async fn pending_alert(&self, confirm_token: &str) -> Result<Option<crate::alerts::AlertSummary>, StoreError>;
}

/// Filters for browsing the library.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ResourceFilter {
    pub kind: Option<String>,
    pub topic: Option<String>,
    pub lang: Option<String>,
    /// A reader's language: each translation set once, by its sheet in
    /// it where that sheet matches (else the newest that does). None:
    /// every sheet (the feeds).
    pub one_per_set_in: Option<String>,
}

/// Counts for the library's browse menus.
#[derive(Clone, Debug, Default)]
pub struct ResourceFacets {
    pub kinds: Vec<(String, usize)>,
    pub topics: Vec<(String, usize)>,
    pub languages: Vec<(String, usize)>,
}

/// The resource library and search across everything public.
pub trait Library: Send + Sync {
    /// Published resources matching `filter` (newest first) and how many match.
    fn resources(&self, filter: &ResourceFilter, offset: usize, limit: usize) -> (Vec<crate::resource::Resource>, usize);
    /// Counts within `filter`, for the browse menus.
    fn resource_facets(&self, filter: &ResourceFilter) -> ResourceFacets;
    fn resource(&self, slug: &str) -> Option<crate::resource::Resource>;
    /// Every published resource of a translation set (the same sheet in
    /// several languages), by its key.
    fn translation_set(&self, key: &str) -> Vec<crate::resource::Resource>;
    /// The most read published resources of the last month, most read first.
    fn popular(&self, limit: usize) -> Vec<crate::resource::Resource>;
    /// One read of a resource's page by `reader` (the client's address as
    /// the server sees it): counted once per reader and day; nothing
    /// about the reader is kept.
    fn count_read(&self, slug: &str, reader: &Reader);
    fn search(&self, query: &crate::search::SearchQuery) -> Result<crate::search::SearchPage, StoreError>;
}

/// What signed-in people read: their own account, and for moderators the
/// queue, reports, history and outbox. Every method checks that `viewer`
/// may see what it asks for; pages check too, but never alone.
#[async_trait::async_trait]
pub trait Backoffice: Send + Sync {
    async fn account(&self, viewer: &crate::people::User) -> Result<crate::people::AccountOverview, StoreError>;
    /// The submitted fields of a listing `viewer` looks after, for editing.
    async fn listing_for_edit(&self, viewer: &crate::people::User, slug: &str) -> Result<Option<Vec<(String, String)>>, StoreError>;
    /// The form fields of an event series `viewer` organises, with its
    /// listing's slug; None when it is not theirs or does not exist.
    async fn event_for_edit(&self, viewer: &crate::people::User, slug: &str)
        -> Result<Option<(String, Vec<(String, String)>)>, StoreError>;
    /// A published record `viewer` (a translator) may translate; None when
    /// it is not theirs to translate or the public cannot see it.
    async fn to_translate(
        &self,
        viewer: &crate::people::User,
        entity: crate::people::Entity,
        slug: &str,
    ) -> Result<Option<crate::translation::ToTranslate>, StoreError>;
    /// The calendar a listing `viewer` looks after follows, with the
    /// listing's name; None when the listing is not theirs.
    async fn calendar_of(
        &self,
        viewer: &crate::people::User,
        listing: &str,
    ) -> Result<Option<(String, Option<crate::event::CalendarFeed>)>, StoreError>;
    /// Pending submissions `viewer` may decide on; `entity` narrows.
    /// A page of them and how many there are in all.
    async fn queue(
        &self,
        viewer: &crate::people::User,
        entity: Option<crate::people::Entity>,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<crate::people::SubmissionSummary>, usize), StoreError>;
    /// Submissions whose sender has not confirmed by the emailed link,
    /// that `viewer` may take into the queue: a page and the total.
    async fn unconfirmed(
        &self,
        viewer: &crate::people::User,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<crate::people::SubmissionSummary>, usize), StoreError>;
    /// False when the site has no mail server: mail waits in the outbox.
    fn sends_mail(&self) -> bool;
    async fn submission(&self, viewer: &crate::people::User, id: i64) -> Result<Option<crate::people::SubmissionDetail>, StoreError>;
    /// A page of the open reports `viewer` may close, and how many there are.
    async fn open_reports(
        &self,
        viewer: &crate::people::User,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<crate::people::Report>, usize), StoreError>;
    async fn audit_log(
        &self,
        viewer: &crate::people::User,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<crate::people::AuditEntry>, StoreError>;
    async fn history(&self, viewer: &crate::people::User, slug: &str) -> Result<Option<crate::people::ListingHistory>, StoreError>;
    async fn outbox(&self, viewer: &crate::people::User, limit: usize) -> Result<Vec<crate::people::OutboxMail>, StoreError>;
    /// The opt-out register and the blocked senders (admins only).
    async fn do_not_list(
        &self,
        viewer: &crate::people::User,
    ) -> Result<(Vec<crate::people::OptOut>, Vec<crate::people::BlockedSender>), StoreError>;
    /// The sources this atlas follows (admins only).
    async fn sources(&self, viewer: &crate::people::User) -> Result<Vec<crate::source::SourceSummary>, StoreError>;
    /// Everyone who can sign in (admins only).
    async fn people(&self, viewer: &crate::people::User) -> Result<Vec<crate::people::User>, StoreError>;
    /// True while an admin has hidden every location from the public.
    fn lockdown(&self) -> bool;
}

/// Filters on what's on. Dates are `YYYY-MM-DD` in Europe/London, inclusive.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EventQuery {
    pub from: Option<String>,
    pub to: Option<String>,
    pub listing: Option<String>,
    pub near: Option<LatLon>,
    pub radius_km: Option<f64>,
    pub category: Option<String>,
    pub lang: Option<String>,
    pub online: bool,
    /// Only events held in person: near a place, events one can join
    /// online are otherwise included, wherever they are held.
    pub in_person: bool,
    pub free: bool,
    pub step_free: bool,
    pub women: bool,
    pub q: Option<String>,
    pub limit: usize,
    pub cursor: Option<String>,
}

/// One page of occurrences in time order, and where the next one starts.
#[derive(Clone, Debug, Default)]
pub struct EventPage {
    pub items: Vec<crate::event::PublicOccurrence>,
    pub next_cursor: Option<String>,
    /// Today in Europe/London, `YYYY-MM-DD` (pages group by it).
    pub today: String,
}

/// Why an event query was refused (a 400 with this problem).
#[derive(Clone, Debug)]
pub enum EventQueryError {
    Invalid { field: &'static str, problem: crate::problem::Problem },
    Store(StoreError),
}

/// What's on: occurrences, one series, the categories.
#[async_trait::async_trait]
pub trait EventCalendar: Send + Sync {
    async fn occurrences(&self, query: &EventQuery) -> Result<EventPage, EventQueryError>;
    /// One published series with its next dates.
    async fn event(&self, slug: &str) -> Result<Option<crate::event::PublicEvent>, StoreError>;
    /// (slug, label) of each category.
    async fn categories(&self) -> Result<Vec<(String, String)>, StoreError>;
}

/// Who is reading, as far as counting reads needs: the client's address,
/// put in the page's context by the server. Only ever hashed with a key
/// that lives a day in memory.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reader(pub String);
