//! Email. Every message is first written to the outbox table (so nothing
//! is lost if the mail server is down), then sent over SMTP when
//! `ATLAS_SMTP_URL` is set. Without it the outbox is the mail: admins read
//! it at /admin/outbox.

use crate::store::{Committed, QueuedMail, Store};
use lettre::message::{header::ContentType, Mailbox};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

#[derive(Clone)]
pub struct Mailer {
    smtp: Option<AsyncSmtpTransport<Tokio1Executor>>,
    from: Mailbox,
}

#[derive(Debug, thiserror::Error)]
pub enum MailSetupError {
    #[error("ATLAS_SMTP_URL {0:?} is not usable: {1}. Use e.g. smtp://user:pass@mail.example.org:587?tls=required")]
    Url(String, String),
    #[error("ATLAS_MAIL_FROM {0:?} is not an email address, e.g. \"Solidarity Atlas <atlas@example.org>\"")]
    From(String),
}

impl Mailer {
    /// `smtp_url` as lettre reads it: `smtp://host:port` (plain, for a relay
    /// on the same machine), `smtp://…?tls=required` (STARTTLS), `smtps://…`.
    pub fn new(smtp_url: Option<&str>, from: &str) -> Result<Mailer, MailSetupError> {
        let smtp = match smtp_url.filter(|u| !u.is_empty()) {
            None => None,
            Some(url) => Some(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| MailSetupError::Url(url.to_string(), e.to_string()))?
                    .timeout(Some(std::time::Duration::from_secs(15)))
                    .build(),
            ),
        };
        let from = from.parse().map_err(|_| MailSetupError::From(from.to_string()))?;
        Ok(Mailer { smtp, from })
    }

    pub fn outbox_only() -> Mailer {
        Mailer { smtp: None, from: "Solidarity Atlas <atlas@localhost>".parse().expect("valid address") }
    }

    pub fn uses_smtp(&self) -> bool {
        self.smtp.is_some()
    }

    /// Queues a message and tries to deliver it at once. A delivery failure
    /// is logged and retried later; it never fails the request.
    pub async fn send(&self, store: &Store, to: &str, reply_to: Option<&str>, subject: &str, body: &str) -> Result<(), sqlx::Error> {
        let (_, committed) = store.write(async |tx| tx.queue_mail(to, reply_to, subject, body).await).await?;
        for mail in &committed.mail {
            self.send_queued(store, mail).await?;
        }
        Ok(())
    }

    /// Sends what a committed use case queued. A failure here loses
    /// nothing: the message stays in the outbox and is retried hourly.
    pub async fn send_committed(&self, store: &Store, committed: &Committed) {
        for mail in &committed.mail {
            if let Err(e) = self.send_queued(store, mail).await {
                tracing::warn!("mail to {} stays in the outbox: {e}", redact(&mail.to));
            }
        }
    }

    /// Sends one queued message and records the attempt: whether it was
    /// delivered (without a mail server, it stays in the outbox).
    pub async fn send_one(&self, store: &Store, mail: &QueuedMail) -> Result<bool, sqlx::Error> {
        if self.smtp.is_none() {
            return Ok(false);
        }
        let outcome = self.deliver(mail).await;
        if let Err(e) = &outcome {
            tracing::warn!("mail to {} not delivered yet: {e}", redact(&mail.to));
        }
        store.mail_sent(mail.id, outcome.as_ref().err().map(String::as_str), &without_tokens(&mail.body)).await?;
        Ok(outcome.is_ok())
    }

    async fn send_queued(&self, store: &Store, mail: &QueuedMail) -> Result<(), sqlx::Error> {
        match &self.smtp {
            None => tracing::info!("mail to {} is in the outbox (no SMTP server is configured): {}", redact(&mail.to), mail.subject),
            Some(_) => {
                let outcome = self.deliver(mail).await;
                if let Err(e) = &outcome {
                    tracing::warn!("mail to {} not delivered yet: {e}", redact(&mail.to));
                }
                store.mail_sent(mail.id, outcome.err().as_deref(), &without_tokens(&mail.body)).await?;
            }
        }
        Ok(())
    }

    /// Delivers one message of the outbox now (an admin's "Send now"):
    /// the delivery's own error, if it failed; it then stays for the
    /// hourly retry.
    pub async fn send_now(&self, store: &Store, mail: &QueuedMail) -> Result<Result<(), String>, sqlx::Error> {
        let outcome = self.deliver(mail).await;
        store.mail_sent(mail.id, outcome.as_ref().err().map(String::as_str), &without_tokens(&mail.body)).await?;
        Ok(outcome)
    }

    /// Retries whatever is still in the outbox and no other instance is
    /// sending.
    pub async fn retry(&self, store: &Store) -> Result<usize, sqlx::Error> {
        if self.smtp.is_none() {
            return Ok(0);
        }
        let mut sent = 0;
        for mail in store.claim_unsent_mail().await? {
            let outcome = self.deliver(&mail).await;
            sent += usize::from(outcome.is_ok());
            store.mail_sent(mail.id, outcome.err().as_deref(), &without_tokens(&mail.body)).await?;
        }
        Ok(sent)
    }

    /// Delivers one message; alert mail (the kind with a one-click
    /// unsubscribe address) is counted sent or failed for `/metrics`.
    async fn deliver(&self, mail: &QueuedMail) -> Result<(), String> {
        let outcome = self.deliver_now(mail).await;
        if mail.unsubscribe.is_some() && self.smtp.is_some() {
            let counter = if outcome.is_ok() { "atlas_alerts_sent_total" } else { "atlas_alerts_failed_total" };
            metrics::counter!(counter).increment(1);
        }
        outcome
    }

    async fn deliver_now(&self, mail: &QueuedMail) -> Result<(), String> {
        let Some(smtp) = &self.smtp else { return Ok(()) };
        // A neutral alert's sender is the bare address: a shared phone's
        // lock screen shows the name beside the subject.
        let from = match mail.plain_sender {
            true => Mailbox::new(None, self.from.email.clone()),
            false => self.from.clone(),
        };
        let mut message = Message::builder()
            .from(from)
            .header(lettre::message::header::MIME_VERSION_1_0)
            .to(mail.to.parse::<Mailbox>().map_err(|e| e.to_string())?)
            .subject(&mail.subject)
            .message_id(Some(message_id(mail, self.from.email.domain())))
            .header(ContentType::TEXT_PLAIN);
        if let Some(r) = &mail.reply_to {
            message = message.reply_to(r.parse::<Mailbox>().map_err(|e| e.to_string())?);
        }
        // RFC 8058: a mail program's "unsubscribe" is one POST to this
        // address, no page, no sign-in.
        if let Some(url) = &mail.unsubscribe {
            use lettre::message::header::{HeaderName, HeaderValue};
            let header = |name: &'static str, value: String| HeaderValue::new(HeaderName::new_from_ascii_str(name), value);
            message = message
                .raw_header(header("List-Unsubscribe", format!("<{url}>")))
                .raw_header(header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click".into()));
        }
        let message = message.body(mail.body.clone()).map_err(|e| e.to_string())?;
        smtp.send(message).await.map(|_| ()).map_err(|e| e.to_string())
    }
}

/// The Message-ID of an outbox row, the same each time it is sent: a
/// sender killed after the mail server took a message but before the row
/// was marked sent sends it again once its claim lapses, and mail
/// programs recognise the copy by this (RFC 5322 §3.6.4). The row's id
/// with a digest of its content: an id used again after a sent row was
/// deleted names another message.
pub fn message_id(mail: &QueuedMail, domain: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    for part in [mail.to.as_str(), "\n", mail.subject.as_str(), "\n", mail.body.as_str()] {
        hash.update(part.as_bytes());
    }
    let digest: String = hash.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("<outbox-{}.{digest}@{domain}>", mail.id)
}

/// The subject and body of message `key` (`<key>-subject`, `<key>-body` in
/// the Fluent files) in language `lang` (English if unknown). Fluent's
/// direction marks around arguments are dropped: in plain text they would
/// break links.
pub fn compose(lang: &str, key: &str, args: &[(&'static str, String)]) -> (String, String) {
    let locale = app::i18n::Locale::from_code(lang).unwrap_or_else(app::i18n::Locale::english);
    let args: Vec<(&'static str, _)> = args.iter().map(|(k, v)| (*k, v.clone().into())).collect();
    let plain = |s: String| s.replace(['\u{2068}', '\u{2069}'], "");
    (plain(locale.text_with(&format!("{key}-subject"), &args)), plain(locale.text_with(&format!("{key}-body"), &args)))
}

/// The text of a message with the one-time token of every link cut out:
/// what is kept once a message is sent, and all an admin is shown.
pub fn without_tokens(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("token=") {
        let (before, after) = rest.split_at(i + "token=".len());
        out.push_str(before);
        let end = token_len(after);
        if end > 0 {
            out.push('…');
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// How long the token at the start of `after` is (URL-safe base64).
fn token_len(after: &str) -> usize {
    after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')).unwrap_or(after.len())
}

/// The one-time tokens of the links in a message.
pub fn tokens_in(text: &str) -> Vec<&str> {
    text.match_indices("token=")
        .map(|(i, _)| {
            let after = &text[i + "token=".len()..];
            &after[..token_len(after)]
        })
        .filter(|t| !t.is_empty())
        .collect()
}

/// The text with these tokens cut from its links (each kept as `…`).
pub fn without_these_tokens(text: &str, dead: &[&str]) -> String {
    let mut out = text.to_string();
    for t in dead {
        out = out.replace(&format!("token={t}"), "token=…");
    }
    out
}

/// An address as it may appear in logs: enough to tell messages apart.
fn redact(email: &str) -> String {
    match email.split_once('@') {
        Some((user, domain)) => format!("{}…@{domain}", user.chars().next().unwrap_or('?')),
        None => "…".into(),
    }
}

/// Is this a plausible email address? (The only real check is the
/// confirmation link.)
pub fn valid_address(email: &str) -> bool {
    // The project's rule, and an address the mailer can send to.
    app::listing_input::is_email(email) && email.parse::<Mailbox>().is_ok_and(|m| m.name.is_none())
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_are_cut_out_of_links() {
        let body = "Open https://a.example/login/confirm?token=AbC-_123xyz&next=%2Fx within an hour.\nOr token=Q.";
        assert_eq!(super::without_tokens(body), "Open https://a.example/login/confirm?token=…&next=%2Fx within an hour.\nOr token=….");
        assert_eq!(super::without_tokens("no links"), "no links");
    }
}
