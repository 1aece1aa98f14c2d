"""Clocks for announcements: clock time into real sleeping time, and the rehearsal clock."""

from __future__ import annotations

import datetime as dt
import time

from ..core.clock import Clock


class AcceleratedClock:
    """A clock that starts at `start` and runs `speed` times faster than real time."""

    def __init__(self, start: dt.datetime, speed: float, tz: dt.tzinfo) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.tz = tz
        self.start = start.astimezone(tz)
        self.speed = speed
        self._origin = time.monotonic()

    def now(self) -> dt.datetime:
        """Return the accelerated time."""
        elapsed = (time.monotonic() - self._origin) * self.speed
        return self.start + dt.timedelta(seconds=elapsed)

    def real_seconds(self, clock_seconds: float) -> float:
        """Return how long `clock_seconds` of this clock last in real time."""
        return clock_seconds / self.speed


def real_seconds(clock: Clock, clock_seconds: float) -> float:
    """Return the real seconds to sleep for `clock_seconds` of `clock` (same unless accelerated)."""
    convert = getattr(clock, "real_seconds", None)
    return float(convert(clock_seconds)) if callable(convert) else clock_seconds


def iso(value: dt.datetime) -> str:
    """Render a time for the store: ISO 8601 with its offset, to the second."""
    return value.isoformat(timespec="seconds")


def parse_iso(text: str, tz: dt.tzinfo) -> dt.datetime:
    """Parse a stored time, assuming `tz` for a naive one."""
    value = dt.datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=tz)
