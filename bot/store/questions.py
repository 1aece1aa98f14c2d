"""Questions asked, how they were answered, and askers' 👍/👎 feedback."""

from __future__ import annotations

from typing import Any

import aiosqlite

from .clock import utcnow


class Questions:
    """Questions and feedback, for the moderators' gap list."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn

    async def record(
        self,
        *,
        question: str,
        answered: bool,
        confidence: float,
        entry_id: str | None,
        contest_id: str | None,
        user_id: int | None = None,
        channel_id: int | None = None,
    ) -> int:
        """Record a question and how it was answered; return its id."""
        cur = await self.conn.execute(
            "INSERT INTO questions (asked_at, user_id, channel_id, contest_id, question, answered,"
            " entry_id, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                utcnow(),
                user_id,
                channel_id,
                contest_id,
                question[:2000],
                int(answered),
                entry_id,
                confidence,
            ),
        )
        await self.conn.commit()
        return int(cur.lastrowid or 0)

    async def get(self, question_id: int) -> str | None:
        """Return the text of a recorded question, or None if there is no such question."""
        async with self.conn.execute(
            "SELECT question FROM questions WHERE id = ?", (question_id,)
        ) as cur:
            row = await cur.fetchone()
        return None if row is None else str(row[0])

    async def feedback(self, question_id: int, user_id: int, vote: int) -> bool:
        """Record a 👍 (1) or 👎 (-1), replacing the user's earlier vote; False if the question is unknown."""
        async with self.conn.execute("SELECT 1 FROM questions WHERE id = ?", (question_id,)) as cur:
            if await cur.fetchone() is None:
                return False
        await self.conn.execute(
            "INSERT INTO feedback (question_id, user_id, vote, voted_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (question_id, user_id) DO UPDATE SET vote = excluded.vote,"
            " voted_at = excluded.voted_at",
            (question_id, user_id, 1 if vote > 0 else -1, utcnow()),
        )
        await self.conn.commit()
        return True

    async def gaps(self, limit: int = 10) -> list[dict[str, Any]]:
        """Return the most frequent unanswered or 👎 questions, with counts."""
        sql = """
            SELECT lower(trim(q.question)) AS question, count(*) AS times,
                   sum(q.answered = 0) AS unanswered,
                   coalesce(sum(f.vote = -1), 0) AS downvotes
            FROM questions q LEFT JOIN feedback f ON f.question_id = q.id
            WHERE q.answered = 0 OR f.vote = -1
            GROUP BY lower(trim(q.question))
            ORDER BY times DESC, question
            LIMIT ?
        """
        async with self.conn.execute(sql, (limit,)) as cur:
            return [dict(row) for row in await cur.fetchall()]
