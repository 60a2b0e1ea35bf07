"""The delivery stage: a feed's article on its way to Discord, with its own state.

The poller queues a delivery once an entry's article is stored; `DeliveryQueue.run_due` posts
what is due through a `Poster` (the Discord side, in `bot/feeds/targets.py`) and records the
outcome. A delivery is

* `pending` until Discord has the post: a failed attempt (a 503, a channel that is missing or
  that the bot cannot see, a timeout) is retried after 1, 2, 4 … poller ticks, at most
  `MAX_RETRY_TICKS` (1 minute to 1 hour at the default 60 s tick);
* `delivered`, with the channel and message it landed in (none when it was folded into
  its story's earlier post instead: `bot/feeds/story_posts.py`);
* `failed`, with the reason, after `limits.FEED_DELIVERY_ATTEMPTS` attempts or at once when
  retrying cannot help (the article was removed meanwhile).

Deliveries are leased like feeds, so processes sharing a database never post one twice at
the same time, and a restarted process picks up what a dead one left pending once its lease
runs out. A process killed between Discord's answer and the record of it posts that article
again on restart: at least once, never lost.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Protocol

from bot import limits
from bot.errors import NotFoundError, UserFacingError
from bot.feeds.story_posts import message_link, remember_story_post, story_post
from bot.models import Article, Feed, FeedDelivery, FeedLogEntry, StoryPost, Summary
from bot.service import NewsService

log = logging.getLogger(__name__)

PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"
MAX_RETRY_TICKS = 60
ARTICLE_GONE = "The article was removed before it could be posted."
UNEXPECTED_DELIVERY_ERROR = "Something went wrong posting it."


def retry_delay(attempts: int, tick_seconds: float) -> float:
    """Seconds to wait after the `attempts`-th failed attempt: doubling from one poller tick,
    capped at `MAX_RETRY_TICKS` ticks. Counted in ticks because the queue is only looked at
    once a tick, and so that tests with a short tick retry quickly."""
    return tick_seconds * min(2 ** max(attempts - 1, 0), MAX_RETRY_TICKS)


class DeliveryError(Exception):
    """Posting failed. The message is the reason admins see (`/feed log`, `/feed show`);
    `retry` is False when trying again cannot help."""

    def __init__(self, reason: str, *, retry: bool = True) -> None:
        super().__init__(reason)
        self.retry = retry


class PermissionMissing(DeliveryError):
    """The bot lacks a permission the target needs (or the channel cannot take the posts):
    the feed is paused with this reason until an admin fixes it and runs /feed edit, instead
    of failing again and again. The delivery waits, its attempts untouched."""


@dataclass(frozen=True, slots=True)
class Posted:
    """Where a post landed."""

    channel_id: int
    message_id: int


class Poster(Protocol):
    """Puts one feed article into Discord; raises DeliveryError when it cannot."""

    async def edit(
        self, feed: Feed, channel_id: int, message_id: int, article: Article, summary: Summary
    ) -> None: ...

    async def report_also(self, feed: Feed, channel_id: int, message_id: int, text: str) -> bool:
        """Show `text` ("Also reported by: …") on a story's post; False if the post is gone."""
        ...

    async def post(
        self,
        feed: Feed,
        article: Article,
        summary: Summary,
        *,
        mention_role_id: int | None = None,
        categories: tuple[str, ...] = (),
        quote: str | None = None,
    ) -> Posted: ...


class DeliveryQueue:
    """Posts due deliveries and records each outcome."""

    def __init__(
        self,
        service: NewsService,
        poster: Poster,
        *,
        owner: str,
        tick_seconds: float,
        lease_seconds: float,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.service = service
        self.poster = poster
        self.owner = owner
        self.tick_seconds = tick_seconds
        self.lease_seconds = lease_seconds
        self.clock = clock

    async def run_due(self) -> int:
        """Attempt every due delivery once; how many were delivered."""
        store = self.service.store
        due = await store.claim_due_deliveries(
            self.clock(), self.owner, self.lease_seconds, limits.FEED_DELIVERY_BATCH
        )
        delivered = 0
        for delivery in due:
            delivered += await self.deliver(delivery)
        return delivered

    async def deliver(self, delivery: FeedDelivery) -> bool:
        """One attempt at one delivery; True if it was posted."""
        store = self.service.store
        feed = await store.get_feed(delivery.guild_id, delivery.feed_id)
        if feed is None:  # removed meanwhile; its deliveries go with it
            return False
        article: Article | None = None
        try:
            if delivery.article_id is None:
                raise DeliveryError(ARTICLE_GONE, retry=False)
            try:
                article, summary = await self.service.summary(
                    feed.guild_id, delivery.article_id, None, None
                )
            except NotFoundError:
                raise DeliveryError(ARTICLE_GONE, retry=False) from None
            if delivery.edit_of is not None:
                return await self._edit(feed, delivery, article, summary)
            post = await story_post(self.service, feed, article)
            if post is not None and await self._fold(feed, delivery, article, post):
                return True
            posted = await self.poster.post(
                feed,
                article,
                summary,
                mention_role_id=delivery.mention_role_id,
                categories=delivery.categories,
                quote=await self._top_quote(feed, article)
                if feed.post_format == "quotes"
                else None,
            )
        except PermissionMissing as exc:
            await self._pause(feed, delivery, article, str(exc))
            return False
        except DeliveryError as exc:
            await self._failed(delivery, article, str(exc), retry=exc.retry)
            return False
        except Exception:
            log.exception("feed %s: delivery %s failed unexpectedly", feed.id, delivery.id)
            await self._failed(delivery, article, UNEXPECTED_DELIVERY_ERROR, retry=True)
            return False
        now = self.clock()
        await store.record_delivery(
            delivery.id,
            state=DELIVERED,
            attempts=delivery.attempts + 1,
            next_attempt_at=now,
            error=None,
            now=now,
            channel_id=posted.channel_id,
            message_id=posted.message_id,
        )
        await store.mark_posted(delivery.feed_id, delivery.entry_keys, delivery.article_id, now)
        await self._note(delivery, article, "posted", None, posted)
        await remember_story_post(self.service, feed, article, posted.message_id)
        return True

    async def _fold(
        self, feed: Feed, delivery: FeedDelivery, article: Article, post: StoryPost
    ) -> bool:
        """The article's story is already posted in the channel: add the article's source to
        that post's "Also reported by" line instead of posting it. Raises DeliveryError like
        posting does (a 503 is retried). False when that post was deleted meanwhile (or the
        bot may not read it): the article is then posted, and its post becomes the story's
        post in the channel."""
        text = await self.service.add_story_report(feed.guild_id, article.id, feed.channel_id)
        if not await self.poster.report_also(feed, post.channel_id, post.message_id, text):
            log.info("feed %s: story post %s is gone; posting instead", feed.id, post.message_id)
            return False
        now = self.clock()
        await self.service.store.record_delivery(
            delivery.id,
            state=DELIVERED,
            attempts=delivery.attempts + 1,
            next_attempt_at=now,
            error=None,
            now=now,
        )
        await self.service.store.mark_posted(
            delivery.feed_id, delivery.entry_keys, delivery.article_id, now
        )
        link = message_link(feed.guild_id, post.channel_id, post.message_id)
        await self._note(
            delivery,
            article,
            "folded",
            f"folded into {link}: the same story, so its source was added there",
            Posted(post.channel_id, post.message_id),
        )
        return True

    async def _edit(
        self, feed: Feed, delivery: FeedDelivery, article: Article, summary: Summary
    ) -> bool:
        """Edit the post of a changed entry: its page summarised again (not stored; the
        library keeps the article as first added), else the stored summary, under the entry's
        new title. Raises DeliveryError like posting does."""
        if delivery.link:
            try:
                fresh, summary = await self.service.summarize_url(feed.guild_id, delivery.link)
                article = replace(fresh, id=article.id, guild_id=article.guild_id)
            except UserFacingError as exc:
                log.info("feed %s: %s could not be read again: %s", feed.id, delivery.link, exc)
        if delivery.entry_title:
            article = replace(article, title=delivery.entry_title)
        assert delivery.channel_id is not None and delivery.message_id is not None
        await self.poster.edit(feed, delivery.channel_id, delivery.message_id, article, summary)
        now = self.clock()
        await self.service.store.record_delivery(
            delivery.id,
            state=DELIVERED,
            attempts=delivery.attempts + 1,
            next_attempt_at=now,
            error=None,
            now=now,
        )
        await self._note(
            delivery,
            article,
            "edited",
            "the entry changed: its post now says “Updated”",
            Posted(delivery.channel_id, delivery.message_id),
        )
        return True

    async def _top_quote(self, feed: Feed, article: Article) -> str | None:
        hits = await self.service.store.find_quotations(
            feed.guild_id, article_id=article.id, limit=1
        )
        if not hits:
            return None
        quote = hits[0].quote
        return f"“{quote.quote}” — {quote.speaker}" if quote.speaker else f"“{quote.quote}”"

    async def _pause(
        self, feed: Feed, delivery: FeedDelivery, article: Article | None, reason: str
    ) -> None:
        """Pause the feed (no polls, no posts) with the reason; the delivery stays pending."""
        log.warning("feed %s paused: %s", feed.id, reason)
        await self.service.store.update_feed(feed.guild_id, feed.id, {"paused_reason": reason})
        await self.service.store.record_delivery(
            delivery.id,
            state=PENDING,
            attempts=delivery.attempts,
            next_attempt_at=self.clock(),
            error=reason,
            now=self.clock(),
        )
        await self._note(delivery, article, "paused", reason)

    async def _note(
        self,
        delivery: FeedDelivery,
        article: Article | None,
        decision: str,
        detail: str | None,
        posted: Posted | None = None,
    ) -> None:
        await self.service.store.add_feed_log(
            delivery.feed_id,
            FeedLogEntry(
                self.clock(),
                decision,
                detail,
                article.title if article else None,
                (article.canonical_url or article.source_url) if article else None,
                posted.channel_id if posted else None,
                posted.message_id if posted else None,
            ),
        )

    async def _failed(
        self, delivery: FeedDelivery, article: Article | None, reason: str, *, retry: bool
    ) -> None:
        now = self.clock()
        attempts = delivery.attempts + 1
        final = not retry or attempts >= limits.FEED_DELIVERY_ATTEMPTS
        if final:
            await self._note(
                delivery, article, "failed", f"{reason} (gave up after {attempts} attempts)"
            )
        elif attempts == 1:  # once, not at every retry
            await self._note(delivery, article, "retrying", reason)
        if final:
            log.warning(
                "feed %s: delivery %s failed for good after %d attempts: %s",
                delivery.feed_id,
                delivery.id,
                attempts,
                reason,
            )
        else:
            log.info(
                "feed %s: delivery %s attempt %d failed, will retry: %s",
                delivery.feed_id,
                delivery.id,
                attempts,
                reason,
            )
        await self.service.store.record_delivery(
            delivery.id,
            state=FAILED if final else PENDING,
            attempts=attempts,
            next_attempt_at=now + retry_delay(attempts, self.tick_seconds),
            error=reason,
            now=now,
        )
