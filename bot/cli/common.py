"""Helpers shared by the command-line tools, and the start-up cache of `bot ask` and `bot chat`.

`load_kb` always reads and validates the whole knowledge folder (`bot check` relies on it).
`load_engine` may instead take the ready engine from a cache file written by an earlier run, so
that `bot ask` starts quickly. The cache is used only when it can be verified:

* its header records the path, size, mtime_ns, ctime_ns and inode of every file the load read
  (synonyms.yaml, every entry of every contest folder, every source file wherever it lives) and
  the list of entries of the knowledge folder and its contest folders; all must match today's;
* it records the bot's code (path, size and mtime of every module of the `bot` package), the bot's
  version, the Python version and the installed parsing and matching libraries; all must match;
* the file and its folder must belong to this user and be writable by no one else, and the
  payload must match the SHA-256 in the header; only then is it unpickled;
* it is written atomically (bot.core.atomic) and only when every file it depends on is more than
  two seconds older than the load, so an edit during or just after the load is never hidden by
  coarse file times.

Any failure means a normal load. Set BOT_CACHE=off to disable the cache, BOT_CACHE_DIR to move it
(default: $XDG_CACHE_HOME/election-night-bot, else ~/.cache/election-night-bot).
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import logging
import os
import pickle
import stat
import sys
import time
from pathlib import Path
from typing import Any

from ..core.answering.engine import Engine
from ..core.knowledge.loader import gc_paused, load_knowledge
from ..core.knowledge.model import KnowledgeBase
from ..core.knowledge.reader import KnowledgeError

log = logging.getLogger(__name__)

CACHE_FORMAT = 1
RACY_NS = 2_000_000_000  # files changed this close to a load are not cached (coarse file times)
# Libraries whose upgrade could change what a load or an engine build produces.
LIBRARIES = ("yaml", "pydantic", "pydantic_core", "snowballstemmer", "rapidfuzz")
Record = list[Any]  # [path, size, mtime_ns, ctime_ns, inode] or [path, None] when missing


class CliError(Exception):
    """A problem to report to the user in one line, with a non-zero exit."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def load_kb(folder: Path) -> KnowledgeBase:
    """Load a knowledge folder or raise CliError with every loader message (never from a cache)."""
    try:
        return load_knowledge(folder)
    except KnowledgeError as exc:
        count = len(exc.errors)
        raise CliError(
            f"knowledge in {folder} is invalid ({count} error{'s' * (count != 1)}):\n{exc}", 1
        ) from None


def load_engine(folder: Path) -> Engine:
    """Load a knowledge folder and build the answer engine, or take both from a verified cache."""
    cache = EngineCache.for_folder(folder)
    if cache is not None:
        engine = cache.read()
        if engine is not None:
            return engine
    started = time.time_ns()
    engine = Engine(load_kb(folder))
    if cache is not None:
        cache.write(engine, started)
    return engine


def cache_dir() -> Path | None:
    """Return the folder for cache files, or None when caching is off."""
    if os.environ.get("BOT_CACHE", "").strip().lower() in ("0", "off", "no", "false"):
        return None
    if explicit := os.environ.get("BOT_CACHE_DIR", "").strip():
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "election-night-bot"


def _record(path: str) -> Record:
    """Describe one file or folder by what changes when it is edited, replaced or removed."""
    try:
        st = os.stat(path)
    except OSError:
        return [path, None]
    return [path, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def knowledge_records(root: str, sources: list[str]) -> list[Record]:
    """Describe every file a load of `root` reads: its entries, its contest folders' entries, sources.

    Mirrors the loader, which reads synonyms.yaml and the files of each non-hidden folder of the
    root; every entry is recorded (so an added or removed file shows), plus each source file.
    """
    records: list[Record] = [["", sorted(os.listdir(root))]]
    for name in records[0][1]:
        path = os.path.join(root, name)
        records.append(_record(path))
        if not name.startswith(".") and os.path.isdir(path):
            names = sorted(os.listdir(path))
            records.append([path + os.sep, names])
            records += [_record(os.path.join(path, n)) for n in names]
    records += [_record(s) for s in sources]
    return records


def environment() -> dict[str, Any]:
    """Describe the code that builds an engine: the bot's modules, its version, Python, libraries."""
    package = Path(__file__).resolve().parents[1]
    modules = []
    for dirpath, dirnames, filenames in os.walk(package):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            if name.endswith(".py"):
                rec = _record(os.path.join(dirpath, name))
                modules.append([os.path.relpath(rec[0], package), *rec[1:]])
    libraries = {}
    for name in LIBRARIES:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        libraries[name] = _record(spec.origin) if spec and spec.origin else None
    return {
        "format": CACHE_FORMAT,
        "version": _bot_version(package),
        "python": [sys.version, sys.implementation.cache_tag, pickle.HIGHEST_PROTOCOL],
        "modules": modules,
        "libraries": libraries,
    }


def _bot_version(package: Path) -> str:
    """Return the bot's version from its installed metadata without importing importlib.metadata."""
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.startswith("election_night_bot-") and name.endswith(
                (".dist-info", ".egg-info")
            ):
                return name.removeprefix("election_night_bot-").rsplit(".", 1)[0]
    return getattr(sys.modules.get(package.name), "__version__", "unknown")


class EngineCache:
    """One cache file holding a pickled engine (with its knowledge base) for one knowledge folder."""

    def __init__(self, folder: Path, directory: Path) -> None:
        self.folder = folder
        self.directory = directory
        absolute = os.path.abspath(folder)
        digest = hashlib.sha256(f"{absolute}\0{folder}".encode()).hexdigest()[:32]
        self.path = directory / f"engine-{digest}.cache"
        self.identity = {"folder": str(folder), "absolute": absolute}

    @classmethod
    def for_folder(cls, folder: Path) -> EngineCache | None:
        """Return the cache of `folder`, or None when caching is off or unsupported here."""
        directory = cache_dir()
        if directory is None or not hasattr(os, "geteuid") or not hasattr(os, "O_NOFOLLOW"):
            return None
        return cls(Path(folder), directory)

    def _dir_is_private(self) -> bool:
        """Tell whether the cache folder is a real folder of this user that no one else can write."""
        try:
            st = os.lstat(self.directory)
        except OSError:
            return False
        return stat.S_ISDIR(st.st_mode) and st.st_uid == os.geteuid() and not st.st_mode & 0o022

    def read(self) -> Engine | None:
        """Return the cached engine if every check passes, else None."""
        try:
            if not self._dir_is_private():
                return None
            fd = os.open(self.path, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            return None
        try:
            with os.fdopen(fd, "rb") as fh:
                st = os.fstat(fh.fileno())
                if not stat.S_ISREG(st.st_mode) or st.st_uid != os.geteuid() or st.st_mode & 0o022:
                    log.debug("cache %s is not private; ignoring it", self.path)
                    return None
                header_line = fh.readline()
                header = json.loads(header_line)
                expected = {**self.identity, "environment": environment()}
                if {k: header.get(k) for k in expected} != expected:
                    return None
                sources = header.get("sources")
                if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
                    return None
                if header.get("records") != knowledge_records(str(self.folder), sources):
                    return None
                payload = base64.b64decode(fh.read(), validate=False)
            if hashlib.sha256(payload).hexdigest() != header.get("sha256"):
                return None
            with gc_paused():
                engine = pickle.loads(payload)
            if not isinstance(engine, Engine):
                return None
            return engine
        except Exception as exc:
            log.debug("cache %s not used: %s", self.path, exc)
            return None

    def write(self, engine: Engine, started_ns: int, racy_ns: int | None = None) -> None:
        """Save `engine` if the files it was built from are old enough to be trusted; never fail.

        `started_ns` is when the load began; a file changed after `started_ns - racy_ns` could
        hold an edit the load missed, or one coarse file times would not show, so nothing is saved.
        """
        racy_ns = RACY_NS if racy_ns is None else racy_ns
        try:
            sources = sorted(
                {str(d.path) for c in engine.kb.contests.values() for d in c.sources.values()}
            )
            records = knowledge_records(str(self.folder), sources)
            newest = max((max(r[2], r[3]) for r in records if len(r) == 5), default=0)
            if newest > started_ns - racy_ns:
                log.debug("knowledge changed less than %d ns before the load; not caching", racy_ns)
                return
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not self._dir_is_private():
                return
            payload = pickle.dumps(engine, protocol=pickle.HIGHEST_PROTOCOL)
            header = {
                **self.identity,
                "environment": environment(),
                "sources": sources,
                "records": records,
                "sha256": hashlib.sha256(payload).hexdigest(),
            }
            text = json.dumps(header) + "\n" + base64.b64encode(payload).decode("ascii") + "\n"
            from ..core.atomic import atomic_write

            if self.path.is_symlink() or (self.path.exists() and self.path.stat().st_mode & 0o022):
                self.path.unlink()  # atomic_write would keep its loose permissions
            atomic_write(self.path, text)
        except Exception as exc:
            log.debug("cache %s not written: %s", self.path, exc)
