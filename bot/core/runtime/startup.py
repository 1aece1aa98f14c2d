"""Start-up: read the knowledge folder in worker processes while the bot imports the rest.

Reading a general election's 650 contest folders (YAML, models, verbatim citations) and working
out each contest's engine parts (its vocabulary above all) is most of `bot run`'s start-up, and
it is all CPU. So on Linux the folders are shared out between forked worker processes, one per
core, each sending back what it read (pickled); meanwhile this process imports discord.py and
loads the spelling list. The catalog then checks across contests as usual. Without `fork`, or on
one core, the folders are read here, one after the other.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import sys
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from pathlib import Path

from ..answering.parts import ContestParts
from ..knowledge.catalog import Catalog, Refresh
from ..knowledge.folders import FolderRead, read_folder
from ..knowledge.loader import contest_folders, gc_paused
from ..knowledge.snapshot import Snapshot
from .holder import open_knowledge

log = logging.getLogger(__name__)

Share = list[tuple[tuple[object, ...], ContestParts | None]]  # FolderRead.pack(), parts
SHARES_PER_WORKER = 4


def snapshot_dir(database_path: Path) -> Path:
    """Return where the last good knowledge is kept: knowledge-snapshot/ next to the database."""
    return Path(database_path).parent / "knowledge-snapshot"


def read_share(folders: list[Path], snapshot: Path | None) -> Share:
    """Read some contest folders and work out the parts of each contest that checks out."""
    gc.disable()  # a worker lives for this one job: its objects all stay until pickled
    kept = Snapshot(snapshot) if snapshot else None
    out: Share = []
    for folder in folders:
        read = read_folder(folder, snapshot=kept, fast=True)  # a short-lived process
        parts = ContestParts.of(read.contest) if read.contest and not read.errors else None
        out.append((read.pack(), parts))
    return out


def workers_wanted() -> int:
    """Return how many worker processes to read with (0: read in this process)."""
    if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return 0  # fork is only safe (and cheap) here; spawn would import everything again
    if threading.active_count() > 1:
        return 0  # a thread could hold a lock the forked children would then never see freed
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return cores if (cores or 1) > 1 else 0


class Opening:
    """A knowledge folder being read for serving; `result()` waits for it.

    Start it before importing what else the bot needs: the workers are forked at once, while
    this process has no threads yet.
    """

    def __init__(self, folder: Path, snapshot: Path | None, workers: int | None = None) -> None:
        self.started = time.monotonic()
        self.folder = Path(folder)
        self.snapshot = snapshot
        workers = workers_wanted() if workers is None else workers
        self._futures: list[Future[Share]] = []
        self._shares = 0
        self._pool: ProcessPoolExecutor | None = None
        self.parts: dict[str, tuple[object, ContestParts]] = {}  # worked out by the workers
        try:
            folders = contest_folders(self.folder) if workers else []
        except OSError:
            folders = []  # open_knowledge says what is wrong with the folder
        if workers and len(folders) > 1:
            self._pool = ProcessPoolExecutor(
                workers, mp_context=multiprocessing.get_context("fork")
            )
            # Several shares a worker: each is sent back (and unpickled here) as soon as it is
            # read, while the workers go on with the next.
            count = min(len(folders), workers * SHARES_PER_WORKER)
            shares = [folders[i::count] for i in range(count)]
            self._futures = [
                self._pool.submit(read_share, share, self.snapshot) for share in shares if share
            ]
            self._shares = len(self._futures)
            log.debug("reading %d contest folders in %d processes", len(folders), workers)

    def _read(self, todo: list[Path]) -> dict[str, FolderRead]:
        """Return the workers' readings of `todo`, reading here any folder they did not."""
        reads: dict[str, FolderRead] = {}
        with gc_paused():
            for future in as_completed(self._futures):  # each share as soon as it is read
                for packed, parts in future.result():
                    read = FolderRead.unpack(packed)
                    reads[read.files.folder.name] = read
                    if parts is not None and read.contest is not None:
                        self.parts[read.contest.id] = (read.contest, parts)
        wanted = {folder.name for folder in todo}
        kept = Snapshot(self.snapshot) if self.snapshot else None
        for folder in todo:
            if folder.name not in reads:  # created while the workers were reading
                reads[folder.name] = read_folder(folder, snapshot=kept)
        return {name: read for name, read in reads.items() if name in wanted}

    def result(self) -> tuple[Catalog, Refresh, dict[str, ContestParts]]:
        """Wait for the folder; return the catalog, what it serves and the contests' parts.

        Raises KnowledgeError when nothing can be served (see open_knowledge).
        """
        try:
            read = self._read if self._futures else None
            catalog, refresh = open_knowledge(self.folder, self.snapshot, read=read)
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True)
            self._pool, self._futures = None, []  # their results would keep every reading alive
        served = refresh.kb.contests
        parts = {cid: p for cid, (c, p) in self.parts.items() if served.get(cid) is c}
        self.parts = {}
        log.info(
            "knowledge read: %d contests, %d error(s), in %.2f s (%s)",
            len(served),
            len(refresh.errors),
            time.monotonic() - self.started,
            f"{self._shares} shares in worker processes" if self._shares else "one process",
        )
        return catalog, refresh, parts
