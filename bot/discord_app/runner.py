"""Connect to Discord with the validated settings; clear errors, never the token, on failure."""

from __future__ import annotations

import asyncio
import logging
import sys
from pathlib import Path

import discord

from ..cli.common import CliError
from ..core.answering.engine import Engine
from ..core.knowledge.catalog import Catalog, Refresh
from ..core.knowledge.reader import KnowledgeError
from ..core.runtime.holder import open_knowledge
from ..settings import Settings
from ..store import Store
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


def snapshot_dir(settings: Settings) -> Path:
    """Return where the last good knowledge is kept: knowledge-snapshot/ next to the database."""
    return settings.database_path.parent / "knowledge-snapshot"


def open_for(settings: Settings) -> tuple[Catalog, Refresh]:
    """Read the knowledge folder to serve it (a broken contest from the snapshot), or CliError."""
    folder = settings.knowledge_dir
    try:
        catalog, opened = open_knowledge(folder, snapshot_dir(settings))
    except KnowledgeError as exc:
        count = len(exc.errors)
        raise CliError(
            f"knowledge in {folder} cannot be served ({count} error{'s' * (count != 1)}, "
            f"and no good knowledge kept from an earlier run):\n{exc}",
            1,
        ) from None
    if opened.errors:
        shown = "\n".join(map(str, opened.errors))
        log.error("the knowledge folder has %d error(s):\n%s", len(opened.errors), shown)
    return catalog, opened


async def serve(settings: Settings) -> None:
    """Load knowledge, open the store and run the bot until it is closed."""
    catalog, opened = open_for(settings)
    engine = Engine(opened.kb, tz=settings.tz)
    store = await Store.open(settings.database_path)
    try:
        bot = create_bot(
            settings, engine=engine, store=store, catalog=catalog, startup_errors=opened.errors
        )
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
    except KeyboardInterrupt:
        log.info("stopped")
    return 0
