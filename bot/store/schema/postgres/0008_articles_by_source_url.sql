-- SQLite's 0008 adds the index on (guild_id, source_url) that PostgreSQL has had since 0001
-- (articles_guild_source), so the two backends hold the same indexes. Nothing to do here.
SELECT 1;
