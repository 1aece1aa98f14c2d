"""Run full garbage collections when the event loop is idle, not in the middle of a burst.

A generation-2 collection walks every live object the collector tracks. During a burst of
questions that is the backlog too (hundreds of parsed events, messages and handler tasks
waiting at once), so an automatic one then holds the loop for 55-80 ms on a 2-core machine
(`benchmarks/load.py`). Once the burst has drained, the same collection walks a fraction of
that. So while `IdleCollector.run` runs, automatic full collections are held off (young ones
still run and free young cycles as usual); when one falls due, it waits for a check that finds
the loop keeping time and nothing `busy` (the bot: no question being answered), at most
`max_defer` seconds, and then runs on the loop. Loop lag alone is not enough: a backlog of
questions waiting on HTTP and SQLite leaves the loop on time while it holds many objects.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time
from collections.abc import Callable

from .stalls import NEVER, full_collections_held

log = logging.getLogger(__name__)

CHECK_EVERY = 0.25  # seconds between two looks at the loop and the collector
IDLE_LAG = 0.005  # the loop is idle when a sleep of CHECK_EVERY wakes at most this late
MAX_DEFER = 30.0  # a due full collection runs after this long even if the loop is never idle


class IdleCollector:
    """Hold off automatic full collections and run them at idle moments instead."""

    def __init__(
        self,
        *,
        every: float = CHECK_EVERY,
        idle_lag: float = IDLE_LAG,
        max_defer: float = MAX_DEFER,
        clock: Callable[[], float] = time.monotonic,
        collect: Callable[[int], int] = gc.collect,
        busy: Callable[[], bool] = lambda: False,
    ) -> None:
        self.every = every
        self.idle_lag = idle_lag
        self.max_defer = max_defer
        self.clock = clock
        self.collect = collect
        self.busy = busy  # e.g. questions are being answered: their objects would be walked too
        threshold = gc.get_threshold()[2]  # young collections between two full ones
        self.due_after = threshold if threshold < NEVER else 10  # 10 if a reload holds them now
        self.collections = 0  # full collections run, for figures and tests
        self.forced = 0  # of those, run after max_defer on a loop that was still busy

    def due(self) -> bool:
        """Tell whether an automatic full collection would have run by now."""
        return gc.get_count()[2] >= self.due_after

    def step(self, lag: float, due_since: float | None) -> float | None:
        """Collect if due and idle (or overdue); return when the wait for it began, if waiting."""
        if not self.due():
            return None
        now = self.clock()
        due_since = now if due_since is None else due_since
        overdue = now - due_since >= self.max_defer
        idle = lag <= self.idle_lag and not self.busy()
        if not idle and not overdue:
            return due_since
        started = time.perf_counter()
        found = self.collect(2)
        self.collections += 1
        self.forced += not idle
        log.debug(
            "full collection at %s: %d unreachable, %.1f ms",
            "an idle moment" if idle else "its deadline",
            found,
            (time.perf_counter() - started) * 1000,
        )
        return None

    async def run(self) -> None:
        """Watch the loop until cancelled, collecting fully only when it is idle."""
        with full_collections_held():
            due_since: float | None = None
            while True:
                start = self.clock()
                await asyncio.sleep(self.every)
                due_since = self.step(self.clock() - start - self.every, due_since)
