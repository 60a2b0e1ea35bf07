"""Item 11: an unexpected exception inside a command (here: a database someone damaged, a
table dropped under the running bot) gets a friendly private reply with an error id and exactly
one log record with the traceback; the bot goes on serving."""

from __future__ import annotations

import re
import sqlite3

from discord_double.models import walk_components

from tests.e2e.newsroom import start
from tests.samples import SCRAPED_ARTICLE

FRIENDLY = re.compile(
    r"Something went wrong on my side \(error id `([0-9a-f]{8})`\)\. Please try again later\."
)


def error_id(message) -> str:
    assert message.ephemeral, message.content
    found = FRIENDLY.fullmatch(message.content)
    assert found, message.content
    return found[1]


def drop(database: str, *tables: str) -> None:
    with sqlite3.connect(database) as conn:
        for table in tables:
            conn.execute(f"DROP TABLE {table}")


def logged_once(log: str, error: str, command: str, cause: str) -> None:
    records = [line for line in log.splitlines() if f"error {error}" in line]
    assert records == [records[0]] and records[0].endswith(
        f"ERROR bot.ui.errors: error {error} in {command}"
    ), records
    after = log.split(records[0], 1)[1].lstrip("\n").splitlines()
    assert after[0] == "Traceback (most recent call last):", after[:3]
    assert cause in "\n".join(after[:80])


async def test_an_unexpected_failure_gets_an_error_id_and_one_traceback(room):
    await room.seed(room.guild_a, None, SCRAPED_ARTICLE)
    await start(room)
    d, proc = room.double, room.process
    shown = await room.invoke("summary", {"sentences": 3}, user=room.member_a)
    view = await shown.wait_final()

    drop(room.database, "quotations_fts")
    failed = await room.invoke("quote", {"search": "rebuilt"}, user=room.member_a)
    first = error_id(await failed.wait_final())
    assert "sqlite" not in repr(failed.messages()[0].versions).lower()  # no internals shown

    ok = await room.invoke("summary", {"sentences": 2}, user=room.admin_a)  # still serving
    assert (await ok.wait_final()).embeds

    drop(room.database, "summaries")  # a button's callback fails the same way
    longer = next(
        c["custom_id"] for c in walk_components(view.components) if c.get("label") == "Longer"
    )
    click = await d.click(shown, longer)
    await click.wait_followup()
    second = error_id(click.followups[-1] if click.followups else click.original)

    form = await room.invoke("article add", {}, user=room.admin_a)  # and a form's submission
    await form.wait_response()
    fields = {
        c["custom_id"]: (
            "The council met. It approved the plan. " * 3 if c.get("style") == 2 else ""
        )
        for c in walk_components(form.modal["components"])
        if c.get("type") == 4
    }
    submitted = await d.submit_modal(form, fields)
    third = error_id(await submitted.wait_final(timeout=10))

    help_reply = await room.invoke("help", {}, user=room.member_a)  # and still serving
    assert (await help_reply.wait_final()).embeds
    listed = await room.invoke("article list", {}, user=room.member_a)
    assert (await listed.wait_final()).embeds

    log = proc.output
    assert len({first, second, third}) == 3
    logged_once(log, first, "quote", "no such table: quotations_fts")
    logged_once(log, second, "component", "no such table")
    logged_once(log, third, "modal_submit", "no such table")
    assert log.count("Traceback (most recent call last)") == 3, log[-5000:]
    assert proc.running
