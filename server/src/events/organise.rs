//! Organisers' events: a new or changed series waits for a moderator
//! (the published one stays until then); cancelling one date of an
//! approved series only removes information, so it is public at once.
//! Each use case is one transaction with its audit line.

use super::form::{check_listed_dates, fields_of, input_from_fields, Fields};
use super::input::ValidEvent;
use crate::atlas::Atlas;
use crate::moderation::ActionError;
use crate::store::NewSubmission;
use app::event::OccurrenceStatus;
use app::listing_input::FieldError;
use app::location::LatLon;
use app::model::ListingStatus;
use app::people::{Entity, Role, SubmissionAction, SubmissionStatus, User};
use app::problem::Problem;
use serde_json::Value;

fn field_errors(errors: Vec<FieldError>) -> ActionError {
    ActionError::Invalid(errors.into_iter().map(|e| (e.field.to_string(), e.problem)).collect())
}

pub fn fields_value(f: &Fields) -> Value {
    serde_json::to_value(f).expect("strings serialise")
}

pub fn fields_from_value(v: &Value) -> Fields {
    v.as_object().map(|m| m.iter().filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string()))).collect()).unwrap_or_default()
}

impl Atlas {
    pub(crate) async fn may_organise(&self, user: &User, listing: &str) -> Result<(), ActionError> {
        if user.role == Role::Admin || self.store.owns(user.id, listing).await? {
            Ok(())
        } else {
            Err(ActionError::Forbidden(Problem::NotYourListing))
        }
    }

    /// Checks the fields as a series of `listing`, with its venue's public point.
    pub(crate) async fn check_event(
        &self,
        fields: &Fields,
        slug: &str,
        uid: Option<String>,
        listing: &str,
    ) -> Result<(ValidEvent, Option<LatLon>), ActionError> {
        if self.read.public_directory().get(listing).is_some_and(|l| !self.read.kind_allows(&l.kind).events) {
            return Err(ActionError::NotFound(Problem::NotForThisKind));
        }
        let categories: Vec<String> = self.store.event_categories().await?.into_iter().map(|(s, _)| s).collect();
        let mut input = input_from_fields(fields, slug, uid, listing);
        // A form that does not show translations: an edit keeps the stored ones.
        if let Some(stored) = self.store.event_by_slug(slug).await? {
            input.language.get_or_insert_with(|| stored.language.clone());
            if !fields.contains_key(app::pages::translating::SHOWN) {
                input.translations = stored.translations.clone();
                for texts in input.translations.0.values_mut() {
                    texts.remove("description_html");
                }
            }
        }
        if let Some(v) = input.venue.as_mut() {
            if v.town.is_none() {
                v.town = self.store.listing_town(listing).await?;
            }
            // Without the map (no JavaScript), a venue is found by its town
            // or postcode and shown as that town, never more precisely.
            if v.lat.is_none() || v.lon.is_none() {
                if let Some(place) = v.town.as_deref().and_then(|t| self.read.gazetteer.resolve(t)) {
                    let p = place.point();
                    (v.lat, v.lon) = (Some(p.lat), Some(p.lon));
                    v.precision = Some("area".into());
                    if !place.name.is_empty() {
                        v.town = Some(place.name.clone());
                    }
                }
            }
        }
        let valid = input.validate(&categories).map_err(field_errors)?;
        if let Some(far) = valid.venue.as_ref().and_then(|v| self.far_from_town(&v.town, v.point)) {
            return Err(ActionError::Invalid(vec![("venue".into(), far)]));
        }
        let public = self.venue_public_point(&valid);
        Ok((valid, public))
    }

    /// An organiser proposes a new series for their listing, or a change
    /// to one (`editing`): it waits for a moderator.
    pub async fn propose_event(&self, user: &User, listing: &str, mut fields: Fields, editing: Option<&str>) -> Result<i64, ActionError> {
        self.may_organise(user, listing).await?;
        check_listed_dates(&mut fields, super::query::today_in_london()).map_err(|(f, p)| ActionError::field(&f, p))?;
        let (slug, uid, action) = match editing {
            Some(slug) => {
                let e = self.store.event_by_slug(slug).await?.ok_or(ActionError::NotFound(Problem::NoSuchListing))?;
                if e.listing != listing {
                    return Err(ActionError::Forbidden(Problem::NotYourListing));
                }
                (e.slug, Some(e.uid), SubmissionAction::Edit)
            }
            None => {
                let town = self.store.listing_town(listing).await?.unwrap_or_default();
                let title = fields.get("title").cloned().unwrap_or_default();
                (self.free_slug(Entity::Event, &title, &town).await?, None, SubmissionAction::Create)
            }
        };
        let (valid, _) = self.check_event(&fields, &slug, uid, listing).await?;
        let region = self.store.listing_record(listing).await?.and_then(|(record, _, _)| crate::regions::region_of_record(&record));
        let mut data = fields_value(&fields);
        data["listing"] = Value::String(listing.to_string());
        data["uid"] = Value::String(valid.uid.clone());
        let mut tx = self.store.begin().await?;
        let id = tx.add_submission(&NewSubmission::from_person(user, Entity::Event, action, &slug, &data, region.as_deref())).await?;
        tx.audit(&user.email, "proposed event", &format!("event {slug} of listing {listing}"), "").await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Anyone suggests an event for a published listing: stored as
    /// unconfirmed, and the link in the mail puts it into the queue (as a
    /// group's registration does).
    pub async fn suggest_event(&self, listing: &str, mut fields: Fields, contact_email: &str, lang: &str) -> Result<i64, ActionError> {
        let Some(public) = self.read.public_directory().get(listing).cloned() else {
            return Err(ActionError::NotFound(Problem::NoSuchListing));
        };
        if !crate::mail::valid_address(contact_email) {
            return Err(ActionError::field("contact_email", Problem::ContactEmail));
        }
        check_listed_dates(&mut fields, super::query::today_in_london()).map_err(|(f, p)| ActionError::field(&f, p))?;
        let title = fields.get("title").cloned().unwrap_or_default();
        let slug = self.free_slug(Entity::Event, &title, &public.town).await?;
        let (valid, _) = self.check_event(&fields, &slug, None, listing).await?;
        self.check_sender(contact_email).await?;
        self.allow_mail_to(contact_email).await?;
        let mut data = fields_value(&fields);
        data["listing"] = Value::String(listing.to_string());
        data["uid"] = Value::String(valid.uid.clone());
        self.submit_for_confirmation(&NewSubmission {
            entity: Entity::Event,
            action: SubmissionAction::Create,
            slug: &slug,
            data: &data,
            contact_email,
            user_id: None,
            region: public.region.as_deref(),
            status: SubmissionStatus::Unconfirmed,
            lang,
            held: None,
        })
        .await
    }

    /// An event's fields for its organiser's edit form, with its listing.
    pub async fn event_for_edit(&self, user: &User, slug: &str) -> Result<Option<(String, Fields)>, ActionError> {
        let Some(e) = self.store.event_by_slug(slug).await? else { return Ok(None) };
        self.may_organise(user, &e.listing).await?;
        Ok(Some((e.listing.clone(), fields_of(&e))))
    }

    /// Marks one date of an approved series cancelled, postponed or moved
    /// online, at once: each only takes information away (moved online
    /// only when the series has its online link already).
    pub async fn change_occurrence(
        &self,
        user: &User,
        slug: &str,
        recurrence_id: &str,
        status: OccurrenceStatus,
    ) -> Result<(), ActionError> {
        let e = self.store.event_by_slug(slug).await?.ok_or(ActionError::NotFound(Problem::NoSuchListing))?;
        self.may_organise(user, &e.listing).await?;
        if e.status != ListingStatus::Published {
            return Err(ActionError::Conflict(Problem::NotWaiting));
        }
        match status {
            OccurrenceStatus::Scheduled => {
                return Err(ActionError::field(
                    "date_status",
                    Problem::UnknownChoice { given: status.as_str().into(), known: "cancelled, postponed, moved_online".into() },
                ))
            }
            OccurrenceStatus::MovedOnline if e.online_url.is_none() => {
                return Err(ActionError::field("date_status", Problem::OnlineNeedsLink))
            }
            _ => {}
        }
        let Some(original) = super::recurrence::parse_local(recurrence_id, e.all_day) else {
            return Err(ActionError::field("date", Problem::NotLocalTime { given: recurrence_id.chars().take(40).collect() }));
        };
        let mut series = e.series().ok_or(ActionError::NotFound(Problem::NoSuchListing))?;
        let (from, to) = super::window();
        if !series.expand(from, to).iter().any(|o| o.recurrence_id == original) {
            return Err(ActionError::field("date", Problem::NotLocalTime { given: recurrence_id.chars().take(40).collect() }));
        }
        let changed = series.overrides.iter().find(|o| o.recurrence_id == original).is_none_or(|o| o.status != status);
        match series.overrides.iter_mut().find(|o| o.recurrence_id == original) {
            Some(o) => o.status = status,
            None => {
                series.overrides.push(super::recurrence::Override { recurrence_id: original, status, start: None, end: None, title: None })
            }
        }
        let mut tx = self.store.begin().await?;
        tx.replace_event_dates(e.id, e.all_day, &series.overrides, &series.expand(from, to)).await?;
        if changed {
            let date = super::recurrence::format_local(original, e.all_day);
            tx.add_group_change(&e.listing, &app::alerts::GroupChange::Date { event: e.slug.clone(), date, status }).await?;
        }
        tx.audit(&user.email, &format!("marked a date {}", status.as_str()), &format!("event {slug}"), recurrence_id).await?;
        tx.commit().await?;
        self.refresh_after_write(Entity::Event, slug).await;
        Ok(())
    }
}
