"""Turn core results (answers, status, quotes) into Discord embeds within Discord's limits."""

from __future__ import annotations

import discord

from ..core.answering.answer import Answer, CitedSpan
from ..core.display import escaped
from ..core.knowledge.model import Contest
from ..core.knowledge.status import Status

# Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
CONTENT_MAX = 2000
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
EMBED_TOTAL_MAX = 6000
FIELDS_MAX = 25
QUOTE_MAX = 300  # a cited span longer than this is shortened, with an ellipsis
BUTTON_LABEL_MAX = 80

ANSWERED = discord.Colour.from_rgb(46, 125, 50)
UNANSWERED = discord.Colour.from_rgb(120, 120, 120)
ELLIPSIS = "…"


def shorten(text: str, limit: int) -> str:
    """Cut `text` to at most `limit` characters at a word boundary, marking the cut with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 0)]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,.;:") + ELLIPSIS


def safe(text: str, limit: int) -> str:
    """Put user text on one line, escape every Markdown character and mention, then shorten it."""
    # Control characters (NUL...) and bidi overrides, which can reverse how text reads, go.
    # Escaping every special character (not discord.py's pattern, which misses nested and repeated
    # links) means no asker's or moderator's text can format, link or hide anything in a reply.
    return shorten(escaped(text), limit)


def typed_by_moderators(status: Status) -> list[str]:
    """Return the status's text that moderators typed (note, expected time, result), longest first."""
    texts = [status.note, status.expected_declaration]
    if status.result is not None:
        texts += [status.result.winner, status.result.previous]
        texts += [t for c in status.result.candidates for t in (c.name, c.party)]
    return sorted({t for t in texts if t}, key=len, reverse=True)


def escape_typed(text: str, status: Status | None) -> str:
    """Escape, wherever it appears in `text`, the text moderators typed into a status.

    The core puts a status's note, expected time and result into answers as typed (the console
    shows them so); escaped text reads the same in Discord but cannot mention, format or link.
    """
    if status is None:
        return text
    for typed in typed_by_moderators(status):
        text = text.replace(typed, escaped(typed))
    return text


def citation_line(cit: CitedSpan) -> str:
    """Render one cited span as `[¶n] “…”`."""
    return f"[¶{cit.paragraph}] “{shorten(cit.quote, QUOTE_MAX)}”"


def _source_fields(citations: tuple[CitedSpan, ...], room: int) -> list[tuple[str, str]]:
    """Pack citation lines into fields of at most 1,024 characters, within `room` characters."""
    fields: list[tuple[str, str]] = []
    current: list[str] = []
    for line in (citation_line(c) for c in citations):
        joined = "\n".join([*current, line])
        if current and len(joined) > FIELD_VALUE_MAX:
            fields.append(("Sources" if not fields else "Sources (cont.)", "\n".join(current)))
            current = [line]
        else:
            current.append(shorten(line, FIELD_VALUE_MAX) if not current else line)
    if current:
        fields.append(("Sources" if not fields else "Sources (cont.)", "\n".join(current)))
    kept: list[tuple[str, str]] = []
    used = 0
    for name, value in fields[: FIELDS_MAX - 1]:
        if used + len(name) + len(value) > room:
            break
        kept.append((name, value))
        used += len(name) + len(value)
    left = sum(v.count("\n") + 1 for _, v in fields[len(kept) :])
    if left:
        kept.append(("More sources", f"{left} more cited passage(s): use /sources to read them."))
    return kept


def answer_embed(
    answer: Answer, contest: Contest | None = None, *, title: str | None = None
) -> discord.Embed:
    """Build the embed for an answer: text with [¶n] marks, verbatim cited quotes, status footer."""
    status = contest.status if contest is not None else None
    embed = discord.Embed(
        title=safe(title, TITLE_MAX) if title else None,
        description=shorten(escape_typed(answer.text, status), DESCRIPTION_MAX),
        colour=ANSWERED if answer.answered else UNANSWERED,
    )
    footer = footer_text(answer.status_line, contest, remembered=answer.route == "given")
    embed.set_footer(text=footer)
    used = len(embed.title or "") + len(embed.description or "") + len(footer)
    for name, value in _source_fields(answer.citations, EMBED_TOTAL_MAX - used - 100):
        embed.add_field(name=name, value=value, inline=False)
    if not answer.answered and answer.suggestions:
        lines = "\n".join(f"• {shorten(s, 200)}" for s in answer.suggestions)
        name = "Contests" if answer.kind == "which_contest" else "You could ask"
        if len(embed) + len(lines) + 20 <= EMBED_TOTAL_MAX:
            embed.add_field(name=name, value=lines, inline=False)
    return embed


def footer_text(
    status_line: str | None, contest: Contest | None, *, remembered: bool = False
) -> str:
    """Return the footer: the count's phase and update time, and the contest."""
    name = contest.name if contest else None
    if name and remembered:  # not named in the question: say where the contest came from
        name += " (named earlier here; name another contest to switch)"
    parts = [f"Count: {status_line}" if status_line else None, name]
    return shorten(" · ".join(p for p in parts if p), FOOTER_MAX)


def status_embed(contest: Contest) -> discord.Embed:
    """Build the embed for /status."""
    status = contest.status
    embed = discord.Embed(
        title=shorten(f"{contest.name}: {status.label}", TITLE_MAX), colour=ANSWERED
    )
    if status.expected_declaration:
        embed.add_field(name="Declaration expected", value=safe(status.expected_declaration, 200))
    if status.note:
        embed.add_field(name="Note", value=safe(status.note, FIELD_VALUE_MAX), inline=False)
    if status.updated_at or status.updated_by:
        when = f"{status.updated_at:%H:%M %Z}".strip() if status.updated_at else "unknown time"
        embed.add_field(
            name="Updated", value=shorten(f"{when} by {status.updated_by or 'unknown'}", 200)
        )
    marks = " ".join(f"[¶{c.paragraph}]" for c in status.citations)
    if marks:
        embed.add_field(name="Sources", value=marks, inline=False)
    embed.set_footer(text=footer_text(status.footer(), contest))
    return embed
