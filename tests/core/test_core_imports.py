"""The core and the command line work without importing Discord."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.core.helpers import ROOT

PROBE = """
import sys
import {modules}
loaded = sorted(m for m in sys.modules if m == "discord" or m.startswith("discord."))
print(",".join(loaded) or "none")
"""


def imported_discord(modules: str) -> str:
    """Import `modules` in a fresh interpreter and return the discord modules it loaded."""
    run = subprocess.run(
        [sys.executable, "-c", PROBE.format(modules=modules)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return run.stdout.strip()


def test_probe_can_see_discord() -> None:
    pytest.importorskip("discord")
    assert "discord" in imported_discord("discord").split(",")


@pytest.mark.parametrize(
    "modules",
    [
        "bot.core, bot.core.answering.engine, bot.cli.ask",
        "bot.core.knowledge.loader, bot.core.knowledge.synthetic, bot.core.answering.facts",
        "bot.cli, bot.cli.check, bot.cli.bench, bot.__main__",
    ],
)
def test_core_does_not_import_discord(modules: str) -> None:
    assert imported_discord(modules) == "none"
