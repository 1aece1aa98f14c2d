"""bot.core.knowledge.edits: phrasings added with ruamel round-trip keep comments and formatting."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bot.core.knowledge.edits import EditError, add_phrasing, contest_folder
from bot.core.knowledge.loader import load_knowledge
from tests.moderation.conftest import CONTEST

SMALL_FACTS = textwrap.dedent(
    """\
    # Facts of a test contest.
    facts:
    - id: turnout          # flush-left list style
      questions:
      - What was the turnout?   # the usual one
      # askers also say:
      - Turnout?
      answer: "Turnout was 42.55% [¶1]."
      citations: [{source: article, paragraph: 1, quote: "turnout 42.55%"}]
    - id: winner
      questions: ["Who won?", "Who is the winner?"]
      answer: >-
        Nobody yet
        [¶1].
      citations:
      - {source: article, paragraph: 1, quote: turnout 42.55%}
    """
)


@pytest.fixture
def small_kb(tmp_path: Path) -> Path:
    """A one-contest folder written in a different YAML style from the shipped one."""
    folder = tmp_path / "kb" / "testville"
    folder.mkdir(parents=True)
    (folder / "source.txt").write_text("The turnout 42.55% was high.\n", encoding="utf-8")
    (folder / "contest.yaml").write_text(
        "id: testville-2024\nname: Testville by-election\ndate: 2024-01-01\n"
        "sources: [{id: article, file: source.txt, title: Test}]\n",
        encoding="utf-8",
    )
    (folder / "facts.yaml").write_text(SMALL_FACTS, encoding="utf-8")
    load_knowledge(tmp_path / "kb")
    return tmp_path / "kb"


def added_lines(old: str, new: str) -> list[str]:
    """Return the lines of `new` that are not in `old`, checking nothing else changed."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    extra = [line for line in new_lines if line not in old_lines]
    assert [line for line in new_lines if line not in extra] == old_lines
    return extra


def test_adds_one_line_to_the_shipped_facts(kb_dir: Path) -> None:
    """On the shipped facts.yaml the edit is one added line; the folder still loads with the phrasing."""
    path = kb_dir / CONTEST / "facts.yaml"
    old = path.read_text(encoding="utf-8")
    edit = add_phrasing(kb_dir, CONTEST, "turnout", "  How busy were   the polls? ")
    assert added_lines(old, path.read_text(encoding="utf-8")) == [
        "      - How busy were the polls?"
    ]
    assert (
        edit.before[-1] != "How busy were the polls?"
        and edit.after[-1] == "How busy were the polls?"
    )
    fact = next(f for f in load_knowledge(kb_dir).contests[CONTEST].facts if f.id == "turnout")
    assert fact.questions[-1] == "How busy were the polls?"
    edit.undo()
    assert path.read_text(encoding="utf-8") == old


def test_keeps_comments_and_other_styles(small_kb: Path) -> None:
    """Comments, flush-left lists, flow lists and folded text survive; quoting is added only when needed."""
    path = small_kb / "testville" / "facts.yaml"
    add_phrasing(small_kb, "testville-2024", "turnout", "Turnout: how high?")
    assert added_lines(SMALL_FACTS, path.read_text(encoding="utf-8")) == [
        "  - 'Turnout: how high?'"
    ]
    add_phrasing(small_kb, "testville-2024", "winner", "Who took the seat?")
    text = path.read_text(encoding="utf-8")
    assert 'questions: ["Who won?", "Who is the winner?", "Who took the seat?"]' in text
    assert (
        "# askers also say:" in text
        and "# flush-left list style" in text
        and "answer: >-\n    Nobody yet" in text
    )
    contest = load_knowledge(small_kb).contests["testville-2024"]
    assert [f.questions[-1] for f in contest.facts] == ["Turnout: how high?", "Who took the seat?"]


@pytest.mark.parametrize(
    ("fact", "phrasing", "message"),
    [
        ("turnout", "what was the TURNOUT", "'turnout' already has the phrasing"),
        ("turnout", "Who won??", "already claimed by 'winner'"),
        ("nope", "Anything?", "no fact 'nope'"),
        ("turnout", "   ", "the phrasing is empty"),
        ("turnout", "?!", "the phrasing has no words"),
        ("turnout", "x" * 301, "longer than 300"),
    ],
)
def test_refusals_leave_the_file_alone(
    small_kb: Path, fact: str, phrasing: str, message: str
) -> None:
    """A claimed, empty or unknown target is refused with a reason; the file is untouched."""
    with pytest.raises(EditError, match=message):
        add_phrasing(small_kb, "testville-2024", fact, phrasing)
    assert (small_kb / "testville" / "facts.yaml").read_text(encoding="utf-8") == SMALL_FACTS


def test_unknown_contest_and_broken_yaml(small_kb: Path) -> None:
    """The contest is found by its id, not its folder name; a file that is not YAML is refused."""
    assert contest_folder(small_kb, "testville-2024").name == "testville"
    with pytest.raises(EditError, match="no contest 'testville'"):
        add_phrasing(small_kb, "testville", "turnout", "Anything?")
    path = small_kb / "testville" / "facts.yaml"
    path.write_text("facts:\n  - id: [unclosed\n", encoding="utf-8")
    with pytest.raises(EditError, match="not valid YAML"):
        add_phrasing(small_kb, "testville-2024", "turnout", "Anything?")
