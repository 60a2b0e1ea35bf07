"""Where a feed's articles land in Discord: the `Poster` the delivery queue posts through.

The feed's settings (`bot/feeds/settings.py`) choose the target: a message in a text or
announcement channel (published to following servers when `publish` is on), a message with a
new thread per article, or a post per article in a forum channel (with the forum's tags that
match the entry's categories or that a tag rule chose); as the bot, or through a webhook the bot created in that
channel with the feed's own name and avatar (reused, recreated if deleted; other webhooks are
never touched). A role mention allows exactly that role: never @everyone, @here, or users or
roles named in the article.

Every Discord failure becomes a `DeliveryError` whose message says what went wrong in words an
admin can act on; a missing permission is a `PermissionMissing`, which pauses the feed.
"""

from __future__ import annotations

import copy
import logging
import re
from dataclasses import dataclass

import discord

from bot import limits
from bot.engine.text.sentences import truncate
from bot.feeds.deliveries import DeliveryError, PermissionMissing, Posted
from bot.models import Article, Feed, Summary
from bot.ui.embeds import COLOUR, safe_url, summary_embed

log = logging.getLogger(__name__)

CHANNEL_MISSING = "The channel is missing, or I can't see it."
WRONG_CHANNEL = "That channel can't take this feed's posts: {why}."
ALSO_REPORTED_FIELD = "Also reported by"
_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


@dataclass(frozen=True, slots=True)
class Needed:
    attribute: str
    label: str


def needed_permissions(feed: Feed, channel: discord.abc.GuildChannel) -> list[Needed]:
    """Each permission the feed's target needs in `channel` (Discord's names)."""
    needed = [Needed("view_channel", "View Channel")]
    if isinstance(channel, discord.ForumChannel):
        needed.append(Needed("send_messages", "Send Messages (create posts)"))
    else:
        needed.append(Needed("send_messages", "Send Messages"))
    needed.append(Needed("embed_links", "Embed Links"))
    if feed.target == "thread":
        needed += [
            Needed("create_public_threads", "Create Public Threads"),
            Needed("send_messages_in_threads", "Send Messages in Threads"),
        ]
    if feed.use_webhook:
        needed.append(Needed("manage_webhooks", "Manage Webhooks"))
        if feed.publish and _is_announcement(channel):
            # Publishing a message that is not the bot's own (a webhook's) needs this.
            needed.append(
                Needed("manage_messages", "Manage Messages (to publish a webhook's post)")
            )
    if feed.mention_role_id is not None:
        role = channel.guild.get_role(feed.mention_role_id)  # None when not cached
        if role is not None and not role.mentionable:
            needed.append(
                Needed("mention_everyone", f"Mention All Roles (to mention @{role.name})")
            )
    return needed


def missing_permissions(feed: Feed, channel: discord.abc.GuildChannel) -> list[str]:
    """The labels of the permissions the bot lacks in `channel` for this feed. Another
    shard's server (fetched over REST, not in this process's cache) cannot be checked ahead:
    Discord's 403 then tells, and pauses the feed the same way."""
    me = getattr(channel.guild, "me", None)
    if me is None:
        return []
    have = channel.permissions_for(me)
    return [n.label for n in needed_permissions(feed, channel) if not getattr(have, n.attribute)]


def channel_problem(feed: Feed, channel: discord.abc.GuildChannel) -> str | None:
    """Why this kind of channel cannot take the feed's posts, if it cannot."""
    if feed.target == "forum" and not isinstance(channel, discord.ForumChannel):
        return WRONG_CHANNEL.format(why="the feed posts to a forum, and it is not one")
    if feed.target != "forum" and not isinstance(channel, discord.TextChannel):
        return WRONG_CHANNEL.format(why="it is not a text or announcement channel")
    return None


def feed_embed(
    feed: Feed, article: Article, summary: Summary, quote: str | None = None
) -> discord.Embed:
    """The post's embed in the feed's format."""
    if feed.post_format == "compact":
        embed = discord.Embed(
            title=truncate(article.title, limits.EMBED_TITLE),
            url=safe_url(article.canonical_url or article.source_url),
            description=truncate(summary.sentences[0], 300) if summary.sentences else None,
            colour=COLOUR,
        )
        image = safe_url(article.image_url)
        if image:  # compact stays compact: the lead image as a thumbnail, not a banner
            embed.set_thumbnail(url=image)
        return embed
    embed = summary_embed(article, summary)
    if feed.post_format == "quotes" and quote:
        embed.add_field(
            name="Top quotation", value=truncate(quote, limits.EMBED_FIELD_VALUE), inline=False
        )
    return embed


def with_also_reported(embed: discord.Embed | None, text: str) -> discord.Embed:
    """The post's embed with `text` as its last field, in place of an earlier such field."""
    # to_dict shares the field list with the embed: copy deeply so the original stays as it was.
    embed = discord.Embed.from_dict(copy.deepcopy(embed.to_dict())) if embed else None
    embed = embed or discord.Embed(colour=COLOUR)
    for index in reversed(range(len(embed.fields))):
        if embed.fields[index].name == ALSO_REPORTED_FIELD:
            embed.remove_field(index)
    fields = embed.fields[: limits.EMBED_FIELDS - 1]
    embed.clear_fields()
    for field in fields:
        embed.add_field(name=field.name, value=field.value, inline=field.inline)
    value = text.removeprefix(ALSO_REPORTED_FIELD + ": ")
    if len(value) > limits.EMBED_FIELD_VALUE:  # very long links: the names, unlinked
        value = _MARKDOWN_LINK.sub(r"\1", value)
    embed.add_field(
        name=ALSO_REPORTED_FIELD, value=truncate(value, limits.EMBED_FIELD_VALUE), inline=False
    )
    if (over := len(embed) - limits.EMBED_TOTAL) > 0 and embed.description:
        embed.description = truncate(embed.description, max(len(embed.description) - over, 1))
    return embed


def matching_tags(
    forum: discord.ForumChannel, categories: tuple[str, ...]
) -> list[discord.ForumTag]:
    """The forum's tags whose names are among `categories` (case-insensitive): the entry's
    categories, then the tags its feed's tag rules chose (`bot/feeds/tags.py`); at most the 5
    Discord allows on a post, in that order (the forum's own order among equals)."""
    by_name: dict[str, discord.ForumTag] = {}
    for tag in forum.available_tags:
        by_name.setdefault(tag.name.casefold().strip(), tag)
    wanted = dict.fromkeys(c.casefold().strip() for c in categories)
    tags = [by_name[name] for name in wanted if name in by_name]
    return tags[: limits.FORUM_TAGS_PER_POST]


def describe_http_error(exc: discord.HTTPException) -> str:
    """One line for an admin: what Discord said, without the request details."""
    if isinstance(exc, discord.Forbidden):
        return f"Discord refused: {exc.text or 'missing permissions'}."
    if isinstance(exc, discord.NotFound):
        return CHANNEL_MISSING
    if isinstance(exc, discord.DiscordServerError):
        return f"Discord was unavailable (HTTP {exc.status})."
    return f"Discord answered HTTP {exc.status}: {exc.text or 'no reason given'}."


def _is_announcement(channel: object) -> bool:
    return isinstance(channel, discord.TextChannel) and channel.is_news()


class ChannelPoster:
    """Posts a feed's articles to its target."""

    def __init__(self, client: discord.Client) -> None:
        self.client = client
        self._webhooks: dict[int, discord.Webhook] = {}

    async def channel(self, feed: Feed) -> discord.TextChannel | discord.ForumChannel:
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
        self,
        feed: Feed,
        article: Article,
        summary: Summary,
        *,
        mention_role_id: int | None = None,
        categories: tuple[str, ...] = (),
        quote: str | None = None,
        content: str | None = None,
    ) -> Posted:
        """Post the article; `content` goes above the embed (the test post's marker)."""
        channel = await self.channel(feed)
        if problem := channel_problem(feed, channel):
            raise PermissionMissing(problem)
        if missing := missing_permissions(feed, channel):
            raise PermissionMissing(
                f"I'm missing {', '.join(missing)} in #{channel.name}; an admin can grant it "
                "and run /feed edit to resume."
            )
        embed = feed_embed(feed, article, summary, quote)
        mentions = discord.AllowedMentions.none()
        if mention_role_id is not None:
            content = " ".join(filter(None, [f"<@&{mention_role_id}>", content]))
            mentions = discord.AllowedMentions(
                everyone=False,
                users=False,
                roles=[discord.Object(mention_role_id)],
                replied_user=False,
            )
        name = truncate(" ".join(article.title.split()) or "Untitled", limits.THREAD_NAME)
        try:
            if isinstance(channel, discord.ForumChannel):
                return await self._forum_post(
                    feed, channel, name, content, embed, mentions, categories
                )
            if feed.use_webhook:
                message = await self._send_by_webhook(feed, channel, content, embed, mentions)
            else:
                message = await channel.send(content, embed=embed, allowed_mentions=mentions)
            if feed.target == "thread":
                await channel.create_thread(
                    name=name,
                    message=discord.Object(message.id),
                    auto_archive_duration=feed.auto_archive_minutes,
                )
            if feed.publish and _is_announcement(channel):
                await channel.get_partial_message(message.id).publish()
        except discord.Forbidden as exc:
            raise PermissionMissing(describe_http_error(exc)) from exc
        except discord.HTTPException as exc:
            raise DeliveryError(describe_http_error(exc)) from exc
        except (OSError, TimeoutError) as exc:
            raise DeliveryError(f"Discord could not be reached ({type(exc).__name__}).") from exc
        return Posted(message.channel.id, message.id)

    async def edit(
        self, feed: Feed, channel_id: int, message_id: int, article: Article, summary: Summary
    ) -> None:
        """Edit a post in place, marked "Updated", and rename its thread or forum post."""
        embed = feed_embed(feed, article, summary)
        embed.title = truncate(f"Updated: {article.title}", limits.EMBED_TITLE)
        name = truncate(" ".join(article.title.split()) or "Untitled", limits.THREAD_NAME)
        thread_id = {"forum": channel_id, "thread": message_id}.get(feed.target)
        try:
            if feed.use_webhook:
                channel = await self.channel(feed)
                webhook = await self._own_webhook(channel, fresh=False)
                await webhook.edit_message(
                    message_id,
                    embed=embed,
                    thread=discord.Object(channel_id)
                    if channel_id != feed.channel_id
                    else discord.utils.MISSING,
                )
            else:
                messages = self.client.get_partial_messageable(channel_id)
                await messages.get_partial_message(message_id).edit(embed=embed)
            if thread_id is not None:
                thread = self.client.get_channel(thread_id) or await self.client.fetch_channel(
                    thread_id
                )
                if isinstance(thread, discord.Thread) and thread.name != name:
                    await thread.edit(name=name)
        except discord.Forbidden as exc:
            raise PermissionMissing(describe_http_error(exc)) from exc
        except discord.NotFound as exc:
            raise DeliveryError(
                "The post is gone (deleted?), so it can't be edited.", retry=False
            ) from exc
        except discord.HTTPException as exc:
            raise DeliveryError(describe_http_error(exc)) from exc

    async def report_also(self, feed: Feed, channel_id: int, message_id: int, text: str) -> bool:
        """Show `text` ("Also reported by: …") as the last field of a story's post, replacing
        the line an earlier report left and keeping the rest of the post as it is; edited by
        the webhook that sent it, or by the bot. False if the post is gone, or if the bot may
        not read it (no Read Message History): the entry is then posted on its own rather
        than pausing the whole feed."""
        try:
            channel = self.client.get_channel(channel_id) or await self.client.fetch_channel(
                channel_id
            )
            try:
                message = await self.client.get_partial_messageable(channel_id).fetch_message(
                    message_id
                )
            except discord.Forbidden:
                log.info("feed %s: may not read story post %s; posting", feed.id, message_id)
                return False
            embed = with_also_reported(message.embeds[0] if message.embeds else None, text)
            if message.webhook_id is not None and isinstance(channel, discord.TextChannel):
                webhook = await self._own_webhook(channel, fresh=False)
                await webhook.edit_message(message_id, embed=embed)
            else:
                await message.edit(embed=embed)
        except discord.NotFound:
            return False
        except discord.Forbidden as exc:
            raise PermissionMissing(describe_http_error(exc)) from exc
        except discord.HTTPException as exc:
            raise DeliveryError(describe_http_error(exc)) from exc
        except (OSError, TimeoutError) as exc:
            raise DeliveryError(f"Discord could not be reached ({type(exc).__name__}).") from exc
        return True

    async def _forum_post(
        self,
        feed: Feed,
        forum: discord.ForumChannel,
        name: str,
        content: str | None,
        embed: discord.Embed,
        mentions: discord.AllowedMentions,
        categories: tuple[str, ...],
    ) -> Posted:
        tags = matching_tags(forum, categories)
        if feed.use_webhook:
            message = await self._send_by_webhook(
                feed, forum, content, embed, mentions, thread_name=name, applied_tags=tags
            )
            return Posted(message.channel.id, message.id)
        created = await forum.create_thread(
            name=name,
            content=content,
            embed=embed,
            allowed_mentions=mentions,
            applied_tags=tags,
            auto_archive_duration=feed.auto_archive_minutes,
        )
        return Posted(created.thread.id, created.message.id)

    async def _send_by_webhook(
        self,
        feed: Feed,
        channel: discord.TextChannel | discord.ForumChannel,
        content: str | None,
        embed: discord.Embed,
        mentions: discord.AllowedMentions,
        **forum: object,
    ) -> discord.WebhookMessage:
        """Send through the bot's own webhook in the channel, recreating it once if it was
        deleted since it was cached."""
        for attempt in (1, 2):
            webhook = await self._own_webhook(channel, fresh=attempt == 2)
            try:
                return await webhook.send(
                    content or discord.utils.MISSING,
                    embed=embed,
                    username=feed.webhook_name or truncate(feed.title or "News", 80),
                    avatar_url=feed.webhook_avatar_url or feed.icon_url or discord.utils.MISSING,
                    allowed_mentions=mentions,
                    wait=True,
                    **forum,  # type: ignore[arg-type]
                )
            except discord.NotFound:
                self._webhooks.pop(channel.id, None)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def _own_webhook(
        self, channel: discord.TextChannel | discord.ForumChannel, *, fresh: bool
    ) -> discord.Webhook:
        """The webhook this bot created in `channel`, found or created; others' are left."""
        if not fresh and (cached := self._webhooks.get(channel.id)) is not None:
            return cached
        me = self.client.user
        assert me is not None
        mine = [
            w
            for w in await channel.webhooks()
            if w.user is not None and w.user.id == me.id and w.token
        ]
        webhook = (
            mine[0] if mine else await channel.create_webhook(name=limits.WEBHOOK_DEFAULT_NAME)
        )
        self._webhooks[channel.id] = webhook
        return webhook
