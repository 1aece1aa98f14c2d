"""Read a knowledge folder into a KnowledgeBase, or report every error with file and line."""

from __future__ import annotations

import fnmatch
import gc
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from .announcements import AnnouncementsFile
from .model import Contest, KnowledgeBase
from .reader import KnowledgeError, LoadError, Reader, display
from .schema import ContestFile, FactsFile, PeopleFile, QuotesFile, SynonymsFile
from .sources import SourceDoc, read_paragraphs
from .status import DEFAULT_STATUS, Status
from .validate import validate_announcements, validate_contest, validate_knowledge

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)

CONTEST_FILES: dict[str, type[BaseModel]] = {
    "contest.yaml": ContestFile,
    "facts.yaml": FactsFile,
    "quotes.yaml": QuotesFile,
    "people.yaml": PeopleFile,
    "status.yaml": Status,
    "announcements.yaml": AnnouncementsFile,
}
# Files other features own; the loader leaves them to those features.
OTHER_FILES: set[str] = set()
YAML = "*.y*ml"  # the names the loader looks at in a contest folder


@dataclass
class ContestFiles:
    """One contest folder's files, each parsed on its own: the models that parsed, and the sources."""

    folder: Path
    models: dict[str, BaseModel] = field(default_factory=dict)  # file name -> its model
    sources: dict[str, SourceDoc] = field(default_factory=dict)  # read from contest.yaml's list


def yaml_names(folder: Path) -> list[str]:
    """Return the names of the YAML files in a folder, as the loader sees them (sorted)."""
    return sorted(
        n for n in os.listdir(folder) if not n.startswith(".") and fnmatch.fnmatchcase(n, YAML)
    )


def read_contest(folder: Path, reader: Reader, *, every_file: bool = False) -> ContestFiles:
    """Parse one contest folder's files and read its sources; errors go to `reader`.

    Without contest.yaml (or when it does not parse) the other files are read only `every_file`.
    """
    files = ContestFiles(folder)
    names = yaml_names(folder)
    for name in names:
        if name not in CONTEST_FILES and name not in OTHER_FILES:
            known = ", ".join(sorted(CONTEST_FILES))
            reader.error(
                folder / name, None, "", f"unknown knowledge file (expected one of: {known})"
            )
    cfile = folder / "contest.yaml"
    meta = reader.parse(cfile, ContestFile) if "contest.yaml" in names else None
    if "contest.yaml" not in names:
        reader.error(folder, None, "", "contest folder has no contest.yaml")
    if meta is None and not every_file:
        return files
    if meta is not None:
        files.models["contest.yaml"] = meta
        for i, ref in enumerate(meta.sources):
            path = (folder / ref.file).resolve()
            try:
                paragraphs = read_paragraphs(path)
            except (OSError, UnicodeDecodeError) as exc:
                why = "file not found" if isinstance(exc, FileNotFoundError) else str(exc)
                reader.at(
                    cfile,
                    ("sources", i, "file"),
                    f"cannot read source {ref.file} ({why}: {path}); its citations are checked "
                    "once it can be read",
                )
                reader.unreadable.setdefault(folder, set()).add(ref.id)
                continue
            if ref.id in files.sources:
                reader.at(cfile, ("sources", i, "id"), f"duplicate source id {ref.id!r}")
            files.sources[ref.id] = SourceDoc(
                ref.id, path, ref.title, ref.outlet, ref.url, paragraphs
            )
    for name, model in CONTEST_FILES.items():
        if name != "contest.yaml" and name in names:
            parsed = reader.parse(folder / name, model)
            if parsed is not None:
                files.models[name] = parsed
    return files


def assemble_contest(files: ContestFiles, reader: Reader, *, check: bool = True) -> Contest | None:
    """Build a contest from its parsed files and check them against each other and the sources.

    `check=False` skips the checks, for files checked already (in a worker process).
    """
    meta = files.models.get("contest.yaml")
    if not isinstance(meta, ContestFile):
        return None
    contest = Contest(
        id=meta.id,
        name=meta.name,
        date=meta.date,
        default=meta.default,
        aliases=list(meta.aliases),
        elsewhere=list(meta.elsewhere),
        folder=files.folder,
        sources=dict(files.sources),
    )
    if isinstance(facts := files.models.get("facts.yaml"), FactsFile):
        contest.facts = list(facts.facts)
    if isinstance(quotes := files.models.get("quotes.yaml"), QuotesFile):
        contest.quotes = list(quotes.quotes)
    if isinstance(people := files.models.get("people.yaml"), PeopleFile):
        for p in people.people:
            contest.people.setdefault(p.id, p)
    status = files.models.get("status.yaml")
    contest.status = status if isinstance(status, Status) else DEFAULT_STATUS
    announcements = files.models.get("announcements.yaml")
    contest.announcements = announcements if isinstance(announcements, AnnouncementsFile) else None
    if check:
        validate_contest(contest, reader)
        validate_announcements(contest, reader)
    return contest


def load_contest(folder: Path, reader: Reader) -> Contest | None:
    """Read one contest folder; return None when its contest.yaml is unusable."""
    return assemble_contest(read_contest(folder, reader), reader)


def load_synonyms(root: Path, reader: Reader) -> SynonymsFile:
    """Read synonyms.yaml (empty synonyms when there is none or it does not parse)."""
    path = root / "synonyms.yaml"
    if not path.exists():
        return SynonymsFile()
    return reader.parse(path, SynonymsFile) or SynonymsFile()


def contest_folders(root: Path) -> list[Path]:
    """Return the contest folders of a knowledge folder: its sub-folders not starting with a dot."""
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))


_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the duration (re-entrant and thread-safe).

    Loading makes about a million small objects that all stay alive; the collector would walk
    them again and again (about a quarter of the load time of a large folder) and free nothing.
    """
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()


def load_knowledge(root: Path | str, *, pause_gc: bool = True) -> KnowledgeBase:
    """Load and validate a whole knowledge folder; raise KnowledgeError listing every problem.

    `pause_gc=False` is for the bot's reloads, which must not pause the collector: garbage the
    event loop makes meanwhile would pile up, and the first collection after would walk the
    whole new base on the loop's time (see stalls.py).
    """
    if not pause_gc:
        return _load_knowledge(Path(root))
    with gc_paused():
        return _load_knowledge(Path(root))


def _load_knowledge(root: Path) -> KnowledgeBase:
    """Do the work of load_knowledge."""
    reader = Reader()
    if not root.is_dir():
        raise KnowledgeError([LoadError(display(root), None, "", "knowledge folder not found")])
    synonyms = load_synonyms(root, reader)
    contests: dict[str, Contest] = {}
    for folder in contest_folders(root):
        contest = load_contest(folder, reader)
        if contest is None:
            continue
        if contest.id in contests:
            reader.at(folder / "contest.yaml", ("id",), f"duplicate contest id {contest.id!r}")
            continue
        contests[contest.id] = contest
    if not contests and not reader.errors:
        reader.error(root, None, "", "no contest folders (each needs a contest.yaml)")
    kb = KnowledgeBase(root=root, contests=contests, synonyms=synonyms)
    validate_knowledge(kb, reader)
    if reader.errors:
        raise KnowledgeError(reader.errors)
    while reader.docs:  # one file at a time: 3,000 at once is one ~25 ms free holding the GIL
        reader.docs.popitem()
    log.debug("loaded knowledge from %s: %s", root, kb.counts())
    return kb
