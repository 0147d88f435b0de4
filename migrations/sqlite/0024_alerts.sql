-- E-mail alerts (issue 32). The subscriber list is the most sensitive
-- table the site holds: the address is sealed (XChaCha20-Poly1305 under
-- ATLAS_ALERTS_KEY, which the database never holds), found again by a
-- keyed hash; the place is a postcode district or town (and a coarse grid
-- cell for matching), never a point; tokens are kept as hashes.
CREATE TABLE alert_subscriptions (
    id             INTEGER PRIMARY KEY,
    address_sealed TEXT NOT NULL,
    address_hash   TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('pending', 'confirmed')),
    place          TEXT NOT NULL,
    cell           TEXT NOT NULL,
    radius_km      INTEGER NOT NULL,
    wants          TEXT NOT NULL,
    kinds          TEXT NOT NULL,
    tag            TEXT NOT NULL,
    lang           TEXT NOT NULL,
    category       TEXT NOT NULL,
    topic          TEXT NOT NULL,
    cadence        TEXT NOT NULL CHECK (cadence IN ('instant', 'weekly')),
    mail_lang      TEXT NOT NULL,
    neutral        INTEGER NOT NULL,
    token_salt     TEXT NOT NULL,
    token_hash     TEXT NOT NULL UNIQUE,
    confirm_hash   TEXT UNIQUE,
    created_at     TEXT NOT NULL,
    confirmed_at   TEXT
);
CREATE INDEX alert_subscriptions_by_cell ON alert_subscriptions (status, cell);
CREATE INDEX alert_subscriptions_by_address ON alert_subscriptions (address_hash);

-- What became public, written in the transaction that published it.
CREATE TABLE alert_items (
    id         INTEGER PRIMARY KEY,
    entity     TEXT NOT NULL CHECK (entity IN ('listing', 'event', 'resource')),
    slug       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    in_lockdown INTEGER NOT NULL,
    matched_at TEXT
);
CREATE INDEX alert_items_unmatched ON alert_items (matched_at);

-- Each item reaches each subscription once: the key says so.
CREATE TABLE alert_deliveries (
    subscription_id INTEGER NOT NULL REFERENCES alert_subscriptions (id) ON DELETE CASCADE,
    item_id         INTEGER NOT NULL REFERENCES alert_items (id) ON DELETE CASCADE,
    created_at      TEXT NOT NULL,
    mailed_at       TEXT,
    PRIMARY KEY (subscription_id, item_id)
);
CREATE INDEX alert_deliveries_unmailed ON alert_deliveries (mailed_at, subscription_id);

-- Alert mail is held during a lockdown, carries its one-click
-- unsubscribe address, and is deleted once sent.
ALTER TABLE outbox ADD COLUMN purpose TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN unsubscribe TEXT;
