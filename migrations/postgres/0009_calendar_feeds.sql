-- Calendars groups already keep (Google, Nextcloud, WordPress), followed
-- by address: read on a schedule, the first reading shown to a moderator,
-- then kept in step. A reading that fails keeps the last good copy.
CREATE TABLE calendar_feeds (
    id             BIGSERIAL PRIMARY KEY,
    listing_slug   TEXT NOT NULL UNIQUE REFERENCES listings (slug) ON DELETE CASCADE ON UPDATE CASCADE,
    url            TEXT NOT NULL CHECK (length(url) BETWEEN 1 AND 500),
    -- The organiser said the calendar's places are public buildings.
    public_venues  BIGINT NOT NULL DEFAULT 0 CHECK (public_venues IN (0, 1)),
    state          TEXT NOT NULL CHECK (state IN ('in_review', 'following', 'refused')),
    -- Who asked, told when the calendar stops being readable.
    contact_email  TEXT NOT NULL,
    lang           TEXT NOT NULL DEFAULT 'en',
    etag           TEXT,
    last_modified  TEXT,
    -- SHA-256 of the last good copy: an unchanged file changes nothing.
    content_hash   TEXT,
    checked_at     TEXT,
    read_at        TEXT,
    -- The last reading's trouble (a problem code with its values, JSON).
    problem        TEXT,
    -- UIDs of series the last good copy could not take, with why.
    skipped        TEXT NOT NULL DEFAULT '[]',
    failures       BIGINT NOT NULL DEFAULT 0,
    next_read_at   TEXT NOT NULL,
    created_at     TEXT NOT NULL DEFAULT atlas_now()
);
CREATE INDEX calendar_feeds_due ON calendar_feeds (next_read_at);

-- A series read from a followed calendar: only that calendar changes it.
ALTER TABLE events ADD COLUMN calendar_id BIGINT REFERENCES calendar_feeds (id) ON DELETE SET NULL;
CREATE INDEX events_by_calendar ON events (calendar_id);
