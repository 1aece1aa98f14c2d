"""Parse knowledge files into models, collecting every error with its file, line and field."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..pacing import pace
from .yamlfile import YamlDoc, load_yaml
from .yamlproblem import YamlProblem, field_path

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class LoadError:
    """One problem in a knowledge folder, located to a file, a line and a field."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class KnowledgeError(Exception):
    """A knowledge folder that cannot be served; holds every error found."""

    def __init__(self, errors: list[LoadError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def display(path: Path) -> str:
    """Show a path relative to the working directory when it is below it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


class Reader:
    """Collect errors while parsing files into models."""

    def __init__(self, *, fast: bool = False) -> None:
        self.fast = fast  # offer files to yaml-rs first (yamlfast.py): start-up's workers do
        self.errors: list[LoadError] = []
        self.docs: dict[Path, YamlDoc] = {}
        # Per contest folder, the ids of sources whose file could not be read: reported once,
        # their citations are not checked one by one.
        self.unreadable: dict[Path, set[str]] = {}

    def error(self, path: Path, line: int | None, fld: str, message: str) -> None:
        """Record one error."""
        self.errors.append(LoadError(display(path), line, fld, message))

    def at(self, path: Path, loc: tuple[Any, ...], message: str) -> None:
        """Record an error at a field of an already-read file."""
        doc = self.docs.get(path)
        line = doc.line(tuple(loc)) if doc else None
        self.error(path, line, field_path(loc), message)

    def parse(self, path: Path, model: type[M]) -> M | None:
        """Read one YAML file and validate it against `model`; None if it fails."""
        pace()  # a reload's thread gives way here if the event loop is behind (stalls.py)
        try:
            doc, problems = load_yaml(path, fast=self.fast)
        except YamlProblem as exc:
            self.error(path, exc.line, exc.field, exc.message)
            return None
        self.docs[path] = doc
        for problem in problems:
            self.error(path, problem.line, problem.field, problem.message)
        if doc.data is None:
            self.error(
                path,
                1,
                "",
                "the file is empty (a truncated save?); delete it if it has nothing to hold",
            )
            return None
        data = doc.data
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                loc = tuple(err["loc"])
                msg = err["msg"]
                if err["type"] == "extra_forbidden":
                    msg = "unknown field (check the spelling; see the README for the format)"
                elif err["type"] == "missing":
                    msg = "required field is missing"
                elif err["type"] == "string_type" and (hint := _colon_hint(err.get("input"))):
                    self.at(path, loc, hint)
                    continue
                self.at(
                    path, loc, f"{msg} (got {_short(err.get('input'))})" if _shows(err) else msg
                )
            return None


def _colon_hint(value: Any) -> str | None:
    """Explain a text that YAML read as `key: value` because it holds ': ' (None otherwise)."""
    if not (isinstance(value, dict) and len(value) == 1):
        return None
    key, rest = next(iter(value.items()))
    if not isinstance(key, str) or isinstance(rest, dict | list):
        return None
    text = f"{key}: {rest}" if rest is not None else f"{key}:"
    quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return (
        "this text contains a colon followed by a space (or ends with a colon), so YAML read it "
        f"as 'key: value', not as text; put it in quotes: {quoted}"
    )


def _shows(err: Any) -> bool:
    """Tell whether the offending input is worth echoing in the message."""
    return err["type"] not in ("missing", "extra_forbidden") and not isinstance(
        err.get("input"), dict | list
    )


def _short(value: Any) -> str:
    """Render a bad value briefly."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
