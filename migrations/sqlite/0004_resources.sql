-- The resource library.
CREATE TABLE resources (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 80 AND slug NOT GLOB '*[^a-z0-9-]*'),
    title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    summary     TEXT NOT NULL DEFAULT '' CHECK (length(summary) <= 1000),
    body        TEXT NOT NULL DEFAULT '' CHECK (length(body) <= 100000),
    url         TEXT,
    kind        TEXT NOT NULL CHECK (kind IN ('toolkit', 'guide', 'know-your-rights', 'template', 'recording', 'reading', 'other')),
    topics      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(topics) AND json_type(topics) = 'array'),
    languages   TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(languages) AND json_type(languages) = 'array'),
    publisher   TEXT,
    published   TEXT,
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'published', 'archived')),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX resources_by_status ON resources (status, title);
