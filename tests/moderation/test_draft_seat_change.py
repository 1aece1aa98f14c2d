"""Whose seat it was, read from the prose of a report that gives no full result.

Without a declared result nothing says "hold" or "gain" by itself; the draft proposes the answer
from the sentence naming the winner's party and the one saying whose seat it was before.
"""

from __future__ import annotations

from pathlib import Path

from tests.core.helpers import drafted_engine


def test_a_majority_increased_for_the_same_party_is_a_hold(tmp_path: Path) -> None:
    """ "increasing the Labour majority from 2,842": Labour held it, and Labour won again."""
    engine = drafted_engine(
        tmp_path,
        "Jane Example was crowned Testville MP in the early hours of this morning.",
        "It was a landslide victory for the Labour candidate who received 17,894 votes compared "
        "to Conservative Ann Other’s 11,537, increasing the Labour majority from 2,842 to 6,357.",
    )
    reply = engine.answer("lab hold or gain?")
    assert reply.answered and reply.text.startswith("A Labour hold"), reply.text
    assert "[¶2]" in reply.text


def test_the_departed_mps_party_against_the_winners_is_a_gain(tmp_path: Path) -> None:
    """The MP whose resignation caused the contest was Labour's; the Conservatives won it."""
    engine = drafted_engine(
        tmp_path,
        "Jane Example has won the Testville by-election for the Conservatives.",
        "Ms Example’s 7,348 majority was the biggest in the county.",
        "The by-election was triggered by the resignation of Labour MP Sam Someone in June.",
    )
    reply = engine.answer("which party lost the seat?")
    assert reply.answered and reply.text.startswith("A Conservative gain from Labour"), reply.text
    assert "[¶1]" in reply.text and "[¶3]" in reply.text
    why = engine.answer("why was there a by-election")  # the trigger sentence still answers
    assert why.answered and "resignation" in why.text, why.text


def test_no_hold_or_gain_without_whose_seat_it_was(tmp_path: Path) -> None:
    """A winner's party alone says nothing of a change: the question is not answered as one."""
    engine = drafted_engine(
        tmp_path,
        "Jane Example has won the Testville by-election for the Conservatives.",
        "Ms Example thanked her family and her agent.",
    )
    reply = engine.answer("was it a hold or a gain?")
    assert not reply.text.startswith(("A Conservative hold", "A Conservative gain")), reply.text


def test_a_party_s_first_mp_is_the_winner_s_party_not_the_one_before(tmp_path: Path) -> None:
    """ "UKIP has its first elected MP ... after Jane Example ...": the winner's party; asked
    what party she was in before, her party now is not the answer."""
    engine = drafted_engine(
        tmp_path,
        "UKIP has its first elected MP in Westminster after Jane Example increased her majority.",
        "Jane Example has been re-elected MP for Testville by a majority of 12,404.",
        "The MP won the by-election, sparked by her defection from the Tories, with a big majority.",
    )
    party = engine.answer("which party won testville")
    assert party.answered and "UKIP" in party.text, party.text
    before = engine.answer("what party was jane in before")
    assert not (before.answered and before.text.startswith("Jane Example")), before.text
