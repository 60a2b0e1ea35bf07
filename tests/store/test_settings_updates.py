"""Server settings change field by field: two admins changing different settings at the same
moment both keep their change (the old whole-row save lost one of them)."""

import asyncio

import pytest

from bot.errors import InputError
from bot.models import GuildSettings
from bot.service import NewsService

GUILD = 111


async def test_concurrent_changes_of_different_fields_are_all_kept(store):
    service = NewsService(store)
    for round_ in range(5):
        await asyncio.gather(
            service.change_settings(GUILD, summary_sentences=1 + round_),
            service.change_settings(GUILD, summary_method="lexrank"),
            service.change_settings(GUILD, autosummary_channel_id=900 + round_),
        )
        assert await service.server_settings(GUILD) == GuildSettings(
            GUILD, 1 + round_, "lexrank", 900 + round_
        )


async def test_a_change_leaves_other_fields_and_other_servers_alone(store):
    service = NewsService(store)
    await service.change_settings(GUILD, summary_sentences=4, summary_method="lead")
    saved = await service.change_settings(GUILD, autosummary_channel_id=None)
    assert saved == GuildSettings(GUILD, 4, "lead", None)
    assert await service.server_settings(222) == GuildSettings(222)


async def test_an_unknown_method_is_refused_and_nothing_changes(store):
    service = NewsService(store)
    with pytest.raises(InputError, match="Unknown method"):
        await service.change_settings(GUILD, summary_method="magic")
    assert await service.server_settings(GUILD) == GuildSettings(GUILD)
