"""The parts of `election_night.py`: the generated base, the bot in a child process, its replies.

Imported bare by the benchmark, which runs from this folder.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from figures import ms

from bot.core.count.updates import dump_status
from bot.core.knowledge.status import Status
from bot.core.knowledge.synthetic import write_synthetic_kb
from tests.fakediscord import IDS, FakeDiscord
from tests.fakediscord.defaults import TOKEN

ROOT = Path(__file__).resolve().parents[1]

MENTION = f"<@{IDS.bot_user_id}>"
MESSAGE_POST = re.compile(r"/channels/(\d+)/messages")
ANNOUNCEMENTS = (
    "on_phase:\n  declared:\n"
    '    text: "{winner} ({winner_party}) has won {contest_name}, a majority of {majority}."\n'
)
CANDIDATES = "Amira Barker (Labour) 20000; Ben Lowe (Conservative) 12000; Chloe Dalton (Green) 3000"
RESULT = {
    "candidates": [
        {"name": "Amira Barker", "party": "Labour", "votes": 20000},
        {"name": "Ben Lowe", "party": "Conservative", "votes": 12000},
        {"name": "Chloe Dalton", "party": "Green", "votes": 3000},
    ],
    "winner": "Amira Barker",
    "majority": 8000,
}
FLOOR = (
    "import pathlib, sys, time, yaml\n"
    "files = sorted(pathlib.Path(sys.argv[1]).rglob('*.y*ml'))\n"
    "t = time.perf_counter()\n"
    "for f in files:\n"
    "    yaml.load(f.read_bytes(), Loader=yaml.CSafeLoader)\n"
    "print(time.perf_counter() - t)\n"
)


@dataclass
class Contest:
    """One generated contest as the benchmark asks about it."""

    id: str
    folder: Path
    alias: str


def write_base(root: Path, contests: int, seed: int) -> list[Contest]:
    """Generate the knowledge folder, every contest announcing its declaration."""
    write_synthetic_kb(root, contests, seed=seed, default=False)
    out = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        (folder / "announcements.yaml").write_text(ANNOUNCEMENTS, encoding="utf-8")
        meta = json.loads(json.dumps(read_yaml(folder / "contest.yaml"), default=str))
        out.append(Contest(meta["id"], folder, meta["aliases"][0]))
    return out


def read_yaml(path: Path) -> Any:
    """Read a YAML file."""
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8"))


def parse_floor(root: Path) -> float:
    """Return the median of three fresh processes parsing every knowledge file with CSafeLoader."""
    runs = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", FLOOR, str(root)], capture_output=True, text=True, check=True
        )
        runs.append(float(out.stdout))
    return statistics.median(runs)


def declare_by_file(contest: Contest, previous: str = "counting") -> int:
    """Rename a declared status.yaml into place, as an editor or another process would; its version."""
    old = read_yaml(contest.folder / "status.yaml") or {}
    version = int(old.get("version", 0)) + 1
    status = Status.model_validate(
        {
            **old,
            "phase": "declared",
            "result": RESULT,
            "version": version,
            "updated_at": dt.datetime.now(dt.UTC).replace(microsecond=0),
            "updated_by": "returning officer",
            "previous_phase": previous,
        }
    )
    tmp = contest.folder / ".status.yaml.bench"
    tmp.write_text(dump_status(status), encoding="utf-8")
    os.replace(tmp, contest.folder / "status.yaml")
    return version


class Child:
    """`bot run` in a child process, with its CPU, memory and event-loop stalls."""

    def __init__(self, fake: FakeDiscord, kb: Path, work: Path, source: Path) -> None:
        self.fake, self.kb, self.work, self.source = fake, kb, work, source
        self.stats = work / "stalls.jsonl"
        self.log_level = "WARNING"
        self.without = ""
        self.proc: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        """Start `bot run` with its settings in the environment."""
        env = {
            **os.environ,
            "BOT_SOURCE": str(self.source),
            "DISCORD_TOKEN": TOKEN,
            "DISCORD_GUILD_ID": str(IDS.guild_id),
            "KNOWLEDGE_DIR": str(self.kb),
            "DATABASE_PATH": str(self.work / "data" / "bot.sqlite3"),
            "ANNOUNCE_CHANNEL_ID": str(IDS.announcements_channel_id),
            "MODLOG_CHANNEL_ID": str(IDS.mod_log_channel_id),
            "MODERATOR_ROLE_IDS": str(IDS.moderator_role_id),
            "COOLDOWN_SECONDS": "0",
            "LOG_LEVEL": self.log_level,
            "BENCH_WITHOUT": self.without,
        }
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            str(ROOT / "benchmarks" / "botproc.py"),
            self.fake.api_base,
            self.fake.gateway_url,
            str(self.stats),
            cwd=self.work,
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=open(self.work / "bot.log", "wb"),  # noqa: SIM115 - the child owns it
        )

    def cpu(self) -> float:
        """Return the CPU seconds the bot has used so far (all its threads)."""
        assert self.proc is not None
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mb(self) -> float:
        """Return the bot's resident memory now (VmRSS), in MB."""
        return self._status_mb("VmRSS:")

    def peak_rss_mb(self) -> float:
        """Return the bot's peak resident memory (VmHWM), in MB."""
        return self._status_mb("VmHWM:")

    def _status_mb(self, field: str) -> float:
        """Return a memory figure of /proc/PID/status, in MB."""
        assert self.proc is not None
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1]) / 1024
        return float("nan")

    def samples(self, key: str, start: float, end: float) -> list[dict[str, Any]]:
        """Return the recorded stalls ("late") or collections ("gc") between two monotonic times."""
        found = []
        for line in self.stats.read_text(encoding="utf-8").splitlines():
            sample = json.loads(line)
            if key in sample and start <= sample["at"] <= end:
                found.append(sample)
        return found

    def max_stall(self, start: float, end: float) -> float:
        """Return the bot's largest event-loop stall that began between two monotonic times."""
        return max((s["late"] for s in self.samples("late", start, end)), default=0.0)

    def gc_line(self, start: float, end: float) -> str:
        """Describe the collections of 5 ms or more between two monotonic times."""
        pauses = self.samples("gc", start, end)
        if not pauses:
            return "none of 5 ms or more"
        worst = max(pauses, key=lambda p: p["took"])
        full = sum(1 for p in pauses if p["gc"] == 2)
        return (
            f"{len(pauses)} ({full} full), largest {ms(worst['took'])} (generation {worst['gc']})"
        )

    async def stop(self) -> int | None:
        """Stop the bot as Ctrl-C would, and wait for it."""
        if self.proc is None or self.proc.returncode is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGINT)
        try:
            return await asyncio.wait_for(self.proc.wait(), 30)
        except TimeoutError:
            self.proc.kill()
            return await self.proc.wait()


@dataclass
class Reply:
    """The first reply to a question: when, and what its embed says."""

    at: float
    footer: str
    text: str


@dataclass
class Replies:
    """The bot's replies to injected messages, matched by message_reference, looked at once each."""

    fake: FakeDiscord
    first: dict[int, Reply] = field(default_factory=dict)
    count: dict[int, int] = field(default_factory=dict)
    seen: int = 0

    def poll(self) -> None:
        """Take in the requests recorded since the last poll."""
        requests = self.fake.recorder.requests
        while self.seen < len(requests) and requests[self.seen].status is not None:
            req = requests[self.seen]
            self.seen += 1
            if req.method != "POST" or not isinstance(req.json, dict):
                continue
            if not MESSAGE_POST.fullmatch(req.path):
                continue
            ref = (req.json.get("message_reference") or {}).get("message_id")
            if ref is None:
                continue
            ref = int(ref)
            self.count[ref] = self.count.get(ref, 0) + 1
            if ref not in self.first:
                embed = (req.json.get("embeds") or [{}])[0]
                footer = (embed.get("footer") or {}).get("text", "")
                text = f"{embed.get('description', '')} {req.json.get('content') or ''}"
                self.first[ref] = Reply(req.at, footer, text)


async def ask(fake: FakeDiscord, channel: int, user: int, question: str) -> int:
    """Mention the bot with a question; return the message id."""
    return (await fake.inject_message(channel, f"{MENTION} {question}", user)).id


async def declare_by_command(fake: FakeDiscord, contest: Contest) -> float:
    """Run /count declare, read the preview and press Confirm; return when Confirm was pressed.

    A moderator presses half a second after the preview appears; a press the bot never saw (its
    view was not registered yet) is pressed again, as a person would.
    """
    inter = await fake.inject_slash_command(
        "count declare", {"candidates": CANDIDATES, "contest": contest.id}, user="mod_mia"
    )
    await fake.wait_for_callback(inter, timeout=30)
    preview = fake.original_response(inter)
    assert preview is not None, "no preview"
    buttons = [c["custom_id"] for r in preview.get("components", []) for c in r["components"]]
    confirm = next(c for c in buttons if c.startswith("count:confirm:"))
    for _ in range(5):
        await asyncio.sleep(0.5)
        pressed = time.monotonic()
        click = await fake.inject_component(int(preview["id"]), confirm, user="mod_mia")
        try:
            callback = await fake.wait_for_callback(click, timeout=5)
        except TimeoutError:
            continue
        if callback.type != 7:
            raise SystemExit(f"/count declare {contest.id}: {callback.data.get('content')}")
        return pressed
    raise SystemExit(f"/count declare {contest.id}: Confirm was never answered")
