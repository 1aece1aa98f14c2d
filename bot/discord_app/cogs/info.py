"""Reference commands: /status, /quote, /sources and /help."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from ...core.answering.answer import HELP_TEXT
from ...core.answering.compose import quote_line
from ...core.knowledge.model import Contest
from ..choices import contest_choices
from ..client import ElectionBot
from ..embeds import ANSWERED, DESCRIPTION_MAX, FIELD_VALUE_MAX, footer_text, shorten, status_embed
from ..views import NO_PINGS

log = logging.getLogger(__name__)


class Info(commands.Cog):
    """Status, quotes, sources and help."""

    def __init__(self, bot: ElectionBot) -> None:
        self.bot = bot

    def _contest(self, contest_id: str | None) -> Contest | None:
        """Return the named contest, or the default when none is named."""
        kb = self.bot.engine.kb
        return kb.contests.get(contest_id) if contest_id else kb.default_contest

    async def _contest_complete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """Offer contests whose id or name contains what is typed."""
        return contest_choices(self.bot.engine.kb, current)

    @app_commands.command(name="status", description="The counting status")
    @app_commands.describe(contest="Which contest (default: the main one)")
    async def status(self, interaction: discord.Interaction, contest: str | None = None) -> None:
        """Show the counting status of a contest."""
        found = self._contest(contest)
        if found is None:
            await self.bot.reply_ephemeral(
                interaction, "I don't know that contest; pick one from the list."
            )
            return
        await interaction.response.send_message(
            embed=status_embed(found), allowed_mentions=NO_PINGS
        )

    status.autocomplete("contest")(_contest_complete)

    @app_commands.command(
        name="quote", description="What someone said, verbatim, with outlet and paragraph"
    )
    @app_commands.describe(speaker="Who said it")
    async def quote(self, interaction: discord.Interaction, speaker: str) -> None:
        """Show every quote of a speaker."""
        contest_id, _, person_id = speaker.partition(":")
        contest = self.bot.engine.kb.contests.get(contest_id)
        person = contest.people.get(person_id) if contest else None
        quotes = [q for q in contest.quotes if q.speaker == person_id] if contest and person else []
        if contest is None or person is None or not quotes:
            await self.bot.reply_ephemeral(
                interaction, "I have no quotes from that speaker; pick one from the list."
            )
            return
        embed = discord.Embed(title=shorten(f"Quotes: {person.name}", 256), colour=ANSWERED)
        lines = [quote_line(q, contest) for q in quotes]
        text = "\n\n".join(lines)
        if len(text) > DESCRIPTION_MAX:
            kept: list[str] = []
            for line in lines:
                if len("\n\n".join([*kept, line])) > DESCRIPTION_MAX - 80:
                    break
                kept.append(line)
            text = "\n\n".join(kept) + f"\n\n… and {len(lines) - len(kept)} more quote(s)."
        embed.description = text
        embed.set_footer(text=footer_text(contest.status.footer(), contest))
        await interaction.response.send_message(embed=embed, allowed_mentions=NO_PINGS)

    @quote.autocomplete("speaker")
    async def quote_complete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """Offer speakers with quotes whose name or alias contains what is typed."""
        needle = current.lower().strip()
        choices: list[app_commands.Choice[str]] = []
        for contest in self.bot.engine.kb.contests.values():
            speakers = {q.speaker for q in contest.quotes}
            for pid in sorted(speakers):
                person = contest.people[pid]
                names = [person.name, *person.aliases, person.role or ""]
                if not needle or any(needle in n.lower() for n in names):
                    label = (
                        f"{person.name} ({contest.name})"
                        if len(self.bot.engine.kb.contests) > 1
                        else person.name
                    )
                    choices.append(
                        app_commands.Choice(name=shorten(label, 100), value=f"{contest.id}:{pid}")
                    )
                if len(choices) == 25:
                    return choices
        return choices

    @app_commands.command(
        name="sources", description="The source documents and how to read [¶n] marks"
    )
    async def sources(self, interaction: discord.Interaction) -> None:
        """List the source documents of every contest."""
        embed = discord.Embed(
            title="Sources",
            colour=ANSWERED,
            description=(
                "Every answer cites the paragraph it comes from: [¶4] means paragraph 4 of the "
                "source, and the quoted words under an answer are copied from it verbatim."
            ),
        )
        for contest in list(self.bot.engine.kb.contests.values())[:24]:
            lines = []
            for doc in contest.sources.values():
                outlet = f", {doc.outlet}" if doc.outlet else ""
                link = f" <{doc.url}>" if doc.url else ""
                lines.append(f"• {doc.title}{outlet} ({len(doc.paragraphs)} paragraphs){link}")
            embed.add_field(
                name=shorten(contest.name, 256),
                value=shorten("\n".join(lines), FIELD_VALUE_MAX),
                inline=False,
            )
        await interaction.response.send_message(embed=embed, allowed_mentions=NO_PINGS)

    @app_commands.command(name="help", description="How to use the election bot")
    async def help(self, interaction: discord.Interaction) -> None:
        """Explain how to ask and what the commands do."""
        examples = "\n".join(
            f"• {q}" for q in self.bot.engine.popular(self.bot.engine.kb.default_contest)
        )
        embed = discord.Embed(title="Election bot", colour=ANSWERED, description=HELP_TEXT)
        embed.add_field(
            name="Asking",
            value="Mention me with a question, or use /ask. Examples:\n" + examples,
            inline=False,
        )
        embed.add_field(
            name="Commands",
            value="/ask · /status · /quote · /sources · /help",
            inline=False,
        )
        await interaction.response.send_message(
            embed=embed, ephemeral=True, allowed_mentions=NO_PINGS
        )


async def setup(bot: ElectionBot) -> None:
    """Add the cog."""
    await bot.add_cog(Info(bot))
