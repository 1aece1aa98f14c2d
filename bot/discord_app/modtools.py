"""Helpers shared by the moderators' cogs: picking a contest or fact, and private multi-part replies."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from ..core.knowledge.model import Contest
from .choices import contest_choices
from .embeds import shorten
from .modlog import NO_PINGS, chunk_lines, code_blocks

if TYPE_CHECKING:
    from .client import ElectionBot

log = logging.getLogger(__name__)


def find_contest(bot: ElectionBot, contest_id: str | None) -> Contest | None:
    """Return the named contest, or the default one when none is named."""
    kb = bot.engine.kb
    return kb.contests.get(contest_id.strip()) if contest_id else kb.default_contest


async def contest_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Offer contests whose id or name contains what is typed."""
    bot: ElectionBot = interaction.client  # type: ignore[assignment]
    return contest_choices(bot.engine.kb, current, show_id=True)


async def fact_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Offer facts of the chosen contest whose id or first phrasing contains what is typed."""
    bot: ElectionBot = interaction.client  # type: ignore[assignment]
    namespace: Any = interaction.namespace
    contest = find_contest(bot, getattr(namespace, "contest", None))
    if contest is None:
        return []
    needle = current.lower()
    choices = []
    for fact in contest.facts:
        label = f"{fact.id}: {fact.questions[0]}"
        if needle in label.lower():
            choices.append(app_commands.Choice(name=shorten(label, 100), value=fact.id))
        if len(choices) == 25:
            break
    return choices


async def reply(
    interaction: discord.Interaction,
    text: str,
    *,
    lines: list[str] | None = None,
    code: bool = False,
    embed: discord.Embed | None = None,
) -> None:
    """Answer privately: `text` first, then `lines` split into messages under 2,000 characters."""
    parts = (code_blocks(lines) if code else chunk_lines(lines)) if lines else []
    first = text
    if parts and len(first) + 1 + len(parts[0]) <= 2000:
        first = f"{first}\n{parts.pop(0)}"
    kwargs: dict[str, Any] = {"ephemeral": True, "allowed_mentions": NO_PINGS}
    if embed is not None:
        kwargs["embed"] = embed
    if interaction.response.is_done():
        await interaction.followup.send(first, **kwargs)
    else:
        await interaction.response.send_message(first, **kwargs)
    for part in parts:
        await interaction.followup.send(part, ephemeral=True, allowed_mentions=NO_PINGS)
