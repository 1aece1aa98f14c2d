"""announcements.yaml: what a contest announces on its own, as models checked at load time."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import Field, StringConstraints, field_validator

from .schema import Citation, Id, Short, Strict, Text
from .status import Phase
from .templates import template_problems

OFFSET_PATTERN = r"^[+-]([0-9]+h([0-9]+m)?|[0-9]+m)$"
_OFFSET = re.compile(OFFSET_PATTERN)
Offset = Annotated[str, StringConstraints(pattern=OFFSET_PATTERN)]
AT_HELP = (
    "give a date and time such as 2021-05-06 22:00 (in TIMEZONE unless it has an offset), or an "
    "offset from the expected declaration such as -30m or -1h30m"
)
QUIET_PHASES = ("declared", "postponed")  # scheduled announcements are not made in these by default


class AnnouncementTemplate(Strict):
    """An announcement's title and text, with `{field}` placeholders (the README lists them)."""

    title: Short | None = Field(None, description="Embed title; a template")
    text: Text = Field(
        description="Embed text; a template, e.g. Counting has begun in {contest_name}."
    )
    citations: list[Citation] = Field(
        default_factory=list, description="Source paragraphs the text relies on, quoted verbatim"
    )

    @field_validator("title", "text")
    @classmethod
    def _template(cls, value: str | None) -> str | None:
        """Refuse bad braces and fields outside the documented list."""
        if value is not None and (problems := template_problems(value)):
            raise ValueError("; ".join(problems))
        return value


class ScheduledAnnouncement(AnnouncementTemplate):
    """An announcement made at a time: absolute, or relative to the status's expected_at."""

    id: Id
    at: dt.datetime | Offset = Field(description=AT_HELP)
    phases: list[Phase] | None = Field(
        None, description="Make it only in these phases (default: any but declared and postponed)"
    )

    @field_validator("at", mode="before")
    @classmethod
    def _at(cls, value: Any) -> Any:
        """Accept an offset like -30m or an ISO-like date and time; explain anything else."""
        if isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            text = value.strip()
            if _OFFSET.match(text):
                return text
            try:
                return dt.datetime.fromisoformat(text)
            except ValueError:
                pass
        if isinstance(value, int | float) and not isinstance(value, bool):
            raise ValueError(f"{AT_HELP} (YAML reads a bare 22:00 as a number)")
        raise ValueError(AT_HELP)

    @property
    def relative(self) -> bool:
        """Tell whether the time is an offset from the expected declaration."""
        return isinstance(self.at, str)

    def allowed_in(self, phase: str) -> bool:
        """Tell whether the announcement may be made while the count is in `phase`."""
        return phase in self.phases if self.phases is not None else phase not in QUIET_PHASES


class AnnouncementsFile(Strict):
    """announcements.yaml: per-phase templates and scheduled announcements."""

    on_phase: dict[Phase, AnnouncementTemplate] = Field(
        default_factory=dict,
        description="Announced when the count enters the phase; `declared` adds the result table",
    )
    scheduled: list[ScheduledAnnouncement] = Field(default_factory=list)


def offset_of(text: str) -> dt.timedelta:
    """Turn an offset like -1h30m into a timedelta."""
    match = _OFFSET.match(text)
    if match is None:
        raise ValueError(f"not an offset: {text!r}")
    hours = re.search(r"([0-9]+)h", text)
    minutes = re.search(r"([0-9]+)m", text)
    delta = dt.timedelta(
        hours=int(hours.group(1)) if hours else 0, minutes=int(minutes.group(1)) if minutes else 0
    )
    return -delta if text.startswith("-") else delta


def due_time(
    item: ScheduledAnnouncement, expected_at: dt.datetime | None, tz: dt.tzinfo
) -> dt.datetime | None:
    """Return when a scheduled announcement is due, aware; None while its anchor is unknown."""
    if isinstance(item.at, dt.datetime):
        return item.at if item.at.tzinfo else item.at.replace(tzinfo=tz)
    if expected_at is None:
        return None
    anchor = expected_at if expected_at.tzinfo else expected_at.replace(tzinfo=tz)
    return anchor + offset_of(item.at)
