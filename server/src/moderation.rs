//! Self-registration and the moderation queue: a group or resource is
//! submitted, its sender confirms by email, a moderator approves (maybe
//! after editing) or rejects with a reason. Nothing is public before that.

use crate::atlas::Atlas;
use crate::secrets::{hash_token, new_token};
use crate::store::{NewSubmission, TokenPurpose, TokenUse};
use app::listing_input::{clean_line, FieldError, ListingInput};
use app::location::LatLon;
use app::model::ListingStatus;
use app::people::{Entity, Role, SubmissionAction, SubmissionStatus, User};
use app::problem::Problem;
use app::resource::ResourceInput;
use serde_json::Value;

/// Messages one address may be sent in an hour by the public's forms.
const MAIL_PER_ADDRESS_PER_HOUR: i64 = 5;
/// Visitors' messages relayed to one group in an hour: more than a group
/// gets on a busy day, far fewer than a flood.
const RELAYED_PER_ADDRESS_PER_HOUR: i64 = 20;

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

fn field_errors(errors: Vec<FieldError>) -> ActionError {
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

/// Hours a confirmation link stays good.
const CONFIRM_HOURS: u32 = 48;

impl Atlas {
    /// A link the recipient opens in a browser.
    pub fn link(&self, path: &str, token: &str) -> String {
        format!("{}{path}?token={token}", self.public_url.trim_end_matches('/'))
    }

    /// Stores a new listing as unconfirmed and mails its sender the link
    /// that puts it into the queue. `place` is what the sender typed for
    /// the location when they did not click the map.
    ///
    /// `meeting` is the group's regular meeting as event-form fields: checked
    /// now, kept with the submission, and published as the listing's series
    /// when a moderator approves the group.
    pub async fn register_listing(
        &self,
        mut input: ListingInput,
        contact_email: &str,
        lang: &str,
        meeting: Option<crate::events::form::Fields>,
    ) -> Result<i64, ActionError> {
        let mut problems = Vec::new();
        if !crate::mail::valid_address(contact_email) {
            problems.push(("contact_email".to_string(), Problem::ContactEmail));
        }
        if input.slug.is_empty() {
            input.slug = self.free_slug(Entity::Listing, &input.name, &input.town).await?;
        }
        // Kinds only moderators add (a reporting centre) are not offered.
        let public: Vec<String> = self.kinds().into_iter().filter(|k| k.allows.public_registration).map(|k| k.slug).collect();
        if !input.kind.is_empty() && self.kind_slugs().contains(&input.kind) && !public.contains(&input.kind) {
            problems.push(("kind".into(), Problem::UnknownKind { given: input.kind.clone(), known: public.join(", ") }));
        }
        self.locate(&mut input, &mut problems);
        let listing = self.check_listing(input.clone(), ListingStatus::Pending, problems)?;
        let meeting = meeting.filter(|_| self.kind_allows(&listing.kind).events);
        if let Some(fields) = &meeting {
            self.check_event(fields, "regular-meeting", None, &listing.slug).await.map_err(as_meeting_problem)?;
        }
        self.check_sender(contact_email).await?;
        let who = crate::opt_out::Identity {
            name: &listing.name,
            town: &listing.town,
            website: listing.website.as_deref(),
            emails: [Some(contact_email), listing.email.as_deref()].into_iter().flatten().collect(),
        };
        let held = self.opt_out_register().await?.held(&who);
        // Counted only for a submission that will be stored and mailed.
        self.allow_mail_to(contact_email).await?;
        let mut data = listing_value(&input);
        if let Some(fields) = &meeting {
            data["meeting"] = crate::events::organise::fields_value(fields);
        }
        let id = self
            .submit_for_confirmation(&NewSubmission {
                entity: Entity::Listing,
                action: SubmissionAction::Create,
                slug: &listing.slug,
                data: &data,
                contact_email,
                user_id: None,
                region: listing.region.as_deref(),
                status: SubmissionStatus::Unconfirmed,
                lang,
                held: held.as_deref(),
            })
            .await?;
        Ok(id)
    }

    /// The same for a resource ("Share a resource").
    pub async fn share_resource(&self, mut input: ResourceInput, contact_email: &str, lang: &str) -> Result<i64, ActionError> {
        if !crate::mail::valid_address(contact_email) {
            return Err(ActionError::field("contact_email", Problem::ContactEmail));
        }
        if input.slug.is_empty() {
            input.slug = self.free_slug(Entity::Resource, &input.title, "").await?;
        }
        let valid = input.clone().validate(ListingStatus::Pending).map_err(field_errors)?;
        self.check_sender(contact_email).await?;
        self.allow_mail_to(contact_email).await?;
        let data = resource_value(&input);
        let id = self
            .submit_for_confirmation(&NewSubmission {
                entity: Entity::Resource,
                action: SubmissionAction::Create,
                slug: &valid.slug,
                data: &data,
                contact_email,
                user_id: None,
                region: None,
                status: SubmissionStatus::Unconfirmed,
                lang,
                held: None,
            })
            .await?;
        Ok(id)
    }

    /// An organiser asks to look after a listing already on the map.
    pub async fn claim_listing(&self, slug: &str, contact_email: &str, message: &str, lang: &str) -> Result<i64, ActionError> {
        // First, and from the public directory: during a lockdown no
        // listing exists, and no mail may carry a listing's name.
        let Some(kind) = self.public_directory().get(slug).map(|l| l.kind.clone()) else {
            return Err(ActionError::NotFound(Problem::NoSuchListing));
        };
        if !self.kind_allows(&kind).claim {
            return Err(ActionError::NotFound(Problem::NotForThisKind));
        }
        if !crate::mail::valid_address(contact_email) {
            return Err(ActionError::field("contact_email", Problem::ContactEmail));
        }
        self.check_sender(contact_email).await?;
        let held = self.opt_out_register().await?.held(&crate::opt_out::Identity { emails: vec![contact_email], ..Default::default() });
        self.allow_mail_to(contact_email).await?;
        let Some((record, status, _)) = self.store.listing_record(slug).await? else {
            return Err(ActionError::NotFound(Problem::NoSuchListing));
        };
        if status != "published" {
            return Err(ActionError::NotFound(Problem::NoSuchListing));
        }
        let message: String = clean_line(message).chars().take(2000).collect();
        let data = serde_json::json!({ "name": record["name"], "message": message });
        let region = record["region"].as_str().map(str::to_string);
        let id = self
            .submit_for_confirmation(&NewSubmission {
                entity: Entity::Listing,
                action: SubmissionAction::Claim,
                slug,
                data: &data,
                contact_email,
                user_id: None,
                region: region.as_deref(),
                status: SubmissionStatus::Unconfirmed,
                lang,
                held: held.as_deref(),
            })
            .await?;
        Ok(id)
    }

    /// Counts one message to `to` this hour, across every instance;
    /// refuses once over the limit, whichever address the forms come from.
    pub(crate) async fn allow_mail_to(&self, to: &str) -> Result<(), ActionError> {
        self.allow_to("mail-to-address", to, MAIL_PER_ADDRESS_PER_HOUR).await
    }

    /// Counts one visitor's message relayed to a group this hour: its own
    /// count, so messages to a group never hold up its own links.
    pub(crate) async fn allow_relay_to(&self, to: &str) -> Result<(), ActionError> {
        self.allow_to("relay-to-address", to, RELAYED_PER_ADDRESS_PER_HOUR).await
    }

    async fn allow_to(&self, what: &'static str, to: &str, max: i64) -> Result<(), ActionError> {
        let key = hash_token(&format!("{}|{what}|{}", self.form_secret, to.trim().to_lowercase()));
        let hour = (crate::secrets::now_secs() / 3600) as i64;
        if self.store.count_hit(&key, hour).await? > max {
            metrics::counter!("atlas_rate_limit_refusals_total", "action" => what).increment(1);
            return Err(ActionError::TooMany(Problem::TooManyMailsToAddress));
        }
        Ok(())
    }

    /// Stores an unconfirmed submission, its confirmation link and the
    /// mail that carries it in one transaction (nothing half-stored); the
    /// mail goes out after the commit. The address is not confirmed yet,
    /// so the mail carries nothing a visitor wrote (no name, no title): the
    /// form cannot be used to send someone else's words to any address.
    pub(crate) async fn submit_for_confirmation(&self, submission: &NewSubmission<'_>) -> Result<i64, ActionError> {
        let token = new_token();
        let (subject, body) = crate::mail::compose(submission.lang, "mail-confirm", &[("link", self.link("/confirm", &token))]);
        let mut tx = self.store.begin().await?;
        let id = tx.add_submission(submission).await?;
        let target = TokenUse { submission_id: Some(id), ..Default::default() };
        tx.create_token(TokenPurpose::Confirm, &hash_token(&token), CONFIRM_HOURS, &target).await?;
        tx.queue_mail(submission.contact_email, None, &subject, &body).await?;
        let committed = tx.commit().await?;
        self.mailer.send_committed(&self.store, &committed).await;
        Ok(id)
    }

    /// The sender opened the link: the submission joins the queue and the
    /// sender gets an organiser account (signed in by later email links).
    /// One transaction: the link is used, the account made, the
    /// submission moved and the audit line written, or none of them.
    pub async fn confirm_submission(&self, token: &str) -> Result<User, ActionError> {
        let mut tx = self.store.begin().await?;
        let Some(used) = tx.use_token(TokenPurpose::Confirm, &hash_token(token)).await? else {
            return Err(ActionError::Gone(Problem::LinkExpired));
        };
        let id = used.submission_id.ok_or_else(|| ActionError::Gone(Problem::LinkExpired))?;
        let s = self.store.submission(id).await?.ok_or_else(|| ActionError::Gone(Problem::SubmissionGone))?;
        let user = tx.organiser(&s.contact_email).await?;
        // Already confirmed (two clicks at once): the link is used, nothing moves twice.
        if !tx.move_submission(id, SubmissionStatus::Unconfirmed, SubmissionStatus::Pending, user.id).await? {
            return Err(ActionError::Gone(Problem::LinkExpired));
        }
        tx.audit(&user.email, "confirmed submission", &format!("{} {}", s.summary.entity, s.summary.slug), "").await?;
        tx.commit().await?;
        Ok(user)
    }

    /// A moderator takes a submission whose sender never opened the emailed
    /// link into the queue — on a site without mail the link never arrives.
    /// As confirming does: the sender's account is made, the submission
    /// moved, and the audit log says who vouched for it; one transaction.
    pub async fn take_unconfirmed(&self, moderator: &User, id: i64) -> Result<(), ActionError> {
        let s = self.store.submission(id).await?.ok_or_else(|| ActionError::NotFound(Problem::NoSuchSubmission))?;
        if !moderator.covers(s.summary.region.as_deref()) {
            return Err(ActionError::Forbidden(Problem::OutsideYourRegions));
        }
        let mut tx = self.store.begin().await?;
        let sender = tx.organiser(&s.contact_email).await?;
        if !tx.move_submission(id, SubmissionStatus::Unconfirmed, SubmissionStatus::Pending, sender.id).await? {
            return Err(ActionError::Conflict(Problem::NotWaiting));
        }
        let what = format!("{} {} (submission {id})", s.summary.entity, s.summary.slug);
        let why = if self.mailer.uses_smtp() { "the sender did not confirm by mail" } else { "this site sends no mail" };
        tx.audit(&moderator.email, "took into the queue unconfirmed", &what, why).await?;
        tx.commit().await?;
        Ok(())
    }

    /// An organiser proposes changes to a listing they look after. The
    /// published version stays until a moderator approves.
    pub async fn propose_edit(&self, user: &User, slug: &str, input: ListingInput) -> Result<i64, ActionError> {
        self.propose_listing_edit(user, slug, input, false).await
    }

    /// The same, from a form that shows the translations
    /// (`with_translations`): what it sends replaces the stored ones, so a
    /// language whose fields were emptied is taken out.
    pub async fn propose_listing_edit(
        &self,
        user: &User,
        slug: &str,
        mut input: ListingInput,
        with_translations: bool,
    ) -> Result<i64, ActionError> {
        if !self.store.owns(user.id, slug).await? && user.role != Role::Admin {
            return Err(ActionError::Forbidden(Problem::NotYourListing));
        }
        input.slug = slug.to_string();
        if let Some((stored, ..)) = self.store.listing_record(slug).await? {
            let mut data = listing_value(&input);
            keep_translations(&mut data, &stored);
            if with_translations {
                data["translations"] = serde_json::to_value(&input.translations).unwrap_or_default();
            }
            input =
                serde_json::from_value(data).map_err(|_| ActionError::Invalid(vec![("translations".into(), Problem::RecordUnreadable)]))?;
        }
        let mut problems = Vec::new();
        self.locate(&mut input, &mut problems);
        let listing = self.check_listing(input.clone(), ListingStatus::Published, problems)?;
        let mut tx = self.store.begin().await?;
        let id = tx
            .add_submission(&NewSubmission {
                entity: Entity::Listing,
                action: SubmissionAction::Edit,
                slug,
                data: &listing_value(&input),
                contact_email: &user.email,
                user_id: Some(user.id),
                region: listing.region.as_deref(),
                status: SubmissionStatus::Pending,
                lang: "en",
                held: None,
            })
            .await?;
        tx.audit(&user.email, "proposed edit", &format!("listing {slug}"), "").await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Approves a pending submission, with the moderator's edits if any
    /// (`edited` replaces the submitted record). Everything is checked
    /// first; then one transaction claims the submission and writes the
    /// record, its revision, the audit line, the data version and the mail.
    ///
    /// Answers the public page of what it published, for the moderator to
    /// see (none for a claim or a calendar).
    pub async fn approve(&self, moderator: &User, id: i64, edited: Option<Value>) -> Result<Option<String>, ActionError> {
        let s = self.decidable(moderator, id).await?;
        // The page again, the moderator's corrections kept, the problem at
        // the box that releases the hold.
        if s.summary.held.is_some() {
            return Err(ActionError::field("release_reason", Problem::HeldOnOptOutRegister));
        }
        let mut data = edited.unwrap_or_else(|| s.data.clone());
        keep_translations(&mut data, &s.data);
        // The meeting a group registered with comes from its submission
        // (a moderator's corrections are to the listing's fields).
        let meeting = s.data.get("meeting").map(crate::events::organise::fields_from_value);
        if let Some(fields) = data.as_object_mut() {
            fields.remove("meeting");
        }
        let slug = s.summary.slug.clone();
        let owner = s.user_id;
        let note = format!("approved submission {id}");
        let write = match (s.summary.entity, s.summary.action) {
            (Entity::Listing, SubmissionAction::Claim) => Approval::Claim,
            (Entity::Listing, action) => {
                let mut input: ListingInput = serde_json::from_value(data).map_err(unreadable)?;
                input.slug = slug.clone();
                let create = action == SubmissionAction::Create;
                let (listing, public) = self.listing_a_moderator_writes(moderator, input, create).await?;
                let meeting = match meeting.filter(|_| create && self.kind_allows(&listing.kind).events) {
                    Some(fields) => {
                        let event_slug = self.free_slug(Entity::Event, &listing.name, &listing.town).await?;
                        let (event, public) = self.check_event(&fields, &event_slug, None, &slug).await.map_err(as_meeting_problem)?;
                        let mut data = crate::events::organise::fields_value(&fields);
                        data["listing"] = Value::String(slug.clone());
                        data["uid"] = Value::String(event.uid.clone());
                        Some(Box::new((event, public, data)))
                    }
                    None => None,
                };
                Approval::Listing { create, listing: Box::new((listing, public)), meeting }
            }
            (Entity::Event, action) => {
                let fields = crate::events::organise::fields_from_value(&data);
                let listing = data["listing"].as_str().unwrap_or_default().to_string();
                let uid = data["uid"].as_str().map(str::to_string);
                let (event, public) = self.check_event(&fields, &slug, uid, &listing).await?;
                let record = self.store.listing_record(&listing).await?;
                let region = record.as_ref().and_then(|(r, _, _)| crate::regions::region_of_record(r));
                if !moderator.covers(region.as_deref()) {
                    return Err(ActionError::Forbidden(Problem::OutsideYourRegions));
                }
                Approval::Event { create: action == SubmissionAction::Create, event: Box::new((event, public, data.clone())) }
            }
            (Entity::Calendar, _) => {
                let listing = data["listing"].as_str().unwrap_or_default();
                let feed = self.store.feed_of(listing).await?.ok_or(ActionError::Gone(Problem::NoCalendar))?;
                Approval::Calendar(feed.id)
            }
            (Entity::Resource, _) => {
                let mut input: ResourceInput = serde_json::from_value(data).map_err(unreadable)?;
                input.slug = slug.clone();
                Approval::Resource(Box::new(input.validate(ListingStatus::Published).map_err(field_errors)?))
            }
        };
        let (subject, body) = crate::mail::compose(&s.lang, "mail-approved", &[("title", s.summary.title.clone())]);

        let mut meeting_slug = None;
        let mut tx = self.store.begin().await?;
        if !tx.claim_submission(id, SubmissionStatus::Pending, SubmissionStatus::Approved, moderator.id, None).await? {
            return Err(ActionError::Conflict(Problem::DecidedMeanwhile));
        }
        match write {
            Approval::Claim => {
                if let Some(owner) = owner {
                    tx.add_owner(&slug, owner).await?;
                }
            }
            Approval::Listing { create, listing, meeting } => {
                if create && tx.listing_exists(&slug).await? {
                    return Err(ActionError::Conflict(Problem::SlugTaken { slug: slug.clone() }));
                }
                tx.upsert_listings(std::slice::from_ref(&*listing), &moderator.email, &note).await?;
                if let Some(event) = meeting {
                    tx.upsert_events(std::slice::from_ref(&*event), &moderator.email, &note).await?;
                    meeting_slug = Some(event.0.slug.clone());
                }
                // An imported record held by the register has no sender.
                if create && !s.contact_email.is_empty() {
                    tx.set_listing_contact(&slug, &s.contact_email, &s.lang).await?;
                    if let Some(owner) = owner {
                        tx.add_owner(&slug, owner).await?;
                    }
                }
            }
            Approval::Resource(valid) => {
                tx.upsert_resources(std::slice::from_ref(&*valid), &moderator.email, &note).await?;
            }
            Approval::Calendar(feed) => {
                tx.set_feed_state(feed, app::event::FeedState::Following).await?;
                tx.publish_feed_series(feed).await?;
            }
            Approval::Event { create, event } => {
                if create && tx.event_exists(&slug).await? {
                    return Err(ActionError::Conflict(Problem::SlugTaken { slug: slug.clone() }));
                }
                tx.upsert_events(std::slice::from_ref(&*event), &moderator.email, &note).await?;
            }
        }
        tx.audit(&moderator.email, "approved", &format!("{} {slug} (submission {id})", s.summary.entity), "").await?;
        if !s.contact_email.is_empty() {
            tx.queue_mail(&s.contact_email, None, &subject, &body).await?;
        }
        let committed = tx.commit().await?;
        self.mailer.send_committed(&self.store, &committed).await;
        self.refresh_after_write(s.summary.entity, &slug).await;
        if let Some(event) = meeting_slug {
            self.refresh_after_write(Entity::Event, &event).await;
        }
        Ok(match (s.summary.entity, s.summary.action) {
            (Entity::Listing, SubmissionAction::Claim) | (Entity::Calendar, _) => None,
            (Entity::Listing, _) => Some(format!("/listings/{slug}")),
            (Entity::Event, _) => Some(format!("/events/{slug}")),
            (Entity::Resource, _) => Some(format!("/library/{slug}")),
        })
    }

    /// A listing as a moderator would write it (approving a submission, or
    /// correcting a published listing): located, checked, in the regions
    /// the moderator covers before and after, with its public point.
    async fn listing_a_moderator_writes(
        &self,
        moderator: &User,
        mut input: ListingInput,
        create: bool,
    ) -> Result<(app::listing_input::ValidListing, Option<LatLon>), ActionError> {
        let mut problems = Vec::new();
        self.locate(&mut input, &mut problems);
        // An edit keeps the listing's status: approving an owner's
        // change never brings an archived listing back.
        let current = self.store.listing_record(&input.slug).await?;
        let status = match current.as_ref().map(|(_, status, _)| status.as_str()) {
            Some("archived") if !create => ListingStatus::Archived,
            _ => ListingStatus::Published,
        };
        let mut listing = self.check_listing(input, status, problems)?;
        // The moderator must cover where the listing is now and
        // where it would be after their corrections.
        let old_region = current.as_ref().and_then(|(record, _, _)| crate::regions::region_of_record(record));
        // Where it is, not the region shown (the public point's).
        let new_region = listing.point.and_then(|(lat, lon)| crate::regions::region_of(LatLon::new(lat, lon)));
        let new_region = new_region.map(str::to_string).or_else(|| listing.region.clone());
        if current.is_some() && !moderator.covers(old_region.as_deref()) || !moderator.covers(new_region.as_deref()) {
            return Err(ActionError::Forbidden(Problem::OutsideYourRegions));
        }
        if create {
            listing.last_confirmed = Some(crate::store::today());
        }
        let point = listing.point.map(|(a, b)| LatLon::new(a, b));
        let centroid = self.gazetteer.centroid_for(&listing.town, point, listing.region.as_deref());
        let public = app::location::public_point(listing.precision, point, centroid);
        Ok((listing, public))
    }

    /// A moderator corrects a published (or archived) listing directly —
    /// "the location is wrong" — with a reason: a revision, an audit line
    /// and the listing, in one transaction. A report it answers is closed
    /// with it.
    pub async fn correct_listing(
        &self,
        moderator: &User,
        slug: &str,
        mut input: ListingInput,
        reason: &str,
        report: Option<i64>,
    ) -> Result<(), ActionError> {
        let reason = app::listing_input::clean_line(reason);
        if reason.is_empty() {
            return Err(ActionError::field("correction_reason", Problem::ReasonForAudit));
        }
        let Some((record, _, _)) = self.store.listing_record(slug).await? else {
            return Err(ActionError::NotFound(Problem::NoSuchListing));
        };
        input.slug = slug.to_string();
        // A new town with the old point: the point was the old town's, so
        // the new town places it (else it would stay where it was).
        let same_point = input.latitude == record["latitude"].as_f64() && input.longitude == record["longitude"].as_f64();
        if same_point && !input.town.trim().eq_ignore_ascii_case(record["town"].as_str().unwrap_or_default()) {
            (input.latitude, input.longitude) = (None, None);
        }
        // The public form has no place for these: they stay as they are.
        input.last_confirmed = record["last_confirmed"].as_str().map(str::to_string);
        input.schedule = serde_json::from_value(record["schedule"].clone()).unwrap_or_default();
        // Nor for its language and translations (text only: a move leaves them right).
        if input.language.is_none() {
            input.language = record["language"].as_str().map(str::to_string);
        }
        if input.translations.is_empty() {
            input.translations = serde_json::from_value(record["translations"].clone()).unwrap_or_default();
        }
        let written = self.listing_a_moderator_writes(moderator, input, false).await?;
        let mut tx = self.store.begin().await?;
        tx.upsert_listings(std::slice::from_ref(&written), &moderator.email, &format!("corrected by a moderator: {reason}")).await?;
        tx.audit(&moderator.email, "corrected", &format!("listing {slug}"), &reason).await?;
        if let Some(id) = report {
            // Only a report about this listing, still open.
            if tx.close_report(id).await?.as_deref() != Some(slug) {
                return Err(ActionError::NotFound(Problem::NoSuchReport));
            }
            tx.audit(&moderator.email, "closed report", &format!("listing {slug}"), &reason).await?;
        }
        tx.commit().await?;
        self.refresh_after_write(Entity::Listing, slug).await;
        Ok(())
    }

    /// Rejects a pending submission with a reason mailed to the sender, in
    /// one transaction. With `Relisting::Never` (a new group or a change to
    /// one), the group goes on the opt-out register in the same transaction.
    pub async fn reject(&self, moderator: &User, id: i64, reason: &str, relisting: Relisting) -> Result<(), ActionError> {
        let reason: String = clean_line(reason).chars().take(1000).collect();
        if reason.is_empty() {
            return Err(ActionError::field("reason", Problem::ReasonForSender));
        }
        let s = self.decidable(moderator, id).await?;
        let (subject, body) =
            crate::mail::compose(&s.lang, "mail-rejected", &[("title", s.summary.title.clone()), ("reason", reason.clone())]);
        let refused_feed = if s.summary.entity == Entity::Calendar { self.store.feed_of(&s.summary.slug).await? } else { None };
        let opt_out = match (relisting, s.summary.entity, s.summary.action) {
            (Relisting::Never, Entity::Listing, SubmissionAction::Create | SubmissionAction::Edit) => {
                let mut who = crate::opt_out::Identity::of_record(&s.data);
                who.emails.push(&s.contact_email);
                Some(self.opt_out_register().await?.fingerprints(&who))
            }
            // Offered only for a group's registration or change: a resource,
            // event, calendar or claim names no group to keep off the map.
            _ => None,
        };
        let mut tx = self.store.begin().await?;
        if !tx.claim_submission(id, SubmissionStatus::Pending, SubmissionStatus::Rejected, moderator.id, Some(&reason)).await? {
            return Err(ActionError::Conflict(Problem::DecidedMeanwhile));
        }
        if let Some(feed) = &refused_feed {
            // Nothing it brought was ever public; it goes, and the calendar is no longer read.
            tx.set_feed_state(feed.id, app::event::FeedState::Refused).await?;
            tx.drop_pending_feed_series(feed.id).await?;
        }
        if let Some(marks) = &opt_out {
            let opt_out = tx.add_opt_out(&reason, &moderator.email, marks).await?;
            tx.audit(&moderator.email, "recorded on the opt-out register", &format!("opt-out {opt_out} (submission {id})"), &reason)
                .await?;
        }
        tx.audit(&moderator.email, "rejected", &format!("{} {} (submission {id})", s.summary.entity, s.summary.slug), &reason).await?;
        if !s.contact_email.is_empty() {
            tx.queue_mail(&s.contact_email, None, &subject, &body).await?;
        }
        let committed = tx.commit().await?;
        self.mailer.send_committed(&self.store, &committed).await;
        Ok(())
    }

    /// A pending submission this moderator may decide on.
    async fn decidable(&self, moderator: &User, id: i64) -> Result<crate::store::StoredSubmission, ActionError> {
        let s = self.store.submission(id).await?.ok_or_else(|| ActionError::NotFound(Problem::NoSuchSubmission))?;
        if !moderator.covers(s.summary.region.as_deref()) {
            return Err(ActionError::Forbidden(Problem::OutsideYourRegions));
        }
        if s.summary.status != SubmissionStatus::Pending {
            return Err(ActionError::Conflict(Problem::NotWaiting));
        }
        Ok(s)
    }

    /// Published listings with a similar name within 5 km of `point`.
    pub fn possible_duplicates(&self, name: &str, point: Option<LatLon>, except: &str) -> Vec<(String, String, f64)> {
        let Some(point) = point else { return Vec::new() };
        let page = self.directory.snapshot().search(
            &crate::directory::DirectoryQuery { near: Some(point), radius_km: Some(5.0), ..Default::default() },
            0,
            200,
        );
        page.items
            .into_iter()
            .filter(|l| l.slug != except && similar_names(name, &l.name))
            .map(|l| (l.slug, l.name, l.distance_km.unwrap_or(0.0)))
            .collect()
    }

    /// A point farther from the town or district named with it than that
    /// place reaches (an unknown town is not judged).
    pub(crate) fn far_from_town(&self, town: &str, point: LatLon) -> Option<Problem> {
        let place = self.gazetteer.resolve(town)?;
        let km = place.point().distance_km(point);
        let max = app::location::reach_km(&place.name);
        (km > max as f64).then(|| Problem::PointFarFromTown { town: town.trim().to_string(), km: km.round() as usize, max })
    }

    /// Places the listing: a clicked point wins; else the typed town,
    /// postcode district or postcode. Refuses points outside the coverage.
    /// The region is then the point's, whatever the form said.
    fn locate(&self, input: &mut ListingInput, problems: &mut Vec<(String, Problem)>) {
        match (input.latitude, input.longitude) {
            // A point and a town must agree: one tap on a whole-country
            // map must not put a group in the next town.
            (Some(lat), Some(lon)) => {
                if let Some(far) = self.far_from_town(&input.town, LatLon::new(lat, lon)) {
                    problems.push(("town".into(), far));
                }
            }
            _ if input.town.trim().is_empty() => {}
            _ => match self.gazetteer.resolve(&input.town) {
                Some(place) => {
                    let p = place.point();
                    input.latitude = Some(p.lat);
                    input.longitude = Some(p.lon);
                    // A postcode, or a town typed in another script, is
                    // stored as the town's own name.
                    let by_alias = self.gazetteer.alias_of(&input.town).is_some();
                    if (by_alias || crate::places::outward_code(&input.town).is_some()) && !place.name.is_empty() {
                        input.town = place.name.clone();
                    }
                }
                None => {
                    problems.push((
                        "town".into(),
                        Problem::PlaceNotFound {
                            place: input.town.trim().to_string(),
                            suggestions: self.gazetteer.did_you_mean(&input.town, 3),
                        },
                    ));
                    return;
                }
            },
        }
        if let (Some(lat), Some(lon)) = (input.latitude, input.longitude) {
            let point = LatLon::new(lat, lon);
            // The region shown is the public point's, so it tells no more
            // than the point does (which side of a region line the true
            // point is); the true point's when the public one has none.
            let precision = input.precision.as_deref().and_then(|p| p.parse().ok()).unwrap_or_default();
            let public = app::location::public_point(precision, Some(point), self.gazetteer.centroid_for(&input.town, Some(point), None));
            let region = Some(point)
                .filter(|p| in_coverage(*p))
                .and_then(|p| public.and_then(crate::regions::region_of).or_else(|| crate::regions::region_of(p)));
            match region {
                Some(region) => input.region = Some(region.to_string()),
                None => problems.push(("town".into(), Problem::OutsideCoverage)),
            }
        }
    }

    fn check_listing(
        &self,
        input: ListingInput,
        status: ListingStatus,
        mut problems: Vec<(String, Problem)>,
    ) -> Result<app::listing_input::ValidListing, ActionError> {
        let known = self.kind_slugs();
        if !input.kind.is_empty() && !known.contains(&input.kind) {
            problems.push(("kind".into(), Problem::UnknownKind { given: input.kind.clone(), known: known.join(", ") }));
        }
        match input.validate(status) {
            Ok(v) if problems.is_empty() => Ok(v),
            Ok(_) => Err(ActionError::Invalid(problems)),
            Err(errors) => {
                problems.extend(errors.into_iter().map(|e| (e.field.to_string(), e.problem)));
                Err(ActionError::Invalid(problems))
            }
        }
    }

    /// A slug made from the name (and town), free in the table and queue.
    pub(crate) async fn free_slug(&self, entity: Entity, name: &str, town: &str) -> Result<String, ActionError> {
        let base = slug_base(entity, name, town);
        for candidate in slug_candidates(&base) {
            if !self.store.slug_taken(entity, &candidate).await? {
                return Ok(candidate);
            }
        }
        Ok(format!("{base}-{}", crate::secrets::now_secs()))
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
                if let Err(e) = self.refresh_on_this_week().await {
                    tracing::error!("finding what is on this week failed: {e}");
                }
                let replace = match (entity, slug.is_empty()) {
                    (_, true) => EventsToReplace::All,
                    (Entity::Calendar, false) => EventsToReplace::OfListings(&slugs),
                    _ => EventsToReplace::Slugs(&slugs),
                };
                if let Err(e) = self.reindex_events(replace).await {
                    tracing::error!("updating the search index after an event write failed: {e}");
                }
                return;
            }
        };
        if let Err(e) = self.refresh_changed(resources, listings).await {
            tracing::error!("updating the directory and index after a write failed (the next start repairs them): {e}");
        }
    }
}

/// Lower-case ASCII words joined by hyphens, at most 60 characters (the
/// `slug` crate; names in other scripts are transliterated, so an Arabic
/// or Persian name gets a readable address too).
pub fn slugify(text: &str) -> String {
    let full = slug::slugify(text);
    if full.len() <= 60 {
        return full;
    }
    // Cut at a word boundary where there is one.
    let cut = &full[..60];
    cut.rfind('-').filter(|&i| i >= 20).map_or(cut, |i| &cut[..i]).trim_matches('-').to_string()
}

/// The slug a name (and town) would have before a number makes it free.
pub(crate) fn slug_base(entity: Entity, name: &str, town: &str) -> String {
    let base = slugify(&format!("{name} {town}"));
    if base.len() < 3 {
        format!("{entity}-{}", &crate::secrets::new_token()[..6].to_ascii_lowercase().replace(['-', '_'], "x"))
    } else {
        base
    }
}

/// `base`, then `base-2` … `base-99`, in the order they are tried.
pub(crate) fn slug_candidates(base: &str) -> impl Iterator<Item = String> + '_ {
    (1..100).map(move |n| if n == 1 { base.to_string() } else { format!("{base}-{n}") })
}

/// A name's words as [`similar_names`] compares them (fold once, compare many).
pub fn name_words(s: &str) -> Vec<String> {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !["the", "of", "and", "sample"].contains(w))
        .map(str::to_string)
        .collect()
}

/// Same words, or one name inside the other, ignoring case and "the".
pub fn similar_names(a: &str, b: &str) -> bool {
    similar_words(&name_words(a), &name_words(b))
}

/// [`similar_names`] on names already split by [`name_words`].
pub fn similar_words(wa: &[String], wb: &[String]) -> bool {
    if wa.is_empty() || wb.is_empty() {
        return false;
    }
    let (ja, jb) = (wa.join(" "), wb.join(" "));
    if ja.contains(&jb) || jb.contains(&ja) {
        return true;
    }
    let shared = wa.iter().filter(|w| wb.contains(w)).count();
    shared * 3 >= wa.len().max(wb.len()) * 2
}

/// The record as the importer reads it (field names of `ListingInput`).
pub fn listing_value(l: &ListingInput) -> Value {
    let mut value = serde_json::json!({
        "slug": l.slug, "kind": l.kind, "name": l.name, "summary": l.summary, "town": l.town,
        "region": l.region, "precision": l.precision, "latitude": l.latitude, "longitude": l.longitude,
        "address": l.address, "description": l.description, "tags": l.tags, "languages": l.languages,
        "meeting_times": l.meeting_times, "accessibility": l.accessibility, "website": l.website,
        "email": l.email, "phone": l.phone, "last_confirmed": l.last_confirmed, "schedule": l.schedule,
        "social": l.social,
    });
    // Absent rather than empty, so a form without them keeps the stored ones.
    if let Some(language) = &l.language {
        value["language"] = Value::String(language.clone());
    }
    if !l.translations.is_empty() {
        value["translations"] = serde_json::to_value(&l.translations).unwrap_or_default();
    }
    value
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

pub fn resource_value(r: &ResourceInput) -> Value {
    let mut value = serde_json::json!({
        "slug": r.slug, "title": r.title, "summary": r.summary, "body": r.body, "url": r.url, "kind": r.kind,
        "topics": r.topics, "languages": r.languages, "publisher": r.publisher, "published": r.published,
        "translation_of": r.translation_of,
    });
    if let Some(language) = &r.language {
        value["language"] = Value::String(language.clone());
    }
    if !r.translations.is_empty() {
        value["translations"] = serde_json::to_value(&r.translations).unwrap_or_default();
    }
    value
}

/// What an approval writes, worked out before its transaction starts.
enum Approval {
    Claim,
    Listing {
        create: bool,
        listing: Box<(app::listing_input::ValidListing, Option<LatLon>)>,
        /// A new group's regular meeting, published with it.
        meeting: Option<Box<(crate::events::input::ValidEvent, Option<LatLon>, Value)>>,
    },
    Resource(Box<app::resource::ValidResource>),
    Event {
        create: bool,
        event: Box<(crate::events::input::ValidEvent, Option<LatLon>, Value)>,
    },
    /// The calendar to follow from now on, by id.
    Calendar(i64),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_from_names() {
        assert_eq!(slugify("Rotherham Refugee Café  Rotherham"), "rotherham-refugee-cafe-rotherham");
        let arabic = slugify("مجموعة التضامن");
        assert!(!arabic.is_empty() && app::listing_input::check_slug(&arabic).is_ok(), "{arabic}");
        assert!(slugify(&"a".repeat(500)).len() <= 60);
    }

    #[test]
    fn similar_names_are_spotted() {
        assert!(similar_names("Rotherham Refugee Cafe", "The Rotherham Refugee Cafe"));
        assert!(similar_names("Rotherham Refugee Cafe", "Refugee Cafe Rotherham (sample)"));
        assert!(!similar_names("Rotherham Refugee Cafe", "Sheffield Walking Group"));
    }
}
