"""Moderators' /kb commands: reload and check the knowledge folder, list gaps, add a phrasing."""

from __future__ import annotations

import asyncio
import contextlib
import logging

import discord
from discord import app_commands
from discord.ext import commands

from ...core.knowledge.edits import MAX_PHRASING, EditError, add_phrasing
from ...core.knowledge.reader import KnowledgeError
from ..client import ElectionBot
from ..embeds import safe
from ..modlog import entry_lines, error_lines, record, record_reload
from ..modtools import contest_autocomplete, fact_autocomplete, find_contest, reply
from ..permissions import moderator_only

log = logging.getLogger(__name__)


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class Kb(commands.GroupCog, group_name="kb", group_description="Moderators: the knowledge base"):
    """Reload, check, find gaps and add phrasings."""

    def __init__(self, bot: ElectionBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(
        name="reload", description="Reload the knowledge folder (kept as is if invalid)"
    )
    @moderator_only()
    async def reload(self, interaction: discord.Interaction) -> None:
        """Validate and swap in the knowledge folder, or list every error."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        report = await self.bot.holder.reload()
        user = interaction.user
        await record_reload(
            self.bot, report, actor=user.name, actor_id=user.id, why=f"{user.name} ran /kb reload"
        )
        if report.ok:
            await reply(interaction, report.summary(), lines=entry_lines(report), code=True)
        else:
            await reply(interaction, report.summary(), lines=error_lines(report), code=True)

    @app_commands.command(
        name="check", description="Validate the knowledge folder without reloading it"
    )
    @moderator_only()
    async def check(self, interaction: discord.Interaction) -> None:
        """Load the folder off the event loop and report its counts or every error."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        lines: list[str] = []
        try:
            counts_of = await self.bot.holder.check()  # paced, off the loop, as reloads are
        except KnowledgeError as exc:
            lines = [str(e) for e in exc.errors]
            outcome = f"{len(lines)} error(s)"
            text = f"The knowledge folder has {outcome}; nothing was reloaded:"
        else:
            counts = ", ".join(f"{n} {k}" for k, n in counts_of.items())
            outcome = f"valid ({counts})"
            text = f"The knowledge folder is valid: {counts}. (Not reloaded: use /kb reload.)"
        user = interaction.user
        await record(
            self.bot,
            actor=user.name,
            actor_id=user.id,
            action="kb.check",
            line=f"{user.name} ran /kb check: {outcome}.",
        )
        await reply(interaction, text, lines=lines, code=True)

    @app_commands.command(
        name="gaps", description="The questions askers asked most that got no answer or a 👎"
    )
    @app_commands.describe(limit="How many to list (default 10)")
    @moderator_only()
    async def gaps(
        self, interaction: discord.Interaction, limit: app_commands.Range[int, 1, 50] = 10
    ) -> None:
        """List the most frequent unanswered or 👎 questions with their counts."""
        rows = await self.bot.store.questions.gaps(limit)
        user = interaction.user
        await record(
            self.bot,
            actor=user.name,
            actor_id=user.id,
            action="kb.gaps",
            line=None,
            detail=f"listed {len(rows)} gap(s)",
        )
        if not rows:
            await reply(
                interaction, "No gaps: every question so far was answered and none got a 👎."
            )
            return
        lines = [
            f"{i}. {safe(row['question'], 200)} — asked {row['times']}×"
            f" ({row['unanswered']} unanswered, {row['downvotes']} 👎)"
            for i, row in enumerate(rows, start=1)
        ]
        await reply(
            interaction, "Questions to cover next (add a phrasing with /kb alias):", lines=lines
        )

    @app_commands.command(
        name="alias", description="Add a phrasing to a fact's questions (edits facts.yaml)"
    )
    @app_commands.describe(
        entry="The fact the phrasing should reach",
        phrasing="How askers put the question",
        contest="Which contest (default: the main one)",
    )
    @app_commands.autocomplete(entry=fact_autocomplete, contest=contest_autocomplete)
    @moderator_only()
    async def alias(
        self,
        interaction: discord.Interaction,
        entry: app_commands.Range[str, 1, 40],
        phrasing: app_commands.Range[str, 1, MAX_PHRASING],
        contest: str | None = None,
    ) -> None:
        """Append the phrasing in facts.yaml, keeping comments; re-read the contest or put it back."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        found = find_contest(self.bot, contest)
        if found is None:
            await reply(interaction, "I don't know that contest; pick one from the list.")
            return
        holder = self.bot.holder
        async with holder.lock, contextlib.AsyncExitStack() as shared:
            try:
                # Every process's edits, one after the other (a no-op alone on a SQLite file).
                await shared.enter_async_context(self.bot.store.edit_lock())
            except OSError as exc:
                await reply(interaction, f"Not added: {exc}; try again.")
                return
            try:
                edit = await asyncio.to_thread(
                    add_phrasing, holder.folder, found.id, entry, phrasing
                )
            except EditError as exc:
                await reply(interaction, f"Not added: {exc}.")
                return
            report = await holder.reload_locked([edit.path])  # that contest is read again
            if not report.ok:
                await asyncio.to_thread(edit.undo)
                await holder.reload_locked([edit.path])  # and read as restored
        user = interaction.user
        where = f"{found.id}/{entry}"
        if not report.ok:
            await record(
                self.bot,
                actor=user.name,
                actor_id=user.id,
                action="kb.alias.refused",
                contest_id=found.id,
                line=None,
                detail=f"{where}: {phrasing!r}; " + "; ".join(error_lines(report))[:1000],
            )
            await reply(
                interaction,
                "Not added: the file would be invalid, so I put it back:",
                lines=error_lines(report),
                code=True,
            )
            return
        await record_reload(
            self.bot, report, actor=user.name, actor_id=user.id, why="/kb alias", quiet=True
        )
        await record(
            self.bot,
            actor=user.name,
            actor_id=user.id,
            action="kb.alias",
            contest_id=found.id,
            before=edit.before,
            after=edit.after,
            line=f"{user.name} added the phrasing “{safe(phrasing, 300)}” to {where} ({report.summary()})",
        )
        await reply(interaction, f"Added “{safe(phrasing, 300)}” to {where}. {report.summary()}")


async def setup(bot: ElectionBot) -> None:
    """Add the cog."""
    await bot.add_cog(Kb(bot))
