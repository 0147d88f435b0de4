//! What the account and moderation pages read. Each method checks the
//! viewer's role itself, so a page that forgot to cannot leak.

use crate::atlas::Atlas;
use app::listing_input::ListingField;
use app::location::LatLon;
use app::model::ListingStatus;
use app::people::{
    AccountOverview, AuditEntry, Entity, ListingHistory, OutboxMail, Report, Revision, Role, SubmissionDetail, SubmissionSummary, User,
};
use app::ports::{Backoffice, StoreError};
use serde_json::Value;

/// What a moderator reads of a calendar to follow (then each series in it).
const CALENDAR_FIELDS: [&str; 3] = ["url", "listing", "public_venues"];

fn store_err(e: sqlx::Error) -> StoreError {
    StoreError(e.to_string())
}

/// The regions a moderator is limited to, lower-case for the store
/// (`User::covers` compares without case); None for everywhere.
fn region_scope(viewer: &User) -> Option<Vec<String>> {
    (viewer.role == Role::Moderator && !viewer.regions.is_empty()).then(|| viewer.regions.iter().map(|r| r.to_ascii_lowercase()).collect())
}

/// A field's value as a moderator reads it.
pub fn show(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) if items.iter().all(Value::is_string) => items.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// A stored record as a moderator compares it: each translated field on
/// its own (`translations.ar.name`), the slug (the page's own) left out.
fn flat(record: Value) -> Value {
    let Value::Object(mut fields) = record else { return record };
    fields.remove("slug");
    if let Some(Value::Object(translations)) = fields.remove("translations") {
        for (lang, text) in translations {
            for (field, value) in text.as_object().into_iter().flatten() {
                fields.insert(format!("translations.{lang}.{field}"), value.clone());
            }
        }
    }
    Value::Object(fields)
}

/// Each revision (newest first) with the fields it changed from the one
/// before it, in the listing form's order, then any others by name.
fn with_changes(mut revisions: Vec<Revision>) -> Vec<Revision> {
    let records: Vec<Value> = revisions.iter().map(|r| flat(serde_json::from_str(&r.data).unwrap_or(Value::Null))).collect();
    for (i, r) in revisions.iter_mut().enumerate() {
        let (after, before) = (&records[i], records.get(i + 1).unwrap_or(&Value::Null));
        let mut keys: Vec<String> = ListingField::all().map(|f| f.name().to_string()).collect();
        let mut others: Vec<String> = [after, before]
            .iter()
            .filter_map(|v| v.as_object())
            .flat_map(|o| o.keys().cloned())
            .filter(|k| !ListingField::all().any(|f| f.name() == k))
            .collect();
        others.sort();
        others.dedup();
        keys.extend(others);
        r.changes = keys
            .into_iter()
            .map(|k| (show(&before[&k]), show(&after[&k]), k))
            .filter(|(b, a, _)| b != a)
            .map(|(b, a, k)| (k, b, a))
            .collect();
    }
    revisions
}

impl Atlas {
    /// One line per series read from a listing's calendar (at most 200):
    /// title, first start, repeat rule and place, as a moderator checks them.
    async fn calendar_series_lines(&self, listing: &str) -> Result<Vec<String>, sqlx::Error> {
        let Some(feed) = self.store.feed_of(listing).await? else { return Ok(Vec::new()) };
        let ids: Vec<i64> = self.store.feed_series(feed.id, 200).await?.into_iter().map(|(_, id)| id).collect();
        Ok(self
            .store
            .events_by_id(&ids)
            .await?
            .iter()
            .map(|e| {
                let place = match e.place {
                    app::event::EventPlace::Venue => [e.venue_name.clone(), e.venue_address.clone(), e.venue_town.clone()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(", "),
                    other => other.as_str().to_string(),
                };
                let dates = (!e.rdates.is_empty()).then(|| e.rdates.join(", "));
                [Some(e.title.clone()), Some(e.starts_local.clone()), e.rrule.clone(), dates, Some(place)]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" · ")
            })
            .collect())
    }
}

#[async_trait::async_trait]
impl Backoffice for Atlas {
    async fn account(&self, viewer: &User) -> Result<AccountOverview, StoreError> {
        let mut listings = self.store.owned_listings(viewer.id).await.map_err(store_err)?;
        for l in &mut listings {
            l.events = self.store.event_titles_of(&l.slug).await.map_err(store_err)?;
        }
        Ok(AccountOverview { listings, submissions: self.store.submissions_of(viewer.id).await.map_err(store_err)? })
    }

    async fn event_for_edit(&self, viewer: &User, slug: &str) -> Result<Option<(String, Vec<(String, String)>)>, StoreError> {
        match Atlas::event_for_edit(self, viewer, slug).await {
            Ok(Some((listing, fields))) => Ok(Some((listing, fields.into_iter().collect()))),
            Ok(None) | Err(crate::moderation::ActionError::Forbidden(_)) => Ok(None),
            Err(e) => Err(StoreError(format!("{e:?}"))),
        }
    }

    async fn calendar_of(&self, viewer: &User, listing: &str) -> Result<Option<(String, Option<app::event::CalendarFeed>)>, StoreError> {
        if !self.store.owns(viewer.id, listing).await.map_err(store_err)? && viewer.role != Role::Admin {
            return Ok(None);
        }
        let Some((record, _, _)) = self.store.listing_record(listing).await.map_err(store_err)? else { return Ok(None) };
        let feed = match self.store.feed_of(listing).await.map_err(store_err)? {
            None => None,
            Some(f) => Some(app::event::CalendarFeed {
                events: self.store.count_feed_series(f.id).await.map_err(store_err)? as usize,
                url: f.url,
                state: f.state,
                public_venues: f.public_venues,
                checked_at: f.checked_at,
                read_at: f.read_at,
                problem: f.problem,
                skipped: f.skipped,
            }),
        };
        Ok(Some((show(&record["name"]), feed)))
    }

    async fn to_translate(
        &self,
        viewer: &User,
        entity: app::people::Entity,
        slug: &str,
    ) -> Result<Option<app::translation::ToTranslate>, StoreError> {
        match Atlas::to_translate(self, viewer, entity, slug).await {
            Ok(found) => Ok(found),
            Err(crate::moderation::ActionError::Store(e)) => Err(store_err(e)),
            Err(_) => Ok(None),
        }
    }

    async fn listing_for_edit(&self, viewer: &User, slug: &str) -> Result<Option<Vec<(String, String)>>, StoreError> {
        if !self.store.owns(viewer.id, slug).await.map_err(store_err)? && viewer.role != Role::Admin {
            return Ok(None);
        }
        let Some((record, _, _)) = self.store.listing_record(slug).await.map_err(store_err)? else { return Ok(None) };
        let mut fields: Vec<(String, String)> = ListingField::all().map(|f| (f.name().to_string(), show(&record[f.name()]))).collect();
        // The original's language and every translation, for the form's translations part.
        fields.push(("language".into(), record["language"].as_str().unwrap_or("en").to_string()));
        let translations: app::translation::Translations = serde_json::from_value(record["translations"].clone()).unwrap_or_default();
        fields.extend(app::translation::form_values(&translations, &app::translation::LISTING_FIELDS));
        Ok(Some(fields))
    }

    async fn queue(
        &self,
        viewer: &User,
        entity: Option<app::people::Entity>,
        offset: usize,
        limit: usize,
    ) -> Result<(Vec<SubmissionSummary>, usize), StoreError> {
        if !viewer.role.moderates() {
            return Ok((Vec::new(), 0));
        }
        let regions = region_scope(viewer);
        let (page, total) = self.store.pending_submissions(entity, regions.as_deref(), offset, limit).await.map_err(store_err)?;
        Ok((page, total as usize))
    }

    async fn unconfirmed(&self, viewer: &User, offset: usize, limit: usize) -> Result<(Vec<SubmissionSummary>, usize), StoreError> {
        if !viewer.role.moderates() {
            return Ok((Vec::new(), 0));
        }
        let regions = region_scope(viewer);
        let (page, total) = self.store.unconfirmed_submissions(regions.as_deref(), offset, limit).await.map_err(store_err)?;
        Ok((page, total as usize))
    }

    fn sends_mail(&self) -> bool {
        self.mailer.uses_smtp()
    }

    async fn submission(&self, viewer: &User, id: i64) -> Result<Option<SubmissionDetail>, StoreError> {
        if !viewer.role.moderates() {
            return Ok(None);
        }
        let Some(s) = self.store.submission(id).await.map_err(store_err)? else { return Ok(None) };
        if !viewer.covers(s.summary.region.as_deref()) {
            return Ok(None);
        }
        use app::people::Entity;
        let entity = s.summary.entity;
        let (current, listing_archived) = match (entity, s.summary.action) {
            (_, app::people::SubmissionAction::Create) => (Value::Null, false),
            (Entity::Resource, _) => (self.store.resource_record(&s.summary.slug).await.map_err(store_err)?.unwrap_or(Value::Null), false),
            (Entity::Event, _) => match self.store.event_by_slug(&s.summary.slug).await.map_err(store_err)? {
                Some(e) => {
                    let mut fields = crate::events::form::fields_of(&e);
                    // The description as written (the form's fields hold only its HTML).
                    fields
                        .insert("description".into(), self.store.event_description(&e.slug).await.map_err(store_err)?.unwrap_or_default());
                    (crate::events::organise::fields_value(&fields), false)
                }
                None => (Value::Null, false),
            },
            (Entity::Calendar, _) => (Value::Null, false),
            (Entity::Listing, _) => match self.store.listing_record(&s.summary.slug).await.map_err(store_err)? {
                Some((record, status, _)) => (record, status == ListingStatus::Archived.as_str()),
                None => (Value::Null, false),
            },
        };
        let fields: Vec<&str> = match entity {
            Entity::Resource => app::resource::ResourceField::all().map(app::resource::ResourceField::name).collect(),
            Entity::Listing => ListingField::all().map(ListingField::name).collect(),
            Entity::Event => crate::events::form::FIELDS.to_vec(),
            Entity::Calendar => CALENDAR_FIELDS.to_vec(),
        };
        let mut changes: Vec<(String, String, String)> = fields
            .iter()
            .map(|f| (f.to_string(), show(&current[*f]), show(&s.data[*f])))
            .filter(|(_, a, b)| !(a.is_empty() && b.is_empty()))
            .collect();
        // Each translated field on its own, after the fields it translates.
        let mut proposed_record = s.data.clone();
        let shown = [app::pages::translating::SHOWN, crate::translator::TRANSLATING];
        if entity == Entity::Event && shown.iter().all(|k| s.data.get(k).is_none()) {
            // An organiser's form without its translations part keeps them as they are.
            if let (Some(p), Some(c)) = (proposed_record.as_object_mut(), current.as_object()) {
                p.retain(|k, _| !k.starts_with("tr."));
                p.extend(c.iter().filter(|(k, _)| k.starts_with("tr.")).map(|(k, v)| (k.clone(), v.clone())));
            }
        }
        let (now, proposed) = (flat(current.clone()), flat(proposed_record));
        let mut translated: Vec<String> = [&now, &proposed]
            .iter()
            .filter_map(|v| v.as_object())
            .flat_map(|o| o.keys().filter(|k| k.starts_with("translations.") || k.starts_with("tr.")).cloned())
            .collect();
        translated.sort();
        translated.dedup();
        // An event's form carries them as `tr.ar.title`: labelled as any translation.
        let label = |k: &str| k.strip_prefix("tr.").map(|rest| format!("translations.{rest}")).unwrap_or_else(|| k.to_string());
        changes.extend(
            translated.iter().map(|k| (label(k), show(&now[k]), show(&proposed[k]))).filter(|(_, a, b)| !(a.is_empty() && b.is_empty())),
        );
        if entity == Entity::Calendar {
            changes.extend(
                self.calendar_series_lines(&s.summary.slug)
                    .await
                    .map_err(store_err)?
                    .into_iter()
                    .map(|l| ("event".into(), String::new(), l)),
            );
        }
        // A new group's regular meeting becomes its series in What's on.
        if let Some(m) = s.data.get("meeting") {
            let line = ["date", "start_time", "end_time", "repeat"].map(|f| show(&m[f]));
            let weekday =
                chrono::NaiveDate::parse_from_str(&line[0], "%Y-%m-%d").map(|d| format!("{}, ", d.format("%A"))).unwrap_or_default();
            let times = format!("{}–{}", line[1], line[2]);
            let text = match show(&m["dates"]) {
                // "On these dates": the days themselves, no weekday.
                d if line[3] == crate::events::form::ON_DATES => format!("{times}, {d}"),
                d if d.is_empty() => format!("{weekday}{times}, {} from {}", line[3], line[0]),
                d => format!("{weekday}{times}, {} from {}, and {d}", line[3], line[0]),
            };
            changes.push(("meeting".into(), String::new(), text));
        }
        let proposed = fields.iter().map(|f| (f.to_string(), show(&s.data[*f]))).collect();
        let point = match (s.data["latitude"].as_f64(), s.data["longitude"].as_f64()) {
            (Some(a), Some(b)) => Some(LatLon::new(a, b)),
            _ => None,
        };
        let name = s.data["name"].as_str().unwrap_or_default();
        let possible_duplicates =
            if entity == Entity::Listing { self.possible_duplicates(name, point, &s.summary.slug) } else { Vec::new() };
        // Only a source's records come without a sender.
        let provenance = match entity == Entity::Listing && s.contact_email.is_empty() {
            true => self.store.provenance(&s.summary.slug).await.map_err(store_err)?,
            false => None,
        };
        let language = s.data["language"].as_str().or_else(|| current["language"].as_str()).unwrap_or("en").to_string();
        Ok(Some(SubmissionDetail {
            language,
            provenance,
            summary: s.summary,
            contact_email: s.contact_email,
            changes,
            proposed,
            possible_duplicates,
            reason: s.reason,
            listing_archived,
        }))
    }

    async fn open_reports(&self, viewer: &User, offset: usize, limit: usize) -> Result<(Vec<Report>, usize), StoreError> {
        if !viewer.role.moderates() {
            return Ok((Vec::new(), 0));
        }
        let regions = region_scope(viewer);
        let (page, total) = self.store.open_reports(regions.as_deref(), offset, limit).await.map_err(store_err)?;
        Ok((page, total as usize))
    }

    async fn audit_log(&self, viewer: &User, offset: usize, limit: usize) -> Result<Vec<AuditEntry>, StoreError> {
        if !viewer.role.moderates() {
            return Ok(Vec::new());
        }
        // A moderator limited to regions reads only their own entries: the
        // log names submitters everywhere.
        let own = (viewer.role == Role::Moderator && !viewer.regions.is_empty()).then_some(viewer.email.as_str());
        let mut entries = self.store.audit_log(own, offset, limit).await.map_err(store_err)?;
        // "listing {slug}" named as moderators know it (a page of the log
        // names a few dozen listings at most; each is read once).
        let mut names: std::collections::HashMap<String, Option<String>> = std::collections::HashMap::new();
        for e in &mut entries {
            let Some(slug) = e.target.strip_prefix("listing ").filter(|s| !s.is_empty() && !s.contains(' ')) else { continue };
            if !names.contains_key(slug) {
                let name = self.store.listing_record(slug).await.map_err(store_err)?.map(|(record, _, _)| show(&record["name"]));
                names.insert(slug.to_string(), name);
            }
            e.listing = names[slug].clone().map(|name| (slug.to_string(), name));
        }
        Ok(entries)
    }

    async fn history(&self, viewer: &User, slug: &str) -> Result<Option<ListingHistory>, StoreError> {
        if !viewer.role.moderates() {
            return Ok(None);
        }
        let Some((record, status, _)) = self.store.listing_record(slug).await.map_err(store_err)? else { return Ok(None) };
        if !viewer.covers(record["region"].as_str()) {
            return Ok(None);
        }
        Ok(Some(ListingHistory {
            name: show(&record["name"]),
            status,
            revisions: with_changes(self.store.revisions(Entity::Listing, slug).await.map_err(store_err)?),
            fields: ListingField::all().map(|f| (f.name().to_string(), show(&record[f.name()]))).collect(),
        }))
    }

    async fn outbox(&self, viewer: &User, limit: usize) -> Result<Vec<OutboxMail>, StoreError> {
        if viewer.role != Role::Admin {
            return Ok(Vec::new());
        }
        // Never a live link: an admin must not be able to sign in as anyone.
        let mut mail = self.store.outbox(limit).await.map_err(store_err)?;
        for m in &mut mail {
            m.body = crate::mail::without_tokens(&m.body);
        }
        Ok(mail)
    }

    async fn do_not_list(&self, viewer: &User) -> Result<(Vec<app::people::OptOut>, Vec<app::people::BlockedSender>), StoreError> {
        if viewer.role != Role::Admin {
            return Ok((Vec::new(), Vec::new()));
        }
        Ok((self.store.opt_outs().await.map_err(store_err)?, self.store.blocked_senders().await.map_err(store_err)?))
    }

    async fn sources(&self, viewer: &User) -> Result<Vec<app::source::SourceSummary>, StoreError> {
        if viewer.role != Role::Admin {
            return Ok(Vec::new());
        }
        Ok(self.store.sources().await.map_err(store_err)?.into_iter().map(|s| s.summary).collect())
    }

    async fn people(&self, viewer: &User) -> Result<Vec<User>, StoreError> {
        if viewer.role != Role::Admin {
            return Ok(Vec::new());
        }
        self.store.users().await.map_err(store_err)
    }

    fn lockdown(&self) -> bool {
        self.read.in_lockdown()
    }
}

#[cfg(test)]
mod revision_tests {
    use super::*;

    fn revision(data: &str) -> Revision {
        Revision { id: 0, author: String::new(), note: String::new(), data: data.into(), created_at: String::new(), changes: vec![] }
    }

    #[test]
    fn each_revision_shows_what_it_changed() {
        let got = with_changes(vec![
            revision(r#"{"name":"Drop-in","town":"Rotherham","tags":["tea","advice"],"x_new":"1"}"#),
            revision(r#"{"name":"Drop-in","town":"Sheffield","tags":["tea"]}"#),
        ]);
        let change = |k: &str, b: &str, a: &str| (k.to_string(), b.to_string(), a.to_string());
        assert_eq!(
            got[0].changes,
            [change("town", "Sheffield", "Rotherham"), change("tags", "tea", "tea, advice"), change("x_new", "", "1")]
        );
        assert_eq!(got[1].changes, [change("name", "", "Drop-in"), change("town", "", "Sheffield"), change("tags", "", "tea")]);
    }
}
