-- The page's lead image (og:image, else twitter:image), an absolute http(s) address that feed
-- posts and /summary show as their embed image. Discord fetches it; newsbot never downloads
-- it. NULL for articles without one and for every article stored before this migration.
ALTER TABLE articles ADD COLUMN image_url TEXT;
