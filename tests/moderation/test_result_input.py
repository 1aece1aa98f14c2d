"""bot.core.count.result_input: reading a typed result and checking that it adds up."""

from __future__ import annotations

import pytest

from bot.core.count.result_input import ResultInputError, build_result, parse_candidates


@pytest.mark.parametrize(
    "text",
    [
        "Jill Mortimer (Conservative) 15529; Paul Williams (Labour) 8589",
        "Jill Mortimer (Conservative): 15,529 votes\nPaul Williams (Labour) - 8 589",
        "  Jill  Mortimer (Conservative) 15529 ;; Paul Williams ( Labour ) 8,589. | ",
    ],
)
def test_parses_common_forms(text: str) -> None:
    """Separators, thousands marks, colons and 'votes' are all accepted."""
    got = [(c.name, c.party, c.votes) for c in parse_candidates(text)]
    assert got == [("Jill Mortimer", "Conservative", 15529), ("Paul Williams", "Labour", 8589)]


def test_bad_items_are_all_listed() -> None:
    """Every item that cannot be read is named, with its position, in one error."""
    with pytest.raises(ResultInputError) as err:
        parse_candidates(
            "Jill Mortimer 15529; Paul Williams (Labour) 8589; (Green) 12; Sam Lee (Ind) many"
        )
    problems = err.value.problems
    assert len(problems) == 3
    assert problems[0].startswith("candidate 1 'Jill Mortimer 15529'")
    assert problems[1].startswith("candidate 3") and problems[2].startswith("candidate 4")
    with pytest.raises(ResultInputError, match="no candidates"):
        parse_candidates(" ; ")


def test_consistent_result_gets_winner_majority_and_turnout() -> None:
    """Winner and majority come from the votes; turnout is computed from the electorate if not given."""
    check = build_result(
        parse_candidates("A (X) 100; B (Y) 60; C (Z) 40"), electorate=400, rejected=0
    )
    assert check.problems == [] and check.result is not None
    assert (check.result.winner, check.result.majority, check.result.turnout_percent) == (
        "A",
        40,
        50.0,
    )
    assert check.turnout_computed


def test_every_problem_is_listed() -> None:
    """Duplicates, too many ballots and a wrong turnout are all reported at once."""
    check = build_result(parse_candidates("A (X) 100; a (Y) 60"), electorate=150, turnout=12.0)
    assert check.result is None
    assert any("duplicate candidates: a" in p for p in check.problems)
    assert any("160 ballots is more than the electorate of 150" in p for p in check.problems)
    check = build_result(
        parse_candidates("A (X) 100; B (Y) 60"), electorate=1000, turnout=12.0, rejected=5
    )
    assert check.problems == ["turnout is given as 12.0% but 165 of 1,000 is 16.50%"]


def test_tie_is_refused() -> None:
    """A tie on votes gives no winner from the votes alone."""
    check = build_result(parse_candidates("A (X) 100; B (Y) 100"))
    assert check.result is None and "tie on 100 votes" in check.problems[0]
