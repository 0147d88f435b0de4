//! Alert mail in the outbox is held under a short claim (a lease): the
//! instance that queued it, or took it over, renews the claim while it
//! is still sending, and once a claim lapses — its sender was killed —
//! the next alerts round of any instance takes the mail over, within
//! minutes rather than at the hourly retry. A failed delivery waits
//! `RETRY_MINUTES` before its next attempt.

use super::Store;

/// How long a claim on alert mail lasts unless renewed.
pub const ALERT_CLAIM_MINUTES: u32 = 2;
/// How long a message whose delivery failed waits for its next attempt.
pub const RETRY_MINUTES: u32 = 10;

impl Store {
    /// Claims up to `limit` alert mails nobody is sending (a lapsed claim,
    /// or a failed attempt whose wait is over), unless a lockdown holds
    /// them; oldest first.
    pub async fn claim_lapsed_alert_mail(&self, limit: i64) -> Result<Vec<super::QueuedMail>, sqlx::Error> {
        // The conditions are repeated outside the subquery: PostgreSQL
        // checks them again on a row another instance claimed meanwhile.
        let rows = sqlx::query(
            "UPDATE outbox SET claimed_until = $1
             WHERE purpose = 'alert' AND sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < $2)
               AND id IN (SELECT id FROM outbox WHERE purpose = 'alert' AND sent_at IS NULL
                            AND (claimed_until IS NULL OR claimed_until < $2)
                            AND NOT EXISTS (SELECT 1 FROM settings WHERE key = 'lockdown' AND value = 'on')
                          ORDER BY id LIMIT $3)
             RETURNING id, recipient, reply_to, subject, body, unsubscribe, plain_sender",
        )
        .bind(super::in_minutes(ALERT_CLAIM_MINUTES))
        .bind(super::now())
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        let mut mail: Vec<_> = rows.iter().map(super::outbox::queued).collect();
        mail.sort_by_key(|m: &super::QueuedMail| m.id);
        Ok(mail)
    }

    /// Renews the claims on these unsent mails that have not lapsed (a
    /// lapsed one may be another instance's now); the ids still held.
    pub async fn renew_alert_claims(&self, ids: &[i64]) -> Result<Vec<i64>, sqlx::Error> {
        let (now, until) = (super::now(), super::in_minutes(ALERT_CLAIM_MINUTES));
        let mut held = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let marks = (0..chunk.len()).map(|i| format!("${}", i + 3)).collect::<Vec<_>>().join(", ");
            let sql = format!(
                "UPDATE outbox SET claimed_until = $1 WHERE sent_at IS NULL AND claimed_until >= $2 AND id IN ({marks}) RETURNING id"
            );
            let mut q = sqlx::query_scalar::<_, i64>(&sql).bind(&until).bind(&now);
            for id in chunk {
                q = q.bind(id);
            }
            held.extend(q.fetch_all(self.pool()).await?);
        }
        Ok(held)
    }
}
