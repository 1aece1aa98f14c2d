"""Connect to Discord with the validated settings; clear errors, never the token, on failure."""

from __future__ import annotations

import asyncio
import logging
import sys

import discord

from ..cli.common import load_kb
from ..core.answering.engine import Engine
from ..settings import Settings
from ..store import StoreError, open_store
from .client import create_bot

log = logging.getLogger(__name__)

BAD_TOKEN = (
    "error: Discord refused DISCORD_TOKEN (invalid or reset token). Copy a fresh one from the "
    "developer portal (your application → Bot → Reset Token) into .env."
)
NEED_INTENT = (
    "error: the Message Content intent is not enabled for this bot. Enable it in the developer "
    "portal (Bot → Privileged Gateway Intents), or leave QA_CHANNEL_IDS empty."
)


async def serve(settings: Settings) -> None:
    """Load knowledge, open the store and run the bot until it is closed."""
    engine = Engine(load_kb(settings.knowledge_dir), tz=settings.tz)
    store = await open_store(settings)
    try:
        bot = create_bot(settings, engine=engine, store=store)
        async with bot:
            assert settings.discord_token is not None
            await bot.start(settings.discord_token.get_secret_value())
    finally:
        await store.close()


def run_discord(settings: Settings) -> int:
    """Run the bot; return the process exit code."""
    try:
        asyncio.run(serve(settings))
    except discord.LoginFailure:
        print(BAD_TOKEN, file=sys.stderr)
        return 1
    except discord.PrivilegedIntentsRequired:
        print(NEED_INTENT, file=sys.stderr)
        return 1
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        log.info("stopped")
    return 0
