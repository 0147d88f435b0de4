//! E-mail alerts: subscriptions (the address sealed, see
//! `crate::alerts::key`), the items that became public, and the deliveries
//! of a followed group's changes, one row per (subscription, item) — its
//! key is what makes those "exactly once" (new records go by rounds:
//! `alert_rounds.rs`).

use super::{Store, Tx};
use sqlx::Row;

/// A subscription as stored. `address_sealed` opens only with the key.
#[derive(Clone, Debug, Default)]
pub struct StoredAlert {
    pub id: i64,
    pub address_sealed: String,
    pub address_hash: String,
    pub confirmed: bool,
    pub place: String,
    pub cell: String,
    pub radius_km: i64,
    pub wants: String,
    pub kinds: String,
    pub tag: String,
    pub lang: String,
    pub category: String,
    pub topic: String,
    pub cadence: String,
    pub mail_lang: String,
    pub neutral: bool,
    pub token_salt: String,
    pub created_at: String,
    pub confirmed_at: Option<String>,
    pub attend: String,
    /// The listing a "follow this group" alert follows.
    pub follows: Option<String>,
}

/// A subscription to store, unconfirmed: what it matches is the checked
/// rule (`app::alerts::AlertRule`), not the form's fields again.
pub struct NewAlert<'a> {
    pub address_sealed: &'a str,
    pub address_hash: &'a str,
    pub place: &'a str,
    pub cell: &'a str,
    pub rule: &'a app::alerts::AlertRule,
    pub cadence: app::alerts::Cadence,
    pub mail_lang: &'a str,
    pub neutral: bool,
    /// A follow's listing.
    pub follows: Option<&'a str>,
    pub token_salt: &'a str,
    pub token_hash: &'a str,
    pub confirm_hash: &'a str,
}

/// An alert mail to write to the outbox.
pub struct AlertMail {
    pub to: String,
    pub subject: String,
    pub body: String,
    /// Its one-click unsubscribe address.
    pub unsubscribe: String,
    /// Sent without the site's name (a neutral alert).
    pub plain_sender: bool,
}

/// An item waiting to be matched.
#[derive(Clone, Debug)]
pub struct AlertItem {
    pub id: i64,
    pub entity: String,
    pub slug: String,
    pub in_lockdown: bool,
    pub created_at: String,
    /// A change to a followed group (`app::alerts::GroupChange` as JSON);
    /// none for a newly public record.
    pub detail: Option<String>,
}

const COLUMNS: &str = "id, address_sealed, address_hash, status, place, cell, radius_km, wants, kinds, tag, lang, category, topic,
    cadence, mail_lang, neutral, token_salt, created_at, confirmed_at, attend, follows";

fn stored(r: &sqlx::any::AnyRow) -> StoredAlert {
    StoredAlert {
        id: r.get(0),
        address_sealed: r.get(1),
        address_hash: r.get(2),
        confirmed: r.get::<String, _>(3) == "confirmed",
        place: r.get(4),
        cell: r.get(5),
        radius_km: r.get(6),
        wants: r.get(7),
        kinds: r.get(8),
        tag: r.get(9),
        lang: r.get(10),
        category: r.get(11),
        topic: r.get(12),
        cadence: r.get(13),
        mail_lang: r.get(14),
        neutral: r.get::<i64, _>(15) != 0,
        token_salt: r.get(16),
        created_at: r.get(17),
        confirmed_at: r.get(18),
        attend: r.get(19),
        follows: r.get(20),
    }
}

/// Counts for `atlas alerts stats` and /metrics: no address, no place.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct AlertStats {
    /// (status, cadence, count)
    pub subscriptions: Vec<(String, String, i64)>,
    /// (wanted kind, confirmed subscriptions wanting it)
    pub by_kind: Vec<(String, i64)>,
    pub items_waiting: i64,
    pub deliveries_waiting_for_digest: i64,
    pub alert_mail_in_outbox: i64,
}

impl Store {
    /// Confirmed subscriptions whose place lies in one of `cells` (or
    /// anywhere): read through the (status, cell) index.
    pub async fn alerts_in_cells(&self, cells: &[String]) -> Result<Vec<StoredAlert>, sqlx::Error> {
        let marks = (1..=cells.len() + 1).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
        let sql = format!("SELECT {COLUMNS} FROM alert_subscriptions WHERE status = 'confirmed' AND cell IN ({marks}) ORDER BY id");
        let mut q = sqlx::query(&sql).bind(app::alerts::ANYWHERE);
        for c in cells {
            q = q.bind(c);
        }
        Ok(q.fetch_all(self.pool()).await?.iter().map(stored).collect())
    }

    /// Confirmed alerts (follows aside) confirmed at or after `since`, or
    /// all: what the in-memory index is made of.
    pub async fn confirmed_alerts_since(&self, since: Option<&str>) -> Result<Vec<StoredAlert>, sqlx::Error> {
        let sql = format!(
            "SELECT {COLUMNS} FROM alert_subscriptions WHERE status = 'confirmed' AND follows IS NULL AND confirmed_at >= $1 ORDER BY id"
        );
        Ok(sqlx::query(&sql).bind(since.unwrap_or("")).fetch_all(self.pool()).await?.iter().map(stored).collect())
    }

    /// How many confirmed alerts (follows aside) there are.
    pub async fn confirmed_alert_count(&self) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT count(*) FROM alert_subscriptions WHERE status = 'confirmed' AND follows IS NULL")
            .fetch_one(self.pool())
            .await
    }

    /// Confirmed subscriptions that want `entity` wherever it is (resources).
    pub async fn alerts_wanting(&self, entity: &str) -> Result<Vec<StoredAlert>, sqlx::Error> {
        let sql = format!("SELECT {COLUMNS} FROM alert_subscriptions WHERE status = 'confirmed' AND wants LIKE $1 ORDER BY id");
        let rows = sqlx::query(&sql).bind(format!("%{entity}%")).fetch_all(self.pool()).await?;
        Ok(rows.iter().map(stored).collect())
    }

    /// Confirmed follows of one listing.
    pub async fn alerts_following(&self, listing: &str) -> Result<Vec<StoredAlert>, sqlx::Error> {
        let sql = format!("SELECT {COLUMNS} FROM alert_subscriptions WHERE status = 'confirmed' AND follows = $1 ORDER BY id");
        Ok(sqlx::query(&sql).bind(listing).fetch_all(self.pool()).await?.iter().map(stored).collect())
    }

    /// A listing's name whatever its state (a closed group's mail names it).
    pub async fn listing_name(&self, slug: &str) -> Result<Option<String>, sqlx::Error> {
        sqlx::query_scalar("SELECT name FROM listings WHERE slug = $1").bind(slug).fetch_optional(self.pool()).await
    }

    pub async fn alert_by_token(&self, token_hash: &str) -> Result<Option<StoredAlert>, sqlx::Error> {
        let sql = format!("SELECT {COLUMNS} FROM alert_subscriptions WHERE token_hash = $1");
        Ok(sqlx::query(&sql).bind(token_hash).fetch_optional(self.pool()).await?.as_ref().map(stored))
    }

    /// The request whose confirmation link this is, while the link works.
    pub async fn pending_alert(&self, confirm_hash: &str, since: &str) -> Result<Option<StoredAlert>, sqlx::Error> {
        let sql = format!("SELECT {COLUMNS} FROM alert_subscriptions WHERE confirm_hash = $1 AND status = 'pending' AND created_at >= $2");
        Ok(sqlx::query(&sql).bind(confirm_hash).bind(since).fetch_optional(self.pool()).await?.as_ref().map(stored))
    }

    pub async fn alert(&self, id: i64) -> Result<Option<StoredAlert>, sqlx::Error> {
        let sql = format!("SELECT {COLUMNS} FROM alert_subscriptions WHERE id = $1");
        Ok(sqlx::query(&sql).bind(id).fetch_optional(self.pool()).await?.as_ref().map(stored))
    }

    pub async fn alerts_by_address(&self, address_hash: &str) -> Result<Vec<StoredAlert>, sqlx::Error> {
        let sql = format!("SELECT {COLUMNS} FROM alert_subscriptions WHERE address_hash = $1 ORDER BY id");
        Ok(sqlx::query(&sql).bind(address_hash).fetch_all(self.pool()).await?.iter().map(stored).collect())
    }

    /// The oldest changes to followed groups nobody has matched yet.
    pub async fn unmatched_group_changes(&self, limit: i64) -> Result<Vec<AlertItem>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT id, entity, slug, in_lockdown, created_at, detail FROM alert_items
             WHERE matched_at IS NULL AND detail IS NOT NULL ORDER BY id LIMIT $1",
        )
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .iter()
            .map(|r| AlertItem {
                id: r.get(0),
                entity: r.get(1),
                slug: r.get(2),
                in_lockdown: r.get::<i64, _>(3) != 0,
                created_at: r.get(4),
                detail: r.get(5),
            })
            .collect())
    }

    /// Weekly subscriptions with deliveries made before `cutoff` that no
    /// digest has carried yet.
    pub async fn digests_due(&self, cutoff: &str) -> Result<Vec<i64>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT DISTINCT d.subscription_id FROM alert_deliveries d JOIN alert_subscriptions s ON s.id = d.subscription_id
             WHERE d.mailed_at IS NULL AND d.created_at < $1 AND s.cadence = 'weekly' ORDER BY d.subscription_id",
        )
        .bind(cutoff)
        .fetch_all(self.pool())
        .await
    }

    /// The items of a subscription's digest: (item id, entity, slug, a
    /// followed group's change).
    pub async fn digest_items(&self, subscription: i64, cutoff: &str) -> Result<Vec<(i64, String, String, Option<String>)>, sqlx::Error> {
        sqlx::query_as(
            "SELECT i.id, i.entity, i.slug, i.detail FROM alert_deliveries d JOIN alert_items i ON i.id = d.item_id
             WHERE d.subscription_id = $1 AND d.mailed_at IS NULL AND d.created_at < $2 ORDER BY i.id",
        )
        .bind(subscription)
        .bind(cutoff)
        .fetch_all(self.pool())
        .await
    }

    /// Forgets requests nobody confirmed since `before`.
    pub async fn forget_unconfirmed_alerts(&self, before: &str) -> Result<u64, sqlx::Error> {
        Ok(sqlx::query("DELETE FROM alert_subscriptions WHERE status = 'pending' AND created_at < $1")
            .bind(before)
            .execute(self.pool())
            .await?
            .rows_affected())
    }

    /// Unsent mail by kind ("alert", else "other").
    pub async fn unsent_mail_by_purpose(&self) -> Result<Vec<(String, i64)>, sqlx::Error> {
        let rows: Vec<(String, i64)> =
            sqlx::query_as("SELECT purpose, count(*) FROM outbox WHERE sent_at IS NULL GROUP BY purpose").fetch_all(self.pool()).await?;
        let alert = rows.iter().filter(|(p, _)| p == "alert").map(|(_, n)| n).sum();
        let other = rows.iter().filter(|(p, _)| p != "alert").map(|(_, n)| n).sum();
        Ok(vec![("alert".into(), alert), ("other".into(), other)])
    }

    pub async fn alert_items_waiting(&self) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT count(*) FROM alert_items WHERE matched_at IS NULL").fetch_one(self.pool()).await
    }

    pub async fn alert_stats(&self) -> Result<AlertStats, sqlx::Error> {
        let subscriptions =
            sqlx::query_as("SELECT status, cadence, count(*) FROM alert_subscriptions GROUP BY status, cadence ORDER BY status, cadence")
                .fetch_all(self.pool())
                .await?;
        let mut by_kind = Vec::new();
        for kind in app::alerts::ItemKind::ALL {
            let n: i64 = sqlx::query_scalar("SELECT count(*) FROM alert_subscriptions WHERE status = 'confirmed' AND wants LIKE $1")
                .bind(format!("%{}%", kind.as_str()))
                .fetch_one(self.pool())
                .await?;
            by_kind.push((kind.as_str().to_string(), n));
        }
        let count = |sql: &'static str| async move { sqlx::query_scalar::<_, i64>(sql).fetch_one(self.pool()).await };
        Ok(AlertStats {
            subscriptions,
            by_kind,
            items_waiting: count("SELECT count(*) FROM alert_items WHERE matched_at IS NULL").await?,
            deliveries_waiting_for_digest: count("SELECT count(*) FROM alert_deliveries WHERE mailed_at IS NULL").await?,
            alert_mail_in_outbox: count("SELECT count(*) FROM outbox WHERE purpose = 'alert' AND sent_at IS NULL").await?,
        })
    }
}

impl Tx {
    pub async fn add_alert(&mut self, a: &NewAlert<'_>) -> Result<i64, sqlx::Error> {
        let wants: Vec<&str> = a.rule.wants.iter().map(|w| w.as_str()).collect();
        sqlx::query_scalar(
            "INSERT INTO alert_subscriptions (address_sealed, address_hash, status, place, cell, radius_km, wants, kinds, tag, lang,
                 category, topic, cadence, mail_lang, neutral, token_salt, token_hash, confirm_hash, created_at, attend, follows)
             VALUES ($1, $2, 'pending', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) RETURNING id",
        )
        .bind(a.address_sealed)
        .bind(a.address_hash)
        .bind(a.place)
        .bind(a.cell)
        .bind(i64::from(a.rule.radius_km))
        .bind(wants.join(","))
        .bind(&a.rule.kind)
        .bind(&a.rule.tag)
        .bind(&a.rule.lang)
        .bind(&a.rule.category)
        .bind(&a.rule.topic)
        .bind(a.cadence.as_str())
        .bind(a.mail_lang)
        .bind(i64::from(a.neutral))
        .bind(a.token_salt)
        .bind(a.token_hash)
        .bind(a.confirm_hash)
        .bind(super::now())
        .bind(a.rule.attend.as_str())
        .bind(a.follows)
        .fetch_one(self.conn())
        .await
    }

    /// Confirms the request whose link this is, if made after `since`;
    /// the link is used up. The confirmed alert. It counts as mailed up to
    /// the latest round: what a round made before holds was published
    /// before it was on.
    pub async fn confirm_alert(&mut self, confirm_hash: &str, since: &str) -> Result<Option<StoredAlert>, sqlx::Error> {
        let sql = format!(
            "UPDATE alert_subscriptions SET status = 'confirmed', confirmed_at = $1, confirm_hash = NULL,
                 mailed_round = (SELECT coalesce(max(id), 0) FROM alert_rounds)
             WHERE confirm_hash = $2 AND status = 'pending' AND created_at >= $3 RETURNING {COLUMNS}"
        );
        Ok(sqlx::query(&sql).bind(super::now()).bind(confirm_hash).bind(since).fetch_optional(self.conn()).await?.as_ref().map(stored))
    }

    /// Stops one alert (its deliveries go with it). False if it was gone.
    pub async fn delete_alert(&mut self, id: i64) -> Result<bool, sqlx::Error> {
        sqlx::query("DELETE FROM alert_deliveries WHERE subscription_id = $1").bind(id).execute(self.conn()).await?;
        let n = sqlx::query("DELETE FROM alert_subscriptions WHERE id = $1").bind(id).execute(self.conn()).await?.rows_affected();
        Ok(n == 1)
    }

    /// Stops every alert of an address; how many there were.
    pub async fn delete_alerts_of(&mut self, address_hash: &str) -> Result<u64, sqlx::Error> {
        sqlx::query("DELETE FROM alert_deliveries WHERE subscription_id IN (SELECT id FROM alert_subscriptions WHERE address_hash = $1)")
            .bind(address_hash)
            .execute(self.conn())
            .await?;
        Ok(sqlx::query("DELETE FROM alert_subscriptions WHERE address_hash = $1")
            .bind(address_hash)
            .execute(self.conn())
            .await?
            .rows_affected())
    }

    /// Records that these records became public now, in the transaction
    /// that published them. During a lockdown they are marked so, and
    /// never sent.
    pub async fn add_alert_items(&mut self, entity: app::alerts::ItemKind, slugs: &[String]) -> Result<(), sqlx::Error> {
        add_alert_items_on(self.conn(), entity, slugs, None).await
    }

    /// Records a change to a followed group, in the transaction that made it.
    pub async fn add_group_change(&mut self, listing: &str, change: &app::alerts::GroupChange) -> Result<(), sqlx::Error> {
        add_group_change_on(self.conn(), listing, change).await
    }

    /// Takes an item to match; false when another instance took it first
    /// (PostgreSQL waits for that one's commit, then finds it taken).
    pub async fn claim_alert_item(&mut self, id: i64) -> Result<bool, sqlx::Error> {
        let n = sqlx::query("UPDATE alert_items SET matched_at = $1 WHERE id = $2 AND matched_at IS NULL")
            .bind(super::now())
            .bind(id)
            .execute(self.conn())
            .await?
            .rows_affected();
        Ok(n == 1)
    }

    /// One delivery of an item to a subscription; false if it was made
    /// before (the key refuses a second). `mailed`: sent in this
    /// transaction's mail (instant) or left for the digest.
    pub async fn add_delivery(&mut self, subscription: i64, item: i64, mailed: bool) -> Result<bool, sqlx::Error> {
        let now = super::now();
        let n = sqlx::query(
            "INSERT INTO alert_deliveries (subscription_id, item_id, created_at, mailed_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (subscription_id, item_id) DO NOTHING",
        )
        .bind(subscription)
        .bind(item)
        .bind(&now)
        .bind(mailed.then_some(now.clone()))
        .execute(self.conn())
        .await?
        .rows_affected();
        Ok(n == 1)
    }

    /// Writes alert mails to the outbox, several a statement, as
    /// `queue_alert_mail` does each. Each mail's unsubscribe address is
    /// its own (one mail per alert), which tells the returned ids apart.
    pub async fn queue_alert_mails(&mut self, mails: Vec<AlertMail>) -> Result<(), sqlx::Error> {
        let (now, claim) = (super::now(), super::in_minutes(super::alert_outbox::ALERT_CLAIM_MINUTES));
        let mut mails: std::collections::HashMap<String, AlertMail> = mails.into_iter().map(|m| (m.unsubscribe.clone(), m)).collect();
        let keys: Vec<String> = mails.keys().cloned().collect();
        for chunk in keys.chunks(100) {
            let rows = (0..chunk.len())
                .map(|i| format!("(${}, ${}, ${}, $1, $2, 'alert', ${}, ${})", 3 + 5 * i, 4 + 5 * i, 5 + 5 * i, 6 + 5 * i, 7 + 5 * i))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "INSERT INTO outbox (recipient, subject, body, created_at, claimed_until, purpose, unsubscribe, plain_sender) VALUES {rows}
                 RETURNING id, unsubscribe"
            );
            let mut q = sqlx::query_as::<_, (i64, String)>(&sql).bind(&now).bind(&claim);
            for key in chunk {
                let m = &mails[key];
                q = q.bind(&m.to).bind(&m.subject).bind(&m.body).bind(&m.unsubscribe).bind(i64::from(m.plain_sender));
            }
            for (id, key) in q.fetch_all(self.conn()).await? {
                if let Some(m) = mails.remove(&key) {
                    let queued = super::QueuedMail {
                        id,
                        to: m.to,
                        reply_to: None,
                        subject: m.subject,
                        body: m.body,
                        unsubscribe: Some(m.unsubscribe),
                        plain_sender: m.plain_sender,
                    };
                    self.queued(queued);
                }
            }
        }
        Ok(())
    }

    /// Marks a digest's deliveries as carried; how many were still open
    /// (none: another instance sent this digest).
    pub async fn mark_digest(&mut self, subscription: i64, cutoff: &str) -> Result<u64, sqlx::Error> {
        Ok(sqlx::query("UPDATE alert_deliveries SET mailed_at = $1 WHERE subscription_id = $2 AND mailed_at IS NULL AND created_at < $3")
            .bind(super::now())
            .bind(subscription)
            .bind(cutoff)
            .execute(self.conn())
            .await?
            .rows_affected())
    }

    /// An alert's confirmation mail: alert mail too (held in a lockdown,
    /// not kept once sent), without an unsubscribe address.
    pub async fn queue_alert_confirmation(&mut self, to: &str, subject: &str, body: &str, plain_sender: bool) -> Result<(), sqlx::Error> {
        self.queue_mail_with(to, subject, body, "alert", None, plain_sender).await
    }

    /// Writes an alert mail to the outbox: held during a lockdown, with
    /// its one-click unsubscribe address, deleted once sent.
    pub async fn queue_alert_mail(&mut self, m: AlertMail) -> Result<(), sqlx::Error> {
        self.queue_mail_with(&m.to, &m.subject, &m.body, "alert", Some(&m.unsubscribe), m.plain_sender).await
    }
}

/// What `Tx::add_alert_items` does, on a transaction's connection (the
/// event upsert runs on one). `detail`: a followed group's change.
pub(crate) async fn add_alert_items_on(
    conn: &mut sqlx::AnyConnection,
    entity: app::alerts::ItemKind,
    slugs: &[String],
    detail: Option<&str>,
) -> Result<(), sqlx::Error> {
    if slugs.is_empty() {
        return Ok(());
    }
    let lockdown: Option<String> =
        sqlx::query_scalar("SELECT value FROM settings WHERE key = 'lockdown'").fetch_optional(&mut *conn).await?;
    let in_lockdown = i64::from(lockdown.as_deref() == Some("on"));
    let now = super::now();
    for slug in slugs {
        sqlx::query("INSERT INTO alert_items (entity, slug, created_at, in_lockdown, detail) VALUES ($1, $2, $3, $4, $5)")
            .bind(entity.as_str())
            .bind(slug)
            .bind(&now)
            .bind(in_lockdown)
            .bind(detail)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// The followed among these listings: (slug, town, status) before a write.
pub(crate) async fn followed_listings_on(
    conn: &mut sqlx::AnyConnection,
    slugs: &[&String],
) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    let followed: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT slug, area_name, status FROM listings WHERE slug IN (SELECT follows FROM alert_subscriptions WHERE follows IS NOT NULL)",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(followed.into_iter().filter(|(slug, _, _)| slugs.contains(&slug)).collect())
}

/// A change to a followed group, unless nobody follows it (most groups):
/// then there is nothing to record.
pub(crate) async fn add_group_change_on(
    conn: &mut sqlx::AnyConnection,
    listing: &str,
    change: &app::alerts::GroupChange,
) -> Result<(), sqlx::Error> {
    let followers: i64 =
        sqlx::query_scalar("SELECT count(*) FROM alert_subscriptions WHERE follows = $1").bind(listing).fetch_one(&mut *conn).await?;
    if followers == 0 {
        return Ok(());
    }
    let detail = serde_json::to_string(change).expect("plain values serialise");
    add_alert_items_on(conn, app::alerts::ItemKind::Listing, &[listing.to_string()], Some(&detail)).await
}
