"""The tests' PostgreSQL server: found where Debian puts it, and a clear failure when it is not."""

from __future__ import annotations

import pytest

from tests import pgserver


def test_missing_binaries_are_an_error_that_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No pg_config, no initdb on PATH, nothing under /usr/lib/postgresql: PostgresUnavailable."""
    monkeypatch.delenv("PG_BINDIR", raising=False)
    monkeypatch.setattr(pgserver.shutil, "which", lambda name: None)
    monkeypatch.setattr(pgserver.glob, "glob", lambda pattern: [])
    with pytest.raises(pgserver.PostgresUnavailable, match="apt-get install postgresql"):
        pgserver.find_bindir()


def test_the_session_server_runs_from_the_found_binaries(
    postgres_server: pgserver.PostgresServer,
) -> None:
    """The server the suite started came from a folder with initdb and pg_ctl, on 127.0.0.1."""
    assert (postgres_server.bindir / "initdb").is_file()
    assert (postgres_server.bindir / "pg_ctl").is_file()
    assert postgres_server.url("x").startswith(
        f"postgresql://postgres@127.0.0.1:{postgres_server.port}/"
    )
