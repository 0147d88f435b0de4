-- Posts per client per hour, shared by every instance. `key` is a keyed
-- hash of the action and the client's address, never the address itself.
CREATE TABLE rate_limits (
    key    TEXT NOT NULL,
    bucket INTEGER NOT NULL,
    hits   INTEGER NOT NULL,
    PRIMARY KEY (key, bucket)
);
