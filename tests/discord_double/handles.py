"""What a test gets back from ``invoke``/``click``/``submit_modal``: the interaction's story.

A handle records the initial callback, follow-ups, edits and deletes, each stamped with the
monotonic time since the interaction was dispatched, and lets a test await them.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .models import EPHEMERAL, Message, User

if TYPE_CHECKING:
    from .server import DiscordDouble

log = logging.getLogger(__name__)

CALLBACK_NAMES = {
    4: "message",
    5: "deferred message",
    6: "deferred update",
    7: "update message",
    8: "autocomplete result",
    9: "modal",
}


@dataclass
class Callback:
    """The initial interaction response (``POST /interactions/{id}/{token}/callback``)."""

    type: int
    data: dict[str, Any]
    at: float
    files: list[str] = field(default_factory=list)

    @property
    def flags(self) -> int:
        return int(self.data.get("flags") or 0)

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    @property
    def content(self) -> str | None:
        return self.data.get("content")

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return self.data.get("embeds") or []

    @property
    def allowed_mentions(self) -> dict[str, Any] | None:
        return self.data.get("allowed_mentions")


@dataclass
class Event:
    """One thing the bot did to this interaction: callback, followup, edit, delete or get."""

    kind: str
    at: float
    data: dict[str, Any] | None = None
    message: Message | None = None


class InteractionHandle:
    """A dispatched interaction and everything the bot has done in response to it."""

    def __init__(
        self,
        double: DiscordDouble,
        payload: dict[str, Any],
        *,
        user: User,
        target_message: Message | None = None,
    ) -> None:
        self.double = double
        self.payload = payload
        self.id = int(payload["id"])
        self.token: str = payload["token"]
        self.type: int = payload["type"]
        self.user = user
        self.guild_id: int | None = int(payload["guild_id"]) if "guild_id" in payload else None
        self.channel_id = int(payload["channel_id"])
        self.target_message = target_message
        self.dispatched_at = time.monotonic()
        self.events: list[Event] = []
        self.callback: Callback | None = None
        self.original: Message | None = None
        self.followups: list[Message] = []
        self.rejected: list[tuple[int, str]] = []

    def __repr__(self) -> str:
        cb = self.callback and CALLBACK_NAMES.get(self.callback.type, self.callback.type)
        return f"<InteractionHandle id={self.id} type={self.type} callback={cb!r}>"

    def elapsed(self) -> float:
        return time.monotonic() - self.dispatched_at

    def record(self, kind: str, data: dict[str, Any] | None, message: Message | None) -> Event:
        event = Event(kind=kind, at=self.elapsed(), data=data, message=message)
        self.events.append(event)
        return event

    @property
    def ephemeral(self) -> bool:
        """Whether the user alone sees the response (flag 64 on the callback or the message)."""
        if self.original is not None:
            return self.original.ephemeral
        return self.callback is not None and self.callback.ephemeral

    @property
    def modal(self) -> dict[str, Any] | None:
        return self.callback.data if self.callback and self.callback.type == 9 else None

    @property
    def choices(self) -> list[dict[str, Any]] | None:
        return (
            self.callback.data.get("choices") if self.callback and self.callback.type == 8 else None
        )

    def messages(self) -> list[Message]:
        """Messages this interaction produced or acted on, newest first."""
        found = [*reversed(self.followups)]
        if self.original is not None:
            found.append(self.original)
        return found

    async def _wait(self, predicate: Callable[[], bool], timeout: float, what: str) -> None:
        await self.double.wait_until(predicate, timeout=timeout, what=f"{what} of {self!r}")

    async def wait_response(self, timeout: float = 5.0) -> Callback:
        """The initial callback, once the bot has sent it."""
        await self._wait(lambda: self.callback is not None, timeout, "initial response")
        assert self.callback is not None
        return self.callback

    async def wait_followup(self, count: int = 1, timeout: float = 5.0) -> Message:
        """The ``count``-th follow-up message (a follow-up that filled a deferral counts)."""
        await self._wait(
            lambda: sum(e.kind == "followup" for e in self.events) >= count, timeout, "followup"
        )
        return [e.message for e in self.events if e.kind == "followup"][count - 1]  # type: ignore[return-value]

    def _settled_message(self) -> bool:
        cb = self.callback
        if cb is None or cb.type in (8, 9):
            return False
        if cb.type == 6:
            return any(e.kind in ("edit", "delete", "followup") for e in self.events)
        return self.original is not None and not self.original.loading

    async def wait_final(self, timeout: float = 5.0, settle: float = 0.1) -> Message:
        """The response message as the user finally sees it (after deferral and edits).

        Waits until the response is no longer "thinking" (or, after a deferred update, was
        edited) and then until nothing changed for ``settle`` seconds.
        """
        await self._wait(self._settled_message, timeout, "final message")
        while True:
            count = len(self.events)
            await asyncio.sleep(settle)
            if len(self.events) == count:
                break
        assert self.original is not None
        return self.original
