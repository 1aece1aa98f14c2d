"""The Dockerfile, checked without a Docker engine: its instructions, and its /app layout run for real.

There is no Docker engine on the development and CI machines, so the image is never built here.
These tests parse the Dockerfile (dockerfile-parse), check what the issue asks of it, then lay
out /app as its COPY instructions would in a temporary folder and run the bot's commands there
with the image's environment: no token and no terminal, `bot health`, `bot check`, `bot rehearse`.
"""

from __future__ import annotations

import fnmatch
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest
from dockerfile_parse import DockerfileParser

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def dockerfile() -> DockerfileParser:
    """The parsed Dockerfile."""
    return DockerfileParser(str(ROOT / "Dockerfile"))


def instructions(parsed: DockerfileParser, name: str) -> list[str]:
    """Return the values of every instruction called `name`, in order."""
    return [i["value"] for i in parsed.structure if i["instruction"] == name]


def exec_form(value: str) -> list[str]:
    """Parse an exec-form (JSON array) instruction value; fail on the shell form."""
    parsed = json.loads(value)
    assert isinstance(parsed, list) and all(isinstance(p, str) for p in parsed), value
    return parsed


def ignored(path: str) -> bool:
    """Tell whether .dockerignore keeps `path` (relative to the repo) out of the build context."""
    keep_out = False
    for raw in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines():
        pattern = raw.strip()
        if not pattern or pattern.startswith("#"):
            continue
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").rstrip("/").removeprefix("**/")
        parts = PurePosixPath(path).parts
        hit = any(
            fnmatch.fnmatch("/".join(parts[: i + 1]), pattern) or fnmatch.fnmatch(parts[i], pattern)
            for i in range(len(parts))
        )
        if hit:
            keep_out = not negate
    return keep_out


def test_the_image_runs_as_the_issue_asks(dockerfile: DockerfileParser) -> None:
    """Non-root, exec-form CMD (SIGTERM reaches python), HEALTHCHECK `bot health`, two volumes."""
    assert dockerfile.baseimage.startswith("python:3.1") and dockerfile.baseimage.endswith("slim")
    order = [i["instruction"] for i in dockerfile.structure]
    users = instructions(dockerfile, "USER")
    assert users and users[-1] not in ("root", "0") and order.index("USER") < order.index("CMD")
    assert exec_form(instructions(dockerfile, "CMD")[-1]) == ["python", "-m", "bot", "run"]
    assert instructions(dockerfile, "STOPSIGNAL") in ([], ["SIGTERM"])
    [health] = instructions(dockerfile, "HEALTHCHECK")
    options, command = health.split("CMD", 1)
    assert exec_form(command.strip()) == ["python", "-m", "bot", "health"]
    assert "--start-period=" in options and "--interval=" in options
    volumes = set(exec_form(instructions(dockerfile, "VOLUME")[-1]))
    env = dockerfile.envs
    assert volumes == {env["KNOWLEDGE_DIR"], str(PurePosixPath(env["DATABASE_PATH"]).parent)}


def test_the_build_context_has_what_is_copied_and_no_secrets(dockerfile: DockerfileParser) -> None:
    """Every COPY source exists and is sent to the build; .env, data and venvs never are."""
    for value in instructions(dockerfile, "COPY"):
        *sources, _ = value.split()
        for source in sources:
            assert (ROOT / source).exists(), source
            assert not ignored(source), f"{source} is in .dockerignore"
    for secret in (
        ".env",
        ".env.production",
        "data/bot.sqlite3",
        ".venv/bin/python",
        ".git/config",
    ):
        assert ignored(secret), secret
    assert not ignored(".env.example")


def lay_out_app(dockerfile: DockerfileParser, app: Path) -> dict[str, str]:
    """Copy what the COPY instructions copy into `app` (the image's /app); return its environment."""
    workdir = PurePosixPath(instructions(dockerfile, "WORKDIR")[-1])
    for value in instructions(dockerfile, "COPY"):
        *sources, dest = value.split()
        target = app / PurePosixPath(workdir, dest).relative_to(workdir)
        for source in sources:
            origin = ROOT / source
            if origin.is_dir():
                shutil.copytree(origin, target, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                target.mkdir(parents=True, exist_ok=True)
                shutil.copy(origin, target / origin.name)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "BOT_CACHE"))}
    for name, value in dockerfile.envs.items():
        env[name] = value.replace(str(workdir), str(app))
    env["BOT_CACHE"] = "off"
    return env


def in_image(app: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m bot ARGS` in the laid-out /app with no terminal, as the container would."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=app,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_image_layout_runs(dockerfile: DockerfileParser, tmp_path: Path) -> None:
    """In /app as copied: no token and no terminal exits 2, health says unhealthy, check and rehearse work."""
    app = tmp_path / "app"
    env = lay_out_app(dockerfile, app)
    run = in_image(app, env, "run")
    assert (
        run.returncode == 2 and "DISCORD_TOKEN is not set, and there is no terminal" in run.stderr
    )
    health = in_image(app, env, "health")
    assert health.returncode == 1 and health.stdout.startswith("unhealthy: not connected")
    check = in_image(app, env, "check", env["KNOWLEDGE_DIR"])
    assert check.returncode == 0 and "20/20 paragraphs cited" in check.stdout, check.stderr
    rehearse = in_image(app, env, "rehearse", "--contest", "hartlepool-2021", "--speed", "100000")
    assert rehearse.returncode == 0, rehearse.stderr
    assert "Rehearsal done: 4 sent, 0 skipped, 0 failed, 0 pending" in rehearse.stdout
