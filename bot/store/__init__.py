"""All SQL lives behind this package. Callers use `open_store` and the `Store` API.

`NEWSBOT_DATABASE` picks the backend: a path or `sqlite:///path` for SQLite (the default),
`postgresql://…` or `postgres://…` for PostgreSQL.
"""

from __future__ import annotations

import re

from bot.store.base import Store, StoreError
from bot.store.postgres import PostgresStore
from bot.store.sqlite import SQLiteStore, fts_query

_POSTGRES_SCHEMES = ("postgresql://", "postgres://")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_postgres(database: str) -> bool:
    return database.startswith(_POSTGRES_SCHEMES)


def sqlite_path(database: str) -> str:
    """The file a SQLite `database` setting names (a path, or `sqlite:///path`)."""
    if database.startswith("sqlite:///"):
        return database.removeprefix("sqlite:///")
    if _URL.match(database):
        raise StoreError(
            f"{database.split('://')[0]}:// databases are not supported: use a file path, "
            "sqlite:///path or postgresql://user@host/dbname"
        )
    return database


async def open_store(database: str) -> Store:
    """Open the store that `database` names, creating or migrating its schema as needed."""
    if is_postgres(database):
        return await PostgresStore.open(database)
    return await SQLiteStore.open(sqlite_path(database))


__all__ = [
    "PostgresStore",
    "SQLiteStore",
    "Store",
    "StoreError",
    "fts_query",
    "is_postgres",
    "open_store",
    "sqlite_path",
]
