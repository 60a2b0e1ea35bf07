-- The web control panel (bot/web/): signed-in admins' sessions, and the servers and channels
-- the bot is in, which the bot keeps current from the gateway so that the panel (a process of
-- its own, without a gateway connection) can tell which servers it may show.

-- A session is found by the SHA-256 of its cookie, never by the cookie itself: a copy of the
-- database holds no live session. `guilds` is the JSON list of the servers the person manages,
-- as Discord said at `checked_at`; the OAuth2 access token lets the panel ask again.
CREATE TABLE web_sessions (
    id_hash      TEXT    PRIMARY KEY,
    user_id      INTEGER NOT NULL,
    user_name    TEXT    NOT NULL,
    access_token TEXT    NOT NULL,
    guilds       TEXT    NOT NULL,
    csrf_token   TEXT    NOT NULL,
    checked_at   REAL    NOT NULL,  -- unix seconds
    created_at   REAL    NOT NULL,
    expires_at   REAL    NOT NULL
) WITHOUT ROWID;
CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);

CREATE TABLE bot_guilds (
    guild_id INTEGER PRIMARY KEY
);

CREATE TABLE bot_channels (
    channel_id INTEGER PRIMARY KEY,
    guild_id   INTEGER NOT NULL,
    name       TEXT    NOT NULL,
    type       INTEGER NOT NULL,  -- Discord's channel type: 0 text, 5 announcement, 15 forum...
    position   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX bot_channels_guild ON bot_channels (guild_id, position);
