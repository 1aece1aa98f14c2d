"""One Discord double and one real ElectionBot per module, on a copy of the knowledge."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator

import pytest
import pytest_asyncio

from bot.core.answering.engine import Engine
from bot.core.knowledge.loader import load_knowledge
from bot.discord_app.client import ElectionBot
from bot.settings import Settings
from bot.store import Store
from tests.fakediscord import IDS, FakeDiscord, patch_discord, run_bot
from tests.load.harness import LoadBot, copy_knowledge


class ErrorLog(logging.Handler):
    """Keep every ERROR record logged while a module's bot runs."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the record."""
        self.records.append(record)


@pytest.fixture(scope="module")
def error_log() -> Iterator[ErrorLog]:
    """Collect ERROR records from every logger for the whole module."""
    handler = ErrorLog()
    logging.getLogger().addHandler(handler)
    yield handler
    logging.getLogger().removeHandler(handler)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def fake() -> AsyncIterator[FakeDiscord]:
    """A Discord double shared by the module's tests, patched into discord.py."""
    double = FakeDiscord()
    await double.start()
    try:
        with patch_discord(double):
            yield double
    finally:
        await double.stop()
    assert not double.internal_errors, double.internal_errors


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def bot(
    fake: FakeDiscord, tmp_path_factory: pytest.TempPathFactory, error_log: ErrorLog
) -> AsyncIterator[ElectionBot]:
    """A real ElectionBot (no cooldown, QA channel, no file watcher) on a knowledge copy."""
    tmp = tmp_path_factory.mktemp("hostile-bot")
    knowledge = copy_knowledge(tmp)
    settings = Settings(
        discord_guild_id=IDS.guild_id,
        qa_channel_ids=[IDS.qa_channel_id],
        moderator_role_ids=[IDS.moderator_role_id],
        knowledge_dir=knowledge,
        database_path=tmp / "bot.sqlite3",
        cooldown_seconds=0,
    )
    store = await Store.open(settings.database_path)
    engine = Engine(load_knowledge(knowledge), tz=settings.tz)
    running = LoadBot(
        settings=settings, engine=engine, store=store, watch=False, guild_ready_timeout=0.1
    )
    try:
        async with run_bot(fake, running, ready_timeout=30) as started:
            yield started
    finally:
        await store.close()
