"""Autocomplete choices shared by several cogs."""

from __future__ import annotations

from discord import app_commands

from ..core.knowledge.model import KnowledgeBase
from .embeds import shorten


def contest_choices(
    kb: KnowledgeBase, current: str, *, show_id: bool = False
) -> list[app_commands.Choice[str]]:
    """Offer contests whose id or name contains what is typed (at most 25, Discord's limit)."""
    needle = current.lower()
    hits = [c for c in kb.contests.values() if needle in c.id or needle in c.name.lower()]
    return [
        app_commands.Choice(
            name=shorten(f"{c.name} ({c.id})" if show_id else c.name, 100), value=c.id
        )
        for c in hits[:25]
    ]
