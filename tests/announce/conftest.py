"""Fixtures: a knowledge copy in tmp_path, a controllable clock, bots on the Discord double."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import pytest_asyncio

from bot.announce.service import Announcer
from bot.core.answering.engine import Engine
from bot.core.knowledge.loader import load_knowledge
from bot.discord_app.client import ElectionBot
from bot.store import Store
from tests.discord.conftest import TestBot, make_settings
from tests.fakediscord import IDS, FakeDiscord, run_bot

ROOT = Path(__file__).resolve().parents[2]
LONDON = ZoneInfo("Europe/London")
CONTEST = "hartlepool-2021"
NIGHT = dt.datetime(2021, 5, 6, 23, 0, tzinfo=LONDON)


class FakeClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, start: dt.datetime = NIGHT, tz: dt.tzinfo = LONDON) -> None:
        self.tz = tz
        self.current = start.astimezone(tz)

    def now(self) -> dt.datetime:
        """Return the time the test set."""
        return self.current

    def advance(self, **delta: float) -> dt.datetime:
        """Move the clock forward by a timedelta's keyword arguments."""
        self.current += dt.timedelta(**delta)
        return self.current


def copy_knowledge(dest: Path) -> Path:
    """Copy knowledge/ and seeds/ into `dest` keeping their layout; return the knowledge copy."""
    shutil.copytree(ROOT / "knowledge", dest / "knowledge")
    shutil.copytree(ROOT / "seeds", dest / "seeds")
    return dest / "knowledge"


def announcer_of(bot: ElectionBot) -> Announcer:
    """Return the running bot's announcer."""
    cog: Any = bot.get_cog("Announce")
    assert cog is not None and cog.announcer is not None
    return cog.announcer


def embed_text(message: dict[str, Any]) -> str:
    """Return all the text of a message's embeds."""
    parts: list[str] = []
    for embed in message.get("embeds", []):
        parts += [embed.get("title", ""), embed.get("description", "")]
        parts += [f"{f['name']}: {f['value']}" for f in embed.get("fields", [])]
        parts.append(embed.get("footer", {}).get("text", ""))
    return "\n".join(parts)


def announcements(fake: FakeDiscord) -> list[dict[str, Any]]:
    """Return the bot's messages in the announcements channel, oldest first."""
    return fake.bot_messages_in(IDS.announcements_channel_id)


def with_ref(fake: FakeDiscord, ref: str) -> list[dict[str, Any]]:
    """Return the announcements whose footer carries `ref`."""
    return [m for m in announcements(fake) if f"ref {ref}" in embed_text(m)]


AnnounceBotFactory = Callable[..., Awaitable[ElectionBot]]


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    """A private copy of the shipped knowledge (status writes land here, not in the repo)."""
    return copy_knowledge(tmp_path)


@pytest.fixture
def clock() -> FakeClock:
    """A clock standing at 23:00 on polling night."""
    return FakeClock()


@pytest_asyncio.fixture
async def start_announcer(
    fake_discord: FakeDiscord, tmp_path: Path, knowledge: Path, clock: FakeClock
) -> AsyncIterator[AnnounceBotFactory]:
    """Start ElectionBots on the knowledge copy and the fake clock, retrying fast; close them."""
    running: dict[int, tuple[Any, Store]] = {}

    async def start(*, fast: bool = True, **overrides: Any) -> ElectionBot:
        overrides.setdefault("knowledge_dir", knowledge)
        settings = make_settings(tmp_path, **overrides)
        store = await Store.open(settings.database_path)
        engine = Engine(load_knowledge(settings.knowledge_dir), tz=settings.tz)
        bot = TestBot(
            settings=settings, engine=engine, store=store, clock=clock, guild_ready_timeout=0.1
        )
        ctx = run_bot(fake_discord, bot)
        await ctx.__aenter__()
        running[id(bot)] = (ctx, store)
        if fast:
            policy = announcer_of(bot).poster.delivery.policy
            policy.base, policy.cap, policy.attempt_timeout = 0.05, 0.2, 5.0
        await announcer_of(bot).poster.idle()
        return bot

    async def stop(bot: ElectionBot) -> None:
        """Close one bot and its store (a clean shutdown)."""
        ctx, store = running.pop(id(bot))
        await ctx.__aexit__(None, None, None)
        await store.close()

    start.stop = stop  # type: ignore[attr-defined]
    yield start
    for ctx, store in reversed(list(running.values())):
        await ctx.__aexit__(None, None, None)
        await store.close()
