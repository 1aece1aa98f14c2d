"""Per-user cooldown: a plain-Python limiter with an injectable clock."""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable


class Cooldown:
    """Allow one action per key every `seconds`; remember only recent keys."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self.clock = clock
        self._last: dict[Hashable, float] = {}
        self._next_prune = 0.0

    def retry_after(self, key: Hashable) -> float:
        """Return 0 and record the action if it is allowed, else the seconds left to wait."""
        if self.seconds <= 0:
            return 0.0
        now = self.clock()
        self._prune(now)
        last = self._last.get(key)
        if last is not None and now - last < self.seconds:
            return self.seconds - (now - last)
        self._last[key] = now
        return 0.0

    def _prune(self, now: float) -> None:
        """Forget keys whose cooldown has long passed, at most once per period."""
        if now < self._next_prune:
            return
        self._last = {k: t for k, t in self._last.items() if now - t < self.seconds}
        self._next_prune = now + max(self.seconds, 1.0) * 10
