"""The last good knowledge, kept in the data folder so that a restart can serve it while files are broken.

One JSON file per contest folder (`<folder>.json`) holds the models of its files and the text of
its sources as last validated, and `synonyms.json` the synonyms. A file is replaced atomically
whenever its contest's last good version changes. At start-up the catalog reads the snapshot of
a folder that fails, and checks it as it checks files (the models again, then every citation
against its paragraphs), so a snapshot never serves what the loader would refuse. The first line
of each file is the stamp of the folder it was taken from, to skip rewriting what has not changed.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..atomic import atomic_write
from ..pacing import pace
from .loader import CONTEST_FILES, ContestFiles, assemble_contest
from .model import Contest
from .reader import Reader
from .schema import SynonymsFile
from .sources import SourceDoc

log = logging.getLogger(__name__)

FORMAT = 1
SYNONYMS = "synonyms.json"


class Snapshot:
    """A folder of JSON files, one per contest folder, holding its last good knowledge."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def _path(self, name: str) -> Path:
        """Return the file of a contest folder (folder names never hold a separator)."""
        return self.directory / f"{name}.json"

    def stamp(self, name: str) -> Any:
        """Return the stamp a contest's snapshot was taken with (None if there is none)."""
        try:
            with open(self._path(name), encoding="utf-8") as fh:
                return json.loads(fh.readline())
        except (OSError, ValueError):
            return None

    def save_contest(self, name: str, files: ContestFiles, stamp: Any = None) -> None:
        """Keep a contest folder's last good files (atomically)."""
        body = {
            "format": FORMAT,
            "folder": name,
            "files": {n: m.model_dump(mode="json") for n, m in files.models.items()},
            "sources": {
                sid: {
                    "path": str(doc.path),
                    "title": doc.title,
                    "outlet": doc.outlet,
                    "url": doc.url,
                    "paragraphs": list(doc.paragraphs),
                }
                for sid, doc in files.sources.items()
            },
        }
        self.directory.mkdir(parents=True, exist_ok=True)
        text = json.dumps(jsonable(stamp)) + "\n" + json.dumps(body, ensure_ascii=False) + "\n"
        atomic_write(self._path(name), text)

    def load_contest(self, name: str, folder: Path) -> ContestFiles | None:
        """Return a contest folder's last good files, or None if there is no usable snapshot."""
        path = self._path(name)
        try:
            with open(path, encoding="utf-8") as fh:
                fh.readline()
                body = json.loads(fh.readline())
            if body.get("format") != FORMAT:
                return None
            models = {n: CONTEST_FILES[n].model_validate(data) for n, data in body["files"].items()}
            sources = {
                sid: SourceDoc(
                    sid,
                    Path(s["path"]),
                    s["title"],
                    s["outlet"],
                    s["url"],
                    tuple(str(p) for p in s["paragraphs"]),
                )
                for sid, s in body["sources"].items()
            }
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, ValidationError) as exc:
            log.warning("the knowledge snapshot %s cannot be used: %s", path, exc)
            return None
        return ContestFiles(folder, models, sources)

    def save_all(self, todo: list[tuple[str, Any, Any]]) -> int:
        """Write what `Catalog.take_dirty` returned (in a thread); return the files written.

        Each entry is (folder, files, stamp); files None: the folder is gone; folder "": the
        synonyms. A contest whose snapshot already has this stamp is not written again.
        """
        written = 0
        for name, files, stamp in todo:
            if not name:
                self.save_synonyms(files)
                written += 1
                continue
            pace()
            if files is None:
                self.remove(name)
            elif self.stamp(name) != jsonable(stamp):
                self.save_contest(name, files, stamp)
                written += 1
        return written

    def remove(self, name: str) -> None:
        """Forget a contest folder that is gone."""
        self._path(name).unlink(missing_ok=True)

    def save_synonyms(self, synonyms: SynonymsFile) -> None:
        """Keep the last good synonyms."""
        self.directory.mkdir(parents=True, exist_ok=True)
        body = {"format": FORMAT, "synonyms": synonyms.model_dump(mode="json")}
        atomic_write(self.directory / SYNONYMS, json.dumps(body, ensure_ascii=False) + "\n")

    def load_synonyms(self) -> SynonymsFile | None:
        """Return the last good synonyms, or None."""
        path = self.directory / SYNONYMS
        try:
            body = json.loads(path.read_text(encoding="utf-8"))
            if body.get("format") != FORMAT:
                return None
            return SynonymsFile.model_validate(body["synonyms"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, ValidationError) as exc:
            log.warning("the knowledge snapshot %s cannot be used: %s", path, exc)
            return None

    def names(self) -> list[str]:
        """Return the contest folders the snapshot holds."""
        try:
            return sorted(
                n.removesuffix(".json")
                for n in os.listdir(self.directory)
                if n.endswith(".json") and n != SYNONYMS and not n.startswith(".")
            )
        except OSError:
            return []


def jsonable(value: Any) -> Any:
    """Turn a stamp (nested tuples) into JSON lists, so it compares equal once read back."""
    if isinstance(value, tuple | list):
        return [jsonable(v) for v in value]
    return value


def checked(files: ContestFiles) -> Contest | None:
    """Return the contest a snapshot's files make, if they still check out as files read do."""
    reader = Reader()
    contest = assemble_contest(files, reader)
    return None if contest is None or reader.errors else contest
