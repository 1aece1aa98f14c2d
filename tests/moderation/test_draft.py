"""`bot draft`: quotes, speakers and figures drafted from an article, and the draft passes `bot check`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.core.drafting.draft import DraftError, draft_knowledge, find_figures
from bot.core.drafting.quotations import extract_quotations, quoted_spans
from bot.core.knowledge.loader import load_knowledge
from bot.core.knowledge.model import Contest
from bot.core.text import verbatim_key
from tests.discord.conftest import ROOT
from tests.moderation.conftest import CONTEST

SEED = ROOT / "seeds" / "000_8ffd2a88b3554888.txt"


def shipped(kind: str) -> list[dict]:
    """Read the curated quotes or people of the shipped contest."""
    return yaml.safe_load(
        (ROOT / "knowledge" / CONTEST / f"{kind}.yaml").read_text(encoding="utf-8")
    )[kind]


@pytest.fixture
def draft(tmp_path: Path) -> Contest:
    """Draft the seed article into tmp_path/out and load it back."""
    report = draft_knowledge(
        SEED, CONTEST, tmp_path / "out", name="Hartlepool by-election", date=dt.date(2021, 5, 6)
    )
    assert report.folder == tmp_path / "out" / CONTEST
    return load_knowledge(tmp_path / "out").contests[CONTEST]


def test_every_quote_with_its_speaker(draft: Contest) -> None:
    """Every curated quote is found, in its paragraph, verbatim, attributed to the same person; no extras."""
    names = {p["id"]: p["name"] for p in shipped("people")}
    want = {
        (q["citation"]["paragraph"], verbatim_key(q["text"]), names[q["speaker"]])
        for q in shipped("quotes")
    }
    got = {
        (q.citation.paragraph, verbatim_key(q.text), draft.people[q.speaker].name)
        for q in draft.quotes
    }
    assert got == want
    assert len(draft.quotes) == len(want) == 12


def test_outlets_and_context(draft: Contest) -> None:
    """Outlets carry across a continued quote; 'Pressed on ...' becomes the context; times are kept."""
    by_paragraph = {q.citation.paragraph: q for q in draft.quotes}
    assert all(by_paragraph[n].outlet == "Sky News" for n in (8, 9, 10, 11, 12, 16, 17, 18, 19, 20))
    assert by_paragraph[14].outlet is None and by_paragraph[6].outlet is None
    assert by_paragraph[9].context == "Pressed on whether he was conceding defeat"
    assert by_paragraph[8].said_at == "just before 3am"


def test_speakers_with_roles(draft: Contest) -> None:
    """Each speaker is in people.yaml, with the role the article gives and a verbatim citation."""
    people = {p.name: p for p in draft.people.values()}
    assert set(people) == {"Jim McMahon", "Alex Norris", "Lloyd Russell-Moyle", "Labour sources"}
    assert (people["Jim McMahon"].role, people["Jim McMahon"].party) == (
        "Shadow Transport Secretary",
        "Labour",
    )
    assert people["Alex Norris"].role == "Shadow public health minister"
    assert "Mr Norris" in people["Alex Norris"].aliases
    assert people["Labour sources"].citations[0].paragraph == 6


def test_figures_become_cited_facts(draft: Contest) -> None:
    """Majorities, percentages and times are proposed as facts citing their sentence."""
    by_keyword = {f.keywords[0]: f for f in draft.facts}
    assert set(by_keyword) == {"3,595", "42.55%", "5.30am", "3am"}
    assert by_keyword["42.55%"].citations[0].paragraph == 4
    assert "What was the turnout?" in by_keyword["42.55%"].questions
    assert by_keyword["3,595"].years == [2019]
    assert by_keyword["5.30am"].answer.startswith(
        "The final result is not expected to be declared before 5.30am."
    )


def test_status_and_source(tmp_path: Path, draft: Contest) -> None:
    """The status starts as scheduled; the article is the registered source, by relative path."""
    assert draft.status.phase == "scheduled" and draft.status.version == 0
    contest_yaml = yaml.safe_load(
        (tmp_path / "out" / CONTEST / "contest.yaml").read_text(encoding="utf-8")
    )
    source = contest_yaml["sources"][0]
    assert not Path(source["file"]).is_absolute()
    assert (tmp_path / "out" / CONTEST / source["file"]).resolve() == SEED.resolve()
    assert "“red wall”" in (tmp_path / "out" / CONTEST / "quotes.yaml").read_text(encoding="utf-8")


def test_cli_draft_then_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`bot draft` writes a folder that `bot check` accepts; a second run refuses to overwrite."""
    out = tmp_path / "drafts"
    assert (
        main(["draft", str(SEED), "--contest", "hartlepool-2021", "--out", str(out), "--copy"]) == 0
    )
    assert "12 quotes, 4 speakers, 4 proposed facts" in capsys.readouterr().out
    assert (out / CONTEST / "article.txt").read_text(encoding="utf-8") == SEED.read_text(
        encoding="utf-8"
    )
    assert main(["check", str(out)]) == 0
    assert main(["draft", str(SEED), "--contest", "hartlepool-2021", "--out", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["draft", str(SEED), "--contest", "Bad Id", "--out", str(out)]) == 2


def test_other_attribution_forms(tmp_path: Path) -> None:
    """Attribution after the quote, groups, titles and pronouns on a small made-up article."""
    article = tmp_path / "article.txt"
    article.write_text(
        "Green candidate Jane Smith arrived at 1am.\n"
        '"We have run a brilliant campaign," said Jane Smith.\n'
        "Conservative officials said the mood was “very upbeat” in the hall.\n"
        'Mrs Smith later told BBC Radio Tees: "It is too close to call."\n'
        'She added: "We will see."\n'
        'Labour wants to win the so-called "red wall" back.\n',
        encoding="utf-8",
    )
    found = extract_quotations(article.read_text(encoding="utf-8").splitlines())
    assert [(q.paragraph, q.text, q.speaker.name if q.speaker else None) for q in found.quotes] == [
        (2, "We have run a brilliant campaign,", "Jane Smith"),
        (3, "very upbeat", "Conservative officials"),
        (4, "It is too close to call.", "Jane Smith"),
        (5, "We will see.", "Jane Smith"),
    ]
    assert found.quotes[2].outlet == "BBC Radio Tees"
    assert found.skipped == [(6, "red wall")]
    report = draft_knowledge(article, "testville-2024", tmp_path / "out", date=dt.date(2024, 7, 4))
    assert report.quotes == 4
    assert [f.value for f in find_figures(article.read_text(encoding="utf-8").splitlines())] == [
        "1am"
    ]


def test_quote_marks() -> None:
    """Curly, straight and doubled-apostrophe marks; an unclosed quote runs to the end of the paragraph."""
    text = "He said: \"one''. Then “two” and \"three"
    assert [text[s.inner_start : s.inner_end] for s in quoted_spans(text)] == [
        "one",
        "two",
        "three",
    ]


def test_bad_input(tmp_path: Path) -> None:
    """An empty article or a bad contest id is refused with a reason."""
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(DraftError, match="no paragraphs"):
        draft_knowledge(empty, "x-2024", tmp_path / "out")
    with pytest.raises(DraftError, match="lower case"):
        draft_knowledge(SEED, "X_2024", tmp_path / "out")
