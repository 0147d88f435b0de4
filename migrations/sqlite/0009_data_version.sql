-- Counts every write that changes what the public sees. Each instance
-- polls it and rebuilds its directory and search index when it moves; a
-- single row, so versions become visible in the order they were written.
CREATE TABLE data_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 0);
