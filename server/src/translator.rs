//! The translator's side of issue 31: a translator (or a moderator, an
//! admin) proposes a translation of any published listing, event or
//! resource. The proposal is the stored record with that one language's
//! text changed, sent to the moderators like an organiser's edit — nothing
//! else of the record can be changed this way, and nothing is public
//! before a moderator approves it. An event's is approved by writing its
//! translations only: the form's fields do not hold a venue's true point,
//! so the organiser's path would lose it.

use crate::atlas::Atlas;
use crate::moderation::{field_errors, record_value, ActionError};
use crate::store::NewSubmission;
use app::listing_input::ListingInput;
use app::model::ListingStatus;
use app::people::{Entity, SubmissionAction, User};
use app::problem::Problem;
use app::resource::ResourceInput;
use app::translation::{fields_of, translation_errors, ToTranslate, Translations, EVENT_FIELDS};
use serde_json::Value;
use std::collections::BTreeMap;

pub use app::translation::TRANSLATING;

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
            waiting: self.store.translations_waiting(entity, slug).await?,
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
            Entity::Event => {
                let data = self.event_translation_proposal(slug, &lang, &translations).await?;
                let region = self.store.listing_record(data["listing"].as_str().unwrap_or_default()).await?;
                (data, region.and_then(|(record, _, _)| crate::regions::region_of_record(&record)))
            }
            Entity::Calendar => return Err(not_found()),
        };
        // Named, so the queue and the translator's account say which language it is.
        let mut data = data;
        data[TRANSLATING] = Value::String(lang.clone());
        let mut tx = self.store.begin().await?;
        let id =
            tx.add_submission(&NewSubmission::from_person(user, entity, SubmissionAction::Edit, slug, &data, region.as_deref())).await?;
        tx.audit(&user.email, "proposed translation", &format!("{} {slug}", entity.as_str()), &lang).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The stored record of a published listing, event or resource, as the
    /// importer's fields (an event's: its text, language and translations);
    /// None when the public cannot see it.
    async fn published_record(&self, entity: Entity, slug: &str) -> Result<Option<Value>, ActionError> {
        if self.read.in_lockdown() {
            return Ok(None);
        }
        Ok(match entity {
            Entity::Listing if self.read.public_directory().get(slug).is_some() => self.store.listing_record(slug).await?.map(|(r, ..)| r),
            Entity::Resource if app::ports::Library::resource(&*self.read, slug).is_some() => self.store.resource_record(slug).await?,
            Entity::Event if self.public_event(slug).await?.is_some() => match self.store.event_by_slug(slug).await? {
                Some(e) => {
                    let description = self.store.event_description(slug).await?.unwrap_or_default();
                    Some(serde_json::json!({
                        "title": e.title, "summary": e.summary, "description": description, "access_notes": e.access_notes,
                        "language": e.language, "translations": plain(&e.translations),
                    }))
                }
                None => None,
            },
            _ => None,
        })
    }

    /// An event translator's submission: the series' form fields as stored
    /// (so the moderator's comparison shows only the language changed),
    /// every translation after the change, and which language it is.
    async fn event_translation_proposal(&self, slug: &str, lang: &str, translations: &Translations) -> Result<Value, ActionError> {
        let e = self.store.event_by_slug(slug).await?.ok_or(ActionError::NotFound(Problem::NoSuchListing))?;
        let description = self.store.event_description(slug).await?.unwrap_or_default();
        let checked = checked_event_translations(&e, &description, translations)?;
        let mut data = event_revision(&e, &description, &checked);
        data[TRANSLATING] = Value::String(lang.to_string());
        Ok(data)
    }

    /// What approving an event translator's submission writes: the series'
    /// translations with the proposed language (as the moderator left it)
    /// replaced, checked against the original as it is now, and the
    /// revision. The moderator must cover the series' listing.
    pub(crate) async fn event_translation_to_approve(
        &self,
        moderator: &User,
        slug: &str,
        data: &Value,
    ) -> Result<(Translations, Value), ActionError> {
        let gone = || ActionError::NotFound(Problem::NoSuchListing);
        let e = self.store.event_by_slug(slug).await?.filter(|e| e.status == ListingStatus::Published).ok_or_else(gone)?;
        let region = self.store.listing_record(&e.listing).await?.and_then(|(r, _, _)| crate::regions::region_of_record(&r));
        if !moderator.covers(region.as_deref()) {
            return Err(ActionError::Forbidden(Problem::OutsideYourRegions));
        }
        let lang = data[TRANSLATING].as_str().unwrap_or_default();
        let texts = EVENT_FIELDS
            .iter()
            .map(|f| (f.name.to_string(), data[app::translation::form_name(lang, f.name)].as_str().unwrap_or_default().to_string()))
            .collect();
        let mut translations = plain(&e.translations);
        translations.0.insert(lang.to_string(), texts);
        let description = self.store.event_description(slug).await?.unwrap_or_default();
        let checked = checked_event_translations(&e, &description, &translations)?;
        let revision = event_revision(&e, &description, &checked);
        Ok((checked, revision))
    }
}

impl Atlas {
    /// A moderator's corrections to a submission's translations put into
    /// its record: each language given replaces that language. An event's
    /// are form fields (`tr.ar.title`); where its organiser's form did not
    /// show them, the stored ones are what the corrections change.
    pub(crate) async fn correct_translations(
        &self,
        data: &mut Value,
        entity: Entity,
        slug: &str,
        corrected: Translations,
    ) -> Result<(), ActionError> {
        match entity {
            Entity::Listing | Entity::Resource => {
                let mut translations: Translations = serde_json::from_value(data["translations"].clone()).unwrap_or_default();
                translations.0.extend(corrected.0);
                data["translations"] = serde_json::to_value(&translations).unwrap_or_default();
            }
            Entity::Event => {
                let shown = app::pages::translating::SHOWN;
                if data.get(shown).is_none() && data.get(TRANSLATING).is_none() {
                    if let Some(e) = self.store.event_by_slug(slug).await? {
                        for (k, v) in app::translation::form_values(&plain(&e.translations), &EVENT_FIELDS) {
                            data[k] = Value::String(v);
                        }
                    }
                    data[shown] = Value::String("yes".into());
                }
                for (lang, texts) in corrected.0 {
                    for (field, text) in texts {
                        data[app::translation::form_name(&lang, &field)] = Value::String(text);
                    }
                }
            }
            Entity::Calendar => {}
        }
        Ok(())
    }
}

/// Translations as written: without the HTML made from them when read.
fn plain(t: &Translations) -> Translations {
    let mut t = t.clone();
    for texts in t.0.values_mut() {
        texts.retain(|k, _| !k.ends_with("_html"));
    }
    t
}

/// An event's translations checked as its organiser's are: against its
/// text and links (what a translation may repeat but never add).
fn checked_event_translations(
    e: &crate::events::StoredEvent,
    description: &str,
    given: &Translations,
) -> Result<Translations, ActionError> {
    let original = [e.title.as_str(), e.summary.as_str(), description, e.access_notes.as_str()]
        .into_iter()
        .map(str::to_string)
        .chain([&e.join_url, &e.online_url].into_iter().flatten().cloned())
        .collect::<Vec<_>>()
        .join("\n");
    let (checked, errors) = translation_errors(&EVENT_FIELDS, &e.language, &original, given);
    if errors.is_empty() {
        Ok(checked)
    } else {
        Err(field_errors(errors))
    }
}

/// A series as its form's fields with these translations: a submission's
/// record and a revision.
fn event_revision(e: &crate::events::StoredEvent, description: &str, translations: &Translations) -> Value {
    let mut fields = crate::events::form::fields_of(e);
    fields.retain(|k, _| !k.starts_with("tr."));
    fields.extend(app::translation::form_values(translations, &EVENT_FIELDS));
    fields.insert("description".into(), description.to_string());
    let mut data = crate::events::organise::fields_value(&fields);
    data["listing"] = Value::String(e.listing.clone());
    data["uid"] = Value::String(e.uid.clone());
    data
}
