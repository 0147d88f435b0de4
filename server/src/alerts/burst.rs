//! Matching what became public, a round at a time: every waiting item is
//! matched against the in-memory index in one pass, each subscriber's new
//! items go in one mail, and deliveries and mail are written for a chunk
//! of subscribers per transaction. Exactly once: the delivery key refuses
//! a pair made before, and a mail is written only for the pairs its own
//! transaction made (so both or neither); the items are marked matched
//! once all their deliveries are written. A crash or a lockdown between
//! chunks leaves the items to match again, and the chunks already written
//! find their pairs made. Changes to followed groups go one by one
//! (`follow.rs`). Nothing is matched during a lockdown.

use super::send::{AlertRound, Lines, Shown};
use crate::atlas::Atlas;
use crate::store::alerts::{AlertItem, AlertMail, StoredAlert};
use crate::store::Committed;
use app::alerts::{Cadence, ItemKind};
use app::location::LatLon;
use std::collections::{BTreeMap, HashSet};
use std::time::{Duration, Instant};

/// Items read per round.
const ITEMS_PER_ROUND: i64 = 1000;
/// Subscribers whose deliveries and mail one transaction writes: a few
/// thousand rows, so no transaction holds the database for long.
const ALERTS_PER_TX: usize = 2000;

/// Each matched alert: where it is centred, and its items (places in the
/// round's list).
type Wanted = BTreeMap<i64, (Option<LatLon>, Vec<usize>)>;

/// Where a round's time went, for the log (and the benchmark).
#[derive(Debug, Default)]
#[allow(dead_code)] // Read through Debug.
struct Phases {
    read: Duration,
    index: Duration,
    read_back: Duration,
    compose: Duration,
    deliveries: Duration,
    outbox: Duration,
}

impl Atlas {
    /// Matches every item waiting and queues its instant mail (sent at
    /// once with `send`, else left in the outbox under a short claim that
    /// the next round's resend takes over when it lapses).
    pub async fn match_alerts(&self, send: bool) -> Result<AlertRound, sqlx::Error> {
        let mut round = AlertRound::default();
        // Without a mail server nothing is matched: what is published waits
        // as items (no address in the outbox) until one is configured.
        if self.alerts_key.is_none() || !self.mailer.uses_smtp() || self.locked_down().await? {
            return Ok(round);
        }
        loop {
            let items = self.store.unmatched_alert_items(ITEMS_PER_ROUND).await?;
            if items.is_empty() {
                break;
            }
            self.refresh_alert_index().await?;
            let (changes, new): (Vec<&AlertItem>, Vec<&AlertItem>) = items.iter().partition(|i| i.detail.is_some());
            for item in changes {
                let (deliveries, mails, committed) = self.match_change(item, item.detail.as_deref().unwrap_or_default()).await?;
                if send {
                    self.send_alert_mail(&committed).await?;
                }
                round.items += 1;
                round.deliveries += deliveries;
                round.mails += mails;
            }
            let (done, committed) = self.match_new(&new).await?;
            round.items += done.items;
            round.deliveries += done.deliveries;
            round.mails += done.mails;
            if send {
                for c in &committed {
                    self.send_alert_mail(c).await?;
                }
            }
            if (items.len() as i64) < ITEMS_PER_ROUND || self.locked_down().await? {
                break;
            }
        }
        metrics::counter!("atlas_alerts_matched_total").increment(round.deliveries as u64);
        metrics::counter!("atlas_alerts_queued_total").increment(round.mails as u64);
        Ok(round)
    }

    /// Newly public items, all at once: what was matched and queued, and
    /// the committed mail to send.
    async fn match_new(&self, items: &[&AlertItem]) -> Result<(AlertRound, Vec<Committed>), sqlx::Error> {
        let mut round = AlertRound::default();
        if items.is_empty() {
            return Ok((round, Vec::new()));
        }
        let keys: Vec<(ItemKind, &str)> =
            items.iter().map(|i| (ItemKind::parse(&i.entity).unwrap_or(ItemKind::Listing), i.slug.as_str())).collect();
        let mut took = Phases::default();
        let t = Instant::now();
        let shown = self.shown_all(&keys).await?;
        took.read = t.elapsed();
        let t = Instant::now();
        let mut wanted = Wanted::new();
        {
            let index = self.alert_index.read();
            for (n, item) in items.iter().enumerate() {
                let Some((_, facts)) = shown[n].as_ref().filter(|_| !item.in_lockdown) else { continue };
                // Only what was published while the alert was on.
                for e in index.matching(keys[n].0, facts).into_iter().filter(|e| e.confirmed_at.as_str() <= item.created_at.as_str()) {
                    wanted.entry(e.id).or_insert_with(|| (e.centre, Vec::new())).1.push(n);
                }
            }
        }
        took.index = t.elapsed();
        // Read back: a stopped alert, still in the index, is not confirmed.
        let t = Instant::now();
        let alerts = self.store.confirmed_alerts_in(&wanted.keys().copied().collect::<Vec<_>>()).await?;
        took.read_back = t.elapsed();
        let mut committed = Vec::new();
        let mut lines = Lines::default();
        for chunk in alerts.chunks(ALERTS_PER_TX) {
            if self.locked_down().await? {
                // What is written stays written; the items wait for the end.
                return Ok((AlertRound { items: 0, ..round }, committed));
            }
            let instant = |a: &StoredAlert| a.cadence == Cadence::Instant.as_str();
            let rows: Vec<(i64, i64, bool)> =
                chunk.iter().flat_map(|a| wanted[&a.id].1.iter().map(move |&n| (a.id, items[n].id, instant(a)))).collect();
            // Composed before the transaction, as if every pair were new
            // (they nearly always are), so the database waits for no text.
            let t = Instant::now();
            let mut mails: Vec<AlertMail> = Vec::new();
            for a in chunk.iter().filter(|a| instant(a)) {
                mails.extend(self.mail_of(a, &wanted[&a.id], &shown, |_| true, &mut lines));
            }
            took.compose += t.elapsed();
            let t = Instant::now();
            let mut tx = self.store.begin().await?;
            let fresh = tx.add_delivery_rows(&rows).await?;
            took.deliveries += t.elapsed();
            if fresh.len() < rows.len() {
                mails.clear();
                for a in chunk.iter().filter(|a| instant(a)) {
                    let new = |n: usize| fresh.contains(&(a.id, items[n].id));
                    mails.extend(self.mail_of(a, &wanted[&a.id], &shown, new, &mut lines));
                }
            }
            round.deliveries += fresh.len();
            round.mails += mails.len();
            let t = Instant::now();
            tx.queue_alert_mails(mails).await?;
            committed.push(tx.commit().await?);
            took.outbox += t.elapsed();
        }
        let mut tx = self.store.begin().await?;
        round.items = tx.claim_alert_items(&items.iter().map(|i| i.id).collect::<Vec<_>>()).await?.len();
        tx.commit().await?;
        tracing::info!("alerts matched: {} items, {} deliveries, {} mails; {took:?}", round.items, round.deliveries, round.mails);
        Ok((round, committed))
    }

    /// One alert's mail of the items `keep` keeps; none when it keeps none.
    fn mail_of(
        &self,
        alert: &StoredAlert,
        (centre, wanted): &(Option<LatLon>, Vec<usize>),
        shown: &[Option<(Shown, app::alerts::ItemFacts)>],
        keep: impl Fn(usize) -> bool,
        lines: &mut Lines,
    ) -> Option<AlertMail> {
        let mut seen = HashSet::new();
        let items: Vec<(usize, &Shown)> =
            wanted.iter().filter(|&&n| keep(n) && seen.insert(n)).filter_map(|&n| shown[n].as_ref().map(|(s, _)| (n, s))).collect();
        if items.is_empty() {
            return None;
        }
        let (to, subject, body, unsubscribe) = self.compose(alert, &items, *centre, lines)?;
        Some(AlertMail { to, subject, body, unsubscribe })
    }
}
