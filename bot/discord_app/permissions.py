"""Who may use the moderators' commands: members holding a moderator role, checked on every call."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import discord
from discord import app_commands

if TYPE_CHECKING:
    from ..settings import Settings
    from .client import ElectionBot

log = logging.getLogger(__name__)

T = TypeVar("T")
REFUSED = "Only moderators can use {what}: it needs one of the moderator roles."


class NotModerator(app_commands.CheckFailure):
    """A moderator-only command or button used by someone without a moderator role."""


def is_moderator(user: discord.abc.User, settings: Settings) -> bool:
    """Tell whether a user is a guild member holding one of the configured moderator roles."""
    if not isinstance(user, discord.Member) or not settings.moderator_role_ids:
        return False
    allowed = set(settings.moderator_role_ids)
    return any(role.id in allowed for role in user.roles)


def command_name(interaction: discord.Interaction) -> str:
    """Return '/group sub' for a command, or the button's custom id for a component."""
    command = interaction.command
    if command is not None:
        return f"/{command.qualified_name}"
    data: dict[str, Any] = interaction.data or {}  # type: ignore[assignment]
    return f"button {data.get('custom_id', '?')}"


async def refuse(interaction: discord.Interaction, what: str | None = None) -> NotModerator:
    """Record a refused moderator action in the audit log; return the error to raise or show."""
    bot: ElectionBot = interaction.client  # type: ignore[assignment]
    what = what or command_name(interaction)
    try:
        await bot.store.audit.record(
            actor=interaction.user.name,
            actor_id=interaction.user.id,
            action="refused",
            detail=f"{what} (not a moderator)",
        )
    except Exception:
        log.exception("could not audit a refusal of %s for user %s", what, interaction.user.id)
    return NotModerator(REFUSED.format(what=what))


def moderator_only() -> Callable[[T], T]:
    """Let only members with a moderator role run the command; refusals are audited."""

    async def predicate(interaction: discord.Interaction) -> bool:
        bot: ElectionBot = interaction.client  # type: ignore[assignment]
        if is_moderator(interaction.user, bot.settings):
            return True
        raise await refuse(interaction)

    return app_commands.check(predicate)
