"""Fixtures for the core tests."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from bot.core.answering.engine import Engine
from bot.core.knowledge.model import KnowledgeBase
from tests.core.helpers import shipped_engine, shipped_kb, two_contest_engine


@pytest.fixture(autouse=True, scope="session")
def _private_start_up_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep `bot ask`'s start-up cache (also in subprocesses) out of the user's ~/.cache."""
    saved = os.environ.get("BOT_CACHE_DIR")
    os.environ["BOT_CACHE_DIR"] = str(tmp_path_factory.mktemp("bot-cache"))
    yield
    if saved is None:
        os.environ.pop("BOT_CACHE_DIR", None)
    else:
        os.environ["BOT_CACHE_DIR"] = saved


@pytest.fixture
def kb() -> KnowledgeBase:
    """Return the shipped knowledge base."""
    return shipped_kb()


@pytest.fixture
def engine() -> Engine:
    """Return the engine over the shipped knowledge base."""
    return shipped_engine()


@pytest.fixture
def two() -> Engine:
    """Return the engine over the two-contest fixture."""
    return two_contest_engine()
