"""Memory that button replies leave in the bot process: the real bot against the loopback
Discord double answers N cached `/summary` (Shorter/Longer) and paged `/quote` (Previous/Next)
interactions, and the bot process's PSS is read before and after.

Run by hand (not a test), from the project root:

    python benchmarks/buttons.py [--replies N] [--tree PATH]

`--tree` runs the bot of another checkout of the project (e.g. an export of an older commit)
for a before/after comparison in the same way; the double, the articles and the requests are
the same. Replies rotate over 2,001 members so the per-member cooldowns never refuse one.
Prints the PSS after a warm-up and after the N replies, and the growth per 1,000 replies.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import random
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.measure import pss_mb  # noqa: E402
from bot.service import NewsService  # noqa: E402
from bot.store import open_store  # noqa: E402
from tests.discord_double import BotProcess, DiscordDouble  # noqa: E402
from tests.samples import SCRAPED_ARTICLE  # noqa: E402
from tests.samples_quotes import COUNCIL_ARTICLE  # noqa: E402

MEMBERS = 2001  # odd, so each member alternates commands; with cooldowns of 5 per 30 s
IN_FLIGHT = 10
WARM_UP = 300
METHODS = ("lead", "textrank", "lexrank", "luhn", "lsa")


async def seed(database: Path, guild_id: int) -> tuple[int, int]:
    store = await open_store(str(database))
    try:
        service = NewsService(store)
        summary = await service.add_article(guild_id, None, SCRAPED_ARTICLE)
        council = await service.add_article(guild_id, None, COUNCIL_ARTICLE)
    finally:
        await store.close()
    return summary.article.id, council.article.id


async def replies(double, guild, channel, members, articles: tuple[int, int], n: int) -> None:
    """`n` replies, half `/summary` (cached after the first of each length) and half `/quote`
    with pages, `IN_FLIGHT` at a time, each waited for."""
    summary_id, council_id = articles
    users = itertools.cycle(members)
    rng = random.Random(1)
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(n):
        queue.put_nowait(i)

    async def member() -> None:
        while not queue.empty():
            i = queue.get_nowait()
            if i % 2:
                options = {
                    "article": str(summary_id),
                    "sentences": rng.randint(1, 10),
                    "method": rng.choice(METHODS),
                }
                handle = await double.invoke(
                    "summary", options, user=next(users), guild=guild, channel=channel
                )
            else:
                handle = await double.invoke(
                    "quote",
                    {"article": str(council_id)},
                    user=next(users),
                    guild=guild,
                    channel=channel,
                )
            message = await handle.wait_final(timeout=60, settle=0)
            assert message.components, f"reply {i} has no buttons: {message.content}"

    await asyncio.gather(*(member() for _ in range(IN_FLIGHT)))


async def run(args: argparse.Namespace) -> None:
    tree = Path(args.tree).resolve() if args.tree else ROOT
    workdir = Path(tempfile.mkdtemp(prefix="newsbot-buttons-"))
    double = DiscordDouble()
    await double.start()
    guild = double.add_guild("Button News")
    channel = double.add_channel(guild, "news")
    members = [double.add_member(guild, f"reader{i}") for i in range(MEMBERS)]
    proc = BotProcess(
        double,
        [sys.executable, "-m", "bot"],
        workdir=workdir,
        env={"NEWSBOT_WORKERS": "1", "LOG_LEVEL": "WARNING"},
        dev_guild=guild,
        cwd=tree,
    )
    articles = await seed(proc.database, guild.id)
    try:
        await proc.start(timeout=180)
        assert proc.proc is not None
        await replies(double, guild, channel, members, articles, WARM_UP)
        before = pss_mb(proc.proc.pid, tree=False)
        await replies(double, guild, channel, members, articles, args.replies)
        after = pss_mb(proc.proc.pid, tree=False)
    finally:
        await proc.stop(timeout=20)
        await double.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"tree {tree}")
    print(f"bot process PSS after {WARM_UP} warm-up replies: {before} MB")
    print(f"bot process PSS after {args.replies} more replies: {after} MB")
    print(f"growth: {(after - before) * 1000 / args.replies:.1f} MB per 1,000 replies")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=3000)
    parser.add_argument("--tree", help="run the bot of this checkout (default: this one)")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
