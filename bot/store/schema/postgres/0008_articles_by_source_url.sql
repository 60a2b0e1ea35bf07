-- SQLite's 0008 adds the indexes on articles (guild_id, source_url) and feed_entries (article_id)
-- that PostgreSQL has had from the start, so the two backends hold the same indexes. Nothing to
-- do here.
SELECT 1;
