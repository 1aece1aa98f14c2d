"""Safe YAML reading that remembers the line of every value, for errors moderators can act on."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

PathKey = tuple[str | int, ...]

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 32


class YamlProblem(Exception):
    """A file that cannot be read as YAML; carries the 1-based line where known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


class _NoAliasLoader(yaml.SafeLoader):
    """A safe loader that refuses anchors/aliases (billion-laughs) and deep nesting."""

    def compose_node(self, parent: Any, index: Any) -> Any:  # noqa: D401 - PyYAML hook
        """Compose one node, refusing aliases and runaway depth."""
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise YamlProblem("YAML anchors and aliases (*name) are not allowed", mark.line + 1)
        depth = getattr(self, "_depth", 0) + 1
        if depth > MAX_DEPTH:
            mark = self.peek_event().start_mark
            raise YamlProblem(f"nesting deeper than {MAX_DEPTH} levels", mark.line + 1)
        self._depth = depth
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth = depth - 1


@dataclass
class YamlDoc:
    """The data of one YAML file plus the line of each value, keyed by its path."""

    path: Path
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)

    def line(self, key: PathKey) -> int | None:
        """Return the line of the value at `key`, or of its nearest parent."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), 1)


def _walk(node: yaml.Node, key: PathKey, lines: dict[PathKey, int], dupes: list[YamlProblem]) -> None:
    """Record the line of `node` and its children; note duplicate mapping keys."""
    lines[key] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for k_node, v_node in node.value:
            name = str(k_node.value)
            if name in seen:
                where = ".".join(str(p) for p in key) or "top level"
                dupes.append(
                    YamlProblem(f"duplicate key {name!r} in {where}", k_node.start_mark.line + 1)
                )
            seen.add(name)
            _walk(v_node, (*key, name), lines, dupes)
            lines[(*key, name)] = k_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*key, i), lines, dupes)


def load_yaml(path: Path) -> tuple[YamlDoc, list[YamlProblem]]:
    """Read `path` safely; return its data with line numbers, plus non-fatal problems."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise YamlProblem(f"file is {size} bytes; the limit is {MAX_FILE_BYTES}")
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlProblem(f"cannot read file: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblem(f"not valid UTF-8 (byte {exc.start})", line) from exc
    loader = _NoAliasLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDoc(path, None, {(): 1}), []
        data = loader.construct_document(node)
    except YamlProblem:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise YamlProblem(f"YAML syntax error: {exc.problem or exc.context}", line) from exc
    except (yaml.YAMLError, RecursionError) as exc:
        raise YamlProblem(f"YAML error: {exc}") from exc
    finally:
        loader.dispose()
    lines: dict[PathKey, int] = {}
    dupes: list[YamlProblem] = []
    _walk(node, (), lines, dupes)
    return YamlDoc(path, data, lines), dupes
