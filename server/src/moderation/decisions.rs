//! The moderators' decisions on a submission: take one whose sender never
//! confirmed, approve it (perhaps corrected), or reject it with a reason.

use super::{as_meeting_problem, field_errors, keep_translations, unreadable, ActionError, Relisting};
use crate::atlas::Atlas;
use app::listing_input::{clean_line, ListingInput};
use app::location::LatLon;
use app::model::ListingStatus;
use app::people::{Entity, SubmissionAction, SubmissionStatus, User};
use app::problem::Problem;
use app::resource::ResourceInput;
use app::translation::Translations;
use serde_json::Value;

impl Atlas {
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

    /// Approves a pending submission, with the moderator's edits if any
    /// (`edited` replaces the submitted record). Everything is checked
    /// first; then one transaction claims the submission and writes the
    /// record, its revision, the audit line, the data version and the mail.
    ///
    /// Answers the public page of what it published, for the moderator to
    /// see (none for a claim or a calendar).
    pub async fn approve(&self, moderator: &User, id: i64, edited: Option<Value>) -> Result<Option<String>, ActionError> {
        self.approve_corrected(moderator, id, edited, Translations::default()).await
    }

    /// [`Atlas::approve`], with the moderator's corrections to the proposed
    /// translations (each language given replaces that language), checked
    /// as the sender's are.
    pub async fn approve_corrected(
        &self,
        moderator: &User,
        id: i64,
        edited: Option<Value>,
        corrected: Translations,
    ) -> Result<Option<String>, ActionError> {
        let s = self.decidable(moderator, id).await?;
        // The page again, the moderator's corrections kept, the problem at
        // the box that releases the hold.
        if s.summary.held.is_some() {
            return Err(ActionError::field("release_reason", Problem::HeldOnOptOutRegister));
        }
        let mut data = edited.unwrap_or_else(|| s.data.clone());
        keep_translations(&mut data, &s.data);
        if !corrected.is_empty() {
            self.correct_translations(&mut data, s.summary.entity, &s.summary.slug, corrected).await?;
        }
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
                let mut input: ListingInput = serde_json::from_value(without_marker(data)).map_err(unreadable)?;
                input.slug = slug.clone();
                let create = action == SubmissionAction::Create;
                let (listing, public) = self.listing_a_moderator_writes(moderator, input, create).await?;
                let meeting = match meeting.filter(|_| create && self.read.kind_allows(&listing.kind).events) {
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
            // A translator's: that language of the series, nothing else.
            (Entity::Event, SubmissionAction::Edit) if data.get(crate::translator::TRANSLATING).is_some() => {
                let (translations, revision) = self.event_translation_to_approve(moderator, &slug, &data).await?;
                Approval::EventTranslation { translations, revision }
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
                let mut input: ResourceInput = serde_json::from_value(without_marker(data)).map_err(unreadable)?;
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
            Approval::EventTranslation { translations, revision } => {
                if !tx.set_event_translations(&slug, &translations, &revision, &moderator.email, &note).await? {
                    return Err(ActionError::NotFound(Problem::NoSuchListing));
                }
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
    pub(super) async fn listing_a_moderator_writes(
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
        let centroid = self.read.gazetteer.centroid_for(&listing.town, point, listing.region.as_deref());
        let public = app::location::public_point(listing.precision, point, centroid);
        Ok((listing, public))
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
    pub(super) async fn decidable(&self, moderator: &User, id: i64) -> Result<crate::store::StoredSubmission, ActionError> {
        let s = self.store.submission(id).await?.ok_or_else(|| ActionError::NotFound(Problem::NoSuchSubmission))?;
        if !moderator.covers(s.summary.region.as_deref()) {
            return Err(ActionError::Forbidden(Problem::OutsideYourRegions));
        }
        if s.summary.status != SubmissionStatus::Pending {
            return Err(ActionError::Conflict(Problem::NotWaiting));
        }
        Ok(s)
    }
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
    /// A translator's language of a published series: its translations
    /// and the revision.
    EventTranslation {
        translations: app::translation::Translations,
        revision: Value,
    },
    /// The calendar to follow from now on, by id.
    Calendar(i64),
}

/// A listing's or resource's submitted record without the language a
/// translator's submission is marked with (not a field of the record).
fn without_marker(mut data: Value) -> Value {
    if let Some(fields) = data.as_object_mut() {
        fields.remove(crate::translator::TRANSLATING);
    }
    data
}
