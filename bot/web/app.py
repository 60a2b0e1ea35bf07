"""The panel's aiohttp application: templates, security headers on every response, one
error page for every failure, and serving it (`newsbot web`, or beside the bot in
`newsbot run` when NEWSBOT_WEB_URL is set)."""

from __future__ import annotations

import asyncio
import logging
import secrets
import signal
from pathlib import Path

from aiohttp import web

from bot import limits
from bot.config import Settings
from bot.errors import NotFoundError, UserFacingError
from bot.feeds.preview import Poster
from bot.service import NewsService
from bot.web import auth, routes
from bot.web.discord_oauth import DiscordOAuth
from bot.web.pages import OAUTH, PAGES, POSTER, SERVICE, WEB_URL, render, templates

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
ACCESS_LOG_FORMAT = '%a "%r" %s %b %Tfs'  # never cookies, never the query of /callback

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


async def _security_headers(request: web.Request, response: web.StreamResponse) -> None:
    response.headers.update(SECURITY_HEADERS)
    if request.path.startswith("/static/"):
        response.headers.setdefault("Cache-Control", "public, max-age=3600")
    else:
        response.headers["Cache-Control"] = "no-store"  # pages hold a person's servers


@web.middleware
async def error_pages(request: web.Request, handler: auth.Handler) -> web.StreamResponse:
    """One page for every failure: HTTP errors with their text, a user's bad input with its
    message (the handler re-renders its form when it can), anything else with an id."""
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        text = exc.text if exc.text and not exc.text.startswith(f"{exc.status}:") else exc.reason
        return await render(
            request,
            "message.html",
            {"title": exc.reason, "message": text, "retry": False},
            status=exc.status,
        )
    except UserFacingError as exc:
        return await render(
            request,
            "message.html",
            {"title": "That did not work", "message": str(exc), "retry": False},
            status=404 if isinstance(exc, NotFoundError) else 400,
        )
    except Exception:
        error_id = secrets.token_hex(4)
        log.exception("error %s on %s %s", error_id, request.method, request.path)
        return await render(
            request,
            "message.html",
            {
                "title": "Something went wrong",
                "message": f"Something went wrong on our side (error id {error_id}). "
                "Please try again later.",
                "retry": False,
            },
            status=500,
        )


def make_app(
    settings: Settings, service: NewsService, oauth: DiscordOAuth, poster: Poster | None = None
) -> web.Application:
    """The panel over an open service; `settings.require_web()` must have passed. `poster`
    is the bot's way to post (test posts), when the panel runs beside the bot."""
    app = web.Application(
        middlewares=[error_pages, auth.session_middleware], client_max_size=limits.WEB_FORM_BYTES
    )
    app[WEB_URL] = settings.require_web()
    app[SERVICE] = service
    app[OAUTH] = oauth
    if poster is not None:
        app[POSTER] = poster
    app[PAGES] = templates(routes.AREAS)
    app.router.add_routes(auth.routes)
    for area in routes.MODULES:
        app.router.add_routes(area.routes)
    app.router.add_static("/static", HERE / "static", append_version=False)
    app.on_response_prepare.append(_security_headers)
    return app


async def start_panel(
    settings: Settings, service: NewsService, poster: Poster | None = None
) -> web.AppRunner:
    """Serve the panel on NEWSBOT_WEB_HOST:NEWSBOT_WEB_PORT until the returned runner is
    cleaned up."""
    oauth = DiscordOAuth(settings.client_id or 0, settings.client_secret or "", settings.api_base)
    app = make_app(settings, service, oauth, poster)

    async def close_oauth(_: web.Application) -> None:
        await oauth.close()

    app.on_cleanup.append(close_oauth)
    runner = web.AppRunner(app, access_log_format=ACCESS_LOG_FORMAT, handle_signals=False)
    await runner.setup()
    await web.TCPSite(runner, settings.web_host, settings.web_port).start()
    log.info("web panel listening on port %d for %s", settings.web_port, app[WEB_URL])
    return runner


async def serve_panel(settings: Settings) -> None:
    """`newsbot web`: the panel alone, on the bot's database, until SIGTERM or SIGINT."""
    from bot.store import open_store
    from bot.workers import make_executor

    settings.require_web()
    store = await open_store(settings.database)
    executor = make_executor(settings.workers)  # summary previews and added articles
    service = NewsService(store, executor)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    runner = None
    try:
        runner = await start_panel(settings, service)
        await stop.wait()
    finally:
        if runner is not None:
            await runner.cleanup()
        await service.close()
        await store.close()
        executor.shutdown(wait=False, cancel_futures=True)
