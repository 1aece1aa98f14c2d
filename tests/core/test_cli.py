"""`python -m bot ask|check|schema|run|health` as a user runs them, in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from bot.cli.check import SCHEMAS
from tests.core.helpers import BAD, KNOWLEDGE, ROOT, two_contests_dir

CITATION_KEYS = {"source", "paragraph", "quote"}
REQUIRED_KEYS = {
    "question",
    "answered",
    "text",
    "confidence",
    "entry_id",
    "citations",
    "suggestions",
}


def bot(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m bot ARGS` from the repository root and capture its output."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


def test_ask_prints_answer_sources_and_status() -> None:
    run = bot("ask", "--knowledge", str(KNOWLEDGE), "what was the turnout?")
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "Turnout was an unusually high 42.55% [¶4]."
    assert any(line.startswith("Sources: Labour have conceded") for line in lines)
    assert any(line.startswith("  [¶4] “turnout an unusually high 42.55%”") for line in lines)
    assert lines[-1].startswith("Count: Counting")


def test_ask_json_fields() -> None:
    run = bot("ask", "--json", "--knowledge", str(KNOWLEDGE), "who conceded for labour?")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert set(data) >= REQUIRED_KEYS
    assert data["question"] == "who conceded for labour?"
    assert data["answered"] is True and isinstance(data["text"], str)
    assert 0.0 <= data["confidence"] <= 1.0
    assert data["entry_id"] == "mcmahon-conceded"
    assert data["citations"] and all(set(c) == CITATION_KEYS for c in data["citations"])
    assert all(isinstance(c["paragraph"], int) for c in data["citations"])
    assert data["suggestions"] == []


def test_ask_json_abstention_has_suggestions() -> None:
    run = bot("ask", "--json", "--knowledge", str(KNOWLEDGE), "what is the capital of peru?")
    data = json.loads(run.stdout)
    assert data["answered"] is False and data["entry_id"] is None and data["citations"] == []
    assert 1 <= len(data["suggestions"]) <= 3


def test_ask_jsonl_answers_every_line_in_order() -> None:
    stdin = "what was the turnout?\n\nwho is alex norris?\n"
    run = bot("ask", "--jsonl", "--knowledge", str(KNOWLEDGE), stdin=stdin)
    assert run.returncode == 0, run.stderr
    rows = [json.loads(line) for line in run.stdout.splitlines()]
    assert [r["question"] for r in rows] == ["what was the turnout?", "", "who is alex norris?"]
    assert rows[0]["entry_id"] == "turnout"
    assert rows[1]["answered"] is False and "empty question" in rows[1]["error"]
    assert "line 2" in rows[1]["error"]
    assert rows[2]["entry_id"] == "alex-norris"


def test_ask_jsonl_with_contest() -> None:
    args = ("ask", "--jsonl", "--contest", "testville-2024", "--knowledge", str(two_contests_dir()))
    run = bot(*args, stdin="what was the turnout?\n")
    (row,) = [json.loads(line) for line in run.stdout.splitlines()]
    assert row["contest_id"] == "testville-2024" and row["entry_id"] == "testville-turnout"


@pytest.mark.parametrize("question", ["", "   "])
def test_empty_question_is_refused(question: str) -> None:
    run = bot("ask", "--knowledge", str(KNOWLEDGE), question)
    assert run.returncode != 0
    assert "empty question" in run.stderr
    assert run.stdout == ""


def test_unknown_contest_is_refused() -> None:
    run = bot("ask", "--knowledge", str(two_contests_dir()), "--contest", "atlantis", "turnout?")
    assert run.returncode != 0
    assert "unknown contest 'atlantis'" in run.stderr and "testville-2024" in run.stderr


def test_missing_knowledge_folder() -> None:
    run = bot("ask", "--knowledge", str(BAD / "no-such-folder"), "turnout?")
    assert run.returncode != 0
    assert "knowledge folder not found" in run.stderr
    assert "Traceback" not in run.stderr


def test_invalid_knowledge_lists_every_loader_message() -> None:
    run = bot("ask", "--knowledge", str(BAD / "multiple_errors"), "turnout?")
    assert run.returncode != 0
    assert "is invalid (3 errors)" in run.stderr
    for fragment in ("status.yaml:1: phase:", "facts[0].citations[0].quote:", "quotes[0].speaker:"):
        assert fragment in run.stderr
    assert "Traceback" not in run.stderr


def test_check_reports_paragraph_coverage() -> None:
    run = bot("check", str(KNOWLEDGE))
    assert run.returncode == 0, run.stderr
    assert "20/20 paragraphs cited" in run.stdout
    assert run.stdout.startswith("OK:")


def test_check_two_contests() -> None:
    run = bot("check", "--knowledge", str(two_contests_dir()))
    assert run.returncode == 0, run.stderr
    assert "2 contests" in run.stdout and "4/4 paragraphs cited" in run.stdout


@pytest.mark.parametrize("case", ["paragraph_out_of_range", "yaml_alias_bomb"])
def test_check_bad_fixture_fails(case: str) -> None:
    run = bot("check", str(BAD / case))
    assert run.returncode != 0
    assert f"{case}/testville-2024/facts.yaml:" in run.stderr
    assert run.stdout == ""


KINDS = sorted(SCHEMAS)


@pytest.fixture(scope="module")
def schema_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Run `bot schema --out DIR` once and return DIR."""
    out = tmp_path_factory.mktemp("schema")
    run = bot("schema", "--out", str(out))
    assert run.returncode == 0, run.stderr
    assert run.stdout.count("wrote ") == len(KINDS)
    return out


def read_schema(folder: Path, kind: str) -> dict:
    """Read one written schema."""
    return json.loads((folder / f"{kind}.schema.json").read_text(encoding="utf-8"))


def test_schema_writes_json_schemas(schema_dir: Path) -> None:
    names = sorted(p.name for p in schema_dir.iterdir())
    assert names == [f"{k}.schema.json" for k in KINDS]
    for kind in KINDS:
        schema = read_schema(schema_dir, kind)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["type"] == "object" and schema["properties"]
    assert "facts" in read_schema(schema_dir, "facts")["properties"]


def test_schemas_validate_the_shipped_knowledge(schema_dir: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    for kind in KINDS:
        jsonschema.Draft202012Validator.check_schema(read_schema(schema_dir, kind))
    shipped = KNOWLEDGE / "hartlepool-2021"
    for kind in ("facts", "quotes", "people", "status", "contest"):
        data = yaml.safe_load((shipped / f"{kind}.yaml").read_text(encoding="utf-8"))
        data = json.loads(json.dumps(data, default=str))  # dates as ISO strings, as in JSON
        jsonschema.validate(data, read_schema(schema_dir, kind))
    synonyms = yaml.safe_load((KNOWLEDGE / "synonyms.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(synonyms, read_schema(schema_dir, "synonyms"))


def test_schema_rejects_an_unknown_field(schema_dir: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    bad = yaml.safe_load((BAD / "unknown_field/testville-2024/facts.yaml").read_text())
    with pytest.raises(jsonschema.ValidationError, match="colour"):
        jsonschema.validate(bad, read_schema(schema_dir, "facts"))


def test_run_without_token_or_terminal_fails_clearly(tmp_path: Path) -> None:
    """`bot run` with no DISCORD_TOKEN and no terminal (a container) exits non-zero, saying why."""
    done = bot("run", "--env-file", str(tmp_path / "none.env"), stdin="")
    assert done.returncode == 2
    assert "DISCORD_TOKEN is not set, and there is no terminal" in done.stderr
    assert done.stdout == ""  # the console did not start


@pytest.mark.parametrize(
    ("age", "code", "said"),
    [
        (None, 1, "unhealthy: not connected to Discord yet"),
        (5, 0, "healthy: connected to Discord (heartbeat "),  # then "5 s ago" or a second more
        (300, 1, "unhealthy: not connected to Discord for 30"),
    ],
)
def test_health_reads_the_heartbeat_in_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, age: int | None, code: int, said: str
) -> None:
    """`bot health` is healthy only while the heartbeat next to DATABASE_PATH is under 60 s old."""
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "data" / "bot.sqlite3"))
    if age is not None:
        beat = tmp_path / "data" / "heartbeat"
        beat.parent.mkdir()
        beat.touch()
        then = time.time() - age
        os.utime(beat, (then, then))
    done = bot("health", "--env-file", str(tmp_path / "none.env"))
    assert done.returncode == code and done.stdout.startswith(said), done.stdout


def test_console_wraps_to_the_terminal_and_names_each_source_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Lines fit the terminal's width, broken between words; the article's title shows once."""
    monkeypatch.setenv("COLUMNS", "50")
    run = bot("ask", "--knowledge", str(KNOWLEDGE), "who won?")
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert max(len(line) for line in lines) <= 50, lines
    assert len(lines) > 10  # the answer and its four quotes took more than one line each
    title = "Labour have conceded the Hartlepool by-election is all-but lost"
    flat = " ".join(" ".join(lines).split())
    assert flat.count(f"Sources: {title}") == 1
    assert "[¶5] “The final result is not expected to be declared before 5.30am.”" in flat
    words = set(" ".join(lines).split())
    assert {"declared", "expected", "Labour"} <= words  # no word was cut at the margin


def test_counts_are_singular_for_one() -> None:
    """'1 contest', not '1 contests', in bot check and in the console's greeting."""
    run = bot("check", str(KNOWLEDGE))
    assert run.stdout.startswith(f"OK: {KNOWLEDGE} is valid: 1 contest, ")
    chat = bot("chat", "--knowledge", str(KNOWLEDGE), stdin="/quit\n")
    assert "Election bot console — 1 contest, " in chat.stdout and "contest(s)" not in chat.stdout


def test_the_console_leaves_on_a_bare_quit() -> None:
    """ "quit" (as people type it, without the slash) leaves the console; nothing after it is
    asked."""
    chat = bot("chat", "--knowledge", str(KNOWLEDGE), stdin="quit\nwhat was the turnout\n")
    assert chat.returncode == 0, chat.stderr
    assert "42.55" not in chat.stdout, chat.stdout


def test_shipped_schemas_are_current(tmp_path: Path) -> None:
    """schema/ in the repo is what `bot schema` writes today (run `make schema` after a change)."""
    run = bot("schema", "--out", str(tmp_path))
    assert run.returncode == 0, run.stderr
    fresh = {p.name: p.read_text(encoding="utf-8") for p in tmp_path.iterdir()}
    shipped = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "schema").iterdir()}
    assert set(shipped) == set(fresh)
    stale = [name for name in fresh if shipped[name] != fresh[name]]
    assert not stale, f"schema/ is out of date: run `make schema` ({', '.join(stale)})"


def test_knowledge_files_point_at_shipped_schemas() -> None:
    """Each `# yaml-language-server: $schema=...` line in knowledge/ names a file in schema/."""
    pointers = 0
    for path in KNOWLEDGE.rglob("*.yaml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "yaml-language-server: $schema=" in line:
                target = (path.parent / line.split("$schema=", 1)[1].strip()).resolve()
                assert target.is_file() and target.parent == (ROOT / "schema").resolve(), line
                pointers += 1
    assert pointers >= 1


def test_a_quote_shown_in_the_answer_is_not_repeated_under_sources() -> None:
    """'what did mcmahon say': each quote once, its source given by its paragraph mark."""
    run = bot("ask", "--knowledge", str(KNOWLEDGE), "what did mcmahon say")
    assert run.returncode == 0, run.stderr
    flat = " ".join(run.stdout.split())
    assert flat.count("That's where we are, that's the reality of where we are.") == 1
    assert "[¶8] [¶9] [¶10] [¶11]" in flat
