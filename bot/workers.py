"""Where CPU-heavy engine work runs, so it never blocks the event loop."""

from __future__ import annotations

import asyncio
import functools
import logging
import multiprocessing
import os
import select
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

T = TypeVar("T")
log = logging.getLogger(__name__)


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


WORKER_NICENESS = 10
"""Engine workers run at a lower priority than the bot's event loop. When members keep every
core busy with new summaries, the loop (cached answers, autocomplete, acknowledgements) must
still get a core the moment it wakes: under the load benchmark's mix with the workers at nice
10, cached `/summary` p50 went from 128 to 8 ms and p99 from 654 to 170 ms, autocomplete p99
from 422 to 99 ms, and the worst loop lag from 573 to 103 ms, for about a fifth fewer
uncached summaries a second (the loop's work comes first; CPU time is not lost, only
ordered). On a machine with idle cores the priority changes nothing."""


def _warm_up(parent: int) -> None:
    """Tie the worker's life to the bot's, lower its priority below the event loop's, and
    import the engine once per worker so that the first request does not pay for it."""
    _exit_with(parent)
    os.nice(WORKER_NICENESS)
    import bot.engine.preload  # noqa: F401  (already there, unless the fork server failed to)


def worker_count(workers: int | None = None) -> int:
    """`workers` if set, else one per core this process may run on (a container's CPU set,
    not the host's core count)."""
    if workers:
        return workers
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


# numpy's BLAS (LSA's SVD) would start a thread per core in every worker: on a busy machine
# those threads spin against each other and the other workers (a 100,000-character LSA:
# 16 ms with one thread, 0.3-8 s with two). The pool already uses every core.
SINGLE_THREADED = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def _process_pool(workers: int) -> ProcessPoolExecutor:
    for name in SINGLE_THREADED:  # read by the fork server, started with the first worker
        os.environ.setdefault(name, "1")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_warm_up,
        initargs=(os.getpid(),),
    )


def _started() -> int:
    return os.getpid()


class EnginePool(Executor):
    """A process pool for engine work that survives the death of a worker.

    Engine work is pure Python, so threads would hold the GIL and stall heartbeats; processes
    use every core and leave the event loop free. When a worker dies (the OOM killer sends
    SIGKILL), `ProcessPoolExecutor` marks the whole pool broken and fails every later call;
    `run` then swaps in a new pool and retries the call once, so the user still gets an answer.
    """

    def __init__(self, workers: int | None = None) -> None:
        self.workers = worker_count(workers)
        self._pool = _process_pool(self.workers)
        self._swap = threading.Lock()

    def submit(self, fn: Callable[..., T], /, *args, **kwargs) -> Future[T]:
        return self._pool.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._pool.shutdown(wait=wait, cancel_futures=cancel_futures)

    def replace_broken(self, broken: ProcessPoolExecutor) -> None:
        """Swap in a new pool for `broken`, once: the calls that all failed with the same
        broken pool must not each start a pool of their own."""
        with self._swap:
            if self._pool is not broken:
                return
            log.warning("an engine worker died; starting a new pool of %d", self.workers)
            self._pool = _process_pool(self.workers)
        broken.shutdown(wait=False, cancel_futures=True)

    async def run(self, fn: Callable[..., T], *args, **kwargs) -> T:
        """`fn(*args, **kwargs)` in a worker; retried once in a new pool if a worker died."""
        call = functools.partial(fn, *args, **kwargs)
        pool = self._pool
        try:
            return await asyncio.wrap_future(pool.submit(call))
        except BrokenProcessPool:
            # A new worker forks from the fork server, which already holds the engine: cheap.
            await asyncio.to_thread(self.replace_broken, pool)
            return await asyncio.wrap_future(self._pool.submit(call))

    def start_workers(self) -> int:
        """Start every worker now and wait until each has loaded the engine; returns how many
        processes the pool runs. Blocking: the first start waits for the fork server to import
        the engine (a second or more), so call it from a thread, never from the event loop.

        The pool starts a process per task submitted while none is idle, so `workers` tasks
        sent at once start them all; one fast worker may answer several of them, so the count
        comes from the pool's process table, not from the answers."""
        for future in [self._pool.submit(_started) for _ in range(self.workers)]:
            future.result()
        return len(self.pids())

    def pids(self) -> list[int]:
        """The worker processes the pool runs now (for the start-up log and the benchmarks)."""
        return list(self._pool._processes or {})

    async def warm(self) -> int:
        """`start_workers` off the event loop."""
        return await asyncio.to_thread(self.start_workers)


def make_executor(workers: int | None = None) -> EnginePool:
    """The engine pool the bot, the CLI's batch commands and the benchmarks use."""
    return EnginePool(workers)


async def run_cpu(executor: Executor | None, fn: Callable[..., T], *args, **kwargs) -> T:
    """Run `fn` in `executor`, or inline when there is none (the CLI, which has no loop to keep)."""
    if executor is None:
        return fn(*args, **kwargs)
    if isinstance(executor, EnginePool):
        return await executor.run(fn, *args, **kwargs)
    call = functools.partial(fn, *args, **kwargs)
    return await asyncio.get_running_loop().run_in_executor(executor, call)
