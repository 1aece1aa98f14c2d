"""Helpers shared by the command-line tools."""

from __future__ import annotations

from pathlib import Path

from ..core.engine import Engine
from ..core.knowledge import KnowledgeBase, KnowledgeError
from ..core.loader import load_knowledge


class CliError(Exception):
    """A problem to report to the user in one line, with a non-zero exit."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def load_kb(folder: Path) -> KnowledgeBase:
    """Load a knowledge folder or raise CliError with every loader message."""
    try:
        return load_knowledge(folder)
    except KnowledgeError as exc:
        count = len(exc.errors)
        raise CliError(f"knowledge in {folder} is invalid ({count} error{'s' * (count != 1)}):\n{exc}", 1) from None


def load_engine(folder: Path) -> Engine:
    """Load a knowledge folder and build the answer engine."""
    return Engine(load_kb(folder))
