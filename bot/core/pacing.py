"""Let a worker thread give way to the event loop whenever the loop falls behind.

A busy loop gives the GIL up at every socket write and then waits up to the switch interval
(5 ms) to get it back from a thread in pure Python. Long work in a thread (a reload, a check)
calls `pace()` between files, facts and contests; while a `Pacer` sees the loop falling behind,
the thread naps as long as it has just worked. An idle loop never falls behind, so the work
then runs at full speed. Outside a paced thread `pace()` does nothing.

asyncio is imported only by what runs on a loop: answering imports `pace`, and `bot ask` starts
faster without asyncio (and the ssl it imports).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import AsyncIterator, Iterator

TICK = 0.002  # how often the pacer's task notes that the loop runs
BEHIND = 0.010  # the loop is behind when that note is older than this
SLICE = 0.002  # a paced thread looks at the loop after this much work
MAX_NAP = 0.020  # the longest single nap

_local = threading.local()


class Pacer:
    """Let a worker thread give way whenever the event loop falls behind."""

    def __init__(self) -> None:
        self.tick = time.monotonic()
        self.naps = 0.0  # seconds the paced thread slept, for figures

    async def watch(self) -> None:
        """Note every few ms that the loop runs (a task on the loop, until cancelled)."""
        import asyncio

        while True:
            self.tick = time.monotonic()
            await asyncio.sleep(TICK)

    @contextlib.contextmanager
    def paced(self) -> Iterator[None]:
        """Make `pace()` in this thread give way to the loop for the duration."""
        _local.pacer, _local.since = self, time.monotonic()
        try:
            yield
        finally:
            _local.pacer = None

    def nap(self) -> None:
        """Sleep as long as this thread has just worked, if the loop is behind."""
        now = time.monotonic()
        worked = now - _local.since
        if worked < SLICE:
            return
        if now - self.tick > BEHIND:
            nap = min(worked, MAX_NAP)
            time.sleep(nap)
            self.naps += nap
        _local.since = time.monotonic()


def pace() -> None:
    """Give way to the event loop if this thread is paced and the loop is behind (else nothing)."""
    pacer = getattr(_local, "pacer", None)
    if pacer is not None:
        pacer.nap()


@contextlib.asynccontextmanager
async def pacing() -> AsyncIterator[Pacer]:
    """Watch the running loop for the duration; pass the pacer to the thread doing the work."""
    import asyncio

    pacer = Pacer()
    task = asyncio.create_task(pacer.watch(), name="reload-pacer")
    try:
        yield pacer
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
