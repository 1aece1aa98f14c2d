"""`bot draft` reads party names from synonyms.yaml (`party_names`), and `bot check` validates them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.knowledge.loader import load_knowledge
from bot.core.knowledge.reader import display
from tests.discord.conftest import ROOT

SHIPPED = ROOT / "knowledge" / "synonyms.yaml"
ARTICLE = (
    "Jo Bloggs has won the Testville by-election for the Testville Independents.",
    "Jo Bloggs (TVI) 12,345",
    "Sam Smith (Lab) 8,024",
    "Pat Jones (C) 3,210",
    "Testville Independents leader Ann Olderby said: “A wonderful night for the town.”",
)


def synonyms_with(extra_party: str, prose: str | None = None) -> str:
    """Return the shipped synonyms.yaml with a last party_names entry (and a first prose word)."""
    lines = SHIPPED.read_text(encoding="utf-8").splitlines(keepends=True)
    end = lines.index("party_names:\n") + 1
    while lines[end].startswith("  "):  # the section's entries and their continuation lines
        end += 1
    lines.insert(end, f"  {extra_party}\n")
    text = "".join(lines)
    if prose is not None:
        assert "\nprose_parties: [" in text
        text = text.replace("\nprose_parties: [", f"\nprose_parties: [{prose}, ", 1)
    return text


def draft(tmp_path: Path, out: Path, *extra: str) -> int:
    """Run `bot draft` on the made-up article into OUT; return the exit code."""
    article = tmp_path / "article.txt"
    article.write_text("\n".join(ARTICLE) + "\n", encoding="utf-8")
    args = ["draft", str(article), "--contest", "testville-2024", "--date", "2024-07-04"]
    return main([*args, "--out", str(out), *extra])


def drafted(out: Path) -> dict[str, object]:
    """Read the draft's people, declared candidates and fact questions, through the real loader."""
    contest = load_knowledge(out).contests["testville-2024"]
    assert contest.status.result is not None, "the results table was not declared"
    return {
        "people": {p.name: p.party for p in contest.people.values()},
        "candidates": {c.name: c.party for c in contest.status.result.candidates},
        "questions": {q for f in contest.facts for q in f.questions},
    }


def test_a_party_only_in_the_yaml_is_read_from_the_results_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """'TVI' in a table and 'Testville Independents leader' in prose read as the party in OUT's YAML."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "synonyms.yaml").write_text(
        synonyms_with("Testville Independents: [TVI]", prose="Testville Independents"),
        encoding="utf-8",
    )
    assert draft(tmp_path, out) == 0
    assert f"(party names from {out / 'synonyms.yaml'})" in capsys.readouterr().out
    got = drafted(out)
    assert got["candidates"] == {
        "Jo Bloggs": "Testville Independents",
        "Sam Smith": "Labour",
        "Pat Jones": "Conservative",
    }
    assert got["people"] == {
        "Jo Bloggs": "Testville Independents",
        "Sam Smith": "Labour",
        "Pat Jones": "Conservative",
        "Ann Olderby": "Testville Independents",
    }
    assert "How many votes did Testville Independents get?" in got["questions"]
    assert main(["check", str(out)]) == 0


def test_without_the_entry_the_printed_form_is_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """OUT without synonyms.yaml: the names come from --knowledge, which knows no 'TVI'."""
    out = tmp_path / "out"
    assert draft(tmp_path, out, "--knowledge", str(ROOT / "knowledge")) == 0
    assert f"(party names from {display(SHIPPED)})" in capsys.readouterr().out
    got = drafted(out)
    assert got["candidates"]["Jo Bloggs"] == "TVI"
    assert got["candidates"]["Sam Smith"] == "Labour"
    assert got["people"]["Ann Olderby"] is None


def test_out_without_party_names_falls_back_to_the_knowledge_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A synonyms.yaml in OUT with no party_names section gives way to --knowledge's."""
    out, knowledge = tmp_path / "out", tmp_path / "knowledge"
    out.mkdir()
    knowledge.mkdir()
    (out / "synonyms.yaml").write_text("synonyms:\n  turnout: [turn out]\n", encoding="utf-8")
    (knowledge / "synonyms.yaml").write_text(
        "party_names:\n  Testville Independents: [TVI]\n  Labour: [Lab]\n  Conservative: [C]\n",
        encoding="utf-8",
    )
    assert draft(tmp_path, out, "--knowledge", str(knowledge)) == 0
    assert f"(party names from {knowledge / 'synonyms.yaml'})" in capsys.readouterr().out
    assert drafted(out)["candidates"]["Jo Bloggs"] == "Testville Independents"


def test_no_party_names_anywhere_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Neither OUT nor --knowledge has party names: exit 2 naming both files, nothing written."""
    out, knowledge = tmp_path / "out", tmp_path / "empty"
    out.mkdir()
    knowledge.mkdir()
    (out / "synonyms.yaml").write_text("parties:\n  labour: [lab]\n", encoding="utf-8")
    assert draft(tmp_path, out, "--knowledge", str(knowledge)) == 2
    err = capsys.readouterr().err
    assert "party_names" in err
    assert f"{out / 'synonyms.yaml'} (no party_names section)" in err
    assert f"{knowledge / 'synonyms.yaml'} (no such file)" in err
    assert not (out / "testville-2024").exists()


BAD = [
    # (party_names entry added, prose word added, field reported, words of the message)
    (
        "Testville Independents: [TVI, Lab]",
        None,
        "party_names.Testville Independents[1]",
        "'Lab' is already a printed form of 'Labour'",
    ),
    (
        "Testville Independents: TVI",
        None,
        "party_names.Testville Independents",
        "Input should be a valid list",
    ),
    (
        "Testville Independents: [TVI, '...']",
        None,
        "party_names.Testville Independents[1]",
        "'...' has no letter or digit",
    ),
    (
        "Testville Independents: [TVI]",
        "Testville Residents",
        "prose_parties[0]",
        "'Testville Residents' is not a name or printed form in party_names",
    ),
    (
        "Testville Independents: [TVI]",
        "tvi",
        "prose_parties[0]",
        "must be written as prose capitalises it",
    ),
]


@pytest.mark.parametrize(("entry", "prose", "field", "message"), BAD)
def test_a_bad_party_names_entry_is_refused_with_its_file_and_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    entry: str,
    prose: str | None,
    field: str,
    message: str,
) -> None:
    """`bot check` and `bot draft` refuse it, each error at synonyms.yaml's line of the entry."""
    knowledge = tmp_path / "repo" / "knowledge"
    shutil.copytree(ROOT / "knowledge", knowledge)
    shutil.copytree(ROOT / "seeds", tmp_path / "repo" / "seeds")
    path = knowledge / "synonyms.yaml"
    path.write_text(synonyms_with(entry, prose), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    needle = f"prose_parties: [{prose}, " if prose is not None else f"  {entry}"
    line = next(n for n, text in enumerate(lines, start=1) if text.startswith(needle))
    expected = f"{path}:{line}: {field}: "
    assert main(["check", str(knowledge)]) == 1
    err = capsys.readouterr().err
    assert expected in err and message in err, err

    assert draft(tmp_path, tmp_path / "out", "--knowledge", str(knowledge)) == 1
    err = capsys.readouterr().err
    assert "cannot read the party names" in err and expected in err and message in err, err
    assert not (tmp_path / "out" / "testville-2024").exists()
