//! Hourly counts of posts per client, shared by every instance on the
//! database. The client is kept only as a keyed hash, never its address.

use super::Store;

impl Store {
    /// Counts one hit on `key` in hour `bucket` and returns the hits so far.
    pub async fn count_hit(&self, key: &str, bucket: i64) -> Result<i64, sqlx::Error> {
        let hits: i64 = sqlx::query_scalar(
            "INSERT INTO rate_limits (key, bucket, hits) VALUES ($1, $2, 1)
             ON CONFLICT (key, bucket) DO UPDATE SET hits = rate_limits.hits + 1
             RETURNING hits",
        )
        .bind(key)
        .bind(bucket)
        .fetch_one(self.pool())
        .await?;
        if hits == 1 {
            // A new hour for this client: forget hours that are over.
            sqlx::query("DELETE FROM rate_limits WHERE bucket < $1").bind(bucket).execute(self.pool()).await?;
        }
        Ok(hits)
    }
}
