"""One feed's page: every setting `/feed edit` and `/feed mention` change, the filters (add,
remove, all-of/any-of) with a live preview of which of the newest entries pass and which rule
blocked each, a test post, and the delivery log.

Every change is the same `bot/feeds/` operation the slash commands and the CLI call; this
module only reads forms and shows results. A form filled in wrongly comes back with the
reason and what was typed (status 400), never a 500.

The preview works without JavaScript (the filter form's "Preview" button posts to
`…/preview`, which renders this page with the preview filled in); `panel.js` instead fetches
`GET …/preview` with the form's fields as the admin types and swaps in the result."""

from __future__ import annotations

import time
from typing import Any

from aiohttp import web

from bot.errors import InputError, UserFacingError
from bot.feeds.admin import add_filter, edit_feed, feed_log, own_feed, remove_filter, set_mention
from bot.feeds.deliveries import DeliveryError
from bot.feeds.filters import FIELDS, MODES, OPERATORS, load_rules, make_rule
from bot.feeds.poller import feed_status
from bot.feeds.preview import preview_feed, send_test_post
from bot.feeds.settings import ARCHIVE_MINUTES, FORMATS, TARGETS, target_for_channel
from bot.ids import parse_id
from bot.ingest.feeds import MIN_INTERVAL_MINUTES
from bot.models import Feed
from bot.web.auth import server_admin
from bot.web.pages import GUILD, POSTER, SERVICE, render, utc_time
from bot.web.routes.common import ID, SERVER_PATH, base, notice, path_id, see

routes = web.RouteTableDef()
FEED_PATH = SERVER_PATH + "/feeds/{feed_id:" + ID + "}"
FORUM_CHANNEL = 15
FEED_CHANNEL_TYPES = (0, 5, FORUM_CHANNEL)  # text, announcement, forum
NO_POSTER = (
    "Test posts are sent by the bot itself: they work when the panel runs beside the bot "
    "(newsbot run with NEWSBOT_WEB_URL set), not from a separate newsbot web."
)
DECISIONS = {
    "posted": "Posted",
    "edited": "Edited",
    "folded": "Added to its story's post",
    "filtered": "Filtered",
    "duplicate": "Duplicate",
    "capped": "Over the cap",
    "retrying": "Retrying",
    "failed": "Failed",
}


class _Refused(InputError):
    """A feed form was filled in wrongly."""


def _text(form, name: str) -> str:
    return str(form.get(name, "")).strip()


def _settings_form(feed: Feed) -> dict[str, Any]:
    return {
        "channel": str(feed.channel_id),
        "target": feed.target,
        "format": feed.post_format,
        "archive": str(feed.auto_archive_minutes),
        "interval": str(feed.interval_minutes),
        "combine": feed.filter_mode,
        "publish": feed.publish,
        "webhook": feed.use_webhook,
        "webhook_name": feed.webhook_name or "",
        "webhook_avatar": feed.webhook_avatar_url or "",
    }


def _mention_form(feed: Feed) -> dict[str, str]:
    rules = load_rules(feed.mention_filter)
    only = rules[0] if rules else None
    return {
        "role": str(feed.mention_role_id or ""),
        "field": only.field if only else "",
        "rule": only.op if only else "",
        "value": only.value if only else "",
    }


def _filter_form(feed: Feed, form=None) -> dict[str, str]:
    form = form or {}
    return {
        "field": _text(form, "field") or "title",
        "rule": _text(form, "rule") or "contains",
        "value": str(form.get("value", "")),
        "group": str(form.get("group", "")),
        "combine": _text(form, "combine") or feed.filter_mode,
    }


async def _page(
    request: web.Request,
    *,
    settings: dict | None = None,
    mention: dict | None = None,
    filter_form: dict | None = None,
    preview: dict | None = None,
    error: str | None = None,
    status: int = 200,
) -> web.Response:
    service = request.app[SERVICE]
    guild_id = request[GUILD]["id"]
    feed, entries = await feed_log(service, guild_id, path_id(request, "feed_id"))
    channels = [c for c in await service.channels(guild_id) if c.type in FEED_CHANNEL_TYPES]
    names = {c.id: c.name for c in channels}
    log = [
        {
            "when": utc_time(e.at),
            "decision": DECISIONS.get(e.decision, e.decision),
            "title": " ".join((e.title or "untitled").split()),
            "link": e.link,
            "detail": e.detail,
            "message": (
                f"https://discord.com/channels/{guild_id}/{e.channel_id}/{e.message_id}"
                if e.message_id and e.channel_id
                else None
            ),
        }
        for e in entries
    ]
    return await render(
        request,
        "feed.html",
        {
            "title": f"Feed #{feed.id}",
            "area": "feeds",
            "feed": feed,
            "feed_name": " ".join((feed.title or feed.url).split()),
            "status": feed_status(feed),
            "channel_name": names.get(feed.channel_id),
            "channels": channels,
            "forum_type": FORUM_CHANNEL,
            "settings": settings or _settings_form(feed),
            "mention": mention or _mention_form(feed),
            "filter_form": filter_form or _filter_form(feed),
            "rules": [
                (n, r.describe(), r.group) for n, r in enumerate(load_rules(feed.filters), 1)
            ],
            "preview": preview,
            "log": log,
            "can_test_post": request.app.get(POSTER) is not None,
            "fields": [(f.name, f.label) for f in FIELDS.values()],
            "operators": list(OPERATORS.items()),
            "modes": MODES,
            "targets": [(k, v) for k, v in TARGETS.items() if k != "forum"],
            "formats": list(FORMATS.items()),
            "archives": list(ARCHIVE_MINUTES.items()),
            "min_interval": MIN_INTERVAL_MINUTES,
            "error": error,
            "notice": notice(request),
        },
        status=status,
    )


@routes.get(FEED_PATH)
@server_admin
async def show(request: web.Request) -> web.StreamResponse:
    return await _page(request)


@routes.post(FEED_PATH)
@server_admin
async def save_settings(request: web.Request) -> web.StreamResponse:
    """Save the settings form: the same `edit_feed` as `/feed edit`, all settings at once."""
    form = await request.post()
    service = request.app[SERVICE]
    guild_id = request[GUILD]["id"]
    feed_id = path_id(request, "feed_id")
    kept = {
        "channel": _text(form, "channel"),
        "target": _text(form, "target"),
        "format": _text(form, "format"),
        "archive": _text(form, "archive"),
        "interval": _text(form, "interval"),
        "combine": _text(form, "combine"),
        "publish": form.get("publish") == "on",
        "webhook": form.get("webhook") == "on",
        "webhook_name": _text(form, "webhook_name"),
        "webhook_avatar": _text(form, "webhook_avatar"),
    }
    try:
        current = await own_feed(service, guild_id, feed_id)
        channels = {c.id: c for c in await service.channels(guild_id)}
        channel = channels.get(parse_id(kept["channel"]) or 0)
        if channel is None or channel.type not in FEED_CHANNEL_TYPES:
            raise _Refused("Choose one of this server's text, announcement or forum channels.")
        is_forum = channel.type == FORUM_CHANNEL
        changes: dict[str, Any] = {
            "channel_id": channel.id,
            "interval_minutes": _number(kept["interval"], "The interval is a number of minutes."),
            "filter_mode": kept["combine"],
            "post_format": kept["format"],
            "auto_archive_minutes": _number(kept["archive"], "Choose when threads archive."),
            "publish": kept["publish"],
            "use_webhook": kept["webhook"],
            "webhook_name": kept["webhook_name"] or None,
            "webhook_avatar_url": kept["webhook_avatar"] or None,
        }
        target = None if is_forum else kept["target"]
        if target is not None:
            changes["target"] = target
        changes.update(target_for_channel(is_forum, target, current))
        await edit_feed(service, guild_id, feed_id, changes)
    except InputError as exc:
        return await _page(request, settings=kept, error=str(exc), status=400)
    raise see(f"{base(request)}/feeds/{feed_id}?done=feed_saved")


def _number(raw: str, problem: str) -> int:
    if not (raw.isascii() and raw.isdigit() and len(raw) < 7):
        raise _Refused(problem)
    return int(raw)


@routes.post(FEED_PATH + "/mention")
@server_admin
async def save_mention(request: web.Request) -> web.StreamResponse:
    """Who the feed's posts mention: the same `set_mention` as `/feed mention`."""
    form = await request.post()
    guild_id = request[GUILD]["id"]
    feed_id = path_id(request, "feed_id")
    kept = {k: _text(form, k) for k in ("role", "field", "rule", "value")}
    try:
        role_id = None
        if kept["role"]:
            role_id = parse_id(kept["role"]) if kept["role"].isascii() else None
            if role_id is None or role_id == guild_id:
                raise _Refused(
                    "The role is given by its id (a number; right-click the role with "
                    "Developer Mode on, Copy Role ID), and cannot be @everyone."
                )
        only = None
        if kept["value"]:
            only = make_rule(kept["field"], kept["rule"], kept["value"])
        await set_mention(request.app[SERVICE], guild_id, feed_id, role_id, only)
    except InputError as exc:
        return await _page(request, mention=kept, error=str(exc), status=400)
    raise see(f"{base(request)}/feeds/{feed_id}?done=mention_saved#mention")


@routes.post(FEED_PATH + "/filters")
@server_admin
async def add_rule(request: web.Request) -> web.StreamResponse:
    """Add a filter rule (and set how rules combine): `/feed filter add`'s operation."""
    form = await request.post()
    guild_id = request[GUILD]["id"]
    feed_id = path_id(request, "feed_id")
    feed = await own_feed(request.app[SERVICE], guild_id, feed_id)
    kept = _filter_form(feed, form)
    try:
        await add_filter(
            request.app[SERVICE],
            guild_id,
            feed_id,
            kept["field"],
            kept["rule"],
            kept["value"],
            group=kept["group"] or None,
            mode=kept["combine"],
        )
    except InputError as exc:
        return await _page(request, filter_form=kept, error=str(exc), status=400)
    raise see(f"{base(request)}/feeds/{feed_id}?done=filter_added#filters")


@routes.post(FEED_PATH + "/filters/{number:\\d{1,3}}/remove")
@server_admin
async def remove_rule(request: web.Request) -> web.StreamResponse:
    feed_id = path_id(request, "feed_id")
    number = int(request.match_info["number"])
    await remove_filter(request.app[SERVICE], request[GUILD]["id"], feed_id, number)
    raise see(f"{base(request)}/feeds/{feed_id}?done=filter_removed#filters")


@routes.get(FEED_PATH + "/preview")
@routes.post(FEED_PATH + "/preview")
@server_admin
async def preview(request: web.Request) -> web.StreamResponse:
    """Which of the newest entries pass the feed's filters, plus the rule being written in
    the filter form (when it has a value), combined as that form says. Nothing is saved."""
    form = await request.post() if request.method == "POST" else request.query
    guild_id = request[GUILD]["id"]
    feed = await own_feed(request.app[SERVICE], guild_id, path_id(request, "feed_id"))
    kept = _filter_form(feed, form)
    try:
        rules = load_rules(feed.filters)
        if kept["value"].strip():
            rules.append(make_rule(kept["field"], kept["rule"], kept["value"], kept["group"]))
        if kept["combine"] not in MODES:
            raise _Refused(f"Filters combine as: {', '.join(MODES)}.")
    except InputError as exc:
        return await _page(request, filter_form=kept, error=str(exc), status=400)
    try:
        _feed, entries = await preview_feed(
            request.app[SERVICE], guild_id, feed.id, time.time(), rules=rules, mode=kept["combine"]
        )
    except UserFacingError as exc:
        shown = {"problem": f"The feed could not be read: {exc}", "entries": [], "rules": 0}
    else:
        shown = {"problem": None, "entries": entries, "rules": len(rules)}
    return await _page(request, filter_form=kept, preview=shown)


@routes.post(FEED_PATH + "/test")
@server_admin
async def test_post(request: web.Request) -> web.StreamResponse:
    """Post the newest entry as the feed would, marked as a test: `/feed test post:True`."""
    poster = request.app.get(POSTER)
    feed_id = path_id(request, "feed_id")
    if poster is None:
        return await _page(request, error=NO_POSTER, status=400)
    try:
        await send_test_post(request.app[SERVICE], poster, request[GUILD]["id"], feed_id)
    except (DeliveryError, UserFacingError) as exc:
        return await _page(request, error=f"The test post could not be sent: {exc}", status=400)
    raise see(f"{base(request)}/feeds/{feed_id}?done=test_posted")
