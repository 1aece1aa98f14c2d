"""The audit log: every moderator action and every reload, with who, when, before and after."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .clock import utcnow
from .database import Database, Row


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

    def __init__(self, db: Database) -> None:
        self.db = db

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
        row = await self.db.fetchrow(
            "INSERT INTO audit (at, actor_id, actor, action, contest_id, before, after, detail)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            utcnow(),
            actor_id,
            actor,
            action,
            contest_id,
            None if before is None else json.dumps(before, default=str),
            None if after is None else json.dumps(after, default=str),
            detail,
        )
        assert row is not None
        return int(row["id"])

    async def last_status_change(self, contest_id: str) -> AuditEntry | None:
        """Return the newest status change of a contest that has not been undone."""
        sql = (
            "SELECT * FROM audit WHERE contest_id = ? AND action LIKE 'status.%'"
            " AND action != 'status.undo' AND undone_by IS NULL ORDER BY id DESC LIMIT 1"
        )
        row = await self.db.fetchrow(sql, contest_id)
        return _entry(row) if row else None

    async def mark_undone(self, entry_id: int, undo_id: int) -> None:
        """Note that an action was undone by another."""
        await self.db.execute("UPDATE audit SET undone_by = ? WHERE id = ?", undo_id, entry_id)

    async def recent(self, limit: int = 20) -> list[AuditEntry]:
        """Return the newest actions first."""
        rows = await self.db.fetch("SELECT * FROM audit ORDER BY id DESC LIMIT ?", limit)
        return [_entry(r) for r in rows]


def _entry(row: Row) -> AuditEntry:
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
