"""Fixtures that run the real ElectionBot against the local Discord double."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.core.answering.engine import Engine
from bot.core.knowledge.loader import load_knowledge
from bot.discord_app.client import ElectionBot
from bot.discord_app.sharded import ShardedElectionBot, create_bot
from bot.settings import Settings
from bot.store import Store
from tests.fakediscord import IDS, FakeDiscord, run_bot

ROOT = Path(__file__).resolve().parents[2]

BotFactory = Callable[..., Awaitable[ElectionBot]]


class TestBot(ElectionBot):
    """ElectionBot without discord.py's 5 s pause before a re-IDENTIFY (tests only)."""

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """Skip the pause."""


class ShardedTestBot(TestBot, ShardedElectionBot):
    """ShardedElectionBot without the 5 s pause before each shard's IDENTIFY (tests only)."""


def make_settings(tmp_path: Path, **overrides: Any) -> Settings:
    """Settings for a bot in the double's guild, with a QA channel and no cooldown."""
    values: dict[str, Any] = {
        "discord_guild_id": IDS.guild_id,
        "qa_channel_ids": [IDS.qa_channel_id],
        "moderator_role_ids": [IDS.moderator_role_id],
        "announce_channel_id": IDS.announcements_channel_id,
        "modlog_channel_id": IDS.mod_log_channel_id,
        "knowledge_dir": ROOT / "knowledge",
        "database_path": tmp_path / "bot.sqlite3",
        "cooldown_seconds": 0,
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The engine on the shipped knowledge base."""
    return Engine(load_knowledge(ROOT / "knowledge"))


@pytest_asyncio.fixture
async def start_bot(
    fake_discord: FakeDiscord, tmp_path: Path, engine: Engine
) -> AsyncIterator[BotFactory]:
    """Start ElectionBots (sharded ones with SHARD_COUNT) against the double; close them after."""
    stack: list[Any] = []
    stores: list[Store] = []

    async def start(**overrides: Any) -> ElectionBot:
        settings = make_settings(tmp_path, **overrides)
        store = await Store.open(settings.database_path)
        stores.append(store)
        served = engine  # a knowledge copy gets its own engine: status writes must land there
        if Path(settings.knowledge_dir) != ROOT / "knowledge":
            served = Engine(load_knowledge(settings.knowledge_dir), tz=settings.tz)
        bot = create_bot(
            settings,
            engine=served,
            store=store,
            plain=TestBot,
            sharded=ShardedTestBot,
            guild_ready_timeout=0.1,
        )
        ctx = run_bot(fake_discord, bot)
        stack.append(ctx)
        return await ctx.__aenter__()

    yield start
    for ctx in reversed(stack):
        await ctx.__aexit__(None, None, None)
    for store in stores:
        await store.close()


@pytest_asyncio.fixture
async def election_bot(start_bot: BotFactory) -> ElectionBot:
    """A running ElectionBot with default test settings."""
    return await start_bot()
