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

-- Follows: what a member asked to hear about (private to them), and the matches waiting for
-- or sent as DMs. `/follow clear` and a member's leaving delete all three kinds of row.

CREATE TABLE follows (
    id         INTEGER PRIMARY KEY,
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    kind       TEXT    NOT NULL CHECK (kind IN ('keyword', 'speaker', 'feed')),
    value      TEXT    NOT NULL,  -- what is matched: keyword terms, a speaker's name lowercased, a feed id
    label      TEXT    NOT NULL,  -- as the member typed it, or the feed's title
    match_key  TEXT    NOT NULL,  -- indexed: the first keyword term, the speaker, the feed id
    created_at REAL    NOT NULL,
    UNIQUE (guild_id, user_id, kind, value)
);
CREATE INDEX follows_match ON follows (guild_id, kind, match_key);

CREATE TABLE follow_members (
    guild_id  INTEGER NOT NULL,
    user_id   INTEGER NOT NULL,
    paused_at REAL,               -- DMs were refused: no matches until the member resumes
    told      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (guild_id, user_id)
);

CREATE TABLE follow_notices (
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    reason     TEXT    NOT NULL,
    created_at REAL    NOT NULL,
    dm_at      REAL,              -- NULL: waiting
    dm_kind    TEXT,              -- 'single', 'combined' or 'dropped' (DMs closed)
    PRIMARY KEY (guild_id, user_id, article_id)
);
CREATE INDEX follow_notices_waiting ON follow_notices (guild_id, dm_at, created_at);
CREATE INDEX follow_notices_article ON follow_notices (article_id);
