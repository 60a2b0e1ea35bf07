"""A server's feeds: the list with each feed's state, add one (checked first, as /feed add
does), remove one; and each feed's page (`feed_page.py`): its settings, filters with a live
preview, a test post and the delivery log."""

from __future__ import annotations

from aiohttp import web

from bot.errors import UserFacingError
from bot.feeds.poller import feed_status, subscribe, unsubscribe
from bot.web.auth import server_admin
from bot.web.pages import GUILD, SERVICE, SESSION, render
from bot.web.routes.common import ID, SERVER_PATH, base, notice, path_id, see

routes = web.RouteTableDef()
POSTABLE_CHANNEL_TYPES = (0, 5)  # text and announcement channels, as /feed add takes


async def _feeds(request: web.Request, *, form=None, error=None, status=200):
    service = request.app[SERVICE]
    guild_id = request[GUILD]["id"]
    channels = [c for c in await service.channels(guild_id) if c.type in POSTABLE_CHANNEL_TYPES]
    names = {c.id: c.name for c in await service.channels(guild_id)}
    feeds = [
        {"feed": f, "status": feed_status(f), "channel": names.get(f.channel_id)}
        for f in await service.store.list_feeds(guild_id)
    ]
    return await render(
        request,
        "feeds.html",
        {
            "title": "Feeds",
            "area": "feeds",
            "feeds": feeds,
            "channels": channels,
            "form": form or {"url": "", "channel": ""},
            "error": error,
            "notice": notice(request),
        },
        status=status,
    )


@routes.get(SERVER_PATH + "/feeds")
@server_admin
async def feed_list(request: web.Request) -> web.StreamResponse:
    return await _feeds(request)


@routes.post(SERVER_PATH + "/feeds")
@server_admin
async def add_feed(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    url, channel = str(form.get("url", "")).strip(), str(form.get("channel", "")).strip()
    kept = {"url": url, "channel": channel}
    service = request.app[SERVICE]
    guild_id = request[GUILD]["id"]
    postable = {c.id for c in await service.channels(guild_id) if c.type in POSTABLE_CHANNEL_TYPES}
    try:
        if not url.lower().startswith(("http://", "https://")):
            raise _Refused("The feed's address must start with http:// or https://.")
        if not channel.isdigit() or int(channel) not in postable:
            raise _Refused("Choose one of this server's text channels.")
        feed, created = await subscribe(
            service, guild_id, int(channel), url, added_by=request[SESSION].user_id
        )
    except UserFacingError as exc:
        return await _feeds(request, form=kept, error=str(exc), status=400)
    raise see(
        f"{base(request)}/feeds?done={'feed_added' if created else 'feed_exists'}#feed-{feed.id}"
    )


class _Refused(UserFacingError):
    """The add form was filled in wrongly."""


@routes.post(SERVER_PATH + "/feeds/{feed_id:" + ID + "}/remove")
@server_admin
async def remove_feed(request: web.Request) -> web.StreamResponse:
    await unsubscribe(request.app[SERVICE], request[GUILD]["id"], path_id(request, "feed_id"))
    raise see(f"{base(request)}/feeds?done=feed_removed")
