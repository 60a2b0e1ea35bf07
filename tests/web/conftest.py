"""Fixtures for the web panel's tests: `panel` (in-process, over a real SQLite store) and
`people`, who sign in through the Discord double and are closed after the test."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.web.panel import Panel, SignedIn, running_panel


@pytest.fixture
async def panel(discord_double, tmp_path) -> AsyncIterator[Panel]:
    async with running_panel(discord_double, tmp_path) as found:
        yield found


@pytest.fixture
async def people(panel) -> AsyncIterator[list[SignedIn]]:
    """A list to which tests add the people they sign in; every one is closed afterwards."""
    signed: list[SignedIn] = []
    yield signed
    for person in signed:
        await person.close()
