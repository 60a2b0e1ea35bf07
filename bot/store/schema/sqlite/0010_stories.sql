-- Stories: every stored article belongs to one (the articles about the same event, from any
-- source, within a time window). A story is named by the id of its first article.

CREATE TABLE story_articles (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    guild_id   INTEGER NOT NULL,
    story_id   INTEGER NOT NULL,
    at         REAL    NOT NULL,  -- unix seconds, when it joined
    terms      TEXT    NOT NULL   -- its headline terms, space-separated
);
CREATE INDEX story_articles_story ON story_articles (guild_id, story_id, at);
CREATE INDEX story_articles_window ON story_articles (guild_id, at);

-- The inverted index of the window: candidates for a new article come from its rare terms.
CREATE TABLE story_terms (
    guild_id   INTEGER NOT NULL,
    term       TEXT    NOT NULL,
    at         REAL    NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    story_id   INTEGER NOT NULL,
    PRIMARY KEY (guild_id, term, at, article_id)
) WITHOUT ROWID;
CREATE INDEX story_terms_article ON story_terms (article_id);

-- The message a story was first posted as in a channel, and the sources that reported it since.
CREATE TABLE story_posts (
    guild_id      INTEGER NOT NULL,
    story_id      INTEGER NOT NULL,
    channel_id    INTEGER NOT NULL,
    message_id    INTEGER NOT NULL,
    posted_at     REAL    NOT NULL,
    also_reported TEXT    NOT NULL DEFAULT '[]',  -- JSON [[source, url], ...]
    PRIMARY KEY (guild_id, story_id, channel_id)
);

CREATE TABLE story_settings (
    guild_id INTEGER PRIMARY KEY,
    enabled  INTEGER NOT NULL DEFAULT 1
);
