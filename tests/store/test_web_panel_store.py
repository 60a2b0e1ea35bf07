"""The web panel's rows on both backends: sessions (found by hash, expiring, updated,
removed) and the servers and channels the bot keeps written down for the panel."""

from __future__ import annotations

from bot.models import GuildChannel, WebSession

NOW = 1_700_000_000.0


def session(id_hash: str = "a" * 64, *, expires_at: float = NOW + 3600) -> WebSession:
    return WebSession(
        id_hash=id_hash,
        user_id=2**62,
        user_name="ada",
        access_token="token",
        guilds=({"id": "123", "name": "Harbour News"},),
        csrf_token="csrf",
        checked_at=NOW,
        created_at=NOW,
        expires_at=expires_at,
    )


async def test_a_session_is_found_by_its_hash_until_it_expires(store):
    await store.add_web_session(session())
    found = await store.get_web_session("a" * 64, NOW)
    assert found == session()
    assert await store.get_web_session("a" * 64, NOW + 3600) is None
    assert await store.get_web_session("b" * 64, NOW) is None


async def test_rechecked_servers_replace_the_sessions_list(store):
    await store.add_web_session(session())
    await store.update_web_session_guilds("a" * 64, [], NOW + 600)
    found = await store.get_web_session("a" * 64, NOW)
    assert found.guilds == () and found.checked_at == NOW + 600


async def test_removed_and_expired_sessions_are_gone(store):
    await store.add_web_session(session("a" * 64))
    await store.add_web_session(session("b" * 64, expires_at=NOW - 1))
    assert await store.remove_expired_web_sessions(NOW) == 1
    await store.remove_web_session("a" * 64)
    assert await store.get_web_session("a" * 64, NOW) is None


async def test_the_bots_servers_and_channels_follow_what_it_sees(store):
    big = 2**63 - 1
    channels = [GuildChannel(11, 1, "news", 0, 1), GuildChannel(10, 1, "general", 0, 0)]
    await store.add_bot_guild(1, channels)
    await store.add_bot_guild(big, [])
    assert await store.bot_guild_ids() == {1, big}
    assert await store.bot_in_guilds([1, 2, big]) == {1, big}
    assert [c.name for c in await store.bot_channels(1)] == ["general", "news"]

    await store.put_bot_channel(GuildChannel(10, 1, "lobby", 0, 0))
    await store.put_bot_channel(GuildChannel(12, 1, "announcements", 5, 2))
    await store.remove_bot_channel(11)
    assert [(c.id, c.name) for c in await store.bot_channels(1)] == [
        (10, "lobby"),
        (12, "announcements"),
    ]
    await store.add_bot_guild(1, [GuildChannel(13, 1, "only", 0, 0)])  # seen again: replaced
    assert [c.id for c in await store.bot_channels(1)] == [13]

    await store.remove_bot_guild(1)
    assert await store.bot_guild_ids() == {big}
    assert await store.bot_channels(1) == []


async def test_many_servers_are_checked_in_one_call(store):
    for guild_id in range(1, 1201, 2):
        await store.add_bot_guild(guild_id, [])
    assert await store.bot_in_guilds(range(1, 1201)) == set(range(1, 1201, 2))
