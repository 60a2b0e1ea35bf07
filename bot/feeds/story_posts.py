"""Stories in feed delivery: a story is posted once per channel, and later reports of it are
added to that first post ("Also reported by: …") instead of being posted again.

`DeliveryQueue.deliver` calls `story_post` before posting and `remember_story_post` once the
delivery is recorded. Two things keep a retried delivery (the process died between the post
and its record) from folding itself into its own post: that order (a story post is remembered
only after its delivery is recorded), and `story_post_for`'s check that the post's delivery was
recorded as delivered. A crash between the two records only loses one fold (the next report
is posted on its own), never a post.

Forum channels are left out: each of their posts is a thread of its own, so every entry is
posted there (a decision of ours; the issue speaks of channels).
"""

from __future__ import annotations

import logging

from bot.models import Article, Feed, StoryPost
from bot.service import NewsService

log = logging.getLogger(__name__)


def folds_stories(feed: Feed) -> bool:
    """Whether the feed's posts take part in stories (not in forums: see the docstring)."""
    return feed.target != "forum"


async def story_post(service: NewsService, feed: Feed, article: Article) -> StoryPost | None:
    """The post in the feed's channel the article's story already has within the window, or
    None when the article is to be posted (stories off, a new story, a forum)."""
    if not folds_stories(feed):
        return None
    return await service.story_post_for(feed.guild_id, article.id, feed.channel_id)


async def remember_story_post(
    service: NewsService, feed: Feed, article: Article, message_id: int
) -> None:
    """The article was posted as `message_id` in the feed's channel: later reports of its
    story in that channel are added to this post."""
    if folds_stories(feed) and await service.stories_enabled(feed.guild_id):
        await service.record_story_post(feed.guild_id, article.id, feed.channel_id, message_id)


def message_link(guild_id: int, channel_id: int, message_id: int) -> str:
    return f"https://discord.com/channels/{guild_id}/{channel_id}/{message_id}"
