"""A report that prints party shares without votes, the way live blogs and party sites do.

The made-up article below has the shape of such reports: the party won in the first sentence,
the winner named in the second, the runner-up described in a sentence of her own, then one line
per party ("LAB: 61.2% (+11.6)"). The draft can declare nothing (no votes), but each line answers.
"""

from __future__ import annotations

from pathlib import Path

from tests.core.helpers import drafted_engine

SHARES = [
    "Labour has won the Testville by-election in the first vote since Pat Premier became Prime Minister.",
    "North Testville and Brook councillor Jane Example re-won the seat for Labour by a wide margin.",
    "Ms Example defeated Conservative candidate and NHS nurse Ann Other.",
    "Testville by-election, result: LAB: 61.2% (+11.6)",
    "CON: 22.4% (-15.9)",
    "LDEM: 8.4% (+1.5)",
    "GRN: 4.0% (+0.1)",
    "UKIP: 2.0% (+2.0)",
    "OMRLP: 2.0% (+2.0)",
]


def test_the_winner_is_the_one_the_sentence_says_won_not_a_name_after_the_verb(
    tmp_path: Path,
) -> None:
    """ "Labour has won ... since Pat Premier became Prime Minister": Labour won, not he; the
    next sentence names the winner, with both her roles and her party."""
    engine = drafted_engine(tmp_path, *SHARES)
    people = {p.name: p for p in engine.kb.contests["testville-2024"].people.values()}
    winner = people["Jane Example"]
    assert winner.party == "Labour" and "North Testville and Brook councillor" in winner.role
    assert people["Ann Other"].party == "Conservative" and "NHS nurse" in people["Ann Other"].role
    won = engine.answer("who's the new mp")
    assert won.answered and "Jane Example" in won.text, won.text


def test_each_party_share_and_place_from_a_table_of_shares(tmp_path: Path) -> None:
    """Each line answers its party's share and how it moved; a place held by two is not given."""
    engine = drafted_engine(tmp_path, *SHARES)
    contest = engine.kb.contests["testville-2024"]
    assert contest.status.phase != "declared"  # no votes: nothing to declare
    share = engine.answer("what % did the lib dems get")
    assert share.answered and "8.4%" in share.text and "+1.5" in share.text, share.text
    third = engine.answer("who came third")
    assert third.answered and "Liberal Democrat" in third.text, third.text
    tied = engine.answer("who came fifth")
    assert not tied.answered or "UKIP" not in tied.text.split("[")[0], tied.text


def test_a_prediction_about_a_person_gets_no_yes(tmp_path: Path) -> None:
    """ "will Ann Other stand again?": that she stood says nothing of what she will do."""
    engine = drafted_engine(tmp_path, *SHARES)
    reply = engine.answer("will ann other stand again")
    assert not reply.text.startswith(("Yes", "No")), reply.text


def test_places_from_parties_votes_in_the_prose(tmp_path: Path) -> None:
    """ "Labour won 13,872 votes, compared to the Conservatives' 12,680 votes. The Liberal
    Democrats won 9,420 votes.": no table and no candidate named, but second and third are said;
    a figure of an earlier election is no place."""
    engine = drafted_engine(
        tmp_path,
        "Labour have won the Testville by-election, overturning a majority of 24,664.",
        "Labour won 13,872 votes, compared to the Conservatives' 12,680 votes.",
        "The Liberal Democrats won 9,420 votes. The turnout was 44%.",
        "In 2019 the Greens won 12,000 votes.",
    )
    second = engine.answer("who came 2nd")
    assert second.answered and "Conservative" in second.text, second.text
    third = engine.answer("who came third")
    assert third.answered and "Liberal Democrat" in third.text, third.text
    assert "Green" not in second.text + third.text
