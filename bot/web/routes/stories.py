"""A server's stories: the stories setting (as `/settings stories on|off`) and its recent
stories, each with its articles and the multi-document summary `/story` shows."""

from __future__ import annotations

from aiohttp import web

from bot import limits
from bot.web.auth import server_admin
from bot.web.pages import GUILD, SERVICE, render
from bot.web.routes.common import SERVER_PATH, base, notice, see

routes = web.RouteTableDef()


@routes.get(SERVER_PATH + "/stories")
@server_admin
async def show(request: web.Request) -> web.StreamResponse:
    service = request.app[SERVICE]
    guild_id = request[GUILD]["id"]
    stories = await service.recent_stories(guild_id, limits.PANEL_STORIES)
    return await render(
        request,
        "stories.html",
        {
            "title": "Stories",
            "area": "stories",
            "enabled": await service.stories_enabled(guild_id),
            "stories": stories,
            "notice": notice(request),
        },
    )


@routes.post(SERVER_PATH + "/stories")
@server_admin
async def save(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    choice = str(form.get("stories", ""))
    if choice not in ("on", "off"):
        raise web.HTTPBadRequest(text="Choose on or off.")
    await request.app[SERVICE].set_stories(request[GUILD]["id"], choice == "on")
    raise see(f"{base(request)}/stories?done=stories_{choice}")
