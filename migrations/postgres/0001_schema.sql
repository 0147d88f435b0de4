-- The whole schema for PostgreSQL: the same tables, columns and rules as
-- migrations/sqlite/0001..0008, so the one store's SQL runs on both.
-- Times are UTC ISO-8601 text (made by the application) and lists are JSON
-- text, exactly as in SQLite, so `atlas copy` moves rows unchanged.

CREATE FUNCTION atlas_now() RETURNS text LANGUAGE sql STABLE
    AS $$ SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') $$;

-- True when `value` is a JSON array (false, not an error, for bad JSON).
CREATE FUNCTION atlas_json_array(value text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN jsonb_typeof(value::jsonb) = 'array';
EXCEPTION WHEN others THEN
    RETURN false;
END $$;

CREATE FUNCTION atlas_json_valid(value text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    PERFORM value::jsonb;
    RETURN true;
EXCEPTION WHEN others THEN
    RETURN false;
END $$;

CREATE TABLE listing_kinds (
    slug     TEXT PRIMARY KEY CHECK (length(slug) BETWEEN 1 AND 40 AND slug ~ '^[a-z0-9_]+$'),
    label    TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 80),
    icon     TEXT NOT NULL,
    colour   TEXT NOT NULL CHECK (colour ~ '^#[0-9a-f]{6}$'),
    position INTEGER NOT NULL DEFAULT 0
);

INSERT INTO listing_kinds (slug, label, icon, colour, position) VALUES
    ('solidarity_group', 'Solidarity group', 'people', '#9d2235', 1),
    ('pnp_chapter', 'Health-access campaign chapter', 'health', '#00695c', 2),
    ('reporting_centre', 'Reporting centre', 'building', '#37474f', 3);

CREATE TABLE listings (
    id          BIGSERIAL PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 80 AND slug ~ '^[a-z0-9-]+$'),
    kind        TEXT NOT NULL REFERENCES listing_kinds (slug),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    summary     TEXT NOT NULL DEFAULT '' CHECK (length(summary) <= 500),
    area_name   TEXT NOT NULL CHECK (length(area_name) BETWEEN 1 AND 100),
    region      TEXT,
    precision   TEXT NOT NULL DEFAULT 'area' CHECK (precision IN ('exact', 'approximate', 'area')),
    -- The true point. Public outputs derive a coarser one from `precision`.
    latitude    DOUBLE PRECISION CHECK (latitude BETWEEN -90 AND 90),
    longitude   DOUBLE PRECISION CHECK (longitude BETWEEN -180 AND 180),
    -- Kept only for exact listings (public buildings).
    address     TEXT CHECK (address IS NULL OR precision = 'exact'),
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'published', 'archived')),
    created_at  TEXT NOT NULL DEFAULT atlas_now(),
    updated_at  TEXT NOT NULL DEFAULT atlas_now(),
    description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 20000),
    tags        TEXT NOT NULL DEFAULT '[]' CHECK (atlas_json_array(tags)),
    languages   TEXT NOT NULL DEFAULT '[]' CHECK (atlas_json_array(languages)),
    meeting_times TEXT NOT NULL DEFAULT '' CHECK (length(meeting_times) <= 500),
    accessibility TEXT NOT NULL DEFAULT '' CHECK (length(accessibility) <= 1000),
    website     TEXT,
    email       TEXT,
    phone       TEXT,
    last_confirmed TEXT,
    -- Where the public may see it: computed on write from precision.
    public_latitude  DOUBLE PRECISION,
    public_longitude DOUBLE PRECISION,
    schedule    TEXT NOT NULL DEFAULT '[]' CHECK (atlas_json_array(schedule)),
    social      TEXT NOT NULL DEFAULT '[]' CHECK (atlas_json_array(social)),
    -- Private: where reminders and relayed messages go. Never shown.
    contact_email TEXT,
    reminded_at TEXT,
    contact_lang TEXT NOT NULL DEFAULT 'en' CHECK (length(contact_lang) BETWEEN 2 AND 8),
    CHECK ((latitude IS NULL) = (longitude IS NULL))
);
CREATE INDEX listings_by_status ON listings (status, area_name, name);

CREATE TABLE outcodes (
    outcode   TEXT PRIMARY KEY CHECK (length(outcode) BETWEEN 2 AND 4),
    latitude  DOUBLE PRECISION NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude DOUBLE PRECISION NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    town      TEXT NOT NULL DEFAULT '',
    region    TEXT NOT NULL DEFAULT '',
    country   TEXT NOT NULL DEFAULT ''
);

CREATE TABLE resources (
    id          BIGSERIAL PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 80 AND slug ~ '^[a-z0-9-]+$'),
    title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    summary     TEXT NOT NULL DEFAULT '' CHECK (length(summary) <= 1000),
    body        TEXT NOT NULL DEFAULT '' CHECK (length(body) <= 100000),
    url         TEXT,
    kind        TEXT NOT NULL CHECK (kind IN ('toolkit', 'guide', 'know-your-rights', 'template', 'recording', 'reading', 'other')),
    topics      TEXT NOT NULL DEFAULT '[]' CHECK (atlas_json_array(topics)),
    languages   TEXT NOT NULL DEFAULT '[]' CHECK (atlas_json_array(languages)),
    publisher   TEXT,
    published   TEXT,
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'published', 'archived')),
    created_at  TEXT NOT NULL DEFAULT atlas_now(),
    updated_at  TEXT NOT NULL DEFAULT atlas_now()
);
CREATE INDEX resources_by_status ON resources (status, title);

CREATE TABLE users (
    id         BIGSERIAL PRIMARY KEY,
    -- Stored lowercased by the application.
    email      TEXT NOT NULL UNIQUE CHECK (length(email) BETWEEN 3 AND 254),
    role       TEXT NOT NULL CHECK (role IN ('admin', 'moderator', 'organiser')),
    regions    TEXT NOT NULL DEFAULT '[]' CHECK (atlas_json_array(regions)),
    created_at TEXT NOT NULL DEFAULT atlas_now()
);

CREATE TABLE sessions (
    hash       TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at TEXT NOT NULL
);

CREATE TABLE submissions (
    id            BIGSERIAL PRIMARY KEY,
    entity        TEXT NOT NULL CHECK (entity IN ('listing', 'resource')),
    action        TEXT NOT NULL CHECK (action IN ('create', 'edit', 'claim')),
    slug          TEXT NOT NULL,
    data          TEXT NOT NULL CHECK (atlas_json_valid(data)),
    contact_email TEXT NOT NULL,
    user_id       BIGINT REFERENCES users (id) ON DELETE CASCADE,
    region        TEXT,
    status        TEXT NOT NULL DEFAULT 'unconfirmed'
                  CHECK (status IN ('unconfirmed', 'pending', 'approved', 'rejected')),
    reason        TEXT,
    created_at    TEXT NOT NULL DEFAULT atlas_now(),
    decided_at    TEXT,
    decided_by    BIGINT REFERENCES users (id) ON DELETE SET NULL,
    lang          TEXT NOT NULL DEFAULT 'en' CHECK (length(lang) BETWEEN 2 AND 8)
);
CREATE INDEX submissions_by_status ON submissions (status, created_at);

CREATE TABLE tokens (
    hash          TEXT PRIMARY KEY,
    purpose       TEXT NOT NULL CHECK (purpose IN ('sign_in', 'confirm', 'still_active')),
    user_id       BIGINT REFERENCES users (id) ON DELETE CASCADE,
    submission_id BIGINT REFERENCES submissions (id) ON DELETE CASCADE,
    listing_slug  TEXT,
    expires_at    TEXT NOT NULL,
    used_at       TEXT
);

CREATE TABLE listing_owners (
    listing_slug TEXT NOT NULL REFERENCES listings (slug) ON DELETE CASCADE ON UPDATE CASCADE,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (listing_slug, user_id)
);

CREATE TABLE revisions (
    id         BIGSERIAL PRIMARY KEY,
    entity     TEXT NOT NULL CHECK (entity IN ('listing', 'resource')),
    slug       TEXT NOT NULL,
    data       TEXT NOT NULL CHECK (atlas_json_valid(data)),
    author     TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT atlas_now()
);
CREATE INDEX revisions_by_slug ON revisions (entity, slug, id);

CREATE TABLE audit_log (
    id         BIGSERIAL PRIMARY KEY,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    target     TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT atlas_now()
);

CREATE TABLE reports (
    id           BIGSERIAL PRIMARY KEY,
    listing_slug TEXT NOT NULL,
    category     TEXT NOT NULL CHECK (category IN ('wrong', 'closed', 'unsafe', 'duplicate')),
    message      TEXT NOT NULL DEFAULT '' CHECK (length(message) <= 2000),
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    created_at   TEXT NOT NULL DEFAULT atlas_now()
);

CREATE TABLE outbox (
    id         BIGSERIAL PRIMARY KEY,
    recipient  TEXT NOT NULL,
    reply_to   TEXT,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT atlas_now(),
    sent_at    TEXT,
    error      TEXT
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE rate_limits (
    key    TEXT NOT NULL,
    bucket BIGINT NOT NULL,
    hits   BIGINT NOT NULL,
    PRIMARY KEY (key, bucket)
);

-- Counts every write that changes what the public sees (see the SQLite
-- migration 0009): each instance polls it.
CREATE TABLE data_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 0);
