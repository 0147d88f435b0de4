-- Sources followed into the moderation queue (issue 33): another atlas's
-- or a council's ORUK feed, a GeoJSON or CSV file a network publishes.
-- Read on a schedule; a reading that fails keeps the last good state and
-- records its problem for the admin.
CREATE TABLE sources (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
    url           TEXT NOT NULL CHECK (length(url) BETWEEN 1 AND 500),
    format        TEXT NOT NULL CHECK (format IN ('oruk', 'geojson', 'csv')),
    default_kind  TEXT NOT NULL,
    -- Their kinds, tags and languages to ours (JSON objects by taxonomy).
    mapping       TEXT NOT NULL DEFAULT '{}',
    -- Records published without a moderator (still audited).
    trusted       INTEGER NOT NULL DEFAULT 0 CHECK (trusted IN (0, 1)),
    etag          TEXT,
    last_modified TEXT,
    -- SHA-256 of the last good copy: the same bytes change nothing.
    content_hash  TEXT,
    fetched_at    TEXT,
    read_at       TEXT,
    outcome       TEXT CHECK (outcome IN ('read', 'unchanged', 'failed')),
    -- The last good reading's counts (JSON): new, updated, unchanged, archived, held, skipped.
    counts        TEXT NOT NULL DEFAULT '{}',
    -- The last reading's trouble (a problem code with its values, JSON).
    problem       TEXT,
    added_by      TEXT NOT NULL,
    added_at      TEXT NOT NULL
);

-- Which of our listings (or waiting submissions) a source's record became.
CREATE TABLE source_records (
    source_id   INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    record_id   TEXT NOT NULL CHECK (length(record_id) BETWEEN 1 AND 200),
    slug        TEXT NOT NULL,
    -- SHA-256 of the record as mapped: an unchanged record does nothing.
    fingerprint TEXT NOT NULL,
    -- The record's page at the source, shown to moderators.
    link        TEXT,
    -- Where the record first came from, when the source had copied it too
    -- (else its link): our ORUK output names it, so no atlas re-offers it.
    origin      TEXT,
    gone        INTEGER NOT NULL DEFAULT 0 CHECK (gone IN (0, 1)),
    PRIMARY KEY (source_id, record_id)
);
CREATE INDEX source_records_by_slug ON source_records (slug);
