-- How often each resource's page was read, per day: the home page's
-- "popular in the library". Counts only; nothing about who read it.
CREATE TABLE resource_views (
    resource_slug TEXT NOT NULL,
    day           TEXT NOT NULL,
    views         INTEGER NOT NULL,
    PRIMARY KEY (resource_slug, day)
);
