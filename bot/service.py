"""The operations users ask for, shared by the CLI and the cogs: add an article, summarise it,
find its quotations. Engine work runs through `run_cpu` (a process pool in the bot, inline in
the CLI); the store does the I/O. Nothing here knows about Discord.
"""

from __future__ import annotations

import logging
import re
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot import limits
from bot.engine.summary.methods import DEFAULT_METHOD, METHODS, SUMMARY_VERSION, SummaryError
from bot.engine.text import sentences as text_engine
from bot.engine.text.language import detect
from bot.errors import NO_ARTICLES, NO_SUCH_ARTICLE, InputError, NotFoundError
from bot.models import Article, Quote, Summary
from bot.store import Store, StoreError
from bot.store.base import ArticleParts
from bot.workers import run_cpu

if TYPE_CHECKING:
    from bot.ingest.extract import ExtractedArticle
    from bot.ingest.fetch import SafeFetcher

log = logging.getLogger(__name__)

PREVIEW_SENTENCES = 2
_HEADLINE_MAX = 150
LINK_MESSAGE_MAX_TEXT = 300
"""A message whose text besides its links is shorter than this is about its first link."""
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
class AddOutcome:
    article: Article
    created: bool
    preview: Summary | None


def decode_text(data: bytes, name: str = "the file") -> str:
    """UTF-8 text from uploaded bytes, or an InputError for binary and non-UTF-8 content."""
    if not data.strip():
        raise InputError(f"{name} is empty.")
    if b"\x00" in data[:8192]:
        raise InputError(f"{name} looks like a binary file, not text.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{name} is not UTF-8 text; save it as UTF-8 and try again.") from None


def _split_headline(text: str) -> tuple[str | None, str]:
    """A first paragraph that reads like a headline (short, no final stop) becomes the title."""
    first, _, rest = text.partition("\n\n")
    if rest and len(first) <= _HEADLINE_MAX and not re.search(r"[.!?:;…,]$", first):
        return first, rest
    return None, text


def prepare_article(
    guild_id: int,
    title: str | None,
    raw_text: str,
    *,
    source_url: str | None = None,
    canonical_url: str | None = None,
    author: str | None = None,
    site_name: str | None = None,
    published: str | None = None,
    added_by: int | None = None,
    method: str = DEFAULT_METHOD,
    sentences: int = PREVIEW_SENTENCES,
) -> PreparedArticle:
    """Clean, check and analyse an article (CPU-bound; run through `run_cpu`)."""
    if len(raw_text) > 2 * limits.MAX_ARTICLE_CHARS:
        raise InputError(_too_long())
    text = text_engine.clean(raw_text)
    if not text:
        raise InputError("The article has no text.")
    headline, text = _split_headline(text)
    title = title if title and title.strip() else headline
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
        canonical_url=canonical_url,
        author=author,
        site_name=site_name,
        published=published,
        language=lang,
        added_by=added_by,
        content_hash=text_engine.content_hash(text),
        sentence_count=count,
        word_count=len(text_engine.word_tokens(text)),
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
    return links[0] if len(" ".join(rest.split())) < LINK_MESSAGE_MAX_TEXT else None


def summarize_page(
    html: str, url: str, source_url: str, method: str, sentences: int
) -> tuple[Article, Summary]:
    """Extract and summarise a fetched page without storing it (CPU-bound; run through
    `run_cpu`). The article comes back without its text: the embed needs only its metadata."""
    page = extract_page(html, url)
    text = text_engine.clean(page.text)
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
    )
    return article, result


def reduction(article: Article, summary: Summary) -> float:
    """How much shorter the summary is than the article, in words (0.75 = 75% shorter)."""
    words = sum(len(s.split()) for s in summary.sentences)
    return max(0.0, 1 - words / max(1, article.word_count))


def _too_long() -> str:
    return f"The article is longer than {limits.MAX_ARTICLE_CHARS:,} characters."


def summarize_article(article: Article, method: str, sentences: int) -> Summary:
    """The engine call for a stored article (CPU-bound; run through `run_cpu`)."""
    return summarize(
        article.text, title=article.title, method=method, sentences=sentences, lang=article.language
    )


def summarize_text(text: str, method: str, sentences: int) -> tuple[str, Summary, int]:
    """Summarise text that is not stored (a chat message): (title, summary, word count)."""
    cleaned = text_engine.clean(text)
    if not cleaned:
        raise InputError("There is no text to summarise.")
    if len(cleaned) > limits.MAX_ARTICLE_CHARS:
        raise InputError(_too_long())
    headline, body = _split_headline(cleaned)
    title = headline or ""
    if len(text_engine.sentences(body)) < limits.MIN_ARTICLE_SENTENCES:
        raise InputError("The text has only one sentence: there is nothing to summarise.")
    result = summarize(body, title=title, method=method, sentences=sentences, lang=detect(body))
    return title, result, len(text_engine.word_tokens(body))


def check_method(method: str) -> str:
    if method not in METHODS:
        raise InputError(f"Unknown method {method!r}; choose one of: {', '.join(METHODS)}.")
    return method


def check_sentences(sentences: int) -> int:
    if not limits.MIN_SUMMARY_SENTENCES <= sentences <= limits.MAX_SUMMARY_SENTENCES:
        raise InputError(
            f"Ask for {limits.MIN_SUMMARY_SENTENCES} to {limits.MAX_SUMMARY_SENTENCES} sentences."
        )
    return sentences


class NewsService:
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

    async def fetch_article(self, url: str) -> tuple[str, ExtractedArticle]:
        """Fetch a page through the guarded fetcher and extract its article in the executor:
        (the URL it was finally fetched from, the article)."""
        page = await self.fetcher.fetch(url)
        return page.final_url, await run_cpu(self.executor, extract_page, page.text, page.final_url)

    async def add_url(
        self,
        guild_id: int,
        url: str,
        title: str | None = None,
        added_by: int | None = None,
    ) -> AddOutcome:
        """Fetch, extract and store a web page; a page already stored (by its URL, its
        canonical URL or its text) is returned with created=False."""
        url = url.strip()
        existing = await self.store.find_by_url(guild_id, url)
        if existing is not None:
            return AddOutcome(existing, False, None)
        final_url, page = await self.fetch_article(url)
        canonical = page.canonical_url or final_url
        if canonical != url:
            existing = await self.store.find_by_url(guild_id, canonical)
            if existing is not None:
                return AddOutcome(existing, False, None)
        return await self.add_article(
            guild_id,
            title or page.title,
            page.text,
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
        self, guild_id: int, title: str | None, raw_text: str, **meta
    ) -> AddOutcome:
        """Prepare and store an article; an existing duplicate is returned with created=False."""
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
        return AddOutcome(article, True, prepared.preview)

    async def add_file(
        self, guild_id: int, filename: str, data: bytes, title: str | None = None, **meta
    ) -> AddOutcome:
        """Add an uploaded file: UTF-8 text or Markdown as is, HTML through the extractor."""
        text = decode_text(data, filename)
        if filename.lower().endswith((".html", ".htm")):
            page = await run_cpu(self.executor, extract_page, text, None)
            title = title or page.title
            text = page.text
            found = {
                "author": page.author,
                "published": page.published,
                "site_name": page.site_name,
                "canonical_url": page.canonical_url,
            }
            meta = {**found, **{k: v for k, v in meta.items() if v is not None}}
        return await self.add_article(guild_id, title, text, **meta)

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

    async def cached_summary(
        self, guild_id: int, article_id: int, method: str, sentences: int
    ) -> Summary | None:
        return await self.store.get_summary(
            guild_id, article_id, method, str(sentences), SUMMARY_VERSION
        )

    async def summary(
        self, guild_id: int, article_id: int | None, method: str | None, sentences: int | None
    ) -> tuple[Article, Summary]:
        """A cached or freshly computed summary of the guild's article."""
        method, sentences = await self.summary_options(guild_id, method, sentences)
        article = await self.article(guild_id, article_id)
        cached = await self.cached_summary(guild_id, article.id, method, sentences)
        if cached is not None:
            return article, cached
        result = await run_cpu(self.executor, summarize_article, article, method, sentences)
        try:
            await self.store.put_summary(
                guild_id, article.id, str(sentences), SUMMARY_VERSION, result
            )
        except StoreError as exc:  # a full disk: the member still gets the summary, uncached
            log.warning("summary of article %s not cached: %s", article.id, exc)
        return article, result

    async def summarize_text(
        self, text: str, method: str, sentences: int
    ) -> tuple[str, Summary, int]:
        return await run_cpu(
            self.executor, summarize_text, text, check_method(method), check_sentences(sentences)
        )

    async def refresh_quotations(self, batch: int = 50) -> int:
        """Re-extract quotations of articles stored by an older quotation engine; returns
        how many were refreshed (0 when everything is current)."""
        from bot.engine.quotes import extract as quote_engine

        pending = await self.store.articles_needing_quotes(quote_engine.QUOTES_VERSION, batch)
        for guild_id, article_id in pending:
            article = await self.store.get_article(guild_id, article_id)
            if article is None:
                continue
            found = await run_cpu(self.executor, quote_engine.extract, article.text)
            await self.store.replace_quotations(
                guild_id, article_id, found, quote_engine.QUOTES_VERSION
            )
        return len(pending)
