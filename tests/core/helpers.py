"""Paths and once-per-session knowledge bases shared by the core tests."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from bot.core.engine import Engine
from bot.core.knowledge import KnowledgeBase
from bot.core.loader import load_knowledge

ROOT = Path(__file__).resolve().parents[2]
KNOWLEDGE = ROOT / "knowledge"
FIXTURES = ROOT / "tests" / "fixtures"
TWO_CONTESTS = FIXTURES / "kb_two_contests"
BAD = FIXTURES / "bad"


@cache
def shipped_kb() -> KnowledgeBase:
    """Load the shipped knowledge folder once per test session."""
    return load_knowledge(KNOWLEDGE)


@cache
def shipped_engine() -> Engine:
    """Build the engine over the shipped knowledge once per test session."""
    return Engine(shipped_kb())


@cache
def two_contest_engine() -> Engine:
    """Build the engine over the two-contest fixture once per test session."""
    return Engine(load_knowledge(TWO_CONTESTS))
