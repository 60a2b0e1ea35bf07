"""Item 7: cooldowns answer with the wait; when Discord answers 429 with `retry_after`, the bot
waits that long and retries, without a burst of invalid requests."""

from __future__ import annotations

import itertools
import re

import pytest
from discord_double.models import walk_components

from bot import limits
from tests.samples import SCRAPED_ARTICLE

pytestmark = pytest.mark.asyncio(loop_scope="session")

CALLBACK = "/interactions/{interaction_id}/{token}/callback"
FOLLOWUP = "/webhooks/{application_id}/{token}"
EDIT = "/webhooks/{application_id}/{token}/messages/{message_id}"


def wait_in(message) -> int:
    found = re.fullmatch(r"Slow down: try again in (\d+) s\.", message.content)
    assert found and message.ephemeral, message.content
    return int(found[1])


async def test_cooldowns_answer_with_the_wait(world):
    d = world.double
    await world.seed(world.guild_a, None, SCRAPED_ARTICLE)
    for command, (uses, per) in (
        ("summary", limits.SUMMARY_COOLDOWN),
        ("quote", limits.QUOTE_COOLDOWN),
    ):
        user = d.add_member(world.guild_a, f"eager-{command}")
        for _ in range(uses):
            message = await (await d.invoke(command, {}, user=user)).wait_final()
            assert "Slow down" not in message.content
        assert 0 < wait_in(await (await d.invoke(command, {}, user=user)).wait_final()) <= per
        other = d.add_member(world.guild_a, f"patient-{command}")  # per member, not per server
        assert (
            "Slow down"
            not in (await (await d.invoke(command, {}, user=other)).wait_final()).content
        )

    uses, per = limits.ARTICLE_ADD_COOLDOWN  # per server: the form opens `uses` times a minute
    for _ in range(uses):
        assert (
            await (await world.invoke("article add", {}, user=world.admin_a)).wait_response()
        ).type == 9
    refused = await world.invoke("article add", {}, user=world.admin_a)
    assert 0 < wait_in(await refused.wait_final()) <= per
    elsewhere = await world.invoke("article add", {}, user=world.admin_b)  # another server
    assert (await elsewhere.wait_response()).type == 9


def spacing(requests) -> list[float]:
    return [b.at - a.at for a, b in itertools.pairwise(requests)]


async def test_429_makes_the_bot_wait_and_retry_without_a_burst(world):
    d = world.double
    article = await world.seed(world.guild_a, None, SCRAPED_ARTICLE)
    limited_before, requests_before = len(d.rate_limited), len(d.requests)

    # The initial response is rate limited twice: the bot waits retry_after each time and
    # still answers within the 3 s Discord allows.
    d.rate_limit("POST", CALLBACK, times=2, retry_after=0.4)
    handle = await world.invoke("help", {}, user=world.member_a)
    reply = await handle.wait_final()
    assert reply.embeds and not handle.rejected
    tries = [r for r in d.requests_to("POST", CALLBACK) if str(handle.id) in r.path]
    assert [r.status for r in tries] == [429, 429, 200]
    assert all(gap >= 0.38 for gap in spacing(tries)), spacing(tries)
    assert handle.callback.at < limits.INTERACTION_DEADLINE_S

    # A follow-up after a deferral (a summary not yet computed), and a global limit on the
    # edit that a button press makes.
    d.rate_limit("POST", FOLLOWUP, times=1, retry_after=0.3)
    summary = await world.invoke(
        "summary", {"article": str(article), "sentences": 4, "method": "luhn"}, user=world.admin_a
    )
    shown = await summary.wait_final(timeout=10)
    assert shown.embeds and summary.callback.type == 5
    posts = [r for r in d.requests_to("POST", FOLLOWUP) if summary.token in r.path]
    assert [r.status for r in posts] == [429, 200] and spacing(posts)[0] >= 0.28

    d.rate_limit("PATCH", EDIT, times=1, retry_after=0.3, is_global=True)
    longer = next(
        c["custom_id"] for c in walk_components(shown.components) if c.get("label") == "Longer"
    )
    click = await d.click(summary, longer)
    edited = await click.wait_final(timeout=10)
    assert len(edited.embeds[0]["description"].splitlines()) == 5
    edits = [r for r in d.requests_to("PATCH", EDIT) if click.token in r.path]
    assert [r.status for r in edits] == [429, 200] and spacing(edits)[0] >= 0.28

    # Exactly the 429s we asked for: no request was repeated early, none was refused otherwise.
    assert len(d.rate_limited) - limited_before == 4
    refused = [r for r in d.requests[requests_before:] if r.status >= 400 and r.status != 429]
    assert refused == []
