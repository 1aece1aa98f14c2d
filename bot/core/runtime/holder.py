"""The knowledge being served, swapped atomically on reload; never half-loaded."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..answering.engine import Engine
from ..knowledge.loader import load_knowledge
from ..knowledge.model import KnowledgeBase
from ..knowledge.reader import KnowledgeError, LoadError
from ..pacing import Pacer, pace, pacing
from .stalls import drop_piecemeal, freeze_survivors, full_collections_held, pieces_of, warm

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReloadReport:
    """What a reload did: the entries added, changed and removed, or every error."""

    ok: bool
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[LoadError] = field(default_factory=list)

    def summary(self) -> str:
        """Return one line for the mod-log."""
        if not self.ok:
            return f"Knowledge reload failed with {len(self.errors)} error(s); still serving the last good knowledge."
        return (
            f"Knowledge reloaded: {len(self.added)} added, {len(self.changed)} changed, "
            f"{len(self.removed)} removed."
        )


def fingerprints(kb: KnowledgeBase) -> dict[str, str]:
    """Return a content fingerprint of every entry, keyed 'contest/kind/id'."""
    out: dict[str, str] = {}
    for contest in kb.contests.values():
        pace()
        out[f"{contest.id}/status"] = contest.status.model_dump_json()
        for fact in contest.facts:
            out[f"{contest.id}/fact/{fact.id}"] = fact.model_dump_json()
        for quote in contest.quotes:
            out[f"{contest.id}/quote/{quote.id}"] = quote.model_dump_json()
        for person in contest.people.values():
            out[f"{contest.id}/person/{person.id}"] = person.model_dump_json()
    return out


def diff(old: KnowledgeBase, new: KnowledgeBase) -> tuple[list[str], list[str], list[str]]:
    """Return the entries added, changed and removed between two knowledge bases."""
    a, b = fingerprints(old), fingerprints(new)
    added = sorted(set(b) - set(a))
    removed = sorted(set(a) - set(b))
    changed = sorted(k for k in set(a) & set(b) if a[k] != b[k])
    return added, changed, removed


def build_engine(folder: Path, build: Callable[[KnowledgeBase], Engine] = Engine) -> Engine:
    """Load, build and warm an engine, then freeze it out of the collector's sight (in a thread).

    No full collection runs meanwhile (each would walk the new base with the GIL held, stalling
    the event loop for up to 0.7 s), and none walks it afterwards; see stalls.py. Nothing is
    frozen when the folder is refused: its partly built objects are freed as usual.
    """
    with full_collections_held():
        engine = build(load_knowledge(folder, pause_gc=False))
        warm(engine)
        freeze_survivors()
    return engine


class KnowledgeHolder:
    """Holds the engine in use; reloads build a new one off the event loop and swap it in whole."""

    def __init__(
        self, engine: Engine, folder: Path, build: Callable[[KnowledgeBase], Engine] = Engine
    ) -> None:
        self.engine = engine
        self.folder = folder
        self._build = build
        self.lock = asyncio.Lock()  # held by reloads and by every write to the knowledge folder
        self.listeners: list[Callable[[ReloadReport], None]] = []  # told after a successful swap
        self.gave_way = 0.0  # seconds the last good reload's thread napped for the event loop

    def _load(self, pacer: Pacer) -> tuple[Engine, tuple[list[str], list[str], list[str]]]:
        """Load and index the folder, and diff it with the one served (runs in a worker thread)."""
        with pacer.paced():
            engine = build_engine(self.folder, self._build)
            return engine, diff(self.engine.kb, engine.kb)

    async def check(self) -> dict[str, int]:
        """Validate the folder without swapping it in; return its counts (KnowledgeError if not).

        Loaded in a paced thread with full collections held off, and dropped piecemeal there,
        as a reload does, so checking a 10,000-entry folder does not stall the event loop.
        """
        async with pacing() as pacer:
            return await asyncio.to_thread(self._check, pacer)

    def _check(self, pacer: Pacer) -> dict[str, int]:
        """Load the folder, count it and free it again (runs in a worker thread)."""
        with pacer.paced(), full_collections_held():
            kb = load_knowledge(self.folder, pause_gc=False)
            counts = kb.counts()
            pieces: list[object] = list(kb.contests.values())
            kb.contests.clear()
            drop_piecemeal(pieces)
        return counts

    async def reload(self) -> ReloadReport:
        """Validate the whole folder; swap it in if valid, else keep serving the old one."""
        async with self.lock:
            return await self.reload_locked()

    async def reload_locked(self) -> ReloadReport:
        """Reload as `reload` does, for a caller that already holds `self.lock` (edit, then validate)."""
        try:
            async with pacing() as pacer:  # the thread gives way whenever the loop falls behind
                engine, (added, changed, removed) = await asyncio.to_thread(self._load, pacer)
        except KnowledgeError as exc:
            log.warning("knowledge reload refused: %d error(s)", len(exc.errors))
            return ReloadReport(ok=False, errors=list(exc.errors))
        self.gave_way = pacer.naps
        pieces = pieces_of(self.engine)  # the old engine's contests and indexes, held apart
        self.engine = engine  # the old engine goes here, freeing only its small shell
        log.info(
            "knowledge reloaded: +%d ~%d -%d (%.1f s of it giving way to the event loop)",
            len(added),
            len(changed),
            len(removed),
            self.gave_way,
        )
        report = ReloadReport(ok=True, added=added, changed=changed, removed=removed)
        for listener in list(self.listeners):
            try:
                listener(report)
            except Exception:
                log.exception("reload listener %r failed", listener)
        await asyncio.to_thread(drop_piecemeal, pieces)  # then its contests, one by one
        return report
