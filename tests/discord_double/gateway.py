"""Gateway connections and sessions: framing, compression and per-shard event buffering.

Every frame a connection sends goes through one queue and one writer task, so events
dispatched from synchronous test code keep their order. A session outlives its connection:
events dispatched while the bot is disconnected are buffered and replayed on RESUME.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
import uuid
import zlib
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

log = logging.getLogger(__name__)

DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE, RESUME, RECONNECT = 0, 1, 2, 3, 6, 7
REQUEST_MEMBERS, INVALID_SESSION, HELLO, HEARTBEAT_ACK = 8, 9, 10, 11

GUILDS = 1 << 0
GUILD_MEMBERS = 1 << 1
GUILD_PRESENCES = 1 << 8
GUILD_MESSAGES = 1 << 9
DIRECT_MESSAGES = 1 << 12
MESSAGE_CONTENT = 1 << 15


class GatewayConnection:
    """One websocket. Frames are queued and written in order by a single writer task."""

    def __init__(
        self, ws: web.WebSocketResponse, request: web.Request, compress: str | None
    ) -> None:
        self.ws = ws
        self.request = request
        self.path = request.path
        self.remote = request.remote
        self.compress = compress
        self.session: GatewaySession | None = None
        self.opened_at = time.monotonic()
        self._zlib = zlib.compressobj() if compress == "zlib-stream" else None
        self._queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
        self._writer = asyncio.create_task(self._write_loop(), name="discord-double-gateway-writer")

    @property
    def alive(self) -> bool:
        return not self.ws.closed and not self._writer.done()

    def send(self, frame: dict[str, Any]) -> None:
        self._queue.put_nowait(frame)

    async def _write_loop(self) -> None:
        while (frame := await self._queue.get()) is not None:
            data = json.dumps(frame, separators=(",", ":"))
            try:
                if self._zlib is not None:
                    packed = self._zlib.compress(data.encode()) + self._zlib.flush(
                        zlib.Z_SYNC_FLUSH
                    )
                    await self.ws.send_bytes(packed)
                else:
                    await self.ws.send_str(data)
            except (ConnectionError, RuntimeError) as exc:
                log.debug(
                    "gateway frame not delivered (%s): %s", exc, frame.get("t") or frame["op"]
                )
                return

    async def close(self, code: int, *, abrupt: bool = False) -> None:
        """Close with a close frame carrying ``code``, or drop the TCP connection (``abrupt``)."""
        self._queue.put_nowait(None)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self._writer, 1.0)
        if abrupt and self.request.transport is not None:
            self.request.transport.abort()
        else:
            await self.ws.close(code=code, message=b"closed by discord double")

    async def finish(self) -> None:
        self._queue.put_nowait(None)
        self._writer.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await self._writer


@dataclass(eq=False)
class GatewaySession:
    """An identified session for one shard; it survives disconnects until invalidated."""

    shard_id: int
    shard_count: int
    intents: int
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    seq: int = 0
    frames: list[dict[str, Any]] = field(default_factory=list)
    conn: GatewayConnection | None = None
    valid: bool = True

    def has(self, intent: int) -> bool:
        return bool(self.intents & intent)

    def next_frame(self, event: str, data: Any, *, buffer: bool = True) -> dict[str, Any]:
        """Number a dispatch; buffered frames are what a RESUME may replay."""
        self.seq += 1
        frame = {"op": DISPATCH, "t": event, "s": self.seq, "d": data}
        if buffer:
            self.frames.append(frame)
        return frame

    def dispatch(self, event: str, data: Any) -> None:
        frame = self.next_frame(event, data)
        if self.conn is not None and self.conn.alive:
            self.conn.send(frame)


def shard_for(guild_id: int, shard_count: int) -> int:
    """Discord's routing rule: ``(guild_id >> 22) % shard_count``."""
    return (guild_id >> 22) % shard_count


def frame(op: int, data: Any = None) -> dict[str, Any]:
    return {"op": op, "d": data, "s": None, "t": None}
