"""The operations users ask for, shared by the CLI and the cogs: add an article, summarise it,
find its quotations. Engine work runs through `run_cpu` (a process pool in the bot, inline in
the CLI); the store does the I/O. Nothing here knows about Discord.
"""

from __future__ import annotations

import codecs
import logging
import random
import re
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot import limits
from bot.engine.quotes import extract as quote_engine
from bot.engine.quotes.aliases import merge_names, surname_forms
from bot.engine.summary.length import Length, LengthError, length_of
from bot.engine.summary.methods import DEFAULT_METHOD, METHODS, SUMMARY_VERSION, SummaryError
from bot.engine.text import sentences as text_engine
from bot.engine.text.cleaning import clean_article
from bot.engine.text.formats import looks_like_html
from bot.engine.text.language import detect
from bot.errors import NO_ARTICLES, NO_SUCH_ARTICLE, InputError, NotFoundError
from bot.models import (
    Article,
    ArticleHeader,
    GuildChannel,
    GuildSettings,
    Quote,
    QuoteHit,
    Summary,
)
from bot.service_digests import DigestOperations
from bot.service_follows import FollowOperations
from bot.service_stories import StoryOperations
from bot.store import Store, StoreError
from bot.store.base import ArticleParts
from bot.urls import normalize_url
from bot.workers import run_cpu

if TYPE_CHECKING:
    from bot.ingest.fetch import SafeFetcher

log = logging.getLogger(__name__)

PREVIEW_SENTENCES = 2
# Speaker rows read per autocomplete choice, so that merging spellings of one person still fills
# the list.
SPEAKER_OVERFETCH = 3
_LINK = re.compile(r"<?(https?://[^\s<>|]+)>?", re.IGNORECASE)
_LINK_TRAILER = ".,:;!?'\")]}*_~"


def summarize(text: str, **options) -> Summary:
    """The engine's `summarize`, imported on first use: sumy, nltk and numpy load only in the
    engine workers (their fork server preloads them) and in the commands that summarise, never
    in the bot process, which only reads method names."""
    from bot.engine.summary.summarize import summarize as engine_summarize

    return engine_summarize(text, **options)


@dataclass(frozen=True, slots=True)
class PreparedArticle:
    """An article ready to store, with the work done once at ingest time."""

    article: Article
    quotes: tuple[Quote, ...]
    preview: Summary


@dataclass(frozen=True, slots=True)
class LibraryPage:
    """One page of a guild's library: its articles, how many in all, which page of how many,
    and the search it answers (empty for the plain list)."""

    articles: tuple[ArticleHeader, ...]
    total: int
    page: int
    pages: int
    query: str


@dataclass(frozen=True, slots=True)
class AddOutcome:
    article: Article
    created: bool
    preview: Summary | None


_BOMS = (  # UTF-32 first: its little-endian mark begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes, name: str = "the file") -> str:
    """Text from uploaded bytes: UTF-8, or UTF-16/32 when a byte order mark says so (Windows
    editors save "Unicode" that way); an InputError for binary and other encodings."""
    if not data.strip():
        raise InputError(f"{name} is empty.")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return _non_empty(data.decode(codec), name)
            except UnicodeDecodeError:
                break  # a mark by chance (Latin-1 "ÿþ"): refused below as not UTF-8
    if b"\x00" in data[:8192]:
        raise InputError(f"{name} looks like a binary file, not text.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{name} is not UTF-8 text; save it as UTF-8 and try again.") from None


def page_link(url: str | None) -> str | None:
    """A page's own canonical link, normalised; None when it is not a usable address (the
    page is still read: its bad link is the site's mistake, not the user's)."""
    if not url:
        return None
    try:
        return normalize_url(url)
    except InputError:
        return None


def _checked_urls(meta: dict) -> dict:
    """`meta` with its source URL normalised (refused when it is not an http(s) address:
    a person typed it) and its canonical URL normalised or dropped."""
    if meta.get("source_url"):
        meta["source_url"] = normalize_url(meta["source_url"], "The source URL")
    if "canonical_url" in meta:
        meta["canonical_url"] = page_link(meta["canonical_url"])
    return meta


def _non_empty(text: str, name: str) -> str:
    if not text.strip():
        raise InputError(f"{name} is empty.")
    return text


@dataclass(frozen=True, slots=True)
class ArticleText:
    """An article's clean text and metadata, the same whichever way it arrived."""

    title: str | None
    text: str
    author: str | None = None
    published: str | None = None
    site_name: str | None = None
    canonical_url: str | None = None
    image_url: str | None = None  # the page's lead image, when the text came from a page


def read_article(
    raw: str, url: str | None = None, *, whole_page: bool = False, title: str | None = None
) -> ArticleText:
    """The one cleaning pipeline every input path takes (file, stdin, paste, JSONL, URL, feed):
    HTML, told by its content, goes through the extractor first; then Markdown, bylines and
    furniture are handled by the text engine (CPU-bound; run through `run_cpu`).

    A fetched page (`whole_page`) without an article is refused; HTML that someone pasted or a
    feed entry's HTML summary may be a fragment too short for the extractor, and is read as is.
    A known `title` (a JSONL record's) is not looked for in the text again.
    """
    if looks_like_html(raw):
        from bot.ingest.extract import NotAnArticleError, fragment_text

        try:
            page = extract_page(raw, url)
        except NotAnArticleError:
            if whole_page:
                raise
            return read_article(fragment_text(raw), title=title)
        cleaned = clean_article(page.text, markdown=False, title=title or page.title)
        return ArticleText(
            title=title or page.title or cleaned.title,
            text=cleaned.text,
            author=page.author or cleaned.author,
            published=page.published or cleaned.published,
            site_name=page.site_name,
            canonical_url=page.canonical_url,
            image_url=page.image_url,
        )
    cleaned = clean_article(raw, title=title)
    return ArticleText(cleaned.title, cleaned.text, cleaned.author, cleaned.published)


def prepare_article(
    guild_id: int,
    title: str | None,
    raw_text: str | ArticleText,
    *,
    source_url: str | None = None,
    canonical_url: str | None = None,
    author: str | None = None,
    site_name: str | None = None,
    published: str | None = None,
    image_url: str | None = None,
    added_by: int | None = None,
    method: str = DEFAULT_METHOD,
    sentences: int = PREVIEW_SENTENCES,
) -> PreparedArticle:
    """Clean, check and analyse an article, given as raw text in any format or as text already
    read (CPU-bound; run through `run_cpu`)."""
    if isinstance(raw_text, ArticleText):
        found = raw_text
    elif len(raw_text) > 2 * limits.MAX_ARTICLE_CHARS:
        raise InputError(_too_long())
    else:
        found = read_article(raw_text, source_url)
    text = found.text
    if not text:
        raise InputError("The article has no text.")
    title = title if title and title.strip() else found.title
    if len(text) > limits.MAX_ARTICLE_CHARS:
        raise InputError(_too_long())
    count = len(text_engine.sentences(text))
    if count < limits.MIN_ARTICLE_SENTENCES:
        raise InputError("The article has only one sentence: there is nothing to summarise.")
    title = (title or "").strip() or text_engine.sentences(text)[0]
    title = text_engine.truncate(" ".join(title.split()), limits.MAX_TITLE_CHARS)
    lang = detect(text)
    article = Article(
        id=None,
        guild_id=guild_id,
        title=title,
        text=text,
        source_url=source_url,
        canonical_url=canonical_url or page_link(found.canonical_url),
        author=author or found.author,
        site_name=site_name or found.site_name,
        published=published or found.published,
        language=lang,
        added_by=added_by,
        content_hash=text_engine.content_hash(text),
        sentence_count=count,
        word_count=len(text_engine.word_tokens(text)),
        image_url=image_url or found.image_url,
    )
    from bot.engine.quotes.extract import extract as extract_quotes

    found = tuple(extract_quotes(text))
    preview = summarize(text, title=title, method=method, sentences=sentences, lang=lang)
    return PreparedArticle(article, found, preview)


def extract_page(html: str, url: str | None):
    """HTML -> the article's text and metadata (CPU-bound; run through `run_cpu`)."""
    from bot.ingest.extract import extract_article

    return extract_article(html, url)


def find_links(text: str) -> list[str]:
    """The http(s) links in a chat message, in order, without trailing punctuation."""
    links = []
    for match in _LINK.finditer(text):
        link = match.group(1)
        # A closing bracket belongs to the link only if the link opened one (Wikipedia-style).
        while link and link[-1] in _LINK_TRAILER:
            if link[-1] == ")" and link.count("(") >= link.count(")"):
                break
            link = link[:-1]
        if link.count("/") >= 2 and len(link) > len("https://"):
            links.append(link)
    return links


def link_to_summarize(text: str) -> str | None:
    """The link a message is about: its first link, when little text surrounds it."""
    links = find_links(text)
    if not links:
        return None
    rest = _LINK.sub(" ", text)
    return links[0] if len(" ".join(rest.split())) < limits.LINK_MESSAGE_MAX_TEXT else None


def summarize_page(
    html: str, url: str, source_url: str, method: str, sentences: int
) -> tuple[Article, Summary]:
    """Extract and summarise a fetched page without storing it (CPU-bound; run through
    `run_cpu`). The article comes back without its text: the embed needs only its metadata."""
    page = read_article(html, url, whole_page=True)
    text = page.text
    if len(text) > limits.MAX_ARTICLE_CHARS:
        raise InputError(_too_long())
    found = text_engine.sentences(text)
    if len(found) < limits.MIN_ARTICLE_SENTENCES:
        raise InputError("That page has only one sentence: there is nothing to summarise.")
    title = text_engine.truncate(" ".join((page.title or found[0]).split()), limits.MAX_TITLE_CHARS)
    lang = detect(text)
    try:
        result = summarize(text, title=title, method=method, sentences=sentences, lang=lang)
    except SummaryError as exc:
        raise InputError(str(exc)) from None
    article = Article(
        id=None,
        guild_id=0,
        title=title,
        text="",
        source_url=source_url,
        canonical_url=page.canonical_url,
        author=page.author,
        site_name=page.site_name,
        published=page.published,
        language=lang,
        sentence_count=len(found),
        word_count=len(text_engine.word_tokens(text)),
        image_url=page.image_url,
    )
    return article, result


def reduction(article: Article, summary: Summary) -> float:
    """How much shorter the summary is than the article, in words (0.75 = 75% shorter)."""
    words = sum(len(s.split()) for s in summary.sentences)
    return max(0.0, 1 - words / max(1, article.word_count))


def _too_long() -> str:
    return f"The article is longer than {limits.MAX_ARTICLE_CHARS:,} characters."


def summarize_article(article: Article, method: str, length: Length) -> Summary:
    """The engine call for a stored article (CPU-bound; run through `run_cpu`)."""
    return summarize(
        article.text,
        title=article.title,
        method=method,
        lang=article.language,
        **{length.unit: length.value},
    )


def summarize_text(text: str, method: str, sentences: int) -> tuple[str, Summary, int]:
    """Summarise text that is not stored (a chat message): (title, summary, word count)."""
    found = read_article(text)
    body = found.text
    if not body:
        raise InputError("There is no text to summarise.")
    if len(body) > limits.MAX_ARTICLE_CHARS:
        raise InputError(_too_long())
    title = found.title or ""
    if len(text_engine.sentences(body)) < limits.MIN_ARTICLE_SENTENCES:
        raise InputError("The text has only one sentence: there is nothing to summarise.")
    result = summarize(body, title=title, method=method, sentences=sentences, lang=detect(body))
    return title, result, len(text_engine.word_tokens(body))


def check_method(method: str) -> str:
    """The method's registry name; names are matched case-insensitively (`LexRank`)."""
    method = method.strip().lower()
    if method not in METHODS:
        raise InputError(f"Unknown method {method!r}; choose one of: {', '.join(METHODS)}.")
    return method


def check_sentences(sentences: int) -> int:
    if not limits.MIN_SUMMARY_SENTENCES <= sentences <= limits.MAX_SUMMARY_SENTENCES:
        raise InputError(
            f"Ask for {limits.MIN_SUMMARY_SENTENCES} to {limits.MAX_SUMMARY_SENTENCES} sentences."
        )
    return sentences


class NewsService(StoryOperations, DigestOperations, FollowOperations):
    """A guild's articles, summaries and quotations, over one store and one executor."""

    def __init__(
        self, store: Store, executor: Executor | None = None, fetcher: SafeFetcher | None = None
    ) -> None:
        self.store = store
        self.executor = executor
        self._fetcher = fetcher

    @property
    def fetcher(self) -> SafeFetcher:
        """The one guarded fetcher every web request goes through (made on first use)."""
        if self._fetcher is None:
            from bot.ingest.fetch import SafeFetcher

            self._fetcher = SafeFetcher()
        return self._fetcher

    async def close(self) -> None:
        """Close the fetcher's pooled connections (the store is closed by its owner)."""
        if self._fetcher is not None:
            await self._fetcher.close()

    async def fetch_article(self, url: str) -> tuple[str, ArticleText]:
        """Fetch a page through the guarded fetcher and read its article in the executor:
        (the URL it was finally fetched from, the article)."""
        page = await self.fetcher.fetch(url)
        article = await run_cpu(
            self.executor, read_article, page.text, page.final_url, whole_page=True
        )
        return page.final_url, article

    async def add_url(
        self,
        guild_id: int,
        url: str,
        title: str | None = None,
        added_by: int | None = None,
    ) -> AddOutcome:
        """Fetch, extract and store a web page; a page already stored (by its URL, its
        canonical URL or its text) is returned with created=False."""
        url = normalize_url(url)
        existing = await self.store.find_by_url(guild_id, url)
        if existing is not None:
            return AddOutcome(existing, False, None)
        final_url, page = await self.fetch_article(url)
        canonical = page_link(page.canonical_url) or page_link(final_url) or url
        if canonical != url:
            existing = await self.store.find_by_url(guild_id, canonical)
            if existing is not None:
                return AddOutcome(existing, False, None)
        return await self.add_article(
            guild_id,
            title or page.title,
            page,
            source_url=url,
            canonical_url=canonical,
            author=page.author,
            site_name=page.site_name,
            published=page.published,
            added_by=added_by,
        )

    async def summarize_url(self, guild_id: int, url: str) -> tuple[Article, Summary]:
        """The summary of a web page at the server's default length, without storing it."""
        method, sentences = await self.summary_options(guild_id, None, None)
        page = await self.fetcher.fetch(url)
        return await run_cpu(
            self.executor, summarize_page, page.text, page.final_url, url, method, sentences
        )

    async def add_article(
        self, guild_id: int, title: str | None, raw_text: str | ArticleText, **meta
    ) -> AddOutcome:
        """Prepare and store an article; an existing duplicate is returned with created=False."""
        meta = _checked_urls(meta)
        try:
            prepared: PreparedArticle = await run_cpu(
                self.executor, prepare_article, guild_id, title, raw_text, **meta
            )
        except SummaryError as exc:
            raise InputError(str(exc)) from None
        from bot.engine.quotes.extract import QUOTES_VERSION

        # One transaction: an acknowledged article always has its quotations and preview.
        parts = ArticleParts(
            quotes=prepared.quotes,
            quotes_version=QUOTES_VERSION,
            summaries=[(str(PREVIEW_SENTENCES), SUMMARY_VERSION, prepared.preview)],
        )
        article, created = await self.store.add_article(prepared.article, parts)
        if not created:
            return AddOutcome(article, False, None)
        await self.assign_story(article)
        await self.match_follows(article, [q.speaker for q in prepared.quotes if q.speaker])
        return AddOutcome(article, True, prepared.preview)

    async def add_file(
        self, guild_id: int, filename: str, data: bytes, title: str | None = None, **meta
    ) -> AddOutcome:
        """Add an uploaded file: UTF-8 text, Markdown or HTML, told by its content (a saved
        page in a .txt is still a page)."""
        return await self.add_article(guild_id, title, decode_text(data, filename), **meta)

    async def speaker_names(self, guild_id: int, typed: str = "", limit: int = 25) -> list[str]:
        """Speakers quoted in the guild, most quoted first, one entry per person.

        `Laura Brennan` and `Brennan` (or an older `Minister Brennan`) are one choice, shown in
        full (see `aliases.merge_names`); more rows than `limit` are read so merging still fills it.
        """
        names = await self.store.speakers(guild_id, typed, limit * SPEAKER_OVERFETCH)
        return merge_names(names)[:limit]

    async def article(self, guild_id: int, article_id: int | None) -> Article:
        """The guild's article with that id, or its newest when no id is given."""
        if article_id is None:
            found = await self.store.newest_article(guild_id)
            if found is None:
                raise NotFoundError(NO_ARTICLES)
            return found
        found = await self.store.get_article(guild_id, article_id)
        if found is None:
            raise NotFoundError(NO_SUCH_ARTICLE)
        return found

    # --- the library and settings as the web panel shows them ---------------------------

    async def library_page(
        self, guild_id: int, query: str, page: int, per_page: int = limits.WEB_ARTICLES_PER_PAGE
    ) -> LibraryPage:
        """One page of the guild's articles, newest first, or the best matches of `query`
        (`/article list` and the web panel's library)."""
        query = " ".join(query.split())
        if query:
            found = await self.store.search_articles(guild_id, query, per_page)
            return LibraryPage(tuple(found), len(found), 1, 1, query)
        total = await self.store.count_articles(guild_id)
        pages = max(1, -(-total // per_page))
        page = min(max(1, page), pages)
        headers = await self.store.list_articles(guild_id, per_page, (page - 1) * per_page)
        return LibraryPage(tuple(headers), total, page, pages, "")

    async def quotations(self, guild_id: int, article_id: int) -> list[Quote]:
        """The quotations found in the guild's article, in the order they appear."""
        hits = await self.store.find_quotations(
            guild_id, article_id=article_id, limit=limits.WEB_QUOTATIONS_SHOWN
        )
        return sorted((h.quote for h in hits), key=lambda q: q.start)

    async def remove_article(self, guild_id: int, article_id: int) -> Article:
        """Delete the guild's article with its summaries and quotations. Works whatever the
        row holds: nothing of it is rendered or parsed."""
        found = await self.article(guild_id, article_id)
        if not await self.store.remove_article(guild_id, found.id):
            raise NotFoundError(NO_SUCH_ARTICLE)
        return found

    async def server_settings(self, guild_id: int) -> GuildSettings:
        return await self.store.get_settings(guild_id)

    async def save_summary_defaults(
        self, guild_id: int, sentences: int | None, method: str | None
    ) -> GuildSettings:
        """Set the server's default summary length and method (None keeps the current one)."""
        changes: dict[str, Any] = {}
        if sentences is not None:
            changes["summary_sentences"] = sentences
        if method is not None:
            changes["summary_method"] = method
        return await self.change_settings(guild_id, **changes)

    # --- the servers and channels the bot is in, kept for the web panel -----------------

    async def record_guild(self, guild_id: int, channels: Sequence[GuildChannel]) -> None:
        await self.store.add_bot_guild(guild_id, channels)

    async def forget_guild(self, guild_id: int) -> None:
        await self.store.remove_bot_guild(guild_id)

    async def forget_guilds_except(
        self, present: set[int], mine: Callable[[int], bool] = lambda _: True
    ) -> int:
        """Forget the guilds `mine` says this process serves but the bot is no longer in
        (it was removed while offline); returns how many."""
        stale = [g for g in await self.store.bot_guild_ids() if mine(g) and g not in present]
        for guild_id in stale:
            await self.store.remove_bot_guild(guild_id)
        return len(stale)

    async def record_channel(self, channel: GuildChannel) -> None:
        await self.store.put_bot_channel(channel)

    async def forget_channel(self, channel_id: int) -> None:
        await self.store.remove_bot_channel(channel_id)

    async def guilds_with_bot(self, guild_ids: Iterable[int]) -> set[int]:
        return await self.store.bot_in_guilds(guild_ids)

    async def channels(self, guild_id: int) -> list[GuildChannel]:
        return await self.store.bot_channels(guild_id)

    async def summary_options(
        self, guild_id: int, method: str | None, sentences: int | None
    ) -> tuple[str, int]:
        """The method and length to use: what was asked, else the server's, else newsbot's."""
        settings = await self.store.get_settings(guild_id)
        method = check_method(method or settings.summary_method or DEFAULT_METHOD)
        sentences = check_sentences(
            sentences or settings.summary_sentences or limits.DEFAULT_SUMMARY_SENTENCES
        )
        return method, sentences

    async def summary_length(
        self,
        guild_id: int,
        method: str | None,
        sentences: int | None = None,
        words: int | None = None,
        percent: float | None = None,
    ) -> tuple[str, Length]:
        """The method and the one length asked for (sentences, words or percent); with no
        length, the server's default number of sentences, else newsbot's."""
        try:
            length = length_of(sentences, words, percent)
        except LengthError as exc:
            raise InputError(str(exc)) from None
        method, count = await self.summary_options(guild_id, method, None)
        return method, length or Length("sentences", count)

    async def cached_summary(
        self, guild_id: int, article_id: int, method: str, length: Length
    ) -> Summary | None:
        return await self.store.get_summary(
            guild_id, article_id, method, length.key, SUMMARY_VERSION
        )

    async def summary(
        self,
        guild_id: int,
        article_id: int | None,
        method: str | None,
        sentences: int | None,
        *,
        length: Length | None = None,
    ) -> tuple[Article, Summary]:
        """A cached or freshly computed summary of the guild's article, `sentences` long (or
        the server's default), or `length` long in any unit."""
        if length is None:
            method, count = await self.summary_options(guild_id, method, sentences)
            length = Length("sentences", count)
        else:
            method, _ = await self.summary_options(guild_id, method, None)
        article = await self.article(guild_id, article_id)
        cached = await self.cached_summary(guild_id, article.id, method, length)
        if cached is not None:
            return article, cached
        result = await run_cpu(self.executor, summarize_article, article, method, length)
        try:
            await self.store.put_summary(guild_id, article.id, length.key, SUMMARY_VERSION, result)
        except StoreError as exc:  # a full disk: the member still gets the summary, uncached
            log.warning("summary of article %s not cached: %s", article.id, exc)
        return article, result

    async def summarize_text(
        self, text: str, method: str, sentences: int
    ) -> tuple[str, Summary, int]:
        return await run_cpu(
            self.executor, summarize_text, text, check_method(method), check_sentences(sentences)
        )

    async def refresh_quotations(self, after_id: int = 0, batch: int = 50) -> int | None:
        """Re-extract the quotations of up to `batch` articles stored by an older quotation
        engine, in id order after `after_id`; returns the last id looked at (the next call's
        `after_id`), or None when none is left.

        One article that fails (a text the engine chokes on) is logged and skipped, so it
        neither ends the refresh nor comes first again after every restart."""
        pending = await self.store.articles_needing_quotes(
            quote_engine.QUOTES_VERSION, batch, after_id
        )
        for guild_id, article_id in pending:
            try:
                article = await self.store.get_article(guild_id, article_id)
                if article is None:
                    continue
                found = await run_cpu(self.executor, quote_engine.extract, article.text)
                await self.store.replace_quotations(
                    guild_id, article_id, found, quote_engine.QUOTES_VERSION
                )
            except Exception:
                log.exception("refreshing the quotations of article %d failed", article_id)
        return pending[-1][1] if pending else None

    # --- reading and changing a server's data (cogs, CLI and web panel alike) ---------------

    async def all_articles(self, guild_id: int, batch: int = 500) -> AsyncIterator[ArticleHeader]:
        """Every article of the guild, newest first, read a batch at a time."""
        offset = 0
        while headers := await self.store.list_articles(guild_id, batch, offset):
            for header in headers:
                yield header
            offset += len(headers)

    async def search_articles(self, guild_id: int, query: str) -> list[ArticleHeader]:
        if len(query) > limits.MAX_SEARCH_CHARS:
            raise InputError(f"Search for at most {limits.MAX_SEARCH_CHARS} characters.")
        return await self.store.search_articles(guild_id, query, limits.SEARCH_RESULTS)

    async def article_choices(self, guild_id: int, typed: str) -> list[ArticleHeader]:
        """Articles for an autocomplete menu, matching what was typed so far."""
        return await self.store.autocomplete_articles(
            guild_id, typed[: limits.CHOICE_NAME], limits.AUTOCOMPLETE_CHOICES
        )

    async def find_quotations(
        self,
        guild_id: int,
        *,
        article_id: int | None = None,
        speaker: str | None = None,
        search: str | None = None,
        limit: int = limits.QUOTE_PAGES,
    ) -> list[QuoteHit]:
        """The guild's quotations matching every filter given; with no filter, one at random."""
        if article_id is not None:
            await self.article(guild_id, article_id)  # unknown id -> NotFoundError
        if article_id is None and speaker is None and search is None:
            hit = await self.store.random_quotation(guild_id, random.random())
            return [hit] if hit else []
        # "Laura Brennan" is also "Brennan" in the articles that name her only so.
        speakers = None if speaker is None else [speaker, *surname_forms(speaker)]
        return await self.store.find_quotations(
            guild_id, article_id=article_id, speakers=speakers, search=search, limit=limit
        )

    async def change_settings(self, guild_id: int, **changes: Any) -> GuildSettings:
        """Change only the fields given and return the settings as saved: two admins changing
        different fields at once both keep their change."""
        if "summary_method" in changes and changes["summary_method"] is not None:
            check_method(changes["summary_method"])
        if "summary_sentences" in changes and changes["summary_sentences"] is not None:
            check_sentences(changes["summary_sentences"])
        if not changes:
            return await self.server_settings(guild_id)
        return await self.store.update_settings(guild_id, changes)

    async def integrity_check(self) -> list[str]:
        return await self.store.integrity_check()

    async def backup(self, target: Path) -> None:
        if target.exists():
            raise InputError(f"refused {target}: already exists; choose a new file")
        if not target.parent.is_dir():
            raise InputError(f"refused {target}: the directory {target.parent} does not exist")
        await self.store.backup(target)


def quotes_in_text(raw_text: str) -> list[Quote]:
    """The quotations of a text that is not stored (CPU-bound), read as every article is and
    within the article limit."""
    text = read_article(raw_text).text
    if len(text) > limits.MAX_ARTICLE_CHARS:
        raise InputError(_too_long())
    return quote_engine.extract(text)
