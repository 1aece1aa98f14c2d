"""'Last time' is the election before the contest's, whichever year that was.

The year is the latest election year the sources name before the contest's; when they name
none, no source is about it, so tonight's figures never answer "what did Labour get last time?".
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.core.answering.places import last_election
from bot.core.knowledge.model import Contest
from bot.core.knowledge.sources import SourceDoc
from tests.core.helpers import drafted_engine

TABLE = [
    "Jane Example (Lab) 12,345",
    "John Sample (Con) 8,024",
    "Jo Other (Green) 1,658",
]


def contest_of(year: int, *paragraphs: str) -> Contest:
    """Return a contest of `year` whose one source holds these paragraphs."""
    doc = SourceDoc("a", Path("a.txt"), "A report", None, None, tuple(paragraphs))
    return Contest(
        id="testville",
        name="Testville",
        date=dt.date(year, 5, 2),
        default=True,
        aliases=[],
        folder=Path("."),
        sources={"a": doc},
    )


def test_the_year_is_the_latest_election_the_sources_name_before_the_contest() -> None:
    said = (
        "The seat had been held by the Conservatives since 1931.",
        "Turnout was 64.3% at the 2019 general election, and 71% in 2017's.",
        "2015: C maj 20,137",
        "The MP was first elected in 2024's by-election.",
    )
    assert last_election(contest_of(2023, *said)) == 2019
    assert last_election(contest_of(2019, *said)) == 2017  # not the contest's own year
    assert last_election(contest_of(2016, *said)) == 2015  # a results label
    assert last_election(contest_of(2023, "Labour has held it since 1931.")) == 2022


def test_tonight_s_figures_do_not_answer_last_time(tmp_path: Path) -> None:
    engine = drafted_engine(
        tmp_path, "Jane Example won the Testville by-election for Labour.", *TABLE
    )
    for question in (
        "how many votes did the conservatives get at the last general election",
        "what did labour get last time?",
    ):
        reply = engine.answer(question)
        assert not reply.answered, (question, reply.text)
        assert "8,024" not in reply.text and "12,345" not in reply.text
    tonight = engine.answer("how many votes did the conservatives get")
    assert tonight.answered and "8,024" in tonight.text


def test_last_time_is_answered_where_the_sources_speak_of_it(tmp_path: Path) -> None:
    engine = drafted_engine(
        tmp_path,
        "Jane Example won the Testville by-election for Labour.",
        "Labour secured 12,345 votes, well down on the 22,950 at the last general election.",
        "Turnout was 35.9%, down from 64.3% at the 2019 general election.",
        *TABLE,
    )
    votes = engine.answer("how many votes did labour get last time")
    assert votes.answered and "22,950" in votes.text, votes.text
    turnout = engine.answer("what was the turnout last time")
    assert turnout.answered and "64.3%" in turnout.text, turnout.text
