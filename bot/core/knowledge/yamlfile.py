"""Safe YAML reading that remembers the line of every value, for errors moderators can act on.

Where many files are read at once (start-up's worker processes), a file is first offered to
yaml-rs (yamlfast.py), which builds the data several times faster and is kept only where it
reads the text exactly as PyYAML does. Otherwise files are parsed by
libyaml (PyYAML's C parser) when this PyYAML build has it, else by the pure Python parser; both
give the same data, lines and errors. One pass over the parser's events refuses aliases (billion
laughs) and deep nesting before anything is built from them, and builds the data from the same
events (yamlscan.py). The line of each value is worked out only when an error needs it, by a
second pass. Files that use YAML's rarer features (explicit tags, merge keys, complex keys) are
handed to PyYAML's own composer and constructor once the first pass has found them safe
(yamlexotic.py). The problem type and the nesting limit are in yamlproblem.py.

PyYAML is imported on first use, so that a process that never parses YAML does not pay for it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from .yamlexotic import Exotic, exact
from .yamlfast import fast_parse
from .yamlproblem import PathKey, YamlProblem
from .yamlscan import scan

MAX_FILE_BYTES = 5 * 1024 * 1024


class YamlDoc:
    """The data of one YAML file plus the line of each value, keyed by its path.

    `lines` is worked out from the file's text on first use (only errors need it).
    """

    def __init__(
        self,
        path: Path,
        data: Any,
        lines: dict[PathKey, int] | None = None,
        *,
        text: str | None = None,
        loader: type | None = None,
    ) -> None:
        self.path = path
        self.data = data
        self._lines = lines
        self._text = text
        self._loader = loader

    @property
    def lines(self) -> dict[PathKey, int]:
        """Return the line of every value path (computed once)."""
        if self._lines is None:
            lines: dict[PathKey, int] = {}
            if self._text is not None:
                lines = scan(self._text, self._loader or default_loader(), with_lines=True)[1]
            self._lines, self._text = lines, None
        return self._lines

    def line(self, key: PathKey) -> int | None:
        """Return the line of the value at `key`, or of its nearest parent."""
        lines = self.lines
        while key:
            if key in lines:
                return lines[key]
            key = key[:-1]
        return lines.get((), 1)


@cache
def default_loader() -> type:
    """Return yaml.CSafeLoader (libyaml) when this PyYAML build has it, else yaml.SafeLoader."""
    import yaml

    return yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader


def parse_yaml(
    text: str, loader: type | None = None, *, with_lines: bool = True, fast: bool = False
) -> tuple[Any, dict[PathKey, int] | None, list[YamlProblem]]:
    """Parse one YAML document; return its data, the line of each value path and duplicate keys.

    Raises YamlProblem for syntax errors, aliases, deep nesting and more than one document.
    `loader` is yaml.CSafeLoader or yaml.SafeLoader (default: libyaml when available). `fast`
    offers the text to yaml-rs first (yamlfast.py), kept where it reads it as PyYAML would.
    Without `with_lines` the lines are None unless they came for free.
    """
    import yaml

    if fast and not with_lines and loader is None and (quick := fast_parse(text)) is not None:
        return quick[0], None, []
    loader = loader or default_loader()
    try:
        try:
            data, lines, dupes = scan(text, loader, with_lines)
            return data, lines if with_lines else None, dupes
        except Exotic:
            return exact(text, loader)
    except YamlProblem:
        raise
    except yaml.MarkedYAMLError as exc:
        from .yamlerrors import syntax_problem  # only errors need it

        raise syntax_problem(exc, text) from exc
    except yaml.reader.ReaderError as exc:
        line = None
        if isinstance(exc.position, int) and exc.position >= 0:
            if loader is yaml.SafeLoader:  # the pure reader counts characters, libyaml bytes
                line = text[: exc.position].count("\n") + 1
            else:
                line = text.encode("utf-8")[: exc.position].count(b"\n") + 1
        raise YamlProblem(f"YAML syntax error: {str(exc).splitlines()[0]}", line) from exc
    except (yaml.YAMLError, RecursionError) as exc:
        raise YamlProblem(f"YAML error: {exc}") from exc


def load_yaml(
    path: Path, loader: type | None = None, *, fast: bool = False
) -> tuple[YamlDoc, list[YamlProblem]]:
    """Read `path` safely; return its data with line numbers, plus non-fatal problems.

    `fast`: try yaml-rs first (see parse_yaml).
    """
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise YamlProblem(f"file is {size} bytes; the limit is {MAX_FILE_BYTES}")
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlProblem(f"cannot read file: {exc.strerror or exc}") from exc
    if len(raw) > MAX_FILE_BYTES:  # it grew between stat and read
        raise YamlProblem(f"file is {len(raw)} bytes; the limit is {MAX_FILE_BYTES}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblem(f"not valid UTF-8 (byte {exc.start})", line) from exc
    data, lines, dupes = parse_yaml(text, loader, with_lines=False, fast=fast)
    return YamlDoc(path, data, lines, text=text, loader=loader or default_loader()), dupes
