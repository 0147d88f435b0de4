-- Events go through the same moderation as listings and resources, and
-- so does the first reading of a calendar an organiser asks us to follow.
ALTER TABLE submissions DROP CONSTRAINT submissions_entity_check;
ALTER TABLE submissions ADD CONSTRAINT submissions_entity_check CHECK (entity IN ('listing', 'resource', 'event', 'calendar'));
ALTER TABLE revisions DROP CONSTRAINT revisions_entity_check;
ALTER TABLE revisions ADD CONSTRAINT revisions_entity_check CHECK (entity IN ('listing', 'resource', 'event', 'calendar'));
