"""Several SQLite read connections, each query sent to the least busy one.

aiosqlite runs each connection's statements one after another in a thread of its own. With one
read connection, every lookup of every reply queued behind whatever ran before it: under a
busy server's mix, a cached `/summary` (well under a millisecond of SQL) waited behind full-text
searches of 15 ms each. WAL lets several connections read at once, and sqlite3 releases the GIL
while a statement runs, so a few readers serve fast lookups beside slow ones.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable
from typing import Any

import aiosqlite

READ_CONNECTIONS = 3


class Readers:
    """Read connections used like one: `execute` works as `aiosqlite.Connection.execute`
    does (awaited, or as `async with … as cursor`)."""

    def __init__(self, connections: Iterable[aiosqlite.Connection]) -> None:
        self.connections = list(connections)
        self._busy = [0] * len(self.connections)

    def execute(self, sql: str, parameters: Iterable[Any] | None = None) -> _Query:
        turn = min(range(len(self.connections)), key=self._busy.__getitem__)
        return _Query(self, turn, sql, parameters)

    async def close(self) -> None:
        for connection in self.connections:
            await connection.close()


class _Query:
    """One statement on the connection picked for it; that connection counts as busy until the
    statement's cursor is done with (the end of the `async with`, or the await)."""

    def __init__(
        self, readers: Readers, turn: int, sql: str, parameters: Iterable[Any] | None
    ) -> None:
        self._readers, self._turn = readers, turn
        self._sql, self._parameters = sql, parameters
        self._result: Any = None

    def _start(self) -> Any:
        self._readers._busy[self._turn] += 1
        return self._readers.connections[self._turn].execute(self._sql, self._parameters)

    def _done(self) -> None:
        self._readers._busy[self._turn] -= 1

    def __await__(self) -> Generator[Any, None, aiosqlite.Cursor]:
        return self._run().__await__()

    async def _run(self) -> aiosqlite.Cursor:
        try:
            return await self._start()
        finally:
            self._done()

    async def __aenter__(self) -> aiosqlite.Cursor:
        self._result = self._start()
        try:
            return await self._result.__aenter__()
        except BaseException:
            self._done()
            raise

    async def __aexit__(self, *exc: Any) -> None:
        try:
            await self._result.__aexit__(*exc)
        finally:
            self._done()
