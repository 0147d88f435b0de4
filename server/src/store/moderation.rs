//! Submissions, owners, revisions, the audit log, reports and the outbox.

use super::outbox::{queued, QueuedMail};
use super::records::{record_of, ListingRecord, ResourceRecord, LISTING_COLUMNS, RESOURCE_COLUMNS};
use super::Store;
use app::people::{AuditEntry, Entity, OutboxMail, OwnListing, Report, Revision, SubmissionAction, SubmissionStatus, SubmissionSummary};
use serde_json::Value;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// How long an instance may take to send a message it claimed.
pub(super) const MAIL_CLAIM_MINUTES: u32 = 10;

/// A submission as stored.
#[derive(Debug, Clone)]
pub struct StoredSubmission {
    pub summary: SubmissionSummary,
    pub data: Value,
    pub contact_email: String,
    pub user_id: Option<i64>,
    pub reason: Option<String>,
    /// The language the sender wrote in, for mail about it.
    pub lang: String,
}

/// A new submission.
pub struct NewSubmission<'a> {
    pub entity: Entity,
    pub action: SubmissionAction,
    pub slug: &'a str,
    pub data: &'a Value,
    pub contact_email: &'a str,
    pub user_id: Option<i64>,
    pub region: Option<&'a str>,
    pub status: SubmissionStatus,
    pub lang: &'a str,
    /// Why it is held for a moderator (it matches the opt-out register).
    pub held: Option<&'a str>,
}

impl<'a> NewSubmission<'a> {
    /// What a signed-in person proposes (an edit, an event, a
    /// translation): pending for a moderator, never held.
    pub fn from_person(
        user: &'a app::people::User,
        entity: Entity,
        action: SubmissionAction,
        slug: &'a str,
        data: &'a Value,
        region: Option<&'a str>,
    ) -> Self {
        NewSubmission {
            entity,
            action,
            slug,
            data,
            contact_email: &user.email,
            user_id: Some(user.id),
            region,
            status: SubmissionStatus::Pending,
            lang: "en",
            held: None,
        }
    }
}

const SUBMISSION_COLUMNS: &str =
    "id, entity, action, slug, region, status, created_at, data, contact_email, user_id, reason, lang, held_reason";

/// A submission's summary; the words of its states become enums here,
/// where the row is read (the database's checks allow no others).
fn summary(r: &AnyRow) -> Result<SubmissionSummary, sqlx::Error> {
    fn word<T: std::str::FromStr<Err = strum::ParseError>>(r: &AnyRow, column: &str) -> Result<T, sqlx::Error> {
        r.get::<String, _>(column).parse().map_err(|e: strum::ParseError| sqlx::Error::Decode(format!("submissions.{column}: {e}").into()))
    }
    let data: Value = serde_json::from_str(r.get("data")).unwrap_or(Value::Null);
    let slug: String = r.get("slug");
    // What a moderator calls it: the listing's name or the resource's title.
    let title =
        ["name", "title"].iter().find_map(|k| data.get(k).and_then(Value::as_str).map(str::to_string)).unwrap_or_else(|| slug.clone());
    let status: SubmissionStatus = word(r, "status")?;
    Ok(SubmissionSummary {
        id: r.get("id"),
        entity: word(r, "entity")?,
        action: word(r, "action")?,
        slug,
        title,
        region: r.get("region"),
        created_at: r.get("created_at"),
        held: r.get("held_reason"),
        translation: data.get(app::translation::TRANSLATING).and_then(Value::as_str).map(str::to_string),
        rejected_because: r.get::<Option<String>, _>("reason").filter(|_| status == SubmissionStatus::Rejected),
        status,
    })
}

/// Keeps the stored record of each of `slugs` as a revision, inside the
/// transaction that wrote them: two statements per 500 records, so an
/// import of 100,000 stays quick on PostgreSQL over the network too.
pub(super) async fn keep_revisions(
    tx: &mut AnyConnection,
    entity: Entity,
    slugs: &[&str],
    author: &str,
    note: &str,
) -> Result<(), sqlx::Error> {
    let resource = entity == Entity::Resource;
    let (columns, table) = if resource { (RESOURCE_COLUMNS, "resources") } else { (LISTING_COLUMNS, "listings") };
    let now = super::now();
    for chunk in slugs.chunks(500) {
        let marks: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let sql = format!("SELECT {columns} FROM {table} WHERE slug IN ({})", marks.join(", "));
        let mut select = sqlx::query(&sql);
        for slug in chunk {
            select = select.bind(*slug);
        }
        let rows = select.fetch_all(&mut *tx).await?;
        let mut records = std::collections::HashMap::new();
        for r in &rows {
            let record = if resource { record_of::<ResourceRecord>(r)? } else { record_of::<ListingRecord>(r)? };
            records.insert(r.get::<String, _>("slug"), record);
        }
        // $1..$4 are shared by every row; then slug and record per row.
        let kept: Vec<(&str, Value)> = chunk.iter().filter_map(|s| records.remove(*s).map(|r| (*s, r))).collect();
        if kept.is_empty() {
            continue;
        }
        let values: Vec<String> = (0..kept.len()).map(|i| format!("($1, ${}, ${}, $2, $3, $4)", 5 + 2 * i, 6 + 2 * i)).collect();
        let sql = format!("INSERT INTO revisions (entity, slug, data, author, note, created_at) VALUES {}", values.join(", "));
        let mut insert = sqlx::query(&sql).bind(entity.as_str()).bind(author).bind(note).bind(&now);
        for (slug, record) in &kept {
            insert = insert.bind(*slug).bind(record.to_string());
        }
        insert.execute(&mut *tx).await?;
    }
    Ok(())
}

impl Store {
    pub async fn submission(&self, id: i64) -> Result<Option<StoredSubmission>, sqlx::Error> {
        let row = sqlx::query(&format!("SELECT {SUBMISSION_COLUMNS} FROM submissions WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.map(|r| {
            Ok(StoredSubmission {
                summary: summary(&r)?,
                data: serde_json::from_str(r.get("data")).unwrap_or(Value::Null),
                contact_email: r.get("contact_email"),
                user_id: r.get("user_id"),
                reason: r.get("reason"),
                lang: r.get("lang"),
            })
        })
        .transpose()
    }

    /// A page of pending submissions, oldest first, and how many there
    /// are in all; `regions` (lower-case) narrows to those regions.
    /// The languages of translations of `slug` waiting for a moderator (a
    /// translator's, marked with their language; the last 50 looked at).
    pub async fn translations_waiting(&self, entity: Entity, slug: &str) -> Result<Vec<String>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT data FROM submissions WHERE entity = $1 AND slug = $2 AND status IN ('pending', 'unconfirmed')
             ORDER BY id DESC LIMIT 50",
        )
        .bind(entity.as_str())
        .bind(slug)
        .fetch_all(self.pool())
        .await?;
        let mut waiting: Vec<String> = rows
            .iter()
            .filter_map(|r| serde_json::from_str::<Value>(r.get("data")).ok())
            .filter_map(|data| data.get(app::translation::TRANSLATING).and_then(Value::as_str).map(str::to_string))
            .collect();
        waiting.sort();
        waiting.dedup();
        Ok(waiting)
    }

    pub async fn pending_submissions(
        &self,
        entity: Option<Entity>,
        regions: Option<&[String]>,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<SubmissionSummary>, i64), sqlx::Error> {
        self.submissions_in(SubmissionStatus::Pending, entity, regions, offset, limit).await
    }

    /// The same for submissions whose sender has not opened the emailed
    /// link (on a site without mail, none ever will).
    pub async fn unconfirmed_submissions(
        &self,
        regions: Option<&[String]>,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<SubmissionSummary>, i64), sqlx::Error> {
        self.submissions_in(SubmissionStatus::Unconfirmed, None, regions, offset, limit).await
    }

    async fn submissions_in(
        &self,
        status: SubmissionStatus,
        entity: Option<Entity>,
        regions: Option<&[String]>,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<SubmissionSummary>, i64), sqlx::Error> {
        let mut filter = format!("status = '{}'", status.as_str());
        let mut binds: Vec<&str> = Vec::new();
        if let Some(entity) = entity {
            binds.push(entity.as_str());
            filter += &format!(" AND entity = ${}", binds.len());
        }
        filter += &region_filter("region", regions, &mut binds);
        let page = Page { columns: SUBMISSION_COLUMNS, from: "FROM submissions", filter: &filter, order: "created_at, id", offset, limit };
        let (rows, total) = self.fetch_page(page, &binds).await?;
        Ok((rows.iter().map(summary).collect::<Result<_, _>>()?, total))
    }

    pub async fn submissions_of(&self, user_id: i64) -> Result<Vec<SubmissionSummary>, sqlx::Error> {
        let rows = sqlx::query(&format!("SELECT {SUBMISSION_COLUMNS} FROM submissions WHERE user_id = $1 ORDER BY id DESC"))
            .bind(user_id)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(summary).collect()
    }

    /// A listing's full record (private parts included), status and contact.
    pub async fn listing_record(&self, slug: &str) -> Result<Option<(Value, String, Option<String>)>, sqlx::Error> {
        let row = sqlx::query(&format!("SELECT {LISTING_COLUMNS}, status, contact_email FROM listings WHERE slug = $1"))
            .bind(slug)
            .fetch_optional(self.pool())
            .await?;
        row.map(|r| Ok((record_of::<ListingRecord>(&r)?, r.get("status"), r.get("contact_email")))).transpose()
    }

    pub async fn resource_record(&self, slug: &str) -> Result<Option<Value>, sqlx::Error> {
        let row = sqlx::query(&format!("SELECT {RESOURCE_COLUMNS} FROM resources WHERE slug = $1"))
            .bind(slug)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(record_of::<ResourceRecord>).transpose()
    }

    pub async fn slug_taken(&self, entity: Entity, slug: &str) -> Result<bool, sqlx::Error> {
        let table = match entity {
            Entity::Resource => "resources",
            Entity::Listing => "listings",
            Entity::Event => "events",
            // A calendar is asked for under its listing's slug.
            Entity::Calendar => "listings",
        };
        let in_table: i64 =
            sqlx::query_scalar(&format!("SELECT count(*) FROM {table} WHERE slug = $1")).bind(slug).fetch_one(self.pool()).await?;
        let waiting: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM submissions WHERE slug = $1 AND action = 'create' AND status IN ('unconfirmed', 'pending')",
        )
        .bind(slug)
        .fetch_one(self.pool())
        .await?;
        Ok(in_table + waiting > 0)
    }

    /// The group's private address and its language.
    pub async fn listing_contact(&self, slug: &str) -> Result<Option<(String, String)>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT contact_email, contact_lang FROM listings WHERE slug = $1 AND status = 'published' AND contact_email IS NOT NULL",
        )
        .bind(slug)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|r| (r.get(0), r.get(1))))
    }

    /// Published listings unconfirmed for 12 months and not yet reminded:
    /// (slug, name, contact, language).
    pub async fn due_for_reminder(&self) -> Result<Vec<(String, String, String, String)>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT slug, name, contact_email, contact_lang FROM listings
             WHERE status = 'published' AND contact_email IS NOT NULL AND reminded_at IS NULL
               AND coalesce(last_confirmed, substr(created_at, 1, 10)) <= $1
             ORDER BY slug LIMIT 1000",
        )
        .bind(super::months_ago(12))
        .fetch_all(self.pool())
        .await?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1), r.get(2), r.get(3))).collect())
    }

    /// Claims a listing's reminder: false when it was already sent (by
    /// another instance, at the same hour), so each goes out once.
    pub async fn claim_reminder(&self, slug: &str) -> Result<bool, sqlx::Error> {
        let done = sqlx::query("UPDATE listings SET reminded_at = $1 WHERE slug = $2 AND reminded_at IS NULL")
            .bind(super::now())
            .bind(slug)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Gives a claimed reminder back (its mail could not be queued).
    pub async fn release_reminder(&self, slug: &str) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE listings SET reminded_at = NULL WHERE slug = $1").bind(slug).execute(self.pool()).await.map(|_| ())
    }

    pub async fn owns(&self, user_id: i64, slug: &str) -> Result<bool, sqlx::Error> {
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM listing_owners WHERE user_id = $1 AND listing_slug = $2")
            .bind(user_id)
            .bind(slug)
            .fetch_one(self.pool())
            .await?;
        Ok(n > 0)
    }

    pub async fn owned_listings(&self, user_id: i64) -> Result<Vec<OwnListing>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT l.slug, l.name, l.status, l.last_confirmed FROM listings l
             JOIN listing_owners o ON o.listing_slug = l.slug WHERE o.user_id = $1",
        )
        .bind(user_id)
        .fetch_all(self.pool())
        .await?;
        let mut own: Vec<OwnListing> = rows
            .iter()
            .map(|r| OwnListing { slug: r.get(0), name: r.get(1), status: r.get(2), last_confirmed: r.get(3), events: Vec::new() })
            .collect();
        own.sort_by_cached_key(|l| (l.name.to_ascii_lowercase(), l.slug.clone()));
        Ok(own)
    }

    /// Full records of the listings a person looks after (for their export).
    pub async fn owned_records(&self, user_id: i64) -> Result<Vec<Value>, sqlx::Error> {
        let rows = sqlx::query(&format!(
            "SELECT {LISTING_COLUMNS} FROM listings WHERE slug IN (SELECT listing_slug FROM listing_owners WHERE user_id = $1) ORDER BY slug"
        ))
        .bind(user_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(record_of::<ListingRecord>).collect()
    }

    pub async fn revisions(&self, entity: Entity, slug: &str) -> Result<Vec<Revision>, sqlx::Error> {
        let rows = sqlx::query("SELECT id, author, note, data, created_at FROM revisions WHERE entity = $1 AND slug = $2 ORDER BY id DESC")
            .bind(entity.as_str())
            .bind(slug)
            .fetch_all(self.pool())
            .await?;
        Ok(rows
            .iter()
            .map(|r| Revision { id: r.get(0), author: r.get(1), note: r.get(2), data: r.get(3), created_at: r.get(4), changes: Vec::new() })
            .collect())
    }

    /// A page of the log, newest first; `actor` narrows to one person's
    /// own entries.
    pub async fn audit_log(&self, actor: Option<&str>, offset: usize, limit: usize) -> Result<Vec<AuditEntry>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT actor, action, target, reason, created_at FROM audit_log WHERE ($1 IS NULL OR actor = $1)
             ORDER BY id DESC LIMIT $2 OFFSET $3",
        )
        .bind(actor)
        .bind(limit as i64)
        .bind(offset as i64)
        .fetch_all(self.pool())
        .await?;
        Ok(rows.iter().map(audit_entry).collect())
    }

    pub async fn audit_by(&self, actor: &str) -> Result<Vec<AuditEntry>, sqlx::Error> {
        let rows = sqlx::query("SELECT actor, action, target, reason, created_at FROM audit_log WHERE actor = $1 ORDER BY id")
            .bind(actor)
            .fetch_all(self.pool())
            .await?;
        Ok(rows.iter().map(audit_entry).collect())
    }

    /// A page of open reports, oldest first, and how many there are;
    /// `regions` (lower-case) narrows to listings in those regions.
    pub async fn open_reports(&self, regions: Option<&[String]>, offset: usize, limit: usize) -> Result<(Vec<Report>, i64), sqlx::Error> {
        let mut binds: Vec<&str> = Vec::new();
        let filter = format!("r.status = 'open'{}", region_filter("l.region", regions, &mut binds));
        let from = "FROM reports r LEFT JOIN listings l ON l.slug = r.listing_slug";
        let columns = "r.id, r.listing_slug, r.category, r.message, r.created_at, COALESCE(l.name, r.listing_slug)";
        let (rows, total) = self.fetch_page(Page { columns, from, filter: &filter, order: "r.id", offset, limit }, &binds).await?;
        Ok((rows.iter().map(report).collect(), total))
    }

    /// One page of rows matching `filter` (its placeholders bound from
    /// `binds`), and how many match in all.
    async fn fetch_page(&self, page: Page<'_>, binds: &[&str]) -> Result<(Vec<AnyRow>, i64), sqlx::Error> {
        let Page { columns, from, filter, order, offset, limit } = page;
        let count_sql = format!("SELECT count(*) {from} WHERE {filter}");
        let mut count = sqlx::query_scalar(&count_sql);
        for b in binds {
            count = count.bind(*b);
        }
        let total: i64 = count.fetch_one(self.pool()).await?;
        let n = binds.len();
        let sql = format!("SELECT {columns} {from} WHERE {filter} ORDER BY {order} LIMIT ${} OFFSET ${}", n + 1, n + 2);
        let mut query = sqlx::query(&sql);
        for b in binds {
            query = query.bind(*b);
        }
        let rows = query.bind(limit as i64).bind(offset as i64).fetch_all(self.pool()).await?;
        Ok((rows, total))
    }

    /// One open report with the region of its listing.
    pub async fn open_report(&self, id: i64) -> Result<Option<(Report, Option<String>)>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT r.id, r.listing_slug, r.category, r.message, r.created_at, COALESCE(l.name, r.listing_slug), l.region FROM reports r
             LEFT JOIN listings l ON l.slug = r.listing_slug WHERE r.status = 'open' AND r.id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|r| (report(&r), r.get(6))))
    }

    /// Records a delivery attempt. Once delivered, the stored text is
    /// `redacted` (its links' tokens cut out): no live token stays readable.
    /// Messages not delivered yet.
    pub async fn unsent_mail(&self) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT count(*) FROM outbox WHERE sent_at IS NULL").fetch_one(self.pool()).await
    }

    pub async fn mail_sent(&self, id: i64, error: Option<&str>, redacted: &str) -> Result<(), sqlx::Error> {
        // A failed attempt waits a while before the next one.
        sqlx::query(
            "UPDATE outbox SET sent_at = $1, error = $2, body = CASE WHEN $1 IS NULL THEN body ELSE $3 END,
                claimed_until = coalesce($5, claimed_until)
             WHERE id = $4",
        )
        .bind(error.is_none().then(super::now))
        .bind(error)
        .bind(redacted)
        .bind(id)
        .bind(error.is_some().then(|| super::in_minutes(super::alert_outbox::RETRY_MINUTES)))
        .execute(self.pool())
        .await?;
        // A sent alert is not kept: the outbox must not become a list of
        // subscribers.
        if error.is_none() {
            sqlx::query("DELETE FROM outbox WHERE id = $1 AND purpose = 'alert'").bind(id).execute(self.pool()).await?;
        }
        Ok(())
    }

    /// Mail not yet delivered: (id, to, reply_to, subject, body).
    /// Claims up to 100 undelivered messages nobody else is sending:
    /// (id, to, reply_to, subject, body). The claim lapses after a while, so
    /// an instance that died while sending leaves them to the others.
    pub async fn claim_unsent_mail(&self) -> Result<Vec<QueuedMail>, sqlx::Error> {
        // The conditions are repeated outside the subquery: PostgreSQL
        // checks them again on a row another instance claimed meanwhile.
        // Alert mail is held while a lockdown is on.
        let rows = sqlx::query(
            "UPDATE outbox SET claimed_until = $1
             WHERE sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < $2)
               AND id IN (SELECT id FROM outbox WHERE sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < $2)
                            AND NOT (purpose = 'alert' AND EXISTS (SELECT 1 FROM settings WHERE key = 'lockdown' AND value = 'on'))
                          ORDER BY id LIMIT 100)
             RETURNING id, recipient, reply_to, subject, body, unsubscribe, plain_sender",
        )
        .bind(super::in_minutes(MAIL_CLAIM_MINUTES))
        .bind(super::now())
        .fetch_all(self.pool())
        .await?;
        let mut mail: Vec<_> = rows.iter().map(queued).collect();
        mail.sort_by_key(|m: &QueuedMail| m.id);
        Ok(mail)
    }

    /// Mail never sent (no SMTP server) keeps a link only while it still
    /// opens something: a token used, expired or gone is cut from the
    /// stored text. Returns how many messages were changed.
    pub async fn cut_dead_links(&self) -> Result<usize, sqlx::Error> {
        let unsent: Vec<(i64, String)> =
            sqlx::query_as("SELECT id, body FROM outbox WHERE sent_at IS NULL AND purpose <> 'alert' AND body LIKE '%token=%'")
                .fetch_all(self.pool())
                .await?;
        let mut changed = 0;
        for (id, body) in unsent {
            let mut dead = Vec::new();
            for token in crate::mail::tokens_in(&body) {
                let live: i64 = sqlx::query_scalar("SELECT count(*) FROM tokens WHERE hash = $1 AND used_at IS NULL AND expires_at > $2")
                    .bind(crate::secrets::hash_token(token))
                    .bind(super::now())
                    .fetch_one(self.pool())
                    .await?;
                if live == 0 {
                    dead.push(token);
                }
            }
            if !dead.is_empty() {
                let cut = crate::mail::without_these_tokens(&body, &dead);
                sqlx::query("UPDATE outbox SET body = $1 WHERE id = $2").bind(cut).bind(id).execute(self.pool()).await?;
                changed += 1;
            }
        }
        Ok(changed)
    }

    pub async fn outbox(&self, limit: usize) -> Result<Vec<OutboxMail>, sqlx::Error> {
        let rows = sqlx::query("SELECT recipient, subject, body, created_at, sent_at, id, error FROM outbox ORDER BY id DESC LIMIT $1")
            .bind(limit as i64)
            .fetch_all(self.pool())
            .await?;
        Ok(rows
            .iter()
            .map(|r| OutboxMail {
                recipient: r.get(0),
                subject: r.get(1),
                body: r.get(2),
                created_at: r.get(3),
                sent_at: r.get(4),
                id: r.get(5),
                error: r.get(6),
            })
            .collect())
    }

    /// One message of the outbox, as stored (unsent mail keeps its links).
    pub async fn outbox_message(&self, id: i64) -> Result<Option<QueuedMail>, sqlx::Error> {
        let row = sqlx::query("SELECT id, recipient, reply_to, subject, body, unsubscribe, plain_sender FROM outbox WHERE id = $1")
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.as_ref().map(queued))
    }
}

/// A guarded status change of a submission.
pub(crate) struct SubmissionMove<'a> {
    pub id: i64,
    pub from: SubmissionStatus,
    pub to: SubmissionStatus,
    pub user_id: Option<i64>,
    pub decided_by: Option<i64>,
    pub reason: Option<&'a str>,
}

// The writes below take any executor: the pool for a write of its own, or
// a use case's transaction (see `tx.rs`), so each SQL statement exists once.

/// False if the submission was not in `from` (decided meanwhile).
pub(crate) async fn move_submission_on<'e>(
    e: impl sqlx::Executor<'e, Database = sqlx::Any>,
    m: SubmissionMove<'_>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE submissions SET status = $1, user_id = coalesce($2, user_id), decided_by = $3, reason = $4,
            decided_at = coalesce($5, decided_at)
         WHERE id = $6 AND status = $7",
    )
    .bind(m.to.as_str())
    .bind(m.user_id)
    .bind(m.decided_by)
    .bind(m.reason)
    .bind(m.decided_by.map(|_| super::now()))
    .bind(m.id)
    .bind(m.from.as_str())
    .execute(e)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub(crate) async fn set_listing_contact_on<'e>(
    e: impl sqlx::Executor<'e, Database = sqlx::Any>,
    slug: &str,
    email: &str,
    lang: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE listings SET contact_email = $1, contact_lang = $2 WHERE slug = $3")
        .bind(email)
        .bind(lang)
        .bind(slug)
        .execute(e)
        .await
        .map(|_| ())
}

pub(crate) async fn add_owner_on<'e>(
    e: impl sqlx::Executor<'e, Database = sqlx::Any>,
    slug: &str,
    user_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO listing_owners (listing_slug, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(slug)
        .bind(user_id)
        .execute(e)
        .await
        .map(|_| ())
}

pub(crate) async fn audit_on<'e>(
    e: impl sqlx::Executor<'e, Database = sqlx::Any>,
    actor: &str,
    action: &str,
    target: &str,
    reason: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO audit_log (actor, action, target, reason, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(actor)
        .bind(action)
        .bind(target)
        .bind(reason)
        .bind(super::now())
        .execute(e)
        .await
        .map(|_| ())
}

/// Claimed by the instance that queues it, which sends it at once.
pub(crate) async fn queue_mail_on<'e>(
    e: impl sqlx::Executor<'e, Database = sqlx::Any>,
    to: &str,
    reply_to: Option<&str>,
    subject: &str,
    body: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO outbox (recipient, reply_to, subject, body, created_at, claimed_until) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(to)
    .bind(reply_to)
    .bind(subject)
    .bind(body)
    .bind(super::now())
    .bind(super::in_minutes(MAIL_CLAIM_MINUTES))
    .fetch_one(e)
    .await
}

/// What `Store::fetch_page` reads: `SELECT columns from WHERE filter ORDER BY order`.
struct Page<'a> {
    columns: &'a str,
    from: &'a str,
    filter: &'a str,
    order: &'a str,
    offset: usize,
    limit: usize,
}

fn report(r: &AnyRow) -> Report {
    Report { id: r.get(0), listing_slug: r.get(1), category: r.get(2), message: r.get(3), created_at: r.get(4), listing_name: r.get(5) }
}

/// ` AND lower(column) IN ($k, …)` for a moderator's regions (already
/// lower-case), binding them after what `binds` holds; nothing for None.
fn region_filter<'a>(column: &str, regions: Option<&'a [String]>, binds: &mut Vec<&'a str>) -> String {
    let Some(regions) = regions else { return String::new() };
    if regions.is_empty() {
        return " AND 1 = 0".into();
    }
    let marks: Vec<String> = regions
        .iter()
        .map(|r| {
            binds.push(r.as_str());
            format!("${}", binds.len())
        })
        .collect();
    format!(" AND lower({column}) IN ({})", marks.join(", "))
}

pub(crate) async fn add_submission_on<'e>(
    e: impl sqlx::Executor<'e, Database = sqlx::Any>,
    s: &NewSubmission<'_>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO submissions (entity, action, slug, data, contact_email, user_id, region, status, lang, created_at, held_reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(s.entity.as_str())
    .bind(s.action.as_str())
    .bind(s.slug)
    .bind(s.data.to_string())
    .bind(s.contact_email)
    .bind(s.user_id)
    .bind(s.region)
    .bind(s.status.as_str())
    .bind(s.lang)
    .bind(super::now())
    .bind(s.held)
    .fetch_one(e)
    .await
}

pub(crate) type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

pub(crate) fn listing_status_query<'q>(slug: &'q str, status: &'q str) -> AnyQuery<'q> {
    sqlx::query("UPDATE listings SET status = $1, updated_at = $2 WHERE slug = $3").bind(status).bind(super::now_ms()).bind(slug)
}

/// The group says it is still active.
pub(crate) fn confirm_listing_query(slug: &str) -> AnyQuery<'_> {
    sqlx::query("UPDATE listings SET last_confirmed = $1, reminded_at = NULL, updated_at = $2 WHERE slug = $3")
        .bind(super::today())
        .bind(super::now_ms())
        .bind(slug)
}

pub(crate) async fn add_revision_on<'e>(
    e: impl sqlx::Executor<'e, Database = sqlx::Any>,
    entity: Entity,
    slug: &str,
    data: &Value,
    author: &str,
    note: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO revisions (entity, slug, data, author, note, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(entity.as_str())
        .bind(slug)
        .bind(data.to_string())
        .bind(author)
        .bind(note)
        .bind(super::now())
        .execute(e)
        .await
        .map(|_| ())
}

pub(crate) async fn add_report_on<'e>(
    e: impl sqlx::Executor<'e, Database = sqlx::Any>,
    slug: &str,
    category: &str,
    message: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("INSERT INTO reports (listing_slug, category, message, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(slug)
        .bind(category)
        .bind(message)
        .bind(super::now())
        .fetch_one(e)
        .await
}

/// Closes an open report; None when it was not open (closed meanwhile).
pub(crate) async fn close_report_on<'e>(e: impl sqlx::Executor<'e, Database = sqlx::Any>, id: i64) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("UPDATE reports SET status = 'closed' WHERE id = $1 AND status = 'open' RETURNING listing_slug")
        .bind(id)
        .fetch_optional(e)
        .await
}

/// A line of the audit log as read (`actor, action, target, reason, created_at`).
fn audit_entry(r: &AnyRow) -> AuditEntry {
    AuditEntry { actor: r.get(0), action: r.get(1), target: r.get(2), reason: r.get(3), created_at: r.get(4), listing: None }
}
