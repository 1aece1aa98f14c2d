"""Announcements on Discord: the announcer's lifecycle, and /announce with preview and Confirm."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Collection

import discord
from discord import app_commands
from discord.ext import commands

from ...announce.delivery import RetryPolicy
from ...announce.keys import ref_of
from ...announce.render import Announcement
from ...announce.service import Announcer
from ...core.runtime.holder import ReloadReport
from .. import modlog
from ..announce_transport import DiscordTransport, to_embed
from ..choices import contest_choices
from ..client import ElectionBot
from ..embeds import shorten
from ..permissions import is_moderator, moderator_only
from ..shards import holds_channel
from ..views import NO_PINGS

log = logging.getLogger(__name__)

TEXT_MAX = 1800
ELSEWHERE = (
    "Announcements are posted by the bot process that runs the announcement channel's server; "
    "use /announce in that server."
)  # processes with a SQLite file each; on a shared PostgreSQL every process takes /announce
CONFIRM_WAIT = 20.0  # seconds the Confirm button waits to report the posted message


def announcer_for(bot: ElectionBot) -> Announcer | None:
    """Build the announcer from the bot's settings, or None when ANNOUNCE_CHANNEL_ID is not set."""
    settings = bot.settings
    if settings.announce_channel_id is None:
        return None

    async def notify(text: str) -> None:
        await modlog.post(bot, text)

    return Announcer(
        outbox=bot.store.outbox,
        transport=DiscordTransport(bot, notify),
        clock=bot.clock,
        channel_id=settings.announce_channel_id,
        contests=lambda: bot.engine.kb.contests,
        grace=dt.timedelta(minutes=settings.announce_grace_minutes),
        policy=RetryPolicy(deadline=dt.timedelta(seconds=settings.announce_retry_deadline_seconds)),
        # Processes sharing a database elect one poster among them; alone, this one posts.
        lead=bot.store.lead("announcements") if bot.store.shared else None,
    )


def message_link(guild_id: int | None, channel_id: int, message_id: int | None) -> str:
    """Return a link to a message."""
    return f"https://discord.com/channels/{guild_id or '@me'}/{channel_id}/{message_id}"


class ConfirmView(discord.ui.View):
    """Confirm or Cancel under a moderator's private preview."""

    def __init__(
        self,
        cog: Announce,
        key: str,
        announcement: Announcement,
        contest_id: str | None,
        owner: int,
    ) -> None:
        super().__init__(timeout=600)
        self.cog, self.key, self.announcement = cog, key, announcement
        self.contest_id, self.owner = contest_id, owner

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Let only the moderator who previewed it press the buttons."""
        bot: ElectionBot = interaction.client  # type: ignore[assignment]
        if interaction.user.id == self.owner and is_moderator(interaction.user, bot.settings):
            return True
        await bot.reply_ephemeral(
            interaction, "Only the moderator who wrote this announcement can confirm it."
        )
        return False

    @discord.ui.button(label="Confirm and post", style=discord.ButtonStyle.danger)
    async def confirm(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        """Record and post the announcement once, then report where it went."""
        announcer = self.cog.announcer
        assert announcer is not None
        self.stop()
        await interaction.response.edit_message(content="Posting…", view=None)
        row = await announcer.submit(self.key, "manual", self.contest_id, self.announcement)
        await modlog.record(
            self.cog.bot,
            actor=interaction.user.name,
            actor_id=interaction.user.id,
            action="announce.manual",
            contest_id=self.contest_id,
            line=f"{interaction.user.name} posted an announcement: "
            f"“{shorten(self.announcement.title, 100)}” (ref {row.ref})",  # escaped when rendered
            detail=self.announcement.description,
        )
        row = await announcer.poster.wait_for(self.key, CONFIRM_WAIT)
        if row is not None and row.state == "sent":
            text = f"Posted: {message_link(interaction.guild_id, row.channel_id, row.message_id)}"
        elif row is not None and row.state == "failed":
            text = f"Not posted: {row.error}. The mod-log says what to fix."
        else:
            text = "Queued: Discord is slow to answer; it will be posted when it can (never twice)."
        await interaction.edit_original_response(content=text)

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        """Drop the preview."""
        self.stop()
        await interaction.response.edit_message(
            content="Cancelled: nothing was posted.", embed=None, view=None
        )


class Announce(commands.Cog):
    """Announcements: status changes, the schedule and moderators' /announce, each posted once."""

    def __init__(self, bot: ElectionBot) -> None:
        self.bot = bot
        self.announcer = announcer_for(bot)
        self.elsewhere = False  # another process (with other shards) posts the announcements
        self._catch_ups: set[asyncio.Task[None]] = set()

    async def cog_load(self) -> None:
        """Hook status changes and reloads, and start delivering."""
        if self.announcer is None:
            log.info("ANNOUNCE_CHANNEL_ID is not set: automated announcements are off")
            return
        if not self.bot.store.shared and not await holds_channel(
            self.bot, self.announcer.channel_id
        ):  # each process has its own SQLite file: the one running the channel's server posts
            log.info(
                "announcement channel %s is on a shard another process runs: "
                "this process posts no announcements",
                self.announcer.channel_id,
            )
            self.announcer, self.elsewhere = None, True
            return
        self.bot.status_updater.listeners.append(self.announcer.on_status_change)
        listeners = getattr(self.bot.holder, "listeners", None)
        if listeners is not None:
            listeners.append(self._on_reload)
        await self.announcer.poster.start()

    async def cog_unload(self) -> None:
        """Unhook and stop; what is pending is settled on the next start."""
        if self.announcer is None:
            return
        if self.announcer.on_status_change in self.bot.status_updater.listeners:
            self.bot.status_updater.listeners.remove(self.announcer.on_status_change)
        listeners = getattr(self.bot.holder, "listeners", None)
        if listeners is not None and self._on_reload in listeners:
            listeners.remove(self._on_reload)
        for task in list(self._catch_ups):
            task.cancel()
        await self.announcer.poster.stop()

    def _on_reload(self, report: ReloadReport) -> None:
        """Look at the schedule again, and announce a phase change saved by another process."""
        announcer = self.announcer
        if announcer is None:
            return
        announcer.scheduler.wake()
        if announcer.poster.posting:  # before that, it catches up when it starts posting
            only = report.contests  # the contests the reload changed: the others did not
            task = asyncio.create_task(self._catch_up(announcer, only), name="announce-catch-up")
            self._catch_ups.add(task)
            task.add_done_callback(self._catch_ups.discard)

    @staticmethod
    async def _catch_up(announcer: Announcer, only: Collection[str]) -> None:
        """Catch up on status changes read from the files; log, never raise, a failure."""
        try:
            await announcer.catch_up(only)
        except Exception:
            log.exception("could not catch up on status changes after a reload")

    @app_commands.command(
        name="announce",
        description="Post an announcement to the announcements channel (moderators)",
    )
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)  # hidden from askers, like /count and /kb
    @app_commands.describe(
        text="What to announce, as it should read", title="Optional title", contest="Which contest"
    )
    @moderator_only()
    async def announce(
        self,
        interaction: discord.Interaction,
        text: app_commands.Range[str, 1, TEXT_MAX],
        title: app_commands.Range[str, 1, 200] | None = None,
        contest: str | None = None,
    ) -> None:
        """Show a private preview with Confirm; nothing is posted until it is pressed."""
        if self.elsewhere:
            await self.bot.reply_ephemeral(interaction, ELSEWHERE)
            return
        if self.announcer is None:
            await self.bot.reply_ephemeral(
                interaction, "No announcements channel is set (ANNOUNCE_CHANNEL_ID)."
            )
            return
        kb = self.bot.engine.kb
        if contest is not None and contest not in kb.contests:
            await self.bot.reply_ephemeral(
                interaction, "I don't know that contest; pick one from the list."
            )
            return
        contest_id = contest or kb.default_contest.id
        key, ann = self.announcer.manual(
            token=interaction.id,
            text=text,
            actor=interaction.user.display_name,
            contest_id=contest_id,
            title=title,
        )
        view = ConfirmView(self, key, ann, contest_id, interaction.user.id)
        await interaction.response.send_message(
            f"Preview (only you can see it). Confirm to post it to <#{self.announcer.channel_id}>.",
            embed=to_embed(ann.with_ref(ref_of(key))),
            view=view,
            ephemeral=True,
            allowed_mentions=NO_PINGS,
        )

    @announce.autocomplete("contest")
    async def contest_complete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """Offer contests whose id or name contains what is typed."""
        return contest_choices(self.bot.engine.kb, current)


async def setup(bot: ElectionBot) -> None:
    """Add the cog."""
    await bot.add_cog(Announce(bot))
