"""A server's digest: its schedule (as `/digest set`), what it would post now (as
`/digest preview`) and turning it off (as `/digest off`), on the same service functions."""

from __future__ import annotations

import functools
from zoneinfo import available_timezones

from aiohttp import web

from bot.digest_schedule import DAYS, EVERY
from bot.errors import UserFacingError
from bot.web.auth import server_admin
from bot.web.pages import GUILD, SERVICE, render
from bot.web.routes.common import SERVER_PATH, base, notice, see
from bot.web.routes.feeds import POSTABLE_CHANNEL_TYPES

routes = web.RouteTableDef()
FIELDS = ("channel", "time", "every", "day", "timezone")


@functools.cache
def zone_names() -> tuple[str, ...]:
    """Every IANA name, offered as the browser's suggestions while typing (what the slash
    command's autocomplete does); read from the system's zone files once."""
    return tuple(sorted(available_timezones()))


def _form_of(schedule) -> dict[str, str]:
    if schedule is None:
        return {"channel": "", "time": "08:00", "every": "daily", "day": "", "timezone": "UTC"}
    return {
        "channel": str(schedule.channel_id),
        "time": schedule.time_of_day,
        "every": schedule.every,
        "day": DAYS[schedule.weekday] if schedule.weekday is not None else "",
        "timezone": schedule.timezone,
    }


async def _digest(request: web.Request, *, form=None, preview=None, error=None, status=200):
    service = request.app[SERVICE]
    guild_id = request[GUILD]["id"]
    channels = [c for c in await service.channels(guild_id) if c.type in POSTABLE_CHANNEL_TYPES]
    names = {c.id: c.name for c in await service.channels(guild_id)}
    schedule = await service.digest_schedule(guild_id)
    return await render(
        request,
        "digest.html",
        {
            "title": "Digest",
            "area": "digest",
            "schedule": schedule,
            "channel_name": names.get(schedule.channel_id) if schedule else None,
            "days": DAYS,
            "zones": zone_names(),
            "every_choices": EVERY,
            "channels": channels,
            "form": form or _form_of(schedule),
            "preview": preview,
            "error": error,
            "notice": notice(request),
        },
        status=status,
    )


@routes.get(SERVER_PATH + "/digest")
@server_admin
async def show(request: web.Request) -> web.StreamResponse:
    return await _digest(request)


@routes.get(SERVER_PATH + "/digest/preview")
@server_admin
async def preview(request: web.Request) -> web.StreamResponse:
    """What the digest would post now; a read, so a link (and a reload) can ask again."""
    _schedule, items = await request.app[SERVICE].digest_preview(request[GUILD]["id"])
    return await _digest(request, preview=items)


@routes.post(SERVER_PATH + "/digest")
@server_admin
async def save(request: web.Request) -> web.StreamResponse:
    posted = await request.post()
    form = {name: str(posted.get(name, "")).strip() for name in FIELDS}
    service = request.app[SERVICE]
    guild_id = request[GUILD]["id"]
    postable = {c.id for c in await service.channels(guild_id) if c.type in POSTABLE_CHANNEL_TYPES}
    try:
        channel = form["channel"]
        if not (channel.isascii() and channel.isdigit()) or int(channel) not in postable:
            raise _Refused("Choose one of this server's text channels.")
        await service.set_digest(
            guild_id,
            int(channel),
            form["time"],
            form["every"],
            form["day"] or None,
            form["timezone"] or None,
        )
    except UserFacingError as exc:
        return await _digest(request, form=form, error=str(exc), status=400)
    raise see(f"{base(request)}/digest?done=digest_saved")


@routes.post(SERVER_PATH + "/digest/off")
@server_admin
async def off(request: web.Request) -> web.StreamResponse:
    removed = await request.app[SERVICE].digest_off(request[GUILD]["id"])
    raise see(f"{base(request)}/digest?done={'digest_off' if removed else 'digest_was_off'}")


class _Refused(UserFacingError):
    """The digest form was filled in wrongly."""
