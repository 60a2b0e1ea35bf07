"""All SQL lives behind this package. Callers use `open_store` and the store's async methods."""

from __future__ import annotations

from bot.store.sqlite import SQLiteStore, StoreError, fts_query

Store = SQLiteStore


async def open_store(database: str) -> Store:
    """Open the store that `database` names: a file path or `sqlite:///path`."""
    path = database.removeprefix("sqlite:///") if database.startswith("sqlite:///") else database
    return await SQLiteStore.open(path)


__all__ = ["SQLiteStore", "Store", "StoreError", "fts_query", "open_store"]
