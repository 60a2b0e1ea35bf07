"""Auto-summary: links posted in a server's chosen channel get a reply with their summary.

Set with `/settings autosummary channel:`. The bot only sees what people write with the
privileged message content intent (`NEWSBOT_MESSAGE_CONTENT=1`, switched on in the Developer
Portal too); without it this listener never hears a link.
"""

from __future__ import annotations

import logging
from collections import OrderedDict

import discord
from discord.ext import commands

from bot import limits
from bot.errors import UserFacingError
from bot.service import find_links, reduction
from bot.ui.embeds import summary_embed

log = logging.getLogger(__name__)

_REMEMBERED_MESSAGES = 1000


class AutoSummary(commands.Cog):
    """Replies once to each message with a link in the guild's auto-summary channel."""

    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot
        self._seen: OrderedDict[int, None] = OrderedDict()
        self._rate = commands.CooldownMapping.from_cooldown(
            *limits.AUTOSUMMARY_RATE, commands.BucketType.guild
        )

    def _first_time(self, message_id: int) -> bool:
        """False for a message already handled (a gateway replay may deliver it twice)."""
        if message_id in self._seen:
            return False
        self._seen[message_id] = None
        while len(self._seen) > _REMEMBERED_MESSAGES:
            self._seen.popitem(last=False)
        return True

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.guild is None or message.author.bot or message.webhook_id is not None:
            return
        if "http" not in message.content.lower():
            return
        service = self.bot.service
        if service is None:
            return
        settings = await service.server_settings(message.guild.id)
        if settings.autosummary_channel_id != message.channel.id:
            return
        links = find_links(message.content)
        if not links or not self._first_time(message.id):
            return
        if self._rate.get_bucket(message).update_rate_limit():
            log.info("auto-summary: guild %s is over its rate cap", message.guild.id)
            return
        try:
            article, summary = await service.summarize_url(message.guild.id, links[0])
        except UserFacingError as exc:
            log.info("auto-summary of %s skipped: %s", links[0], exc)
            return
        except Exception:
            log.exception("auto-summary of %s failed", links[0])
            return
        if reduction(article, summary) < limits.AUTOSUMMARY_MIN_REDUCTION:
            log.info("auto-summary of %s skipped: the summary is not much shorter", links[0])
            return
        try:
            await message.reply(embed=summary_embed(article, summary), mention_author=False)
        except discord.HTTPException as exc:
            log.warning("auto-summary reply in %s failed: %s", message.channel.id, exc)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(AutoSummary(bot))
