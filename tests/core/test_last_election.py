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


def test_how_a_figure_moved_since_last_time_is_this_contest_s_change(tmp_path: Path) -> None:
    """ "did turnout go down on last time?" asks how tonight's turnout moved, which its line
    prints ("-18.69%"); "what was turnout last time?" asks the last election's, still not given."""
    engine = drafted_engine(
        tmp_path,
        "Jane Example won the Testville by-election for Labour.",
        "Turnout was 64.3% at the 2019 general election.",
        "Jane Example (Lab) 13,166 (60.90%, +8.13%)",
        "John Sample (Con) 8,241 (38.12%, -17.26%)",
        "Bo Fifth (LD) 212 (0.98%, -2.12%)",
        "Lab maj 4,925 (22.78%)",
        "Electorate 73,486; Turnout 21,619 (29.42%, -34.88%)",
    )
    moved = engine.answer("did turnout go down compared with last time")
    assert moved.answered and "-34.88%" in moved.text, moved.text
    before = engine.answer("what was turnout last time")
    assert "29.42" not in before.text, before.text
