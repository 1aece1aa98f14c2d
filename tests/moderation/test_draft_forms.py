"""More ways reports print a result and report speech, drafted and then asked.

Each test drafts a made-up article (tests.core.helpers.drafted_engine), so the draft, the loader
and the answer path are all exercised.
"""

from __future__ import annotations

from pathlib import Path

from tests.core.helpers import drafted_engine

DASHED = [
    "A “massive rejection” was how Mr Example described his shock win in Testville.",
    "Testville by-election result:",
    "– Jane Example (Respect) 18,341 (55.89 per cent, +52.83 per cent)",
    "– John Sample (Lab) 8,201 (24.99 per cent, -20.36 per cent)",
    "– Jo Other (C) 2,746 (8.37 per cent, -22.78 per cent)",
    "– Kim Last (LD) 3,550 (10.75 per cent, -7.08 per cent)",
]


def test_a_dashed_list_with_shares_in_per_cent(tmp_path: Path) -> None:
    """ "– Name (Party) 18,341 (55.89 per cent, +52.83 per cent)": a dash before each line and
    shares written out; "Mr Example" before the table is the same person as "Jane Example"."""
    engine = drafted_engine(tmp_path, *DASHED)
    contest = engine.kb.contests["testville-2024"]
    result = contest.status.result
    assert result is not None and contest.status.phase == "declared"
    assert [(c.name, c.votes) for c in result.ranked][:2] == [
        ("Jane Example", 18341),
        ("John Sample", 8201),
    ]
    names = sorted(p.name for p in contest.people.values())
    assert names == ["Jane Example", "Jo Other", "John Sample", "Kim Last"], names
    votes = engine.answer("how many votes did labour get")
    assert votes.answered and "8,201" in votes.text, votes.text


LEADERS = [
    "The Conservatives have taken Testville from Labour.",
    "Mr Cameron said it was a remarkable victory for his party.",
    "Jane Example",
    "Conservative: 20,539",
    "John Sample",
    "Labour: 12,679",
    "Jo Other",
    "Lib Dems: 6,040",
    'He added that it was "encouraging" that "new voters have come across to us".',
    "He said he aimed to show them that the party would not let them down.",
    '"I want to build the biggest coalition for change in our country."',
    'The area\'s new MP, Ms Example, said voters had "rejected the old politics".',
]


def test_names_over_party_votes_and_who_speaks_after_them(tmp_path: Path) -> None:
    """A name on its own line over "Conservative: 20,539" is that party's candidate; three
    leaders and no shares may not be the whole result, so it is not declared. The lines name
    no one who speaks: "He added" is still Mr Cameron, a paragraph of quoted words after "He
    said he aimed ..." is his, and "The area's new MP, Ms Example, said" is hers."""
    engine = drafted_engine(tmp_path, *LEADERS)
    contest = engine.kb.contests["testville-2024"]
    assert contest.status.phase != "declared"
    parties = {p.name: p.party for p in contest.people.values() if p.name != "Cameron"}
    assert parties == {
        "Jane Example": "Conservative",
        "John Sample": "Labour",
        "Jo Other": "Liberal Democrat",
    }, parties
    said = {q.text[:23]: q.speaker for q in contest.quotes}
    assert said == {
        "encouraging": "cameron",
        "new voters have come ac": "cameron",
        "I want to build the big": "cameron",
        "rejected the old politi": "jane-example",
    }, said
    fourth = engine.answer("who came fourth")
    assert not fourth.answered or "Only 3" not in fourth.text, fourth.text
    # the paragraph printing her name is cited, then the one printing her votes
    first = engine.answer("what is the lib dem candidate's first name?")
    assert first.answered and "Jo Other" in first.text and "[¶7]" in first.text, first.text


DECLARED = [
    "Jane Example has won the Testville by-election for Labour.",
    "Testville councillor Jane Example defeated Conservative candidate and NHS nurse John Sample.",
    "Jane Example (Labour) 12,345 (55.0%)",
    "John Sample (Conservative) 8,000 (35.6%)",
    "Jo Other (Green) 2,100 (9.4%)",
]


def test_questions_a_declared_result_must_not_take(tmp_path: Path) -> None:
    """The result answers who won, but not "which seat is this?" (the contest), "what does X
    do?" (their job), a party that did not stand, or what someone will do next; and a party
    that did not win did not hold the seat, whoever held it before."""
    engine = drafted_engine(tmp_path, *DECLARED)
    for question in ("which seat is this even", "Which constituency is this report about?"):
        seat = engine.answer(question)
        assert seat.answered and "This is the Testville by-election" in seat.text, seat.text
    job = engine.answer("what does jane example do")
    assert job.answered and "councillor" in job.text, job.text
    held = engine.answer("did the tories hold on")
    assert held.answered and held.text.startswith("No:"), held.text
    for question in ("who was the lib dem candidate", "will john sample stand again"):
        reply = engine.answer(question)
        assert not reply.answered, (question, reply.text)


PROSE = [
    "JANE Example won a seat in Parliament – just 252 days after finishing third elsewhere.",
    "The Labour woman triumphed in the Testville by-election early yesterday morning.",
    "Mrs Example won 14,718 votes, finishing 3,558 ahead of her Lib Dem rival John Sample on "
    "11,160.",
    "Conservative candidate Kim Last came a distant third, taking 4,481 votes.",
    "Mrs Example was congratulated yesterday by Conservative MP Jo Other, who defeated her in 2010.",
    "He told the Examiner: “I will shake her hand and congratulate her.”",
    "Mr Other added: “I was disappointed that our man Kim didn’t win.”",
]


def test_a_report_in_prose_its_capitals_and_its_pronouns(tmp_path: Path) -> None:
    """ "JANE Example" (a first word in capitals) is Jane Example; "The Labour woman triumphed"
    gives the winner's party; "taking 4,481 votes" is a candidate's votes; "He told the
    Examiner" after "Mrs Example was congratulated by ... Jo Other" is Jo Other (Mr Other), not
    the subject, who is a woman; "who won Testville South?" is another seat."""
    engine = drafted_engine(tmp_path, *PROSE)
    contest = engine.kb.contests["testville-2024"]
    people = {p.name: p for p in contest.people.values()}
    assert "Jane Example" in people and people["Jane Example"].party == "Labour", people
    assert {q.text[:12]: q.speaker for q in contest.quotes} == {
        "I will shake": "jo-other",
        "I was disapp": "jo-other",
    }
    votes = engine.answer("how many votes did kim last get")
    assert votes.answered and "4,481" in votes.text, votes.text
    party = engine.answer("jo other was a labour mp?")
    assert party.answered and party.text.startswith("No:"), party.text
    south = engine.answer("who won testville south?")
    assert not south.answered and "Testville South" in south.text, south.text


POSSESSIVE = [
    "Jane Example has won the Testville by-election for the Conservatives.",
    "The Conservative candidate took 13,591 votes compared to Tom Brandwick’s 6,243.",
    "Jo Other for the Liberal Democrats finished in third place as expected.",
    "The Green party came fourth with a mere 830 votes for Ruth Fairweather.",
]


def test_votes_given_as_a_possessive_are_not_the_winner_s(tmp_path: Path) -> None:
    """ "compared to Tom Brandwick's 6,243" gives his votes; being the only votes a name is given
    does not make them the winner's; a sentence about third place does not say who was second."""
    engine = drafted_engine(tmp_path, *POSSESSIVE)
    facts = {f.id: f for f in engine.kb.contests["testville-2024"].facts}
    sample = facts["votes-tom-brandwick"]
    assert "How many votes did the winner get?" not in sample.questions, sample.questions
    votes = engine.answer("how many votes did tom brandwick get")
    assert votes.answered and "6,243" in votes.text, votes.text
    second = engine.answer("who came second")
    assert "third place" not in second.text, second.text
    assert "votes-ruth-fairweather" in facts, list(
        facts
    )  # "830 votes for Ruth Fairweather" are hers
    fourth = engine.answer("how many votes did ruth fairweather get")
    assert fourth.answered and "830" in fourth.text, fourth.text


def test_an_answer_about_a_candidate_cites_who_they_are_and_their_line(tmp_path: Path) -> None:
    """ "con candidate name?" cites the results line and the sentence naming the candidate
    ("... Conservative candidate and NHS nurse John Sample"); the majority cites only figures."""
    engine = drafted_engine(tmp_path, *DECLARED)
    name = engine.answer("con candidate name?")
    assert name.answered and "John Sample" in name.text, name.text
    assert {c.paragraph for c in name.citations} == {2, 4}, name.citations
    majority = engine.answer("what was the majority")
    assert 2 not in {c.paragraph for c in majority.citations}, majority.citations


def test_a_polite_request_is_no_yes_or_no_and_the_winning_candidate_is_the_winner(
    tmp_path: Path,
) -> None:
    """ "Could you give me the full name of the winning candidate, please?" asks for a name: it
    is no yes/no question, and "the winning candidate" is the winner as a person."""
    engine = drafted_engine(tmp_path, *PROSE)
    name = engine.answer("Could you give me the full name of the winning candidate, please?")
    assert name.answered and "Jane Example" in name.text, name.text
    assert not name.text.startswith(("Yes", "No")), name.text
