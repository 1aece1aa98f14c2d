"""Locks shared by processes: the knowledge edit lock and the announcement lead, on PostgreSQL.

Two stores opened on one database stand for two bot processes (each has its own connections,
as a process does); a process's death is its connections being cut by the server.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import asyncpg
import pytest

from bot.store import LockUnavailable, Store
from bot.store import postgres as pg
from tests.until import until

OUTBOX_ROW = {
    "ref": "r", "nonce": "n", "contest_id": None, "kind": "manual", "channel_id": 5,
    "payload": "{}", "at": "t",
}  # fmt: skip


@pytest.fixture
async def two(postgres_url: str) -> AsyncIterator[tuple[Store, Store]]:
    """Two stores on one PostgreSQL database, as two processes would have."""
    first, second = await Store.connect(postgres_url), await Store.connect(postgres_url)
    try:
        yield first, second
    finally:
        await first.close()
        await second.close()


async def advisory_waiters(url: str) -> int:
    """Return how many advisory lock requests are waiting on the server."""
    conn = await asyncpg.connect(url)
    try:
        return int(
            await conn.fetchval(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            )
        )
    finally:
        await conn.close()


async def advisory_holders(url: str) -> list[int]:
    """Return the server pids of the connections holding an advisory lock."""
    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted")
    finally:
        await conn.close()
    return [int(r["pid"]) for r in rows]


async def kill_backends(url: str, application_name: str, pid: int | None = None) -> int:
    """Cut the server side of connections (by application name, or one pid): a process dying."""
    conn = await asyncpg.connect(url)
    try:
        return int(
            await conn.fetchval(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE application_name = $1 AND pid <> pg_backend_pid()"
                " AND ($2::int IS NULL OR pid = $2)",
                application_name,
                pid,
            )
        )
    finally:
        await conn.close()


async def test_edits_of_two_processes_run_one_after_the_other(
    two: tuple[Store, Store], postgres_url: str
) -> None:
    """The second process's edit waits on the server until the first one's is over."""
    first, second = two
    order: list[str] = []
    release = asyncio.Event()

    async def edit(store: Store, name: str, hold: asyncio.Event | None) -> None:
        async with store.edit_lock():
            order.append(f"{name} in")
            if hold is not None:
                await hold.wait()
            order.append(f"{name} out")

    one = asyncio.create_task(edit(first, "first", release))
    await until(lambda: order == ["first in"], 5)
    other = asyncio.create_task(edit(second, "second", None))
    await until(lambda: advisory_waiters(postgres_url), 5)  # blocked on the server
    assert order == ["first in"]
    release.set()
    await asyncio.wait_for(asyncio.gather(one, other), 5)
    assert order == ["first in", "first out", "second in", "second out"]


async def test_an_edit_lock_held_too_long_is_reported(
    two: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Waiting past the limit raises LockUnavailable, which says another process holds it."""
    first, second = two
    monkeypatch.setattr(pg, "EDIT_WAIT", 0.3)
    async with first.edit_lock():
        with pytest.raises(LockUnavailable, match="another bot process"):
            async with second.edit_lock():
                pass
    async with second.edit_lock():  # free again once the first is out
        pass


async def test_a_dead_process_frees_the_edit_lock(
    two: tuple[Store, Store], postgres_url: str
) -> None:
    """A process that dies holding the lock (its connections cut) no longer holds anyone up."""
    first, second = two
    entered = asyncio.Event()
    never = asyncio.Event()

    async def hold() -> None:
        async with first.edit_lock():
            entered.set()
            await never.wait()

    holder = asyncio.create_task(hold())
    await asyncio.wait_for(entered.wait(), 5)
    [holding] = await advisory_holders(postgres_url)
    assert await kill_backends(postgres_url, "election-bot", holding) == 1
    async with second.edit_lock():  # would wait forever if the lock outlived its connection
        pass
    holder.cancel()
    await asyncio.gather(holder, return_exceptions=True)


async def test_one_process_leads_and_another_takes_over(
    two: tuple[Store, Store], postgres_url: str
) -> None:
    """One lead at a time; a release hands it over; a dead holder's lead is taken at once."""
    first, second = two
    lead_a, lead_b = first.lead("announcements"), second.lead("announcements")
    notices: list[str] = []
    lead_a.on_notice(notices.append)
    assert await lead_a.acquire()
    assert not await lead_b.acquire()
    assert await lead_a.held() and await lead_a.acquire()  # holding it already

    _, created = await second.outbox.add(key="k1", **OUTBOX_ROW)  # a row another process added
    assert created
    await until(lambda: notices == ["k1"], 5)  # the holder is told at once

    await lead_a.release()
    assert not await lead_a.held()
    assert await lead_b.acquire()
    assert not await lead_a.acquire()

    pid = lead_b.conn.get_server_pid()  # type: ignore[attr-defined]
    assert await kill_backends(postgres_url, "election-bot announcements", pid) == 1
    assert not await lead_b.held()
    assert await lead_a.acquire()  # the holder died: the other takes over
    await lead_a.release()


async def test_an_unreachable_database_loses_no_lead_silently(
    postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A lead whose server cannot be reached is not held, trying again does not raise, and the
    outage is logged once, not at every try; its end is logged too."""
    caplog.set_level(logging.INFO, logger="bot.store.postgres")
    store = await Store.connect(postgres_url)
    try:
        lead = store.lead("announcements")
        lead.url = "postgresql://postgres@127.0.0.1:1/nowhere"  # type: ignore[attr-defined]
        for _ in range(3):
            assert not await lead.acquire()
        assert not await lead.held()
        lead.url = postgres_url  # type: ignore[attr-defined]
        assert await lead.acquire()
        await lead.release()
    finally:
        await store.close()
    lines = [r.getMessage() for r in caplog.records]
    assert sum("unreachable" in line for line in lines) == 1
    assert sum("answers again" in line for line in lines) == 1


async def test_sqlite_has_one_process_and_no_shared_locks(store: Store, backend: str) -> None:
    """On SQLite the process always leads and edits need no shared lock; both backends nest fine."""
    if backend != "sqlite":
        async with store.edit_lock():
            pass
        return
    lead = store.lead("announcements")
    assert await lead.acquire() and await lead.held()
    await lead.release()
    async with store.edit_lock(), store.edit_lock():  # no shared lock to wait for
        pass
