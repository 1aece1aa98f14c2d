"""Two bot processes on one PostgreSQL, the poster SIGKILLed at random points (issue 14).

Used by test_kill_processes.py (a few cycles) and benchmarks/kill_processes.py (20 or more).
Each cycle makes a status change through one of the two processes (tests/announce/shard_child.py),
kills the process that posts the announcements at a delivery step (before the send, after the
send, after recording it) or at a random moment after the change, waits for the other to take
over and for the announcement to be in the channel, then starts the killed shard again. Every
announcement must be posted exactly once.
"""

from __future__ import annotations

import asyncio
import functools
import os
import random
import signal
import statistics
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg

from bot.announce.delivery import STEPS
from tests.announce.child import KILL_ENV
from tests.announce.killing import current_key, messages_with_ref, ref_for
from tests.fakediscord import IDS, FakeDiscord

ROOT = Path(__file__).resolve().parents[2]
ROTATION = ("phase:polls_closed", "phase:counting", "phase:recount", "declare", "phase:postponed")
POINTS = (*STEPS, "random")
RANDOM_KILL_WITHIN = 0.5  # seconds after the change: where a "random" kill lands
WAIT = 60.0  # seconds any one step of a cycle may take before the run fails


class PairError(Exception):
    """A cycle went wrong (a child failed, or something never happened)."""


class Child:
    """One shard's bot process and the lines it printed."""

    def __init__(self, shard: int) -> None:
        self.shard = shard
        self.proc: asyncio.subprocess.Process | None = None
        self.lines: list[str] = []
        self.changed = asyncio.Event()
        self.stderr: bytes = b""
        self._reader: asyncio.Task[None] | None = None

    async def start(self, fake: FakeDiscord, url: str, knowledge: Path) -> None:
        """Start the process and wait for READY."""
        env = {k: v for k, v in os.environ.items() if k != KILL_ENV}
        self.lines, self.stderr = [], b""
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tests.announce.shard_child",
            fake.api_base, fake.gateway_url, url, str(knowledge), str(self.shard),
            cwd=ROOT, env=env, stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        self._reader = asyncio.create_task(self._read())
        await self.wait_for("READY")

    async def _read(self) -> None:
        """Collect stdout lines (and stderr at the end)."""
        assert self.proc is not None and self.proc.stdout is not None
        while line := await self.proc.stdout.readline():
            self.lines.append(line.decode().strip())
            self.changed.set()
        assert self.proc.stderr is not None
        self.stderr = await self.proc.stderr.read()
        self.changed.set()

    def found(self, prefix: str, since: int = 0) -> str | None:
        """Return the first line from `since` on that starts with `prefix`."""
        return next((x for x in self.lines[since:] if x.startswith(prefix)), None)

    async def wait_for(self, prefix: str, since: int = 0, timeout: float = WAIT) -> str:
        """Wait for a line starting with `prefix`; PairError if the process ends first."""
        deadline = time.monotonic() + timeout
        while (line := self.found(prefix, since)) is None:
            if self._reader is not None and self._reader.done():
                raise PairError(
                    f"shard {self.shard} ended before {prefix!r}: {self.stderr.decode()[-2000:]}"
                )
            self.changed.clear()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise PairError(f"shard {self.shard} printed no {prefix!r} in {timeout} s")
            try:
                await asyncio.wait_for(self.changed.wait(), remaining)
            except TimeoutError:
                continue
        return line

    async def send(self, command: str) -> None:
        """Write one command line (ignored if the process is already gone)."""
        assert self.proc is not None and self.proc.stdin is not None
        try:
            self.proc.stdin.write(f"{command}\n".encode())
            await self.proc.stdin.drain()
        except (BrokenPipeError, ConnectionResetError):
            pass

    @property
    def alive(self) -> bool:
        """Tell whether the process is still running."""
        return self.proc is not None and self.proc.returncode is None

    def posting_since(self) -> float | None:
        """Return when this process last took the lead, if it ever did."""
        lines = [x for x in self.lines if x.startswith("POSTER ")]
        return float(lines[-1].split()[1]) if lines else None

    async def kill(self) -> float:
        """SIGKILL the process now; return when."""
        assert self.proc is not None
        at = time.time()
        self.proc.send_signal(signal.SIGKILL)
        await self.ended()
        return at

    async def ended(self) -> int:
        """Wait for the process to end; return its exit status."""
        assert self.proc is not None and self._reader is not None
        code = await asyncio.wait_for(self.proc.wait(), WAIT)
        await asyncio.wait_for(self._reader, WAIT)
        return code

    async def stop(self) -> None:
        """Ask the process to quit; kill it if it does not."""
        if not self.alive:
            return
        await self.send("quit")
        try:
            await asyncio.wait_for(self.ended(), 20)
        except TimeoutError:
            await self.kill()


@dataclass
class Figures:
    """What a run of cycles did."""

    cycles: int = 0
    kills: Counter[str] = field(default_factory=Counter)
    made_through: Counter[str] = field(default_factory=Counter)
    keys: list[str] = field(default_factory=list)
    takeovers: list[float] = field(default_factory=list)  # kill → the other took the lead (s)
    posted_after: list[float] = field(default_factory=list)  # kill → announcement sent (s)
    per_key: dict[str, int] = field(default_factory=dict)
    total_messages: int = 0

    @property
    def duplicates(self) -> int:
        """Messages beyond the first of an announcement."""
        return sum(n - 1 for n in self.per_key.values() if n > 1)

    @property
    def losses(self) -> int:
        """Announcements never posted."""
        return sum(1 for n in self.per_key.values() if n == 0)

    def summary(self) -> list[str]:
        """Describe the run in a few lines."""
        histogram = Counter(self.per_key.values())

        def spread(values: list[float]) -> str:
            if not values:
                return "none"
            return (
                f"min {min(values):.2f} s, median {statistics.median(values):.2f} s, "
                f"max {max(values):.2f} s"
            )

        return [
            f"cycles: {self.cycles}",
            "kills of the poster: " + ", ".join(f"{p} {self.kills[p]}" for p in POINTS),
            "changes made through: "
            + ", ".join(f"{k} {v}" for k, v in sorted(self.made_through.items())),
            "messages per announcement: "
            + ", ".join(f"{n} message(s): {k}" for n, k in sorted(histogram.items())),
            f"messages in the channel: {self.total_messages} for {len(self.per_key)} announcements",
            f"duplicates: {self.duplicates}, losses: {self.losses}",
            f"takeover (kill → the other process posts): {spread(self.takeovers)}",
            f"kill → the announcement recorded as sent: {spread(self.posted_after)}",
        ]


async def sent_row(url: str, key: str) -> bool:
    """Tell whether the outbox row of `key` is sent."""
    conn = await asyncpg.connect(url)
    try:
        return await conn.fetchval("SELECT state FROM outbox WHERE key = $1", key) == "sent"
    finally:
        await conn.close()


async def until(predicate: Callable[[], Awaitable[bool]], what: str, timeout: float = WAIT) -> None:
    """Wait for an async predicate; PairError after `timeout` s."""
    deadline = time.monotonic() + timeout
    while not await predicate():
        if time.monotonic() > deadline:
            raise PairError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def poster_of(children: list[Child]) -> Child:
    """Return the living child that posts now (the last to have taken the lead)."""
    await until(lambda: _one_poster(children), "one process to post the announcements")
    living = [c for c in children if c.alive and c.posting_since() is not None]
    return max(living, key=lambda c: c.posting_since() or 0.0)


async def _one_poster(children: list[Child]) -> bool:
    return any(c.alive and c.posting_since() is not None for c in children)


async def run_cycles(
    fake: FakeDiscord,
    url: str,
    knowledge: Path,
    count: int,
    seed: int,
    *,
    log: bool = False,
    every_point: bool = False,
) -> Figures:
    """Run `count` kill cycles; return the figures (PairError when a cycle cannot go on).

    Kill points and the process each change goes through are drawn at random, or with
    `every_point` taken in turn (each point, the change through the poster and the standby
    alternately)."""
    rng = random.Random(seed)
    figures = Figures()
    children = [Child(0), Child(1)]
    try:
        for child in children:
            await child.start(fake, url, knowledge)
        for cycle in range(count):
            poster = await poster_of(children)
            standby = next(c for c in children if c is not poster)
            if every_point:
                point, maker = POINTS[cycle % len(POINTS)], (standby, poster)[cycle % 2]
            else:
                point, maker = rng.choice(POINTS), rng.choice((poster, standby))
            action = ROTATION[cycle % len(ROTATION)]
            if point != "random":
                await poster.send(f"arm {point}")
            mark = len(maker.lines)
            await maker.send(f"act {action}")
            if point == "random":
                await asyncio.sleep(rng.uniform(0, RANDOM_KILL_WITHIN))  # where the kill lands
                killed_at = await poster.kill()
            else:
                line = await poster.wait_for(f"KILL {point} ")
                await poster.ended()
                killed_at = float(line.split()[-1])
            if maker is standby:
                await maker.wait_for("ACTED", since=mark)
            key = current_key(knowledge)
            await until(functools.partial(_took_lead_after, standby, killed_at), "the takeover")
            figures.takeovers.append((standby.posting_since() or killed_at) - killed_at)
            if key not in figures.keys:
                figures.keys.append(key)
                await until(functools.partial(sent_row, url, key), f"{key} to be sent")
                figures.posted_after.append(time.time() - killed_at)
            figures.kills[point] += 1
            figures.made_through["the poster" if maker is poster else "the standby"] += 1
            figures.cycles += 1
            posted = len(messages_with_ref(fake, ref_for(key)))
            if log:
                print(
                    f"  cycle {cycle + 1:>2}: {action:<20} through shard {maker.shard} "
                    f"({'poster' if maker is poster else 'standby'}), kill shard {poster.shard} "
                    f"at {point:<12} takeover {figures.takeovers[-1]:.2f} s -> {posted} message(s)",
                    flush=True,
                )
            await poster.start(fake, url, knowledge)  # the killed shard comes back, standing by
        for key in figures.keys:
            figures.per_key[key] = len(messages_with_ref(fake, ref_for(key)))
        figures.total_messages = len(fake.bot_messages_in(IDS.announcements_channel_id))
    finally:
        for child in children:
            await child.stop()
    return figures


async def _took_lead_after(child: Child, when: float) -> bool:
    since = child.posting_since()
    return since is not None and since >= when
