//! Signing in by a link sent by mail: asking for one (the same answer
//! whether or not the address has an account), using it, signing out.

use crate::atlas::Atlas;
use crate::moderation::ActionError;
use crate::secrets::{hash_token, new_token};
use crate::store::{TokenPurpose, TokenUse};
use app::people::User;
use app::problem::Problem;
use std::sync::Arc;

/// Days a sign-in lasts.
pub const SESSION_DAYS: u32 = 30;
const SIGN_IN_HOURS: u32 = 1;
/// A sign-in link is sent again only when the last is this old (or used):
/// at most six a person did not ask for in an hour.
const RESEND_AFTER_MINUTES: u32 = 10;

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
}
