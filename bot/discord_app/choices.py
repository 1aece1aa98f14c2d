"""Autocomplete choices shared by several cogs."""

from __future__ import annotations

from discord import app_commands

from ..core.knowledge import KnowledgeBase
from .embeds import shorten


def contest_choices(kb: KnowledgeBase, current: str) -> list[app_commands.Choice[str]]:
    """Offer contests whose id or name contains what is typed (at most 25, Discord's limit)."""
    needle = current.lower()
    hits = [c for c in kb.contests.values() if needle in c.id or needle in c.name.lower()]
    return [app_commands.Choice(name=shorten(c.name, 100), value=c.id) for c in hits[:25]]
