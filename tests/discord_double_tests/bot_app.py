"""A tiny real discord.py bot used to exercise the Discord double end to end."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from tests.fakediscord import IDS

log = logging.getLogger(__name__)

GUILD = discord.Object(id=IDS.guild_id)


class PingView(discord.ui.View):
    """A persistent-enough view with one button that edits the message."""

    def __init__(self) -> None:
        """Create the view with a 60 s timeout."""
        super().__init__(timeout=60)

    @discord.ui.button(label="Again", custom_id="ping:again", style=discord.ButtonStyle.primary)
    async def again(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        """Edit the original message in place."""
        await interaction.response.edit_message(content="pong again", view=None)


class DoubleTestBot(commands.Bot):
    """commands.Bot with message_content, an echo on_message and a guild /ping command."""

    def __init__(self, **kwargs: object) -> None:
        """Default intents + message_content, fast guild-ready timeout."""
        intents = discord.Intents.default()
        intents.message_content = True
        kwargs.setdefault("guild_ready_timeout", 0.1)
        super().__init__(command_prefix="!", intents=intents, help_command=None, **kwargs)
        self.seen_messages: list[discord.Message] = []
        self.reply_errors: list[BaseException] = []

    async def setup_hook(self) -> None:
        """Register /ping for the test guild and sync it."""
        self.tree.add_command(ping, guild=GUILD)
        await self.tree.sync(guild=GUILD)

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """Skip discord.py's 5 s pause before non-initial IDENTIFYs (tests only)."""

    async def on_message(self, message: discord.Message) -> None:
        """Reply 'echo: <content>' to every non-bot message, pinging nobody."""
        if message.author.bot:
            return
        self.seen_messages.append(message)
        try:
            await message.reply(
                f"echo: {message.content}", allowed_mentions=discord.AllowedMentions.none()
            )
        except discord.HTTPException as exc:
            self.reply_errors.append(exc)


@app_commands.command(name="ping", description="Check that the bot is alive")
async def ping(interaction: discord.Interaction) -> None:
    """Answer pong with a button."""
    await interaction.response.send_message("pong", view=PingView())
