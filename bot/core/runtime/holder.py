"""The knowledge being served: changed contests are re-read and swapped in one by one, never half.

A reload re-reads, in a worker thread, only the contest folders whose files changed (see
knowledge/catalog.py); on the event loop the engine is then updated for those contests alone
(`Engine.update`: a few milliseconds), or rebuilt whole in the thread when synonyms.yaml changed
or many contests did. A folder with errors keeps serving its last good knowledge. The bot's own
status writes are served at once (`serve_status`), and the watcher's reload after them reads
nothing. Each contest's last good knowledge is also kept in a snapshot, written in a thread.

The engine is used on a thread of its own (`on_engine`), never on the event loop: answering builds
a contest's index the first time it is asked about (5-60 ms at a general election's 650
contests), and updates change the engine's shared tables in place, so answers and updates run
there one at a time, in the order they were asked for.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from ..answering.engine import Engine
from ..knowledge.catalog import Catalog, Refresh
from ..knowledge.folders import FolderRead, contest_fingerprints
from ..knowledge.loader import gc_paused, load_knowledge
from ..knowledge.model import KnowledgeBase
from ..knowledge.reader import KnowledgeError, LoadError, display
from ..knowledge.snapshot import Snapshot
from ..knowledge.status import Status
from ..pacing import Pacer, pacing
from .stalls import drop_piecemeal, freeze_survivors, full_collections_held, pieces_of, warm

log = logging.getLogger(__name__)

MANY = 50  # more contests changed at once than this: rebuild the engine whole, in a thread
T = TypeVar("T")


@dataclass(frozen=True)
class ReloadReport:
    """What a reload did: the entries added, changed and removed, and every error it found."""

    ok: bool
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[LoadError] = field(default_factory=list)
    contests: tuple[str, ...] = ()  # ids of the contests replaced, added or removed
    kept: tuple[str, ...] = ()  # folders with errors that serve their last good knowledge

    def summary(self) -> str:
        """Return one line for the mod-log."""
        changes = (
            f"{len(self.added)} added, {len(self.changed)} changed, {len(self.removed)} removed"
        )
        if self.ok:
            return f"Knowledge reloaded: {changes}."
        count = len(self.errors)
        if not (self.added or self.changed or self.removed):
            return (
                f"Knowledge reload failed with {count} error(s); "
                "still serving the last good knowledge."
            )
        return (
            f"Knowledge reloaded with {count} error(s): {changes}; "
            "the files with errors are not served (their last good version is)."
        )


def fingerprints(kb: KnowledgeBase) -> dict[str, str]:
    """Return a content fingerprint of every entry, keyed 'contest/kind/id'."""
    out: dict[str, str] = {}
    for contest in kb.contests.values():
        out.update(contest_fingerprints(contest))
    return out


def diff(old: KnowledgeBase, new: KnowledgeBase) -> tuple[list[str], list[str], list[str]]:
    """Return the entries added, changed and removed between two knowledge bases."""
    a, b = fingerprints(old), fingerprints(new)
    added = sorted(set(b) - set(a))
    removed = sorted(set(a) - set(b))
    changed = sorted(k for k in set(a) & set(b) if a[k] != b[k])
    return added, changed, removed


def open_knowledge(
    folder: Path,
    snapshot: Path | None = None,
    *,
    read: Callable[[list[Path]], dict[str, FolderRead]] | None = None,
) -> tuple[Catalog, Refresh]:
    """Read a knowledge folder to serve it, contest by contest; KnowledgeError if nothing can be.

    A contest whose files have errors is served from `snapshot` (its last good knowledge, kept
    in the data folder) when there is one; the errors are in the result, for the mod-log. Only
    when no contest can be served, or synonyms.yaml has never been good, is it refused.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise KnowledgeError([LoadError(display(folder), None, "", "knowledge folder not found")])
    catalog = Catalog(folder, Snapshot(snapshot) if snapshot is not None else None)
    with gc_paused():
        refresh = catalog.refresh(read=read)
    if catalog.synonyms is None or not refresh.kb.contests:
        errors = refresh.errors or [
            LoadError(display(folder), None, "", "no contest folders (each needs a contest.yaml)")
        ]
        raise KnowledgeError(errors)
    return catalog, refresh


def build_engine(kb: KnowledgeBase, build: Callable[[KnowledgeBase], Engine] = Engine) -> Engine:
    """Build and warm a whole engine, then freeze it out of the collector's sight (in a thread).

    No full collection runs meanwhile (each would walk the new objects with the GIL held,
    stalling the event loop), and none walks them afterwards; see stalls.py.
    """
    with full_collections_held():
        engine = build(kb)
        warm(engine)
        freeze_survivors()
    return engine


class KnowledgeHolder:
    """Holds the engine in use and the catalog of the folder it was read from."""

    def __init__(
        self,
        engine: Engine,
        folder: Path,
        build: Callable[[KnowledgeBase], Engine] = Engine,
        *,
        catalog: Catalog | None = None,
    ) -> None:
        self.engine = engine
        self.folder = Path(folder)
        self._build = build
        if catalog is None:
            catalog = Catalog(self.folder)
            catalog.adopt(engine.kb)  # its files are read, and compared, at the first reload
        self.catalog = catalog
        self.lock = asyncio.Lock()  # held by reloads and by every write to the knowledge folder
        self.listeners: list[Callable[[ReloadReport], None]] = []  # told after a change is served
        self.gave_way = 0.0  # seconds the last reload's thread napped for the event loop
        self._saving: asyncio.Task[None] | None = None
        self._engine_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="engine")

    async def on_engine(self, use: Callable[[Engine], T]) -> T:
        """Return use(engine) for the engine served when it runs, on the engine's own thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._engine_thread, lambda: use(self.engine))

    async def check(self) -> dict[str, int]:
        """Validate the whole folder without swapping it in; return its counts (KnowledgeError if not).

        Loaded in a paced thread with full collections held off, and dropped piecemeal there,
        so checking a 10,000-entry folder does not stall the event loop.
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

    async def reload(self, paths: Iterable[Path | str] | None = None) -> ReloadReport:
        """Re-read what changed (the folders of `paths`, else every folder) and serve it."""
        async with self.lock:
            return await self.reload_locked(paths)

    async def reload_locked(self, paths: Iterable[Path | str] | None = None) -> ReloadReport:
        """Reload as `reload` does, for a caller that already holds `self.lock` (edit, then validate)."""
        hints = None if paths is None else list(paths)
        async with pacing() as pacer:  # the thread gives way whenever the loop falls behind
            refresh = await asyncio.to_thread(self._refresh, pacer, hints)
        self.gave_way = pacer.naps
        report = ReloadReport(
            ok=not refresh.errors,
            added=refresh.added,
            changed=refresh.changed,
            removed=refresh.removed,
            errors=refresh.errors,
            contests=refresh.contests,
            kept=refresh.kept,
        )
        if refresh.errors:
            log.warning("knowledge reload: %d error(s)", len(refresh.errors))
        if refresh.contests or refresh.synonyms:
            await self._serve(refresh)
            log.info(
                "knowledge reloaded: %d contest(s), +%d ~%d -%d entries",
                len(refresh.contests),
                len(report.added),
                len(report.changed),
                len(report.removed),
            )
            for listener in list(self.listeners):
                try:
                    listener(report)
                except Exception:
                    log.exception("reload listener %r failed", listener)
        self.save_snapshot_soon()
        return report

    def _refresh(self, pacer: Pacer, hints: list[Path | str] | None) -> Refresh:
        """Re-read the changed folders (runs in a worker thread, under the lock).

        Full collections are held off meanwhile: re-reading many folders makes many objects,
        and a collection walking them would stall the event loop (90 ms at 650 contests).
        """
        with pacer.paced(), full_collections_held():
            return self.catalog.refresh(hints)

    async def _serve(self, refresh: Refresh) -> None:
        """Serve a refresh: update the engine for its contests, or rebuild it whole in a thread.

        Whole when synonyms.yaml changed, when many contests did, or when the engine served was
        not built from what the catalog served last (a whole rebuild that failed).
        """
        served = self.engine.kb.contests
        listed = set(refresh.contests)
        drift = {c for c, contest in refresh.kb.contests.items() if served.get(c) is not contest}
        drift |= served.keys() - refresh.kb.contests.keys()
        same_synonyms = refresh.kb.synonyms == self.engine.kb.synonyms
        if same_synonyms and drift <= listed and len(listed) <= MANY:
            await self.on_engine(
                lambda engine: self._serve_update(engine, refresh.kb, refresh.contests)
            )
            freeze_survivors()  # what is new since the last change (indexes built) is here to stay
            return
        async with pacing() as pacer:

            def build() -> Engine:
                with pacer.paced():
                    return build_engine(refresh.kb, self._build)

            engine = await asyncio.to_thread(build)

        def swap(old: Engine) -> list[object]:
            pieces = pieces_of(old)  # the old engine's contests and indexes, held apart
            self.engine = engine  # the old engine goes here, freeing only its small shell
            return pieces

        pieces = await self.on_engine(swap)  # after any answer the old engine is giving
        await asyncio.to_thread(drop_piecemeal, pieces)  # then its contests, one by one

    def _serve_update(self, engine: Engine, kb: KnowledgeBase, changed: Iterable[str]) -> None:
        """Serve the engine updated for `changed` (on the engine's thread: see on_engine)."""
        self.engine = engine.update(kb, list(changed))

    async def serve_status(self, contest_id: str, status: Status) -> None:
        """Serve a status just written to the contest's status.yaml (under the lock)."""
        kb = self.catalog.put_status(contest_id, status)
        await self.on_engine(lambda engine: self._serve_update(engine, kb, [contest_id]))
        freeze_survivors()
        self.save_snapshot_soon()

    def save_snapshot_soon(self) -> None:
        """Write the changed contests' last good knowledge to the snapshot, in a thread, in order."""
        if self.catalog.snapshot is None or (self._saving and not self._saving.done()):
            return
        if not self.catalog.dirty and not self.catalog.synonyms_dirty:
            return
        self._saving = asyncio.create_task(self._save(), name="knowledge-snapshot")

    async def _save(self) -> None:
        """Save until nothing is left to save; log, never raise, a failure."""
        try:
            while self.catalog.dirty or self.catalog.synonyms_dirty:
                async with self.lock:  # what is taken is consistent: no reload is under way
                    todo = self.catalog.take_dirty()
                async with pacing() as pacer:
                    written = await asyncio.to_thread(self._save_paced, pacer, todo)
                log.debug("knowledge snapshot: %d file(s) written", written)
        except Exception:
            log.exception("could not save the knowledge snapshot")

    def _save_paced(self, pacer: Pacer, todo: list[Any]) -> int:
        """Write snapshot files, giving way to the event loop (runs in a worker thread)."""
        with pacer.paced():
            return self.catalog.save_snapshot(todo)

    async def close(self) -> None:
        """Write what is left of the snapshot and wait for it: a clean stop leaves it current."""
        self.save_snapshot_soon()
        if self._saving is not None:
            with contextlib.suppress(Exception):
                await self._saving
        self._engine_thread.shutdown(wait=False)
