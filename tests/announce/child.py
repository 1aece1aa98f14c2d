"""Run one ElectionBot in a child process against a Discord double in the parent (kill tests).

    python -m tests.announce.child API_BASE GATEWAY_URL DB KNOWLEDGE ACTION

DB is a SQLite file, or a postgresql:// URL (the store in PostgreSQL, as with DATABASE_URL).

ACTION is `phase:<phase>`, `declare` (the example result of the rehearsal script) or `none`
(just start, settle what an earlier process left, and stop). With ANNOUNCE_TEST_KILL_POINT set
to a delivery step (before_send, after_send, after_record) the delivery hook SIGKILLs this
process at that step; otherwise it exits 0 once every announcement is settled.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path
from typing import Any

import discord.gateway
import discord.http
import yarl

from bot.announce.delivery import Hook, no_hook
from bot.cli.rehearse import load_script
from bot.core.answering.engine import Engine
from bot.core.knowledge.loader import load_knowledge
from bot.discord_app.client import ElectionBot
from bot.settings import Settings
from bot.store import open_store
from tests.fakediscord.defaults import IDS, TOKEN

KILL_ENV = "ANNOUNCE_TEST_KILL_POINT"
CONTEST = "hartlepool-2021"
SCRIPT = Path(__file__).resolve().parents[1] / "fixtures" / "rehearsal" / f"{CONTEST}.yaml"


def store_settings(db: str) -> dict[str, Any]:
    """Return the settings that put the store in `db`: a postgresql:// URL or a SQLite file."""
    if db.startswith("postgresql://"):
        return {"database_url": db}
    return {"database_path": Path(db)}


def kill_at(point: str | None) -> Hook:
    """Return a delivery hook that SIGKILLs the process at `point` (no hook without one)."""
    if not point:
        return no_hook

    def hook(step: str, key: str) -> None:
        if step == point:
            print(f"KILL {step} {key}", flush=True)
            os.kill(os.getpid(), signal.SIGKILL)

    return hook


class ChildBot(ElectionBot):
    """ElectionBot with the kill hook installed before anything is delivered."""

    kill_point: str | None = None

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """Skip discord.py's pause before a re-IDENTIFY."""

    async def setup_hook(self) -> None:
        """Load the cogs, then install the hook."""
        await super().setup_hook()
        self.get_cog("Announce").announcer.poster.delivery.hook = kill_at(self.kill_point)  # type: ignore[union-attr]


async def act(bot: ElectionBot, action: str) -> None:
    """Make the status change that the parent asked for."""
    if action.startswith("phase:"):
        await bot.status_updater.set_phase(CONTEST, action.removeprefix("phase:"), "mod_mia")  # type: ignore[arg-type]
    elif action == "declare":
        result = next(s.result for s in load_script(SCRIPT).steps if s.result is not None)
        await bot.status_updater.declare(CONTEST, result, "mod_mia")
    elif action != "none":
        raise SystemExit(f"unknown action {action!r}")


async def main(api: str, gateway: str, db: str, knowledge: str, action: str) -> int:
    """Start, act, wait until the outbox is settled, stop."""
    discord.http.Route.BASE = api
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)
    settings = Settings(
        discord_guild_id=IDS.guild_id,
        moderator_role_ids=[IDS.moderator_role_id],
        announce_channel_id=IDS.announcements_channel_id,
        modlog_channel_id=IDS.mod_log_channel_id,
        knowledge_dir=Path(knowledge),
        **store_settings(db),
        cooldown_seconds=0,
    )
    store = await open_store(settings)
    engine = Engine(load_knowledge(settings.knowledge_dir), tz=settings.tz)
    ChildBot.kill_point = os.environ.get(KILL_ENV) or None
    bot = ChildBot(settings=settings, engine=engine, store=store, guild_ready_timeout=0.1)
    task = asyncio.create_task(bot.start(TOKEN))
    try:
        for _ in range(1000):
            if bot.is_ready() or task.done():
                break
            await asyncio.sleep(0.02)
        if not bot.is_ready():
            task.result() if task.done() else None
            raise SystemExit("the bot did not become ready")
        announcer = bot.get_cog("Announce").announcer  # type: ignore[union-attr]
        for _ in range(1500):  # on PostgreSQL: until it holds the lead (the only process)
            if announcer.poster.posting:
                break
            await asyncio.sleep(0.02)
        await asyncio.wait_for(announcer.poster.idle(), 30)
        await act(bot, action)
        await asyncio.wait_for(announcer.poster.idle(), 30)
        print("SETTLED", flush=True)
    finally:
        await bot.close()
        await asyncio.wait_for(task, 10)
        await store.close()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(*sys.argv[1:6])))
