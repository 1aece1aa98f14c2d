"""The real `bot run` in a subprocess: start-up while Discord is unreachable, SIGTERM/SIGINT, health.

Each test runs `python -m tests.discord.launch` (the real command line with discord.py pointed at
the double) and drives it from outside, as an operator or a container runtime would.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import sqlite3
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.announce.keys import ref_of
from tests.announce.killing import messages_with_ref
from tests.discord.conftest import ROOT
from tests.discord.test_asking import MENTION, embed_text
from tests.fakediscord import IDS, TOKEN, FakeDiscord

CONTEST = "hartlepool-2021"
STOP_LIMIT = 10.0  # seconds Docker waits after SIGTERM before it kills


class BotProcess:
    """A running `bot run` whose log lines are collected as they come."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        self.lines: list[str] = []
        self._changed = asyncio.Event()
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        """Collect stderr (the log) line by line until the process closes it."""
        assert self.proc.stderr is not None
        while line := await self.proc.stderr.readline():
            self.lines.append(line.decode(errors="replace").rstrip("\n"))
            self._changed.set()
        self._changed.set()

    @property
    def log(self) -> str:
        """Return everything logged so far."""
        return "\n".join(self.lines)

    async def wait_for(self, needle: str, count: int = 1, timeout: float = 30.0) -> None:
        """Wait until `count` log lines contain `needle` (fail if the process ends first)."""
        deadline = time.monotonic() + timeout
        while sum(needle in line for line in self.lines) < count:
            if self._reader.done():
                raise AssertionError(f"bot exited before logging {needle!r}:\n{self.log}")
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no {count}x {needle!r} after {timeout} s:\n{self.log}")
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)

    async def stop(self, sig: signal.Signals = signal.SIGTERM) -> tuple[int, float]:
        """Send `sig`; return the exit code and the seconds it took (killed after STOP_LIMIT)."""
        started = time.monotonic()
        self.proc.send_signal(sig)
        try:
            code = await asyncio.wait_for(self.proc.wait(), STOP_LIMIT)
        except TimeoutError:
            self.proc.kill()
            await self.proc.wait()
            raise AssertionError(
                f"still running {STOP_LIMIT} s after {sig.name}:\n{self.log}"
            ) from None
        await self._reader
        return code, time.monotonic() - started


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    """A writable copy of the knowledge and the seed article it cites."""
    shutil.copytree(ROOT / "knowledge", tmp_path / "repo" / "knowledge")
    shutil.copytree(ROOT / "seeds", tmp_path / "repo" / "seeds")
    return tmp_path / "repo" / "knowledge"


def bot_env(tmp_path: Path, kb_dir: Path) -> dict[str, str]:
    """The environment of a bot in the double's guild, with announcements and a mod-log."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SHARD_"))}
    env.update(
        DISCORD_TOKEN=TOKEN,
        DISCORD_GUILD_ID=str(IDS.guild_id),
        MODERATOR_ROLE_IDS=str(IDS.moderator_role_id),
        ANNOUNCE_CHANNEL_ID=str(IDS.announcements_channel_id),
        MODLOG_CHANNEL_ID=str(IDS.mod_log_channel_id),
        KNOWLEDGE_DIR=str(kb_dir),
        DATABASE_PATH=str(tmp_path / "data" / "bot.sqlite3"),
        COOLDOWN_SECONDS="0",
        LOG_LEVEL="INFO",
        PYTHONUNBUFFERED="1",
    )
    return env


@pytest_asyncio.fixture
async def launch(tmp_path: Path, kb_dir: Path) -> AsyncIterator:
    """Start `bot run` subprocesses against a double's addresses; kill any left at the end."""
    started: list[BotProcess] = []

    async def start(fake: FakeDiscord) -> BotProcess:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tests.discord.launch", fake.api_base, fake.gateway_url,
            "run", "--env-file", str(tmp_path / "no.env"),
            cwd=ROOT, env=bot_env(tmp_path, kb_dir),
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        started.append(BotProcess(proc))
        return started[-1]

    yield start
    for bot in started:
        if bot.proc.returncode is None:
            bot.proc.kill()
            await bot.proc.wait()


async def health(tmp_path: Path, kb_dir: Path) -> tuple[int, str]:
    """Run `bot health` with the bot's settings; return its exit code and output."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "health", "--env-file", str(tmp_path / "no.env"),
        cwd=ROOT, env=bot_env(tmp_path, kb_dir),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    out, _ = await asyncio.wait_for(proc.communicate(), 30)
    return proc.returncode or 0, out.decode()


def closed_port() -> socket.socket:
    """Reserve a local port that refuses connections (bound, not listening) until closed."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    return sock


def wal_left(tmp_path: Path) -> bool:
    """Tell whether the SQLite file was left open (its write-ahead log still on disk)."""
    return (tmp_path / "data" / "bot.sqlite3-wal").exists()


def outbox(tmp_path: Path) -> dict[str, str]:
    """Return key -> state of every announcement in the outbox."""
    with contextlib.closing(sqlite3.connect(tmp_path / "data" / "bot.sqlite3")) as db:
        return dict(db.execute("SELECT key, state FROM outbox").fetchall())


async def test_unreachable_discord_is_retried_until_it_answers(
    tmp_path: Path, kb_dir: Path, launch
) -> None:
    """No network at start: one log line per attempt, no traceback, then it connects and is healthy."""
    reserved = closed_port()
    fake = FakeDiscord(port=reserved.getsockname()[1])
    bot = await launch(fake)
    try:
        await bot.wait_for("cannot reach Discord", count=2)
        assert bot.proc.returncode is None
        assert "attempt 1: ClientConnectorError" in bot.log and "retrying in 2 s" in bot.log
        assert (await health(tmp_path, kb_dir))[0] == 1  # not connected: unhealthy
        reserved.close()
        await fake.start()  # Discord comes back on the same address
        await bot.wait_for("connected as ElectionBot")
        code, out = await health(tmp_path, kb_dir)
        assert code == 0 and out.startswith("healthy: connected to Discord"), out
        code, took = await bot.stop(signal.SIGTERM)
    finally:
        reserved.close()
        await fake.stop()
    assert code == 0 and took < STOP_LIMIT
    assert "Traceback" not in bot.log and TOKEN not in bot.log
    assert "PyNaCl" not in bot.log and "davey" not in bot.log  # no voice warnings (no voice)
    assert "SIGTERM received: stopping" in bot.log and bot.lines[-1].endswith("stopped")
    assert not wal_left(tmp_path)


async def test_a_signal_while_retrying_stops_at_once(tmp_path: Path, kb_dir: Path, launch) -> None:
    """SIGINT (Ctrl-C) during the wait between two attempts exits 0 without a traceback."""
    reserved = closed_port()
    try:
        bot = await launch(FakeDiscord(port=reserved.getsockname()[1]))
        await bot.wait_for("cannot reach Discord", count=2)
        code, took = await bot.stop(signal.SIGINT)
    finally:
        reserved.close()
    assert code == 0 and took < 3.0, bot.log
    assert "Traceback" not in bot.log and "KeyboardInterrupt" not in bot.log
    assert not wal_left(tmp_path)


async def test_sigterm_mid_announcement_leaves_it_pending_then_posted_once(
    fake_discord: FakeDiscord, tmp_path: Path, kb_dir: Path, launch
) -> None:
    """SIGTERM while an announcement is being sent: exit 0 in time, row pending, one post after restart.

    (SIGINT takes the same path: see test_a_signal_while_retrying_stops_at_once.)
    """
    bot = await launch(fake_discord)
    await bot.wait_for("connected as ElectionBot")
    channel = IDS.announcements_channel_id
    fake_discord.delay_next("POST", rf"/channels/{channel}/messages", 3.0)
    inter = await fake_discord.inject_slash_command(
        "count set", {"phase": "recount"}, user="mod_mia"
    )
    await fake_discord.wait_for_callback(inter, timeout=15)
    held = await fake_discord.wait_until(
        lambda: fake_discord.requests_matching("POST", rf"/channels/{channel}/messages"),
        timeout=15,
        what="the announcement being sent",
    )
    code, took = await bot.stop(signal.SIGTERM)
    assert code == 0 and took < STOP_LIMIT, bot.log
    assert "Traceback" not in bot.log and not wal_left(tmp_path)
    [(key, state)] = outbox(tmp_path).items()
    assert "recount" in key and state == "pending"  # not sent, not failed, not half-recorded
    # Discord finishes the request the stopped bot made (the message exists, unrecorded)...
    await fake_discord.wait_until(lambda: held[0].status is not None, timeout=15)
    # ...and the next start finds it instead of posting it again.
    again = await launch(fake_discord)
    await again.wait_for("connected as ElectionBot")
    await fake_discord.wait_until(lambda: outbox(tmp_path)[key] == "sent", timeout=15)
    code, _ = await again.stop(signal.SIGTERM)
    assert code == 0
    assert len(messages_with_ref(fake_discord, ref_of(key))) == 1


async def test_stopping_takes_no_new_questions_and_lets_one_being_answered_finish(
    fake_discord: FakeDiscord, start_bot
) -> None:
    """shutdown(): the answer being sent arrives; a new mention is ignored, /ask is told to wait."""
    bot = await start_bot()
    general = IDS.general_channel_id
    fake_discord.delay_next("POST", rf"/channels/{general}/messages", 1.0)
    first = await fake_discord.inject_message(general, f"{MENTION} turnout?", "alice")
    await fake_discord.wait_until(lambda: bot.answering == 1, what="the answer being sent")
    stopping = asyncio.create_task(bot.shutdown())
    await fake_discord.wait_until(lambda: bot.stopping, what="the bot stopping")
    late = await fake_discord.inject_message(general, f"{MENTION} majority?", "bob")
    inter = await fake_discord.inject_slash_command("ask", {"question": "majority?"})
    told = await fake_discord.wait_for_callback(inter)
    assert told.data["flags"] & 64 and "restarting" in told.data["content"]
    await asyncio.wait_for(stopping, STOP_LIMIT)
    assert bot.is_closed() and bot.answering == 0
    replies = [m for m in fake_discord.bot_messages_in(general) if m.get("message_reference")]
    assert [int(m["message_reference"]["message_id"]) for m in replies] == [first.id]
    assert "42.55%" in embed_text(replies[0]) and late.id not in {int(m["id"]) for m in replies}


@pytest.mark.parametrize("shards", [None, 2])
async def test_the_heart_beats_only_while_connected(
    fake_discord: FakeDiscord, start_bot, shards: int | None
) -> None:
    """The heartbeat file is touched once connected (every shard up), and never once stopped."""
    bot = await start_bot(**({"shard_count": shards} if shards else {}))
    await fake_discord.wait_until(lambda: bot.heart.beats >= 1, what="a first heartbeat")
    assert bot.settings.heartbeat_path.is_file() and bot._connected()
    await bot.shutdown()
    beats = bot.heart.beats
    bot.heart.beat()
    assert bot.heart.beats == beats and not bot._connected()


async def test_a_network_that_never_answers_counts_as_unreachable() -> None:
    """A connection that is accepted but never answered is given up after the probe's time limit."""
    from bot.discord_app import runner

    held: list[asyncio.StreamWriter] = []

    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)  # accept, read nothing, answer nothing

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    old = runner.discord.http.Route.BASE
    runner.discord.http.Route.BASE = f"http://127.0.0.1:{port}/api/v10"
    try:
        started = time.monotonic()
        error = await runner.probe(timeout=0.5)
        took = time.monotonic() - started
    finally:
        runner.discord.http.Route.BASE = old
        for writer in held:
            writer.close()
        server.close()
        await server.wait_closed()
    assert isinstance(error, TimeoutError) and took < 5.0
    assert runner.describe(error) in ("timed out", f"{type(error).__name__}: {error}")
