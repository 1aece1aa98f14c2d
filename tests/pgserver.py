"""A throwaway PostgreSQL server for tests and benchmarks: initdb, start, create databases, stop.

The binaries come from `pg_config --bindir` (Debian's postgresql-15 puts them in
/usr/lib/postgresql/15/bin), or PG_BINDIR. initdb refuses to run as root, so as root the server
runs as the `postgres` user (which the package creates) in a folder of /tmp handed over to it.
It listens on a free port of 127.0.0.1 only, with trust authentication, and (unless `durable`)
without fsync: a test server, never a real one. Missing binaries are an error that says how to
install them.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import asyncpg

INSTALL = (
    "PostgreSQL's server binaries (initdb, pg_ctl) are needed for the PostgreSQL half of the "
    "tests and were not found: install them (Debian: apt-get install postgresql) or set "
    "PG_BINDIR to the folder that holds initdb."
)
SERVER_USER = "postgres"  # runs the server when the tests run as root


class PostgresUnavailable(RuntimeError):
    """The test server cannot be started; the message says why and what to do."""


def find_bindir() -> Path:
    """Return the folder holding initdb and pg_ctl, or raise PostgresUnavailable."""
    candidates: list[str] = []
    if os.environ.get("PG_BINDIR"):
        candidates.append(os.environ["PG_BINDIR"])
    if shutil.which("pg_config"):
        result = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        if result.returncode == 0:
            candidates.append(result.stdout.strip())
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    if found := shutil.which("initdb"):
        candidates.append(str(Path(found).parent))
    for folder in candidates:
        path = Path(folder)
        if (path / "initdb").is_file() and (path / "pg_ctl").is_file():
            return path
    raise PostgresUnavailable(INSTALL)


def free_port() -> int:
    """Return a TCP port of 127.0.0.1 that is free now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PostgresServer:
    """One PostgreSQL cluster in a temporary folder, started and stopped by its owner."""

    def __init__(self, *, durable: bool = False) -> None:
        self.durable = durable  # fsync every commit, as a real server does (benchmarks)
        self.bindir = find_bindir()
        self.as_user = SERVER_USER if os.geteuid() == 0 else None
        self.folder: Path | None = None
        self.port = 0
        self._names = itertools.count(1)

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run a server program, as the server user when we are root; raise with its output."""
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.as_user:
            command = ["runuser", "-u", self.as_user, "--", *command]
        result = subprocess.run(  # from its own folder: the server user may not read ours
            command, capture_output=True, text=True, timeout=120, cwd=self.folder or "/"
        )
        if result.returncode != 0:
            log = self._log_tail()
            raise PostgresUnavailable(
                f"{args[0]} failed ({result.returncode}): {result.stderr.strip()[-1500:]}{log}"
            )
        return result

    def _log_tail(self) -> str:
        """Return the end of the server log, if there is one."""
        if self.folder is None or not (self.folder / "server.log").is_file():
            return ""
        return "\nserver log:\n" + (self.folder / "server.log").read_text(errors="replace")[-1500:]

    def start(self) -> str:
        """Create the cluster and start it; return the URL of its `postgres` database."""
        if self.as_user:
            try:
                owner = pwd.getpwnam(self.as_user)
            except KeyError:
                raise PostgresUnavailable(
                    f"running as root, the test server needs the '{self.as_user}' user "
                    "(Debian's postgresql package creates it; or run the tests as another user)"
                ) from None
        # As root, in /tmp itself: a TMPDIR under root's home would be closed to the server user.
        parent = "/tmp" if self.as_user and Path("/tmp").is_dir() else None
        self.folder = Path(tempfile.mkdtemp(prefix="bot-test-pg-", dir=parent))
        if self.as_user:
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
        data = self.folder / "data"
        self._run(
            "initdb", "-D", str(data), "-U", "postgres", "--auth=trust",
            "--encoding=UTF8", "--locale=C", "--no-sync",
        )  # fmt: skip
        for attempt in range(5):
            self.port = free_port()
            options = (
                f"-c listen_addresses=127.0.0.1 -c port={self.port} "
                f"-c unix_socket_directories='{self.folder}' -c max_connections=200"
            )
            if not self.durable:
                options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            try:
                self._run(
                    "pg_ctl", "-D", str(data), "-l", str(self.folder / "server.log"),
                    "-o", options, "-w", "-t", "60", "start",
                )  # fmt: skip
                break
            except PostgresUnavailable:
                if attempt == 4:
                    raise
        return self.url("postgres")

    def url(self, database: str) -> str:
        """Return the URL of a database of this server."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    async def create_database(self) -> str:
        """Create an empty database with a fresh name; return its URL."""
        name = f"test_{os.getpid()}_{next(self._names)}"
        conn = await asyncpg.connect(self.url("postgres"))
        try:
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()
        return self.url(name)

    async def drop_database(self, url: str) -> None:
        """Drop a database made by create_database, closing whatever is still connected to it."""
        name = url.rsplit("/", 1)[1]
        conn = await asyncpg.connect(self.url("postgres"))
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()

    def stop(self) -> None:
        """Stop the server at once and delete its folder."""
        if self.folder is None:
            return
        with contextlib.suppress(PostgresUnavailable, subprocess.TimeoutExpired):
            self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None
