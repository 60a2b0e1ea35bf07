"""/quote end to end: quotations with their speakers, filters, pages and autocomplete."""

import pytest

from tests.e2e.newsroom import button, start
from tests.samples import SCRAPED_ARTICLE
from tests.samples_quotes import COUNCIL_ARTICLE, TRANSPORT_ARTICLE

pytestmark = pytest.mark.asyncio(loop_scope="module")


def quote_of(embed: dict) -> str:
    return embed["description"].strip("“”")


async def seeded(room) -> int:
    await room.seed(room.guild_a, None, SCRAPED_ARTICLE)
    council = await room.seed(room.guild_a, None, COUNCIL_ARTICLE)
    await room.seed(
        room.guild_b,
        "Other server news",
        '"Secret plans are afoot," said Zed Quill. The end came soon.',
    )
    await start(room)
    return council


async def test_quote_by_speaker_shows_the_words_and_who_said_them(room):
    await seeded(room)
    handle = await room.invoke("quote", {"speaker": "Omar Reyes"})
    embed = (await handle.wait_final()).embeds[0]
    assert quote_of(embed).startswith("We are borrowing against our children's future")
    assert embed["author"]["name"].startswith("— Omar Reyes")
    assert "Port Calder council approves harbour budget" in embed["fields"][0]["value"]


async def test_quote_search_filters_by_words_in_the_quotation(room):
    await seeded(room)
    handle = await room.invoke("quote", {"search": "older than"})
    reply = await handle.wait_response()
    assert reply.ephemeral is False
    embed = (await handle.wait_final()).embeds[0]
    assert "older than I am" in quote_of(embed)
    assert embed["author"]["name"].startswith("— Lise Berg")  # "she added" resolved


async def test_several_matches_come_in_pages_with_previous_and_next(room):
    council = await seeded(room)
    handle = await room.invoke("quote", {"article": str(council)})
    message = await handle.wait_final()
    first = quote_of(message.embeds[0])
    assert button(message, "Previous")["disabled"]
    assert message.embeds[0]["footer"]["text"].startswith("1 of ")
    turn = await room.double.click(handle, button(message, "Next")["custom_id"], user=room.member_a)
    await turn.wait_response()
    assert quote_of(message.embeds[0]) != first
    assert message.embeds[0]["footer"]["text"].startswith("2 of ")
    assert not button(message, "Previous")["disabled"]


async def test_random_quote_when_no_option_is_given(room):
    await seeded(room)
    seen = set()
    for _ in range(3):
        handle = await room.invoke("quote", {})
        seen.add(quote_of((await handle.wait_final()).embeds[0]))
    assert "Secret plans are afoot," not in seen
    assert seen


async def test_no_match_is_a_helpful_ephemeral_message(room):
    await seeded(room)
    reply = await (await room.invoke("quote", {"search": "zeppelin"})).wait_response()
    assert reply.ephemeral and "No quotation containing “zeppelin”" in reply.content
    other = await (await room.invoke("quote", {"speaker": "Zed Quill"})).wait_response()
    assert other.ephemeral and other.content.startswith("No quotation by Zed Quill")


async def test_speaker_autocomplete_lists_this_servers_speakers(room):
    await seeded(room)
    names = [c["value"] for c in await room.autocomplete("quote", "speaker", "")]
    assert {"Dana Whitfield", "Omar Reyes", "Lise Berg"} <= set(names)
    assert "Zed Quill" not in names
    assert names[0] == "Dana Whitfield"  # the most quoted first
    typed = [c["value"] for c in await room.autocomplete("quote", "speaker", "rey")]
    assert typed == ["Omar Reyes"]
    other = await room.autocomplete("quote", "speaker", "", user=room.admin_b)
    assert [c["value"] for c in other] == ["Zed Quill"]


async def test_quote_shows_name_role_and_affiliation(room):
    await room.seed(room.guild_a, None, TRANSPORT_ARTICLE)
    await start(room)
    handle = await room.invoke("quote", {"search": "closed for six weeks"})
    embed = (await handle.wait_final()).embeds[0]
    assert quote_of(embed).startswith("The bridge will be closed for six weeks")
    # "the minister said": the minister named before, with her one role and her ministry
    assert (
        embed["author"]["name"]
        == "— Laura Brennan, Infrastructure Minister (Ministry of Transport)"
    )


async def test_speaker_autocomplete_merges_one_person_across_articles(room):
    await room.seed(
        room.guild_a,
        "Ferry timetable",
        'Ferries will run hourly. "The timetable starts in June," Brennan said.',
    )
    await room.seed(
        room.guild_a,
        "Bridge repairs",
        'Infrastructure Minister Laura Brennan visited the site. "The bridge will reopen in '
        'spring," Laura Brennan said.',
    )
    await start(room)
    names = [c["value"] for c in await room.autocomplete("quote", "speaker", "brenn")]
    assert names == ["Laura Brennan"]
    handle = await room.invoke("quote", {"speaker": "Laura Brennan"})
    message = await handle.wait_final()
    assert message.embeds[0]["footer"]["text"].startswith("1 of 2")


async def test_quotation_pages_answer_only_the_asker_and_survive_a_restart(room):
    council = await seeded(room)
    handle = await room.invoke("quote", {"article": str(council)})
    message = await handle.wait_final()
    second = await room.double.click(handle, button(message, "Next")["custom_id"])
    await second.wait_response()
    page_two = quote_of(message.embeds[0])
    stranger = await room.double.click(
        handle, button(message, "Previous")["custom_id"], user=room.admin_a
    )
    refusal = await stranger.wait_response()
    assert refusal.ephemeral and "belong to the person who asked" in refusal.content
    await room.process.restart()
    back = await room.double.click(handle, button(message, "Previous")["custom_id"])
    await back.wait_response()
    assert message.embeds[0]["footer"]["text"].startswith("1 of ")
    assert quote_of(message.embeds[0]) != page_two
    assert button(message, "Previous")["disabled"]


async def test_pages_of_a_search_too_long_for_a_button_turn_and_say_when_they_are_gone(room):
    await seeded(room)
    long_search = " ".join(["the"] * 45)  # 179 characters; fits the option, not a custom id
    handle = await room.invoke("quote", {"search": long_search})
    message = await handle.wait_final()
    assert message.embeds[0]["footer"]["text"].startswith("1 of ")
    turn = await room.double.click(handle, button(message, "Next")["custom_id"])
    await turn.wait_response()
    assert message.embeds[0]["footer"]["text"].startswith("2 of ")
    await room.process.restart()
    gone = await room.double.click(handle, button(message, "Next")["custom_id"])
    reply = await gone.wait_response()
    assert reply.ephemeral and "run /quote again" in reply.content
    assert message.embeds[0]["footer"]["text"].startswith("2 of ")
