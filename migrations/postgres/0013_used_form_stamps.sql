-- Each public form's "started" stamp is good for one post: the hash of a
-- stamp once used, kept until the stamp would have expired anyway.
CREATE TABLE used_form_stamps (
    hash       TEXT PRIMARY KEY,
    expires_at TEXT NOT NULL
);
