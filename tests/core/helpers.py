"""Paths and once-per-session knowledge bases shared by the core tests."""

from __future__ import annotations

import atexit
import datetime as dt
import shutil
import tempfile
from functools import cache
from pathlib import Path

from bot.core.answering.engine import Engine
from bot.core.drafting.draft import draft_knowledge
from bot.core.drafting.parties import PartyNames, read_party_names
from bot.core.knowledge.loader import load_knowledge
from bot.core.knowledge.model import KnowledgeBase
from tests.test_draft_quality import drafted

ROOT = Path(__file__).resolve().parents[2]
KNOWLEDGE = ROOT / "knowledge"
FIXTURES = ROOT / "tests" / "fixtures"
TESTVILLE = FIXTURES / "testville-2024"
BAD = FIXTURES / "bad"


@cache
def shipped_kb() -> KnowledgeBase:
    """Load the shipped knowledge folder once per test session."""
    return load_knowledge(KNOWLEDGE)


@cache
def shipped_parties() -> PartyNames:
    """Read the party names of the shipped synonyms.yaml once per test session, as `bot draft` does."""
    return read_party_names(KNOWLEDGE)[0]


@cache
def shipped_engine() -> Engine:
    """Build the engine over the shipped knowledge once per test session."""
    return Engine(shipped_kb())


@cache
def two_contests_dir() -> Path:
    """Return a temporary knowledge folder: the shipped one plus the invented Testville contest."""
    root = Path(tempfile.mkdtemp(prefix="kb-two-contests-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    shutil.copytree(ROOT / "seeds", root / "seeds")
    shutil.copytree(KNOWLEDGE, root / "knowledge")
    shutil.copytree(TESTVILLE, root / "knowledge" / TESTVILLE.name)
    return root / "knowledge"


@cache
def two_contest_engine() -> Engine:
    """Build the engine over the two-contest knowledge once per test session."""
    return Engine(load_knowledge(two_contests_dir()))


@cache
def no_default_engine() -> Engine:
    """Build the engine over the two contests with neither one the default."""
    root = Path(tempfile.mkdtemp(prefix="kb-no-default-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    shutil.copytree(two_contests_dir().parent, root, dirs_exist_ok=True)
    contest = root / "knowledge" / "hartlepool-2021" / "contest.yaml"
    contest.write_text(
        contest.read_text(encoding="utf-8").replace("default: true", "default: false")
    )
    return Engine(load_knowledge(root / "knowledge"))


DECLARED = FIXTURES / "declared" / "hartlepool-2021-status.yaml"


@cache
def declared_dir() -> Path:
    """Return a temporary copy of the shipped knowledge with the example declared result."""
    root = Path(tempfile.mkdtemp(prefix="kb-declared-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    shutil.copytree(KNOWLEDGE, root / "knowledge")
    shutil.copytree(ROOT / "seeds", root / "seeds")
    shutil.copy(DECLARED, root / "knowledge" / "hartlepool-2021" / "status.yaml")
    return root / "knowledge"


@cache
def declared_engine() -> Engine:
    """Build the engine over the shipped knowledge after the example declaration."""
    return Engine(load_knowledge(declared_dir()))


def drafted_engine(folder: Path, *paragraphs: str) -> Engine:
    """Draft a made-up article (one paragraph each) into `folder` as the only contest."""
    folder.mkdir(parents=True, exist_ok=True)
    article = folder / "article.txt"
    article.write_text("\n".join(paragraphs) + "\n", encoding="utf-8")
    out = folder / "knowledge"
    out.mkdir()
    shutil.copy(KNOWLEDGE / "synonyms.yaml", out / "synonyms.yaml")
    parties, _ = read_party_names(out)
    draft_knowledge(article, "testville-2024", out, parties=parties, date=dt.date(2024, 7, 4))
    contest = out / "testville-2024" / "contest.yaml"
    contest.write_text(contest.read_text().replace("default: false", "default: true"))
    return Engine(load_knowledge(out))


def article_engine(folder: Path, contest: str) -> Engine:
    """Draft one real article of tests/fixtures/articles into `folder` as the only contest."""
    knowledge = folder / "knowledge"
    knowledge.mkdir(parents=True)
    shutil.copy(KNOWLEDGE / "synonyms.yaml", knowledge)
    drafted(contest, knowledge)
    return Engine(load_knowledge(knowledge))
