"""The start page, the list of servers a person may manage, and a server's overview."""

from __future__ import annotations

from aiohttp import web

from bot.web.auth import server_admin, servers_for, signed_in
from bot.web.pages import GUILD, SERVICE, SESSION, render
from bot.web.routes.common import SERVER_PATH, notice

routes = web.RouteTableDef()


@routes.get("/")
async def home(request: web.Request) -> web.StreamResponse:
    if request[SESSION] is not None:
        raise web.HTTPFound("/servers")
    return await render(
        request, "home.html", {"title": "newsbot", "signed_out": "signed_out" in request.query}
    )


@routes.get("/servers")
@signed_in
async def server_list(request: web.Request) -> web.StreamResponse:
    servers = await servers_for(request, request[SESSION])
    return await render(request, "servers.html", {"title": "Your servers", "servers": servers})


@routes.get(SERVER_PATH)
@server_admin
async def overview(request: web.Request) -> web.StreamResponse:
    service = request.app[SERVICE]
    guild_id = request[GUILD]["id"]
    counts = {
        "articles": (await service.library_page(guild_id, "", 1)).total,
        "feeds": len(await service.store.list_feeds(guild_id)),
    }
    return await render(
        request,
        "overview.html",
        {"title": request[GUILD]["name"], "counts": counts, "notice": notice(request)},
    )
