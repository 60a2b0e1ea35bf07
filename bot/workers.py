"""Where CPU-heavy engine work runs, so it never blocks the event loop."""

from __future__ import annotations

import asyncio
import functools
import multiprocessing
import os
import select
import threading
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")


# Imported once in the fork server, so every worker starts with the engine and the language
# model loaded, sharing the model's memory (see the module).
PRELOAD = ["bot.engine.preload"]


def _exit_with(parent: int) -> None:
    """End this worker when the bot process that owns the pool is gone.

    A bot killed with SIGKILL (the OOM killer, a power-cut test) cannot shut its pool down, and
    a worker blocked on the pool's queue would wait for it forever, holding its memory. A
    daemon thread waits on the parent's pidfd and exits the worker when the parent does.
    """
    try:
        pidfd = os.pidfd_open(parent)
    except ProcessLookupError:
        os._exit(0)
    except (AttributeError, OSError):  # not Linux 5.3+: nothing to watch with
        return

    def watch() -> None:
        select.select([pidfd], [], [])
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-bot", daemon=True).start()


def _warm_up(parent: int) -> None:
    """Tie the worker's life to the bot's, and import the engine once per worker so that the
    first request does not pay for it.

    Workers keep the normal priority: the event loop sleeps most of the time, and the kernel
    runs a task that wakes from sleep ahead of busy ones (measured: the same wake-up delay with
    both cores busy at nice 0 or 10), while a lower priority only slowed the workers down
    whenever anything else ran on the machine (a 100,000-character KL-Sum: 0.5 s -> 1.4 s)."""
    _exit_with(parent)
    import bot.engine.preload  # noqa: F401  (already there, unless the fork server failed to)


def worker_count(workers: int | None = None) -> int:
    return workers or os.cpu_count() or 1


# numpy's BLAS (LSA's SVD) would start a thread per core in every worker: on a busy machine
# those threads spin against each other and the other workers (a 100,000-character LSA:
# 16 ms with one thread, 0.3-8 s with two). The pool already uses every core.
SINGLE_THREADED = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def make_executor(workers: int | None = None) -> ProcessPoolExecutor:
    """A process pool: engine work is pure Python, so threads would hold the GIL and stall
    heartbeats; processes use every core and leave the event loop free."""
    for name in SINGLE_THREADED:  # read by the fork server, started with the first worker
        os.environ.setdefault(name, "1")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return ProcessPoolExecutor(
        max_workers=worker_count(workers),
        mp_context=context,
        initializer=_warm_up,
        initargs=(os.getpid(),),
    )


def _started() -> int:
    return os.getpid()


async def prewarm(executor: Executor, workers: int) -> int:
    """Start the pool's processes now instead of on the first request: the pool starts them
    lazily, and a cold start (fork server, engine imports) takes seconds that the first
    `/summary` would otherwise wait for. One task per worker, sent at once, makes the pool
    start them all. Returns how many distinct processes answered."""
    loop = asyncio.get_running_loop()
    pids = await asyncio.gather(*(loop.run_in_executor(executor, _started) for _ in range(workers)))
    return len(set(pids))


async def run_cpu(executor: Executor | None, fn: Callable[..., T], *args, **kwargs) -> T:
    """Run `fn` in `executor`, or inline when there is none (the CLI, which has no loop to keep)."""
    if executor is None:
        return fn(*args, **kwargs)
    call = functools.partial(fn, *args, **kwargs)
    return await asyncio.get_running_loop().run_in_executor(executor, call)
