"""Drafted results tables as real reports print them, and the answers they give.

Each test drafts a made-up article (tests.core.helpers.drafted_engine) and asks the engine, so
the draft, the loader and the answer path are all exercised.
"""

from __future__ import annotations

from pathlib import Path

from bot.core.answering.analysis import question_type
from bot.core.answering.message import Part, readings
from tests.core.helpers import drafted_engine
from tests.moderation.test_draft import draft_testville, write

TABLE = [
    "Jane Example - Labour Party - 12,345",
    "John Sample - Conservative Party - 8,024",
    "Jo Other - Green Party - 1,658",
    "77 Joseph - Independent - 8",
    "Kim Last - Independent - 208",
]


def test_a_name_that_starts_with_a_number_keeps_the_table_whole(tmp_path: Path) -> None:
    """ "77 Joseph" is a candidate's name: the lines after it are not a second table, left out."""
    engine = drafted_engine(
        tmp_path, "Jane Example won the Testville by-election for Labour.", *TABLE
    )
    result = engine.kb.contests["testville-2024"].status.result
    assert result is not None
    assert [c.name for c in result.ranked][-2:] == ["Kim Last", "77 Joseph"]
    last = engine.answer("who came last")
    assert last.answered and "77 Joseph" in last.text, last.text
    count = engine.answer("how many independents stood?")
    assert count.answered and "2 Independent" in count.text and "Kim Last" in count.text, count.text


def test_who_is_a_candidate_is_their_description_not_their_votes(tmp_path: Path) -> None:
    engine = drafted_engine(
        tmp_path,
        "Local councillor Jane Example, representing the Labour party, has won the Testville "
        "by-election.",
        *TABLE,
    )
    who = engine.answer("who is jane example anyway")
    assert who.answered and "Local councillor" in who.text, who.text
    votes = engine.answer("how many votes did jane example get")
    assert votes.answered and "12,345" in votes.text, votes.text


def test_a_hold_or_gain_is_not_confirmed_without_who_held_the_seat(tmp_path: Path) -> None:
    """ "was it a Labour hold?": the winner is known, the party that held the seat is not."""
    engine = drafted_engine(
        tmp_path, "Jane Example won the Testville by-election for Labour.", *TABLE
    )
    for question in ("was it a labour hold", "labour gain?"):
        reply = engine.answer(question)
        assert reply.answered and "Jane Example" in reply.text, (question, reply.text)
        assert not reply.text.startswith(("Yes", "No")), (question, reply.text)
    won = engine.answer("did labour win")
    assert won.text.startswith("Yes"), won.text


def test_a_hold_or_gain_is_checked_against_who_held_the_seat(tmp_path: Path) -> None:
    engine = drafted_engine(
        tmp_path,
        "Jane Example won the Testville by-election, a seat held by the Conservatives since 1950.",
        *TABLE,
    )
    hold = engine.answer("was it a labour hold")
    assert hold.text.startswith("No") and "gain" in hold.text, hold.text
    gain = engine.answer("was it a labour gain")
    assert gain.text.startswith("Yes"), gain.text


def test_either_or_is_answered_without_yes_or_no(tmp_path: Path) -> None:
    engine = drafted_engine(
        tmp_path, "Jane Example won the Testville by-election for Labour.", *TABLE
    )
    reply = engine.answer("did tories hold it or lab gain")
    assert reply.answered and "Jane Example" in reply.text, reply.text
    assert not reply.text.startswith(("Yes", "No")), reply.text


def test_two_questions_each_answered_more_surely_than_the_whole(tmp_path: Path) -> None:
    engine = drafted_engine(
        tmp_path,
        "Jane Example won the Testville by-election for Labour.",
        "There was a swing of 6.7% from Conservative to Labour.",
        *TABLE,
    )
    reply = engine.answer("who's the new mp and whats the swing")
    assert "Jane Example" in reply.text and "6.7%" in reply.text, reply.text


def test_the_returning_officer_s_list_surname_first(tmp_path: Path) -> None:
    """ "FORBES Lisa Labour Party 10,484 E": surname in capitals, forenames, description, votes."""
    engine = drafted_engine(
        tmp_path,
        "Labour held Testville by a majority of 683.",
        "Full results were:",
        "BRISTOW Paul The Conservative Party Candidate 7,243",
        "FORBES Lisa Labour Party 10,484 E",
        "GREENE Mike The Brexit Party 9,801",
        "MOORE Andrew John 101",
        "O` FLYNN Patrick James SDP Fighting for Brexit 135",
        "UKIP Jo Bloggs 99",
    )
    result = engine.kb.contests["testville-2024"].status.result
    assert result is not None
    assert [(c.name, c.party, c.votes) for c in result.ranked][:4] == [
        ("Lisa Forbes", "Labour", 10484),
        ("Mike Greene", "Brexit Party", 9801),
        ("Paul Bristow", "Conservative", 7243),
        ("Patrick James O` Flynn", "SDP Fighting for Brexit", 135),
    ]
    assert ("Andrew John Moore", 101) in [(c.name, c.votes) for c in result.ranked]
    assert ("Jo Bloggs", "UKIP") in [(c.name, c.party) for c in result.ranked]  # party first
    third = engine.answer("who came third")
    assert third.answered and "Paul Bristow" in third.text, third.text


def test_another_contest_s_figures_are_not_this_one_s(tmp_path: Path) -> None:
    """ "Tory victory in Copeland, where turnout was 51.35%": Copeland is another by-election."""
    engine = drafted_engine(
        tmp_path,
        "Labour have held onto the seat of Testville, brushing aside Ukip.",
        "Labour lost a separate by-election in Copeland to the Conservatives.",
        "Tory victory in Copeland, where turnout was 51.35%, was a first for decades.",
        "Voter turn-out in the Testville constituency, however, was only 38.16%.",
        *TABLE,
    )
    status = engine.kb.contests["testville-2024"].status
    assert status.result is not None and status.result.turnout_percent == 38.16
    reply = engine.answer("turnout?")
    assert "38.16" in reply.text and "51.35" not in reply.text, reply.text


def test_a_fact_matched_only_by_the_party_named_does_not_answer(tmp_path: Path) -> None:
    """ "what are the green party's policies?" is not the Green candidate's votes."""
    engine = drafted_engine(
        tmp_path, "Jane Example won the Testville by-election for Labour.", *TABLE
    )
    reply = engine.answer("what are the green partys policies?")
    assert not reply.answered and "1,658" not in reply.text, reply.text
    votes = engine.answer("green party votes?")
    assert votes.answered and "1,658" in votes.text, votes.text


def test_when_inside_a_what_question_is_a_clause_and_how_old_asks_an_age(tmp_path: Path) -> None:
    """ "what did Jane say when she won" asks what she said; "how old" matches "the age of"."""
    engine = drafted_engine(
        tmp_path,
        "Jane Example won the Testville by-election for Labour.",
        'Speaking after her victory, Ms Example said voters had chosen "hope over fear".',
        "The by-election was called after the death of the former MP, John Smith.",
        "The senior backbencher died at the age of 74 in October following a short illness.",
        *TABLE,
    )
    said = engine.answer("what did jane example say when she won")
    assert said.answered and "hope over fear" in said.text, said.text
    age = engine.answer("how old was john smith when he died")
    assert age.answered and "74" in age.text, age.text


def test_a_clause_opened_by_when_is_not_a_question_of_its_own() -> None:
    asked = ("what", "did", "snell", "say", "when", "he", "won")
    assert question_type(list(asked)) is None
    assert readings(Part(asked)) == [asked]
    two = ("what", "is", "the", "turnout", "when", "is", "the", "result")
    assert question_type(list(two[4:])) == "when" and two[4:] in readings(Part(two))


def test_who_was_the_party_s_person_who_won_elsewhere_needs_that_person(tmp_path: Path) -> None:
    """ "who was the Tory who won Copeland?": a sentence naming no Tory does not answer it."""
    engine = drafted_engine(
        tmp_path,
        "Jane Example won the Testville by-election for Labour.",
        "Labour lost a separate by-election in Copeland, a seat it had held since 1983, to the "
        "Conservatives.",
        *TABLE,
    )
    reply = engine.answer("who was the tory who actually won copeland")
    assert not reply.answered, reply.text
    assert engine.answer("who won copeland").answered  # the party that won is said


def test_a_place_the_sources_never_name_before_result_is_asked_about_not_this_one(
    tmp_path: Path,
) -> None:
    """ "somerton and frome result? who won that?": "that" is the place asked about."""
    engine = drafted_engine(
        tmp_path, "Jane Example won the Testville by-election for Labour.", *TABLE
    )
    reply = engine.answer("somerton and frome result? who won that?")
    assert not reply.answered and "Jane Example" not in reply.text, reply.text
    there = engine.answer("somerton result? did labour win there")
    assert not there.answered, there.text
    assert engine.answer("testville result? who won that?").answered


def test_another_contest_the_article_reports_is_kept_apart(tmp_path: Path) -> None:
    """contest.yaml's `elsewhere`: Copeland's sentences answer Copeland, never this contest."""
    engine = drafted_engine(
        tmp_path,
        "Labour have held onto the seat of Testville, brushing aside Ukip.",
        "Labour lost a separate by-election in Copeland to the Conservatives.",
        "Tory victory in Copeland, where turnout was 51.35%, was a first for decades.",
        "Turnout in Testville was only 38.16%.",
        *TABLE,
    )
    assert engine.kb.contests["testville-2024"].elsewhere == ["Copeland"]
    ours = engine.answer("who won and whats the turnout")
    assert "38.16" in ours.text and "51.35" not in ours.text, ours.text
    theirs = engine.answer("copeland turnout?")
    assert theirs.answered and "51.35" in theirs.text and "38.16" not in theirs.text, theirs.text
    majority = engine.answer("copeland majority?")
    assert not majority.answered and "4,321" not in majority.text, majority.text
    votes = engine.answer("how many votes did labour get in copeland")
    assert not votes.answered and "12,345" not in votes.text, votes.text
    won = engine.answer("who won copeland?")
    assert "Conservatives" in won.text and "Jane Example" not in won.text, won.text


def test_the_review_names_the_other_contests_found(tmp_path: Path) -> None:
    article = write(
        tmp_path,
        "Labour held Testville, but lost a separate by-election in Copeland on the same night.",
        "The May by-election was called after the MP resigned.",
        *TABLE,
    )
    report = draft_testville(article, tmp_path / "out")
    lines = [line for line in report.review if "elsewhere" in line]
    assert len(lines) == 1 and "(Copeland)" in lines[0], report.review


def test_a_figure_of_another_contest_only_from_a_sentence_about_it_alone(tmp_path: Path) -> None:
    """ "kingswood maj?": not from a sentence giving this seat's former MP's majority."""
    engine = drafted_engine(
        tmp_path,
        "Jane Example won the Testville by-election for Labour.",
        "Labour's second win of the night after success in Kingswood saw it take a seat which "
        "former Tory MP Peter Bone held with a majority of 18,540 in 2019.",
        "The swing of more than 28% is Labour's best in a by-election since 1994.",
        "It follows Labour's victory in the night's other by-election in Kingswood, with Damien "
        "Egan elected the area's new MP on a 16.4% swing.",
        *TABLE,
    )
    assert engine.kb.contests["testville-2024"].elsewhere == ["Kingswood"]
    swing = engine.answer("kingswood swing?")
    assert swing.answered and "16.4%" in swing.text, swing.text
    majority = engine.answer("kingswood maj?")
    assert not majority.answered and "18,540" not in majority.text, majority.text
    dropped = engine.answer("kingswood swing was 28% too?")
    assert not dropped.answered or "16.4%" in dropped.text, dropped.text


def test_how_many_more_votes_one_than_another_and_a_turnout_that_moved(tmp_path: Path) -> None:
    """ "how many more votes did the brexit party get than the tories?" is their difference."""
    engine = drafted_engine(
        tmp_path,
        "Labour held Testville; turnout was down from 67 per cent to 48 per cent.",
        "Jane Example (Labour) 10,484",
        "Mike Greene (Brexit Party) 9,801",
        "Paul Bristow (Conservative) 7,243",
        "Pat Flynn (SDP Fighting for Brexit) 135",
    )
    status = engine.kb.contests["testville-2024"].status
    assert status.result is not None and status.result.turnout_percent == 48.0
    more = engine.answer("how many more votes did the brexit party get than the tories?")
    assert "2,558" in more.text and "Bristow" in more.text and "Flynn" not in more.text, more.text
    voted = engine.answer("how many people voted")
    assert "48" in voted.text and "67" not in voted.text, voted.text


def test_another_kind_of_election_is_not_this_result(tmp_path: Path) -> None:
    """ "how did the brexit party do in the european elections?" is no by-election result."""
    engine = drafted_engine(
        tmp_path,
        "Labour held Testville in the by-election.",
        "Jane Example (Labour) 10,484",
        "Mike Greene (Brexit Party) 9,801",
        "Pierre Kirk (UK European Union Party) 25",
    )
    reply = engine.answer("how did the brexit party do in the european elections")
    assert not reply.answered and "9,801" not in reply.text, reply.text
    assert "9,801" in engine.answer("how did the brexit party do").text


def test_who_said_words_of_a_quotation_whose_speaker_is_not_known(tmp_path: Path) -> None:
    """ "who said 'enough is enough'?": not the bare sentence that does not say who."""
    engine = drafted_engine(
        tmp_path,
        "Jane Example won the Testville by-election for Labour.",
        "“People are fed up.",
        "“Today they said, enough is enough.”",
        *TABLE,
    )
    reply = engine.answer("who said 'enough is enough'")
    assert not reply.text.startswith("The article says"), reply.text


COLUMNS = [
    "Jane Example made history last night as the first Reform MP for Testville.",
    'Thanking her voters, Jane said: "You are the boss and you must not let me forget it."',
    "Party Candidate Votes % +/-",
    "Reform UK Jane Example  16,867  51.69  +42.10",
    "Conservative John Sample  13,947  42.74  -14.39",
    "Green Party Jo Other  1692  5.19  +2.69",
    "Testville First Kim Last  56  0.17  -",
    "People Before Profit Sam Long  69  0.21",
    "Turnout  32,631  50.67",
]


def test_a_party_first_table_in_columns_with_parties_the_lexicon_lacks(tmp_path: Path) -> None:
    """ "Reform UK Jane Example  16,867  51.69  +42.10": party, name, votes, share and change in
    columns. A party the lexicon lacks ("Testville First") is split off the name as the other
    lines are, and a table line makes no person of its words ("First Kim Last")."""
    engine = drafted_engine(tmp_path, *COLUMNS)
    contest = engine.kb.contests["testville-2024"]
    result = contest.status.result
    assert result is not None and contest.status.phase == "declared"
    assert [(c.name, c.party, c.votes) for c in result.ranked] == [
        ("Jane Example", "Reform UK", 16867),
        ("John Sample", "Conservative", 13947),
        ("Jo Other", "Green", 1692),
        ("Sam Long", "People Before Profit", 69),
        ("Kim Last", "Testville First", 56),
    ]
    assert sorted(p.name for p in contest.people.values()) == sorted(c.name for c in result.ranked)
    moved = engine.answer("how much did the tory share go down")
    assert moved.answered and "-14.39" in moved.text, moved.text
    assert contest.status.result.turnout_percent == 50.67  # "Turnout  32,631  50.67"


def test_a_speaker_called_by_first_name_alone(tmp_path: Path) -> None:
    """ "Jane said:" names the one person of that first name, here the winner from the table."""
    engine = drafted_engine(tmp_path, *COLUMNS)
    quotes = engine.kb.contests["testville-2024"].quotes
    assert [(q.speaker, q.text[:20]) for q in quotes] == [("jane-example", "You are the boss and")]
    said = engine.answer("what did jane example say")
    assert said.answered and "You are the boss" in said.text, said.text


def test_a_rank_gets_yes_or_no_only_when_asked_yes_or_no(tmp_path: Path) -> None:
    """ "did labour come second?" is no; "who did the tories pip for second?" asks no yes or no."""
    engine = drafted_engine(
        tmp_path, "Jane Example won the Testville by-election for Labour.", *TABLE
    )
    asked = engine.answer("did labour come second")
    assert asked.answered and asked.text.startswith("No:") and "John Sample" in asked.text
    who = engine.answer("who did the tories pip for second")
    assert who.answered and "John Sample" in who.text, who.text
    assert not who.text.startswith(("Yes", "No")), who.text


HELD_ON = [
    "Local councillor Jane Example held on to the seat vacated by the disgraced Sam Former.",
    "Jane Example (Lab) 13,166 (60.90%, +8.13%)",
    "John Sample (Con) 8,241 (38.12%, -17.26%)",
    "Bo Fifth (LD) 212 (0.98%, -2.12%)",
    "Lab maj 4,925 (22.78%)",
    "12.70% swing Con to Lab",
]


def test_the_winner_holding_on_to_the_seat_makes_it_a_hold(tmp_path: Path) -> None:
    """ "Jane Example held on to the seat": the seat was her party's before, so a hold."""
    engine = drafted_engine(tmp_path, *HELD_ON)
    reply = engine.answer("lab hold or did someone nick it")
    assert reply.answered and "Labour hold" in reply.text, reply.text


def test_a_swing_question_is_not_read_without_its_swing(tmp_path: Path) -> None:
    """ "swing was LD to con wasn't it" is not "was LD to con?": no comparison of their votes."""
    engine = drafted_engine(tmp_path, *HELD_ON)
    reply = engine.answer("swing was lib dem to con wasn't it")
    assert "difference of" not in reply.text and "Bo Fifth" not in reply.text, reply.text
    swing = engine.answer("what was the swing")
    assert swing.answered and "12.70%" in swing.text, swing.text


def test_hold_or_gain_between_two_parties_is_the_winner_not_a_comparison(tmp_path: Path) -> None:
    """ "did the tories hold it or lab gain": who won and whether it was a hold, not whose
    votes were ahead; "labour beat the tories by 4,925?" cites the majority's own line."""
    engine = drafted_engine(tmp_path, *HELD_ON)
    either = engine.answer("did the tories gain it or lab hold")
    assert either.answered and "Labour hold" in either.text, either.text
    assert not either.text.startswith(("Ahead", "Yes", "No")), either.text
    gap = engine.answer("labour beat the tories by 4,925, is that actually right")
    assert gap.answered and gap.text.startswith("Yes"), gap.text
    assert any("Lab maj 4,925" in c.quote for c in gap.citations), gap.citations


def test_which_election_cites_the_line_naming_it_in_full(tmp_path: Path) -> None:
    """ "is this a general election?": the heading "Testville by-election: result in full"
    says which election it is, not the first sentence naming the town."""
    engine = drafted_engine(
        tmp_path,
        "Reform slashed the Tory majority in Testville, their 40th safest seat.",
        "Testville by-election: result in full",
        *HELD_ON[1:],
    )
    reply = engine.answer("is this a general election?")
    assert reply.answered and reply.text.startswith("No:"), reply.text
    assert [c.paragraph for c in reply.citations] == [2], reply.citations


def test_how_many_of_a_party_stood_and_how_far_behind_the_winner(tmp_path: Path) -> None:
    """ "how many independent candidates were there?" counts them (no yes or no: "were there"
    closes a how-many, it is no tag); "how far behind the winner was the tory candidate?" is
    the gap between them."""
    engine = drafted_engine(
        tmp_path, "Jane Example won the Testville by-election for Labour.", *TABLE
    )
    count = engine.answer("How many independent candidates were there?")
    assert count.answered and count.text.startswith("2 Independent candidates"), count.text
    gap = engine.answer("how far behind the winner was the conservative candidate?")
    assert gap.answered and "a difference of 4,321 votes" in gap.text, gap.text


def test_a_figure_of_the_table_asked_about_is_its_line(tmp_path: Path) -> None:
    """ "what does the 12.70% near the bottom of the results mean?" and "the -17.26% next to
    John Sample's name?": each is the line printing it, though a swing is a change of share."""
    engine = drafted_engine(tmp_path, *HELD_ON)
    swing = engine.answer("What does the 12.70% figure near the bottom of the results mean?")
    assert swing.answered and "12.70% swing Con to Lab" in swing.text, swing.text
    moved = engine.answer("what does the -17.26% next to john sample's name mean?")
    assert moved.answered and "-17.26%" in moved.text, moved.text


def test_whether_a_party_s_share_went_up_is_its_line(tmp_path: Path) -> None:
    """ "did the lib dem share go up or down compared with last time?" and "how big was the fall
    in the Tory share?": the line printing the change answers, not a sentence saying 'fell'."""
    engine = drafted_engine(
        tmp_path,
        "Labour held Testville, and the demoralised Lib Dems were falling to third place.",
        *HELD_ON[1:],
    )
    moved = engine.answer(
        "Did the Lib Dem share of the vote go up or down compared with last time?"
    )
    assert moved.answered and "-2.12%" in moved.text, moved.text
    fall = engine.answer("How big was the fall in the Tory share? It sounds like a lot.")
    assert fall.answered and "-17.26%" in fall.text, fall.text


def test_a_seat_named_without_by_election_is_another_contest_too(tmp_path: Path) -> None:
    """ "took Romsey from the Conservatives in 2000", "Chesham had been a Conservative
    stronghold ... seized it with a 25% swing": other contests, whose swing is not this one's."""
    engine = drafted_engine(
        tmp_path,
        "Labour have held onto the seat of Testville, brushing aside Ukip.",
        "It was the first such defeat since the Liberal Democrats took Romsey from the "
        "Conservatives in 2000.",
        "Chesham had been a Conservative stronghold since 1974, but the Lib Dems seized it with "
        "a 25% swing from the Tories in July.",
        *TABLE,
    )
    assert engine.kb.contests["testville-2024"].elsewhere == ["Chesham", "Romsey"]
    swing = engine.answer("what was the swing in testville?")
    assert "25%" not in swing.text, swing.text
    romsey = engine.answer("romsey?? who won that one")
    assert "Jane Example" not in romsey.text, romsey.text
