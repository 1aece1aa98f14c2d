"""Fixtures for the core tests."""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine
from bot.core.knowledge.model import KnowledgeBase
from tests.core.helpers import shipped_engine, shipped_kb, two_contest_engine


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
