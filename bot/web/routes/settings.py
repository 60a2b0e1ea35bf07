"""A server's settings: the default summary length and method that /summary uses."""

from __future__ import annotations

from aiohttp import web

from bot import limits
from bot.engine.summary.methods import DEFAULT_METHOD, METHODS
from bot.errors import UserFacingError
from bot.web.auth import server_admin
from bot.web.pages import GUILD, SERVICE, render
from bot.web.routes.common import SERVER_PATH, base, notice, see

routes = web.RouteTableDef()


async def _settings(request: web.Request, *, error=None, status=200):
    settings = await request.app[SERVICE].server_settings(request[GUILD]["id"])
    return await render(
        request,
        "settings.html",
        {
            "title": "Settings",
            "area": "settings",
            "sentences": settings.summary_sentences or limits.DEFAULT_SUMMARY_SENTENCES,
            "method": settings.summary_method or DEFAULT_METHOD,
            "methods": tuple((m.name, m.label) for m in METHODS.values()),
            "autosummary_channel": settings.autosummary_channel_id,
            "error": error,
            "notice": notice(request),
        },
        status=status,
    )


@routes.get(SERVER_PATH + "/settings")
@server_admin
async def show(request: web.Request) -> web.StreamResponse:
    return await _settings(request)


@routes.post(SERVER_PATH + "/settings")
@server_admin
async def save(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    raw = str(form.get("sentences", "")).strip()
    try:
        if not (raw.isascii() and raw.isdigit() and len(raw) < 4):
            raise _Refused(
                f"The summary length is a number of sentences, {limits.MIN_SUMMARY_SENTENCES} "
                f"to {limits.MAX_SUMMARY_SENTENCES}."
            )
        await request.app[SERVICE].save_summary_defaults(
            request[GUILD]["id"], int(raw), str(form.get("method", "")) or None
        )
    except UserFacingError as exc:
        return await _settings(request, error=str(exc), status=400)
    raise see(f"{base(request)}/settings?done=saved")


class _Refused(UserFacingError):
    """The settings form was filled in wrongly."""
