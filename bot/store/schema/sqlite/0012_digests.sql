-- Digests: one schedule per server, and one row per period posted. The row is claimed before
-- the digest is posted, so restarts and several shard processes post each period once.

CREATE TABLE digest_schedules (
    guild_id    INTEGER PRIMARY KEY,
    channel_id  INTEGER NOT NULL,
    time_of_day TEXT    NOT NULL,  -- 'HH:MM', local
    every       TEXT    NOT NULL CHECK (every IN ('daily', 'weekly')),
    weekday     INTEGER,           -- 0 = Monday; weekly only
    timezone    TEXT    NOT NULL,  -- IANA name
    since       REAL    NOT NULL   -- unix seconds, when it was set
);

CREATE TABLE digest_posts (
    guild_id   INTEGER NOT NULL,
    period     TEXT    NOT NULL,  -- the local date of the scheduled moment
    claimed_at REAL    NOT NULL,
    message_id INTEGER,           -- NULL: nothing posted (no new stories) or not yet
    stories    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (guild_id, period)
);
