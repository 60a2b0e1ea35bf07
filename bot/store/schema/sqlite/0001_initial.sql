-- Articles, cached summaries, quotations, per-guild settings and full-text search.
-- Every table that holds guild content carries guild_id, and every query filters on it.

CREATE TABLE articles (
    id             INTEGER PRIMARY KEY,
    guild_id       INTEGER NOT NULL,
    title          TEXT    NOT NULL,
    source_url     TEXT,
    canonical_url  TEXT,
    author         TEXT,
    site_name      TEXT,
    published      TEXT,
    text           TEXT    NOT NULL,
    language       TEXT    NOT NULL DEFAULT 'en',
    added_by       INTEGER,
    added_at       TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    content_hash   TEXT    NOT NULL,
    sentence_count INTEGER NOT NULL DEFAULT 0,
    word_count     INTEGER NOT NULL DEFAULT 0,
    quotes_version TEXT,
    -- the guild as one FTS token, so a search can be scoped inside the index itself
    guild_key      TEXT GENERATED ALWAYS AS ('g' || guild_id) VIRTUAL,
    UNIQUE (guild_id, content_hash)
);
CREATE UNIQUE INDEX articles_guild_canonical ON articles (guild_id, canonical_url)
    WHERE canonical_url IS NOT NULL;
CREATE INDEX articles_guild_newest ON articles (guild_id, id DESC);

CREATE VIRTUAL TABLE articles_fts USING fts5 (
    guild_key, title, text,
    content = 'articles', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'  -- autocomplete matches the word being typed by its first letters
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, guild_key, title, text)
    VALUES (new.id, new.guild_key, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, guild_key, title, text)
    VALUES ('delete', old.id, old.guild_key, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, guild_key, title, text)
    VALUES ('delete', old.id, old.guild_key, old.title, old.text);
    INSERT INTO articles_fts (rowid, guild_key, title, text)
    VALUES (new.id, new.guild_key, new.title, new.text);
END;

CREATE TABLE summaries (
    article_id      INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    method          TEXT    NOT NULL,
    length          TEXT    NOT NULL,  -- '3' (sentences) or '25%'
    engine_version  TEXT    NOT NULL,
    sentences       TEXT    NOT NULL,  -- JSON array of strings
    total_sentences INTEGER NOT NULL,
    keywords        TEXT    NOT NULL DEFAULT '[]',
    created_at      TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (article_id, method, length, engine_version)
) WITHOUT ROWID;

CREATE TABLE quotations (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    guild_id     INTEGER NOT NULL,
    quote        TEXT    NOT NULL,
    speaker      TEXT COLLATE NOCASE,
    speaker_role TEXT,
    cue          TEXT,
    start_offset INTEGER NOT NULL,
    end_offset   INTEGER NOT NULL,
    confidence   REAL    NOT NULL DEFAULT 0.5,
    guild_key    TEXT GENERATED ALWAYS AS ('g' || guild_id) VIRTUAL
);
CREATE INDEX quotations_article ON quotations (article_id);
CREATE INDEX quotations_guild ON quotations (guild_id, id);
CREATE INDEX quotations_guild_speaker ON quotations (guild_id, speaker);

CREATE VIRTUAL TABLE quotations_fts USING fts5 (
    guild_key, quote, speaker,
    content = 'quotations', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER quotations_fts_insert AFTER INSERT ON quotations BEGIN
    INSERT INTO quotations_fts (rowid, guild_key, quote, speaker)
    VALUES (new.id, new.guild_key, new.quote, new.speaker);
END;
CREATE TRIGGER quotations_fts_delete AFTER DELETE ON quotations BEGIN
    INSERT INTO quotations_fts (quotations_fts, rowid, guild_key, quote, speaker)
    VALUES ('delete', old.id, old.guild_key, old.quote, old.speaker);
END;

CREATE TABLE guild_settings (
    guild_id               INTEGER PRIMARY KEY,
    summary_sentences      INTEGER,
    summary_method         TEXT,
    autosummary_channel_id INTEGER
);
