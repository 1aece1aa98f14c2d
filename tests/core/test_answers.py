"""Answers: their JSON shape, paragraph marks, abstentions, help, and hostile input."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.answering import answer as answers_module
from bot.core.answering.answer import HELP_TEXT, THANKS_TEXT, Answer
from bot.core.answering.engine import Engine
from bot.core.knowledge.model import KnowledgeBase
from bot.core.text import clean_question, words
from tests.core.helpers import shipped_engine, shipped_kb

MARK = re.compile(r"\[¶(\d+)\]")
# Answers from a moderator's live status cite the status update, not a source paragraph.
STATUS_SOURCE = getattr(answers_module, "STATUS_SOURCE", None)
OFF_TOPIC = [
    "what is the capital of peru?",
    "how do I bake sourdough bread",
    "who won the 1966 world cup?",
    "what's the weather in Hartlepool tomorrow",
    "what did Boris Johnson say?",
    "how many seats did the Greens win in Scotland?",
]
HOSTILE = [
    "",
    "   \t\n  ",
    "turnout " * 12_800,  # 100 KB
    "x" * 100_000,
    "what\x00 was the\x07 turnout\x1b[31m?",
    "\u202ewhat was the turnout?\u202c",  # right-to-left override
    "t̸̡̛̺u̷̲͐r̶͚̓n̸̰̈́o̵̭͝u̸̜͌t̷̤̋?̴͔̽",  # zalgo
    "🗳️🔥🔥😬",
    "@everyone",
    "@here what was the turnout",
    "<@123456789012345678>",
    "<@!123456789012345678> <#123456789012345678> <:pog:123456789012345678>",
    "{0} %s {{",
    "{question!r} %(x)s %n ${HOME} `rm -rf /`",
    "'\"; DROP TABLE facts; --",
    'who said ""',
    'who said "',
    "[¶4] [¶99]",
    "\ufeff\u200b\u200d",
    "ＴＵＲＮＯＵＴ？",
]


def all_phrasings(kb: KnowledgeBase) -> list[str]:
    """Return every phrasing of every fact in the knowledge base."""
    return [q for c in kb.contests.values() for f in c.facts for q in f.questions]


def test_to_dict_shape(engine: Engine) -> None:
    data = engine.answer("what was the turnout?").to_dict()
    assert list(data) == [
        "question",
        "answered",
        "text",
        "confidence",
        "entry_id",
        "citations",
        "suggestions",
        "kind",
        "contest_id",
        "status",
        "route",
    ]
    assert data["route"] == "default"  # the only contest, named or not
    assert data["citations"] == [
        {"source": "article", "paragraph": 4, "quote": "turnout an unusually high 42.55%"}
    ]
    assert data["answered"] is True and data["kind"] == "fact"
    assert data["contest_id"] == "hartlepool-2021" and data["status"].startswith("Counting")


def test_to_dict_rounds_confidence() -> None:
    answer = Answer(question="q", answered=False, text="t", confidence=0.123456)
    assert answer.to_dict()["confidence"] == 0.123


@pytest.mark.parametrize(
    ("fact_id", "question"),
    [(f.id, q) for c in shipped_kb().contests.values() for f in c.facts for q in f.questions],
)
def test_every_phrasing_answers_its_fact_with_marks(
    engine: Engine, fact_id: str, question: str
) -> None:
    answer = engine.answer(question)
    assert answer.answered and answer.entry_id == fact_id, answer.text
    assert answer.citations
    marks = {int(m) for m in MARK.findall(answer.text)}
    assert {c.paragraph for c in answer.citations} <= marks, answer.text


def test_person_question_about_another_year_uses_the_fact(two: Engine) -> None:
    fact = next(f for f in two.kb.contests["hartlepool-2021"].facts if f.id == "recovery-18-months")
    assert "alex-norris" in fact.people and 2019 in fact.years
    answer = two.answer("What did Norris say about recovering from the 2019 defeat?")
    assert answer.entry_id == "recovery-18-months"


@pytest.mark.parametrize(
    "question",
    ["who is alex norris?", "what did mcmahon say?", "who said 'valueless flag waving'?"],
)
def test_people_and_quote_answers_carry_marks(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert answer.answered and answer.kind in ("person", "quote", "quotes")
    marks = {int(m) for m in MARK.findall(answer.text)}
    assert marks and {c.paragraph for c in answer.citations} <= marks


@pytest.mark.parametrize("question", OFF_TOPIC)
def test_abstentions_offer_at_most_three_real_suggestions(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered and answer.kind == "abstain"
    assert answer.entry_id is None and answer.citations == ()
    assert 1 <= len(answer.suggestions) <= 3
    assert set(answer.suggestions) <= set(all_phrasings(engine.kb))
    assert "[¶" not in answer.text


@pytest.mark.parametrize("greeting", ["hi", "Hello!", "help", "hey bot", "good morning lads"])
def test_greetings_and_help_get_help_text(engine: Engine, greeting: str) -> None:
    answer = engine.answer(greeting)
    assert (answer.answered, answer.kind, answer.text) == (False, "help", HELP_TEXT)
    assert answer.confidence == 0.0 and answer.citations == ()
    assert answer.suggestions == engine.popular(engine.kb.default_contest)


@pytest.mark.parametrize("thanks", ["thanks", "ok cool", "cheers bot!", "thank you 🙏"])
def test_thanks_get_a_short_reply(engine: Engine, thanks: str) -> None:
    """Thanks is answered in a line, not with the whole help text and suggestions."""
    answer = engine.answer(thanks)
    assert (answer.answered, answer.kind, answer.text) == (False, "help", THANKS_TEXT)
    assert answer.suggestions == () and answer.citations == ()


@pytest.mark.parametrize("question", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_never_raises(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert isinstance(answer, Answer) and answer.question == question
    assert 0.0 <= answer.confidence <= 1.0
    assert len(answer.suggestions) <= 3
    assert "@everyone" not in answer.text and "@here" not in answer.text
    assert "<@" not in answer.text and "\x00" not in answer.text
    if not words(clean_question(question)):
        assert answer.kind == "help"


def test_mentions_and_markup_do_not_change_the_answer(engine: Engine) -> None:
    plain = engine.answer("what was the turnout?")
    noisy = engine.answer("<@123456789012345678> @everyone what was the **turnout**? 🗳️")
    assert (noisy.entry_id, noisy.text) == (plain.entry_id, plain.text)


def test_rtl_and_zalgo_still_answer(engine: Engine) -> None:
    assert engine.answer("\u202ewhat was the turnout?\u202c").entry_id == "turnout"
    assert engine.answer("w̵h̵a̵t̵ w̵a̵s̵ t̵h̵e̵ t̵u̵r̵n̵o̵u̵t̵").entry_id == "turnout"


def assert_sound(answer: Answer, kb: KnowledgeBase) -> None:
    """Check the invariants every answer keeps."""
    assert 0.0 <= answer.confidence <= 1.0
    assert len(answer.suggestions) <= 3
    if answer.answered:
        contest = kb.contests[answer.contest_id or ""]
        assert answer.citations
        for cit in answer.citations:
            if cit.source == STATUS_SOURCE:
                continue
            assert contest.sources[cit.source].contains(cit.paragraph, cit.quote), cit
    else:
        assert answer.citations == () and answer.entry_id is None


PHRASINGS = all_phrasings(shipped_kb())
VOCAB = sorted(
    {w for q in PHRASINGS for w in q.split()}
    | {"hartlepool", "testville", "2019", "2021", "tory", "lib", "dem", "'", '"', "who said"}
)
question_text = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(VOCAB), max_size=12).map(" ".join),
    st.lists(st.one_of(st.sampled_from(VOCAB), st.text(max_size=8)), max_size=10).map(" ".join),
    st.tuples(st.text(max_size=10), st.sampled_from(PHRASINGS), st.text(max_size=10)).map("".join),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(question=question_text)
def test_answer_never_raises_and_cites_verbatim(question: str) -> None:
    assert_sound(shipped_engine().answer(question), shipped_kb())


@settings(max_examples=100, deadline=None)
@given(question=question_text, contest=st.sampled_from([None, "hartlepool-2021", "nope"]))
def test_answer_with_contest_id_never_raises(question: str, contest: str | None) -> None:
    answer = shipped_engine().answer(question, contest_id=contest)
    assert answer.contest_id == "hartlepool-2021"
    assert_sound(answer, shipped_kb())


def test_can_you_confirm_is_chatter_not_a_question_about_the_result(engine: Engine) -> None:
    """'..., can you confirm' asks to check what came before it, not whether a result is in."""
    alone = engine.answer("can you confirm")
    assert not alone.answered, alone.text
    both = engine.answer("what time is the result due? can someone confirm")
    assert both.answered and both.text.count("No result has been declared") <= 1, both.text
    assert "5.30am" in both.text and "\n\n" not in both.text, both.text


@pytest.mark.parametrize(
    "question", ["how many bothered to vote", "what proportion of the electorate voted", "t/o?"]
)
def test_turnout_in_other_words(engine: Engine, question: str) -> None:
    """Ways of asking the turnout that name neither 'turnout' nor a figure."""
    answer = engine.answer(question)
    assert answer.answered and "42.55%" in answer.text, answer.text
