"""Story operations of the service layer: assignment, `/story`, and what feed delivery asks.

A mixin of `NewsService` (it uses `self.store` and `self.executor`), kept in its own module so
the stories feature reads in one place. The CPU parts (terms, the choice of story, the
multi-document summary) run through `run_cpu`, i.e. in the worker pool in the bot.

How feed delivery uses it (`DeliveryQueue.deliver` in bot/feeds/deliveries.py, where its
"Stories (issue 15) plug in here" comment is), per new article and target channel:
1. `post = await service.story_post_for(guild_id, article_id, channel_id)`;
2. if `post` is None: send the article as usual, then
   `await service.record_story_post(guild_id, article_id, channel_id, message.id)`;
3. else do not send it: `text = await service.add_story_report(guild_id, article_id, channel_id)`
   and edit message `post.message_id` in `post.channel_id` to show `text` ("Also reported by: …"),
   e.g. as the last field of its embed, and log the entry as folded into that post.
Feed follows need one more call once the article is stored from a feed:
`await service.article_from_feed(guild_id, article_id, feed_id)`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from bot.engine.stories.clustering import (
    WINDOW_SECONDS,
    StoryCandidate,
    choose_story,
    clustered_counts,
    distinctive_terms,
)
from bot.engine.stories.summary import StorySentence, StorySource, also_reported_text, story_summary
from bot.engine.stories.terms import headline_terms, lead_sentence, story_terms
from bot.errors import NotFoundError
from bot.models import Article, StoryArticle, StoryPost
from bot.store.stories import source_name
from bot.workers import run_cpu

log = logging.getLogger(__name__)

SUMMARY_ARTICLES = 12  # the newest this many articles of a story feed its summary
RECENT_STORIES_SECONDS = 7 * 86400.0  # "recent" in the panel: a weekly digest's period


@dataclass(frozen=True, slots=True)
class StoryView:
    """What `/story` shows: the story's articles, oldest first, and its summary."""

    story_id: int
    articles: list[StoryArticle]
    summary: list[StorySentence]


def article_terms(title: str, text: str) -> tuple[str, ...]:
    """The terms of an article's headline and lead sentence (what follows match on)."""
    return headline_terms(title, lead_sentence(text))


def clustering_terms(title: str, text: str) -> tuple[str, ...]:
    """The terms an article is clustered on: its headline's and lead sentence's, and the
    headline's quoted names (see `story_terms`)."""
    return story_terms(title, lead_sentence(text))


def _choose(terms, keys, members, df, docs):
    candidates = [StoryCandidate.from_members(story, members[story]) for story in sorted(members)]
    # `members` holds every story of the window holding a key term: exact counts for those.
    clustered = clustered_counts(keys, members)
    return choose_story(list(terms), candidates, df, docs, clustered)


class StoryOperations:
    """Mixed into `NewsService`."""

    clock: Callable[[], float] = staticmethod(time.time)  # the bot sets NEWSBOT_CLOCK_FILE's

    def now(self) -> float:
        return self.clock()

    async def assign_story(self, article: Article, at: float | None = None) -> int:
        """Put a newly stored article into an earlier story of the window, or a new one (named
        by the article's id); returns the story. Two articles of one server stored at the same
        instant may each start a story: a missed join, never a wrong one."""
        at = self.now() if at is None else at
        since = at - WINDOW_SECONDS
        terms = await run_cpu(self.executor, clustering_terms, article.title, article.text)
        docs, df = await self.store.story_window(article.guild_id, terms, since)
        df = {t: df.get(t, 0) + 1 for t in terms}  # the new article counts itself
        docs += 1
        keys = sorted(distinctive_terms(terms, df, docs))
        members = await self.store.story_members(article.guild_id, keys, since)
        story = (
            await run_cpu(self.executor, _choose, terms, keys, members, df, docs)
            if members
            else None
        )
        story_id = article.id if story is None else int(story)
        await self.store.assign_story(article.guild_id, article.id, story_id, at, terms)
        return story_id

    async def story_id(self, guild_id: int, article_id: int) -> int:
        """The story of an article; one stored before stories existed is placed now."""
        story = await self.store.story_of(guild_id, article_id)
        if story is not None:
            return story
        article = await self.store.get_article(guild_id, article_id)
        if article is None:
            raise NotFoundError("No article with that id in this server.")
        return await self.assign_story(article)

    async def story(self, guild_id: int, article_id: int) -> StoryView:
        """The story of an article: its articles and a summary drawn from all of them."""
        return await self.story_view(guild_id, await self.story_id(guild_id, article_id))

    async def story_view(self, guild_id: int, story_id: int) -> StoryView:
        """A story by its id, as `/story` shows it (the web panel lists stories by id)."""
        articles = await self.store.story_articles(guild_id, story_id)
        sources = []
        for entry in articles[-SUMMARY_ARTICLES:]:
            found = await self.store.get_article(guild_id, entry.article_id)
            if found is not None:
                sources.append(StorySource(entry.source, entry.at, found.text))
        summary = await run_cpu(self.executor, story_summary, sources)
        return StoryView(story_id, articles, summary)

    # --- what feed delivery asks -----------------------------------------------------------

    async def story_post_for(
        self, guild_id: int, article_id: int, channel_id: int, now: float | None = None
    ) -> StoryPost | None:
        """The message the article's story was already posted as in `channel_id` within the
        window, or None when the article should be posted (stories off, a new story, or the
        story's post is older than the window). A post whose own delivery was never recorded
        as delivered (the process died in between) does not count: it may be this very
        article's post, retried, and it must not be folded into itself."""
        if not await self.store.stories_enabled(guild_id):
            return None
        story_id = await self.store.story_of(guild_id, article_id)
        if story_id is None:
            return None
        post = await self.store.get_story_post(guild_id, story_id, channel_id)
        now = self.now() if now is None else now
        if post is None or post.posted_at < now - WINDOW_SECONDS:
            return None
        # Deliveries are timed by the system clock, the story post by the story clock (a
        # test may move it): look back a window from the earlier of the two.
        since = min(post.posted_at, time.time()) - WINDOW_SECONDS
        if not await self.store.story_post_delivered(guild_id, post, since):
            log.info("story %s: its post %s was never recorded", story_id, post.message_id)
            return None
        return post

    async def record_story_post(
        self,
        guild_id: int,
        article_id: int,
        channel_id: int,
        message_id: int,
        now: float | None = None,
    ) -> None:
        """Remember that the article's story was posted as `message_id` in `channel_id`."""
        story_id = await self.story_id(guild_id, article_id)
        now = self.now() if now is None else now
        await self.store.record_story_post(guild_id, story_id, channel_id, message_id, now)

    async def add_story_report(self, guild_id: int, article_id: int, channel_id: int) -> str:
        """Add the article's source to its story's post in the channel and return the post's
        new "Also reported by: …" line (links, at most 5, then "and N more")."""
        article = await self.store.get_article(guild_id, article_id)
        if article is None:
            raise NotFoundError("No article with that id in this server.")
        story_id = await self.story_id(guild_id, article_id)
        url = article.canonical_url or article.source_url
        post = await self.store.add_story_report(
            guild_id, story_id, channel_id, source_name(article.site_name, url), url
        )
        return also_reported_text(post.also_reported if post else ())

    async def recent_stories(
        self, guild_id: int, limit: int, now: float | None = None
    ) -> list[StoryView]:
        """The server's stories with an article in the last `RECENT_STORIES_SECONDS`, the one
        with the newest article first, each as `/story` shows it (for the web panel)."""
        now = self.now() if now is None else now
        rows = await self.store.period_story_articles(guild_id, now - RECENT_STORIES_SECONDS, now)
        newest: dict[int, float] = {}
        for story_id, entry in rows:
            newest[story_id] = max(newest.get(story_id, 0.0), entry.at)
        chosen = sorted(newest, key=lambda s: (-newest[s], -s))[:limit]
        return [await self.story_view(guild_id, story_id) for story_id in chosen]

    async def set_stories(self, guild_id: int, enabled: bool) -> None:
        await self.store.set_stories_enabled(guild_id, enabled)

    async def stories_enabled(self, guild_id: int) -> bool:
        return await self.store.stories_enabled(guild_id)
