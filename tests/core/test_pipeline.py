"""The answer pipeline stage by stage: reading the message, the sources, the decision, the words."""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine
from bot.core.answering.message import halves, read_message, readings
from bot.core.answering.vetoes import party_name
from bot.core.knowledge.sources import split_sentences
from bot.core.text import clean_question


def read(engine: Engine, text: str) -> list[tuple[str, ...]]:
    """Return the words of each question a message asks."""
    message = read_message(text, clean_question(text), engine.lexicon)
    return [p.words for p in message.parts]


def test_reactions_end_a_sentence_and_filler_goes(engine: Engine) -> None:
    """'lol' splits chatter from the question; 'lads' is dropped; only the question is kept."""
    assert read(engine, "labour are finished lol when's the declaration lads") == [
        ("when", "the", "declaration")
    ]


def test_a_clause_that_asks_nothing_is_read_with_the_next(engine: Engine) -> None:
    """'lib dems vs reform, who finished higher?' is one question; a trailing aside is dropped."""
    assert read(engine, "lib dems vs reform, who finished higher? my mate swears") == [
        ("lib", "dems", "vs", "reform", "who", "finished", "higher")
    ]


def test_a_short_topic_is_read_with_the_request_after_it(engine: Engine) -> None:
    """'lib dems - candidate and votes please': the request is about the Lib Dems; a longer
    request before chatter stands alone."""
    assert read(engine, "lib dems - candidate and votes please, need them for the table") == [
        ("lib", "dems", "candidate", "and", "votes", "please"),
        ("need", "them", "for", "the", "table"),
    ]
    parts = read(engine, "turnout and majority please, doing the headline box")
    assert parts[0] == ("turnout", "and", "majority", "please")


def test_a_guess_belongs_to_the_question_before_it(engine: Engine) -> None:
    """'..., like 15%?' is not a question of its own."""
    parts = read(engine, "whats the swing looking like, like 15%?")
    assert len(parts) == 1 and parts[0][-1] == "15%"


def test_a_word_guessing_the_answer_is_checked_not_matched(engine: Engine) -> None:
    """ "which channel was mcmahon on when he said it, bbc?": "bbc" guesses the channel; the
    answer says which it was, though the sources never name the BBC."""
    message = read_message(
        "which channel was he on, bbc?", "which channel was he on, bbc?", engine.lexicon
    )
    assert message.parts[0].guess == ("bbc",)
    answer = engine.answer("which channel was mcmahon on when he said it, bbc?")
    assert answer.answered and "Sky News" in answer.text, answer.text


def test_a_time_guessed_after_when_is_checked_not_matched(engine: Engine) -> None:
    """ "when's the result due, 4am?": the time is a guess; the answer gives the one the sources
    give, as it does without the guess."""
    answer = engine.answer("when's the result due, 4am? i need to sleep at some point")
    assert answer.answered and "5.30am" in answer.text, answer.text


def test_a_wrong_guess_after_what_is_dropped_and_a_list_asked_for(engine: Engine) -> None:
    """ "what's mcmahons job again, shadow something... shadow health?" asks his job (the guess
    is someone else's); "list everyone quoted" is everyone quoted; "what did the lib dems get,
    lost deposit?" still names nothing the sources have."""
    job = engine.answer(
        "what's mcmahons job again, shadow something... shadow health? no thats the other one"
    )
    assert job.answered and "Shadow Transport Secretary" in job.text, job.text
    quoted = engine.answer("ive lost track, list everyone quoted in the article pls")
    assert quoted.answered and "Alex Norris" in quoted.text and "Jim McMahon" in quoted.text
    assert not engine.answer("what did the lib dems get, lost deposit?").answered


def test_a_bare_tag_asks_about_the_claim_before_it(engine: Engine) -> None:
    """ "<@x> says norris claimed lab would bounce back within 18 months. did he": "did he" asks
    about the claim in the sentence before, not about Norris in general."""
    answer = engine.answer(
        "<@345678901234567890> says norris claimed lab would bounce back within 18 months. did he"
    )
    assert answer.answered and "18 months" in answer.text, answer.text


def test_readings_drop_chatter_before_an_inner_question(engine: Engine) -> None:
    """The question is also read from its question word on."""
    message = read_message(
        "wow whats happening what was the turnout",
        clean_question("wow whats happening what was the turnout"),
        engine.lexicon,
    )
    assert ("what", "was", "the", "turnout") in readings(message.parts[0])
    assert halves(("turnout", "and", "majority")) == [(("turnout",), ("majority",))]


def test_sentences_split_at_full_stops_but_not_after_titles() -> None:
    """Sentences are verbatim pieces of the paragraph; 'Mr.' does not end one."""
    assert split_sentences('Mr. Smith spoke. "It is over." He left.') == [
        "Mr. Smith spoke.",
        '"It is over."',
        "He left.",
    ]


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        ("cant believe whats happening in hartlepool tonight what was the turnout", "42.55%"),
        ("Labour are finished lol. when's the declaration", "5.30am"),
        ("turnout and when's the result?", "42.55%"),
    ],
)
def test_chatter_around_a_question_does_not_drown_it(
    engine: Engine, question: str, wanted: str
) -> None:
    """The question inside the chatter is answered."""
    answer = engine.answer(question)
    assert answer.answered and wanted in answer.text, answer.text


def test_two_questions_in_one_message_get_both_answers(engine: Engine) -> None:
    """'turnout and when's the result?' answers both, each cited."""
    answer = engine.answer("turnout and when's the result?")
    assert "42.55%" in answer.text and "5.30am" in answer.text
    assert {4, 5} <= {c.paragraph for c in answer.citations}


def test_thanks_and_status_are_not_answered_with_a_yes(engine: Engine) -> None:
    """A fact written 'Yes. ...' does not say yes to a question that asked nothing of the kind."""
    answer = engine.answer("status")
    assert answer.answered and not answer.text.lower().startswith("yes")


def test_a_guess_after_the_question_is_answered_with_the_figure(engine: Engine) -> None:
    """ "whats the majority labour are defending? 3k something?" guesses the figure it asks for;
    "42.55% turnout ok but out of how many?" asks about the figure it gives."""
    guess = engine.answer("whats the majority labour are defending again?? 3k something? 3,5??")
    assert guess.answered and "3,595" in guess.text, guess.text
    given = engine.answer("42.55% turnout ok but out of how many?? how many registered voters")
    assert not given.answered, given.text


@pytest.mark.parametrize(
    ("question", "opens"),
    [
        ("is this a general election?", "No:"),
        ("isn't this a general election", "No:"),
        ("this was a by-election, not the general election, right?", "Yes:"),
        ("was it a by-election or a general election", "This is"),
    ],
)
def test_which_kind_of_election(engine: Engine, question: str, opens: str) -> None:
    """A by-election asserted as "not the general election" is a yes; asked "or", neither."""
    answer = engine.answer(question)
    assert answer.answered and opens in answer.text, answer.text
    assert {"Yes:", "No:"} - {opens} <= {w for w in ("Yes:", "No:") if w not in answer.text}


def test_a_false_premise_gets_the_correction(engine: Engine) -> None:
    """A figure the sources contradict gets 'No:' and the sources' figure."""
    answer = engine.answer("turnout was like 60% right?")
    assert answer.answered and answer.text.startswith("No:") and "42.55%" in answer.text


def test_a_figure_from_another_year_is_corrected_not_guessed(engine: Engine) -> None:
    """The figure is the sources'; the year asked is not: the answer says which year it was."""
    answer = engine.answer("was that 3,595 majority from 2017?")
    assert answer.answered and answer.text.startswith("No:") and "2019" in answer.text


def test_a_question_about_another_year_is_not_answered(engine: Engine) -> None:
    """'turnout in 2017' does not get 2021's turnout."""
    answer = engine.answer("what was turnout in 2017")
    assert not answer.answered and "2017" in answer.text


def test_what_happened_after_a_time_is_not_what_happened_before_it(engine: Engine) -> None:
    """'after 3am' is not answered with what the sources say happened before 3am."""
    assert not engine.answer("what happened after 3am").answered


def test_synonyms_define_every_word_the_engine_reads(engine: Engine) -> None:
    """concepts.py names the canonical words code relies on; the shipped vocabulary has them all."""
    from bot.core.answering.concepts import REQUIRED
    from bot.core.answering.lexicon import canonical_token

    synonyms = engine.kb.synonyms
    defined = {canonical_token(c) for c in [*synonyms.synonyms, *synonyms.parties]}
    assert not REQUIRED - defined, sorted(REQUIRED - defined)


@pytest.mark.parametrize(
    ("token", "shown"),
    [("reform_uk", "Reform UK"), ("snp", "SNP"), ("liberal_democrat", "Liberal Democrat")],
)
def test_a_party_is_named_as_people_write_it(token: str, shown: str) -> None:
    """'I don't have that for the Reform UK party': initialisms stay in capitals."""
    assert party_name(token) == shown


def test_a_phrasal_verb_split_by_a_pronoun_is_one_phrase(engine: Engine) -> None:
    """'kick her out' reads as 'kick out' (synonyms.yaml: expelled), keeping 'her' to resolve."""
    tokens, found = engine.lexicon.synonyms.replace(["did", "they", "kick", "her", "out"])
    assert found == ["expelled"] and tokens == ["did", "they", "expelled", "her"]


def test_what_year_asks_for_a_time_without_the_word_year(engine: Engine) -> None:
    """'what year' is a when-question; the sentence need not hold 'year'."""
    query = engine.indexes["hartlepool-2021"].analyze("what year was she expelled")
    assert query.wh == "when" and "year" not in query.bag


def test_a_group_named_by_party_is_found_as_typed(engine: Engine) -> None:
    """'lab sources' is the people entry 'Labour sources' (its party word typed another way)."""
    query = engine.indexes["hartlepool-2021"].analyze("what did lab sources say")
    assert query.persons == {"labour-sources"}


def test_a_figure_of_another_kind_does_not_settle_a_premise(engine: Engine) -> None:
    """'did labour get 8000 votes?' is not answered 'No' by 'a majority of 3,595'; 'was the
    majority 5000?' is, and 'was turnout 52%?' by 42.55%."""
    votes = engine.answer("did labour get 8000 votes?")
    assert not votes.text.startswith("No:"), votes.text
    for question in ("was the majority 5000?", "was turnout 52%?"):
        answer = engine.answer(question)
        assert answer.text.startswith("No:"), answer.text


@pytest.mark.parametrize(
    "question",
    [
        "what did farage say, didnt he tweet about it",
        "what did angela rayner say on telly, was she blamed",
    ],
)
def test_he_or_she_after_a_speaker_the_sources_do_not_quote(engine: Engine, question: str) -> None:
    """The pronoun stands for the speaker asked about, not for someone the sources quote."""
    reply = engine.answer(question)
    assert not reply.answered and "Sky News" not in reply.text, reply.text


def test_did_someone_unquoted_say_words_someone_else_said(engine: Engine) -> None:
    """ "did farage say <words>?": the words may answer who did; "what did farage say?" not."""
    assert not engine.answer("what did farage say").answered
    said = engine.answer("did farage say it was difficult given how the numbers pan out")
    assert "McMahon" in said.text or not said.answered, said.text


def test_quoted_words_of_the_article_itself_are_answered_from_it(engine: Engine) -> None:
    """Words quoted from the narration (not anyone's quotation) answer from their sentence."""
    reply = engine.answer(
        "what does 'splitting the right-wing vote' refer to in the article, who split it"
    )
    assert reply.answered and "[¶2]" in reply.text and "Brexit Party" in reply.text, reply.text
    lost = engine.answer(
        "labour saying hartlepool is 'all-but lost' - is that the article's words?"
    )
    assert lost.answered and "[¶1]" in lost.text, lost.text
    nowhere = engine.answer("who said 'we will win big tonight'")
    assert not nowhere.answered and "can't find those words" in nowhere.text, nowhere.text


def test_what_a_figure_refers_to_amid_chatter(engine: Engine) -> None:
    """ "referring to" asks what it means; "sorry just joined the channel" is filler."""
    reply = engine.answer("whats 3,595 referring to sorry just joined the channel")
    assert reply.answered and "[¶2]" in reply.text and "3,595" in reply.text, reply.text


def test_two_questions_announced_as_such(engine: Engine) -> None:
    """ "two qs:" is filler, not a place whose turnout is asked ("qs turnout")."""
    reply = engine.answer("two qs: turnout and when do we get the declaration")
    assert "42.55%" in reply.text and "5.30am" in reply.text, reply.text


@pytest.mark.parametrize(
    ("question", "shown"),
    [
        ("norris said 'not in the slightest' to what question", "to blame"),
        ("norris said 18 months for what exactly", "recover"),
    ],
)
def test_what_words_were_said_about_is_their_sentence(
    engine: Engine, question: str, shown: str
) -> None:
    """The words alone do not say what they answer; the sentence they were said in does."""
    reply = engine.answer(question)
    assert reply.answered and shown in reply.text, reply.text
