"""The outbox table: migration 3, one row per key, and only forward state changes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.announce.keys import NONCE_MAX, manual_key, nonce_of, phase_key, ref_of, scheduled_key
from bot.settings import Settings, SettingsError
from bot.store import Store
from bot.store.migrations import MIGRATIONS
from tests.announce.conftest import NIGHT

AT = "2021-05-06T23:00:00+01:00"


def row_args(key: str) -> dict:
    """Arguments of Outbox.add for a key."""
    return {
        "key": key, "ref": ref_of(key), "nonce": nonce_of(key), "contest_id": "c", "kind": "phase",
        "channel_id": 1, "payload": "{}", "at": AT,
    }  # fmt: skip


async def test_migration_3_upgrades_an_existing_database(tmp_path: Path) -> None:
    """A database at schema 2 gains the outbox table and keeps its rows."""
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(MIGRATIONS[0] + MIGRATIONS[1] + "PRAGMA user_version = 2;")
        db.execute("INSERT INTO audit (at, actor, action) VALUES ('t', 'mia', 'status.set')")
    store = await Store.open(path)
    try:
        async with store.conn.execute("PRAGMA user_version") as cur:
            assert (await cur.fetchone())[0] == 3 == len(MIGRATIONS)
        assert [e.actor for e in await store.audit.recent()] == ["mia"]
        assert await store.outbox.pending() == []
    finally:
        await store.close()


async def test_one_row_per_key_and_forward_only_states(tmp_path: Path) -> None:
    """Adding a key twice keeps the first row; sent and failed rows cannot change state again."""
    store = await Store.open(tmp_path / "bot.sqlite3")
    try:
        outbox = store.outbox
        row, created = await outbox.add(**row_args("k1"))
        assert created and row.state == "pending" and row.attempts == 0
        again, created = await outbox.add(**{**row_args("k1"), "payload": '{"other": 1}'})
        assert not created and again.payload == "{}"
        await outbox.attempt_failed("k1", "HTTP 503", AT)
        assert await outbox.mark_sent("k1", 42, AT, published=False)
        assert not await outbox.mark_failed("k1", "too late", AT)
        assert not await outbox.mark_sent("k1", 43, AT, published=None)
        sent = await outbox.get("k1")
        assert sent is not None and (
            sent.state,
            sent.message_id,
            sent.attempts,
            sent.published,
        ) == ("sent", 42, 1, False)
        assert [r.key for r in await outbox.unpublished()] == ["k1"]
        assert await outbox.mark_published("k1", AT)
        assert await outbox.unpublished() == []
        await outbox.add(**{**row_args("k2"), "state": "skipped", "error": "missed"})
        assert await outbox.pending() == []
    finally:
        await store.close()


def test_keys_nonces_and_refs_are_deterministic() -> None:
    """Keys come from what is announced; nonces fit Discord's 25 characters; refs are short."""
    assert phase_key("hartlepool-2021", "declared", 7) == "hartlepool-2021/phase/declared/v7"
    assert scheduled_key("h", "soon", NIGHT) == "h/scheduled/soon/20210506T2200Z"
    assert manual_key(None, 99) == "-/manual/99"
    key = phase_key("h", "counting", 1)
    assert nonce_of(key) == nonce_of(key) and len(nonce_of(key)) == NONCE_MAX
    assert len(ref_of(key)) == 12 and ref_of(key) != ref_of(phase_key("h", "counting", 2))


def test_announce_settings_are_validated() -> None:
    """The two announcement settings are read from the environment and refused when out of range."""
    settings = Settings.from_env(
        {"ANNOUNCE_RETRY_DEADLINE_SECONDS": "60", "ANNOUNCE_GRACE_MINUTES": "5"}
    )
    assert (settings.announce_retry_deadline_seconds, settings.announce_grace_minutes) == (60, 5)
    assert Settings().announce_grace_minutes == 30
    with pytest.raises(SettingsError) as err:
        Settings.from_env({"ANNOUNCE_RETRY_DEADLINE_SECONDS": "0", "ANNOUNCE_GRACE_MINUTES": "-1"})
    assert "ANNOUNCE_RETRY_DEADLINE_SECONDS" in str(err.value) and "ANNOUNCE_GRACE_MINUTES" in str(
        err.value
    )
