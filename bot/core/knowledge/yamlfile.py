"""Safe YAML reading that remembers the line of every value, for errors moderators can act on.

Files are parsed by libyaml (PyYAML's C parser) when this PyYAML build has it, else by the pure
Python parser; both give the same data, lines and errors. One pass over the parser's events
refuses aliases (billion laughs) and deep nesting before anything is built from them, and builds
the data from the same events. The line of each value is worked out only when an error needs it,
by a second pass. Files that use YAML's rarer features (explicit tags, merge keys, complex keys)
are handed to PyYAML's own composer and constructor once the first pass has found them safe.

PyYAML is imported on first use, so that a process that never parses YAML does not pay for it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

PathKey = tuple[str | int, ...]

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 32

_STR = "tag:yaml.org,2002:str"
# Tags of plain scalars built here from the event alone; any other tag takes the exact path.
_SIMPLE_TAGS = frozenset(
    "tag:yaml.org,2002:" + t for t in ("str", "null", "bool", "int", "float", "timestamp")
)
_MISSING = object()


class YamlProblem(Exception):
    """A file that cannot be read as YAML; carries the 1-based line and field path where known."""

    def __init__(self, message: str, line: int | None = None, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.field = field


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
                lines = _scan(self._text, self._loader or default_loader(), with_lines=True)[1]
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


def field_path(loc: tuple[Any, ...]) -> str:
    """Render a value path as facts[3].citations[0].paragraph."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@cache
def default_loader() -> type:
    """Return yaml.CSafeLoader (libyaml) when this PyYAML build has it, else yaml.SafeLoader."""
    import yaml

    return yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader


@cache
def _tables() -> tuple[
    dict[Any, list[tuple[str, Any]]], list[tuple[str, Any]], frozenset[str], Any
]:
    """Return PyYAML's implicit resolvers, the wildcard ones, their first characters, a constructor."""
    from yaml.constructor import SafeConstructor
    from yaml.resolver import Resolver

    implicit = Resolver.yaml_implicit_resolvers
    wildcard = list(implicit.get(None, []))
    first = frozenset(k for k in implicit if k is not None)
    return implicit, wildcard, first, SafeConstructor()


def _duplicate(key: PathKey, name: str, line: int) -> YamlProblem:
    """Describe a mapping key written twice; `key` is the path of the mapping."""
    return YamlProblem(
        f"duplicate key {name!r} (a key may appear only once here)", line, field_path((*key, name))
    )


def _resolve(value: str, implicit: tuple[bool, bool]) -> str:
    """Return the tag PyYAML's resolver gives a scalar without an explicit tag."""
    resolvers, wildcard = _tables()[:2]
    if implicit[0]:
        for tag, regexp in resolvers.get(value[0] if value else "", []) + wildcard:
            if regexp.match(value):
                return tag
    return _STR


class _Exotic(Exception):
    """The fast builder met a YAML feature it leaves to PyYAML's own constructor."""


def _scan(
    text: str, loader: type, with_lines: bool = False
) -> tuple[Any, dict[PathKey, int], list[YamlProblem]]:
    """Check and build one document from parser events; raise _Exotic for rare YAML features.

    Refuses aliases and nesting deeper than MAX_DEPTH (with their line) as they come, so a
    billion-laughs file is never expanded. _Exotic is raised only after every event was checked,
    so the file is then known to be safe to compose. Lines are recorded only `with_lines`.
    """
    import yaml

    lines: dict[PathKey, int] = {}
    dupes: list[YamlProblem] = []
    stack: list[tuple[Any, bool, PathKey, set[str] | None, int]] = []  # enclosing collections
    cur: Any = None  # the innermost open collection
    is_map = False
    path: PathKey = ()
    seen: set[str] | None = None  # key names met so far in `cur` (a mapping)
    index = 0  # next item number in `cur` (a sequence)
    key_name: str | None = None  # the raw text of a mapping key waiting for its value
    key_value: Any = None
    key_mark: Any = None
    depth = 0
    root: Any = None
    documents = 0
    cache: dict[str, Any] = {}  # plain scalar text -> its non-string value
    _, wildcard, first_chars, constructor = _tables()
    constructors = constructor.yaml_constructors
    scalar_event, mapping_start, sequence_start = (
        yaml.ScalarEvent,
        yaml.MappingStartEvent,
        yaml.SequenceStartEvent,
    )
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    reader = loader(text)
    get_event = reader.get_event
    try:
        while True:
            event = get_event()
            cls = event.__class__
            if cls is scalar_event:
                if depth >= MAX_DEPTH:
                    raise YamlProblem(
                        f"nesting deeper than {MAX_DEPTH} levels", event.start_mark.line + 1
                    )
                raw = event.value
                tag = event.tag
                if tag is None or tag == "!":
                    if event.implicit[0] and (wildcard or raw[:1] in first_chars):
                        value = cache.get(raw, _MISSING)
                        if value is _MISSING:
                            tag = _resolve(raw, event.implicit)
                            if tag == _STR:
                                value = raw
                            elif tag in _SIMPLE_TAGS:
                                node = yaml.ScalarNode(tag, raw, event.start_mark, event.end_mark)
                                value = constructors[tag](constructor, node)
                            else:
                                _check_rest(get_event, depth, documents)
                            cache[raw] = value
                    else:
                        value = raw
                elif tag == _STR:
                    value = raw
                else:
                    _check_rest(get_event, depth, documents)
                if is_map:
                    if key_name is None:
                        key_name, key_value, key_mark = raw, value, event.start_mark
                        continue
                    if key_name in seen:  # type: ignore[operator]
                        dupes.append(_duplicate(path, key_name, key_mark.line + 1))
                    else:
                        seen.add(key_name)  # type: ignore[union-attr]
                    cur[key_value] = value
                    if with_lines:
                        lines[(*path, key_name)] = key_mark.line + 1
                    key_name = None
                elif depth:
                    cur.append(value)
                    if with_lines:
                        lines[(*path, index)] = event.start_mark.line + 1
                    index += 1
                else:
                    root = value
                    lines[()] = event.start_mark.line + 1
            elif cls is mapping_start or cls is sequence_start:
                if depth >= MAX_DEPTH:
                    raise YamlProblem(
                        f"nesting deeper than {MAX_DEPTH} levels", event.start_mark.line + 1
                    )
                if event.tag is not None and event.tag != "!":
                    _check_rest(get_event, depth + 1, documents)
                new: Any = {} if cls is mapping_start else []
                if is_map:
                    if key_name is None:  # a collection as a mapping key
                        _check_rest(get_event, depth + 1, documents)
                    new_path: PathKey = (*path, key_name)  # type: ignore[arg-type]
                    if key_name in seen:  # type: ignore[operator]
                        dupes.append(_duplicate(path, key_name, key_mark.line + 1))  # type: ignore[arg-type]
                    else:
                        seen.add(key_name)  # type: ignore[union-attr, arg-type]
                    cur[key_value] = new
                    if with_lines:
                        lines[new_path] = key_mark.line + 1
                    key_name = None
                elif depth:
                    new_path = (*path, index)
                    cur.append(new)
                    if with_lines:
                        lines[new_path] = event.start_mark.line + 1
                    index += 1
                else:
                    root, new_path = new, ()
                    lines[()] = event.start_mark.line + 1
                stack.append((cur, is_map, path, seen, index))
                cur, path, index, depth = new, new_path, 0, depth + 1
                is_map = cls is mapping_start
                seen = set() if is_map else None
            elif cls is mapping_end or cls is sequence_end:
                cur, is_map, path, seen, index = stack.pop()
                depth -= 1
            elif cls is yaml.AliasEvent:
                raise YamlProblem(
                    "YAML anchors and aliases (*name) are not allowed", event.start_mark.line + 1
                )
            elif cls is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise YamlProblem(
                        "YAML syntax error: but found another document", event.start_mark.line + 1
                    )
            elif cls is yaml.StreamEndEvent:
                break
    finally:
        reader.dispose()
    if not documents:
        lines[()] = 1
    return root, lines, dupes


def _check_rest(get_event: Any, depth: int, documents: int) -> None:
    """Refuse aliases and deep nesting in the rest of the events, then raise _Exotic."""
    import yaml

    while True:
        event = get_event()
        cls = event.__class__
        if cls is yaml.AliasEvent:
            raise YamlProblem(
                "YAML anchors and aliases (*name) are not allowed", event.start_mark.line + 1
            )
        if (
            cls is yaml.ScalarEvent
            or cls is yaml.MappingStartEvent
            or cls is yaml.SequenceStartEvent
        ):
            if depth >= MAX_DEPTH:
                raise YamlProblem(
                    f"nesting deeper than {MAX_DEPTH} levels", event.start_mark.line + 1
                )
            if cls is not yaml.ScalarEvent:
                depth += 1
        elif cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
            depth -= 1
        elif cls is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise YamlProblem(
                    "YAML syntax error: but found another document", event.start_mark.line + 1
                )
        elif cls is yaml.StreamEndEvent:
            raise _Exotic


def _exact(text: str, loader: type) -> tuple[Any, dict[PathKey, int], list[YamlProblem]]:
    """Compose and construct with PyYAML itself (for files `_scan` found safe but unusual)."""
    reader = loader(text)
    try:
        node = reader.get_single_node()
        if node is None:
            return None, {(): 1}, []
        data = reader.construct_document(node)
    finally:
        reader.dispose()
    lines: dict[PathKey, int] = {}
    dupes: list[YamlProblem] = []
    _walk(node, (), lines, dupes)
    return data, lines, dupes


def _walk(node: Any, key: PathKey, lines: dict[PathKey, int], dupes: list[YamlProblem]) -> None:
    """Record the line of `node` and its children; note duplicate mapping keys."""
    import yaml

    lines[key] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for k_node, v_node in node.value:
            name = str(k_node.value)
            if name in seen:
                dupes.append(_duplicate(key, name, k_node.start_mark.line + 1))
            seen.add(name)
            _walk(v_node, (*key, name), lines, dupes)
            lines[(*key, name)] = k_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*key, i), lines, dupes)


def parse_yaml(
    text: str, loader: type | None = None, *, with_lines: bool = True
) -> tuple[Any, dict[PathKey, int] | None, list[YamlProblem]]:
    """Parse one YAML document; return its data, the line of each value path and duplicate keys.

    Raises YamlProblem for syntax errors, aliases, deep nesting and more than one document.
    `loader` is yaml.CSafeLoader or yaml.SafeLoader (default: libyaml when available). Without
    `with_lines` the lines are None unless they came for free.
    """
    import yaml

    loader = loader or default_loader()
    try:
        try:
            data, lines, dupes = _scan(text, loader, with_lines)
            return data, lines if with_lines else None, dupes
        except _Exotic:
            return _exact(text, loader)
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


def load_yaml(path: Path, loader: type | None = None) -> tuple[YamlDoc, list[YamlProblem]]:
    """Read `path` safely; return its data with line numbers, plus non-fatal problems."""
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
    loader = loader or default_loader()
    data, lines, dupes = parse_yaml(text, loader, with_lines=False)
    return YamlDoc(path, data, lines, text=text, loader=loader), dupes
