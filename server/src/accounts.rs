//! Signing in by emailed link, what organisers can do with their own data,
//! reports, the contact relay, reminders and the lockdown switch.

use crate::atlas::Atlas;
use crate::moderation::ActionError;
use crate::secrets::{hash_token, new_token};
use crate::store::{TokenPurpose, TokenUse};
use app::listing_input::clean_line;
use app::people::{Role, User};
use app::problem::Problem;
use serde_json::{json, Value};
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// Days a sign-in lasts.
pub const SESSION_DAYS: u32 = 30;
const SIGN_IN_HOURS: u32 = 1;
/// A sign-in link is sent again only when the last is this old (or used):
/// at most six a person did not ask for in an hour.
const RESEND_AFTER_MINUTES: u32 = 10;
const STILL_ACTIVE_HOURS: u32 = 24 * 60;

impl Atlas {
    /// Mails a sign-in link if the address has an account. Answers the
    /// same, after the same work, either way: the account is looked up and
    /// the mail written after the answer, so neither the words nor the
    /// time of the answer tell whether an address has an account.
    /// `next` is where to go after signing in (a path on this site).
    pub async fn request_sign_in(self: &Arc<Self>, email: &str, lang: &str, next: Option<&str>) -> Result<(), ActionError> {
        if !crate::mail::valid_address(email) {
            return Err(ActionError::field("email", Problem::YourEmail));
        }
        // Not the per-address mail cap: anyone can ask for anyone's link,
        // and six asks would lock a person out for the hour. Instead a
        // link is not sent again while one sent minutes ago is unused.
        let (atlas, email, lang) = (self.clone(), email.to_string(), lang.to_string());
        let next = next.and_then(app::people::safe_next).map(str::to_string);
        tokio::spawn(async move {
            if let Err(e) = atlas.send_sign_in_link(&email, &lang, next.as_deref()).await {
                tracing::error!("a sign-in link could not be written: {e}");
            }
        });
        Ok(())
    }

    async fn send_sign_in_link(&self, email: &str, lang: &str, next: Option<&str>) -> Result<(), ActionError> {
        let Some(user) = self.store.user_by_email(email).await? else { return Ok(()) };
        // Asks at once must not each find no recent link: one at a time
        // (in this process; instances may each send one).
        static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
        let turn = ONE_AT_A_TIME.lock().await;
        if self.store.recent_sign_in_link(user.id, SIGN_IN_HOURS, RESEND_AFTER_MINUTES).await? {
            return Ok(());
        }
        // The link and the mail that carries it: stored together or not at all.
        let token = new_token();
        let (subject, body) = crate::mail::compose(lang, "mail-sign-in", &[("link", self.sign_in_link(&token, next))]);
        let mut tx = self.store.begin().await?;
        tx.create_token(
            TokenPurpose::SignIn,
            &hash_token(&token),
            SIGN_IN_HOURS,
            &TokenUse { user_id: Some(user.id), ..Default::default() },
        )
        .await?;
        tx.queue_mail(&user.email, None, &subject, &body).await?;
        let committed = tx.commit().await?;
        drop(turn);
        self.mailer.send_committed(&self.store, &committed).await;
        Ok(())
    }

    fn sign_in_link(&self, token: &str, next: Option<&str>) -> String {
        let mut link = self.link("/login/confirm", token);
        if let Some(next) = next {
            link += &format!("&next={}", form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>());
        }
        link
    }

    /// A one-time sign-in link for `user`, good for an hour. The operator's
    /// way in without mail (`atlas user link`): admins never see links.
    /// The link and its audit line are stored together.
    pub async fn new_sign_in_link(&self, user: &User, next: Option<&str>) -> Result<String, ActionError> {
        let token = new_token();
        let target = TokenUse { user_id: Some(user.id), ..Default::default() };
        let mut tx = self.store.begin().await?;
        tx.create_token(TokenPurpose::SignIn, &hash_token(&token), SIGN_IN_HOURS, &target).await?;
        tx.audit("command line", "made a sign-in link", &user.email, "").await?;
        tx.commit().await?;
        Ok(self.sign_in_link(&token, next))
    }

    /// Uses a sign-in link; returns the new session's cookie value.
    pub async fn sign_in(&self, token: &str) -> Result<(String, User), ActionError> {
        let gone = || ActionError::Gone(Problem::SignInLinkExpired);
        let mut tx = self.store.begin().await?;
        let used = tx.use_token(TokenPurpose::SignIn, &hash_token(token)).await?.ok_or_else(gone)?;
        let user_id = used.user_id.ok_or_else(gone)?;
        let user = self.store.user_by_id(user_id).await?.ok_or_else(gone)?;
        let session = new_token();
        tx.create_session(&hash_token(&session), user.id, SESSION_DAYS).await?;
        tx.audit(&user.email, "signed in", "", "").await?;
        tx.commit().await?;
        Ok((session, user))
    }

    pub async fn session_user(&self, session: &str) -> Result<Option<User>, sqlx::Error> {
        self.store.session_user(&hash_token(session)).await
    }

    pub async fn sign_out(&self, session: &str) -> Result<(), sqlx::Error> {
        self.store.end_session(&hash_token(session)).await
    }

    /// Everything held about a person, as one JSON document.
    pub async fn export(&self, user: &User) -> Result<Value, ActionError> {
        let listings = self.store.owned_records(user.id).await?;
        let mut submissions = Vec::new();
        for s in self.store.submissions_of(user.id).await? {
            if let Some(full) = self.store.submission(s.id).await? {
                submissions.push(json!({
                    "id": s.id, "entity": s.entity.as_str(), "action": s.action.as_str(), "slug": s.slug, "status": s.status.as_str(),
                    "created_at": s.created_at, "data": full.data, "reason": full.reason,
                }));
            }
        }
        let log: Vec<Value> = self
            .store
            .audit_by(&user.email)
            .await?
            .into_iter()
            .map(|a| json!({ "action": a.action, "target": a.target, "at": a.created_at }))
            .collect();
        // E-mail alerts to the same address (found by its keyed hash).
        let alerts: Vec<Value> = self
            .alerts_of_address(&user.email)
            .await?
            .into_iter()
            .map(|a| {
                json!({
                    "place": a.place, "radius_km": a.radius_km, "cadence": a.cadence.as_str(), "confirmed": a.confirmed,
                    "wants": a.wants.iter().map(|w| w.as_str()).collect::<Vec<_>>(),
                })
            })
            .collect();
        Ok(json!({
            "alerts": alerts,
            "account": { "email": user.email, "role": user.role.as_str(), "regions": user.regions },
            "listings": listings,
            "submissions": submissions,
            "activity": log,
        }))
    }

    /// Deletes the account, the listings only this person looks after and
    /// everything they submitted.
    pub async fn delete_account(&self, user: &User) -> Result<Vec<String>, ActionError> {
        // One transaction: the last-admin check, the deletion and its audit line.
        let mut tx = self.store.begin().await?;
        if user.role == Role::Admin && tx.count_admins().await? == 1 {
            return Err(ActionError::Conflict(Problem::OnlyAdmin));
        }
        let deleted = tx.delete_user(user.id).await?;
        if let Some(key) = &self.alerts_key {
            tx.delete_alerts_of(&key.address_hash(&user.email)).await?;
        }
        tx.audit("deleted account", "deleted account and listings", &deleted.join(", "), "").await?;
        tx.commit().await?;
        for slug in &deleted {
            self.refresh_after_write(app::people::Entity::Listing, slug).await;
        }
        Ok(deleted)
    }

    pub async fn report_listing(&self, slug: &str, category: &str, message: &str) -> Result<(), ActionError> {
        // The public directory: during a lockdown no listing exists.
        if self.public_directory().get(slug).is_none() {
            return Err(ActionError::NotFound(Problem::NoSuchListing));
        }
        let category: app::report::ReportCategory =
            category.parse().map_err(|_| ActionError::field("category", Problem::ReportCategory))?;
        let message: String = clean_line(message).chars().take(2000).collect();
        let mut tx = self.store.begin().await?;
        tx.add_report(slug, category.as_str(), &message).await?;
        tx.audit("visitor", "reported", &format!("listing {slug}"), category.as_str()).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn close_report(&self, moderator: &User, id: i64, note: &str) -> Result<(), ActionError> {
        let Some((report, region)) = self.store.open_report(id).await? else {
            return Err(ActionError::NotFound(Problem::NoSuchReport));
        };
        if !moderator.covers(region.as_deref()) {
            return Err(ActionError::Forbidden(Problem::OutsideYourRegions));
        }
        let mut tx = self.store.begin().await?;
        if tx.close_report(id).await?.is_none() {
            return Err(ActionError::NotFound(Problem::NoSuchReport));
        }
        tx.audit(&moderator.email, "closed report", &format!("listing {}", report.listing_slug), &clean_line(note)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Relays a visitor's message to the group without showing its address.
    pub async fn contact_group(&self, slug: &str, name: &str, email: &str, message: &str) -> Result<(), ActionError> {
        let Some(listing) = self.public_directory().get(slug).cloned() else {
            return Err(ActionError::NotFound(Problem::NoSuchListing));
        };
        if !self.kind_allows(&listing.kind).contact {
            return Err(ActionError::NotFound(Problem::NotForThisKind));
        }
        let mut problems = Vec::new();
        if !crate::mail::valid_address(email) {
            problems.push(("email".to_string(), Problem::ReplyEmail));
        }
        let message = message.trim();
        if message.chars().count() < 10 || message.chars().count() > 5000 {
            problems.push(("message".to_string(), Problem::MessageLength));
        }
        let name: String = clean_line(name).chars().take(100).collect();
        if !problems.is_empty() {
            return Err(ActionError::Invalid(problems));
        }
        let Some((to, lang)) = self.store.listing_contact(slug).await? else {
            return Err(ActionError::NotFound(Problem::NoReplyAddress));
        };
        self.allow_relay_to(&to).await?;
        let args = [("name", name), ("email", email.to_string()), ("group", listing.name.clone()), ("message", message.to_string())];
        let (subject, body) = crate::mail::compose(&lang, "mail-relay", &args);
        self.mailer.send(&self.store, &to, Some(email), &subject, &body).await?;
        Ok(())
    }

    /// Emails every listing unconfirmed for 12 months a one-click link.
    pub async fn send_reminders(&self) -> Result<usize, ActionError> {
        let mut sent = 0;
        for (slug, name, to, lang) in self.store.due_for_reminder().await? {
            // Every instance does this hourly: whoever claims it sends it.
            if !self.store.claim_reminder(&slug).await? {
                continue;
            }
            if let Err(e) = self.send_reminder(&slug, &name, &to, &lang).await {
                let _ = self.store.release_reminder(&slug).await;
                return Err(e);
            }
            sent += 1;
        }
        Ok(sent)
    }

    async fn send_reminder(&self, slug: &str, name: &str, to: &str, lang: &str) -> Result<(), ActionError> {
        let token = new_token();
        let target = TokenUse { listing_slug: Some(slug.to_string()), ..Default::default() };
        let args = [("name", name.to_string()), ("link", self.link("/still-active", &token))];
        let (subject, body) = crate::mail::compose(lang, "mail-reminder", &args);
        // The link and the mail that carries it: stored together or not at all.
        let mut tx = self.store.begin().await?;
        tx.create_token(TokenPurpose::StillActive, &hash_token(&token), STILL_ACTIVE_HOURS, &target).await?;
        tx.queue_mail(to, None, &subject, &body).await?;
        let committed = tx.commit().await?;
        self.mailer.send_committed(&self.store, &committed).await;
        Ok(())
    }

    pub async fn still_active(&self, token: &str) -> Result<String, ActionError> {
        let gone = || ActionError::Gone(Problem::LinkExpired);
        let mut tx = self.store.begin().await?;
        let used = tx.use_token(TokenPurpose::StillActive, &hash_token(token)).await?.ok_or_else(gone)?;
        let slug = used.listing_slug.ok_or_else(gone)?;
        tx.confirm_listing(&slug).await?;
        tx.audit("listing contact", "confirmed still active", &format!("listing {slug}"), "").await?;
        tx.commit().await?;
        self.refresh_after_write(app::people::Entity::Listing, &slug).await;
        Ok(slug)
    }

    /// Takes a listing off the map; with `Relisting::Never` the group also
    /// goes on the opt-out register, in the same transaction.
    pub async fn archive_listing(
        &self,
        moderator: &User,
        slug: &str,
        reason: &str,
        relisting: crate::moderation::Relisting,
    ) -> Result<(), ActionError> {
        let Some((record, _, _)) = self.store.listing_record(slug).await? else {
            return Err(ActionError::NotFound(Problem::NoSuchListing));
        };
        if !moderator.covers(crate::regions::region_of_record(&record).as_deref()) {
            return Err(ActionError::Forbidden(Problem::OutsideYourRegions));
        }
        let reason = clean_line(reason);
        let opt_out = match relisting {
            crate::moderation::Relisting::Never => Some(self.listing_fingerprints(slug, &record).await?),
            crate::moderation::Relisting::Allowed => None,
        };
        let mut tx = self.store.begin().await?;
        if !tx.set_listing_status(slug, "archived").await? {
            return Err(ActionError::NotFound(Problem::NoSuchListing));
        }
        tx.add_revision("listing", slug, &record, &moderator.email, "archived").await?;
        tx.audit(&moderator.email, "archived", &format!("listing {slug}"), &reason).await?;
        if let Some(marks) = &opt_out {
            let opt_out = tx.add_opt_out(&reason, &moderator.email, marks).await?;
            tx.audit(&moderator.email, "recorded on the opt-out register", &format!("opt-out {opt_out} (listing {slug})"), &reason).await?;
        }
        tx.commit().await?;
        self.refresh_after_write(app::people::Entity::Listing, slug).await;
        Ok(())
    }

    /// An admin sends a message of the outbox now — the mail that waited
    /// while the site had no mail server, or one whose delivery failed —
    /// with an audit line. Sent mail had its links cut: sent again, they
    /// stay cut.
    pub async fn send_outbox_mail(&self, admin: &User, id: i64) -> Result<(), ActionError> {
        if admin.role != Role::Admin {
            return Err(ActionError::Forbidden(Problem::AdminsOnly));
        }
        if !self.mailer.uses_smtp() {
            return Err(ActionError::Conflict(Problem::NoMailServer));
        }
        let mail = self.store.outbox_message(id).await?.ok_or(ActionError::NotFound(Problem::NoSuchMail))?;
        let outcome = self.mailer.send_now(&self.store, &mail).await?;
        let mut tx = self.store.begin().await?;
        let note = outcome.as_ref().err().cloned().unwrap_or_default();
        tx.audit(&admin.email, "sent mail from the outbox", &format!("outbox {id}"), &note).await?;
        tx.commit().await?;
        outcome.map_err(|reason| ActionError::Conflict(Problem::MailNotDelivered { reason }))
    }

    /// Hides (or shows again) every location and map from the public.
    pub async fn set_lockdown(&self, admin: &User, on: bool, reason: &str) -> Result<(), ActionError> {
        if admin.role != Role::Admin {
            return Err(ActionError::Forbidden(Problem::AdminsOnly));
        }
        let action = if on { "lockdown on" } else { "lockdown off" };
        let mut tx = self.store.begin().await?;
        tx.set_setting("lockdown", if on { "on" } else { "off" }).await?;
        tx.audit(&admin.email, action, "site", &clean_line(reason)).await?;
        tx.commit().await?;
        self.lockdown.store(on, Ordering::SeqCst);
        self.feed_changed();
        tracing::warn!("{action} by an admin");
        Ok(())
    }

    /// An admin gives someone a role (and, for moderators, regions).
    pub async fn set_role(&self, admin: &User, email: &str, role: Role, regions: Vec<String>) -> Result<User, ActionError> {
        if admin.role != Role::Admin {
            return Err(ActionError::Forbidden(Problem::AdminsOnly));
        }
        let email = email.trim();
        if !crate::mail::valid_address(email) {
            return Err(ActionError::field("email", Problem::PersonEmail));
        }
        let regions: Vec<String> = regions.iter().map(|r| clean_line(r)).filter(|r| !r.is_empty()).take(20).collect();
        // One transaction: the admins counted, the role set, the audit line.
        let mut tx = self.store.begin().await?;
        if email.eq_ignore_ascii_case(&admin.email) && role != Role::Admin && tx.count_admins().await? == 1 {
            return Err(ActionError::Conflict(Problem::OnlyAdmin));
        }
        let user = tx.put_user(email, role, &regions).await?;
        tx.audit(&admin.email, "set role", &user.email, &format!("{} {}", role, regions.join(", "))).await?;
        tx.commit().await?;
        Ok(user)
    }

    pub fn in_lockdown(&self) -> bool {
        self.lockdown.load(Ordering::SeqCst)
    }
}
