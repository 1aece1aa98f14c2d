"""Answers from the count's status and, once declared, from the result (the example fixture)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.answering.answer import STATUS_SOURCE
from bot.core.answering.engine import Engine
from tests.core.helpers import declared_engine, drafted_engine, shipped_engine


@pytest.fixture(scope="module")
def declared() -> Engine:
    """The shipped contest after the example declaration (eight candidates)."""
    return declared_engine()


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("who won?", ["Jill Mortimer", "15,529", "6,940", "Conservative gain from Labour"]),
        ("con gain?", ["Conservative gain from Labour"]),
        ("how many votes did labour get", ["Paul Williams", "8,589", "second of 8"]),
        ("reform vote?", ["John Prescott", "368"]),
        ("who came third", ["Third of 8", "Sam Lee", "2,904"]),
        ("who was her nearest rival", ["Second of 8", "Paul Williams"]),
        ("where did reform finish", ["John Prescott", "fifth of 8"]),
        ("how many candidates stood altogether", ["8 candidates stood"]),
        ("who was last", ["Last of 8", "Thelma Walker"]),
        ("maj?", ["6,940"]),
        ("turnout + spoilt?", ["42.55%", "179"]),
        ("full result pls", ["1. Jill Mortimer", "8. Thelma Walker", "Majority 6,940"]),
        ("did the lib dems beat the greens", ["No:", "349", "358"]),
        ("NIP vote?", ["Thelma Walker", "250"]),
        ("lab maj 6,940 then?", ["No:", "Jill Mortimer"]),
        ("when was it declared", ["07:02", "returning officer"]),
        ("turnout and when is it due", ["42.55%", "07:02"]),
        ("how many people voted", ["28,994", "68,141"]),
        ("total valid votes", ["28,815"]),
    ],
)
def test_the_declared_result_answers_what_it_settles(
    declared: Engine, question: str, says: list[str]
) -> None:
    """Winner, votes by party, places, majority, turnout, the full result, gain, comparisons."""
    answer = declared.answer(question)
    assert answer.answered and answer.kind == "result", answer.text
    for words in says:
        assert words in answer.text, (words, answer.text)
    assert any(c.source == STATUS_SOURCE for c in answer.citations)  # who set it, and when


@pytest.mark.parametrize(
    "question",
    [
        "lib dems or greens, who got more votes?",
        "lib dems vs greens, who finished higher",
        "green v LD",
    ],
)
def test_which_of_two_did_better_puts_the_one_ahead_first(declared: Engine, question: str) -> None:
    """Two parties asked about with a word of comparison: both lines, the one ahead first."""
    answer = declared.answer(question)
    assert answer.answered and answer.kind == "result", answer.text
    assert answer.text.startswith("Ahead: "), answer.text
    assert 0 < answer.text.index("358") < answer.text.index("349"), answer.text
    assert "a difference of 9 votes" in answer.text


def test_a_party_that_did_not_stand_is_not_given_anyone_elses_votes(declared: Engine) -> None:
    """'how many votes did the SNP get?': no SNP candidate is in the result; nothing is made up."""
    for question in ("how many votes did the snp get", "snp share?", "did the snp beat labour"):
        answer = declared.answer(question)
        assert not answer.answered and "SNP" in answer.text, answer.text


def test_where_someone_is_from_is_not_where_they_finished(declared: Engine) -> None:
    """'where is Paul Williams from?' asks for a place on the map, which the result does not give."""
    answer = declared.answer("where is paul williams from")
    assert "8,589" not in answer.text, answer.text


def test_no_you_did_not_win_says_where_you_came(declared: Engine) -> None:
    """'did the greens win?': no, the winner, and the Green line with its place."""
    answer = declared.answer("did the greens win")
    assert answer.text.startswith("No: Jill Mortimer"), answer.text
    assert "358 votes" in answer.text and "of 8." in answer.text, answer.text


def test_what_a_party_stands_for_is_not_its_votes(declared: Engine) -> None:
    """'what does reform stand for?' asks a definition; 'which party did X stand for?' does not."""
    assert not declared.answer("what does reform stand for").answered
    assert not declared.answer("what does reform uk believe in").answered
    party = declared.answer("which party did john prescott stand for")
    assert party.answered and "Reform UK" in party.text, party.text


def test_after_the_declaration_the_count_is_history(declared: Engine) -> None:
    """'Are they still counting?' gets the declared result, not 'votes are still being counted'."""
    answer = declared.answer("are they still counting?")
    assert answer.answered and "Jill Mortimer" in answer.text
    assert "still being counted" not in answer.text


def test_asked_how_it_was_meant_to_go_the_sources_are_history(declared: Engine) -> None:
    """'When was it originally due?' gives the sources' time, labelled as before the declaration."""
    answer = declared.answer("what time was the result originally meant to be")
    assert "Before the declaration" in answer.text and "5.30am" in answer.text


@pytest.mark.parametrize(
    ("question", "not_said"),
    [("did paul williams even turn up?", "42.55%"), ("will jill mortimer do anything?", "15,529")],
)
def test_a_person_asked_about_is_not_answered_with_a_figure(
    declared: Engine, question: str, not_said: str
) -> None:
    """'Did X turn up?' is not the turnout; 'will X do anything?' is not X's votes."""
    assert not_said not in declared.answer(question).text


def test_a_figure_the_result_lacks_is_not_made_up(declared: Engine) -> None:
    """No swing and no postal votes in the result: the bot abstains."""
    for question in ("what was the swing", "how many postal votes"):
        assert not declared.answer(question).answered, question


def test_before_a_declaration_who_won_gets_the_status(engine: Engine) -> None:
    """Before the declaration, 'who won' says it is not declared, and figures are not invented."""
    answer = engine.answer("who won?")
    assert answer.answered and "No result has been declared" in answer.text
    votes = engine.answer("how many votes did the tories get so far")
    assert not votes.answered and "No result has been declared" in votes.text


def test_a_question_about_the_run_up_that_asks_how_it_ended(declared: Engine) -> None:
    """'article said big tory maj, how big was it in the end': the declared majority, not the
    prediction; 'it' is the majority named before."""
    answer = declared.answer("article said big tory maj, how big was it in the end")
    assert answer.kind == "result" and "6,940" in answer.text, answer.text


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("results soon??", "not before 5.30am"),
        ("how many candidates are standing", "no list of candidates"),
    ],
)
def test_before_a_declaration_the_status_answers_when(
    engine: Engine, question: str, says: str
) -> None:
    """'results soon??' is when the result is due, not a sentence about 'results' as soon as."""
    assert says in engine.answer(question).text


@pytest.mark.parametrize(
    "question",
    [
        "labour conceded early on, were they right about the result?",
        "so were the predictions of a tory majority right?",
    ],
)
def test_the_result_follows_an_answer_from_the_run_up_about_the_outcome(
    declared: Engine, question: str
) -> None:
    """Once declared, what was said before the count ended is followed by the result."""
    answer = declared.answer(question)
    assert answer.answered and "has since been declared: Jill Mortimer" in answer.text
    assert any(c.source == STATUS_SOURCE for c in answer.citations)


@pytest.mark.parametrize(
    "question", ["what majority was labour defending from 2019", "what did mcmahon tell sky news"]
)
def test_the_result_does_not_follow_other_questions(declared: Engine, question: str) -> None:
    """A question about another year, or not about the outcome, gets no result added."""
    answer = declared.answer(question)
    assert answer.answered and "Jill Mortimer" not in answer.text, answer.text


@pytest.mark.parametrize(
    ("question", "says"),
    [
        (
            "did the snp even stand?",
            "No: no SNP candidate stood. 8 candidates stood: Jill Mortimer",
        ),
        ("was ukip on the ballot", "No: no Ukip candidate stood."),
        ("did the greens stand", "Rachel Featherstone (Green) 358 votes"),
    ],
)
def test_a_declared_result_says_which_parties_stood(
    declared: Engine, question: str, says: str
) -> None:
    """A declared result lists every candidate: a party with none did not stand."""
    answer = declared.answer(question)
    assert answer.answered and answer.kind == "result" and says in answer.text, answer.text


def test_a_party_that_did_not_stand_got_no_votes_to_give(declared: Engine) -> None:
    """'how many votes did the SNP get?' is still not answered with a number."""
    answer = declared.answer("how many votes did the snp get")
    assert not answer.answered and "SNP" in answer.text, answer.text


def test_a_party_that_did_not_stand_is_cited_where_the_sources_say_so(tmp_path: Path) -> None:
    """'did Labour stand?' quotes the sentence saying it did not, beside the candidates."""
    engine = drafted_engine(
        tmp_path,
        "Jane Example has won the Testville by-election for the Conservatives.",
        "The seat was not contested by Labour or the Greens.",
        "Jane Example (Con) 12,345 (61.20%)",
        "John Sample (Reform) 5,432 (26.93%)",
        "Ann Other (Ind) 2,395 (11.87%)",
        "Con maj 6,913 (34.27%)",
    )
    answer = engine.answer("did labour even stand?")
    assert answer.answered and answer.text.startswith("No: no Labour candidate stood."), answer.text
    assert "“The seat was not contested by Labour or the Greens.” [¶2]" in answer.text
    assert 2 in {c.paragraph for c in answer.citations}
    reform = engine.answer("did reform stand?")
    assert "not contested" not in reform.text and "5,432" in reform.text, reform.text


@pytest.mark.parametrize(
    "question", ["so how many people didnt vote", "how many stayed at home?", "non-voters?"]
)
def test_who_did_not_vote_is_the_electorate_less_the_ballots(
    declared: Engine, question: str
) -> None:
    """The electors who did not vote: the electorate less every ballot cast."""
    result = declared.kb.default_contest.status.result
    assert result is not None and result.electorate
    cast = result.valid_votes + result.rejected_ballots
    answer = declared.answer(question)
    assert answer.answered and answer.kind == "result", answer.text
    assert f"{result.electorate - cast:,} of the {result.electorate:,} electors" in answer.text


@pytest.mark.parametrize(
    "question", ["what's mortimer's first name", "what was the labour candidate's name"]
)
def test_a_first_name_is_no_first_place(declared: Engine, question: str) -> None:
    """'first name' asks a name: the candidate's own line, not who came first."""
    answer = declared.answer(question)
    assert answer.answered and "First of 8" not in answer.text, answer.text
    assert not answer.text.startswith("Yes"), answer.text


def test_a_figure_names_everyone_with_it_and_a_tie_is_a_tie(tmp_path: Path) -> None:
    """'who got 417?' names both who got it; 'who beat who?' between them says they tied."""
    engine = drafted_engine(
        tmp_path,
        "Jane Example has won the Testville by-election for the Conservatives.",
        "Jane Example (Con) 12,345 (80.00%)",
        "John Sample (Lab) 2,252 (14.60%)",
        "Ann Other (LD) 417 (2.70%)",
        "Al Fourth (Green) 417 (2.70%)",
    )
    both = engine.answer("who got 417??")
    assert both.answered and "Ann Other" in both.text and "Al Fourth" in both.text, both.text
    tie = engine.answer("LD vs grn who beat who")
    assert "Ann Other (Liberal Democrat) and Al Fourth (Green) tied" in tie.text, tie.text
    beat = engine.answer("did the lib dems beat the greens?")
    assert beat.text.startswith("No: ") and "tied" in beat.text, beat.text
    two = engine.answer("12,345 and 2,252 - which parties")
    assert "Conservative" in two.text and "Labour" in two.text, two.text


@pytest.mark.parametrize(
    "question", ["how many votes were cast in total", "how many votes altogether"]
)
def test_votes_cast_in_total_are_the_valid_votes(declared: Engine, question: str) -> None:
    """'how many votes were cast in total?' asks the total, not everyone's votes (or nothing)."""
    answer = declared.answer(question)
    assert answer.answered and "valid votes were cast" in answer.text, answer.text


@pytest.mark.parametrize(
    "question", ["who won hartlepool in the end?? just woke up", "so who won in the end at 5.30?"]
)
def test_a_question_taking_the_count_as_over_is_told_it_is_not(question: str) -> None:
    """Before a declaration, "who won in the end?" takes it as over: the bot says it has no result
    (an abstention, with the count's status), while "who won?" gets the status as its answer."""
    engine = shipped_engine()
    over = engine.answer(question)
    assert not over.answered and "No result has been declared yet" in over.text, over.text
    now = engine.answer("who won?")
    assert now.answered and "No result has been declared yet" in now.text, now.text
