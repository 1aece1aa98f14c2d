"""Declared results with absurd numbers: bot.core.knowledge.status.Result must refuse them."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from bot.core.knowledge.loader import load_knowledge
from bot.core.knowledge.reader import KnowledgeError
from bot.core.knowledge.status import MAX_VOTES, TURNOUT_TOLERANCE, Result
from tests.load.harness import copy_knowledge

SANE: dict[str, Any] = {
    "candidates": [
        {"name": "Jill Mortimer", "party": "Conservative", "votes": 15529},
        {"name": "Paul Williams", "party": "Labour", "votes": 8589},
    ],
    "winner": "Jill Mortimer",
    "majority": 6940,
    "electorate": 100000,
    "turnout_percent": 24.12,
}


def votes(a: Any, b: Any = 8589) -> list[dict[str, Any]]:
    """Two candidates with these vote counts (the first is the declared winner)."""
    return [
        {"name": "Jill Mortimer", "party": "Con", "votes": a},
        {"name": "Paul Williams", "party": "Lab", "votes": b},
    ]


ABSURD: dict[str, dict[str, Any]] = {
    "votes-10^30": {
        "candidates": votes(10**30),
        "majority": 10**30 - 8589,
        "electorate": None,
        "turnout_percent": None,
    },
    "votes-over-max": {
        "candidates": votes(MAX_VOTES + 1),
        "majority": MAX_VOTES + 1 - 8589,
        "electorate": None,
        "turnout_percent": None,
    },
    "negative-votes": {"candidates": votes(-1, -8590), "majority": 8589},
    "fractional-votes": {"candidates": votes(15529.5)},
    "votes-in-words": {"candidates": votes("lots")},
    "votes-exponent": {"candidates": votes("1e4")},
    "turnout-nan": {"turnout_percent": math.nan},
    "turnout-inf": {"turnout_percent": math.inf},
    "turnout-minus-inf": {"turnout_percent": -math.inf},
    "turnout-over-100": {"turnout_percent": 100.000001},
    "turnout-negative": {"turnout_percent": -0.01},
    "turnout-not-matching": {"turnout_percent": 99.0},
    "electorate-zero": {"electorate": 0},
    "electorate-10^12": {"electorate": 10**12, "turnout_percent": None},
    "more-ballots-than-electors": {"electorate": 20000, "turnout_percent": None},
    "majority-10^20": {"majority": 10**20},
    "majority-wrong": {"majority": 6941},
    "majority-negative": {"majority": -6940},
    "rejected-10^20": {"rejected_ballots": 10**20},
    "rejected-negative": {"rejected_ballots": -5},
    "winner-not-top": {"winner": "Paul Williams", "majority": 6940},
    "winner-unknown": {"winner": "Nobody"},
    "no-candidates": {"candidates": [], "winner": "Nobody", "majority": 0},
    "101-candidates": {
        "candidates": [{"name": f"C{i}", "party": "P", "votes": 1000 - i} for i in range(101)],
        "winner": "C0",
        "majority": 1,
        "electorate": None,
        "turnout_percent": None,
    },
    "name-10k-chars": {
        "candidates": [{"name": "J" * 10_000, "party": "Con", "votes": 15529}, votes(15529)[1]],
        "winner": "J" * 10_000,
    },
    "duplicate-candidates": {"candidates": votes(15529) + votes(15529)[:1], "majority": 0},
}


@pytest.mark.parametrize("case", sorted(ABSURD))
def test_absurd_result_is_refused(case: str) -> None:
    """Each absurd result raises a validation error; none is stored or put on air."""
    with pytest.raises(ValidationError):
        Result.model_validate(SANE | ABSURD[case])


def test_the_sane_result_is_accepted() -> None:
    """The baseline the absurd cases start from is itself valid."""
    assert Result.model_validate(SANE).winning.votes == 15529


def test_total_votes_over_the_maximum_is_refused() -> None:
    """Three candidates at 99 million votes each: 297 million valid votes is absurd."""
    candidates = [{"name": f"C{i}", "party": "P", "votes": 99_000_000 - i} for i in range(3)]
    with pytest.raises(ValidationError):
        Result.model_validate({"candidates": candidates, "winner": "C0", "majority": 1})


def test_boolean_votes_are_refused() -> None:
    """`votes: true` in status.yaml is a typing error, not one vote."""
    with pytest.raises(ValidationError):
        Result.model_validate(
            SANE
            | {
                "candidates": votes(True, False),
                "majority": 1,
                "electorate": None,
                "turnout_percent": None,
            }
        )


def test_single_candidate_majority_is_checked() -> None:
    """A lone candidate on 1 vote with a majority of 5,000,000 does not add up."""
    with pytest.raises(ValidationError):
        Result.model_validate(
            {"candidates": votes(1)[:1], "winner": "Jill Mortimer", "majority": 5_000_000}
        )


def test_absurd_result_in_status_file_is_refused(tmp_path: Path) -> None:
    """A hand-edited status.yaml declaring 10^30 votes fails to load, naming the file."""
    knowledge = copy_knowledge(tmp_path)
    status = {"phase": "declared", "result": SANE | ABSURD["votes-10^30"]}
    (knowledge / "hartlepool-2021" / "status.yaml").write_text(yaml.safe_dump(status))
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(knowledge)
    assert any("status.yaml" in str(e) and "result" in str(e) for e in caught.value.errors)


BIG = st.one_of(st.integers(-(10**40), 10**40), st.integers(0, 200_000))
TURNOUT = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True), st.floats(0, 100))


@settings(max_examples=300, deadline=None)
@given(
    tallies=st.lists(BIG, min_size=1, max_size=6),
    electorate=st.one_of(st.none(), BIG),
    rejected=BIG,
    majority=BIG,
    turnout=TURNOUT,
)
def test_whatever_is_accepted_adds_up(
    tallies: list[int], electorate: int | None, rejected: int, majority: int, turnout: float | None
) -> None:
    """Random figures are refused with a ValidationError, or they add up and stay in range."""
    data = {
        "candidates": [{"name": f"C{i}", "party": "P", "votes": v} for i, v in enumerate(tallies)],
        "winner": "C0",
        "majority": majority,
        "electorate": electorate,
        "rejected_ballots": rejected,
        "turnout_percent": turnout,
    }
    try:
        result = Result.model_validate(data)
    except ValidationError:
        return
    assert all(0 <= c.votes <= MAX_VOTES for c in result.candidates)
    ranked = result.ranked
    assert ranked[0].votes == result.winning.votes
    if len(ranked) > 1:  # one candidate: see test_single_candidate_majority_is_checked
        assert result.majority == result.winning.votes - ranked[1].votes
    assert 0 <= result.rejected_ballots <= MAX_VOTES
    if result.turnout_percent is not None:
        assert math.isfinite(result.turnout_percent) and 0 <= result.turnout_percent <= 100
    if result.electorate is not None:
        cast = result.valid_votes + result.rejected_ballots
        assert cast <= result.electorate
        if result.turnout_percent is not None:
            assert abs(100 * cast / result.electorate - result.turnout_percent) <= TURNOUT_TOLERANCE
