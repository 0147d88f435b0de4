//! The opt-out register and the blocked senders: reads for everyone, writes
//! only inside a use case's transaction (`Tx`).

use super::{Store, Tx};
use app::people::{BlockedSender, OptOut};
use sqlx::Row;
use std::collections::HashMap;

/// Which of a group's details a fingerprint is of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, strum::IntoStaticStr, strum::EnumString)]
#[strum(serialize_all = "snake_case")]
pub enum Mark {
    NameTown,
    Website,
    Email,
}

/// Every fingerprint on the register, with the reason its group gave.
pub type Marks = HashMap<(Mark, String), String>;

impl Store {
    pub async fn opt_out_marks(&self) -> Result<Marks, sqlx::Error> {
        let rows = sqlx::query("SELECT m.mark, m.digest, o.reason FROM opt_out_marks m JOIN opt_outs o ON o.id = m.opt_out_id")
            .fetch_all(self.pool())
            .await?;
        Ok(rows
            .iter()
            .filter_map(|r| {
                let mark: Mark = r.get::<String, _>("mark").parse().ok()?;
                Some(((mark, r.get("digest")), r.get("reason")))
            })
            .collect())
    }

    pub async fn opt_outs(&self) -> Result<Vec<OptOut>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT o.id, o.reason, o.recorded_by, o.recorded_at, COUNT(m.digest) AS fingerprints
             FROM opt_outs o LEFT JOIN opt_out_marks m ON m.opt_out_id = o.id
             GROUP BY o.id, o.reason, o.recorded_by, o.recorded_at ORDER BY o.id DESC",
        )
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .iter()
            .map(|r| OptOut {
                id: r.get("id"),
                reason: r.get("reason"),
                recorded_by: r.get("recorded_by"),
                recorded_at: r.get("recorded_at"),
                fingerprints: r.get("fingerprints"),
            })
            .collect())
    }

    pub async fn blocked_senders(&self) -> Result<Vec<BlockedSender>, sqlx::Error> {
        let rows =
            sqlx::query("SELECT pattern, reason, added_by, added_at FROM blocked_senders ORDER BY pattern").fetch_all(self.pool()).await?;
        Ok(rows
            .iter()
            .map(|r| BlockedSender {
                pattern: r.get("pattern"),
                reason: r.get("reason"),
                added_by: r.get("added_by"),
                added_at: r.get("added_at"),
            })
            .collect())
    }
}

impl Tx {
    /// Records a group's request with its fingerprints; a fingerprint
    /// already on the register stays with its first request.
    pub async fn add_opt_out(&mut self, reason: &str, recorded_by: &str, marks: &[(Mark, String)]) -> Result<i64, sqlx::Error> {
        let id: i64 = sqlx::query_scalar("INSERT INTO opt_outs (reason, recorded_by, recorded_at) VALUES ($1, $2, $3) RETURNING id")
            .bind(reason)
            .bind(recorded_by)
            .bind(super::now())
            .fetch_one(self.conn())
            .await?;
        for (mark, digest) in marks {
            let mark: &'static str = mark.into();
            sqlx::query("INSERT INTO opt_out_marks (mark, digest, opt_out_id) VALUES ($1, $2, $3) ON CONFLICT (mark, digest) DO NOTHING")
                .bind(mark)
                .bind(digest)
                .bind(id)
                .execute(self.conn())
                .await?;
        }
        Ok(id)
    }

    /// False when there was no such request.
    pub async fn remove_opt_out(&mut self, id: i64) -> Result<bool, sqlx::Error> {
        sqlx::query("DELETE FROM opt_out_marks WHERE opt_out_id = $1").bind(id).execute(self.conn()).await?;
        Ok(sqlx::query("DELETE FROM opt_outs WHERE id = $1").bind(id).execute(self.conn()).await?.rows_affected() > 0)
    }

    /// Adds or re-words a block.
    pub async fn block_sender(&mut self, pattern: &str, reason: &str, added_by: &str) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO blocked_senders (pattern, reason, added_by, added_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (pattern) DO UPDATE SET reason = excluded.reason, added_by = excluded.added_by, added_at = excluded.added_at",
        )
        .bind(pattern)
        .bind(reason)
        .bind(added_by)
        .bind(super::now())
        .execute(self.conn())
        .await?;
        Ok(())
    }

    pub async fn unblock_sender(&mut self, pattern: &str) -> Result<bool, sqlx::Error> {
        Ok(sqlx::query("DELETE FROM blocked_senders WHERE pattern = $1").bind(pattern).execute(self.conn()).await?.rows_affected() > 0)
    }

    /// A moderator lets a held submission be decided on; false when it
    /// was not held.
    pub async fn release_hold(&mut self, submission: i64) -> Result<bool, sqlx::Error> {
        let done =
            sqlx::query("UPDATE submissions SET held_reason = NULL WHERE id = $1 AND held_reason IS NOT NULL AND status = 'pending'")
                .bind(submission)
                .execute(self.conn())
                .await?;
        Ok(done.rows_affected() > 0)
    }
}
