"""The preview of a declared result and its Confirm/Cancel buttons: nothing is saved until Confirm."""

from __future__ import annotations

import asyncio
import logging
import secrets
from typing import TYPE_CHECKING

import discord

from ..core.count.updates import StatusError
from ..core.knowledge.status import Result, Status
from .embeds import ANSWERED, UNANSWERED, safe, shorten
from .modlog import NO_PINGS, record
from .permissions import is_moderator, refuse

if TYPE_CHECKING:
    from .client import ElectionBot

log = logging.getLogger(__name__)

PREVIEW_SECONDS = 15 * 60
PENDING = discord.Colour.gold()


def result_lines(result: Result) -> list[str]:
    """Return one line per candidate, most votes first, with their share."""
    return [
        f"{'**' if c is result.winning else ''}{safe(c.name, 100)} ({safe(c.party, 60)}): "
        f"{c.votes:,} ({result.share(c):.1f}%){'**' if c is result.winning else ''}"
        for c in result.ranked
    ]


def result_summary(result: Result) -> str:
    """Return the result in one line for the mod-log."""
    won = result.winning
    text = (
        f"{safe(won.name, 100)} ({safe(won.party, 60)}) won with {won.votes:,} votes, "
        f"a majority of {result.majority:,}"
    )
    if result.turnout_percent is not None:
        text += f"; turnout {result.turnout_percent:.2f}%"
    return text + "."


def preview_embed(
    contest_name: str, result: Result, *, title: str, footer: str, computed: bool
) -> discord.Embed:
    """Build the embed showing a result and that it adds up."""
    embed = discord.Embed(
        title=shorten(title, 256),
        colour=PENDING,
        description="\n".join(result_lines(result))[:4000],
    )
    embed.add_field(name="Contest", value=shorten(contest_name, 1024))
    embed.add_field(name="Winner", value=safe(result.winner, 200))
    embed.add_field(name="Majority", value=f"{result.majority:,}")
    if result.electorate is not None:
        embed.add_field(name="Electorate", value=f"{result.electorate:,}")
    if result.turnout_percent is not None:
        note = " (computed)" if computed else ""
        embed.add_field(name="Turnout", value=f"{result.turnout_percent:.2f}%{note}")
    embed.add_field(name="Rejected ballots", value=f"{result.rejected_ballots:,}")
    embed.add_field(name="Consistency check", value="✅ the figures add up", inline=False)
    embed.set_footer(text=shorten(footer, 2048))
    return embed


class DeclareView(discord.ui.View):
    """Confirm or Cancel a previewed result; with the two-moderator rule, another moderator confirms."""

    def __init__(
        self,
        bot: ElectionBot,
        *,
        contest_id: str,
        contest_name: str,
        result: Result,
        note: str | None,
        proposer: discord.abc.User,
        version: int,
        embed: discord.Embed,
    ) -> None:
        super().__init__(timeout=PREVIEW_SECONDS)
        self.bot = bot
        self.contest_id = contest_id
        self.contest_name = contest_name
        self.result = result
        self.note = note
        self.proposer = proposer
        self.version = version
        self.embed = embed
        self.second = bot.settings.require_second_moderator
        self.finished = False
        self.lock = asyncio.Lock()
        self.origin: discord.Interaction | None = None
        token = secrets.token_hex(8)
        confirm = discord.ui.Button(
            label="Confirm", style=discord.ButtonStyle.success, custom_id=f"count:confirm:{token}"
        )
        cancel = discord.ui.Button(
            label="Cancel", style=discord.ButtonStyle.secondary, custom_id=f"count:cancel:{token}"
        )
        confirm.callback = self.on_confirm  # type: ignore[method-assign]
        cancel.callback = self.on_cancel  # type: ignore[method-assign]
        self.add_item(confirm)
        self.add_item(cancel)

    async def _private(self, interaction: discord.Interaction, text: str) -> None:
        """Answer a button press privately."""
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_PINGS)

    async def _allowed(self, interaction: discord.Interaction) -> bool:
        """Refuse (audited, privately) a press by someone who is not a moderator."""
        if is_moderator(interaction.user, self.bot.settings):
            return True
        error = await refuse(interaction, f"the result preview of {self.contest_id}")
        await self._private(interaction, str(error))
        return False

    async def on_confirm(self, interaction: discord.Interaction) -> None:
        """Declare the result, unless the press is refused or the status changed since the preview."""
        if not await self._allowed(interaction):
            return
        user = interaction.user
        if self.second and user.id == self.proposer.id:
            await record(
                self.bot,
                actor=user.name,
                actor_id=user.id,
                action="refused",
                contest_id=self.contest_id,
                line=None,
                detail="confirm own result (a second moderator must confirm)",
            )
            await self._private(
                interaction, "A different moderator must confirm this result (two-moderator rule)."
            )
            return
        async with self.lock:
            if self.finished:
                await self._private(
                    interaction, "This preview has already been confirmed or cancelled."
                )
                return
            updater = self.bot.status_updater

            def unchanged(current: Status) -> None:
                """Refuse a preview made on an older status than `current`."""
                if current.version != self.version:
                    raise StatusError(
                        f"the count status changed since this preview (now {current.label}, by "
                        f"{current.updated_by or 'unknown'}); run /count declare again"
                    )

            try:
                unchanged(updater.current(self.contest_id))
                actor = (
                    user.name
                    if user.id == self.proposer.id
                    else f"{self.proposer.name} (confirmed by {user.name})"
                )
                # Checked again under the edit locks, against status.yaml when processes share
                # it: a change made through another process may not have been reloaded here.
                change = await updater.declare(
                    self.contest_id, self.result, actor, note=self.note, check=unchanged
                )
            except StatusError as exc:
                await self._private(interaction, f"Not declared: {exc}.")
                return
            self.finished = True
            self.stop()
        self.embed.title = shorten(f"Declared: {self.contest_name}", 256)
        self.embed.colour = ANSWERED
        self.embed.set_footer(text=shorten(f"Declared by {actor}", 2048))
        await interaction.response.edit_message(embed=self.embed, view=None)
        await record(
            self.bot,
            actor=user.name,
            actor_id=user.id,
            action=change.action,
            contest_id=self.contest_id,
            before=change.before.model_dump(mode="json"),
            after=change.after.model_dump(mode="json"),
            line=f"{actor} declared the {self.contest_name} result: {result_summary(self.result)}",
        )

    async def on_cancel(self, interaction: discord.Interaction) -> None:
        """Throw the preview away; nothing was saved."""
        if not await self._allowed(interaction):
            return
        async with self.lock:
            if self.finished:
                await self._private(
                    interaction, "This preview has already been confirmed or cancelled."
                )
                return
            self.finished = True
            self.stop()
        self.embed.title = shorten(f"Cancelled: {self.contest_name} result (not saved)", 256)
        self.embed.colour = UNANSWERED
        self.embed.set_footer(text=shorten(f"Cancelled by {interaction.user.name}", 2048))
        await interaction.response.edit_message(embed=self.embed, view=None)
        await record(
            self.bot,
            actor=interaction.user.name,
            actor_id=interaction.user.id,
            action="declare.cancelled",
            contest_id=self.contest_id,
            line=f"{interaction.user.name} cancelled a {self.contest_name} result preview by {self.proposer.name}.",
        )

    async def on_timeout(self) -> None:
        """Take the buttons off an expired preview."""
        if self.origin is None or self.finished:
            return
        self.embed.title = shorten(f"Expired: {self.contest_name} result (not saved)", 256)
        try:
            await self.origin.edit_original_response(embed=self.embed, view=None)
        except discord.HTTPException:
            log.info("could not mark an expired result preview of %s", self.contest_id)
