"""The panel's pages, one module per area of a server. Each module has a `routes` table;
`MODULES` is every module the app serves and `AREAS` the server navigation (label, the path
under `/servers/{id}/`). A new area is a module here, an entry in both, and its templates."""

from __future__ import annotations

from bot.web.routes import digest, feed_page, feeds, library, servers, settings, stories

MODULES = (servers, library, feeds, feed_page, stories, digest, settings)
AREAS = (
    ("Library", "articles"),
    ("Feeds", "feeds"),
    ("Stories", "stories"),
    ("Digest", "digest"),
    ("Settings", "settings"),
)
