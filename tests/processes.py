"""Two bot processes on one PostgreSQL database and one knowledge folder, against the double.

Each "process" is an ElectionBot running its own shard (SHARD_COUNT=2, SHARD_IDS 0 or 1) with a
store of its own (its own connection pool, so its own database sessions and advisory locks, as
a separate process has). The double's default guild is on shard 1; `shard_zero` adds a guild on
shard 0 with a moderator, so that each process has a server to take commands from.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.core.answering.engine import Engine
from bot.core.knowledge.loader import load_knowledge
from bot.discord_app.client import ElectionBot
from bot.discord_app.sharded import create_bot
from bot.store import Store, open_store
from tests.discord.conftest import ROOT, ShardedTestBot, TestBot, make_settings
from tests.fakediscord import IDS, FakeChannel, FakeDiscord, run_bot

ProcessFactory = Callable[..., Awaitable[ElectionBot]]


@dataclass(frozen=True)
class ShardZero:
    """A server on shard 0: its chat channel, and a moderator role its moderator holds."""

    guild_id: int
    chat: FakeChannel
    moderator_role_id: int


def add_shard_zero(fake: FakeDiscord) -> ShardZero:
    """Add a guild carried by shard 0 of 2, with mod_mia as a moderator there too."""
    guild = fake.add_guild("Shard Zero Town", shard=(0, 2))
    chat = fake.add_channel("town-chat", guild_id=guild.id)
    role = fake.add_role("Town mods", guild_id=guild.id)
    fake.add_member("alice", guild_id=guild.id)
    fake.add_member(IDS.moderator_user_id, guild_id=guild.id, roles=[role.id])
    return ShardZero(guild.id, chat, role.id)


@pytest.fixture
def shard_zero(fake_discord: FakeDiscord) -> ShardZero:
    """The double with a second server, on shard 0."""
    return add_shard_zero(fake_discord)


@pytest.fixture
def shared_knowledge(tmp_path: Path) -> Path:
    """One copy of the shipped knowledge (and seeds) for every process of the test."""
    shutil.copytree(ROOT / "knowledge", tmp_path / "shared" / "knowledge")
    shutil.copytree(ROOT / "seeds", tmp_path / "shared" / "seeds")
    return tmp_path / "shared" / "knowledge"


@pytest.fixture
async def start_process(
    fake_discord: FakeDiscord,
    tmp_path: Path,
    postgres_url: str,
    shared_knowledge: Path,
    shard_zero: ShardZero,
) -> AsyncIterator[ProcessFactory]:
    """Start bot processes running one shard each, on the test's PostgreSQL database."""
    running: list[tuple[Any, Store]] = []

    async def start(shard: int, *, watch: bool = False, **overrides: Any) -> ElectionBot:
        values: dict[str, Any] = {
            "shard_count": 2,
            "shard_ids": [shard],
            "knowledge_dir": shared_knowledge,
            "database_url": postgres_url,
            "discord_guild_id": None,  # global commands: both servers have them
            "moderator_role_ids": [IDS.moderator_role_id, shard_zero.moderator_role_id],
        }
        settings = make_settings(tmp_path, **{**values, **overrides})
        store = await open_store(settings)
        engine = Engine(load_knowledge(shared_knowledge), tz=settings.tz)
        bot = create_bot(
            settings,
            engine=engine,
            store=store,
            plain=TestBot,
            sharded=ShardedTestBot,
            guild_ready_timeout=0.1,
            watch=watch,
        )
        ctx = run_bot(fake_discord, bot)
        running.append((ctx, store))
        return await ctx.__aenter__()

    try:
        yield start
    finally:
        for ctx, store in reversed(running):
            await ctx.__aexit__(None, None, None)
            await store.close()
