-- Digests: one schedule per server, and one row per period posted. The row is claimed before
-- the digest is posted, so restarts and several shard processes post each period once.

CREATE TABLE digest_schedules (
    guild_id    bigint PRIMARY KEY,
    channel_id  bigint  NOT NULL,
    time_of_day text    NOT NULL,  -- 'HH:MM', local
    every       text    NOT NULL CHECK (every IN ('daily', 'weekly')),
    weekday     integer,           -- 0 = Monday; weekly only
    timezone    text    NOT NULL,  -- IANA name
    since       double precision NOT NULL   -- unix seconds, when it was set
);

CREATE TABLE digest_posts (
    guild_id   bigint  NOT NULL,
    period     text    NOT NULL,  -- the local date of the scheduled moment
    claimed_at double precision NOT NULL,
    message_id bigint,            -- NULL: nothing posted (no new stories) or not yet
    stories    integer NOT NULL DEFAULT 0,
    PRIMARY KEY (guild_id, period)
);
