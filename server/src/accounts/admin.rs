//! The admins' switches: the lockdown, people's roles, and sending a
//! held mail from the outbox now.

use crate::atlas::Atlas;
use crate::moderation::ActionError;
use app::listing_input::clean_line;
use app::people::{Role, User};
use app::problem::Problem;

impl Atlas {
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
        tx.set_lockdown(on).await?;
        tx.audit(&admin.email, action, "site", &clean_line(reason)).await?;
        tx.commit().await?;
        self.read.lockdown_is(on);
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
}
