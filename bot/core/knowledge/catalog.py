"""A served knowledge folder, contest by contest: re-read only what changed, keep the last good.

Each contest folder is read on its own and the stamp of its files (size, times and inode of each
file, and of the source files its contest.yaml names) is remembered, so a refresh re-reads only
the folders whose files changed: those the caller names (the watcher knows which files changed)
or, without names, every folder whose stamp differs. `synonyms.yaml` is read the same way.

A folder that fails keeps serving its last good knowledge. Each file with errors is replaced by
its last good version when the folder then checks out (so a status.yaml saved by another process
is served while facts.yaml is half-edited); else the whole last good contest stays. Errors carry
file and line as in `load_knowledge`, which stays the strict whole-folder check (`bot check`).
Contest ids and aliases must stay unique across contests: a changed contest that would clash with
one being served is refused (and looked at again at the next refresh).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .folders import (
    FileStamp,
    FolderRead,
    changed_folders,
    clashes,
    contest_fingerprints,
    failing_files,
    file_stamp,
    folder_stamp,
    read_here,
    same_contest,
    sources_stamp,
)
from .loader import ContestFiles, contest_folders
from .model import Contest, KnowledgeBase
from .reader import LoadError, Reader, display
from .schema import SynonymsFile
from .slot import Slot
from .snapshot import Snapshot
from .status import Status
from .validate import validate_knowledge

log = logging.getLogger(__name__)

SYNONYMS = "synonyms.yaml"


@dataclass(frozen=True)
class Refresh:
    """What a refresh found: the knowledge to serve and what changed in it."""

    kb: KnowledgeBase
    contests: tuple[str, ...] = ()  # ids of the contests replaced, added or removed
    synonyms: bool = False  # synonyms.yaml changed: every contest depends on it
    added: list[str] = field(default_factory=list)  # entries, as 'contest/kind/id'
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[LoadError] = field(default_factory=list)  # in the files read this time
    kept: tuple[str, ...] = ()  # folders with errors, serving their last good knowledge


class Catalog:
    """The contests of a knowledge folder as last read, each with its last good version.

    Not thread-safe: one refresh at a time (the holder's lock); a refresh may run in a thread.
    """

    def __init__(self, root: Path, snapshot: Snapshot | None = None) -> None:
        self.root = Path(root)
        self.snapshot = snapshot  # where the last good knowledge is kept across restarts
        self.slots: dict[str, Slot] = {}  # folder name -> slot
        self.synonyms: SynonymsFile | None = None  # the last good synonyms
        self.synonyms_stamp: FileStamp | None = None
        self.synonyms_errors: list[LoadError] = []
        self.kb: KnowledgeBase | None = None
        self.dirty: set[str] = set()  # folders whose last good files changed since last saved
        self.synonyms_dirty = False

    def adopt(self, kb: KnowledgeBase) -> None:
        """Take a knowledge base loaded elsewhere as what is served (its files are read next time)."""
        for contest in kb.contests.values():
            self.slots[contest.folder.name] = Slot(contest.folder, contest=contest)
        self.synonyms, self.kb = kb.synonyms, kb

    def refresh(
        self,
        hints: Iterable[Path | str] | None = None,
        *,
        read: Callable[[list[Path]], dict[str, FolderRead]] | None = None,
    ) -> Refresh:
        """Re-read what changed (the folders of `hints`, else every folder) and return the result.

        `read` reads the folders that need it (default: one after the other, here); the bot
        spreads its first reading over worker processes.
        """
        if not self.root.is_dir():  # moved or unmounted: keep serving what was read
            missing = LoadError(display(self.root), None, "", "knowledge folder not found")
            kb = self.kb or KnowledgeBase(self.root, {}, SynonymsFile())
            return Refresh(kb=kb, errors=[missing], kept=tuple(self.kept()))
        if hints is None or self.kb is None:
            names = {p.name for p in contest_folders(self.root)} | set(self.slots)
            syn = True
        else:
            sources = {name: slot.sources for name, slot in self.slots.items()}
            names, syn = changed_folders(self.root, sources, hints, SYNONYMS)
            names |= {n for n, s in self.slots.items() if s.retry}
        errors: list[LoadError] = []
        synonyms_changed = syn and self._refresh_synonyms(errors)
        quiet: set[str] = set()  # looked at again after a clash, unchanged: already reported
        gone: list[str] = []
        todo: list[Path] = []
        for name in sorted(names):
            folder = self.root / name
            slot = self.slots.get(name)
            if not folder.is_dir():
                if slot is not None:
                    gone.append(name)
                continue
            if slot is None:
                slot = self.slots[name] = Slot(folder)
            if slot.stamp is None:  # never read: no stamp to compare (the reading takes one)
                todo.append(folder)
                continue
            stamp = (folder_stamp(folder), sources_stamp(slot.sources))
            if slot.stamp == stamp and not slot.retry:
                continue
            if slot.stamp == stamp:
                quiet.add(name)
            todo.append(folder)
        reads = (read(todo) if read else read_here(todo, self.snapshot)) if todo else {}
        for name, done in reads.items():
            slot = self.slots[name]
            slot.stamp, slot.sources = done.stamp, done.sources
        return self._commit(reads, quiet, gone, synonyms_changed, errors)

    def _refresh_synonyms(self, errors: list[LoadError]) -> bool:
        """Re-read synonyms.yaml if it changed; return whether the synonyms served changed."""
        path = self.root / SYNONYMS
        stamp = file_stamp(path, SYNONYMS)
        if self.synonyms is not None and stamp == self.synonyms_stamp:
            return False
        self.synonyms_stamp = stamp
        reader = Reader()
        synonyms = SynonymsFile()
        if stamp is not None:
            synonyms = reader.parse(path, SynonymsFile) or SynonymsFile()
        if not reader.errors:
            validate_knowledge(KnowledgeBase(self.root, {}, synonyms), reader)
        self.synonyms_errors = list(reader.errors)
        errors += reader.errors
        if reader.errors:
            if self.synonyms is not None or self.snapshot is None:
                return False
            kept = self.snapshot.load_synonyms()
            if kept is None:
                return False
            log.warning("synonyms.yaml has errors: serving the synonyms of the last snapshot")
            synonyms = kept
        if synonyms == self.synonyms:
            return False
        self.synonyms = synonyms
        self.synonyms_dirty = not reader.errors
        return True

    def _commit(
        self,
        reads: dict[str, FolderRead],
        quiet: set[str],
        gone: list[str],
        synonyms: bool,
        errors: list[LoadError],
    ) -> Refresh:
        """Decide what each read folder serves, check across contests and assemble the result."""
        before: dict[str, Contest | None] = {}
        pending: dict[str, tuple[ContestFiles, Contest]] = {}
        for name, read in reads.items():
            slot = self.slots[name]
            before[name] = slot.contest
            slot.errors = list(read.errors)
            if name not in quiet:
                errors += read.errors
            failing = failing_files(read.errors, slot.folder)
            if slot.good is None and failing and self.snapshot is not None:
                slot.restore(self.snapshot)
            chosen = slot.usable(read)
            if chosen is not None:
                pending[name] = chosen
        for name in gone:
            before[name] = self.slots.pop(name).contest
            self.dirty.add(name)
        refused = self._check_across(pending)
        for name, problems in refused.items():
            pending.pop(name)
            slot = self.slots[name]
            if name not in quiet:
                errors += problems
            slot.errors += problems
            slot.retry = True  # the clash may go away with another folder's change: look again
        for name, (files, contest) in pending.items():
            slot = self.slots[name]
            slot.retry = False
            if slot.good is not files:
                self.dirty.add(name)
            slot.good, slot.contest = files, contest
        return self._result(before, synonyms, errors)

    def _check_across(self, pending: dict[str, tuple[ContestFiles, Contest]]) -> dict[str, list]:
        """Refuse changed contests whose id or aliases clash with another's; return their errors."""
        steady = [
            (n, s.contest) for n, s in sorted(self.slots.items()) if n not in pending and s.contest
        ]
        changed = {name: contest for name, (_, contest) in pending.items()}
        return clashes(steady, changed, self.root, self.synonyms or SynonymsFile())

    def _result(
        self, before: dict[str, Contest | None], synonyms: bool, errors: list[LoadError]
    ) -> Refresh:
        """Assemble the knowledge to serve and what changed since the last refresh."""
        changed_ids: set[str] = set()
        added: list[str] = []
        changed: list[str] = []
        removed: list[str] = []
        first = self.kb is None  # the first reading: everything is new, no entry is listed
        for name, old in before.items():
            slot = self.slots.get(name)
            new = slot.contest if slot is not None else None
            if new is old:
                continue
            if first:
                changed_ids |= {new.id} if new is not None else set()
                continue
            a = contest_fingerprints(old) if old is not None else {}
            b = contest_fingerprints(new) if new is not None else {}
            same = a == b and list(a) == list(b)
            if same and old is not None and new is not None and same_contest(old, new):
                if slot is not None:
                    slot.contest = old  # nothing an asker could see changed: keep serving it
                continue
            changed_ids |= {c.id for c in (old, new) if c is not None}
            added += sorted(set(b) - set(a))
            removed += sorted(set(a) - set(b))
            changed += sorted(k for k in set(a) & set(b) if a[k] != b[k])
        if changed_ids or synonyms or self.kb is None:
            contests = {s.contest.id: s.contest for _, s in sorted(self.slots.items()) if s.contest}
            self.kb = KnowledgeBase(self.root, contests, self.synonyms or SynonymsFile())
        kept = tuple(self.kept())
        return Refresh(
            kb=self.kb,
            contests=tuple(sorted(changed_ids)),
            synonyms=synonyms,
            added=sorted(added),
            changed=sorted(changed),
            removed=sorted(removed),
            errors=errors,
            kept=kept,
        )

    def take_dirty(self) -> list[tuple[str, Any, Any]]:
        """Return what changed since last taken, for `save_snapshot`: (folder, files, stamp).

        Files None: the folder is gone. The synonyms come as ("", synonyms, None).
        """
        out: list[tuple[str, Any, Any]] = []
        if self.synonyms_dirty and self.synonyms is not None:
            out.append(("", self.synonyms, None))
        self.synonyms_dirty = False
        for name in sorted(self.dirty):
            slot = self.slots.get(name)
            stamp = slot.stamp if slot else None
            if slot and slot.errors:  # not these files but mended ones: never read in their place
                stamp = ("with errors", stamp)
            out.append((name, slot.good if slot else None, stamp))
        self.dirty.clear()
        return out

    def save_snapshot(self, todo: list[tuple[str, Any, Any]]) -> int:
        """Write what `take_dirty` returned to the snapshot (in a thread); return files written."""
        return self.snapshot.save_all(todo) if self.snapshot is not None else 0

    def kept(self) -> list[str]:
        """Return the folders with errors that serve their last good knowledge."""
        return [n for n, s in sorted(self.slots.items()) if s.errors and s.contest]

    def errors(self) -> list[LoadError]:
        """Return every error outstanding in the folder, as last read."""
        out = list(self.synonyms_errors)
        for _, slot in sorted(self.slots.items()):
            out += slot.errors
        return out

    def put_status(self, contest_id: str, status: Status) -> KnowledgeBase:
        """Serve a status the bot itself has just written to the contest's status.yaml."""
        slot = next(s for s in self.slots.values() if s.contest and s.contest.id == contest_id)
        assert slot.contest is not None and self.kb is not None
        slot.contest = dataclasses.replace(slot.contest, status=status)
        if slot.good is not None:
            models = {**slot.good.models, "status.yaml": status}
            slot.good = dataclasses.replace(slot.good, models=models)
            self.dirty.add(slot.folder.name)
        if slot.stamp is not None:  # the file as written is the file as read: no reload needed
            written = file_stamp(slot.folder / "status.yaml", "status.yaml")
            files = [s for s in slot.stamp[0] if s[0] != "status.yaml"]
            files += [written] if written else []
            slot.stamp = (tuple(sorted(files)), slot.stamp[1])
        contests = dict(self.kb.contests)
        contests[contest_id] = slot.contest
        self.kb = KnowledgeBase(self.kb.root, contests, self.kb.synonyms)
        return self.kb
