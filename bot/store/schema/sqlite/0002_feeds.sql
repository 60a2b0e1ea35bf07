-- RSS/Atom feeds a guild subscribes to, and the entries already seen, so nothing posts twice.

CREATE TABLE feeds (
    id               INTEGER PRIMARY KEY,
    guild_id         INTEGER NOT NULL,
    channel_id       INTEGER NOT NULL,
    url              TEXT    NOT NULL,
    title            TEXT,
    interval_minutes INTEGER NOT NULL DEFAULT 30,
    etag             TEXT,
    last_modified    TEXT,
    next_poll_at     REAL    NOT NULL DEFAULT 0,  -- unix seconds
    last_polled_at   REAL,
    failures         INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT,
    enabled          INTEGER NOT NULL DEFAULT 1,
    added_by         INTEGER,
    created_at       TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (guild_id, url)
);
CREATE INDEX feeds_due ON feeds (enabled, next_poll_at);

-- One row per key of an entry (its id and its link): an entry is claimed before it is posted.
CREATE TABLE feed_entries (
    feed_id    INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    entry_key  TEXT    NOT NULL,
    article_id INTEGER REFERENCES articles (id) ON DELETE SET NULL,
    claimed_at REAL    NOT NULL,
    posted_at  REAL,
    PRIMARY KEY (feed_id, entry_key)
) WITHOUT ROWID;
CREATE INDEX feed_entries_posted ON feed_entries (feed_id, posted_at);
