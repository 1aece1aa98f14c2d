"""One pass over a YAML file's parser events: refuse what is unsafe, build the data, note lines.

Aliases (billion laughs) and deep nesting are refused before anything is built from them. The
lines of values are recorded only when asked (a second pass, when an error needs them). A file
using YAML's rarer features is checked to the end and then left to yamlexotic.py.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from .yamlexotic import check_rest
from .yamlproblem import MAX_DEPTH, PathKey, YamlProblem, duplicate_key

_STR = "tag:yaml.org,2002:str"
# Tags of plain scalars built here from the event alone; any other tag takes the exact path.
_SIMPLE_TAGS = frozenset(
    "tag:yaml.org,2002:" + t for t in ("str", "null", "bool", "int", "float", "timestamp")
)
_MISSING = object()


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


def _resolve(value: str, implicit: tuple[bool, bool]) -> str:
    """Return the tag PyYAML's resolver gives a scalar without an explicit tag."""
    resolvers, wildcard = _tables()[:2]
    if implicit[0]:
        for tag, regexp in resolvers.get(value[0] if value else "", []) + wildcard:
            if regexp.match(value):
                return tag
    return _STR


def typed_plain(value: str) -> bool:
    """Tell whether PyYAML reads `value`, written plain, as something else than a string."""
    return _resolve(value, (True, False)) != _STR


def scan(
    text: str, loader: type, with_lines: bool = False
) -> tuple[Any, dict[PathKey, int], list[YamlProblem]]:
    """Check and build one document from parser events; raise Exotic for rare YAML features.

    Refuses aliases and nesting deeper than MAX_DEPTH (with their line) as they come, so a
    billion-laughs file is never expanded. Exotic is raised only after every event was checked,
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
                                check_rest(get_event, depth, documents)
                            cache[raw] = value
                    else:
                        value = raw
                elif tag == _STR:
                    value = raw
                else:
                    check_rest(get_event, depth, documents)
                if is_map:
                    if key_name is None:
                        key_name, key_value, key_mark = raw, value, event.start_mark
                        continue
                    if key_name in seen:  # type: ignore[operator]
                        dupes.append(duplicate_key(path, key_name, key_mark.line + 1))
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
                    check_rest(get_event, depth + 1, documents)
                new: Any = {} if cls is mapping_start else []
                if is_map:
                    if key_name is None:  # a collection as a mapping key
                        check_rest(get_event, depth + 1, documents)
                    new_path: PathKey = (*path, key_name)  # type: ignore[arg-type]
                    if key_name in seen:  # type: ignore[operator]
                        dupes.append(duplicate_key(path, key_name, key_mark.line + 1))  # type: ignore[arg-type]
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
