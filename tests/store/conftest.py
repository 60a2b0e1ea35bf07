"""One store test suite, run against both backends.

`store` and `database` are parametrized over SQLite (a file in tmp_path) and PostgreSQL (a
fresh database on the server `NEWSBOT_TEST_POSTGRES` points at, dropped afterwards). Without
that variable the PostgreSQL runs are skipped, with the reason shown in pytest's summary.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from bot.store import Store, open_store

POSTGRES_ENV = "NEWSBOT_TEST_POSTGRES"
BACKENDS = ["sqlite", "postgres"]


def postgres_server() -> str:
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if not url:
        pytest.skip(
            f"{POSTGRES_ENV} is not set (e.g. postgresql://postgres@127.0.0.1:5432/postgres)"
        )
    return url


@pytest.fixture
async def postgres_database() -> AsyncIterator[str]:
    """The URL of a new, empty PostgreSQL database, dropped after the test."""
    server = postgres_server()
    name = f"newsbot_t_{uuid.uuid4().hex[:16]}"
    admin = await asyncpg.connect(server)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@pytest.fixture
def sqlite_database(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'news.db'}"


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def database(backend, request) -> str:
    """A fresh, empty database of each backend, as a NEWSBOT_DATABASE setting."""
    return request.getfixturevalue(f"{backend}_database")


async def _opened(database: str) -> AsyncIterator[Store]:
    s = await open_store(database)
    yield s
    await s.close()


@pytest.fixture
async def store(database) -> AsyncIterator[Store]:
    async for s in _opened(database):
        yield s


@pytest.fixture
async def sqlite_store(sqlite_database) -> AsyncIterator[Store]:
    async for s in _opened(sqlite_database):
        yield s


@pytest.fixture
async def postgres_store(postgres_database) -> AsyncIterator[Store]:
    async for s in _opened(postgres_database):
        yield s
