"""`/feed`: RSS and Atom feeds whose new articles are summarised into a channel, and the
poller that runs them (the rules are in `bot/feeds/poller.py`)."""

from __future__ import annotations

import dataclasses
import logging
import time

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot import limits
from bot.engine.text.sentences import truncate
from bot.errors import InputError
from bot.feeds.admin import (
    add_filter,
    add_tag_rule,
    edit_feed,
    feed_log,
    own_feed,
    remove_filter,
    remove_tag_rule,
    set_mention,
)
from bot.feeds.deliveries import DeliveryError, DeliveryQueue
from bot.feeds.filters import FIELDS, OPERATORS, FilterRule, load_rules, make_rule
from bot.feeds.poller import (
    NO_SUCH_FEED,
    FeedPoller,
    PollOutcome,
    feed_lease_seconds,
    feed_status,
    subscribe,
    unsubscribe,
)
from bot.feeds.preview import EntryPreview, preview_feed, send_test_post
from bot.feeds.settings import ARCHIVE_MINUTES, FORMATS, TARGETS, target_for_channel
from bot.feeds.tags import TagRule, load_tag_rules
from bot.feeds.targets import ChannelPoster, channel_problem, missing_permissions
from bot.ingest.feeds import MAX_FAILURES_BEFORE_DISABLE, MIN_INTERVAL_MINUTES
from bot.models import Feed, FeedLogEntry
from bot.ui.embeds import COLOUR, safe_url
from bot.ui.errors import reply_error
from bot.ui.options import IdOption

log = logging.getLogger(__name__)

# The choices of every command that takes a rule (filters, mention rules, tag rules), read from
# the one registry of filter fields and operators.
RULE_FIELD_CHOICES = [app_commands.Choice(name=f.label, value=f.name) for f in FIELDS.values()]
RULE_OPERATOR_CHOICES = [
    app_commands.Choice(name=label, value=op) for op, label in OPERATORS.items()
]

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


def target_for(
    channel: discord.abc.GuildChannel | None, target: str | None, current: Feed | None
) -> dict[str, str]:
    """The target a channel choice implies (the rule is `target_for_channel`'s)."""
    if channel is None:
        return target_for_channel(None, target, current)
    return target_for_channel(isinstance(channel, discord.ForumChannel), target, current)


def _quoted(text: str) -> str:
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


def _combined(feed: Feed, rules: list[FilterRule]) -> str:
    if not rules:
        return "It has no filters now: every new entry is posted."
    how = "all of" if feed.filter_mode == "all" else "any of"
    return f"An entry is posted when it passes {how} its {len(rules)} filters."


def filter_lines(feed: Feed) -> list[str]:
    rules = load_rules(feed.filters)
    if not rules:
        return ["none: every new entry is posted"]
    lines = [f"posted when it passes **{feed.filter_mode} of** these:"]
    for number, rule in enumerate(rules, 1):
        group = f" · group “{_quoted(rule.group)}”" if rule.group else ""
        lines.append(f"`{number}.` {_quoted(rule.describe())}{group}")
    return lines


def tag_rule_lines(rules: list[TagRule]) -> list[str]:
    return [f"`{number}.` {_quoted(rule.describe())}" for number, rule in enumerate(rules, 1)]


def feed_show_embed(feed: Feed) -> discord.Embed:
    name = discord.utils.escape_markdown(truncate(_feed_name(feed), 200))
    link = safe_url(feed.url)
    embed = discord.Embed(
        title=truncate(f"Feed #{feed.id}: {_feed_name(feed)}", limits.EMBED_TITLE),
        url=link,
        colour=COLOUR,
    )
    embed.add_field(name="Posts to", value=f"<#{feed.channel_id}>")
    embed.add_field(name="Every", value=f"{feed.interval_minutes} minutes")
    embed.add_field(name="State", value=truncate(feed_status(feed), limits.EMBED_FIELD_VALUE))
    posting = [f"**{feed.target}**, {feed.post_format} format"]
    if feed.target in ("thread", "forum"):
        posting.append(f"archived after {ARCHIVE_MINUTES.get(feed.auto_archive_minutes, '?')}")
    if feed.publish:
        posting.append("published to following servers")
    if feed.use_webhook:
        posting.append(f"as “{_quoted(feed.webhook_name or _feed_name(feed))}” (webhook)")
    if feed.mention_role_id:
        rules = load_rules(feed.mention_filter)
        when = f" when {_quoted(rules[0].describe())}" if rules else ""
        posting.append(f"mentions <@&{feed.mention_role_id}>{when}")
    embed.add_field(
        name="Posting", value=truncate("; ".join(posting), limits.EMBED_FIELD_VALUE), inline=False
    )
    embed.add_field(
        name="Filters",
        value=truncate("\n".join(filter_lines(feed)), limits.EMBED_FIELD_VALUE),
        inline=False,
    )
    tag_rules = load_tag_rules(feed.tag_rules)
    if tag_rules:
        embed.add_field(
            name="Forum tags by rule",
            value=truncate("\n".join(tag_rule_lines(tag_rules)), limits.EMBED_FIELD_VALUE),
            inline=False,
        )
    embed.set_footer(text=truncate(name, limits.EMBED_FOOTER))
    return embed


DECISION_MARKS = {
    "posted": "✅",
    "edited": "✏️",
    "folded": "🔗",
    "filtered": "🚫",
    "duplicate": "♻️",
    "capped": "⏳",
    "retrying": "⚠️",
    "failed": "❌",
}


def feed_log_embed(feed: Feed, entries: list[FeedLogEntry], guild_id: int) -> discord.Embed:
    lines = []
    for entry in entries:
        title = _quoted(truncate(" ".join((entry.title or "untitled").split()), 80))
        link = safe_url(entry.link)
        shown = f"[{title}]({link})" if link else title
        line = f"<t:{int(entry.at)}:R> {DECISION_MARKS.get(entry.decision, '•')} **{entry.decision}** {shown}"
        if entry.message_id and entry.channel_id:
            line += (
                f" → [message](https://discord.com/channels/{guild_id}/"
                f"{entry.channel_id}/{entry.message_id})"
            )
        if entry.detail:
            line += f"\n  {_quoted(truncate(entry.detail, 200))}"
        lines.append(line)
    embed = discord.Embed(
        title=truncate(f"Log of feed #{feed.id}: {_feed_name(feed)}", limits.EMBED_TITLE),
        description=truncate(
            "\n".join(lines)
            or "Nothing yet: the feed has not decided about any entry since it was added.",
            limits.EMBED_DESCRIPTION,
        ),
        colour=COLOUR,
    )
    embed.set_footer(text=f"The newest {limits.FEED_LOG_SHOWN} decisions, newest first")
    return embed


def feed_test_embed(feed: Feed, previews: list[EntryPreview]) -> discord.Embed:
    lines = []
    for preview in previews:
        entry = preview.entry
        title = _quoted(truncate(" ".join((entry.title or "untitled").split()), 80))
        link = safe_url(entry.link)
        shown = f"[{title}]({link})" if link else title
        mark = "✅ would post" if preview.would_post else "🚫 would not post"
        lines.append(f"{mark} {shown}\n  {_quoted(truncate(preview.reason, 200))}")
    embed = discord.Embed(
        title=truncate(f"Test of feed #{feed.id}: {_feed_name(feed)}", limits.EMBED_TITLE),
        description=truncate(
            "\n".join(lines) or "The feed has no entries right now.", limits.EMBED_DESCRIPTION
        ),
        colour=COLOUR,
    )
    embed.set_footer(text=f"Its newest {limits.FEED_TEST_ENTRIES} entries, newest first")
    return embed


class FilterValueModal(discord.ui.Modal, title="Add a filter"):
    """The words or regular expression of `/feed filter add`, typed in a form: a long rule is
    hard to write and to check in a one-line option, and a form shows all of it."""

    value = discord.ui.TextInput(
        label="Words (separated by commas) or a regex",
        style=discord.TextStyle.paragraph,
        max_length=limits.FILTER_VALUE_MAX,
    )
    group = discord.ui.TextInput(
        label="Group (optional)",
        max_length=limits.FILTER_GROUP_MAX,
        required=False,
        placeholder="Rules with the same group name are combined the other way",
    )

    def __init__(self, cog: Feeds, feed_id: int, field: str, rule: str, combine: str | None):
        title = f"Filter: {FIELDS[field].label} {OPERATORS[rule]}"
        super().__init__(title=truncate(title, limits.MODAL_TITLE))
        self.cog, self.feed_id, self.field, self.rule = cog, feed_id, field, rule
        self.combine = combine

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Permissions can change between opening the form and sending it."""
        if not interaction.permissions.manage_guild:
            raise app_commands.MissingPermissions(["manage_guild"])
        return True

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await self.cog.add_filter_and_reply(
            interaction,
            self.feed_id,
            self.field,
            self.rule,
            self.value.value,
            self.group.value.strip() or None,
            self.combine,
        )

    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:
        await reply_error(interaction, error)


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
            self.poller = FeedPoller(self.bot.service, lease_seconds=lease, tick_seconds=tick)
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
        channel: discord.TextChannel | discord.ForumChannel | None = None,
    ) -> None:
        target = channel.id if channel is not None else interaction.channel_id
        kind = target_for(channel, None, None).get("target", "channel")
        await interaction.response.defer(ephemeral=True, thinking=True)
        planned = Feed(0, interaction.guild_id, target, url, target=kind)
        if missing := await self.missing_permissions(planned):
            await interaction.followup.send(missing, ephemeral=True)
            return
        feed, created = await subscribe(
            self.service,
            interaction.guild_id,
            target,
            url,
            added_by=interaction.user.id,
            target=kind,
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

    @app_commands.command(name="edit", description="Change a feed's settings")
    @app_commands.describe(
        feed="Which feed",
        channel="Post to this channel (a forum channel gets a post per article)",
        interval="Poll every this many minutes",
        combine="How the feed's filters combine: all must pass, or any one is enough",
        format="What each post shows",
        target="In a text channel: a message, or a message with a thread per article",
        archive_after="When a thread or forum post without activity is archived",
        publish="In an announcement channel: publish each post to following servers",
        webhook="Post through a webhook with the feed's own name and avatar",
        webhook_name="The name posts appear under (default: the feed's title)",
        webhook_avatar="An https:// image address for the avatar (default: the site's icon)",
    )
    @app_commands.choices(
        combine=[
            app_commands.Choice(name="all of the rules", value="all"),
            app_commands.Choice(name="any of the rules", value="any"),
        ],
        format=[app_commands.Choice(name=f"{k}: {v}", value=k) for k, v in FORMATS.items()],
        target=[
            app_commands.Choice(name=f"{k}: {v}"[:100], value=k)
            for k, v in TARGETS.items()
            if k != "forum"
        ],
        archive_after=[
            app_commands.Choice(name=label, value=minutes)
            for minutes, label in ARCHIVE_MINUTES.items()
        ],
    )
    async def edit(
        self,
        interaction: discord.Interaction,
        feed: app_commands.Transform[int, FeedId],
        channel: discord.TextChannel | discord.ForumChannel | None = None,
        interval: app_commands.Range[int, MIN_INTERVAL_MINUTES, limits.MAX_FEED_INTERVAL_MINUTES]
        | None = None,
        combine: str | None = None,
        format: str | None = None,
        target: str | None = None,
        archive_after: int | None = None,
        publish: bool | None = None,
        webhook: bool | None = None,
        webhook_name: app_commands.Range[str, 1, limits.WEBHOOK_NAME] | None = None,
        webhook_avatar: app_commands.Range[str, 1, limits.URL_MAX] | None = None,
    ) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        current = await own_feed(self.service, interaction.guild_id, feed)
        changes = {
            name: value
            for name, value in (
                ("interval_minutes", interval),
                ("filter_mode", combine),
                ("post_format", format),
                ("target", target),
                ("auto_archive_minutes", archive_after),
                ("publish", publish),
                ("use_webhook", webhook),
                ("webhook_name", webhook_name),
                ("webhook_avatar_url", webhook_avatar),
            )
            if value is not None
        }
        if channel is not None:
            changes["channel_id"] = channel.id
        changes.update(target_for(channel, target, current))
        proposed = dataclasses.replace(current, **changes)
        missing = await self.missing_permissions(proposed)
        if missing:
            await interaction.followup.send(missing, ephemeral=True)
            return
        edited = await edit_feed(self.service, interaction.guild_id, feed, changes)
        await interaction.followup.send(
            f"Feed #{edited.id} changed.", embed=feed_show_embed(edited), ephemeral=True
        )

    @app_commands.command(name="mention", description="Mention a role in a feed's posts")
    @app_commands.describe(
        feed="Which feed",
        role="The role to mention (leave out to stop mentioning)",
        field="Mention only for entries whose field…",
        rule="…passes this rule…",
        value="…with these words or this regular expression",
    )
    @app_commands.choices(
        field=RULE_FIELD_CHOICES,
        rule=RULE_OPERATOR_CHOICES,
    )
    async def mention(
        self,
        interaction: discord.Interaction,
        feed: app_commands.Transform[int, FeedId],
        role: discord.Role | None = None,
        field: str | None = None,
        rule: str | None = None,
        value: app_commands.Range[str, 1, limits.FILTER_VALUE_MAX] | None = None,
    ) -> None:
        if role is not None and (role.is_default() or role.managed):
            raise InputError("Pick a role members can have, not @everyone or a bot's own role.")
        given = [x is not None for x in (field, rule, value)]
        if any(given) and not all(given):
            raise InputError("A mention rule needs its field, rule and value.")
        only = make_rule(field, rule, value) if all(given) else None
        edited = await set_mention(
            self.service, interaction.guild_id, feed, role.id if role else None, only
        )
        if role is None:
            text = f"Feed #{edited.id} mentions nobody now."
        elif only is None:
            text = f"Feed #{edited.id} mentions {role.mention} in every post."
        else:
            text = (
                f"Feed #{edited.id} mentions {role.mention} in posts whose "
                f"{_quoted(only.describe())}."
            )
        await interaction.response.send_message(
            text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
        )

    @app_commands.command(name="show", description="A feed's settings, filters and state")
    @app_commands.describe(feed="Which feed")
    async def show(
        self, interaction: discord.Interaction, feed: app_commands.Transform[int, FeedId]
    ) -> None:
        found = await own_feed(self.service, interaction.guild_id, feed)
        await interaction.response.send_message(embed=feed_show_embed(found), ephemeral=True)

    @app_commands.command(name="log", description="Why a feed's recent entries were posted or not")
    @app_commands.describe(feed="Which feed")
    async def show_log(
        self, interaction: discord.Interaction, feed: app_commands.Transform[int, FeedId]
    ) -> None:
        found, entries = await feed_log(self.service, interaction.guild_id, feed)
        await interaction.response.send_message(
            embed=feed_log_embed(found, entries, interaction.guild_id), ephemeral=True
        )

    @app_commands.command(name="test", description="What a feed would post now, and why")
    @app_commands.describe(
        feed="Which feed",
        post="Also post the newest entry to the feed's channel as it would look, marked as a test",
    )
    async def test(
        self,
        interaction: discord.Interaction,
        feed: app_commands.Transform[int, FeedId],
        post: bool = False,
    ) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        found, previews = await preview_feed(self.service, interaction.guild_id, feed, time.time())
        embed = feed_test_embed(found, previews)
        if post and previews:
            try:
                _feed, posted = await send_test_post(
                    self.service, ChannelPoster(self.bot), interaction.guild_id, feed
                )
            except DeliveryError as exc:
                embed.add_field(name="Test post", value=f"Could not post it: {exc}", inline=False)
            else:
                url = (
                    f"https://discord.com/channels/{interaction.guild_id}/"
                    f"{posted.channel_id}/{posted.message_id}"
                )
                embed.add_field(name="Test post", value=f"[Posted]({url})", inline=False)
        await interaction.followup.send(embed=embed, ephemeral=True)

    filter = app_commands.Group(name="filter", description="Which entries a feed posts")

    @filter.command(name="add", description="Post only entries that pass this rule")
    @app_commands.describe(
        feed="Which feed",
        field="What the rule looks at",
        rule="How it looks",
        value="Words or phrases separated by commas, or a regular expression (leave out to "
        "type a long one in a form)",
        group="Rules with the same group name are combined the other way (one level)",
        combine="How the feed's rules combine: all must pass, or any one is enough",
    )
    @app_commands.choices(
        field=RULE_FIELD_CHOICES,
        rule=RULE_OPERATOR_CHOICES,
        combine=[
            app_commands.Choice(name="all of the rules", value="all"),
            app_commands.Choice(name="any of the rules", value="any"),
        ],
    )
    async def filter_add(
        self,
        interaction: discord.Interaction,
        feed: app_commands.Transform[int, FeedId],
        field: str,
        rule: str,
        value: app_commands.Range[str, 1, limits.FILTER_VALUE_MAX] | None = None,
        group: app_commands.Range[str, 1, limits.FILTER_GROUP_MAX] | None = None,
        combine: str | None = None,
    ) -> None:
        if value is None:
            await own_feed(self.service, interaction.guild_id, feed)  # a wrong id, before typing
            await interaction.response.send_modal(
                FilterValueModal(self, feed, field, rule, combine)
            )
            return
        await self.add_filter_and_reply(interaction, feed, field, rule, value, group, combine)

    async def add_filter_and_reply(
        self,
        interaction: discord.Interaction,
        feed: int,
        field: str,
        rule: str,
        value: str,
        group: str | None,
        combine: str | None,
    ) -> None:
        """Add the rule and tell the admin what the feed's filters are now (from the command
        or from its form)."""
        found, rules = await add_filter(
            self.service,
            interaction.guild_id,
            feed,
            field,
            rule,
            value,
            group=group,
            mode=combine,
        )
        added = rules[-1]
        await interaction.response.send_message(
            f"Added filter {len(rules)} to feed #{found.id}: {_quoted(added.describe())}. "
            f"{_combined(found, rules)}",
            ephemeral=True,
            allowed_mentions=discord.AllowedMentions.none(),
        )

    @filter.command(name="list", description="A feed's filters, numbered")
    @app_commands.describe(feed="Which feed")
    async def filter_list(
        self, interaction: discord.Interaction, feed: app_commands.Transform[int, FeedId]
    ) -> None:
        found = await own_feed(self.service, interaction.guild_id, feed)
        await interaction.response.send_message(embed=feed_show_embed(found), ephemeral=True)

    @filter.command(name="remove", description="Remove one of a feed's filters")
    @app_commands.describe(feed="Which feed", number="The filter's number in /feed filter list")
    async def filter_remove(
        self,
        interaction: discord.Interaction,
        feed: app_commands.Transform[int, FeedId],
        number: app_commands.Range[int, 1, limits.MAX_FEED_FILTERS],
    ) -> None:
        found, removed, rules = await remove_filter(
            self.service, interaction.guild_id, feed, number
        )
        await interaction.response.send_message(
            f"Removed filter {number} from feed #{found.id}: {_quoted(removed.describe())}. "
            f"{_combined(found, rules)}",
            ephemeral=True,
            allowed_mentions=discord.AllowedMentions.none(),
        )

    tag = app_commands.Group(name="tag", description="Forum tags a feed's posts get by a rule")

    @tag.command(name="add", description="Give a forum post this tag when its entry passes a rule")
    @app_commands.describe(
        feed="Which feed (posting to a forum)",
        tag="The forum tag's name",
        field="Tag entries whose field…",
        rule="…passes this rule…",
        value="…with these words (separated by commas) or this regular expression",
    )
    @app_commands.choices(
        field=RULE_FIELD_CHOICES,
        rule=RULE_OPERATOR_CHOICES,
    )
    async def tag_add(
        self,
        interaction: discord.Interaction,
        feed: app_commands.Transform[int, FeedId],
        tag: app_commands.Range[str, 1, limits.FORUM_TAG_NAME],
        field: str,
        rule: str,
        value: app_commands.Range[str, 1, limits.FILTER_VALUE_MAX],
    ) -> None:
        found = await own_feed(self.service, interaction.guild_id, feed)
        forum = self.bot.get_channel(found.channel_id)
        if isinstance(forum, discord.ForumChannel):
            names = [t.name for t in forum.available_tags]
            if tag.casefold().strip() not in {n.casefold().strip() for n in names}:
                have = ", ".join(f"“{_quoted(n)}”" for n in names) or "none yet"
                raise InputError(
                    f"{forum.mention} has no tag “{_quoted(tag)}” (its tags: {have}); "
                    "add it in the forum's settings first."
                )
        edited, rules = await add_tag_rule(
            self.service, interaction.guild_id, feed, tag, field, rule, value
        )
        note = (
            ""
            if edited.target == "forum"
            else " It applies once the feed posts to a forum (/feed edit channel:)."
        )
        await interaction.response.send_message(
            f"Feed #{edited.id}: tag rule {len(rules)}, {_quoted(rules[-1].describe())}.{note}",
            ephemeral=True,
            allowed_mentions=discord.AllowedMentions.none(),
        )

    @tag.command(name="remove", description="Remove one of a feed's tag rules")
    @app_commands.describe(feed="Which feed", number="The tag rule's number in /feed show")
    async def tag_remove(
        self,
        interaction: discord.Interaction,
        feed: app_commands.Transform[int, FeedId],
        number: app_commands.Range[int, 1, limits.MAX_FEED_TAG_RULES],
    ) -> None:
        edited, removed, rules = await remove_tag_rule(
            self.service, interaction.guild_id, feed, number
        )
        await interaction.response.send_message(
            f"Feed #{edited.id}: removed tag rule {number}, {_quoted(removed.describe())}. "
            f"It has {len(rules)} tag rule{'s' if len(rules) != 1 else ''} now.",
            ephemeral=True,
            allowed_mentions=discord.AllowedMentions.none(),
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
                elif outcome.error is not None and outcome.feed.failures == 1:
                    await self.announce_failing(outcome)
        except Exception:
            log.exception("polling feeds failed")
        try:
            await self.deliveries.run_due()
        except Exception:
            log.exception("delivering feed posts failed")

    @poll_feeds.before_loop
    async def _before_polling(self) -> None:
        await self.bot.wait_until_ready()

    async def missing_permissions(self, feed: Feed) -> str | None:
        """What keeps the bot from posting this feed, in one message, or None."""
        try:
            channel = await ChannelPoster(self.bot).channel(feed)
        except DeliveryError as exc:
            return str(exc)
        if problem := channel_problem(feed, channel):
            return problem
        if missing := missing_permissions(feed, channel):
            return (
                f"I can't post this feed in {channel.mention}: I'm missing "
                f"{', '.join(missing)} there. Give me {'it' if len(missing) == 1 else 'them'} "
                "(Server Settings → Roles, or the channel's Permissions) and try again."
            )
        return None

    async def announce_failing(self, outcome: PollOutcome) -> None:
        """Tell the feed's channel, once, that the feed started failing and why."""
        feed = outcome.feed
        name = discord.utils.escape_markdown(truncate(_feed_name(feed), 200))
        await self._tell(
            feed,
            f"Feed #{feed.id} **{name}** could not be read: {outcome.error} I'll keep trying, "
            f"less and less often; after {MAX_FAILURES_BEFORE_DISABLE} failures in a row it is "
            "paused and this channel is told.",
        )

    async def _tell(self, feed: Feed, text: str) -> None:
        try:
            channel = await ChannelPoster(self.bot).channel(feed)
            target = channel
            if isinstance(channel, discord.ForumChannel):
                log.info("feed %s: a forum has no channel to tell: %s", feed.id, text)
                return
            await target.send(text, allowed_mentions=discord.AllowedMentions.none())
        except (DeliveryError, discord.HTTPException):
            log.warning("feed %s: could not tell its channel: %s", feed.id, text)

    async def announce_disabled(self, outcome: PollOutcome) -> None:
        """Tell the feed's channel, once, that the feed was disabled and why."""
        feed = outcome.feed
        name = discord.utils.escape_markdown(truncate(_feed_name(feed), 200))
        await self._tell(
            feed,
            f"Feed #{feed.id} **{name}** failed {feed.failures} times in a row, so it is "
            f"paused. Last error: {outcome.error} An admin can add it again with "
            "/feed add to retry.",
        )


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Feeds(bot))
