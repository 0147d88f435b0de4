//! Postcode districts.

use super::Store;
use crate::places::Place;
use sqlx::Row;

impl Store {
    /// Replaces all postcode districts in one transaction.
    pub async fn replace_outcodes(&self, places: &[Place]) -> Result<(), sqlx::Error> {
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM outcodes").execute(&mut *tx).await?;
        for p in places {
            sqlx::query("INSERT INTO outcodes (outcode, latitude, longitude, town) VALUES ($1, $2, $3, $4)")
                .bind(&p.name)
                .bind(p.lat)
                .bind(p.lon)
                .bind(&p.region)
                .execute(&mut *tx)
                .await?;
        }
        let version = super::bump_version(&mut tx, super::Changed::Everything).await?;
        tx.commit().await?;
        self.wrote(version);
        Ok(())
    }

    pub async fn outcodes(&self) -> Result<Vec<Place>, sqlx::Error> {
        let rows = sqlx::query("SELECT outcode, latitude, longitude, town FROM outcodes ORDER BY outcode").fetch_all(self.pool()).await?;
        Ok(rows
            .into_iter()
            .map(|r| Place { name: r.get(0), kind: "postcode_district", lat: r.get(1), lon: r.get(2), region: r.get(3) })
            .collect())
    }
}
