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
