//! Reports of a listing by anyone, and what moderators do about them:
//! close the report, or archive the listing (perhaps never to list it again).

use crate::atlas::Atlas;
use crate::moderation::ActionError;
use app::listing_input::clean_line;
use app::people::User;
use app::problem::Problem;

impl Atlas {
    pub async fn report_listing(&self, slug: &str, category: &str, message: &str) -> Result<(), ActionError> {
        // The public directory: during a lockdown no listing exists.
        if self.read.public_directory().get(slug).is_none() {
            return Err(ActionError::NotFound(Problem::NoSuchListing));
        }
        let category: app::report::ReportCategory =
            category.parse().map_err(|_| ActionError::field("category", Problem::ReportCategory))?;
        let message: String = clean_line(message).chars().take(2000).collect();
        let mut tx = self.store.begin().await?;
        tx.add_report(slug, category.as_str(), &message).await?;
        tx.audit("visitor", "reported", &format!("listing {slug}"), category.as_str()).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn close_report(&self, moderator: &User, id: i64, note: &str) -> Result<(), ActionError> {
        let Some((report, region)) = self.store.open_report(id).await? else {
            return Err(ActionError::NotFound(Problem::NoSuchReport));
        };
        if !moderator.covers(region.as_deref()) {
            return Err(ActionError::Forbidden(Problem::OutsideYourRegions));
        }
        let mut tx = self.store.begin().await?;
        if tx.close_report(id).await?.is_none() {
            return Err(ActionError::NotFound(Problem::NoSuchReport));
        }
        tx.audit(&moderator.email, "closed report", &format!("listing {}", report.listing_slug), &clean_line(note)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Takes a listing off the map; with `Relisting::Never` the group also
    /// goes on the opt-out register, in the same transaction.
    pub async fn archive_listing(
        &self,
        moderator: &User,
        slug: &str,
        reason: &str,
        relisting: crate::moderation::Relisting,
    ) -> Result<(), ActionError> {
        let Some((record, _, _)) = self.store.listing_record(slug).await? else {
            return Err(ActionError::NotFound(Problem::NoSuchListing));
        };
        if !moderator.covers(crate::regions::region_of_record(&record).as_deref()) {
            return Err(ActionError::Forbidden(Problem::OutsideYourRegions));
        }
        let reason = clean_line(reason);
        let opt_out = match relisting {
            crate::moderation::Relisting::Never => Some(self.listing_fingerprints(slug, &record).await?),
            crate::moderation::Relisting::Allowed => None,
        };
        let mut tx = self.store.begin().await?;
        if !tx.set_listing_status(slug, "archived").await? {
            return Err(ActionError::NotFound(Problem::NoSuchListing));
        }
        tx.add_revision(app::people::Entity::Listing, slug, &record, &moderator.email, "archived").await?;
        tx.audit(&moderator.email, "archived", &format!("listing {slug}"), &reason).await?;
        if let Some(marks) = &opt_out {
            let opt_out = tx.add_opt_out(&reason, &moderator.email, marks).await?;
            tx.audit(&moderator.email, "recorded on the opt-out register", &format!("opt-out {opt_out} (listing {slug})"), &reason).await?;
        }
        tx.commit().await?;
        self.refresh_after_write(app::people::Entity::Listing, slug).await;
        Ok(())
    }
}
