"""`bot rehearse` replays a night on a fast clock, printing each announcement, Discord-free."""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
from pathlib import Path

from bot.cli import build_parser
from bot.cli.rehearse import rehearse
from bot.settings import Settings
from tests.announce.conftest import CONTEST, ROOT
from tests.fakediscord import IDS, TOKEN, FakeDiscord


async def test_rehearsal_prints_every_announcement(knowledge: Path) -> None:
    """Polls closed, counting, the -30m warning and the result, in order; knowledge untouched."""
    status_before = (knowledge / CONTEST / "status.yaml").read_text(encoding="utf-8")
    args = build_parser().parse_args(
        ["rehearse", "--contest", CONTEST, "--speed", "10000", "--knowledge", str(knowledge)]
    )
    out = io.StringIO()
    assert await rehearse(args, Settings(), out) == 0
    text = out.getvalue()
    order = [
        "## Hartlepool by-election: polls have closed",
        "## Hartlepool by-election: counting",
        "## Hartlepool by-election: declaration soon",
        "## Hartlepool by-election: result declared",
    ]
    positions = [text.index(title) for title in order]
    assert positions == sorted(positions)
    assert "Declaration expected in about 30 minutes, at 05:30." in text
    assert "Example Candidate A Example Party A 15,000  51.7%" in text
    assert "(delayed)" not in text
    assert "Rehearsal done: 4 sent, 0 skipped, 0 failed, 0 pending" in text
    assert (knowledge / CONTEST / "status.yaml").read_text(encoding="utf-8") == status_before


def test_rehearse_command_line_is_discord_free() -> None:
    """`python -m bot rehearse` runs without importing discord.py when printing to the console."""
    probe = (
        "import sys; sys.argv = ['bot', 'rehearse', '--contest', 'hartlepool-2021',"
        " '--speed', '20000'];"
        "from bot.cli import main; code = main();"
        "print('discord loaded' if 'discord' in sys.modules else 'no discord'); sys.exit(code)"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    assert "result declared" in run.stdout and run.stdout.strip().endswith("no discord")


def test_unknown_contest_is_a_clear_error(capsys) -> None:  # type: ignore[no-untyped-def]
    """An unknown contest exits non-zero with one line."""
    from bot.cli import main

    assert main(["rehearse", "--contest", "nowhere-2099"]) == 2
    assert "unknown contest 'nowhere-2099'" in capsys.readouterr().err
    assert isinstance(build_parser().parse_args(["rehearse", "--contest", "x"]), argparse.Namespace)


async def test_rehearsal_posts_to_a_channel(fake_discord: FakeDiscord, knowledge: Path) -> None:
    """With --channel the rehearsal posts (and publishes) the same announcements through Discord."""
    channel = str(IDS.announcements_channel_id)
    argv = ["rehearse", "--contest", CONTEST, "--speed", "10000", "--knowledge", str(knowledge)]
    args = build_parser().parse_args([*argv, "--channel", channel])
    out = io.StringIO()
    assert await rehearse(args, Settings(discord_token=TOKEN), out) == 0
    posted = fake_discord.bot_messages_in(IDS.announcements_channel_id)
    assert [m["embeds"][0]["title"].split(": ")[1] for m in posted] == [
        "polls have closed",
        "counting",
        "declaration soon",
        "result declared",
    ]
    assert all(fake_discord.get_message(int(m["id"]))["flags"] & 1 for m in posted)


async def test_rehearsal_finds_its_script_where_the_image_puts_it(
    knowledge: Path, tmp_path: Path, monkeypatch
) -> None:
    """Installed (no checkout), the script is looked for under the working folder, as in /app."""
    from bot.cli import rehearse as module

    monkeypatch.setattr(module, "SCRIPTS", tmp_path / "site-packages" / module.SCRIPT_FOLDER)
    monkeypatch.chdir(tmp_path)
    args = build_parser().parse_args(
        ["rehearse", "--contest", CONTEST, "--speed", "10000", "--knowledge", str(knowledge)]
    )
    try:
        await rehearse(args, Settings(), io.StringIO())
    except module.CliError as exc:
        said = str(exc)
    else:
        raise AssertionError("a missing script was not reported")
    assert f"no rehearsal script for {CONTEST} (looked for " in said
    assert str(tmp_path / module.SCRIPT_FOLDER / f"{CONTEST}.yaml") in said
    assert "give one with --script FILE" in said
    (tmp_path / module.SCRIPT_FOLDER).mkdir(parents=True)  # what the Dockerfile copies
    script = ROOT / module.SCRIPT_FOLDER / f"{CONTEST}.yaml"
    (tmp_path / module.SCRIPT_FOLDER / script.name).write_bytes(script.read_bytes())
    out = io.StringIO()
    assert await rehearse(args, Settings(), out) == 0
    assert "Rehearsal done: 4 sent" in out.getvalue()
