"""Running a bot against the double: in-process (``run_bot``) or as a subprocess (``BotProcess``).

The pytest fixtures here are re-exported by ``tests/conftest.py``:

* ``discord_double``: a started double; on teardown it fails the test if the bot hit an
  unknown route/op or the double itself crashed.
* ``network_guard``: blocks and fails on any non-loopback connection in this process.
* ``bot_process``: a factory for ``BotProcess`` (default command ``python -m bot``), killed
  on teardown; fails the test if the bot process tried to leave 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import discord
import discord.gateway
import discord.http
import pytest

from bot.discord_api import point_discord_at

from .models import Guild
from .netguard import NetworkGuard
from .server import DiscordDouble

log = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SITE_DIR = Path(__file__).resolve().parent / "_site"


@contextlib.contextmanager
def discord_pointed_at(double: DiscordDouble) -> Iterator[None]:
    """``point_discord_at`` for this process, undone afterwards so tests stay independent."""
    saved = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    point_discord_at(double.api_base, double.gateway_url)
    try:
        yield
    finally:
        discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = saved


@contextlib.asynccontextmanager
async def run_bot(
    double: DiscordDouble,
    client: discord.Client,
    *,
    token: str | None = None,
    sync_guild: Guild | None = None,
    timeout: float = 10.0,
) -> AsyncIterator[discord.Client]:
    """Log ``client`` in against ``double``, connect, and wait until it is ready.

    With ``sync_guild`` it also waits until the bot has synced commands to that guild (the
    bot does the syncing itself, e.g. in ``setup_hook``). Tip: construct the client with
    ``guild_ready_timeout=0.05`` or readiness takes discord.py's default 2 seconds.
    """
    with discord_pointed_at(double):
        syncs = double.sync_count(sync_guild) if sync_guild else 0
        await client.login(token or double.token)
        task = asyncio.create_task(client.connect(), name="bot-under-test")
        try:
            await double.wait_until(
                lambda: client.is_ready() or task.done(), timeout=timeout, what="bot ready"
            )
            if task.done():
                task.result()
                raise RuntimeError("the bot stopped before it was ready")
            if sync_guild is not None:
                await double.wait_until(
                    lambda: double.sync_count(sync_guild) > syncs,
                    timeout=timeout,
                    what="command sync",
                )
            yield client
        finally:
            await client.close()
            if not task.done():
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task


class BotProcess:
    """A bot running as a real subprocess against the double, with its output in a log file.

    ``start()`` waits until the process has IDENTIFYed and (with ``dev_guild``) synced
    commands to that guild. ``kill()`` is SIGKILL; ``start()`` again after it, or use
    ``restart()``. Every start appends to ``log_path``; read it with ``output``.
    """

    def __init__(
        self,
        double: DiscordDouble,
        command: Sequence[str],
        *,
        workdir: Path,
        env: Mapping[str, str] | None = None,
        dev_guild: Guild | None = None,
        cwd: Path = PROJECT_ROOT,
        guard_network: bool = True,
    ) -> None:
        self.double = double
        self.command = list(command)
        self.workdir = workdir
        self.extra_env = dict(env or {})
        self.dev_guild = dev_guild
        self.cwd = cwd
        self.guard_network = guard_network
        workdir.mkdir(parents=True, exist_ok=True)
        self.log_path = workdir / "bot.log"
        self.database = workdir / "newsbot.sqlite3"
        self.netguard_log = workdir / "netguard.log"
        self.proc: asyncio.subprocess.Process | None = None

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            DISCORD_TOKEN=self.double.token,
            DISCORD_API_BASE=self.double.api_base,
            DISCORD_GATEWAY_URL=self.double.gateway_url,
            NEWSBOT_DATABASE=str(self.database),
            PYTHONUNBUFFERED="1",
        )
        if self.dev_guild is not None:
            env["NEWSBOT_DEV_GUILD"] = str(self.dev_guild.id)
        if self.guard_network:
            env["PYTHONPATH"] = os.pathsep.join(
                p for p in (str(SITE_DIR), env.get("PYTHONPATH")) if p
            )
            env["DISCORD_DOUBLE_NETGUARD_LOG"] = str(self.netguard_log)
        env.update(self.extra_env)
        return env

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.returncode is None

    @property
    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    @property
    def network_violations(self) -> list[str]:
        return self.netguard_log.read_text().splitlines() if self.netguard_log.exists() else []

    async def start(self, *, timeout: float = 30.0) -> None:
        if self.running:
            raise RuntimeError("already running")
        double, guild = self.double, self.dev_guild
        identifies, syncs = double.identifies, double.sync_count(guild) if guild else 0
        with open(self.log_path, "ab") as log_file:
            log_file.write(f"--- starting {self.command}\n".encode())
            log_file.flush()
            self.proc = await asyncio.create_subprocess_exec(
                *self.command,
                cwd=self.cwd,
                env=self.environment(),
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log_file,
                stderr=asyncio.subprocess.STDOUT,
            )

        def up() -> bool:
            if not self.running:
                raise RuntimeError(
                    f"bot exited with {self.proc and self.proc.returncode}:\n{self.output[-4000:]}"
                )
            synced = guild is None or double.sync_count(guild) > syncs
            return double.identifies > identifies and synced

        try:
            await double.wait_until(
                up, timeout=timeout, what="bot process IDENTIFY and command sync"
            )
        except TimeoutError as exc:
            raise TimeoutError(f"{exc}\n--- bot log:\n{self.output[-4000:]}") from None

    async def wait_for_output(self, text: str, *, count: int = 1, timeout: float = 10.0) -> None:
        """Wait until ``text`` appears ``count`` times in the log (across restarts)."""
        await self.double.wait_until(
            lambda: self.output.count(text) >= count,
            timeout=timeout,
            what=f"{text!r} x{count} in the bot log",
        )

    async def kill(self) -> None:
        """SIGKILL, as an OOM killer or a power cut would."""
        if self.running:
            assert self.proc is not None
            self.proc.send_signal(signal.SIGKILL)
            await self.proc.wait()

    async def stop(self, timeout: float = 5.0) -> None:
        """SIGTERM, then SIGKILL if it does not exit within ``timeout``."""
        if self.running:
            assert self.proc is not None
            self.proc.terminate()
            try:
                await asyncio.wait_for(self.proc.wait(), timeout)
            except TimeoutError:
                await self.kill()

    async def restart(self, *, timeout: float = 30.0) -> None:
        await self.kill()
        await self.start(timeout=timeout)


# -- pytest fixtures --------------------------------------------------------------------------


@pytest.fixture
async def discord_double() -> AsyncIterator[DiscordDouble]:
    double = DiscordDouble()
    await double.start()
    try:
        yield double
    finally:
        await double.stop()
    double.assert_clean()


@pytest.fixture
def network_guard() -> Iterator[NetworkGuard]:
    guard = NetworkGuard().install()
    try:
        yield guard
    finally:
        guard.uninstall()
    assert not guard.violations, f"traffic tried to leave 127.0.0.1: {guard.violations}"


@pytest.fixture
async def bot_process(
    discord_double: DiscordDouble, tmp_path: Path
) -> AsyncIterator[Callable[..., BotProcess]]:
    """Factory: ``bot_process(command=None, *, env=None, dev_guild=None, name="bot")``."""
    made: list[BotProcess] = []

    def make(
        command: Sequence[str] | None = None,
        *,
        env: Mapping[str, str] | None = None,
        dev_guild: Guild | None = None,
        name: str = "bot",
        **kwargs: Any,
    ) -> BotProcess:
        proc = BotProcess(
            discord_double,
            command or [sys.executable, "-m", "bot"],
            workdir=tmp_path / name,
            env=env,
            dev_guild=dev_guild,
            **kwargs,
        )
        made.append(proc)
        return proc

    yield make
    for proc in made:
        await proc.stop()
    leaks = {str(p.command): p.network_violations for p in made if p.network_violations}
    assert not leaks, f"bot process traffic tried to leave 127.0.0.1: {leaks}"
