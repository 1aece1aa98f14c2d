"""Builders for INTERACTION_CREATE payloads: slash commands, autocomplete, components, modals."""

from __future__ import annotations

import logging
import secrets
from typing import TYPE_CHECKING, Any

from tests.fakediscord import payloads
from tests.fakediscord.rest_interactions import InjectedInteraction
from tests.fakediscord.state import FakeChannel, FakeRole, FakeUser

if TYPE_CHECKING:
    from tests.fakediscord.server import FakeDiscord

log = logging.getLogger(__name__)

PY_TYPES: list[tuple[type, int]] = [(bool, 5), (int, 4), (float, 10), (str, 3)]
SNOWFLAKE_TYPES = {6, 7, 8, 9, 11}
SELECT_RESOLVE_TYPE = {5: 6, 6: 8, 7: 9, 8: 7}


class InteractionFactory:
    """Creates interaction payloads against the FakeDiscord's world and registered commands."""

    def __init__(self, fake: FakeDiscord) -> None:
        """Bind to a FakeDiscord."""
        self.fake = fake
        self.world = fake.world

    # -- common envelope ------------------------------------------------------
    def envelope(
        self,
        itype: int,
        data: dict[str, Any],
        user_id: int,
        channel_id: int,
        message_id: int | None,
    ) -> InjectedInteraction:
        """A complete interaction payload around `data`."""
        world = self.world
        channel = world.channels[channel_id]
        guild_id = channel.guild_id
        iid, token = world.ids.next(), "itok_" + secrets.token_urlsafe(24)
        app_perms = world.member_permissions(guild_id, self.fake.bot_user_id) if guild_id else 0
        payload: dict[str, Any] = {
            "id": str(iid),
            "application_id": str(self.fake.app_id),
            "type": itype,
            "data": data,
            "token": token,
            "version": 1,
            "locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(guild_id or 0)},
            "context": 0 if guild_id else 1,
            "attachment_size_limit": 10 * 1024 * 1024,
            "app_permissions": str(app_perms),
            "channel_id": str(channel_id),
            "channel": payloads.channel_payload(world, channel),
        }
        if guild_id is not None:
            member = world.guilds[guild_id].members.get(user_id)
            if member is None:
                raise KeyError(f"user {user_id} is not a member of guild {guild_id}")
            perms = world.member_permissions(guild_id, user_id)
            payload["channel"]["permissions"] = str(perms)
            payload.update(
                guild_id=str(guild_id),
                guild={"id": str(guild_id), "locale": "en-US", "features": []},
                guild_locale="en-US",
                member=payloads.member_payload(world, member, with_permissions=True),
            )
        else:
            payload["user"] = payloads.user_payload(world.users[user_id])
        if message_id is not None:
            payload["message"] = payloads.render_message(
                world.messages[message_id], self.fake.bot_user_id
            )
        inter = InjectedInteraction(
            iid, token, itype, payload, channel_id, guild_id, user_id, message_id=message_id
        )
        self.fake.interactions[iid] = inter
        return inter

    # -- application commands ---------------------------------------------------
    def command_data(
        self,
        name: str,
        options: dict[str, Any] | list[dict[str, Any]] | None,
        guild_id: int | None,
        *,
        focused: tuple[str, Any] | None = None,
        guild_command: bool | None = None,
    ) -> dict[str, Any]:
        """`data` for a chat-input command; `name` may be a path like 'results latest'."""
        top, *path = name.split()
        cmd = self.world.find_command(top, guild_id)
        is_guild = bool(cmd and cmd.get("guild_id")) if guild_command is None else guild_command
        if cmd is None and guild_command is None:
            is_guild = guild_id is not None
        schema = (cmd or {}).get("options", [])
        for part in path:
            schema = next((o.get("options", []) for o in schema if o["name"] == part), [])
        resolved: dict[str, dict[str, Any]] = {}
        leaf = self.build_options(schema, options, guild_id, resolved)
        if focused is not None:
            fname, fvalue = focused
            ftype = next((o["type"] for o in schema if o["name"] == fname), 3)
            leaf = [o for o in leaf if o["name"] != fname]
            leaf.append({"name": fname, "type": ftype, "value": fvalue, "focused": True})
        for depth, part in reversed(list(enumerate(path))):
            kind = 1 if depth == len(path) - 1 else 2
            leaf = [{"name": part, "type": kind, "options": leaf}]
        data: dict[str, Any] = {
            "id": (cmd or {}).get("id") or str(self.world.ids.next()),
            "name": top,
            "type": 1,
            "options": leaf,
        }
        if resolved:
            data["resolved"] = resolved
        if is_guild and guild_id is not None:
            data["guild_id"] = str(guild_id)
        return data

    def build_options(
        self,
        schema: list[dict[str, Any]],
        given: dict[str, Any] | list[dict[str, Any]] | None,
        guild_id: int | None,
        resolved: dict[str, dict[str, Any]],
    ) -> list[dict[str, Any]]:
        """Typed option payloads from {name: value} (raw option dicts pass through)."""
        if given is None:
            return []
        if isinstance(given, list):
            return [dict(o) for o in given]
        result = []
        for name, value in given.items():
            otype = next((o["type"] for o in schema if o["name"] == name), None)
            if isinstance(value, FakeUser | FakeChannel | FakeRole):
                otype = otype or {FakeUser: 6, FakeChannel: 7, FakeRole: 8}[type(value)]
                value = value.id
            if otype is None:
                otype = next(code for py, code in PY_TYPES if isinstance(value, py))
            if otype in SNOWFLAKE_TYPES:
                self.resolve(otype, int(value), guild_id, resolved)
                value = str(value)
            result.append({"name": name, "type": otype, "value": value})
        return result

    def resolve(
        self, otype: int, obj_id: int, guild_id: int | None, resolved: dict[str, dict[str, Any]]
    ) -> None:
        """Add a user/member, channel or role to `resolved` like Discord does."""
        world = self.world
        guild = world.guilds.get(guild_id) if guild_id else None
        key = str(obj_id)
        if otype in (6, 9) and obj_id in world.users:
            resolved.setdefault("users", {})[key] = payloads.user_payload(world.users[obj_id])
            if guild is not None and obj_id in guild.members:
                member = payloads.member_payload(
                    world, guild.members[obj_id], with_user=False, with_permissions=True
                )
                resolved.setdefault("members", {})[key] = member
        elif otype in (8, 9) and guild is not None and obj_id in guild.roles:
            resolved.setdefault("roles", {})[key] = payloads.role_payload(guild.roles[obj_id])
        elif otype == 7 and obj_id in world.channels:
            channel = payloads.channel_payload(world, world.channels[obj_id])
            perms = world.member_permissions(guild_id, self.fake.bot_user_id) if guild_id else 0
            resolved.setdefault("channels", {})[key] = {**channel, "permissions": str(perms)}

    # -- components and modals ------------------------------------------------------
    def component_data(
        self, custom_id: str, component_type: int, values: list[str] | None, guild_id: int | None
    ) -> dict[str, Any]:
        """`data` for a button click or select-menu choice."""
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": component_type}
        if component_type != 2:
            data["values"] = [str(v) for v in values or []]
            rtype = SELECT_RESOLVE_TYPE.get(component_type)
            if rtype is not None:
                resolved: dict[str, dict[str, Any]] = {}
                for value in data["values"]:
                    self.resolve(rtype, int(value), guild_id, resolved)
                data["resolved"] = resolved
        return data

    @staticmethod
    def modal_data(custom_id: str, values: dict[str, str]) -> dict[str, Any]:
        """`data` for a modal submit: one action row per text input."""
        rows = [
            {"type": 1, "components": [{"type": 4, "custom_id": cid, "value": value}]}
            for cid, value in values.items()
        ]
        return {"custom_id": custom_id, "components": rows}
