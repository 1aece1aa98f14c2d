"""Open the SQLite store and keep its schema current."""

from __future__ import annotations

import logging
from pathlib import Path

import aiosqlite

from .audit import AuditLog
from .migrations import MIGRATIONS
from .outbox import Outbox
from .questions import Questions

log = logging.getLogger(__name__)


class Store:
    """An open SQLite database, one per bot process, with one object per table family."""

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self.questions = Questions(conn)
        self.audit = AuditLog(conn)
        self.outbox = Outbox(conn)

    @classmethod
    async def open(cls, path: Path | str) -> Store:
        """Open (creating if needed) the database at `path` and migrate it."""
        path = Path(path)
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(path)
        conn.row_factory = aiosqlite.Row
        await conn.execute("PRAGMA journal_mode=WAL")
        await conn.execute("PRAGMA synchronous=FULL")
        await conn.execute("PRAGMA foreign_keys=ON")
        await conn.execute("PRAGMA busy_timeout=5000")
        store = cls(conn, path)
        await store._migrate()
        return store

    async def _migrate(self) -> None:
        """Run the migrations this database has not had yet, each in one transaction."""
        async with self.conn.execute("PRAGMA user_version") as cur:
            row = await cur.fetchone()
        version = row[0] if row else 0
        if version > len(MIGRATIONS):
            raise RuntimeError(f"{self.path} is from a newer version of the bot (schema {version})")
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            await self.conn.executescript(
                f"BEGIN; {script}; PRAGMA user_version = {number}; COMMIT;"
            )
            log.info("store %s migrated to version %d", self.path, number)

    async def close(self) -> None:
        """Close the database."""
        await self.conn.close()
