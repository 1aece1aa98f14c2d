"""Open the store (SQLite by default, PostgreSQL with DATABASE_URL) and keep its schema current."""

from __future__ import annotations

import asyncio
import logging
import random
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from .audit import AuditLog
from .database import Database, Lead, StoreError
from .migrations import scripts_for
from .outbox import Outbox
from .questions import Questions
from .sqlite import SqliteDatabase

if TYPE_CHECKING:
    from ..settings import Settings

log = logging.getLogger(__name__)

RETRY_CAP = 60.0  # seconds: the longest pause between two attempts to reach the database


class Store:
    """An open database with one object per table family; the rest of the bot sees only these."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.questions = Questions(db)
        self.audit = AuditLog(db)
        self.outbox = Outbox(db)

    @property
    def backend(self) -> str:
        """Return 'sqlite' or 'postgresql'."""
        return self.db.backend

    @property
    def shared(self) -> bool:
        """Tell whether several bot processes may use this database at once."""
        return self.db.shared

    def edit_lock(self) -> AbstractAsyncContextManager[None]:
        """Hold the lock that puts every process's knowledge edits one after the other."""
        return self.db.edit_lock()

    def lead(self, name: str) -> Lead:
        """Return this process's contender for a role one process holds at a time."""
        return self.db.lead(name)

    @classmethod
    async def open(cls, path: Path | str) -> Store:
        """Open (creating if needed) the SQLite file at `path` and migrate it."""
        return await cls._ready(await SqliteDatabase.open(path))

    @classmethod
    async def connect(cls, url: str) -> Store:
        """Connect to PostgreSQL and migrate (StoreError, or the network's error if unreachable)."""
        from .postgres import PostgresDatabase  # asyncpg is imported only when it is used

        return await cls._ready(await PostgresDatabase.connect(url))

    @classmethod
    async def _ready(cls, db: Database) -> Store:
        """Migrate a freshly opened database; close it if that fails."""
        try:
            await db.migrate(scripts_for(db.backend))
        except BaseException:
            await db.close()
            raise
        return cls(db)

    async def close(self) -> None:
        """Close the database."""
        await self.db.close()


async def open_store(settings: Settings, *, pause_cap: float = RETRY_CAP) -> Store:
    """Open the store the settings name, waiting (with backoff) for an unreachable PostgreSQL.

    Each failed attempt is one log line; it goes on until the database answers or the task is
    cancelled (Ctrl-C, SIGTERM). StoreError when retrying cannot help (bad password, no database).
    """
    if settings.database_url is None:
        return await Store.open(settings.database_path)
    from .postgres import where

    url = settings.database_url.get_secret_value()
    attempt = 0
    while True:
        try:
            store = await Store.connect(url)
        except StoreError:
            raise
        except Exception as exc:  # unreachable, starting up, too many connections, ...
            attempt += 1
            pause = min(pause_cap, 2.0 ** min(attempt, 10)) * random.uniform(0.8, 1.0)
            log.warning(
                "PostgreSQL at %s is unreachable (%s); retrying in %.0f s (attempt %d)",
                where(url),
                _reason(exc),
                pause,
                attempt,
            )
            await asyncio.sleep(pause)
            continue
        log.info("store: PostgreSQL at %s", where(url))
        return store


def _reason(exc: BaseException) -> str:
    """Describe a connection failure in a few words, never with the URL's password."""
    if isinstance(exc, TimeoutError):
        return "timed out"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
