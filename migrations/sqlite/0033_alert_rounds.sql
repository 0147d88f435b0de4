-- Issue 32: exactly once without a row per (subscriber, item). Newly
-- public items are matched in numbered rounds, one after another; each
-- subscription keeps the last round it was mailed (or, weekly, digested)
-- up to, moved in the transaction that queues its mail and guarded by
-- its old value. A round is worked under a short claim that another
-- instance takes over when it lapses. Changes to followed groups keep
-- their deliveries.
CREATE TABLE alert_rounds (
    id            INTEGER PRIMARY KEY,
    created_at    TEXT NOT NULL,
    claimed_until TEXT,
    done_at       TEXT
);
ALTER TABLE alert_items ADD COLUMN round_id INTEGER REFERENCES alert_rounds (id);
CREATE INDEX alert_items_by_round ON alert_items (round_id);
ALTER TABLE alert_subscriptions ADD COLUMN mailed_round INTEGER NOT NULL DEFAULT 0;
CREATE INDEX alert_subscriptions_by_mark ON alert_subscriptions (cadence, mailed_round);
-- A mail asked for with a neutral subject is sent without the site's name
-- beside the sender's address either (a shared phone shows both).
ALTER TABLE outbox ADD COLUMN plain_sender INTEGER NOT NULL DEFAULT 0;
