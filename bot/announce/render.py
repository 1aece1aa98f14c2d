"""Render announcements as Discord-free embeds: filled templates, result table and source.

Text moderators typed (a status note, the expected time, a result's names, an /announce text)
is escaped (bot/core/display.py): it reads as typed in Discord but cannot mention, format or
link; the templates of announcements.yaml, reviewed files, keep their Markdown.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from ..core.display import escaped, unescaped
from ..core.knowledge.announcements import AnnouncementTemplate, ScheduledAnnouncement
from ..core.knowledge.model import Contest
from ..core.knowledge.schema import Citation
from ..core.knowledge.status import PHASE_LABELS, Result, Status
from ..core.knowledge.templates import MISSING, fill
from .keys import footer_ref

# Discord's embed limits.
TITLE_MAX, DESCRIPTION_MAX, FIELD_NAME_MAX, FIELD_VALUE_MAX, FOOTER_MAX = 256, 4096, 256, 1024, 2048
EMBED_TOTAL_MAX = 6000
FOOTER_RESERVE = 60  # room for " · ref 1a2b3c4d5e6f", added when the announcement is recorded
TEXT_BEFORE_TABLE = 1500  # a declared template's text is cut here to leave room for the table
BLUE, GREEN, ORANGE, GREY = 0x1565C0, 0x2E7D32, 0xEF6C00, 0x546E7A
DEFAULT_DECLARED = AnnouncementTemplate(
    title="{contest_name}: result declared",
    text="{winner} ({winner_party}) has won the {contest_name}, with a majority of {majority}.",
)


def clip(text: str, limit: int) -> str:
    """Cut text to `limit` characters, marking a cut with an ellipsis."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)].rstrip() + "…"


@dataclass(frozen=True)
class EmbedField:
    """One name/value field of an announcement."""

    name: str
    value: str
    inline: bool = False


@dataclass(frozen=True)
class Announcement:
    """What is posted: an embed's title, text, fields and footer; stored as JSON in the outbox."""

    title: str
    description: str
    fields: tuple[EmbedField, ...] = ()
    footer: str = ""
    colour: int = BLUE
    timestamp: str | None = None

    def with_ref(self, ref: str) -> Announcement:
        """Return a copy whose footer ends with the outbox reference (found after a restart)."""
        footer = " · ".join(p for p in (self.footer, footer_ref(ref)) if p)
        return dataclasses.replace(self, footer=clip(footer, FOOTER_MAX))

    def to_json(self) -> str:
        """Serialise for the outbox."""
        return json.dumps(dataclasses.asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Announcement:
        """Read back what to_json wrote."""
        data: dict[str, Any] = json.loads(text)
        data["fields"] = tuple(EmbedField(**f) for f in data.get("fields", ()))
        return cls(**data)

    def text(self) -> str:
        """Render as plain text for a console, as Discord shows it."""
        lines = [f"## {self.title}", self.description]
        lines += [f"{f.name}: {f.value}" for f in self.fields]
        lines.append(f"-- {self.footer}")
        return unescaped("\n".join(lines))


def typed(text: str | None) -> str | None:
    """Escape text a moderator typed, if any."""
    return escaped(text) if text else text


def hhmm(value: dt.datetime | None, tz: dt.tzinfo) -> str | None:
    """Render a time as HH:MM in the zone (a naive time is taken to be in it)."""
    if value is None:
        return None
    return (value.astimezone(tz) if value.tzinfo else value).strftime("%H:%M")


def template_values(
    contest: Contest,
    status: Status,
    *,
    now: dt.datetime,
    tz: dt.tzinfo,
    due: dt.datetime | None = None,
) -> dict[str, str | None]:
    """Return the value of every template field, as display strings (None when unknown)."""
    expected = status.expected_at
    if expected is not None and expected.tzinfo is None:
        expected = expected.replace(tzinfo=tz)
    minutes = None
    if expected is not None:
        minutes = str(max(0, round((expected - now).total_seconds() / 60)))
    values: dict[str, str | None] = {
        "contest_name": contest.name,
        "contest_id": contest.id,
        "contest_date": f"{contest.date.day} {contest.date:%B %Y}",
        "phase": status.phase,
        "phase_label": status.label,
        "previous_phase_label": PHASE_LABELS.get(status.previous_phase or ""),
        "expected_declaration": typed(status.expected_declaration),
        "expected_at": hhmm(expected, tz),
        "minutes_to_declaration": minutes,
        "note": typed(status.note),
        "updated_by": status.updated_by,
        "updated_at": hhmm(status.updated_at, tz),
        "scheduled_at": hhmm(due or now, tz),
    }
    if status.result is not None:
        values.update(result_values(status.result))
    return values


def result_values(result: Result) -> dict[str, str | None]:
    """Return the result fields of a declared status."""
    win = result.winning
    return {
        "winner": escaped(win.name),
        "winner_party": escaped(win.party),
        "winner_votes": f"{win.votes:,}",
        "winner_share": f"{result.share(win):.1f}%",
        "majority": f"{result.majority:,}",
        "turnout": turnout_text(result),
        "electorate": f"{result.electorate:,}" if result.electorate else None,
        "valid_votes": f"{result.valid_votes:,}",
        "rejected_ballots": f"{result.rejected_ballots:,}",
        "previous": typed(result.previous),
        "candidate_count": str(len(result.candidates)),
    }


def turnout_text(result: Result) -> str | None:
    """Return the turnout as given, or computed from the electorate; None when neither is known."""
    if result.turnout_percent is not None:
        return f"{result.turnout_percent:.2f}%"
    if result.electorate:
        return f"{100 * (result.valid_votes + result.rejected_ballots) / result.electorate:.2f}%"
    return None


def result_table(result: Result, room: int = DESCRIPTION_MAX) -> str:
    """Render candidates, votes and shares as a monospaced table within `room` characters."""
    rows = [(c.name, c.party, f"{c.votes:,}", f"{result.share(c):.1f}%") for c in result.ranked]
    head = ("Candidate", "Party", "Votes", "Share")
    name_w = min(max(len(r[0]) for r in [head, *rows]), 24)
    party_w = min(max(len(r[1]) for r in [head, *rows]), 18)
    votes_w = max(len(r[2]) for r in [head, *rows])

    def line(r: tuple[str, str, str, str]) -> str:
        name, party = clip(r[0], name_w).replace("`", "'"), clip(r[1], party_w).replace("`", "'")
        return f"{name:<{name_w}} {party:<{party_w}} {r[2]:>{votes_w}} {r[3]:>6}".rstrip()

    lines = [line(head)]
    for i, row in enumerate(rows):
        more = f"… and {len(rows) - i} more candidate(s)"
        if len("\n".join([*lines, line(row), more])) + 8 > room:
            lines.append(more)
            break
        lines.append(line(row))
    return "```\n" + "\n".join(lines) + "\n```"


def citation_lines(contest: Contest, citations: list[Citation]) -> list[str]:
    """Render citations as [¶n] “quote” (source title)."""
    out = []
    for cit in citations:
        doc = contest.sources.get(cit.source)
        title = f" ({doc.title})" if doc else ""
        out.append(f"[¶{cit.paragraph}] “{clip(cit.quote, 300)}”{title}")
    return out


def status_source(
    contest: Contest, status: Status, tz: dt.tzinfo, extra: list[Citation] | None = None
) -> str:
    """Cite a status: who changed it and when, plus any source paragraphs."""
    when = hhmm(status.updated_at, tz)
    lines = [f"Status update by {status.updated_by or 'unknown'}" + (f" at {when}" if when else "")]
    lines += citation_lines(contest, [*status.citations, *(extra or [])])
    return clip("\n".join(lines), FIELD_VALUE_MAX)


def _build(
    title: str,
    text: str,
    fields: list[EmbedField],
    contest: Contest | None,
    now: dt.datetime,
    colour: int,
) -> Announcement:
    """Assemble an announcement within Discord's limits (6,000 characters in all)."""
    title = clip(title, TITLE_MAX)
    footer = contest.name if contest else ""
    used = len(title) + len(footer) + sum(len(f.name) + len(f.value) for f in fields)
    room = min(DESCRIPTION_MAX, EMBED_TOTAL_MAX - FOOTER_RESERVE - used)
    return Announcement(
        title=title,
        description=clip(text, max(room, 1)),
        fields=tuple(fields),
        footer=footer,
        colour=colour,
        timestamp=now.isoformat(timespec="seconds"),
    )


def late_field(due: dt.datetime, now: dt.datetime, tz: dt.tzinfo) -> EmbedField:
    """Explain why an announcement comes late."""
    return EmbedField(
        "Delayed",
        f"Due at {hhmm(due, tz)}; posted at {hhmm(now, tz)} because the bot was unavailable.",
    )


def render_phase(
    contest: Contest,
    status: Status,
    template: AnnouncementTemplate,
    *,
    now: dt.datetime,
    tz: dt.tzinfo,
    correction: bool = False,
    late_since: dt.datetime | None = None,
) -> Announcement:
    """Render the announcement of a status change; `declared` carries the result table."""
    values = template_values(contest, status, now=now, tz=tz)
    title = fill(template.title or "{contest_name}: {phase_label}", values)
    text = fill(template.text, values)
    fields: list[EmbedField] = []
    colour = GREEN if status.phase == "declared" else BLUE
    if correction:
        title, colour = f"Correction: {title}", ORANGE
    if late_since is not None:
        title = f"{title} (delayed)"
        fields.append(late_field(late_since, now, tz))
    result = status.result
    if status.phase == "declared" and result is not None:
        text = clip(text, TEXT_BEFORE_TABLE)
        text = f"{text}\n\n{result_table(result, DESCRIPTION_MAX - len(text) - 2)}"
        win = result.winning
        fields.append(EmbedField("Winner", f"{escaped(win.name)} ({escaped(win.party)})", True))
        share = 100 * result.majority / result.valid_votes if result.valid_votes else 0.0
        fields.append(EmbedField("Majority", f"{result.majority:,} ({share:.1f}%)", True))
        fields.append(EmbedField("Turnout", turnout_text(result) or MISSING, True))
        if result.previous:
            fields.append(
                EmbedField(
                    "Change since last time", clip(escaped(result.previous), FIELD_VALUE_MAX)
                )
            )
    fields.append(EmbedField("Source", status_source(contest, status, tz, template.citations)))
    return _build(title, text, fields, contest, now, colour)


def render_scheduled(
    contest: Contest,
    item: ScheduledAnnouncement,
    *,
    status: Status,
    due: dt.datetime,
    now: dt.datetime,
    tz: dt.tzinfo,
    delayed: bool,
) -> Announcement:
    """Render a scheduled announcement, marked "(delayed)" when it comes late."""
    # On time, count minutes from the slot (it reads "about 30 minutes"); late, from now.
    values = template_values(contest, status, now=now if delayed else due, tz=tz, due=due)
    title = fill(item.title or "{contest_name}", values)
    fields: list[EmbedField] = []
    if delayed:
        title = f"{title} (delayed)"
        fields.append(late_field(due, now, tz))
    source = [f"Scheduled announcement “{item.id}” for {hhmm(due, tz)}"]
    if item.relative:
        when = f" at {values['updated_at']}" if values["updated_at"] else ""
        source.append(
            f"counted from the expected declaration ({values['expected_at']}) of the status"
            f" last updated by {status.updated_by or 'unknown'}{when}"
        )
    source += citation_lines(contest, item.citations)
    fields.append(EmbedField("Source", clip("\n".join(source), FIELD_VALUE_MAX)))
    return _build(title, fill(item.text, values), fields, contest, now, BLUE)


def render_manual(
    text: str,
    *,
    actor: str,
    now: dt.datetime,
    tz: dt.tzinfo,
    contest: Contest | None = None,
    title: str | None = None,
) -> Announcement:
    """Render a moderator's announcement; its text reads as written, never as a template."""
    source = EmbedField("Source", f"Announced by {escaped(actor)} at {hhmm(now, tz)}")
    heading = escaped(title) if title else "Announcement"
    return _build(heading, escaped(text), [source], contest, now, GREY)
