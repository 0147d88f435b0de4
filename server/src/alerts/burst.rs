//! Matching what became public, a round at a time. Newly public items are
//! put into numbered rounds, worked one after another under a short claim
//! (another instance takes a round over when its claim lapses); every item
//! of a round is matched against the in-memory index in one pass, and each
//! subscriber's new items go in one mail.
//!
//! Exactly once without a row per (subscriber, item): a subscription keeps
//! the last round it was mailed up to, moved in the transaction that
//! queues its mail and guarded by being lower — so a crash, a lockdown
//! between chunks or a second instance never mails it that round again,
//! and a round's rest is mailed when it is taken up again. Weekly alerts
//! are matched at digest time against the week's rounds, the same way.
//! Changes to followed groups go one by one (`follow.rs`). Nothing is
//! matched during a lockdown.

use super::send::{AlertRound, Lines, Shown};
use crate::atlas::Atlas;
use crate::store::alerts::{AlertItem, AlertMail, StoredAlert};
use crate::store::Committed;
use app::alerts::{Cadence, ItemKind};
use app::location::LatLon;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Items a round holds at most.
const ITEMS_PER_ROUND: i64 = 1000;
/// Subscribers whose mail one transaction writes: a few thousand rows, so
/// no transaction holds the database for long.
const ALERTS_PER_TX: usize = 2000;

/// Each matched alert: the alert, where it is centred, and its items
/// (places in the pass's list).
type Wanted = Vec<(Arc<StoredAlert>, Option<LatLon>, Vec<usize>)>;

/// Whom a pass mails.
pub(super) enum Pass {
    /// Instant alerts, for one round's items.
    Instant { round: i64 },
    /// Weekly alerts, for the items of the rounds after each one's mark
    /// (alert id → last round digested) up to `upto`.
    Weekly { upto: i64, marks: HashMap<i64, i64> },
}

impl Pass {
    /// The round the alerts it mails are marked up to.
    fn mark(&self) -> i64 {
        match self {
            Pass::Instant { round } => *round,
            Pass::Weekly { upto, .. } => *upto,
        }
    }

    /// Whether an item of `round` is for this alert in this pass.
    fn takes(&self, alert: &StoredAlert, round: i64) -> bool {
        match self {
            Pass::Instant { .. } => alert.cadence == Cadence::Instant.as_str(),
            Pass::Weekly { marks, .. } => alert.cadence == Cadence::Weekly.as_str() && marks.get(&alert.id).is_some_and(|&m| round > m),
        }
    }
}

/// What a pass did, and whether it reached its end (a lockdown, or a
/// round another instance finished, stop it between chunks).
pub(super) struct Passed {
    pub round: AlertRound,
    pub committed: Vec<Committed>,
    pub finished: bool,
}

/// Where a pass's time went, for the log (and the benchmark).
#[derive(Debug, Default)]
#[allow(dead_code)] // Read through Debug.
struct Phases {
    read: Duration,
    index: Duration,
    compose: Duration,
    write: Duration,
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
        for item in self.store.unmatched_group_changes(ITEMS_PER_ROUND).await? {
            let (deliveries, mails, committed) = self.match_change(&item, item.detail.as_deref().unwrap_or_default()).await?;
            if send {
                self.send_alert_mail(&committed).await?;
            }
            round.items += 1;
            round.deliveries += deliveries;
            round.mails += mails;
        }
        loop {
            if self.locked_down().await? {
                break;
            }
            let open = match self.store.open_alert_round().await? {
                Some(open) => open,
                None => {
                    let mut tx = self.store.begin().await?;
                    let made = tx.make_alert_round(ITEMS_PER_ROUND).await?;
                    tx.commit().await?;
                    match made {
                        Some(made) => made,
                        None => break,
                    }
                }
            };
            let mut tx = self.store.begin().await?;
            let claimed = tx.claim_alert_round(open.id, false).await?;
            tx.commit().await?;
            if !claimed {
                break; // Another instance is working it.
            }
            self.refresh_alert_index().await?;
            let items: Vec<(i64, AlertItem)> = self.store.alert_round_items(open.id).await?.into_iter().map(|i| (open.id, i)).collect();
            let passed = self.mail_pass(&items, &Pass::Instant { round: open.id }).await?;
            round.deliveries += passed.round.deliveries;
            round.mails += passed.round.mails;
            if passed.finished {
                let mut tx = self.store.begin().await?;
                tx.finish_alert_round(open.id).await?;
                tx.commit().await?;
                round.items += items.len();
            }
            // Sent once the round is written whole: a slow mail server
            // holds no round (the outbox's own claim covers its mail).
            if send {
                for c in &passed.committed {
                    self.send_alert_mail(c).await?;
                }
            }
            if !passed.finished {
                break;
            }
        }
        metrics::counter!("atlas_alerts_matched_total").increment(round.deliveries as u64);
        metrics::counter!("atlas_alerts_queued_total").increment(round.mails as u64);
        Ok(round)
    }

    /// Matches `items` (each with its round) to the alerts `pass` is for,
    /// all in one look at the index, and queues one mail per alert, a
    /// chunk of alerts per transaction.
    pub(super) async fn mail_pass(&self, items: &[(i64, AlertItem)], pass: &Pass) -> Result<Passed, sqlx::Error> {
        let mut passed = Passed { round: AlertRound::default(), committed: Vec::new(), finished: true };
        if items.is_empty() {
            return Ok(passed);
        }
        let keys: Vec<(ItemKind, &str)> =
            items.iter().map(|(_, i)| (ItemKind::parse(&i.entity).unwrap_or(ItemKind::Listing), i.slug.as_str())).collect();
        let mut took = Phases::default();
        let t = Instant::now();
        let shown = self.shown_all(&keys).await?;
        took.read = t.elapsed();
        let t = Instant::now();
        let (mut wanted, mut place) = (Wanted::new(), HashMap::<i64, usize>::new());
        off_the_workers(|| {
            let index = self.alert_index.read();
            for (n, (round, item)) in items.iter().enumerate() {
                let Some((_, facts)) = shown[n].as_ref().filter(|_| !item.in_lockdown) else { continue };
                // Only what was published while the alert was on.
                let matched = index.matching(keys[n].0, facts).into_iter();
                for e in matched.filter(|e| e.confirmed_at.as_str() <= item.created_at.as_str() && pass.takes(&e.alert, *round)) {
                    let at = *place.entry(e.id).or_insert_with(|| {
                        wanted.push((e.alert.clone(), e.centre, Vec::new()));
                        wanted.len() - 1
                    });
                    wanted[at].2.push(n);
                }
            }
        });
        // By id: each chunk's guarded update then walks its rows in order.
        wanted.sort_unstable_by_key(|(a, ..)| a.id);
        took.index = t.elapsed();
        let mut lines = Lines::default();
        for chunk in wanted.chunks(ALERTS_PER_TX) {
            if self.locked_down().await? {
                // What is written stays written; the rest waits for the end.
                passed.finished = false;
                break;
            }
            // Composed before the transaction, as if every alert were still
            // due (they nearly always are), so the database waits for no text.
            let t = Instant::now();
            let mut mails: HashMap<i64, AlertMail> = HashMap::with_capacity(chunk.len());
            off_the_workers(|| {
                for (alert, centre, numbers) in chunk {
                    if let Some(mail) = self.mail_of(alert, *centre, numbers, &shown, &mut lines) {
                        mails.insert(alert.id, mail);
                    }
                }
            });
            took.compose += t.elapsed();
            let t = Instant::now();
            let mut tx = self.store.begin().await?;
            if let Pass::Instant { round } = pass {
                if !tx.claim_alert_round(*round, true).await? {
                    passed.finished = false; // Another instance finished it.
                    break;
                }
            }
            let ids: Vec<i64> = chunk.iter().map(|(a, ..)| a.id).collect();
            let moved = tx.mark_alerts_mailed(&ids, pass.mark()).await?;
            let by_id: HashMap<i64, usize> = chunk.iter().map(|(a, _, n)| (a.id, n.len())).collect();
            passed.round.deliveries += moved.iter().map(|id| by_id[id]).sum::<usize>();
            let mails: Vec<AlertMail> = moved.iter().filter_map(|id| mails.remove(id)).collect();
            passed.round.mails += mails.len();
            tx.queue_alert_mails(mails).await?;
            passed.committed.push(tx.commit().await?);
            took.write += t.elapsed();
        }
        passed.round.items = items.len();
        tracing::info!(
            "alerts matched: {} items, {} deliveries, {} mails; {took:?}",
            items.len(),
            passed.round.deliveries,
            passed.round.mails
        );
        Ok(passed)
    }

    /// The weekly digest of new records: every weekly alert not yet
    /// digested up to the last round made before `cutoff` gets one mail of
    /// what those rounds held for it (none when nothing); then all of them
    /// are marked digested up to that round. The mail is sent at once with
    /// `send`, else left in the outbox under its short claim.
    pub async fn digest_weekly_rounds(&self, cutoff: &str, send: bool) -> Result<usize, sqlx::Error> {
        let Some(upto) = self.store.last_alert_round_before(cutoff).await? else { return Ok(0) };
        let marks: HashMap<i64, i64> = self.store.weekly_marks_before(upto).await?.into_iter().collect();
        let Some(&from) = marks.values().min() else { return Ok(0) };
        self.refresh_alert_index().await?;
        let items = self.store.alert_items_of_rounds(from, upto).await?;
        let passed = self.mail_pass(&items, &Pass::Weekly { upto, marks }).await?;
        if passed.finished {
            let mut tx = self.store.begin().await?;
            tx.finish_weekly_digest(upto).await?;
            tx.commit().await?;
        }
        for c in passed.committed.iter().filter(|_| send) {
            self.send_alert_mail(c).await?;
        }
        Ok(passed.round.mails)
    }

    /// One alert's mail of its items; none when none is still public.
    fn mail_of(
        &self,
        alert: &StoredAlert,
        centre: Option<LatLon>,
        numbers: &[usize],
        shown: &[Option<(Shown, app::alerts::ItemFacts)>],
        lines: &mut Lines,
    ) -> Option<AlertMail> {
        let items: Vec<(usize, &Shown)> = numbers.iter().filter_map(|&n| shown[n].as_ref().map(|(s, _)| (n, s))).collect();
        if items.is_empty() {
            return None;
        }
        let (to, subject, body, unsubscribe) = self.compose(alert, &items, centre, lines)?;
        Some(AlertMail { to, subject, body, unsubscribe, plain_sender: alert.neutral })
    }
}

/// Runs seconds of matching or wording (a national burst) with the
/// worker's other tasks moved to another thread first, so pages are not
/// held up; as is where there is one thread only (tests, the CLI).
fn off_the_workers<R>(work: impl FnOnce() -> R) -> R {
    match tokio::runtime::Handle::try_current().map(|h| h.runtime_flavor()) {
        Ok(tokio::runtime::RuntimeFlavor::MultiThread) => tokio::task::block_in_place(work),
        _ => work(),
    }
}
