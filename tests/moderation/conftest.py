"""Fixtures for the moderators' features: a bot on a writable copy of the knowledge, and helpers."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.core.answering.engine import Engine
from bot.core.knowledge.loader import load_knowledge
from bot.discord_app.client import ElectionBot
from bot.store import Store
from tests.discord.conftest import ROOT, TestBot, make_settings
from tests.fakediscord import IDS, FakeDiscord, run_bot

ModBotFactory = Callable[..., Awaitable[ElectionBot]]
CONTEST = "hartlepool-2021"


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    """A copy of the shipped knowledge (and the seeds its sources point at, same relative layout)."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "knowledge", repo / "knowledge")
    shutil.copytree(ROOT / "seeds", repo / "seeds")
    return repo / "knowledge"


@pytest.fixture
def facts_file(kb_dir: Path) -> Path:
    """The copied facts.yaml of the Hartlepool contest."""
    return kb_dir / CONTEST / "facts.yaml"


@pytest_asyncio.fixture
async def start_mod_bot(
    fake_discord: FakeDiscord, tmp_path: Path, kb_dir: Path
) -> AsyncIterator[ModBotFactory]:
    """Start ElectionBots serving the knowledge copy (no file watcher unless watch=True)."""
    contexts: list[Any] = []
    stores: list[Store] = []

    async def start(*, watch: bool = False, **overrides: Any) -> ElectionBot:
        settings = make_settings(tmp_path, knowledge_dir=kb_dir, **overrides)
        store = await Store.open(settings.database_path)
        stores.append(store)
        engine = Engine(load_knowledge(kb_dir), tz=settings.tz)
        bot = TestBot(
            settings=settings, engine=engine, store=store, watch=watch, guild_ready_timeout=0.1
        )
        ctx = run_bot(fake_discord, bot)
        contexts.append(ctx)
        started = await ctx.__aenter__()
        if started.syncing is not None:  # the slash commands, synced beside the connection
            await started.syncing
        return started

    yield start
    for ctx in reversed(contexts):
        await ctx.__aexit__(None, None, None)
    for store in stores:
        await store.close()


@pytest_asyncio.fixture
async def mod_bot(start_mod_bot: ModBotFactory) -> ElectionBot:
    """A running bot on the knowledge copy, without the file watcher."""
    return await start_mod_bot()


def modlog_texts(fake: FakeDiscord) -> list[str]:
    """Return the content of every bot message in the mod-log channel, oldest first."""
    return [m.get("content") or "" for m in fake.bot_messages_in(IDS.mod_log_channel_id)]


async def wait_for_modlog(fake: FakeDiscord, needle: str, timeout: float = 10.0) -> str:
    """Wait for a mod-log message containing `needle` and return it."""
    message = await fake.wait_for_message(
        IDS.mod_log_channel_id, lambda m: needle in (m.get("content") or ""), timeout=timeout
    )
    return message["content"]


def add_second_moderator(fake: FakeDiscord, name: str = "mod_max") -> int:
    """Add another member with the Moderator role; return their id."""
    member = fake.add_member(name, roles=[IDS.moderator_role_id])
    return member.user_id


async def audit_rows(bot: ElectionBot, action: str | None = None) -> list[Any]:
    """Return the audit entries, oldest first, optionally of one action."""
    rows = list(reversed(await bot.store.audit.recent(500)))
    return [r for r in rows if action is None or r.action == action]
