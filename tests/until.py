"""Wait for a condition with a timeout (no double at hand): re-checked every few milliseconds."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Callable
from typing import Any


async def until(predicate: Callable[[], Any], timeout: float = 5.0, what: str = "") -> Any:
    """Return predicate()'s first truthy value (it may be async); TimeoutError after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if inspect.isawaitable(result):
            result = await result
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout} s waiting for {what or predicate!r}")
        await asyncio.sleep(0.02)
