"""Migrations: one list for both backends; old SQLite files upgrade in place, keeping their rows."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import asyncpg
import pytest

from bot.store import Store, StoreError
from bot.store.migrations import MIGRATIONS, scripts_for
from tests.pgplugin import open_target


def old_file(path: Path, version: int) -> None:
    """Write a SQLite file at an earlier schema version, as an older bot left it."""
    scripts = scripts_for("sqlite")[:version]
    with sqlite3.connect(path) as db:
        db.executescript("".join(scripts) + f"PRAGMA user_version = {version};")


async def test_a_version_2_file_gains_the_outbox_and_keeps_its_rows(tmp_path: Path) -> None:
    """A file at schema 2 gets the outbox (3) and its numbering (4); its audit rows stay."""
    path = tmp_path / "old.sqlite3"
    old_file(path, 2)
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO audit (at, actor, action) VALUES ('t', 'mia', 'status.set')")
    store = await Store.open(path)
    try:
        assert await store.db.version() == len(MIGRATIONS) == 4  # type: ignore[attr-defined]
        assert [e.actor for e in await store.audit.recent()] == ["mia"]
        assert await store.outbox.pending() == []
    finally:
        await store.close()


async def test_a_version_3_outbox_is_numbered_in_the_order_it_was_written(tmp_path: Path) -> None:
    """Rows of an old outbox keep their order (SQLite's rowid), state and message ids."""
    path = tmp_path / "old.sqlite3"
    old_file(path, 3)
    keys = ["z/phase/counting/v2", "a/manual/9", "m/phase/declared/v3"]
    with sqlite3.connect(path) as db:
        for number, key in enumerate(keys):
            db.execute(
                "INSERT INTO outbox (key, ref, nonce, kind, channel_id, payload, state, created_at,"
                " updated_at, message_id) VALUES (?, 'r', 'n', 'phase', 5, '{}', ?, 't', 't', ?)",
                (key, "sent" if number == 1 else "pending", 7 if number == 1 else None),
            )
    store = await Store.open(path)
    try:
        assert [r.key for r in await store.outbox.recent()] == keys[::-1]
        assert [r.key for r in await store.outbox.pending()] == [keys[0], keys[2]]
        sent = await store.outbox.get(keys[1])
        assert sent is not None and (sent.state, sent.message_id) == ("sent", 7)
        _, created = await store.outbox.add(
            key=keys[0], ref="r", nonce="n", contest_id=None, kind="phase", channel_id=5,
            payload="{}", at="t",
        )  # fmt: skip
        assert not created  # the key is still unique
    finally:
        await store.close()


async def test_reopening_migrates_nothing_more(store_target: dict[str, object]) -> None:
    """Opening a migrated database again changes nothing and keeps the rows."""
    first = await open_target(store_target)
    await first.audit.record(actor="mia", action="kb.check")
    await first.close()
    again = await open_target(store_target)
    try:
        assert await again.db.version() == len(MIGRATIONS)  # type: ignore[attr-defined]
        assert [e.action for e in await again.audit.recent()] == ["kb.check"]
    finally:
        await again.close()


async def test_a_newer_sqlite_file_is_refused(tmp_path: Path) -> None:
    """A file from a newer bot is not touched."""
    path = tmp_path / "new.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(StoreError, match="newer version of the bot"):
        await Store.open(path)


async def test_a_newer_postgresql_database_is_refused(postgres_url: str) -> None:
    """A database a newer bot migrated is not touched."""
    conn = await asyncpg.connect(postgres_url)
    try:
        await conn.execute("CREATE TABLE bot_schema (version INTEGER NOT NULL)")
        await conn.execute("INSERT INTO bot_schema VALUES ($1)", len(MIGRATIONS) + 1)
    finally:
        await conn.close()
    with pytest.raises(StoreError, match="newer version of the bot"):
        await Store.connect(postgres_url)


async def test_processes_starting_together_migrate_once(postgres_url: str) -> None:
    """Four stores opening one new PostgreSQL database at once: one schema, at the last version."""
    stores = await asyncio.gather(*(Store.connect(postgres_url) for _ in range(4)))
    try:
        for store in stores:
            assert await store.db.version() == len(MIGRATIONS)  # type: ignore[attr-defined]
        conn = await asyncpg.connect(postgres_url)
        try:
            assert await conn.fetchval("SELECT count(*) FROM bot_schema") == 1
            tables = await conn.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        finally:
            await conn.close()
        assert [t["tablename"] for t in tables] == [
            "audit",
            "bot_schema",
            "feedback",
            "outbox",
            "questions",
        ]
    finally:
        for store in stores:
            await store.close()


async def test_a_user_who_may_not_create_tables_is_told_so(postgres_url: str) -> None:
    """A database user without CREATE on the schema: StoreError saying what to grant, at once."""
    role = "reader_" + postgres_url.rsplit("/", 1)[1]  # roles belong to the whole server
    conn = await asyncpg.connect(postgres_url)
    try:
        await conn.execute(f'CREATE ROLE "{role}" LOGIN')
        await conn.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    finally:
        await conn.close()
    reader = postgres_url.replace("postgres@", f"{role}@", 1)
    with pytest.raises(StoreError, match="grant it CREATE on the public schema"):
        await Store.connect(reader)
