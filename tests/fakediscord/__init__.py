"""fakediscord: an in-process Discord double for end-to-end tests of real discord.py bots.

Quick start::

    async with FakeDiscord() as fake, patch_discord(fake):   # or the `fake_discord` fixture
        bot = commands.Bot(command_prefix="!", intents=intents, guild_ready_timeout=0.1)
        async with run_bot(fake, bot):
            msg = await fake.inject_message(fake.ids.general_channel_id, "hello")
            req = await fake.wait_for_request("POST", r"/channels/\\d+/messages")
"""

from tests.fakediscord.botrunner import run_bot, stop_bot, wait_for_view
from tests.fakediscord.defaults import IDS, TOKEN, DefaultIds
from tests.fakediscord.patching import patch_discord
from tests.fakediscord.recording import GatewayOp, RecordedRequest
from tests.fakediscord.rest_interactions import InjectedInteraction, InteractionCallback
from tests.fakediscord.server import FakeDiscord
from tests.fakediscord.state import (
    FakeChannel,
    FakeGuild,
    FakeMember,
    FakeRole,
    FakeUser,
    StoredMessage,
)

__all__ = [
    "IDS",
    "TOKEN",
    "DefaultIds",
    "FakeChannel",
    "FakeDiscord",
    "FakeGuild",
    "FakeMember",
    "FakeRole",
    "FakeUser",
    "GatewayOp",
    "InjectedInteraction",
    "InteractionCallback",
    "RecordedRequest",
    "StoredMessage",
    "patch_discord",
    "run_bot",
    "stop_bot",
    "wait_for_view",
]
