"""The counting status of a contest: its phase, who updated it and, once declared, the result."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, StrictInt, model_validator

from ..display import clean
from .schema import Citation, Short, Strict

# Text moderators type (from Discord or in status.yaml): control and bidi characters are
# dropped, so that a right-to-left override cannot reverse how the bot's own text reads.
Typed = Annotated[
    Short, BeforeValidator(lambda v: " ".join(clean(v).split()) if isinstance(v, str) else v)
]

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

    name: Typed
    party: Typed
    votes: StrictInt = Field(ge=0)

    @property
    def unnamed(self) -> bool:
        """Tell whether the name is only a stand-in: the sources give the party's votes alone."""
        return self.name == unnamed_candidate(self.party)


def unnamed_candidate(party: str) -> str:
    """Return the stand-in name of a party's candidate whom the sources do not name."""
    return f"{party} candidate"


def candidate_label(name: str, party: str) -> str:
    """Return how answers name a candidate: "Jo Bloggs (Labour)", or the party alone when the
    name is only a stand-in ("Reform UK (candidate not named)")."""
    if name == unnamed_candidate(party):
        return f"{party} (candidate not named)"
    return f"{name} ({party})"


MAX_VOTES = 100_000_000  # more than any UK electorate; bigger numbers are typing errors
TURNOUT_TOLERANCE = 0.1  # percentage points: turnout is published rounded to two decimals


class Result(Strict):
    """A declared result; it must add up before it can be saved or put on air."""

    candidates: list[Candidate] = Field(min_length=1, max_length=100)
    electorate: int | None = Field(None, ge=1, le=MAX_VOTES)
    rejected_ballots: int = Field(0, ge=0, le=MAX_VOTES)
    turnout_percent: float | None = Field(None, ge=0, le=100)
    winner: Typed
    majority: int = Field(ge=0, le=MAX_VOTES)
    previous: Typed | None = Field(None, description="e.g. 'Labour majority of 4,321 in 2019'")

    @model_validator(mode="after")
    def _adds_up(self) -> Result:
        """Refuse a result whose figures do not add up."""
        problems = consistency_problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def ranked(self) -> list[Candidate]:
        """Return the candidates by votes, most first."""
        return sorted(self.candidates, key=lambda c: -c.votes)

    @property
    def valid_votes(self) -> int:
        """Return the votes cast for candidates."""
        return sum(c.votes for c in self.candidates)

    def share(self, candidate: Candidate) -> float:
        """Return a candidate's share of the valid vote, in percent."""
        total = self.valid_votes
        return 100 * candidate.votes / total if total else 0.0

    @property
    def winning(self) -> Candidate:
        """Return the winner's line."""
        return next(c for c in self.candidates if c.name.casefold() == self.winner.casefold())


def consistency_problems(result: Result) -> list[str]:
    """List every way a result fails to add up (empty when it is consistent)."""
    problems: list[str] = []
    names = [c.name.casefold().strip() for c in result.candidates]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        problems.append(f"duplicate candidates: {', '.join(dupes)}")
    if sum(c.votes for c in result.candidates) + result.rejected_ballots > MAX_VOTES:
        problems.append(f"more than {MAX_VOTES:,} votes in all: check for a typing error")
    winner = next(
        (c for c in result.candidates if c.name.casefold() == result.winner.casefold()), None
    )
    if winner is None:
        problems.append(f"the winner {result.winner!r} is not one of the candidates")
        return problems
    ranked = sorted(result.candidates, key=lambda c: -c.votes)
    if ranked[0].votes > winner.votes:
        problems.append(
            f"the winner {winner.name} does not have the most votes ({ranked[0].name} has {ranked[0].votes:,})"
        )
    runner_up = next((c for c in ranked if c is not winner), None)
    expected = winner.votes - runner_up.votes if runner_up else winner.votes
    if ranked[0] is winner and result.majority != expected:
        against = (
            f"{winner.name} minus {runner_up.name}"
            if runner_up
            else f"{winner.name}'s vote (unopposed)"
        )
        problems.append(f"the majority is {result.majority:,} but {against} is {expected:,}")
    if result.electorate is not None:
        cast = sum(c.votes for c in result.candidates) + result.rejected_ballots
        if cast > result.electorate:
            problems.append(
                f"{cast:,} ballots is more than the electorate of {result.electorate:,}"
            )
        elif result.turnout_percent is not None:
            computed = 100 * cast / result.electorate
            if abs(computed - result.turnout_percent) > TURNOUT_TOLERANCE:
                problems.append(
                    f"turnout is given as {result.turnout_percent}% but {cast:,} of "
                    f"{result.electorate:,} is {computed:.2f}%"
                )
    return problems


class Status(Strict):
    """status.yaml: the bot rewrites this file when moderators change the status."""

    phase: Phase
    updated_at: dt.datetime | None = None
    updated_by: Typed | None = None
    expected_declaration: Typed | None = Field(
        None, description="e.g. 05:30 or 'not before 6.15am'"
    )
    expected_at: dt.datetime | None = Field(
        None, description="Expected declaration as a time; scheduled announcements count from it"
    )
    note: Typed | None = None
    result: Result | None = None
    version: int = Field(0, ge=0)
    previous_phase: Phase | None = None
    citations: list[Citation] = Field(
        default_factory=list, description="Source paragraphs this status is taken from, if any"
    )

    @property
    def label(self) -> str:
        """Return the phase as people read it."""
        return PHASE_LABELS[self.phase]

    @model_validator(mode="after")
    def _declared_has_result(self) -> Status:
        """Refuse 'declared' without a result, and a result before 'declared'."""
        if self.phase == "declared" and self.result is None:
            raise ValueError("phase 'declared' needs a result")
        if self.phase != "declared" and self.result is not None:
            raise ValueError(f"a result is only allowed once declared (phase is {self.phase!r})")
        return self

    def footer(self, tz: dt.tzinfo | None = None) -> str:
        """Return the one-line status shown under every answer: phase and 'updated HH:MM'."""
        text = self.label
        if self.updated_at is not None:
            when = (
                self.updated_at.astimezone(tz) if tz and self.updated_at.tzinfo else self.updated_at
            )
            text += f" · updated {when:%H:%M}"
        return text


DEFAULT_STATUS = Status(phase="scheduled")
