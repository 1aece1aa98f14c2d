"""One clock for everything, in the configured time zone, injectable for tests."""

from __future__ import annotations

import datetime as dt
from typing import Protocol


class Clock(Protocol):
    """Something that tells the time."""

    tz: dt.tzinfo

    def now(self) -> dt.datetime:
        """Return the current time, aware, in the clock's zone."""
        ...


class SystemClock:
    """The real clock in a time zone."""

    def __init__(self, tz: dt.tzinfo) -> None:
        self.tz = tz

    def now(self) -> dt.datetime:
        """Return the current time in the zone."""
        return dt.datetime.now(self.tz)
