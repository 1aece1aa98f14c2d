"""Hot reload: a broken edit keeps the old knowledge serving and the mod-log gets file and line."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from bot.discord_app.client import ElectionBot
from bot.discord_app.modlog import CONTENT_MAX, chunk_lines, code_blocks, post
from bot.discord_app.watcher import KnowledgeWatcher, relevant
from tests.fakediscord import IDS, FakeDiscord
from tests.moderation.conftest import (
    CONTEST,
    ModBotFactory,
    audit_rows,
    modlog_texts,
    wait_for_modlog,
)
from tests.moderation.test_kb import break_turnout, served_questions


def add_turnout_phrasing(facts: Path, phrasing: str) -> None:
    """Add a phrasing to the turnout fact by editing the text, as a moderator would."""
    text = facts.read_text(encoding="utf-8")
    facts.write_text(
        text.replace("      - Turnout so far?\n", f"      - Turnout so far?\n      - {phrasing}\n"),
        encoding="utf-8",
    )


async def test_broken_edit_keeps_serving_and_fix_reloads(
    fake_discord: FakeDiscord, mod_bot: ElectionBot, facts_file: Path
) -> None:
    """The watcher's reload refuses a broken folder (mod-log: file and line), then takes the fixed one."""
    watcher = KnowledgeWatcher(mod_bot)
    good = facts_file.read_text(encoding="utf-8")
    engine = mod_bot.engine
    line = break_turnout(facts_file)
    report = await watcher.reload([str(facts_file)])
    assert not report.ok and mod_bot.engine is engine
    assert mod_bot.engine.answer("what was the turnout").text.startswith(
        "Turnout was an unusually high 42.55%"
    )
    await wait_for_modlog(
        fake_discord,
        "Knowledge files changed (facts.yaml): Knowledge reload failed with 1 error(s)",
    )
    detail = await wait_for_modlog(fake_discord, f"facts.yaml:{line}: facts[")
    assert "not verbatim" in detail

    facts_file.write_text(good, encoding="utf-8")
    report = await watcher.reload([str(facts_file)])
    assert report.ok and report.changed == []
    await wait_for_modlog(
        fake_discord, "Knowledge files changed (facts.yaml): Knowledge reloaded: 0 added, 0 changed"
    )
    add_turnout_phrasing(facts_file, "Turnout numbers?")
    await watcher.reload([str(facts_file)])
    assert "Turnout numbers?" in served_questions(mod_bot, "turnout")
    await wait_for_modlog(fake_discord, "Knowledge reloaded: 0 added, 1 changed, 0 removed.")
    assert [r.actor for r in await audit_rows(mod_bot, "kb.reload.failed")] == ["watcher"]
    assert len(await audit_rows(mod_bot, "kb.reload")) == 2


async def test_unchanged_reload_is_quiet(fake_discord: FakeDiscord, mod_bot: ElectionBot) -> None:
    """A reload that changes nothing (e.g. after the bot's own write) is audited but not posted."""
    report = await KnowledgeWatcher(mod_bot).reload(["status.yaml"])
    assert report.ok  # reload() returns after its audit row and any post: nothing can follow
    assert not any("Knowledge" in t for t in modlog_texts(fake_discord))
    assert len(await audit_rows(mod_bot, "kb.reload")) == 1


async def test_real_watcher_reloads_on_file_change(
    fake_discord: FakeDiscord, start_mod_bot: ModBotFactory, facts_file: Path
) -> None:
    """With watch=True, saving a file reloads the knowledge; saving a broken one posts its errors."""
    bot = await start_mod_bot(watch=True)
    assert bot.watcher is not None
    good = facts_file.read_text(encoding="utf-8")
    for _ in range(10):  # the watch starts in the background: save again until it is seen
        add_turnout_phrasing(facts_file, "Turnout numbers?")
        with contextlib.suppress(TimeoutError):
            await wait_for_modlog(fake_discord, "Knowledge reloaded: 0 added, 1 changed", timeout=3)
            break
        facts_file.write_text(good, encoding="utf-8")
    assert "Turnout numbers?" in served_questions(bot, "turnout")
    line = break_turnout(facts_file)
    await wait_for_modlog(fake_discord, f"facts.yaml:{line}:", timeout=20)
    assert "Turnout numbers?" in served_questions(bot, "turnout")
    assert any(r.actor == "watcher" for r in await audit_rows(bot, "kb.reload.failed"))


async def test_bot_stops_its_watcher_on_close(
    fake_discord: FakeDiscord, start_mod_bot: ModBotFactory
) -> None:
    """Closing the bot ends the watch task."""
    bot = await start_mod_bot(watch=True)
    watcher = bot.watcher
    assert watcher is not None and watcher._task is not None and not watcher._task.done()
    task = watcher._task
    await bot.close()
    assert task.done() and watcher._task is None


def test_watch_filter_skips_temporary_files() -> None:
    """Editor and atomic-write temporary files do not trigger a reload; knowledge files do."""
    assert relevant(None, "/k/hartlepool-2021/facts.yaml")  # type: ignore[arg-type]
    assert relevant(None, "/k/hartlepool-2021/source.txt")  # type: ignore[arg-type]
    assert not relevant(None, "/k/hartlepool-2021/.facts.yaml.abc123.tmp")  # type: ignore[arg-type]
    assert not relevant(None, "/k/hartlepool-2021/.facts.yaml.swp")  # type: ignore[arg-type]
    assert not relevant(None, "/k/hartlepool-2021/notes.md")  # type: ignore[arg-type]


def test_errors_are_split_under_discord_limit() -> None:
    """Hundreds of long errors become several code blocks, each under 2,000 characters, none lost."""
    errors = [
        f"knowledge/{CONTEST}/facts.yaml:{n}: facts[{n}].quote: " + "x" * 150 for n in range(1, 120)
    ]
    blocks = code_blocks(errors)
    assert len(blocks) > 5 and all(len(b) <= CONTENT_MAX for b in blocks)
    joined = "\n".join(blocks)
    assert all(f"facts.yaml:{n}:" in joined for n in range(1, 120))
    assert chunk_lines(["a" * 5000]) == ["a" * (CONTENT_MAX - 21) + "…"]


async def test_missing_modlog_channel_never_breaks_a_command(
    fake_discord: FakeDiscord, start_mod_bot
) -> None:
    """With the mod-log channel missing, commands still work and the audit row is written."""
    bot = await start_mod_bot(modlog_channel_id=1200000000000009999)
    await post(bot, "hello")
    inter = await fake_discord.inject_slash_command(
        "count set", {"phase": "recount"}, user="mod_mia"
    )
    assert "Recount" in (await fake_discord.wait_for_callback(inter)).data["content"]
    await fake_discord.wait_until(audit_rows_of(bot, "status.set recount"), what="audit row")
    assert bot.engine.kb.contests[CONTEST].status.phase == "recount"
    assert modlog_texts(fake_discord) == []


async def test_forbidden_modlog_channel_never_breaks_a_command(
    fake_discord: FakeDiscord, mod_bot: ElectionBot
) -> None:
    """With the bot forbidden from the mod-log channel (403), commands still work and are audited."""
    fake_discord.set_channel_forbidden(IDS.mod_log_channel_id)
    await post(mod_bot, "hello")
    inter = await fake_discord.inject_slash_command(
        "count set", {"phase": "recount"}, user="mod_mia"
    )
    assert "Recount" in (await fake_discord.wait_for_callback(inter)).data["content"]
    await fake_discord.wait_until(audit_rows_of(mod_bot, "status.set recount"), what="audit row")
    await fake_discord.wait_for_request(
        "POST", rf"/channels/{IDS.mod_log_channel_id}/messages", status=403
    )
    assert modlog_texts(fake_discord) == []


def audit_rows_of(bot: ElectionBot, action: str) -> Callable[[], Awaitable[list[Any]]]:
    """Return an async predicate: the audit rows of an action, once there are some."""

    async def rows() -> list[Any]:
        return await audit_rows(bot, action)

    return rows
