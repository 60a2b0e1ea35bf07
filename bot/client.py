"""The Discord client: a `commands.Bot` whose `setup_hook` opens the store, loads every cog and
syncs commands to the development guild; and the one error path for every command.

With `NEWSBOT_SHARD_COUNT` set, `make_bot` returns a `ShardedNewsBot` instead: the same bot as
an `AutoShardedBot` running this process's shards (`NEWSBOT_SHARD_IDS`, default all of them).
Several such processes share one PostgreSQL store; only the one running shard 0 syncs commands.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import pkgutil
import signal
import time
from concurrent.futures import Executor

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands

import cogs
from bot.clock import make_clock
from bot.config import ConfigError, Settings
from bot.discord_api import point_discord_at
from bot.service import NewsService
from bot.store import Store, open_store
from bot.ui.errors import reply_error
from bot.workers import EnginePool, make_executor

log = logging.getLogger(__name__)

LAG_SAMPLE_SECONDS = 0.1  # short enough to catch a 50 ms stall most of the time
LAG_WARN_SECONDS = 0.05
QUOTE_REFRESH_BATCH = 50


def cog_extensions() -> list[str]:
    """Every module in `cogs/` except private ones (`_name`)."""
    return [
        f"cogs.{m.name}" for m in pkgutil.iter_modules(cogs.__path__) if not m.name.startswith("_")
    ]


class NotInGuild(app_commands.CheckFailure):
    """A command was used in a DM; newsbot's commands work on a server's articles."""


class NewsCommandTree(app_commands.CommandTree):
    """Guild-only commands, and the bot's single error handler."""

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if (
            interaction.guild_id is None
            and interaction.type is not discord.InteractionType.autocomplete
        ):
            raise NotInGuild("newsbot works in servers: use its commands in a server channel.")
        return True

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        await reply_error(interaction, error)


class NewsBot(commands.Bot):
    """newsbot's client. Cogs reach the store and engine through `self.service`."""

    def __init__(
        self,
        settings: Settings,
        *,
        executor: Executor | None = None,
        sync_on_start: bool = True,
        **options,
    ) -> None:
        intents = discord.Intents.none()
        intents.guilds = True
        if settings.message_content:
            # Privileged: Discord refuses to connect unless it is also switched on in the
            # Developer Portal. Only the link auto-summary needs it.
            intents.guild_messages = True
            intents.message_content = True
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=NewsCommandTree,
            help_command=None,
            **options,
        )
        self.settings = settings
        self._executor = executor
        self._sync_on_start = sync_on_start
        self.store: Store | None = None
        self.service: NewsService | None = None
        self.loop_lag_max = 0.0
        self._background: list[asyncio.Task] = []
        self._shutdown: asyncio.Future | None = None

    async def setup_hook(self) -> None:
        self._background.append(asyncio.create_task(self._watch_loop_lag()))
        self.store = await open_store(self.settings.database)
        if self._executor is None:
            self._executor = make_executor(self.settings.workers)
            # Before connecting, so the bot is online when it can answer; from a thread, so
            # the loop (the lag watcher, the store) runs on meanwhile.
            await self._prewarm_workers()
        self.service = NewsService(self.store, self._executor)
        self.service.clock = make_clock(self.settings.clock_file)
        for extension in cog_extensions():
            await self.load_extension(extension)
        if self._sync_on_start and self.settings.dev_guild:
            if self.settings.syncs_commands:
                guild = discord.Object(self.settings.dev_guild)
                self.tree.copy_global_to(guild=guild)
                synced = await self.tree.sync(guild=guild)
                log.info("synced %d commands to development guild %s", len(synced), guild.id)
            else:
                log.info("the process running shard 0 syncs commands to the development guild")
        self._background.append(asyncio.create_task(self._refresh_quotations()))
        # What is loaded by now (discord.py, the engine's imports, the cogs) lives as long as
        # the process. A full collection walked it all, 85 ms idle and 230 ms on busy cores,
        # and showed up as event-loop lag; frozen, the collector only walks what comes later.
        gc.freeze()

    async def on_ready(self) -> None:
        log.info("ready as %s in %d guilds%s", self.user, len(self.guilds), self.shard_label())

    def shard_label(self) -> str:
        """`` (shards 0-1 of 4)`` for a sharded bot's log lines; empty otherwise."""
        count, ids = self.settings.shard_count, self.settings.shard_ids
        if count is None:
            return ""
        return f" (shards {format_shard_ids(ids or range(count))} of {count})"

    async def _watch_loop_lag(self) -> None:
        """Measure how late the event loop wakes us: CPU work on the loop shows up here.

        Every `lag_report_seconds` one INFO line gives the worst lag of that window
        (`loop lag max=…ms`), so the lag can be watched without a debugger."""
        report_every = self.settings.lag_report_seconds
        window_max, window_start = 0.0, time.perf_counter()
        while True:
            started, cpu = time.perf_counter(), time.thread_time()
            await asyncio.sleep(LAG_SAMPLE_SECONDS)
            now = time.perf_counter()
            lag = max(0.0, now - started - LAG_SAMPLE_SECONDS)
            self.loop_lag_max = max(self.loop_lag_max, lag)
            window_max = max(window_max, lag)
            if lag > LAG_WARN_SECONDS:
                # The loop thread's own CPU time tells the causes apart: close to the lag,
                # code ran on the loop; far below it, the thread waited for a core or the GIL.
                log.warning(
                    "event loop lag %.0f ms (loop thread on CPU %.0f ms of %.0f)",
                    lag * 1000,
                    (time.thread_time() - cpu) * 1000,
                    (now - started) * 1000,
                )
            if now - window_start >= report_every:
                log.info(
                    "loop lag max=%.1fms over %.0fs (since start %.1fms)",
                    window_max * 1000,
                    now - window_start,
                    self.loop_lag_max * 1000,
                )
                window_max, window_start = 0.0, now

    async def _prewarm_workers(self) -> None:
        """Start the engine processes at start-up, not on the first request, and from a
        thread: the first start waits for the fork server to import the engine, which on the
        loop's thread stalled the loop for a second or more (3 s on a busy machine)."""
        if not isinstance(self._executor, EnginePool):
            return
        started = time.perf_counter()
        try:
            count = await self._executor.warm()
        except Exception:
            log.exception("starting the engine workers failed")
            return
        log.info("engine workers ready: %d in %.1f s", count, time.perf_counter() - started)

    async def _refresh_quotations(self) -> None:
        """Re-extract quotations stored by an older quotation engine, a batch at a time, in
        id order (a failing article is skipped by the service, not retried forever)."""
        after: int | None = 0
        try:
            while self.service and after is not None:
                after = await self.service.refresh_quotations(after, QUOTE_REFRESH_BATCH)
                await asyncio.sleep(0)
        except Exception:
            log.exception("refreshing quotations failed")

    async def close(self) -> None:
        """Idempotent: the signal handler and `async with` may both call it; every caller
        waits for the one shutdown, so the process never exits with the store half closed."""
        if self._shutdown is None:
            self._shutdown = asyncio.ensure_future(self._close_everything())
        await asyncio.shield(self._shutdown)

    async def _close_everything(self) -> None:
        for task in self._background:
            task.cancel()
        await super().close()
        if self.service is not None:
            await self.service.close()  # the guarded fetcher's connections
        if self.store is not None:
            await self.store.close()
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)


class ShardedNewsBot(NewsBot, commands.AutoShardedBot):
    """newsbot as an `AutoShardedBot`: this process runs `settings.shard_ids` (all shards when
    unset) out of `settings.shard_count`; Discord routes each guild's events, interactions
    included, to shard `(guild_id >> 22) % shard_count`, so each guild is served by the one
    process that runs its shard. Everything else (the store, feeds, replies over REST) is
    shared through the database."""

    def __init__(self, settings: Settings, **options) -> None:
        if settings.shard_count is None:
            raise ValueError("ShardedNewsBot needs settings.shard_count")
        super().__init__(
            settings,
            shard_count=settings.shard_count,
            shard_ids=list(settings.shard_ids) if settings.shard_ids is not None else None,
            **options,
        )


def make_bot(settings: Settings, **options) -> NewsBot:
    """The bot the settings ask for: sharded when `NEWSBOT_SHARD_COUNT` is set, else the plain
    single-connection client (which never asks Discord for a shard count)."""
    cls = ShardedNewsBot if settings.sharded else NewsBot
    return cls(settings, **options)


def format_shard_ids(ids) -> str:
    """`0-3`, `0,2,5`: the spelling `NEWSBOT_SHARD_IDS` accepts."""
    ids = sorted(ids)
    runs: list[str] = []
    start = prev = None
    for i in [*ids, None]:
        if start is not None and i is not None and i == prev + 1:
            prev = i
            continue
        if start is not None:
            runs.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = i
    return ",".join(runs)


def configure_logging(level: str | None) -> None:
    """One format for newsbot's and discord.py's records (discord.py logs under `discord`)."""
    if level is None or not isinstance(logging.getLevelName(level), int):
        level = "INFO"
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True
    )


async def _serve(settings: Settings) -> None:
    bot = make_bot(settings)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: asyncio.ensure_future(bot.close()))
    panel = None
    try:
        async with bot:
            await bot.login(settings.require_token())
            if settings.web_url:  # the panel beside the bot, on its service and store
                from bot.feeds.targets import ChannelPoster
                from bot.web.app import start_panel

                assert bot.service is not None
                panel = await start_panel(settings, bot.service, ChannelPoster(bot))
            await bot.connect()
    finally:
        if panel is not None:
            await panel.cleanup()
        await bot.close()  # discord.py skips close() in __aexit__ once is_closed(): wait for ours


class _NoVoiceWarnings(logging.Filter):
    """Drop discord.py's "PyNaCl/davey is not installed, voice will NOT be supported": newsbot
    never joins a voice channel, so the warning is noise at every start."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "voice will NOT be supported" not in record.getMessage()


logging.getLogger("discord.client").addFilter(_NoVoiceWarnings())

UNREACHABLE = (
    "couldn't reach Discord ({reason}); check the network, DNS and DISCORD_API_BASE if you set it"
)


def run_bot(settings: Settings) -> None:
    """`newsbot run` / `python -m bot`: connect and serve until stopped (and serve the web
    panel too when NEWSBOT_WEB_URL is set). A refused token or an unreachable Discord is one
    line and a non-zero exit, not a traceback."""
    if settings.web_url:
        settings.require_web()
    configure_logging(settings.log_level)
    point_discord_at(settings.api_base, settings.gateway_url)
    try:
        asyncio.run(_serve(settings))
    except discord.LoginFailure:
        log.error("Discord refused the token in DISCORD_TOKEN: check it in the Developer Portal.")
        raise SystemExit(2) from None
    except (aiohttp.ClientError, OSError) as exc:
        log.error(UNREACHABLE.format(reason=_reason(exc)))
        raise SystemExit(1) from None


def _reason(exc: BaseException) -> str:
    """A short name for a connection failure (no addresses of ours, no token)."""
    if isinstance(exc, aiohttp.ClientConnectorDNSError) or "Name or service" in str(exc):
        return "the name did not resolve"
    if isinstance(exc, aiohttp.ClientConnectorError | ConnectionRefusedError):
        return "connection refused"
    return exc.__class__.__name__


def sync_global(settings: Settings) -> int:
    """Register the slash commands with Discord for every server (on demand only). Logging is
    the CLI's to configure: the user sees one line unless they ask for more."""
    point_discord_at(settings.api_base, settings.gateway_url)

    async def sync() -> int:
        bot = NewsBot(settings, sync_on_start=False, executor=None)
        async with bot:
            await bot.login(settings.require_token())
            return len(await bot.tree.sync())

    try:
        return asyncio.run(sync())
    except discord.LoginFailure:
        raise ConfigError(
            "Discord refused the token in DISCORD_TOKEN: check it in the Developer Portal."
        ) from None
    except (aiohttp.ClientError, OSError) as exc:
        raise ConfigError(UNREACHABLE.format(reason=_reason(exc))) from None
