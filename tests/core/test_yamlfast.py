"""yaml-rs is used only where it gives PyYAML's data: else the scan reads the file.

The reference is the original reader of test_yamlfile.py (PyYAML's composer and constructor).
`fast_parse` may decline any text; what it does return must be exactly what PyYAML builds, for
a document PyYAML reads without error or duplicate key.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
import yaml
import yaml_rs

from bot.core.knowledge.folders import read_folder
from bot.core.knowledge.synthetic import write_synthetic_kb
from bot.core.knowledge.yamlfast import fast_parse
from bot.core.knowledge.yamlfile import load_yaml
from bot.core.knowledge.yamlproblem import MAX_DEPTH
from tests.core.helpers import BAD, KNOWLEDGE, ROOT
from tests.core.test_yamlfile import SNIPPETS, _random_value, old_parse, same

# Where YAML 1.2 (yaml-rs) and 1.1 (PyYAML) read the same text differently, and texts yaml-rs
# accepts that PyYAML refuses.
DIFFERENCES = [
    "a: yes\n",
    "a: Off\n",
    "a: [x, ON]\n",
    "yes: 1\n",
    "a: 1:20\n",
    "a: 190:20:30.15\n",
    "a: 012\n",
    "a: 08\n",
    "a: 0o12\n",
    "a: 0b101\n",
    "a: 1e3\n",
    "a: 1.0e3\n",
    "a: 1.5_0\n",
    "a: -.5\n",
    "a: [1,08]\n",
    "a: {b: 012}\n",
    "012: a\n",
    "a: 2021-05-06\n",
    "a: '2021-05-06'\n",
    "a: 2021-5-6 1:00:00\n",
    "a: =\n",
    "a: >2\n   x\n  y",
    "a: |1\n  x\n",
    "a: \u2028x\n",
    "a: x\u0085y\n",
    "\ufeffa: 1\n",
    "a:\tb\n",
    "a: !!binary aGk=\n",
    "a: b\n---\nc: d\n",
    "[1]: a\n",
    "{a: 1}: b\n",
    "a: &x 1\nb: *x\n",
    "a: 1\na: 2\n",
    "- &x [1, 2]\n- *x\n",
]
DEEP = "".join(" " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 2)) + " " * (MAX_DEPTH + 2) + "v\n"


def check_fast(text: str) -> bool:
    """Assert that fast_parse declines `text` or gives PyYAML's data; return whether it took it."""
    got = fast_parse(text)
    if got is None:
        return False
    want = old_parse(text)
    assert want[0] not in ("error", "syntax"), (text, want)
    assert not want[2], (text, "duplicate keys must go to the scan")
    assert same(got[0], want[0]), (text, got[0], want[0])
    return True


@pytest.mark.parametrize("text", [*SNIPPETS, *DIFFERENCES, DEEP])
def test_snippet_is_read_as_pyyaml_reads_it_or_declined(text: str) -> None:
    check_fast(text)


def _raw(text: str) -> object:
    """Return what yaml-rs alone makes of `text` (the exception's type when it refuses it)."""
    try:
        return yaml_rs.loads(text, parse_datetime=False)
    except Exception as exc:
        return type(exc)


def test_where_yaml_rs_alone_differs_the_text_is_declined_or_corrected() -> None:
    declined = 0
    for text in [*DIFFERENCES, DEEP]:
        want = old_parse(text)
        if want[0] in ("error", "syntax") or want[2] or not same(_raw(text), want[0]):
            got = fast_parse(text)
            assert got is None or same(got[0], want[0]), text
            declined += got is None
    assert declined >= 28  # the premise: most of these texts are read differently (not 0b1, 1.5_0)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("date: 2021-05-06\n", {"date": dt.date(2021, 5, 6)}),
        ("date: '2021-05-06'\n", {"date": "2021-05-06"}),
        (
            'dates:\n- "2021-05-06"\n- 2021-05-07 # polling day\n',
            {"dates": ["2021-05-06", dt.date(2021, 5, 7)]},
        ),
        ("a: 2021-05-06\nb: '2021-05-06'\n", None),  # which of the two is the date?
        ("a: |-\n  2021-05-06\n", None),  # a block scalar is never a date
        ("a: said on 2021-05-06\nb: 2021-05-06\n", None),
    ],
)
def test_dates_are_dates_only_where_written_plain(text: str, want: object) -> None:
    got = fast_parse(text)
    assert (got[0] if got else None) == want
    if want is not None:
        assert same(got[0], old_parse(text)[0])


def test_nesting_just_under_the_limit_is_taken() -> None:
    depth = MAX_DEPTH - 1  # items at this depth are allowed, as in the scan
    text = "".join(" " * i + f"k{i}:\n" for i in range(depth - 1)) + " " * (depth - 1) + "k: v\n"
    assert old_parse(text)[0] not in ("error", "syntax")
    assert check_fast(text)


def test_random_documents_in_every_style() -> None:
    rng = random.Random(11)
    taken = 0
    for _ in range(600):
        value = _random_value(rng)
        text = yaml.safe_dump(
            value,
            default_flow_style=rng.choice([None, True, False]),
            default_style=rng.choice([None, None, "'", '"', "|", ">"]),
            allow_unicode=rng.random() < 0.5,
            width=rng.choice([20, 80, 1000]),
            indent=rng.choice([2, 4]),
            sort_keys=False,
        )
        taken += check_fast(text)
    assert taken > 30  # the fast path is exercised, not only declined


def test_knowledge_files_are_read_fast_and_the_same(tmp_path: Path) -> None:
    write_synthetic_kb(tmp_path, contests=3, seed=2)
    generated = sorted(tmp_path.rglob("*.yaml"))
    assert generated and all(check_fast(p.read_text(encoding="utf-8")) for p in generated)
    paths = [*KNOWLEDGE.rglob("*.yaml"), *BAD.rglob("*.yaml"), *(ROOT / "tests").rglob("*.yaml")]
    for path in paths:
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue
        check_fast(text)


def test_a_declined_file_still_gets_its_error_and_line(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text("facts:\n- id: a\n  answer: x\n- id: a\n  answer: y\n  answer: z\n")
    doc, dupes = load_yaml(path, fast=True)
    assert doc.data == {"facts": [{"id": "a", "answer": "x"}, {"id": "a", "answer": "z"}]}
    assert [(p.field, p.line) for p in dupes] == [("facts[1].answer", 6)]
    assert doc.line(("facts", 1, "answer")) == 6


def test_a_folder_read_fast_is_the_folder_read_by_the_scan(tmp_path: Path) -> None:
    """What start-up's workers read (fast) is what the bot reads itself, models and contest."""
    write_synthetic_kb(tmp_path, contests=2, seed=5)
    for folder in [
        *sorted(p for p in tmp_path.iterdir() if p.is_dir()),
        KNOWLEDGE / "hartlepool-2021",
    ]:
        fast, slow = read_folder(folder, fast=True), read_folder(folder)
        assert fast.files.models == slow.files.models and not fast.errors and not slow.errors
        assert fast.contest is not None and slow.contest is not None
        assert fast.contest.facts == slow.contest.facts
