"""`newsbot db copy` end to end: a SQLite database filled with `newsbot add` is copied into a
new PostgreSQL database, and the bot, started on PostgreSQL, serves the same articles under
the same ids (summaries, the list, search, quotations), then keeps numbering after them.

Skipped, with the reason, when `NEWSBOT_TEST_POSTGRES` is not set.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import BOT_ENV
from tests.e2e.newsroom import ADMIN
from tests.e2e.postgres_db import POSTGRES_ENV, SKIP_REASON, fetch, fresh_database
from tests.samples import SCRAPED_ARTICLE
from tests.samples_quotes import COUNCIL_ARTICLE

pytestmark = pytest.mark.skipif(not os.environ.get(POSTGRES_ENV, "").strip(), reason=SKIP_REASON)

FERRY_PAGE = """<!doctype html><html lang="en"><head><title>Ferry strike ends | Harbour Times</title>
</head><body><nav>Home | News | Sport</nav><article><h1>Ferry strike ends after three weeks</h1>
<p>The ferry workers' strike in Port Calder ended on Friday after the union accepted a new pay
offer. Services will resume on Monday morning, the operator said.</p>
<p>The three-week strike stranded thousands of commuters and cost local shops an estimated
$2 million. Union leader Tomas Hale called the deal fair but hard won.</p></article>
<footer>Copyright Harbour Times</footer></body></html>"""

LIBRARY_TEXT = """The old customs house on Quay Street opened as the city's library on Tuesday. More \
than four thousand people visited on the first day. Architects kept the original timber roof and \
the long counting hall, which now holds the reading room. The basement vaults store the city \
archive at a steady temperature."""


async def newsbot(database: str, *args: str) -> tuple[int, str, str]:
    """`newsbot ARGS` as a user runs it, on `database`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSBOT_", "DISCORD_"))}
    env["NEWSBOT_DATABASE"] = database
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    return proc.returncode or 0, out.decode(), err.decode()


def write(directory: Path, name: str, text: str) -> str:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return str(path)


async def test_a_copied_sqlite_database_is_served_from_postgresql(
    discord_double, bot_process, tmp_path
):
    d = discord_double
    guild = d.add_guild("Harbour News")
    d.add_channel(guild, "news")
    member = d.add_member(guild, "bob")
    admin = d.add_member(guild, "ada", permissions=ADMIN)

    # The old deployment: SQLite, filled from the command line.
    sqlite = str(tmp_path / "newsbot.db")
    files = [
        write(tmp_path, "bridge.txt", SCRAPED_ARTICLE),
        write(tmp_path, "council.md", COUNCIL_ARTICLE),
        write(tmp_path, "ferry.html", FERRY_PAGE),
    ]
    code, out, err = await newsbot(sqlite, "add", *files, "--guild", str(guild.id))
    assert code == 0, err
    added = [line.split("\t") for line in out.splitlines()]
    assert [verb for verb, _, _ in added] == ["added"] * 3
    ids = {title: int(article_id) for _, article_id, title in added}
    assert set(ids) == {
        "Harbour bridge reopens after two-year repair",
        "Port Calder council approves harbour budget",
        "Ferry strike ends after three weeks",
    }

    async with fresh_database("newsbot_copy") as postgres:
        code, out, err = await newsbot(sqlite, "db", "copy", sqlite, postgres)
        assert code == 0, err
        copied = dict(line.split("\t") for line in out.splitlines())
        assert copied["articles"] == "3"
        rows = await fetch(postgres, "SELECT id, title FROM articles WHERE guild_id = $1", guild.id)
        assert {r["title"]: r["id"] for r in rows} == ids

        # The new deployment: the bot on PostgreSQL, nothing else changed.
        process = bot_process(dev_guild=guild, env={**BOT_ENV, "NEWSBOT_DATABASE": postgres})
        await process.start()
        try:
            await process.wait_for_output("ready as", timeout=30)
            d.app_commands[None] = list(d.commands(guild))

            for title, article_id in ids.items():
                handle = await d.invoke("summary", {"article": str(article_id)}, user=member)
                embed = (await handle.wait_final(timeout=15)).embeds[0]
                assert embed["title"] == title
                assert embed["footer"]["text"].endswith(f"#{article_id}")
                assert embed["description"].startswith("• ")

            listed = await d.invoke("article list", {}, user=member)
            listing = (await listed.wait_final()).embeds[0]
            assert listing["footer"]["text"].endswith("3 articles")
            for title, article_id in ids.items():
                assert f"#{article_id}" in listing["description"]
                assert title in listing["description"]

            found = await d.invoke("article search", {"query": "strike"}, user=member)
            assert "Ferry strike ends" in (await found.wait_final()).embeds[0]["description"]

            council = ids["Port Calder council approves harbour budget"]
            quoted = await d.invoke(
                "quote", {"article": str(council), "speaker": "Omar Reyes"}, user=member
            )
            quote = (await quoted.wait_final(timeout=15)).embeds[0]
            assert quote["author"]["name"].startswith("— Omar Reyes")

            # New articles are numbered after the copied ones.
            file = d.attachment("library.txt", LIBRARY_TEXT.encode(), content_type="text/plain")
            handle = await d.invoke("article add", {}, user=admin, attachments={"file": file})
            reply = (await handle.wait_final(timeout=15)).content
            assert reply == f"Added article #{max(ids.values()) + 1}."
        finally:
            await process.stop()
        assert "Traceback" not in process.output, process.output[-3000:]
