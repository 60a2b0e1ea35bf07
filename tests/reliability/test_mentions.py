"""Item 3: article text with @everyone, @here, user and role mentions never pings anyone: every
message the bot sends says `allowed_mentions: {parse: []}` and names no user or role."""

from __future__ import annotations

import pytest
from discord_double.models import walk_components

from tests.reliability.reliability_checks import mention_problems, message_bodies

pytestmark = pytest.mark.asyncio(loop_scope="session")


def mention_article(user_id: int, role_id: int) -> str:
    return f"""@everyone Council vote on the <@&{role_id}> bridge @here

The council met on Monday and @everyone in Port Calder was invited to speak.
Residents pinged <@{user_id}> and <@&{role_id}> about the vote all morning.
"Tell @everyone and @here that the bridge is open again," said Dana Whitfield, the mayor.
"<@{user_id}> will cut the ribbon at noon @here," said Paul Erikson, the governor.
The meeting ended at noon and <@!{user_id}> went home @everyone.
"""


async def test_mentions_in_articles_never_ping(world):
    d = world.double
    role = d.add_role(world.guild_a, "subscribers", 0)
    user_id = world.member_a.user.id
    text = mention_article(user_id, role.id)
    article_id = await world.seed(world.guild_a, None, text)

    summary = await world.invoke("summary", {"sentences": 2}, user=world.member_a)
    shown = await summary.wait_final()
    longer = next(
        c["custom_id"] for c in walk_components(shown.components) if c.get("label") == "Longer"
    )
    await (await d.click(summary, longer)).wait_final()
    for command, options in (
        ("summary", {"article": str(article_id), "method": "lead", "sentences": 5}),
        ("article show", {"article": str(article_id)}),
        ("article list", {}),
        ("article search", {"query": "council bridge"}),
        ("quote", {"article": str(article_id)}),
        ("quote", {"search": "@everyone bridge"}),
        ("quote", {"speaker": f"<@{user_id}>"}),  # echoed back in the "no quotation by" reply
    ):
        await (await world.invoke(command, options, user=world.admin_a)).wait_final()

    upload = d.attachment(
        "ping.txt", mention_article(user_id + 1, role.id).encode(), content_type="text/plain"
    )
    added = await world.invoke("article add", {"file": upload}, user=world.admin_a)
    assert "Added article" in (await added.wait_final()).content
    chat = d.post_message(world.channel_a, text, author=world.member_a)
    menu = await d.context_menu("Summarize", user=world.member_a, message=chat)
    await menu.wait_final()

    bodies = message_bodies(d)
    assert len(bodies) >= 11
    assert any("@everyone" in repr(data) for _, data in bodies)  # the text really went out
    assert any(f"<@{user_id}>" in repr(data) for _, data in bodies)
    assert mention_problems(d) == []
