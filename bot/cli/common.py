"""Helpers shared by the command-line tools: loading knowledge, and errors for the user.

`load_kb` reads and validates the whole knowledge folder (`bot check` relies on it);
`load_engine` also builds the answer engine. The engine builds each contest's index on first
use, so `bot ask` starts in about a third of a second on the shipped knowledge with no cache.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ..core.answering.engine import Engine
from ..core.knowledge.loader import gc_paused, load_knowledge
from ..core.knowledge.model import KnowledgeBase
from ..core.knowledge.reader import KnowledgeError

log = logging.getLogger(__name__)


class CliError(Exception):
    """A problem to report to the user in one line, with a non-zero exit."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def load_kb(folder: Path) -> KnowledgeBase:
    """Load a knowledge folder or raise CliError with every loader message (never from a cache)."""
    try:
        return load_knowledge(folder)
    except KnowledgeError as exc:
        count = len(exc.errors)
        raise CliError(
            f"knowledge in {folder} is invalid ({count} error{'s' * (count != 1)}):\n{exc}", 1
        ) from None


def load_engine(folder: Path) -> Engine:
    """Load a knowledge folder and build the answer engine, or raise CliError with every error."""
    kb = load_kb(folder)
    with gc_paused():  # nothing built here is garbage: a collection would walk it in vain
        return Engine(kb)
