-- The home page's "recently added": the newest published listings, read
-- from the index instead of sorting every listing on each visit.
CREATE INDEX listings_recent ON listings (status, created_at);
