"""A server's library: list and search, read an article with its quotations and a summary
preview of any method and length, add one by URL or pasted text, remove one."""

from __future__ import annotations

from aiohttp import web

from bot.engine.summary.methods import METHODS
from bot.errors import UserFacingError
from bot.web.auth import server_admin
from bot.web.pages import GUILD, SERVICE, SESSION, render
from bot.web.routes.common import ID, SERVER_PATH, base, notice, path_id, see

routes = web.RouteTableDef()
METHOD_CHOICES = tuple((m.name, m.label) for m in METHODS.values())


def _whole(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 6 else None


async def _library(request: web.Request, *, form=None, error=None, status=200):
    service = request.app[SERVICE]
    page = await service.library_page(
        request[GUILD]["id"], request.query.get("q", ""), _whole(request.query.get("page")) or 1
    )
    return await render(
        request,
        "library.html",
        {
            "title": "Library",
            "area": "articles",
            "library": page,
            "form": form or {"url": "", "title": "", "text": ""},
            "error": error,
            "notice": notice(request),
        },
        status=status,
    )


@routes.get(SERVER_PATH + "/articles")
@server_admin
async def library(request: web.Request) -> web.StreamResponse:
    return await _library(request)


@routes.post(SERVER_PATH + "/articles")
@server_admin
async def add_article(request: web.Request) -> web.StreamResponse:
    """By URL (fetched through the guarded fetcher) or pasted text; on bad input the form
    comes back with what was typed and the reason."""
    form = await request.post()
    url, title, text = (str(form.get(k, "")).strip() for k in ("url", "title", "text"))
    kept = {"url": url, "title": title, "text": text}
    service = request.app[SERVICE]
    guild_id, user_id = request[GUILD]["id"], request[SESSION].user_id
    try:
        if url and text:
            raise _Refused("Give either an address or the text, not both.")
        if url:
            if not url.lower().startswith(("http://", "https://")):
                raise _Refused("The address must start with http:// or https://.")
            outcome = await service.add_url(guild_id, url, title or None, added_by=user_id)
        elif text:
            outcome = await service.add_article(
                guild_id, title or None, text, source_url=None, added_by=user_id
            )
        else:
            raise _Refused("Give an article's address, or paste its text.")
    except UserFacingError as exc:
        return await _library(request, form=kept, error=str(exc), status=400)
    done = "added" if outcome.created else "exists"
    raise see(f"{base(request)}/articles/{outcome.article.id}?done={done}")


class _Refused(UserFacingError):
    """The add form was filled in wrongly."""


@routes.get(SERVER_PATH + "/articles/{article_id:" + ID + "}")
@server_admin
async def read_article(request: web.Request) -> web.StreamResponse:
    """The article, its quotations, and a summary preview: the server's default method and
    length unless the form asks for others."""
    service = request.app[SERVICE]
    guild_id = request[GUILD]["id"]
    article = await service.article(guild_id, path_id(request, "article_id"))
    method = request.query.get("method") or None
    sentences = _whole(request.query.get("sentences"))
    error = None
    try:
        _, summary = await service.summary(guild_id, article.id, method, sentences)
    except UserFacingError as exc:
        error, summary = str(exc), None
    chosen_method, chosen_sentences = await service.summary_options(guild_id, None, None)
    return await render(
        request,
        "article.html",
        {
            "title": article.title,
            "area": "articles",
            "article": article,
            "paragraphs": [p for p in article.text.split("\n\n") if p.strip()],
            "quotations": await service.quotations(guild_id, article.id),
            "summary": summary,
            "methods": METHOD_CHOICES,
            "method": method if method in METHODS else chosen_method,
            "sentences": sentences or chosen_sentences,
            "error": error,
            "notice": notice(request),
        },
        status=400 if error else 200,
    )


@routes.post(SERVER_PATH + "/articles/{article_id:" + ID + "}/remove")
@server_admin
async def remove_article(request: web.Request) -> web.StreamResponse:
    await request.app[SERVICE].remove_article(request[GUILD]["id"], path_id(request, "article_id"))
    raise see(f"{base(request)}/articles?done=removed")
