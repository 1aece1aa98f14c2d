"""Fixed ids, permission bits and the default world seeded into every FakeDiscord."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.fakediscord.state import World

log = logging.getLogger(__name__)

DISCORD_EPOCH_MS = 1420070400000
TOKEN = "fake-bot-token.for-tests.only"

# Permission bits (https://discord.com/developers/docs/topics/permissions).
CREATE_INSTANT_INVITE = 1 << 0
KICK_MEMBERS = 1 << 1
BAN_MEMBERS = 1 << 2
ADMINISTRATOR = 1 << 3
ADD_REACTIONS = 1 << 6
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
MENTION_EVERYONE = 1 << 17
USE_EXTERNAL_EMOJIS = 1 << 18
CHANGE_NICKNAME = 1 << 26
USE_APPLICATION_COMMANDS = 1 << 31
MANAGE_THREADS = 1 << 34
SEND_MESSAGES_IN_THREADS = 1 << 38
MODERATE_MEMBERS = 1 << 40

EVERYONE_PERMISSIONS = (
    CREATE_INSTANT_INVITE
    | ADD_REACTIONS
    | VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_EXTERNAL_EMOJIS
    | CHANGE_NICKNAME
    | USE_APPLICATION_COMMANDS
    | SEND_MESSAGES_IN_THREADS
)
MODERATOR_PERMISSIONS = (
    EVERYONE_PERMISSIONS
    | KICK_MEMBERS
    | BAN_MEMBERS
    | MANAGE_MESSAGES
    | MENTION_EVERYONE
    | MANAGE_THREADS
    | MODERATE_MEMBERS
)
BOT_ROLE_PERMISSIONS = EVERYONE_PERMISSIONS | MANAGE_MESSAGES | MANAGE_THREADS

# Gateway intents used by the double when filtering dispatches.
INTENT_GUILD_MEMBERS = 1 << 1
INTENT_GUILD_MESSAGES = 1 << 9
INTENT_GUILD_MESSAGE_REACTIONS = 1 << 10
INTENT_DIRECT_MESSAGES = 1 << 12
INTENT_MESSAGE_CONTENT = 1 << 15


@dataclass(frozen=True)
class DefaultIds:
    """The snowflakes of everything in the default world (stable across runs)."""

    app_id: int = 1200000000000000001
    bot_user_id: int = 1200000000000000001
    guild_id: int = 1200000000000000100
    everyone_role_id: int = 1200000000000000100
    moderator_role_id: int = 1200000000000000101
    bot_role_id: int = 1200000000000000102
    general_channel_id: int = 1200000000000000201
    qa_channel_id: int = 1200000000000000202
    announcements_channel_id: int = 1200000000000000203
    mod_log_channel_id: int = 1200000000000000204
    moderator_user_id: int = 1200000000000000301
    alice_id: int = 1200000000000000302
    bob_id: int = 1200000000000000303


IDS = DefaultIds()


def seed_default_world(world: World) -> None:
    """Populate an empty World with the default bot, guild, roles, channels and members."""
    ids = IDS
    world.add_user(ids.bot_user_id, "ElectionBot", bot=True, global_name=None)
    world.add_user(ids.moderator_user_id, "mod_mia", global_name="Mia (Mod)")
    world.add_user(ids.alice_id, "alice", global_name="Alice")
    world.add_user(ids.bob_id, "bob", global_name="Bob")

    world.add_guild(
        ids.guild_id,
        "Election Night HQ",
        owner_id=ids.moderator_user_id,
        everyone_permissions=EVERYONE_PERMISSIONS,
    )
    world.add_role(ids.guild_id, "Moderator", MODERATOR_PERMISSIONS, role_id=ids.moderator_role_id)
    world.add_role(
        ids.guild_id,
        "ElectionBot",
        BOT_ROLE_PERMISSIONS,
        role_id=ids.bot_role_id,
        managed=True,
        tags={"bot_id": str(ids.bot_user_id)},
    )

    world.add_channel(ids.guild_id, "general", channel_id=ids.general_channel_id)
    world.add_channel(
        ids.guild_id, "election-qa", channel_id=ids.qa_channel_id, topic="Ask about tonight"
    )
    world.add_channel(
        ids.guild_id, "announcements", channel_id=ids.announcements_channel_id, channel_type=5
    )
    world.add_channel(ids.guild_id, "mod-log", channel_id=ids.mod_log_channel_id)

    world.add_member(ids.guild_id, ids.bot_user_id, roles=[ids.bot_role_id])
    world.add_member(ids.guild_id, ids.moderator_user_id, roles=[ids.moderator_role_id])
    world.add_member(ids.guild_id, ids.alice_id)
    world.add_member(ids.guild_id, ids.bob_id)
    log.debug("seeded default world with guild %s", ids.guild_id)
