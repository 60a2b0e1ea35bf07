"""`/feed test`: what the poller would do with a feed's newest entries right now, and why,
without claiming, storing or posting anything (the optional test post is the cog's)."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, replace
from typing import Protocol

from bot import limits
from bot.errors import InputError, UserFacingError
from bot.feeds.admin import own_feed
from bot.feeds.deliveries import Posted
from bot.feeds.filters import EntryText, FilterRule, judge, load_rules, needs_text
from bot.feeds.poller import entry_keys, newest_first
from bot.ingest.feeds import FeedEntry, fetch_feed
from bot.models import Article, Feed, Summary
from bot.service import NewsService

_HOUR = 3600.0


@dataclass(frozen=True, slots=True)
class EntryPreview:
    entry: FeedEntry
    would_post: bool
    reason: str


async def preview_feed(
    service: NewsService,
    guild_id: int,
    feed_id: int,
    now: float,
    *,
    rules: list[FilterRule] | None = None,
    mode: str | None = None,
) -> tuple[Feed, list[EntryPreview]]:
    """The newest `limits.FEED_TEST_ENTRIES` entries, newest first, each with the poller's
    decision: already posted or seen, filtered (by which rule), duplicate, over the hourly
    cap, or would be posted. Raises the fetch error (as one sentence) if the feed cannot be
    read.

    `rules` and `mode`, when given, stand in for the feed's own filters: the web panel's live
    preview judges rules an admin is still writing, before they are saved."""
    feed = await own_feed(service, guild_id, feed_id)
    store = service.store
    result = await fetch_feed(service.fetcher, feed.url)
    if rules is None:
        rules = load_rules(feed.filters)
    if mode is not None:
        feed = replace(feed, filter_mode=mode)
    budget = limits.MAX_FEED_POSTS_PER_HOUR - await store.posts_since(feed.id, now - _HOUR)
    newest = newest_first(result.entries)[: limits.FEED_TEST_ENTRIES]
    decided: list[EntryPreview] = []
    for entry in reversed(newest):  # the poller's order: oldest first, for the cap
        decided.append(await _decide(service, feed, entry, rules, budget))
        if decided[-1].would_post:
            budget -= 1
    return feed, decided[::-1]


async def _decide(
    service: NewsService, feed: Feed, entry: FeedEntry, rules: list, budget: int
) -> EntryPreview:
    state = await service.store.entry_state(feed.id, entry_keys(entry))
    if state == "posted":
        return EntryPreview(entry, False, "already posted")
    if state == "seen":
        return EntryPreview(
            entry, False, "already seen (older than the feed, filtered before, or queued)"
        )
    existing = await service.store.find_by_url(feed.guild_id, entry.link) if entry.link else None
    if rules:
        view = EntryText(entry.title, entry.summary, None, entry.author, entry.categories)
        if needs_text(rules):
            view = await _with_text(service, entry, view, existing)
        verdict = await asyncio.to_thread(judge, rules, feed.filter_mode, view)
        if not verdict.passed:
            return EntryPreview(entry, False, verdict.reason)
        passed = verdict.reason
    else:
        passed = "no filters"
    if existing is not None:
        return EntryPreview(entry, False, f"duplicate: already in this server as #{existing.id}")
    if budget <= 0:
        return EntryPreview(entry, False, "over the hourly cap: it would wait for a later poll")
    return EntryPreview(entry, True, passed)


async def _with_text(
    service: NewsService, entry: FeedEntry, view: EntryText, existing: Article | None
) -> EntryText:
    if existing is not None:
        return EntryText(view.title, view.description, existing.text, view.author, view.categories)
    text = entry.summary
    if entry.link:
        try:
            _url, page = await service.fetch_article(entry.link)
            text = page.text
        except UserFacingError:
            pass  # as the poller does: the entry's own text stands in
    return EntryText(view.title, view.description, text, view.author, view.categories)


class Poster(Protocol):
    """What a test post needs of the Discord side (`ChannelPoster` in bot/feeds/targets.py)."""

    async def post(
        self, feed: Feed, article: Article, summary: Summary, *, content: str | None = None
    ) -> Posted: ...


async def send_test_post(
    service: NewsService, poster: Poster, guild_id: int, feed_id: int
) -> tuple[Feed, Posted]:
    """Post the feed's newest entry to its target as the feed would, marked as a test and not
    recorded as posted (so the real post still comes). `/feed test post:True` and the web
    panel's "Send a test post" button both do this; DeliveryError says why it could not."""
    feed, previews = await preview_feed(service, guild_id, feed_id, time.time())
    if not previews:
        raise InputError("The feed has no entries right now, so there is nothing to post.")
    article, summary = await sample_post(service, guild_id, previews[0].entry)
    posted = await poster.post(
        feed,
        article,
        summary,
        content=f"🧪 Test post of feed #{feed.id}: its posts look like this. "
        "It is not recorded as posted.",
    )
    return feed, posted


async def sample_post(
    service: NewsService, guild_id: int, entry: FeedEntry
) -> tuple[Article, Summary]:
    """The article and summary of an entry as the feed would post it, not stored: its page
    summarised, or its own text when the page cannot be read."""
    if entry.link:
        try:
            return await service.summarize_url(guild_id, entry.link)
        except UserFacingError:
            if not entry.summary:
                raise
    if not entry.summary:
        raise UserFacingError("The newest entry has neither a readable page nor any text.")
    method, sentences = await service.summary_options(guild_id, None, None)
    title, summary, _count = await service.summarize_text(entry.summary, method, sentences)
    headline = entry.title or title or "Untitled"
    return Article(None, guild_id, headline, "", source_url=entry.link), summary
