-- What a followed calendar last said of a series, but for its dates (a
-- hash): a later reading that says anything else of it — a venue, a
-- title, a description — waits for a moderator; only new dates flow.
ALTER TABLE events ADD COLUMN read_fingerprint TEXT NOT NULL DEFAULT '';
