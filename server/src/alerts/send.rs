//! Sending alerts: each minute, match what became public (`burst.rs` for
//! new records, `follow.rs` for a followed group's changes) and send the
//! weekly digests that are due; what an alert mail shows of an item and
//! how it is worded. Nothing is matched or sent during a lockdown.

use crate::atlas::Atlas;
use crate::store::alerts::{AlertMail, StoredAlert};
use app::alerts::{ItemFacts, ItemKind};
use app::location::LatLon;
use chrono::{DateTime, Datelike, TimeZone, Utc};
use std::collections::HashMap;

/// When this week's digest is due: Monday 07:00 in Europe/London, the
/// latest one not after `now`. Deliveries made before it go in it.
pub fn digest_cutoff(now: DateTime<Utc>) -> DateTime<Utc> {
    let london = chrono_tz::Europe::London;
    let local = now.with_timezone(&london);
    let monday = local.date_naive() - chrono::Duration::days(i64::from(local.weekday().num_days_from_monday()));
    let at = |day: chrono::NaiveDate| {
        let naive = day.and_hms_opt(7, 0, 0).expect("07:00 exists");
        london.from_local_datetime(&naive).earliest().map(|t| t.with_timezone(&Utc)).unwrap_or(now)
    };
    let this_week = at(monday);
    if this_week <= now {
        this_week
    } else {
        at(monday - chrono::Duration::days(7))
    }
}

/// The address of the site's pages in `lang` (English is the default).
pub fn pages_in(origin: &str, lang: &str) -> String {
    match lang {
        "en" | "" => origin.to_string(),
        lang => format!("{origin}/{lang}"),
    }
}

/// Items a mail names at most (the nearest first); the rest are counted,
/// with a link to the directory near the alert's place.
pub const MAX_ITEMS_PER_MAIL: usize = 30;

pub(super) fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// What one round did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AlertRound {
    pub items: usize,
    pub deliveries: usize,
    pub mails: usize,
}

/// A public item as an alert mail shows it: only what its public page shows.
pub(super) struct Shown {
    name: String,
    /// The name in other languages, where translated.
    names: std::collections::BTreeMap<String, String>,
    kind_key: String,
    kind_label: String,
    town: Option<String>,
    pub(super) point: Option<LatLon>,
    path: String,
    /// An event's next date (its UTC start) and whether it lasts all day.
    next: Option<(DateTime<Utc>, bool)>,
    /// An event one can join online.
    online: bool,
    /// Shown by its town (a listing at area precision): near the place its
    /// distance is left out, as the directory leaves it out.
    by_town: bool,
}

impl Shown {
    /// The name as a reader of `lang` sees it on the item's page.
    pub(super) fn name_in(&self, lang: &str) -> &str {
        self.names.get(lang).unwrap_or(&self.name)
    }
}

/// Each language's translation of one text field.
fn names_of(translations: &app::translation::Translations, field: &str) -> std::collections::BTreeMap<String, String> {
    translations.languages().filter_map(|lang| translations.get(lang, field).map(|t| (lang.to_string(), t.to_string()))).collect()
}

impl Atlas {
    /// True when a lockdown is on (asked of the database: every instance
    /// and the command line agree at once).
    pub(super) async fn locked_down(&self) -> Result<bool, sqlx::Error> {
        Ok(self.read.in_lockdown() || self.store.lockdown().await?)
    }

    /// Matches new items and sends what is due: instant mail, and the
    /// digests of deliveries made before `digest_cutoff`.
    pub async fn send_alerts(&self, digest_cutoff: DateTime<Utc>) -> Result<AlertRound, sqlx::Error> {
        if self.alerts_key.is_none() || !self.mailer.uses_smtp() || self.locked_down().await? {
            return Ok(AlertRound::default());
        }
        // What a killed sender left first: it is the oldest.
        let resent = self.resend_lapsed_alert_mail().await?;
        if resent > 0 {
            tracing::info!("{resent} alert mails taken over from a lapsed claim or a failed attempt");
        }
        let mut round = self.match_alerts(true).await?;
        if self.locked_down().await? {
            return Ok(round);
        }
        let digests = self.send_digests(&stamp(digest_cutoff)).await?;
        round.mails += digests;
        metrics::counter!("atlas_alerts_queued_total").increment(digests as u64);
        Ok(round)
    }

    /// The item as its public page shows it, and its facts; none when it
    /// is no longer public.
    pub(super) async fn shown(&self, entity: ItemKind, slug: &str) -> Result<Option<(Shown, ItemFacts)>, sqlx::Error> {
        Ok(self.shown_all(&[(entity, slug)]).await?.pop().flatten())
    }

    /// Items as their public pages show them, in order: listings read in
    /// one query, the library once, events one by one.
    pub(super) async fn shown_all(&self, items: &[(ItemKind, &str)]) -> Result<Vec<Option<(Shown, ItemFacts)>>, sqlx::Error> {
        let wanted: Vec<String> = items.iter().filter(|(k, _)| *k == ItemKind::Listing).map(|(_, s)| s.to_string()).collect();
        let mut listings: HashMap<String, app::model::PublicListing> = match wanted.is_empty() {
            true => HashMap::new(),
            false => self.store.published_listings_in(&wanted).await?.into_iter().map(|l| (l.slug.clone(), l)).collect(),
        };
        let mut resources: HashMap<String, app::resource::Resource> = match items.iter().any(|(k, _)| *k == ItemKind::Resource) {
            true => self.store.published_resources().await?.into_iter().map(|r| (r.slug.clone(), r)).collect(),
            false => HashMap::new(),
        };
        let mut shown = Vec::with_capacity(items.len());
        for (entity, slug) in items {
            shown.push(match entity {
                ItemKind::Listing => listings.remove(*slug).map(shown_listing),
                ItemKind::Resource => resources.remove(*slug).map(shown_resource),
                ItemKind::Event => self.shown_event(slug).await?,
            });
        }
        Ok(shown)
    }

    /// A published series as its page shows it: its venue's town and
    /// public point (never a hidden venue), or its group's for one held at
    /// the group's place; none at all online.
    async fn shown_event(&self, slug: &str) -> Result<Option<(Shown, ItemFacts)>, sqlx::Error> {
        use app::event::EventPlace;
        let Some(e) = self.store.event_by_slug(slug).await?.filter(|e| e.status == app::model::ListingStatus::Published) else {
            return Ok(None);
        };
        let (town, point) = match e.place {
            EventPlace::Online => (None, None),
            EventPlace::Venue => (e.venue_town.clone(), e.venue_public),
            EventPlace::Listing => match self.store.published_listings_in(std::slice::from_ref(&e.listing)).await?.pop() {
                Some(l) => (Some(l.town), l.lat.zip(l.lon).map(|(lat, lon)| LatLon::new(lat, lon))),
                // Its group is not public: neither is where it meets.
                None => return Ok(None),
            },
        };
        let online = e.place == EventPlace::Online || e.online_url.is_some();
        let next = self.store.next_occurrence(e.id, &stamp(Utc::now())).await?;
        let next = next.and_then(|t| DateTime::parse_from_rfc3339(&t).ok()).map(|t| (t.with_timezone(&Utc), e.all_day));
        let facts = ItemFacts {
            kind: e.category.clone(),
            languages: e.languages.clone(),
            point,
            online,
            in_person: e.place != EventPlace::Online,
            ..Default::default()
        };
        let shown = Shown {
            names: names_of(&e.translations, "title"),
            name: e.title,
            kind_key: format!("event-category-{}", e.category),
            kind_label: e.category,
            town,
            point,
            path: format!("/events/{}", e.slug),
            next,
            online,
            by_town: false,
        };
        Ok(Some((shown, facts)))
    }

    fn centre(&self, place: &str, centres: &mut HashMap<String, Option<LatLon>>) -> Option<LatLon> {
        if place.is_empty() {
            return None;
        }
        *centres.entry(place.to_string()).or_insert_with(|| self.read.gazetteer.resolve(place).map(|p| p.point()))
    }

    /// Weekly digests: of new records, by the rounds made before `cutoff`;
    /// of a followed group's changes (and deliveries kept from before
    /// rounds), by their deliveries before it. One mail each.
    async fn send_digests(&self, cutoff: &str) -> Result<usize, sqlx::Error> {
        let mut mails = self.digest_weekly_rounds(cutoff, true).await?;
        let mut centres = HashMap::new();
        // A person's weekly follows share one mail per language they were
        // asked in (one asked from an Arabic page is written in Arabic).
        let mut follows: std::collections::BTreeMap<(String, String), Vec<StoredAlert>> = Default::default();
        for id in self.store.digests_due(cutoff).await? {
            if self.locked_down().await? {
                break;
            }
            let Some(alert) = self.store.alert(id).await? else { continue };
            if alert.follows.is_some() {
                follows.entry((alert.address_hash.clone(), alert.mail_lang.clone())).or_default().push(alert);
                continue;
            }
            let mut shown = Vec::new();
            for (_, entity, slug, _) in self.store.digest_items(id, cutoff).await? {
                if let Some((s, _)) = self.shown(ItemKind::parse(&entity).unwrap_or(ItemKind::Listing), &slug).await? {
                    shown.push(s);
                }
            }
            let centre = self.centre(&alert.place, &mut centres);
            let mut tx = self.store.begin().await?;
            if tx.mark_digest(id, cutoff).await? == 0 {
                continue;
            }
            if !shown.is_empty() {
                let items: Vec<(usize, &Shown)> = shown.iter().enumerate().collect();
                if let Some((to, subject, body, unsubscribe)) = self.compose(&alert, &items, centre, &mut Lines::default()) {
                    tx.queue_alert_mail(AlertMail { to, subject, body, unsubscribe, plain_sender: alert.neutral }).await?;
                    mails += 1;
                }
            }
            let committed = tx.commit().await?;
            self.send_alert_mail(&committed).await?;
        }
        for alerts in follows.values() {
            if self.locked_down().await? {
                break;
            }
            mails += self.send_follow_digest(alerts, cutoff).await?;
        }
        Ok(mails)
    }

    /// (to, subject, body, one-click address) of an alert mail in the
    /// subscriber's language: names, kinds, towns, whole kilometres and
    /// links to public pages; no image, no tracking, no redirect.
    pub(super) fn compose(
        &self,
        alert: &StoredAlert,
        items: &[(usize, &Shown)],
        centre: Option<LatLon>,
        lines: &mut Lines,
    ) -> Option<(String, String, String, String)> {
        // A long mail is read by no one: past the limit, the nearest.
        let mut named: Vec<&(usize, &Shown)> = items.iter().collect();
        if named.len() > MAX_ITEMS_PER_MAIL {
            let km = |s: &Shown| centre.zip(s.point).map(|(c, p)| c.distance_km(p)).unwrap_or(f64::INFINITY);
            named.sort_by(|a, b| km(a.1).total_cmp(&km(b.1)));
            named.truncate(MAX_ITEMS_PER_MAIL);
        }
        let mail = MailText::new(self, alert)?;
        let subject = match (alert.neutral, alert.cadence.as_str(), &named[..]) {
            (true, "weekly", _) => mail.text("alerts-mail-neutral-digest-subject", &[]),
            (true, _, _) => mail.text("alerts-mail-neutral-subject", &[]),
            (false, "weekly", _) => mail.counted("alerts-mail-digest-subject", items.len()),
            (false, _, [(_, one)]) if items.len() == 1 => mail.text("alerts-mail-subject", &[("name", one.name_in(&mail.lang).into())]),
            // Several at once (a burst): one mail, named by the first.
            (false, _, [(_, one), ..]) => {
                mail.text_counted("alerts-mail-several-subject", &[("name", one.name_in(&mail.lang).into())], items.len() - 1)
            }
            (false, _, []) => return None,
        };
        let intro = match (alert.cadence.as_str(), items) {
            ("weekly", _) => "alerts-mail-digest-intro",
            (_, [_]) => "alerts-mail-intro",
            _ => "alerts-mail-several-intro",
        };
        let mut body = mail.counted(intro, items.len());
        body.push_str("\n\n");
        // Looked up once per mail, then per item by number only.
        let parts = lines.parts.entry(mail.lang.clone()).or_default();
        let distances = lines.distances.entry((mail.lang.clone(), alert.place.clone())).or_default();
        for (n, item) in named.iter().copied() {
            let (head, tail) = parts.entry(*n).or_insert_with(|| {
                let mut head =
                    format!("* {}\n  {}", item.name_in(&mail.lang), mail.plain(mail.locale.text_or(&item.kind_key, &item.kind_label)));
                if let Some(town) = &item.town {
                    head.push_str(" · ");
                    head.push_str(&mail.town(town));
                }
                let mut tail = String::new();
                if item.online {
                    tail.push_str(" · ");
                    tail.push_str(&mail.text("alerts-mail-online", &[]));
                }
                if let Some((start, all_day)) = item.next {
                    tail.push_str("\n  ");
                    tail.push_str(&mail.text("alerts-mail-next", &[("when", mail.when(start, all_day))]));
                }
                tail.push_str(&format!("\n  {}{}\n\n", mail.site, item.path));
                (head, tail)
            });
            body.push_str(head);
            let near = centre.zip(item.point).map(|(c, p)| c.distance_km(p)).filter(|km| !item.by_town || *km >= 5.0);
            if let Some(km) = near {
                let km = km.round().max(1.0);
                let distance = distances.entry(km as i64).or_insert_with(|| {
                    let km = app::i18n::format_number(&mail.lang, km);
                    format!(" · {}", mail.text("alerts-mail-distance", &[("km", km), ("place", alert.place.clone())]))
                });
                body.push_str(distance);
            }
            body.push_str(tail);
        }
        let more = items.len() - named.len();
        if more > 0 {
            let line = match alert.place.as_str() {
                "" => mail.text_counted("alerts-mail-more-anywhere", &[("link", format!("{}/", mail.site))], more),
                place => {
                    let near: String = form_urlencoded::byte_serialize(place.as_bytes()).collect();
                    let link = format!("{}/listings?near={near}&radius_km={}", mail.site, alert.radius_km);
                    mail.text_counted("alerts-mail-more", &[("place", mail.town(place)), ("link", link)], more)
                }
            };
            body.push_str(&line);
            body.push_str("\n\n");
        }
        body.push_str(&mail.footer());
        Some((mail.to.clone(), subject, body, mail.stop.clone()))
    }

    /// Every minute: forget requests nobody confirmed in 48 hours, match
    /// what became public and send what is due (instant mail within the
    /// minute, digests from Monday 07:00 Europe/London).
    pub fn alert_chores(self: std::sync::Arc<Self>) {
        crate::supervise::supervise("alert_chores", move || {
            let atlas = self.clone();
            async move {
                loop {
                    if atlas.alerts_key.is_some() {
                        let before = crate::store::hours_ago(super::CONFIRM_HOURS);
                        if let Err(e) = atlas.store.forget_unconfirmed_alerts(&before).await {
                            tracing::error!("forgetting unconfirmed alerts failed: {e}");
                        }
                        if let Err(e) = atlas.send_alerts(digest_cutoff(Utc::now())).await {
                            tracing::error!("sending alerts failed: {e}");
                        }
                    }
                    tokio::time::sleep(std::time::Duration::from_secs(60)).await;
                }
            }
        });
    }
}

/// A public listing as its alert shows it: its public point only.
fn shown_listing(l: app::model::PublicListing) -> (Shown, ItemFacts) {
    let point = match (l.lat, l.lon) {
        (Some(lat), Some(lon)) => Some(LatLon::new(lat, lon)),
        _ => None,
    };
    let facts = ItemFacts { kind: l.kind.clone(), tags: l.tags, languages: l.languages, point, ..Default::default() };
    let shown = Shown {
        names: names_of(&l.translations, "name"),
        name: l.name,
        kind_key: format!("kind-{}", l.kind),
        kind_label: l.kind_label,
        town: Some(l.town),
        point,
        path: format!("/listings/{}", l.slug),
        next: None,
        online: false,
        by_town: l.precision == app::model::Precision::Area,
    };
    (shown, facts)
}

fn shown_resource(r: app::resource::Resource) -> (Shown, ItemFacts) {
    let facts = ItemFacts { kind: r.kind.clone(), topics: r.topics, languages: r.languages, ..Default::default() };
    let shown = Shown {
        names: names_of(&r.translations, "title"),
        name: r.title,
        kind_key: format!("resource-kind-{}", r.kind),
        kind_label: r.kind,
        town: None,
        point: None,
        path: format!("/library/{}", r.slug),
        next: None,
        online: false,
        by_town: false,
    };
    (shown, facts)
}

/// The parts of an item's line that do not depend on whom the mail is
/// for, worked out once per language and item of a round (a burst puts
/// one item in thousands of mails), and the distance phrases by language,
/// kilometres and place.
#[derive(Default)]
pub(super) struct Lines {
    /// language → the item's place in the round → (name, kind and town;
    /// online, next date and link).
    parts: HashMap<String, HashMap<usize, (String, String)>>,
    /// (language, place) → kilometres → the distance phrase.
    distances: HashMap<(String, String), HashMap<i64, String>>,
}

/// The words of one subscriber's mail: their language, their address
/// (opened with the key) and their links to stop and to manage.
pub(super) struct MailText {
    pub to: String,
    /// The one-click address (`List-Unsubscribe`).
    pub stop: String,
    /// The same page in the mail's language, for the footer.
    pub stop_page: String,
    pub manage: String,
    /// Where the site's pages are in the mail's language (`…/fa`), so a
    /// link opens in the language the mail is written in.
    pub site: String,
    pub lang: String,
    pub locale: app::i18n::Locale,
}

impl MailText {
    pub fn new(atlas: &Atlas, alert: &StoredAlert) -> Option<MailText> {
        let key = atlas.alerts_key.as_ref()?;
        let to = key.open(&alert.address_sealed)?;
        let origin = atlas.public_url.trim_end_matches('/').to_string();
        let locale = app::i18n::Locale::from_code(&alert.mail_lang).unwrap_or_else(app::i18n::Locale::english);
        let site = pages_in(&origin, &locale.code());
        let token = key.alert_token(&alert.token_salt);
        Some(MailText {
            to,
            stop: format!("{origin}/alerts/unsubscribe?token={token}"),
            stop_page: format!("{site}/alerts/unsubscribe?token={token}"),
            manage: format!("{site}/alerts/manage?token={token}"),
            site,
            lang: locale.code(),
            locale,
        })
    }

    /// Plain text has no bidi isolation marks to keep.
    pub fn plain(&self, s: String) -> String {
        s.replace(['\u{2068}', '\u{2069}'], "")
    }

    pub fn text(&self, key: &str, args: &[(&'static str, String)]) -> String {
        let args: Vec<(&'static str, _)> = args.iter().map(|(k, v)| (*k, v.clone().into())).collect();
        self.plain(self.locale.text_with(key, &args))
    }

    /// Words with a count, so each language picks its plural form.
    pub fn text_counted(&self, key: &str, args: &[(&'static str, String)], n: usize) -> String {
        let mut args: Vec<(&'static str, _)> = args.iter().map(|(k, v)| (*k, v.clone().into())).collect();
        args.push(("count", (n as i64).into()));
        self.plain(self.locale.text_with(key, &args))
    }

    /// A count as a number, so each language picks its plural form.
    pub fn counted(&self, key: &str, n: usize) -> String {
        self.plain(self.locale.text_with(key, &[("count", (n as i64).into())]))
    }

    /// A start in Europe/London, as the reader's language writes it.
    pub fn when(&self, start: DateTime<Utc>, all_day: bool) -> String {
        let local = start.with_timezone(&chrono_tz::Europe::London);
        let date = self.plain(self.locale.format_date(&local.format("%Y-%m-%d").to_string()));
        if all_day {
            return date;
        }
        let time = app::i18n::localise_digits(&self.lang, &local.format("%H:%M").to_string());
        self.text("alerts-mail-when", &[("date", date), ("time", time)])
    }

    /// A local start as stored (`2026-12-10T18:30:00`, or a date).
    pub fn local_when(&self, local: &str) -> String {
        let date = self.plain(self.locale.format_date(local));
        match local.get(11..16) {
            Some(hm) => self.text("alerts-mail-when", &[("date", date), ("time", app::i18n::localise_digits(&self.lang, hm))]),
            None => date,
        }
    }

    /// A town as the reader's language writes it, where it has a name.
    pub fn town(&self, town: &str) -> String {
        crate::places::names_of(town).get(self.lang.as_str()).map(|n| n.to_string()).unwrap_or_else(|| town.to_string())
    }

    pub fn footer(&self) -> String {
        let mut footer = self.text("alerts-mail-footer", &[("manage", self.manage.clone()), ("stop", self.stop_page.clone())]);
        footer.push('\n');
        footer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_is_due_monday_seven_in_london() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        // Winter: 07:00 London is 07:00 UTC.
        assert_eq!(digest_cutoff(at("2026-12-09T12:00:00Z")), at("2026-12-07T07:00:00Z"));
        assert_eq!(digest_cutoff(at("2026-12-07T06:59:00Z")), at("2026-11-30T07:00:00Z"));
        // Summer: 07:00 London is 06:00 UTC.
        assert_eq!(digest_cutoff(at("2026-07-06T06:30:00Z")), at("2026-07-06T06:00:00Z"));
    }
}
