"""Reading one contest folder on its own: the stamp of its files, the reading, and clashes.

A folder's stamp (size, times and inode of each of its files, and of the source files its
contest.yaml names) tells whether it changed since it was read. A reading holds the files'
models, the contest they make and every error, and can travel between processes as plain data.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .loader import CONTEST_FILES, ContestFiles, assemble_contest, contest_folders, read_contest
from .model import Contest, KnowledgeBase
from .reader import LoadError, Reader, display
from .schema import ContestFile, SynonymsFile
from .snapshot import Snapshot, checked, jsonable
from .sources import SourceDoc
from .validate import validate_knowledge
from .yamlfile import load_yaml
from .yamlproblem import YamlProblem

FileStamp = tuple[str, int, int, int, int]  # name or path, size, mtime_ns, ctime_ns, inode
Stamp = tuple[FileStamp, ...]


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


def read_folder(
    folder: Path, every_file: bool = True, snapshot: Snapshot | None = None, *, fast: bool = False
) -> FolderRead:
    """Read and check one contest folder on its own (safe in a worker process).

    A folder unchanged since `snapshot` took it, and clean then, is read from the snapshot:
    parsing its JSON is a fraction of parsing the YAML. `fast` offers the YAML to yaml-rs first
    (yamlfast.py): for short-lived processes, as its allocations would stay in a long-lived one.
    """
    stamp = folder_stamp(folder)  # before reading: an edit meanwhile shows next time
    if snapshot is not None and every_file:
        kept = read_kept(folder, stamp, snapshot)
        if kept is not None:
            return kept
    reader = Reader(fast=fast)
    files = read_contest(folder, reader, every_file=every_file)
    contest = assemble_contest(files, reader)
    meta: Any = files.models.get("contest.yaml")
    sources = tuple((folder / ref.file).resolve() for ref in meta.sources) if meta else ()
    return FolderRead(files, contest, reader.errors, sources, (stamp, sources_stamp(sources)))


def read_kept(folder: Path, stamp: Stamp, snapshot: Snapshot) -> FolderRead | None:
    """Return the snapshot's reading of a folder if it was taken of these very files, else None.

    The snapshot's stamp must be the folder's and its sources' as they are now (size, times and
    inode of every file: any edit, copy or replacement changes it), and it is checked like files
    read (citations against the paragraphs) before it is used.
    """
    saved = snapshot.stamp(folder.name)
    if not isinstance(saved, list) or len(saved) != 2 or saved[0] != jsonable(stamp):
        return None  # most often: no snapshot, or the folder changed
    files = snapshot.load_contest(folder.name, folder)
    meta = files.models.get("contest.yaml") if files else None
    if files is None or not isinstance(meta, ContestFile):
        return None
    sources = tuple((folder / ref.file).resolve() for ref in meta.sources)
    full = (stamp, sources_stamp(sources))
    if saved != jsonable(full):
        return None
    contest = checked(files)
    return FolderRead(files, contest, [], sources, full) if contest else None


def changed_folders(
    root: Path, sources: Mapping[str, Iterable[Path]], hints: Iterable[Path | str], synonyms: str
) -> tuple[set[str], bool]:
    """Return the contest folders changed paths belong to, and whether `synonyms` is one.

    `sources` maps each folder read so far to the source files its contest names, wherever
    they live; a path naming the root itself means every folder.
    """
    names: set[str] = set()
    syn = False
    resolved = root.resolve()
    for hint in hints:
        path = Path(hint).resolve()
        names |= {name for name, paths in sources.items() if path in paths}
        try:
            parts = path.relative_to(resolved).parts
        except ValueError:
            continue
        if not parts:
            names |= {p.name for p in contest_folders(root)} | set(sources)
        elif len(parts) > 1 or (root / parts[0]).is_dir() or parts[0] in sources:
            if not parts[0].startswith("."):
                names.add(parts[0])
        elif parts[0] == synonyms:
            syn = True
    return names, syn


def read_here(folders: list[Path], snapshot: Snapshot | None = None) -> dict[str, FolderRead]:
    """Read contest folders one after the other, in this thread; keyed by folder name."""
    return {folder.name: read_folder(folder, snapshot=snapshot) for folder in folders}


class LineReader(Reader):
    """A Reader that parses a file for its line numbers when an error is found in it unread."""

    def at(self, path: Path, loc: tuple[Any, ...], message: str) -> None:
        if path not in self.docs and path.is_file():
            with contextlib.suppress(YamlProblem):
                self.docs[path] = load_yaml(path)[0]
        super().at(path, loc, message)


def clashes(
    steady: list[tuple[str, Contest]],
    changed: dict[str, Contest],
    root: Path,
    synonyms: SynonymsFile,
) -> dict[str, list[LoadError]]:
    """Return the changed contests (by folder) whose id or aliases clash with another's, and why.

    The contests served unchanged keep what they claim; changed ones are refused one at a time,
    the last folder first, since the others may then fit.
    """
    refused: dict[str, list[LoadError]] = {}
    while changed.keys() - refused.keys():
        live = [n for n in changed if n not in refused]
        contests: dict[str, Contest] = {}
        folder_of: dict[str, str] = {}
        problems: dict[str, list[LoadError]] = {}
        for name, contest in [*steady, *((n, changed[n]) for n in sorted(live))]:
            if contest.id in contests:
                reader = LineReader()
                path = contest.folder / "contest.yaml"
                reader.at(path, ("id",), f"duplicate contest id {contest.id!r}")
                problems.setdefault(name, []).extend(reader.errors)
                continue
            contests[contest.id], folder_of[contest.id] = contest, name
        reader = LineReader()
        validate_knowledge(KnowledgeBase(root, contests, synonyms), reader)
        for error in reader.errors:
            for cid, name in folder_of.items():
                if name in live and in_folder(error, contests[cid].folder):
                    problems.setdefault(name, []).append(error)
        if not problems:
            break
        last = max(problems)
        refused[last] = problems[last]
    return refused


def in_folder(error: LoadError, folder: Path) -> bool:
    """Tell whether an error is about a file in `folder` (or the folder itself)."""
    shown = display(folder)
    return error.file == shown or error.file.startswith(shown + os.sep)


def same_contest(old: Contest, new: Contest) -> bool:
    """Tell whether two readings of a contest serve the same, apart from the entries compared."""
    keys = ("id", "name", "date", "default", "aliases", "folder", "announcements")
    if any(getattr(old, k) != getattr(new, k) for k in keys):
        return False
    return {k: v.paragraphs for k, v in old.sources.items()} == {
        k: v.paragraphs for k, v in new.sources.items()
    } and {k: (v.title, v.outlet, v.url) for k, v in old.sources.items()} == {
        k: (v.title, v.outlet, v.url) for k, v in new.sources.items()
    }


def failing_files(errors: list[LoadError], folder: Path) -> set[str]:
    """Return the contest files of `folder` that errors were found in (a missing contest.yaml too)."""
    shown = display(folder)
    names = {"contest.yaml" if e.file == shown else Path(e.file).name for e in errors}
    return names & CONTEST_FILES.keys()
