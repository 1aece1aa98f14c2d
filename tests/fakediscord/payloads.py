"""Builders for the JSON payloads discord.py 2.7 expects (users, members, guilds, messages)."""

from __future__ import annotations

import logging
import re
from typing import Any

from tests.fakediscord.state import (
    FakeChannel,
    FakeGuild,
    FakeMember,
    FakeRole,
    FakeUser,
    StoredMessage,
    World,
    iso_now,
)

log = logging.getLogger(__name__)

USER_MENTION = re.compile(r"<@!?(\d+)>")
ROLE_MENTION = re.compile(r"<@&(\d+)>")
EVERYONE_MENTION = re.compile(r"@(everyone|here)\b")


def user_payload(user: FakeUser) -> dict[str, Any]:
    """Serialise a user."""
    return {
        "id": str(user.id),
        "username": user.username,
        "discriminator": user.discriminator,
        "global_name": user.global_name,
        "avatar": user.avatar,
        "bot": user.bot,
        "public_flags": 0,
        "flags": 0,
        "banner": None,
        "accent_color": None,
        "avatar_decoration_data": None,
    }


def member_payload(
    world: World, member: FakeMember, *, with_user: bool = True, with_permissions: bool = False
) -> dict[str, Any]:
    """Serialise a guild member (optionally with its user and computed permissions)."""
    data: dict[str, Any] = {
        "roles": [str(r) for r in member.roles],
        "nick": member.nick,
        "avatar": None,
        "banner": None,
        "joined_at": member.joined_at,
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "pending": False,
        "flags": member.flags,
        "communication_disabled_until": None,
    }
    if with_user:
        data["user"] = user_payload(world.users[member.user_id])
    if with_permissions:
        data["permissions"] = str(world.member_permissions(member.guild_id, member.user_id))
    return data


def role_payload(role: FakeRole) -> dict[str, Any]:
    """Serialise a role."""
    data: dict[str, Any] = {
        "id": str(role.id),
        "name": role.name,
        "permissions": str(role.permissions),
        "position": role.position,
        "color": role.color,
        "colors": {"primary_color": role.color, "secondary_color": None, "tertiary_color": None},
        "hoist": role.hoist,
        "managed": role.managed,
        "mentionable": role.mentionable,
        "icon": None,
        "unicode_emoji": None,
        "flags": 0,
    }
    if role.tags is not None:
        data["tags"] = dict(role.tags)
    return data


def channel_payload(world: World, channel: FakeChannel) -> dict[str, Any]:
    """Serialise a guild or DM channel."""
    if channel.type in (1, 3):
        return {
            "id": str(channel.id),
            "type": channel.type,
            "last_message_id": _last_message_id(world, channel.id),
            "recipients": [user_payload(world.users[u]) for u in channel.recipients],
            "flags": 0,
        }
    return {
        "id": str(channel.id),
        "type": channel.type,
        "guild_id": str(channel.guild_id),
        "name": channel.name,
        "position": channel.position,
        "permission_overwrites": [],
        "topic": channel.topic,
        "nsfw": channel.nsfw,
        "parent_id": str(channel.parent_id) if channel.parent_id else None,
        "last_message_id": _last_message_id(world, channel.id),
        "rate_limit_per_user": 0,
        "default_auto_archive_duration": 1440,
        "flags": 0,
    }


def _last_message_id(world: World, channel_id: int) -> str | None:
    """Id of the newest message in a channel, as a string."""
    ids = world.channel_messages.get(channel_id) or []
    return str(ids[-1]) if ids else None


def guild_payload(world: World, guild: FakeGuild, *, full: bool) -> dict[str, Any]:
    """Serialise a guild; full=True gives the GUILD_CREATE form with channels and members."""
    data: dict[str, Any] = {
        "id": str(guild.id),
        "name": guild.name,
        "icon": None,
        "splash": None,
        "discovery_splash": None,
        "banner": None,
        "description": None,
        "owner_id": str(guild.owner_id),
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 1,
        "default_message_notifications": 1,
        "explicit_content_filter": 2,
        "roles": [role_payload(r) for r in guild.roles.values()],
        "emojis": [],
        "stickers": [],
        "features": [],
        "mfa_level": 0,
        "nsfw_level": 0,
        "system_channel_id": None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "public_updates_channel_id": None,
        "safety_alerts_channel_id": None,
        "vanity_url_code": None,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": "en-US",
        "max_members": 500000,
        "max_video_channel_users": 25,
        "premium_progress_bar_enabled": False,
        "widget_enabled": False,
        "incidents_data": None,
    }
    if full:
        channels = [world.channels[c] for c in guild.channel_ids]
        data.update(
            {
                "unavailable": False,
                "joined_at": guild.joined_at,
                "large": False,
                "member_count": len(guild.members),
                "channels": [channel_payload(world, c) for c in channels],
                "threads": [],
                "members": [member_payload(world, m) for m in guild.members.values()],
                "voice_states": [],
                "presences": [],
                "stage_instances": [],
                "guild_scheduled_events": [],
                "soundboard_sounds": [],
                "embedded_activities": [],
                "application_command_counts": {},
            }
        )
    return data


def resolve_mentions(
    world: World,
    guild_id: int | None,
    content: str,
    allowed_mentions: dict[str, Any] | None,
    replied_to: StoredMessage | None = None,
) -> tuple[list[int], list[int], bool]:
    """Return (user ids, role ids, mention_everyone) that Discord would actually ping."""
    parse = None if allowed_mentions is None else allowed_mentions.get("parse", [])
    users = [int(u) for u in USER_MENTION.findall(content)]
    roles = [int(r) for r in ROLE_MENTION.findall(content)]
    everyone = bool(EVERYONE_MENTION.search(content))
    if allowed_mentions is not None:
        explicit_users = {int(u) for u in allowed_mentions.get("users", [])}
        explicit_roles = {int(r) for r in allowed_mentions.get("roles", [])}
        users = [u for u in users if "users" in parse or u in explicit_users]
        roles = [r for r in roles if "roles" in parse or r in explicit_roles]
        everyone = everyone and "everyone" in parse
    if replied_to is not None:
        replied_user = allowed_mentions is None or allowed_mentions.get("replied_user", False)
        author_id = int(replied_to.data["author"]["id"])
        if replied_user and author_id not in users:
            users.append(author_id)
    users = list(dict.fromkeys(u for u in users if u in world.users))
    known_roles = world.guilds[guild_id].roles if guild_id in world.guilds else {}
    roles = list(dict.fromkeys(r for r in roles if r in known_roles))
    return users, roles, everyone


def mention_payloads(world: World, guild_id: int | None, user_ids: list[int]) -> list[dict]:
    """User payloads for `mentions`, each carrying a partial `member` in guilds."""
    result = []
    for uid in user_ids:
        data = user_payload(world.users[uid])
        guild = world.guilds.get(guild_id) if guild_id else None
        if guild is not None and uid in guild.members:
            data["member"] = member_payload(world, guild.members[uid], with_user=False)
        result.append(data)
    return result


def message_payload(
    world: World,
    *,
    message_id: int,
    channel_id: int,
    author_id: int,
    content: str = "",
    mentions: list[int] | None = None,
    mention_roles: list[int] | None = None,
    mention_everyone: bool = False,
    **extra: Any,
) -> dict[str, Any]:
    """Build a complete message payload (with `member` for guild messages)."""
    channel = world.channels[channel_id]
    data: dict[str, Any] = {
        "id": str(message_id),
        "channel_id": str(channel_id),
        "type": 0,
        "author": user_payload(world.users[author_id]),
        "content": content,
        "timestamp": iso_now(),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": mention_everyone,
        "mentions": mention_payloads(world, channel.guild_id, mentions or []),
        "mention_roles": [str(r) for r in mention_roles or []],
        "attachments": [],
        "embeds": [],
        "components": [],
        "pinned": False,
        "flags": 0,
    }
    if channel.guild_id is not None:
        data["guild_id"] = str(channel.guild_id)
        member = world.guilds[channel.guild_id].members.get(author_id)
        if member is not None:
            data["member"] = member_payload(world, member, with_user=False)
    data.update({k: v for k, v in extra.items() if v is not None})
    return data


def render_message(stored: StoredMessage, viewer_id: int) -> dict[str, Any]:
    """The stored message payload plus its reactions as seen by `viewer_id`."""
    data = dict(stored.data)
    if stored.reactions:
        data["reactions"] = [
            {
                "emoji": r["emoji"],
                "count": len(r["users"]),
                "count_details": {"burst": 0, "normal": len(r["users"])},
                "me": viewer_id in r["users"],
                "me_burst": False,
                "burst_colors": [],
            }
            for r in stored.reactions.values()
            if r["users"]
        ]
    return data
