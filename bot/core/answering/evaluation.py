"""Score the engine on a question set: share correct, and share answered wrongly."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .engine import Engine

ABSTAIN = "abstain"


@dataclass(frozen=True, slots=True)
class Item:
    """One question and the entry ids that may answer it (or 'abstain')."""

    question: str
    expect: tuple[str, ...]


@dataclass
class Report:
    """The outcome of a question set."""

    total: int = 0
    correct: int = 0
    wrong: int = 0
    missed: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        """Return the share answered correctly (abstaining counts when expected)."""
        return self.correct / self.total if self.total else 0.0

    @property
    def wrong_rate(self) -> float:
        """Return the share answered with a wrong entry or answered when it should abstain."""
        return self.wrong / self.total if self.total else 0.0

    def summary(self) -> str:
        """Return one line of figures."""
        return (
            f"{self.correct}/{self.total} correct ({self.accuracy:.1%}), "
            f"{self.wrong} confidently wrong ({self.wrong_rate:.1%}), {self.missed} abstained wrongly"
        )


def read_items(path: Path) -> list[Item]:
    """Read a question set: a YAML list of {q, expect: [ids or abstain]}."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [Item(str(row["q"]), tuple(str(e) for e in row["expect"])) for row in data]


def evaluate(engine: Engine, items: list[Item]) -> Report:
    """Answer every item and count correct, wrong and wrongly abstained."""
    report = Report()
    for item in items:
        report.total += 1
        answer = engine.answer(item.question)
        should_abstain = ABSTAIN in item.expect
        if not answer.answered:
            if should_abstain:
                report.correct += 1
            else:
                report.missed += 1
                report.failures.append(f"MISSED  {item.question!r} expected {list(item.expect)}")
        elif answer.entry_id in item.expect:
            report.correct += 1
        else:
            report.wrong += 1
            report.failures.append(
                f"WRONG   {item.question!r} -> {answer.entry_id} ({answer.confidence:.2f}), "
                f"expected {list(item.expect)}"
            )
    return report
