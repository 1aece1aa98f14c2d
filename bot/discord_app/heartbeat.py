"""The heartbeat file: touched while the bot is connected to Discord, read by `bot health`."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

EVERY = 15.0  # seconds between two touches; `bot health` allows a few missed ones


class Heartbeat:
    """Touch a file every `every` seconds while `connected()` says the bot is connected."""

    def __init__(self, path: Path, *, connected: Callable[[], bool], every: float = EVERY) -> None:
        self.path = path
        self.connected = connected
        self.every = every
        self.beats = 0  # touches so far, for tests

    def beat(self) -> None:
        """Touch the file now if connected; log, never raise, a failure to write it."""
        if not self.connected():
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.touch()
            self.beats += 1
        except OSError as exc:
            log.warning("could not touch the heartbeat file %s: %s", self.path, exc)

    async def run(self) -> None:
        """Beat until cancelled."""
        while True:
            self.beat()
            await asyncio.sleep(self.every)
