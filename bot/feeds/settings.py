"""What can be set on a feed, and the checks each value passes: one registry read by the
feeds cog's choices, the CLI's choices and `edit_feed` alike."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from bot import limits
from bot.errors import InputError
from bot.feeds.filters import MODES
from bot.ingest.feeds import MIN_INTERVAL_MINUTES
from bot.models import Feed

TARGETS = {
    "channel": "a message in the channel",
    "thread": "a message in the channel with a new thread per article, named after its title",
    "forum": "a post per article in a forum channel, titled with the article's title",
}
"""Delivery targets, by the name used in commands, the CLI and the store."""
FORMATS = {
    "full": "the /summary embed",
    "compact": "title, link and one sentence",
    "quotes": "the summary and the article's top quotation",
}
ARCHIVE_MINUTES = {60: "1 hour", 1440: "1 day", 4320: "3 days", 10080: "1 week"}
"""The auto-archive durations Discord accepts for threads."""


def check_settings(changes: dict[str, Any]) -> dict[str, Any]:
    """The changes an admin asked for, checked; InputError with what to fix otherwise."""
    if not changes:
        raise InputError("Nothing to change: give at least one setting.")
    interval = changes.get("interval_minutes")
    if interval is not None and not (
        MIN_INTERVAL_MINUTES <= interval <= limits.MAX_FEED_INTERVAL_MINUTES
    ):
        raise InputError(
            f"A feed is polled every {MIN_INTERVAL_MINUTES} to "
            f"{limits.MAX_FEED_INTERVAL_MINUTES} minutes."
        )
    for name, allowed, what in (
        ("filter_mode", MODES, "Filters combine as"),
        ("post_format", FORMATS, "A feed's format is one of"),
        ("target", TARGETS, "A feed posts to one of"),
        ("auto_archive_minutes", ARCHIVE_MINUTES, "Threads archive after (minutes)"),
    ):
        if name in changes and changes[name] not in allowed:
            raise InputError(f"{what}: {', '.join(str(a) for a in allowed)}.")
    name = changes.get("webhook_name")
    if name is not None:
        name = changes["webhook_name"] = " ".join(name.split())
        lowered = name.casefold()
        if not 1 <= len(name) <= limits.WEBHOOK_NAME or "discord" in lowered or "clyde" in lowered:
            raise InputError(
                f"A webhook name has 1 to {limits.WEBHOOK_NAME} characters and cannot contain "
                "“discord” or “clyde”."
            )
    avatar = changes.get("webhook_avatar_url")
    if avatar is not None:
        parts = urlsplit(avatar.strip())
        if parts.scheme != "https" or not parts.hostname or len(avatar) > limits.URL_MAX:
            raise InputError("An avatar is given as an https:// address of an image.")
        changes["webhook_avatar_url"] = avatar.strip()
    return changes


def target_for_channel(is_forum: bool | None, target: str | None, current: Feed | None) -> dict:
    """The target a channel choice implies (`is_forum` None: no new channel chosen): a forum
    channel takes a post per article; moving a forum feed to a text channel makes it post
    messages again. Shared by `/feed edit` and the web panel's feed page."""
    if is_forum:
        if target not in (None, "forum"):
            raise InputError("A forum channel gets a post per article: leave out target.")
        return {"target": "forum"}
    on_forum = current is not None and current.target == "forum"
    if on_forum and is_forum is None and target not in (None, "forum"):
        raise InputError("This feed posts to a forum: give a text channel to change that.")
    if target == "forum" and not (is_forum is None and on_forum):
        raise InputError("Only a forum channel takes a post per article: choose a forum channel.")
    if on_forum and is_forum is False and target is None:
        return {"target": "channel"}
    return {}
