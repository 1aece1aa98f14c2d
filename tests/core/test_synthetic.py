"""The generated knowledge base used by `bot bench` loads, routes and cites verbatim."""

from __future__ import annotations

import random
from pathlib import Path

from bot.core.answering.engine import Engine
from bot.core.knowledge.loader import load_knowledge
from bot.core.knowledge.synthetic import place_names, write_synthetic_kb


def test_place_names_are_distinct() -> None:
    names = place_names(700, random.Random(1))
    assert len(set(names)) == 700
    words = [w for n in names for w in n.split() if w != "and"]
    assert all(w[0].isupper() for w in words)


def test_three_contests_load_and_route(tmp_path: Path) -> None:
    write_synthetic_kb(tmp_path, 3, seed=7)
    kb = load_knowledge(tmp_path)
    assert len(kb.contests) == 3
    assert sum(c.default for c in kb.contests.values()) == 1
    engine = Engine(kb)
    for contest in kb.contests.values():
        assert 14 <= len(contest.facts) <= 16 and len(contest.people) == 5
        assert all(3 <= len(f.questions) <= 5 for f in contest.facts)
        place = contest.aliases[0]
        answer = engine.answer(f"turnout in {place}?")
        turnout = next(f for f in contest.facts if f.id == "turnout").citations[0].quote
        # The turnout fact, or the sentence of the source it cites: either gives the figure.
        assert answer.answered and answer.contest_id == contest.id
        assert turnout.split()[-1] in answer.text
        (cit,) = answer.citations
        assert contest.sources[cit.source].contains(cit.paragraph, cit.quote)
        assert cit.quote.startswith(f"Turnout in {place} was ")
        decl = next(f for f in contest.facts if f.id == "declaration-time")
        when = engine.answer(f"{decl.questions[0].rstrip('?')} in {place.lower()}?")
        assert (when.contest_id, when.entry_id) == (contest.id, "declaration-time")


def test_same_seed_same_files(tmp_path: Path) -> None:
    write_synthetic_kb(tmp_path / "a", 2, seed=3)
    write_synthetic_kb(tmp_path / "b", 2, seed=3)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.*"))
    assert len(files) == 1 + 2 * 6
    for rel in files:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()
