"""What the area modules share: ids from the path, the server's base path, notices."""

from __future__ import annotations

from aiohttp import web

from bot.ids import parse_id
from bot.web.pages import GUILD

SERVER_PATH = "/servers/{guild_id:\\d{1,20}}"
ID = "\\d{1,20}"

NOTICES = {
    "added": "Article added.",
    "exists": "This server already had that article; here it is.",
    "removed": "Article removed.",
    "feed_added": "Feed added: its newest articles will appear in the channel within a few "
    "minutes.",
    "feed_exists": "This server already has that feed.",
    "feed_removed": "Feed removed.",
    "feed_saved": "Feed settings saved: the next post uses them.",
    "mention_saved": "Mention saved.",
    "filter_added": "Filter added.",
    "filter_removed": "Filter removed.",
    "test_posted": "Test post sent to the feed's channel, marked as a test.",
    "saved": "Settings saved. /summary uses them from now on.",
    "stories_on": "Stories are on: a feed entry whose story was already posted to the channel "
    "is added to that post as another source.",
    "stories_off": "Stories are off: every feed entry is posted.",
    "digest_saved": "Digest saved: it is posted at the next scheduled time, when there are new "
    "stories.",
    "digest_off": "The digest is off.",
    "digest_was_off": "The digest was not on.",
}


def path_id(request: web.Request, name: str) -> int:
    """An id from the path; one too large for the database (or spelled in other digits than
    ASCII, which the route's \\d lets through) is simply not found."""
    value = parse_id(request.match_info[name])
    if value is None:
        raise web.HTTPNotFound(text="There is nothing at that address.")
    return value


def base(request: web.Request) -> str:
    return f"/servers/{request[GUILD]['id']}"


def notice(request: web.Request) -> str | None:
    return NOTICES.get(request.query.get("done", ""))


def see(path: str) -> web.HTTPSeeOther:
    """After a change, the browser loads the result (a reload does not repeat the change)."""
    return web.HTTPSeeOther(path)
