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


def listening_for(bot: discord.Client, message_id: int) -> bool:
    """Tell whether `bot` has a view registered for the components of message `message_id`."""
    return message_id in bot._connection._view_store._views  # discord.py 2.7's view store


async def wait_for_view(
    fake: FakeDiscord, bot: discord.Client, message_id: int, timeout: float = 5.0
) -> None:
    """Wait until `bot` listens for the buttons of message `message_id` before clicking them.

    discord.py registers a view sent with an interaction response only once it has read the
    double's answer, which can be after the double recorded the callback and woke the test.
    A click injected before that is dropped by discord.py, as it would be on Discord.
    """
    await fake.wait_until(
        lambda: listening_for(bot, message_id), timeout, what=f"a view on message {message_id}"
    )


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
