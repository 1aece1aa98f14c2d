"""Content is data: no name, place or figure of the shipped contest appears in bot/'s code."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.core.knowledge.loader import load_knowledge
from bot.core.text import words

ROOT = Path(__file__).resolve().parents[2]
# Words of the shipped knowledge that are general election vocabulary, not this contest's.
GENERAL = {"by", "election", "by-election", "byelection", "the", "labour", "sources", "party"}


def contest_words() -> set[str]:
    """Return the names, places and figures of the shipped contests (not years or small numbers)."""
    kb = load_knowledge(ROOT / "knowledge")
    found: set[str] = set()
    for contest in kb.contests.values():
        for name in (contest.name, *contest.aliases):
            found |= set(words(name.lower()))
        for person in contest.people.values():
            found |= set(words(person.name.lower()))
        for fact in contest.facts:
            found |= {w for w in words(fact.answer.lower()) if any(ch.isdigit() for ch in w)}
    fixture = ROOT / "tests" / "fixtures" / "declared" / "hartlepool-2021-status.yaml"
    status = yaml.safe_load(fixture.read_text(encoding="utf-8"))
    found |= {f"{c['votes']:,}" for c in status["result"]["candidates"]}
    found |= {status["result"]["winner"].split()[-1].lower()}
    found |= {f"{int(w):,}" for w in found if w.isdigit() and len(w) > 3}  # 3595 and 3,595
    years = {w for w in found if w.isdigit() and len(w) == 4}
    small = {w for w in found if w.isdigit() and len(w) <= 2}
    return found - GENERAL - years - small


def test_bot_names_no_shipped_contest() -> None:
    """Grep bot/ for the shipped contest's people, places and figures: there are none."""
    banned = contest_words()
    assert {"hartlepool", "mcmahon", "norris", "42.55%", "mortimer"} <= banned  # the real list
    pattern = re.compile(
        r"(?<![\w.,])("
        + "|".join(re.escape(w) for w in sorted(banned, key=len, reverse=True))
        + r")(?![\w])",
        re.IGNORECASE,
    )
    hits = []
    for path in sorted((ROOT / "bot").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for match in pattern.finditer(line):
                hits.append(
                    f"{path.relative_to(ROOT)}:{number}: {match.group(0)!r}: {line.strip()}"
                )
    assert not hits, "\n".join(hits)
