"""Per-channel memory of the contest last named, so follow-up questions need not name it again."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

from ..answering.routing import MAX_CANDIDATES

MAX_CHANNELS = 50_000  # beyond this, the channels named least recently are forgotten first


class ContestMemory:
    """Remember, per channel, the contest named there last, for `seconds` after it was named.

    Also keeps the contests named most recently anywhere, to offer when a question must ask
    which contest. Plain Python with an injectable monotonic clock; `seconds` <= 0 turns it off.
    """

    def __init__(
        self,
        seconds: float,
        clock: Callable[[], float] = time.monotonic,
        max_channels: int = MAX_CHANNELS,
    ) -> None:
        self.seconds = seconds
        self.clock = clock
        self.max_channels = max_channels
        self._channels: OrderedDict[Hashable, tuple[str, float]] = OrderedDict()
        self._recent: OrderedDict[str, None] = OrderedDict()

    def get(self, channel: Hashable) -> str | None:
        """Return the contest named in the channel within the last `seconds`, if any."""
        if channel is None or self.seconds <= 0:
            return None
        hit = self._channels.get(channel)
        if hit is None:
            return None
        contest, at = hit
        if self.clock() - at > self.seconds:
            del self._channels[channel]
            return None
        return contest

    def remember(self, channel: Hashable, contest: str) -> None:
        """Record that a question in the channel named the contest just now."""
        if self.seconds <= 0:
            return
        self._recent[contest] = None
        self._recent.move_to_end(contest, last=False)
        while len(self._recent) > MAX_CANDIDATES:
            self._recent.popitem()
        if channel is None:
            return
        self._channels[channel] = (contest, self.clock())
        self._channels.move_to_end(channel)
        while len(self._channels) > self.max_channels:
            self._channels.popitem(last=False)

    def recent(self) -> list[str]:
        """Return the contests named most recently anywhere, newest first."""
        return list(self._recent)
