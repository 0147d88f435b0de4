//! Following the calendar a group already keeps. The organiser gives its
//! address; we read it at once (so a wrong address is said there and
//! then), and its series wait for a moderator. Once approved it is read
//! every hour and kept in step: new and changed series are public at
//! once, series gone upstream go here too. A reading that fails keeps the
//! last good copy and tells the organiser (once, until it reads again).

use super::fetch::{check_address, fetch, Fetched};
use super::ics_in::{self, IcsOptions};
use super::input::ValidEvent;
use crate::atlas::Atlas;
use crate::moderation::ActionError;
use crate::store::{FeedReading, NewSubmission, StoredFeed};
use app::event::FeedState;
use app::location::LatLon;
use app::model::ListingStatus;
use app::people::{Entity, SubmissionAction, SubmissionStatus, User};
use app::problem::Problem;
use sha2::Digest;

/// A calendar's file, read and checked against our rules.
struct Reading {
    series: Vec<(ValidEvent, Option<LatLon>)>,
    /// Every UID in the file (a series missing from it is gone upstream).
    uids: Vec<String>,
    /// UIDs we could not take, each keeping its last good copy.
    skipped: Vec<String>,
    /// What the file says of each series taken (by UID), but for its dates.
    fingerprints: Vec<(String, String)>,
}

/// What a calendar says of a series but for its dates and times: a hash
/// of its fields with those left out. A followed calendar's change to
/// anything it covers waits for a moderator.
fn fingerprint(input: &super::input::EventInput) -> String {
    let mut rest = input.clone();
    // A changed occurrence's title is said of it too; its times are not.
    let mut titles: Vec<String> = rest.overrides.iter().filter_map(|o| o.title.clone()).collect();
    titles.sort();
    (rest.start, rest.end, rest.rrule, rest.rdates, rest.exdates, rest.overrides, rest.time_zone, rest.all_day, rest.status) =
        (String::new(), None, None, Vec::new(), Vec::new(), Vec::new(), None, false, None);
    let text = serde_json::to_string(&(rest, titles)).unwrap_or_default();
    format!("{:x}", sha2::Sha256::digest(text.as_bytes()))
}

fn stamp_in(d: std::time::Duration) -> String {
    (chrono::Utc::now() + chrono::Duration::from_std(d).unwrap_or_default()).format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

impl Atlas {
    /// Reads `text` as the calendar of `listing`, with its venues kept only
    /// when the organiser said they are public buildings. A series whose
    /// UID belongs to another series (not read from this calendar) is
    /// skipped: a calendar cannot take over someone else's event.
    async fn read_series(&self, text: &str, listing: &str, public_venues: bool, feed: Option<i64>) -> Result<Reading, Problem> {
        let categories = self.store.event_categories().await.map_err(|_| Problem::Fault)?;
        let slugs: Vec<String> = categories.iter().map(|(s, _)| s.clone()).collect();
        let options = IcsOptions { exact_venues: public_venues, default_category: "meeting".into(), categories };
        let records = ics_in::read_off_runtime(text.to_string(), options).await.map_err(|e| e.problem())?;
        if records.len() > self.calendars.max_series {
            return Err(Problem::CalendarTooManyEvents { given: records.len(), max: self.calendars.max_series });
        }
        let town = self.store.listing_town(listing).await.map_err(|_| Problem::Fault)?;
        let uids: Vec<String> = records.iter().map(|(uid, _)| uid.clone()).collect();
        let taken = self.store.uids_taken_elsewhere(feed.unwrap_or(-1), &uids).await.map_err(|_| Problem::Fault)?;
        let mut reading = Reading { series: Vec::new(), uids, skipped: Vec::new(), fingerprints: Vec::new() };
        let mut slugs_seen = std::collections::HashSet::new();
        for (uid, record) in records {
            // Our own UIDs (`<slug>@solidarity-atlas`, predictable from a
            // slug) are never taken from a calendar: one could otherwise
            // claim a series a group has not yet created.
            let ours = uid.ends_with(super::input::OWN_UID_SUFFIX);
            let checked = record.ok().filter(|_| !taken.contains(&uid) && !ours).and_then(|mut input| {
                input.listing = Some(listing.to_string());
                if let (Some(v), Some(town)) = (input.venue.as_mut(), &town) {
                    v.town.get_or_insert(town.clone());
                }
                let said = fingerprint(&input);
                input.validate(&slugs).ok().map(|series| (series, said))
            });
            // Two series whose UIDs share a slug's short hash: the second
            // is not taken (the database would refuse it, ending the reading).
            let checked = match checked {
                Some((series, said)) if slugs_seen.insert(series.slug.clone()) => {
                    let holder = self.store.event_by_slug(&series.slug).await.map_err(|_| Problem::Fault)?;
                    holder.is_none_or(|e| e.uid == series.uid).then_some((series, said))
                }
                _ => None,
            };
            match checked {
                Some((series, said)) => {
                    let public = self.venue_public_point(&series);
                    reading.fingerprints.push((series.uid.clone(), said));
                    reading.series.push((series, public));
                }
                None => reading.skipped.push(uid),
            }
        }
        Ok(reading)
    }

    /// An organiser asks us to follow their group's calendar (or gives it a
    /// new address). Read at once; its series wait for a moderator.
    pub async fn follow_calendar(
        &self,
        user: &User,
        listing: &str,
        address: &str,
        public_venues: bool,
        lang: &str,
    ) -> Result<usize, ActionError> {
        self.may_organise(user, listing).await?;
        let url = check_address(address).map_err(|p| ActionError::field("url", p))?;
        let current = self.store.feed_of(listing).await?;
        let (text, etag, last_modified) = match fetch(&url, None, None, &self.calendars).await {
            Ok(Fetched::Body { text, etag, last_modified }) => (text, etag, last_modified),
            Ok(Fetched::NotModified) => return Err(ActionError::field("url", Problem::CalendarNotIcs)),
            Err(p) => return Err(ActionError::field("url", p)),
        };
        let reading = self
            .read_series(&text, listing, public_venues, current.as_ref().map(|f| f.id))
            .await
            .map_err(|p| ActionError::field("url", p))?;
        let Some((data, region)) = self.calendar_submission(listing, url.as_str(), public_venues).await? else {
            return Err(ActionError::NotFound(Problem::NoSuchListing));
        };
        let hash = format!("{:x}", sha2::Sha256::digest(text.as_bytes()));
        let action = if current.is_some() { SubmissionAction::Edit } else { SubmissionAction::Create };
        let mut tx = self.store.begin().await?;
        let id = tx.put_feed(listing, url.as_str(), public_venues, &user.email, lang).await?;
        tx.drop_series_not_in(id, &reading.uids).await?;
        tx.upsert_read_events(&reading.series, ListingStatus::Pending).await?;
        tx.link_series(id, &reading.series.iter().map(|(e, _)| e.uid.clone()).collect::<Vec<_>>()).await?;
        tx.set_read_fingerprints(&reading.fingerprints).await?;
        let read =
            FeedReading::Read { etag: etag.as_deref(), last_modified: last_modified.as_deref(), hash: &hash, skipped: &reading.skipped };
        tx.record_reading(id, &read, &stamp_in(self.calendars.every)).await?;
        tx.add_submission(&NewSubmission {
            entity: Entity::Calendar,
            action,
            slug: listing,
            data: &data,
            contact_email: &user.email,
            user_id: Some(user.id),
            region: region.as_deref(),
            status: SubmissionStatus::Pending,
            lang,
            held: None,
        })
        .await?;
        tx.audit(&user.email, "asked to follow a calendar", &format!("listing {listing}"), url.as_str()).await?;
        tx.commit().await?;
        Ok(reading.series.len())
    }

    /// What a moderator is shown of a calendar to decide on, and the
    /// region of its listing (None when there is no such listing).
    async fn calendar_submission(
        &self,
        listing: &str,
        url: &str,
        public_venues: bool,
    ) -> Result<Option<(serde_json::Value, Option<String>)>, sqlx::Error> {
        let Some((record, _, _)) = self.store.listing_record(listing).await? else { return Ok(None) };
        let region = crate::regions::region_of_record(&record);
        let data = serde_json::json!({
            "title": record["name"],
            "listing": listing,
            "url": url,
            "public_venues": public_venues,
        });
        Ok(Some((data, region)))
    }

    /// The organiser stops following; what was read stays as their own.
    pub async fn stop_following(&self, user: &User, listing: &str) -> Result<(), ActionError> {
        self.may_organise(user, listing).await?;
        let feed = self.store.feed_of(listing).await?.ok_or(ActionError::NotFound(Problem::NoCalendar))?;
        let mut tx = self.store.begin().await?;
        tx.delete_feed(feed.id).await?;
        tx.audit(&user.email, "stopped following a calendar", &format!("listing {listing}"), &feed.url).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Reads every calendar that is due (at most `limit` this round).
    /// Returns how many were read. Each reading runs as its own task: one
    /// calendar that fails, or panics, never ends the round for the others.
    pub async fn read_due_calendars(self: &std::sync::Arc<Self>, limit: i64) -> Result<usize, sqlx::Error> {
        let now = stamp_in(std::time::Duration::ZERO);
        let mut read = 0;
        for feed in self.store.due_feeds(&now, limit).await? {
            // Claimed first: another instance reading the same calendar
            // finds it moved on and leaves it.
            if self.store.claim_feed(feed.id, &feed.next_read_at, &stamp_in(self.calendars.timeout * 3)).await? {
                let atlas = self.clone();
                let listing = feed.listing.clone();
                match tokio::spawn(async move { atlas.read_calendar(&feed).await }).await {
                    Ok(Ok(())) => read += 1,
                    Ok(Err(e)) => tracing::error!("reading the calendar of {listing} failed: {e}"),
                    Err(e) => {
                        metrics::counter!("atlas_task_panics_total", "task" => "read_calendar").increment(1);
                        tracing::error!("reading the calendar of {listing} panicked: {e}");
                    }
                }
            }
        }
        Ok(read)
    }

    /// One scheduled reading of a followed calendar.
    pub async fn read_calendar(&self, feed: &StoredFeed) -> Result<(), sqlx::Error> {
        let url = match check_address(&feed.url) {
            Ok(url) => url,
            Err(p) => return self.reading_failed(feed, &p).await,
        };
        let (text, etag, last_modified) = match fetch(&url, feed.etag.as_deref(), feed.last_modified.as_deref(), &self.calendars).await {
            Ok(Fetched::Body { text, etag, last_modified }) => (text, etag, last_modified),
            Ok(Fetched::NotModified) => return self.reading_unchanged(feed).await,
            Err(p) => return self.reading_failed(feed, &p).await,
        };
        let hash = format!("{:x}", sha2::Sha256::digest(text.as_bytes()));
        if feed.content_hash.as_deref() == Some(hash.as_str()) {
            return self.reading_unchanged(feed).await;
        }
        let reading = match self.read_series(&text, &feed.listing, feed.public_venues, Some(feed.id)).await {
            Ok(r) => r,
            Err(p) => return self.reading_failed(feed, &p).await,
        };
        // Once followed, a series the moderator approved takes new dates at
        // once; a new series, or anything else said of one (a venue, a
        // title), waits for a moderator like anything else.
        let (mut flowing, mut waiting) = (Vec::new(), Vec::new());
        let approved = match feed.state {
            FeedState::Following => self.store.feed_series_fingerprints(feed.id).await?,
            _ => Default::default(),
        };
        for (series, said) in reading.series.into_iter().zip(&reading.fingerprints) {
            match approved.get(&said.0) {
                Some((true, before)) if *before == said.1 => flowing.push(series),
                _ => waiting.push(series),
            }
        }
        let new_change =
            feed.state == FeedState::Following && !waiting.is_empty() && !self.store.calendar_change_waiting(&feed.listing).await?;
        let submission = match new_change {
            true => self.calendar_submission(&feed.listing, &feed.url, feed.public_venues).await?,
            false => None,
        };
        let mut tx = self.store.begin().await?;
        let dropped = tx.drop_series_not_in(feed.id, &reading.uids).await?;
        let mut stored = tx.upsert_read_events(&flowing, ListingStatus::Published).await?;
        let held = tx.upsert_read_events(&waiting, ListingStatus::Pending).await?;
        (stored.created, stored.updated) = (stored.created + held.created, stored.updated + held.updated);
        let uids: Vec<String> = flowing.iter().chain(&waiting).map(|(e, _)| e.uid.clone()).collect();
        tx.link_series(feed.id, &uids).await?;
        tx.set_read_fingerprints(&reading.fingerprints).await?;
        if let Some((data, region)) = &submission {
            tx.add_submission(&NewSubmission {
                entity: Entity::Calendar,
                action: SubmissionAction::Edit,
                slug: &feed.listing,
                data,
                contact_email: &feed.contact_email,
                user_id: None,
                region: region.as_deref(),
                status: SubmissionStatus::Pending,
                lang: &feed.lang,
                held: None,
            })
            .await?;
        }
        let read =
            FeedReading::Read { etag: etag.as_deref(), last_modified: last_modified.as_deref(), hash: &hash, skipped: &reading.skipped };
        tx.record_reading(feed.id, &read, &stamp_in(self.calendars.every)).await?;
        let what = format!("{} new, {} changed, {dropped} gone, {} not taken", stored.created, stored.updated, reading.skipped.len());
        tx.audit("calendar reader", "read a calendar", &format!("listing {}", feed.listing), &what).await?;
        tx.commit().await?;
        self.refresh_after_write(Entity::Calendar, &feed.listing).await;
        Ok(())
    }

    async fn reading_unchanged(&self, feed: &StoredFeed) -> Result<(), sqlx::Error> {
        let mut tx = self.store.begin().await?;
        tx.record_reading(feed.id, &FeedReading::Unchanged, &stamp_in(self.calendars.every)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The last good copy stands; the organiser hears of the first failure
    /// in a row, and readings back off (to once a day at most).
    async fn reading_failed(&self, feed: &StoredFeed, problem: &Problem) -> Result<(), sqlx::Error> {
        let backoff = self.calendars.every * 2u32.saturating_pow(feed.failures.clamp(0, 5) as u32);
        let next = stamp_in(backoff.min(std::time::Duration::from_secs(24 * 3600)));
        let mut tx = self.store.begin().await?;
        tx.record_reading(feed.id, &FeedReading::Failed(problem), &next).await?;
        if feed.failures == 0 {
            let locale = app::i18n::Locale::from_code(&feed.lang).unwrap_or_else(app::i18n::Locale::english);
            let (subject, body) = crate::mail::compose(
                &feed.lang,
                "mail-calendar-failing",
                &[("url", feed.url.clone()), ("problem", locale.problem(problem))],
            );
            tx.queue_mail(&feed.contact_email, None, &subject, &body).await?;
        }
        let committed = tx.commit().await?;
        self.mailer.send_committed(&self.store, &committed).await;
        Ok(())
    }
}
