"""/summary end to end: the real bot process answering through the Discord double."""

import pytest

from bot.engine.text.sentences import clean, sentences
from tests.e2e.newsroom import bullets, button, start
from tests.samples import SCRAPED_ARTICLE, long_article

pytestmark = pytest.mark.asyncio(loop_scope="module")

ARTICLE_SENTENCES = sentences(clean(SCRAPED_ARTICLE))


async def test_summary_of_the_newest_article_is_an_embed_in_article_order(room):
    await room.seed(room.guild_a, None, "An older story. It has two sentences.")
    await room.seed(room.guild_a, None, SCRAPED_ARTICLE)
    await start(room)
    handle = await room.invoke("summary", {"sentences": 3, "method": "lead"})
    message = await handle.wait_final()
    embed = message.embeds[0]
    assert embed["title"] == "Harbour bridge reopens after two-year repair"
    assert bullets(embed) == ARTICLE_SENTENCES[1:4]  # the headline became the title
    assert embed["footer"]["text"].startswith("3 of 11 sentences · ")
    assert embed["footer"]["text"].split(" · ")[3] == "Lead"
    assert not handle.ephemeral


async def test_summary_of_a_chosen_article_with_each_method_is_in_article_order(room):
    chosen = await room.seed(room.guild_a, None, SCRAPED_ARTICLE)
    await room.seed(room.guild_a, None, "A newer story. It has two sentences.")
    await start(room)
    for method in ("auto", "textrank", "lexrank", "luhn", "kl"):
        handle = await room.invoke(
            "summary", {"article": str(chosen), "sentences": 2, "method": method}
        )
        picked = bullets((await handle.wait_final()).embeds[0])
        positions = [ARTICLE_SENTENCES.index(s) for s in picked]
        assert len(picked) == 2 and positions == sorted(positions), method


async def test_private_summary_is_ephemeral(room):
    await room.seed(room.guild_a, None, SCRAPED_ARTICLE)
    await start(room)
    handle = await room.invoke("summary", {"private": True})
    await handle.wait_final()
    assert handle.ephemeral


async def test_server_default_length_applies_when_sentences_is_not_given(room):
    await room.seed(room.guild_a, None, SCRAPED_ARTICLE)
    await start(room)
    saved = await room.invoke("settings summary", {"sentences": 5}, user=room.admin_a)
    assert "**5** sentences" in (await saved.wait_response()).content
    handle = await room.invoke("summary", {"method": "lead"})
    assert len(bullets((await handle.wait_final()).embeds[0])) == 5


async def test_shorter_and_longer_rerender_the_same_message_for_the_asker_only(room):
    await room.seed(room.guild_a, None, SCRAPED_ARTICLE)
    await start(room)
    handle = await room.invoke("summary", {"sentences": 3, "method": "lead"})
    message = await handle.wait_final()
    longer = button(message, "Longer")
    click = await room.double.click(handle, longer["custom_id"], user=room.member_a)
    await click.wait_final()
    assert len(bullets(message.embeds[0])) == 4
    assert message.id == handle.original.id
    for _ in range(3):  # each click re-renders the buttons: they carry the length shown
        shorter = button(message, "Shorter")["custom_id"]
        await (await room.double.click(handle, shorter, user=room.member_a)).wait_final()
    assert len(bullets(message.embeds[0])) == 1
    assert button(message, "Shorter")["disabled"]
    longer = button(message, "Longer")
    stranger = await room.double.click(handle, longer["custom_id"], user=room.admin_a)
    refusal = await stranger.wait_response()
    assert refusal.ephemeral and "belong to the person who asked" in refusal.content
    assert len(bullets(message.embeds[0])) == 1


async def test_article_autocomplete_is_this_servers_titles_newest_first(room):
    ids = [
        await room.seed(
            room.guild_a,
            f"Bridge story number {i} " + "x" * 150,
            f"Story {i} text here. It has two sentences.",
        )
        for i in range(30)
    ]
    await room.seed(
        room.guild_b,
        "Bridge story in the other server",
        "Secret text here. It has two sentences.",
    )
    await start(room)
    choices = await room.autocomplete("summary", "article", "brid")
    assert len(choices) == 25
    assert all(len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in choices)
    assert [int(c["value"]) for c in choices] == ids[::-1][:25]
    assert all("other server" not in c["name"] for c in choices)
    typed = await room.autocomplete("summary", "article", "number 7")
    assert [int(c["value"]) for c in typed] == [ids[7]]


async def test_a_100000_character_article_fits_every_discord_limit(room):
    text = long_article(sentences=1200, words_per_sentence=12)
    giant_sentence = "word " * 500 + "end."
    text = text + "\n\n" + giant_sentence + " " + giant_sentence
    assert len(text) > 100_000
    await room.seed(room.guild_a, "T" * 300, text)
    await start(room)
    for method in ("lead", "auto", "textrank"):
        handle = await room.invoke("summary", {"sentences": 10, "method": method})
        message = await handle.wait_final(timeout=10)
        embed = message.embeds[0]
        assert len(embed["title"]) <= 256 and len(embed["description"]) <= 4096
        assert len(embed["footer"]["text"]) <= 2048
        assert sum(len(str(v)) for v in (embed["title"], embed["description"])) <= 6000


async def test_mentions_in_article_text_never_ping(room):
    await room.seed(
        room.guild_a,
        "@everyone look",
        "Hey @everyone and @here, <@123456789012345678> met <@&234567890123456789> today. "
        "It was a big day for @everyone in town.",
    )
    await start(room)
    handle = await room.invoke("summary", {"method": "lead"})
    message = await handle.wait_final()
    assert "@everyone" in message.embeds[0]["description"]
    payloads = [
        r.json.get("data", r.json)
        for r in room.double.requests
        if r.method in ("POST", "PATCH") and r.json
    ]
    with_text = [p for p in payloads if isinstance(p, dict) and ("content" in p or "embeds" in p)]
    assert with_text
    for payload in with_text:
        assert payload.get("allowed_mentions") == {"parse": []}, payload


async def test_summary_without_articles_says_how_to_add_one(room):
    handle = await room.invoke("summary", {})
    reply = await handle.wait_response()
    assert reply.ephemeral and "/article add" in reply.content


async def test_unknown_article_id_gets_the_missing_article_answer(room):
    await room.seed(room.guild_a, None, SCRAPED_ARTICLE)
    await start(room)
    for value in ("999999", "not-a-number", "12abc"):
        reply = await (await room.invoke("summary", {"article": value})).wait_response()
        assert (
            reply.ephemeral and reply.content == "There is no article with that id in this server."
        )


async def test_commands_in_a_dm_are_refused_politely(room):
    stranger = room.double.add_user("dm-user")
    handle = await room.double.invoke("help", {}, user=stranger, check_permissions=False)
    reply = await handle.wait_response()
    assert reply.ephemeral and "servers" in reply.content


def _words(lines: list[str]) -> int:
    return sum(len(line.split()) for line in lines)


async def test_words_length_fits_the_budget_and_buttons_step_in_words(room):
    await room.seed(room.guild_a, None, SCRAPED_ARTICLE)
    await start(room)
    handle = await room.invoke("summary", {"words": 40, "method": "lead"})
    message = await handle.wait_final()
    picked = bullets(message.embeds[0])
    assert picked == ARTICLE_SENTENCES[1 : 1 + len(picked)]
    assert _words(picked) <= 40 < _words(ARTICLE_SENTENCES[1 : 2 + len(picked)])
    assert message.embeds[0]["footer"]["text"].startswith("up to 40 words · ")
    longer = button(message, "Longer")["custom_id"]
    await (await room.double.click(handle, longer, user=room.member_a)).wait_final()
    footer = message.embeds[0]["footer"]["text"]
    assert footer.startswith("up to 50 words · ")
    assert _words(bullets(message.embeds[0])) <= 50


async def test_words_shorter_than_any_sentence_gives_one_sentence_and_says_so(room):
    await room.seed(room.guild_a, None, SCRAPED_ARTICLE)
    await start(room)
    handle = await room.invoke("summary", {"words": 10, "method": "lead"})
    message = await handle.wait_final()
    assert bullets(message.embeds[0]) == ARTICLE_SENTENCES[1:2]
    assert "more than 10" in message.embeds[0]["footer"]["text"]
    assert button(message, "Shorter")["disabled"]


async def test_percent_length_and_buttons_step_in_percent(room):
    await room.seed(room.guild_a, None, SCRAPED_ARTICLE)
    await start(room)
    handle = await room.invoke("summary", {"percent": 20, "method": "lead"})
    message = await handle.wait_final()
    total = len(ARTICLE_SENTENCES) - 1  # the headline is the title
    assert len(bullets(message.embeds[0])) == -(-total * 20 // 100)
    assert message.embeds[0]["footer"]["text"].startswith("20% of the article · ")
    shorter = button(message, "Shorter")["custom_id"]
    await (await room.double.click(handle, shorter, user=room.member_a)).wait_final()
    assert message.embeds[0]["footer"]["text"].startswith("15% of the article · ")
    assert len(bullets(message.embeds[0])) == -(-total * 15 // 100)


async def test_two_lengths_at_once_are_refused_privately(room):
    await room.seed(room.guild_a, None, SCRAPED_ARTICLE)
    await start(room)
    handle = await room.invoke("summary", {"words": 40, "sentences": 2})
    reply = await handle.wait_response()
    assert reply.ephemeral and "one length" in reply.content


async def test_more_sentences_than_the_article_has_is_the_whole_article_said_in_the_footer(room):
    await room.seed(room.guild_a, None, "The pier reopened. Crowds came back. Shops were busy.")
    await start(room)
    handle = await room.invoke("summary", {"sentences": 8})
    message = await handle.wait_final()
    assert len(bullets(message.embeds[0])) == 3
    assert "the whole article: it has 3 sentences" in message.embeds[0]["footer"]["text"]


async def test_shorter_and_longer_keep_working_after_the_bot_restarts(room):
    await room.seed(room.guild_a, None, SCRAPED_ARTICLE)
    await start(room)
    handle = await room.invoke("summary", {"sentences": 2, "method": "lead", "private": True})
    message = await handle.wait_final()
    assert message.ephemeral
    await room.process.restart()
    longer = button(message, "Longer")["custom_id"]
    await (await room.double.click(handle, longer, user=room.member_a)).wait_final()
    assert len(bullets(message.embeds[0])) == 3
    assert message.embeds[0]["footer"]["text"].startswith("3 of 11 sentences · ")


async def test_a_button_naming_another_servers_article_gets_no_such_article(room):
    theirs = await room.seed(room.guild_a, "Harbour secret", SCRAPED_ARTICLE)
    await room.seed(room.guild_b, None, SCRAPED_ARTICLE)
    await start(room)
    handle = await room.invoke("summary", {"sentences": 2}, user=room.admin_b)
    message = await handle.wait_final()
    shown = message.embeds[0]["description"]
    # A modified client can send any custom id: point Longer at the other server's article.
    longer = button(message, "Longer")
    kind, way, owner, _article, rest = longer["custom_id"].split(":", 4)
    longer["custom_id"] = f"{kind}:{way}:{owner}:{theirs}:{rest}"
    refusal = await (await room.double.click(handle, longer["custom_id"])).wait_followup()
    assert refusal.ephemeral and "no article with that id" in refusal.content
    assert message.embeds[0]["description"] == shown
