"""Stored quotations keep their speaker's role and affiliation; one person under two spellings."""

from bot.models import Article, Quote
from bot.service import NewsService

GUILD = 111


def article(text: str = "The bridge reopened. The minister spoke.", title="Bridge") -> Article:
    return Article(id=None, guild_id=GUILD, title=title, text=text, content_hash=title)


async def test_role_and_affiliation_are_stored_with_each_quotation(store):
    stored, _ = await store.add_article(article())
    quote = Quote(
        "The bridge will close",
        "Laura Brennan",
        "said",
        0,
        21,
        speaker_role="Infrastructure Minister",
        speaker_affiliation="Ministry of Transport",
    )
    await store.replace_quotations(GUILD, stored.id, [quote], "3")
    [hit] = await store.find_quotations(GUILD, article_id=stored.id)
    assert (hit.quote.speaker_role, hit.quote.speaker_affiliation) == (
        "Infrastructure Minister",
        "Ministry of Transport",
    )


async def test_full_name_filter_also_finds_the_surname_spelling_of_another_article(store):
    full, _ = await store.add_article(
        article("Laura Brennan opened the bridge on a windy Monday morning.")
    )
    short, _ = await store.add_article(
        article("Ferries returned to the harbour after a long winter strike.", "Ferry")
    )
    await store.replace_quotations(
        GUILD, full.id, [Quote("We build", "Laura Brennan", "said", 0, 8)], "3"
    )
    await store.replace_quotations(
        GUILD, short.id, [Quote("We wait", "Brennan", "said", 0, 7)], "3"
    )
    assert full.id != short.id
    found = await NewsService(store).find_quotations(GUILD, speaker="Laura Brennan")
    assert sorted(h.quote.quote for h in found) == ["We build", "We wait"]
    assert [h.quote.quote for h in await store.find_quotations(GUILD, speakers=["Brennan"])] == [
        "We wait"
    ]
