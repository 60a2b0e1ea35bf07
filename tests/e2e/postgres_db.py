"""PostgreSQL for the end-to-end tests that run the bot on it (`test_shards`, `test_db_copy`).

Each test module gets a new database on the server `NEWSBOT_TEST_POSTGRES` names, created
before its bots start and dropped (connections and all) after; without that variable the
tests are skipped with the reason in pytest's summary, as the store tests are.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

POSTGRES_ENV = "NEWSBOT_TEST_POSTGRES"
SKIP_REASON = (
    f"{POSTGRES_ENV} is not set (e.g. postgresql://postgres@127.0.0.1:5432/postgres): "
    "these tests run the bot on PostgreSQL"
)


def postgres_server() -> str:
    """The server URL, or skip the test with the reason."""
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if not url:
        pytest.skip(SKIP_REASON)
    return url


@contextlib.asynccontextmanager
async def fresh_database(prefix: str) -> AsyncIterator[str]:
    """The URL of a new, empty database on the test server; dropped on the way out."""
    server = postgres_server()
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(server)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def fetch(database: str, query: str, *args: Any) -> list[dict[str, Any]]:
    """Rows of one query, as dicts (for looking at what the bots stored)."""
    conn = await asyncpg.connect(database)
    try:
        return [dict(r) for r in await conn.fetch(query, *args)]
    finally:
        await conn.close()


async def execute(database: str, query: str, *args: Any) -> None:
    conn = await asyncpg.connect(database)
    try:
        await conn.execute(query, *args)
    finally:
        await conn.close()
