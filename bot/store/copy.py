"""`newsbot db copy`: move every guild's data between databases (SQLite <-> PostgreSQL).

Rows go across as they are, ids included, so links, feed entries and anything users noted
down keep pointing at the same articles. The target must be empty, the whole copy is one
transaction on the target, and the counts are verified table by table afterwards.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import AsyncIterable, AsyncIterator
from contextlib import aclosing
from pathlib import Path
from typing import cast
from urllib.parse import urlsplit

from bot.store import is_postgres, open_store, sqlite_path
from bot.store.base import TABLES, CopyableStore, Rows, StoreError, Table

log = logging.getLogger(__name__)


def database_identity(database: str) -> tuple[str, ...]:
    """What makes two settings name the same database, whatever their spelling."""
    if is_postgres(database):
        url = urlsplit(database)
        return ("postgresql", url.hostname or "localhost", str(url.port or 5432), url.path)
    return ("sqlite", str(Path(sqlite_path(database)).resolve()))


async def copy_database(source: str, target: str) -> dict[str, int]:
    """Copy every table from `source` into the empty database `target`; the rows copied per
    table, in copy order. Raises StoreError (with a message for the user) when the target is
    the source, unreachable or not empty, or when the counts do not match afterwards."""
    if database_identity(source) == database_identity(target):
        raise StoreError("source and target are the same database")
    if not is_postgres(source) and not Path(sqlite_path(source)).is_file():
        raise StoreError(f"{source}: no such database file")
    src = cast(CopyableStore, await open_store(source))
    try:
        dst = cast(CopyableStore, await open_store(target))
        try:
            return await _copy(src, dst)
        finally:
            await dst.close()
    finally:
        await src.close()


async def _copy(src: CopyableStore, dst: CopyableStore) -> dict[str, int]:
    if any((await dst.table_counts()).values()):
        raise StoreError("the target database is not empty; copy into a new, empty one")
    read: Counter[str] = Counter()
    async with aclosing(src.dump()) as batches:
        await dst.load(_counted(batches, read))
    copied = {table.name: read[table.name] for table in TABLES}
    written = await dst.table_counts()
    wrong = [
        f"{t}: {copied[t]} read, {written[t]} written" for t in copied if written[t] != copied[t]
    ]
    if wrong:
        raise StoreError(f"the copy does not match its source ({'; '.join(wrong)})")
    log.info("copied %s", copied)
    return copied


async def _counted(
    batches: AsyncIterable[tuple[Table, Rows]], counts: Counter[str]
) -> AsyncIterator[tuple[Table, Rows]]:
    async for table, rows in batches:
        counts[table.name] += len(rows)
        yield table, rows
