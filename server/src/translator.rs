//! The translator's side of issue 31: a translator (or a moderator, an
//! admin) proposes a translation of any published listing or resource.
//! The proposal is the stored record with that one language's text
//! changed, sent to the moderators like an organiser's edit — nothing else
//! of the record can be changed this way, and nothing is public before a
//! moderator approves it.

use crate::atlas::Atlas;
use crate::moderation::{field_errors, record_value, ActionError};
use crate::store::NewSubmission;
use app::listing_input::ListingInput;
use app::model::ListingStatus;
use app::people::{Entity, SubmissionAction, User};
use app::problem::Problem;
use app::resource::ResourceInput;
use app::translation::{fields_of, ToTranslate, Translations};
use serde_json::Value;
use std::collections::BTreeMap;

impl Atlas {
    /// The published record `viewer` may translate, as the translate page
    /// shows it; None for anything not public (during a lockdown, nothing).
    pub async fn to_translate(&self, viewer: &User, entity: Entity, slug: &str) -> Result<Option<ToTranslate>, ActionError> {
        if !viewer.role.translates() {
            return Err(ActionError::Forbidden(Problem::TranslatorsOnly));
        }
        let Some(record) = self.published_record(entity, slug).await? else { return Ok(None) };
        let original = fields_of(entity).iter().map(|f| (*f, record[f.name].as_str().unwrap_or_default().to_string())).collect();
        Ok(Some(ToTranslate {
            entity,
            slug: slug.to_string(),
            language: record["language"].as_str().unwrap_or("en").to_string(),
            original,
            translations: serde_json::from_value(record["translations"].clone()).unwrap_or_default(),
        }))
    }

    /// A translator's text of `lang` for a published record: checked as an
    /// organiser's translations are (no link, contact or address the
    /// original lacks), then a pending edit of the stored record with only
    /// that language changed (all its fields emptied: that language taken
    /// out once approved).
    pub async fn propose_translation(
        &self,
        user: &User,
        entity: Entity,
        slug: &str,
        lang: &str,
        texts: BTreeMap<String, String>,
    ) -> Result<i64, ActionError> {
        if !user.role.translates() {
            return Err(ActionError::Forbidden(Problem::TranslatorsOnly));
        }
        let not_found = || ActionError::NotFound(Problem::NoSuchListing);
        let mut data = self.published_record(entity, slug).await?.ok_or_else(not_found)?;
        let lang = lang.trim().to_lowercase();
        let mut translations: Translations = serde_json::from_value(data["translations"].clone()).unwrap_or_default();
        // Only the record's own translatable fields are taken from the form.
        let texts: BTreeMap<String, String> =
            fields_of(entity).iter().map(|f| (f.name.to_string(), texts.get(f.name).cloned().unwrap_or_default())).collect();
        translations.0.insert(lang.clone(), texts);
        data["translations"] = serde_json::to_value(&translations).unwrap_or_default();
        // The whole record is checked again, so a translation is checked
        // against the original exactly as an organiser's is.
        let (data, region) = match entity {
            Entity::Listing => {
                let input: ListingInput = serde_json::from_value(data)
                    .map_err(|_| ActionError::Invalid(vec![("translations".into(), Problem::RecordUnreadable)]))?;
                let listing = self.check_listing(input.clone(), ListingStatus::Published, Vec::new())?;
                (record_value(&input), listing.region.clone())
            }
            Entity::Resource => {
                let mut input: ResourceInput = serde_json::from_value(data)
                    .map_err(|_| ActionError::Invalid(vec![("translations".into(), Problem::RecordUnreadable)]))?;
                input.slug = slug.to_string();
                input.clone().validate(ListingStatus::Published).map_err(field_errors)?;
                (record_value(&input), None)
            }
            Entity::Event | Entity::Calendar => return Err(not_found()),
        };
        let mut tx = self.store.begin().await?;
        let id =
            tx.add_submission(&NewSubmission::from_person(user, entity, SubmissionAction::Edit, slug, &data, region.as_deref())).await?;
        tx.audit(&user.email, "proposed translation", &format!("{} {slug}", entity.as_str()), &lang).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The stored record of a published listing or resource, as the
    /// importer's fields; None when the public cannot see it.
    async fn published_record(&self, entity: Entity, slug: &str) -> Result<Option<Value>, ActionError> {
        if self.read.in_lockdown() {
            return Ok(None);
        }
        Ok(match entity {
            Entity::Listing if self.read.public_directory().get(slug).is_some() => self.store.listing_record(slug).await?.map(|(r, ..)| r),
            Entity::Resource if app::ports::Library::resource(&*self.read, slug).is_some() => self.store.resource_record(slug).await?,
            _ => None,
        })
    }
}
