"""Questions asked, how they were answered, and askers' 👍/👎 feedback."""

from __future__ import annotations

from typing import Any

from .clock import utcnow
from .database import Database


class Questions:
    """Questions and feedback, for the moderators' gap list."""

    def __init__(self, db: Database) -> None:
        self.db = db

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
        row = await self.db.fetchrow(
            "INSERT INTO questions (asked_at, user_id, channel_id, contest_id, question, answered,"
            " entry_id, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            utcnow(),
            user_id,
            channel_id,
            contest_id,
            question[:2000],
            int(answered),
            entry_id,
            float(confidence),
        )
        assert row is not None
        return int(row["id"])

    async def get(self, question_id: int) -> str | None:
        """Return the text of a recorded question, or None if there is no such question."""
        row = await self.db.fetchrow("SELECT question FROM questions WHERE id = ?", question_id)
        return None if row is None else str(row["question"])

    async def feedback(self, question_id: int, user_id: int, vote: int) -> bool:
        """Record a 👍 (1) or 👎 (-1), replacing the user's earlier vote; False if the question is unknown."""
        if (
            await self.db.fetchrow("SELECT 1 AS known FROM questions WHERE id = ?", question_id)
            is None
        ):
            return False
        await self.db.execute(
            "INSERT INTO feedback (question_id, user_id, vote, voted_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (question_id, user_id) DO UPDATE SET vote = excluded.vote,"
            " voted_at = excluded.voted_at",
            question_id,
            user_id,
            1 if vote > 0 else -1,
            utcnow(),
        )
        return True

    async def gaps(self, limit: int = 10) -> list[dict[str, Any]]:
        """Return the most frequent unanswered or 👎 questions, with counts."""
        sql = """
            SELECT lower(trim(q.question)) AS question, count(*) AS times,
                   sum(CASE WHEN q.answered = 0 THEN 1 ELSE 0 END) AS unanswered,
                   coalesce(sum(CASE WHEN f.vote = -1 THEN 1 ELSE 0 END), 0) AS downvotes
            FROM questions q LEFT JOIN feedback f ON f.question_id = q.id
            WHERE q.answered = 0 OR f.vote = -1
            GROUP BY lower(trim(q.question))
            ORDER BY times DESC, question
            LIMIT ?
        """
        return [
            {name: row[name] for name in ("question", "times", "unanswered", "downvotes")}
            for row in await self.db.fetch(sql, limit)
        ]
