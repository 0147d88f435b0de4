//! One use case, one transaction: a use case claims its record first (a
//! guarded status change), then writes its records, revision, audit line,
//! data version and outbox rows inside the same transaction, and commits
//! once. Two moderators deciding at once: the second finds nothing to
//! claim and nothing of theirs is stored. A crash before the commit leaves
//! nothing half-done.

use super::moderation::{self as m, SubmissionMove};
use super::outbox::QueuedMail;
use super::{Store, UpsertReport};
use app::listing_input::ValidListing;
use app::location::LatLon;
use app::people::SubmissionStatus;
use app::resource::ValidResource;

pub struct Tx {
    tx: sqlx::Transaction<'static, sqlx::Any>,
    store: Store,
    versions: Vec<i64>,
    mail: Vec<QueuedMail>,
}

/// What a committed transaction leaves to do outside it.
pub struct Committed {
    pub mail: Vec<QueuedMail>,
}

impl Store {
    /// Starts a use case's write transaction.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        Ok(Tx { tx: self.write_tx().await?, store: self.clone(), versions: Vec::new(), mail: Vec::new() })
    }

    /// Runs `write` in one transaction and commits it; an error rolls it
    /// back. For writes that are a whole use case on their own (the command
    /// line's, a test's set-up): `store.write(async |tx| tx.add_owner(…).await)`.
    pub async fn write<T>(&self, write: impl AsyncFnOnce(&mut Tx) -> Result<T, sqlx::Error>) -> Result<(T, Committed), sqlx::Error> {
        let mut tx = self.begin().await?;
        let value = write(&mut tx).await?;
        Ok((value, tx.commit().await?))
    }
}

impl Tx {
    /// The transaction's connection, for the other store modules' writes.
    pub(super) fn conn(&mut self) -> &mut sqlx::AnyConnection {
        &mut self.tx
    }

    pub(super) fn backend(&self) -> crate::db::Backend {
        self.store.backend()
    }

    /// A message another store module wrote to the outbox in this
    /// transaction, to deliver once it commits.
    pub(super) fn queued(&mut self, mail: QueuedMail) {
        self.mail.push(mail);
    }

    /// Moves a submission on; false when it was no longer in `from`.
    pub async fn claim_submission(
        &mut self,
        id: i64,
        from: SubmissionStatus,
        to: SubmissionStatus,
        decided_by: i64,
        reason: Option<&str>,
    ) -> Result<bool, sqlx::Error> {
        m::move_submission_on(&mut *self.tx, SubmissionMove { id, from, to, user_id: None, decided_by: Some(decided_by), reason }).await
    }

    pub async fn add_submission(&mut self, s: &super::NewSubmission<'_>) -> Result<i64, sqlx::Error> {
        m::add_submission_on(&mut *self.tx, s).await
    }

    /// Moves a submission on without a decision (the sender confirmed it).
    pub async fn move_submission(
        &mut self,
        id: i64,
        from: SubmissionStatus,
        to: SubmissionStatus,
        user_id: i64,
    ) -> Result<bool, sqlx::Error> {
        m::move_submission_on(&mut *self.tx, SubmissionMove { id, from, to, user_id: Some(user_id), decided_by: None, reason: None }).await
    }

    pub async fn create_token(
        &mut self,
        purpose: super::TokenPurpose,
        hash: &str,
        hours: u32,
        target: &super::TokenUse,
    ) -> Result<(), sqlx::Error> {
        super::people::create_token_on(&mut *self.tx, purpose, hash, hours, target).await
    }

    pub async fn use_token(&mut self, purpose: super::TokenPurpose, hash: &str) -> Result<Option<super::TokenUse>, sqlx::Error> {
        super::people::use_token_on(&mut *self.tx, purpose, hash).await
    }

    pub async fn organiser(&mut self, email: &str) -> Result<app::people::User, sqlx::Error> {
        super::people::organiser_on(&mut self.tx, email).await
    }

    pub async fn listing_exists(&mut self, slug: &str) -> Result<bool, sqlx::Error> {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM listings WHERE slug = $1").bind(slug).fetch_one(&mut *self.tx).await?;
        Ok(n > 0)
    }

    /// Checked inside the transaction that would create it, so two
    /// approvals of the same new event cannot both write it.
    pub async fn event_exists(&mut self, slug: &str) -> Result<bool, sqlx::Error> {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM events WHERE slug = $1").bind(slug).fetch_one(&mut *self.tx).await?;
        Ok(n > 0)
    }

    pub async fn upsert_listings(
        &mut self,
        listings: &[(ValidListing, Option<LatLon>)],
        author: &str,
        note: &str,
    ) -> Result<UpsertReport, sqlx::Error> {
        let newly_public = self.not_yet_published("listings", listings.iter().map(|(l, _)| (&l.slug, l.status))).await?;
        let slugs: Vec<&String> = listings.iter().map(|(l, _)| &l.slug).collect();
        let followed = super::alerts::followed_listings_on(self.conn(), &slugs).await?;
        let (report, version) = super::listings::upsert_listings_on(&mut self.tx, listings, author, note).await?;
        self.versions.extend(version);
        self.add_alert_items(app::alerts::ItemKind::Listing, &newly_public).await?;
        // A followed group that moved or closed: its followers hear of it.
        for (slug, town, _) in followed.iter().filter(|(_, _, s)| s == "published") {
            let Some((l, _)) = listings.iter().find(|(l, _)| &l.slug == slug) else { continue };
            let change = match l.status {
                app::model::ListingStatus::Archived => app::alerts::GroupChange::Closed,
                app::model::ListingStatus::Published if !l.town.eq_ignore_ascii_case(town) => {
                    app::alerts::GroupChange::Moved { town: l.town.clone() }
                }
                _ => continue,
            };
            self.add_group_change(slug, &change).await?;
        }
        Ok(report)
    }

    pub async fn upsert_resources(&mut self, resources: &[ValidResource], author: &str, note: &str) -> Result<UpsertReport, sqlx::Error> {
        let newly_public = self.not_yet_published("resources", resources.iter().map(|r| (&r.slug, r.status))).await?;
        let (report, version) = super::resources::upsert_resources_on(&mut self.tx, resources, author, note).await?;
        self.versions.extend(version);
        self.add_alert_items(app::alerts::ItemKind::Resource, &newly_public).await?;
        Ok(report)
    }

    /// Event series with their dates, and a revision of each (the form's fields).
    pub async fn upsert_events(
        &mut self,
        events: &[(crate::events::input::ValidEvent, Option<LatLon>, serde_json::Value)],
        author: &str,
        note: &str,
    ) -> Result<UpsertReport, sqlx::Error> {
        let records: Vec<_> = events.iter().map(|(e, p, _)| (e.clone(), *p)).collect();
        let report = super::events::upsert_events_on(
            &mut self.tx,
            &records,
            app::model::ListingStatus::Published,
            crate::events::recurrence::window(),
        )
        .await?;
        for (e, _, fields) in events {
            sqlx::query("INSERT INTO revisions (entity, slug, data, author, note, created_at) VALUES ('event', $1, $2, $3, $4, $5)")
                .bind(&e.slug)
                .bind(fields.to_string())
                .bind(author)
                .bind(note)
                .bind(super::now())
                .execute(&mut *self.tx)
                .await?;
        }
        Ok(report)
    }

    /// A published series' translations replaced and nothing else (its
    /// venue's true point is not read or written), with a revision (the
    /// form's fields). False when it is no longer published.
    pub async fn set_event_translations(
        &mut self,
        slug: &str,
        translations: &app::translation::Translations,
        revision: &serde_json::Value,
        author: &str,
        note: &str,
    ) -> Result<bool, sqlx::Error> {
        // `updated_at` moves on, so other instances notice the change.
        let done = sqlx::query("UPDATE events SET translations = $1, updated_at = $2 WHERE slug = $3 AND status = 'published'")
            .bind(translations.to_json())
            .bind(super::now_ms())
            .bind(slug)
            .execute(&mut *self.tx)
            .await?
            .rows_affected();
        if done == 0 {
            return Ok(false);
        }
        sqlx::query("INSERT INTO revisions (entity, slug, data, author, note, created_at) VALUES ('event', $1, $2, $3, $4, $5)")
            .bind(slug)
            .bind(revision.to_string())
            .bind(author)
            .bind(note)
            .bind(super::now())
            .execute(&mut *self.tx)
            .await?;
        Ok(true)
    }

    /// Series read from a calendar, in `status` (no form, so no revision).
    pub async fn upsert_read_events(
        &mut self,
        events: &[(crate::events::input::ValidEvent, Option<LatLon>)],
        status: app::model::ListingStatus,
    ) -> Result<UpsertReport, sqlx::Error> {
        super::events::upsert_events_on(&mut self.tx, events, status, crate::events::recurrence::window()).await
    }

    /// Those of the records about to be written published that are not
    /// public yet: what alerts will tell people about.
    async fn not_yet_published<'a>(
        &mut self,
        table: &'static str,
        records: impl Iterator<Item = (&'a String, app::model::ListingStatus)>,
    ) -> Result<Vec<String>, sqlx::Error> {
        let wanted: Vec<&String> = records.filter(|(_, s)| *s == app::model::ListingStatus::Published).map(|(slug, _)| slug).collect();
        let mut public = std::collections::HashSet::new();
        for chunk in wanted.chunks(500) {
            let marks = (1..=chunk.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
            let sql = format!("SELECT slug FROM {table} WHERE status = 'published' AND slug IN ({marks})");
            let mut q = sqlx::query_scalar::<_, String>(&sql);
            for slug in chunk {
                q = q.bind(*slug);
            }
            public.extend(q.fetch_all(&mut *self.tx).await?);
        }
        let mut fresh: Vec<String> = wanted.into_iter().filter(|s| !public.contains(*s)).cloned().collect();
        fresh.dedup();
        Ok(fresh)
    }

    /// One series' changed dates and its occurrences.
    pub async fn replace_event_dates(
        &mut self,
        id: i64,
        all_day: bool,
        overrides: &[crate::events::recurrence::Override],
        occurrences: &[crate::events::recurrence::Occurrence],
    ) -> Result<(), sqlx::Error> {
        super::events::replace_dates_on(&mut self.tx, id, all_day, overrides, occurrences).await
    }

    pub async fn set_listing_contact(&mut self, slug: &str, email: &str, lang: &str) -> Result<(), sqlx::Error> {
        m::set_listing_contact_on(&mut *self.tx, slug, email, lang).await
    }

    pub async fn add_owner(&mut self, slug: &str, user_id: i64) -> Result<(), sqlx::Error> {
        m::add_owner_on(&mut *self.tx, slug, user_id).await
    }

    pub async fn audit(&mut self, actor: &str, action: &str, target: &str, reason: &str) -> Result<(), sqlx::Error> {
        m::audit_on(&mut *self.tx, actor, action, target, reason).await
    }

    /// Runs a write that changes what the public sees, and moves the data
    /// version on with it; returns the rows it changed.
    async fn execute_and_bump(&mut self, query: m::AnyQuery<'_>, changed: super::Changed<'_>) -> Result<u64, sqlx::Error> {
        let done = query.execute(&mut *self.tx).await?.rows_affected();
        self.versions.extend(super::versions::bump_version(&mut self.tx, changed).await?);
        Ok(done)
    }

    /// False when there is no such listing. A public group archived has
    /// closed: its followers hear of it.
    pub async fn set_listing_status(&mut self, slug: &str, status: &str) -> Result<bool, sqlx::Error> {
        let before: Option<String> =
            sqlx::query_scalar("SELECT status FROM listings WHERE slug = $1").bind(slug).fetch_optional(self.conn()).await?;
        let done = self.execute_and_bump(m::listing_status_query(slug, status), super::Changed::Listings(&[slug])).await? == 1;
        if done && status == "archived" && before.as_deref() == Some("published") {
            self.add_group_change(slug, &app::alerts::GroupChange::Closed).await?;
        }
        Ok(done)
    }

    pub async fn add_kind(&mut self, kind: &app::model::ListingKind) -> Result<(), sqlx::Error> {
        self.execute_and_bump(super::listings::add_kind_query(kind), super::Changed::Everything).await.map(|_| ())
    }

    pub async fn confirm_listing(&mut self, slug: &str) -> Result<(), sqlx::Error> {
        self.execute_and_bump(m::confirm_listing_query(slug), super::Changed::Listings(&[slug])).await.map(|_| ())
    }

    pub async fn add_revision(
        &mut self,
        entity: app::people::Entity,
        slug: &str,
        data: &serde_json::Value,
        author: &str,
        note: &str,
    ) -> Result<(), sqlx::Error> {
        m::add_revision_on(&mut *self.tx, entity, slug, data, author, note).await
    }

    pub async fn add_report(&mut self, slug: &str, category: &str, message: &str) -> Result<i64, sqlx::Error> {
        m::add_report_on(&mut *self.tx, slug, category, message).await
    }

    /// None when the report was not open (someone closed it meanwhile).
    pub async fn close_report(&mut self, id: i64) -> Result<Option<String>, sqlx::Error> {
        m::close_report_on(&mut *self.tx, id).await
    }

    pub async fn create_session(&mut self, hash: &str, user_id: i64, days: u32) -> Result<(), sqlx::Error> {
        super::people::create_session_on(&mut *self.tx, hash, user_id, days).await
    }

    /// Deletes an account and the listings only it looked after (their
    /// data version moves on). Returns the listings deleted.
    pub async fn delete_user(&mut self, id: i64) -> Result<Vec<String>, sqlx::Error> {
        let slugs = super::people::delete_user_on(&mut self.tx, id).await?;
        let deleted: Vec<&str> = slugs.iter().map(String::as_str).collect();
        self.versions.extend(super::versions::bump_version(&mut self.tx, super::Changed::Listings(&deleted)).await?);
        Ok(slugs)
    }

    pub async fn set_setting(&mut self, key: super::Setting, value: &str) -> Result<(), sqlx::Error> {
        super::people::set_setting_on(&mut self.tx, key, value).await
    }

    /// Starts (or ends) a lockdown for every instance.
    pub async fn set_lockdown(&mut self, on: bool) -> Result<(), sqlx::Error> {
        self.set_setting(super::Setting::Lockdown, if on { "on" } else { "off" }).await
    }

    /// Adds a person, or changes the role and regions of one who exists.
    pub async fn put_user(&mut self, email: &str, role: app::people::Role, regions: &[String]) -> Result<app::people::User, sqlx::Error> {
        super::people::put_user_on(&mut self.tx, email, role, regions).await
    }

    /// Counted inside the transaction, so two admins stepping down at once
    /// cannot leave none.
    pub async fn count_admins(&mut self) -> Result<i64, sqlx::Error> {
        super::people::count_admins_on(&mut self.tx).await
    }

    /// Writes a message to the outbox; it is sent after the commit.
    pub async fn queue_mail(&mut self, to: &str, reply_to: Option<&str>, subject: &str, body: &str) -> Result<(), sqlx::Error> {
        let id = m::queue_mail_on(&mut *self.tx, to, reply_to, subject, body).await?;
        let mail = QueuedMail {
            id,
            to: to.into(),
            reply_to: reply_to.map(Into::into),
            subject: subject.into(),
            body: body.into(),
            unsubscribe: None,
            plain_sender: false,
        };
        self.mail.push(mail);
        Ok(())
    }

    /// The same for mail of a `purpose` the outbox treats apart (alerts).
    pub(super) async fn queue_mail_with(
        &mut self,
        to: &str,
        subject: &str,
        body: &str,
        purpose: &str,
        unsubscribe: Option<&str>,
        plain_sender: bool,
    ) -> Result<(), sqlx::Error> {
        let id = m::queue_mail_on(&mut *self.tx, to, None, subject, body).await?;
        // Alert mail is claimed for a short while only (`alert_outbox`).
        let claim = (purpose == "alert").then(|| super::in_minutes(super::alert_outbox::ALERT_CLAIM_MINUTES));
        sqlx::query(
            "UPDATE outbox SET purpose = $1, unsubscribe = $2, claimed_until = coalesce($4, claimed_until), plain_sender = $5
             WHERE id = $3",
        )
        .bind(purpose)
        .bind(unsubscribe)
        .bind(id)
        .bind(claim)
        .bind(i64::from(plain_sender))
        .execute(&mut *self.tx)
        .await?;
        let unsubscribe = unsubscribe.map(Into::into);
        let mail = QueuedMail { id, to: to.into(), reply_to: None, subject: subject.into(), body: body.into(), unsubscribe, plain_sender };
        self.mail.push(mail);
        Ok(())
    }

    /// Commits everything at once. Dropping a `Tx` instead rolls it back.
    pub async fn commit(self) -> Result<Committed, sqlx::Error> {
        self.tx.commit().await?;
        for v in self.versions {
            self.store.wrote(Some(v));
        }
        Ok(Committed { mail: self.mail })
    }
}
