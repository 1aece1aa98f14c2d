"""One bot process of a pair sharing PostgreSQL (two-process kill tests), driven over stdin.

    python -m tests.announce.shard_child API_BASE GATEWAY_URL DATABASE_URL KNOWLEDGE SHARD

It runs shard SHARD of 2 (SHARD_COUNT=2, SHARD_IDS=SHARD) against the Discord double in the
parent, with the store in PostgreSQL and the knowledge folder shared with its twin. Commands,
one per line: `act ACTION` (as in child.py: `phase:<phase>` or `declare`), `arm STEP` (SIGKILL
this process at that delivery step of the next announcement it posts) and `quit`. It prints
`READY`, `POSTER <unix time>` whenever it starts posting the announcements (the time it took the
lead), `ACTED <key>` and `KILL <step> <key> <unix time>` just before it kills itself.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from pathlib import Path

import discord.gateway
import discord.http
import yarl

from bot.announce.service import Announcer
from bot.core.answering.engine import Engine
from bot.core.knowledge.loader import load_knowledge
from bot.discord_app.client import ElectionBot
from bot.discord_app.sharded import ShardedElectionBot, create_bot
from bot.settings import Settings
from bot.store import open_store
from tests.announce.child import act
from tests.announce.killing import current_key
from tests.fakediscord.defaults import IDS, TOKEN


def say(line: str) -> None:
    """Print one line for the parent."""
    print(line, flush=True)


class PairBot(ShardedElectionBot):
    """One shard's process, without discord.py's pause before IDENTIFY."""

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """Skip the pause."""


class Plain(ElectionBot):
    """Never used: the pair always shards."""


def arm(announcer: Announcer, point: str) -> None:
    """SIGKILL this process at `point` of the next delivery."""

    def hook(step: str, key: str) -> None:
        if step == point:
            say(f"KILL {step} {key} {time.time():.6f}")
            os.kill(os.getpid(), signal.SIGKILL)

    announcer.poster.delivery.hook = hook


async def report_lead(announcer: Announcer) -> None:
    """Print POSTER each time this process starts posting."""
    last: float | None = None
    while True:
        if announcer.poster.posting and announcer.poster.took_lead_at != last:
            last = announcer.poster.took_lead_at
            say(f"POSTER {last:.6f}")
        await asyncio.sleep(0.02)


async def commands(bot: ElectionBot, announcer: Announcer, knowledge: Path) -> None:
    """Obey the parent's commands until `quit` or the end of stdin."""
    loop = asyncio.get_running_loop()
    while line := (await loop.run_in_executor(None, sys.stdin.readline)).strip():
        verb, _, arg = line.partition(" ")
        if verb == "quit":
            return
        if verb == "arm":
            arm(announcer, arg)
        elif verb == "act":
            await act(bot, arg)
            say(f"ACTED {current_key(knowledge)}")
        else:
            say(f"UNKNOWN {line}")


async def main(api: str, gateway: str, url: str, knowledge: str, shard: str) -> int:
    """Run until told to quit."""
    discord.http.Route.BASE = api
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway)
    settings = Settings(
        discord_guild_id=IDS.guild_id,
        moderator_role_ids=[IDS.moderator_role_id],
        announce_channel_id=IDS.announcements_channel_id,
        modlog_channel_id=IDS.mod_log_channel_id,
        knowledge_dir=Path(knowledge),
        database_url=url,
        cooldown_seconds=0,
        shard_count=2,
        shard_ids=[int(shard)],
    )
    store = await open_store(settings)
    engine = Engine(load_knowledge(settings.knowledge_dir), tz=settings.tz)
    bot = create_bot(
        settings, engine=engine, store=store, plain=Plain, sharded=PairBot, guild_ready_timeout=0.1
    )
    task = asyncio.create_task(bot.start(TOKEN))
    watcher: asyncio.Task[None] | None = None
    try:
        for _ in range(3000):
            if bot.is_ready() or task.done():
                break
            await asyncio.sleep(0.02)
        if not bot.is_ready():
            task.result() if task.done() else None
            raise SystemExit("the bot did not become ready")
        announcer: Announcer = bot.get_cog("Announce").announcer  # type: ignore[union-attr]
        await asyncio.wait_for(announcer.poster.started.wait(), 60)
        watcher = asyncio.create_task(report_lead(announcer))
        say("READY")
        await commands(bot, announcer, settings.knowledge_dir)
    finally:
        if watcher is not None:
            watcher.cancel()
        await bot.close()
        await asyncio.wait_for(task, 10)
        await store.close()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(*sys.argv[1:6])))
