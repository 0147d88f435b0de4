-- What each data version changed, so the other instances update just those
-- records in their search index instead of rebuilding it. `entity` is
-- 'listing' or 'resource' with a slug, or 'all' (rebuild everything).
CREATE TABLE changes (
    version INTEGER NOT NULL,
    entity  TEXT NOT NULL CHECK (entity IN ('listing', 'resource', 'all')),
    slug    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX changes_by_version ON changes (version);
