//! The writes of a burst's matching, many rows a statement: deliveries
//! (the key still refuses a second of any pair) and the claim of the items
//! once everything for them is written. SQLite takes multi-row `VALUES`;
//! PostgreSQL takes whole columns as one text each, unnested — thousands
//! of rows a statement, where `VALUES` would bind a parameter per cell.

use super::Tx;
use crate::db::Backend;
use std::collections::HashSet;

/// Rows a statement: SQLite binds 3 values a row (its limit is 32,766);
/// PostgreSQL binds 3 texts whatever the count.
const SQLITE_ROWS: usize = 500;
const POSTGRES_ROWS: usize = 10_000;

/// A delivery to write: (subscription, item, mailed now — instant).
pub type Delivery = (i64, i64, bool);

impl Tx {
    /// Deliveries, as `add_deliveries` writes them; the (subscription,
    /// item) pairs written now, the others having been made before.
    pub async fn add_delivery_rows(&mut self, rows: &[Delivery]) -> Result<HashSet<(i64, i64)>, sqlx::Error> {
        let now = super::now();
        let mut fresh = HashSet::with_capacity(rows.len());
        match self.backend() {
            Backend::Sqlite => {
                for chunk in rows.chunks(SQLITE_ROWS) {
                    let values = (0..chunk.len())
                        .map(|i| format!("(${}, ${}, $1, CASE WHEN ${} = 1 THEN $1 END)", 2 + 3 * i, 3 + 3 * i, 4 + 3 * i))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let sql = format!(
                        "INSERT INTO alert_deliveries (subscription_id, item_id, created_at, mailed_at) VALUES {values}
                         ON CONFLICT (subscription_id, item_id) DO NOTHING RETURNING subscription_id, item_id"
                    );
                    let mut q = sqlx::query_as::<_, (i64, i64)>(&sql).bind(&now);
                    for (subscription, item, mailed) in chunk {
                        q = q.bind(subscription).bind(item).bind(i64::from(*mailed));
                    }
                    fresh.extend(q.fetch_all(self.conn()).await?);
                }
            }
            Backend::Postgres => {
                for chunk in rows.chunks(POSTGRES_ROWS) {
                    let column = |f: &dyn Fn(&Delivery) -> String| chunk.iter().map(f).collect::<Vec<_>>().join(",");
                    let (subscriptions, items, mailed) =
                        (column(&|d| d.0.to_string()), column(&|d| d.1.to_string()), column(&|d| i64::from(d.2).to_string()));
                    fresh.extend(
                        sqlx::query_as::<_, (i64, i64)>(
                            "INSERT INTO alert_deliveries (subscription_id, item_id, created_at, mailed_at)
                             SELECT s, i, $1, CASE WHEN m = 1 THEN $1 END
                             FROM unnest(string_to_array($2, ',')::bigint[], string_to_array($3, ',')::bigint[],
                                         string_to_array($4, ',')::int[]) AS t(s, i, m)
                             ORDER BY s, i
                             ON CONFLICT (subscription_id, item_id) DO NOTHING RETURNING subscription_id, item_id",
                        )
                        .bind(&now)
                        .bind(subscriptions)
                        .bind(items)
                        .bind(mailed)
                        .fetch_all(self.conn())
                        .await?,
                    );
                }
            }
        }
        Ok(fresh)
    }

    /// Marks items matched; the ones this call took (another instance
    /// may have finished some meanwhile).
    pub async fn claim_alert_items(&mut self, ids: &[i64]) -> Result<Vec<i64>, sqlx::Error> {
        let now = super::now();
        let mut taken = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(SQLITE_ROWS) {
            let marks = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect::<Vec<_>>().join(", ");
            let sql = format!("UPDATE alert_items SET matched_at = $1 WHERE matched_at IS NULL AND id IN ({marks}) RETURNING id");
            let mut q = sqlx::query_scalar::<_, i64>(&sql).bind(&now);
            for id in chunk {
                q = q.bind(id);
            }
            taken.extend(q.fetch_all(self.conn()).await?);
        }
        Ok(taken)
    }
}
