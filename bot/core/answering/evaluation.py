"""Grade the engine on a question set by what each answer says and cites, not by entry id.

A set is a YAML list of items:

    - q: "wen is the result due"
      expect: answer          # or `abstain`, or `either` (a careful answer or an abstention)
      cite: [5]               # the answer must cite one of these paragraphs (optional)
      all: ["6.15"]           # every one of these must be in what it says (optional)
      any: [declared, result] # at least one of these (optional)
      forbid: ["6am"]         # none of these (optional)
      note: why               # free text

Keywords are matched in the answer's text and its cited spans, ignoring case, quote style,
[¶n] marks and thousands separators ("12,345" matches "12345"). An answer that fails its keys is confidently
wrong; an abstention on an answerable item is a miss; any answer to an `abstain` item is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..knowledge.schema import MARK
from .answer import STATUS_SOURCE, Answer

EXPECTS = ("answer", "abstain", "either")
_SEPARATOR = re.compile(r"(?<=\d),(?=\d{3}\b)")
_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


@dataclass(frozen=True, slots=True)
class Item:
    """One question and what a correct reply must say and cite."""

    question: str
    expect: str
    cite: frozenset[int] = frozenset()
    all: tuple[str, ...] = ()
    any: tuple[str, ...] = ()
    forbid: tuple[str, ...] = ()
    note: str = ""


@dataclass
class Report:
    """The outcome of a question set."""

    name: str = ""
    total: int = 0
    answerable: int = 0
    answered_right: int = 0
    abstain_items: int = 0
    abstained_right: int = 0
    either: int = 0
    either_right: int = 0
    wrong: int = 0
    missed: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def correct(self) -> int:
        """Return how many items were handled correctly."""
        return self.answered_right + self.abstained_right + self.either_right

    @property
    def accuracy(self) -> float:
        """Return the share handled correctly (an abstention counts where it is expected)."""
        return self.correct / self.total if self.total else 0.0

    @property
    def wrong_rate(self) -> float:
        """Return the share answered wrongly or answered when it should have abstained."""
        return self.wrong / self.total if self.total else 0.0

    def summary(self) -> str:
        """Return one line of figures."""
        return (
            f"{self.name + ': ' if self.name else ''}{self.correct}/{self.total} correct "
            f"({self.accuracy:.1%}); answerable {self.answered_right}/{self.answerable}, "
            f"abstain {self.abstained_right}/{self.abstain_items}, "
            f"either {self.either_right}/{self.either}; {self.wrong} wrong "
            f"({self.wrong_rate:.1%}), {self.missed} missed"
        )


def normalise(text: str) -> str:
    """Fold case, quote style, dashes, whitespace and thousands separators for matching."""
    text = _SEPARATOR.sub("", text.translate(_QUOTES).lower())
    return _SPACE.sub(" ", text)


def _keys(value: object, where: str) -> tuple[str, ...]:
    """Read a keyword list (a string is one keyword)."""
    if value is None:
        return ()
    if isinstance(value, str | int | float):
        return (str(value),)
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return tuple(str(v) for v in value)
    raise ValueError(f"{where}: expected a list of keywords, got {value!r}")


def read_items(path: Path) -> list[Item]:
    """Read a question set; raise ValueError naming the item for a malformed one."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of items")
    items: list[Item] = []
    for number, row in enumerate(data, start=1):
        where = f"{path.name} item {number}"
        if not isinstance(row, dict) or "q" not in row:
            raise ValueError(f"{where}: each item needs a `q`")
        expect = str(row.get("expect", "answer"))
        if expect not in EXPECTS:
            raise ValueError(f"{where}: expect must be one of {', '.join(EXPECTS)}")
        cite = row.get("cite") or []
        if isinstance(cite, int):
            cite = [cite]
        if not isinstance(cite, list) or not all(isinstance(c, int) for c in cite):
            raise ValueError(f"{where}: cite must be a list of paragraph numbers")
        item = Item(
            question=str(row["q"]),
            expect=expect,
            cite=frozenset(cite),
            all=_keys(row.get("all"), where),
            any=_keys(row.get("any"), where),
            forbid=_keys(row.get("forbid"), where),
            note=str(row.get("note") or ""),
        )
        if expect == "answer" and not (item.cite or item.all or item.any):
            raise ValueError(f"{where}: an answer item needs cite, all or any")
        items.append(item)
    return items


def said(answer: Answer) -> str:
    """Return what an answer says (text and cited spans, without [¶n] marks), normalised."""
    text = MARK.sub(" ", " ".join([answer.text, *(c.quote for c in answer.citations)]))
    return normalise(text)


def problems(item: Item, answer: Answer) -> list[str]:
    """Return why an answer does not satisfy an item's keys (empty when it does)."""
    text = said(answer)
    out: list[str] = []
    if item.cite:
        cited = {c.paragraph for c in answer.citations if c.source != STATUS_SOURCE}
        if not cited & item.cite:
            out.append(f"cites {sorted(cited) or 'nothing'}, wanted one of {sorted(item.cite)}")
    out += [f"lacks {k!r}" for k in item.all if normalise(k) not in text]
    if item.any and not any(normalise(k) in text for k in item.any):
        out.append(f"lacks any of {list(item.any)}")
    out += [f"says forbidden {k!r}" for k in item.forbid if normalise(k) in text]
    return out


def evaluate(answer: Callable[[str], Answer], items: list[Item], name: str = "") -> Report:
    """Answer every item and count what was right, wrong and missed."""
    report = Report(name=name)
    for item in items:
        report.total += 1
        reply = answer(item.question)
        if item.expect == "answer":
            report.answerable += 1
        elif item.expect == "abstain":
            report.abstain_items += 1
        else:
            report.either += 1
        short = reply.text.replace("\n", " ")[:160]
        if not reply.answered:
            if item.expect == "answer":
                report.missed += 1
                report.failures.append(f"MISSED  {item.question!r} ({item.note}) -> {short!r}")
            elif item.expect == "abstain":
                report.abstained_right += 1
            else:
                report.either_right += 1
            continue
        if item.expect == "abstain":
            report.wrong += 1
            report.failures.append(f"WRONG   {item.question!r} should abstain -> {short!r}")
            continue
        why = problems(item, reply)
        if why:
            report.wrong += 1
            report.failures.append(f"WRONG   {item.question!r}: {'; '.join(why)} -> {short!r}")
        elif item.expect == "answer":
            report.answered_right += 1
        else:
            report.either_right += 1
    return report
