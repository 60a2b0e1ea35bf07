"""`/feed`: RSS and Atom feeds whose new articles are summarised into a channel, and the
poller that runs them (the rules are in `bot/feeds/poller.py`)."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot import limits
from bot.engine.text.sentences import truncate
from bot.feeds.deliveries import DeliveryError, DeliveryQueue
from bot.feeds.poller import (
    NO_SUCH_FEED,
    FeedPoller,
    PollOutcome,
    feed_lease_seconds,
    feed_status,
    subscribe,
    unsubscribe,
)
from bot.feeds.targets import ChannelPoster
from bot.ingest.feeds import MAX_FAILURES_BEFORE_DISABLE
from bot.models import Feed
from bot.ui.embeds import COLOUR, safe_url
from bot.ui.options import IdOption

log = logging.getLogger(__name__)

MAX_URL_OPTION = 2000


def _feed_name(feed: Feed) -> str:
    return " ".join((feed.title or feed.url).split())


class FeedId(IdOption):
    """A feed option: autocomplete over the server's own feeds, the value is the id."""

    missing = NO_SUCH_FEED

    async def autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        feeds = await interaction.client.service.store.list_feeds(interaction.guild_id)  # type: ignore[attr-defined]
        typed = current.strip().lstrip("#").casefold()
        matching = [
            f for f in feeds if not typed or typed in f"{f.id} {f.title or ''} {f.url}".casefold()
        ]
        return [
            app_commands.Choice(
                name=truncate(f"#{f.id} {_feed_name(f)}", limits.CHOICE_NAME), value=str(f.id)
            )
            for f in matching[: limits.AUTOCOMPLETE_CHOICES]
        ]


def feed_list_embed(feeds: list[Feed]) -> discord.Embed:
    lines = []
    for feed in feeds:
        name = discord.utils.escape_markdown(truncate(_feed_name(feed), 80))
        link = safe_url(feed.url)
        title = f"[{name}]({link})" if link else name
        status = feed_status(feed)
        mark = "⛔ " if not feed.enabled else "⚠️ " if feed.failures else ""
        lines.append(f"`#{feed.id}` {title} → <#{feed.channel_id}>\n{mark}{truncate(status, 300)}")
    embed = discord.Embed(
        title="Feeds",
        description=truncate("\n".join(lines), limits.EMBED_DESCRIPTION),
        colour=COLOUR,
    )
    embed.set_footer(
        text=f"{len(feeds)} of {limits.MAX_FEEDS_PER_GUILD} feeds · a feed is disabled after "
        f"{MAX_FAILURES_BEFORE_DISABLE} failed polls in a row; add it again to re-enable it"
    )
    return embed


@app_commands.default_permissions(manage_guild=True)
class Feeds(
    commands.GroupCog, group_name="feed", group_description="News feeds posted to a channel"
):
    """Feed administration, and the background poller."""

    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot
        self.poller: FeedPoller | None = None
        self.deliveries: DeliveryQueue | None = None
        super().__init__()

    async def cog_load(self) -> None:
        tick = getattr(getattr(self.bot, "settings", None), "feed_tick_seconds", None)
        if tick:
            self.poll_feeds.change_interval(seconds=tick)

    async def cog_unload(self) -> None:
        self.poll_feeds.cancel()

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Discord's default permissions can be overridden by a server; check at run time too
        (also for /feed list, which shows the feeds' addresses and errors)."""
        if not interaction.permissions.manage_guild:
            raise app_commands.MissingPermissions(["manage_guild"])
        return True

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        if self.bot.service is not None and not self.poll_feeds.is_running():
            tick = self.poll_feeds.seconds
            lease = feed_lease_seconds(tick)
            self.poller = FeedPoller(self.bot.service, lease_seconds=lease)
            self.deliveries = DeliveryQueue(
                self.bot.service,
                ChannelPoster(self.bot),
                owner=self.poller.owner,
                tick_seconds=tick,
                lease_seconds=lease,
            )
            log.info(
                "feed poller %s: every %g s, leases of %g s",
                self.poller.owner,
                tick,
                self.poller.lease_seconds,
            )
            self.poll_feeds.start()

    @property
    def service(self):
        return self.bot.service

    # --- commands ----------------------------------------------------------------------------

    @app_commands.command(name="add", description="Post the summaries of a feed's new articles")
    @app_commands.describe(
        url="The feed's address (RSS or Atom), https://…",
        channel="Where to post them (default: this channel)",
    )
    @app_commands.checks.has_permissions(manage_guild=True)
    async def add(
        self,
        interaction: discord.Interaction,
        url: app_commands.Range[str, 1, MAX_URL_OPTION],
        channel: discord.TextChannel | None = None,
    ) -> None:
        target = channel.id if channel is not None else interaction.channel_id
        await interaction.response.defer(ephemeral=True, thinking=True)
        feed, created = await subscribe(
            self.service, interaction.guild_id, target, url, added_by=interaction.user.id
        )
        name = discord.utils.escape_markdown(truncate(_feed_name(feed), 200))
        if created:
            text = (
                f"Added feed #{feed.id} **{name}**: its newest articles will appear in "
                f"<#{feed.channel_id}> within a few minutes."
            )
        elif feed.channel_id != target:
            text = (
                f"This server already has that feed as #{feed.id}, posting to <#{feed.channel_id}>."
            )
        else:
            text = f"This server already has that feed as #{feed.id} ({feed_status(feed)})."
        await interaction.followup.send(text, ephemeral=True)

    @app_commands.command(name="list", description="The server's feeds and how they are doing")
    async def list(self, interaction: discord.Interaction) -> None:
        feeds = await self.service.store.list_feeds(interaction.guild_id)
        if not feeds:
            await interaction.response.send_message(
                "This server has no feeds yet: an admin can add one with /feed add.",
                ephemeral=True,
            )
            return
        await interaction.response.send_message(embed=feed_list_embed(feeds), ephemeral=True)

    @app_commands.command(name="remove", description="Stop posting a feed")
    @app_commands.describe(feed="Which feed")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def remove(
        self, interaction: discord.Interaction, feed: app_commands.Transform[int, FeedId]
    ) -> None:
        removed = await unsubscribe(self.service, interaction.guild_id, feed)
        name = discord.utils.escape_markdown(truncate(_feed_name(removed), 200))
        await interaction.response.send_message(
            f"Removed feed #{removed.id} **{name}**.", ephemeral=True
        )

    # --- the poller and the delivery queue ---------------------------------------------------

    @tasks.loop(seconds=60)
    async def poll_feeds(self) -> None:
        """One tick: poll the due feeds (queueing their new articles), then post what is due,
        including retries and what a previous process left pending."""
        if self.poller is None or self.deliveries is None:
            return
        try:
            async for outcome in self.poller.poll_due():
                if outcome.disabled:
                    await self.announce_disabled(outcome)
        except Exception:
            log.exception("polling feeds failed")
        try:
            await self.deliveries.run_due()
        except Exception:
            log.exception("delivering feed posts failed")

    @poll_feeds.before_loop
    async def _before_polling(self) -> None:
        await self.bot.wait_until_ready()

    async def announce_disabled(self, outcome: PollOutcome) -> None:
        """Tell the feed's channel, once, that the feed was disabled and why."""
        feed = outcome.feed
        name = discord.utils.escape_markdown(truncate(_feed_name(feed), 200))
        try:
            channel = await ChannelPoster(self.bot).channel(feed)
            await channel.send(
                f"Feed #{feed.id} **{name}** failed {feed.failures} times in a row, so it is "
                f"paused. Last error: {outcome.error} An admin can add it again with "
                "/feed add to retry.",
                allowed_mentions=discord.AllowedMentions.none(),
            )
        except (DeliveryError, discord.HTTPException):
            log.warning("feed %s: could not announce that it was disabled", feed.id)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Feeds(bot))
