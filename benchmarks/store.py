"""Store benchmark: a database of synthetic articles across guilds.

Run by hand (not a test):

    python benchmarks/store.py [--articles 100000] [--guilds 100] [--database PATH]

Prints the insert rate, FTS search p95, autocomplete p95 (empty and typed), cached-summary
lookup p95 and the database size. `--database postgresql://...` measures PostgreSQL instead.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.models import Article, Summary
from bot.store import open_store

WORDS = [
    "council",
    "budget",
    "harbour",
    "bridge",
    "river",
    "school",
    "market",
    "festival",
    "mayor",
    "police",
    "election",
    "court",
    "minister",
    "hospital",
    "railway",
    "airport",
    "energy",
    "climate",
    "housing",
    "union",
    "strike",
    "trade",
    "tariff",
    "bank",
    "inflation",
    "museum",
    "stadium",
    "league",
    "storm",
    "flood",
    "drought",
    "vaccine",
    "research",
    "university",
    "policy",
]
QUERIES = 200


def synthetic_article(i: int, guild_id: int, rng: random.Random) -> Article:
    title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize() + f" {i}"
    sentences = [
        " ".join(rng.choice(WORDS) for _ in range(14)).capitalize() + "." for _ in range(12)
    ]
    text = " ".join(sentences[:6]) + "\n\n" + " ".join(sentences[6:])
    return Article(
        None, guild_id, title, text, content_hash=f"h{i}", sentence_count=12, word_count=168
    )


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[int(0.95 * (len(ordered) - 1))] * 1000


async def timed_queries(make_call, rng: random.Random) -> list[float]:
    samples = []
    for _ in range(QUERIES):
        call = make_call(rng)
        started = time.perf_counter()
        await call
        samples.append(time.perf_counter() - started)
    return samples


async def run(args: argparse.Namespace) -> None:
    database = args.database or os.path.join(tempfile.mkdtemp(prefix="newsbot-bench-"), "b.db")
    store = await open_store(database)
    rng = random.Random(7)
    ids: dict[int, list[int]] = {}
    started = time.perf_counter()
    for i in range(args.articles):
        guild = 1000 + i % args.guilds
        stored, _ = await store.add_article(synthetic_article(i, guild, rng))
        ids.setdefault(guild, []).append(stored.id)
    insert_seconds = time.perf_counter() - started
    guilds = list(ids)
    for guild in guilds:
        for article_id in ids[guild][:50]:
            await store.put_summary(
                guild, article_id, "3", "bench", Summary("auto", ("A.", "B.", "C."), 12, ("x",))
            )

    search = await timed_queries(
        lambda r: store.search_articles(r.choice(guilds), f"{r.choice(WORDS)} {r.choice(WORDS)}"),
        rng,
    )
    typed = await timed_queries(
        lambda r: store.autocomplete_articles(r.choice(guilds), r.choice(WORDS)[:3]), rng
    )
    empty = await timed_queries(lambda r: store.autocomplete_articles(r.choice(guilds), ""), rng)

    def cached(r: random.Random):
        guild = r.choice(guilds)
        return store.get_summary(guild, r.choice(ids[guild][:50]), "auto", "3", "bench")

    lookups = await timed_queries(cached, rng)
    size = ""
    if not database.startswith("postgres"):
        total = sum(
            os.path.getsize(database + s) for s in ("", "-wal") if os.path.exists(database + s)
        )
        size = f"{total / 1e6:.0f} MB"
    await store.close()
    print(f"{args.articles:,} articles in {args.guilds} guilds ({database})")
    print(f"{'measure':<28}{'value':>14}")
    print(f"{'insert rate':<28}{args.articles / insert_seconds:>10,.0f} /s")
    print(f"{'FTS search p95':<28}{p95(search):>11.2f} ms")
    print(f"{'autocomplete (typed) p95':<28}{p95(typed):>11.2f} ms")
    print(f"{'autocomplete (empty) p95':<28}{p95(empty):>11.2f} ms")
    print(f"{'cached summary p95':<28}{p95(lookups):>11.2f} ms")
    if size:
        print(f"{'database size':<28}{size:>14}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--guilds", type=int, default=100)
    parser.add_argument("--database", help="a path or postgresql:// URL (default: a temp file)")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
