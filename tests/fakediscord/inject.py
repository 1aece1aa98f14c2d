"""Injection API: gateway events a test makes 'users' produce (messages, commands, clicks...)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from tests.fakediscord import payloads
from tests.fakediscord.rest_interactions import InjectedInteraction
from tests.fakediscord.state import FakeUser, StoredMessage

if TYPE_CHECKING:
    from tests.fakediscord.server import FakeDiscord

log = logging.getLogger(__name__)

UserRef = int | str | FakeUser | None


class InjectMixin:
    """Methods of FakeDiscord that inject gateway events; each returns ids the test needs."""

    def _user_id(self: FakeDiscord, user: UserRef) -> int:
        """Resolve an id, username or FakeUser (None = the default user, alice)."""
        if user is None:
            return self.ids.alice_id
        if isinstance(user, FakeUser):
            return user.id
        if isinstance(user, str):
            return self.world.find_user_by_name(user).id
        return int(user)

    async def inject_message(
        self: FakeDiscord,
        channel_id: int,
        content: str,
        author: UserRef = None,
        *,
        mentions: list[UserRef] | None = None,
        mention_roles: list[int] | None = None,
        mention_everyone: bool = False,
        message_reference: int | dict[str, Any] | None = None,
        embeds: list[dict[str, Any]] | None = None,
    ) -> StoredMessage:
        """Store a user message and dispatch MESSAGE_CREATE (mentions default to <@id> in text)."""
        world = self.world
        channel = world.channels[channel_id]
        if mentions is None:
            found = [int(u) for u in payloads.USER_MENTION.findall(content)]
            mention_ids = [u for u in dict.fromkeys(found) if u in world.users]
        else:
            mention_ids = [self._user_id(u) for u in mentions]
        if mention_roles is None:
            mention_roles = [int(r) for r in payloads.ROLE_MENTION.findall(content)]
        data = payloads.message_payload(
            world,
            message_id=world.ids.next(),
            channel_id=channel_id,
            author_id=self._user_id(author),
            content=content,
            mentions=mention_ids,
            mention_roles=mention_roles,
            mention_everyone=mention_everyone,
            embeds=embeds,
        )
        if message_reference is not None:
            ref = message_reference
            if not isinstance(ref, dict):
                ref = {"message_id": str(ref), "channel_id": str(channel_id)}
                if channel.guild_id is not None:
                    ref["guild_id"] = str(channel.guild_id)
            data["message_reference"] = {"type": 0, **ref}
            replied = world.messages.get(int(ref["message_id"]))
            data["type"] = 19
            data["referenced_message"] = (
                payloads.render_message(replied, self.bot_user_id) if replied else None
            )
        stored = world.store_message(data)
        await self.messages.dispatch("MESSAGE_CREATE", stored)
        return stored

    async def inject_reaction(
        self: FakeDiscord, message_id: int, emoji: str, user: UserRef = None
    ) -> None:
        """A user adds a unicode (or name:id custom) reaction; dispatches MESSAGE_REACTION_ADD."""
        stored, user_id = self.world.messages[message_id], self._user_id(user)
        name, _, emoji_id = emoji.partition(":")
        entry = stored.reactions.setdefault(
            emoji, {"emoji": {"id": emoji_id or None, "name": name}, "users": []}
        )
        if user_id not in entry["users"]:
            entry["users"].append(user_id)
        await self.dispatch_reaction(stored, entry["emoji"], user_id, added=True)

    async def dispatch_reaction(
        self: FakeDiscord, stored: StoredMessage, emoji: dict[str, Any], user_id: int, added: bool
    ) -> None:
        """Dispatch MESSAGE_REACTION_ADD/REMOVE for a stored message."""
        channel = self.world.channels[stored.channel_id]
        data: dict[str, Any] = {
            "user_id": str(user_id),
            "channel_id": str(channel.id),
            "message_id": str(stored.id),
            "emoji": emoji,
            "burst": False,
            "type": 0,
        }
        if channel.guild_id is not None:
            data["guild_id"] = str(channel.guild_id)
            member = self.world.guilds[channel.guild_id].members.get(user_id)
            if added and member is not None:
                data["member"] = payloads.member_payload(self.world, member)
        if added:
            data["message_author_id"] = stored.data["author"]["id"]
        event = "MESSAGE_REACTION_ADD" if added else "MESSAGE_REACTION_REMOVE"
        await self.gateway.dispatch(event, data, channel.guild_id)

    async def _inject_interaction(
        self: FakeDiscord, inter: InjectedInteraction
    ) -> InjectedInteraction:
        """Dispatch INTERACTION_CREATE for a built interaction."""
        await self.gateway.dispatch("INTERACTION_CREATE", inter.payload, inter.guild_id)
        return inter

    async def inject_slash_command(
        self: FakeDiscord,
        name: str,
        options: dict[str, Any] | list[dict[str, Any]] | None = None,
        *,
        user: UserRef = None,
        channel_id: int | None = None,
        guild_command: bool | None = None,
    ) -> InjectedInteraction:
        """A user runs /name (use 'group sub' for subcommands); option types come from the sync."""
        channel_id = channel_id or self.ids.general_channel_id
        guild_id = self.world.channels[channel_id].guild_id
        data = self.factory.command_data(name, options, guild_id, guild_command=guild_command)
        inter = self.factory.envelope(2, data, self._user_id(user), channel_id, None)
        return await self._inject_interaction(inter)

    async def inject_autocomplete(
        self: FakeDiscord,
        name: str,
        focused: str,
        value: Any = "",
        options: dict[str, Any] | None = None,
        *,
        user: UserRef = None,
        channel_id: int | None = None,
    ) -> InjectedInteraction:
        """A user types `value` into option `focused` of /name; the bot should answer type 8."""
        channel_id = channel_id or self.ids.general_channel_id
        guild_id = self.world.channels[channel_id].guild_id
        data = self.factory.command_data(name, options, guild_id, focused=(focused, value))
        inter = self.factory.envelope(4, data, self._user_id(user), channel_id, None)
        return await self._inject_interaction(inter)

    async def inject_component(
        self: FakeDiscord,
        message_id: int,
        custom_id: str,
        *,
        user: UserRef = None,
        component_type: int = 2,
        values: list[str] | None = None,
    ) -> InjectedInteraction:
        """A user clicks a button (type 2) or picks select values on a stored message."""
        stored = self.world.messages[message_id]
        guild_id = self.world.channels[stored.channel_id].guild_id
        data = self.factory.component_data(custom_id, component_type, values, guild_id)
        inter = self.factory.envelope(3, data, self._user_id(user), stored.channel_id, message_id)
        return await self._inject_interaction(inter)

    async def inject_modal_submit(
        self: FakeDiscord,
        custom_id: str,
        values: dict[str, str],
        *,
        user: UserRef = None,
        channel_id: int | None = None,
        message_id: int | None = None,
    ) -> InjectedInteraction:
        """A user submits modal `custom_id` with {text_input_custom_id: value}."""
        if message_id is not None:
            channel_id = self.world.messages[message_id].channel_id
        channel_id = channel_id or self.ids.general_channel_id
        data = self.factory.modal_data(custom_id, values)
        inter = self.factory.envelope(5, data, self._user_id(user), channel_id, message_id)
        return await self._inject_interaction(inter)
