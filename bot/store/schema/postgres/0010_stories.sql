-- Stories: every stored article belongs to one (the articles about the same event, from any
-- source, within a time window). A story is named by the id of its first article.

CREATE TABLE story_articles (
    article_id bigint PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    guild_id   bigint NOT NULL,
    story_id   bigint NOT NULL,
    at         double precision NOT NULL,  -- unix seconds, when it joined
    terms      text   NOT NULL             -- its headline terms, space-separated
);
CREATE INDEX story_articles_story ON story_articles (guild_id, story_id, at);
CREATE INDEX story_articles_window ON story_articles (guild_id, at);

-- The inverted index of the window: candidates for a new article come from its rare terms.
CREATE TABLE story_terms (
    guild_id   bigint NOT NULL,
    term       text   NOT NULL,
    at         double precision NOT NULL,
    article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    story_id   bigint NOT NULL,
    PRIMARY KEY (guild_id, term, at, article_id)
);
CREATE INDEX story_terms_article ON story_terms (article_id);

-- The message a story was first posted as in a channel, and the sources that reported it since.
CREATE TABLE story_posts (
    guild_id      bigint NOT NULL,
    story_id      bigint NOT NULL,
    channel_id    bigint NOT NULL,
    message_id    bigint NOT NULL,
    posted_at     double precision NOT NULL,
    also_reported text   NOT NULL DEFAULT '[]',  -- JSON [[source, url], ...]
    PRIMARY KEY (guild_id, story_id, channel_id)
);

CREATE TABLE story_settings (
    guild_id bigint PRIMARY KEY,
    enabled  boolean NOT NULL DEFAULT true
);
