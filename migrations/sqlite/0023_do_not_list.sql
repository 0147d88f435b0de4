-- The opt-out register (issue 33): a group that asked never to be listed
-- (after a threat, a raid, a closure) stays unlisted. Only keyed hashes of
-- its name and town, website and e-mail are kept, never the data; a later
-- registration, import or claim that matches is held for a moderator.
CREATE TABLE opt_outs (
    id          INTEGER PRIMARY KEY,
    reason      TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE TABLE opt_out_marks (
    mark       TEXT NOT NULL CHECK (mark IN ('name_town', 'website', 'email')),
    digest     TEXT NOT NULL,
    opt_out_id INTEGER NOT NULL REFERENCES opt_outs (id) ON DELETE CASCADE,
    PRIMARY KEY (mark, digest)
);
CREATE INDEX opt_out_marks_by_opt_out ON opt_out_marks (opt_out_id);

-- Addresses and domains an admin blocked from sending submissions.
CREATE TABLE blocked_senders (
    pattern  TEXT PRIMARY KEY,
    reason   TEXT NOT NULL,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL
);

-- Why a submission waits for a moderator's word before it may be approved.
ALTER TABLE submissions ADD COLUMN held_reason TEXT;
