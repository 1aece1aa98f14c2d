"""The catalog re-reads only the contests whose files changed, and keeps each one's last good."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.core.knowledge import folders as folders_module
from bot.core.knowledge.catalog import Catalog
from bot.core.knowledge.loader import load_knowledge
from bot.core.knowledge.reader import KnowledgeError
from bot.core.knowledge.snapshot import Snapshot
from bot.core.knowledge.synthetic import write_synthetic_kb
from bot.core.runtime.holder import open_knowledge
from tests.core.helpers import ROOT, two_contests_dir

HARTLEPOOL, TESTVILLE = "hartlepool-2021", "testville-2024"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A writable copy of the two-contest knowledge (and the seeds its sources point at)."""
    shutil.copytree(two_contests_dir().parent, tmp_path / "repo")
    return tmp_path / "repo" / "knowledge"


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the folders the catalog reads."""
    seen: list[str] = []
    real = folders_module.read_folder

    def counting(
        folder: Path, every_file: bool = True, snapshot: Snapshot | None = None
    ) -> folders_module.FolderRead:
        seen.append(folder.name)
        return real(folder, every_file, snapshot)

    monkeypatch.setattr(folders_module, "read_folder", counting)
    return seen


def edit(path: Path, old: str, new: str) -> None:
    """Replace text in a knowledge file, as a moderator's editor would."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def write_status(folder: Path, **fields: object) -> None:
    """Save a status.yaml by writing a temporary file and renaming it, as another process would."""
    tmp = folder / ".status.yaml.tmp"
    tmp.write_text(yaml.safe_dump(fields), encoding="utf-8")
    os.replace(tmp, folder / "status.yaml")


def test_only_the_changed_folder_is_read_again(root: Path, reads: list[str]) -> None:
    """A change in one contest re-reads that folder alone; the other contest is the same object."""
    catalog = Catalog(root)
    first = catalog.refresh()
    assert sorted(reads) == [HARTLEPOOL, TESTVILLE] and not first.errors
    assert first.kb.counts() == load_knowledge(root).counts()
    kept = first.kb.contests[HARTLEPOOL]
    reads.clear()
    facts = root / TESTVILLE / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8"), encoding="utf-8")  # saved, unchanged
    write_status(root / TESTVILLE, phase="recount", version=3)
    refresh = catalog.refresh([root / TESTVILLE / "status.yaml"])
    assert reads == [TESTVILLE]
    assert refresh.contests == (TESTVILLE,) and refresh.changed == [f"{TESTVILLE}/status"]
    assert refresh.kb.contests[TESTVILLE].status.phase == "recount"
    assert refresh.kb.contests[HARTLEPOOL] is kept
    reads.clear()
    assert catalog.refresh().contests == () and reads == []  # nothing changed: nothing read


def test_a_broken_file_keeps_the_contest_and_not_the_others(root: Path) -> None:
    """Broken facts keep Testville's last good facts; Hartlepool's change goes through; file:line."""
    catalog = Catalog(root)
    good = catalog.refresh().kb.contests[TESTVILLE]
    facts = root / TESTVILLE / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + "\n  - id: [unclosed\n", encoding="utf-8")
    edit(root / HARTLEPOOL / "people.yaml", "Shadow Transport Secretary", "Shadow Chancellor")
    refresh = catalog.refresh()
    assert refresh.errors and all("facts.yaml:" in str(e) for e in refresh.errors)
    assert refresh.errors[0].line is not None and refresh.kept == (TESTVILLE,)
    assert refresh.kb.contests[TESTVILLE] is good
    assert refresh.contests == (HARTLEPOOL,)
    assert refresh.kb.contests[HARTLEPOOL].people["jim-mcmahon"].role == "Shadow Chancellor"


def test_a_status_saved_while_facts_are_broken_is_served(root: Path) -> None:
    """The live count is not held up by a half-edited facts.yaml: its last good facts stay."""
    catalog = Catalog(root)
    good = catalog.refresh().kb.contests[TESTVILLE]
    facts = root / TESTVILLE / "facts.yaml"
    facts.write_text("facts: [\n", encoding="utf-8")
    write_status(root / TESTVILLE, phase="recount", version=2)
    refresh = catalog.refresh([facts, root / TESTVILLE / "status.yaml"])
    served = refresh.kb.contests[TESTVILLE]
    assert refresh.errors and served.status.phase == "recount"
    assert served.facts == good.facts and refresh.kept == (TESTVILLE,)


def test_a_contest_that_never_loaded_is_not_served(root: Path) -> None:
    """With no last good version, a broken contest is left out and the rest is served."""
    edit(root / TESTVILLE / "quotes.yaml", "speaker: ", "speaker: nobody-")
    refresh = Catalog(root).refresh()
    assert list(refresh.kb.contests) == [HARTLEPOOL]
    assert any("unknown speaker" in str(e) for e in refresh.errors) and refresh.kept == ()


def test_an_alias_clash_is_refused_until_the_other_contest_gives_it_up(root: Path) -> None:
    """Testville may not take Hartlepool's alias; once Hartlepool drops it, Testville gets it."""
    catalog = Catalog(root)
    catalog.refresh()
    edit(
        root / TESTVILLE / "contest.yaml",
        "  - testville\n",
        "  - testville\n  - hartlepool election\n",
    )
    refresh = catalog.refresh([root / TESTVILLE / "contest.yaml"])
    assert refresh.contests == () and "already claimed by contest 'hartlepool-2021'" in str(
        refresh.errors
    )
    assert catalog.refresh([root / HARTLEPOOL / "status.yaml"]).errors == []  # told once
    edit(root / HARTLEPOOL / "contest.yaml", "  - hartlepool election\n", "")
    refresh = catalog.refresh([root / HARTLEPOOL / "contest.yaml"])
    assert refresh.contests == (HARTLEPOOL, TESTVILLE) and not refresh.errors
    assert "hartlepool election" in refresh.kb.contests[TESTVILLE].aliases


def test_folders_added_and_removed(root: Path, tmp_path: Path) -> None:
    """A new contest folder is served once read; a deleted one is no longer served."""
    shutil.move(root / TESTVILLE, tmp_path / TESTVILLE)
    catalog = Catalog(root)
    assert list(catalog.refresh().kb.contests) == [HARTLEPOOL]
    shutil.move(tmp_path / TESTVILLE, root / TESTVILLE)
    refresh = catalog.refresh([root / TESTVILLE / "contest.yaml"])
    assert (
        refresh.contests == (TESTVILLE,) and f"{TESTVILLE}/fact/testville-turnout" in refresh.added
    )
    shutil.rmtree(root / TESTVILLE)
    refresh = catalog.refresh([root / TESTVILLE])
    assert list(refresh.kb.contests) == [HARTLEPOOL] and f"{TESTVILLE}/status" in refresh.removed


def test_the_bots_own_status_write_needs_no_reading(root: Path, reads: list[str]) -> None:
    """After put_status, the watcher's refresh of that status.yaml reads nothing."""
    catalog = Catalog(root)
    kb = catalog.refresh().kb
    status = kb.contests[TESTVILLE].status.model_copy(update={"phase": "recount", "version": 9})
    write_status(root / TESTVILLE, **status.model_dump(mode="json", exclude_none=True))
    served = catalog.put_status(TESTVILLE, status)
    assert served.contests[TESTVILLE].status.version == 9
    reads.clear()
    assert catalog.refresh([root / TESTVILLE / "status.yaml"]).contests == () and reads == []


def test_synonyms_change_and_break(root: Path) -> None:
    """A synonyms change is flagged (everything depends on it); a broken one keeps the last good."""
    catalog = Catalog(root)
    old = catalog.refresh().kb.synonyms
    syn = root / "synonyms.yaml"
    text = syn.read_text(encoding="utf-8")
    syn.write_text(
        text.replace("\nsynonyms:\n", "\nsynonyms:\n  zebra crossing: [zebra crossings]\n")
    )
    refresh = catalog.refresh([syn])
    assert refresh.synonyms and refresh.kb.synonyms != old
    syn.write_text("parties: [\n", encoding="utf-8")
    refresh = catalog.refresh([syn])
    assert not refresh.synonyms and "synonyms.yaml:" in str(refresh.errors[0])


def test_a_restart_serves_the_snapshot_while_facts_are_broken(root: Path, tmp_path: Path) -> None:
    """The last good knowledge kept in the data folder is served after a restart; errors told."""
    snapshot = Snapshot(tmp_path / "data" / "knowledge-snapshot")
    catalog, opened = open_knowledge(root, snapshot.directory)
    assert catalog.save_snapshot(catalog.take_dirty()) == 3  # two contests and the synonyms
    assert catalog.save_snapshot(catalog.take_dirty()) == 0
    good = opened.kb.contests[TESTVILLE]
    facts = root / TESTVILLE / "facts.yaml"
    facts.write_text("facts: [\n", encoding="utf-8")
    (root / "synonyms.yaml").write_text("synonyms: {\n", encoding="utf-8")
    _, reopened = open_knowledge(root, snapshot.directory)
    assert reopened.kb.contests[TESTVILLE].facts == good.facts
    assert reopened.kb.synonyms == opened.kb.synonyms
    assert {Path(e.file).name for e in reopened.errors} == {"facts.yaml", "synonyms.yaml"}
    with pytest.raises(KnowledgeError):  # no snapshot: the synonyms were never good
        open_knowledge(root, tmp_path / "elsewhere")


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the folders whose YAML files are parsed (not taken from the snapshot)."""
    seen: list[str] = []
    real = folders_module.read_contest

    def counting(folder: Path, *args: object, **kwargs: object) -> object:
        seen.append(folder.name)
        return real(folder, *args, **kwargs)

    monkeypatch.setattr(folders_module, "read_contest", counting)
    return seen


def test_a_restart_takes_unchanged_folders_from_the_snapshot(
    root: Path, tmp_path: Path, parsed: list[str]
) -> None:
    """A folder whose files are those the snapshot was taken of is not parsed again; an edited
    one, or one whose snapshot no longer checks out, is."""
    snapshot = Snapshot(tmp_path / "data" / "knowledge-snapshot")
    catalog, first = open_knowledge(root, snapshot.directory)
    catalog.save_snapshot(catalog.take_dirty())
    assert sorted(parsed) == [HARTLEPOOL, TESTVILLE]
    parsed.clear()
    _, again = open_knowledge(root, snapshot.directory)
    assert parsed == []
    assert again.kb.contests == first.kb.contests and not again.errors

    edit(root / TESTVILLE / "facts.yaml", "Testville", "Testvile")
    catalog, edited = open_knowledge(root, snapshot.directory)
    assert parsed == [TESTVILLE]
    assert edited.kb.contests[TESTVILLE] != first.kb.contests[TESTVILLE]
    assert catalog.save_snapshot(catalog.take_dirty()) == 2  # testville, and the synonyms
    parsed.clear()

    # A snapshot whose quote is no longer verbatim is not served, though its stamp matches.
    kept = snapshot.directory / f"{HARTLEPOOL}.json"
    stamp, body = kept.read_text(encoding="utf-8").splitlines()
    data = json.loads(body)
    data["files"]["quotes.yaml"]["quotes"][0]["text"] += " (and more)"
    kept.write_text(stamp + "\n" + json.dumps(data) + "\n", encoding="utf-8")
    _, checked = open_knowledge(root, snapshot.directory)
    assert parsed == [HARTLEPOOL]
    assert checked.kb.contests == edited.kb.contests


def test_a_folder_broken_while_running_is_reported_again_after_a_restart(
    root: Path, tmp_path: Path
) -> None:
    """The mended knowledge kept for a broken folder is never taken for those files' reading."""
    snapshot = Snapshot(tmp_path / "data" / "knowledge-snapshot")
    catalog, first = open_knowledge(root, snapshot.directory)
    catalog.save_snapshot(catalog.take_dirty())
    facts = root / TESTVILLE / "facts.yaml"
    facts.write_text("facts: [\n", encoding="utf-8")
    write_status(root / TESTVILLE, phase="counting", note="Boxes are in")
    running = catalog.refresh([facts, root / TESTVILLE / "status.yaml"])
    assert running.errors and running.kb.contests[TESTVILLE].status.phase == "counting"
    assert catalog.save_snapshot(catalog.take_dirty()) == 1
    _, restarted = open_knowledge(root, snapshot.directory)
    assert {Path(e.file).name for e in restarted.errors} == {"facts.yaml"}
    served = restarted.kb.contests[TESTVILLE]
    assert served.facts == first.kb.contests[TESTVILLE].facts
    assert served.status.phase == "counting"


WORKERS = """
import json, sys
from pathlib import Path
from bot.core.answering.parts import ContestParts
from bot.core.runtime.startup import Opening, workers_wanted
root = Path(sys.argv[1])
_, here, _ = Opening(root, None, workers=0).result()
_, there, parts = Opening(root, None, workers=2).result()
print(json.dumps({
    "forks": workers_wanted(),
    "here": list(here.kb.contests), "there": list(there.kb.contests),
    "errors_here": [str(e) for e in here.errors], "errors_there": [str(e) for e in there.errors],
    "parts": sorted(parts),
    "parts_right": all(p == ContestParts.of(there.kb.contests[c]) for c, p in parts.items()),
    "same": all(there.kb.contests[c].facts == here.kb.contests[c].facts for c in here.kb.contests),
}))
"""


def test_worker_processes_read_what_this_process_would(tmp_path: Path) -> None:
    """The start-up's forked readers give the same knowledge, errors and engine parts.

    In a fresh process, as at `bot run`'s start: it forks only while it has a single thread.
    """
    write_synthetic_kb(tmp_path / "kb", 6, seed=1, default=False)
    broken = sorted((tmp_path / "kb").iterdir())[2] / "quotes.yaml"
    broken.write_text("quotes: [\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-c", WORKERS, str(tmp_path / "kb")],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    found = json.loads(run.stdout)
    assert found["forks"] >= 1 or os.cpu_count() == 1
    assert found["there"] == found["here"] and len(found["here"]) == 5
    assert found["errors_there"] == found["errors_here"] and found["errors_here"]
    assert found["parts"] == sorted(found["there"]) and found["parts_right"] and found["same"]


def test_a_knowledge_folder_that_vanishes_keeps_what_was_served(root: Path, tmp_path: Path) -> None:
    """Moving the whole folder away is an error to report, not a reason to serve nothing."""
    catalog = Catalog(root)
    served = catalog.refresh().kb
    shutil.move(root, tmp_path / "elsewhere")
    refresh = catalog.refresh()
    assert refresh.kb is served and "knowledge folder not found" in str(refresh.errors[0])
