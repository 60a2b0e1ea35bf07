"""All SQL lives behind this package. Callers use `open_store` and the `Store` API.

`NEWSBOT_DATABASE` picks the backend: a path or `sqlite:///path` for SQLite (the default),
`postgresql://…` or `postgres://…` for PostgreSQL.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.store.base import Store, StoreError
from bot.store.sqlite import SQLiteStore, fts_query

if TYPE_CHECKING:
    from bot.store.postgres import PostgresStore

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
        from bot.store.postgres import PostgresStore

        return await PostgresStore.open(database)
    return await SQLiteStore.open(sqlite_path(database))


def __getattr__(name: str):
    """`PostgresStore` on first use: asyncpg takes 50 ms to import, which a SQLite bot and every
    CLI command on SQLite would otherwise pay at start-up."""
    if name == "PostgresStore":
        from bot.store.postgres import PostgresStore

        return PostgresStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
