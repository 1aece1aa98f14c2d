"""Templates and announcements.yaml: checked at load (file:line), filled without Python access."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.core.knowledge.announcements import offset_of
from bot.core.knowledge.loader import load_knowledge
from bot.core.knowledge.reader import KnowledgeError
from bot.core.knowledge.templates import ALL_FIELDS, FIELDS, MISSING, fill, template_problems
from tests.announce.conftest import CONTEST, ROOT


@pytest.mark.parametrize(
    ("template", "problem"),
    [
        ("{contest_name.__class__}", "only plain field names"),
        ("{contest_name[0]}", "only plain field names"),
        ("{note!r}", "conversions like !r"),
        ("{phase:>10}", "format specs"),
        ("{phase:{note}}", "format specs"),
        ("{}", "name a field"),
        ("{0}", "name a field"),
        ("{nope}", "unknown field"),
        ("{", "literal brace"),
        ("}", "literal brace"),
    ],
)
def test_bad_templates_are_refused(template: str, problem: str) -> None:
    """Attribute, index, conversion, format-spec and positional fields are all refused."""
    problems = template_problems(template)
    assert problems and any(problem in p for p in problems)


def test_result_fields_only_where_allowed() -> None:
    """A result field is fine in `declared` (all fields) and refused elsewhere (status fields)."""
    assert template_problems("{winner} by {majority}") == []
    assert "only available in the `declared` template" in template_problems("{winner}", FIELDS)[0]


def test_fill_substitutes_strings_only() -> None:
    """Filling never formats objects: values are strings, unknown ones become 'not known'."""
    assert (
        fill("{contest_name} {{literal}} {note}", {"contest_name": "X", "note": None})
        == f"X {{literal}} {MISSING}"
    )
    assert set(ALL_FIELDS) >= {"winner", "turnout", "expected_at", "minutes_to_declaration"}


def test_offsets() -> None:
    """Offsets from the expected declaration."""
    assert offset_of("-30m") == dt.timedelta(minutes=-30)
    assert offset_of("+1h15m") == dt.timedelta(hours=1, minutes=15)
    assert offset_of("-2h") == dt.timedelta(hours=-2)


ONLY_DECLARED = "result fields are only available in the `declared` template"
BAD = """on_phase:
  counting:
    title: "{winner} leads"
    text: Counting.
  declared:
    text: "{winner} won {contest_name.__class__}"
scheduled:
  - id: a
    at: 22:00
    text: hi
"""
BAD_CROSS = """on_phase:
  counting:
    title: "{winner} leads"
    text: Counting.
scheduled:
  - id: a
    at: -30m
    text: "{majority}"
  - id: a
    at: 2021-05-06 22:00
    text: ok
    citations:
      - {source: article, paragraph: 5, quote: not in that paragraph}
"""


def test_loader_reports_model_errors_with_lines(knowledge: Path) -> None:
    """Bad fields and a time YAML reads as a number are reported with file:line."""
    (knowledge / CONTEST / "announcements.yaml").write_text(BAD, encoding="utf-8")
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(knowledge)
    lines = [str(e) for e in err.value.errors]
    assert any(
        "announcements.yaml:6: on_phase.declared.text" in line and "plain field names" in line
        for line in lines
    )
    assert any(
        "announcements.yaml:9: scheduled[0].at" in line and "as a number" in line for line in lines
    )


def test_loader_reports_cross_checks_with_lines(knowledge: Path) -> None:
    """Result fields outside `declared`, duplicate ids, non-verbatim citations: each at its line."""
    (knowledge / CONTEST / "announcements.yaml").write_text(BAD_CROSS, encoding="utf-8")
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(knowledge)
    lines = sorted(str(e).split("announcements.yaml:")[1] for e in err.value.errors)
    assert lines == [
        "13: scheduled[1].citations[0].quote: not verbatim in article paragraph 5:"
        " it matches the paragraph up to “not ”, then the quote has “in that paragraph”"
        " where the paragraph has “expected to be declared before 5.30am.”",
        "3: on_phase.counting.title: {winner}: " + ONLY_DECLARED,
        "8: scheduled[0].text: {majority}: " + ONLY_DECLARED,
        "9: scheduled[1].id: duplicate id 'a'",
    ]


def test_shipped_announcements_load() -> None:
    """The shipped hartlepool announcements load and use only status fields."""
    spec = load_knowledge(ROOT / "knowledge").contests[CONTEST].announcements
    assert spec is not None and "declared" in spec.on_phase
    assert [item.id for item in spec.scheduled] == ["declaration-soon"]


def test_check_and_schema_commands(knowledge: Path, tmp_path: Path) -> None:
    """`bot check` prints errors with file:line; `bot schema` writes announcements.schema.json."""
    (knowledge / CONTEST / "announcements.yaml").write_text(BAD_CROSS, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "bot", "check", str(knowledge)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1
    assert "announcements.yaml:9: scheduled[1].id: duplicate id 'a'" in run.stderr
    out = tmp_path / "schema"
    run = subprocess.run(
        [sys.executable, "-m", "bot", "schema", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    schema = json.loads((out / "announcements.schema.json").read_text(encoding="utf-8"))
    assert set(schema["properties"]) == {"on_phase", "scheduled"}
