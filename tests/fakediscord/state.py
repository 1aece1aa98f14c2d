"""In-memory model of the fake Discord world: users, guilds, roles, channels, members, messages."""

from __future__ import annotations

import itertools
import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tests.fakediscord.defaults import ADMINISTRATOR, DISCORD_EPOCH_MS
from tests.fakediscord.recording import JsonText

log = logging.getLogger(__name__)

NONCE_TTL_SECONDS = 300.0


def iso_now() -> str:
    """Return the current UTC time in Discord's ISO-8601 format."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


class SnowflakeGen:
    """Monotonic generator of realistic, time-based snowflakes."""

    def __init__(self) -> None:
        """Start the sequence at the current time."""
        self._last = 0
        self._lock = threading.Lock()

    def next(self) -> int:
        """Return a new snowflake strictly greater than every earlier one."""
        with self._lock:
            candidate = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22
            self._last = max(candidate, self._last + 1)
            return self._last

    def next_on_shard(self, shard_id: int, shard_count: int) -> int:
        """Return a new snowflake that, as a guild id, Discord routes to `shard_id` of `shard_count`."""
        with self._lock:
            candidate = max((int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22, self._last + 1)
            stamp = candidate >> 22
            if stamp % shard_count != shard_id:
                stamp += (shard_id - stamp) % shard_count
                candidate = stamp << 22
            self._last = candidate
            return candidate


@dataclass
class FakeUser:
    """A Discord user."""

    id: int
    username: str
    global_name: str | None = None
    bot: bool = False
    discriminator: str = "0"
    avatar: str | None = None


@dataclass
class FakeRole:
    """A guild role (the @everyone role has the guild's id)."""

    id: int
    guild_id: int
    name: str
    permissions: int
    position: int = 0
    color: int = 0
    hoist: bool = False
    managed: bool = False
    mentionable: bool = False
    tags: dict[str, Any] | None = None


@dataclass
class FakeChannel:
    """A guild or DM channel; `forbidden` makes every REST call on it answer 403/50013."""

    id: int
    name: str
    type: int = 0
    guild_id: int | None = None
    position: int = 0
    topic: str | None = None
    parent_id: int | None = None
    nsfw: bool = False
    forbidden: bool = False
    recipients: list[int] = field(default_factory=list)


@dataclass
class FakeMember:
    """A user's membership of a guild."""

    guild_id: int
    user_id: int
    roles: list[int] = field(default_factory=list)
    nick: str | None = None
    joined_at: str = field(default_factory=iso_now)
    flags: int = 0


@dataclass
class FakeGuild:
    """A guild with its roles, channel ids and members."""

    id: int
    name: str
    owner_id: int
    roles: dict[int, FakeRole] = field(default_factory=dict)
    channel_ids: list[int] = field(default_factory=list)
    members: dict[int, FakeMember] = field(default_factory=dict)
    joined_at: str = field(default_factory=iso_now)


@dataclass
class StoredMessage:
    """A message the double knows about; `data` is its payload minus reactions.

    `data` is kept as JSON text (see `JsonText`) and decoded on every read: to change a stored
    message, read `data`, change it and assign it back.
    """

    data: dict[str, Any] = JsonText()  # type: ignore[assignment]  # noqa: RUF009 - a descriptor
    reactions: dict[str, dict[str, Any]] = field(default_factory=dict)
    deleted: bool = False
    ephemeral: bool = False
    interaction_id: int | None = None

    def __post_init__(self) -> None:
        """Keep the ids, which never change, decoded."""
        data = self.data
        self.id = int(data["id"])
        self.channel_id = int(data["channel_id"])


class World:
    """Everything the double stores; mutate it through the add_* helpers."""

    def __init__(self, app_id: int, bot_user_id: int) -> None:
        """Create an empty world for the given application and bot user."""
        self.app_id = app_id
        self.bot_user_id = bot_user_id
        self.ids = SnowflakeGen()
        self.users: dict[int, FakeUser] = {}
        self.guilds: dict[int, FakeGuild] = {}
        self.channels: dict[int, FakeChannel] = {}
        self.messages: dict[int, StoredMessage] = {}
        self.channel_messages: dict[int, list[int]] = {}
        self.nonces: dict[tuple[int, int, str], tuple[float, int]] = {}
        self.global_commands: list[dict[str, Any]] = []
        self.guild_commands: dict[int, list[dict[str, Any]]] = {}
        self._command_versions = itertools.count(1)

    # -- creation helpers -------------------------------------------------
    def add_user(self, user_id: int | None, username: str, **kwargs: Any) -> FakeUser:
        """Add (or replace) a user and return it."""
        user = FakeUser(id=user_id or self.ids.next(), username=username, **kwargs)
        self.users[user.id] = user
        return user

    def add_guild(
        self, guild_id: int | None, name: str, owner_id: int, everyone_permissions: int
    ) -> FakeGuild:
        """Add a guild together with its @everyone role."""
        guild = FakeGuild(id=guild_id or self.ids.next(), name=name, owner_id=owner_id)
        guild.roles[guild.id] = FakeRole(guild.id, guild.id, "@everyone", everyone_permissions)
        self.guilds[guild.id] = guild
        return guild

    def add_role(
        self,
        guild_id: int,
        name: str,
        permissions: int = 0,
        *,
        role_id: int | None = None,
        **kwargs: Any,
    ) -> FakeRole:
        """Add a role to a guild; position defaults to the top."""
        guild = self.guilds[guild_id]
        kwargs.setdefault("position", len(guild.roles))
        role = FakeRole(role_id or self.ids.next(), guild_id, name, permissions, **kwargs)
        guild.roles[role.id] = role
        return role

    def add_channel(
        self,
        guild_id: int | None,
        name: str,
        *,
        channel_id: int | None = None,
        channel_type: int = 0,
        **kwargs: Any,
    ) -> FakeChannel:
        """Add a channel (guild_id None for a DM channel)."""
        channel = FakeChannel(
            id=channel_id or self.ids.next(),
            name=name,
            type=channel_type,
            guild_id=guild_id,
            **kwargs,
        )
        if guild_id is not None:
            guild = self.guilds[guild_id]
            channel.position = kwargs.get("position", len(guild.channel_ids))
            guild.channel_ids.append(channel.id)
        self.channels[channel.id] = channel
        self.channel_messages.setdefault(channel.id, [])
        return channel

    def add_member(
        self, guild_id: int, user_id: int, roles: list[int] | None = None, **kwargs: Any
    ) -> FakeMember:
        """Make an existing user a member of a guild."""
        if user_id not in self.users:
            raise KeyError(f"unknown user {user_id}; add_user first")
        member = FakeMember(guild_id, user_id, list(roles or []), **kwargs)
        self.guilds[guild_id].members[user_id] = member
        return member

    def dm_channel_for(self, user_id: int) -> FakeChannel:
        """Return (creating if needed) the DM channel between the bot and a user."""
        for channel in self.channels.values():
            if channel.type == 1 and channel.recipients == [user_id]:
                return channel
        return self.add_channel(None, "", channel_type=1, recipients=[user_id])

    # -- lookups ----------------------------------------------------------
    def member_permissions(self, guild_id: int, user_id: int) -> int:
        """Guild-level permissions of a member (owner and administrators get everything)."""
        guild = self.guilds[guild_id]
        if user_id == guild.owner_id:
            return (1 << 53) - 1
        member = guild.members.get(user_id)
        perms = guild.roles[guild.id].permissions
        for role_id in member.roles if member else []:
            role = guild.roles.get(role_id)
            perms |= role.permissions if role else 0
        return (1 << 53) - 1 if perms & ADMINISTRATOR else perms

    def find_channel_by_name(self, name: str) -> FakeChannel:
        """Return the first channel with this name."""
        return next(c for c in self.channels.values() if c.name == name.lstrip("#"))

    def find_user_by_name(self, username: str) -> FakeUser:
        """Return the user with this username."""
        return next(u for u in self.users.values() if u.username == username)

    # -- messages ---------------------------------------------------------
    def store_message(self, data: dict[str, Any], **kwargs: Any) -> StoredMessage:
        """Store a new message payload."""
        stored = StoredMessage(data=data, **kwargs)
        self.messages[stored.id] = stored
        self.channel_messages.setdefault(stored.channel_id, []).append(stored.id)
        return stored

    def live_messages(
        self, channel_id: int, *, include_ephemeral: bool = False
    ) -> list[StoredMessage]:
        """Messages of a channel, oldest first, without deleted ones."""
        found = [self.messages[mid] for mid in self.channel_messages.get(channel_id, [])]
        return [m for m in found if not m.deleted and (include_ephemeral or not m.ephemeral)]

    def remember_nonce(self, channel_id: int, author_id: int, nonce: str, message_id: int) -> None:
        """Remember which message a nonce created."""
        self.nonces[(channel_id, author_id, nonce)] = (time.monotonic(), message_id)

    def message_for_nonce(
        self, channel_id: int, author_id: int, nonce: str
    ) -> StoredMessage | None:
        """Return the message an unexpired nonce created, if any."""
        hit = self.nonces.get((channel_id, author_id, nonce))
        if hit is None or time.monotonic() - hit[0] > NONCE_TTL_SECONDS:
            return None
        return self.messages.get(hit[1])

    # -- application commands ----------------------------------------------
    def put_commands(self, guild_id: int | None, payload: list[dict[str, Any]]) -> list[dict]:
        """Bulk-overwrite commands, keeping ids of commands with the same name and type."""
        old = self.guild_commands.get(guild_id, []) if guild_id else self.global_commands
        by_key = {(c["name"], c.get("type", 1)): c["id"] for c in old}
        result = []
        for cmd in payload:
            stored = dict(cmd)
            stored.setdefault("type", 1)
            stored.setdefault("description", "")
            key = (stored["name"], stored["type"])
            stored["id"] = by_key.get(key) or str(self.ids.next())
            stored["application_id"] = str(self.app_id)
            stored["version"] = str(next(self._command_versions))
            stored.setdefault("default_member_permissions", None)
            if guild_id:
                stored["guild_id"] = str(guild_id)
            result.append(stored)
        if guild_id:
            self.guild_commands[guild_id] = result
        else:
            self.global_commands = result
        return result

    def find_command(self, name: str, guild_id: int | None) -> dict[str, Any] | None:
        """Find a chat-input command by top-level name (guild commands win over global)."""
        pools = [self.guild_commands.get(guild_id, [])] if guild_id else []
        for pool in [*pools, self.global_commands]:
            for cmd in pool:
                if cmd["name"] == name and cmd.get("type", 1) == 1:
                    return cmd
        return None
