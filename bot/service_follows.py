"""Follow operations of the service layer: what members follow, matches, and the DMs to send.

A mixin of `NewsService`. Matching happens when an article is stored (keywords in the title
or lead, speakers quoted) and when feed delivery says which feed an article came from; each
match is a row in `follow_notices`, so DMs survive restarts and are sent by the process that
runs the server's shard. The rate rule: at most `FOLLOW_DMS_PER_HOUR` single-match DMs in any
hour per member; further matches wait, and one hour after the first of them waited they go out
together as one combined DM (unless singles free up first).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot import limits
from bot.engine.stories.summary import StorySource, story_summary
from bot.errors import InputError, NotFoundError
from bot.models import Article, Follow, FollowNotice
from bot.service_stories import article_terms
from bot.workers import run_cpu

log = logging.getLogger(__name__)

KINDS = ("keyword", "speaker", "feed")
HOUR = 3600.0
COMPACT_SENTENCES = 2


@dataclass(frozen=True, slots=True)
class FollowItem:
    """One matched article as a DM shows it."""

    article_id: int
    title: str
    url: str | None
    summary: tuple[str, ...]
    reason: str


@dataclass(frozen=True, slots=True)
class FollowDm:
    """A DM to send: one match, or several combined."""

    guild_id: int
    user_id: int
    items: tuple[FollowItem, ...]
    combined: bool


def compact_summary(text: str) -> tuple[str, ...]:
    return tuple(s.text for s in story_summary([StorySource("", 0.0, text)], COMPACT_SENTENCES))


class FollowOperations:
    """Mixed into `NewsService`."""

    async def add_follow(
        self, guild_id: int, user_id: int, kind: str, raw: str
    ) -> tuple[str, Follow]:
        """("added" | "exists", the follow). Using /follow also resumes paused follows."""
        label = " ".join((raw or "").split())[: limits.FOLLOW_LABEL_CHARS]
        if kind == "keyword":
            terms = await run_cpu(self.executor, article_terms, label, "")
            if not terms:
                raise InputError(
                    f"“{label}” is too common to follow: choose words that name a topic."
                )
            value, key = " ".join(terms), terms[0]
        elif kind == "speaker":
            if not label:
                raise InputError("Give the name of the person to follow.")
            value = key = label.lower()
        elif kind == "feed":
            feed = await self.store.get_feed(guild_id, int(raw)) if raw.isdigit() else None
            if feed is None:
                raise NotFoundError("There is no feed with that id in this server.")
            label = (feed.title or feed.url)[: limits.FOLLOW_LABEL_CHARS]
            value = key = str(feed.id)
        else:
            raise InputError("Follow a keyword, a speaker or a feed.")
        status, follow = await self.store.add_follow(
            guild_id, user_id, kind, value, label, key, self.now(), limits.MAX_FOLLOWS_PER_MEMBER
        )
        if follow is None:
            raise InputError(
                f"You follow {limits.MAX_FOLLOWS_PER_MEMBER} things in this server already: "
                "remove one first with /follow remove."
            )
        await self.store.resume_follows(guild_id, user_id)
        return status, follow

    async def list_follows(self, guild_id: int, user_id: int) -> tuple[list[Follow], bool]:
        """(the member's follows, whether they were paused and are now resumed)."""
        resumed = await self.store.resume_follows(guild_id, user_id)
        return await self.store.list_follows(guild_id, user_id), resumed

    async def remove_follow(self, guild_id: int, user_id: int, follow_id: int) -> Follow:
        removed = await self.store.remove_follow(guild_id, user_id, follow_id)
        if removed is None:
            raise NotFoundError("You do not follow that (see /follow list).")
        return removed

    async def clear_follows(self, guild_id: int, user_id: int) -> int:
        """Delete the member's follows, pause state and waiting or sent matches."""
        return await self.store.clear_follows(guild_id, user_id)

    async def take_pause_notice(self, guild_id: int, user_id: int) -> str | None:
        """The one-time message for a member whose follows were paused because DMs failed."""
        if not await self.store.take_pause_notice(guild_id, user_id):
            return None
        return (
            "I could not send you a direct message, so your follows in this server are paused. "
            "Allow direct messages from this server's members, then use /follow list to resume."
        )

    # --- matching --------------------------------------------------------------------------

    async def match_follows(
        self, article: Article, speakers: Iterable[str] = (), feed_id: int | None = None
    ) -> int:
        """Record a notice for every member with a follow the article matches (one per
        member and article, with the first reason); returns how many were new."""
        guild = article.guild_id
        terms = set(await run_cpu(self.executor, article_terms, article.title, article.text))
        names = sorted({" ".join(s.split()).lower() for s in speakers if s})
        matched: list[Follow] = []
        matched += await self.store.matching_follows(guild, "speaker", names)
        keyword = await self.store.matching_follows(guild, "keyword", sorted(terms))
        matched += [f for f in keyword if set(f.value.split()) <= terms]
        if feed_id is not None:
            matched += await self.store.matching_follows(guild, "feed", [str(feed_id)])
        now = self.now()
        notices: dict[int, FollowNotice] = {}
        for follow in matched:
            reason = f"you follow {follow.describe()}"
            notices.setdefault(
                follow.user_id, FollowNotice(guild, follow.user_id, article.id, reason, now)
            )
        return await self.store.add_follow_notices(list(notices.values()))

    async def article_from_feed(self, guild_id: int, article_id: int, feed_id: int) -> int:
        """For feed delivery: the stored article came from `feed_id`, so its followers hear."""
        article = await self.store.get_article(guild_id, article_id)
        return 0 if article is None else await self.match_follows(article, (), feed_id)

    # --- DMs -------------------------------------------------------------------------------

    async def follow_dms(self, guild_ids: Sequence[int]) -> list[FollowDm]:
        """The DMs due now for members of `guild_ids`, within the hourly rule."""
        now = self.now()
        waiting: dict[tuple[int, int], list[FollowNotice]] = defaultdict(list)
        for notice in await self.store.waiting_notices(list(guild_ids)):
            waiting[(notice.guild_id, notice.user_id)].append(notice)
        dms: list[FollowDm] = []
        for (guild_id, user_id), notices in waiting.items():
            sent = await self.store.singles_since(guild_id, user_id, now - HOUR)
            allowance = max(0, limits.FOLLOW_DMS_PER_HOUR - sent)
            for notice in notices[:allowance]:
                items = await self._follow_items(guild_id, [notice])
                if items:
                    dms.append(FollowDm(guild_id, user_id, items, combined=False))
            held = notices[allowance:]
            if held and now - held[0].created_at >= HOUR:
                items = await self._follow_items(guild_id, held)
                if items:
                    dms.append(FollowDm(guild_id, user_id, items, combined=True))
        return dms

    async def _follow_items(
        self, guild_id: int, notices: Sequence[FollowNotice]
    ) -> tuple[FollowItem, ...]:
        items = []
        for notice in notices:
            article = await self.store.get_article(guild_id, notice.article_id)
            if article is None:
                continue
            summary = await run_cpu(self.executor, compact_summary, article.text)
            url = article.canonical_url or article.source_url
            items.append(FollowItem(article.id, article.title, url, summary, notice.reason))
        return tuple(items)

    async def follow_dm_sent(self, dm: FollowDm) -> None:
        kind = "combined" if dm.combined else "single"
        ids = [i.article_id for i in dm.items]
        await self.store.mark_notices(dm.guild_id, dm.user_id, ids, self.now(), kind)

    async def follow_dm_refused(self, dm: FollowDm) -> None:
        """The member's DMs are closed: pause their follows and drop what was waiting."""
        now = self.now()
        await self.store.pause_follows(dm.guild_id, dm.user_id, now)
        waiting = [
            n.article_id
            for n in await self.store.waiting_notices([dm.guild_id])
            if n.user_id == dm.user_id
        ]
        await self.store.mark_notices(dm.guild_id, dm.user_id, waiting, now, "dropped")

    async def forget_member(self, guild_id: int, user_id: int) -> int:
        """A member left the server: everything stored about their follows goes."""
        return await self.store.clear_follows(guild_id, user_id)
