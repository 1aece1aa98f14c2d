"""The mod-log: one line per moderator action or reload, plus the audit row behind it."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord

from ..core.knowledge.reader import LoadError
from ..core.runtime.holder import ReloadReport
from .embeds import CONTENT_MAX

if TYPE_CHECKING:
    from .client import ElectionBot

log = logging.getLogger(__name__)

NO_PINGS = discord.AllowedMentions.none()
FENCE = "```"


def one_line(text: str, limit: int = CONTENT_MAX) -> str:
    """Squash text onto one line of at most `limit` characters."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def chunk_lines(lines: list[str], limit: int = CONTENT_MAX - 20) -> list[str]:
    """Pack lines into as few messages of at most `limit` characters as possible (a long line is cut)."""
    chunks: list[str] = []
    current = ""
    for raw in lines:
        line = raw if len(raw) <= limit else raw[: limit - 1] + "…"
        if current and len(current) + 1 + len(line) > limit:
            chunks.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        chunks.append(current)
    return chunks


def code_blocks(lines: list[str]) -> list[str]:
    """Return the lines as code-block messages under Discord's 2,000 characters."""
    safe = [line.replace(FENCE, "'''") for line in lines]
    return [
        f"{FENCE}\n{chunk}\n{FENCE}"
        for chunk in chunk_lines(safe, CONTENT_MAX - 2 * len(FENCE) - 4)
    ]


def error_lines(report: ReloadReport) -> list[str]:
    """Return every error of a failed reload as 'file:line: field: message'."""
    return [str(error) for error in report.errors]


async def _channel(bot: ElectionBot) -> discord.abc.Messageable | None:
    """Return the mod-log channel, or None (logged) when it is not set or not reachable."""
    channel_id = bot.settings.modlog_channel_id
    if channel_id is None:
        return None
    channel = bot.get_channel(channel_id)
    if channel is None:
        try:
            channel = await bot.fetch_channel(channel_id)
        except (discord.HTTPException, discord.InvalidData):
            log.warning("mod-log channel %s is missing or not visible", channel_id)
            return None
    if not isinstance(channel, discord.abc.Messageable):
        log.warning("mod-log channel %s cannot take messages", channel_id)
        return None
    return channel


async def post(bot: ElectionBot, text: str, *, details: list[str] | None = None) -> None:
    """Post one line to the mod-log, then any details as code blocks; never raise."""
    try:
        channel = await _channel(bot)
        if channel is None:
            log.info("mod-log (no channel): %s", one_line(text))
            return
        await channel.send(one_line(text), allowed_mentions=NO_PINGS)
        for block in code_blocks(details or []):
            await channel.send(block, allowed_mentions=NO_PINGS)
    except discord.HTTPException:
        log.exception("could not post to the mod-log: %s", one_line(text, 200))
    except Exception:
        log.exception("mod-log post failed: %s", one_line(text, 200))


async def record(
    bot: ElectionBot,
    *,
    actor: str,
    action: str,
    line: str | None,
    actor_id: int | None = None,
    contest_id: str | None = None,
    before: Any = None,
    after: Any = None,
    detail: str | None = None,
    details: list[str] | None = None,
) -> int | None:
    """Write an audit row and post `line` (if any) to the mod-log; return the audit id."""
    audit_id: int | None = None
    try:
        audit_id = await bot.store.audit.record(
            actor=actor,
            action=action,
            actor_id=actor_id,
            contest_id=contest_id,
            before=before,
            after=after,
            detail=detail if detail is not None else line,
        )
    except Exception:
        log.exception("could not write the audit row for %s by %s", action, actor)
    if line is not None:
        await post(bot, line, details=details)
    return audit_id


async def record_reload(
    bot: ElectionBot,
    report: ReloadReport,
    *,
    actor: str,
    actor_id: int | None,
    why: str,
    quiet: bool = False,
) -> None:
    """Audit a reload and post its summary, or every error with file and line, to the mod-log (unless quiet)."""
    after = (
        {"added": report.added, "changed": report.changed, "removed": report.removed}
        if report.ok
        else {"errors": error_lines(report)}
    )
    await record(
        bot,
        actor=actor,
        actor_id=actor_id,
        action="kb.reload" if report.ok else "kb.reload.failed",
        line=None if quiet else f"{why}: {report.summary()}{named(report)}",
        detail=f"{why}: {report.summary()}",
        after=after,
        details=None if report.ok else error_lines(report),
    )


def named(report: ReloadReport, limit: int = 5) -> str:
    """Name the first few entries a reload touched, e.g. ' (~ northtown-2024/fact/turnout)'."""
    lines = entry_lines(report, limit)
    return f" ({', '.join(lines)})" if lines else ""


def entry_lines(report: ReloadReport, limit: int = 30) -> list[str]:
    """List the entries a reload added, changed and removed (at most `limit` lines)."""
    lines = (
        [f"+ {e}" for e in report.added]
        + [f"~ {e}" for e in report.changed]
        + [f"- {e}" for e in report.removed]
    )
    if len(lines) > limit:
        lines = [*lines[:limit], f"… and {len(lines) - limit} more"]
    return lines


async def record_startup(bot: ElectionBot, errors: list[LoadError]) -> None:
    """Audit and post the errors the knowledge folder had at start-up, and what is served instead."""
    kept = sorted(bot.holder.catalog.kept())
    served = f"serving the last good knowledge of {', '.join(kept)}" if kept else "serving the rest"
    await record(
        bot,
        actor="startup",
        action="kb.startup.errors",
        line=f"Started with {len(errors)} error(s) in the knowledge folder; {served}.",
        after={"errors": [str(e) for e in errors], "kept": kept},
        details=[str(e) for e in errors],
    )
