"""The embedded backend: one SQLite file (DATABASE_PATH) for one bot process."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

import aiosqlite

from .database import Row, StoreError

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
        # One statement (and its commit) at a time: a commit while another task's statement is
        # still being read fails with "cannot commit transaction - SQL statements in progress".
        self._turn = asyncio.Lock()

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
        """Return every row of a query (an INSERT ... RETURNING is committed after it is read)."""
        async with self._turn:
            async with self.conn.execute(sql, args) as cur:
                rows = list(await cur.fetchall())
            if self.conn.in_transaction:
                await self.conn.commit()
            return rows

    async def fetchrow(self, sql: str, *args: Any) -> Row | None:
        """Return the first row of a query, if any."""
        rows = await self.fetch(sql, *args)
        return rows[0] if rows else None

    async def execute(self, sql: str, *args: Any) -> int:
        """Run and commit a statement; return how many rows it changed."""
        async with self._turn:
            cur = await self.conn.execute(sql, args)
            changed = cur.rowcount
            await cur.close()
            await self.conn.commit()
            return changed

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
        row = await self.fetchrow("PRAGMA user_version")
        return int(row[0]) if row else 0

    async def migrate(self, scripts: tuple[str, ...]) -> None:
        """Run the migrations the file has not had yet, each in one transaction."""
        version = await self.version()
        if version > len(scripts):
            raise StoreError(
                f"{self.path} is from a newer version of the bot (schema {version}); "
                "run that version, or restore a backup of the file"
            )
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
