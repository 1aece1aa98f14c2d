"""Measuring a load run: matching replies to questions, event-loop stalls and GC pauses."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import math
import re
import statistics
import time
from dataclasses import dataclass
from typing import Any

from tests.fakediscord import IDS, FakeDiscord

STALL_TARGET = 0.050  # issue 6: no single event-loop stall over 50 ms
MESSAGE_POST = re.compile(r"/channels/(\d+)/messages")
FOLLOWUP_POST = re.compile(rf"/webhooks/{IDS.app_id}/([^/]+)")


@dataclass
class Sent:
    """One injected question."""

    key: str  # "m:<message id>" or "i:<interaction id>"
    kind: str  # mention, qa or ask
    user_id: int
    at: float


@dataclass
class Reply:
    """One reply the bot made to a question."""

    kind: str  # answer, notice, apology or other
    at: float


@dataclass
class LoadReport:
    """What happened: questions sent, replies matched, timings and stalls."""

    sent: list[Sent]
    replies: dict[str, list[Reply]]
    stalls: list[tuple[float, float]]  # (when, lateness in s)
    events: list[tuple[str, float, float]]  # (what, start, end)
    wall: float
    cpu: float
    unmatched: int = 0  # bot replies that match no question (should stay 0)

    @property
    def lost(self) -> list[Sent]:
        """Questions that got no reply at all."""
        return [s for s in self.sent if not self.replies.get(s.key)]

    @property
    def doubled(self) -> list[Sent]:
        """Questions that got more than one reply."""
        return [s for s in self.sent if len(self.replies.get(s.key, [])) > 1]

    def latencies(self) -> list[float]:
        """Seconds from each injection to its first reply, sorted."""
        return sorted(
            self.replies[s.key][0].at - s.at for s in self.sent if self.replies.get(s.key)
        )

    def max_stall(self, start: float = 0.0, end: float = math.inf) -> float:
        """Return the largest event-loop stall seen between two monotonic times."""
        return max_stall(self.stalls, start, end)


def max_stall(
    samples: list[tuple[float, float]], start: float = 0.0, end: float = math.inf
) -> float:
    """Return the largest lateness of a watchdog sleep that began between two monotonic times."""
    return max((late for at, late in samples if start <= at <= end), default=0.0)


def verdict(what: str, stall: float, target: float = STALL_TARGET) -> str:
    """Return one line comparing a stall with its target: "max stall X ms (target ≤ 50 ms): met"."""
    result = "met" if stall <= target else "missed"
    return f"{what} {stall * 1000:.1f} ms (target ≤ {target * 1000:.0f} ms): {result}"


def percentile(values: list[float], q: float) -> float:
    """Return the q-th percentile (0-100) of sorted values, nearest rank."""
    if not values:
        return float("nan")
    return values[min(len(values), max(1, math.ceil(q / 100 * len(values)))) - 1]


def median(values: list[float]) -> float:
    """Return the median, or NaN for no values."""
    return statistics.median(values) if values else float("nan")


class Watchdog:
    """Sleep 5 ms in a loop and record how late each wake-up is."""

    def __init__(self, interval: float = 0.005) -> None:
        self.interval = interval
        self.samples: list[tuple[float, float]] = []
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        """Measure until cancelled."""
        while True:
            start = time.monotonic()
            await asyncio.sleep(self.interval)
            self.samples.append((start, time.monotonic() - start - self.interval))

    def start(self) -> None:
        """Start measuring."""
        self._task = asyncio.create_task(self._run(), name="load-watchdog")

    async def stop(self) -> None:
        """Stop measuring."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


def classify(body: dict[str, Any]) -> str:
    """Tell an answer from a cooldown notice or an apology."""
    content = body.get("content") or ""
    if "please wait" in content:
        return "notice"
    if content.startswith("Sorry"):
        return "apology"
    return "answer" if body.get("embeds") else "other"


class ReplyTracker:
    """Match the bot's replies to questions incrementally (each request and callback looked at once)."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self.replies: dict[str, list[Reply]] = {}
        self._requests = 0
        self._callbacks = 0

    def poll(self) -> None:
        """Take in the requests and callbacks recorded since the last poll."""
        requests = self.fake.recorder.requests
        while self._requests < len(requests) and requests[self._requests].status is not None:
            req = requests[self._requests]
            self._requests += 1
            if req.method != "POST" or req.status != 200 or not isinstance(req.json, dict):
                continue
            if MESSAGE_POST.fullmatch(req.path):
                ref = (req.json.get("message_reference") or {}).get("message_id")
                if ref is not None:
                    self._add(f"m:{ref}", req.json, req.at)
            elif match := FOLLOWUP_POST.fullmatch(req.path):
                inter = next(
                    (i for i in self.fake.interactions.values() if i.token == match[1]), None
                )
                self._add(f"i:{inter.id}" if inter else "?", req.json, req.at)
        callbacks = self.fake.callbacks
        while self._callbacks < len(callbacks):
            cb = callbacks[self._callbacks]
            self._callbacks += 1
            self._add(f"i:{cb.interaction_id}", cb.data, cb.request.at)

    def _add(self, key: str, body: dict[str, Any], at: float) -> None:
        """Record one reply."""
        self.replies.setdefault(key, []).append(Reply(classify(body), at))

    def answered(self, sent: list[Sent]) -> bool:
        """Tell whether every question has a reply."""
        self.poll()
        return all(s.key in self.replies for s in sent)


class GcPauses:
    """Record every garbage collection's start, duration and generation (gc.callbacks)."""

    def __init__(self) -> None:
        self.pauses: list[tuple[float, float, int]] = []
        self._start = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        """Note a collection starting or ending."""
        if phase == "start":
            self._start = time.monotonic()
        else:
            self.pauses.append((self._start, time.monotonic() - self._start, info["generation"]))

    def __enter__(self) -> GcPauses:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self)

    def during(self, at: float, late: float) -> str:
        """Name the collection that overlapped a stall, if one took at least half of it."""
        for start, took, gen in self.pauses:
            if at <= start <= at + late + 0.005 and took >= late / 2:
                return f" (GC, generation {gen}: {took * 1000:.0f} ms)"
        return ""

    def full(self, at: float, late: float) -> bool:
        """Tell whether a generation-2 collection overlapped a stall."""
        return any(g == 2 and at - 0.005 <= s <= at + late for s, _, g in self.pauses)

    def largest(self, start: float = 0.0, end: float = float("inf")) -> tuple[float, int]:
        """Return the longest pause that began between two monotonic times, and its generation."""
        found = [(d, g) for at, d, g in self.pauses if start <= at <= end]
        return max(found, default=(0.0, 0))
