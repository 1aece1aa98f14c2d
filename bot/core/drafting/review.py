"""The review summary `bot draft` prints: what it made and every item a moderator must check."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .people import Cast
from .quotations import Extraction
from .results import ResultDraft


@dataclass
class DraftReport:
    """What `bot draft` wrote, and what a moderator must check."""

    folder: Path
    quotes: int
    people: int
    facts: int
    result_lines: int = 0
    phase: str = "scheduled"
    unsure_quotes: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)
    review: list[str] = field(default_factory=list)
    review_extra: list[str] = field(default_factory=list)


def review_lines(
    report: DraftReport,
    extraction: Extraction,
    result: ResultDraft,
    people: list[dict[str, Any]],
    alias_notes: list[str],
    alias_clashes: list[str],
    cast: Cast,
) -> list[str]:
    """Return the summary: one line of what was made, then each item to check."""
    candidates = sum(1 for p in cast.people.values() if p.candidate)
    source = "a results table" if result.from_table else "the prose" if result.lines else "nowhere"
    lines = [
        f"made: {report.people} people ({candidates} candidates), {report.quotes} quotes "
        f"({report.unsure_quotes} more commented out for review), {report.facts} facts, "
        f"{report.result_lines} result lines (from {source}); status phase {report.phase}",
        "check:",
    ]
    check: list[str] = []
    if report.phase == "declared" and result.result is not None:
        won = result.result.winning
        check.append(
            f"status.yaml declares {won.name} ({won.party}) the winner with {won.votes:,} votes, "
            f"a majority of {result.result.majority:,}: check it against the declaration"
        )
    for problem in result.problems:
        check.append(f"result does not add up: {problem}")
    for gap in result.gaps:
        check.append(f"result: {gap}")
    for claim in result.disagreements:
        check.append(f"the prose and the table disagree: {claim}")
    if result.declared and report.phase != "declared":
        check.append(
            "the article reports a declaration but status.yaml is not declared: see its comment"
        )
    for q in extraction.quotes:
        if not q.sure or q.speaker is None:
            guess = q.speaker.name if q.speaker else "nobody"
            check.append(
                f"quote ¶{q.paragraph} “{_short(q.text)}”: speaker not sure ({q.reason}); "
                f"best guess {guess}; commented out in quotes.yaml"
            )
    for p in people:
        if "role" not in p:
            check.append(
                f"person {p['name']}: no role found in the article; add one or leave it out"
            )
        if "party" not in p and not p["name"].endswith(("sources", "spokesperson", "spokesman")):
            check.append(f"person {p['name']}: no party found")
    for n, name in extraction.named_in_quotes:
        check.append(f"¶{n} “{name}” is named only inside a quote: not drafted as a person")
    for n, name in dict.fromkeys(cast.left_out):  # once, however often it is named
        check.append(
            f"¶{n} “{name}” was not taken as a person (reads like a place or a common word)"
        )
    for n, text in extraction.skipped:
        check.append(f"¶{n} “{_short(text)}” left out as a quoted term, not speech")
    check += alias_notes + alias_clashes + report.review_extra
    check.append("contest.yaml: check the name and date; set default: true for the main contest")
    lines += [f"  - {item}" for item in check]
    return lines


def _short(text: str, limit: int = 60) -> str:
    """Shorten a quote for one line of the summary."""
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
