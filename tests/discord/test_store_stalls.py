"""A database that does not answer never holds up a reply (the store on PostgreSQL)."""

from __future__ import annotations

import asyncpg
import pytest

from bot.discord_app import client
from tests.discord.test_asking import MENTION, button_ids
from tests.fakediscord import IDS, FakeDiscord
from tests.processes import ProcessFactory


async def test_a_blocked_store_costs_the_reply_its_buttons_not_its_answer(
    fake_discord: FakeDiscord,
    start_process: ProcessFactory,
    postgres_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With the questions table locked by someone else, the answer still goes out, after the
    store's short wait, without feedback buttons; once unlocked, questions are recorded again."""
    monkeypatch.setattr(client, "RECORD_WAIT", 0.5)
    bot = await start_process(1)
    blocker = await asyncpg.connect(postgres_url)
    try:
        locked = blocker.transaction()
        await locked.start()
        await blocker.execute("LOCK TABLE questions IN ACCESS EXCLUSIVE MODE")
        asked = await fake_discord.inject_message(
            IDS.general_channel_id, f"{MENTION} what was the turnout?", "alice"
        )
        reply = await fake_discord.wait_for_message(IDS.general_channel_id, after=asked.id)
        assert "42.55%" in reply["embeds"][0]["description"]
        assert not any(b.startswith("fb:") for b in button_ids(reply))
        await locked.rollback()
    finally:
        await blocker.close()
    asked = await fake_discord.inject_message(
        IDS.general_channel_id, f"{MENTION} what was the turnout?", "alice"
    )
    reply = await fake_discord.wait_for_message(IDS.general_channel_id, after=asked.id)
    assert any(b.startswith("fb:") for b in button_ids(reply))
    assert len(await bot.store.db.fetch("SELECT id FROM questions")) >= 1
