-- A reading's records as they arrive (issue 33), a chunk of records a row
-- (their mapped fields as lines of JSON), so a national source is never
-- held in memory whole: matched from here once the reading is complete,
-- then dropped; a failed or cut-off reading drops its rows and changes
-- nothing else. Rows left by a crash are dropped a day later.
CREATE TABLE source_staging (
    reading    TEXT NOT NULL,
    seq        BIGINT NOT NULL,
    source_id  BIGINT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    started_at TEXT NOT NULL,
    records    TEXT NOT NULL,
    PRIMARY KEY (reading, seq)
);
CREATE INDEX source_staging_by_start ON source_staging (started_at);
