"""Item 12: the gateway drops the connection, invalidates the session, asks for a reconnect or
stops acknowledging heartbeats: the bot resumes or identifies again and keeps answering, and no
interaction is answered twice (also one dispatched just before the connection died)."""

from __future__ import annotations

import asyncio

from tests.e2e.newsroom import start
from tests.reliability.conftest import bot_env
from tests.samples import SCRAPED_ARTICLE

ALREADY_ACKNOWLEDGED = 40060


async def test_the_bot_survives_gateway_faults_and_answers_each_interaction_once(room):
    d, proc = room.double, room.process
    d.heartbeat_interval = 0.5  # sent in HELLO: beats every half second
    proc.extra_env.update(  # test hooks (tests/reliability/_site): a zombie after 2 s of
        bot_env(NEWSBOT_TEST_HEARTBEAT_TIMEOUT="2", NEWSBOT_TEST_IDENTIFY_PAUSE="0.5")
    )  # silence, and half a second (not 5) before identifying again
    await room.seed(room.guild_a, None, SCRAPED_ARTICLE)
    await start(room)
    handles = []
    resumes = [d.resumes]
    users = iter([d.add_member(room.guild_a, f"reader{i}") for i in range(20)])

    async def resumed(more: int, what: str) -> None:
        target = resumes[0] + more
        await d.wait_until(lambda: d.resumes >= target, timeout=15, what=what)
        resumes[0] = d.resumes

    async def ask(command: str = "summary", options: dict | None = None):
        handle = await room.double.invoke(command, options or {}, user=next(users))
        handles.append(handle)
        await handle.wait_final(timeout=15)
        return handle

    await ask()
    # A clean drop (code 4000): interactions sent meanwhile are replayed on RESUME.
    await d.drop_connection()
    waiting = asyncio.create_task(ask("summary", {"sentences": 2}))
    await resumed(1, what="resume after a drop")
    await waiting
    # An abrupt drop right after an interaction went out: answered exactly once either way.
    racing = asyncio.create_task(ask("summary", {"sentences": 4}))
    await asyncio.sleep(0)
    await d.drop_connection(abrupt=True)
    await resumed(1, what="resume after an abrupt drop")
    await racing
    # RECONNECT (op 7), and a resumable INVALID_SESSION.
    await d.request_reconnect()
    await resumed(1, what="resume after op 7")
    await ask("help")
    await d.invalidate_session(resumable=True)
    await resumed(1, what="resume after op 9 (true)")
    await ask("article list")
    # Heartbeats no longer acknowledged: the bot gives up on the zombie connection, resumes.
    d.ack_heartbeats = False  # (discord.py notices in poll_event's receive timeout, or the
    await resumed(1, what="resume after silence")  # keep-alive thread's check: either resumes)
    d.ack_heartbeats = True
    await ask("quote")
    # A session Discord will not resume: the bot identifies again (after discord.py's pause).
    identifies = d.identifies
    await d.invalidate_session(resumable=False)
    await d.wait_until(lambda: d.identifies > identifies, timeout=20, what="a new IDENTIFY")
    await asyncio.sleep(0.2)  # READY and GUILD_CREATE
    await ask("summary", {"sentences": 1})

    assert proc.running
    assert len(handles) == 7
    for handle in handles:
        callbacks = [e for e in handle.events if e.kind == "callback"]
        assert len(callbacks) == 1, handle
        assert not handle.rejected, handle.rejected
        followups = [e for e in handle.events if e.kind == "followup"]
        assert len(followups) <= 1, handle  # at most the one that fills a deferral
    twice = [
        r
        for r in d.requests
        if isinstance(r.response, dict) and r.response.get("code") == ALREADY_ACKNOWLEDGED
    ]
    assert twice == []
