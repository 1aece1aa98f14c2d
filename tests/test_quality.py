"""Answer quality on the question sets, graded by what each answer says and cites.

Sets tuned on must reach 95 % correct with at most 1 % confidently wrong; holdouts are scored
and printed, never tuned on.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.answering.engine import Engine
from bot.core.answering.evaluation import evaluate, read_items
from bot.core.knowledge.loader import load_knowledge

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "tests" / "questions"
TUNED = ["dev.yaml"]
HOLDOUTS = ["holdout.yaml"]


@pytest.fixture(scope="module")
def engine() -> Engine:
    """The engine on the shipped knowledge base."""
    return Engine(load_knowledge(ROOT / "knowledge"))


def test_question_set_is_big_enough() -> None:
    """The dev set has at least 200 answerable and 60 unanswerable questions."""
    items = read_items(QUESTIONS / "dev.yaml")
    abstain = [i for i in items if i.expect == "abstain"]
    assert len(items) - len(abstain) >= 200
    assert len(abstain) >= 60


@pytest.mark.parametrize("name", TUNED)
def test_tuned_set_quality(engine: Engine, name: str) -> None:
    """At least 95 % correct and at most 1 % confidently wrong on each set tuned on."""
    report = evaluate(engine.answer, read_items(QUESTIONS / name), name)
    detail = report.summary() + "\n" + "\n".join(report.failures[:40])
    assert report.accuracy >= 0.95, detail
    assert report.wrong_rate <= 0.01, detail


@pytest.mark.parametrize("name", HOLDOUTS)
def test_holdout_is_reported(engine: Engine, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A holdout is scored and printed (never tuned on); it must at least never be mostly wrong."""
    report = evaluate(engine.answer, read_items(QUESTIONS / name), name)
    with capsys.disabled():
        print(f"\n{report.summary()}")
    assert report.total >= 50
    assert report.wrong_rate <= 0.05, report.summary()
