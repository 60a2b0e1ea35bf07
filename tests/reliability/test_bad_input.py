"""Item 5: bad input (too long, too big, binary, not UTF-8, an HTML page without text,
unknown or malformed ids, full-text queries made of operators) gets a clear ephemeral message,
and the store is unchanged."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools

import pytest

from bot import limits
from tests.reliability.reliability_checks import db_snapshot, limit_problems
from tests.samples import SCRAPED_ARTICLE

pytestmark = pytest.mark.asyncio(loop_scope="session")

UNEXPECTED = "Something went wrong"


def clear_refusal(message, what) -> str:
    assert message.ephemeral, f"{what}: the refusal is public"
    assert message.content and UNEXPECTED not in message.content, (what, message.content)
    assert len(message.content) < 300, (what, message.content)
    return message.content


def no_error(message, what) -> None:
    """An answer (a refusal or, for words that do occur, the matches), never a failure."""
    assert message.ephemeral or not message.content, f"{what}: a refusal is public"
    assert message.content or message.embeds, what
    assert UNEXPECTED not in message.content, (what, message.content)


@contextlib.contextmanager
def without_length_limits(double, command: str, sub: str | None = None):
    """A client that ignores the option lengths the bot declared (Discord enforces them; a
    bot must not rely on it)."""
    saved = copy.deepcopy(double.app_commands)
    for scope in double.app_commands.values():
        for cmd in scope:
            if cmd["name"] != command:
                continue
            options = cmd.get("options") or []
            if sub:
                options = next(o for o in options if o["name"] == sub).get("options") or []
            for opt in options:
                opt.pop("max_length", None)
    try:
        yield
    finally:
        double.app_commands = saved


async def test_bad_input_gets_a_clear_private_answer_and_changes_nothing(world):
    d = world.double
    article_id = await world.seed(world.guild_a, None, SCRAPED_ARTICLE)
    readers = (d.add_member(world.guild_a, f"asker{i}") for i in itertools.count())
    before = db_snapshot(world.database)
    answers: dict[str, str] = {}

    async def ask(what: str, command: str, options: dict, user=None) -> None:
        handle = await d.invoke(command, options, user=user or next(readers))
        answers[what] = clear_refusal(await handle.wait_final(timeout=15), what)

    sentence = "The harbour board approved the plan for the bridge repairs on Monday. "
    too_long = sentence * (limits.MAX_ARTICLE_CHARS // len(sentence) + 50)
    files = {
        "too long": ("long.txt", too_long.encode(), "text/plain"),
        "binary": ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50, "text/plain"),
        "image": ("photo.png", b"\x89PNG\r\n\x1a\n" * 50, "image/png"),
        "not utf-8": ("latin.txt", ("Café société. " * 40).encode("latin-1"), "text/plain"),
        "html without text": (
            "empty.html",
            b"<html><head><title>Nothing</title><script>var x = 1;</script></head>"
            b"<body><nav><a href='/'>Home</a></nav></body></html>",
            "text/html",
        ),
        "pdf": ("report.pdf", b"%PDF-1.4 ...", "application/pdf"),
        "empty": ("empty.txt", b"   \n\n  ", "text/plain"),
    }
    await asyncio.gather(
        *(
            ask(
                what,
                "article add",
                {"file": d.attachment(name, data, content_type=kind)},
                world.admin_a,
            )
            for what, (name, data, kind) in files.items()
        )
    )
    assert "200,000" in answers["too long"]
    assert "binary" in answers["binary"] or "not text" in answers["binary"]
    assert "UTF-8" in answers["not utf-8"]
    assert "article" in answers["html without text"]

    # 2 MB: refused from the attachment's metadata; the CDN never sees a request for it.
    big = d.attachment("big.txt", b"a" * 2_000_000, content_type="text/plain")
    await ask("2 MB", "article add", {"file": big}, user=world.admin_a)
    assert "MB" in answers["2 MB"]
    assert not [r for r in d.requests if str(big.id) in r.path]

    # Ids that are not ids of this server's articles.
    malformed = [
        "abc", "#", "-1", "0", "1e5", "12abc", " ", "²", "١٢٣", "１２", "9" * 19, "9" * 25,
        str(2**63), str(2**63 - 1), f"{article_id}.0", f"#{article_id}#",
    ]  # fmt: skip
    await asyncio.gather(
        *(
            ask(f"{command} {value!r}", command, {"article": value})
            for value, command in itertools.product(malformed, ("summary", "article show", "quote"))
        ),
        *(
            ask(f"remove {value!r}", "article remove", {"article": value}, world.admin_a)
            for value in malformed
        ),
    )
    for value in malformed:
        choices = await d.autocomplete("summary", "article", value, user=world.member_a)
        assert len(choices) <= limits.AUTOCOMPLETE_CHOICES

    # Full-text queries made of operators and quotes search for nothing special.
    queries = ['"', '""', "AND OR", "*", "NOT", "NEAR(", "^bridge", "title:x", "-", "(", "'", "\\"]

    async def search(command: str, option: str, query: str) -> None:
        handle = await d.invoke(command, {option: query}, user=next(readers))
        no_error(await handle.wait_final(timeout=15), f"{command} {query!r}")

    await asyncio.gather(
        *(search("article search", "query", q) for q in queries),
        *(search("quote", "search", q) for q in queries),
    )
    for query in queries:
        await d.autocomplete("summary", "article", query, user=world.member_a)
        await d.autocomplete("quote", "speaker", query, user=world.member_a)
    found = await d.invoke("article search", {"query": '"harbour" bridge*'}, user=world.admin_a)
    assert "Harbour bridge" in repr((await found.wait_final()).embeds)  # words still match

    # 5,000 characters: Discord refuses more than the declared 200, and so does the bot when
    # a client ignores the declaration.
    huge = "bridge " * 714
    for command, sub, option in (("article", "search", "query"), ("quote", None, "search")):
        name = f"{command} {sub}" if sub else command
        with pytest.raises(ValueError):
            await d.invoke(name, {option: huge}, user=next(readers))
        with without_length_limits(d, command, sub):
            await ask(f"{name} 5,000", name, {option: huge})
    choices = await d.autocomplete("summary", "article", huge, user=world.member_a)
    assert len(choices) <= limits.AUTOCOMPLETE_CHOICES

    assert db_snapshot(world.database) == before
    assert limit_problems(d) == []
