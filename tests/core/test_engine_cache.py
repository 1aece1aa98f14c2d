"""The start-up cache of `bot ask`: used only when verified, invalidated by any change."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from bot.cli import common
from bot.cli.common import CliError, EngineCache, load_engine, load_kb
from bot.core.answering.engine import Engine
from tests.core.helpers import KNOWLEDGE, ROOT, TESTVILLE

QUESTIONS_FILE = ROOT / "tests" / "questions" / "dev.yaml"
PROBES = ["what was the turnout?", "who is the labour candidate", "when is the result due", "hi"]


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    """A copy of the Testville contest (its source lives in the contest folder)."""
    root = tmp_path / "kb"
    shutil.copytree(TESTVILLE, root / TESTVILLE.name)
    return root


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the cache at a private temporary folder and trust files of any age."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("BOT_CACHE_DIR", str(folder))
    monkeypatch.delenv("BOT_CACHE", raising=False)
    monkeypatch.setattr(common, "RACY_NS", 0)
    return folder


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record every full load load_engine does (a cache hit does none)."""
    calls: list[Path] = []

    def counting(folder: Path):
        calls.append(folder)
        return load_kb(folder)

    monkeypatch.setattr(common, "load_kb", counting)
    return calls


def answers(engine: Engine, questions: list[str]) -> list[dict]:
    return [engine.answer(q).to_dict() for q in questions]


def test_second_start_uses_the_cache_and_answers_the_same(
    cache_dir: Path, loads: list[Path]
) -> None:
    first = load_engine(KNOWLEDGE)
    assert len(loads) == 1 and len(list(cache_dir.iterdir())) == 1
    second = load_engine(KNOWLEDGE)
    assert len(loads) == 1, "the second start must come from the cache"
    questions = [item["q"] for item in yaml.safe_load(QUESTIONS_FILE.read_text(encoding="utf-8"))]
    assert len(questions) > 100
    assert answers(second, questions) == answers(first, questions)
    assert answers(second, questions) == answers(Engine(load_kb(KNOWLEDGE)), questions)


def test_cache_file_and_folder_are_private(cache_dir: Path) -> None:
    load_engine(KNOWLEDGE)
    (path,) = cache_dir.iterdir()
    assert cache_dir.stat().st_mode & 0o777 == 0o700
    assert path.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    "change",
    [
        "edit_same_size",
        "edit_and_restore_mtime",
        "add_file",
        "remove_file",
        "source",
        "rename_contest",
    ],
)
def test_any_change_to_the_knowledge_invalidates(
    kb_dir: Path, cache_dir: Path, loads: list[Path], change: str
) -> None:
    contest = kb_dir / TESTVILLE.name
    load_engine(kb_dir)
    load_engine(kb_dir)
    assert len(loads) == 1
    facts = contest / "facts.yaml"
    if change == "edit_same_size":
        text = facts.read_text(encoding="utf-8")
        facts.write_text(text.replace("How many people", "How many voters", 1), encoding="utf-8")
    elif change == "edit_and_restore_mtime":
        st = facts.stat()
        text = facts.read_text(encoding="utf-8")
        facts.write_text(text.replace("How many people", "How many voters", 1), encoding="utf-8")
        os.utime(facts, ns=(st.st_atime_ns, st.st_mtime_ns))
    elif change == "add_file":
        (contest / "notes.txt").write_text("moderator notes\n", encoding="utf-8")
    elif change == "remove_file":
        (contest / "status.yaml").unlink()
    elif change == "source":
        source = contest / "source.txt"
        source.write_text(
            source.read_text(encoding="utf-8") + "One more paragraph.\n", encoding="utf-8"
        )
    elif change == "rename_contest":
        contest.rename(kb_dir / "renamed")
    engine = load_engine(kb_dir)
    assert len(loads) == 2, f"{change} must invalidate the cache"
    if change.startswith("edit"):
        (contest_now,) = engine.kb.contests.values()
        assert "How many voters voted?" in contest_now.facts[0].questions


def test_source_outside_the_knowledge_folder_is_tracked(
    tmp_path: Path, cache_dir: Path, loads: list[Path]
) -> None:
    root = tmp_path / "kb"
    contest = root / TESTVILLE.name
    shutil.copytree(TESTVILLE, contest)
    shared = tmp_path / "shared"
    shared.mkdir()
    shutil.move(contest / "source.txt", shared / "article.txt")
    meta = contest / "contest.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace("source.txt", "../../shared/article.txt")
    )
    load_engine(root)
    load_engine(root)
    assert len(loads) == 1
    article = shared / "article.txt"
    article.write_text(
        article.read_text(encoding="utf-8").replace("Turnout", "TURNOUT"), encoding="utf-8"
    )
    with pytest.raises(CliError, match="not verbatim"):
        load_engine(root)
    assert len(loads) == 2


def test_knowledge_made_invalid_is_reported_not_served_from_cache(
    kb_dir: Path, cache_dir: Path
) -> None:
    load_engine(kb_dir)
    people = kb_dir / TESTVILLE.name / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8") + "\ncolour: blue\n", encoding="utf-8")
    with pytest.raises(CliError, match="unknown field"):
        load_engine(kb_dir)


def test_code_change_invalidates(
    cache_dir: Path, loads: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    load_engine(KNOWLEDGE)
    real = common.environment

    def upgraded() -> dict:
        env = real()
        env["modules"] = [*env["modules"], ["core/new_module.py", 10, 1]]
        return env

    monkeypatch.setattr(common, "environment", upgraded)
    load_engine(KNOWLEDGE)
    assert len(loads) == 2


@pytest.mark.parametrize(
    "damage", ["payload", "header", "truncate", "loose_file", "loose_folder", "symlink"]
)
def test_a_cache_that_cannot_be_verified_is_not_used(
    kb_dir: Path, cache_dir: Path, loads: list[Path], damage: str, tmp_path: Path
) -> None:
    load_engine(kb_dir)
    (path,) = cache_dir.iterdir()
    data = path.read_bytes()
    if damage == "payload":
        header, payload = data.split(b"\n", 1)
        flipped = payload[:100] + (b"A" if payload[100:101] != b"A" else b"B") + payload[101:]
        path.write_bytes(header + b"\n" + flipped)
    elif damage == "header":
        path.write_bytes(b"{not json\n" + data.split(b"\n", 1)[1])
    elif damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "loose_file":
        path.chmod(0o666)
    elif damage == "loose_folder":
        cache_dir.chmod(0o777)
    elif damage == "symlink":
        elsewhere = tmp_path / "elsewhere.cache"
        path.rename(elsewhere)
        path.symlink_to(elsewhere)
    engine = load_engine(kb_dir)
    assert len(loads) == 2, f"a cache with a damaged {damage} must not be used"
    assert engine.answer("what was the turnout?").answered


def test_cache_off_writes_nothing(
    kb_dir: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOT_CACHE", "off")
    load_engine(kb_dir)
    assert not cache_dir.exists()


def test_fresh_files_are_not_cached(
    kb_dir: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(common, "RACY_NS", 2_000_000_000)
    load_engine(kb_dir)  # the copy was made just now: its times cannot yet be trusted
    assert not cache_dir.exists() or not any(cache_dir.iterdir())


def test_load_kb_never_uses_or_writes_the_cache(kb_dir: Path, cache_dir: Path) -> None:
    load_engine(kb_dir)
    (path,) = cache_dir.iterdir()
    before = path.stat().st_mtime_ns
    facts = kb_dir / TESTVILLE.name / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + "\nextra: 1\n", encoding="utf-8")
    with pytest.raises(CliError, match="unknown field"):
        load_kb(kb_dir)
    assert path.stat().st_mtime_ns == before


def test_cache_is_keyed_by_folder(tmp_path: Path, cache_dir: Path, loads: list[Path]) -> None:
    for name in ("a", "b"):
        shutil.copytree(TESTVILLE, tmp_path / name / TESTVILLE.name)
        load_engine(tmp_path / name)
    assert len(loads) == 2 and len(list(cache_dir.iterdir())) == 2
    cache = EngineCache(tmp_path / "a", cache_dir)
    assert cache.read() is not None
