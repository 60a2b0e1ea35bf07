"""Item 8: SIGKILL while `newsbot add` stores 1,000 articles loses no acknowledged article and
leaves a sound database; readers and writers in other processes never see "database is locked"
(also not when several processes open a new database at once)."""

from __future__ import annotations

import asyncio
import itertools
import os
import random
import signal
import sqlite3
import sys
from pathlib import Path

from bot.models import GuildSettings
from bot.service import NewsService
from bot.store import SQLiteStore
from tests.reliability.reliability_checks import integrity

GUILD = 42
OTHER_GUILD = 7


def name_for(i: int) -> str:
    """A distinct made-up word per index (article identity is by words, not digits)."""
    syllables = [c + v for v in "aeiou" for c in "bcdfghjklmnprstvz"]  # 85
    return "".join(syllables[(i // 85**k) % 85] for k in range(3))


def article_text(i: int) -> str:
    town = name_for(i).capitalize()
    return (
        f"{town} council backs the new harbour plan\n\n"
        f"The council of {town} approved the harbour plan on Monday after a long debate. "
        f"Residents of {town} welcomed the decision at a meeting in the town hall. "
        f"“It is a good day for {town},” said the mayor, Ana {town}sdottir.\n"
    )


def write_articles(folder: Path, count: int) -> list[Path]:
    folder.mkdir()
    paths = []
    for i in range(count):
        path = folder / f"{i:04d}.txt"
        path.write_text(article_text(i), encoding="utf-8")
        paths.append(path)
    return paths


async def test_sigkill_during_a_bulk_add_loses_no_acknowledged_article(tmp_path):
    database = tmp_path / "newsbot.sqlite3"
    paths = write_articles(tmp_path / "articles", 1000)
    assert len({name_for(i) for i in range(6000)}) == 6000
    env = {**os.environ, "NEWSBOT_DATABASE": str(database), "PYTHONUNBUFFERED": "1"}
    env.pop("NEWSBOT_DEV_GUILD", None)
    writer = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "add", *map(str, paths), "--guild", str(GUILD),
        env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    acknowledged: dict[int, str] = {}
    kill_after = random.randint(150, 400)
    problems: list[str] = []
    rounds: list[int] = []
    stop = asyncio.Event()

    async def read_acks() -> None:
        assert writer.stdout is not None
        while line := await writer.stdout.readline():
            verb, article_id, title = line.decode().rstrip("\n").split("\t")
            assert verb == "added", line
            acknowledged[int(article_id)] = title
            if len(acknowledged) == kill_after:
                writer.send_signal(signal.SIGKILL)

    async def other_process_reads_and_writes() -> None:
        """Another store on the same file: reads everything, writes another server's rows."""
        while not database.exists() or not acknowledged:
            await asyncio.sleep(0.02)
        store = await SQLiteStore.open(database)
        service = NewsService(store)
        try:
            for n in itertools.count():
                if stop.is_set():
                    break
                try:
                    count = await store.count_articles(GUILD)
                    await store.list_articles(GUILD, 10)
                    await store.search_articles(GUILD, "harbour council")
                    if newest := await store.newest_article(GUILD):
                        await store.find_quotations(GUILD, article_id=newest.id)
                    assert count >= 0
                    settings = GuildSettings(OTHER_GUILD, summary_sentences=1 + n % 10)
                    await store.save_settings(settings)
                    if n % 5 == 0:
                        await service.add_article(OTHER_GUILD, None, article_text(5000 + n))
                except sqlite3.OperationalError as exc:
                    problems.append(str(exc))
                rounds.append(count)
                await asyncio.sleep(0)
        finally:
            await store.close()

    companion = asyncio.create_task(other_process_reads_and_writes())
    await asyncio.wait_for(read_acks(), timeout=120)
    stderr = await writer.stderr.read()
    assert await writer.wait() == -signal.SIGKILL, stderr.decode()[-2000:]
    stop.set()
    await companion
    assert problems == []
    assert len(rounds) > 20 and rounds[-1] > rounds[0], rounds[:3]  # it really ran alongside
    assert b"locked" not in stderr, stderr.decode()[-2000:]
    assert len(acknowledged) >= kill_after

    # "Restart": the file is sound and every acknowledged article is there, whole.
    assert integrity(database) == ["ok"]
    store = await SQLiteStore.open(database)
    try:
        assert await store.integrity_check() == ["ok"]
        for article_id, title in acknowledged.items():
            article = await store.get_article(GUILD, article_id)
            assert article is not None and article.title == title, article_id
            assert article.sentence_count == 3
        stored = await store.count_articles(GUILD)
        assert len(acknowledged) <= stored <= len(acknowledged) + 1  # one may be unacknowledged

        # Adding everything again adds each article once: acknowledged ones already exist.
        service = NewsService(store)
        last = max(int(title_index(t)) for t in acknowledged.values())
        again = list(range(max(0, last - 20), min(1000, last + 20)))
        for i in again:
            outcome = await service.add_article(GUILD, None, article_text(i))
            if i <= last:
                assert not outcome.created and outcome.article.id in acknowledged, i
        assert await store.count_articles(GUILD) == len(set(range(last + 1)) | set(again))
        assert await store.integrity_check() == ["ok"]
    finally:
        await store.close()


def title_index(title: str) -> int:
    town = title.split()[0].lower()
    return next(i for i in range(1000) if name_for(i) == town)


async def test_processes_opening_a_new_database_at_once_never_collide(tmp_path):
    database = tmp_path / "fresh.sqlite3"
    stores = await asyncio.gather(*(SQLiteStore.open(database) for _ in range(4)))
    try:
        assert {await s.schema_version() for s in stores} == {await stores[0].schema_version()}
        added = await asyncio.gather(
            *(
                NewsService(s).add_article(GUILD, None, article_text(i))
                for i, s in enumerate(stores * 5)
            )
        )
        assert len({o.article.id for o in added}) == 20
    finally:
        for store in stores:
            await store.close()
    assert integrity(database) == ["ok"]
