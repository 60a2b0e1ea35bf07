"""The engine pool end to end: a worker killed under the running bot (as the OOM killer does)
costs nobody their summary."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from tests.e2e.newsroom import bullets, start
from tests.samples import SCRAPED_ARTICLE

pytestmark = pytest.mark.asyncio(loop_scope="function")


def children(pid: int) -> list[int]:
    """The direct child processes of `pid`, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def engine_workers(bot_pid: int) -> list[int]:
    """The pool's workers: the children of the bot's fork server."""
    workers = []
    for child in children(bot_pid):
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"forkserver" in command:
            workers += children(child)
    return workers


def story(town: str) -> str:
    return SCRAPED_ARTICLE.replace("Port Calder", town).replace("Harbour", town)


async def test_a_killed_engine_worker_is_replaced_and_four_summaries_still_arrive(newsroom):
    ids = [
        await newsroom.seed(newsroom.guild_a, None, story(town))
        for town in ("Eastfold", "Westmere", "Northby", "Southwick")
    ]
    room = await start(newsroom)
    await room.process.wait_for_output("engine workers ready", timeout=60)
    workers = engine_workers(room.process.proc.pid)
    assert workers, "the bot runs no engine worker"
    os.kill(workers[0], signal.SIGKILL)
    for article_id, method in zip(ids, ("lexrank", "textrank", "lsa", "luhn"), strict=True):
        handle = await room.invoke(
            "summary", {"article": str(article_id), "sentences": 2, "method": method}
        )
        message = await handle.wait_final(timeout=60)
        assert message.embeds, f"no summary for #{article_id}: {message.content}"
        assert len(bullets(message.embeds[0])) == 2
    assert "an engine worker died" in room.process.output


async def test_the_bot_starts_every_engine_worker_before_it_connects_and_counts_them(newsroom):
    newsroom.process.extra_env["NEWSBOT_WORKERS"] = "2"
    room = await start(newsroom)  # returns once the bot has identified with Discord
    assert "engine workers ready: 2 in" in room.process.output
    assert len(engine_workers(room.process.proc.pid)) == 2
