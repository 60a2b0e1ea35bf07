"""Item 10: the bot's token appears nowhere but in the Authorization header and the gateway
IDENTIFY/RESUME: not in any reply, request, URL, log line (at DEBUG) or the database. Starting
without a token, or with one Discord refuses, fails fast with a clear message.

(Every other test of this suite also runs with `SECRET_TOKEN` and is searched at teardown.)"""

from __future__ import annotations

import asyncio
import os
import sys

import pytest
from discord_double.models import walk_components

from bot.store import open_store
from tests.reliability.conftest import bot_env, bot_files
from tests.reliability.reliability_checks import (
    SECRET_TOKEN,
    fill_options,
    leaf_commands,
    secret_leaks,
)
from tests.samples import SCRAPED_ARTICLE


@pytest.mark.asyncio(loop_scope="session")
async def test_the_token_shows_up_nowhere_whatever_the_bot_does(world):
    d, proc = world.double, world.process
    article = await world.seed(world.guild_a, None, SCRAPED_ARTICLE)
    store = await open_store(world.database)
    try:
        feed, _ = await store.add_feed(
            world.guild_a.id, world.channel_a.id, "http://127.0.0.1:9/f", 60
        )
    finally:
        await store.close()
    values = {
        "article": str(article),
        "feed": str(feed.id),
        "url": "http://127.0.0.1:9/story.html",  # refused by the fetcher's guard, offline
        "channel": world.channel_a,
        "file": d.attachment("story.txt", SCRAPED_ARTICLE.encode(), content_type="text/plain"),
        "query": "bridge",
        "search": "rebuilt",
    }
    commands = leaf_commands(d.commands())
    assert len(commands) >= 10
    handles = []
    for i, (name, _, schema, _) in enumerate(commands):  # every command: as admin, as member,
        options = fill_options(schema, values)  # and with an id that does not exist
        admin = d.add_member(
            world.guild_a, f"boss{i}", permissions=world.admin_a.roles[0].permissions
        )
        handles.append(await d.invoke(name, options, user=admin))
        handles.append(await d.invoke(name, options, user=world.member_a, check_permissions=False))
        if "article" in options:
            handles.append(await d.invoke(name, {**options, "article": "999999"}, user=admin))
    chat = d.post_message(world.channel_a, SCRAPED_ARTICLE, author=world.member_a)
    handles.append(await d.context_menu("Summarize", user=world.member_a, message=chat))
    for handle in handles:
        await handle.wait_response(timeout=15)
        if handle.callback.type in (4, 5):
            await handle.wait_final(timeout=15)
    failures = [
        (h.payload["data"]["name"], m.content)
        for h in handles
        for m in h.messages()
        if "Something went wrong" in (m.content or "")
    ]
    assert failures == []  # every command, every path: answered, none failed unexpectedly
    summary = next(h for h in handles if h.callback.type in (4, 5) and h.original.components)
    button = next(
        c["custom_id"]
        for c in walk_components(summary.original.components)
        if "custom_id" in c and not c.get("disabled")
    )
    await (await d.click(summary, button)).wait_response()

    resumes = d.resumes  # a gateway reconnect: RESUME carries the token, nothing else may
    await d.drop_connection()
    await d.wait_until(lambda: d.resumes > resumes, timeout=15, what="resume")
    await (await world.invoke("help", {}, user=world.member_a)).wait_final()

    authorized = [r for r in d.requests if r.headers.get("Authorization") == f"Bot {SECRET_TOKEN}"]
    assert authorized, "the bot never used the token: the search below proves nothing"
    leaks = secret_leaks(d, [proc.output], bot_files(proc))
    assert leaks == []
    assert "DEBUG" in proc.output  # the search covered the most detailed logs


async def run_bot(tmp_path, env: dict[str, str], timeout: float = 30) -> tuple[int, str, float]:
    """`python -m bot` in an empty directory (no .env); exit code, output, seconds taken."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot",
        cwd=tmp_path, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    output, _ = await asyncio.wait_for(child.communicate(), timeout)
    return child.returncode, output.decode(errors="replace"), loop.time() - started


async def test_without_a_token_or_with_a_refused_one_the_bot_stops_with_a_clear_message(
    tmp_path, discord_double
):
    base = {**os.environ, **bot_env()}
    for key in ("DISCORD_TOKEN", "NEWSBOT_DEV_GUILD"):
        base.pop(key, None)
    base["NEWSBOT_DATABASE"] = str(tmp_path / "db.sqlite3")
    wrong = SECRET_TOKEN[::-1]
    pointed = {
        "DISCORD_API_BASE": discord_double.api_base,
        "DISCORD_GATEWAY_URL": discord_double.gateway_url,
    }
    (tmp_path / "none").mkdir()
    (tmp_path / "blank").mkdir()
    (tmp_path / "wrong").mkdir()
    missing, blank, refused = await asyncio.gather(
        run_bot(tmp_path / "none", base),
        run_bot(tmp_path / "blank", {**base, "DISCORD_TOKEN": "   "}),
        run_bot(tmp_path / "wrong", {**base, **pointed, "DISCORD_TOKEN": wrong}),
    )
    for code, output, seconds in (missing, blank):
        assert code == 2, output
        assert "DISCORD_TOKEN" in output and "Developer Portal" in output
        assert "Traceback" not in output
        assert seconds < 20
    code, output, seconds = refused
    assert code == 2, output
    assert "Discord refused the token in DISCORD_TOKEN" in output
    assert wrong not in output and wrong.split(".")[-1] not in output
    assert "Traceback" not in output
    assert seconds < 20
