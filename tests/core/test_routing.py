"""Questions go to the contest they name (typos allowed), else to contest_id, else the default."""

from __future__ import annotations

import dataclasses

import pytest

from bot.core.answering.engine import Engine
from bot.core.answering.lexicon import Lexicon
from bot.core.answering.routing import PeopleDirectory
from bot.core.knowledge.loader import load_knowledge
from bot.core.knowledge.schema import Person
from tests.core.helpers import KNOWLEDGE

HARTLEPOOL = "hartlepool-2021"
TESTVILLE = "testville-2024"


@pytest.mark.parametrize(
    "question",
    [
        "turnout in testville?",
        "What was the turnout in Testville?",
        "what was the turnout in the testville by-election",
        "TURNOUT TESTVILLE",
        "turnout in testvile?",  # one letter missing
        "tunrout in testvill",  # typos in both words
        "how many people voted in testvilel?",
        "testville turnout pls <@123456789012345678>",
    ],
)
def test_naming_testville_routes_there(two: Engine, question: str) -> None:
    answer = two.answer(question)
    assert answer.contest_id == TESTVILLE
    assert answer.answered and answer.entry_id == "testville-turnout"
    assert "51.2%" in answer.text and "[¶1]" in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "what was the turnout?",
        "turnout",
        "what was the turnout in hartlepool?",
        "hartlepol turnout",
    ],
)
def test_default_or_named_hartlepool(two: Engine, question: str) -> None:
    answer = two.answer(question)
    assert answer.contest_id == HARTLEPOOL
    assert answer.entry_id == "turnout" and "42.55%" in answer.text


def test_contest_id_answers_questions_naming_none(two: Engine) -> None:
    answer = two.answer("what was the turnout?", contest_id=TESTVILLE)
    assert (answer.contest_id, answer.entry_id) == (TESTVILLE, "testville-turnout")


def test_a_named_contest_beats_contest_id(two: Engine) -> None:
    answer = two.answer("what was the turnout in hartlepool?", contest_id=TESTVILLE)
    assert (answer.contest_id, answer.entry_id) == (HARTLEPOOL, "turnout")


def test_unknown_contest_id_falls_back_to_default(two: Engine) -> None:
    answer = two.answer("what was the turnout?", contest_id="atlantis-1999")
    assert answer.contest_id == HARTLEPOOL


def test_other_testville_facts(two: Engine) -> None:
    answer = two.answer("when will the testville result be declared?")
    assert (answer.contest_id, answer.entry_id, answer.kind) == (
        TESTVILLE,
        "testville-declaration-time",
        "status",
    )
    assert "2am" in answer.text
    who = two.answer("who is maya pennington in testville?")
    assert (who.contest_id, who.entry_id, who.kind) == (TESTVILLE, "maya-pennington", "person")


def test_testville_people_are_not_hartlepool_people(two: Engine) -> None:
    answer = two.answer("who is jim mcmahon in testville?")
    assert answer.contest_id == TESTVILLE
    assert not answer.answered


def test_abstention_stays_in_the_named_contest(two: Engine) -> None:
    answer = two.answer("what is the testville mayor's favourite colour?")
    assert answer.contest_id == TESTVILLE and not answer.answered
    testville_phrasings = {q for f in two.kb.contests[TESTVILLE].facts for q in f.questions}
    assert answer.suggestions and set(answer.suggestions) <= testville_phrasings


def test_help_follows_contest_id(two: Engine) -> None:
    default = two.answer("hello")
    assert default.kind == "help" and default.contest_id == HARTLEPOOL
    chosen = two.answer("hello", contest_id=TESTVILLE)
    assert chosen.contest_id == TESTVILLE
    assert chosen.suggestions == two.popular(two.kb.contests[TESTVILLE])


def test_status_footer_is_the_routed_contests(two: Engine) -> None:
    answer = two.answer("turnout in testville?")
    assert answer.status_line is not None and answer.status_line.startswith("Polls closed")
    hartlepool = two.answer("turnout in hartlepool?")
    assert hartlepool.status_line is not None and hartlepool.status_line.startswith("Counting")


def test_tonight_means_the_routed_contests_year(two: Engine) -> None:
    answer = two.answer("what was the turnout in testville tonight?")
    assert answer.answered and answer.entry_id == "testville-turnout"


def test_a_first_name_followed_by_another_surname_names_someone_else(two: Engine) -> None:
    """'Boris' names a Boris of Testville; 'Boris Johnson' does not, and 'Boris votes' does."""
    testville = two.kb.contests["testville-2024"]
    people = dict(testville.people)
    people["boris-been-bunged"] = Person(
        id="boris-been-bunged", name="Boris Been-Bunged", aliases=["Boris"]
    )
    directory = PeopleDirectory([dataclasses.replace(testville, people=people)])
    assert directory.contests_of(["what", "did", "boris", "johnson", "say"]) == set()
    assert directory.contests_of(["how", "many", "votes", "did", "boris", "get"]) == {
        "testville-2024"
    }
    assert directory.contests_of(["boris", "votes"]) == {"testville-2024"}
    assert directory.contests_of(["boris", "been", "bunged"]) == {"testville-2024"}


def test_a_name_two_letters_off_a_contest_is_another_name() -> None:
    """'batley' is not a typo of 'bexley' (another place); 'bexly' and 'hartlepol' are typos."""
    lexicon = Lexicon(load_knowledge(KNOWLEDGE).synonyms)
    lexicon.learn_names({"bexley", "hartlepool"})
    lexicon.learn({"bexley", "hartlepool", "turnout"})
    assert lexicon.correct("batley") == "batley"
    assert lexicon.correct("bexly") == "bexley"
    assert lexicon.correct("hartlepol") == "hartlepool"
    assert lexicon.correct("turnuot") == "turnout"  # two letters off a plain word still is one


def test_a_name_with_one_more_letter_is_another_name() -> None:
    """'corbyn' (a politician) is not a typo of 'corby' (a seat); 'corbby' is."""
    lexicon = Lexicon(load_knowledge(KNOWLEDGE).synonyms)
    lexicon.learn_names({"corby"})
    assert lexicon.correct("corbyn") == "corbyn"
    assert lexicon.correct("corbby") == "corby"
