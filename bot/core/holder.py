"""The knowledge being served, swapped atomically on reload; never half-loaded."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .engine import Engine
from .knowledge import KnowledgeBase, KnowledgeError, LoadError
from .loader import load_knowledge

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

    def _load(self) -> tuple[Engine, tuple[list[str], list[str], list[str]]]:
        """Load and index the folder, and diff it with the one served (runs in a worker thread)."""
        engine = self._build(load_knowledge(self.folder))
        return engine, diff(self.engine.kb, engine.kb)

    async def reload(self) -> ReloadReport:
        """Validate the whole folder; swap it in if valid, else keep serving the old one."""
        async with self.lock:
            return await self.reload_locked()

    async def reload_locked(self) -> ReloadReport:
        """Reload as `reload` does, for a caller that already holds `self.lock` (edit, then validate)."""
        try:
            engine, (added, changed, removed) = await asyncio.to_thread(self._load)
        except KnowledgeError as exc:
            log.warning("knowledge reload refused: %d error(s)", len(exc.errors))
            return ReloadReport(ok=False, errors=list(exc.errors))
        self.engine = engine
        log.info("knowledge reloaded: +%d ~%d -%d", len(added), len(changed), len(removed))
        report = ReloadReport(ok=True, added=added, changed=changed, removed=removed)
        for listener in list(self.listeners):
            try:
                listener(report)
            except Exception:
                log.exception("reload listener %r failed", listener)
        return report
