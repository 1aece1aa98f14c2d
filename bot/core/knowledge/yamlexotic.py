"""YAML's rarer features (explicit tags, merge keys, complex keys), left to PyYAML itself.

The fast pass (yamlscan.py) hands the rest of a file's events to `check_rest` when it meets one:
aliases and deep nesting are still refused, and `Exotic` then says the file is safe for PyYAML's
own composer and constructor (`exact`), which also give the line of every value.
"""

from __future__ import annotations

from typing import Any

from .yamlproblem import MAX_DEPTH, PathKey, YamlProblem, duplicate_key


class Exotic(Exception):
    """The fast builder met a YAML feature it leaves to PyYAML's own constructor."""


def check_rest(get_event: Any, depth: int, documents: int) -> None:
    """Refuse aliases and deep nesting in the rest of the events, then raise Exotic."""
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
            raise Exotic


def exact(text: str, loader: type) -> tuple[Any, dict[PathKey, int], list[YamlProblem]]:
    """Compose and construct with PyYAML itself (for files `scan` found safe but unusual)."""
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
                dupes.append(duplicate_key(key, name, k_node.start_mark.line + 1))
            seen.add(name)
            _walk(v_node, (*key, name), lines, dupes)
            lines[(*key, name)] = k_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*key, i), lines, dupes)
