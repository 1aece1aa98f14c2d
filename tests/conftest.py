"""Root fixtures: the Discord double plugin, and a guard that no test writes the repo's knowledge."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest_plugins = ["tests.fakediscord.plugin", "tests.pgplugin", "tests.processes"]

ROOT = Path(__file__).resolve().parents[1]
GUARDED = ("knowledge", "seeds")  # tests write only to copies of these in tmp_path


def snapshot() -> dict[str, str]:
    """Return the SHA-256 of every file under the guarded folders, by relative path."""
    return {
        str(path.relative_to(ROOT)): hashlib.sha256(path.read_bytes()).hexdigest()
        for folder in GUARDED
        for path in sorted((ROOT / folder).rglob("*"))
        if path.is_file()
    }


@pytest.fixture(autouse=True, scope="session")
def _repo_knowledge_untouched() -> Iterator[None]:
    """Fail the run if any test changed, added or removed a file of knowledge/ or seeds/."""
    before = snapshot()
    yield
    after = snapshot()
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert not changed, f"tests changed the repo's own files (use a copy in tmp_path): {changed}"
