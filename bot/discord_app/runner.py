"""Connect to Discord with the validated settings; clear errors, never the token, on failure."""

from __future__ import annotations

import asyncio
import gc
import logging
import sys
from dataclasses import dataclass

import discord

from ..cli.common import CliError
from ..core.answering.engine import ContestParts, Engine
from ..core.knowledge.catalog import Catalog, Refresh
from ..core.knowledge.loader import gc_paused
from ..core.knowledge.reader import KnowledgeError
from ..core.runtime.startup import Opening, snapshot_dir
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


def open_for(
    settings: Settings, opening: Opening | None = None
) -> tuple[Catalog, Refresh, dict[str, ContestParts]]:
    """Read the knowledge folder to serve it (a broken contest from the snapshot), or CliError."""
    folder = settings.knowledge_dir
    opening = opening or Opening(folder, snapshot_dir(settings.database_path), workers=0)
    try:
        catalog, opened, parts = opening.result()
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
    return catalog, opened, parts


@dataclass
class Started:
    """The knowledge opened and the engine built, handed to the bot (and then forgotten here)."""

    catalog: Catalog | None
    refresh: Refresh | None
    engine: Engine | None


def start_engine(settings: Settings, opening: Opening | None = None) -> Started:
    """Open the knowledge and build the engine, then freeze it all out of the collector's sight.

    With the collector paused throughout: nothing read is garbage, and a collection would walk
    every new object in vain (a quarter of a second at 650 contests).
    """
    with gc_paused():
        catalog, refresh, parts = open_for(settings, opening)
        engine = Engine(refresh.kb, tz=settings.tz, parts=parts)
        gc.freeze()
    return Started(catalog, refresh, engine)


async def serve(settings: Settings, started: Started) -> None:
    """Open the store and run the bot on the knowledge opened, until it is closed.

    `started` is emptied once the bot has it: the first engine and knowledge base must not stay
    alive here once reloads have replaced them.
    """
    assert started.catalog and started.refresh and started.engine
    catalog, engine, errors = started.catalog, started.engine, started.refresh.errors
    started.catalog = started.refresh = started.engine = None
    store = await Store.open(settings.database_path)
    try:
        bot = create_bot(
            settings, engine=engine, store=store, catalog=catalog, startup_errors=errors
        )
        del engine, catalog
        async with bot:
            assert settings.discord_token is not None
            await bot.start(settings.discord_token.get_secret_value())
    finally:
        await store.close()


def run_discord(settings: Settings, opening: Opening | None = None) -> int:
    """Run the bot on the knowledge being opened (else opened now); return the exit code."""
    started = start_engine(settings, opening)  # before the event loop: no one can ask yet
    try:
        asyncio.run(serve(settings, started))
    except discord.LoginFailure:
        print(BAD_TOKEN, file=sys.stderr)
        return 1
    except discord.PrivilegedIntentsRequired:
        print(NEED_INTENT, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        log.info("stopped")
    return 0
