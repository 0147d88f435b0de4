-- A `translator` role (issue 31). SQLite cannot change a CHECK
-- constraint, so `users` is rebuilt by SQLite's documented procedure
-- (https://www.sqlite.org/lang_altertable.html#otheralter): foreign keys
-- must be off so that dropping the old table does not cascade to
-- sessions, submissions, tokens and owners, and they can only be turned
-- off outside a transaction. sqlx runs every SQLite migration inside one
-- (it ignores `-- no-transaction` for SQLite), so this one ends that
-- transaction, does the rebuild in its own, and opens a new one for sqlx
-- to record the migration in. Run twice (a crash between the two
-- commits), it does the same rebuild again: no harm.
COMMIT;
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE users_new (
    id         INTEGER PRIMARY KEY,
    email      TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(email) BETWEEN 3 AND 254),
    role       TEXT NOT NULL CHECK (role IN ('admin', 'moderator', 'translator', 'organiser')),
    -- For moderators: the regions they look after ([] = everywhere).
    regions    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(regions) AND json_type(regions) = 'array'),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
INSERT INTO users_new (id, email, role, regions, created_at) SELECT id, email, role, regions, created_at FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
PRAGMA foreign_key_check;
COMMIT;
PRAGMA foreign_keys = ON;
BEGIN;
