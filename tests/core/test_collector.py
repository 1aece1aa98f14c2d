"""Full garbage collections wait for an idle event loop (bot/core/collector.py)."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator

import pytest

from bot.core.runtime.collector import IdleCollector
from bot.core.runtime.stalls import NEVER


@pytest.fixture(autouse=True)
def _gc_state_restored() -> Iterator[None]:
    """Fail a test that leaves the collector's thresholds changed."""
    threshold = gc.get_threshold()
    yield
    assert gc.get_threshold() == threshold


class Clock:
    """A monotonic clock moved by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def collector(clock: Clock, *, due: bool) -> tuple[IdleCollector, list[int]]:
    """Return a collector that records its collections instead of running them."""
    runs: list[int] = []
    made = IdleCollector(clock=clock, max_defer=30.0, collect=lambda gen: runs.append(gen) or 0)
    made.due_after = 0 if due else NEVER
    return made, runs


def test_nothing_due_nothing_collected() -> None:
    made, runs = collector(Clock(), due=False)
    assert made.step(lag=0.0, due_since=None) is None
    assert runs == [] and made.collections == 0


def test_a_due_collection_runs_at_once_on_an_idle_loop() -> None:
    made, runs = collector(Clock(), due=True)
    assert made.step(lag=0.001, due_since=None) is None
    assert runs == [2] and (made.collections, made.forced) == (1, 0)


def test_a_busy_loop_defers_it_until_the_deadline() -> None:
    clock = Clock()
    made, runs = collector(clock, due=True)
    since = made.step(lag=0.040, due_since=None)
    assert since == 100.0 and runs == []
    clock.now += 29.0
    assert made.step(lag=0.040, due_since=since) == since and runs == []
    clock.now += 1.0
    assert made.step(lag=0.040, due_since=since) is None
    assert runs == [2] and (made.collections, made.forced) == (1, 1)


async def test_run_holds_automatic_full_collections_and_collects_when_idle() -> None:
    saved = gc.get_threshold()
    made = IdleCollector(every=0.01)
    made.due_after = 0  # always due: an idle loop gets a real full collection at each check
    task = asyncio.create_task(made.run())
    await asyncio.sleep(0.2)
    assert gc.get_threshold() == (saved[0], saved[1], NEVER)
    assert made.collections >= 1 and made.forced == 0
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert gc.get_threshold() == saved


def test_a_busy_bot_defers_it_even_on_a_punctual_loop() -> None:
    clock, busy = Clock(), [True]
    made, runs = collector(clock, due=True)
    made.busy = lambda: busy[0]
    since = made.step(lag=0.0, due_since=None)
    assert since == 100.0 and runs == []
    busy[0] = False
    assert made.step(lag=0.0, due_since=since) is None
    assert runs == [2] and made.forced == 0
