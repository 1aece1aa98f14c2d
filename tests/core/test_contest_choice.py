"""Choosing the contest when a question names none, two, or only a person; and channel memory."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.answering.engine import Engine
from bot.core.answering.routing import Route, choose
from bot.core.knowledge.loader import load_knowledge
from bot.core.knowledge.synthetic import write_synthetic_kb
from bot.core.runtime.contest_memory import ContestMemory
from tests.core.helpers import no_default_engine

HARTLEPOOL = "hartlepool-2021"
TESTVILLE = "testville-2024"


class FakeClock:
    """A monotonic clock moved by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    ("named", "implied", "given", "fallback", "expected"),
    [
        ({"a"}, {"b"}, "c", "d", Route("a", "named")),
        ({"a", "b"}, set(), "a", "a", Route(None, "named", ("a", "b"))),
        (set(), {"b"}, "c", "d", Route("b", "person")),
        (set(), {"b", "c"}, "c", "d", Route("c", "given")),
        (set(), {"b", "d"}, "c", "d", Route("d", "default")),
        (set(), {"b", "c"}, None, "d", Route(None, "person", ("b", "c"))),
        (set(), set(), "c", "d", Route("c", "given")),
        (set(), set(), None, "d", Route("d", "default")),
        (set(), set(), None, None, Route(None, "none")),
    ],
)
def test_choose(
    named: set[str], implied: set[str], given: str | None, fallback: str | None, expected: Route
) -> None:
    assert choose(named, implied, given, fallback) == expected


def test_a_person_only_one_contest_knows_routes_there(two: Engine) -> None:
    answer = two.answer("who is maya pennington?")
    assert (answer.contest_id, answer.entry_id, answer.route) == (
        TESTVILLE,
        "maya-pennington",
        "person",
    )


def test_a_person_the_default_knows_stays_in_the_default(two: Engine) -> None:
    answer = two.answer("who is jim mcmahon?")
    assert (answer.contest_id, answer.route) == (HARTLEPOOL, "default")
    assert answer.answered and answer.entry_id == "jim-mcmahon"


def test_two_contests_named_asks_which_of_them(two: Engine) -> None:
    answer = two.answer("turnout in hartlepool and testville?")
    assert answer.kind == "which_contest" and not answer.answered
    assert set(answer.suggestion_ids) == {HARTLEPOOL, TESTVILLE}
    assert answer.citations == () and "Which contest" in answer.text


def test_given_contest_answers_and_says_so(two: Engine) -> None:
    answer = two.answer("what was the turnout?", contest_id=TESTVILLE)
    assert (answer.contest_id, answer.route) == (TESTVILLE, "given")
    named = two.answer("what was the turnout in testville?", contest_id=HARTLEPOOL)
    assert (named.contest_id, named.route) == (TESTVILLE, "named")


def test_no_default_asks_which_contest_with_scored_picks() -> None:
    engine = no_default_engine()
    answer = engine.answer("when will the count be declared?")
    assert answer.kind == "which_contest" and answer.route == "none"
    assert set(answer.suggestion_ids) == {HARTLEPOOL, TESTVILLE}
    assert answer.suggestions == tuple(engine.kb.contests[c].name for c in answer.suggestion_ids)
    # Naming the contest, or being given one, answers.
    assert engine.answer("turnout in testville?").contest_id == TESTVILLE
    assert engine.answer("what was the turnout?", TESTVILLE).entry_id == "testville-turnout"


def test_no_default_recent_contests_come_first() -> None:
    answer = no_default_engine().answer("what was the turnout?", recent=[TESTVILLE, "gone-2020"])
    assert answer.suggestion_ids == (TESTVILLE,)


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """An engine over 30 generated contests, none of them the default."""
    root: Path = tmp_path_factory.mktemp("kb30")
    write_synthetic_kb(root, 30, seed=5, default=False)
    return Engine(load_knowledge(root))


def test_a_large_base_does_not_guess_which_contest(many: Engine) -> None:
    answer = many.answer("what was the turnout?")
    assert answer.kind == "which_contest" and answer.suggestion_ids == ()
    assert "Name it in your question, e.g." in answer.text
    recent = list(many.kb.contests)[7:9]
    offered = many.answer("what was the turnout?", recent=recent)
    assert offered.suggestion_ids == tuple(recent)


def test_a_large_base_routes_each_named_contest(many: Engine) -> None:
    for contest in many.kb.contests.values():
        answer = many.answer(f"who won in {contest.aliases[0]}?")
        assert answer.contest_id == contest.id and answer.route == "named"
        person = next(iter(contest.people.values()))
        who = many.answer(f"who is {person.name}?")
        others = {
            c.id
            for c in many.kb.contests.values()
            if any(p.name == person.name for p in c.people.values())
        }
        if len(others) == 1:
            assert (who.contest_id, who.route) == (contest.id, "person")
        else:
            assert who.kind == "which_contest" and contest.id in who.suggestion_ids


def test_memory_remembers_a_channels_contest_for_a_while() -> None:
    clock = FakeClock()
    memory = ContestMemory(600, clock)
    assert memory.get(1) is None
    memory.remember(1, "a")
    memory.remember(2, "b")
    clock.now += 599
    assert (memory.get(1), memory.get(2), memory.get(3)) == ("a", "b", None)
    memory.remember(1, "c")
    clock.now += 2
    assert (memory.get(1), memory.get(2)) == ("c", None)
    assert memory.recent() == ["c", "b", "a"]


def test_memory_is_bounded_and_can_be_off() -> None:
    clock = FakeClock()
    memory = ContestMemory(600, clock, max_channels=3)
    for channel in range(5):
        memory.remember(channel, f"c{channel}")
    assert [memory.get(c) for c in range(5)] == [None, None, "c2", "c3", "c4"]
    assert len(memory.recent()) == 5
    for extra in range(5, 9):
        memory.remember(None, f"c{extra}")
    assert memory.recent() == ["c8", "c7", "c6", "c5", "c4"]
    off = ContestMemory(0, clock)
    off.remember(1, "a")
    assert (off.get(1), off.recent()) == (None, [])
