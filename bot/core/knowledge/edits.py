"""Edits the bot makes to moderators' knowledge files, keeping their comments and formatting."""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..atomic import atomic_write
from .validate import phrase_key

log = logging.getLogger(__name__)

MAX_PHRASING = 300
_DASH = re.compile(
    r"^(?P<key> *)[\w-]+:\s*(?:#.*)?\n(?:\s*(?:#.*)?\n)*(?P<dash> *)- ", re.MULTILINE
)


class EditError(ValueError):
    """An edit that cannot be made; the message says why, for the moderator."""


@dataclass(frozen=True)
class Edit:
    """One file changed by the bot: its old and new text, so that the change can be undone."""

    path: Path
    old_text: str
    new_text: str
    before: Any = None
    after: Any = None

    def undo(self) -> None:
        """Put the old text back, atomically."""
        atomic_write(self.path, self.old_text)


def contest_folder(root: Path, contest_id: str) -> Path:
    """Return the folder of the contest whose contest.yaml has this id."""
    for folder in sorted(
        p for p in Path(root).iterdir() if p.is_dir() and not p.name.startswith(".")
    ):
        meta = folder / "contest.yaml"
        if not meta.is_file():
            continue
        try:
            data = yaml.safe_load(meta.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        if isinstance(data, dict) and data.get("id") == contest_id:
            return folder
    raise EditError(f"no contest {contest_id!r} in {root}")


def round_trip_yaml(text: str) -> YAML:
    """Return a ruamel round-trip YAML set up to write `text` back the way it was written."""
    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 4096  # never re-wrap long lines
    mapping, sequence, offset = 2, 4, 2
    match = _DASH.search(text)
    if match:
        offset = max(len(match["dash"]) - len(match["key"]), 0)
        sequence = offset + 2
    rt.indent(mapping=mapping, sequence=sequence, offset=offset)
    return rt


def _load(path: Path) -> tuple[str, YAML, Any]:
    """Read a YAML file for a round-trip edit."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EditError(f"{path.name} does not exist") from None
    rt = round_trip_yaml(text)
    try:
        data = rt.load(text)
    except YAMLError as exc:
        raise EditError(f"{path.name} is not valid YAML; fix it first ({exc})") from None
    return text, rt, data


def _dump(rt: YAML, data: Any) -> str:
    """Write data back to text."""
    out = io.StringIO()
    rt.dump(data, out)
    return out.getvalue()


def _reads_back(text: str, index: int, phrasing: str) -> bool:
    """Tell whether the loader's YAML parser reads the new phrasing back as written."""
    try:
        data = yaml.safe_load(text)
        return data["facts"][index]["questions"][-1] == phrasing
    except (yaml.YAMLError, KeyError, IndexError, TypeError):
        return False


def add_phrasing(root: Path, contest_id: str, fact_id: str, phrasing: str) -> Edit:
    """Append a phrasing to a fact's `questions:` in facts.yaml; refuse one already claimed."""
    phrasing = " ".join(phrasing.split())
    if not phrasing:
        raise EditError("the phrasing is empty")
    if len(phrasing) > MAX_PHRASING:
        raise EditError(f"the phrasing is longer than {MAX_PHRASING} characters")
    key = phrase_key(phrasing)
    if not key:
        raise EditError("the phrasing has no words")
    path = contest_folder(root, contest_id) / "facts.yaml"
    text, rt, data = _load(path)
    facts = data.get("facts") if isinstance(data, dict) else None
    if not isinstance(facts, list):
        raise EditError(f"{path.name} has no `facts:` list")
    target, index = None, -1
    for i, fact in enumerate(facts):
        if not isinstance(fact, dict):
            continue
        for question in fact.get("questions") or []:
            if isinstance(question, str) and phrase_key(question) == key:
                owner = fact.get("id")
                if owner == fact_id:
                    raise EditError(f"{fact_id!r} already has the phrasing {question!r}")
                raise EditError(
                    f"the phrasing {phrasing!r} is already claimed by {owner!r} ({question!r})"
                )
        if fact.get("id") == fact_id:
            target, index = fact, i
    if target is None:
        raise EditError(f"no fact {fact_id!r} in contest {contest_id!r}")
    questions = target.get("questions")
    if not isinstance(questions, list):
        raise EditError(f"fact {fact_id!r} has no `questions:` list")
    before = [str(q) for q in questions]
    for value in (phrasing, DoubleQuotedScalarString(phrasing)):
        questions.append(value)
        new_text = _dump(rt, data)
        if _reads_back(new_text, index, phrasing):
            break
        questions.pop()  # e.g. a plain "Who won?" in a [flow, list] that PyYAML cannot read
    else:
        raise EditError(f"could not write the phrasing {phrasing!r} safely")
    atomic_write(path, new_text)
    log.info("added phrasing %r to %s/%s", phrasing, contest_id, fact_id)
    return Edit(path, text, new_text, before=before, after=[*before, phrasing])
