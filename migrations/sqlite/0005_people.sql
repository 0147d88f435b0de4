-- People, self-registration and moderation.

CREATE TABLE users (
    id         INTEGER PRIMARY KEY,
    email      TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(email) BETWEEN 3 AND 254),
    role       TEXT NOT NULL CHECK (role IN ('admin', 'moderator', 'organiser')),
    -- For moderators: the regions they look after ([] = everywhere).
    regions    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(regions) AND json_type(regions) = 'array'),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- Signed-in browsers. Only a hash of the cookie is kept.
CREATE TABLE sessions (
    hash       TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at TEXT NOT NULL
);

-- Submissions waiting for their sender, a moderator, or decided.
-- `data` is the submitted record as JSON (the importer's field names).
CREATE TABLE submissions (
    id            INTEGER PRIMARY KEY,
    entity        TEXT NOT NULL CHECK (entity IN ('listing', 'resource')),
    action        TEXT NOT NULL CHECK (action IN ('create', 'edit', 'claim')),
    slug          TEXT NOT NULL,
    data          TEXT NOT NULL CHECK (json_valid(data)),
    contact_email TEXT NOT NULL,
    user_id       INTEGER REFERENCES users (id) ON DELETE CASCADE,
    region        TEXT,
    status        TEXT NOT NULL DEFAULT 'unconfirmed'
                  CHECK (status IN ('unconfirmed', 'pending', 'approved', 'rejected')),
    reason        TEXT,
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    decided_at    TEXT,
    decided_by    INTEGER REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX submissions_by_status ON submissions (status, created_at);

-- One-time links sent by email. Only a hash of the token is kept.
CREATE TABLE tokens (
    hash          TEXT PRIMARY KEY,
    purpose       TEXT NOT NULL CHECK (purpose IN ('sign_in', 'confirm', 'still_active')),
    user_id       INTEGER REFERENCES users (id) ON DELETE CASCADE,
    submission_id INTEGER REFERENCES submissions (id) ON DELETE CASCADE,
    listing_slug  TEXT,
    expires_at    TEXT NOT NULL,
    used_at       TEXT
);

-- Who looks after which listing.
CREATE TABLE listing_owners (
    listing_slug TEXT NOT NULL REFERENCES listings (slug) ON DELETE CASCADE ON UPDATE CASCADE,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (listing_slug, user_id)
);

-- Private: where reminders and relayed messages go. Never shown.
ALTER TABLE listings ADD COLUMN contact_email TEXT;
ALTER TABLE listings ADD COLUMN reminded_at TEXT;

-- Every version of a listing or resource, newest last. Moderators only.
CREATE TABLE revisions (
    id         INTEGER PRIMARY KEY,
    entity     TEXT NOT NULL CHECK (entity IN ('listing', 'resource')),
    slug       TEXT NOT NULL,
    data       TEXT NOT NULL CHECK (json_valid(data)),
    author     TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX revisions_by_slug ON revisions (entity, slug, id);

-- Who did what, when and why. The actor is kept as text so the record
-- outlives the account.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    target     TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- "Report this listing".
CREATE TABLE reports (
    id           INTEGER PRIMARY KEY,
    listing_slug TEXT NOT NULL,
    category     TEXT NOT NULL CHECK (category IN ('wrong', 'closed', 'unsafe', 'duplicate')),
    message      TEXT NOT NULL DEFAULT '' CHECK (length(message) <= 2000),
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- Every email the site sends, kept until delivered (and readable by admins
-- when no SMTP server is configured).
CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY,
    recipient  TEXT NOT NULL,
    reply_to   TEXT,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    sent_at    TEXT,
    error      TEXT
);

-- Switches an admin flips, e.g. lockdown.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
