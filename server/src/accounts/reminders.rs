//! Asking groups now and then whether they are still active, and the
//! link that says they are.

use crate::atlas::Atlas;
use crate::moderation::ActionError;
use crate::secrets::{hash_token, new_token};
use crate::store::{TokenPurpose, TokenUse};
use app::problem::Problem;

/// How long a "still active" link works.
const STILL_ACTIVE_HOURS: u32 = 24 * 60;

impl Atlas {
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
}
