"""Feed settings an admin changes (filters) and what they read (the log): the one place these
operations live, called by the feeds cog and the CLI alike."""

from __future__ import annotations

from typing import Any

from bot import limits
from bot.errors import InputError, NotFoundError
from bot.feeds.filters import MODES, FilterRule, dump_rules, load_rules, make_rule
from bot.feeds.poller import NO_SUCH_FEED
from bot.feeds.settings import check_settings
from bot.feeds.tags import TagRule, dump_tag_rules, load_tag_rules, make_tag_rule
from bot.models import Feed, FeedLogEntry
from bot.service import NewsService

NO_SUCH_FILTER = "That feed has no filter with that number: /feed filter list shows them."
NO_SUCH_TAG_RULE = "That feed has no tag rule with that number: /feed show lists them."


async def own_feed(service: NewsService, guild_id: int, feed_id: int) -> Feed:
    """The guild's feed; NotFoundError for a missing id or another guild's feed."""
    feed = await service.store.get_feed(guild_id, feed_id)
    if feed is None:
        raise NotFoundError(NO_SUCH_FEED)
    return feed


async def add_filter(
    service: NewsService,
    guild_id: int,
    feed_id: int,
    field: str,
    op: str,
    value: str,
    *,
    group: str | None = None,
    mode: str | None = None,
) -> tuple[Feed, list[FilterRule]]:
    """Add a checked rule (and change how rules combine, when `mode` is given)."""
    feed = await own_feed(service, guild_id, feed_id)
    rule = make_rule(field, op, value, group)
    rules = load_rules(feed.filters)
    if len(rules) >= limits.MAX_FEED_FILTERS:
        raise InputError(
            f"A feed can have at most {limits.MAX_FEED_FILTERS} filters: remove one first."
        )
    return await _save(service, feed, [*rules, rule], mode or feed.filter_mode)


async def remove_filter(
    service: NewsService, guild_id: int, feed_id: int, number: int
) -> tuple[Feed, FilterRule, list[FilterRule]]:
    """Remove rule `number` (1-based, as `/feed filter list` numbers them)."""
    feed = await own_feed(service, guild_id, feed_id)
    rules = load_rules(feed.filters)
    if not 1 <= number <= len(rules):
        raise NotFoundError(NO_SUCH_FILTER)
    removed = rules.pop(number - 1)
    feed, rules = await _save(service, feed, rules, feed.filter_mode)
    return feed, removed, rules


async def _save(
    service: NewsService, feed: Feed, rules: list[FilterRule], mode: str
) -> tuple[Feed, list[FilterRule]]:
    if mode not in MODES:
        raise InputError(f"Filters combine as: {', '.join(MODES)}.")
    stored = dump_rules(rules)
    if not await service.store.set_feed_filters(feed.guild_id, feed.id, stored, mode):
        raise NotFoundError(NO_SUCH_FEED)
    return await own_feed(service, feed.guild_id, feed.id), rules


async def edit_feed(
    service: NewsService, guild_id: int, feed_id: int, changes: dict[str, Any]
) -> Feed:
    """Change the settings given (see `bot/feeds/settings.py`), leaving the others and the
    feed's history as they are. A pause for a missing permission is lifted by any edit: the
    next delivery checks again."""
    feed = await own_feed(service, guild_id, feed_id)
    if changes or not feed.paused_reason:  # an empty edit of a paused feed resumes it
        changes = check_settings(dict(changes))
    changes = {**changes, "paused_reason": None}
    if not await service.store.update_feed(guild_id, feed_id, changes):
        raise NotFoundError(NO_SUCH_FEED)
    return await own_feed(service, guild_id, feed_id)


async def set_mention(
    service: NewsService,
    guild_id: int,
    feed_id: int,
    role_id: int | None,
    rule: FilterRule | None = None,
) -> Feed:
    """Mention `role_id` in the feed's posts (only for entries matching `rule`, if given);
    None turns mentions off."""
    await own_feed(service, guild_id, feed_id)
    changes = {
        "mention_role_id": role_id,
        "mention_filter": dump_rules([rule]) if rule is not None and role_id else None,
    }
    if not await service.store.update_feed(guild_id, feed_id, changes):
        raise NotFoundError(NO_SUCH_FEED)
    return await own_feed(service, guild_id, feed_id)


async def add_tag_rule(
    service: NewsService, guild_id: int, feed_id: int, tag: str, field: str, op: str, value: str
) -> tuple[Feed, list[TagRule]]:
    """Give the feed's forum posts the tag named `tag` when the entry passes the rule."""
    feed = await own_feed(service, guild_id, feed_id)
    rule = make_tag_rule(tag, field, op, value)
    rules = load_tag_rules(feed.tag_rules)
    if len(rules) >= limits.MAX_FEED_TAG_RULES:
        raise InputError(
            f"A feed can have at most {limits.MAX_FEED_TAG_RULES} tag rules: remove one first."
        )
    return await _save_tag_rules(service, feed, [*rules, rule])


async def remove_tag_rule(
    service: NewsService, guild_id: int, feed_id: int, number: int
) -> tuple[Feed, TagRule, list[TagRule]]:
    """Remove tag rule `number` (1-based, as `/feed show` numbers them)."""
    feed = await own_feed(service, guild_id, feed_id)
    rules = load_tag_rules(feed.tag_rules)
    if not 1 <= number <= len(rules):
        raise NotFoundError(NO_SUCH_TAG_RULE)
    removed = rules.pop(number - 1)
    feed, rules = await _save_tag_rules(service, feed, rules)
    return feed, removed, rules


async def _save_tag_rules(
    service: NewsService, feed: Feed, rules: list[TagRule]
) -> tuple[Feed, list[TagRule]]:
    changes = {"tag_rules": dump_tag_rules(rules)}
    if not await service.store.update_feed(feed.guild_id, feed.id, changes):
        raise NotFoundError(NO_SUCH_FEED)
    return await own_feed(service, feed.guild_id, feed.id), rules


async def feed_log(
    service: NewsService, guild_id: int, feed_id: int
) -> tuple[Feed, list[FeedLogEntry]]:
    """The feed's newest decisions, newest first (at most `limits.FEED_LOG_SHOWN`)."""
    feed = await own_feed(service, guild_id, feed_id)
    return feed, await service.store.feed_log(guild_id, feed_id, limits.FEED_LOG_SHOWN)
