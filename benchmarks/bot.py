"""Bot benchmark: the real bot process (`python -m bot`) against the loopback Discord double,
with 100,000 articles stored in the guild.

Run by hand (not a test), from the project root:

    python benchmarks/bot.py ../shared/eval/cnndm-dev.jsonl [--articles 100000] [--requests 200]

The database is built before the bot starts, straight through the store API (`Store.load`,
the bulk path `newsbot db copy` uses), from the corpus's texts prepared once each by the real
ingest code (`prepare_article`: cleaning, sentence count, quotations, preview summary) and
stored many times over; it is kept in `--cache` (a temporary directory by default) and copied
for each run, so a second run starts in seconds. Nothing from the corpus is written into the
project.

Measured from the Discord double's side, from dispatching the interaction to receiving the
bot's HTTP callback ("first"), and to the message with the result ("done"; the same as first
for an answer that was not deferred): `/help` (the loopback floor), article and speaker
autocomplete, `/summary` cached and not cached (articles of 500-700 words), `/quote`; then each
method on a 100,000-character article (not cached); then the first rows again while another
user summarises 100,000-character articles one after another. Requests go one at a time, each
from another member (the cooldowns allow 5 a member per 30 s). Inside the bot: the event-loop
lag, from the `loop lag max=…ms` line the bot logs every `NEWSBOT_LAG_REPORT_SECONDS` (1 s
here) and its warnings over 50 ms; the resident memory of the bot and of each of its
processes (VmRSS, VmHWM, Pss from /proc), at the start and at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.measure import memory_table, pct  # noqa: E402
from bot import limits  # noqa: E402
from bot.engine.quotes import extract as quote_engine  # noqa: E402
from bot.engine.summary.summarize import METHODS, SUMMARY_VERSION, summarize  # noqa: E402
from bot.engine.text.sentences import clean, paragraphs, word_tokens  # noqa: E402
from bot.models import Summary  # noqa: E402
from bot.service import PREVIEW_SENTENCES, PreparedArticle, prepare_article  # noqa: E402
from bot.store import open_store  # noqa: E402
from bot.store.base import TABLES, summary_values  # noqa: E402
from tests.discord_double import BotProcess, DiscordDouble  # noqa: E402

GUILD_ID = 812345678901234567
LONG_ARTICLES = 6
LONG_CHARS = 100_000
CACHED_ARTICLES = 2_000
BATCH = 5_000
TYPICAL_WORDS = (500, 700)
DEFAULT_SENTENCES = limits.DEFAULT_SUMMARY_SENTENCES
TABLE = {t.name: t for t in TABLES}
LAG_LINE = re.compile(r"loop lag max=([\d.]+)ms")
LAG_WARNING = re.compile(r"event loop lag (\d+) ms")


# --- the corpus, prepared once ----------------------------------------------------------------


def _prepare(job: tuple[str, str | None]) -> tuple[PreparedArticle, tuple[str, ...]]:
    """The real ingest work on one text, plus its default `/summary` (to cache it)."""
    text, title = job
    prepared = prepare_article(GUILD_ID, title, text)
    article = prepared.article
    default = summarize(
        article.text, title=article.title, sentences=DEFAULT_SENTENCES, lang=article.language
    )
    return prepared, default.sentences


def long_texts(texts: list[str], count: int, chars: int) -> list[str]:
    """`count` articles of about `chars` characters, each a run of corpus texts as paragraphs."""
    out, start = [], 0
    for _ in range(count):
        parts, size = [], 0
        while size < chars:
            for p in paragraphs(clean(texts[start % len(texts)])):
                parts.append(p)
                size += len(p) + 2
            start += 1
        out.append("\n\n".join(parts)[:chars].rsplit(". ", 1)[0] + ".")
    return out


@dataclass
class World:
    """What the benchmark knows about the database it built."""

    articles: int
    long_ids: list[int]
    typical_ids: list[int]  # not summarised with the default method and length
    cached_ids: list[int]  # the default summary cached
    titles: list[str]
    speakers: list[str]
    quote_words: list[str]
    long_chars: list[int] = field(default_factory=list)


async def build_database(path: Path, data: str, articles: int) -> World:
    with open(data, encoding="utf-8") as f:
        records = [json.loads(line) for line in f]
    texts = [r["text"] for r in records]
    jobs = [(t, None) for t in texts]
    jobs += [
        (t, f"Long read {i + 1}: a day of news")
        for i, t in enumerate(long_texts(texts, LONG_ARTICLES, LONG_CHARS))
    ]
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool() as pool:
        done = pool.map(_prepare, jobs, chunksize=4)
    print(f"prepared {len(done)} texts in {time.perf_counter() - started:.0f} s", flush=True)
    base, long = done[: len(texts)], done[len(texts) :]

    store = await open_store(str(path))
    rng = random.Random(11)
    typical = [
        i
        for i, (p, _) in enumerate(base)
        if TYPICAL_WORDS[0] <= p.article.word_count <= TYPICAL_WORDS[1]
    ]
    world = World(articles, [], [], [], [], [], [])
    # The long articles are the oldest ids, the rest are corpus texts stored over and over
    # (same text, distinct content hash and date), as many times as it takes.
    plan: list[tuple[PreparedArticle, tuple[str, ...], str]] = []
    for k, (prepared, default) in enumerate(long):
        plan.append((prepared, default, f"long{k}"))
    for i in range(articles - len(long)):
        prepared, default = base[i % len(base)]
        plan.append((prepared, default, str(i)))
    by_base = {j: [] for j in typical}
    cached_candidates = []
    started = time.perf_counter()
    for offset in range(0, len(plan), BATCH):
        article_rows, quote_rows, summary_rows = [], [], []
        for n, (prepared, default, tag) in enumerate(plan[offset : offset + BATCH]):
            article_id = offset + n + 1
            a = prepared.article
            added = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(1.7e9 + article_id * 60))
            article_rows.append(
                (
                    article_id, GUILD_ID, a.title, None, None, None, None, None, a.text,
                    a.language, None, added + ".000Z", f"{a.content_hash}:{tag}",
                    a.sentence_count, a.word_count, quote_engine.QUOTES_VERSION, None,
                )
            )  # fmt: skip
            for q in prepared.quotes:
                quote_rows.append(
                    (None, article_id, GUILD_ID, q.quote, q.speaker, q.speaker_role, q.cue,
                     q.start, q.end, q.confidence, q.speaker_affiliation)
                )  # fmt: skip
            preview = prepared.preview
            summary_rows.append(
                (article_id, preview.method, str(PREVIEW_SENTENCES), SUMMARY_VERSION,
                 *summary_values(preview), added)
            )  # fmt: skip
            if tag.startswith("long"):
                world.long_ids.append(article_id)
                world.long_chars.append(len(a.text))
                continue
            j = int(tag) % len(base)
            if j in by_base:
                by_base[j].append(article_id)
            cached_candidates.append((article_id, a, default))

        async def batches(rows=(article_rows, summary_rows, quote_rows)):
            for table, chunk in zip(("articles", "summaries", "quotations"), rows, strict=True):
                yield TABLE[table], chunk

        await store.load(batches())
    # the default summary (auto, 3 sentences) cached for some articles, as after earlier use
    chosen = rng.sample(cached_candidates, CACHED_ARTICLES)
    rows = []
    for article_id, a, default in chosen:
        s = Summary("auto", default, a.sentence_count)  # keywords do not matter for a lookup
        rows.append(
            (article_id, "auto", str(DEFAULT_SENTENCES), SUMMARY_VERSION, *summary_values(s),
             "2024-01-01T00:00:00.000Z")
        )  # fmt: skip

    async def cached_batch():
        yield TABLE["summaries"], rows

    await store.load(cached_batch())
    print(f"stored {articles:,} articles in {time.perf_counter() - started:.0f} s", flush=True)
    await store.close()
    cached = {r[0] for r in rows}
    world.cached_ids = sorted(cached)
    # interleave the copies of each typical text, so consecutive requests hit different texts
    pools = [[i for i in ids if i not in cached] for ids in by_base.values()]
    world.typical_ids = [
        ids[k] for k in range(max(map(len, pools))) for ids in pools if k < len(ids)
    ]
    world.titles = sorted({p.article.title for p, _ in base})
    speakers = [q.speaker for p, _ in base for q in p.quotes if q.speaker]
    world.speakers = sorted({s for s in speakers if len(s) <= limits.CHOICE_VALUE})
    world.quote_words = sorted(
        {w.lower() for p, _ in base for q in p.quotes for w in word_tokens(q.quote) if len(w) > 5}
    )
    return world


async def database(args: argparse.Namespace) -> tuple[Path, World]:
    cache = Path(args.cache or Path(tempfile.gettempdir()) / f"newsbot-bench-{args.articles}.db")
    meta = cache.with_suffix(".json")
    # Built by other engine versions, the bot would spend the run extracting every article's
    # quotations again (and summaries would miss the cache): build anew.
    versions = cache.with_suffix(".versions")
    built_by = f"quotes {quote_engine.QUOTES_VERSION}, summaries {SUMMARY_VERSION}"
    if not versions.exists() or versions.read_text() != built_by:
        meta.unlink(missing_ok=True)
    if not (cache.exists() and meta.exists()):
        # A build that failed leaves its WAL beside the file: SQLite would read it into the next.
        wal, shm = (cache.with_name(cache.name + suffix) for suffix in ("-wal", "-shm"))
        for stale in (cache, meta, wal, shm):
            stale.unlink(missing_ok=True)
        world = await build_database(cache, args.data, args.articles)
        meta.write_text(json.dumps(world.__dict__))
        versions.write_text(built_by)
    return cache, World(**json.loads(meta.read_text()))


# --- measuring ------------------------------------------------------------------------------


@dataclass
class Sample:
    first: float  # seconds from dispatch to the interaction callback
    done: float  # ... to the message with the result
    deferred: bool
    ok: bool
    note: str = ""


class Bench:
    def __init__(self, double: DiscordDouble, proc: BotProcess, world: World, guild, channel):
        self.double, self.proc, self.world = double, proc, world
        self.guild, self.channel = guild, channel
        self.members = [double.add_member(guild, f"reader{i}") for i in range(600)]
        self.turn = 0
        self.rng = random.Random(5)

    def member(self):
        """A different member each time: `/summary` and `/quote` allow 5 uses per 30 s each."""
        self.turn += 1
        return self.members[self.turn % len(self.members)]

    async def interact(self, command: str, options: dict[str, Any], timeout: float = 30) -> Sample:
        h = await self.double.invoke(command, options, user=self.member(), channel=self.channel)
        return await self.settle(h, f"/{command}", timeout)

    async def settle(self, h, what: str, timeout: float = 30) -> Sample:
        """Wait for the interaction's answer: its callback, and the followup when deferred."""

        def finished() -> bool:
            cb = h.callback
            return cb is not None and (cb.type != 5 or any(e.kind == "followup" for e in h.events))

        await self.double.wait_until(finished, timeout=timeout, what=what)
        cb = h.callback
        if cb.type == 5:
            event = next(e for e in h.events if e.kind == "followup")
            embeds, content = event.data.get("embeds"), event.data.get("content")
            return Sample(cb.at, event.at, True, bool(embeds), content or "")
        return Sample(cb.at, cb.at, False, bool(cb.embeds), cb.content or "")

    async def autocomplete(self, command: str, option: str, typed: str) -> Sample:
        choices = await self.double.autocomplete(
            command, option, typed, user=self.member(), channel=self.channel, timeout=30
        )
        h = next(h for h in reversed(self.double.interactions.values()) if h.type == 4)
        return Sample(h.callback.at, h.callback.at, False, choices is not None)

    # the request mixes

    def typed_title(self) -> str:
        roll = self.rng.random()
        if roll < 0.1:
            return ""
        if roll < 0.2:
            return str(self.rng.randint(1, self.world.articles))
        words = [w for w in word_tokens(self.rng.choice(self.world.titles)) if len(w) > 2]
        word = self.rng.choice(words or ["news"])
        return word[: self.rng.randint(1, len(word))]

    def typed_speaker(self) -> str:
        if self.rng.random() < 0.2:
            return ""
        name = self.rng.choice(self.world.speakers)
        start = self.rng.randint(0, max(0, len(name) - 3))
        return name[start : start + self.rng.randint(1, 6)]

    def quote_options(self) -> dict[str, Any]:
        roll = self.rng.random()
        if roll < 0.4:
            return {}
        if roll < 0.7:
            return {"speaker": self.rng.choice(self.world.speakers)}
        return {"search": self.rng.choice(self.world.quote_words)}


@dataclass
class Row:
    name: str
    samples: list[Sample]
    lag: float | None
    target: str = ""

    def cells(self) -> str:
        first = [s.first * 1000 for s in self.samples]
        done = [s.done * 1000 for s in self.samples]
        failed = sum(not s.ok for s in self.samples)
        lag = f"{self.lag:7.1f}" if self.lag is not None else "      ?"
        return (
            f"{self.name:<34}{len(self.samples):>5}{pct(first, 50):>9.1f}{pct(first, 99):>9.1f}"
            f"{pct(done, 50):>9.1f}{pct(done, 99):>9.1f}{lag}  {self.target}"
            + (f"  ({failed} failed)" if failed else "")
        )


HEADER = (
    f"{'request':<34}{'n':>5}{'first50':>9}{'first99':>9}{'done50':>9}{'done99':>9}"
    f"{'lag max':>7}  target (ms)"
)


def lag_since(output: str, start: int) -> float | None:
    """The worst loop lag the bot reported in its log after offset `start` (ms)."""
    found = [float(v) for v in LAG_LINE.findall(output[start:])]
    return max(found) if found else None


async def measure(bench: Bench, name: str, count: int, make: Callable, target: str = "") -> Row:
    start = len(bench.proc.output)
    samples = [await make() for _ in range(count)]
    await asyncio.sleep(1.2)  # let the bot report the window that holds the last request
    return Row(name, samples, lag_since(bench.proc.output, start), target)


async def request_rows(bench: Bench, n: int, suffix: str, fresh: list[int]) -> list[Row]:
    w = bench.world
    rows = [
        await measure(bench, f"/help{suffix}", n, lambda: bench.interact("help", {})),
        await measure(
            bench,
            f"autocomplete article{suffix}",
            n,
            lambda: bench.autocomplete("summary", "article", bench.typed_title()),
            "p99 <= 15",
        ),
        await measure(
            bench,
            f"autocomplete speaker{suffix}",
            n,
            lambda: bench.autocomplete("quote", "speaker", bench.typed_speaker()),
            "p99 <= 15",
        ),
        await measure(
            bench,
            f"/summary cached{suffix}",
            n,
            lambda: bench.interact("summary", {"article": str(bench.rng.choice(w.cached_ids))}),
            "p99 <= 20",
        ),
        await measure(
            bench,
            f"/summary not cached{suffix}",
            n,
            lambda: bench.interact("summary", {"article": str(fresh.pop())}),
            "first p99 <= 100",
        ),
        await measure(
            bench, f"/quote{suffix}", n, lambda: bench.interact("quote", bench.quote_options())
        ),
    ]
    return rows


async def long_rows(bench: Bench, repeats: int) -> list[Row]:
    """Each method on `repeats` different long articles, at the default length (not cached)."""
    rows = []
    for method in METHODS:
        start = len(bench.proc.output)
        samples = []
        for r in range(repeats):
            article = bench.world.long_ids[r % len(bench.world.long_ids)]
            samples.append(
                await bench.interact(
                    "summary",
                    {"article": str(article), "method": method, "sentences": DEFAULT_SENTENCES},
                )
            )
        await asyncio.sleep(1.2)
        rows.append(
            Row(
                f"100k chars: {method}",
                samples,
                lag_since(bench.proc.output, start),
                "<=500/<=2000",
            )
        )
    return rows


async def background_long(bench: Bench, stop: asyncio.Event, out: list[Sample]) -> None:
    """Another user summarising 100,000-character articles, one after another."""
    jobs = [
        (article, method, n)
        for n in range(DEFAULT_SENTENCES + 1, limits.MAX_SUMMARY_SENTENCES + 1)
        for article in bench.world.long_ids
        for method in METHODS
    ]
    for article, method, n in jobs:
        if stop.is_set():
            return
        out.append(
            await bench.interact(
                "summary", {"article": str(article), "method": method, "sentences": n}
            )
        )


# --- memory ---------------------------------------------------------------------------------


# --- main -----------------------------------------------------------------------------------


async def run(args: argparse.Namespace) -> None:
    cache, world = await database(args)
    workdir = Path(tempfile.mkdtemp(prefix="newsbot-bot-bench-"))
    double = DiscordDouble()
    await double.start()
    guild = double.add_guild("Bench News", id=GUILD_ID)
    channel = double.add_channel(guild, "news")
    env = {"LOG_LEVEL": "INFO", "NEWSBOT_LAG_REPORT_SECONDS": "1"}
    if args.workers:
        env["NEWSBOT_WORKERS"] = str(args.workers)
    proc = BotProcess(
        double, [sys.executable, "-m", "bot"], workdir=workdir, env=env, dev_guild=guild
    )
    shutil.copyfile(cache, proc.database)
    try:
        started = time.perf_counter()
        await proc.start(timeout=120)
        await proc.wait_for_output("engine workers ready", timeout=120)
        ready = time.perf_counter() - started
        await asyncio.sleep(2)
        bench = Bench(double, proc, world, guild, channel)
        pid = proc.proc.pid
        report = [
            f"{world.articles:,} articles in the guild; bot up and workers warm in {ready:.1f} s; "
            f"{args.requests} requests a row, one at a time",
            "load average (1, 5, 15 min): {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()),
            *memory_table(pid, "at start"),
            "",
            HEADER,
        ]
        print("\n".join(report), flush=True)
        fresh = list(reversed(world.typical_ids))
        rows = await request_rows(bench, args.requests, "", fresh)
        for row in rows:
            print(row.cells(), flush=True)
        long = await long_rows(bench, args.long_repeats)
        for row in long:
            print(row.cells(), flush=True)

        stop, background = asyncio.Event(), []
        task = asyncio.create_task(background_long(bench, stop, background))
        await asyncio.sleep(0.5)
        busy = await request_rows(bench, args.requests, " +100k", fresh)
        stop.set()
        await task
        busy.append(Row("(the other user's 100k /summary)", background, None, "<=500/<=2000"))
        for row in busy:
            print(row.cells(), flush=True)
        warnings = [line for line in proc.output.splitlines() if LAG_WARNING.search(line)]
        print(f"\nloop lag over the whole run: {len(warnings)} warnings over 50 ms", flush=True)
        for line in warnings:
            print("  " + line.split(": ", 1)[-1])
        print("load average (1, 5, 15 min): {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
        print("\n".join(memory_table(pid, "at the end")), flush=True)
        failures = [(r.name, s.note) for r in rows + long + busy for s in r.samples if not s.ok]
        for name, note in failures[:10]:
            print(f"failed: {name}: {note!r}")
    finally:
        await proc.stop(timeout=20)
        await double.stop()
        if args.keep_log:
            print(f"bot log: {proc.log_path}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", help="a JSONL file with text (e.g. cnndm-dev.jsonl)")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="requests per row")
    parser.add_argument("--long-repeats", type=int, default=3, help="100k summaries per method")
    parser.add_argument("--workers", type=int, help="NEWSBOT_WORKERS for the bot")
    parser.add_argument("--cache", help="where the built database is kept between runs")
    parser.add_argument("--keep-log", action="store_true", help="keep the bot's log")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
