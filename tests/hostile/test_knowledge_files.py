"""Hostile knowledge files: each is refused with an error, and never replaces the good knowledge."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.answering.engine import Engine
from bot.core.knowledge.loader import load_knowledge
from bot.core.knowledge.reader import KnowledgeError
from bot.core.runtime.holder import KnowledgeHolder
from tests.hostile.badfiles import BAD, FACTS, SOURCE, break_file
from tests.load.harness import copy_knowledge


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_file_is_refused_with_its_error(tmp_path: Path, case: str) -> None:
    """The loader refuses each broken file, naming the file and what is wrong, using little memory."""
    knowledge = copy_knowledge(tmp_path)
    break_file(knowledge, case)
    tracemalloc.start()
    try:
        with pytest.raises(KnowledgeError) as caught:
            load_knowledge(knowledge)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    rel, _, fragment = BAD[case]
    errors = [str(e) for e in caught.value.errors]
    assert any(fragment in e for e in errors), errors
    file_named = "contest.yaml" if rel == SOURCE else Path(rel).name
    assert any(file_named in e for e in errors), errors
    assert peak < 64 * 1024 * 1024  # refused as it was read: nothing was expanded


@pytest.mark.parametrize("case", sorted(BAD))
async def test_bad_file_never_replaces_the_good_knowledge(tmp_path: Path, case: str) -> None:
    """A reload onto a broken file fails and the engine keeps answering from the old knowledge."""
    knowledge = copy_knowledge(tmp_path)
    holder = KnowledgeHolder(Engine(load_knowledge(knowledge)), knowledge)
    before = holder.engine
    break_file(knowledge, case)
    report = await holder.reload()
    assert not report.ok and report.errors
    assert holder.engine is before
    assert "42.55%" in holder.engine.answer("what was the turnout?").text


def test_format_strings_in_an_answer_are_served_verbatim(tmp_path: Path) -> None:
    """An answer that looks like a format string loads and is quoted as written, never formatted."""
    knowledge = copy_knowledge(tmp_path)
    facts = knowledge / FACTS
    odd = "Turnout {0} %s {__class__} {{x}} was an unusually high"
    facts.write_text(facts.read_text().replace("Turnout was an unusually high", odd, 1))
    answer = Engine(load_knowledge(knowledge)).answer("what was the turnout?")
    assert answer.text.startswith(odd)


async def test_emptied_facts_file_does_not_wipe_the_contest(tmp_path: Path) -> None:
    """A facts.yaml truncated to nothing (a save cut short) should not replace every fact."""
    knowledge = copy_knowledge(tmp_path)
    holder = KnowledgeHolder(Engine(load_knowledge(knowledge)), knowledge)
    (knowledge / FACTS).write_bytes(b"")
    report = await holder.reload()
    assert not report.ok
    assert "42.55%" in holder.engine.answer("what was the turnout?").text


@pytest.fixture(scope="module")
def fuzz_knowledge(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A knowledge copy the fuzz test overwrites one file of."""
    return copy_knowledge(tmp_path_factory.mktemp("fuzz"))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from([FACTS, "hartlepool-2021/quotes.yaml", "synonyms.yaml"]),
    raw=st.one_of(
        st.binary(max_size=2000),
        st.text(max_size=2000).map(str.encode),
        st.lists(
            st.sampled_from(
                ["facts:", "- ", "  ", "&a ", "*a", "[", "{", ":", "\n", "id: x", "!!str ", "? "]
            )
        )
        .map("".join)
        .map(str.encode),
    ),
)
def test_any_file_content_loads_or_is_refused(fuzz_knowledge: Path, name: str, raw: bytes) -> None:
    """Whatever bytes a knowledge file holds, loading either works or raises KnowledgeError."""
    path = fuzz_knowledge / name
    good = path.read_bytes()
    path.write_bytes(raw)
    try:
        load_knowledge(fuzz_knowledge)
    except KnowledgeError as exc:
        assert exc.errors and all(str(e) for e in exc.errors)
    finally:
        path.write_bytes(good)
