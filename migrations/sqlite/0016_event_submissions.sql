-- Events go through the same moderation as listings and resources:
-- submissions and revisions may now be of an event, and a submission of
-- a calendar an organiser asks us to follow. SQLite cannot alter a
-- CHECK, and rebuilding the tables inside the migration's transaction
-- would cascade-delete the tokens that point at submissions. A CHECK that
-- only allows more values changes nothing on disk, so the table
-- definitions are edited in place, the way SQLite's ALTER TABLE
-- documentation describes for CHECK constraints (section 7).
PRAGMA writable_schema = ON;
UPDATE sqlite_master
   SET sql = replace(sql, 'entity IN (''listing'', ''resource'')', 'entity IN (''listing'', ''resource'', ''event'', ''calendar'')')
 WHERE type = 'table' AND name IN ('submissions', 'revisions');
PRAGMA writable_schema = OFF;
