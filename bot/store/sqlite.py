"""The embedded backend: one SQLite file (DATABASE_PATH) for one bot process."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

import aiosqlite

from .database import Row

log = logging.getLogger(__name__)


class SoleLead:
    """The lead of a database that one process uses: always held by it."""

    async def acquire(self) -> bool:
        """Hold it (nobody else can)."""
        return True

    async def held(self) -> bool:
        """Always held."""
        return True

    async def release(self) -> None:
        """Nothing to give up."""

    def on_notice(self, callback: Callable[[str], None]) -> None:
        """No other process sends notices."""


class SqliteDatabase:
    """An aiosqlite connection in WAL mode; every statement is committed before it returns."""

    backend = "sqlite"
    shared = False  # one process per file (README, "Sharding")

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    @classmethod
    async def open(cls, path: Path | str) -> SqliteDatabase:
        """Open (creating if needed) the file at `path`."""
        path = Path(path)
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(path)
        conn.row_factory = aiosqlite.Row
        await conn.execute("PRAGMA journal_mode=WAL")
        await conn.execute("PRAGMA synchronous=FULL")
        await conn.execute("PRAGMA foreign_keys=ON")
        await conn.execute("PRAGMA busy_timeout=5000")
        return cls(conn, path)

    def __str__(self) -> str:
        return str(self.path)

    async def fetch(self, sql: str, *args: Any) -> list[Row]:
        """Return every row of a query."""
        async with self.conn.execute(sql, args) as cur:
            return list(await cur.fetchall())

    async def fetchrow(self, sql: str, *args: Any) -> Row | None:
        """Return the first row (an INSERT ... RETURNING is committed after it is read)."""
        async with self.conn.execute(sql, args) as cur:
            row = await cur.fetchone()
        await self.conn.commit()
        return row

    async def execute(self, sql: str, *args: Any) -> int:
        """Run and commit a statement; return how many rows it changed."""
        cur = await self.conn.execute(sql, args)
        await self.conn.commit()
        return cur.rowcount

    def edit_lock(self) -> AbstractAsyncContextManager[None]:
        """Nothing more to hold: the knowledge holder's lock orders one process's edits."""
        return _nothing()

    def lead(self, name: str) -> SoleLead:
        """The one process on the file holds every lead."""
        return SoleLead()

    async def notify(self, channel: str, payload: str) -> None:
        """No other process to tell."""

    async def version(self) -> int:
        """Return the schema version recorded in the file."""
        async with self.conn.execute("PRAGMA user_version") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def migrate(self, scripts: tuple[str, ...]) -> None:
        """Run the migrations the file has not had yet, each in one transaction."""
        version = await self.version()
        if version > len(scripts):
            raise RuntimeError(f"{self.path} is from a newer version of the bot (schema {version})")
        for number, script in enumerate(scripts[version:], start=version + 1):
            await self.conn.executescript(
                f"BEGIN; {script}; PRAGMA user_version = {number}; COMMIT;"
            )
            log.info("store %s migrated to version %d", self.path, number)

    async def close(self) -> None:
        """Close the file."""
        await self.conn.close()


@contextlib.asynccontextmanager
async def _nothing() -> AsyncIterator[None]:
    """Hold nothing."""
    yield
