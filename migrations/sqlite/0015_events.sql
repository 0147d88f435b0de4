-- What's on: event series, their per-occurrence changes, and the
-- occurrences expanded from them for a rolling window (what the pages,
-- the API and the feeds read).

-- Categories are data, like listing kinds: an operator may add more.
CREATE TABLE event_categories (
    slug     TEXT PRIMARY KEY CHECK (length(slug) BETWEEN 1 AND 40 AND slug NOT GLOB '*[^a-z0-9_]*'),
    label    TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 80),
    position INTEGER NOT NULL DEFAULT 0
);

INSERT INTO event_categories (slug, label, position) VALUES
    ('regular_activity', 'Regular activity', 1),
    ('meeting', 'Meeting', 2),
    ('training', 'Training / know your rights', 3),
    ('webinar', 'Webinar', 4),
    ('action', 'Action', 5),
    ('festival', 'Festival', 6),
    ('summit', 'Summit', 7),
    ('reading_group', 'Reading group', 8),
    ('drop_in', 'Drop-in', 9);

CREATE TABLE events (
    id               INTEGER PRIMARY KEY,
    slug             TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 80 AND slug NOT GLOB '*[^a-z0-9-]*'),
    -- The iCalendar UID: kept from an imported file, so a re-import updates.
    uid              TEXT NOT NULL UNIQUE CHECK (length(uid) BETWEEN 1 AND 255),
    listing_slug     TEXT NOT NULL REFERENCES listings (slug) ON DELETE CASCADE ON UPDATE CASCADE,
    title            TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    summary          TEXT NOT NULL DEFAULT '' CHECK (length(summary) <= 500),
    description      TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 20000),
    description_html TEXT NOT NULL DEFAULT '',
    category         TEXT NOT NULL REFERENCES event_categories (slug),
    languages        TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(languages) AND json_type(languages) = 'array'),
    audience         TEXT NOT NULL DEFAULT 'everyone' CHECK (audience IN ('everyone', 'women', 'lived_experience', 'workers', 'young_people')),
    cost             TEXT NOT NULL DEFAULT 'free' CHECK (cost IN ('free', 'donation', 'price')),
    price            TEXT CHECK (length(price) <= 100),
    access           TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(access) AND json_type(access) = 'array'),
    access_notes     TEXT NOT NULL DEFAULT '' CHECK (length(access_notes) <= 1000),
    join_how         TEXT NOT NULL DEFAULT 'turn_up' CHECK (join_how IN ('turn_up', 'register', 'link')),
    join_url         TEXT CHECK (length(join_url) <= 500),
    time_zone        TEXT NOT NULL DEFAULT 'Europe/London',
    all_day          INTEGER NOT NULL DEFAULT 0 CHECK (all_day IN (0, 1)),
    -- Wall-clock times in time_zone: YYYY-MM-DDTHH:MM:SS, or YYYY-MM-DD all day
    -- (the end then the day after the last, as in iCalendar).
    starts_local     TEXT NOT NULL,
    ends_local       TEXT NOT NULL,
    rrule            TEXT CHECK (length(rrule) <= 500),
    exdates          TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(exdates) AND json_type(exdates) = 'array'),
    place            TEXT NOT NULL CHECK (place IN ('listing', 'venue', 'online')),
    online_url       TEXT CHECK (length(online_url) <= 500),
    venue_name       TEXT,
    venue_address    TEXT,
    venue_latitude   REAL,
    venue_longitude  REAL,
    venue_precision  TEXT CHECK (venue_precision IN ('exact', 'approximate', 'area')),
    venue_public_latitude  REAL,
    venue_public_longitude REAL,
    venue_town       TEXT,
    series_status    TEXT NOT NULL DEFAULT 'scheduled' CHECK (series_status IN ('scheduled', 'cancelled', 'postponed', 'moved_online')),
    status           TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'published', 'archived')),
    created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX events_by_listing ON events (listing_slug);

-- One occurrence changed (moved, retitled, cancelled), keyed by its
-- original local start (iCalendar's RECURRENCE-ID).
CREATE TABLE event_overrides (
    event_id      INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    recurrence_id TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled', 'postponed', 'moved_online')),
    starts_local  TEXT,
    ends_local    TEXT,
    title         TEXT CHECK (length(title) BETWEEN 1 AND 200),
    PRIMARY KEY (event_id, recurrence_id)
);

-- Derived: rebuilt for a series whenever it changes, and nightly as the
-- window moves. Times in UTC (sortable text) and as local wall-clock.
CREATE TABLE event_occurrences (
    event_id      INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    recurrence_id TEXT NOT NULL,
    starts_at     TEXT NOT NULL,
    ends_at       TEXT NOT NULL,
    starts_local  TEXT NOT NULL,
    ends_local    TEXT NOT NULL,
    status        TEXT NOT NULL,
    title         TEXT,
    PRIMARY KEY (event_id, recurrence_id)
);
CREATE INDEX occurrences_by_start ON event_occurrences (starts_at, event_id, recurrence_id);
