"""The counting status of a contest: its phase, who updated it and, once declared, the result."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from .schema import Citation, Short, Strict

Phase = Literal[
    "scheduled", "polls_open", "polls_closed", "counting", "recount", "declared", "postponed"
]

PHASE_LABELS: dict[str, str] = {
    "scheduled": "Scheduled",
    "polls_open": "Polls open",
    "polls_closed": "Polls closed",
    "counting": "Counting",
    "recount": "Recount",
    "declared": "Declared",
    "postponed": "Postponed",
}


class Candidate(Strict):
    """One candidate's line in a declared result."""

    name: Short
    party: Short
    votes: int = Field(ge=0)


class Result(Strict):
    """A declared result."""

    candidates: list[Candidate] = Field(min_length=1)
    electorate: int | None = Field(None, ge=0)
    turnout_percent: float | None = Field(None, ge=0, le=100)
    winner: Short
    majority: int = Field(ge=0)


class Status(Strict):
    """status.yaml: the bot rewrites this file when moderators change the status."""

    phase: Phase
    updated_at: dt.datetime | None = None
    updated_by: Short | None = None
    expected_declaration: Short | None = Field(None, description="e.g. 05:30 or 'not before 5.30am'")
    note: Short | None = None
    result: Result | None = None
    version: int = Field(0, ge=0)
    citations: list[Citation] = Field(
        default_factory=list, description="Source paragraphs this status is taken from, if any"
    )

    @property
    def label(self) -> str:
        """Return the phase as people read it."""
        return PHASE_LABELS[self.phase]

    def footer(self) -> str:
        """Return the one-line status shown under every answer."""
        text = self.label
        if self.updated_at is not None:
            text += f" · updated {self.updated_at:%H:%M}"
        return text


DEFAULT_STATUS = Status(phase="scheduled")
