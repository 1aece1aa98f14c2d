"""Results printed as "Name - Party: votes" with a share list, and a winner's statement in prose.

Each test drafts a made-up article (tests.core.helpers.drafted_engine) and asks the engine.
"""

from __future__ import annotations

from pathlib import Path

from tests.core.helpers import drafted_engine

LISTED = [
    "Labour has held the seat of Testville in a by-election, but with its majority slashed.",
    "Jane Example held the seat by a 617-vote margin.",
    "Votes",
    "Jane Example - Labour (elected): 11,633",
    "John Sample - UKIP: 11,016",
    "Jo Other - Conservative: 3,496",
    "Kim Last - Liberal Democrat: 1,457",
    "Al Fifth - Green: 870",
    "Share of the vote",
    "• Labour - 40.8%",
    "• UKIP - 38.6%",
    "• Conservative - 12.3%",
    "• Liberal Democrat - 5.1%",
    "• Green - 3%",
]


def test_a_dash_party_colon_list_and_its_printed_shares(tmp_path: Path) -> None:
    """ "Jane Example - Labour (elected): 11,633" is a results line ("elected" is no party); a
    share question cites the article's own rounding ("40.8%") beside the computed one; "by how
    many votes did the Tories beat the Lib Dems?" compares them, not the winner's majority; "what
    did Jo Other say?" is not answered with her votes."""
    engine = drafted_engine(tmp_path, *LISTED)
    contest = engine.kb.contests["testville-2024"]
    result = contest.status.result
    assert result is not None and contest.status.phase == "declared"
    assert [(c.name, c.party) for c in result.ranked][:2] == [
        ("Jane Example", "Labour"),
        ("John Sample", "UKIP"),
    ]
    share = engine.answer("what share of the vote did labour get")
    assert share.answered and "• Labour - 40.8%" in [c.quote for c in share.citations], (
        share.citations
    )
    gap = engine.answer("by how many votes did the conservatives beat the lib dems")
    assert gap.answered and "2,039" in gap.text, gap.text
    said = engine.answer("What did the Conservative candidate, Jo Other, say after the count?")
    assert not said.answered, said.text


STATEMENT = [
    "It was a night to remember as Jane Allin-Khanley was crowned Testville MP replacing Sam "
    "Khanley in the by-election.",
    "It was a landslide victory for the Labour candidate who received 17,894 votes compared to "
    "Conservative Dan Watkins’ 11,537.",
    "The Green party came third with a mere 830 votes, closely followed by Lib Dem Alex "
    "Glassbrook with 820.",
    "Dr Allin-Khanley decided not to give a victory speech.",
    "The former hospital doctor said: “I do not intend to make a speech.",
    "“Instead, I would like to make a short statement.”",
]


def test_a_winner_named_with_a_hyphen_and_described_when_she_speaks(tmp_path: Path) -> None:
    """ "Jane Allin-Khanley was crowned Testville MP replacing Sam Khanley": she won (not Sam
    Example, whose surname is the end of hers), he is the former MP; "Dan Watkins’ 11,537" and
    "with 820" give votes; "The former hospital doctor said:" just after she was the subject is
    her, and so is the paragraph continuing her words."""
    engine = drafted_engine(tmp_path, *STATEMENT)
    contest = engine.kb.contests["testville-2024"]
    people = {p.name: p for p in contest.people.values()}
    assert "won" in (people["Jane Allin-Khanley"].role or ""), people["Jane Allin-Khanley"]
    assert people["Sam Khanley"].role == "Former MP", people["Sam Khanley"]
    assert {q.speaker for q in contest.quotes} == {"jane-allin-khanley"}, contest.quotes
    assert len(contest.quotes) == 2, contest.quotes
    votes = engine.answer("how many votes did dan watkins get")
    assert votes.answered and "11,537" in votes.text, votes.text


def test_a_majority_won_after_defending_the_seat_is_tonight_s(tmp_path: Path) -> None:
    """ "Jo X was elected as the new MP after defending the seat with a majority of 5,702": the
    majority is tonight's, not the one defended ("What was the size of the winning majority?")."""
    engine = drafted_engine(
        tmp_path,
        "Conservatives held on to Testville with a reduced majority after yesterday's by-election.",
        "Tory candidate Robert Tallis was elected as the new MP after defending the seat with a "
        "majority of 5,702.",
    )
    facts = {f.id: f for f in engine.kb.contests["testville-2024"].facts}
    assert "What was the previous majority?" not in facts["winner"].questions, facts["winner"]
    majority = engine.answer("What was the size of the winning majority?")
    assert majority.answered and "5,702" in majority.text, majority.text


def test_a_seat_snatched_from_a_party_is_a_gain_cited_where_it_is_said(tmp_path: Path) -> None:
    """ "Labour has snatched a seat from the Conservatives": a Labour gain, cited to that
    sentence."""
    engine = drafted_engine(
        tmp_path,
        "Labour has snatched a seat from the Conservatives in a by-election, taking Testville.",
        "Jane Example (Labour) 17,267 (48.4%)",
        "John Sample (Conservative) 9,476 (26.6%)",
        "Jo Other (UKIP) 8,926 (25.0%)",
    )
    reply = engine.answer("is this a gain or a hold for labour")
    assert reply.answered and "Labour gain from Conservative" in reply.text, reply.text
    assert 1 in {c.paragraph for c in reply.citations}, reply.citations


def test_the_winner_s_party_from_a_victory_for_the_party_s_candidate(tmp_path: Path) -> None:
    """ "X was crowned Testville MP" then "a landslide victory for the Labour candidate": X is
    Labour's, and "who won + which party" cites both sentences."""
    engine = drafted_engine(tmp_path, *STATEMENT)
    people = {p.name: p for p in engine.kb.contests["testville-2024"].people.values()}
    assert people["Jane Allin-Khanley"].party == "Labour", people["Jane Allin-Khanley"]
    reply = engine.answer("testville result?? who won + which party")
    assert reply.answered and "Labour" in reply.text, reply.text


def test_someone_named_after_a_party_s_is_a_person_with_no_votes_given(tmp_path: Path) -> None:
    """ "fourth place, going to Glenn Tingle for Ukip over the Green party’s Rupert Read": Read
    is a person (though "read" is a common word); asked for his votes, which the article does
    not give, the bot does not answer with another candidate's."""
    engine = drafted_engine(
        tmp_path,
        "Jane Example has won the Testville by-election for the Conservatives.",
        "The Conservative candidate took 13,591 votes compared to Tom Brandwick’s 6,243.",
        "The surprise was fourth place, going to Glenn Tingle for Ukip over the Green party’s "
        "Rupert Read.",
    )
    people = {p.name for p in engine.kb.contests["testville-2024"].people.values()}
    assert "Rupert Read" in people, people
    reply = engine.answer("Rupert Read how many votes?")
    assert not reply.answered, reply.text


def test_a_quote_after_a_turn_to_another_subject_is_left_for_review(tmp_path: Path) -> None:
    """ "The new MP said voters had delivered a "damning verdict" on Jo Bloggs, but the PM
    dismissed it as a "classic mid-term result"": the second quote is not the MP's; and "St
    George's" is no person."""
    engine = drafted_engine(
        tmp_path,
        "Jane Example has won the Testville by-election for Labour.",
        'The new MP said voters had delivered a "damning verdict" on the government, but the PM '
        'dismissed it as a "classic mid-term result".',
        "The former St George's doctor thanked her agent.",
    )
    contest = engine.kb.contests["testville-2024"]
    assert [q.text for q in contest.quotes] == ["damning verdict"], contest.quotes
    assert "St George" not in {p.name for p in contest.people.values()}
