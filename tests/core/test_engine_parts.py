"""The engine is assembled from per-contest parts: one contest replaced answers as a fresh build."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bot.core.answering.engine import Engine
from bot.core.answering.parts import (
    ContestIndexes,
    ContestParts,
    contest_texts,
    contest_vocabulary,
)
from bot.core.knowledge.loader import load_knowledge
from bot.core.knowledge.model import KnowledgeBase
from bot.core.knowledge.schema import Person
from bot.core.knowledge.status import Candidate, Result, Status
from bot.core.knowledge.synthetic import write_synthetic_kb
from bot.core.text import clean_question, vocabulary, words
from tests.core.helpers import two_contests_dir

QUESTIONS = (
    "who won in {name}?",
    "what was the turnout in {name}?",
    "when is the {name} result?",
    "who is standing in {name}?",
    "whats the turnuot in {name}??",
    "who is {person}?",
    "what did {person} say?",
)


def synthetic(tmp_path: Path, contests: int = 5) -> KnowledgeBase:
    """Write and load a generated base with no default contest."""
    write_synthetic_kb(tmp_path / "kb", contests, seed=3, default=False)
    return load_knowledge(tmp_path / "kb")


def answers(engine: Engine, kb: KnowledgeBase) -> list[dict]:
    """Answer the same questions about every contest (and none), as dicts."""
    out = []
    for contest in kb.contests.values():
        person = next(iter(contest.people.values())).name
        for question in QUESTIONS:
            text = question.format(name=contest.aliases[0], person=person)
            out.append(engine.answer(text).to_dict())
    out += [engine.answer(q).to_dict() for q in ("who won?", "hi", "turnout in newtown?")]
    return out


def declared(contest_name: str) -> Status:
    """Return a declared status with a result that adds up."""
    result = Result(
        candidates=[
            Candidate(name="Amira Barker", party="Labour", votes=20000),
            Candidate(name="Ben Lowe", party="Conservative", votes=12000),
        ],
        winner="Amira Barker",
        majority=8000,
    )
    return Status(phase="declared", result=result, version=1, updated_by="mod_mia")


def test_vocabulary_is_every_word_of_every_text() -> None:
    """A contest's vocabulary, worked out token by distinct token, is every word of its texts."""
    for contest in load_knowledge(two_contests_dir()).contests.values():
        texts = contest_texts(contest)
        assert contest.sources and all(  # the sources' paragraphs are among them
            set(src.paragraphs) <= set(texts) for src in contest.sources.values()
        )
        expected = {w for text in texts for w in words(clean_question(text))}
        assert contest_vocabulary(contest) == expected


def test_vocabulary_keeps_texts_apart() -> None:
    """Figures, per cents and markup are read within each text, never across two."""
    texts = ["won by 5,", "123 votes", "12%", "% swing", "`code", "Lab's` gain", "tl;", "dr"]
    texts += ["<@123> Café – “quoted”", "see https://x.example/a b", "@someone hi", "naïve\n"]
    expected = {w for text in texts for w in words(clean_question(text))}
    assert vocabulary(texts) == expected
    assert {"5", "123", "12%", "percent", "lab", "tl", "dr", "cafe", "quoted", "naive"} <= expected


def test_building_indexes_teaches_the_lexicon_nothing(tmp_path: Path) -> None:
    """Indexes built on first use add no word: answers never depend on which were built first."""
    kb = synthetic(tmp_path, 4)
    engine = Engine(kb)
    vocab, names = set(engine.lexicon._vocab), set(engine.lexicon.names)
    assert engine.indexes.built() == {}
    for cid in kb.contests:
        engine.indexes[cid]
    assert engine.lexicon._vocab == vocab and engine.lexicon.names == names
    assert set(engine.indexes.built()) == set(kb.contests)


def test_an_updated_engine_answers_as_a_fresh_one(tmp_path: Path) -> None:
    """Declared, renamed, a person added, one removed, one added: the same answers as Engine(kb)."""
    kb = synthetic(tmp_path, 5)
    first, second, third, fourth, fifth = kb.contests.values()
    start = KnowledgeBase(kb.root, {c.id: c for c in (first, second, third, fourth)}, kb.synonyms)
    engine = Engine(start)
    answers(engine, start)  # every index built, every cache used
    shared = engine.indexes.built()[third.id]
    people = dict(third.people)
    extra = Person(id="newcomer", name="Zara Quill", role="Independent candidate")
    people[extra.id] = extra
    contests = {
        first.id: dataclasses.replace(first, status=declared(first.name)),
        second.id: dataclasses.replace(
            second, name="Newtown by-election", aliases=["Newtown", "Newtown byelection"]
        ),
        third.id: dataclasses.replace(third, people=people),
        fifth.id: fifth,
    }
    end = KnowledgeBase(kb.root, contests, kb.synonyms)
    updated = engine.update(end, [first.id, second.id, third.id, fourth.id, fifth.id])
    assert answers(updated, end) == answers(Engine(end), end)
    assert updated.answer(f"who won in {first.aliases[0]}?").status_line == "Declared"
    assert updated.answer("turnout in newtown?").contest_id == second.id
    assert updated.answer(f"turnout in {second.aliases[0]}?").kind == "which_contest"
    assert updated.answer("who is Zara Quill?").contest_id == third.id
    assert fourth.id not in updated.indexes and fourth.id not in updated.parts
    assert updated.indexes.built().get(third.id) is not shared  # rebuilt: its people changed


def test_replace_contest_shares_the_other_contests_indexes() -> None:
    """A status change rebuilds that contest's index only; the others are the same objects."""
    kb = load_knowledge(two_contests_dir())
    engine = Engine(kb)
    for cid in kb.contests:
        engine.indexes[cid]
    hartlepool = kb.contests["hartlepool-2021"]
    new = engine.replace_contest(dataclasses.replace(hartlepool, status=declared(hartlepool.name)))
    assert new.indexes.built() == {"testville-2024": engine.indexes["testville-2024"]}
    assert new.people is engine.people  # nobody's names changed
    assert "Amira Barker" in new.answer("who won?").text
    assert engine.indexes["testville-2024"].contest is kb.contests["testville-2024"]
    assert new.kb.contests["testville-2024"] is kb.contests["testville-2024"]


def test_an_alias_moved_to_another_contest_routes_there(tmp_path: Path) -> None:
    """When one contest gives up an alias and another takes it, questions follow it."""
    kb = synthetic(tmp_path, 3)
    a, b, c = kb.contests.values()
    engine = Engine(kb)
    moved = a.aliases[0]
    assert engine.answer(f"turnout in {moved}?").contest_id == a.id
    contests = {
        a.id: dataclasses.replace(a, aliases=a.aliases[1:]),
        b.id: dataclasses.replace(b, aliases=[*b.aliases, moved]),
        c.id: c,
    }
    end = KnowledgeBase(kb.root, contests, kb.synonyms)
    updated = engine.update(end, [a.id, b.id])
    assert updated.answer(f"turnout in {moved}?").contest_id == b.id
    assert ContestParts.of(contests[b.id]).routes[-1] == tuple(moved.lower().split())


def test_a_word_of_a_contest_name_routes_to_it_across_updates(tmp_path: Path) -> None:
    """'who won in fairbury?' names a word only one contest's name holds; renamed, it no longer."""
    kb = synthetic(tmp_path, 3)
    first = next(iter(kb.contests.values()))
    word = first.name.split()[0]
    engine = Engine(kb)
    assert engine.answer(f"turnout in {word.lower()}?").contest_id == first.id
    renamed = dataclasses.replace(first, name="Newtown by-election", aliases=["Newtown"])
    updated = engine.replace_contest(renamed)
    assert updated.answer(f"turnout in {word.lower()}?").kind == "which_contest"
    assert updated.answer("turnout in newtown?").contest_id == first.id


def test_only_the_indexes_asked_about_most_recently_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At most KEPT indexes stay built; one let go is built again, answering the same."""
    monkeypatch.setattr(ContestIndexes, "KEPT", 3)
    kb = synthetic(tmp_path, 5)
    engine = Engine(kb)
    ids = list(kb.contests)
    first = engine.answer(f"turnout in {kb.contests[ids[0]].aliases[0]}?").to_dict()
    for cid in ids[1:]:
        engine.indexes[cid]
    assert list(engine.indexes.built()) == ids[2:]  # the first two let go, oldest first
    engine.indexes[ids[2]]  # asked about again: now the most recent
    assert list(engine.indexes.built()) == [*ids[3:], ids[2]]
    assert engine.answer(f"turnout in {kb.contests[ids[0]].aliases[0]}?").to_dict() == first
