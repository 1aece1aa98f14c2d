"""What the store's tables need from a database, whichever it is: SQLite or PostgreSQL.

Statements are written once, in the SQL both understand, with `?` placeholders; a backend turns
them into its own form. Each call runs on its own and is committed before it returns.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol

Row = Mapping[str, Any]


class StoreError(Exception):
    """The store cannot be opened and retrying will not help; the message says what to fix."""


class LockUnavailable(ConnectionError):
    """A lock shared by the bot's processes could not be taken (busy, or the database is gone)."""


class Lead(Protocol):
    """A role only one process holds at a time (the announcement poster), taken over on its death."""

    async def acquire(self) -> bool:
        """Try once to hold it; True when this process holds it (now or already)."""
        ...

    async def held(self) -> bool:
        """Tell whether this process still holds it (False once its connection is gone)."""
        ...

    async def release(self) -> None:
        """Give it up, so that another process takes it at once."""
        ...

    def on_notice(self, callback: Callable[[str], None]) -> None:
        """Call `callback(payload)` for every notice sent to the holder (see Database.notify)."""
        ...


class Database(Protocol):
    """One open database: run statements, take cross-process locks, send notices."""

    backend: str  # "sqlite" or "postgresql"
    shared: bool  # several bot processes may use it at once

    async def fetch(self, sql: str, *args: Any) -> list[Row]:
        """Return every row of a query."""
        ...

    async def fetchrow(self, sql: str, *args: Any) -> Row | None:
        """Return the first row of a query (or of INSERT ... RETURNING), if any."""
        ...

    async def execute(self, sql: str, *args: Any) -> int:
        """Run a statement; return how many rows it changed."""
        ...

    def edit_lock(self) -> AbstractAsyncContextManager[None]:
        """Hold the lock that puts knowledge edits of every process one after the other."""
        ...

    def lead(self, name: str) -> Lead:
        """Return the lead of a role (e.g. 'announcements') among the processes on this database."""
        ...

    async def notify(self, channel: str, payload: str) -> None:
        """Tell the holder of a lead something (a new outbox row); nothing when not shared."""
        ...

    async def migrate(self, scripts: tuple[str, ...]) -> None:
        """Run the migrations the database has not had yet, each in one transaction."""
        ...

    async def close(self) -> None:
        """Close the database."""
        ...
