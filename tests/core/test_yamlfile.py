"""The libyaml-based reader gives the data, lines, duplicate keys and errors of the original one."""

from __future__ import annotations

import datetime as dt
import math
import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.core.knowledge import yamlfile
from bot.core.knowledge.yamlfile import load_yaml, parse_yaml
from bot.core.knowledge.yamlproblem import MAX_DEPTH, YamlProblem
from tests.core.helpers import BAD, KNOWLEDGE, ROOT

LOADERS = [yaml.SafeLoader, *([yaml.CSafeLoader] if yaml.__with_libyaml__ else [])]


# The reader before libyaml, kept as the reference: PyYAML's pure composer and constructor.
class _OldLoader(yaml.SafeLoader):
    def compose_node(self, parent: Any, index: Any) -> Any:
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


def _old_walk(node: yaml.Node, key: tuple, lines: dict, dupes: list) -> None:
    lines[key] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for k_node, v_node in node.value:
            name = str(k_node.value)
            if name in seen:
                dupes.append((name, k_node.start_mark.line + 1))
            seen.add(name)
            _old_walk(v_node, (*key, name), lines, dupes)
            lines[(*key, name)] = k_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _old_walk(item, (*key, i), lines, dupes)


def old_parse(text: str) -> tuple[Any, dict, list] | tuple[str, int | None]:
    """Return (data, lines, dupes), or ("error", line) where the original reader failed."""
    try:
        loader = _OldLoader(text)
    except yaml.YAMLError:  # the original let this escape: a control character crashed the load
        return ("error", None)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {(): 1}, []
        data = loader.construct_document(node)
    except YamlProblem as exc:
        return ("error", exc.line)
    except yaml.MarkedYAMLError as exc:  # the line where PyYAML noticed the mistake
        mark = exc.problem_mark or exc.context_mark
        return ("syntax", mark.line + 1 if mark else None)
    except yaml.YAMLError:
        return ("error", None)
    finally:
        loader.dispose()
    lines: dict = {}
    dupes: list = []
    _old_walk(node, (), lines, dupes)
    return data, lines, dupes


def new_parse(text: str, loader: type) -> tuple[Any, dict, list] | tuple[str, int | None]:
    try:
        data, lines, dupes = parse_yaml(text, loader)
    except YamlProblem as exc:
        return ("error", exc.line)
    return (
        data,
        lines,
        [(p.field.rsplit(".", 1)[-1].split("[")[0] or p.field, p.line) for p in dupes],
    )


def same(a: Any, b: Any) -> bool:
    """Compare parsed data, treating NaN as equal to NaN and keeping bool apart from int."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def check(text: str, loaders: list[type] = LOADERS) -> None:
    want = old_parse(text)
    for loader in loaders:
        got = new_parse(text, loader)
        if want[0] == "syntax":  # reported where the mistake is: there or before, never after
            assert got[0] == "error", (loader.__name__, text, got)
            if want[1] is not None:
                assert got[1] is not None and 1 <= got[1] <= want[1], (text, got, want)
            continue
        if want[0] == "error":
            assert got[0] == "error", (loader.__name__, text, got)
            if loader is yaml.SafeLoader and want[1] is not None:
                assert got == want, (text, got, want)
            continue
        assert got[0] != "error", (loader.__name__, text, got, want)
        assert same(got[0], want[0]), (loader.__name__, text, got[0], want[0])
        assert got[1] == want[1], (loader.__name__, text)
        assert [line for _, line in got[2]] == [line for _, line in want[2]], (
            loader.__name__,
            text,
        )


SNIPPETS = [
    "",
    "# only a comment\n",
    "---\n",
    "--- \n...\n",
    "a: 1\n",
    "plain\n",
    "[1, 2, [3, {a: b}]]\n",
    "a: 1\na: 2\n",
    "a:\n  b: 1\n  b: [x, y]\nc: {d: 1, d: 2}\n",
    "1: int key\n'1': str key\n",
    "yes: a\ntrue: b\n",
    "~: null key\nnull: again\n",
    "k: ~\nk2: null\nk3:\nk4: ''\nk5: \"\"\n",
    "b: [yes, no, on, off, true, False, y, n]\n",
    "n: [0, -1, +2, 0x1F, 0o17, 017, 1_000, 3.5, .5, -.inf, .nan, 1e3, 6.8523015e+5, 190:20:30]\n",
    "d: [2024-05-06, 2001-12-14t21:59:43.10-05:00, 2001-12-14 21:59:43.10, 2002-12-14]\n",
    "s: ['1', \"2\", |\n  block\n  text\n, >\n  folded\n  text\n]\n",
    "t: !!str 123\nu: !!int '7'\nv: !!float 1\n",
    "w: !!binary aGVsbG8=\n",
    "x: !!set {a, b}\n",
    "y: !!omap [a: 1, b: 2]\n",
    "z: !!python/object:os.system ls\n",
    "q: !custom tag\n",
    "e: ! 12\n",
    "m: {<<: {a: 1, b: 2}, b: 3}\n",
    "base: &b {a: 1}\nm: {<<: *b}\n",
    "? [complex, key]\n: value\n",
    "? {a: 1}\n: value\n",
    "a: &anchor 1\nb: 2\n",
    "a: *unknown\n",
    "a: [1, 2\n",
    "a: b: c\n",
    "- a\n- b\n---\n- c\n",
    'key: "unterminated\n',
    "a:\n  - b\n  -\n  - {}\n  - []\n",
    "\ufeffa: bom\n",
    "a: 'it''s'\nb: \"tab\\tnew\\nline \\u00e9\"\n",
    "long: " + "x" * 5000 + "\n",
    "a: b\x00c\n",
    "a: b\n\x07\n",
    "a:\u2028b\n",
    "a: 1\r\nb: 2\r\n",
    "a: 1\rb: 2\r",
    "%YAML 1.1\n---\na: 1\n",
    "%TAG ! tag:example.com,2000:\n---\na: !foo 1\n",
    "[a, b]: c\n",
    "a: =\n",
    "a: <<\n",
    "<<: not a mapping\n",
]


@pytest.mark.parametrize("text", SNIPPETS)
def test_snippet_matches_the_original(text: str) -> None:
    check(text)


def _random_value(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth < 5 and roll < 0.25:
        return {_random_key(rng): _random_value(rng, depth + 1) for _ in range(rng.randint(0, 5))}
    if depth < 5 and roll < 0.45:
        return [_random_value(rng, depth + 1) for _ in range(rng.randint(0, 5))]
    return rng.choice(
        [
            rng.randint(-(10**6), 10**6),
            rng.random() * 1000,
            rng.choice([True, False, None]),
            dt.date(2000 + rng.randint(0, 30), rng.randint(1, 12), rng.randint(1, 28)),
            "".join(
                rng.choice("abc xyz:-#'\"[]{},&*!|>%@`é“”–\n\t0123456789.")
                for _ in range(rng.randint(0, 30))
            ),
            rng.choice(
                ["yes", "no", "on", "off", "~", "null", "1e3", "0x10", "-", "2024-01-01", "<<", "="]
            ),
        ]
    )


def _random_key(rng: random.Random) -> Any:
    return rng.choice(
        [
            "".join(rng.choice("abcdefgh_-") for _ in range(rng.randint(1, 8))),
            rng.randint(0, 20),
            rng.choice(["yes", "null", "1", "01", "true"]),
        ]
    )


def test_random_documents_match_the_original() -> None:
    rng = random.Random(7)
    for i in range(400):
        value = _random_value(rng)
        text = yaml.safe_dump(
            value,
            default_flow_style=rng.choice([None, True, False]),
            allow_unicode=rng.random() < 0.5,
            width=rng.choice([20, 80, 1000]),
            indent=rng.choice([2, 4]),
            sort_keys=False,
        )
        block_mapping = not text.startswith(("{", "[", "-"))
        if i % 3 == 0 and block_mapping:  # add a duplicate key
            text = text.replace("\n", "\nzz: dup\nzz: again\n", 1)
        check(text)


def test_every_shipped_and_fixture_file_matches_the_original() -> None:
    paths = [*KNOWLEDGE.rglob("*.yaml"), *BAD.rglob("*.yaml"), *(ROOT / "tests").rglob("*.yaml")]
    assert len(paths) > 20
    for path in paths:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        check(text)


def test_aliases_are_refused_with_their_line_before_any_expansion() -> None:
    laughs = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n, name in enumerate("bcdefghijklmnop"):
        prev = "abcdefghijklmnop"[n]
        laughs.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]")
    text = "\n".join(laughs) + "\n"
    for loader in LOADERS:
        with pytest.raises(YamlProblem, match="anchors and aliases") as info:
            parse_yaml(text, loader)
        assert info.value.line == 2


def test_an_alias_after_a_rare_feature_is_still_refused() -> None:
    for loader in LOADERS:
        with pytest.raises(YamlProblem, match="anchors and aliases") as info:
            parse_yaml("a: !!set {x}\nb: &b 1\nc: *b\n", loader)
        assert info.value.line == 3


@pytest.mark.parametrize("flow", [True, False])
def test_nesting_limit(flow: bool) -> None:
    def nested(depth: int) -> str:
        if flow:
            return "[" * (depth - 1) + "x" + "]" * (depth - 1) + "\n"
        return "".join("  " * i + "-\n" for i in range(depth - 1)) + "  " * (depth - 1) + "x\n"

    for loader in LOADERS:
        data = parse_yaml(nested(MAX_DEPTH), loader)[0]
        for _ in range(MAX_DEPTH - 1):
            data = data[0]
        assert data == "x"
        with pytest.raises(YamlProblem, match=f"nesting deeper than {MAX_DEPTH}") as info:
            parse_yaml(nested(MAX_DEPTH + 1), loader)
        assert info.value.line == (1 if flow else MAX_DEPTH + 1)
        check(nested(MAX_DEPTH + 1), [loader])


def test_very_deep_nesting_is_refused_without_recursion() -> None:
    text = "[" * 200_000 + "]" * 200_000 + "\n"
    for loader in LOADERS:
        with pytest.raises(YamlProblem, match="nesting"):  # libyaml has its own limit too
            parse_yaml(text, loader)


def test_duplicate_key_names_its_field_path_and_line() -> None:
    text = "facts:\n  - id: a\n    answer: one\n    answer: two\n"
    for loader in LOADERS:
        _, _, dupes = parse_yaml(text, loader)
        ((problem),) = dupes
        assert (problem.field, problem.line) == ("facts[0].answer", 4)
        assert "duplicate key 'answer'" in problem.message
    _, _, dupes = parse_yaml("facts: []\nfacts: []\n")
    assert [(p.field, p.line) for p in dupes] == [("facts", 2)]


def test_control_character_is_reported_with_its_line() -> None:
    for loader in LOADERS:
        with pytest.raises(YamlProblem, match="YAML syntax error") as info:
            parse_yaml("a: 1\nb: é\nc: x\x00y\n", loader)
        assert info.value.line == 3


def test_lines_come_on_demand_and_match(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    text = (KNOWLEDGE / "hartlepool-2021" / "facts.yaml").read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    doc, dupes = load_yaml(path)
    assert not dupes
    want = old_parse(text)
    assert doc.lines == want[1]
    assert (
        doc.line(("facts", 3, "citations", 0, "paragraph"))
        == want[1][("facts", 3, "citations", 0, "paragraph")]
    )
    assert doc.line(("facts", 3, "no-such-field")) == want[1][("facts", 3)]


def test_size_limit_and_invalid_utf8(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * 200 + "\n", encoding="utf-8")
    monkeypatch.setattr(yamlfile, "MAX_FILE_BYTES", 100)
    with pytest.raises(YamlProblem, match="the limit is 100"):
        load_yaml(path)
    monkeypatch.undo()
    path.write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(YamlProblem, match="not valid UTF-8") as info:
        load_yaml(path)
    assert info.value.line == 2


def test_libyaml_is_used_when_available() -> None:
    expected = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
    assert yamlfile.default_loader() is expected
