//! E-mail alerts (issue 32): subscribing without an account (double
//! opt-in), leaving in one click, and the person's page of their alerts.
//! Matching and sending are in `send.rs`.

mod burst;
mod follow;
pub mod index;
mod indexing;
pub mod key;
mod outbox;
mod send;

use crate::atlas::Atlas;
use crate::moderation::ActionError;
use crate::secrets::{hash_token, new_token};
use crate::store::alerts::{NewAlert, StoredAlert};
use app::alerts::{AlertRequest, AlertSummary, Cadence};
use app::problem::Problem;
pub use follow::FollowRequest;
pub use send::{digest_cutoff, AlertRound, MAX_ITEMS_PER_MAIL};

/// An unconfirmed request is forgotten after this long.
pub const CONFIRM_HOURS: u32 = 48;

impl Atlas {
    fn alerts_key(&self) -> Result<&key::AlertsKey, ActionError> {
        self.alerts_key.as_ref().ok_or(ActionError::Forbidden(Problem::AlertsOff))
    }

    /// Stores an unconfirmed alert and mails its confirmation link (and
    /// nothing else: the address is not known to be the sender's). Every
    /// outcome that is not a problem with the form looks the same, so the
    /// form does not tell whether an address has alerts.
    pub async fn subscribe_alert(&self, request: &AlertRequest) -> Result<(), ActionError> {
        if !self.mailer.uses_smtp() {
            return Err(ActionError::Forbidden(Problem::AlertsOff));
        }
        let key = self.alerts_key()?;
        let mut problems = Vec::new();
        let email = request.email.trim();
        if !crate::mail::valid_address(email) {
            problems.push(("email".to_string(), Problem::NotEmail { given: email.chars().take(254).collect() }));
        }
        let place = match request.near.trim() {
            "" => None,
            near => match self.read.gazetteer.resolve(near) {
                Some(p) => Some(p),
                None => {
                    let suggestions = self.read.gazetteer.did_you_mean(near, 3);
                    problems.push(("near".into(), Problem::PlaceNotFound { place: near.chars().take(100).collect(), suggestions }));
                    None
                }
            },
        };
        let rule = request.rule();
        let (rule, cadence) = match rule {
            Ok(r) if problems.is_empty() => r,
            Ok(_) => return Err(ActionError::Invalid(problems)),
            Err(more) => {
                problems.extend(more);
                return Err(ActionError::Invalid(problems));
            }
        };
        self.allow_mail_to(email).await?;
        let mail_lang = app::i18n::Locale::from_code(&request.mail_lang).map(|l| l.code()).unwrap_or_else(|| "en".into());
        let (place_name, cell) = match &place {
            Some(p) => (p.name.clone(), app::alerts::cell_of(p.point())),
            None => (String::new(), app::alerts::ANYWHERE.to_string()),
        };
        let keys = Sealing::new(key, email);
        let alert = NewAlert {
            address_sealed: &keys.sealed,
            address_hash: &keys.address_hash,
            place: &place_name,
            cell: &cell,
            rule: &rule,
            cadence,
            mail_lang: &mail_lang,
            neutral: request.neutral,
            follows: None,
            token_salt: &keys.salt,
            token_hash: &keys.token_hash,
            confirm_hash: &keys.confirm_hash,
        };
        self.store_request(&alert, email, &keys.confirm, None).await
    }

    /// Stores an unconfirmed request and queues its one confirmation mail
    /// (held in a lockdown), in one transaction.
    /// The mail says what it starts: an address may be given by someone
    /// else, and a person may ask for several.
    async fn store_request(
        &self,
        alert: &NewAlert<'_>,
        email: &str,
        confirm: &str,
        follows_name: Option<String>,
    ) -> Result<(), ActionError> {
        // The confirmation page opens in the language the mail is in.
        let locale = app::i18n::Locale::from_code(alert.mail_lang).unwrap_or_else(app::i18n::Locale::english);
        let link = format!("{}/alerts/confirm?token={confirm}", send::pages_in(self.public_url.trim_end_matches('/'), &locale.code()));
        let asked = AlertSummary {
            id: 0,
            place: alert.place.to_string(),
            cadence: alert.cadence,
            confirmed: false,
            follows: follows_name,
            rule: alert.rule.clone(),
        };
        let (subject, body) =
            crate::mail::compose(alert.mail_lang, "alerts-mail-confirm", &[("link", link), ("alert", asked.describe(&locale))]);
        let mut tx = self.store.begin().await?;
        tx.add_alert(alert).await?;
        // A neutral alert's first mail is as plain as the rest.
        tx.queue_alert_confirmation(email, &subject, &body, alert.neutral).await?;
        let committed = tx.commit().await?;
        if !self.read.in_lockdown() {
            self.mailer.send_committed(&self.store, &committed).await;
        }
        Ok(())
    }

    /// The confirmation link was used: mail may now come, and the first is
    /// one that says so, with the links to see and stop the alert — so a
    /// person can leave before any alert has brought them. The alert's own
    /// token, for the page of the person's alerts.
    pub async fn confirm_alert(&self, token: &str) -> Result<String, ActionError> {
        let key = self.alerts_key()?;
        let since = crate::store::hours_ago(CONFIRM_HOURS);
        let mut tx = self.store.begin().await?;
        let Some(alert) = tx.confirm_alert(&hash_token(token), &since).await? else {
            return Err(ActionError::Gone(Problem::LinkExpired));
        };
        let mail = send::MailText::new(self, &alert).ok_or(ActionError::Forbidden(Problem::AlertsOff))?;
        let started = self.summary_named(&alert).await?;
        let subject = mail.text("alerts-mail-started-subject", &[]);
        let body = mail.text(
            "alerts-mail-started-body",
            &[("alert", started.describe(&mail.locale)), ("manage", mail.manage.clone()), ("stop", mail.stop_page.clone())],
        );
        tx.queue_alert_mail(crate::store::alerts::AlertMail {
            to: mail.to.clone(),
            subject,
            body,
            unsubscribe: mail.stop.clone(),
            plain_sender: alert.neutral,
        })
        .await?;
        let committed = tx.commit().await?;
        if !self.read.in_lockdown() {
            self.mailer.send_committed(&self.store, &committed).await;
        }
        // Matching reads the index again anyway; this makes it current now.
        if let Err(e) = self.refresh_alert_index().await {
            tracing::warn!("the alerts index is read again at the next round: {e}");
        }
        Ok(key.alert_token(&alert.token_salt))
    }

    /// What a confirmation link would start, while it works.
    pub async fn pending_alert(&self, token: &str) -> Result<Option<AlertSummary>, ActionError> {
        self.alerts_key()?;
        let token = token.trim();
        if token.is_empty() || token.len() > 100 {
            return Ok(None);
        }
        let since = crate::store::hours_ago(CONFIRM_HOURS);
        let Some(alert) = self.store.pending_alert(&hash_token(token), &since).await? else { return Ok(None) };
        Ok(Some(self.summary_named(&alert).await?))
    }

    /// The one alert a stop link is for; none once it is stopped.
    pub async fn alert_of_link(&self, token: &str) -> Result<Option<AlertSummary>, ActionError> {
        match self.alert_of_token(token).await {
            Ok(alert) => Ok(Some(self.summary_named(&alert).await?)),
            Err(ActionError::Gone(_) | ActionError::Forbidden(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// An alert as its owner's pages and mails name it: a follow by its
    /// group's name, not its slug.
    async fn summary_named(&self, alert: &StoredAlert) -> Result<AlertSummary, sqlx::Error> {
        let mut found = summary(alert);
        if let Some(slug) = found.follows.take() {
            found.follows = Some(self.store.listing_name(&slug).await?.unwrap_or(slug));
        }
        Ok(found)
    }

    /// The alert whose token this is.
    async fn alert_of_token(&self, token: &str) -> Result<StoredAlert, ActionError> {
        self.alerts_key()?;
        let token = token.trim();
        if token.is_empty() || token.len() > 100 {
            return Err(ActionError::Gone(Problem::LinkExpired));
        }
        self.store.alert_by_token(&hash_token(token)).await?.ok_or(ActionError::Gone(Problem::LinkExpired))
    }

    /// Stops the alert whose token this is (the one-click unsubscribe,
    /// RFC 8058), or, with `id`, another alert of the same person.
    pub async fn stop_alert(&self, token: &str, id: Option<i64>) -> Result<(), ActionError> {
        let mine = self.alert_of_token(token).await?;
        let targets = match id {
            // A weekly follow's mail gathers the person's weekly follows in
            // its language: leaving it (one click) stops them all.
            None if mine.follows.is_some() && mine.cadence == Cadence::Weekly.as_str() => self
                .store
                .alerts_by_address(&mine.address_hash)
                .await?
                .into_iter()
                .filter(|a| a.follows.is_some() && a.cadence == mine.cadence && a.mail_lang == mine.mail_lang)
                .map(|a| a.id)
                .collect(),
            None => vec![mine.id],
            Some(id) => match self.store.alert(id).await? {
                Some(other) if other.address_hash == mine.address_hash => vec![other.id],
                _ => return Err(ActionError::Gone(Problem::LinkExpired)),
            },
        };
        let mut tx = self.store.begin().await?;
        for target in &targets {
            tx.delete_alert(*target).await?;
        }
        tx.commit().await?;
        let mut index = self.alert_index.write();
        targets.into_iter().for_each(|id| index.stop(id));
        metrics::counter!("atlas_alerts_stopped_total").increment(1);
        Ok(())
    }

    /// "Stop all and forget me": every alert of this person's address.
    pub async fn forget_alert_address(&self, token: &str) -> Result<u64, ActionError> {
        let mine = self.alert_of_token(token).await?;
        let mut tx = self.store.begin().await?;
        let ids: Vec<i64> = self.store.alerts_by_address(&mine.address_hash).await?.iter().map(|a| a.id).collect();
        let n = tx.delete_alerts_of(&mine.address_hash).await?;
        tx.commit().await?;
        let mut index = self.alert_index.write();
        ids.into_iter().for_each(|id| index.stop(id));
        Ok(n)
    }

    /// The person's alerts, for their page.
    pub async fn alerts_for_token(&self, token: &str) -> Result<Option<Vec<AlertSummary>>, ActionError> {
        let mine = match self.alert_of_token(token).await {
            Ok(a) => a,
            Err(ActionError::Gone(_) | ActionError::Forbidden(_)) => return Ok(None),
            Err(e) => return Err(e),
        };
        let mut summaries = Vec::new();
        for alert in self.store.alerts_by_address(&mine.address_hash).await? {
            summaries.push(self.summary_named(&alert).await?);
        }
        Ok(Some(summaries))
    }

    /// "Download everything about me" / "delete me" for an address: its
    /// alerts as the person's page shows them, and removing them.
    pub async fn alerts_of_address(&self, email: &str) -> Result<Vec<AlertSummary>, sqlx::Error> {
        let Some(key) = &self.alerts_key else { return Ok(Vec::new()) };
        Ok(self.store.alerts_by_address(&key.address_hash(email)).await?.iter().map(summary).collect())
    }
}

/// A request's address sealed, and its tokens (the confirmation link's
/// in clear for the mail, the rest as stored).
struct Sealing {
    sealed: String,
    address_hash: String,
    salt: String,
    token_hash: String,
    confirm: String,
    confirm_hash: String,
}

impl Sealing {
    fn new(key: &key::AlertsKey, email: &str) -> Sealing {
        let salt = new_token();
        let confirm = new_token();
        Sealing {
            sealed: key.seal(email),
            address_hash: key.address_hash(email),
            token_hash: hash_token(&key.alert_token(&salt)),
            confirm_hash: hash_token(&confirm),
            salt,
            confirm,
        }
    }
}

fn summary(a: &StoredAlert) -> AlertSummary {
    AlertSummary {
        id: a.id,
        place: a.place.clone(),
        cadence: Cadence::parse(&a.cadence).unwrap_or(Cadence::Instant),
        confirmed: a.confirmed,
        follows: a.follows.clone(),
        rule: index::rule_of(a),
    }
}

#[async_trait::async_trait]
impl app::ports::AlertsPort for Atlas {
    /// Alerts need the key and a mail server: without one, every
    /// subscriber's address would wait readable in the outbox.
    fn alerts_enabled(&self) -> bool {
        self.alerts_key.is_some() && self.mailer.uses_smtp()
    }

    async fn alerts_of(&self, token: &str) -> Result<Option<Vec<AlertSummary>>, app::ports::StoreError> {
        self.alerts_for_token(token).await.map_err(|e| app::ports::StoreError(e.to_string()))
    }

    async fn alert_of(&self, token: &str) -> Result<Option<AlertSummary>, app::ports::StoreError> {
        self.alert_of_link(token).await.map_err(|e| app::ports::StoreError(e.to_string()))
    }

    async fn pending_alert(&self, token: &str) -> Result<Option<AlertSummary>, app::ports::StoreError> {
        match self.pending_alert(token).await {
            Err(ActionError::Forbidden(_)) => Ok(None),
            found => found.map_err(|e| app::ports::StoreError(e.to_string())),
        }
    }
}
