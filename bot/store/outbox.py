"""The announcement outbox: the intent to post is recorded before sending, the message id after.

A row's key is derived from what it announces, so the same announcement can never be recorded
twice. States: pending → sent (with the Discord message id), pending → failed, or skipped (a
scheduled announcement missed by more than the grace window, recorded so it is never retried).
"""

from __future__ import annotations

from dataclasses import dataclass

from .database import Database, Row

STATES = ("pending", "sent", "failed", "skipped")


@dataclass(frozen=True)
class OutboxRow:
    """One announcement and how far its delivery got."""

    key: str
    ref: str
    nonce: str
    contest_id: str | None
    kind: str
    channel_id: int
    payload: str
    state: str
    due_at: str | None
    created_at: str
    updated_at: str
    attempts: int
    message_id: int | None
    published: bool | None
    error: str | None


NOTICE = "announcements"  # the lead told of each new pending row (bot/announce/poster.py)


class Outbox:
    """Rows of the outbox table; every write is committed before it returns."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(
        self,
        *,
        key: str,
        ref: str,
        nonce: str,
        contest_id: str | None,
        kind: str,
        channel_id: int,
        payload: str,
        at: str,
        due_at: str | None = None,
        state: str = "pending",
        error: str | None = None,
    ) -> tuple[OutboxRow, bool]:
        """Record an announcement unless its key is known; return the row and whether it is new."""
        if state not in STATES:
            raise ValueError(f"unknown outbox state {state!r}")
        inserted = await self.db.fetchrow(
            "INSERT INTO outbox (key, ref, nonce, contest_id, kind, channel_id, payload,"
            " state, due_at, created_at, updated_at, error)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (key) DO NOTHING RETURNING key",
            key, ref, nonce, contest_id, kind, channel_id, payload, state, due_at, at, at, error,
        )  # fmt: skip
        created = inserted is not None
        if created and state == "pending":
            await self.db.notify(NOTICE, key)
        row = await self.get(key)
        assert row is not None
        return row, created

    async def get(self, key: str) -> OutboxRow | None:
        """Return the row with this key, if any."""
        row = await self.db.fetchrow("SELECT * FROM outbox WHERE key = ?", key)
        return _row(row) if row else None

    async def pending(self) -> list[OutboxRow]:
        """Return the rows still to be sent, oldest first."""
        return await self._select("state = 'pending'")

    async def unpublished(self) -> list[OutboxRow]:
        """Return sent rows in news channels that are not published yet, oldest first."""
        return await self._select("state = 'sent' AND published = 0")

    async def recent(self, limit: int = 50) -> list[OutboxRow]:
        """Return the newest rows first."""
        rows = await self.db.fetch("SELECT * FROM outbox ORDER BY seq DESC LIMIT ?", limit)
        return [_row(r) for r in rows]

    async def attempt_failed(self, key: str, error: str, at: str) -> None:
        """Count a failed attempt of a pending row, keeping the last error."""
        await self._update(
            "attempts = attempts + 1, error = ?, updated_at = ?", (error[:500], at), key, "pending"
        )

    async def mark_sent(
        self, key: str, message_id: int, at: str, *, published: bool | None
    ) -> bool:
        """Record the message a pending row became; False if the row was not pending."""
        value = None if published is None else int(published)
        return await self._update(
            "state = 'sent', message_id = ?, published = ?, error = NULL, updated_at = ?",
            (message_id, value, at),
            key,
            "pending",
        )

    async def mark_published(self, key: str, at: str) -> bool:
        """Record that a sent row's message was published (crossposted)."""
        return await self._update("published = 1, updated_at = ?", (at,), key, "sent")

    async def mark_failed(self, key: str, error: str, at: str) -> bool:
        """Give up on a pending row; False if it was not pending."""
        return await self._update(
            "state = 'failed', error = ?, updated_at = ?", (error[:500], at), key, "pending"
        )

    async def _update(
        self, assignments: str, params: tuple[object, ...], key: str, state: str
    ) -> bool:
        """Update one row if it is in `state`; commit; tell whether it changed."""
        changed = await self.db.execute(
            f"UPDATE outbox SET {assignments} WHERE key = ? AND state = ?", *params, key, state
        )
        return changed == 1

    async def _select(self, where: str) -> list[OutboxRow]:
        """Return rows matching a fixed condition, oldest first."""
        return [
            _row(r) for r in await self.db.fetch(f"SELECT * FROM outbox WHERE {where} ORDER BY seq")
        ]


def _row(row: Row) -> OutboxRow:
    """Convert a database row."""
    published = row["published"]
    return OutboxRow(
        key=row["key"],
        ref=row["ref"],
        nonce=row["nonce"],
        contest_id=row["contest_id"],
        kind=row["kind"],
        channel_id=row["channel_id"],
        payload=row["payload"],
        state=row["state"],
        due_at=row["due_at"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        attempts=row["attempts"],
        message_id=row["message_id"],
        published=None if published is None else bool(published),
        error=row["error"],
    )
