"""Moderators' /count commands: set the counting phase, declare a checked result, undo a change.

The askers' /status command already exists, and Discord cannot have /status as both a command and a
group, so the moderators' status commands are the group /count.
"""

from __future__ import annotations

import asyncio
import logging

import discord
from discord import app_commands
from discord.ext import commands
from pydantic import ValidationError

from ...core.count.result_input import ResultInputError, build_result, parse_candidates
from ...core.count.updates import StatusChange, StatusError
from ...core.knowledge.status import PHASE_LABELS, Status
from ..client import ElectionBot
from ..declare import DeclareView, preview_embed
from ..embeds import safe
from ..modlog import NO_PINGS, record
from ..modtools import contest_autocomplete, find_contest, reply
from ..permissions import moderator_only

log = logging.getLogger(__name__)

PHASES = [
    app_commands.Choice(name=label, value=phase)
    for phase, label in PHASE_LABELS.items()
    if phase != "declared"
]
UNKNOWN_CONTEST = "I don't know that contest; pick one from the list."


class StatusChanged(StatusError):
    """The status is no longer what the change being undone made it."""


def content(status: dict) -> dict:
    """Return what a status says, without its version and who changed it when."""
    skip = ("version", "updated_at", "updated_by", "previous_phase")
    return {k: v for k, v in status.items() if k not in skip}


def status_words(status: Status) -> str:
    """Describe a status in a few words for the mod-log and the moderator (typed text escaped)."""
    text = status.label
    if status.note:
        text += f" ({safe(status.note, 300)})"
    if status.expected_declaration:
        text += f", declaration expected {safe(status.expected_declaration, 300)}"
    return text


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class Count(
    commands.GroupCog, group_name="count", group_description="Moderators: the live counting status"
):
    """Set the count's phase, declare the result after a consistency check, and undo."""

    def __init__(self, bot: ElectionBot) -> None:
        self.bot = bot
        self._undo_lock = asyncio.Lock()  # one undo at a time, so two never undo the same change
        super().__init__()

    async def _audit_change(
        self, interaction: discord.Interaction, change: StatusChange, line: str
    ) -> int | None:
        """Record a status change in the audit log and the mod-log."""
        return await record(
            self.bot,
            actor=interaction.user.name,
            actor_id=interaction.user.id,
            action=change.action,
            contest_id=change.contest_id,
            before=change.before.model_dump(mode="json"),
            after=change.after.model_dump(mode="json"),
            line=line,
        )

    @app_commands.command(name="set", description="Set the counting phase (askers see it at once)")
    @app_commands.describe(
        phase="The new phase",
        note="A short note askers see, e.g. 'bundles being checked'",
        expected="When the declaration is expected, e.g. 'not before 6.15am'",
        contest="Which contest (default: the main one)",
    )
    @app_commands.choices(phase=PHASES)
    @app_commands.autocomplete(contest=contest_autocomplete)
    @moderator_only()
    async def set_phase(
        self,
        interaction: discord.Interaction,
        phase: app_commands.Choice[str],
        note: app_commands.Range[str, 1, 300] | None = None,
        expected: app_commands.Range[str, 1, 300] | None = None,
        contest: str | None = None,
    ) -> None:
        """Move the count to a phase."""
        found = find_contest(self.bot, contest)
        if found is None:
            await reply(interaction, UNKNOWN_CONTEST)
            return
        try:
            change = await self.bot.status_updater.set_phase(
                found.id,
                phase.value,
                interaction.user.name,
                note=note,
                expected=expected,  # type: ignore[arg-type]
            )
        except StatusError as exc:
            await reply(interaction, f"Not changed: {exc}.")
            return
        await reply(
            interaction,
            f"{found.name} is now: {status_words(change.after)} (version {change.after.version}).",
        )
        await self._audit_change(
            interaction,
            change,
            f"{interaction.user.name} set {found.name} to {status_words(change.after)}.",
        )

    @app_commands.command(
        name="declare", description="Declare the result: preview, check, then Confirm"
    )
    @app_commands.describe(
        candidates='e.g. "Jo Bloggs (Conservative) 12345; Sam Smith (Labour) 6789"',
        electorate="Registered electors",
        turnout="Turnout in percent, as announced (computed from the electorate if left out)",
        rejected="Rejected ballots",
        note="A short note askers see",
        contest="Which contest (default: the main one)",
    )
    @app_commands.autocomplete(contest=contest_autocomplete)
    @moderator_only()
    async def declare(
        self,
        interaction: discord.Interaction,
        candidates: app_commands.Range[str, 1, 4000],
        electorate: app_commands.Range[int, 1, 100_000_000] | None = None,
        turnout: app_commands.Range[float, 0, 100] | None = None,
        rejected: app_commands.Range[int, 0, 100_000_000] = 0,
        note: app_commands.Range[str, 1, 300] | None = None,
        contest: str | None = None,
    ) -> None:
        """Show a preview of the result with its consistency check; save it only on Confirm."""
        found = find_contest(self.bot, contest)
        if found is None:
            await reply(interaction, UNKNOWN_CONTEST)
            return
        try:
            parsed = parse_candidates(candidates)
        except ResultInputError as exc:
            await reply(
                interaction,
                "Refused: I could not read the candidates:",
                lines=[f"• {p}" for p in exc.problems],
            )
            return
        check = build_result(parsed, electorate=electorate, turnout=turnout, rejected=rejected)
        if check.result is None:
            await reply(
                interaction,
                "Refused: this result does not add up:",
                lines=[f"• {p}" for p in check.problems],
            )
            return
        second = self.bot.settings.require_second_moderator
        footer = (
            "Nothing is saved yet: a different moderator must press Confirm."
            if second
            else "Nothing is saved until you press Confirm."
        )
        title = f"Preview: {found.name} result"
        embed = preview_embed(
            found.name, check.result, title=title, footer=footer, computed=check.turnout_computed
        )
        view = DeclareView(
            self.bot,
            contest_id=found.id,
            contest_name=found.name,
            result=check.result,
            note=note,
            proposer=interaction.user,
            version=found.status.version,
            embed=embed,
        )
        view.origin = interaction
        content = (
            f"{interaction.user.name} proposes this result; another moderator must confirm it."
            if second
            else None
        )
        await interaction.response.send_message(
            content, embed=embed, view=view, ephemeral=not second, allowed_mentions=NO_PINGS
        )
        await record(
            self.bot,
            actor=interaction.user.name,
            actor_id=interaction.user.id,
            action="declare.proposed",
            contest_id=found.id,
            after=check.result.model_dump(mode="json"),
            line=(
                f"{interaction.user.name} proposed a {found.name} result"
                + ("; waiting for a second moderator to confirm." if second else ".")
            ),
        )

    @app_commands.command(
        name="undo", description="Put back the status as it was before the last change"
    )
    @app_commands.describe(contest="Which contest (default: the main one)")
    @app_commands.autocomplete(contest=contest_autocomplete)
    @moderator_only()
    async def undo(self, interaction: discord.Interaction, contest: str | None = None) -> None:
        """Restore the status before the last status change that has not been undone."""
        found = find_contest(self.bot, contest)
        if found is None:
            await reply(interaction, UNKNOWN_CONTEST)
            return
        async with self._undo_lock:
            entry = await self.bot.store.audit.last_status_change(found.id)
            if (
                entry is None
                or not isinstance(entry.before, dict)
                or not isinstance(entry.after, dict)
            ):
                await reply(interaction, f"Nothing to undo for {found.name}.")
                return

            def unchanged(current: Status) -> None:
                """Refuse the undo if the status is no longer what the change made it."""
                if content(current.model_dump(mode="json")) != content(entry.after):
                    raise StatusChanged(
                        f"Not undone: the status changed after {entry.action} by {entry.actor} "
                        f"(it is now {status_words(current)}). Use /count set or /count declare "
                        "instead."
                    )

            try:
                previous = Status.model_validate(entry.before)
                # Checked under the edit locks, against status.yaml when processes share it:
                # another process's change may not have reached this one's knowledge yet.
                change = await self.bot.status_updater.restore(
                    found.id, previous, interaction.user.name, check=unchanged
                )
            except StatusChanged as exc:
                await reply(interaction, str(exc))
                return
            except (ValidationError, StatusError) as exc:
                await reply(interaction, f"Could not undo: {exc}")
                return
            undo_id = await self._audit_change(
                interaction,
                change,
                f"{interaction.user.name} undid {entry.action} by {entry.actor}: {found.name} is back to "
                f"{status_words(change.after)}.",
            )
            if undo_id:
                await self.bot.store.audit.mark_undone(entry.id, undo_id)
        await reply(
            interaction,
            f"Undid {entry.action} by {entry.actor}: {found.name} is back to {status_words(change.after)}.",
        )


async def setup(bot: ElectionBot) -> None:
    """Add the cog."""
    await bot.add_cog(Count(bot))
