"""A real SIGKILL at each delivery step, then a restart: exactly one message per announcement.

On both backends: a SQLite file, and PostgreSQL (DATABASE_URL, a new database per test).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.announce.delivery import STEPS
from tests.announce.conftest import copy_knowledge
from tests.announce.killing import current_key, messages_with_ref, outbox_rows, ref_for, run_child
from tests.fakediscord import IDS, FakeDiscord

EXPECTED_BEFORE_RESTART = {"before_send": 0, "after_send": 1, "after_record": 1}


def database(target: dict[str, object]) -> Path | str:
    """Return the child's DB argument for a store target: the PostgreSQL URL or the file."""
    return str(target.get("database_url") or target["database_path"])


@pytest.mark.parametrize("point", STEPS)
async def test_killed_at_a_step_then_restarted_posts_exactly_once(
    fake_discord: FakeDiscord, tmp_path: Path, point: str, store_target: dict[str, object]
) -> None:
    """SIGKILL before sending, after sending or after recording; the restart settles it: one."""
    knowledge, db = copy_knowledge(tmp_path), database(store_target)
    killed = await run_child(fake_discord, db, knowledge, "phase:polls_closed", kill=point)
    assert killed.killed, killed.stderr[-2000:]
    key = current_key(knowledge)
    assert f"KILL {point} {key}" in killed.stdout
    ref = ref_for(key)
    assert len(messages_with_ref(fake_discord, ref)) == EXPECTED_BEFORE_RESTART[point]
    expected_state = "sent" if point == "after_record" else "pending"
    assert (await outbox_rows(db))[key][0] == expected_state

    restarted = await run_child(fake_discord, db, knowledge, "none")
    assert restarted.returncode == 0 and "SETTLED" in restarted.stdout, restarted.stderr[-2000:]
    posted = messages_with_ref(fake_discord, ref)
    assert len(posted) == 1
    assert len(fake_discord.bot_messages_in(IDS.announcements_channel_id)) == 1
    state, message_id, published = (await outbox_rows(db))[key]
    assert (state, message_id, published) == ("sent", int(posted[0]["id"]), 1)
    assert fake_discord.get_message(message_id)["flags"] & 1  # published in the news channel


async def test_several_announcements_each_killed_once(
    fake_discord: FakeDiscord, tmp_path: Path, store_target: dict[str, object]
) -> None:
    """Three status changes, each killed at another step and restarted: three messages, no more."""
    knowledge, db = copy_knowledge(tmp_path), database(store_target)
    keys = []
    for action, point in zip(
        ("phase:polls_closed", "phase:counting", "declare"), STEPS, strict=True
    ):
        assert (await run_child(fake_discord, db, knowledge, action, kill=point)).killed
        keys.append(current_key(knowledge))
        assert (await run_child(fake_discord, db, knowledge, "none")).returncode == 0
    counts = [len(messages_with_ref(fake_discord, ref_for(k))) for k in keys]
    assert counts == [1, 1, 1]
    assert len(fake_discord.bot_messages_in(IDS.announcements_channel_id)) == 3
    assert {row[0] for row in (await outbox_rows(db)).values()} == {"sent"}
