"""Where announcements go: the Transport protocol, its two kinds of failure, a console transport."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TextIO

from .render import Announcement


class TransientError(Exception):
    """A failure worth retrying: 5xx, 429, a timeout, a closed connection or gateway."""


class PermanentError(Exception):
    """A failure retrying cannot fix (403, 404, a refused message); `fix` says what to do."""

    def __init__(self, reason: str, fix: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.fix = fix


@dataclass(frozen=True)
class Sent:
    """A message that exists in the channel, and whether it still needs publishing."""

    message_id: int
    news: bool = False
    published: bool = False


class Transport(Protocol):
    """Sends announcements and finds them again; raises TransientError or PermanentError."""

    async def wait_ready(self) -> None:
        """Return once sending can start."""
        ...

    async def send(self, channel_id: int, announcement: Announcement, nonce: str) -> Sent:
        """Post an announcement with a deterministic nonce; return the message."""
        ...

    async def find(self, channel_id: int, refs: set[str], limit: int) -> dict[str, Sent]:
        """Find the channel's recent messages whose footer carries one of `refs`."""
        ...

    async def publish(self, channel_id: int, message_id: int) -> None:
        """Publish (crosspost) a message of a news channel; already published is success."""
        ...

    async def notify_mods(self, text: str) -> None:
        """Tell the moderators (mod-log); never raises."""
        ...


class ConsoleTransport:
    """Prints announcements instead of posting them (rehearsals without Discord)."""

    def __init__(self, out: TextIO | None = None, stamp: Callable[[], str] | None = None) -> None:
        self.out = out or sys.stdout
        self.stamp = stamp or (lambda: "")
        self.sent: list[tuple[int, Announcement]] = []
        self._ids = itertools.count(1)

    def _print(self, text: str) -> None:
        """Print and flush."""
        print(text, file=self.out, flush=True)

    async def wait_ready(self) -> None:
        """The console is always ready."""

    async def send(self, channel_id: int, announcement: Announcement, nonce: str) -> Sent:
        """Print the announcement as it would be read."""
        message_id = next(self._ids)
        self.sent.append((message_id, announcement))
        self._print(f"\n[{self.stamp()}] ANNOUNCEMENT #{message_id}\n{announcement.text()}")
        return Sent(message_id)

    async def find(self, channel_id: int, refs: set[str], limit: int) -> dict[str, Sent]:
        """Find what this process printed."""
        found: dict[str, Sent] = {}
        for message_id, ann in self.sent[-limit:]:
            for ref in refs:
                if ann.footer.endswith(ref):
                    found[ref] = Sent(message_id)
        return found

    async def publish(self, channel_id: int, message_id: int) -> None:
        """Nothing to publish on a console."""

    async def notify_mods(self, text: str) -> None:
        """Print what the mod-log would get."""
        self._print(f"[{self.stamp()}] [mod-log] {text}")
