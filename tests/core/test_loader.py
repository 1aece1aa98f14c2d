"""The loader accepts the shipped knowledge and locates every error to a file, line and field."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bot.core.knowledge.loader import load_knowledge
from bot.core.knowledge.reader import KnowledgeError, LoadError
from tests.core.helpers import BAD, KNOWLEDGE, TESTVILLE, two_contests_dir

CONTEST = "testville-2024"

# case -> (file, text on the line that must be reported, field, words the message must hold)
Needle = str | tuple[str, int] | None
CASES: dict[str, tuple[str, Needle, str, str]] = {
    "yaml_syntax": ("facts.yaml", "     citations: []", "", "YAML syntax error"),
    "duplicate_id": ("facts.yaml", ("  - id: turnout", 2), "facts[1].id", "duplicate id 'turnout'"),
    "duplicate_phrasing": (
        "facts.yaml",
        "what was the TURNOUT",
        "facts[1].questions[1]",
        "already claimed by 'turnout'",
    ),
    "duplicate_alias": (
        "people.yaml",
        "      - Pennington",
        "people[1].aliases[1]",
        "'Pennington' is already claimed by 'maya-pennington'",
    ),
    "unknown_speaker": (
        "quotes.yaml",
        "speaker: maya-penington",
        "quotes[0].speaker",
        "unknown speaker 'maya-penington'",
    ),
    "unknown_contest_source": (
        "facts.yaml",
        "source: gazette",
        "facts[0].citations[0].source",
        "unknown source 'gazette' (known: echo)",
    ),
    "unknown_person": (
        "facts.yaml",
        "people: [maya-pennington, tom-ashdown]",
        "facts[0].people[1]",
        "unknown person 'tom-ashdown'",
    ),
    "empty_answer": ("facts.yaml", "answer:", "facts[0].answer", "the answer is empty"),
    "paragraph_out_of_range": (
        "facts.yaml",
        "paragraph: 27",
        "facts[1].citations[0].paragraph",
        "27 is past the end of the source (20 paragraphs)",
    ),
    "span_not_verbatim": (
        "facts.yaml",
        "was 52.1%",
        "facts[0].citations[0].quote",
        "not verbatim in echo paragraph 1",
    ),
    "unknown_field": ("facts.yaml", "colour: blue", "facts[0].colour", "unknown field"),
    "missing_field": ("facts.yaml", "  - id: declaration", "facts[1].answer", "required field"),
    "duplicate_yaml_key": ("facts.yaml", "15.2%", "facts[0].answer", "duplicate key 'answer'"),
    "invalid_utf8": ("facts.yaml", "51.2\ufffd%", "", "not valid UTF-8"),
    "yaml_alias_bomb": ("facts.yaml", "b: &b", "", "anchors and aliases"),
    "missing_contest_yaml": ("", None, "", "contest folder has no contest.yaml"),
}


def line_of(path: Path, needle: str | tuple[str, int]) -> int:
    """Return the 1-based number of the line of `path` holding `needle` (or its nth match)."""
    text, nth = (needle, 1) if isinstance(needle, str) else needle
    lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
    hits = [number for number, line in enumerate(lines, start=1) if text in line]
    assert len(hits) >= nth, f"{text!r} is not in {path} {nth} time(s)"
    return hits[nth - 1]


def load_errors(folder: Path) -> list[LoadError]:
    """Load a folder that must fail and return its errors."""
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(folder)
    assert str(info.value) == "\n".join(str(e) for e in info.value.errors)
    return info.value.errors


def test_shipped_knowledge_loads() -> None:
    kb = load_knowledge(KNOWLEDGE)
    assert kb.default_contest.id == "hartlepool-2021"
    counts = kb.counts()
    assert counts["contests"] == 1
    assert counts["facts"] >= 20 and counts["quotes"] >= 10 and counts["people"] >= 5
    contest = kb.default_contest
    assert len(contest.sources["article"].paragraphs) == 20
    assert all(f.citations and f.questions for f in contest.facts)


def test_two_contest_fixture_loads() -> None:
    kb = load_knowledge(two_contests_dir())
    assert set(kb.contests) == {"hartlepool-2021", "testville-2024"}
    assert kb.default_contest.id == "hartlepool-2021"
    assert kb.contests["testville-2024"].sources["echo"].paragraph(1).startswith("Turnout in")


def test_every_bad_case_has_a_fixture() -> None:
    on_disk = {p.name for p in BAD.iterdir() if p.is_dir()}
    assert set(CASES) | {"multiple_errors", "quote_not_verbatim"} == on_disk


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_fixture_is_located(case: str) -> None:
    file, needle, fld, words = CASES[case]
    errors = load_errors(BAD / case)
    assert len(errors) == 1, errors
    err = errors[0]
    path = BAD / case / CONTEST / file if file else BAD / case / CONTEST
    assert Path(err.file).resolve() == path.resolve()
    assert err.line == (line_of(path, needle) if needle else None)
    assert err.field == fld
    assert words in err.message
    where = f"{err.file}:{err.line}" if err.line else err.file
    assert str(err) == (f"{where}: {fld}: {err.message}" if fld else f"{where}: {err.message}")


def test_paragraph_out_of_range_message_format() -> None:
    (err,) = load_errors(BAD / "paragraph_out_of_range")
    pattern = (
        r".*/paragraph_out_of_range/testville-2024/facts\.yaml:(\d+): facts\[(\d+)\]"
        r"\.citations\[0\]\.paragraph: 27 is past the end of the source \(20 paragraphs\)"
    )
    match = re.fullmatch(pattern, str(err))
    assert match, str(err)
    assert match.groups() == ("13", "1")


def test_quote_not_verbatim_is_reported() -> None:
    (err,) = load_errors(BAD / "quote_not_verbatim")
    assert err.file.endswith("quote_not_verbatim/testville-2024/quotes.yaml")
    assert "not verbatim in echo paragraph 3" in err.message
    assert "it matches the paragraph up to “Every ”, then the quote has “single vote" in err.message
    assert "where the paragraph has “vote has been counted twice tonight" in err.message


def test_quote_not_verbatim_names_the_text_field() -> None:
    (err,) = load_errors(BAD / "quote_not_verbatim")
    path = BAD / "quote_not_verbatim" / CONTEST / "quotes.yaml"
    assert (err.field, err.line) == ("quotes[0].text", line_of(path, "text: Every single"))


def test_multiple_errors_are_all_reported() -> None:
    errors = load_errors(BAD / "multiple_errors")
    found = {(Path(e.file).name, e.field) for e in errors}
    assert found == {
        ("status.yaml", "phase"),
        ("facts.yaml", "facts[0].citations[0].quote"),
        ("quotes.yaml", "quotes[0].speaker"),
    }
    assert all(e.line for e in errors)


def test_alias_bomb_is_refused_not_expanded() -> None:
    (err,) = load_errors(BAD / "yaml_alias_bomb")
    assert "not allowed" in err.message


def test_missing_folder_is_an_error() -> None:
    (err,) = load_errors(BAD / "no-such-folder")
    assert "knowledge folder not found" in err.message


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    (err,) = load_errors(tmp_path)
    assert "no contest folders" in err.message


def copy_testville(dest: Path, folder: str) -> Path:
    """Copy the fixture's Testville contest into `dest/folder`."""
    target = dest / folder
    shutil.copytree(TESTVILLE, target)
    return target


def test_contest_alias_claimed_twice(tmp_path: Path) -> None:
    copy_testville(tmp_path, "a")
    b = copy_testville(tmp_path, "b")
    meta = b / "contest.yaml"
    meta.write_text(meta.read_text().replace("id: testville-2024", "id: testville-2025"))
    errors = load_errors(tmp_path)
    messages = [str(e) for e in errors]
    assert any("is already claimed by contest 'testville-2024'" in m for m in messages), messages
    assert all(e.file.endswith("b/contest.yaml") for e in errors)


def test_two_default_contests(tmp_path: Path) -> None:
    for name, cid in (("a", "one"), ("b", "two")):
        meta = copy_testville(tmp_path, name) / "contest.yaml"
        text = meta.read_text().replace("id: testville-2024", f"id: {cid}")
        text = text.replace("aliases:\n  - testville\n  - testville by-election\n", "")
        meta.write_text(text.replace("name: Testville", f"name: {cid}") + "default: true\n")
    errors = load_errors(tmp_path)
    assert {e.field for e in errors} == {"default"}
    assert "more than one default contest: one, two" in errors[0].message


def test_unreadable_source_and_unknown_file(tmp_path: Path) -> None:
    folder = copy_testville(tmp_path, "t")
    (folder / "source.txt").unlink()
    (folder / "fact.yaml").write_text("facts: []\n")
    messages = [str(e) for e in load_errors(tmp_path)]
    assert any("fact.yaml: unknown knowledge file" in m for m in messages), messages
    line = line_of(folder / "contest.yaml", "file: source.txt")
    wanted = f"contest.yaml:{line}: sources[0].file: cannot read source source.txt"
    assert any(wanted in m for m in messages), messages


# -- messages a moderator can act on (issue 12) --------------------------------------------------


def broken_facts(tmp_path: Path, old: str, new: str) -> tuple[Path, list[LoadError]]:
    """Copy Testville, replace `old` by `new` in its facts.yaml, and return the load errors."""
    facts = copy_testville(tmp_path, "t") / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    assert old in text
    facts.write_text(text.replace(old, new, 1), encoding="utf-8")
    return facts, load_errors(tmp_path)


@pytest.mark.parametrize(
    ("old", "new", "at", "words"),
    [
        (  # a question broken in two by a stray newline: YAML notices it 5 lines later
            "      - How many people voted?",
            "      - How many people\nvoted?",
            "voted?",
            "is a line broken in two",
        ),
        (  # a key without its colon: noticed on the next line
            "    answer: Turnout in Testville",
            "    answer Turnout in Testville",
            "answer Turnout",
            "or a colon missing after a key",
        ),
        (  # a quote never closed: YAML reads on to the next quote, lines later
            "      - Was turnout high?",
            '      - "Was turnout high?',
            '"Was turnout high?',
            "the quote opened on this line is not closed on it",
        ),
        (  # a list's first item indented one space too far: YAML notices at the second
            "      - What was the turnout?",
            "       - What was the turnout?",
            "       - What was",
            "indented 7 space(s) where the lines around it have 6",
        ),
        (  # a second colon in a value
            "    answer: Turnout in Testville was 51.2% [¶1].",
            "    answer: Turnout: in Testville was 51.2% [¶1].",
            "answer: Turnout:",
            'put the whole value in quotes, e.g. answer: "Turnout: 50.5%"',
        ),
    ],
)
def test_yaml_syntax_errors_are_reported_where_the_mistake_is(
    tmp_path: Path, old: str, new: str, at: str, words: str
) -> None:
    """A syntax error names the line to fix, not the later line where YAML noticed it."""
    facts, errors = broken_facts(tmp_path, old, new)
    (err,) = errors
    assert err.line == line_of(facts, at), err
    assert "YAML syntax error" in err.message and words in err.message, err.message


def test_an_unquoted_colon_in_a_question_says_to_quote_it(tmp_path: Path) -> None:
    """'- What was it?: the turnout' is read as a mapping: say why and show the quoted text."""
    facts, errors = broken_facts(
        tmp_path, "      - Was turnout high?", "      - Was turnout high?: really"
    )
    (err,) = errors
    assert (err.line, err.field) == (line_of(facts, "high?: really"), "facts[0].questions[2]")
    assert "contains a colon followed by a space" in err.message
    assert err.message.endswith('put it in quotes: "Was turnout high?: really"')
    assert "Input should be a valid string" not in err.message


def test_a_misquote_shows_where_it_departs_from_the_paragraph(tmp_path: Path) -> None:
    """Past the first 80 characters: what matches, then what the quote and the paragraph have."""
    right = "the result would be declared at about 2am at the Testville Leisure Centre"
    wrong = "the result would be declared at about 2am at the Testville Leisure Center"
    _, errors = broken_facts(tmp_path, f"quote: {right}}}", f"quote: {wrong}}}")
    (err,) = errors
    assert err.field == "facts[1].citations[0].quote"
    assert "not verbatim in echo paragraph 2: it matches the paragraph up to" in err.message
    assert "at the Testville Leisure Cent”" in err.message
    assert "then the quote has “er” where the paragraph has “re.”" in err.message


def test_a_missing_source_file_is_one_error(tmp_path: Path) -> None:
    """Every citation of an unreadable source is not an error of its own: one error names the file."""
    folder = copy_testville(tmp_path, "t")
    (folder / "source.txt").unlink()
    (err,) = load_errors(tmp_path)
    assert err.file.endswith("contest.yaml") and err.field == "sources[0].file"
    assert err.line == line_of(folder / "contest.yaml", "file: source.txt")
    assert "cannot read source source.txt (file not found: " in err.message
