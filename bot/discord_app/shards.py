"""Which gateway shard carries a server, and whether this process runs it (see README, "Sharding")."""

from __future__ import annotations

import logging

import discord

log = logging.getLogger(__name__)


def shard_of(guild_id: int | None, shard_count: int) -> int:
    """Return the shard that carries a server's events (DMs go to shard 0), as Discord routes them."""
    return 0 if guild_id is None else (guild_id >> 22) % shard_count


def own_shards(client: discord.Client) -> list[int] | None:
    """Return the shards this process runs when other processes run the rest, else None."""
    ids = getattr(client, "shard_ids", None)
    count = client.shard_count
    if ids is None or count is None or set(ids) == set(range(count)):
        return None
    return sorted(ids)


async def holds_channel(client: discord.Client, channel_id: int) -> bool:
    """Tell whether this process runs the shard of a channel's server (always, when it runs all).

    The channel is fetched over REST (this runs before the gateway connects) and its shard is
    `(guild_id >> 22) % SHARD_COUNT`. A channel that cannot be fetched counts as shard 0's, so
    that exactly one process reports the problem.
    """
    shards = own_shards(client)
    if shards is None:
        return True
    assert client.shard_count is not None
    try:
        channel = await client.fetch_channel(channel_id)
    except Exception as exc:  # anything: never stop the bot from starting
        log.warning("could not look up channel %s to find its shard: %r", channel_id, exc)
        return 0 in shards
    guild = getattr(channel, "guild", None)
    return shard_of(getattr(guild, "id", None), client.shard_count) in shards


def gateway_open(client: discord.Client, guild_id: int | None = None) -> bool:
    """Tell whether the gateway connection carrying a server (or any, when unknown) is up."""
    if isinstance(client, discord.AutoShardedClient):
        shard = None
        if guild_id is not None and client.shard_count:
            shard = client.get_shard(shard_of(guild_id, client.shard_count))
        if shard is not None:
            return not shard.is_closed()
        return any(not info.is_closed() for info in client.shards.values())
    ws = getattr(client, "ws", None)
    return ws is not None and ws.open
