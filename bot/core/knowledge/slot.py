"""What the catalog knows of one contest folder, and what it serves from the folder after a read."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from .folders import FolderRead, Stamp, failing_files
from .loader import CONTEST_FILES, ContestFiles, assemble_contest
from .model import Contest
from .reader import LoadError, Reader
from .snapshot import Snapshot, checked

log = logging.getLogger(__name__)


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

    def restore(self, snapshot: Snapshot) -> None:
        """Take the folder's last good knowledge from the snapshot, if it still checks out."""
        files = snapshot.load_contest(self.folder.name, self.folder)
        if files is None:
            return
        contest = checked(files)
        if contest is None:
            log.warning("the snapshot of %s no longer checks out: not served", self.folder.name)
            return
        log.warning("%s has errors: serving its last good knowledge from the snapshot", contest.id)
        self.good, self.contest = files, contest

    def usable(self, read: FolderRead) -> tuple[ContestFiles, Contest] | None:
        """Return what to serve from the folder just read: as read, or mended; None keeps the last good.

        Errors in files the loader does not serve (an unknown notes.yaml) do not hold a contest
        back. A file with errors is replaced by its last good version, if there is one and the
        contest then checks out; otherwise the whole last good contest stays.
        """
        failing = failing_files(read.errors, self.folder)
        if read.contest is not None and not failing:
            return read.files, read.contest
        if self.good is None or not failing <= self.good.models.keys() | CONTEST_FILES.keys():
            return None
        models = dict(read.files.models)
        for name in failing:
            if name in self.good.models:
                models[name] = self.good.models[name]
            else:
                models.pop(name, None)
        sources = self.good.sources if "contest.yaml" in failing else read.files.sources
        mended = ContestFiles(self.folder, models, dict(sources))
        reader = Reader()
        contest = assemble_contest(mended, reader)
        if contest is None or reader.errors:
            return None
        log.info(
            "%s: serving the last good %s with the files that check out",
            self.folder.name,
            ", ".join(sorted(n for n in failing if n in CONTEST_FILES)),
        )
        return mended, contest
