"""Scale benchmark: ingest and `/summary` throughput of one bot process and of two (shards 0 and
1 of 2, one process each), on one PostgreSQL database, against the loopback Discord double.

Run by hand (not a test), from the project root, with PostgreSQL running:

    python benchmarks/scale.py [../shared/eval/cnndm-dev.jsonl] [--guilds 60] [--per-guild 5]
        [--summaries 600] [--concurrency 16] [--workers N] [--postgres postgresql://…]

For each configuration the bot processes start on a new, empty database (created on the
`--postgres` server, default `NEWSBOT_TEST_POSTGRES`, and dropped afterwards); `--guilds`
servers are spread evenly over the two shards. Both configurations run the same two shards:
"1 process" is `NEWSBOT_SHARD_IDS=0-1` in one process, "2 processes" is `0` and `1`.

* ingest: every guild's admin adds `--per-guild` articles from the corpus with `/article add`
  and a .txt attachment (the bot downloads it, prepares it in its engine pool: cleaning,
  sentences, quotations, preview; and stores it), `--concurrency` interactions in flight;
* summaries: `--summaries` `/summary` requests for those articles, each one not cached (a
  different article or length), by different members, `--concurrency` in flight.

Throughput is completed interactions per second of wall time, from the first dispatch to the
last reply, measured on the double's side; latency is dispatch to the reply with the result.
Where the CPU went during each phase comes from /proc: the bots' event-loop processes, their
engine workers, the double (this process), PostgreSQL's processes, and how busy the whole
machine was (other work on it included).
`--workers` is NEWSBOT_WORKERS per process; by default the cores are shared out, so both
configurations run as many engine processes in total as the machine has cores. The double,
PostgreSQL and the bots share the machine: on a small one they compete for the same cores.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import random
import re
import shutil
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import asyncpg  # noqa: E402
import discord  # noqa: E402

from benchmarks.measure import CpuMeter  # noqa: E402
from tests.discord_double import BotProcess, DiscordDouble  # noqa: E402
from tests.discord_double.gateway import shard_for  # noqa: E402
from tests.discord_double.models import snowflake  # noqa: E402

SHARDS = 2
ADMIN = discord.Permissions(manage_guild=True)
DEFAULT_CORPUS = ROOT.parent / "shared" / "eval" / "cnndm-dev.jsonl"
ADDED = re.compile(r"Added article #(\d+)\.")


# --- the world ----------------------------------------------------------------------------------


def guild_on_shard(double: DiscordDouble, name: str, shard: int):
    gid = snowflake()
    gid += ((shard - shard_for(gid, SHARDS)) % SHARDS) << 22
    return double.add_guild(name, id=gid)


@dataclass
class Room:
    shard: int
    guild: Any
    channel: Any
    admin: Any
    article_ids: list[int] = field(default_factory=list)


@dataclass
class Sample:
    latency: float  # seconds, dispatch to the reply with the result
    ok: bool
    process: str
    note: str = ""


def corpus(path: Path, count: int) -> list[str]:
    texts = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            text = json.loads(line).get("text", "")
            if 1_500 <= len(text) <= 12_000:
                texts.append(text)
            if len(texts) == count:
                break
    if len(texts) < count:
        raise SystemExit(f"{path}: only {len(texts)} usable texts, {count} needed")
    return texts


@contextlib.asynccontextmanager
async def fresh_database(server: str) -> AsyncIterator[str]:
    name = f"newsbot_scale_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(server)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


# --- one configuration -----------------------------------------------------------------------


class Cluster:
    """The double, the rooms and the bot processes of one configuration."""

    def __init__(self, args: argparse.Namespace, processes: int, database: str) -> None:
        self.args, self.processes, self.database = args, processes, database
        self.double = DiscordDouble()
        self.procs: list[BotProcess] = []
        self.names: dict[int, str] = {}  # id(session) -> process name
        self.rooms: list[Room] = []
        self.workdir = Path(tempfile.mkdtemp(prefix="newsbot-scale-"))

    @property
    def workers(self) -> int:
        return self.args.workers or max(1, (os.cpu_count() or 1) // self.processes)

    async def start(self) -> None:
        d = self.double
        await d.start()
        home = guild_on_shard(d, "Home", 0)
        for n in range(self.args.guilds):
            shard = n % SHARDS
            guild = guild_on_shard(d, f"Paper {n}", shard)
            room = Room(
                shard,
                guild,
                d.add_channel(guild, "news"),
                d.add_member(guild, "editor", permissions=ADMIN),
            )
            self.rooms.append(room)
        env = {
            "LOG_LEVEL": "INFO",
            "NEWSBOT_DATABASE": self.database,
            "NEWSBOT_WORKERS": str(self.workers),
            "NEWSBOT_SHARD_COUNT": str(SHARDS),
            "NEWSBOT_DEV_GUILD": str(home.id),
        }
        shard_ids = ["0-1"] if self.processes == 1 else [str(s) for s in range(SHARDS)]
        for n, ids in enumerate(shard_ids):
            proc = BotProcess(
                d,
                [sys.executable, "-m", "bot"],
                workdir=self.workdir / f"bot{n}",
                env={**env, "NEWSBOT_SHARD_IDS": ids},
                dev_guild=home if n == 0 else None,
            )
            before = len(d.sessions)
            await proc.start(timeout=120)
            await proc.wait_for_output("ready as", timeout=120)
            await proc.wait_for_output("engine workers ready", timeout=120)
            for session in d.sessions[before:]:
                self.names[id(session)] = f"process {n} (shards {ids})"
            self.procs.append(proc)
        d.app_commands[None] = list(d.commands(home))

    async def stop(self) -> None:
        for proc in self.procs:
            await proc.stop(timeout=20)
        await self.double.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def meter(self) -> CpuMeter:
        return CpuMeter([p.proc.pid for p in self.procs if p.proc is not None])

    def receiver(self, handle) -> str:
        for session in self.double.sessions:
            for frame in session.frames:
                if frame.get("t") == "INTERACTION_CREATE" and int(frame["d"]["id"]) == handle.id:
                    return self.names.get(id(session), "?")
        return "?"

    async def interact(self, command: str, options: dict, *, user, channel, **kw) -> Sample:
        started = time.perf_counter()
        h = await self.double.invoke(command, options, user=user, channel=channel, **kw)

        def finished() -> bool:
            cb = h.callback
            return cb is not None and (cb.type != 5 or any(e.kind == "followup" for e in h.events))

        try:
            await self.double.wait_until(finished, timeout=120, what=f"/{command}")
        except TimeoutError:
            return Sample(time.perf_counter() - started, False, self.receiver(h), "timeout")
        latency = time.perf_counter() - started
        cb = h.callback
        if cb.type == 5:
            data = next(e for e in h.events if e.kind == "followup").data or {}
        else:
            data = {"content": cb.content, "embeds": cb.embeds}
        content = data.get("content") or ""
        ok = bool(data.get("embeds")) and not h.rejected
        return Sample(latency, ok, self.receiver(h), content)


# --- CPU accounting ---------------------------------------------------------------------------


async def in_parallel(jobs: list[Callable[[], Awaitable[Sample]]], concurrency: int):
    """Run the jobs `concurrency` at a time; (samples, wall seconds)."""
    gate = asyncio.Semaphore(concurrency)

    async def one(job):
        async with gate:
            return await job()

    started = time.perf_counter()
    samples = await asyncio.gather(*(one(j) for j in jobs))
    return list(samples), time.perf_counter() - started


@dataclass
class Phase:
    name: str
    samples: list[Sample]
    wall: float
    cpu: dict[str, float] = field(default_factory=dict)

    def cpu_line(self) -> str:
        c = self.cpu
        cores = os.cpu_count() or 1
        per = 1000 / max(1, self.done)
        ours = sum(c[k] for k in ("loops", "engines", "double", "pg"))
        return (
            f"CPU ms per request: bot loops {c['loops'] * per:.0f}, engines "
            f"{c['engines'] * per:.0f}, double {c['double'] * per:.0f}, PostgreSQL "
            f"{c['pg'] * per:.0f}; these used {ours / self.wall:.2f} cores, the machine was "
            f"{100 * c['busy'] / c['total']:.0f}% busy ({cores} cores)"
        )

    @property
    def done(self) -> int:
        return sum(s.ok for s in self.samples)

    @property
    def rate(self) -> float:
        return self.done / self.wall

    def pct(self, p: float) -> float:
        ordered = sorted(s.latency for s in self.samples if s.ok) or [math.nan]
        return 1000 * ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]

    def spread(self) -> str:
        counts = Counter(s.process for s in self.samples)
        return ", ".join(f"{name}: {n}" for name, n in sorted(counts.items()))


async def ingest(cluster: Cluster, texts: list[str]) -> Phase:
    jobs = []
    per_guild = cluster.args.per_guild
    for r, room in enumerate(cluster.rooms):
        for i in range(per_guild):
            text = texts[r * per_guild + i]

            async def add(room=room, text=text, name=f"story{i}.txt") -> Sample:
                file = cluster.double.attachment(name, text.encode(), content_type="text/plain")
                sample = await cluster.interact(
                    "article add",
                    {},
                    user=room.admin,
                    channel=room.channel,
                    attachments={"file": file},
                )
                if found := ADDED.search(sample.note):
                    room.article_ids.append(int(found[1]))
                else:
                    sample.ok = False
                return sample

            jobs.append(add)
    random.Random(1).shuffle(jobs)
    meter = cluster.meter()
    meter.start()
    samples, wall = await in_parallel(jobs, cluster.args.concurrency)
    return Phase("ingest (/article add)", samples, wall, meter.stop())


async def summaries(cluster: Cluster) -> Phase:
    pairs = [(room, a) for room in cluster.rooms for a in room.article_ids]
    requests = []
    for n in range(cluster.args.summaries):
        room, article = pairs[n % len(pairs)]
        sentences = 4 + n // len(pairs)  # another length each round: never cached
        requests.append((room, article, sentences))
    random.Random(2).shuffle(requests)
    jobs = []
    for n, (room, article, sentences) in enumerate(requests):
        member = cluster.double.add_member(room.guild, f"reader{n}")  # cooldowns are per user

        async def ask(room=room, article=article, sentences=sentences, member=member) -> Sample:
            return await cluster.interact(
                "summary",
                {"article": str(article), "sentences": sentences},
                user=member,
                channel=room.channel,
            )

        jobs.append(ask)
    meter = cluster.meter()
    meter.start()
    samples, wall = await in_parallel(jobs, cluster.args.concurrency)
    return Phase("/summary (not cached)", samples, wall, meter.stop())


async def run_config(args: argparse.Namespace, processes: int, texts: list[str]) -> list[Phase]:
    async with fresh_database(args.postgres) as database:
        cluster = Cluster(args, processes, database)
        try:
            await cluster.start()
            await asyncio.sleep(1)
            phases = [await ingest(cluster, texts)]
            phases.append(await summaries(cluster))
            load = os.getloadavg()[0]
        finally:
            await cluster.stop()
        label = f"{processes} process{'es' if processes > 1 else ''} x {cluster.workers} workers"
        for phase in phases:
            failed = [s.note for s in phase.samples if not s.ok]
            print(
                f"  {label}: {phase.name}: {phase.done}/{len(phase.samples)} in "
                f"{phase.wall:.1f} s; served by {phase.spread()}"
                + (f"; {len(failed)} failed, e.g. {failed[0][:100]!r}" if failed else ""),
                flush=True,
            )
            print(f"    {phase.cpu_line()}", flush=True)
        print(f"  load average (1 min) at the end: {load:.1f}", flush=True)
        return phases


async def run(args: argparse.Namespace) -> None:
    needed = args.guilds * args.per_guild
    texts = corpus(Path(args.data), needed)
    print(
        f"{os.cpu_count()} cores; {args.guilds} guilds over {SHARDS} shards; "
        f"{needed} articles ingested, {args.summaries} summaries; "
        f"{args.concurrency} interactions in flight; PostgreSQL {urlsplit(args.postgres).netloc}",
        flush=True,
    )
    results = {}
    for processes in (1, 2):
        results[processes] = await run_config(args, processes, texts)
    one, two = results[1], results[2]
    print()
    print(
        f"{'phase':<24}{'1 proc/s':>10}{'2 procs/s':>11}{'x':>7}"
        f"{'p50 ms 1/2':>16}{'p99 ms 1/2':>18}"
    )
    for a, b in zip(one, two, strict=True):
        print(
            f"{a.name:<24}{a.rate:>10.1f}{b.rate:>11.1f}{b.rate / a.rate:>7.2f}"
            f"{a.pct(50):>8.0f}/{b.pct(50):<7.0f}{a.pct(99):>9.0f}/{b.pct(99):<8.0f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "data", nargs="?", default=str(DEFAULT_CORPUS), help="JSONL with a 'text' per line"
    )
    parser.add_argument("--guilds", type=int, default=60, help="servers, spread over 2 shards")
    parser.add_argument(
        "--per-guild", type=int, default=5, help="articles added per server (the bot allows 10/min)"
    )
    parser.add_argument("--summaries", type=int, default=600, help="/summary requests")
    parser.add_argument("--concurrency", type=int, default=16, help="interactions in flight")
    parser.add_argument("--workers", type=int, help="NEWSBOT_WORKERS per process")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("NEWSBOT_TEST_POSTGRES")
        or "postgresql://postgres@127.0.0.1:5432/postgres",
        help="a PostgreSQL server URL (a database is created and dropped on it)",
    )
    args = parser.parse_args()
    if args.per_guild > 10:
        parser.error("--per-guild: /article add allows 10 per server per minute")
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
