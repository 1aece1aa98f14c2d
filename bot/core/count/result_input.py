"""Read a result typed by a moderator ("Name (Party) 15529; ...") and check that it adds up."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import ValidationError

from ..knowledge.status import MAX_VOTES, Candidate, Result, consistency_problems

FORMAT_HINT = 'write each candidate as "Name (Party) votes", separated by ";" or new lines'
_ITEM = re.compile(
    r"^(?P<name>[^()]+?)\s*\((?P<party>[^()]+)\)\s*[:=,–-]?\s*"
    r"(?P<votes>\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})+|\d+)\s*(?:votes?)?\.?$",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(r"[;\n|]+")


class ResultInputError(ValueError):
    """Text that cannot be read as a list of candidates; `problems` lists every bad item."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ResultCheck:
    """A result read from a moderator's input: the result if it adds up, else every problem."""

    result: Result | None
    problems: list[str]
    turnout_computed: bool = False


def parse_candidates(text: str) -> list[Candidate]:
    """Parse 'Jo Bloggs (Conservative) 12345; Sam Smith (Labour) 6,789' into candidates."""
    items = [part.strip() for part in _SEPARATORS.split(text) if part.strip()]
    if not items:
        raise ResultInputError([f"no candidates given: {FORMAT_HINT}"])
    candidates: list[Candidate] = []
    problems: list[str] = []
    for number, item in enumerate(items, start=1):
        match = _ITEM.match(" ".join(item.split()))
        if match is None:
            problems.append(f"candidate {number} {item[:80]!r} is not understood: {FORMAT_HINT}")
            continue
        votes = int(re.sub(r"\D", "", match["votes"]))
        name, party = match["name"].strip(" ,:-"), match["party"].strip()
        if not name or not party:
            problems.append(f"candidate {number} {item[:80]!r} needs a name and a party")
            continue
        if len(name) > 300 or len(party) > 300:
            problems.append(f"candidate {number}: the name or party is longer than 300 characters")
            continue
        if votes > MAX_VOTES:
            problems.append(
                f"candidate {number} {name}: {votes:,} votes is more than {MAX_VOTES:,}"
            )
            continue
        candidates.append(Candidate(name=name, party=party, votes=votes))
    if problems:
        raise ResultInputError(problems)
    return candidates


def build_result(
    candidates: list[Candidate],
    *,
    electorate: int | None = None,
    turnout: float | None = None,
    rejected: int = 0,
) -> ResultCheck:
    """Build a result (winner and majority from the votes) and list every way it fails to add up."""
    ranked = sorted(candidates, key=lambda c: -c.votes)
    problems: list[str] = []
    if len(ranked) > 1 and ranked[0].votes == ranked[1].votes:
        problems.append(
            f"{ranked[0].name} and {ranked[1].name} tie on {ranked[0].votes:,} votes: "
            "the votes alone do not give a winner"
        )
    computed = False
    cast = sum(c.votes for c in candidates) + rejected
    if turnout is None and electorate and cast <= electorate:
        turnout, computed = round(100 * cast / electorate, 2), True
    fields = {
        "candidates": list(candidates),
        "electorate": electorate,
        "rejected_ballots": rejected,
        "turnout_percent": turnout,
        "winner": ranked[0].name if ranked else "",
        "majority": ranked[0].votes - ranked[1].votes
        if len(ranked) > 1
        else (ranked[0].votes if ranked else 0),
    }
    if not ranked:
        problems.append("no candidates given")
    else:
        problems += consistency_problems(Result.model_construct(**fields))
    if electorate is not None and electorate < 1:
        problems.append("the electorate must be at least 1")
    if turnout is not None and not 0 <= turnout <= 100:
        problems.append(f"turnout {turnout}% is not between 0 and 100")
    if rejected < 0:
        problems.append("rejected ballots cannot be negative")
    if problems:
        return ResultCheck(None, problems, computed)
    try:
        return ResultCheck(Result.model_validate(fields), [], computed)
    except ValidationError as exc:
        messages = [f"{'.'.join(map(str, e['loc'])) or 'result'}: {e['msg']}" for e in exc.errors()]
        return ResultCheck(None, messages, computed)
