//! What organisers can do with their own data: download everything
//! about them, and delete their account.

use crate::atlas::Atlas;
use crate::moderation::ActionError;
use app::people::{Role, User};
use app::problem::Problem;
use serde_json::{json, Value};

impl Atlas {
    /// Everything held about a person, as one JSON document.
    pub async fn export(&self, user: &User) -> Result<Value, ActionError> {
        let listings = self.store.owned_records(user.id).await?;
        let mut submissions = Vec::new();
        for s in self.store.submissions_of(user.id).await? {
            if let Some(full) = self.store.submission(s.id).await? {
                submissions.push(json!({
                    "id": s.id, "entity": s.entity.as_str(), "action": s.action.as_str(), "slug": s.slug, "status": s.status.as_str(),
                    "created_at": s.created_at, "data": full.data, "reason": full.reason,
                }));
            }
        }
        let log: Vec<Value> = self
            .store
            .audit_by(&user.email)
            .await?
            .into_iter()
            .map(|a| json!({ "action": a.action, "target": a.target, "at": a.created_at }))
            .collect();
        // E-mail alerts to the same address (found by its keyed hash).
        let alerts: Vec<Value> = self
            .alerts_of_address(&user.email)
            .await?
            .into_iter()
            .map(|a| {
                json!({
                    "place": a.place, "radius_km": a.rule.radius_km, "cadence": a.cadence.as_str(), "confirmed": a.confirmed,
                    "wants": a.rule.wants.iter().map(|w| w.as_str()).collect::<Vec<_>>(),
                })
            })
            .collect();
        Ok(json!({
            "alerts": alerts,
            "account": { "email": user.email, "role": user.role.as_str(), "regions": user.regions },
            "listings": listings,
            "submissions": submissions,
            "activity": log,
        }))
    }

    /// Deletes the account, the listings only this person looks after and
    /// everything they submitted.
    pub async fn delete_account(&self, user: &User) -> Result<Vec<String>, ActionError> {
        // One transaction: the last-admin check, the deletion and its audit line.
        let mut tx = self.store.begin().await?;
        if user.role == Role::Admin && tx.count_admins().await? == 1 {
            return Err(ActionError::Conflict(Problem::OnlyAdmin));
        }
        let deleted = tx.delete_user(user.id).await?;
        if let Some(key) = &self.alerts_key {
            tx.delete_alerts_of(&key.address_hash(&user.email)).await?;
        }
        tx.audit("deleted account", "deleted account and listings", &deleted.join(", "), "").await?;
        tx.commit().await?;
        for slug in &deleted {
            self.refresh_after_write(app::people::Entity::Listing, slug).await;
        }
        Ok(deleted)
    }
}
