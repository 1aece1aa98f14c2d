"""Hostile questions through the core: Engine.answer and the embed an answer becomes."""

from __future__ import annotations

import string
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.answering.answer import STATUS_SOURCE, Answer
from bot.core.answering.engine import Engine
from bot.core.knowledge.loader import load_knowledge
from bot.discord_app.embeds import answer_embed, safe
from tests.hostile.corpus import CORPUS, EVALUATED, RAW, limit_problems, title_problems, unescaped
from tests.load.harness import ROOT

CORE_ONLY = [
    ("lone-surrogates", "what was \ud800 the turnout \udfff?"),
    ("100kb-words", " ".join(["turnout", "majority", "labour", "tory", "2019"] * 3500)),
    ("private-use", "\ue000\uf8ff\U000f0000 turnout"),
    ("non-characters", "\ufffe\uffff\ufdd0 turnout?"),
    ("bom-and-joiners", "\ufeff\u200d\u2060\u00ad what was the turnout?"),
]
CASES = CORPUS + CORE_ONLY


@cache
def engine() -> Engine:
    """Return the engine on the shipped knowledge (built once)."""
    return Engine(load_knowledge(ROOT / "knowledge"))


@cache
def phrasings() -> frozenset[str]:
    """Return every phrasing the knowledge base can suggest."""
    return frozenset(q for c in engine().kb.contests.values() for f in c.facts for q in f.questions)


def assert_sound(answer: Answer, question: str) -> None:
    """Check what every answer keeps: verbatim citations, known suggestions, nothing echoed."""
    assert answer.question == question
    assert 0.0 <= answer.confidence <= 1.0
    assert len(answer.suggestions) <= 3 and set(answer.suggestions) <= phrasings()
    contest = engine().kb.contests[answer.contest_id or ""]
    if answer.answered:
        assert answer.citations
        for cit in answer.citations:
            assert cit.source == STATUS_SOURCE or contest.sources[cit.source].contains(
                cit.paragraph, cit.quote
            )
    for text in (answer.text, *answer.suggestions):
        assert not RAW.search(text) and not EVALUATED.search(text), text


@pytest.mark.parametrize(("case", "question"), CASES, ids=[c for c, _ in CASES])
def test_engine_survives(case: str, question: str) -> None:
    """Every nasty question gets a sound answer, and its embed is within Discord's limits."""
    answer = engine().answer(question)
    assert_sound(answer, question)
    if not question.strip():
        assert answer.kind == "help"
    embed = answer_embed(answer, engine().kb.contests[answer.contest_id or ""], title=question)
    body = {"embeds": [embed.to_dict()]}
    assert limit_problems(body) == []
    assert title_problems(body["embeds"][0].get("title", ""), question) == []


@pytest.mark.parametrize("template", ["{0}", "%s", "{{", "{__class__}", "{self!r}", "%(x)s"])
def test_format_strings_are_never_formatted(template: str) -> None:
    """A question that looks like a format string is answered, never formatted into the reply."""
    answer = engine().answer(f"what was the turnout {template}")
    assert answer.entry_id == "turnout" or "turnout" in answer.suggestion_ids
    assert template not in answer.text and not EVALUATED.search(answer.text)


MARKER = st.text(string.ascii_letters, min_size=6, max_size=12).map(lambda s: "Zq" + s + "Xj")
NOISE = st.text(max_size=80)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(before=NOISE, marker=MARKER, after=NOISE)
def test_user_text_is_never_echoed_in_answers(before: str, marker: str, after: str) -> None:
    """Whatever surrounds it, a made-up word in a question never appears in the answer."""
    question = f"{before} {marker} {after}"
    answer = engine().answer(question)
    assert_sound(answer, question)
    assert marker.lower() not in " ".join([answer.text, *answer.suggestions]).lower()


@settings(max_examples=400, deadline=None)
@given(text=st.text(max_size=600), limit=st.integers(min_value=1, max_value=300))
def test_safe_escapes_everything_and_keeps_the_limit(text: str, limit: int) -> None:
    """Echoed user text is one line, fully escaped for Markdown and mentions, and within its limit."""
    shown = safe(text, limit)
    assert len(shown) <= limit
    assert title_problems(shown, text) == []
    assert unescaped(shown) == []
