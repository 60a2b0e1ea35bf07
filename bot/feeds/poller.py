"""Feeds without Discord: subscribing, polling what is due, and deciding what to post.

The feeds cog runs `FeedPoller.poll_due` on a timer; each new article is queued as a delivery
(`bot/feeds/deliveries.py` posts it, retrying until Discord has it). The CLI's `newsbot feed
add` uses `subscribe`.

The rules, in one place:

* A feed is polled with conditional requests (ETag, Last-Modified) every `interval_minutes`
  (at least 10), backing off after failures (`next_poll_delay`); after
  `MAX_FAILURES_BEFORE_DISABLE` failures in a row it is disabled (adding it again re-enables
  it). Polls take a lease on the feed, so processes sharing a database never poll it twice.
  The lease (`feed_lease_seconds`: nine poller ticks, at most `FEED_LEASE_SECONDS`) covers
  one poll; it is not renewed, so a feed whose lease ran out before its turn in the batch is
  left for the next claim. Each process has its own owner id (host:pid:random). A process
  that dies mid-poll holds its feeds until their leases expire; another process claims them
  on its next tick, so within ten ticks of the death (10 minutes at the default 60 s tick,
  the shortest feed interval). Entry claims still make sure nothing is posted twice.
* A tick takes its share of the polls every feed needs (`claim_size`: the feeds' polls per
  minute over all servers, times the tick, with room to catch up), so 10,000 feeds at 10
  minutes are polled about 1,000 a minute, spread over the interval, never all at once at
  start-up; a bigger claim polls more feeds at once (`poll_concurrency`).
* Each entry is claimed (by its id and its link) before anything is posted: a crash may skip
  an entry, never post it twice. The article behind the link is fetched through the guarded
  fetcher and stored; an article the server already has (same URL, canonical URL or text) is
  not posted again. If the page cannot be read, the entry's own text is used when it is long
  enough. An article to post is queued as a delivery in the store, so a failed post is
  retried rather than lost (the entry stays claimed: it is never prepared twice).
* A new subscription marks all but the newest `FEED_FIRST_POSTS` entries as seen, so a
  feed's backlog never floods the channel. At most `MAX_FEED_POSTS_PER_HOUR` articles per feed
  are queued per hour; entries over the cap wait for a later poll.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import math
import os
import socket
import time
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, replace

from bot import limits
from bot.errors import InputError, NotFoundError, UserFacingError
from bot.feeds.edits import EDIT_WINDOW, edit_reason
from bot.feeds.filters import EntryText, FilterRule, judge, load_rules, needs_text
from bot.feeds.tags import load_tag_rules, tags_for
from bot.ingest.feeds import (
    DEFAULT_INTERVAL_MINUTES,
    MAX_FAILURES_BEFORE_DISABLE,
    FeedEntry,
    fetch_feed,
    next_poll_delay,
)
from bot.models import Article, Feed, FeedLogEntry, Summary
from bot.service import AddOutcome, NewsService

log = logging.getLogger(__name__)

NO_SUCH_FEED = "There is no feed with that id in this server."
UNEXPECTED_FEED_ERROR = "Something went wrong reading that feed."
_HOUR = 3600.0
LEASE_TICKS = 9
"""A lease lasts this many poller ticks, capped at `limits.FEED_LEASE_SECONDS`: 540 s at the
default 60 s tick, so lease plus the next tick of another process is the shortest feed
interval (10 minutes). Tests that shorten the tick get a short lease, so a dead process's
feeds are taken over quickly; production keeps the long one."""


CATCH_UP = 1.1
"""A tick takes this many times its share of the feeds' polls: the steady state keeps pace,
and a backlog (every feed due after downtime or at first start) clears within nine tenths of
an interval instead of in one burst. Little more than the share, because a feed polled late
stays on that time: catching up faster would leave the polls bunched in part of every
interval."""
FEEDS_PER_CONNECTION = 25
"""Feeds of one tick's claim per concurrent poll: a big claim polls more at once, so that
slow sites (a second or two each) still fit in the tick."""
MAX_POLL_CONCURRENCY = 32


def claim_size(polls_per_minute: float, tick_seconds: float) -> int:
    """How many due feeds one tick takes: `FEED_POLL_BATCH`, or more when the feeds need more
    polls per tick than that to be polled at their intervals (10,000 feeds at 10 minutes
    need 1,000 a minute)."""
    share = polls_per_minute * tick_seconds / 60
    return max(limits.FEED_POLL_BATCH, math.ceil(round(share * CATCH_UP, 6)))


def poll_concurrency(claimed: int) -> int:
    """How many of a tick's feeds are polled at once."""
    wanted = math.ceil(claimed / FEEDS_PER_CONNECTION)
    return min(MAX_POLL_CONCURRENCY, max(limits.FEED_POLL_CONCURRENCY, wanted))


def feed_lease_seconds(tick_seconds: float | None) -> float:
    """How long one claim of a due feed lasts, for a poller looking every `tick_seconds`."""
    if not tick_seconds or tick_seconds <= 0:
        return float(limits.FEED_LEASE_SECONDS)
    return min(float(limits.FEED_LEASE_SECONDS), LEASE_TICKS * tick_seconds)


@dataclass(frozen=True, slots=True)
class FeedPost:
    """An article queued for its feed's channel as delivery `delivery_id`; `keys` are the
    claimed entry keys."""

    feed: Feed
    keys: tuple[str, ...]
    article: Article
    summary: Summary
    delivery_id: int


@dataclass(frozen=True, slots=True)
class PollOutcome:
    """One poll of one feed. `feed` is as it stands after the poll; `disabled` is True only on
    the poll that disabled it (the channel is told once)."""

    feed: Feed
    posts: list[FeedPost]
    error: str | None = None
    disabled: bool = False
    not_modified: bool = False


def entry_keys(entry: FeedEntry) -> tuple[str, ...]:
    """What identifies an entry across polls: its id and its link."""
    return tuple(dict.fromkeys(k for k in (entry.entry_id, entry.link) if k))


def newest_first(entries: Sequence[FeedEntry]) -> list[FeedEntry]:
    """Entries by date, newest first; in feed order (which is newest first) without dates."""
    if entries and all(e.published for e in entries):
        return sorted(entries, key=lambda e: e.published or "", reverse=True)
    return list(entries)


def feed_status(feed: Feed) -> str:
    """One line for lists: ok, paused (with why), failing (with the last error) or disabled."""
    if feed.paused_reason:
        return f"paused: {feed.paused_reason}"
    if not feed.enabled:
        return f"disabled after {feed.failures} failed polls: {feed.last_error or 'unknown error'}"
    if feed.failures:
        polls = "poll" if feed.failures == 1 else "polls"
        return f"failing ({feed.failures} failed {polls} in a row): {feed.last_error}"
    return "ok" if feed.last_polled_at else "waiting for its first poll"


async def subscribe(
    service: NewsService,
    guild_id: int,
    channel_id: int,
    url: str,
    *,
    added_by: int | None = None,
    now: float | None = None,
    target: str = "channel",
) -> tuple[Feed, bool]:
    """Subscribe the guild to a feed after checking that `url` is one; (feed, created).

    A feed the guild already has is returned with created=False (re-enabled if it had been
    disabled). Raises InputError at the per-guild limit, or the fetch error."""
    store = service.store
    now = time.time() if now is None else now
    url = url.strip()
    existing = next((f for f in await store.list_feeds(guild_id) if f.url == url), None)
    if existing is not None:
        if not existing.enabled:
            await store.record_poll(
                existing.id,
                polled_at=existing.last_polled_at or now,
                next_poll_at=now,
                failures=0,
                error=None,
                enabled=True,
            )
            existing = dataclasses.replace(
                existing, enabled=True, failures=0, last_error=None, next_poll_at=now
            )
        return existing, False
    if await store.count_feeds(guild_id) >= limits.MAX_FEEDS_PER_GUILD:
        raise InputError(
            f"This server already has {limits.MAX_FEEDS_PER_GUILD} feeds, the most it can "
            "have: remove one with /feed remove first."
        )
    result = await fetch_feed(service.fetcher, url)
    # Not due until its old entries are marked seen: a poll in between (marking 5,000 entries
    # takes seconds) would take them for new ones and post the oldest.
    feed, created = await store.add_feed(
        guild_id,
        channel_id,
        url,
        DEFAULT_INTERVAL_MINUTES,
        added_by=added_by,
        title=result.title,
        target=target,
        next_poll_at=now + limits.FEED_LEASE_SECONDS,
    )
    if created:
        for entry in newest_first(result.entries)[limits.FEED_FIRST_POSTS :]:
            await store.claim_entry(feed.id, entry_keys(entry), now)
        await store.update_feed(guild_id, feed.id, {"next_poll_at": now})
        feed = dataclasses.replace(feed, next_poll_at=now)
    return feed, created


async def unsubscribe(service: NewsService, guild_id: int, feed_id: int) -> Feed:
    """Remove the guild's feed; NotFoundError for a missing id or another guild's feed."""
    feed = await service.store.get_feed(guild_id, feed_id)
    if feed is None or not await service.store.remove_feed(guild_id, feed_id):
        raise NotFoundError(NO_SUCH_FEED)
    return feed


class FeedPoller:
    """Polls due feeds, stores their new articles and queues them for delivery."""

    def __init__(
        self,
        service: NewsService,
        *,
        owner: str | None = None,
        clock: Callable[[], float] = time.time,
        lease_seconds: float = limits.FEED_LEASE_SECONDS,
        tick_seconds: float = 60.0,
    ) -> None:
        self.service = service
        self.tick_seconds = tick_seconds
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.clock = clock
        self.lease_seconds = lease_seconds

    async def poll_due(self) -> AsyncIterator[PollOutcome]:
        """Take this tick's share of the due feeds (`claim_size`) and poll several at a time,
        yielding each outcome as it is ready."""
        store = self.service.store
        claimed_at = self.clock()
        size = claim_size(await store.feed_polls_per_minute(), self.tick_seconds)
        feeds = await store.claim_due_feeds(claimed_at, self.owner, self.lease_seconds, size)
        if not feeds:
            return
        lease_until = claimed_at + self.lease_seconds
        gate = asyncio.Semaphore(poll_concurrency(len(feeds)))

        async def one(feed: Feed) -> PollOutcome | None:
            async with gate:
                if self.clock() >= lease_until:
                    # Another process may hold it by now: leave it due for the next claim.
                    log.info("feed %s: lease ran out before its turn; left for later", feed.id)
                    return None
                return await self.poll(feed)

        tasks = [asyncio.create_task(one(f), name=f"poll feed {f.id}") for f in feeds]
        try:
            for done in asyncio.as_completed(tasks):
                if (outcome := await done) is not None:
                    yield outcome
        finally:
            for task in tasks:
                task.cancel()

    async def poll(self, feed: Feed) -> PollOutcome:
        """Fetch the feed (conditionally), record the outcome, prepare its new articles."""
        now = self.clock()
        try:
            result = await fetch_feed(self.service.fetcher, feed.url, feed.etag, feed.last_modified)
        except Exception as exc:
            return await self._failed(feed, now, exc)
        if result.not_modified:
            await self._succeeded(feed, now, result.etag, result.last_modified, None)
            return PollOutcome(feed, [], not_modified=True)
        posts, complete = await self._new_posts(feed, result.entries, now)
        # Entries left for later (hourly cap) must be seen again: keep the old validators.
        await self._succeeded(
            feed,
            now,
            result.etag if complete else None,
            result.last_modified if complete else None,
            result.title,
            result.icon,
        )
        return PollOutcome(dataclasses.replace(feed, failures=0, last_error=None), posts)

    async def _succeeded(
        self,
        feed: Feed,
        now: float,
        etag: str | None,
        last_modified: str | None,
        title: str | None,
        icon: str | None = None,
    ) -> None:
        await self.service.store.record_poll(
            feed.id,
            polled_at=now,
            next_poll_at=now + next_poll_delay(feed.interval_minutes, 0),
            failures=0,
            error=None,
            enabled=True,
            etag=etag,
            last_modified=last_modified,
            title=title,
            icon_url=icon,
        )

    async def _failed(self, feed: Feed, now: float, exc: Exception) -> PollOutcome:
        if isinstance(exc, UserFacingError):
            error = str(exc)
            log.info("feed %s (%s) failed: %s", feed.id, feed.url, error)
        else:
            error = UNEXPECTED_FEED_ERROR
            log.exception("feed %s (%s) failed unexpectedly", feed.id, feed.url, exc_info=exc)
        failures = feed.failures + 1
        disabled = failures >= MAX_FAILURES_BEFORE_DISABLE
        await self.service.store.record_poll(
            feed.id,
            polled_at=now,
            next_poll_at=now + next_poll_delay(feed.interval_minutes, failures),
            failures=failures,
            error=error,
            enabled=not disabled,
        )
        if disabled:
            log.warning("feed %s (%s) disabled after %d failures", feed.id, feed.url, failures)
        after = dataclasses.replace(
            feed, failures=failures, last_error=error, enabled=not disabled, last_polled_at=now
        )
        return PollOutcome(after, [], error=error, disabled=disabled)

    async def _new_posts(
        self, feed: Feed, entries: Sequence[FeedEntry], now: float
    ) -> tuple[list[FeedPost], bool]:
        """Queue the entries not seen before that pass the feed's filters, oldest first,
        within the hourly cap; the queued posts, and whether every entry was looked at (False
        if the cap stopped us). Each decision goes to the feed's log."""
        store = self.service.store
        budget = limits.MAX_FEED_POSTS_PER_HOUR - await store.posts_since(feed.id, now - _HOUR)
        rules = load_rules(feed.filters)
        posts: list[FeedPost] = []
        for entry in reversed(newest_first(entries)):
            if len(posts) >= budget:
                log.info("feed %s reached its hourly cap; the rest waits", feed.id)
                if posts:  # this poll reached it: say so once
                    await self.note(
                        feed,
                        "capped",
                        f"over the cap of {limits.MAX_FEED_POSTS_PER_HOUR} posts an hour; the "
                        "rest waits for a later poll",
                        entry,
                    )
                return posts, False
            keys = entry_keys(entry)
            if not await store.claim_entry(feed.id, keys, now):
                await self._edit_if_changed(feed, entry, keys, now)
                continue
            try:
                post = await self._prepare(feed, entry, keys, rules)
            except Exception:
                log.exception("feed %s: entry %s could not be prepared", feed.id, entry.entry_id)
                await self.note(feed, "failed", UNEXPECTED_FEED_ERROR, entry)
                continue
            if post is not None:
                posts.append(post)
        return posts, True

    async def note(
        self,
        feed: Feed,
        decision: str,
        detail: str | None,
        entry: FeedEntry | None = None,
        *,
        title: str | None = None,
        link: str | None = None,
    ) -> None:
        """Add a decision to the feed's log (`/feed log`)."""
        await self.service.store.add_feed_log(
            feed.id,
            FeedLogEntry(
                self.clock(),
                decision,
                detail,
                title or (entry.title if entry else None),
                link or (entry.link if entry else None),
            ),
        )

    async def _prepare(
        self, feed: Feed, entry: FeedEntry, keys: tuple[str, ...], rules: list[FilterRule]
    ) -> FeedPost | None:
        """Judge the entry by the feed's filters, store its article and queue it; None (and
        the reason logged) if filtered, unreadable or already in the server."""
        service = self.service
        view = EntryText(entry.title, entry.summary, None, entry.author, entry.categories)
        outcome: AddOutcome | None = None
        if rules and needs_text(rules) and entry.link:
            outcome, view = await self._read_for_filters(feed, entry, view)
        if rules:
            verdict = await asyncio.to_thread(judge, rules, feed.filter_mode, view)
            if not verdict.passed:
                await self.note(feed, "filtered", verdict.reason, entry)
                return None
        if outcome is None and entry.link:
            try:
                outcome = await service.add_url(feed.guild_id, entry.link, title=None)
            except UserFacingError as exc:
                log.info("feed %s: %s: %s", feed.id, entry.link, exc)
        if outcome is None and entry.summary:
            try:
                outcome = await service.add_article(
                    feed.guild_id, entry.title, entry.summary, source_url=entry.link
                )
            except UserFacingError as exc:
                log.info("feed %s: entry %s has no usable text: %s", feed.id, entry.entry_id, exc)
        if outcome is None:
            await self.note(feed, "failed", "neither the page nor the entry had usable text", entry)
            return None
        if not outcome.created:
            await self.note(
                feed,
                "duplicate",
                f"already in this server as article #{outcome.article.id}",
                entry,
            )
            return None
        await service.article_from_feed(feed.guild_id, outcome.article.id, feed.id)  # follows
        article, summary = await service.summary(feed.guild_id, outcome.article.id, None, None)
        judged = replace(view, text=view.text or article.text)
        mention = await self._mention_for(feed, judged)
        tag_rules = load_tag_rules(feed.tag_rules)
        by_rule = await asyncio.to_thread(tags_for, tag_rules, judged) if tag_rules else []
        delivery_id = await service.store.queue_delivery(
            feed.id,
            article.id,
            keys,
            self.clock(),
            mention,
            (*entry.categories, *by_rule),  # the names of the forum tags the post gets
            (entry.title, entry.summary, entry.link),
        )
        return FeedPost(feed, keys, article, summary, delivery_id)

    async def _edit_if_changed(
        self, feed: Feed, entry: FeedEntry, keys: tuple[str, ...], now: float
    ) -> None:
        """Queue an edit of the entry's post if it changed since (`bot/feeds/edits.py`)."""
        store = self.service.store
        posted = await store.posted_delivery(feed.id, keys)
        if posted is None or posted.message_id is None or posted.article_id is None:
            return  # never posted, or its post (or an edit) is still on its way
        if now - (posted.delivered_at or posted.created_at) > EDIT_WINDOW:
            return
        reason = edit_reason(posted.entry_title, posted.entry_text, entry.title, entry.summary)
        if reason is None:
            return
        log.info(
            "feed %s: entry %s changed (%s): editing its post", feed.id, entry.entry_id, reason
        )
        await store.queue_delivery(
            feed.id,
            posted.article_id,
            keys,
            now,
            entry=(entry.title, entry.summary, entry.link),
            edit_of=posted,
        )

    async def _mention_for(self, feed: Feed, view: EntryText) -> int | None:
        """The role to mention in this entry's post: the feed's, unless its mention rule
        does not match the entry."""
        if feed.mention_role_id is None:
            return None
        rules = load_rules(feed.mention_filter)
        if rules and not (await asyncio.to_thread(judge, rules, "all", view)).passed:
            return None
        return feed.mention_role_id

    async def _read_for_filters(
        self, feed: Feed, entry: FeedEntry, view: EntryText
    ) -> tuple[AddOutcome | None, EntryText]:
        """For rules on the article text: the stored article if the server has the link
        already, else the page fetched (not stored, so a filtered entry leaves no article);
        the entry's own text when the page cannot be read."""
        assert entry.link is not None
        existing = await self.service.store.find_by_url(feed.guild_id, entry.link)
        if existing is not None:
            return AddOutcome(existing, False, None), replace(view, text=existing.text)
        try:
            _final_url, page = await self.service.fetch_article(entry.link)
        except UserFacingError as exc:
            log.info("feed %s: %s: %s", feed.id, entry.link, exc)
            return None, replace(view, text=entry.summary)
        return None, replace(view, text=page.text, author=view.author or page.author)
