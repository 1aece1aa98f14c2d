"""Read a knowledge folder into a KnowledgeBase, or report every error with file and line."""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
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


def _load_contest(folder: Path, reader: Reader) -> Contest | None:
    """Read one contest folder; return None when its contest.yaml is unusable."""
    for path in sorted(folder.glob("*.y*ml")):
        if path.name not in CONTEST_FILES and path.name not in OTHER_FILES:
            known = ", ".join(sorted(CONTEST_FILES))
            reader.error(path, None, "", f"unknown knowledge file (expected one of: {known})")
    cfile = folder / "contest.yaml"
    if not cfile.exists():
        reader.error(folder, None, "", "contest folder has no contest.yaml")
        return None
    meta = reader.parse(cfile, ContestFile)
    if meta is None:
        return None
    sources: dict[str, SourceDoc] = {}
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
        if ref.id in sources:
            reader.at(cfile, ("sources", i, "id"), f"duplicate source id {ref.id!r}")
        sources[ref.id] = SourceDoc(ref.id, path, ref.title, ref.outlet, ref.url, paragraphs)
    contest = Contest(
        id=meta.id,
        name=meta.name,
        date=meta.date,
        default=meta.default,
        aliases=list(meta.aliases),
        folder=folder,
        sources=sources,
    )
    if (facts := _optional(folder / "facts.yaml", FactsFile, reader)) is not None:
        contest.facts = list(facts.facts)
    if (quotes := _optional(folder / "quotes.yaml", QuotesFile, reader)) is not None:
        contest.quotes = list(quotes.quotes)
    if (people := _optional(folder / "people.yaml", PeopleFile, reader)) is not None:
        for p in people.people:
            contest.people.setdefault(p.id, p)
    if (status := _optional(folder / "status.yaml", Status, reader)) is not None:
        contest.status = status
    else:
        contest.status = DEFAULT_STATUS
    contest.announcements = _optional(folder / "announcements.yaml", AnnouncementsFile, reader)
    validate_contest(contest, reader)
    validate_announcements(contest, reader)
    return contest


def _optional(path: Path, model: type[M], reader: Reader) -> M | None:
    """Parse `path` if it exists."""
    return reader.parse(path, model) if path.exists() else None


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
    synonyms = SynonymsFile()
    syn_path = root / "synonyms.yaml"
    if syn_path.exists():
        synonyms = reader.parse(syn_path, SynonymsFile) or SynonymsFile()
    contests: dict[str, Contest] = {}
    folders = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    for folder in folders:
        contest = _load_contest(folder, reader)
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
