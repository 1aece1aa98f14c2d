"""Open the SQLite store and keep its schema current."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

import aiosqlite

log = logging.getLogger(__name__)

# Each step runs once, in order; the store records how many have run in PRAGMA user_version.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE questions (
        id INTEGER PRIMARY KEY,
        asked_at TEXT NOT NULL,
        user_id INTEGER,
        channel_id INTEGER,
        contest_id TEXT,
        question TEXT NOT NULL,
        answered INTEGER NOT NULL,
        entry_id TEXT,
        confidence REAL NOT NULL
    );
    CREATE INDEX questions_unanswered ON questions (answered, question);
    CREATE TABLE feedback (
        question_id INTEGER NOT NULL REFERENCES questions (id),
        user_id INTEGER NOT NULL,
        vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
        voted_at TEXT NOT NULL,
        PRIMARY KEY (question_id, user_id)
    );
    """,
)


def utcnow() -> str:
    """Return the current UTC time as ISO 8601."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Store:
    """An open SQLite database; one per bot process."""

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    @classmethod
    async def open(cls, path: Path | str) -> Store:
        """Open (creating if needed) the database at `path` and migrate it."""
        path = Path(path)
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(path)
        conn.row_factory = aiosqlite.Row
        await conn.execute("PRAGMA journal_mode=WAL")
        await conn.execute("PRAGMA synchronous=NORMAL")
        await conn.execute("PRAGMA foreign_keys=ON")
        store = cls(conn, path)
        await store._migrate()
        return store

    async def _migrate(self) -> None:
        """Run the migrations this database has not had yet."""
        async with self.conn.execute("PRAGMA user_version") as cur:
            row = await cur.fetchone()
        version = row[0] if row else 0
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            await self.conn.executescript(f"BEGIN; {script}; PRAGMA user_version = {number}; COMMIT;")
            log.info("store %s migrated to version %d", self.path, number)

    async def close(self) -> None:
        """Close the database."""
        await self.conn.close()

    async def record_question(
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
            (utcnow(), user_id, channel_id, contest_id, question[:2000], int(answered), entry_id, confidence),
        )
        await self.conn.commit()
        return int(cur.lastrowid or 0)

    async def record_feedback(self, question_id: int, user_id: int, vote: int) -> bool:
        """Record a 👍 (1) or 👎 (-1) from a user, replacing their earlier vote; False if unknown."""
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
