"""Where CPU-heavy engine work runs, so it never blocks the event loop."""

from __future__ import annotations

import asyncio
import functools
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def _warm_up() -> None:
    """Import the engine once per worker so the first request does not pay for it."""
    import bot.engine.quotes
    import bot.engine.summarize  # noqa: F401


def make_executor(workers: int | None = None) -> ProcessPoolExecutor:
    """A process pool: engine work is pure Python, so threads would hold the GIL and stall
    heartbeats; processes use every core and leave the event loop free."""
    count = workers or os.cpu_count() or 1
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["bot.engine.summarize", "bot.engine.quotes"])
    return ProcessPoolExecutor(max_workers=count, mp_context=context, initializer=_warm_up)


async def run_cpu(executor: Executor | None, fn: Callable[..., T], *args, **kwargs) -> T:
    """Run `fn` in `executor`, or inline when there is none (the CLI, which has no loop to keep)."""
    if executor is None:
        return fn(*args, **kwargs)
    call = functools.partial(fn, *args, **kwargs)
    return await asyncio.get_running_loop().run_in_executor(executor, call)
