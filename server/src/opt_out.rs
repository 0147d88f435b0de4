//! The opt-out register: a group that asked never to be listed (after a
//! threat, a raid, a closure) stays unlisted. A moderator records it when
//! archiving a listing or rejecting a submission; what is kept is keyed
//! hashes ("fingerprints") of its name and town, website and e-mail — a
//! copy of the database names no one. Every later registration, import
//! and claim that matches is held for a moderator, with the reason.
//!
//! Admins also block addresses and whole domains from sending submissions.

use crate::atlas::Atlas;
use crate::moderation::ActionError;
use crate::store::opt_outs::{Mark, Marks};
use app::people::{Role, User};
use app::problem::Problem;
use serde_json::Value;

/// Lower case, letters and digits only, one space between words: "St.
/// Ann's  Welcome-Group" and "st anns welcome group" are the same group.
fn words(text: &str) -> String {
    let kept: String = text.chars().filter(|c| *c != '\'' && *c != '’').map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    kept.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A website without its scheme, `www.`, query or trailing slash.
fn website(url: &str) -> String {
    let url = url.trim().to_lowercase();
    let url = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
    let url = url.split(['?', '#']).next().unwrap_or_default();
    url.strip_prefix("www.").unwrap_or(url).trim_end_matches('/').to_string()
}

fn email(address: &str) -> String {
    address.trim().to_lowercase()
}

/// What a record says about who it is: its name and town, website and
/// e-mail addresses (the public one and the sender's).
#[derive(Debug, Default)]
pub struct Identity<'a> {
    pub name: &'a str,
    pub town: &'a str,
    pub website: Option<&'a str>,
    pub emails: Vec<&'a str>,
}

impl<'a> Identity<'a> {
    /// From a record in the importer's field names (a submission's data, a
    /// stored listing).
    pub fn of_record(record: &'a Value) -> Self {
        let text = |k: &str| record.get(k).and_then(Value::as_str).unwrap_or_default();
        let optional = |k: &str| record.get(k).and_then(Value::as_str).filter(|v| !v.trim().is_empty());
        Identity { name: text("name"), town: text("town"), website: optional("website"), emails: optional("email").into_iter().collect() }
    }
}

/// The register as read for one use case (a registration, an import).
pub struct Register {
    marks: Marks,
    fingerprint: crate::secrets::Signer,
}

impl Register {
    /// The fingerprints of what `who` says about itself.
    pub fn fingerprints(&self, who: &Identity) -> Vec<(Mark, String)> {
        let mut out = Vec::new();
        let (name, town) = (words(who.name), words(who.town));
        if !name.is_empty() {
            out.push((Mark::NameTown, format!("{name}|{town}")));
        }
        out.extend(who.website.map(website).filter(|w| !w.is_empty()).map(|w| (Mark::Website, w)));
        out.extend(who.emails.iter().map(|e| email(e)).filter(|e| e.contains('@')).map(|e| (Mark::Email, e)));
        out.into_iter()
            .map(|(mark, normal)| {
                let purpose: &'static str = mark.into();
                (mark, self.fingerprint.derive(&format!("opt-out-{purpose}"), &normal))
            })
            .collect()
    }

    /// The reason the group gave, when `who` matches one on the register.
    pub fn held(&self, who: &Identity) -> Option<String> {
        self.fingerprints(who).into_iter().find_map(|key| self.marks.get(&key).cloned())
    }
}

/// `someone@example.org` or a domain (`example.org`, `@example.org`),
/// lower case; None when it is neither.
pub fn sender_pattern(given: &str) -> Option<String> {
    let p = given.trim().trim_start_matches('@').to_lowercase();
    let domain = p.rsplit_once('@').map_or(p.as_str(), |(_, d)| d);
    let domain_ok = domain.contains('.')
        && domain.len() <= 253
        && domain.split('.').all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    let ok = domain_ok && (!p.contains('@') || crate::mail::valid_address(&p));
    ok.then_some(p)
}

/// True when `address` is `pattern`, or in its domain or a subdomain of it.
fn blocked_by(address: &str, pattern: &str) -> bool {
    let address = email(address);
    if pattern.contains('@') {
        return address == pattern;
    }
    let domain = address.rsplit_once('@').map_or("", |(_, d)| d);
    domain == pattern || domain.ends_with(&format!(".{pattern}"))
}

impl Atlas {
    pub async fn opt_out_register(&self) -> Result<Register, sqlx::Error> {
        Ok(Register { marks: self.store.opt_out_marks().await?, fingerprint: crate::secrets::Signer::new(&self.form_secret) })
    }

    /// Refuses a submission from an address an admin blocked.
    pub(crate) async fn check_sender(&self, address: &str) -> Result<(), ActionError> {
        if self.store.blocked_senders().await?.iter().any(|b| blocked_by(address, &b.pattern)) {
            metrics::counter!("atlas_blocked_submissions_total").increment(1);
            // The form again with what was typed: another address may do.
            return Err(ActionError::field("contact_email", Problem::SenderBlocked));
        }
        Ok(())
    }

    /// A moderator has checked a held submission (the group asked to be
    /// listed again, or it is another group of the same name): it may now
    /// be decided on. Their reason goes in the audit log.
    pub async fn release_hold(&self, moderator: &User, id: i64, why: &str) -> Result<(), ActionError> {
        let why = app::listing_input::clean_line(why);
        if why.is_empty() {
            return Err(ActionError::field("release_reason", Problem::ReasonForAudit));
        }
        let s = self.store.submission(id).await?.ok_or(ActionError::NotFound(Problem::NoSuchSubmission))?;
        if !moderator.covers(s.summary.region.as_deref()) {
            return Err(ActionError::Forbidden(Problem::OutsideYourRegions));
        }
        let mut tx = self.store.begin().await?;
        if !tx.release_hold(id).await? {
            return Err(ActionError::Conflict(Problem::NotWaiting));
        }
        let what = format!("{} {} (submission {id})", s.summary.entity, s.summary.slug);
        tx.audit(&moderator.email, "released from the opt-out register's hold", &what, &why).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Fingerprints to record for a listing being archived: its record's
    /// and the address that registered it.
    pub(crate) async fn listing_fingerprints(&self, slug: &str, record: &Value) -> Result<Vec<(Mark, String)>, sqlx::Error> {
        let contact = self.store.listing_contact(slug).await?.map(|(address, _)| address);
        let mut who = Identity::of_record(record);
        who.emails.extend(contact.as_deref());
        Ok(self.opt_out_register().await?.fingerprints(&who))
    }

    /// An admin takes a request off the register (the group asked to be
    /// listable again).
    pub async fn remove_opt_out(&self, admin: &User, id: i64) -> Result<(), ActionError> {
        only_admins(admin)?;
        let mut tx = self.store.begin().await?;
        if !tx.remove_opt_out(id).await? {
            return Err(ActionError::NotFound(Problem::NoSuchOptOut));
        }
        tx.audit(&admin.email, "removed from the opt-out register", &format!("opt-out {id}"), "").await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn block_sender(&self, admin: &User, given: &str, reason: &str) -> Result<String, ActionError> {
        only_admins(admin)?;
        let pattern = sender_pattern(given)
            .ok_or_else(|| ActionError::field("pattern", Problem::NotASenderPattern { given: given.trim().chars().take(200).collect() }))?;
        let reason = app::listing_input::clean_line(reason);
        if reason.is_empty() {
            return Err(ActionError::field("block_reason", Problem::ReasonForAudit));
        }
        let mut tx = self.store.begin().await?;
        tx.block_sender(&pattern, &reason, &admin.email).await?;
        tx.audit(&admin.email, "blocked sender", &pattern, &reason).await?;
        tx.commit().await?;
        Ok(pattern)
    }

    pub async fn unblock_sender(&self, admin: &User, pattern: &str) -> Result<(), ActionError> {
        only_admins(admin)?;
        let mut tx = self.store.begin().await?;
        if !tx.unblock_sender(pattern).await? {
            return Err(ActionError::NotFound(Problem::NoSuchOptOut));
        }
        tx.audit(&admin.email, "unblocked sender", pattern, "").await?;
        tx.commit().await?;
        Ok(())
    }
}

fn only_admins(user: &User) -> Result<(), ActionError> {
    if user.role != Role::Admin {
        return Err(ActionError::Forbidden(Problem::AdminsOnly));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_group_written_differently_is_the_same() {
        assert_eq!(words("St. Ann's  Welcome-Group"), words("st anns welcome group"));
        assert_eq!(words("گروه همبستگی"), "گروه همبستگی");
        assert_eq!(website("https://www.Example.org/groups/x/?utm=1"), "example.org/groups/x");
        assert_eq!(website("http://example.org"), website("example.org/"));
        assert_eq!(email(" Hello@Example.ORG "), "hello@example.org");
    }

    #[test]
    fn blocks_hold_an_address_or_a_domain_and_its_subdomains() {
        assert_eq!(sender_pattern("@Spam.example"), Some("spam.example".into()));
        assert_eq!(sender_pattern("Someone@Example.org"), Some("someone@example.org".into()));
        for bad in ["", "nodot", "a b.org", "x@", "@", "..org", "evil.org/path"] {
            assert_eq!(sender_pattern(bad), None, "{bad:?}");
        }
        assert!(blocked_by("a@spam.example", "spam.example"));
        assert!(blocked_by("a@mail.spam.example", "spam.example"));
        assert!(!blocked_by("a@notspam.example", "spam.example"));
        assert!(blocked_by("Someone@example.org", "someone@example.org"));
        assert!(!blocked_by("other@example.org", "someone@example.org"));
    }

    #[test]
    fn fingerprints_are_keyed_and_never_the_data() {
        let register = |key: &str| Register { marks: Marks::new(), fingerprint: crate::secrets::Signer::new(key) };
        let who =
            Identity { name: "Quiet House Group", town: "Leeds", website: Some("https://quiet.example"), emails: vec!["q@quiet.example"] };
        let a = register("k1").fingerprints(&who);
        assert_eq!(a.len(), 3);
        assert!(a.iter().all(|(_, d)| !d.to_lowercase().contains("quiet") && !d.contains("leeds")));
        assert_ne!(a, register("k2").fingerprints(&who), "another site's key gives other fingerprints");
        let mut on = register("k1");
        on.marks.insert(a[1].clone(), "asked after a raid".into());
        let same_site = Identity { name: "Another name", town: "York", website: Some("quiet.example/"), emails: vec![] };
        assert_eq!(on.held(&same_site).as_deref(), Some("asked after a raid"));
        assert_eq!(on.held(&Identity { name: "Quiet House", town: "Leeds", ..Default::default() }), None);
    }
}
