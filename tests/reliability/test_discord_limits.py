"""Item 4: whatever the article (empty, one character, 10,000 and 100,000 characters, 2,000-
character sentences, a 1,000-character title, non-Latin scripts), every reply, embed, button
label and autocomplete choice the bot sends is within Discord's limits."""

from __future__ import annotations

import asyncio
import itertools
import re

import pytest
from discord_double.models import walk_components

from bot.engine.summary.summarize import METHODS
from tests.reliability.reliability_checks import limit_problems, message_problems

pytestmark = pytest.mark.asyncio(loop_scope="session")

_VOCABULARY = (
    "harbour council budget school bridge river market festival engineers cable traffic mayor "
    "inspection repairs commuters ribbon toll closure schedule transport department corrosion"
).split()


def long_sentence(length: int, seed: int) -> str:
    """A sentence of exactly `length` characters (ending in a full stop), words varied by seed."""
    words, i = [], seed
    while sum(len(w) + 1 for w in words) < length:
        words.append(_VOCABULARY[i % len(_VOCABULARY)])
        i = (i * 31 + 7) % 1009
    text = " ".join(words)[: length - 1].rstrip() + "."
    text = text[0].upper() + text[1:]
    return text + "." * (length - len(text))


def article_of(length: int, seed: int) -> str:
    """An article of about `length` characters made of 2,000-character sentences, five to a
    paragraph, with a 2,000-character quotation in the middle."""
    count = max(2, length // 2001)
    sentences = [long_sentence(2000, seed * 1000 + k) for k in range(count)]
    if count >= 4:
        quote = long_sentence(1960, seed + 77)[:-1]
        sentences[2] = f"“{quote},” said Dana Whitfield, the mayor."
    paragraphs = [" ".join(sentences[i : i + 5]) for i in range(0, count, 5)]
    return "\n\n".join(paragraphs)


ARABIC = (
    "أعيد افتتاح جسر الميناء أمام حركة المرور يوم الاثنين بعد عامين من الإصلاحات التي كلفت الكثير. "
    "وقالت رئيسة البلدية إن الجسر سيبقى مئة عام أخرى دون إغلاق طويل. "
) * 40
CHINESE = "\n\n".join(
    "港口大桥在维修两年后于星期一重新开放，耗资十五亿元。市长在早上七点剪彩，数百名通勤者观看。"
    "工程师在二零二二年发现主缆腐蚀，迫使大桥关闭。“我们把它修好了，可以再用一百年，”市长说。" * 8
    for _ in range(5)
)
RUSSIAN_TITLE = "Мост в гавани снова открыт после двух лет ремонта " * 20  # 1,000 characters
RUSSIAN = " ".join(
    f"Мост в гавани открылся в понедельник после {n} лет ремонта, и мэр города перерезала "
    "ленточку в семь утра на глазах сотен жителей." + " Ремонт обошёлся в полтора миллиарда." * 3
    for n in range(30)
)


def html_page(title: str, body: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"{paragraphs}</article></body></html>"
    )


async def test_every_reply_fits_discords_limits_whatever_the_article(world):
    d = world.double
    readers = (d.add_member(world.guild_a, f"reader{i}") for i in itertools.count())
    long_title = " ".join(["Extraordinarily"] * 63)[:1000]  # 1,000 characters
    seeded = [
        await world.seed(world.guild_a, long_title, article_of(10_000, 1)),
        await world.seed(world.guild_a, RUSSIAN_TITLE, RUSSIAN),
    ]

    files = {
        "empty.txt": b"",
        "one.txt": b"x",
        "ten-thousand.txt": article_of(10_000, 2).encode(),
        "hundred-thousand.txt": article_of(100_000, 3).encode(),
        "arabic.txt": ARABIC.encode(),
        "chinese.md": CHINESE.encode(),
        "long-title.html": html_page("Headline " * 111, article_of(6_000, 4)).encode(),
    }
    added = []
    for name, data in files.items():
        upload = d.attachment(name, data, content_type="text/plain; charset=utf-8")
        handle = await world.invoke("article add", {"file": upload}, user=world.admin_a)
        reply = await handle.wait_final(timeout=30)
        assert reply.ephemeral, name
        if found := re.match(r"Added article #(\d+)", reply.content):
            added.append(int(found[1]))
        else:
            assert name in ("empty.txt", "one.txt"), (name, reply.content)
            assert "empty" in reply.content or "only one sentence" in reply.content
    assert len(added) == len(files) - 2
    ids = seeded + added
    hundred_k = added[1]

    async def exercise(article: int) -> None:
        summary = await d.invoke(
            "summary", {"article": str(article), "sentences": 10}, user=next(readers)
        )
        shown = await summary.wait_final(timeout=30)
        assert shown.embeds and len(shown.embeds[0]["description"].splitlines()) <= 10
        shorter = next(
            c["custom_id"] for c in walk_components(shown.components) if c.get("label") == "Shorter"
        )
        await (await d.click(summary, shorter)).wait_final(timeout=30)
        for command in ("article show", "quote"):
            handle = await d.invoke(command, {"article": str(article)}, user=next(readers))
            await handle.wait_final()

    async def every_method(method: str) -> None:  # on the 100,000-character article
        handle = await d.invoke(
            "summary",
            {"article": str(hundred_k), "sentences": 3, "method": method},
            user=next(readers),
        )
        await handle.wait_final(timeout=30)

    await asyncio.gather(*map(exercise, ids), *map(every_method, METHODS))
    for command, options in (
        ("article list", {}),
        ("article search", {"query": "harbour bridge"}),
        ("article search", {"query": "Мост"}),
        ("quote", {"speaker": "Dana Whitfield"}),
        ("help", {}),
    ):
        await (await world.invoke(command, options, user=world.admin_a)).wait_final()
    for typed in ("", "Extra", "Мост", "港口", "#", str(hundred_k), "x" * 100, "Headline " * 11):
        choices = await d.autocomplete("summary", "article", typed, user=world.member_a)
        assert len(choices) <= 25
    await d.autocomplete("quote", "speaker", "", user=world.member_a)

    problems = limit_problems(d)
    assert problems == []
    for handle in d.interactions.values():  # the messages as the users finally saw them
        for message in handle.messages():
            assert message_problems(message.payload()) == []
    titles = [
        m.embeds[0]["title"]
        for h in d.interactions.values()
        for m in h.messages()
        if m.embeds and m.embeds[0].get("title")
    ]
    assert any(t.startswith("Extraordinarily") and t.endswith("…") for t in titles)
