"""Kill and restart: run the bot in a child process, SIGKILL it at a delivery step, count posts."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from bot.announce.keys import phase_key, ref_of
from bot.core.knowledge.loader import load_knowledge
from tests.announce.child import CONTEST, KILL_ENV
from tests.fakediscord import IDS, FakeDiscord

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class ChildRun:
    """How a child process ended and what it printed."""

    returncode: int
    stdout: str
    stderr: str

    @property
    def killed(self) -> bool:
        """Tell whether it died of SIGKILL."""
        return self.returncode == -9


async def run_child(
    fake: FakeDiscord,
    db: Path | str,
    knowledge: Path,
    action: str,
    kill: str | None = None,
    timeout: float = 90,
) -> ChildRun:
    """Run tests.announce.child against `fake` (served by this process's event loop meanwhile)."""
    env = {k: v for k, v in os.environ.items() if k != KILL_ENV}
    if kill:
        env[KILL_ENV] = kill
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.announce.child",
        fake.api_base, fake.gateway_url, str(db), str(knowledge), action,
        cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        out, err = await asyncio.wait_for(proc.communicate(), timeout)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        raise
    return ChildRun(proc.returncode or 0, out.decode(), err.decode())


def current_key(knowledge: Path) -> str:
    """Return the outbox key of the contest's current status, read back from status.yaml."""
    status = load_knowledge(knowledge).contests[CONTEST].status
    return phase_key(CONTEST, status.phase, status.version)


def messages_with_ref(fake: FakeDiscord, ref: str) -> list[dict]:
    """Return the bot's announcements whose embed footer carries `ref`."""
    found = []
    for message in fake.bot_messages_in(IDS.announcements_channel_id):
        footers = [e.get("footer", {}).get("text", "") for e in message.get("embeds", [])]
        if any(f"ref {ref}" in text for text in footers):
            found.append(message)
    return found


async def outbox_rows(db: Path | str) -> dict[str, tuple[str, int | None, int | None]]:
    """Return key -> (state, message_id, published) from the SQLite file or PostgreSQL URL."""
    sql = "SELECT key, state, message_id, published FROM outbox"
    if str(db).startswith("postgresql://"):
        conn = await asyncpg.connect(str(db))
        try:
            rows = [tuple(r) for r in await conn.fetch(sql)]
        finally:
            await conn.close()
    else:
        with sqlite3.connect(db) as lite:
            rows = lite.execute(sql).fetchall()
    return {key: (state, mid, pub) for key, state, mid, pub in rows}


def ref_for(key: str) -> str:
    """Return the footer reference of a key."""
    return ref_of(key)
