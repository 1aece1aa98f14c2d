"""The store's tables on both backends: the same calls give the same answers on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio

import pytest

from bot.announce.keys import nonce_of, ref_of
from bot.store import Store
from bot.store.migrations import MIGRATIONS

AT = "2021-05-06T23:00:00+01:00"
SNOWFLAKE = 1_200_000_000_000_000_203  # past 2**31 and 2**53: ids must round-trip exactly


def row_args(key: str, **extra: object) -> dict:
    """Arguments of Outbox.add for a key."""
    values = {
        "key": key, "ref": ref_of(key), "nonce": nonce_of(key), "contest_id": "c", "kind": "phase",
        "channel_id": SNOWFLAKE, "payload": "{}", "at": AT,
    }  # fmt: skip
    return {**values, **extra}


async def test_tables_are_there_at_the_latest_version(store: Store, backend: str) -> None:
    """A new database gets every table, and records the schema version."""
    assert store.backend == backend and store.shared == (backend == "postgresql")
    assert await store.db.version() == len(MIGRATIONS)  # type: ignore[attr-defined]
    for table in ("questions", "feedback", "audit", "outbox"):
        rows = await store.db.fetch(f"SELECT count(*) AS n FROM {table}")
        assert rows[0]["n"] == 0


async def test_questions_feedback_and_gaps(store: Store) -> None:
    """Questions get increasing ids; votes replace the voter's last one; gaps count both."""
    ask = store.questions.record
    first = await ask(question="Who won?", answered=False, confidence=0.0, entry_id=None,
                      contest_id=None, user_id=SNOWFLAKE, channel_id=SNOWFLAKE)  # fmt: skip
    second = await ask(question=" who won? ", answered=False, confidence=0.1, entry_id=None,
                       contest_id="c")  # fmt: skip
    third = await ask(question="turnout?", answered=True, confidence=0.9, entry_id="turnout",
                      contest_id="c")  # fmt: skip
    assert first < second < third
    assert await store.questions.get(first) == "Who won?"
    assert await store.questions.get(999_999) is None
    assert await store.questions.feedback(third, SNOWFLAKE, 1)
    assert await store.questions.feedback(third, SNOWFLAKE, -1)  # changes the vote, not a second
    assert not await store.questions.feedback(999_999, SNOWFLAKE, -1)
    gaps = await store.questions.gaps()
    assert gaps == [
        {"question": "who won?", "times": 2, "unanswered": 2, "downvotes": 0},
        {"question": "turnout?", "times": 1, "unanswered": 0, "downvotes": 1},
    ]
    assert len(await store.questions.gaps(limit=1)) == 1
    rows = await store.db.fetch("SELECT user_id FROM questions WHERE id = ?", first)
    assert rows[0]["user_id"] == SNOWFLAKE


async def test_audit_log_and_undo_marks(store: Store) -> None:
    """Audit rows keep before/after; the last status change skips undos and undone rows."""
    set_id = await store.audit.record(actor="mia", action="status.set counting", actor_id=SNOWFLAKE,
                                      contest_id="c", before={"phase": "a"}, after={"phase": "b"})  # fmt: skip
    await store.audit.record(actor="mia", action="kb.reload", detail="ok")
    last = await store.audit.last_status_change("c")
    assert last is not None and (last.id, last.before, last.after) == (
        set_id,
        {"phase": "a"},
        {"phase": "b"},
    )
    undo_id = await store.audit.record(actor="max", action="status.undo", contest_id="c")
    await store.audit.mark_undone(set_id, undo_id)
    assert await store.audit.last_status_change("c") is None
    assert [e.action for e in await store.audit.recent()] == [
        "status.undo",
        "kb.reload",
        "status.set counting",
    ]
    assert len(await store.audit.recent(limit=2)) == 2


async def test_outbox_one_row_per_key_and_forward_only(store: Store) -> None:
    """Adding a key twice keeps the first row; sent and failed rows cannot change state again."""
    outbox = store.outbox
    row, created = await outbox.add(**row_args("k1"))
    assert created and row.state == "pending" and row.attempts == 0
    assert row.channel_id == SNOWFLAKE
    again, created = await outbox.add(**row_args("k1", payload='{"other": 1}'))
    assert not created and again.payload == "{}"
    await outbox.attempt_failed("k1", "HTTP 503" * 100, AT)
    assert len((await outbox.get("k1")).error or "") == 500  # type: ignore[union-attr]
    assert await outbox.mark_sent("k1", SNOWFLAKE + 1, AT, published=False)
    assert not await outbox.mark_failed("k1", "too late", AT)
    assert not await outbox.mark_sent("k1", 43, AT, published=None)
    sent = await outbox.get("k1")
    assert sent is not None
    assert (sent.state, sent.message_id, sent.attempts, sent.published, sent.error) == (
        "sent",
        SNOWFLAKE + 1,
        1,
        False,
        None,
    )
    assert [r.key for r in await outbox.unpublished()] == ["k1"]
    assert await outbox.mark_published("k1", AT)
    assert await outbox.unpublished() == []
    _, created = await outbox.add(**row_args("k2", state="skipped", error="missed"))
    assert created and await outbox.pending() == []
    with pytest.raises(ValueError, match="unknown outbox state"):
        await outbox.add(**row_args("k3", state="posted"))


async def test_outbox_keeps_the_order_rows_were_added_in(store: Store) -> None:
    """Pending rows come out in the order they were recorded, whatever their keys and times."""
    keys = ["z/phase/counting/v2", "a/phase/declared/v3", "m/manual/1"]
    for key in keys:
        await store.outbox.add(**row_args(key))  # all at the same second
    assert [r.key for r in await store.outbox.pending()] == keys
    assert [r.key for r in await store.outbox.recent()] == keys[::-1]
    assert [r.key for r in await store.outbox.recent(limit=1)] == keys[-1:]


async def test_many_tasks_at_once(store: Store) -> None:
    """Reads and writes from many tasks at once all succeed (one connection on SQLite)."""

    async def busy(number: int) -> None:
        key = f"k{number}"
        await store.outbox.add(**row_args(key))
        await store.outbox.attempt_failed(key, "HTTP 503", AT)
        assert (await store.outbox.get(key)) is not None
        await store.questions.record(question=f"q{number}", answered=False, confidence=0.0,
                                     entry_id=None, contest_id=None)  # fmt: skip
        await store.outbox.pending()
        assert await store.outbox.mark_sent(key, number, AT, published=None)

    await asyncio.gather(*(busy(n) for n in range(60)))
    assert await store.outbox.pending() == []
    assert len(await store.outbox.recent(100)) == 60
