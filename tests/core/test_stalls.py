"""What keeps reloads off the event loop: no reference cycles, frozen engines, restored GC state."""

from __future__ import annotations

import gc
import shutil
import time
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.core import pacing
from bot.core.answering.engine import Engine
from bot.core.answering.lexicon import Lexicon
from bot.core.knowledge.loader import load_knowledge
from bot.core.knowledge.model import KnowledgeBase
from bot.core.knowledge.reader import KnowledgeError
from bot.core.pacing import Pacer, pace
from bot.core.runtime import stalls
from bot.core.runtime.holder import KnowledgeHolder, build_engine
from bot.core.runtime.stalls import full_collections_held, settle
from tests.core.helpers import KNOWLEDGE, ROOT, two_contests_dir


@pytest.fixture(autouse=True)
def _gc_state_checked() -> Iterator[None]:
    """Fail a test that leaves the collector disabled or its thresholds changed."""
    enabled, threshold = gc.isenabled(), gc.get_threshold()
    yield
    assert (gc.isenabled(), gc.get_threshold()) == (enabled, threshold)


def copy_knowledge(dest: Path) -> Path:
    """Copy knowledge/ and seeds/ into `dest` keeping their layout; return the knowledge copy."""
    shutil.copytree(ROOT / "seeds", dest / "seeds")
    return Path(shutil.copytree(KNOWLEDGE, dest / "knowledge"))


def answered(engine: Engine) -> Engine:
    """Answer a few questions, filling every cache an engine keeps, and return the engine."""
    for question in ("what was the turnout?", "whats the turnot??", "who is jill mortimr", "hi"):
        engine.answer(question)
    return engine


def test_an_engine_has_no_reference_cycles() -> None:
    """Dropping an engine frees it and its lexicon by reference counting alone, frozen or not."""
    engine = answered(Engine(load_knowledge(two_contests_dir())))
    refs = [weakref.ref(engine), weakref.ref(engine.lexicon), weakref.ref(engine.kb)]
    refs += [weakref.ref(index) for index in engine.indexes.values()]
    gc.disable()  # the collector must not be what frees them
    try:
        del engine
        assert [r() for r in refs] == [None] * len(refs)
    finally:
        gc.enable()


def test_lexicons_do_not_share_their_corrections() -> None:
    """A spelling correction is remembered per lexicon, so nothing global keeps an old one alive."""
    kb = load_knowledge(two_contests_dir())
    one, two = Engine(kb).lexicon, Engine(kb).lexicon
    assert one.correct("turnot") == "turnout"
    assert "turnot" in one._corrections and "turnot" not in two._corrections
    assert isinstance(two, Lexicon)


def add_synonym(knowledge: Path) -> None:
    """Add a synonym group: every contest depends on the synonyms, so the engine is rebuilt."""
    syn = knowledge / "synonyms.yaml"
    text = syn.read_text(encoding="utf-8")
    syn.write_text(
        text.replace("\nsynonyms:\n", "\nsynonyms:\n  zebra crossing: [zebra crossings]\n")
    )


async def test_a_reload_frees_the_replaced_contest_at_once(tmp_path: Path) -> None:
    """The contest replaced and its index are gone after the swap, without a collection."""
    shutil.copytree(two_contests_dir().parent, tmp_path / "repo")
    knowledge = tmp_path / "repo" / "knowledge"
    holder = KnowledgeHolder(answered(Engine(load_knowledge(knowledge))), knowledge)
    old = holder.engine
    other = old.indexes["testville-2024"]
    refs = [
        weakref.ref(old.kb.contests["hartlepool-2021"]),
        weakref.ref(old.indexes["hartlepool-2021"]),
    ]
    del old
    facts = knowledge / "hartlepool-2021" / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("Turnout so far?", "Turnout now?"))
    gc.disable()
    try:
        report = await holder.reload()
        assert report.ok and report.contests == ("hartlepool-2021",), report.errors
        assert [r() for r in refs] == [None] * len(refs)
    finally:
        gc.enable()
    assert holder.engine.indexes["testville-2024"] is other
    assert "42.55%" in holder.engine.answer("what was the turnout?").text


async def test_a_synonyms_change_rebuilds_and_freezes_the_engine(tmp_path: Path) -> None:
    """A new engine is built whole in a thread, and is out of the collector's sight."""
    knowledge = copy_knowledge(tmp_path)
    holder = KnowledgeHolder(Engine(load_knowledge(knowledge)), knowledge)
    add_synonym(knowledge)
    old = holder.engine
    assert (await holder.reload()).ok
    new = holder.engine
    assert new is not old and gc.get_freeze_count() > 0
    unfrozen = {id(o) for o in gc.get_objects()}
    assert id(new) not in unfrozen and id(new.kb) not in unfrozen
    assert id(new.lexicon._frozen) not in unfrozen  # warmed in the thread: sorted already


async def test_a_refused_reload_restores_the_collector(tmp_path: Path) -> None:
    """A broken file is refused, the old engine kept, and the GC left as it was (fixture)."""
    knowledge = copy_knowledge(tmp_path)
    holder = KnowledgeHolder(Engine(load_knowledge(knowledge)), knowledge)
    before = holder.engine
    facts = knowledge / "hartlepool-2021" / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + "\n  - id: [unclosed\n", encoding="utf-8")
    report = await holder.reload()
    assert not report.ok and report.errors
    assert holder.engine is before


async def test_a_build_that_raises_restores_the_collector(tmp_path: Path) -> None:
    """An unexpected error while building propagates, with the GC left as it was (fixture)."""
    knowledge = copy_knowledge(tmp_path)

    def broken(kb: KnowledgeBase) -> Engine:
        """Fail half-way through a build."""
        assert gc.get_threshold()[2] == stalls.NEVER  # full collections are held meanwhile
        raise RuntimeError("boom")

    holder = KnowledgeHolder(Engine(load_knowledge(knowledge)), knowledge, broken)
    add_synonym(knowledge)
    with pytest.raises(RuntimeError, match="boom"):
        await holder.reload()
    with pytest.raises(RuntimeError, match="boom"):
        build_engine(load_knowledge(knowledge), broken)


def test_full_collections_held_nests_and_restores() -> None:
    """Holding is re-entrant; the thresholds come back after the outermost hold, even on error."""
    saved = gc.get_threshold()
    with pytest.raises(ValueError), full_collections_held():
        with full_collections_held():
            assert gc.get_threshold() == (saved[0], saved[1], stalls.NEVER)
        assert gc.get_threshold()[2] == stalls.NEVER
        raise ValueError
    assert gc.get_threshold() == saved


def test_pace_naps_only_in_a_paced_thread_while_the_loop_is_behind() -> None:
    """`pace()` does nothing outside a reload, nor while the loop keeps up; else it gives way."""
    pace()  # not paced: returns at once
    keeping_up, behind = Pacer(), Pacer()
    keeping_up.tick = time.monotonic() + 3600  # the loop has just ticked, as far as it knows
    behind.tick = time.monotonic() - 3600
    for pacer in (keeping_up, behind):
        with pacer.paced():
            time.sleep(2 * pacing.SLICE)  # work, as far as the pacer can tell
            pace()
    assert keeping_up.naps == 0.0 and behind.naps > 0.0
    assert pacing._local.pacer is None


def test_settle_warms_and_freezes_the_engine() -> None:
    """At start-up the engine is warmed (vocabulary sorted) and frozen with everything alive."""
    engine = Engine(load_knowledge(two_contests_dir()))
    settle(engine)
    assert engine.lexicon._frozen is not None
    assert id(engine.kb) not in {id(o) for o in gc.get_objects()}


async def test_check_counts_without_swapping_and_refuses_a_broken_folder(tmp_path: Path) -> None:
    """`check` validates in a thread as a reload does, but never swaps the served engine."""
    folder = copy_knowledge(tmp_path)
    holder = KnowledgeHolder(Engine(load_knowledge(folder)), folder)
    served = holder.engine
    assert await holder.check() == load_knowledge(folder).counts()
    facts = folder / "hartlepool-2021" / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + "\n  - id: [broken\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        await holder.check()
    assert any("facts.yaml" in str(e) for e in caught.value.errors)
    assert holder.engine is served


async def test_a_failed_rebuild_is_made_good_by_the_next_reload(tmp_path: Path) -> None:
    """After a whole rebuild raised, the next change rebuilds whole again rather than patching."""
    knowledge = copy_knowledge(tmp_path)
    failures = [RuntimeError("boom")]

    def flaky(kb: KnowledgeBase) -> Engine:
        """Fail once, then build."""
        if failures:
            raise failures.pop()
        return Engine(kb)

    holder = KnowledgeHolder(Engine(load_knowledge(knowledge)), knowledge, flaky)
    add_synonym(knowledge)
    with pytest.raises(RuntimeError, match="boom"):
        await holder.reload()
    facts = knowledge / "hartlepool-2021" / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("Turnout so far?", "Turnout now?"))
    assert (await holder.reload()).ok
    assert holder.engine.kb is holder.catalog.kb
    assert holder.engine.lexicon.synonyms.replace(["zebra", "crossings"])[1] == ["zebra_crossing"]
