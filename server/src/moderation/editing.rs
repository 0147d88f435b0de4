//! Changes to a published listing: an organiser's proposed edit (to the
//! moderators) and a moderator's correction (at once, with a reason).

use super::{keep_translations, record_value, ActionError};
use crate::atlas::Atlas;
use crate::store::NewSubmission;
use app::listing_input::ListingInput;
use app::model::ListingStatus;
use app::people::{Entity, Role, SubmissionAction, User};
use app::problem::Problem;

impl Atlas {
    /// An organiser proposes changes to a listing they look after. The
    /// published version stays until a moderator approves.
    pub async fn propose_edit(&self, user: &User, slug: &str, input: ListingInput) -> Result<i64, ActionError> {
        self.propose_listing_edit(user, slug, input, false).await
    }

    /// The same, from a form that shows the translations
    /// (`with_translations`): what it sends replaces the stored ones, so a
    /// language whose fields were emptied is taken out.
    pub async fn propose_listing_edit(
        &self,
        user: &User,
        slug: &str,
        mut input: ListingInput,
        with_translations: bool,
    ) -> Result<i64, ActionError> {
        if !self.store.owns(user.id, slug).await? && user.role != Role::Admin {
            return Err(ActionError::Forbidden(Problem::NotYourListing));
        }
        input.slug = slug.to_string();
        if let Some((stored, ..)) = self.store.listing_record(slug).await? {
            let mut data = record_value(&input);
            keep_translations(&mut data, &stored);
            if with_translations {
                data["translations"] = serde_json::to_value(&input.translations).unwrap_or_default();
            }
            input =
                serde_json::from_value(data).map_err(|_| ActionError::Invalid(vec![("translations".into(), Problem::RecordUnreadable)]))?;
        }
        let mut problems = Vec::new();
        self.locate(&mut input, &mut problems);
        let listing = self.check_listing(input.clone(), ListingStatus::Published, problems)?;
        let mut tx = self.store.begin().await?;
        let id = tx
            .add_submission(&NewSubmission::from_person(
                user,
                Entity::Listing,
                SubmissionAction::Edit,
                slug,
                &record_value(&input),
                listing.region.as_deref(),
            ))
            .await?;
        tx.audit(&user.email, "proposed edit", &format!("listing {slug}"), "").await?;
        tx.commit().await?;
        Ok(id)
    }

    /// A moderator corrects a published (or archived) listing directly —
    /// "the location is wrong" — with a reason: a revision, an audit line
    /// and the listing, in one transaction. A report it answers is closed
    /// with it.
    pub async fn correct_listing(
        &self,
        moderator: &User,
        slug: &str,
        mut input: ListingInput,
        reason: &str,
        report: Option<i64>,
    ) -> Result<(), ActionError> {
        let reason = app::listing_input::clean_line(reason);
        if reason.is_empty() {
            return Err(ActionError::field("correction_reason", Problem::ReasonForAudit));
        }
        let Some((record, _, _)) = self.store.listing_record(slug).await? else {
            return Err(ActionError::NotFound(Problem::NoSuchListing));
        };
        input.slug = slug.to_string();
        // A new town with the old point: the point was the old town's, so
        // the new town places it (else it would stay where it was).
        let same_point = input.latitude == record["latitude"].as_f64() && input.longitude == record["longitude"].as_f64();
        if same_point && !input.town.trim().eq_ignore_ascii_case(record["town"].as_str().unwrap_or_default()) {
            (input.latitude, input.longitude) = (None, None);
        }
        // The public form has no place for these: they stay as they are.
        input.last_confirmed = record["last_confirmed"].as_str().map(str::to_string);
        input.schedule = serde_json::from_value(record["schedule"].clone()).unwrap_or_default();
        // Nor for its language and translations (text only: a move leaves them right).
        if input.language.is_none() {
            input.language = record["language"].as_str().map(str::to_string);
        }
        if input.translations.is_empty() {
            input.translations = serde_json::from_value(record["translations"].clone()).unwrap_or_default();
        }
        let written = self.listing_a_moderator_writes(moderator, input, false).await?;
        let mut tx = self.store.begin().await?;
        tx.upsert_listings(std::slice::from_ref(&written), &moderator.email, &format!("corrected by a moderator: {reason}")).await?;
        tx.audit(&moderator.email, "corrected", &format!("listing {slug}"), &reason).await?;
        if let Some(id) = report {
            // Only a report about this listing, still open.
            if tx.close_report(id).await?.as_deref() != Some(slug) {
                return Err(ActionError::NotFound(Problem::NoSuchReport));
            }
            tx.audit(&moderator.email, "closed report", &format!("listing {slug}"), &reason).await?;
        }
        tx.commit().await?;
        self.refresh_after_write(Entity::Listing, slug).await;
        Ok(())
    }
}
