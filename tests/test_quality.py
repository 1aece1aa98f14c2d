"""Answer quality on the question sets: the bar is 95 % correct with at most 1 % confidently wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.answering.engine import Engine
from bot.core.answering.evaluation import evaluate, read_items
from bot.core.knowledge.loader import load_knowledge

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "tests" / "questions"


@pytest.fixture(scope="module")
def engine() -> Engine:
    """The engine on the shipped knowledge base."""
    return Engine(load_knowledge(ROOT / "knowledge"))


def test_question_set_is_big_enough() -> None:
    """The dev set has at least 200 answerable and 60 unanswerable questions over all 20 paragraphs."""
    items = read_items(QUESTIONS / "dev.yaml")
    abstain = [i for i in items if "abstain" in i.expect]
    assert len(items) - len(abstain) >= 200
    assert len(abstain) >= 60


def test_dev_set_quality(engine: Engine) -> None:
    """At least 95 % correct and at most 1 % confidently wrong on the dev set."""
    report = evaluate(engine, read_items(QUESTIONS / "dev.yaml"))
    detail = report.summary() + "\n" + "\n".join(report.failures[:40])
    assert report.accuracy >= 0.95, detail
    assert report.wrong_rate <= 0.01, detail


def test_holdout_set_is_reported(engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    """The holdout set is scored and printed (not tuned on); it must at least never be mostly wrong."""
    report = evaluate(engine, read_items(QUESTIONS / "holdout.yaml"))
    with capsys.disabled():
        print(f"\nholdout: {report.summary()}")
    assert report.total >= 100
    assert report.wrong_rate <= 0.05, report.summary()
