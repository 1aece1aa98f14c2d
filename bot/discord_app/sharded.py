"""The bot over several gateway shards, and building the plain or sharded bot the settings ask for."""

from __future__ import annotations

import logging
from typing import Any

from discord.ext import commands

from ..core.answering.engine import Engine
from ..settings import Settings
from ..store import Store
from .client import ElectionBot

log = logging.getLogger(__name__)


class ShardedElectionBot(ElectionBot, commands.AutoShardedBot):
    """The election-night bot over several gateway shards (SHARD_COUNT); see README, "Sharding"."""

    async def on_shard_ready(self, shard_id: int) -> None:
        """Log each shard as it becomes ready, with the servers it carries."""
        guilds = sum(1 for guild in self.guilds if guild.shard_id == shard_id)
        log.info("shard %d of %s ready with %d guild(s)", shard_id, self.shard_count, guilds)


def shard_options(settings: Settings) -> dict[str, Any]:
    """Return the AutoShardedBot arguments the settings ask for ({} when not sharded)."""
    if settings.shard_count is None:
        return {}
    count = None if settings.shard_count == "auto" else settings.shard_count
    return {"shard_count": count, "shard_ids": list(settings.shard_ids) or None}


def create_bot(
    settings: Settings,
    *,
    engine: Engine,
    store: Store,
    plain: type[ElectionBot] = ElectionBot,
    sharded: type[ShardedElectionBot] = ShardedElectionBot,
    **kwargs: Any,
) -> ElectionBot:
    """Build the bot the settings ask for: `plain` without SHARD_COUNT, else `sharded`."""
    options = shard_options(settings)
    if not options:
        return plain(settings=settings, engine=engine, store=store, **kwargs)
    log.info(
        "sharding: %s shard(s), running %s",
        options["shard_count"] or "Discord's recommended number of",
        options["shard_ids"] or "all of them",
    )
    return sharded(settings=settings, engine=engine, store=store, **options, **kwargs)
