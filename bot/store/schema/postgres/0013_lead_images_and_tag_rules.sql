-- The page's lead image (og:image, else twitter:image), an absolute http(s) address that feed
-- posts and /summary show as their embed image. Discord fetches it; newsbot never downloads
-- it. NULL for articles without one and for every article stored before this migration.
ALTER TABLE articles ADD COLUMN image_url TEXT;

-- Forum tags chosen by a filter rule, per feed: a JSON list of {"tag", "field", "op", "value"}
-- (see bot/feeds/tags.py), applied besides the tags that match the entry's categories. NULL:
-- none, today's behaviour.
ALTER TABLE feeds ADD COLUMN tag_rules TEXT;
