"""People and the winner from a report that prints no results table, only prose."""

from __future__ import annotations

from pathlib import Path

from tests.core.helpers import drafted_engine

PROSE = [
    "Reform has its first elected MP after Jane Example managed to increase her majority in Testville.",
    "Jane Example has been re-elected MP for Testville by a majority of 12,404.",
    "She won the by-election, sparked by her defection from the Tories, knocking the "
    "Conservative candidate John Sample into second place with 8,709 votes.",
    "Ms Example added she thought fellow Tory defector Mark Lastly would now win her own seat.",
]


def test_re_elected_names_the_winner_when_the_prose_gives_the_runner_up_s_votes(
    tmp_path: Path,
) -> None:
    """ "Jane Example has been re-elected MP": the winner, though the only votes the prose
    gives are the runner-up's (they are not the winner's for being the most given)."""
    engine = drafted_engine(tmp_path, *PROSE)
    people = {p.name: p for p in engine.kb.contests["testville-2024"].people.values()}
    assert "won" in (people["Jane Example"].role or ""), people["Jane Example"]
    assert "won" not in (people["John Sample"].role or ""), people["John Sample"]
    won = engine.answer("who won")
    assert won.answered and "Jane Example" in won.text, won.text


def test_a_role_at_the_end_of_a_long_clause_and_a_defector_s_old_party(tmp_path: Path) -> None:
    """ "she thought fellow Tory defector Mark Lastly": the role is the words before the name,
    however long the clause; the party a defector left is not theirs."""
    engine = drafted_engine(tmp_path, *PROSE)
    people = {p.name: p for p in engine.kb.contests["testville-2024"].people.values()}
    mark = people["Mark Lastly"]
    assert mark.role == "Fellow Tory defector" and mark.party is None, mark


def test_a_common_first_name_alone_still_finds_the_sentence_naming_them(tmp_path: Path) -> None:
    """ "Mark" is no alias of Mark Lastly (a common word), yet "what seat is mark going for?" is
    about the sentence naming her in full."""
    engine = drafted_engine(
        tmp_path,
        *PROSE[:3],
        "Ms Example added she thought fellow Tory defector Mark Lastly would now win her own seat "
        "in Northtown.",
    )
    reply = engine.answer("what seat is mark going for")
    assert reply.answered and "Northtown" in reply.text, reply.text


def test_did_the_tory_guy_win_is_not_the_winner_as_a_person(tmp_path: Path) -> None:
    """ "did the tory guy win?" asks whether he won, not about "the winner" as a man."""
    engine = drafted_engine(tmp_path, *PROSE)
    reply = engine.answer("did the tory guy win")
    assert reply.answered and "John Sample into second place" in reply.text, reply.text


def test_he_asked_to_have_said_something_is_the_one_person_quoted(tmp_path: Path) -> None:
    """A report quoting only the winner: "what did he say in the end?" asks for his words."""
    engine = drafted_engine(
        tmp_path,
        "John Example has been re-elected MP for Testville by a majority of 12,404.",
        "He won the by-election, knocking the Labour candidate Jo Other into second place with 8,709 votes.",
        'In his victory speech Mr Example said: "The cost of living is what people here talk about."',
    )
    reply = engine.answer("what did he say in the end")
    assert reply.answered and "what people here talk about" in reply.text, reply.text


def test_a_majority_of_any_earlier_year_is_the_previous_one(tmp_path: Path) -> None:
    """ "In 2010, Sam Former won a majority of 16,152": whatever the year, an earlier election's."""
    engine = drafted_engine(
        tmp_path,
        "Jane Example has won the Testville by-election for Labour by 7,403 votes.",
        "In 2010, Sam Former won a majority of 16,152.",
    )
    facts = {f.id: f for f in engine.kb.contests["testville-2024"].facts}
    assert "16,152" in facts["previous-majority"].answer, facts.get("previous-majority")
    assert "majority" not in facts or "16,152" not in facts["majority"].answer
