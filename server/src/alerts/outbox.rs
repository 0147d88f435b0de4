//! Sending alert mail under a short claim (`store::alert_outbox`): the
//! sender renews its claim while it works, stops at once when a lockdown
//! begins or a delivery fails (the mail server is down: the rest waits
//! under its lapsing claim), and every alerts round first takes over what
//! a killed sender left — within minutes of its claim lapsing. Each
//! message keeps the Message-ID of its outbox row, so the one a killed
//! sender may have handed over unmarked is shown once.

use crate::atlas::Atlas;
use crate::store::alert_outbox::ALERT_CLAIM_MINUTES;
use crate::store::QueuedMail;
use std::time::{Duration, Instant};

/// Renewed well before it lapses, even with a slow mail server.
const RENEW_AFTER: Duration = Duration::from_secs(ALERT_CLAIM_MINUTES as u64 * 60 / 4);
/// Taken over at a time, so one pass's claims are renewed together.
const TAKE_OVER: i64 = 100;

impl Atlas {
    /// Sends what a commit queued, unless a lockdown began meanwhile (it
    /// then waits in the outbox, held).
    pub(super) async fn send_alert_mail(&self, committed: &crate::store::Committed) -> Result<(), sqlx::Error> {
        self.send_claimed(&committed.mail).await.map(|_| ())
    }

    /// Sends mails this instance holds the claim of, renewing it as it
    /// goes; how many were delivered. Stops at a lockdown or a failure.
    async fn send_claimed(&self, mails: &[QueuedMail]) -> Result<usize, sqlx::Error> {
        // Renewed first: a long matching round may have outlasted the claim.
        let (mut held, mut renewed, mut sent) = (mails.iter().collect::<Vec<_>>(), None::<Instant>, 0);
        let mut i = 0;
        while i < held.len() {
            if self.locked_down().await? {
                break;
            }
            if renewed.is_none_or(|r| r.elapsed() >= RENEW_AFTER) {
                let ids: Vec<i64> = held[i..].iter().map(|m| m.id).collect();
                let kept: std::collections::HashSet<i64> = self.store.renew_alert_claims(&ids).await?.into_iter().collect();
                // A claim that lapsed may be another sender's now: leave it.
                let mut rest: Vec<&QueuedMail> = held.split_off(i);
                rest.retain(|m| kept.contains(&m.id));
                held.extend(rest);
                renewed = Some(Instant::now());
                continue;
            }
            if !self.mailer.send_one(&self.store, held[i]).await? {
                break;
            }
            sent += 1;
            i += 1;
        }
        Ok(sent)
    }

    /// Takes over alert mail whose claim lapsed (its sender was killed or
    /// stopped) or whose wait after a failure is over, and sends it.
    pub(super) async fn resend_lapsed_alert_mail(&self) -> Result<usize, sqlx::Error> {
        let mut sent = 0;
        loop {
            let mails = self.store.claim_lapsed_alert_mail(TAKE_OVER).await?;
            let done = self.send_claimed(&mails).await?;
            sent += done;
            if mails.is_empty() || done < mails.len() {
                return Ok(sent);
            }
        }
    }
}
