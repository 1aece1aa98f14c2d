"""Run a real discord.py Client/Bot against a FakeDiscord and shut it down cleanly."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, TypeVar

import discord

if TYPE_CHECKING:
    from tests.fakediscord.server import FakeDiscord

log = logging.getLogger(__name__)

ClientT = TypeVar("ClientT", bound=discord.Client)


async def stop_bot(bot: discord.Client, task: asyncio.Task[None], timeout: float = 10.0) -> None:
    """Close the client and wait for its start() task (re-raising its failure, if any)."""
    if not bot.is_closed():
        await asyncio.wait_for(bot.close(), timeout)
    done, _ = await asyncio.wait({task}, timeout=timeout)
    if not done:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        raise TimeoutError("bot.start() did not finish after close()")
    task.result()


@contextlib.asynccontextmanager
async def run_bot(
    fake: FakeDiscord, bot: ClientT, *, ready_timeout: float = 10.0
) -> AsyncIterator[ClientT]:
    """Start `bot` against `fake` (which must be patched in), wait for on_ready, close on exit."""
    task = asyncio.create_task(bot.start(fake.token), name="fakediscord-bot")
    try:
        await fake.wait_until(
            lambda: bot.is_ready() or task.done(), ready_timeout, what="bot ready"
        )
        if task.done():
            task.result()
            raise RuntimeError("bot.start() returned before the bot became ready")
        yield bot
    finally:
        await stop_bot(bot, task)
