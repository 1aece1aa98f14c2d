"""Fixtures for the PostgreSQL half of the tests: one server per session, one database per test.

The server is started the first time a test asks for it and stopped at the end of the session.
Without PostgreSQL's binaries those tests fail with a message saying what to install; they are
never skipped (CI has them). `backend` parametrises a test over SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.store import Store
from tests.pgserver import PostgresServer, PostgresUnavailable

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server on 127.0.0.1, for the whole session."""
    try:
        server = PostgresServer()
        server.start()
    except PostgresUnavailable as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
async def postgres_url(postgres_server: PostgresServer) -> AsyncIterator[str]:
    """The URL of a new, empty database of the session's server (dropped after the test)."""
    url = await postgres_server.create_database()
    yield url
    await postgres_server.drop_database(url)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Each backend in turn: 'sqlite' or 'postgresql'."""
    return str(request.param)


@pytest.fixture
def store_target(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, object]:
    """Settings values that put the store on `backend`: a SQLite file, or a new PostgreSQL database."""
    if backend == "sqlite":
        return {"database_path": tmp_path / "bot.sqlite3"}
    url = request.getfixturevalue("postgres_url")
    return {"database_path": tmp_path / "unused.sqlite3", "database_url": url}


async def open_target(target: dict[str, object]) -> Store:
    """Open the store a `store_target` names."""
    url = target.get("database_url")
    if url:
        return await Store.connect(str(url))
    return await Store.open(Path(str(target["database_path"])))
