"""Item 13: 200 `/summary` interactions over 10 seconds, from 40 members of 5 servers: every
one answered (deferred or answered within Discord's 3 s), nothing answered late, twice, from
another server, or lost.

40 members ask 5 times each: exactly the `/summary` cooldown (5 per 30 s), so every request is
a real summary and none is turned away; over-limit requests are covered by test_rate_limits.
"""

from __future__ import annotations

import asyncio
import itertools

from bot import limits
from tests.e2e.newsroom import start
from tests.samples import SCRAPED_ARTICLE, long_article

REQUESTS = 200
SPREAD_S = 10.0
SERVERS = 5
MEMBERS_PER_SERVER = 8
METHODS = ("auto", "lead", "luhn", "sumbasic", "lsa", "edmundson", "lexrank")


def story(server: int, n: int) -> str:
    """Articles that differ per server in their words (identity ignores digits)."""
    town = ["Calder", "Brisk", "Morrow", "Tamsin", "Ulla"][server]
    body = SCRAPED_ARTICLE if n == 0 else long_article(40)
    return body.replace("Port Calder", f"Port {town}").replace("harbour", f"{town} harbour")


async def test_200_concurrent_summaries_are_all_answered_in_time(room):
    d = room.double
    guilds = [room.guild_a, room.guild_b] + [d.add_guild(f"Load {i}") for i in range(3)]
    for guild in guilds[2:]:
        d.add_channel(guild)
    articles = {}
    for s, guild in enumerate(guilds):
        for n in range(2):
            article_id = await room.seed(guild, f"{guild.name} story {n}", story(s, n))
            articles[article_id] = guild
    members = [
        d.add_member(guild, f"{guild.name}-reader{m}")
        for guild in guilds
        for m in range(MEMBERS_PER_SERVER)
    ]
    await start(room)
    per_guild = {g.id: [a for a, owner in articles.items() if owner is g] for g in guilds}

    async def ask(i: int, member):
        await asyncio.sleep(i * SPREAD_S / REQUESTS)
        options = {
            "article": str(per_guild[member.guild.id][i % 2]),
            "sentences": 1 + i % limits.MAX_SUMMARY_SENTENCES,
            "method": METHODS[i % len(METHODS)],
        }
        return await d.invoke("summary", options, user=member)

    cycle = itertools.cycle(members)
    handles = await asyncio.gather(*(ask(i, next(cycle)) for i in range(REQUESTS)))
    finals = await asyncio.gather(*(h.wait_final(timeout=60, settle=0.05) for h in handles))

    assert len(finals) == REQUESTS
    late = [(h.callback.type, round(h.callback.at, 2)) for h in handles if h.callback.at >= 3]
    assert late == [], late  # every first answer (a reply or a deferral) inside 3 s
    assert [h.rejected for h in handles if h.rejected] == []
    for handle, message in zip(handles, finals, strict=True):
        callbacks = [e for e in handle.events if e.kind == "callback"]
        assert len(callbacks) == 1 and handle.callback.type in (4, 5)
        assert not message.ephemeral and message.embeds, message.content
        article_id = int(handle.payload["data"]["options"][0]["value"])
        assert message.embeds[0]["footer"]["text"].endswith(f"#{article_id}")
        assert articles[article_id].id == handle.guild_id  # its own server's article
        wanted = handle.payload["data"]["options"][1]["value"]
        assert len(message.embeds[0]["description"].splitlines()) <= wanted
    slowest = max(h.events[-1].at for h in handles)
    assert slowest < 30, slowest  # deferred answers do come, and not minutes later
    assert room.process.running
