//! Matching rounds (see `crate::alerts::burst`): what became public is
//! put into numbered rounds, worked one after another under a short
//! claim; each subscription remembers the last round it was mailed up to.
//! One row per subscriber, not per (subscriber, item).

use super::alerts::AlertItem;
use super::{Store, Tx};
use crate::db::Backend;
use sqlx::Row;

/// How long a claim on a round lasts unless renewed.
pub const ROUND_CLAIM_MINUTES: u32 = 2;
/// Subscriptions one statement marks (SQLite binds a value each).
const MARKS_PER_STATEMENT: usize = 1000;

/// A round not yet worked to its end.
#[derive(Clone, Debug)]
pub struct AlertRoundRow {
    pub id: i64,
    pub created_at: String,
}

impl Store {
    /// The oldest round not worked to its end.
    pub async fn open_alert_round(&self) -> Result<Option<AlertRoundRow>, sqlx::Error> {
        Ok(sqlx::query_as::<_, (i64, String)>("SELECT id, created_at FROM alert_rounds WHERE done_at IS NULL ORDER BY id LIMIT 1")
            .fetch_optional(self.pool())
            .await?
            .map(|(id, created_at)| AlertRoundRow { id, created_at }))
    }

    /// A round's items (newly public records), oldest first.
    pub async fn alert_round_items(&self, round: i64) -> Result<Vec<AlertItem>, sqlx::Error> {
        let rows = sqlx::query("SELECT id, entity, slug, in_lockdown, created_at FROM alert_items WHERE round_id = $1 ORDER BY id")
            .bind(round)
            .fetch_all(self.pool())
            .await?;
        Ok(rows.iter().map(|r| item(r, 0)).collect())
    }

    /// Items of the rounds after `after` up to `upto`, with their round.
    pub async fn alert_items_of_rounds(&self, after: i64, upto: i64) -> Result<Vec<(i64, AlertItem)>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT round_id, id, entity, slug, in_lockdown, created_at FROM alert_items
             WHERE round_id > $1 AND round_id <= $2 ORDER BY id",
        )
        .bind(after)
        .bind(upto)
        .fetch_all(self.pool())
        .await?;
        Ok(rows.iter().map(|r| (r.get(0), item(r, 1))).collect())
    }

    /// The last round made before `cutoff` (a weekly digest's end).
    pub async fn last_alert_round_before(&self, cutoff: &str) -> Result<Option<i64>, sqlx::Error> {
        sqlx::query_scalar("SELECT max(id) FROM alert_rounds WHERE created_at < $1").bind(cutoff).fetch_one(self.pool()).await
    }

    /// Weekly alerts (follows aside) not yet digested up to `upto`: each
    /// one's last round digested.
    pub async fn weekly_marks_before(&self, upto: i64) -> Result<Vec<(i64, i64)>, sqlx::Error> {
        sqlx::query_as(
            "SELECT id, mailed_round FROM alert_subscriptions
             WHERE status = 'confirmed' AND cadence = 'weekly' AND follows IS NULL AND mailed_round < $1",
        )
        .bind(upto)
        .fetch_all(self.pool())
        .await
    }
}

fn item(r: &sqlx::any::AnyRow, at: usize) -> AlertItem {
    AlertItem {
        id: r.get(at),
        entity: r.get(at + 1),
        slug: r.get(at + 2),
        in_lockdown: r.get::<i64, _>(at + 3) != 0,
        created_at: r.get(at + 4),
        detail: None,
    }
}

impl Tx {
    /// Puts up to `limit` newly public items nobody has matched into a new
    /// round; none when there are none. Rounds are numbered in the order
    /// they are made (on PostgreSQL the table is locked while one is made,
    /// so no two instances' rounds commit out of order).
    pub async fn make_alert_round(&mut self, limit: i64) -> Result<Option<AlertRoundRow>, sqlx::Error> {
        if self.backend() == Backend::Postgres {
            sqlx::query("LOCK TABLE alert_rounds IN EXCLUSIVE MODE").execute(self.conn()).await?;
        }
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM alert_items WHERE round_id IS NULL AND matched_at IS NULL AND detail IS NULL ORDER BY id LIMIT $1",
        )
        .bind(limit)
        .fetch_all(self.conn())
        .await?;
        let (Some(first), Some(last)) = (ids.first(), ids.last()) else { return Ok(None) };
        let created_at = super::now();
        let id: i64 = sqlx::query_scalar("INSERT INTO alert_rounds (created_at) VALUES ($1) RETURNING id")
            .bind(&created_at)
            .fetch_one(self.conn())
            .await?;
        sqlx::query(
            "UPDATE alert_items SET round_id = $1
             WHERE id >= $2 AND id <= $3 AND round_id IS NULL AND matched_at IS NULL AND detail IS NULL",
        )
        .bind(id)
        .bind(first)
        .bind(last)
        .execute(self.conn())
        .await?;
        Ok(Some(AlertRoundRow { id, created_at }))
    }

    /// Claims a round (or renews this instance's claim with `renew`);
    /// false when it is done or another instance holds a live claim.
    pub async fn claim_alert_round(&mut self, round: i64, renew: bool) -> Result<bool, sqlx::Error> {
        let now = super::now();
        let sql = match renew {
            true => "UPDATE alert_rounds SET claimed_until = $1 WHERE id = $2 AND done_at IS NULL",
            false => {
                "UPDATE alert_rounds SET claimed_until = $1 WHERE id = $2 AND done_at IS NULL
                 AND (claimed_until IS NULL OR claimed_until < $3)"
            }
        };
        let n =
            sqlx::query(sql).bind(super::in_minutes(ROUND_CLAIM_MINUTES)).bind(round).bind(now).execute(self.conn()).await?.rows_affected();
        Ok(n == 1)
    }

    /// Marks these alerts mailed up to `round`; the ones this call moved
    /// (still confirmed, and not mailed up to it before — by this round's
    /// earlier attempt or another instance).
    pub async fn mark_alerts_mailed(&mut self, ids: &[i64], round: i64) -> Result<Vec<i64>, sqlx::Error> {
        let mut moved = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(MARKS_PER_STATEMENT) {
            let rows: Vec<i64> = match self.backend() {
                Backend::Postgres => {
                    let list = chunk.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",");
                    sqlx::query_scalar(
                        "UPDATE alert_subscriptions SET mailed_round = $1
                         WHERE id = ANY(string_to_array($2, ',')::bigint[]) AND mailed_round < $1 AND status = 'confirmed'
                         RETURNING id",
                    )
                    .bind(round)
                    .bind(list)
                    .fetch_all(self.conn())
                    .await?
                }
                Backend::Sqlite => {
                    let marks = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect::<Vec<_>>().join(", ");
                    let sql = format!(
                        "UPDATE alert_subscriptions SET mailed_round = $1
                         WHERE id IN ({marks}) AND mailed_round < $1 AND status = 'confirmed' RETURNING id"
                    );
                    let mut q = sqlx::query_scalar(&sql).bind(round);
                    for id in chunk {
                        q = q.bind(id);
                    }
                    q.fetch_all(self.conn()).await?
                }
            };
            moved.extend(rows);
        }
        Ok(moved)
    }

    /// A round worked to its end: its items are matched.
    pub async fn finish_alert_round(&mut self, round: i64) -> Result<(), sqlx::Error> {
        let now = super::now();
        sqlx::query("UPDATE alert_rounds SET done_at = $1, claimed_until = NULL WHERE id = $2 AND done_at IS NULL")
            .bind(&now)
            .bind(round)
            .execute(self.conn())
            .await?;
        sqlx::query("UPDATE alert_items SET matched_at = $1 WHERE round_id = $2 AND matched_at IS NULL")
            .bind(&now)
            .bind(round)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// A weekly digest sent to everyone it was for: the weekly alerts it
    /// had nothing for are digested up to `upto` too.
    pub async fn finish_weekly_digest(&mut self, upto: i64) -> Result<u64, sqlx::Error> {
        Ok(sqlx::query(
            "UPDATE alert_subscriptions SET mailed_round = $1
             WHERE status = 'confirmed' AND cadence = 'weekly' AND follows IS NULL AND mailed_round < $1",
        )
        .bind(upto)
        .execute(self.conn())
        .await?
        .rows_affected())
    }
}
