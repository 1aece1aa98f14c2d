"""The audit log: every moderator action and every reload, with who, when, before and after."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import aiosqlite

from .clock import utcnow


@dataclass(frozen=True)
class AuditEntry:
    """One recorded action."""

    id: int
    at: str
    actor: str
    action: str
    contest_id: str | None
    before: Any
    after: Any
    detail: str | None


class AuditLog:
    """Append-only record of what moderators and the bot changed."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def record(
        self,
        *,
        actor: str,
        action: str,
        actor_id: int | None = None,
        contest_id: str | None = None,
        before: Any = None,
        after: Any = None,
        detail: str | None = None,
    ) -> int:
        """Append one action; return its id."""
        cur = await self.conn.execute(
            "INSERT INTO audit (at, actor_id, actor, action, contest_id, before, after, detail)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                utcnow(),
                actor_id,
                actor,
                action,
                contest_id,
                None if before is None else json.dumps(before, default=str),
                None if after is None else json.dumps(after, default=str),
                detail,
            ),
        )
        await self.conn.commit()
        return int(cur.lastrowid or 0)

    async def last_status_change(self, contest_id: str) -> AuditEntry | None:
        """Return the newest status change of a contest that has not been undone."""
        sql = (
            "SELECT * FROM audit WHERE contest_id = ? AND action LIKE 'status.%'"
            " AND action != 'status.undo' AND undone_by IS NULL ORDER BY id DESC LIMIT 1"
        )
        async with self.conn.execute(sql, (contest_id,)) as cur:
            row = await cur.fetchone()
        return _entry(row) if row else None

    async def mark_undone(self, entry_id: int, undo_id: int) -> None:
        """Note that an action was undone by another."""
        await self.conn.execute("UPDATE audit SET undone_by = ? WHERE id = ?", (undo_id, entry_id))
        await self.conn.commit()

    async def recent(self, limit: int = 20) -> list[AuditEntry]:
        """Return the newest actions first."""
        async with self.conn.execute(
            "SELECT * FROM audit ORDER BY id DESC LIMIT ?", (limit,)
        ) as cur:
            return [_entry(r) for r in await cur.fetchall()]


def _entry(row: aiosqlite.Row) -> AuditEntry:
    """Convert a row."""
    return AuditEntry(
        id=row["id"],
        at=row["at"],
        actor=row["actor"],
        action=row["action"],
        contest_id=row["contest_id"],
        before=json.loads(row["before"]) if row["before"] else None,
        after=json.loads(row["after"]) if row["after"] else None,
        detail=row["detail"],
    )
