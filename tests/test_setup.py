"""Set-up and settings as a new user meets them: .env values, the Makefile's venv, packaging."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from dotenv import dotenv_values

from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def test_blank_settings_take_their_defaults() -> None:
    """Every setting left blank (`COOLDOWN_SECONDS=`) reads as unset, not as an invalid value."""
    names = dotenv_values(ROOT / ".env.example")
    assert "COOLDOWN_SECONDS" in names and "ANNOUNCE_GRACE_MINUTES" in names
    blank = {name: "" for name in names} | {"CONTEST_MEMORY_MINUTES": "  "}
    assert Settings.from_env(blank) == Settings()
    assert Settings.from_env({"COOLDOWN_SECONDS": ""}).cooldown_seconds == 5.0


def test_env_example_is_valid_as_shipped() -> None:
    """Copying .env.example to .env gives a working configuration."""
    settings = Settings.from_env(dotenv_values(ROOT / ".env.example"))
    assert settings.discord_token is None and settings.cooldown_seconds == 5.0


def dry_run(folder: Path, venv_python: str) -> str:
    """Give `folder` the Makefile and a .venv whose python runs `venv_python`; show `make -n test`."""
    shutil.copy(ROOT / "Makefile", folder / "Makefile")
    (folder / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    bin_dir = folder / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").write_text(f'#!/bin/sh\nexec {venv_python} "$@"\n', encoding="utf-8")
    (bin_dir / "python").chmod(0o755)
    (folder / ".venv" / ".installed-stamp").touch()  # newer than pyproject.toml: installed
    # Not the variables of a make that runs these tests (.ci/run passes VENV= and PYTHON=).
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MAKE", "MFLAGS")) and k not in ("VENV", "PYTHON")
    }
    done = subprocess.run(
        ["make", "-n", "test", f"PYTHON={sys.executable}"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def test_make_keeps_a_venv_made_by_the_same_python(tmp_path: Path) -> None:
    """An installed .venv of $(PYTHON) is used as it is."""
    out = dry_run(tmp_path, sys.executable)
    assert "-m venv" not in out and ".venv/bin/python -m pytest -q" in out


@pytest.mark.parametrize(
    "other",
    [
        "/bin/echo /usr/local 3 10 13",  # another interpreter (e.g. PYTHON=python3.10 before)
        "/bin/false",  # a venv whose python no longer runs
    ],
)
def test_make_rebuilds_a_venv_made_by_another_python(tmp_path: Path, other: str) -> None:
    """.venv made by another Python is recreated from scratch with $(PYTHON), then installed."""
    out = dry_run(tmp_path, other)
    assert f"{sys.executable} -m venv --clear .venv" in out
    assert ".venv/bin/python -m pip install --quiet -e '.[test]'" in out


def test_license_is_an_spdx_expression_with_its_file() -> None:
    """pyproject.toml names the licence as SPDX text (no deprecated table), and LICENSE exists."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "MIT"
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    requires = project["build-system"]["requires"]
    assert any(r.replace(" ", "").startswith("setuptools>=77") for r in requires)
