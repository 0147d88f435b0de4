//! Events in the search index (type `event`): one document per published
//! series, with its public place and the days it is on. Brought up to date
//! after this instance's writes, for a listing's series when the listing
//! changes, after the nightly expansion, and every few minutes when the
//! series changed elsewhere.

use super::query::{public_place, unix};
use super::timetable::{Replaced, Spot};
use super::StoredEvent;
use crate::read_model::{AtlasError, ReadModel};
use crate::search::{EventDoc, EventsToReplace};
use app::event::{EventPlace, OccurrenceStatus};
use chrono::NaiveDate;
use std::collections::HashMap;

/// The longest stretch one occurrence marks as "on" (a month-long festival).
const MAX_DAYS_MARKED: i64 = 62;

fn day_number(local: &str) -> Option<i64> {
    let date = NaiveDate::parse_from_str(local.get(..10)?, "%Y-%m-%d").ok()?;
    Some((date - NaiveDate::from_ymd_opt(1970, 1, 1)?).num_days())
}

/// The days an occurrence is on, from its local start to its local end
/// (an all-day end is the day after, as in iCalendar).
fn days_of(start: &str, end: &str, all_day: bool) -> impl Iterator<Item = i64> {
    let first = day_number(start);
    let last = day_number(end).map(|d| if all_day || end.get(11..).is_some_and(|t| t.starts_with("00:00")) { d - 1 } else { d });
    let (first, last) = match (first, last) {
        (Some(a), Some(b)) => (a, b.max(a).min(a + MAX_DAYS_MARKED)),
        _ => (0, -1),
    };
    first..=last
}

/// An event's translations as the index reads them: title, summary and
/// the description as plain text (`body`).
fn searched_translations(translations: &app::translation::Translations) -> app::translation::Translations {
    let of = |texts: &std::collections::BTreeMap<String, String>| {
        let body = match texts.get("description_html").filter(|h| !h.is_empty()) {
            Some(html) => crate::markdown::text_of_html(html),
            None => texts.get("description").cloned().unwrap_or_default(),
        };
        let field = |name: &str| texts.get(name).cloned().unwrap_or_default();
        [("title", field("title")), ("summary", field("summary")), ("body", body)].map(|(k, v)| (k.to_string(), v)).into_iter().collect()
    };
    app::translation::Translations(translations.0.iter().map(|(lang, texts)| (lang.clone(), of(texts))).collect())
}

impl ReadModel {
    /// Search documents of these published series (with their days), and
    /// their timetable entries, from one reading of their occurrences.
    async fn event_docs(&self, events: &[StoredEvent]) -> Result<(Vec<EventDoc>, Vec<(i64, Spot)>), sqlx::Error> {
        let listings = self.directory.snapshot();
        let ids: Vec<i64> = events.iter().map(|e| e.id).collect();
        let mut days: HashMap<i64, std::collections::BTreeSet<i64>> = HashMap::new();
        let mut times: HashMap<i64, Vec<(i64, i64)>> = HashMap::new();
        for o in self.store.occurrence_times(&ids).await? {
            if let (Some(start), Some(end)) = (unix(&o.starts_at), unix(&o.ends_at)) {
                times.entry(o.event_id).or_default().push((start, end));
            }
            if o.status == OccurrenceStatus::Cancelled.as_str() {
                continue;
            }
            let all_day = events.iter().find(|e| e.id == o.event_id).is_some_and(|e| e.all_day);
            days.entry(o.event_id).or_default().extend(days_of(&o.starts_local, &o.ends_local, all_day));
        }
        let mut spots = Vec::new();
        let docs = events
            .iter()
            .filter_map(|e| {
                let place = public_place(e, &listings, false)?;
                let mut on = times.remove(&e.id).unwrap_or_default();
                on.sort_unstable();
                spots.push((
                    e.id,
                    Spot {
                        slug: e.slug.clone(),
                        listing: e.listing.clone(),
                        at_listing: e.place == EventPlace::Listing,
                        venue: if e.place == EventPlace::Venue { place.point } else { None },
                        online: e.place == EventPlace::Online || e.online_url.is_some(),
                        times: on,
                        event: Some(std::sync::Arc::new(StoredEvent { description_html: String::new(), ..e.clone() })),
                    },
                ));
                let group = place.listing.as_ref().map(|(_, name)| name.clone()).unwrap_or_default();
                let places = [place.town.as_deref().unwrap_or(""), place.venue_name.as_deref().unwrap_or(""), &group].join(" ");
                Some(EventDoc {
                    slug: e.slug.clone(),
                    listing: e.listing.clone(),
                    category: e.category.clone(),
                    title: e.title.clone(),
                    summary: e.summary.clone(),
                    body: crate::markdown::text_of_html(&e.description_html),
                    places,
                    language: e.language.clone(),
                    translations: searched_translations(&e.translations),
                    languages: e.languages.clone(),
                    point: place.point,
                    days: days.remove(&e.id).unwrap_or_default().into_iter().collect(),
                })
            })
            .collect();
        Ok((docs, spots))
    }

    /// Every event's document and timetable entry, for a rebuild.
    pub(crate) async fn all_event_docs(&self) -> Result<(Vec<EventDoc>, Vec<(i64, Spot)>), sqlx::Error> {
        let (mut docs, mut spots) = (Vec::new(), Vec::new());
        for chunk in self.store.published_event_ids().await?.chunks(500) {
            let (d, s) = self.event_docs(&self.store.events_by_id(chunk).await?).await?;
            docs.extend(d);
            spots.extend(s);
        }
        Ok((docs, spots))
    }

    /// The timetable of every published series, built again (at load).
    pub(crate) async fn rebuild_timetable(&self) -> Result<(), sqlx::Error> {
        let (_, spots) = self.all_event_docs().await?;
        self.replace_timetable(&Replaced::All, spots);
        Ok(())
    }

    fn replace_timetable(&self, replaced: &Replaced, spots: Vec<(i64, Spot)>) {
        let fresh = std::sync::Arc::new(self.timetable().patched(replaced, spots));
        self.timetable.store(fresh);
    }

    /// Replaces the documents (and timetable entries) of one series (by
    /// slug), of some listings' series, or of every series.
    pub async fn reindex_events(&self, replace: EventsToReplace<'_>) -> Result<(), AtlasError> {
        let marker = self.store.search_marker().await?;
        // A whole reindex takes in every change until now: the five-minute
        // check need not do it again for changes this instance made.
        let seen = match replace {
            EventsToReplace::All => Some(self.store.events_marker().await?),
            _ => None,
        };
        let (docs, spots) = match &replace {
            EventsToReplace::All => self.all_event_docs().await?,
            EventsToReplace::Slugs(slugs) => {
                let mut events = Vec::new();
                for slug in slugs.iter() {
                    events.extend(self.store.event_by_slug(slug).await?);
                }
                self.event_docs(&events).await?
            }
            EventsToReplace::OfListings(listings) => {
                let mut events = Vec::new();
                for l in listings.iter() {
                    events.extend(self.store.events_of_listing(l).await?);
                }
                self.event_docs(&events).await?
            }
        };
        let replaced = match replace {
            EventsToReplace::All => Replaced::All,
            EventsToReplace::Slugs(s) => Replaced::Slugs(s),
            EventsToReplace::OfListings(l) => Replaced::OfListings(l),
        };
        self.search.update_events(replace, &docs, &marker)?;
        self.replace_timetable(&replaced, spots);
        if let Some(seen) = seen {
            *self.events_seen.lock() = Some(seen);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_occurrence_is_on_every_day_it_spans() {
        let d = |s| day_number(s).unwrap();
        assert_eq!(days_of("2027-01-05T18:00:00", "2027-01-05T20:00:00", false).collect::<Vec<_>>(), vec![d("2027-01-05")]);
        assert_eq!(days_of("2027-01-05T22:00:00", "2027-01-06T00:00:00", false).count(), 1, "ends at midnight");
        assert_eq!(days_of("2027-06-01", "2027-07-01", true).count(), 30, "a 30-day festival");
        assert_eq!(days_of("2027-06-01", "2028-06-01", true).count(), 63, "capped");
    }
}
