"""The time the bot's schedules (digests, story windows) go by.

Normally the system clock. For tests only, `NEWSBOT_CLOCK_FILE` names a file holding a moment
(ISO 8601, or unix seconds); it is read on every call, so a test moves the bot's time by
rewriting the file, and a digest's hour can be reached without waiting for it.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path


def file_clock(path: str | Path) -> Callable[[], float]:
    """A clock that reads its time from `path`; the system clock while the file is unreadable."""
    source = Path(path)

    def now() -> float:
        try:
            raw = source.read_text(encoding="utf-8").strip()
        except OSError:
            return time.time()
        try:
            return float(raw)
        except ValueError:
            pass
        try:
            moment = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            return time.time()
        return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).timestamp()

    return now


def make_clock(clock_file: str | None) -> Callable[[], float]:
    return file_clock(clock_file) if clock_file else time.time
