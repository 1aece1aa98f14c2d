"""Moderators on two processes sharing PostgreSQL and the knowledge folder (issue 14).

Edits made through different processes are applied one after the other, each building on the
last even before the other process has reloaded it; /count undo, /kb gaps and the audit log
cover both processes. The watchers are off, so no process learns of the other's edit except
through status.yaml read under the shared lock.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import yaml

from bot.core.answering.engine import Engine
from bot.core.clock import SystemClock
from bot.core.count.updates import StatusUpdater
from bot.core.knowledge.loader import load_knowledge
from bot.core.runtime.holder import KnowledgeHolder
from bot.discord_app.client import ElectionBot
from bot.store import Store
from tests.discord.test_asking import button_ids
from tests.fakediscord import FakeDiscord, InjectedInteraction
from tests.moderation.conftest import CONTEST
from tests.moderation.test_count import CONSISTENT, declare, press
from tests.moderation.test_kb import private_text
from tests.processes import ProcessFactory, ShardZero
from tests.until import until


def status_on_disk(knowledge: Path) -> dict:
    """Read the contest's status.yaml."""
    return yaml.safe_load((knowledge / CONTEST / "status.yaml").read_text(encoding="utf-8"))


async def command(
    fake: FakeDiscord, name: str, options: dict, channel_id: int | None = None
) -> str:
    """Run a moderator's slash command (in a server of the chosen process) and return the reply."""
    inter: InjectedInteraction = await fake.inject_slash_command(
        name, options, user="mod_mia", channel_id=channel_id
    )
    callback = await fake.wait_for_callback(inter, timeout=15)
    if callback.data.get("content"):
        return str(callback.data["content"])
    return await private_text(fake, inter)  # deferred (/kb alias, /kb gaps): the edited reply


def updaters(knowledge: Path, locks: list) -> list[StatusUpdater]:
    """Status updaters of separate processes (each its own knowledge in memory) on one folder."""
    clock = SystemClock(Engine(load_knowledge(knowledge)).tz)
    return [
        StatusUpdater(KnowledgeHolder(Engine(load_knowledge(knowledge)), knowledge), clock, lock)
        for lock in locks
    ]


async def test_a_stale_process_builds_on_the_others_change(
    shared_knowledge: Path, postgres_url: str
) -> None:
    """With the shared lock, a process that has not reloaded reads status.yaml: no version is
    written twice and the change says what it replaced. Without it, the stale write wins."""
    first_store, second_store = await Store.connect(postgres_url), await Store.connect(postgres_url)
    try:
        first, second = updaters(shared_knowledge, [first_store.edit_lock, second_store.edit_lock])
        start = first.current(CONTEST).version
        await first.set_phase(CONTEST, "recount", "mod_mia")
        change = await second.set_phase(CONTEST, "polls_closed", "mod_max")
        assert (change.before.phase, change.before.version) == ("recount", start + 1)
        saved = status_on_disk(shared_knowledge)
        assert (saved["phase"], saved["version"], saved["previous_phase"]) == (
            "polls_closed",
            start + 2,
            "recount",
        )
    finally:
        await first_store.close()
        await second_store.close()

    alone, stale = updaters(shared_knowledge, [None, None])  # one SQLite file per process
    made = await alone.set_phase(CONTEST, "counting", "mod_mia")
    lost = await stale.set_phase(CONTEST, "recount", "mod_max")
    assert lost.before.phase == "polls_closed"  # it never saw "counting"...
    assert lost.after.version == made.after.version == start + 3  # ...and reused its version


async def test_concurrent_edits_of_two_processes_all_land(
    fake_discord: FakeDiscord, start_process: ProcessFactory, shard_zero: ShardZero
) -> None:
    """/count set and /kb alias through both processes at once: every change is kept, in turn."""
    first, second = await start_process(0), await start_process(1)
    knowledge = first.settings.knowledge_dir
    start = status_on_disk(knowledge)["version"]
    phases = ["recount", "polls_closed", "counting", "recount", "polls_closed", "counting"]
    replies = await asyncio.gather(
        *(
            command(
                fake_discord,
                "count set",
                {"phase": phase},
                shard_zero.chat.id if number % 2 else None,
            )
            for number, phase in enumerate(phases)
        ),
        command(
            fake_discord,
            "kb alias",
            {"entry": "turnout", "phrasing": "Was the turnout decent?"},
            shard_zero.chat.id,
        ),
        command(fake_discord, "kb alias", {"entry": "turnout", "phrasing": "How many turned out?"}),
    )
    assert all("Not" not in text for text in replies), replies
    assert status_on_disk(knowledge)["version"] == start + len(phases)
    audit = [e for e in await second.store.audit.recent(100) if e.action.startswith("status.")]
    assert len(audit) == len(phases)  # both processes' changes, in one log
    versions = sorted(e.after["version"] for e in audit)
    assert versions == list(range(start + 1, start + len(phases) + 1))  # none written twice
    for entry in audit:  # each change replaced the one just before it
        assert entry.before["version"] == entry.after["version"] - 1
    facts = (knowledge / CONTEST / "facts.yaml").read_text(encoding="utf-8")
    assert "Was the turnout decent?" in facts and "How many turned out?" in facts


async def test_undo_and_gaps_cover_both_processes(
    fake_discord: FakeDiscord, start_process: ProcessFactory, shard_zero: ShardZero
) -> None:
    """A change made through one process is undone through the other, once; /kb gaps on either
    counts the questions asked in both servers."""
    first, second = await start_process(0), await start_process(1)
    knowledge = second.settings.knowledge_dir
    assert "Recount" in await command(
        fake_discord, "count set", {"phase": "recount"}, shard_zero.chat.id
    )
    assert second.engine.kb.contests[CONTEST].status.phase == "counting"  # not reloaded here
    # The moderator's reply goes out before the change is audited: wait for the shared log.
    await until(lambda: second.store.audit.last_status_change(CONTEST), what="the audit row")
    undone = await command(fake_discord, "count undo", {})
    assert "Undid status.set recount by mod_mia" in undone and "back to Counting" in undone
    assert status_on_disk(knowledge)["phase"] == "counting"
    again = await command(fake_discord, "count undo", {}, shard_zero.chat.id)
    assert "Nothing to undo" in again

    for channel in (shard_zero.chat.id, None):
        asked = await fake_discord.inject_slash_command(
            "ask", {"question": "who is the returning officer?"}, user="alice", channel_id=channel
        )
        await fake_discord.wait_for_callback(asked, timeout=15)  # answered (and recorded) there
    for process, channel in ((first, shard_zero.chat.id), (second, None)):
        text = await command(fake_discord, "kb gaps", {}, channel)
        assert "1. who is the returning officer? — asked 2×" in text, text
        assert process.store.shared
    actions = [e.action for e in await first.store.audit.recent(100)]
    assert actions.count("kb.gaps") == 2 and "status.undo" in actions


async def test_a_process_alone_on_sqlite_still_edits(
    fake_discord: FakeDiscord, start_process: ProcessFactory, tmp_path: Path
) -> None:
    """Without DATABASE_URL nothing is shared: the edit goes through the holder's lock alone."""
    bot: ElectionBot = await start_process(
        1, database_url=None, database_path=tmp_path / "alone.sqlite3"
    )
    assert not bot.store.shared and bot.status_updater.shared_lock is None
    assert "Recount" in await command(fake_discord, "count set", {"phase": "recount"})


async def test_a_preview_overtaken_through_another_process_is_refused(
    fake_discord: FakeDiscord, start_process: ProcessFactory, shard_zero: ShardZero
) -> None:
    """A result previewed in one process, then a status change through the other (not reloaded
    here): Confirm is refused instead of overwriting it."""
    await start_process(0)
    second = await start_process(1)
    inter, preview = await declare(fake_discord, CONSISTENT)
    assert any(c.startswith("count:confirm:") for c in button_ids(preview))
    assert "Recount" in await command(
        fake_discord, "count set", {"phase": "recount"}, shard_zero.chat.id
    )
    assert second.engine.kb.contests[CONTEST].status.phase == "counting"  # stale here
    stale = await press(fake_discord, second, inter, "confirm", "mod_mia")
    assert "changed since this preview" in stale["content"]
    assert status_on_disk(second.settings.knowledge_dir)["phase"] == "recount"
