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

    /// Marks a form's stamp used; false when it already was (a replay).
    pub async fn use_form_stamp(&self, hash: &str, hours: u32) -> Result<bool, sqlx::Error> {
        let done = sqlx::query("INSERT INTO used_form_stamps (hash, expires_at) VALUES ($1, $2) ON CONFLICT (hash) DO NOTHING")
            .bind(hash)
            .bind(super::in_hours(hours))
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Forgets stamps that have expired anyway.
    pub async fn prune_form_stamps(&self) -> Result<u64, sqlx::Error> {
        let done = sqlx::query("DELETE FROM used_form_stamps WHERE expires_at < $1").bind(super::now()).execute(self.pool()).await?;
        Ok(done.rows_affected())
    }
}
