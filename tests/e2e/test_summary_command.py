"""/summary end to end: the real bot process answering through the Discord double."""

from tests.e2e.newsroom import start
from tests.samples import SCRAPED_ARTICLE


async def test_summary_of_the_newest_article_is_an_embed_in_article_order(newsroom):
    first = await newsroom.seed(newsroom.guild_a, None, "An older story. It has two sentences.")
    newest = await newsroom.seed(newsroom.guild_a, None, SCRAPED_ARTICLE)
    assert newest != first
    await start(newsroom)
    handle = await newsroom.invoke("summary", {"sentences": 3, "method": "lead"})
    message = await handle.wait_final()
    embed = message.embeds[0]
    assert embed["title"] == "Harbour bridge reopens after two-year repair"
    bullets = [line.removeprefix("• ") for line in embed["description"].splitlines()]
    assert bullets[0].startswith("The Harbour Bridge in Port Calder reopened")
    assert len(bullets) == 3
    assert embed["footer"]["text"].startswith("3 of 11 sentences · ")
    assert "Lead" in embed["footer"]["text"]
    assert not handle.ephemeral
