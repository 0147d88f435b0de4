//! Submitting: a group registers, a resource is shared, a listing is
//! claimed — each stored unconfirmed until its sender uses the link mailed
//! to them, which puts it in the moderators' queue.

use super::{as_meeting_problem, field_errors, record_value, ActionError};
use crate::atlas::Atlas;
use crate::secrets::{hash_token, new_token};
use crate::store::{NewSubmission, TokenPurpose, TokenUse};
use app::listing_input::{clean_line, ListingInput};
use app::model::ListingStatus;
use app::people::{Entity, SubmissionAction, SubmissionStatus, User};
use app::problem::Problem;
use app::resource::ResourceInput;

/// Messages one address may be sent in an hour by the public's forms.
const MAIL_PER_ADDRESS_PER_HOUR: i64 = 5;
/// Visitors' messages relayed to one group in an hour: more than a group
/// gets on a busy day, far fewer than a flood.
const RELAYED_PER_ADDRESS_PER_HOUR: i64 = 20;
/// Hours a confirmation link stays good.
const CONFIRM_HOURS: u32 = 48;

impl Atlas {
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
        let public: Vec<String> = self.read.kinds().into_iter().filter(|k| k.allows.public_registration).map(|k| k.slug).collect();
        if !input.kind.is_empty() && self.read.kind_slugs().contains(&input.kind) && !public.contains(&input.kind) {
            problems.push(("kind".into(), Problem::UnknownKind { given: input.kind.clone(), known: public.join(", ") }));
        }
        self.locate(&mut input, &mut problems);
        let listing = self.check_listing(input.clone(), ListingStatus::Pending, problems)?;
        let meeting = meeting.filter(|_| self.read.kind_allows(&listing.kind).events);
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
        let mut data = record_value(&input);
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
        let data = record_value(&input);
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
        let Some(kind) = self.read.public_directory().get(slug).map(|l| l.kind.clone()) else {
            return Err(ActionError::NotFound(Problem::NoSuchListing));
        };
        if !self.read.kind_allows(&kind).claim {
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

    pub(super) async fn allow_to(&self, what: &'static str, to: &str, max: i64) -> Result<(), ActionError> {
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
}
