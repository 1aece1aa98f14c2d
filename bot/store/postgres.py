"""The shared backend: PostgreSQL through asyncpg (DATABASE_URL), for several bot processes.

Cross-process coordination uses PostgreSQL's advisory locks, which belong to a connection and
are released by the server the moment that connection ends, a SIGKILL included:
- the knowledge edit lock (`edit_lock`) puts /count and /kb alias edits one after the other;
- a lead (`lead`) is held by one process at a time on a connection of its own; another process
  takes it over when the holder's connection goes (see bot/announce/poster.py);
- migrations run under a transaction-scoped lock, so processes starting together migrate once.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import zlib
from collections.abc import AsyncIterator, Callable
from typing import Any
from urllib.parse import urlsplit

import asyncpg

from .database import LockUnavailable, Row, StoreError

log = logging.getLogger(__name__)

NAMESPACE = 0x454C4543  # first key of every advisory lock the bot takes ("ELEC")
EDIT_WAIT = 30.0  # seconds an edit waits for another process's edit before giving up
CONNECT_TIMEOUT = 10.0
COMMAND_TIMEOUT = 30.0
HEARTBEAT_TIMEOUT = 3.0  # a lead whose connection does not answer within this is given up
# The server drops a lead's connection whose peer stopped answering (a machine that died or a
# cut network, where no FIN arrives) after about idle + interval * count seconds.
KEEPALIVE = {
    "tcp_keepalives_idle": "3",
    "tcp_keepalives_interval": "1",
    "tcp_keepalives_count": "3",
}
DB_ERRORS = (OSError, asyncpg.PostgresError, asyncpg.InterfaceError)  # TimeoutError is an OSError
PERMANENT = (
    asyncpg.InvalidPasswordError,
    asyncpg.InvalidAuthorizationSpecificationError,
    asyncpg.InvalidCatalogNameError,
    asyncpg.ClientConfigurationError,
)


def lock_key(name: str) -> int:
    """Return the second advisory-lock key of a name (a 31-bit checksum)."""
    return zlib.crc32(name.encode("utf-8")) & 0x7FFFFFFF


def channel_of(name: str) -> str:
    """Return the LISTEN/NOTIFY channel of a lead."""
    return f"bot_{name}".replace("-", "_")


def where(url: str) -> str:
    """Describe a database URL without its user or password: 'host:port/database'."""
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    port = parts.port or 5432
    return f"{host}:{port}{parts.path or '/'}"


@functools.lru_cache(maxsize=256)
def numbered(sql: str) -> str:
    """Turn `?` placeholders into PostgreSQL's $1, $2, ... (the store's SQL has no `?` in text)."""
    pieces = sql.split("?")
    out = [pieces[0]]
    for number, piece in enumerate(pieces[1:], start=1):
        out.append(f"${number}{piece}")
    return "".join(out)


def affected(status: str) -> int:
    """Return the row count of a command status such as 'UPDATE 1' or 'INSERT 0 1'."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


async def connect_pool(url: str) -> asyncpg.Pool:
    """Open a connection pool; StoreError when retrying cannot help, else the network's error."""
    try:
        pool = await asyncpg.create_pool(
            url,
            min_size=1,
            max_size=10,
            timeout=CONNECT_TIMEOUT,
            command_timeout=COMMAND_TIMEOUT,
            server_settings={"application_name": "election-bot"},
        )
    except PERMANENT as exc:
        raise StoreError(
            f"PostgreSQL at {where(url)} refused the bot: {exc}. Check DATABASE_URL's user, "
            "password and database name (the database must exist; the bot creates its tables)."
        ) from None
    except ValueError as exc:  # a URL asyncpg cannot use
        raise StoreError(f"DATABASE_URL cannot be used: {exc}") from None
    assert pool is not None
    return pool


class PostgresDatabase:
    """A pool of connections to one PostgreSQL database, shared with the other bot processes."""

    backend = "postgresql"
    shared = True

    def __init__(self, pool: asyncpg.Pool, url: str) -> None:
        self.pool = pool
        self.url = url

    @classmethod
    async def connect(cls, url: str) -> PostgresDatabase:
        """Connect (StoreError, or OSError and the like while the server is unreachable)."""
        return cls(await connect_pool(url), url)

    def __str__(self) -> str:
        return where(self.url)

    async def fetch(self, sql: str, *args: Any) -> list[Row]:
        """Return every row of a query."""
        return list(await self.pool.fetch(numbered(sql), *args))

    async def fetchrow(self, sql: str, *args: Any) -> Row | None:
        """Return the first row of a query, if any."""
        row: Row | None = await self.pool.fetchrow(numbered(sql), *args)
        return row

    async def execute(self, sql: str, *args: Any) -> int:
        """Run a statement; return how many rows it changed."""
        return affected(await self.pool.execute(numbered(sql), *args))

    @contextlib.asynccontextmanager
    async def edit_lock(self) -> AsyncIterator[None]:
        """Hold the knowledge edit lock of every process on this database (waits up to 30 s)."""
        try:
            conn = await self.pool.acquire(timeout=EDIT_WAIT)
        except DB_ERRORS as exc:
            raise LockUnavailable(f"the database is unreachable ({exc!r})") from exc
        try:
            try:
                await conn.execute(
                    "SELECT pg_advisory_lock($1, $2)",
                    NAMESPACE,
                    lock_key("knowledge-edits"),
                    timeout=EDIT_WAIT,
                )
            except TimeoutError as exc:
                raise LockUnavailable(
                    f"another bot process kept the knowledge locked for {EDIT_WAIT:.0f} s"
                ) from exc
            except Exception as exc:  # a broken connection fails in more ways than one
                raise LockUnavailable(f"the database is unreachable ({exc!r})") from exc
            yield
        finally:
            # Releasing the connection to the pool resets it, which also drops its advisory
            # locks; a broken connection is closed, which the server treats the same way.
            await self.pool.release(conn)

    def lead(self, name: str) -> AdvisoryLead:
        """Return this process's contender for a lead."""
        return AdvisoryLead(self.url, name)

    async def notify(self, channel: str, payload: str) -> None:
        """Send a notice to the holder of a lead."""
        await self.pool.execute("SELECT pg_notify($1, $2)", channel_of(channel), payload)

    async def version(self) -> int:
        """Return the schema version recorded in the database (0 before the first migration)."""
        exists = await self.pool.fetchval("SELECT to_regclass('bot_schema') IS NOT NULL")
        if not exists:
            return 0
        return int(await self.pool.fetchval("SELECT version FROM bot_schema") or 0)

    async def migrate(self, scripts: tuple[str, ...]) -> None:
        """Run missing migrations one transaction each, under a lock so only one process does."""
        try:
            await self._migrate(scripts)
        except asyncpg.InsufficientPrivilegeError as exc:
            raise StoreError(
                f"PostgreSQL at {self} does not let the bot's user create its tables ({exc}): "
                "make the user the database's owner, or grant it CREATE on the public schema"
            ) from None

    async def _migrate(self, scripts: tuple[str, ...]) -> None:
        """Migrate, holding the migrations lock in each transaction."""
        async with self.pool.acquire() as conn:
            while True:
                async with conn.transaction():
                    await conn.execute(
                        "SELECT pg_advisory_xact_lock($1, $2)", NAMESPACE, lock_key("migrations")
                    )
                    await conn.execute(
                        "CREATE TABLE IF NOT EXISTS bot_schema (version INTEGER NOT NULL)"
                    )
                    version = await conn.fetchval("SELECT version FROM bot_schema")
                    if version is None:
                        await conn.execute("INSERT INTO bot_schema (version) VALUES (0)")
                        version = 0
                    if version > len(scripts):
                        raise StoreError(
                            f"PostgreSQL at {self} holds tables of a newer version of the bot "
                            f"(schema {version}); run that version"
                        )
                    if version == len(scripts):
                        return
                    await conn.execute(scripts[version])
                    await conn.execute("UPDATE bot_schema SET version = $1", version + 1)
                log.info("store %s migrated to version %d", self, version + 1)

    async def close(self) -> None:
        """Close every connection of the pool."""
        try:
            await self.pool.close()
        except Exception:  # a pool whose server went away: drop the connections
            self.pool.terminate()


class AdvisoryLead:
    """Holds a lead as a session advisory lock on a connection of its own."""

    def __init__(self, url: str, name: str) -> None:
        self.url = url
        self.name = name
        self.key = lock_key(f"lead:{name}")
        self.conn: asyncpg.Connection | None = None
        self.holding = False
        self.failing = False  # the last attempt could not reach the database
        self._callbacks: list[Callable[[str], None]] = []

    def on_notice(self, callback: Callable[[str], None]) -> None:
        """Call `callback(payload)` for each notice while this process holds the lead."""
        self._callbacks.append(callback)

    def _notice(self, conn: object, pid: int, channel: str, payload: object) -> None:
        """Pass a notice on to the callbacks."""
        for callback in list(self._callbacks):
            try:
                callback(str(payload))
            except Exception:
                log.exception("lead %s: a notice callback failed", self.name)

    async def acquire(self) -> bool:
        """Try once to take the lock (never waits for it); True when held."""
        if self.holding:
            return await self.held()
        try:
            if self.conn is None or self.conn.is_closed():
                self.conn = await asyncpg.connect(
                    self.url,
                    timeout=CONNECT_TIMEOUT,
                    server_settings={**KEEPALIVE, "application_name": f"election-bot {self.name}"},
                )
            got = await self.conn.fetchval(
                "SELECT pg_try_advisory_lock($1, $2)",
                NAMESPACE,
                self.key,
                timeout=HEARTBEAT_TIMEOUT,
            )
            if got:
                await self.conn.add_listener(channel_of(self.name), self._notice)
        except Exception as exc:  # unreachable, or a connection broken in any other way
            if not self.failing:  # once per outage, not every second
                log.warning(
                    "lead %s: the database is unreachable (%r); trying every second",
                    self.name,
                    exc,
                )
            self.failing = True
            self._drop()
            return False
        if self.failing:
            log.info("lead %s: the database answers again", self.name)
            self.failing = False
        self.holding = bool(got)
        return self.holding

    async def held(self) -> bool:
        """Check that the lock's connection still answers; give the lead up if it does not."""
        if not self.holding or self.conn is None or self.conn.is_closed():
            self._drop()
            return False
        try:
            await self.conn.fetchval("SELECT 1", timeout=HEARTBEAT_TIMEOUT)
        except Exception as exc:
            log.warning("lead %s lost: its database connection failed (%r)", self.name, exc)
            self._drop()
            return False
        return True

    def _drop(self) -> None:
        """Forget the connection at once (the server releases the lock when it sees it go)."""
        if self.conn is not None and not self.conn.is_closed():
            self.conn.terminate()
        self.conn, self.holding = None, False

    async def release(self) -> None:
        """Close the lock's connection, so that another process takes the lead now."""
        conn, self.conn, self.holding = self.conn, None, False
        if conn is None or conn.is_closed():
            return
        try:
            await conn.close(timeout=HEARTBEAT_TIMEOUT)
        except Exception:
            conn.terminate()
