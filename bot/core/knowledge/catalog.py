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

import contextlib
import dataclasses
import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..pacing import pace
from .loader import (
    CONTEST_FILES,
    ContestFiles,
    assemble_contest,
    contest_folders,
    read_contest,
)
from .model import Contest, KnowledgeBase
from .reader import LoadError, Reader, display
from .schema import SynonymsFile
from .snapshot import Snapshot, jsonable
from .sources import SourceDoc
from .status import Status
from .validate import validate_knowledge
from .yamlfile import YamlProblem, load_yaml

log = logging.getLogger(__name__)

FileStamp = tuple[str, int, int, int, int]  # name or path, size, mtime_ns, ctime_ns, inode
Stamp = tuple[FileStamp, ...]
SYNONYMS = "synonyms.yaml"


def file_stamp(path: Path | str, name: str | None = None) -> FileStamp | None:
    """Return what changes when a file is edited, replaced or removed (None: it is missing)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (name or str(path), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def folder_stamp(folder: Path) -> Stamp:
    """Stamp every visible file of a contest folder (any kind: a source may live there too)."""
    stamps: list[FileStamp] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if not entry.name.startswith(".") and entry.is_file():
                    stamps.append(file_stamp(entry.path, entry.name) or (entry.name, -1, 0, 0, 0))
    except OSError:
        return ()
    return tuple(sorted(stamps))


def sources_stamp(sources: Iterable[Path]) -> Stamp:
    """Stamp the source files a contest names, wherever they live."""
    return tuple(file_stamp(path) or (str(path), -1, 0, 0, 0) for path in sources)


def contest_fingerprints(contest: Contest) -> dict[str, str]:
    """Return a content fingerprint of every entry of a contest, keyed 'contest/kind/id'."""
    out = {f"{contest.id}/status": contest.status.model_dump_json()}
    for fact in contest.facts:
        out[f"{contest.id}/fact/{fact.id}"] = fact.model_dump_json()
    for quote in contest.quotes:
        out[f"{contest.id}/quote/{quote.id}"] = quote.model_dump_json()
    for person in contest.people.values():
        out[f"{contest.id}/person/{person.id}"] = person.model_dump_json()
    return out


@dataclass
class FolderRead:
    """One reading of a contest folder: its files, the contest they make, and every error."""

    files: ContestFiles
    contest: Contest | None
    errors: list[LoadError]
    sources: tuple[Path, ...]  # the source files its contest.yaml names (read or not)
    stamp: tuple[Stamp, Stamp] = ((), ())  # the folder's files, stamped before they were read

    def pack(self) -> tuple[Any, ...]:
        """Return this reading as plain data, to send between processes (JSON for the models).

        Pickling the models themselves cost four times as much, on both sides.
        """
        files = self.files
        models = {name: model.model_dump_json() for name, model in files.models.items()}
        sources = {
            sid: (str(d.path), d.title, d.outlet, d.url, d.paragraphs)
            for sid, d in files.sources.items()
        }
        errors = [(e.file, e.line, e.field, e.message) for e in self.errors]
        paths = [str(path) for path in self.sources]
        return (
            str(files.folder),
            models,
            sources,
            self.contest is not None,
            errors,
            paths,
            self.stamp,
        )

    @classmethod
    def unpack(cls, data: tuple[Any, ...]) -> FolderRead:
        """Rebuild a reading from `pack`'s data (the files were checked where they were read)."""
        folder, models, sources, has_contest, errors, paths, stamp = data
        files = ContestFiles(
            Path(folder),
            {name: CONTEST_FILES[name].model_validate_json(text) for name, text in models.items()},
            {
                sid: SourceDoc(sid, Path(path), title, outlet, url, paragraphs)
                for sid, (path, title, outlet, url, paragraphs) in sources.items()
            },
        )
        contest = assemble_contest(files, Reader(), check=False) if has_contest else None
        found = [LoadError(*e) for e in errors]
        return cls(files, contest, found, tuple(Path(p) for p in paths), stamp)


def read_folder(folder: Path, every_file: bool = True) -> FolderRead:
    """Read and check one contest folder on its own (safe in a worker process)."""
    stamp = folder_stamp(folder)  # before reading: an edit meanwhile shows next time
    reader = Reader()
    files = read_contest(folder, reader, every_file=every_file)
    contest = assemble_contest(files, reader)
    meta: Any = files.models.get("contest.yaml")
    sources = tuple((folder / ref.file).resolve() for ref in meta.sources) if meta else ()
    return FolderRead(files, contest, reader.errors, sources, (stamp, sources_stamp(sources)))


def read_here(folders: list[Path]) -> dict[str, FolderRead]:
    """Read contest folders one after the other, in this thread; keyed by folder name."""
    return {folder.name: read_folder(folder) for folder in folders}


@dataclass
class Slot:
    """What the catalog knows of one contest folder."""

    folder: Path
    stamp: tuple[Stamp, Stamp] | None = None  # its files and its sources, as last read
    sources: tuple[Path, ...] = ()
    retry: bool = False  # refused for a clash with another contest: look again at each refresh
    good: ContestFiles | None = None  # the last good files, which check out together
    contest: Contest | None = None  # the contest served from this folder
    errors: list[LoadError] = field(default_factory=list)  # found when last read


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


class _LineReader(Reader):
    """A Reader that parses a file for its line numbers when an error is found in it unread."""

    def at(self, path: Path, loc: tuple[Any, ...], message: str) -> None:
        if path not in self.docs and path.is_file():
            with contextlib.suppress(YamlProblem):
                self.docs[path] = load_yaml(path)[0]
        super().at(path, loc, message)


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
        if hints is None or self.kb is None:
            names = {p.name for p in contest_folders(self.root)} | set(self.slots)
            syn = True
        else:
            names, syn = self._named(hints)
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
            stamp = (folder_stamp(folder), sources_stamp(slot.sources))
            if slot.stamp == stamp and not slot.retry:
                continue
            if slot.stamp == stamp:
                quiet.add(name)
            todo.append(folder)
        reads = (read or read_here)(todo) if todo else {}
        for name, done in reads.items():
            slot = self.slots[name]
            slot.stamp, slot.sources = done.stamp, done.sources
        return self._commit(reads, quiet, gone, synonyms_changed, errors)

    def _named(self, hints: Iterable[Path | str]) -> tuple[set[str], bool]:
        """Return the folders the changed paths belong to, and whether synonyms.yaml is one."""
        names: set[str] = set()
        syn = False
        root = self.root.resolve()
        for hint in hints:
            path = Path(hint).resolve()
            for name, slot in self.slots.items():
                if path in slot.sources:
                    names.add(name)
            try:
                parts = path.relative_to(root).parts
            except ValueError:
                continue
            if not parts:
                names |= {p.name for p in contest_folders(self.root)} | set(self.slots)
            elif len(parts) > 1 or (self.root / parts[0]).is_dir() or parts[0] in self.slots:
                if not parts[0].startswith("."):
                    names.add(parts[0])
            elif parts[0] == SYNONYMS:
                syn = True
        return names, syn

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
            failing = _failing_files(read.errors, slot.folder)
            if slot.good is None and failing and self.snapshot is not None:
                self._from_snapshot(slot)
            chosen = self._usable(slot, read)
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

    def _from_snapshot(self, slot: Slot) -> None:
        """Take a folder's last good knowledge from the snapshot, if it still checks out."""
        assert self.snapshot is not None
        files = self.snapshot.load_contest(slot.folder.name, slot.folder)
        if files is None:
            return
        reader = Reader()
        contest = assemble_contest(files, reader)
        if contest is None or reader.errors:
            log.warning("the snapshot of %s no longer checks out: not served", slot.folder.name)
            return
        log.warning("%s has errors: serving its last good knowledge from the snapshot", contest.id)
        slot.good, slot.contest = files, contest

    def _usable(self, slot: Slot, read: FolderRead) -> tuple[ContestFiles, Contest] | None:
        """Return what to serve from a folder just read: as read, or mended; None keeps the last good.

        Errors in files the loader does not serve (an unknown notes.yaml) do not hold a contest
        back. A file with errors is replaced by its last good version, if there is one and the
        contest then checks out; otherwise the whole last good contest stays.
        """
        failing = _failing_files(read.errors, slot.folder)
        if read.contest is not None and not failing:
            return read.files, read.contest
        if slot.good is None or not failing <= slot.good.models.keys() | CONTEST_FILES.keys():
            return None
        models = dict(read.files.models)
        for name in failing:
            if name in slot.good.models:
                models[name] = slot.good.models[name]
            else:
                models.pop(name, None)
        sources = slot.good.sources if "contest.yaml" in failing else read.files.sources
        mended = ContestFiles(slot.folder, models, dict(sources))
        reader = Reader()
        contest = assemble_contest(mended, reader)
        if contest is None or reader.errors:
            return None
        log.info(
            "%s: serving the last good %s with the files that check out",
            slot.folder.name,
            ", ".join(sorted(n for n in failing if n in CONTEST_FILES)),
        )
        return mended, contest

    def _check_across(self, pending: dict[str, tuple[ContestFiles, Contest]]) -> dict[str, list]:
        """Refuse changed contests whose id or aliases clash with another's; return their errors."""
        refused: dict[str, list[LoadError]] = {}
        while pending.keys() - refused.keys():
            live = [n for n in pending if n not in refused]
            contests: dict[str, Contest] = {}
            folder_of: dict[str, str] = {}
            problems: dict[str, list[LoadError]] = {}
            steady = [
                (n, s.contest)
                for n, s in sorted(self.slots.items())
                if n not in pending and s.contest
            ]
            for name, contest in [*steady, *((n, pending[n][1]) for n in sorted(live))]:
                if contest.id in contests:
                    reader = _LineReader()
                    path = contest.folder / "contest.yaml"
                    reader.at(path, ("id",), f"duplicate contest id {contest.id!r}")
                    problems.setdefault(name, []).extend(reader.errors)
                    continue
                contests[contest.id], folder_of[contest.id] = contest, name
            reader = _LineReader()
            kb = KnowledgeBase(self.root, contests, self.synonyms or SynonymsFile())
            validate_knowledge(kb, reader)
            for error in reader.errors:
                for cid, name in folder_of.items():
                    if name in live and _in_folder(error, contests[cid].folder):
                        problems.setdefault(name, []).append(error)
            if not problems:
                break
            last = max(problems)  # refuse one at a time, the last first: the others may then fit
            refused[last] = problems[last]
        return refused

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
            if same and old is not None and new is not None and _same_contest(old, new):
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
            out.append((name, slot.good if slot else None, slot.stamp if slot else None))
        self.dirty.clear()
        return out

    def save_snapshot(self, todo: list[tuple[str, Any, Any]]) -> int:
        """Write what `take_dirty` returned to the snapshot (in a thread); return files written."""
        if self.snapshot is None:
            return 0
        written = 0
        for name, files, stamp in todo:
            if not name:
                self.snapshot.save_synonyms(files)
                written += 1
                continue
            pace()
            if files is None:
                self.snapshot.remove(name)
            elif self.snapshot.stamp(name) != jsonable(stamp):
                self.snapshot.save_contest(name, files, stamp)
                written += 1
        return written

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


def _in_folder(error: LoadError, folder: Path) -> bool:
    """Tell whether an error is about a file in `folder` (or the folder itself)."""
    shown = display(folder)
    return error.file == shown or error.file.startswith(shown + os.sep)


def _same_contest(old: Contest, new: Contest) -> bool:
    """Tell whether two readings of a contest serve the same, apart from the entries compared."""
    keys = ("id", "name", "date", "default", "aliases", "folder", "announcements")
    if any(getattr(old, k) != getattr(new, k) for k in keys):
        return False
    return {k: v.paragraphs for k, v in old.sources.items()} == {
        k: v.paragraphs for k, v in new.sources.items()
    } and {k: (v.title, v.outlet, v.url) for k, v in old.sources.items()} == {
        k: (v.title, v.outlet, v.url) for k, v in new.sources.items()
    }


def _failing_files(errors: list[LoadError], folder: Path) -> set[str]:
    """Return the contest files of `folder` that errors were found in (a missing contest.yaml too)."""
    shown = display(folder)
    names = {"contest.yaml" if e.file == shown else Path(e.file).name for e in errors}
    return names & CONTEST_FILES.keys()
