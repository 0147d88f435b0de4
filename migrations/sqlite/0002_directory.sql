-- The full listing record of the directory, the public point derived from
-- the owner's chosen precision, and the postcode-district gazetteer.

ALTER TABLE listings ADD COLUMN description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 20000);
-- JSON arrays of short strings.
ALTER TABLE listings ADD COLUMN tags TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags) AND json_type(tags) = 'array');
ALTER TABLE listings ADD COLUMN languages TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(languages) AND json_type(languages) = 'array');
ALTER TABLE listings ADD COLUMN meeting_times TEXT NOT NULL DEFAULT '' CHECK (length(meeting_times) <= 500);
ALTER TABLE listings ADD COLUMN accessibility TEXT NOT NULL DEFAULT '' CHECK (length(accessibility) <= 1000);
ALTER TABLE listings ADD COLUMN website TEXT;
ALTER TABLE listings ADD COLUMN email TEXT;
ALTER TABLE listings ADD COLUMN phone TEXT;
ALTER TABLE listings ADD COLUMN last_confirmed TEXT;
-- Where the public may see it: computed on write from precision, never the
-- true point unless precision is exact.
ALTER TABLE listings ADD COLUMN public_latitude REAL;
ALTER TABLE listings ADD COLUMN public_longitude REAL;

-- UK postcode districts ("outcodes"), imported with `atlas import outcodes`.
CREATE TABLE outcodes (
    outcode   TEXT PRIMARY KEY CHECK (length(outcode) BETWEEN 2 AND 4),
    latitude  REAL NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude REAL NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    town      TEXT NOT NULL DEFAULT '',
    region    TEXT NOT NULL DEFAULT '',
    country   TEXT NOT NULL DEFAULT ''
);
