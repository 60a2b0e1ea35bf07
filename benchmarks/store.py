"""Store benchmark: a database of synthetic articles across guilds.

Run by hand (not a test), from the project root:

    python benchmarks/store.py [--articles 100000] [--guilds 100] [--database PATH]

Articles are written one by one through `Store.add_article` (with their quotations and the
preview summary, as the service stores them), in words drawn from a 3,000-word vocabulary with
news-like (Zipf) frequencies. Prints the insert rate, then p50/p95/p99 of: full-text search
(two words), article autocomplete (empty, and a prefix of a title word), speaker
autocomplete, `/quote` lookups (random, by speaker), the cached-summary lookup; and the
database size. `--guilds 1` puts every article in one guild, the hardest case for the
guild-scoped indexes. `--database postgresql://...` measures PostgreSQL instead.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import math
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.models import Article, Quote, Summary
from bot.store import open_store

QUERIES = 300
SYLLABLES = "ba ko ri mun sel tar vo den lu pra sti gan mor el quen dir fa zo".split()
VOCABULARY = [a + b + c for a, b, c in itertools.product(SYLLABLES, repeat=3)][:3000]
WEIGHTS = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(VOCABULARY))))
FIRST = "Ana Ben Chen Dana Eli Farah Gil Hana Ivan Jo Kim Lee Mara Nils Omar Pia Raj Sam".split()
SPEAKERS = [f"{f} {VOCABULARY[i].capitalize()}" for i in range(120) for f in FIRST][:2000]
SPEAKER_WEIGHTS = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(SPEAKERS))))


def words(rng: random.Random, count: int) -> list[str]:
    return rng.choices(VOCABULARY, cum_weights=WEIGHTS, k=count)


def synthetic_article(i: int, guild_id: int, rng: random.Random) -> tuple[Article, list[Quote]]:
    title = " ".join(words(rng, 7)).capitalize()
    sentences = [" ".join(words(rng, 16)).capitalize() + "." for _ in range(24)]
    text = "\n\n".join(" ".join(sentences[k : k + 6]) for k in range(0, 24, 6))
    quotes, start = [], 0
    for _ in range(rng.randint(0, 6)):
        said = " ".join(words(rng, 10))
        speaker = rng.choices(SPEAKERS, cum_weights=SPEAKER_WEIGHTS)[0]
        quotes.append(Quote(said, speaker if rng.random() < 0.9 else None, "said", start, start))
        start += 50
    article = Article(
        None, guild_id, title, text, content_hash=f"h{i}", sentence_count=24, word_count=384
    )
    return article, quotes


def pct(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] * 1000


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
    preview = Summary("auto", ("A sentence.", "Another one."), 24, ("word",))
    started = time.perf_counter()
    for i in range(args.articles):
        guild = 1000 + i % args.guilds
        article, quotes = synthetic_article(i, guild, rng)
        stored, _ = await store.add_article(article)
        await store.replace_quotations(guild, stored.id, quotes, "bench")
        await store.put_summary(guild, stored.id, "2", "bench", preview)
        ids.setdefault(guild, []).append(stored.id)
    insert_seconds = time.perf_counter() - started
    guilds = list(ids)
    for guild in guilds:
        for article_id in ids[guild][:50]:
            await store.put_summary(
                guild, article_id, "3", "bench", Summary("auto", ("A.", "B.", "C."), 12, ("x",))
            )

    def typed(r: random.Random) -> str:
        word = words(r, 1)[0]
        return word[: r.randint(1, len(word))]

    rows = {
        "FTS search (two words)": lambda r: store.search_articles(
            r.choice(guilds), " ".join(words(r, 2))
        ),
        "autocomplete, empty": lambda r: store.autocomplete_articles(r.choice(guilds), ""),
        "autocomplete, typed prefix": lambda r: store.autocomplete_articles(
            r.choice(guilds), typed(r)
        ),
        "speaker autocomplete": lambda r: store.speakers(
            r.choice(guilds), r.choice(["", r.choice(SPEAKERS)[2:5]])
        ),
        "/quote random": lambda r: store.random_quotation(r.choice(guilds), r.random()),
        "/quote by speaker": lambda r: store.find_quotations(
            r.choice(guilds), speaker=r.choices(SPEAKERS, cum_weights=SPEAKER_WEIGHTS)[0]
        ),
        "cached summary": lambda r: (
            lambda guild: store.get_summary(guild, r.choice(ids[guild][:50]), "auto", "3", "bench")
        )(r.choice(guilds)),
    }
    results = {name: await timed_queries(make, rng) for name, make in rows.items()}
    size = ""
    if not database.startswith("postgres"):
        await store.close()
        total = sum(
            os.path.getsize(database + s) for s in ("", "-wal") if os.path.exists(database + s)
        )
        size = f"{total / 1e6:,.0f} MB"
    else:
        await store.close()
    print(f"{args.articles:,} articles in {args.guilds} guilds ({database})")
    print(
        f"insert rate: {args.articles / insert_seconds:,.0f} articles/s "
        "(article + quotations + preview summary, one by one)"
    )
    print(f"{'query':<30}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for name, samples in results.items():
        print(f"{name:<30}{pct(samples, 50):>9.2f}{pct(samples, 95):>9.2f}{pct(samples, 99):>9.2f}")
    if size:
        print(f"database size: {size}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--guilds", type=int, default=100)
    parser.add_argument("--database", help="a path or postgresql:// URL (default: a temp file)")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
