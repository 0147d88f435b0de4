//! "Follow this group" (issue 32): an alert on one listing, asked for from
//! its page with the same double opt-in, and one mail per change to it — a
//! new series, a cancelled or moved date, a new town, closing. Each change
//! is an alert item written in the transaction that made it, so it is
//! sent exactly once, and never when it was made during a lockdown.

use super::Sealing;
use crate::atlas::Atlas;
use crate::moderation::ActionError;
use crate::store::alerts::{AlertItem, AlertMail, NewAlert, StoredAlert};
use crate::store::Committed;
use app::alerts::{AlertRule, Attend, Cadence, GroupChange};
use app::problem::Problem;

/// The cell of a follow: no place search ever reads it.
pub const FOLLOW_CELL: &str = "follow";

impl Atlas {
    /// Stores an unconfirmed follow of a public listing and mails its
    /// confirmation link, as `subscribe_alert` does.
    pub async fn follow_listing(&self, slug: &str, request: &FollowRequest) -> Result<(), ActionError> {
        // The public directory first: during a lockdown no listing exists,
        // whatever else would be refused.
        if self.read.public_directory().get(slug).is_none() {
            return Err(ActionError::NotFound(Problem::NoSuchListing));
        }
        if !self.mailer.uses_smtp() {
            return Err(ActionError::Forbidden(Problem::AlertsOff));
        }
        let key = self.alerts_key()?;
        let Some(listing) = self.store.published_listings_in(&[slug.to_string()]).await?.pop() else {
            return Err(ActionError::NotFound(Problem::NoSuchListing));
        };
        let email = request.email.trim();
        let mut problems = Vec::new();
        if !crate::mail::valid_address(email) {
            problems.push(("email".into(), Problem::NotEmail { given: email.chars().take(254).collect() }));
        }
        let cadence = match request.cadence.trim() {
            "" => Cadence::Instant,
            c => Cadence::parse(c).unwrap_or_else(|| {
                problems.push((
                    "cadence".into(),
                    Problem::UnknownChoice { given: c.chars().take(40).collect(), known: "instant, weekly".into() },
                ));
                Cadence::Instant
            }),
        };
        if !problems.is_empty() {
            return Err(ActionError::Invalid(problems));
        }
        self.allow_mail_to(email).await?;
        let mail_lang = app::i18n::Locale::from_code(&request.mail_lang).map(|l| l.code()).unwrap_or_else(|| "en".into());
        // Wants nothing: a follow is never matched to new records, only
        // to its group's changes.
        let rule = AlertRule {
            wants: Vec::new(),
            kind: String::new(),
            tag: String::new(),
            lang: String::new(),
            category: String::new(),
            topic: String::new(),
            attend: Attend::Both,
            radius_km: 0,
        };
        let keys = Sealing::new(key, email);
        let alert = NewAlert {
            address_sealed: &keys.sealed,
            address_hash: &keys.address_hash,
            place: &listing.town,
            cell: FOLLOW_CELL,
            rule: &rule,
            cadence,
            mail_lang: &mail_lang,
            neutral: request.neutral,
            follows: Some(&listing.slug),
            token_salt: &keys.salt,
            token_hash: &keys.token_hash,
            confirm_hash: &keys.confirm_hash,
        };
        self.store_request(&alert, email, &keys.confirm, Some(listing.name.clone())).await
    }

    /// One change to a followed group: one mail to each confirmed follower
    /// who followed before it (deliveries and mail in one transaction, as
    /// for new records). (deliveries, mails).
    pub(super) async fn match_change(&self, item: &AlertItem, detail: &str) -> Result<(usize, usize, Committed), sqlx::Error> {
        let change: Option<GroupChange> = serde_json::from_str(detail).ok();
        let followers = match (&change, item.in_lockdown) {
            (Some(_), false) => self.store.alerts_following(&item.slug).await?,
            _ => Vec::new(),
        };
        let name = self.store.listing_name(&item.slug).await?.unwrap_or_else(|| item.slug.clone());
        let lines = match &change {
            Some(c) if !followers.is_empty() => Some(self.change_facts(c).await?),
            _ => None,
        };
        let mut tx = self.store.begin().await?;
        if !tx.claim_alert_item(item.id).await? {
            return Ok((0, 0, Committed { mail: Vec::new() }));
        }
        let (mut deliveries, mut mails) = (0, 0);
        if let (Some(change), Some(facts)) = (&change, &lines) {
            for alert in &followers {
                if alert.confirmed_at.as_deref().is_none_or(|c| c > item.created_at.as_str()) {
                    continue;
                }
                // A weekly follower's change waits for the Monday digest.
                let instant = alert.cadence != Cadence::Weekly.as_str();
                if !tx.add_delivery(alert.id, item.id, instant).await? {
                    continue;
                }
                deliveries += 1;
                if !instant {
                    continue;
                }
                if let Some((to, subject, body, unsubscribe)) = self.compose_change(alert, &item.slug, &name, change, facts) {
                    tx.queue_alert_mail(AlertMail { to, subject, body, unsubscribe, plain_sender: alert.neutral }).await?;
                    mails += 1;
                }
            }
        }
        Ok((deliveries, mails, tx.commit().await?))
    }

    /// What a change's mail names besides the group: the series' title and
    /// its next date (UTC), read once for every follower.
    async fn change_facts(&self, change: &GroupChange) -> Result<ChangeFacts, sqlx::Error> {
        let event = match change {
            GroupChange::NewSeries { event }
            | GroupChange::Date { event, .. }
            | GroupChange::Times { event }
            | GroupChange::DateMoved { event, .. } => self.store.event_by_slug(event).await?,
            _ => None,
        };
        let next = match (&event, change) {
            (Some(e), GroupChange::NewSeries { .. } | GroupChange::Times { .. }) => {
                self.store.next_occurrence(e.id, &super::send::stamp(chrono::Utc::now())).await?
            }
            _ => None,
        };
        Ok(ChangeFacts {
            title: event.as_ref().map(|e| e.title.clone()).unwrap_or_default(),
            all_day: event.is_some_and(|e| e.all_day),
            next,
        })
    }

    /// (to, subject, body, one-click address) of a change's mail.
    fn compose_change(
        &self,
        alert: &StoredAlert,
        slug: &str,
        name: &str,
        change: &GroupChange,
        facts: &ChangeFacts,
    ) -> Option<(String, String, String, String)> {
        let mail = super::send::MailText::new(self, alert)?;
        let subject = if alert.neutral {
            mail.text("follow-mail-neutral-subject", &[])
        } else {
            match change {
                GroupChange::Times { .. } => mail.text("follow-mail-times-subject", &[("name", name.into())]),
                _ => mail.text("follow-mail-subject", &[("what", change_word(change).into()), ("name", name.into())]),
            }
        };
        let mut body = mail.text("follow-mail-intro", &[]);
        body.push_str(&format!("\n\n* {name}\n  {}\n  {}/listings/{slug}\n\n", change_line(&mail, change, facts), mail.site));
        body.push_str(&mail.footer());
        Some((mail.to.clone(), subject, body, mail.stop.clone()))
    }

    /// Weekly follows of one address with changes before `cutoff`: one
    /// mail gathering them all, group by group. Each follow's deliveries
    /// are marked carried in the transaction that queues it; a follow
    /// another instance carried meanwhile is left out. How many mails.
    pub(super) async fn send_follow_digest(&self, follows: &[StoredAlert], cutoff: &str) -> Result<usize, sqlx::Error> {
        let Some(first) = follows.first() else { return Ok(0) };
        // The follows of one address and language (`send_digests`); a
        // plain subject if any of them asked for one.
        let Some(mail) = super::send::MailText::new(self, first) else { return Ok(0) };
        let mut sections = Vec::new();
        for alert in follows {
            let Some(slug) = &alert.follows else { continue };
            let name = self.store.listing_name(slug).await?.unwrap_or_else(|| slug.clone());
            let mut lines = Vec::new();
            for (_, _, _, detail) in self.store.digest_items(alert.id, cutoff).await? {
                let Some(change) = detail.and_then(|d| serde_json::from_str::<GroupChange>(&d).ok()) else { continue };
                lines.push(change_line(&mail, &change, &self.change_facts(&change).await?));
            }
            sections.push((alert.id, format!("* {name}\n  {}\n  {}/listings/{slug}\n\n", lines.join("\n  "), mail.site), lines.len()));
        }
        let mut tx = self.store.begin().await?;
        let (mut body, mut count) = (String::new(), 0);
        for (id, text, n) in sections {
            if tx.mark_digest(id, cutoff).await? > 0 && n > 0 {
                body.push_str(&text);
                count += n;
            }
        }
        if count == 0 {
            tx.commit().await?;
            return Ok(0);
        }
        let subject = if follows.iter().any(|a| a.neutral) {
            mail.text("alerts-mail-neutral-digest-subject", &[])
        } else {
            mail.counted("follow-digest-subject", count)
        };
        let text = format!("{}\n\n{body}{}", mail.text("follow-digest-intro", &[]), mail.footer());
        let plain_sender = follows.iter().any(|a| a.neutral);
        tx.queue_alert_mail(AlertMail { to: mail.to.clone(), subject, body: text, unsubscribe: mail.stop.clone(), plain_sender }).await?;
        let committed = tx.commit().await?;
        self.send_alert_mail(&committed).await?;
        Ok(1)
    }
}

/// The subject's word for a change.
fn change_word(change: &GroupChange) -> &'static str {
    match change {
        GroupChange::NewSeries { .. } => "new_series",
        GroupChange::Date { .. } | GroupChange::DateMoved { .. } | GroupChange::Times { .. } => "date",
        GroupChange::Moved { .. } => "moved",
        GroupChange::Closed => "closed",
    }
}

/// One change in the reader's words: what happened, and when it is on
/// now where that is known. Never a place finer than a town.
fn change_line(mail: &super::send::MailText, change: &GroupChange, facts: &ChangeFacts) -> String {
    let next = |mut line: String| {
        if let Some(when) = facts.next.as_deref().and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok()) {
            line.push_str("\n  ");
            line.push_str(&mail.text("alerts-mail-next", &[("when", mail.when(when.with_timezone(&chrono::Utc), facts.all_day))]));
        }
        line
    };
    match change {
        GroupChange::NewSeries { .. } => next(mail.text("follow-mail-new-series", &[("event", facts.title.clone())])),
        GroupChange::Times { .. } => next(mail.text("follow-mail-times", &[("event", facts.title.clone())])),
        GroupChange::Date { date, status, .. } => {
            let when = mail.local_when(date);
            mail.text("follow-mail-date", &[("status", status.as_str().into()), ("event", facts.title.clone()), ("when", when)])
        }
        GroupChange::DateMoved { date, to, .. } => mail.text(
            "follow-mail-date-moved",
            &[("event", facts.title.clone()), ("when", mail.local_when(date)), ("to", mail.local_when(to))],
        ),
        GroupChange::Moved { town } => mail.text("follow-mail-moved", &[("town", mail.town(town))]),
        GroupChange::Closed => mail.text("follow-mail-closed", &[]),
    }
}

/// A request to follow a group, as the listing page's form sends it.
#[derive(Clone, Debug, Default)]
pub struct FollowRequest {
    pub email: String,
    /// `instant` (or empty) or `weekly`.
    pub cadence: String,
    pub neutral: bool,
    pub mail_lang: String,
}

/// What a change's mail says of its series.
struct ChangeFacts {
    title: String,
    all_day: bool,
    next: Option<String>,
}
