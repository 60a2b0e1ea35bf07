"""The stories part of the Store protocol, and the SQL both dialects share for it.

Kept apart from `base.py` so that the story tables can be read in one place; `Store` includes
`StoryStore`, and each backend implements it in its own module (`sqlite_stories.py`,
`postgres_stories.py`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Protocol
from urllib.parse import urlsplit

from bot.digest_schedule import DigestSchedule
from bot.models import StoryArticle, StoryPost

MAX_STORY_ARTICLES = 100  # `/story` shows at most this many (newest dropped last)


class StoryStore(Protocol):
    async def story_window(
        self, guild_id: int, terms: Sequence[str], since: float
    ) -> tuple[int, dict[str, int]]:
        """(articles in the window, {term: articles in the window holding it})."""
        ...

    async def story_members(
        self, guild_id: int, terms: Sequence[str], since: float
    ) -> dict[int, list[frozenset[str]]]:
        """{story: its members' term sets} for the window's stories holding any of `terms`."""
        ...

    async def assign_story(
        self, guild_id: int, article_id: int, story_id: int, at: float, terms: Sequence[str]
    ) -> None: ...
    async def story_of(self, guild_id: int, article_id: int) -> int | None: ...
    async def story_articles(self, guild_id: int, story_id: int) -> list[StoryArticle]: ...
    async def get_story_post(
        self, guild_id: int, story_id: int, channel_id: int
    ) -> StoryPost | None: ...
    async def record_story_post(
        self, guild_id: int, story_id: int, channel_id: int, message_id: int, at: float
    ) -> bool: ...
    async def add_story_report(
        self, guild_id: int, story_id: int, channel_id: int, source: str, url: str | None
    ) -> StoryPost | None: ...
    async def story_post_delivered(self, guild_id: int, post: StoryPost, since: float) -> bool:
        """Whether a feed delivery of the server queued after `since` was recorded as
        delivered in the story post's message (so that post's own delivery is settled).
        `since` bounds the search to the deliveries index's recent range."""
        ...

    async def stories_enabled(self, guild_id: int) -> bool: ...
    async def set_stories_enabled(self, guild_id: int, enabled: bool) -> None: ...


STORY_ARTICLE_COLUMNS = (
    "s.article_id, a.title, a.site_name, coalesce(a.canonical_url, a.source_url), s.at"
)


def source_name(site_name: str | None, url: str | None) -> str:
    """What a reader calls the source: the site's name, else its host without www."""
    if site_name and site_name.strip():
        return site_name.strip()
    host = urlsplit(url).hostname if url else None
    if host:
        return host.removeprefix("www.")
    return "newsbot"


def story_article_row(row: Sequence[Any]) -> StoryArticle:
    article_id, title, site_name, url, at = row
    return StoryArticle(article_id, title, source_name(site_name, url), url, at)


def story_post_row(row: Sequence[Any]) -> StoryPost:
    guild_id, story_id, channel_id, message_id, posted_at, also = row
    reports = tuple((source, url) for source, url in json.loads(also or "[]"))
    return StoryPost(guild_id, story_id, channel_id, message_id, posted_at, reports)


STORY_POST_COLUMNS = "guild_id, story_id, channel_id, message_id, posted_at, also_reported"


# --- digests ---------------------------------------------------------------------------------

DIGEST_SCHEDULE_COLUMNS = "guild_id, channel_id, time_of_day, every, weekday, timezone, since"
MAX_DIGEST_ROWS = 5000  # articles read for one period; the newest are kept


class DigestStore(Protocol):
    async def set_digest(self, schedule: DigestSchedule) -> None: ...
    async def get_digest(self, guild_id: int) -> DigestSchedule | None: ...
    async def remove_digest(self, guild_id: int) -> bool: ...
    async def digest_schedules(self) -> list[DigestSchedule]: ...
    async def claim_digest_period(self, guild_id: int, period: str, now: float) -> bool:
        """True for the one caller that takes the period; every later caller gets False."""
        ...

    async def finish_digest_period(
        self, guild_id: int, period: str, message_id: int | None, stories: int
    ) -> None: ...
    async def period_story_articles(
        self, guild_id: int, start: float, end: float
    ) -> list[tuple[int, StoryArticle]]:
        """(story, article) for the articles that joined a story in (start, end], oldest first."""
        ...


def digest_schedule_row(row: Sequence[Any]) -> DigestSchedule:
    return DigestSchedule(*row)
