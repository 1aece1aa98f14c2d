"""Answers about people and their words: who someone is, roles, titles, and who said what."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.answering.analysis import predicts
from bot.core.answering.engine import Engine
from tests.core.helpers import article_engine, drafted_engine, shipped_engine, shipped_kb


@pytest.mark.parametrize(
    ("question", "says", "kind"),
    [
        ("who is jim mcmahon", ["Shadow Transport Secretary", "[¶7]"], "person"),
        ("who's the transport bloke", ["Jim McMahon"], "person"),
        ("whos the shadow health minister", ["Alex Norris"], "person"),
        ("what did the shadow health minister say", ["Alex Norris", "[¶16]"], "quotes"),
        ("is mcmahon the public health guy?", ["No:", "Alex Norris"], "person"),
        ("is keir starmer a sir", ["Yes:", "Sir Keir Starmer"], "person"),
        ("is norris a tory", ["No:", "Labour"], "person"),
        ("mcmahon's full name?", ["Jim McMahon", "[¶7]"], "person"),
        ("what was norris before", ["Alex Norris", "Shadow public health minister"], "person"),
        ("what's mcmahon's background", ["Shadow Transport Secretary"], "person"),
        ("who's quoted in this?", ["Jim McMahon", "Lloyd Russell-Moyle", "Alex Norris"], "quotes"),
        ("who said flag waving", ["Lloyd Russell-Moyle", "[¶14]"], "quote"),
        ("is lloyd russell-moyle an mp or just a blogger", ["Labour MP", "[¶14]"], "person"),
        ("is norris a minister or an adviser", ["Shadow public health minister"], "person"),
        ("who's mcmahon when he's at home", ["Shadow Transport Secretary"], "person"),
        ("who tf is lloyd", ["Lloyd Russell-Moyle", "Labour MP"], "person"),
        ("is mcmahon the same person as norris? both shadow something", ["No:"], "person"),
        ("what channel was norris on - same as mcmahon", ["Sky News"], "fact"),
    ],
)
def test_people_are_described_from_their_cited_roles(
    engine: Engine, question: str, says: list[str], kind: str
) -> None:
    """Name, role, title, party and who someone is by role or description, each cited."""
    answer = engine.answer(question)
    assert answer.answered and answer.kind == kind, answer.text
    for words in says:
        assert words in answer.text, (words, answer.text)


@pytest.mark.parametrize("question", ["whos the transport secretary", "who is the health minister"])
def test_a_shadow_role_is_not_the_office_itself(engine: Engine, question: str) -> None:
    """'the transport secretary' is whoever holds the office, not the Shadow Transport Secretary."""
    answer = engine.answer(question)
    assert not answer.answered, answer.text


@pytest.mark.parametrize(
    "question", ["what party was norris in before", "norris's party originally?"]
)
def test_the_party_someone_was_in_before_is_not_their_party_now(
    engine: Engine, question: str
) -> None:
    """The party on file is the one someone stands for now: it says nothing of an earlier one."""
    answer = engine.answer(question)
    assert not (answer.answered and answer.kind == "person"), answer.text


def test_what_someone_said_names_them_once_and_quotes_each_once(engine: Engine) -> None:
    """'what did mcmahon say' attributes once, then one line per quote, with a way to see more."""
    answer = engine.answer("what did mcmahon say")
    assert answer.text.count("told Sky News") == 1, answer.text
    quoted = [c.quote for c in answer.citations]
    assert len(quoted) == len(set(quoted)) >= 2
    assert "more quote" in answer.text and "about a topic" in answer.text


def test_words_said_by_someone_else_say_whose_they_are(engine: Engine) -> None:
    """'did X say Y' when Y is Z's words: no, and whose they are."""
    answer = engine.answer("did mcmahon say 'valueless flag waving'")
    assert answer.answered and answer.text.startswith("No:") and "Russell-Moyle" in answer.text


def test_a_person_the_sources_do_not_quote_is_not_given_words(engine: Engine) -> None:
    """Asked what someone said who is not quoted, the bot says so."""
    answer = engine.answer("what did keir starmer say")
    assert not answer.answered and "no quote" in answer.text.lower()
    assert not engine.answer("what did boris johnson say").answered


def test_labour_mps_are_not_one_mp(engine: Engine) -> None:
    """'Labour MPs' in the plural is not read as the one Labour MP the sources quote."""
    answer = engine.answer("are labour mps angry?")
    assert answer.answered and "[¶13]" in answer.text


def test_a_surname_after_a_title_of_the_other_sex_is_someone_else(engine: Engine) -> None:
    """'Mrs Starmer' is not Sir Keir Starmer, though 'Starmer' alone is."""
    for question in ("who is mrs starmer", "who is lady starmer"):
        answer = engine.answer(question)
        assert not answer.answered and "Keir" not in answer.text, answer.text
    assert engine.answer("who is starmer").answered


@pytest.fixture(scope="module")
def somerton(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """A real report drafted as the only contest: two candidates, no titles."""
    return article_engine(tmp_path_factory.mktemp("somerton"), "somerton-and-frome-2023")


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("whats the tory candidate called", "Faye Purbrick"),  # the one candidate who is a Tory
        ("first name of the winner?", "Sarah Dyke"),  # the winner as a person
    ],
)
def test_a_role_and_party_or_the_winner_name_one_person(
    somerton: Engine, question: str, says: str
) -> None:
    """'the Tory candidate' is the candidate who is a Tory; 'the winner' is who won."""
    answer = somerton.answer(question)
    assert answer.answered and says in answer.text, answer.text


def test_a_candidate_of_another_year_is_not_this_contest_s(somerton: Engine) -> None:
    """'the lib dem candidate in 2019' is not Sarah Dyke."""
    answer = somerton.answer("who was the lib dem candidate in 2019")
    assert "Sarah Dyke" not in answer.text, answer.text


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("who is the green boss", "Jane Smithson: Green Party leader"),
        ("what did the green boss say", "“"),
    ],
)
def test_a_boss_is_a_leader_not_several_people(tmp_path: Path, question: str, says: str) -> None:
    """'boss' reads as 'leader' (synonyms.yaml), and its final s is no plural."""
    engine = drafted_engine(
        tmp_path,
        "Green candidate Sam Example won the Testville by-election.",
        'Green Party leader Jane Smithson said: "This is a historic night for our party."',
    )
    answer = engine.answer(question)
    assert answer.answered and "Jane Smithson" in answer.text and says in answer.text, answer.text


@pytest.mark.parametrize(
    "question",
    [
        "first name of the old mp?",
        "who's the ex mp",
        "full name of the former mp",
        "who was the previous mp",
        "who was the mp before",
    ],
)
def test_the_former_mp_is_the_one_whose_role_says_so(tmp_path: Path, question: str) -> None:
    """'former/ex/old mp' (one synonym) names whoever's role holds 'former' and 'MP'."""
    engine = drafted_engine(
        tmp_path,
        "Green candidate Sam Example won the Testville by-election.",
        "The by-election was called after former Labour MP John Smithson resigned last month.",
    )
    answer = engine.answer(question)
    assert answer.answered and answer.kind == "person", answer.text
    assert "John Smithson" in answer.text and "[¶2]" in answer.text, answer.text


HELD_SEAT = (
    "The Conservatives have held the safe seat of Testville in a by-election.",
    "Their candidate, local councillor Jane Smithson, won more than half the votes, with "
    "Labour's John Example second.",
    "The Green Party and Liberal Democrats both lost their deposits.",
)


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("did labour win", "No:"),
        ("did the tories win", "Yes:"),
        ("so labour lost?", "Yes:"),
        ("did jane smithson win", "Yes:"),
    ],
)
def test_who_won_settles_a_yes_or_no_about_winning(
    tmp_path: Path, question: str, verdict: str
) -> None:
    """Before any declaration, the one person the article says won decides 'did X win?'; the
    draft reads her party from 'The Conservatives have held' and 'Their candidate ... won'."""
    engine = drafted_engine(tmp_path, *HELD_SEAT)
    person = next(p for p in engine.kb.contests["testville-2024"].people.values() if p.party)
    assert person.name == "Jane Smithson" and person.party == "Conservative"
    answer = engine.answer(question)
    assert answer.answered and answer.text.startswith(verdict), answer.text
    assert "Jane Smithson" in answer.text and "[¶1]" in answer.text, answer.text


@pytest.mark.parametrize("question", ["was it a tory hold?", "was it a tory gain?"])
def test_a_hold_is_not_settled_by_who_won(tmp_path: Path, question: str) -> None:
    """'a tory hold/gain?' needs who held the seat before, which the winner does not say."""
    answer = drafted_engine(tmp_path, *HELD_SEAT).answer(question)
    assert not answer.text.startswith("Yes: Jane Smithson"), answer.text


DESCRIBED = (
    "The Conservatives have held the safe seat of Testville in a by-election.",
    'Reform UK came third, with the party\'s leader Jane Smithson describing it as a "massive result".',
    'Labour\'s Ann Other, MP for nearby Otherton, said she was "pleased with the result".',
    '"This is a Conservative stronghold and that majority has been slashed," she added.',
)


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("did ann other actually call it a conservative stronghold", "Conservative stronghold"),
        ("who said massive result", "Jane Smithson"),
        ("how did smithson describe it", "massive result"),
    ],
)
def test_describing_or_calling_something_is_saying_it(
    tmp_path: Path, question: str, says: str
) -> None:
    """'X describing it as "..."' is a quote of X's; 'did X call it a ...?' asks what X said."""
    answer = drafted_engine(tmp_path, *DESCRIBED).answer(question)
    assert answer.answered and says in answer.text, answer.text


def test_a_quoted_phrase_is_shown_in_its_sentence_and_the_new_mp_is_the_winner(
    tmp_path: Path,
) -> None:
    """'the new Conservative MP said party members "..."' is the winner's, found from the prose
    ('Their candidate ... won'); the phrase is shown in its sentence, which says to whom."""
    engine = drafted_engine(
        tmp_path,
        "The Conservatives have held the safe seat of Testville in a by-election.",
        "Their candidate, local councillor Jane Smithson, won more than half the votes.",
        "In an email to supporters, the new Conservative MP said party members \"don't have "
        'time to rest on our laurels" and urged them to donate.',
    )
    answer = engine.answer("who said don't have time to rest on our laurels")
    assert answer.answered and "Jane Smithson" in answer.text, answer.text
    assert "In an email to supporters" in answer.text and "[¶3]" in answer.text, answer.text
    assert any(c.quote.startswith("In an email to supporters") for c in answer.citations)


def test_he_after_a_name_the_sources_lack_is_nobody_they_quote(engine: Engine) -> None:
    """'wasn't Mandelson MP there once? what did he say tonight': 'he' is not anyone quoted."""
    answer = engine.answer("wasnt mandelson the mp there once? what did he say tonight")
    assert not answer.answered, answer.text


def test_an_or_question_that_is_not_is_x_a_or_b_gets_no_description(tmp_path: Path) -> None:
    """'has the mayor worked with X before or ...?' asks what X's description does not say."""
    engine = drafted_engine(
        tmp_path,
        "Jane Example has won the Testville by-election for the Green Party.",
        "Testville’s elected mayor, Mike Starkie, said: “She will be a fantastic MP.”",
    )
    answer = engine.answer(
        "has the mayor worked with jane example before or do they not know each other?"
    )
    assert answer.kind != "person" and "Green candidate" not in answer.text, answer.text


def test_words_that_continue_a_quotation_come_with_its_start(tmp_path: Path) -> None:
    """'who said X?' where X continues a quotation begun the paragraph before: both are shown
    (whom it was said to is in the first), and once, though the message asks twice."""
    engine = drafted_engine(
        tmp_path,
        "Jane Example has won the Testville by-election.",
        "Taking aim at the Labour leader, Jane Example said: “John Sample, this is for Testville.",
        "“You have paid and you will pay a high price for the role you have played.”",
    )
    answer = engine.answer(
        "who said 'you will pay a high price' — was that jane? and who was she saying it to?"
    )
    assert answer.answered and "John Sample, this is for Testville." in answer.text, answer.text
    assert answer.text.count("you will pay a high price") == 1, answer.text
    assert {c.paragraph for c in answer.citations} >= {2, 3}, answer.citations


def test_words_of_a_quote_repeated_in_a_row_name_it(tmp_path: Path) -> None:
    """'rest on our laurels, that was X right?': four words of Y's quotation in a row are Y's;
    a name repeated from a quotation is no quotation of it."""
    engine = drafted_engine(
        tmp_path,
        "Jane Example has won the Testville South by-election.",
        "Ms Example said members “don’t have time to rest on our laurels” and urged them to give.",
        "Tory Party chairman John Sample told BBC Breakfast the turnout was low.",
        "Mr Sample said: “The people of Testville South have spoken tonight.”",
    )
    answer = engine.answer("rest on our laurels — that was sample on bbc right?")
    assert answer.text.startswith("No: those are Jane Example's words"), answer.text
    place = engine.answer("what was the turnout in testville south tonight?")
    assert "have spoken" not in place.text, place.text


def test_a_prediction_asked_is_not_answered_with_words_it_echoes(tmp_path: Path) -> None:
    """'will ukip win a seat in the north east soon?' shares words with a quotation; the
    quotation predicts nothing the question asks, and the sources cannot."""
    engine = drafted_engine(
        tmp_path,
        "Jane Example has won the Testville by-election for Labour.",
        "Mr Sample said: “UKIP is now the only party that can take the fight to Labour in the "
        "North East.”",
    )
    answer = engine.answer("will ukip win a seat in the north east soon")
    assert not answer.answered and "take the fight" not in answer.text, answer.text
    asked = engine.answer("who said 'take the fight to labour in the north east'")
    assert asked.answered and "Sample" in asked.text, asked.text


@pytest.mark.parametrize(
    ("question", "future"),
    [
        ("is kelly tolhurst going to stand again", True),
        ("how many mps would ukip need to hold the balance of power", True),
        ("will starmer resign", True),
        ("who said labour would win", False),  # asks for words someone said
        ("what is keir going to be very clear about", False),  # the article says what he will
        ("when will the result be declared", False),  # what the sources expect
        ("what was the turnout", False),
    ],
)
def test_what_asks_what_will_happen(question: str, future: bool) -> None:
    """A question whose first verb is a future, or that opens 'is X going to', predicts."""
    index = shipped_engine().indexes[shipped_kb().default_contest.id]
    assert predicts(index.analyze(question, correct=True)) is future


def test_a_result_does_not_answer_what_a_candidate_will_do(tmp_path: Path) -> None:
    """ "is Ann Other going to stand again?": her votes say what she did, not what she will do."""
    engine = drafted_engine(
        tmp_path,
        "Jane Example has won the Testville by-election for Labour.",
        "Jane Example (Lab) 13,166 (61.50%)",
        "Ann Other (Con) 8,241 (38.50%)",
        "Lab maj 4,925",
    )
    reply = engine.answer("is ann other going to stand again")
    assert reply.kind != "result", reply.text  # (a drafted fact of her votes may still match)


def test_who_someone_praised_is_not_who_they_are() -> None:
    """ "who did mcmahon praise?" asks whom he praised; his description does not say."""
    engine = shipped_engine()
    reply = engine.answer("who did mcmahon praise?")
    assert not (reply.answered and reply.kind == "person"), reply.text
    assert engine.answer("who is mcmahon").kind == "person"


def test_what_someone_meant_is_the_sentence_around_their_words() -> None:
    """ "what did he mean by flag waving and suit wearing?": the quote alone repeats the words;
    the article's account of why he said them ("to mock ... its image") answers."""
    reply = shipped_engine().answer("what did he mean by flag waving and suit wearing?")
    assert reply.answered and "image" in reply.text, reply.text


def test_asking_only_whether_anyone_said_it_names_nothing_to_answer(engine: Engine) -> None:
    """ "did anyone actually say that?" names no words and no one: no fact answers it."""
    answer = engine.answer("did anyone actually say that")
    assert not answer.answered, answer.text


def test_any_quotes_lists_everyone_quoted(engine: Engine) -> None:
    """ "any quotes?" asks who the sources quote, as "who's quoted?" does."""
    answer = engine.answer("any quotes?")
    assert answer.answered and answer.kind == "quotes", answer.text
    assert "Jim McMahon" in answer.text and "Alex Norris" in answer.text, answer.text
