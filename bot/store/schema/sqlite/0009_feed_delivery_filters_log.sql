-- Posting a feed's article is a stage of its own: a delivery is queued when the article is
-- stored and stays pending until Discord has the post, so a 503 or a missing channel loses
-- nothing (it is retried with back-off, and a restart resumes it). Existing feeds need no new
-- settings: their entries simply go through this queue from now on.

CREATE TABLE feed_deliveries (
    id              INTEGER PRIMARY KEY,
    feed_id         INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    article_id      INTEGER REFERENCES articles (id) ON DELETE SET NULL,
    entry_keys      TEXT    NOT NULL,                     -- JSON list: the entry's id and link
    state           TEXT    NOT NULL DEFAULT 'pending',   -- pending, delivered, failed
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL    NOT NULL,                     -- unix seconds
    last_error      TEXT,
    created_at      REAL    NOT NULL,
    delivered_at    REAL,
    channel_id      INTEGER,                              -- where the post landed
    message_id      INTEGER,
    lease_owner     TEXT,
    lease_until     REAL
);
CREATE INDEX feed_deliveries_due ON feed_deliveries (state, next_attempt_at);
CREATE INDEX feed_deliveries_feed ON feed_deliveries (feed_id, created_at);
CREATE INDEX feed_deliveries_article ON feed_deliveries (article_id) WHERE article_id IS NOT NULL;

-- Filters decide which entries are posted: a JSON list of rules (NULL: post everything, as
-- before), combined all-of or any-of (rules sharing a group take the other combination).
ALTER TABLE feeds ADD COLUMN filters TEXT;
ALTER TABLE feeds ADD COLUMN filter_mode TEXT NOT NULL DEFAULT 'all';

-- What the feed decided about each entry, for `/feed log` (the newest few hundred are kept).
CREATE TABLE feed_log (
    id         INTEGER PRIMARY KEY,
    feed_id    INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    at         REAL    NOT NULL,                          -- unix seconds
    decision   TEXT    NOT NULL,  -- posted, filtered, duplicate, capped, failed, retrying, edited
    detail     TEXT,
    title      TEXT,
    link       TEXT,
    channel_id INTEGER,
    message_id INTEGER
);
CREATE INDEX feed_log_feed ON feed_log (feed_id, id);

-- How and where a feed posts. The defaults are what every feed did before: the full summary
-- embed, as the bot itself, in the feed's text channel, mentioning nobody.
ALTER TABLE feeds ADD COLUMN post_format TEXT NOT NULL DEFAULT 'full';  -- full, compact, quotes
ALTER TABLE feeds ADD COLUMN target TEXT NOT NULL DEFAULT 'channel';  -- channel, thread, forum
ALTER TABLE feeds ADD COLUMN auto_archive_minutes INTEGER NOT NULL DEFAULT 1440;
ALTER TABLE feeds ADD COLUMN publish INTEGER NOT NULL DEFAULT 0;  -- crosspost in announcement channels
ALTER TABLE feeds ADD COLUMN mention_role_id INTEGER;
ALTER TABLE feeds ADD COLUMN mention_filter TEXT;  -- JSON rule: mention only entries matching it
ALTER TABLE feeds ADD COLUMN use_webhook INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feeds ADD COLUMN webhook_name TEXT;
ALTER TABLE feeds ADD COLUMN webhook_avatar_url TEXT;
ALTER TABLE feeds ADD COLUMN paused_reason TEXT;  -- set when a permission went missing
ALTER TABLE feed_deliveries ADD COLUMN mention_role_id INTEGER;
ALTER TABLE feed_deliveries ADD COLUMN categories TEXT;  -- JSON list: the entry's, for forum tags

-- Edits in place: what the entry said when it was posted, so a changed title or a materially
-- changed text can edit the post (a delivery with edit_of set edits that delivery's message).
ALTER TABLE feed_deliveries ADD COLUMN entry_title TEXT;
ALTER TABLE feed_deliveries ADD COLUMN entry_text TEXT;
ALTER TABLE feed_deliveries ADD COLUMN link TEXT;
ALTER TABLE feed_deliveries ADD COLUMN edit_of INTEGER;

-- The site's icon from the feed (RSS image, Atom icon/logo): a webhook's default avatar.
ALTER TABLE feeds ADD COLUMN icon_url TEXT;
