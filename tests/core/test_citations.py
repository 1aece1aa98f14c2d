"""Every citation and quote in knowledge/ is verbatim, and the article is fully cited and quoted."""

from __future__ import annotations

import re

import pytest

from bot.core.knowledge.model import Contest, KnowledgeBase
from bot.core.knowledge.sources import SourceDoc
from tests.core.helpers import shipped_kb

# The only differences a citation may have from its paragraph: whitespace and quote style.
_QUOTE_STYLE = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"'})
_SPACE = re.compile(r"\s+")
_QUOTED = re.compile(r'"([^"]*)(?:"|$)')


def strict_key(text: str) -> str:
    """Fold only whitespace and curly/straight quote marks."""
    return _SPACE.sub(" ", text.translate(_QUOTE_STYLE)).strip()


def citations(kb: KnowledgeBase) -> list[tuple[Contest, str, str, int, str]]:
    """Return (contest, entry id, source, paragraph, span) for every citation and quote."""
    out = []
    for c in kb.contests.values():
        for f in c.facts:
            out += [(c, f.id, x.source, x.paragraph, x.quote) for x in f.citations]
        for p in c.people.values():
            out += [(c, p.id, x.source, x.paragraph, x.quote) for x in p.citations]
        out += [(c, "status", x.source, x.paragraph, x.quote) for x in c.status.citations]
        for q in c.quotes:
            out.append((c, q.id, q.citation.source, q.citation.paragraph, q.text))
    return out


def test_every_citation_is_verbatim_in_its_paragraph() -> None:
    kb = shipped_kb()
    found = citations(kb)
    assert len(found) >= 40
    for contest, entry, source, paragraph, span in found:
        doc = contest.sources[source]
        assert 1 <= paragraph <= len(doc.paragraphs), (entry, paragraph)
        text = doc.paragraph(paragraph)
        assert strict_key(span) in strict_key(text), f"{entry}: {span!r} not in ¶{paragraph}"


def article() -> SourceDoc:
    """Return the Hartlepool seed article."""
    return shipped_kb().contests["hartlepool-2021"].sources["article"]


@pytest.mark.parametrize(
    ("paragraph", "span"),
    [
        (4, "Votes continue to be counted  in the North\nEastern town"),
        (6, 'a "big Tory majority" in Hartlepool'),
        (16, "Mr Norris told Sky News: “No, not in the slightest.”"),
        (20, "the so-called “red wall”"),
    ],
)
def test_whitespace_and_quote_style_are_folded(paragraph: int, span: str) -> None:
    assert article().contains(paragraph, span)


@pytest.mark.parametrize(
    ("paragraph", "span"),
    [
        (4, "turnout an unusually low 42.55%"),  # a changed word
        (4, "turnout an unusually high 42.56%"),  # a changed figure
        (4, "Turnout an unusually high 42.55%"),  # a changed capital
        (1, "Labour have conceded the Hartlepool by-election is all but lost"),  # a dropped hyphen
        (5, "The final result is not expected to be declared before 5.30am!"),  # punctuation
        (5, "The result is not expected to be declared before 5.30am."),  # a dropped word
        (4, "Votes continue to be counted in the North Eastern town"[::-1]),
        (5, "turnout an unusually high 42.55%"),  # right text, wrong paragraph
    ],
)
def test_anything_else_is_not_verbatim(paragraph: int, span: str) -> None:
    assert not article().contains(paragraph, span)


def test_a_changed_dash_is_not_verbatim() -> None:
    assert not article().contains(
        1, "Labour have conceded the Hartlepool by-election is all–but lost"
    )


def test_out_of_range_paragraph_is_not_verbatim() -> None:
    doc = article()
    assert not doc.contains(0, "Labour")
    assert not doc.contains(21, "Labour")


def test_all_twenty_paragraphs_are_cited() -> None:
    contest = shipped_kb().contests["hartlepool-2021"]
    assert len(article().paragraphs) == 20
    assert contest.cited_paragraphs()["article"] == set(range(1, 21))


def quoted_passages(paragraph: str) -> list[str]:
    """Return the text between double quote marks (a quote may run to the paragraph's end)."""
    text = paragraph.translate(_QUOTE_STYLE).replace("''", '"')
    return [m.group(1).strip() for m in _QUOTED.finditer(text) if m.group(1).strip()]


def test_quoted_passages_are_found() -> None:
    passages = quoted_passages(article().paragraph(20))
    assert passages[0] == "red wall"
    assert passages[1].startswith("No one thinks this process is over")
    assert quoted_passages(article().paragraph(14)) == [
        "Good to see valueless flag waving and suit wearing working so well... or not?"
    ]


def test_every_quoted_sentence_has_a_quote_entry() -> None:
    contest = shipped_kb().contests["hartlepool-2021"]
    quotes = [strict_key(q.text) for q in contest.quotes]
    missing = []
    checked = 0
    for number, paragraph in enumerate(article().paragraphs, start=1):
        for passage in quoted_passages(paragraph):
            if len(passage.split()) < 4:
                continue
            checked += 1
            if not any(strict_key(passage) in q for q in quotes):
                missing.append((number, passage))
    assert checked >= 10
    assert not missing, missing


def test_every_answer_to_every_question_set_cites_verbatim_spans() -> None:
    """Whatever source an answer comes from, each span it cites is word for word in its paragraph."""
    from bot.core.answering.answer import STATUS_SOURCE
    from bot.core.answering.evaluation import read_items
    from tests.core.helpers import ROOT, declared_engine, shipped_engine

    checked = 0
    for path in sorted((ROOT / "tests" / "questions").glob("*.yaml")):
        engine = declared_engine() if path.stem.startswith("declared") else shipped_engine()
        for item in read_items(path):
            answer = engine.answer(item.question)
            contest = engine.kb.contests.get(answer.contest_id or "")
            for span in answer.citations:
                if span.source == STATUS_SOURCE:
                    continue
                assert contest is not None
                doc = contest.sources[span.source]
                assert doc.contains(span.paragraph, span.quote), (item.question, span)
                checked += 1
    assert checked > 1000
