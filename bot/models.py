"""Small frozen dataclasses that every layer shares (engine, store, CLI, cogs).

They carry data only; behaviour lives in the engine and the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Article:
    """An article as stored: its text is already cleaned by `bot.engine.text.sentences.clean`."""

    id: int | None
    guild_id: int
    title: str
    text: str
    source_url: str | None = None
    canonical_url: str | None = None
    author: str | None = None
    site_name: str | None = None
    published: str | None = None  # ISO 8601 date or datetime, as the source gave it
    language: str = "en"
    added_by: int | None = None
    added_at: str | None = None  # ISO 8601 UTC, set by the store
    content_hash: str = ""
    sentence_count: int = 0
    word_count: int = 0
    image_url: str | None = None  # the page's lead image (og:image), referenced, never fetched


@dataclass(frozen=True, slots=True)
class Quote:
    """One quotation: the words inside the marks and who said them.

    `start`/`end` are character offsets of `quote` in the article's stored text.
    """

    quote: str
    speaker: str | None
    cue: str | None
    start: int
    end: int
    confidence: float = 0.5
    speaker_role: str | None = None
    # The body the speaker speaks for (`Ministry of Transport`), when the article names one.
    speaker_affiliation: str | None = None


@dataclass(frozen=True, slots=True)
class Summary:
    """An extractive summary: sentences of the article, in article order."""

    method: str
    sentences: tuple[str, ...]
    total_sentences: int
    keywords: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class ArticleHeader:
    """What lists and autocomplete show of an article, without loading its text."""

    id: int
    guild_id: int
    title: str
    source_url: str | None
    added_at: str
    sentence_count: int


@dataclass(frozen=True, slots=True)
class QuoteHit:
    """A stored quotation with the article it came from, as `/quote` shows it."""

    quote: Quote
    article_id: int
    article_title: str
    source_url: str | None


@dataclass(frozen=True, slots=True)
class GuildSettings:
    """A server's own defaults; None means newsbot's default."""

    guild_id: int
    summary_sentences: int | None = None
    summary_method: str | None = None
    autosummary_channel_id: int | None = None


@dataclass(frozen=True, slots=True)
class Feed:
    """An RSS/Atom subscription of one guild, posting to one channel."""

    id: int
    guild_id: int
    channel_id: int
    url: str
    title: str | None = None
    interval_minutes: int = 30
    etag: str | None = None
    last_modified: str | None = None
    next_poll_at: float = 0.0
    last_polled_at: float | None = None
    failures: int = 0
    last_error: str | None = None
    enabled: bool = True
    filters: str | None = None
    """JSON list of filter rules (see `bot/feeds/filters.py`); None posts every entry."""
    filter_mode: str = "all"
    post_format: str = "full"
    target: str = "channel"
    auto_archive_minutes: int = 1440
    publish: bool = False
    mention_role_id: int | None = None
    mention_filter: str | None = None
    """JSON of one filter rule: mention the role only for entries matching it."""
    use_webhook: bool = False
    webhook_name: str | None = None
    webhook_avatar_url: str | None = None
    paused_reason: str | None = None
    icon_url: str | None = None
    tag_rules: str | None = None
    """JSON list of forum tags chosen by a rule (see `bot/feeds/tags.py`)."""


@dataclass(frozen=True, slots=True)
class FeedLogEntry:
    """One decision a feed made about an entry, for `/feed log`."""

    at: float
    decision: str
    detail: str | None = None
    title: str | None = None
    link: str | None = None
    channel_id: int | None = None
    message_id: int | None = None


@dataclass(frozen=True, slots=True)
class FeedDelivery:
    """One feed article on its way to Discord: `pending` until posted (retried with back-off),
    then `delivered` (with where it landed) or `failed` (with why, after the last attempt)."""

    id: int
    feed_id: int
    guild_id: int
    article_id: int | None
    entry_keys: tuple[str, ...]
    state: str = "pending"
    attempts: int = 0
    next_attempt_at: float = 0.0
    last_error: str | None = None
    created_at: float = 0.0
    delivered_at: float | None = None
    channel_id: int | None = None
    message_id: int | None = None
    mention_role_id: int | None = None
    categories: tuple[str, ...] = ()
    entry_title: str | None = None
    entry_text: str | None = None
    link: str | None = None
    edit_of: int | None = None
    """Set on an edit: the delivery whose message (`channel_id`, `message_id`) it updates."""


@dataclass(frozen=True, slots=True)
class StoryArticle:
    """One article of a story as `/story` lists it."""

    article_id: int
    title: str
    source: str  # the site's name, else the address's host, else "newsbot"
    url: str | None
    at: float  # unix seconds, when it joined the story


@dataclass(frozen=True, slots=True)
class StoryPost:
    """The message a story was first posted as in a channel, and who reported it since."""

    guild_id: int
    story_id: int
    channel_id: int
    message_id: int
    posted_at: float
    also_reported: tuple[tuple[str, str | None], ...] = ()  # (source, url), oldest first


@dataclass(frozen=True, slots=True)
class Follow:
    """Something a member follows in one server."""

    id: int
    guild_id: int
    user_id: int
    kind: str  # "keyword", "speaker" or "feed"
    value: str
    label: str

    def describe(self) -> str:
        return (
            f"{self.kind} “{self.label}”" if self.kind == "keyword" else f"{self.kind} {self.label}"
        )


@dataclass(frozen=True, slots=True)
class FollowNotice:
    """A match waiting to be sent to a member."""

    guild_id: int
    user_id: int
    article_id: int
    reason: str
    created_at: float


@dataclass(frozen=True, slots=True)
class WebSession:
    """A person signed in to the web panel. `guilds` holds the servers they manage as Discord
    last said (at `checked_at`): dicts with `id`, `name` and `icon`."""

    id_hash: str
    user_id: int
    user_name: str
    access_token: str = field(repr=False)
    guilds: tuple[dict, ...]
    csrf_token: str = field(repr=False)
    checked_at: float
    created_at: float
    expires_at: float


@dataclass(frozen=True, slots=True)
class GuildChannel:
    """A channel of a server the bot is in, as the bot last saw it (for the web panel)."""

    id: int
    guild_id: int
    name: str
    type: int
    position: int = 0
