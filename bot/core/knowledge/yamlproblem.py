"""A YAML file's problem, the path of a value in it, and the nesting limit, shared by its readers."""

from __future__ import annotations

from typing import Any

PathKey = tuple[str | int, ...]

MAX_DEPTH = 32


class YamlProblem(Exception):
    """A file that cannot be read as YAML; carries the 1-based line and field path where known."""

    def __init__(self, message: str, line: int | None = None, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.field = field


def field_path(loc: tuple[Any, ...]) -> str:
    """Render a value path as facts[3].citations[0].paragraph."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def duplicate_key(key: PathKey, name: str, line: int) -> YamlProblem:
    """Describe a mapping key written twice; `key` is the path of the mapping."""
    return YamlProblem(
        f"duplicate key {name!r} (a key may appear only once here)", line, field_path((*key, name))
    )
