"""Content is data: no name, place or figure of the shipped contest appears in bot/'s code."""

from __future__ import annotations

import ast
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


def _string_literals(path: Path) -> list[tuple[int, str]]:
    """Return the string literals of a module (f-string parts too), without its docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def party_phrases() -> re.Pattern[str]:
    """Return a pattern of every party name, printed form and prose word of the shipped YAML.

    Forms of three letters or more match in any case ('the tory' in a regex); shorter ones
    ('C', 'LD') only as written, so that 'nd' of '2nd' is not a party.
    """
    synonyms = load_knowledge(ROOT / "knowledge").synonyms
    phrases = {*synonyms.prose_parties, *synonyms.not_parties}
    for name, forms in synonyms.party_names.items():
        phrases |= {name, *forms}
    assert {"Conservative", "Tory", "LD", "Yrk", "No description"} <= phrases  # the real list
    parts = [
        ("" if len(p) < 3 else "(?i:")
        + r"\s+".join(map(re.escape, p.split()))
        + ("" if len(p) < 3 else ")")
        for p in sorted(phrases, key=len, reverse=True)
    ]
    return re.compile(rf"(?<![A-Za-z])(?:{'|'.join(parts)})(?![A-Za-z])")


def test_drafting_names_no_party() -> None:
    """`bot draft` reads party names from synonyms.yaml: no literal of bot/core/drafting holds one."""
    pattern = party_phrases()
    assert (
        pattern.search("(?:the tory|maj)")
        and pattern.search("Lab Co-op")
        and not pattern.search("2nd")
    )
    hits = []
    for path in sorted((ROOT / "bot" / "core" / "drafting").rglob("*.py")):
        for number, text in _string_literals(path):
            if match := pattern.search(text):
                hits.append(
                    f"{path.relative_to(ROOT)}:{number}: {match.group(0)!r} in {text[:80]!r}"
                )
    assert not hits, "\n".join(hits)
