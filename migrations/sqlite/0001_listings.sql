-- Kinds of listing are data, so an operator can add one without code.
CREATE TABLE listing_kinds (
    slug     TEXT PRIMARY KEY
             CHECK (length(slug) BETWEEN 1 AND 40 AND slug NOT GLOB '*[^a-z0-9_]*'),
    label    TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 80),
    icon     TEXT NOT NULL,
    colour   TEXT NOT NULL CHECK (colour GLOB '#[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'),
    position INTEGER NOT NULL DEFAULT 0
);

INSERT INTO listing_kinds (slug, label, icon, colour, position) VALUES
    ('solidarity_group', 'Solidarity group', 'people', '#9d2235', 1),
    ('pnp_chapter', 'Health-access campaign chapter', 'health', '#00695c', 2),
    ('reporting_centre', 'Reporting centre', 'building', '#37474f', 3);

CREATE TABLE listings (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE
                CHECK (length(slug) BETWEEN 1 AND 80 AND slug NOT GLOB '*[^a-z0-9-]*'),
    kind        TEXT NOT NULL REFERENCES listing_kinds (slug),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    summary     TEXT NOT NULL DEFAULT '' CHECK (length(summary) <= 500),
    area_name   TEXT NOT NULL CHECK (length(area_name) BETWEEN 1 AND 100),
    region      TEXT,
    precision   TEXT NOT NULL DEFAULT 'area' CHECK (precision IN ('exact', 'approximate', 'area')),
    -- The true point. Public outputs derive a coarser one from `precision`.
    latitude    REAL CHECK (latitude BETWEEN -90 AND 90),
    longitude   REAL CHECK (longitude BETWEEN -180 AND 180),
    -- Kept only for exact listings (public buildings).
    address     TEXT CHECK (address IS NULL OR precision = 'exact'),
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'published', 'archived')),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    CHECK ((latitude IS NULL) = (longitude IS NULL))
);

CREATE INDEX listings_by_status ON listings (status, area_name, name);
