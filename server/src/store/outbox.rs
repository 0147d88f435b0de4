//! A message in the outbox, as the senders read it.

use sqlx::Row;

/// A message written to the outbox in a transaction, to deliver once that
/// transaction has committed.
#[derive(Clone, Debug)]
pub struct QueuedMail {
    pub id: i64,
    pub to: String,
    pub reply_to: Option<String>,
    pub subject: String,
    pub body: String,
    /// An alert's one-click unsubscribe address (`List-Unsubscribe`).
    pub unsubscribe: Option<String>,
    /// Sent from the bare address, without the site's name (an alert
    /// asked for with a neutral subject).
    pub plain_sender: bool,
}

pub(super) fn queued(r: &sqlx::any::AnyRow) -> QueuedMail {
    QueuedMail {
        id: r.get(0),
        to: r.get(1),
        reply_to: r.get(2),
        subject: r.get(3),
        body: r.get(4),
        unsubscribe: r.get(5),
        plain_sender: r.get::<i64, _>(6) != 0,
    }
}
