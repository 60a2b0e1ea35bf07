"""Where a feed's articles land in Discord: the `Poster` the delivery queue posts through.

Every Discord failure becomes a `DeliveryError` whose message says what went wrong in words
an admin can act on; the queue decides whether to retry.
"""

from __future__ import annotations

import logging

import discord

from bot.feeds.deliveries import DeliveryError, Posted
from bot.models import Article, Feed, Summary
from bot.ui.embeds import summary_embed

log = logging.getLogger(__name__)

CHANNEL_MISSING = "The channel is missing, or I can't see it."


def describe_http_error(exc: discord.HTTPException) -> str:
    """One line for an admin: what Discord said, without the request details."""
    if isinstance(exc, discord.Forbidden):
        return f"Discord refused: {exc.text or 'missing permissions'}."
    if isinstance(exc, discord.NotFound):
        return CHANNEL_MISSING
    if isinstance(exc, discord.DiscordServerError):
        return f"Discord was unavailable (HTTP {exc.status})."
    return f"Discord answered HTTP {exc.status}: {exc.text or 'no reason given'}."


class ChannelPoster:
    """Posts the `/summary` embed of a feed's article into the feed's text channel."""

    def __init__(self, client: discord.Client) -> None:
        self.client = client

    async def channel(self, feed: Feed) -> discord.abc.Messageable:
        """The feed's channel, if it still exists in the feed's server."""
        channel = self.client.get_channel(feed.channel_id)
        if channel is None:
            try:
                channel = await self.client.fetch_channel(feed.channel_id)
            except discord.NotFound:
                channel = None
            except discord.HTTPException as exc:
                raise DeliveryError(describe_http_error(exc)) from exc
        guild = getattr(channel, "guild", None)
        if channel is None or guild is None or guild.id != feed.guild_id:
            raise DeliveryError(CHANNEL_MISSING)
        return channel  # type: ignore[return-value]

    async def post(
        self, feed: Feed, article: Article, summary: Summary, *, content: str | None = None
    ) -> Posted:
        """Post the article; `content` goes above the embed (the test post's marker)."""
        channel = await self.channel(feed)
        try:
            message = await channel.send(
                content,
                embed=summary_embed(article, summary),
                allowed_mentions=discord.AllowedMentions.none(),
            )
        except discord.HTTPException as exc:
            raise DeliveryError(describe_http_error(exc)) from exc
        except (OSError, TimeoutError) as exc:
            raise DeliveryError(f"Discord could not be reached ({type(exc).__name__}).") from exc
        return Posted(message.channel.id, message.id)
