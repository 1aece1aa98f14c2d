"""Per-contest reloads through the bot, and a restart while a knowledge file is broken (issue 12.4)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from bot.cli.common import CliError
from bot.core.answering.engine import Engine
from bot.core.runtime.startup import snapshot_dir
from bot.discord_app.client import ElectionBot
from bot.discord_app.runner import open_for
from bot.discord_app.watcher import KnowledgeWatcher
from bot.store import Store
from tests.discord.conftest import TestBot as RunBot
from tests.discord.conftest import make_settings
from tests.fakediscord import FakeDiscord, run_bot
from tests.moderation.conftest import CONTEST, audit_rows, modlog_texts, wait_for_modlog
from tests.moderation.test_count import ask
from tests.moderation.test_kb import break_turnout

TURNOUT = "Turnout was an unusually high 42.55%"


async def start_as_run_does(
    fake: FakeDiscord, tmp_path: Path, kb_dir: Path, stack: list
) -> ElectionBot:
    """Start the bot the way `bot run` does: the knowledge opened per contest, with the snapshot."""
    settings = make_settings(
        tmp_path, knowledge_dir=kb_dir, database_path=tmp_path / "data" / "bot.sqlite3"
    )
    catalog, opened, parts = open_for(settings)
    store = await Store.open(settings.database_path)
    bot = RunBot(
        settings=settings,
        engine=Engine(opened.kb, tz=settings.tz, parts=parts),
        store=store,
        catalog=catalog,
        startup_errors=opened.errors,
        watch=False,
        guild_ready_timeout=0.1,
    )
    ctx = run_bot(fake, bot)
    stack.append((ctx, store))
    return await ctx.__aenter__()


async def stop(stack: list) -> None:
    """Stop the bots started, newest first."""
    while stack:
        ctx, store = stack.pop()
        await ctx.__aexit__(None, None, None)
        await store.close()


async def test_a_restart_with_broken_facts_answers_from_the_last_good(
    fake_discord: FakeDiscord, tmp_path: Path, kb_dir: Path
) -> None:
    """Facts broken while the bot was down: it starts on the snapshot, answers, and says why."""
    stack: list = []
    try:
        bot = await start_as_run_does(fake_discord, tmp_path, kb_dir, stack)
        assert TURNOUT in await ask(fake_discord, "what was the turnout?")
        await bot.close()  # waits for the snapshot being written
        assert (snapshot_dir(bot.settings.database_path) / f"{CONTEST}.json").is_file()
        await stop(stack)

        line = break_turnout(kb_dir / CONTEST / "facts.yaml")
        bot = await start_as_run_does(fake_discord, tmp_path, kb_dir, stack)
        assert TURNOUT in await ask(fake_discord, "what was the turnout?")
        await wait_for_modlog(fake_discord, "Started with 1 error(s) in the knowledge folder")
        detail = await wait_for_modlog(fake_discord, f"facts.yaml:{line}:")
        assert "not verbatim" in detail and CONTEST in modlog_texts(fake_discord)[-2]
        [row] = await audit_rows(bot, "kb.startup.errors")
        assert row.after["kept"] == [CONTEST]
    finally:
        await stop(stack)


def test_never_good_knowledge_refuses_to_start(tmp_path: Path, kb_dir: Path) -> None:
    """With no snapshot (a first start), broken knowledge is refused with every error."""
    line = break_turnout(kb_dir / CONTEST / "facts.yaml")
    settings = make_settings(tmp_path, knowledge_dir=kb_dir)
    with pytest.raises(CliError, match=f"facts.yaml:{line}:") as caught:
        open_for(settings)
    assert "no good knowledge kept from an earlier run" in str(caught.value)


async def test_a_status_renamed_in_by_another_process_is_answered(
    fake_discord: FakeDiscord, mod_bot: ElectionBot, kb_dir: Path
) -> None:
    """The watcher's reload re-reads that contest alone and the next answer shows the status."""
    folder = kb_dir / CONTEST
    status = yaml.safe_load((folder / "status.yaml").read_text(encoding="utf-8"))
    status.update(phase="recount", version=status.get("version", 0) + 1, note="bundle check")
    tmp = folder / ".status.yaml.tmp"
    tmp.write_text(yaml.safe_dump(status), encoding="utf-8")
    os.replace(tmp, folder / "status.yaml")
    report = await KnowledgeWatcher(mod_bot).reload([str(folder / "status.yaml")])
    assert report.ok and report.contests == (CONTEST,) and report.changed == [f"{CONTEST}/status"]
    answer = await ask(fake_discord, "who won?")
    assert "Recount" in answer and "bundle check" in answer


async def test_count_applies_at_once_and_its_reload_reads_nothing(
    fake_discord: FakeDiscord, mod_bot: ElectionBot, kb_dir: Path
) -> None:
    """/count set serves the new status right after the write; the watcher then finds no change."""
    engine = mod_bot.engine
    inter = await fake_discord.inject_slash_command(
        "count set", {"phase": "recount"}, user="mod_mia"
    )
    await fake_discord.wait_for_callback(inter)
    assert mod_bot.engine is not engine
    assert mod_bot.engine.kb.contests[CONTEST].status.phase == "recount"
    assert "Recount" in await ask(fake_discord, "who won?")
    report = await KnowledgeWatcher(mod_bot).reload([str(kb_dir / CONTEST / "status.yaml")])
    assert report.ok and report.contests == () and report.changed == []
    assert not any("Knowledge" in t for t in modlog_texts(fake_discord))
