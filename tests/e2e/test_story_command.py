"""/story and /settings stories end to end: the real bot process through the Discord double."""

import pytest

from tests.e2e.newsroom import start
from tests.stories_samples import BRIDGE_REPORTS, UNRELATED

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def seed_reports(room, guild):
    ids = []
    for n, (title, site, text) in enumerate([UNRELATED, *BRIDGE_REPORTS]):
        ids.append(
            await room.seed(
                guild, title, text, site_name=site, source_url=f"https://s{n}.example/a"
            )
        )
    return ids


async def test_story_shows_every_source_and_a_summary_drawn_from_them(room):
    ids = await seed_reports(room, room.guild_a)
    await start(room)
    handle = await room.invoke("story", {"article": str(ids[3])})
    embed = (await handle.wait_final()).embeds[0]
    assert embed["title"] == BRIDGE_REPORTS[0][0]
    assert embed["url"] == "https://s1.example/a"
    listed = embed["fields"][0]["value"].splitlines()
    assert [line.split("](")[0] for line in listed] == [
        "[Calder Gazette",
        "[Coast Radio",
        "[North Daily",
    ]
    assert all("<t:" in line for line in listed)  # each with its time
    summary = embed["description"].splitlines()
    assert {line.rsplit("— ", 1)[1] for line in summary} >= {"*Calder Gazette*", "*North Daily*"}
    assert sum("reopened to traffic on Monday" in line for line in summary) == 1
    assert embed["footer"]["text"].endswith("3 sources")
    assert not handle.ephemeral


async def test_story_of_another_servers_article_is_not_found(room):
    ids = await seed_reports(room, room.guild_b)
    await start(room)
    handle = await room.invoke("story", {"article": str(ids[1])})
    reply = await handle.wait_final()
    assert not reply.embeds and "article" in reply.content.lower()


async def test_settings_stories_off_is_saved_for_admins_only(room):
    await start(room)
    refused = await (
        await room.invoke(
            "settings stories", {"state": "off"}, user=room.member_a, check_permissions=False
        )
    ).wait_response()
    assert refused.ephemeral and "Manage Server" in refused.content
    saved = await (
        await room.invoke("settings stories", {"state": "off"}, user=room.admin_a)
    ).wait_response()
    assert saved.ephemeral and "**off**" in saved.content
