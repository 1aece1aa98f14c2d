"""Opening the store the settings name: DATABASE_URL checked, an unreachable server waited for.

`bot run` is run as a user runs it: a bad URL is a settings error, a database that refuses the
bot is one clear line and exit 1, and neither ever prints the URL's password.
"""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bot.settings import Settings, SettingsError
from bot.store import StoreError, open_store
from tests.pgserver import free_port
from tests.until import until

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "s3cret-Pa55"


def with_password(url: str) -> str:
    """Put a password into a test server URL (trust authentication ignores it)."""
    return url.replace("postgres@", f"postgres:{PASSWORD}@", 1)


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("mysql://bot@db/bot", "must start with postgresql://"),
        ("sqlite:///data/bot.sqlite3", "must start with postgresql://"),
        ("postgresql://bot@db:99999/bot", "port must be a number"),
        ("postgresql://bot@db:fivefour/bot", "port must be a number"),
        ("postgresql://bot@db:5432", "names no database"),
        ("postgresql:///bot", "names no host"),
    ],
)
def test_bad_database_urls_are_refused(url: str, says: str) -> None:
    """Each bad URL is named with what is wrong, in the message that lists every bad value."""
    with pytest.raises(SettingsError) as err:
        Settings.from_env({"DATABASE_URL": url, "COOLDOWN_SECONDS": "-1"})
    message = str(err.value)
    assert "DATABASE_URL" in message and says in message
    assert "COOLDOWN_SECONDS" in message  # listed with the other problems


def test_good_database_urls_are_kept_secret() -> None:
    """A good URL is accepted; printing the settings never shows its password; blank is unset."""
    url = f"postgresql://bot:{PASSWORD}@db.internal:6543/election"
    settings = Settings.from_env({"DATABASE_URL": f" {url} "})
    assert settings.database_url is not None
    assert settings.database_url.get_secret_value() == url
    assert PASSWORD not in repr(settings) and PASSWORD not in str(settings)
    assert settings.database == "PostgreSQL at db.internal:6543/election"
    assert Settings.from_env({"DATABASE_URL": ""}).database_url is None
    assert Settings.from_env({"DATABASE_URL": "postgres:///bot?host=/run/pg"}).database_url
    assert Settings().database == "SQLite file data/bot.sqlite3"


async def test_open_store_picks_the_backend(tmp_path: Path, postgres_url: str) -> None:
    """No DATABASE_URL: the SQLite file; with one: PostgreSQL."""
    sqlite = await open_store(Settings(database_path=tmp_path / "bot.sqlite3"))
    postgres = await open_store(Settings(database_url=postgres_url))
    try:
        assert (sqlite.backend, sqlite.shared) == ("sqlite", False)
        assert (tmp_path / "bot.sqlite3").is_file()
        assert (postgres.backend, postgres.shared) == ("postgresql", True)
    finally:
        await sqlite.close()
        await postgres.close()


async def test_a_database_that_refuses_the_bot_is_an_error_at_once(postgres_url: str) -> None:
    """A missing database or user cannot get better by waiting: StoreError, without the password."""
    parts = urlsplit(postgres_url)
    missing_db = with_password(postgres_url.replace(parts.path, "/no_such_database"))
    missing_user = with_password(postgres_url).replace("postgres:", "nobody:", 1)
    for url in (missing_db, missing_user):
        with pytest.raises(StoreError) as err:
            await asyncio.wait_for(open_store(Settings(database_url=url)), 20)
        assert "refused the bot" in str(err.value) and PASSWORD not in str(err.value)
        assert f"127.0.0.1:{parts.port}" in str(err.value)


async def forward(port: int, target: int) -> asyncio.Server:
    """Listen on `port` and pass every connection through to `target` (the server 'comes up')."""

    async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", target)
        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

    return await asyncio.start_server(handle, "127.0.0.1", port)


async def test_an_unreachable_database_is_waited_for(
    postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Nothing listening: one clear line per attempt, no password; it connects once it can."""
    caplog.set_level(logging.WARNING, logger="bot.store.db")
    port, target = free_port(), urlsplit(postgres_url).port
    assert target is not None
    url = with_password(postgres_url).replace(f":{target}/", f":{port}/")
    opening = asyncio.create_task(open_store(Settings(database_url=url), pause_cap=0.2))
    attempts = lambda: [r.getMessage() for r in caplog.records if "unreachable" in r.getMessage()]  # noqa: E731
    await until(lambda: len(attempts()) >= 2, 10)
    assert not opening.done()
    assert all(f"127.0.0.1:{port}/" in line and "retrying in" in line for line in attempts())
    assert "(attempt 1)" in attempts()[0] and "(attempt 2)" in attempts()[1]
    assert not any(PASSWORD in r.getMessage() for r in caplog.records)
    server = await forward(port, target)
    try:
        store = await asyncio.wait_for(opening, 10)
        await store.audit.record(actor="mia", action="kb.check")
        assert [e.action for e in await store.audit.recent()] == ["kb.check"]
        await store.close()
    finally:
        server.close()


def run_bot(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run `python -m bot run` with these settings (no .env) and capture what it prints."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "DATABASE_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", "run", "--env-file", str(tmp_path / "none.env")],
        cwd=ROOT,
        env={**base, "DISCORD_TOKEN": "x" * 30 + ".y" * 10, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_bot_run_refuses_a_bad_url(tmp_path: Path) -> None:
    """A URL that is not PostgreSQL's is a settings error before anything starts."""
    run = run_bot({"DATABASE_URL": f"mysql://bot:{PASSWORD}@db/bot"}, tmp_path)
    assert run.returncode != 0
    assert "DATABASE_URL" in run.stderr and "must start with postgresql://" in run.stderr
    assert PASSWORD not in run.stderr + run.stdout


def test_bot_run_stops_when_the_database_refuses_it(tmp_path: Path, postgres_url: str) -> None:
    """A database that does not exist: one line saying so, exit 1, no traceback, no password."""
    url = with_password(postgres_url.replace(urlsplit(postgres_url).path, "/no_such_database"))
    run = run_bot({"DATABASE_URL": url}, tmp_path)
    assert run.returncode == 1, run.stderr[-2000:]
    assert "error: PostgreSQL at 127.0.0.1:" in run.stderr and "no_such_database" in run.stderr
    assert "Traceback" not in run.stderr
    assert PASSWORD not in run.stderr + run.stdout
